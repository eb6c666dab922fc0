"""Memoised parts of page generation: article bodies by their text, XLSX downloads by their table.

A rebuild after one new submission regenerates every page's Markdown; most of
the time went to turning 5,000 unchanged bodies into HTML again and to
writing ninety unchanged XLSX files. Both are pure functions of their input,
so they are kept in the persistent cache (cache.py) under a digest of it.
Reusing the XLSX bytes also makes them stable from build to build (openpyxl
stamps every new file with the time it was written).
"""
from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..cache import MIN_ENTRIES, Store


class PageMemo:
    """The stores are read when the memo is made (before rendering) and written by :meth:`save` (after)."""

    def __init__(self, repo: Path | None = None):
        self.bodies: Store | None = Store(repo, "bodies") if repo is not None else None
        self.xlsx_store: Store | None = Store(repo, "xlsx") if repo is not None else None
        self.used_bodies: dict[str, str] = {}
        self.used_xlsx: dict[str, bytes] = {}

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

    def xlsx(self, scores: Any, config: Any, make: Callable[[Any, Any], bytes]) -> bytes:
        try:
            key = hashlib.sha1(pickle.dumps((scores, config), protocol=4)).hexdigest()
        except Exception:                      # something in them does not pickle: no memo
            return make(scores, config)
        data = self.used_xlsx.get(key) or (self.xlsx_store.get(key) if self.xlsx_store is not None else None)
        if data is None:
            data = make(scores, config)
        self.used_xlsx[key] = data
        return data

    def save(self) -> None:
        """Keep what this build used (what it no longer shows goes); only for big sites."""
        worth = len(self.used_bodies) >= MIN_ENTRIES
        if self.bodies is None or self.xlsx_store is None:
            return
        if set(self.used_bodies) != set(self.bodies.data):
            self.bodies.replace(self.used_bodies)
            self.bodies.save(worth)
        if set(self.used_xlsx) != set(self.xlsx_store.data):
            self.xlsx_store.replace(self.used_xlsx)
            self.xlsx_store.save(worth)
