"""What must never reach the site: classified markings and scripts.

Markings are searched in a folded copy of the text whose characters remember
their offsets in the original, so an error points at the real line and column.
Folding is the one normaliser of markings (docs/security.md lists its rules):

- HTML entities are decoded; NFKC folds full-width and compatibility forms
  (＊ -> *, ㊙ -> 秘, ⽤ -> 用);
- traditional and variant characters of every marking fold to the simplified
  ones (機 -> 机, 絕/絶 -> 绝, 祕 -> 秘, 級 -> 级, 內 -> 内, 資 -> 资, 傳 -> 传 ...);
- every star glyph (a character whose Unicode name says STAR, ASTERISK or
  ASTERISM: ★ ☆ ✦ ⋆ ✱ ✪ * ＊ ⭐ ...) counts as the star of a marking;
- what a reader does not see as a character is dropped: format, control and
  unassigned code points, variation selectors, combining marks, fillers
  (U+3164, U+115F, U+1160, U+FFA0, U+2800), every kind of space, and
  punctuation and symbols (Markdown emphasis, brackets, backslashes ...);
- HTML tags and comments of any length, and Markdown link targets
  (``[机](x)密``), are dropped from the running text and searched on their own.

The markings themselves are in :data:`MARKINGS`.
"""
from __future__ import annotations

import bisect
import functools
import html
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ERROR, WARNING, Problem
from ..messages import Msg, msg

_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_INVISIBLE = {"\u00ad", "\u034f", "\u061c", "\u180e", "\u2060", "\u2061", "\u2062", "\u2063", "\u2064",
              "\ufeff", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
              "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}

# --------------------------------------------------------------------------- markings

# Traditional and variant forms of the characters of every marking (after NFKC).
VARIANTS = {
    "祕": "秘", "宻": "密", "機": "机", "絕": "绝", "絶": "绝", "級": "级", "渉": "涉",
    "內": "内", "資": "资", "傳": "传", "伝": "传", "嚴": "严", "厳": "严", "請": "请", "註": "注",
}
# Characters a reader does not see as characters, beyond the categories dropped below: the
# Hangul and Braille fillers are letters or symbols that draw nothing.
_FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Mc", "Me", "Zs", "Zl", "Zp",
                                 "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po",
                                 "Sm", "Sc", "Sk", "So"})
_STAR_NAME = re.compile(r"\b(?:STARS?|ASTERISKS?|ASTERISM|SPARKLES?|SEXTILE|PENTAGRAM)\b")
STAR = "★"

# (rule, canonical words). A "level" word is a marking when a star or 级 follows it
# (秘密★一年, 机密级); a "star" word only with a star (内部★); a "word" anywhere.
MARKINGS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("level", ("秘密", "机密", "绝密")),
    ("word", ("涉密", "工作秘密", "内部资料", "内部使用", "注意保密",
              "不得外传", "严禁外传", "请勿外传", "禁止外传")),
    ("star", ("内部", "商密")),
    ("label", ("密级",)),    # 密级：机密
)


_STARS = f"[{STAR}*]"   # '*' is the ASCII asterisk (and ＊), which is also Markdown's emphasis


def _spread(word: str) -> str:
    """``word`` as a pattern that lets emphasis stars sit between its characters (秘**密**)."""
    return f"{_STARS}*".join(re.escape(c) for c in word)


def _marking_pattern() -> re.Pattern[str]:
    parts: list[str] = []
    levels = "|".join(_spread(w) for w in MARKINGS[0][1])
    for rule, words in MARKINGS:
        for w in words:
            name = f"{rule}_{len(parts)}"
            if rule == "level":
                parts.append(f"(?P<{name}>{_spread(w)}(?:{_STARS}+|{_STARS}*级))")
            elif rule == "word":
                parts.append(f"(?P<{name}>{_spread(w)})")
            elif rule == "star":    # a real star glyph: '内部**管理**' is emphasis, not a marking
                parts.append(f"(?P<{name}>{_spread(w)}\\**{STAR})")
            else:
                parts.append(f"(?P<{name}>{_spread(w)}{_STARS}*(?:{levels}))")
    first = "".join(sorted({w[0] for _, words in MARKINGS for w in words}))
    return re.compile(f"(?=[{first}])(?:" + "|".join(parts) + ")")


_MARKINGS = _marking_pattern()
_WORDS = {f"{rule}_{i}": (rule, w) for i, (rule, w) in
          enumerate((rule, w) for rule, words in MARKINGS for w in words)}

# A text needs the slow fold only if it has one of these (after NFKC and VARIANTS): every
# marking contains 密, 内 or 传.
_ANCHORS = frozenset("密内传")


@functools.lru_cache(maxsize=None)
def _fold_char(ch: str) -> tuple[str, str]:
    """(matching key, shown form) of one character: both '' when the reader does not see it."""
    out_key: list[str] = []
    out_shown: list[str] = []
    for c in unicodedata.normalize("NFKC", ch):
        if c in _INVISIBLE or c in _FILLERS:
            continue
        cat = unicodedata.category(c)
        if cat[0] in "PS" or cat in ("Mn", "Me"):
            name = unicodedata.name(c, "")
            if _STAR_NAME.search(name) and not cat.startswith("M"):
                out_key.append("*" if c == "*" else STAR)
                out_shown.append(c)
                continue
        if cat in _DROPPED_CATEGORIES:
            continue
        c = VARIANTS.get(c, c)
        out_key.append(c)
        out_shown.append(c)
    return "".join(out_key), "".join(out_shown)


@functools.lru_cache(maxsize=1)
def _anchor_chars() -> frozenset[str]:
    """Every character that folds to an anchor: the fast path looks for these."""
    found = set(_ANCHORS) | {v for v, to in VARIANTS.items() if to in _ANCHORS}
    for lo, hi in ((0x2E80, 0x2FE0), (0x3000, 0x3400), (0xF900, 0xFB00), (0xFE30, 0xFFF0),
                   (0x1F100, 0x1F300), (0x2F800, 0x2FA20)):
        for cp in range(lo, hi):
            if any(c in _ANCHORS for c in _fold_char(chr(cp))[0]):
                found.add(chr(cp))
    return frozenset(found)


@dataclass(frozen=True)
class Finding:
    offset: int
    what: str
    excerpt: str


# Spans dropped from the running text and searched on their own: comments, tags (quoted
# attribute values may hold '<' and '>'), processing instructions, Markdown link targets.
_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<[!?][^<>]*>"
    r"|</?[A-Za-z][^<>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^<>\"']*)*>"
    r"|\]\((?:[^()\n]|\([^()\n]*\))*\)"
    r"|\]\[[^\[\]\n]*\]",
    re.S)


class _Table(dict[int, str]):
    """A ``str.translate`` table that folds each character on first sight (key or shown form)."""

    def __init__(self, index: int):
        super().__init__()
        self.index = index

    def __missing__(self, cp: int) -> str:
        value = _fold_char(chr(cp))[self.index]
        self[cp] = value
        return value


_KEY, _SHOWN = _Table(0), _Table(1)
_SPECIAL = re.compile(_HIDDEN.pattern + "|" + _ENTITY.pattern, re.S)


@dataclass
class _Folded:
    """The folded text of ``text[start:end]``: ``key`` is searched; each piece is
    (start in key, start in text, end in text, decoded text or None for a plain run)."""

    text: str
    key: str
    pieces: list[tuple[int, int, int, str | None]]

    def locate(self, k: int) -> tuple[int, str]:
        """Offset in the text, and shown form, of the key's character ``k``."""
        starts = [p[0] for p in self.pieces]
        at, lo, hi, decoded = self.pieces[bisect.bisect_right(starts, k) - 1]
        left = k - at
        chars = decoded if decoded is not None else self.text[lo:hi]
        for i, ch in enumerate(chars):
            key, shown = _fold_char(ch)
            if left < len(key):
                return (lo if decoded is not None else lo + i), shown[left]
            left -= len(key)
        raise AssertionError("key index past its piece")


def _fold(text: str, start: int, end: int, hidden: list[tuple[int, int]]) -> _Folded:
    """Fold ``text[start:end]``; the hidden spans in it are skipped and added to ``hidden``."""
    key: list[str] = []
    pieces: list[tuple[int, int, int, str | None]] = []
    length = 0
    i = start
    for m in _SPECIAL.finditer(text, start, end):
        if m.start() > i:
            run = text[i:m.start()].translate(_KEY)
            pieces.append((length, i, m.start(), None))
            key.append(run)
            length += len(run)
        i = m.end()
        if m.group(0)[0] == "&":
            entity = m.group(0) if m.group(0).endswith(";") else m.group(0) + ";"
            decoded = html.unescape(entity)
            if decoded == entity:       # not an entity: a plain '&…'
                decoded = m.group(0)
            folded = decoded.translate(_KEY)
            pieces.append((length, m.start(), m.end(), decoded))
            key.append(folded)
            length += len(folded)
        else:
            hidden.append((m.start(), m.end()))
    if i < end:
        pieces.append((length, i, end, None))
        key.append(text[i:end].translate(_KEY))
    return _Folded(text, "".join(key), pieces)


def _match(folded: _Folded) -> list[Finding]:
    found = []
    for m in _MARKINGS.finditer(folded.key):
        assert m.lastgroup is not None
        rule, word = _WORDS[m.lastgroup]
        excerpt = word
        # The star shown is a real star glyph if there is one ('绝密**★**'), else the asterisk.
        star = folded.key.rfind(STAR, m.start(), m.end())
        star = star if star >= 0 else m.end() - 1
        if rule == "level":
            excerpt += "级" if folded.key[m.end() - 1] == "级" else folded.locate(star)[1]
        elif rule == "star":
            excerpt += folded.locate(star)[1]
        elif rule == "label":
            excerpt += re.sub(_STARS, "", folded.key[m.start():m.end()])[len(word):]
        found.append(Finding(folded.locate(m.start())[0], "classified marking", excerpt))
    return found


def classified_markings(text: str) -> list[Finding]:
    """Classified and protective markings (秘密★, 机密级, 涉密, 内部资料 ...), however disguised."""
    if "&" not in text and _anchor_chars().isdisjoint(text):
        return []
    found: list[Finding] = []
    todo = [(0, len(text), 0)]
    while todo:
        start, end, depth = todo.pop()
        hidden: list[tuple[int, int]] = []
        found += _match(_fold(text, start, end, hidden))
        # The inside of a tag, comment or link target, without its first and last character.
        todo += [(lo + 1, hi - 1, depth + 1) for lo, hi in hidden if depth < 4 and hi - lo > 2]
    return sorted(set(found), key=lambda f: (f.offset, f.excerpt))


# What a page or a record shows instead of a text that carries a marking.
WITHHELD_TEXT = "（含密级标识，未显示）"


def marking_in(text: str) -> str | None:
    """The first marking of ``text`` in its normalised form, or None."""
    found = classified_markings(text)
    return found[0].excerpt if found else None


# --------------------------------------------------------------------------- problems

SECRET_FIX = ("material marked secret must never be submitted here; remove the file and report it through "
              "the confidential channel")
SECRET_VALUE_FIX = ("material marked secret must never be submitted here; remove it and report it through "
                    "the confidential channel")


def classified_message(excerpt: str, fix: str = SECRET_FIX) -> Msg:
    """The error for a marking: remove the file (``SECRET_FIX``) or the value (``SECRET_VALUE_FIX``)."""
    return msg("safety.classified" if fix == SECRET_FIX else "safety.classified_value", excerpt=excerpt)


def marking_problems(path: str, text: str, doc: Any = None, *, fix: str = SECRET_FIX,
                     first_line: int = 1) -> list[Problem]:
    """Errors for the markings of a file's text and, if ``doc`` (a yamlio.Loaded of it) is given, of
    its decoded YAML keys and values: a marking written with escapes ('\\u79d8\\u5bc6') is found in
    the value, at the value's position, unless the source text already showed it there."""
    problems = []
    seen: list[tuple[int, int]] = []
    for finding in classified_markings(text):
        line, col = line_col(text, finding.offset, first_line)
        seen.append((line, col))
        problems.append(Problem(path, line, col, ERROR, classified_message(finding.excerpt, fix)))
    if doc is not None:
        for start, end, value in _yaml_strings(doc):
            if any(start <= at < end for at in seen):
                continue
            for finding in classified_markings(value)[:1]:
                problems.append(Problem(path, start[0], start[1], ERROR, classified_message(finding.excerpt, fix)))
    return problems


def _yaml_strings(doc: Any) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """(start, end, text) of every key and string value of a loaded YAML document."""
    out = []
    far = (1 << 30, 1)

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                sub = path + (k,)
                if isinstance(k, str) and sub in doc.key_pos:
                    out.append((doc.key_pos[sub], doc.key_end.get(sub, far), k))
                walk(v, sub)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, path + (i,))
        elif isinstance(value, str):
            out.append((doc.at(path), doc.end.get(path, far), value))

    walk(doc.value, ())
    return out


def name_problems(path: str) -> list[Problem]:
    """An error if the file name ``path`` carries a marking (it would be a page's or a link's name)."""
    found = classified_markings(path)
    if not found:
        return []
    return [Problem(path, 1, 1, ERROR, msg("safety.classified_name", excerpt=found[0].excerpt))]


# --------------------------------------------------------------------------- evidence files

# Evidence whose text is read and searched: plain text and markup, OOXML and OpenDocument files
# (zip archives of XML parts: Word, Excel, PowerPoint, WPS when saved as .docx ...) and PDF.
TEXT_EVIDENCE = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".xml", ".svg", ".csv",
                           ".tsv", ".json", ".yaml", ".yml", ".rtf", ".eml", ".mht", ".mhtml", ".ics", ".log"})
ZIP_EVIDENCE = frozenset({".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx", ".pptx", ".pptm", ".odt",
                          ".ods", ".odp", ".ofd"})
PDF_EVIDENCE = frozenset({".pdf"})
# Office formats whose text bulletin cannot read: a warning asks for a look by eye.
OPAQUE_EVIDENCE = frozenset({".doc", ".xls", ".ppt", ".wps", ".et", ".dps"})
MAX_TEXT_BYTES = 4 << 20        # text evidence larger than this cannot be checked: an error
MAX_UNZIPPED_BYTES = 64 << 20   # all the XML parts of one OOXML/ODF file together
_SNIFF_BYTES = 1 << 20          # other files this small are searched if they are UTF-8 text
_EVIDENCE_MEMO: dict[tuple[str, int, int, int], list[tuple[int, int, str, str]]] = {}


def _decode_evidence(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n")
    return None


# A PDF can show CJK text only through a composite (Type0) font, a ToUnicode map, re-encoded or
# embedded fonts; object streams and encryption can hide them: without any of these, no marking.
_PDF_TEXT_HINTS = (b"/Type0", b"/ToUnicode", b"/Differences", b"/FontFile", b"/Type3", b"/ObjStm", b"/Encrypt")


def _pdf_may_hold_text(path: Path) -> bool:
    data = path.read_bytes()
    return any(hint in data for hint in _PDF_TEXT_HINTS)


def _evidence_findings(path: Path) -> list[tuple[int, int, str, str]]:
    """(line, col, marking, where) of the markings in the text of the evidence file ``path``;
    where is '' or says which part or page; a marking '' is a note that the text was not read."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    out: list[tuple[int, int, str, str]] = []
    if suffix in ZIP_EVIDENCE:
        try:
            with zipfile.ZipFile(path) as archive:
                parts = [i for i in archive.infolist() if i.filename.lower().endswith(".xml")]
                if sum(i.file_size for i in parts) > MAX_UNZIPPED_BYTES:
                    return [(1, 1, "", "too large")]
                for info in parts:
                    text = _decode_evidence(archive.read(info))
                    for f in classified_markings(text or "")[:1]:
                        out.append((1, 1, f.excerpt, info.filename))
        except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError, EOFError):
            return [(1, 1, "", "unreadable")]
        return out[:1]
    if suffix in PDF_EVIDENCE:
        if not _pdf_may_hold_text(path):
            return []
        tool = shutil.which("pdftotext")
        if tool is None:
            return [(1, 1, "", "no pdftotext")]
        try:
            done = subprocess.run([tool, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired):
            return [(1, 1, "", "unreadable")]
        if done.returncode != 0:
            return [(1, 1, "", "unreadable")]
        text = done.stdout.decode("utf-8", "replace")
        for f in classified_markings(text)[:1]:
            out.append((1, 1, f.excerpt, f"page {text.count(chr(12), 0, f.offset) + 1}"))
        return out
    if suffix in OPAQUE_EVIDENCE:
        return [(1, 1, "", "opaque")]
    if suffix not in TEXT_EVIDENCE and size > _SNIFF_BYTES:
        return []
    if suffix in TEXT_EVIDENCE and size > MAX_TEXT_BYTES:
        return [(1, 1, "", "too large")]
    data = path.read_bytes()
    if suffix not in TEXT_EVIDENCE and (b"\0" in data or _decode_evidence(data) is None):
        return []
    text = _decode_evidence(data)
    if text is None:
        return []
    for f in classified_markings(text):
        line, col = line_col(text, f.offset)
        out.append((line, col, f.excerpt, ""))
    return out


_NOT_READ = {     # why an evidence file's text was not read: the message of each
    "too large": "safety.not_read.too_large",
    "unreadable": "safety.not_read.unreadable",
    "no pdftotext": "safety.not_read.no_pdftotext",
    "opaque": "safety.not_read.opaque",
}


def evidence_problems(repo: Path, value: str, record: str) -> list[Problem]:
    """Problems of the evidence file ``value`` (repository-relative, existing) that ``record`` names:
    an error for each marking in its text (the record is then left out), a warning when its text could
    not be read (too large or unreadable files are errors: they would be published unchecked)."""
    path = repo / value
    try:
        st = path.stat()
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)     # (resolving it costs a call per part)
        if key not in _EVIDENCE_MEMO:
            _EVIDENCE_MEMO[key] = _evidence_findings(path)
        findings = _EVIDENCE_MEMO[key]
    except OSError:
        return []
    problems = []
    for line, col, marking, where in findings:
        if not marking:
            severity = WARNING if where in ("no pdftotext", "opaque") else ERROR
            tail = "" if severity == WARNING else msg("safety.left_out_until", record=record)
            problems.append(Problem(value, line, col, severity,
                                    msg("safety.evidence_not_read", note=msg(_NOT_READ[where]), tail=tail)))
            continue
        page = re.fullmatch(r"page (\d+)", where)
        place = (msg("safety.in_page", page=int(page[1])) if page else msg("safety.in_part", part=where) if where
                 else "")
        problems.append(Problem(value, line, col, ERROR,
                                msg("safety.classified_evidence", excerpt=marking, place=place, record=record)))
    return problems


# --------------------------------------------------------------------------- scripts

_SCRIPT_PATTERNS = [
    (re.compile(r"<\s*/?\s*script\b", re.IGNORECASE), "a <script> tag"),
    (re.compile(r"<[a-z][^<>]*?[\s/\"']on[a-z]+\s*=", re.IGNORECASE), "an on…= event handler attribute"),
    (re.compile(r"(?:java|vb)script\s*:", re.IGNORECASE), "a javascript: link"),
    (re.compile(r"data\s*:\s*text/html", re.IGNORECASE), "a data:text/html link"),
    (re.compile(r"<\s*(?:iframe|object|embed|frame|frameset|applet|base|meta|form)\b", re.IGNORECASE),
     "an embedded-content tag (iframe, object, embed, form...)"),
]


# Every pattern of the folded pass needs '<' or ':' plus these letters (spaces and invisible
# characters may sit between them): text without them needs no character-by-character fold.
_LOOSE_SCRIPT_WORDS = re.compile(r"s[^a-z]*c[^a-z]*r[^a-z]*i[^a-z]*p[^a-z]*t|d[^a-z]*a[^a-z]*t[^a-z]*a")


def _normalise(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for finding scripts (entities decoded, NFKC, invisible characters and spaces
    dropped); return it with each character's original offset."""
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
        if ch in _INVISIBLE or unicodedata.category(ch) == "Cf" or ch.isspace():
            i += 1
            continue
        for c in unicodedata.normalize("NFKC", ch):
            out.append(c)
            offsets.append(i)
        i += 1
    return "".join(out), offsets


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
    folded, offsets = _normalise(text)
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
