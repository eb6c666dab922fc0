"""Evidence files (稿费单, screenshots, scans): the one list of types the site publishes.

Evidence can be added to an approved item at any time (recording an adoption
does not reset review), so what is published is decided by the file itself,
never by review: its extension must be on :data:`TYPES` and its first bytes
must be what that extension says. Web pages, SVG, XML and Markdown — anything
a browser or mkdocs would render, and so anything that could run script on
the site's origin — are refused by ``bulletin check`` and never published.

A published file is copied as ``evidence/<digest>.<ext>``: a name made of hex
digits and an allowed extension, which no browser, web server or mkdocs treats
as a page, and the link to it carries ``download``.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..messages import msg

# extension -> accepted first bytes (None: text, checked by _is_plain_text)
TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "bmp": (b"BM",),
    "tif": (b"II*\x00", b"MM\x00*"),
    "tiff": (b"II*\x00", b"MM\x00*"),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "ppt": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "wps": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "txt": None,
}
ALLOWED_NAMES = ", ".join(sorted(TYPES))

_MARKUP = re.compile(rb"<\s*[A-Za-z!?/]")


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name.strip(".") else ""


def _is_plain_text(data: bytes) -> bool:
    """Text a browser shows as text: decodable, no NUL, and no markup it could be sniffed as."""
    if b"\x00" in data or _MARKUP.search(data):
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
            return True
        except UnicodeDecodeError:
            continue
    return False


def evidence_problem(path: str, data: bytes) -> str | None:
    """Why the evidence file ``path`` (with bytes ``data``) cannot be published, or None."""
    ext = extension(path)
    if ext not in TYPES:
        kind = msg("evidence.kind_ext", ext=ext) if ext else msg("evidence.kind_none")
        return msg("evidence.type", path=path, kind=kind, allowed=sorted(TYPES))
    magic = TYPES[ext]
    if magic is None:
        ok = _is_plain_text(data)
    else:
        ok = any(data.startswith(m) for m in magic) and (ext != "webp" or data[8:12] == b"WEBP")
    if not ok:
        return msg("evidence.fake", path=path, ext=ext)
    return None


def published_name(path: str, data: bytes) -> str:
    """Where the site serves an allowed evidence file: a digest and its extension, nothing renderable."""
    return f"evidence/{hashlib.sha256(data).hexdigest()[:24]}.{extension(path)}"


def published_evidence(path: str, data: bytes) -> tuple[str, bytes] | None:
    """(name inside the site, bytes) of the evidence file ``path`` with content ``data``; None if it
    must not be published."""
    if evidence_problem(path, data) is not None:
        return None
    return published_name(path, data), data


def publish_evidence(repo: Path, path: str) -> tuple[str, bytes] | None:
    """:func:`published_evidence` of the file ``path`` of ``repo`` (None if it cannot be read)."""
    try:
        data = (repo / path).read_bytes()
    except OSError:
        return None
    return published_evidence(path, data)


__all__ = ["TYPES", "evidence_problem", "publish_evidence", "published_evidence", "published_name", "extension"]
