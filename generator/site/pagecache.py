"""Memoised parts of page generation: article bodies by their text, ranking downloads (XLSX, CSV) by their table.

A rebuild after one new submission regenerates every page's Markdown; most of
the time went to turning 5,000 unchanged bodies into HTML again and to
writing ninety unchanged XLSX files. Both are pure functions of their input,
so they are kept in the persistent cache (cache.py) under a digest of it.
Reusing the XLSX bytes also makes them stable from build to build (openpyxl
stamps every new file with the time it was written).

:class:`KeptPages` skips rendering a page whose inputs are those of the last
build: each page's template, path and values are digested, and a page whose
digest is the one recorded by the last successful build is read back from the
engine's docs folder, where that build left it (incremental.py).
"""
from __future__ import annotations

import hashlib
import io
import pickle
from importlib.metadata import version
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..cache import MIN_ENTRIES, Store, code_version


def stable_digest(value: object, salt: bytes = b"") -> str | None:
    """A digest of ``value``'s pickle, or None when it cannot be pickled.

    Pickled without a memo, so equal values give equal bytes whether or not they share objects
    (records read afresh or from the cache); a value that refers to itself cannot be pickled so.
    """
    buf = io.BytesIO()
    pickler = pickle.Pickler(buf, protocol=5)
    pickler.fast = True
    try:
        pickler.dump(value)
    except Exception:
        return None
    return hashlib.sha256(salt + buf.getvalue()).hexdigest()


class PageMemo:
    """The stores are read when the memo is made (before rendering) and written by :meth:`save` (after)."""

    def __init__(self, repo: Path | None = None):
        self.bodies: Store | None = Store(repo, "bodies") if repo is not None else None
        self.downloads_store: Store | None = Store(repo, "downloads") if repo is not None else None
        self.used_bodies: dict[str, str] = {}
        self.used_downloads: dict[str, bytes] = {}

    @classmethod
    def off(cls) -> PageMemo:
        """A memo without a cache behind it."""
        return cls(None)

    def body(self, text: str, render: Callable[[str], str]) -> str:
        key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
        html = self.used_bodies.get(key) or (self.bodies.get(key) if self.bodies is not None else None)
        if html is None:
            html = render(text)
        self.used_bodies[key] = html
        return html

    def downloads(self, scores: Any, config: Any,
                  makers: Mapping[str, Callable[[Any, Any], bytes]]) -> dict[str, bytes]:
        """Each ``make(scores, config)`` of ``makers`` (by kind: csv, xlsx), kept under a digest of the input."""
        digest = stable_digest((scores, config))
        out: dict[str, bytes] = {}
        for kind, make in makers.items():
            if digest is None:                 # something in them does not pickle: no memo
                out[kind] = make(scores, config)
                continue
            key = f"{kind}:{digest}"
            data = self.used_downloads.get(key) or (
                self.downloads_store.get(key) if self.downloads_store is not None else None)
            if data is None:
                data = make(scores, config)
            self.used_downloads[key] = out[kind] = data
        return out

    def save(self) -> None:
        """Keep what this build used (what it no longer shows goes); only for big sites."""
        worth = len(self.used_bodies) >= MIN_ENTRIES
        if self.bodies is None or self.downloads_store is None:
            return
        if set(self.used_bodies) != set(self.bodies.data):
            self.bodies.replace(self.used_bodies)
            self.bodies.save(worth)
        if set(self.used_downloads) != set(self.downloads_store.data):
            self.downloads_store.replace(self.used_downloads)
            self.downloads_store.save(worth)


class KeptPages:
    """The pages of the last build and what each was made from, for a build that renders only what changed.

    ``docs``: the folder holding the last build's Markdown; ``previous``: each page's digest then. A page
    is taken from ``docs`` when its digest is the same now: the digest covers the template's text, the
    page's path, every value handed to the template (pickled: a value that cannot be pickled means the
    page is rendered), the language, the organisation and the code and template engine that render it.
    """

    def __init__(self, docs: Path | None = None, previous: Mapping[str, str] | None = None):
        self.docs = docs
        self.previous = dict(previous or {})
        self.now: dict[str, str] = {}          # this build's digests, recorded for the next one
        self.reused: set[str] = set()
        self._salt = b""

    def begin(self, lang: str, org: str, templates: Mapping[str, str]) -> None:
        """What every page depends on besides its own values."""
        h = hashlib.sha256(f"{code_version()}\0{version('jinja2')}\0{version('markupsafe')}\0{lang}\0{org}\0".encode())
        for name in sorted(templates):
            h.update(name.encode() + b"\0" + templates[name].encode("utf-8", "surrogatepass") + b"\0")
        self._salt = h.digest()

    def digest(self, page: str, template: str, values: Mapping[str, object]) -> str | None:
        return stable_digest((page, template, dict(values)), self._salt)

    def text(self, page: str, digest: str | None) -> str | None:
        """The page as the last build wrote it, when it was made from the same digest; else None."""
        if digest is None:
            return None
        self.now[page] = digest
        if self.docs is None or self.previous.get(page) != digest:
            return None
        try:
            text = (self.docs / page).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.reused.add(page)
        return text
