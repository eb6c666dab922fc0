"""Declarative schemas for every record type (submissions, solicitations, config).

A record type is a :class:`Schema`: a mapping of field names to typed
:class:`Field` objects. Checking a loaded document against it converts values,
fills defaults and reports each problem at the line and column of the offending
key or value, with a suggestion for typos. Adding a record type means writing
a schema, not a new validation pipeline.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Mapping

from ..errors import ERROR, WARNING, Problem, suggest
from .yamlio import InvalidDate, Loaded, Path


class _Invalid:
    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()
"""Returned by a type check that has already reported its problem."""


@dataclass
class Ctx:
    """Where problems go while one document is checked."""

    path: str
    doc: Loaded
    problems: list[Problem]
    known: Mapping[str, Iterable[str]] = field(default_factory=dict)

    def report(self, at: Path, message: str, severity: str = ERROR, *, key: bool = False) -> None:
        line, col = self.doc.key_at(at) if key else self.doc.at(at)
        self.problems.append(Problem(self.path, line, col, severity, message))

    def error(self, at: Path, message: str, *, key: bool = False) -> None:
        self.report(at, message, ERROR, key=key)

    def warning(self, at: Path, message: str, *, key: bool = False) -> None:
        self.report(at, message, WARNING, key=key)


def label(at: Path) -> str:
    """A field path as a person would write it: ``adoptions[2].outlet``."""
    out = ""
    for part in at:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "the document"


def _misread(value: Any, at: Path, ctx: Ctx) -> str:
    """Explain what YAML made of a value that should have been text."""
    raw = ctx.doc.raw.get(tuple(at))
    plain = tuple(at) in ctx.doc.plain
    if isinstance(value, bool) and plain:
        return (f"'{raw}' was read as the boolean {str(value).lower()} (YAML reads yes/no/on/off "
                f"as true/false); put it in quotes: \"{raw}\"")
    if isinstance(value, (dt.date, InvalidDate)) and plain:
        return f"'{raw}' was read as a date; put it in quotes: \"{raw}\""
    if isinstance(value, (int, float)) and plain:
        return f"'{raw}' was read as a number; put it in quotes: \"{raw}\""
    if value is None:
        return "it is empty"
    if isinstance(value, str):
        return f"it is the text '{value if len(value) <= 40 else value[:40] + '…'}'"
    if isinstance(value, list):
        return "it is a list"
    if isinstance(value, dict):
        return "it is a mapping of fields"
    return f"it is {type(value).__name__}"


class Type:
    """A value type: converts a loaded value or reports why it cannot."""

    name = "value"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class Text(Type):
    name = "text"

    def __init__(self, *, pattern: str | None = None, hint: str = "", strip: bool = True):
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint
        self.strip = strip

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, str):
            ctx.error(at, f"'{label(at)}' must be {self.name}, but {_misread(value, at, ctx)}")
            return INVALID
        text = value.strip() if self.strip else value
        if not text:
            ctx.error(at, f"'{label(at)}' must not be empty")
            return INVALID
        if self.pattern and not self.pattern.fullmatch(text):
            ctx.error(at, f"'{label(at)}' has an invalid value '{text}'{self.hint}")
            return INVALID
        return text


class Id(Text):
    name = "an id"

    def __init__(self) -> None:
        super().__init__(pattern=r"[a-z0-9_-]+", hint=": use lower-case letters, digits, '-' and '_'")


class Ref(Text):
    """An id that must name a known record of ``kind`` (unit, person, outlet...)."""

    def __init__(self, kind: str, what: str | None = None):
        super().__init__()
        self.kind = kind
        self.what = what or kind
        self.name = f"a {self.what} id"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and tuple(at) in ctx.doc.plain:
            value_text = ctx.doc.raw.get(tuple(at), str(value))
            known = ctx.known.get(self.kind)
            if known is not None and value_text in set(known):
                return value_text  # e.g. a numeric solicitation id such as 2026-007 is text already
        text = super().check(value, at, ctx)
        if text is INVALID:
            return INVALID
        known = ctx.known.get(self.kind)
        if known is not None:
            known = set(known)
            if text not in known:
                ctx.error(at, f"unknown {self.what} '{text}'{suggest(text, known)}")
                return INVALID
        return text


class Enum(Type):
    def __init__(self, *choices: str):
        self.choices = choices
        self.name = "one of " + ", ".join(choices)

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, str) or value not in self.choices:
            shown = ctx.doc.raw.get(tuple(at), value)
            ctx.error(at, f"'{label(at)}' must be {self.name}, not '{shown}'"
                          f"{suggest(str(shown), self.choices)}")
            return INVALID
        return value


class Bool(Type):
    name = "true or false"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, bool):
            shown = ctx.doc.raw.get(tuple(at), value)
            ctx.error(at, f"'{label(at)}' must be true or false, not '{shown}'")
            return INVALID
        return value


class Number(Type):
    name = "a number"

    def __init__(self, *, minimum: float | None = None, integer: bool = False):
        self.minimum = minimum
        self.integer = integer

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and self.integer and not isinstance(value, int):
            ok = False
        if not ok or (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
            shown = ctx.doc.raw.get(tuple(at), value)
            kind = "a whole number" if self.integer else "a number"
            ctx.error(at, f"'{label(at)}' must be {kind}, not '{shown}'")
            return INVALID
        if self.minimum is not None and value < self.minimum:
            ctx.error(at, f"'{label(at)}' must be at least {self.minimum}, not {value}")
            return INVALID
        return value if self.integer else Fraction(str(value)) if isinstance(value, float) else Fraction(value)


class Date(Type):
    name = "a date"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, InvalidDate):
            ctx.error(at, f"'{label(at)}' is not a real date: '{raw}'; write it as YYYY-MM-DD")
            return INVALID
        if isinstance(value, dt.datetime):
            ctx.error(at, f"'{label(at)}' must be a date without a time: write {value.date().isoformat()}")
            return INVALID
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
            y, m, d = (int(x) for x in value.strip().split("-"))
            try:
                return dt.date(y, m, d)
            except ValueError:
                ctx.error(at, f"'{label(at)}' is not a real date: '{value}'; write it as YYYY-MM-DD")
                return INVALID
        ctx.error(at, f"'{label(at)}' must be a date written YYYY-MM-DD, not '{raw}'")
        return INVALID


class ListOf(Type):
    def __init__(self, item: Type, *, single: bool = False, nonempty: bool = False, unique: bool = True):
        self.item = item
        self.single = single
        self.nonempty = nonempty
        self.unique = unique
        # "a list of an adoption" reads badly: say what a list of records looks like instead.
        self.name = ("a list of entries, each starting with '- '"
                     if isinstance(item, Schema) else f"a list of {item.name}")

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if value is None and not self.nonempty:
            return []
        if not isinstance(value, list):
            if self.single and not isinstance(value, dict):
                converted = self.item.check(value, at, ctx)
                return INVALID if converted is INVALID else [converted]
            ctx.error(at, f"'{label(at)}' must be {self.name}, but {_misread(value, at, ctx)}")
            return INVALID
        if self.nonempty and not value:
            ctx.error(at, f"'{label(at)}' must not be an empty list")
            return INVALID
        out = []
        ok = True
        seen: set[Any] = set()
        for i, item in enumerate(value):
            converted = self.item.check(item, tuple(at) + (i,), ctx)
            if converted is INVALID:
                ok = False
                continue
            if self.unique and isinstance(converted, str):
                if converted in seen:
                    ctx.error(tuple(at) + (i,), f"'{converted}' is listed twice in '{label(at)}'")
                    ok = False
                seen.add(converted)
            out.append(converted)
        return out if ok else INVALID


class MapOf(Type):
    """A mapping with free keys (checked by ``key``) and typed values."""

    def __init__(self, value: Type, key: Type | None = None):
        self.value = value
        self.key = key
        self.name = f"a mapping of {value.name}"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(at, f"'{label(at)}' must be {self.name}, but {_misread(value, at, ctx)}")
            return INVALID
        out = {}
        ok = True
        for k, v in value.items():
            p = tuple(at) + (k,)
            if self.key is not None and self.key.check(k, p, _KeyCtx(ctx)) is INVALID:
                ok = False
                continue
            converted = self.value.check(v, p, ctx)
            if converted is INVALID:
                ok = False
            else:
                out[k] = converted
        return out if ok else INVALID


class _KeyCtx(Ctx):
    """Reports key problems at the key's position."""

    def __init__(self, inner: Ctx):
        super().__init__(inner.path, inner.doc, inner.problems, inner.known)

    def report(self, at: Path, message: str, severity: str = ERROR, *, key: bool = False) -> None:
        super().report(at, message, severity, key=True)


class Either(Type):
    """The first of several types that accepts the value (e.g. ``all`` or a list)."""

    def __init__(self, *types: Type, accept: Callable[[Any], int] | None = None):
        self.types = types
        self.accept = accept
        self.name = " or ".join(t.name for t in types)

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        index = self.accept(value) if self.accept else 0
        return self.types[index].check(value, at, ctx)


@dataclass(frozen=True)
class Field:
    type: Type
    required: bool = False
    default: Any = None
    help: str = ""


class Schema(Type):
    """A mapping with named fields; unknown fields are reported (warning by default)."""

    def __init__(self, name: str, fields: dict[str, Field], *, unknown: str = WARNING,
                 post: Callable[[dict[str, Any], Path, Ctx], None] | None = None):
        self.name = name
        self.fields = fields
        self.unknown = unknown
        self.post = post

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        at = tuple(at)
        if not isinstance(value, dict):
            ctx.error(at, f"{label(at) if at else 'the front-matter'} must be a mapping of "
                          f"'field: value' lines, but {_misread(value, at, ctx)}")
            return INVALID
        out: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in self.fields:
                ctx.report(at + (key,), f"unknown field '{key}' in {self.name}"
                                        f"{suggest(key, self.fields) or '; it is ignored'}",
                           self.unknown, key=True)
                ok = ok and self.unknown != ERROR
        for name, spec in self.fields.items():
            if name not in value or value[name] is None and spec.required:
                if spec.required:
                    where = at + (name,) if name in value else at
                    ctx.error(where, f"missing required field '{name}' in {self.name}"
                                     + (f": {spec.help}" if spec.help else ""), key=name in value)
                    ok = False
                out[name] = spec.default() if callable(spec.default) else spec.default
                continue
            if value[name] is None:
                out[name] = spec.default() if callable(spec.default) else spec.default
                continue
            converted = spec.type.check(value[name], at + (name,), ctx)
            if converted is INVALID:
                ok = False
            out[name] = converted
        if ok and self.post:
            before = len(ctx.problems)
            self.post(out, at, ctx)
            ok = not any(p.is_error for p in ctx.problems[before:])
        return out if ok else INVALID


class DateTime(Type):
    """A date and time (``2026-05-12 09:30``); a bare date means its first minute. Naive values are
    taken in scoring.yaml's time zone by whoever uses them."""

    name = "a date and time"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, InvalidDate):
            ctx.error(at, f"'{label(at)}' is not a real date and time: '{raw}'; write it as YYYY-MM-DD HH:MM")
            return INVALID
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
            if m:
                try:
                    return dt.datetime(*(int(x) for x in m.groups(default="0")))
                except ValueError:
                    ctx.error(at, f"'{label(at)}' is not a real date and time: '{raw}'; "
                                  "write it as YYYY-MM-DD HH:MM")
                    return INVALID
        ctx.error(at, f"'{label(at)}' must be a date and time written YYYY-MM-DD HH:MM, not '{raw}'")
        return INVALID


class Month(Type):
    """A month ``2026-03`` or a day ``2026-03-15`` (a plan's time node); returns (first day, last day)."""

    name = "a month (YYYY-MM) or a date"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        import calendar

        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return (value, value)
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if m and 1 <= int(m[2]) <= 12:
            y, mo = int(m[1]), int(m[2])
            return (dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1]))
        ctx.error(at, f"'{label(at)}' must be a month such as 2026-03 or a date such as 2026-03-15, not '{raw}'")
        return INVALID
