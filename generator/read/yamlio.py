"""Safe YAML loading that keeps the position of every key and value.

PyYAML reports marks for syntax errors only, and its C loader crashes on very
deep nesting, so loading goes in three steps:

1. one pass over the parser's events (no object construction) that refuses
   deep nesting and alias bombs before anything recursive runs;
2. composition into nodes;
3. our own conversion of nodes into plain Python values, recording where each
   one stands, refusing duplicate keys and merge keys, and parsing dates
   ourselves so that ``2026-02-30`` becomes a located error, not a ValueError.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..messages import msg

try:  # the C loader is about six times faster; nesting is capped before it runs
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 50
MAX_VALUES = 100_000

Path = tuple[Any, ...]


class YamlProblem(Exception):
    """A problem that stops the loading of one YAML document."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message


@dataclass(frozen=True)
class InvalidDate:
    """A scalar that looks like a date or time but is not a real one."""

    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Loaded:
    """A loaded document: plain values plus where each value and key stands."""

    value: Any
    start_line: int
    pos: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_pos: dict[Path, tuple[int, int]] = field(default_factory=dict)
    raw: dict[Path, str] = field(default_factory=dict)
    plain: set[Path] = field(default_factory=set)
    end: dict[Path, tuple[int, int]] = field(default_factory=dict)   # where each scalar ends
    key_end: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path) -> tuple[int, int]:
        """Position of the value at ``path`` (or its key, or the nearest parent)."""
        path = tuple(path)
        while True:
            if path in self.pos:
                return self.pos[path]
            if path in self.key_pos:
                return self.key_pos[path]
            if not path:
                return (self.start_line, 1)
            path = path[:-1]

    def key_at(self, path: Path) -> tuple[int, int]:
        """Position of the key that introduces ``path`` (or of its value)."""
        path = tuple(path)
        return self.key_pos.get(path) or self.at(path)


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?"
    r"(?:[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?))?$"
)


def _timestamp(text: str) -> dt.date | dt.datetime | InvalidDate:
    m = _DATE.match(text)
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _DATETIME.match(text)
        if m:
            frac = int((m[7] or "0")[:6].ljust(6, "0"))
            tz: dt.tzinfo | None = None
            if m[8]:
                if m[8] == "Z":
                    tz = dt.UTC
                else:
                    sign = -1 if m[8][0] == "-" else 1
                    hh, _, mm = m[8][1:].partition(":")
                    if not mm and len(hh) > 2:
                        hh, mm = hh[:2], hh[2:]
                    tz = dt.timezone(sign * dt.timedelta(hours=int(hh), minutes=int(mm or 0)))
            return dt.datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6]), frac, tz)
    except ValueError:
        return InvalidDate(text)
    return InvalidDate(text)


def _problem(mark: Any, message: str, line_offset: int) -> YamlProblem:
    line = (mark.line + 1 + line_offset) if mark is not None else line_offset + 1
    col = (mark.column + 1) if mark is not None else 1
    return YamlProblem(line, col, message)


def _precheck(text: str, line_offset: int) -> None:
    """Refuse deep nesting and alias bombs from the event stream alone."""
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [anchor, size]
    total = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            if len(stack) > MAX_DEPTH:
                raise _problem(
                    event.start_mark,
                    msg("yaml.too_deep", depth=MAX_DEPTH),
                    line_offset,
                )
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
            continue
        if isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _size in stack):
                raise _problem(
                    event.start_mark,
                    f"别名 '*{event.anchor}' 指向包含它自身的列表或映射，会无限嵌套；"
                    f"请直接写出取值，不要使用 '*{event.anchor}'",
                    line_offset,
                )
            size = sizes.get(event.anchor, 1) if event.anchor is not None else 1
        else:
            continue
        total += size
        if stack:
            stack[-1][1] += size
        if total > MAX_VALUES or (stack and stack[-1][1] > MAX_VALUES):
            raise _problem(
                event.start_mark,
                msg("yaml.alias_bomb", values=f"{MAX_VALUES:,}"),
                line_offset,
            )


_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"


def _needs_precheck(text: str) -> bool:
    """Whether ``text`` could nest deeper than MAX_DEPTH or hold more than MAX_VALUES values.

    Only an alias (``*``) can multiply values, and every mapping or sequence needs an indicator
    of its own (a ``:``, ``-``, ``?``, ``[`` or ``{``), so a short text with few of them and no
    ``*`` cannot do either: most front matter skips the event pass.
    """
    if "*" in text or len(text) >= MAX_VALUES:
        return True
    indicators = text.count(":") + text.count("-") + text.count("?") + text.count("[") + text.count("{")
    return indicators >= MAX_DEPTH


def load_yaml(text: str, *, line_offset: int = 0) -> Loaded:
    """Load one YAML document from ``text``; positions are shifted by ``line_offset`` lines.

    Raises :class:`YamlProblem` for syntax errors, several documents, deep
    nesting, alias bombs, duplicate keys, merge keys and unknown tags.
    """
    try:
        typing_slips(text, line_offset)
        if _needs_precheck(text):
            _precheck(text, line_offset)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, line_offset) from None
    except yaml.reader.ReaderError as exc:
        # The C reader gives a byte offset and a multi-line message; find the character ourselves.
        bad = _NON_PRINTABLE.search(text)
        offset = bad.start() if bad else 0
        line = text.count("\n", 0, offset) + 1 + line_offset
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        raise YamlProblem(line, col, msg("yaml.control_character", code=f"{exc.character:04X}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(line_offset + 1, 1, msg("yaml.error", text=str(exc))) from None
    loaded = Loaded(value=None, start_line=line_offset + 1)
    if node is None:
        return loaded
    loaded.value = _convert(node, (), loaded, line_offset)
    return loaded


_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010ffff]")

# What a person can do about PyYAML's terse syntax errors (matched on context + problem).
_HINTS = (
    ("mapping values are not allowed", "yaml.hint.colon_in_value"),
    ("found undefined alias", "yaml.hint.alias"),
    ("scanning an alias", "yaml.hint.alias"),
    ("scanning an anchor", "yaml.hint.anchor"),
    ("scanning a tag", "yaml.hint.tag"),
    ("cannot start any token", "yaml.hint.reserved"),
    ("tab character", "yaml.hint.tab"),
    ("expected '-' indicator", "yaml.hint.mixed"),
    ("expected key", "yaml.hint.expected_key"),
)
# Openers whose missing end PyYAML reports where it gave up, often lines later.
_OPENERS = {
    "while parsing a flow sequence": ("yaml.unclosed_list", "yaml.hint.close_list"),
    "while parsing a flow mapping": ("yaml.unclosed_mapping", "yaml.hint.close_mapping"),
    "while scanning a quoted scalar": ("yaml.unclosed_quote", "yaml.hint.close_quote"),
}

_KEY = r"[A-Za-z_][A-Za-z0-9_-]*"
# The structural start of a line: indentation, list dashes, a field name, its colon and the one
# character after it (a value may itself begin with a full-width space after ': ').
_STRUCTURE = re.compile(rf"^[ \t\u3000]*(?:-(?:[ ]+|[\t\u3000]))*(?:{_KEY}[ \t\u3000]*[:：][\t\u3000]?)?")
_BLOCK_SCALAR = re.compile(r"[:-][ \t]*[|>][0-9+-]*[ \t]*(?:#.*)?$")


def typing_slips(text: str, line_offset: int = 0) -> None:
    """Refuse the slips of a Chinese typist where YAML needs ASCII: a full-width colon after a field
    name, a full-width space or a tab in the indentation or around the colon. Each is reported at its
    own line and column (PyYAML would give a generic error elsewhere, or none at all). The text of a
    block scalar (``key: |``) is text and is left alone."""
    block_indent: int | None = None
    for n, line in enumerate(text.split("\n")):
        indent = len(line) - len(line.lstrip(" "))
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if line.lstrip(" \t\u3000").startswith("#"):
            continue
        if _BLOCK_SCALAR.search(line):
            block_indent = indent
        prefix = _STRUCTURE.match(line)
        assert prefix is not None
        for i, ch in enumerate(prefix.group(0)):
            if ch in "\t\u3000：":
                if ch == "：":
                    key = re.search(rf"({_KEY})[ \t\u3000]*：$", line[:i + 1])
                    message = msg("yaml.fullwidth_colon", key=key[1] if key else "")
                else:
                    message = msg("yaml.tab" if ch == "\t" else "yaml.fullwidth_space")
                raise YamlProblem(n + 1 + line_offset, i + 1, message)


def _syntax_problem(exc: yaml.MarkedYAMLError, line_offset: int) -> YamlProblem:
    """A located, actionable message for a PyYAML syntax error."""
    context = str(exc.context or "")
    if "expected a single document" in context:
        return _problem(exc.problem_mark or exc.context_mark, msg("yaml.several_documents"), line_offset)
    problem, cmark = exc.problem_mark, exc.context_mark
    if context in _OPENERS and cmark is not None and (problem is None or problem.line != cmark.line):
        what, hint = _OPENERS[context]
        stopped = msg("yaml.stopped_at", line=problem.line + 1 + line_offset) if problem else ""
        return _problem(cmark, msg("yaml.syntax_unclosed", what=msg(what), stopped=stopped, hint=msg(hint)),
                        line_offset)
    what = exc.problem or exc.context or "invalid YAML"
    both = f"{context} {what}"
    hint = next((h for key, h in _HINTS if key in both), "yaml.hint.generic")
    return _problem(problem or cmark, msg("yaml.syntax", what=what, hint=msg(hint)), line_offset)


def _convert(node: yaml.Node, path: Path, out: Loaded, off: int) -> Any:
    mark = node.start_mark
    out.pos[path] = (mark.line + 1 + off, mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _problem(key_node.start_mark, msg("yaml.merge_key"), off)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _problem(key_node.start_mark, msg("yaml.key_not_plain"), off)
            key = str(key_node.value)
            line = key_node.start_mark.line + 1 + off
            if key in result:
                raise _problem(
                    key_node.start_mark,
                    msg("yaml.duplicate_key", key=key, line=first_line[key]),
                    off,
                )
            first_line[key] = line
            out.key_pos[path + (key,)] = (line, key_node.start_mark.column + 1)
            out.key_end[path + (key,)] = (key_node.end_mark.line + 1 + off, key_node.end_mark.column + 1)
            result[key] = _convert(value_node, path + (key,), out, off)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(child, path + (i,), out, off) for i, child in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    out.raw[path] = node.value
    out.end[path] = (node.end_mark.line + 1 + off, node.end_mark.column + 1)
    if not node.style:
        out.plain.add(path)
    if node.tag == _STR:                 # what SafeConstructor makes of it, without its dispatch
        return node.value
    if node.tag == "tag:yaml.org,2002:timestamp":
        return _timestamp(node.value)
    try:
        return _constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        if "could not determine a constructor" in str(exc.problem):
            tag = re.sub(r"^tag:yaml\.org,2002:", "!!", node.tag)  # as the person wrote it
            raise _problem(node.start_mark, msg("yaml.unsupported_tag", tag=tag), off) from None
        raise _problem(node.start_mark, msg("yaml.cannot_read", text=str(exc.problem)), off) from None
    except (ValueError, TypeError) as exc:
        raise _problem(node.start_mark, msg("yaml.cannot_read", text=str(exc)), off) from None
