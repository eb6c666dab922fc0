"""Declarative schemas for every record type (submissions, solicitations, config).

A record type is a :class:`Schema`: a mapping of field names to typed
:class:`Field` objects. Checking a loaded document against it converts values,
fills defaults and reports each problem at the line and column of the offending
key or value, with a suggestion for typos. Adding a record type means writing
a schema, not a new validation pipeline.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import ERROR, WARNING, Problem, suggest, suggest_named
from ..messages import Msg, msg, term
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
    return out or msg("schema.the_document")


def _misread(value: Any, at: Path, ctx: Ctx) -> str:
    """Explain what YAML made of a value that should have been text."""
    raw = ctx.doc.raw.get(tuple(at))
    plain = tuple(at) in ctx.doc.plain
    if isinstance(value, bool) and plain:
        return msg("schema.read_as_bool", raw=raw, value=str(value).lower())
    if isinstance(value, (dt.date, InvalidDate)) and plain:
        return msg("schema.read_as_date", raw=raw)
    if isinstance(value, (int, float)) and plain:
        return msg("schema.read_as_number", raw=raw)
    if value is None:
        return msg("schema.it_is_empty")
    if isinstance(value, str):
        return msg("schema.it_is_text", text=value if len(value) <= 40 else value[:40] + '…')
    if isinstance(value, list):
        return msg("schema.it_is_list")
    if isinstance(value, dict):
        return msg("schema.it_is_mapping")
    return msg("schema.it_is_other", kind=type(value).__name__)


def _n(t: "Type") -> str:
    """A type's name for a message (a Schema's name is an English term of the catalogue)."""
    return t.name if isinstance(t.name, Msg) else term(t.name)


class Type:
    """A value type: converts a loaded value or reports why it cannot."""

    name: str = "value"

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class Text(Type):
    name = msg("type.text")

    def __init__(self, *, pattern: str | None = None, hint: str = "", strip: bool = True):
        """``hint``: an English term of the message catalogue's TERMS, said after an invalid value."""
        self.pattern = re.compile(pattern) if pattern else None
        self.hint = hint
        self.strip = strip

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, str):
            ctx.error(at, msg("schema.must_be_but", field=label(at), type=self.name, why=_misread(value, at, ctx)))
            return INVALID
        text = value.strip() if self.strip else value
        if not text:
            ctx.error(at, msg("schema.empty", field=label(at)))
            return INVALID
        if self.pattern and not self.pattern.fullmatch(text):
            ctx.error(at, msg("schema.invalid_value", field=label(at), value=text,
                              hint=msg("schema.hint", hint=term(self.hint)) if self.hint else ""))
            return INVALID
        return text


class Id(Text):
    name = msg("type.id")

    def __init__(self) -> None:
        super().__init__(pattern=r"[a-z0-9_-]+", hint="use lower-case letters, digits, '-' and '_'")


class Ref(Text):
    """An id that must name a known record of ``kind`` (unit, person, outlet...)."""

    def __init__(self, kind: str, what: str | None = None):
        super().__init__()
        self.kind = kind
        self.what = what or kind
        self.name = msg("type.ref", what=term(self.what))

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
                return self._by_name(text, known, at, ctx)
        return text

    def _by_name(self, text: str, known: set[str], at: Path, ctx: Ctx) -> Any:
        """A reference written as a name (建筑管理科 for jianguan): its id when the name is unambiguous."""
        name_of: dict[str, str] = {}
        for line in ctx.known.get(f"{self.kind}:names", ()):
            ident, _, name = line.partition("\t")
            name_of[ident] = name
        ids_of: dict[str, list[str]] = {}
        for ident, name in name_of.items():
            ids_of.setdefault(_squash(name), []).append(ident)
        ids = ids_of.get(_squash(text), [])
        if len(ids) == 1:
            return ids[0]
        if ids:
            ctx.error(at, msg("schema.ambiguous_ref", what=term(self.what), value=text,
                              candidates=[msg("schema.candidate", id=i, name=name_of[i]) for i in sorted(ids)]))
            return INVALID
        suggestion = suggest_named(text, name_of) if name_of else suggest(text, known)
        ctx.error(at, msg("schema.unknown_ref", what=term(self.what), value=text, suggestion=suggestion))
        return INVALID


def _squash(name: str) -> str:
    """A name as compared: no white space (全角 or not)."""
    return re.sub(r"[\s\u3000]+", "", name)


class Enum(Type):
    def __init__(self, *choices: str):
        self.choices = choices
        self.name = msg("type.one_of", choices=list(choices))

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, str) or value not in self.choices:
            shown = ctx.doc.raw.get(tuple(at), value)
            ctx.error(at, msg("schema.must_be_not", field=label(at), type=self.name, value=shown,
                              suggestion=suggest(str(shown), self.choices)))
            return INVALID
        return value


class Bool(Type):
    name = msg("type.bool")

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, bool):
            shown = ctx.doc.raw.get(tuple(at), value)
            ctx.error(at, msg("schema.must_be_not", field=label(at), type=self.name, value=shown, suggestion=""))
            return INVALID
        return value


class Number(Type):
    name = msg("type.number")

    def __init__(self, *, minimum: float | None = None, integer: bool = False):
        self.minimum = minimum
        self.integer = integer

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and self.integer and not isinstance(value, int):
            ok = False
        if not ok or (isinstance(value, float) and value != value) or value in (float("inf"), float("-inf")):
            shown = ctx.doc.raw.get(tuple(at), value)
            kind = msg("type.integer") if self.integer else msg("type.number")
            ctx.error(at, msg("schema.must_be_not", field=label(at), type=kind, value=shown, suggestion=""))
            return INVALID
        if self.minimum is not None and value < self.minimum:
            ctx.error(at, msg("schema.at_least", field=label(at), minimum=self.minimum, value=value))
            return INVALID
        return value if self.integer else Fraction(str(value)) if isinstance(value, float) else Fraction(value)


class Date(Type):
    name = msg("type.date")

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, InvalidDate):
            ctx.error(at, msg("schema.not_a_real_date", field=label(at), raw=raw))
            return INVALID
        if isinstance(value, dt.datetime):
            ctx.error(at, msg("schema.date_without_time", field=label(at), date=value.date().isoformat()))
            return INVALID
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", value.strip()):
            y, m, d = (int(x) for x in value.strip().split("-"))
            try:
                return dt.date(y, m, d)
            except ValueError:
                ctx.error(at, msg("schema.not_a_real_date", field=label(at), raw=value))
                return INVALID
        ctx.error(at, msg("schema.date_format", field=label(at), raw=raw))
        return INVALID


class ListOf(Type):
    def __init__(self, item: Type, *, single: bool = False, nonempty: bool = False, unique: bool = True):
        self.item = item
        self.single = single
        self.nonempty = nonempty
        self.unique = unique
        # "a list of an adoption" reads badly: say what a list of records looks like instead.
        self.name = (msg("type.list_of_entries") if isinstance(item, Schema) else msg("type.list_of", item=_n(item)))

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if value is None and not self.nonempty:
            return []
        if not isinstance(value, list):
            if self.single and not isinstance(value, dict):
                converted = self.item.check(value, at, ctx)
                return INVALID if converted is INVALID else [converted]
            ctx.error(at, msg("schema.must_be_but", field=label(at), type=self.name, why=_misread(value, at, ctx)))
            return INVALID
        if self.nonempty and not value:
            ctx.error(at, msg("schema.empty_list", field=label(at)))
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
                    ctx.error(tuple(at) + (i,), msg("schema.listed_twice", value=converted, field=label(at)))
                    ok = False
                seen.add(converted)
            out.append(converted)
        return out if ok else INVALID


class MapOf(Type):
    """A mapping with free keys (checked by ``key``) and typed values."""

    def __init__(self, value: Type, key: Type | None = None):
        self.value = value
        self.key = key
        self.name = msg("type.mapping_of", value=_n(value))

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        if not isinstance(value, dict):
            ctx.error(at, msg("schema.must_be_but", field=label(at), type=self.name, why=_misread(value, at, ctx)))
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
        name: str = _n(types[-1])
        for t in reversed(types[:-1]):
            name = msg("type.or", a=_n(t), b=name)
        self.name = name

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
            ctx.error(at, msg("schema.not_a_mapping", field=label(at) if at else msg("schema.the_front_matter"),
                              why=_misread(value, at, ctx)))
            return INVALID
        out: dict[str, Any] = {}
        ok = True
        for key in value:
            if key not in self.fields:
                ctx.report(at + (key,), msg("schema.unknown_field", key=key, schema=term(self.name),
                                            suggestion=suggest(key, self.fields) or msg("schema.ignored")),
                           self.unknown, key=True)
                ok = ok and self.unknown != ERROR
        for name, spec in self.fields.items():
            if name not in value or value[name] is None and spec.required:
                if spec.required:
                    where = at + (name,) if name in value else at
                    ctx.error(where, msg("schema.missing_field", name=name, schema=term(self.name),
                                         help=msg("schema.hint", hint=term(spec.help)) if spec.help else ""),
                              key=name in value)
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

    name = msg("type.datetime")

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, InvalidDate):
            ctx.error(at, msg("schema.not_a_real_datetime", field=label(at), raw=raw))
            return INVALID
        if isinstance(value, dt.datetime):
            return value
        if isinstance(value, dt.date):
            return dt.datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
            if m:
                try:
                    year, month, day, hour, minute, second = (int(x) for x in m.groups(default="0"))
                    return dt.datetime(year, month, day, hour, minute, second)
                except ValueError:
                    ctx.error(at, msg("schema.not_a_real_datetime", field=label(at), raw=raw))
                    return INVALID
        ctx.error(at, msg("schema.datetime_format", field=label(at), raw=raw))
        return INVALID


class Month(Type):
    """A month ``2026-03`` or a day ``2026-03-15`` (a plan's time node); returns (first day, last day)."""

    name = msg("type.month")

    def check(self, value: Any, at: Path, ctx: Ctx) -> Any:
        raw = ctx.doc.raw.get(tuple(at), str(value))
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return (value, value)
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        m = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
        if m and 1 <= int(m[2]) <= 12:
            y, mo = int(m[1]), int(m[2])
            return (dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1]))
        ctx.error(at, msg("schema.month_format", field=label(at), raw=raw))
        return INVALID
