"""One pass over git history -> commits, trailers, renames, first-added dates.

Everything reachable from HEAD is read by a single streaming ``git log``
process (merges are diffed against their first parent, which is what the
forge rule of SPEC 4 needs); file contents needed later come through a
single ``git cat-file --batch`` process (:class:`BlobReader`). No git call is
ever made per file or per commit.
"""
from __future__ import annotations

import datetime as dt
import re
import secrets
import subprocess
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..cache import MIN_ENTRIES, Store, enabled
from ..errors import BulletinError
from ..messages import msg
from .runner import git_command, git_env

SUBMISSIONS_DIR = "submissions/"



@dataclass(frozen=True)
class Identity:
    """A git author or committer: name, e-mail as written, and the date with its offset."""

    name: str
    email: str
    when: dt.datetime

    @property
    def email_key(self) -> str:
        return self.email.strip().lower()

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


@dataclass(frozen=True)
class Change:
    """One changed path of a commit (against its first parent); ``old_path`` for renames."""

    status: str          # A, M, D, R, T (C only if git was told to detect copies)
    path: str
    old_path: str | None
    blob: str            # the new blob id (all zeros for a deletion)


@dataclass(frozen=True)
class Signature:
    """``%G?`` and ``%GS`` of a commit: status letter (G = good) and signer/principal.

    ``key`` is the signing key's fingerprint (``%GK``) when git could read it;
    ``detail`` says why a signature is not good when git's letter does not:
    ``unknown-key``, ``expired`` (not valid at the commit's date), ``revoked``.
    """

    status: str
    signer: str
    key: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Commit:
    id: str
    parents: tuple[str, ...]
    author: Identity
    committer: Identity
    subject: str
    trailers: tuple[tuple[str, str], ...]   # (lower-cased key, value), in message order
    changes: tuple[Change, ...]
    order: int                              # position in topological order, oldest first
    signature: Signature | None = None
    odd_date: str = ""                      # the dates as git wrote them, when they had to be clamped

    @property
    def short(self) -> str:
        return self.id[:7]

    def trailer(self, key: str) -> list[str]:
        """All values of trailer ``key`` (case-insensitive)."""
        key = key.lower()
        return [v for k, v in self.trailers if k == key]


@dataclass(frozen=True)
class History:
    """All commits reachable from HEAD, oldest first (topological order)."""

    commits: tuple[Commit, ...] = ()
    head: str | None = None
    mainline: frozenset[str] = frozenset()   # HEAD's first-parent chain
    warnings: tuple[str, ...] = ()
    prefix: str = ""                          # the instance's directory inside the git work tree
    git_root: Path | None = None
    by_id: dict[str, Commit] = field(default_factory=dict, compare=False, repr=False)

    @property
    def available(self) -> bool:
        return self.git_root is not None


@dataclass(frozen=True)
class FileHistory:
    """What history says about one current file: former names, when and by whom it was added."""

    path: str
    aliases: frozenset[str]                      # the path and every former path (renames followed)
    added: tuple[Commit, ...]                    # commits that added it under any of its names
    touches: tuple[tuple[Commit, Change], ...]   # every commit that changed it, oldest first

    @property
    def first_added(self) -> Commit | None:
        """The adding commit with the earliest author date (ties: topological order)."""
        if not self.added:
            return None
        return min(self.added, key=lambda c: (c.author.when, c.order))

    @property
    def submitted_at(self) -> dt.datetime | None:
        first = self.first_added
        return first.author.when if first else None


# --------------------------------------------------------------------------- reading

SHALLOW_WARNING = ("仓库是浅克隆（shallow clone）：截断点之前的提交缺失，报送时间和审核记录都不可信，"
                   "积分和排名可能全错；请先获取完整历史（git fetch --unshallow；CI 中把克隆深度设为 0）")
EMPTY_WARNING = ("仓库还没有任何提交：没有审核记录，任何稿件都未通过审核，积分和排名没有意义；"
                 "请先提交实例的文件（git add 与 git commit）")


def _locate(repo: Path) -> tuple[Path | None, str, bool, str | None, str | None]:
    """(git root, prefix, shallow, HEAD's id or None, warning) for ``repo``; raises on unusable git."""
    try:
        proc = subprocess.run(git_command(repo, "rev-parse", "--show-toplevel", "--show-prefix",
                                   "--is-shallow-repository", "--verify", "-q", "HEAD"),
                              capture_output=True, env=git_env())
    except FileNotFoundError:
        return None, "", False, None, msg("history.no_git")
    out = proc.stdout.decode("utf-8", "replace").split("\n")
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode not in (0, 1) or len(out) < 3:
        if "not a git repository" in err:
            return None, "", False, None, msg("history.not_a_repo", repo=repo)
        raise BulletinError(msg("history.cannot_read", repo=repo, detail=err or "git rev-parse failed"),
                            path=str(repo))
    root, prefix, shallow = Path(out[0]), out[1], out[2] == "true"
    head = out[3].strip() if proc.returncode == 0 and len(out) > 3 and out[3].strip() else None
    warning = None
    if shallow:
        warning = SHALLOW_WARNING
    return root, prefix, shallow, head, warning


def head_of(repo: Path) -> str | None:
    """HEAD's commit id when ``repo`` is in a full (not shallow) git repository with commits, else None.

    With the instance's folder inside the work tree, this names the history :func:`read_history`
    reads: the key of results computed from it (a shallow clone deepens without moving HEAD).
    """
    try:
        proc = subprocess.run(git_command(repo, "rev-parse", "--show-prefix", "--is-shallow-repository",
                                          "--verify", "-q", "HEAD"), capture_output=True, env=git_env())
    except FileNotFoundError:
        return None
    out = proc.stdout.decode("utf-8", "replace").split("\n")
    if proc.returncode != 0 or len(out) < 3 or out[1] != "false" or not re.fullmatch(r"[0-9a-f]{40,64}", out[2]):
        return None
    return f"{out[2]}:{out[0]}"


def _split_stream(stream: IO[bytes], sep: bytes, size: int = 1 << 16) -> Iterator[bytes]:
    """Records of ``stream`` separated by ``sep``, read incrementally."""
    buf = b""
    while True:
        chunk = stream.read(size)
        if not chunk:
            break
        buf += chunk
        parts = buf.split(sep)
        buf = parts.pop()
        yield from parts
    yield buf


_ISO = re.compile(r"^(-?\d+)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:([+-])(\d\d+):?(\d\d))?$")
# Dates Python can compute with in every time zone (a day either side stays representable).
_EARLIEST = dt.datetime(1, 1, 3, tzinfo=dt.timezone.utc)
_LATEST = dt.datetime(9999, 12, 29, tzinfo=dt.timezone.utc)


_ZONES: dict[dt.tzinfo | None, dt.tzinfo | None] = {}


def _shared_zone(when: dt.datetime) -> dt.datetime:
    """``when`` with the one shared object of its offset as its time zone.

    Each parsed date gets a time zone object of its own, and a pickle writes each one out in
    full (through a slow path: the type cannot remember its slot names): at 20,000 submissions,
    300,000 of them, a third of the time saving a review took. Shared, each offset is written once.
    """
    zone = _ZONES.setdefault(when.tzinfo, when.tzinfo)
    return when if zone is when.tzinfo else when.replace(tzinfo=zone)


def _parse_date(text: str) -> tuple[dt.datetime, bool]:
    """A git ISO date, and whether it had to be clamped.

    git accepts dates Python cannot represent (year 10000, an offset of 24 hours or more): such a
    date keeps its instant where it can (an impossible offset becomes UTC) and is otherwise clamped
    to the nearest representable day, so one odd commit never stops a command.
    """
    try:
        when = dt.datetime.fromisoformat(text)
        if _EARLIEST <= when <= _LATEST:
            return _shared_zone(when), False
    except ValueError:
        pass
    m = _ISO.match(text.strip())
    if not m:
        return _EARLIEST, True
    year, month, day, hour, minute, second = (int(m[i]) for i in range(1, 7))
    offset = dt.timedelta(hours=int(m[8] or 0), minutes=int(m[9] or 0)) * (-1 if m[7] == "-" else 1)
    if year > 9999:
        return _LATEST, True
    if year < 1:
        return _EARLIEST, True
    try:
        local = dt.datetime(year, month, day, hour, minute, second)
        instant = (local - offset).replace(tzinfo=dt.timezone.utc)
    except (ValueError, OverflowError):
        return (_LATEST if year > 5000 else _EARLIEST), True
    return min(max(instant, _EARLIEST), _LATEST), True


def _strip(prefix: str, path: str) -> str | None:
    if not prefix:
        return path
    return path[len(prefix):] if path.startswith(prefix) else None


def _parse_changes(raw: list[str], prefix: str) -> list[Change]:
    out: list[Change] = []
    i = 0
    while i < len(raw):
        meta = raw[i]
        i += 1
        if not meta.startswith(":"):
            continue
        fields = meta[1:].split()
        if len(fields) < 5:
            continue
        blob, status = fields[3], fields[4]
        kind = status[:1]
        if kind in ("R", "C"):
            old, new = raw[i], raw[i + 1]
            i += 2
            old_s, new_s = _strip(prefix, old), _strip(prefix, new)
            if old_s is not None and new_s is not None:
                out.append(Change(kind, new_s, old_s, blob))
            elif new_s is not None:
                out.append(Change("A", new_s, None, blob))
            elif old_s is not None and kind == "R":
                out.append(Change("D", old_s, None, "0" * len(blob)))
        else:
            path = raw[i]
            i += 1
            stripped = _strip(prefix, path)
            if stripped is not None:
                out.append(Change(kind, stripped, None, blob))
    return out


def _parse_trailers(text: str) -> tuple[tuple[str, str], ...]:
    out = []
    for line in text.split("\x1f"):
        key, sep, value = line.partition(":")
        if sep and key.strip():
            out.append((key.strip().lower(), value.strip()))
    return tuple(out)


def _log(repo: Path, prefix: str, revs: list[str], start: int) -> list[Commit]:
    """Commits of ``git log REVS``, oldest first (topological), numbered from ``start``."""
    token = secrets.token_hex(8)
    fields = ["%H", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%s",
              "%(trailers:only,unfold,separator=%x1f)"]
    fmt = f"%x1e{token}%x00" + "%x00".join(fields) + "%x00"
    cmd = git_command(repo, "log", *revs, "--topo-order", "--reverse",
           f"--format={fmt}", "-z", "--raw", "--no-abbrev", "-M", "--root", "--diff-merges=first-parent",
           "--no-color", "--no-ext-diff", "--no-textconv", "--")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=git_env())
    assert proc.stdout is not None and proc.stderr is not None
    commits: list[Commit] = []
    sep = f"\x1e{token}\x00".encode()
    n = len(fields)
    try:
        for record in _split_stream(proc.stdout, sep):
            if not record:
                continue
            parts = record.decode("utf-8", "surrogateescape").split("\x00")
            head, rest = parts[:n], parts[n:]
            if len(head) < n:
                continue
            raw = [p.lstrip("\n") for p in rest]
            authored, odd_a = _parse_date(head[4])
            committed, odd_c = _parse_date(head[7])
            commits.append(Commit(
                id=head[0],
                parents=tuple(head[1].split()),
                author=Identity(head[2], head[3], authored),
                committer=Identity(head[5], head[6], committed),
                subject=head[8],
                trailers=_parse_trailers(head[9]),
                changes=tuple(_parse_changes([r for r in raw if r], prefix)),
                order=start + len(commits),
                odd_date=" ".join(dict.fromkeys(d for d, odd in ((head[4], odd_a), (head[7], odd_c)) if odd)),
            ))
    finally:
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait()
    if code != 0:
        raise BulletinError(msg("history.cannot_read", repo=repo, detail=err.strip() or f"git log exited {code}"),
                            path=str(repo))
    return commits


def _cached_log(repo: Path, prefix: str, head: str) -> list[Commit]:
    """Every commit reachable from HEAD; parsed commits are cached by id in .bulletin-cache/.

    A cached history whose head is an ancestor of HEAD is extended with the new commits only when
    they all descend from it (then they come after all cached ones in topological order, and the
    cached ones keep their places: :func:`_descend`); anything else is read afresh.
    Shallow clones are never cached: deepening one changes history without moving HEAD.
    """

    if not enabled():
        return _log(repo, prefix, ["HEAD"], 0)
    store = Store(repo, "history", salt=prefix)
    if not store.exists:             # the common small case: exactly one git call, as without a cache
        commits = _log(repo, prefix, ["HEAD"], 0)
        if len(commits) >= MIN_ENTRIES:
            store.replace({"head": commits[-1].id, "commits": commits})
            store.save(worth=True)
        return commits
    old_head, cached = store.get("head"), store.get("commits")
    found = _extended(repo, prefix, old_head, cached, head) if cached and old_head else None
    commits = found if found is not None else _log(repo, prefix, [head], 0)
    if not (cached and old_head == head):
        store.replace({"head": head, "commits": commits})
        store.save(worth=True)
    return commits


def _extended(repo: Path, prefix: str, old_head: str, cached: Sequence[Commit], head: str) -> list[Commit] | None:
    """``cached`` (every commit reachable from ``old_head``, in order) and the commits after it up to
    ``head``, when they all descend from ``old_head`` (:func:`_descend`); else None: read afresh."""
    if old_head == head:
        return list(cached)
    if subprocess.run(git_command(repo, "merge-base", "--is-ancestor", old_head, head),
                      capture_output=True, env=git_env()).returncode != 0:
        return None
    new = _log(repo, prefix, [head, "^" + old_head], len(cached))
    return list(cached) + new if _descend(old_head, new) else None


def _descend(head: str, new: list[Commit]) -> bool:
    """Whether every commit of ``new`` (in topological order, parents first) descends from ``head``.

    Only then does git's topological order of the whole history list the earlier history as it
    was, followed by ``new``: a commit merged in from a branch made before ``head`` may be listed
    among the earlier commits, and every commit's place is part of what a review says (which
    approval came first, what a path became later).
    """
    below = {head}
    for commit in new:
        if not any(parent in below for parent in commit.parents):
            return False
        below.add(commit.id)
    return True


def read_history(repo: Path, known: History | None = None) -> History:
    """Read every commit reachable from HEAD in one ``git log`` process.

    Signatures are verified separately, for the commits that need it
    (:func:`generator.git.signatures.verify_signatures`, as the review does).
    A directory that is not a git repository, or one without commits, has no
    history (with a warning for the former). ``known``: the history of an earlier
    HEAD already in memory (a kept review's), extended with the new commits as the
    cached history would be, instead of loading the cached history again.
    """
    root, prefix, _shallow, head, warning = _locate(repo)
    warnings: tuple[str, ...] = (warning,) if warning else ()
    if root is None:
        return History(warnings=warnings)
    if head is None:
        return History(warnings=warnings + (EMPTY_WARNING,), prefix=prefix, git_root=root)
    commits = None
    if known is not None and known.head and known.prefix == prefix and not _shallow and enabled():
        commits = _extended(repo, prefix, known.head, known.commits, head)
    if commits is None:
        commits = _cached_log(repo, prefix, head) if not _shallow else _log(repo, prefix, ["HEAD"], 0)
    by_id = {c.id: c for c in commits}
    head_id = commits[-1].id if commits else None   # reversed topological order ends at HEAD
    mainline: set[str] = set()
    cursor = head_id
    while cursor and cursor in by_id and cursor not in mainline:
        mainline.add(cursor)
        parents = by_id[cursor].parents
        cursor = parents[0] if parents else None
    odd = [c for c in commits if c.odd_date]
    if odd:
        listed = "、".join(f"{c.short}（{c.odd_date}）" for c in odd[:5]) + (f"等 {len(odd)} 个" if len(odd) > 5 else "")
        warnings += (f"提交 {listed}的日期或时区超出可用范围（时区偏移须小于 24 小时，年份须在 1 至 9999 之间），"
                     "已按 UTC 换算或截到最近的可用日期计算；请核对这些提交",)
    return History(tuple(commits), head_id, frozenset(mainline), warnings, prefix, root, by_id)


def file_histories(history: History, paths: list[str] | set[str]) -> dict[str, FileHistory]:
    """For each current path: former names (renames followed), adding and touching commits."""
    renamed_from: dict[str, set[str]] = {}
    for commit in history.commits:
        for ch in commit.changes:
            if ch.status == "R" and ch.old_path and ch.old_path != ch.path:
                renamed_from.setdefault(ch.path, set()).add(ch.old_path)
    aliases: dict[str, frozenset[str]] = {}
    owners: dict[str, list[str]] = {}
    for path in paths:
        seen = {path}
        todo = [path]
        while todo:
            for old in renamed_from.get(todo.pop(), ()):
                if old not in seen:
                    seen.add(old)
                    todo.append(old)
        aliases[path] = frozenset(seen)
        for alias in seen:
            owners.setdefault(alias, []).append(path)
    added: dict[str, list[Commit]] = {p: [] for p in paths}
    touches: dict[str, list[tuple[Commit, Change]]] = {p: [] for p in paths}
    for commit in history.commits:
        for ch in commit.changes:
            for owner in owners.get(ch.path, ()):
                touches[owner].append((commit, ch))
                if ch.status in ("A", "C"):
                    added[owner].append(commit)
    return {p: FileHistory(p, aliases[p], tuple(added[p]), tuple(touches[p])) for p in paths}


class BlobReader:
    """File contents from history through one ``git cat-file --batch`` process, cached.

    :meth:`prefetch` pipelines many requests at once (a writer thread feeds
    git while the answers are read), so thousands of lookups cost one pass.
    """

    def __init__(self, history: History, repo: Path):
        self.history = history
        self.repo = repo
        self._proc: subprocess.Popen[bytes] | None = None
        self._cache: dict[str, tuple[str | None, bytes | None]] = {}

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._proc is not None:
            assert self._proc.stdin is not None
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            self._proc.wait()
            self._proc = None

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is None:
            self._proc = subprocess.Popen(git_command(self.repo, "cat-file", "--batch"), stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=git_env())
        return self._proc

    def _read_answer(self, proc: subprocess.Popen[bytes]) -> tuple[str | None, bytes | None]:
        assert proc.stdout is not None
        header = proc.stdout.readline().split()
        if len(header) == 3 and header[1] in (b"blob", b"commit", b"tree", b"tag"):
            size = int(header[2])
            body = proc.stdout.read(size + 1)[:size]
            if header[1] == b"blob":
                return header[0].decode(), body
        return None, None

    def prefetch(self, specs: list[str]) -> None:
        """Ask for many ``<rev>:<path>`` or blob ids at once (answers are cached)."""
        todo = list(dict.fromkeys(s for s in specs if s not in self._cache and "\n" not in s))
        if not todo or not self.history.available:
            return
        proc = self._start()
        assert proc.stdin is not None
        payload = "".join(s + "\n" for s in todo).encode("utf-8", "surrogateescape")

        def feed() -> None:
            assert proc.stdin is not None
            proc.stdin.write(payload)
            proc.stdin.flush()

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        for spec in todo:
            self._cache[spec] = self._read_answer(proc)
        writer.join()

    def _ask(self, spec: str) -> tuple[str | None, bytes | None]:
        if spec not in self._cache:
            if not self.history.available or "\n" in spec:
                return None, None
            proc = self._start()
            assert proc.stdin is not None
            proc.stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
            proc.stdin.flush()
            self._cache[spec] = self._read_answer(proc)
        return self._cache[spec]

    def spec(self, commit: str, path: str) -> str:
        return f"{commit}:{self.history.prefix}{path}"

    def at(self, commit: str, path: str) -> bytes | None:
        """The file ``path`` (instance-relative) as it was in ``commit``, or None."""
        return self._ask(self.spec(commit, path))[1]

    def at_with_id(self, commit: str, path: str) -> tuple[str | None, bytes | None]:
        """(blob id, contents) of ``path`` in ``commit``; (None, None) if it is not a file there."""
        return self._ask(self.spec(commit, path))

    def blob(self, blob_id: str) -> bytes | None:
        return self._ask(blob_id)[1]

    def message(self, commit_id: str) -> str:
        """The full message of a commit (subject, body, trailers), read through the same process."""
        key = "message:" + commit_id
        if key not in self._cache:
            if not self.history.available:
                return ""
            proc = self._start()
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(commit_id.encode("ascii", "replace") + b"\n")
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            body: bytes | None = None
            if len(header) == 3 and header[1] == b"commit":
                size = int(header[2])
                body = proc.stdout.read(size + 1)[:size]
            elif len(header) == 3:
                proc.stdout.read(int(header[2]) + 1)
            self._cache[key] = (None, body)
        raw = self._cache[key][1] or b""
        _headers, _, message = raw.partition(b"\n\n")
        return message.decode("utf-8", "replace")
