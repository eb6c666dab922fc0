"""What must never reach the site: classified markings and scripts.

Markings are searched in a normalised copy of the text (HTML entities decoded,
full-width forms folded by NFKC, zero-width characters, spaces and inline tags
dropped) whose characters remember their offsets in the original, so the
error points at the real line and column.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_TAG = re.compile(r"<[^<>]{0,200}>")
_INVISIBLE = {"\u00ad", "\u034f", "\u061c", "\u180e", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",
              "\ufeff", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
              "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}

_MARKINGS = re.compile(r"(?:秘密|机密|绝密)(?:[★☆*✩✭✮✯✰⭐]|级)|涉密")
_SCRIPT_PATTERNS = [
    (re.compile(r"<\s*/?\s*script\b", re.I), "a <script> tag"),
    (re.compile(r"<[a-z][^<>]*?[\s/\"']on[a-z]+\s*=", re.I), "an on…= event handler attribute"),
    (re.compile(r"(?:java|vb)script\s*:", re.I), "a javascript: link"),
    (re.compile(r"data\s*:\s*text/html", re.I), "a data:text/html link"),
    (re.compile(r"<\s*(?:iframe|object|embed|frame|frameset|applet|base|meta|form)\b", re.I),
     "an embedded-content tag (iframe, object, embed, form...)"),
]


# Every pattern of the folded pass needs '<' or ':' plus these letters (spaces and invisible
# characters may sit between them): text without them needs no character-by-character fold.
_LOOSE_SCRIPT_WORDS = re.compile(r"s[^a-z]*c[^a-z]*r[^a-z]*i[^a-z]*p[^a-z]*t|d[^a-z]*a[^a-z]*t[^a-z]*a")


@dataclass(frozen=True)
class Finding:
    offset: int
    what: str
    excerpt: str


def _normalise(text: str, *, drop_tags: bool) -> tuple[str, list[int]]:
    """Fold ``text`` for matching; return it with each character's original offset."""
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "&":
            m = _ENTITY.match(text, i)
            if m:
                decoded = html.unescape(m.group(0) if m.group(0).endswith(";") else m.group(0) + ";")
                if decoded != m.group(0):
                    for c in unicodedata.normalize("NFKC", decoded):
                        if c not in _INVISIBLE and not c.isspace():
                            out.append(c)
                            offsets.append(i)
                    i = m.end()
                    continue
        if drop_tags and ch == "<":
            m = _TAG.match(text, i)
            if m:
                i = m.end()
                continue
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cf" or ch.isspace():
            i += 1
            continue
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            offsets.append(i)
        i += 1
    return "".join(out), offsets


def classified_markings(text: str) -> list[Finding]:
    """Classified markings (秘密★, 机密★, 绝密★, 涉密 ...), however they are disguised."""
    # Fast path: every marking contains 密, and only 密 itself folds to 密 (entities aside).
    if "&" not in text and "密" not in unicodedata.normalize("NFKC", text):
        return []
    folded, offsets = _normalise(text, drop_tags=True)
    return [Finding(offsets[m.start()], "classified marking", m.group(0)) for m in _MARKINGS.finditer(folded)]


def scripts(text: str) -> list[Finding]:
    """Raw scripts, event handlers, javascript: links and embedded frames."""
    found: list[Finding] = []
    for pattern, what in _SCRIPT_PATTERNS:
        for m in pattern.finditer(text):
            found.append(Finding(m.start(), what, m.group(0)))
    # The same again with entities decoded (&#106;avascript:) and invisible characters dropped,
    # unless the text cannot hide one: no entity, no '<' (or '＜'), no ':' near 'script' or 'data'.
    if "&" not in text:
        nfkc = unicodedata.normalize("NFKC", text)
        if "<" not in nfkc and (":" not in nfkc or not _LOOSE_SCRIPT_WORDS.search(nfkc.lower())):
            return sorted(found, key=lambda f: f.offset)
    folded, offsets = _normalise(text, drop_tags=False)
    for pattern, what in _SCRIPT_PATTERNS:
        for m in pattern.finditer(folded):
            offset = offsets[m.start()]
            if not any(f.offset == offset for f in found):
                found.append(Finding(offset, what, m.group(0)))
    return sorted(found, key=lambda f: f.offset)


def line_col(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` whose first line is ``first_line``."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return first_line + line, offset - start + 1
