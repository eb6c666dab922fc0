"""A persistent cache for facts that never change for their key.

Keys are content ids: a commit id (the parsed commit), a blob id (its
reviewable content), a file's bytes (its parsed record). Such facts depend
only on the key and on bulletin's own code, so each store is tagged with a
fingerprint of the code and starts afresh when bulletin changes.

Where: ``$XDG_CACHE_HOME/bulletin/repos/<hash of the instance path>/`` (so
read-only commands leave the repository untouched), or ``$BULLETIN_CACHE_DIR``
(a relative path is taken inside the instance, e.g. ``.bulletin-cache`` for a
CI job that keeps that folder between runs). Only instances big enough to
gain from it (:data:`MIN_ENTRIES`) are cached; ``BULLETIN_NO_CACHE=1`` turns
the cache off.

The stores are pickles, and a pickle can run code when it is loaded; a cache
folder inside the instance could be committed by a submitter. So every store
is signed (HMAC-SHA256) with a key kept outside any repository
(``$XDG_CACHE_HOME/bulletin/cache-key``), and a store whose signature does
not verify is never unpickled.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import hmac
import os
import pickle
import secrets
import sys
from pathlib import Path
from typing import Any

MIN_ENTRIES = 500          # smaller instances are fast without a cache: nothing is written for them
_HERE = Path(__file__).resolve().parent


def loads(payload: bytes) -> Any:
    """Unpickle a store with the cycle collector paused, then freeze what is alive.

    A store holds hundreds of thousands of objects that live as long as the command, and
    unpickling makes no garbage. Made while the collector runs, each batch of new objects
    triggers a collection that scans the ones made before (at 20,000 submissions these passes
    were half a cached command's time); frozen (``gc.freeze``), they are left out of every
    later collection.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if was:
            gc.freeze()
            gc.enable()


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "bulletin"


def cache_dir(repo: Path) -> Path:
    """The folder of ``repo``'s stores."""
    chosen = os.environ.get("BULLETIN_CACHE_DIR")
    if chosen:
        return Path(chosen) if Path(chosen).is_absolute() else repo / chosen
    digest = hashlib.sha1(str(repo.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return _user_cache() / "repos" / digest


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of bulletin's code and the Python that runs it."""
    h = hashlib.sha256(sys.version.encode())
    for path in sorted(_HERE.rglob("*.py")):   # every module of every subpackage
        h.update(path.relative_to(_HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


def _key(create: bool = False) -> bytes | None:
    """The signing key, outside any repository; None when there is none (yet) or it cannot be made."""
    base = _user_cache()
    path = base / "cache-key"
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        if not create:
            return None
    try:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        tmp = base / f".cache-key.{os.getpid()}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(key.hex())
        os.replace(tmp, path)
        return bytes.fromhex(path.read_text().strip())   # another process may have won the race
    except (OSError, ValueError):
        return None


def enabled() -> bool:
    return not os.environ.get("BULLETIN_NO_CACHE")


class Store:
    """One named store: a dict loaded at open and written back by :meth:`save` if it changed."""

    def __init__(self, repo: Path, name: str, salt: str = ""):
        self.path = cache_dir(repo) / f"{name}.pickle"
        self.tag = f"{code_version()}:{salt}"
        self.data: dict[Any, Any] = {}
        self.changed = False
        self.on = enabled()
        if self.on:
            self._load()

    def _load(self) -> None:
        key = _key()
        try:
            blob = self.path.read_bytes()
        except OSError:
            return
        mac, payload = blob[:32], blob[32:]
        if key is None or not hmac.compare_digest(mac, hmac.new(key, payload, hashlib.sha256).digest()):
            return                      # not written by this machine's bulletin: never unpickle it
        try:
            tag, data = loads(payload)
        except Exception:               # a store from an older bulletin that cannot be read: start afresh
            return
        if tag == self.tag and isinstance(data, dict):
            self.data = data

    def get(self, key: Any, default: Any = None) -> Any:
        return self.data.get(key, default)

    def put(self, key: Any, value: Any) -> None:
        if self.on:
            self.data[key] = value
            self.changed = True

    def replace(self, data: dict[Any, Any]) -> None:
        if self.on:
            self.data = data
            self.changed = True

    @property
    def exists(self) -> bool:
        return self.on and self.path.is_file()

    def save(self, worth: bool | None = None) -> None:
        """Write the store atomically if it changed and is ``worth`` it (default: big enough).

        A folder that cannot be written just goes without a cache.
        """
        if not (self.on and self.changed):
            return
        if not (worth if worth is not None else len(self.data) >= MIN_ENTRIES):
            return
        key = _key(create=True)
        if key is None:
            return
        try:
            folder = self.path.parent
            folder.mkdir(parents=True, exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# bulletin's cache: never commit it\n*\n")
            payload = pickle.dumps((self.tag, self.data), protocol=pickle.HIGHEST_PROTOCOL)
            tmp = folder / f".{self.path.name}.{os.getpid()}"
            tmp.write_bytes(hmac.new(key, payload, hashlib.sha256).digest() + payload)
            os.replace(tmp, self.path)
            self.changed = False
        except OSError:
            pass


def content_key(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()
