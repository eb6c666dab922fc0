"""Incremental site builds: mkdocs renders only the pages whose Markdown changed.

The generated Markdown of the last build is kept in ``OUT.releases/.state-<lang>/docs``.
A new build writes only the files whose bytes differ (so only they get a new
modification time) and deletes the ones that are gone. The new release starts
as a copy of the served one (modification times kept), and mkdocs runs with
``dirty=True``: it skips every page whose output is newer than its source,
that is every page whose content is unchanged. Search is then indexed over the
whole site, so the index is complete (``mkdocs build --dirty`` alone would
leave its own search index holding only the touched pages).

A full build happens whenever anything else could change the output: the
mkdocs configuration, the theme or bulletin's version, the site assets, a
served release other than the one the state was made for, or a failed build.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any, Mapping

STATE_FILE = "state.json"


def _fingerprint(cfg: Mapping[str, Any], extra: Mapping[str, bytes]) -> str:
    """What every page's output depends on besides its own Markdown."""
    from importlib.metadata import version

    from ..cache import code_version

    h = hashlib.sha256()
    stable = {k: v for k, v in cfg.items() if k not in ("docs_dir", "site_dir")}
    h.update(json.dumps(stable, sort_keys=True, default=str, ensure_ascii=False).encode())
    for pkg in ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions"):
        try:
            h.update(f"{pkg}={version(pkg)}".encode())
        except Exception:
            h.update(pkg.encode())
    h.update(code_version().encode())
    for name in sorted(extra):
        h.update(name.encode() + b"\0" + hashlib.sha256(extra[name]).digest())
    return h.hexdigest()


def output_path(src: str) -> str:
    """Where mkdocs writes ``src`` (use_directory_urls is off): x.md -> x.html, others as they are."""
    if src.endswith(".md"):
        base = src[:-3]
        if base == "README" or base.endswith("/README"):
            base = base[: -len("README")] + "index"
        return base + ".html"
    return src


class State:
    """The kept Markdown of the last build, locked for the duration of one build.

    During a build the kept folder is moved into the build's work folder (one rename) and its
    record is deleted, so a build that dies leaves no state behind: the next one is a full build.
    """

    def __init__(self, releases: Path, lang: str, work: Path):
        self.dir = releases / f".state-{lang}"
        self.docs = work / "docs"
        self._lock_file: Any = None
        self.locked = False
        self.info: dict[str, Any] = {}
        work.mkdir(parents=True, exist_ok=True)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._lock_file = open(self.dir / ".lock", "w")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.locked = True
            self.info = json.loads((self.dir / STATE_FILE).read_text(encoding="utf-8"))
            (self.dir / STATE_FILE).unlink()
            (self.dir / "docs").rename(self.docs)
        except (OSError, ValueError):
            self.info = {}                       # no usable state (or another build holds it): full build

    def close(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def sync(self, files: Mapping[str, bytes]) -> tuple[set[str], set[str]]:
        """Make ``docs`` hold exactly ``files``; returns (written, removed) paths."""
        written: set[str] = set()
        before = set()
        if self.docs.is_dir():
            before = {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*") if p.is_file()}
        for rel, data in files.items():
            target = self.docs / rel
            if rel in before:
                try:
                    if target.stat().st_size == len(data) and target.read_bytes() == data:
                        continue
                except OSError:
                    pass
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.add(rel)
        removed = before - set(files)
        for rel in removed:
            (self.docs / rel).unlink(missing_ok=True)
        return written, removed

    def reuse(self, served: Path | None, site: Path, fingerprint: str, removed: set[str]) -> bool:
        """Start ``site`` as a copy of the served release when the state belongs to it; True if so."""
        if not self.info or served is None or not served.is_dir():
            return False
        if self.info.get("fingerprint") != fingerprint or self.info.get("release") != served.name:
            return False
        shutil.copytree(served, site, copy_function=shutil.copy2, symlinks=True)
        for rel in removed:
            (site / output_path(rel)).unlink(missing_ok=True)
        shutil.rmtree(site / "pagefind", ignore_errors=True)   # indexed afresh, over every page
        return True

    def commit(self, release: Path, fingerprint: str) -> None:
        """Keep the Markdown ``release`` was built from, for the next build."""
        if not self.locked:
            return
        shutil.rmtree(self.dir / "docs", ignore_errors=True)
        self.docs.rename(self.dir / "docs")
        tmp = self.dir / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps({"fingerprint": fingerprint, "release": release.name}), encoding="utf-8")
        os.replace(tmp, self.dir / STATE_FILE)


def fingerprint(cfg: Mapping[str, Any], assets: Mapping[str, bytes]) -> str:
    return _fingerprint(cfg, assets)
