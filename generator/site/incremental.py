"""Incremental site builds: only the pages whose inputs changed are generated, and the engine renders
only the pages whose Markdown changed.

The engine's project folder is ``OUT.releases/.state-<lang>/``, kept from build
to build: the generated Markdown (``docs/``), the engine's configuration, the
site it builds (``site/``, renamed into the new release) and the engine's own
cache (Zensical's ``.cache/``), and a digest of what each page was made from:
a page whose digest is unchanged is read back from ``docs/`` instead of being
generated again (pagecache.py). A new build writes only the files whose bytes
differ (so only they get a new modification time) and deletes the ones that
are gone. For an engine that supports it (mkdocs, properdocs), the new site
starts as a copy of the served release (modification times kept) and the engine
runs with ``--dirty``: it skips every page whose output is newer than its
source, that is every page whose content is unchanged. Search records are then
read from every page, and only the index shards whose records changed are
indexed again (search.py); the others are kept from the served release.

A full build happens whenever anything else could change the output: the
configuration, the engine and its version, the theme or bulletin's version,
the site assets, a served release other than the one the state was made for,
or a failed build (the state's record is deleted while a build runs).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Set
from pathlib import Path
from typing import Any

from ..cache import code_version
from .pagecache import KeptPages

STATE_FILE = "state.json"
# What the engine writes on every build, changed or not (mkdocs' static templates, sitemap.xml's copy).
ALWAYS_WRITTEN = frozenset({"404.html", "sitemap.xml", "sitemap.xml.gz"})


def link_or_copy(src: str, dst: str) -> None:
    """copytree's ``copy_function`` for files that are written once and never changed in place
    (a release's, a search shard's): a hard link to ``src``, else (another file system) a copy
    keeping its modification time."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _fingerprint(cfg: Mapping[str, Any], extra: Mapping[str, bytes], engine: str = "") -> str:
    """What every page's output depends on besides its own Markdown: the configuration, the
    engine and the versions of what renders (``engine``: its ``package=version`` list), bulletin's
    code and the assets."""
    h = hashlib.sha256()
    stable = {k: v for k, v in cfg.items() if k not in ("docs_dir", "site_dir")}
    h.update(json.dumps(stable, sort_keys=True, default=str, ensure_ascii=False).encode())
    h.update(engine.encode())
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
    """The engine's project folder of the last build, locked for the duration of one build.

    While a build runs, the state's record is deleted, so a build that dies leaves no usable
    state behind: the next one is a full build (its Markdown is still compared byte by byte).
    When another build holds the state (or it cannot be used), the build's work folder is the
    project folder instead.
    """

    def __init__(self, releases: Path, lang: str, work: Path):
        self.dir = releases / f".state-{lang}"
        self.project = work / "project"
        self._lock_file: Any = None
        self.locked = False
        self.info: dict[str, Any] = {}
        work.mkdir(parents=True, exist_ok=True)
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._lock_file = open(self.dir / ".lock", "w")
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self.locked = True
            self.project = self.dir
            self.info = self._take_record()
        except (OSError, ValueError):
            self.info = {}                       # no usable state (or another build holds it): full build
        self.docs = self.project / "docs"
        self.site = self.project / "site"
        shutil.rmtree(self.site, ignore_errors=True)     # what a killed build left
        self.project.mkdir(parents=True, exist_ok=True)

    def _take_record(self) -> dict[str, Any]:
        record = self.dir / STATE_FILE
        try:
            info: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        record.unlink()
        return info

    def close(self) -> None:
        shutil.rmtree(self.site, ignore_errors=True)      # a failed build's (a good one was renamed away)
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def kept_pages(self) -> KeptPages:
        """The pages of the last successful build, when this state holds them (pagecache.py)."""
        pages = self.info.get("pages")
        if not isinstance(pages, dict) or not self.docs.is_dir():
            return KeptPages()
        return KeptPages(self.docs, {str(k): str(v) for k, v in pages.items()})

    def sync(self, files: Mapping[str, bytes], unchanged: Set[str] = frozenset()) -> tuple[set[str], set[str]]:
        """Make ``docs`` hold exactly ``files``; returns (written, removed) paths. ``unchanged``: files
        known to hold their bytes already (read from there)."""
        written: set[str] = set()
        before = set()
        if self.docs.is_dir():
            before = {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*") if p.is_file()}
        for rel, data in files.items():
            target = self.docs / rel
            if rel in unchanged and rel in before:
                continue
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

    def reuse(self, served: Path | None, fingerprint: str, removed: set[str], copy: bool = True,
              written: Set[str] = frozenset()) -> bool:
        """Whether the state belongs to the served release (an incremental build); with ``copy``,
        start ``site`` as a copy of it.

        The copy is made of hard links (the served release's files are never changed in place, so
        sharing them costs nothing), except what this build writes: the outputs of ``written`` and
        ``removed`` and the pages the engine writes on every build are left out, so that the engine
        creates them anew instead of writing through a link into the served release; ``admin/`` is
        written again by the build (editor.py) and is left out too.
        """
        if not self.info or served is None or not served.is_dir():
            return False
        if self.info.get("fingerprint") != fingerprint or self.info.get("release") != served.name:
            return False
        if not copy:
            return True
        fresh = {output_path(rel) for rel in written | removed} | ALWAYS_WRITTEN
        top = os.fspath(served)
        shutil.copytree(served, self.site, copy_function=link_or_copy, symlinks=True,
                        ignore=lambda folder, names: ["admin"] if folder == top else [])
        for rel in fresh:
            (self.site / rel).unlink(missing_ok=True)
        return True

    def commit(self, release: Path, fingerprint: str, pages: Mapping[str, str] | None = None) -> None:
        """Record that the project's Markdown is what ``release`` was built from, for the next build;
        ``pages``: the digest of what each page was made from (pagecache.py)."""
        if not self.locked:
            return
        tmp = self.dir / f".{STATE_FILE}.tmp"
        tmp.write_text(json.dumps({"fingerprint": fingerprint, "release": release.name, "pages": dict(pages or {})}),
                       encoding="utf-8")
        os.replace(tmp, self.dir / STATE_FILE)


def fingerprint(cfg: Mapping[str, Any], assets: Mapping[str, bytes], engine: str = "") -> str:
    return _fingerprint(cfg, assets, engine)
