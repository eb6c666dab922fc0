"""Commit signatures for ``trust: signature`` (SPEC 4): git's own ``%G?``/``%GS``, verified once.

git verifies an SSH signature with two ``ssh-keygen`` runs (about 17 ms a
commit), so only the commits that can approve a submission are verified (the
caller chooses them), in one ``git log --no-walk --stdin`` process, and the
verdicts are cached in ``.bulletin-cache/signatures.json`` by commit id. The
cache is keyed by the hash of the allowed_signers file and of git's
``gpg.ssh.revocationFile`` (if the machine sets one): editing either starts
a new cache. A commit id fixes the commit's content and signature, and git
checks a key's validity at the commit's own date, so a verdict never changes
for the same files.

What git reports, and what bulletin makes of it:

- ``G`` + principal (``%GS``): a good signature by a key listed in allowed_signers.
- ``U``: a good signature by a key that is not listed (``unknown-key``), or
  whose ``valid-before``/``valid-after`` excludes the commit's date (``expired``).
- ``B``: a bad signature; ``revoked`` when it verifies without the revocation file.
- ``N``: not signed; ``E``: cannot be checked (e.g. ssh-keygen is missing).
"""
from __future__ import annotations

import base64
import binascii
import dataclasses
import datetime as dt
import hashlib
import json
import os
import secrets
import shlex
import subprocess
from collections.abc import Iterable
from pathlib import Path

from ..errors import BulletinError
from ..messages import msg
from .history import History, Signature
from .runner import GIT_CONFIG, git_command, git_env

CACHE_DIR = ".bulletin-cache"
CACHE_FILE = "signatures.json"
_CACHE_VERSION = 1


def verify_signatures(repo: Path, history: History, commit_ids: Iterable[str], allowed_signers: str | None,
                      *, cache: bool = True) -> History:
    """``history`` with the signature of each of ``commit_ids`` verified (others are left unverified)."""
    ids = [i for i in dict.fromkeys(commit_ids) if i in history.by_id]
    if not ids or not history.available:
        return history
    revocation = _revocation_file(repo)
    warnings = list(history.warnings)
    key = _cache_key(allowed_signers, revocation)
    use_cache = cache and key is not None
    if use_cache and _cache_is_tracked(repo):
        warnings.append(f"{CACHE_DIR}/ is tracked in git: its cached signature verdicts are ignored "
                        f"(remove it from the repository with git rm -r --cached {CACHE_DIR})")
        use_cache = False
    cached = _load_cache(repo, key) if use_cache and key else {}
    todo = [i for i in ids if i not in cached]
    found = _git_verify(repo, todo, allowed_signers, revocation) if todo else {}
    if revocation:
        bad = [i for i, sig in found.items() if sig.status == "B"]
        if bad:
            # git says only "Could not verify signature"; without the revocation file a revoked
            # key's signature verifies, and that is how a revoked key is told from a bad signature.
            for cid, sig in _git_verify(repo, bad, allowed_signers, os.devnull).items():
                if sig.status in ("G", "U"):
                    found[cid] = Signature("B", "", sig.key, "revoked")
    if use_cache and key and found:
        _save_cache(repo, key, {**cached, **found})
    verdicts = {i: cached.get(i) or found.get(i) for i in ids}
    commits = tuple(dataclasses.replace(c, signature=verdicts[c.id]) if verdicts.get(c.id) else c
                    for c in history.commits)
    by_id = {c.id: c for c in commits}
    return dataclasses.replace(history, commits=commits, by_id=by_id, warnings=tuple(warnings))


def verify_commit(repo: Path, commit_id: str, allowed_signers: str) -> Signature:
    """The verdict on one commit (no cache): what ``bulletin approve --sign`` reports."""
    revocation = _revocation_file(repo)
    sig = _git_verify(repo, [commit_id], allowed_signers, revocation).get(commit_id, Signature("N", ""))
    if sig.status == "B" and revocation:
        again = _git_verify(repo, [commit_id], allowed_signers, os.devnull).get(commit_id)
        if again and again.status in ("G", "U"):
            sig = Signature("B", "", again.key, "revoked")
    return sig


def _fingerprint(blob: str) -> str | None:
    """``SHA256:…`` of a base64 public key, as ssh-keygen and git's ``%GK`` print it."""
    try:
        raw = base64.b64decode(blob, validate=True)
    except (ValueError, binascii.Error):
        return None
    return "SHA256:" + base64.b64encode(hashlib.sha256(raw).digest()).decode().rstrip("=")


def _when(text: str) -> dt.datetime | None:
    """An allowed_signers time (YYYYMMDD[HHMM[SS]], ``Z`` for UTC, else the machine's local time)."""
    utc = text.endswith(("Z", "z"))
    digits = text[:-1] if utc else text
    formats = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}
    if not digits.isdigit() or len(digits) not in formats:
        return None
    try:
        naive = dt.datetime.strptime(digits, formats[len(digits)])
    except ValueError:
        return None
    return naive.replace(tzinfo=dt.timezone.utc) if utc else naive.astimezone()


def key_valid_at(allowed_signers: str | None, key: str, when: dt.datetime) -> bool:
    """Whether some line of ``allowed_signers`` for the key ``key`` (a fingerprint) accepts ``when``.

    Only the key's validity window (``valid-after``, ``valid-before``) is judged here; git has
    already checked the signature and the principal.
    """
    if not allowed_signers or not key:
        return False
    try:
        lines = Path(allowed_signers).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return False
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            words = shlex.split(line, posix=True)
        except ValueError:
            continue
        blobs = [i for i, w in enumerate(words) if _fingerprint(w) == key]
        if not blobs or blobs[0] < 2:
            continue
        options: dict[str, str] = {}
        for chunk in words[1:blobs[0] - 1]:
            for opt in chunk.split(","):
                name, _, value = opt.partition("=")
                options[name.strip().lower()] = value.strip().strip('"')
        after = _when(options["valid-after"]) if "valid-after" in options else None
        before = _when(options["valid-before"]) if "valid-before" in options else None
        if ("valid-after" in options and after is None) or ("valid-before" in options and before is None):
            continue
        if (after is None or when >= after) and (before is None or when <= before):
            return True
    return False


def _revocation_file(repo: Path) -> str | None:
    """git's own ``gpg.ssh.revocationFile`` on this machine (never from the repository's files)."""
    proc = subprocess.run(git_command(repo, "config", "--type=path", "--get", "gpg.ssh.revocationFile", config=()),
                          capture_output=True, env=git_env())
    value = proc.stdout.decode("utf-8", "replace").strip()
    return value or None


def _cache_key(allowed_signers: str | None, revocation: str | None) -> str | None:
    if not allowed_signers:
        return None
    digest = hashlib.sha256(f"bulletin-signatures-{_CACHE_VERSION}\0".encode())
    for path in (allowed_signers, revocation):
        if path is None:
            digest.update(b"\0-")
            continue
        try:
            digest.update(b"\0" + Path(path).read_bytes())
        except OSError:
            return None
    return digest.hexdigest()


def _cache_is_tracked(repo: Path) -> bool:
    """A cache committed to the repository could carry forged verdicts: never trust it."""
    proc = subprocess.run(git_command(repo, "ls-files", "-z", "--", CACHE_DIR),
                          capture_output=True, env=git_env())
    return bool(proc.stdout.strip(b"\0"))


def _load_cache(repo: Path, key: str) -> dict[str, Signature]:
    try:
        data = json.loads((repo / CACHE_DIR / CACHE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("key") != key or not isinstance(data.get("verdicts"), dict):
        return {}
    out = {}
    for cid, v in data["verdicts"].items():
        if isinstance(v, list) and len(v) == 4 and all(isinstance(x, str) for x in v):
            out[cid] = Signature(*v)
    return out


def _save_cache(repo: Path, key: str, verdicts: dict[str, Signature]) -> None:
    """Write the cache atomically; a read-only checkout simply goes without one."""
    folder = repo / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# written by bulletin: never commit this folder\n*\n", encoding="utf-8")
        payload = {"version": _CACHE_VERSION, "key": key,
                   "verdicts": {cid: [s.status, s.signer, s.key, s.detail] for cid, s in sorted(verdicts.items())}}
        tmp = folder / f".{CACHE_FILE}.{secrets.token_hex(4)}.tmp"
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        pass


def _detail(status: str, text: str) -> str:
    if status == "U":
        return "expired" if ("has expired" in text or "not yet valid" in text) else "unknown-key"
    if status == "B":
        return "bad"
    if status == "E":
        return "cannot-check"
    return ""


def _git_verify(repo: Path, ids: list[str], allowed_signers: str | None,
                revocation: str | None) -> dict[str, Signature]:
    """``%G?``, ``%GS``, ``%GK`` and the reason of each commit, from one ``git log --no-walk`` process."""
    token = secrets.token_hex(8)
    config: list[str] = ["-c", "gpg.format=ssh"]
    if allowed_signers:
        config += ["-c", f"gpg.ssh.allowedSignersFile={allowed_signers}"]
    if revocation:
        config += ["-c", f"gpg.ssh.revocationFile={revocation}"]
    cmd = git_command(repo, "log", "--no-walk=unsorted", "--stdin", "--no-color",
                      f"--format=%x1e{token}%x00%H%x00%G?%x00%GS%x00%GK%x00%GG", config=[*GIT_CONFIG, *config])
    proc = subprocess.run(cmd, input=("\n".join(ids) + "\n").encode(), capture_output=True, env=git_env())
    if proc.returncode != 0:
        raise BulletinError(msg("sig.cannot_verify", repo=repo,
                                detail=proc.stderr.decode('utf-8', 'replace').strip() or "git log failed"),
                            path=str(repo))
    out: dict[str, Signature] = {}
    for record in proc.stdout.decode("utf-8", "replace").split(f"\x1e{token}\x00"):
        parts = record.split("\x00")
        if len(parts) < 5:
            continue
        cid, status, signer, key = parts[0].strip(), parts[1].strip() or "N", parts[2].strip(), parts[3].strip()
        text = parts[4] if len(parts) > 4 else ""
        out[cid] = Signature(status, signer, key, _detail(status, text))
    return out


__all__ = ["CACHE_DIR", "CACHE_FILE", "key_valid_at", "verify_commit", "verify_signatures"]
