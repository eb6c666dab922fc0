"""units.yaml + scoring.yaml -> a typed, cross-checked :class:`Config`.

Loading never stops at the first problem: every problem of both files is
returned, and a :class:`Config` is built from whatever could be read so that
``bulletin check`` can still check submissions against it.
"""
from __future__ import annotations

import datetime as dt
import difflib
import zoneinfo
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path as FsPath
from typing import Any

from ..errors import ERROR, WARNING, Problem, suggest
from ..messages import msg, term
from .safety import SECRET_VALUE_FIX, marking_problems
from .schema import INVALID, Bool, Ctx, Date, Either, Enum, Field, Id, ListOf, MapOf, Number, Schema, Text, label
from .textfile import read_yaml
from .yamlio import Loaded

UNITS_FILE = "units.yaml"
SCORING_FILE = "scoring.yaml"


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    emails: tuple[str, ...]
    unit: str | None
    title: str
    roles: tuple[str, ...]
    line: int = 0
    cadre: bool = False              # 科级干部: their 学习强国 year points are tracked


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    type: str
    head: tuple[str, ...]
    leader: str | None
    liaisons: tuple[str, ...]
    active: bool
    line: int = 0


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    approvers: str | tuple[str, ...]   # "unit.head", "unit.leader", "role:NAME" or person ids
    when: tuple[tuple[str, Any], ...] = ()   # front-matter field -> value, all must match

    def applies(self, fields: dict[str, Any]) -> bool:
        """Whether this stage is required for a submission with these front-matter values."""
        for key, want in self.when:
            have = fields.get(key)
            if isinstance(have, (list, tuple)):
                if want not in have:
                    return False
            elif have != want:
                return False
        return True


DEFAULT_RECORD_STAGES: dict[str, tuple[Stage, ...]] = {
    # 舆情 replies: "通过审核后由局办公室统一回复" (seed 002): the unit, then the office.
    "opinion": (Stage("unit", "单位审核", "unit.head"), Stage("office", "办公室审核", "role:office")),
    # Media interviews: registered and approved (seed 000) by the office and the leader in charge.
    "interview": (Stage("office", "办公室审批", "role:office"), Stage("leader", "分管领导审批", "unit.leader")),
}


@dataclass(frozen=True)
class Review:
    stages: tuple[Stage, ...]
    author_cannot_approve: bool = True
    trust: str = "author"              # author | signature
    trusted_committers: tuple[str, ...] = ()   # lower-cased emails
    allowed_signers: str | None = None
    record_stages: dict[str, tuple[Stage, ...]] = field(default_factory=lambda: dict(DEFAULT_RECORD_STAGES))
    ordered: bool = False              # SPEC 9: stages are met in the order they are listed
    overdue_days: int = 3              # working days an item may wait at a stage before it is overdue
    escalate_days: int = 7             # working days after which the 分管领导 is told (bulletin remind)
    holidays: tuple[dt.date, ...] = ()   # days off that are not Saturday or Sunday (法定节假日)
    workdays: tuple[dt.date, ...] = ()   # Saturdays or Sundays worked (调休上班)

    def stages_for(self, kind: str) -> tuple[Stage, ...]:
        """The review stages of a record type (submissions: ``stages``)."""
        if kind == "submission":
            return self.stages
        return self.record_stages.get(kind, ())


@dataclass(frozen=True)
class Level:
    id: str
    name: str


@dataclass(frozen=True)
class Category:
    id: str
    name: str


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    level: str
    kind: str


@dataclass(frozen=True)
class SolicitationRules:
    deadline_days: int = 3
    on_time_bonus: Fraction = Fraction(0)
    late_penalty: Fraction = Fraction(0)
    missed_penalty: Fraction = Fraction(0)


@dataclass(frozen=True)
class OpinionRules:
    """舆情 time limits: report within N hours of finding, reply within M days (penalties optional)."""

    report_within_hours: int = 24
    reply_within_days: int = 3
    late_report_penalty: Fraction | None = None
    late_reply_penalty: Fraction | None = None


@dataclass(frozen=True)
class Awards:
    units: int = 0
    people: int = 0
    require_target: bool = False
    disqualify_heads: bool = False     # SPEC 9: a head shares the fate of a unit that missed its target


@dataclass(frozen=True)
class LearningTargets:
    """学习强国 targets: registration and daily log-in rates (fractions of 1), a cadre's points a year."""

    registration: Fraction = Fraction(1)
    daily_login: Fraction = Fraction(95, 100)
    cadre_points: Fraction = Fraction(5000)


@dataclass(frozen=True)
class Scoring:
    timezone: str
    levels: tuple[Level, ...]
    categories: tuple[Category, ...]
    outlets: dict[str, Outlet]
    points: dict[str, dict[str, Fraction]]      # category (or "default") -> level -> points
    multiple_adoptions: str = "sum"             # sum | max
    instruction_points: dict[str, Fraction] = field(default_factory=dict)
    solicitation: SolicitationRules = SolicitationRules()
    urgent_late_penalty: Fraction = Fraction(0)
    backflow_penalty: Fraction = Fraction(0)
    author_split: str = "equal"                 # equal | first_author
    evidence_required: bool = True
    unit_targets: dict[str, Fraction] = field(default_factory=dict)   # unit id -> points per year
    default_unit_target: Fraction | None = None
    awards: Awards = Awards()
    learning: LearningTargets = LearningTargets()
    opinions: OpinionRules = field(default_factory=lambda: OpinionRules())
    competition_points: dict[str, Fraction] = field(default_factory=dict)   # award grade -> points
    person_targets: dict[str, Fraction] = field(default_factory=dict)   # person id -> points per year
    default_person_target: Fraction | None = None
    people_targets_set: bool = False            # SPEC 9: targets.people configured
    recorders: str | tuple[str, ...] | None = None   # SPEC 9: who records adoptions and 批示 (None: anyone)

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def adoption_points(self, category: str, level: str) -> Fraction:
        """``points[category][level]``, else ``points.default[level]``, else 0 (SPEC 8)."""
        row = self.points.get(category)
        if row is not None and level in row:
            return row[level]
        default = self.points.get("default", {})
        return default.get(level, Fraction(0))

    def target_for(self, unit: str) -> Fraction | None:
        return self.unit_targets.get(unit, self.default_unit_target)

    def person_target_for(self, person: str) -> Fraction | None:
        """A person's annual target (SPEC 9), or None when targets.people is not configured."""
        if not self.people_targets_set:
            return None
        return self.person_targets.get(person, self.default_person_target)


# Lookups a Config memoises in itself (by e-mail, by role): not part of what it is.
_LOOKUPS = ("_email_cache", "_role_cache")


@dataclass(frozen=True)
class Config:
    organization_name: str
    organization_short: str
    people: dict[str, Person]
    units: dict[str, Unit]
    review: Review
    scoring: Scoring

    def person_by_email(self, email: str) -> Person | None:
        return self._emails.get(email.strip().lower())

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle holds: the configuration without the lookups made from it (below), so
        that equal configurations pickle alike (the site's memo keys on them) however used."""
        return {k: v for k, v in self.__dict__.items() if k not in _LOOKUPS}

    @property
    def _emails(self) -> dict[str, Person]:
        cache = self.__dict__.get("_email_cache")
        if cache is None:
            cache = {e.lower(): p for p in self.people.values() for e in p.emails}
            object.__setattr__(self, "_email_cache", cache)
        return cache

    def people_with_role(self, role: str) -> list[Person]:
        cache: dict[str, list[Person]] | None = self.__dict__.get("_role_cache")
        if cache is None:
            cache = {}
            object.__setattr__(self, "_role_cache", cache)
        if role not in cache:
            cache[role] = [p for p in self.people.values() if role in p.roles]
        return list(cache[role])

    def recorders(self) -> set[str] | None:
        """Person ids who may record adoptions and 批示 (scoring.yaml recorders), None: anyone."""
        spec = self.scoring.recorders
        if spec is None:
            return None
        if isinstance(spec, tuple):
            return set(spec)
        if spec.startswith("role:"):
            return {p.id for p in self.people_with_role(spec[5:])}
        return {spec} if spec in self.people else set()

    def eligible(self, stage: Stage, lead_unit: str) -> set[str]:
        """Person ids who may approve ``stage`` for an item whose lead unit is ``lead_unit``."""
        spec = stage.approvers
        unit = self.units.get(lead_unit)
        if isinstance(spec, tuple):
            return set(spec)
        if spec == "unit.head":
            return set(unit.head) if unit else set()
        if spec == "unit.leader":
            return {unit.leader} if unit and unit.leader else set()
        if spec.startswith("role:"):
            return {p.id for p in self.people_with_role(spec[5:])}
        return set()

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return self.scoring.tz

    def known(self) -> dict[str, list[str]]:
        """Ids by kind, for checking references in records; ``KIND:names`` lists ``id<TAB>name``
        so that a record may name a unit, person, category, level or outlet by its Chinese name."""
        named: dict[str, list[tuple[str, str]]] = {
            "unit": [(u.id, u.name) for u in self.units.values()],
            "person": [(p.id, p.name) for p in self.people.values()],
            "category": [(c.id, c.name) for c in self.scoring.categories],
            "level": [(lv.id, lv.name) for lv in self.scoring.levels],
            "outlet": [(o.id, o.name) for o in self.scoring.outlets.values()],
        }
        out: dict[str, list[str]] = {}
        for kind, pairs in named.items():
            out[kind] = [i for i, _ in pairs]
            out[f"{kind}:names"] = [f"{i}\t{n}" for i, n in pairs]
        return out


# --------------------------------------------------------------------------- schemas

_EMAIL = Text(pattern=r"[^@\s]+@[^@\s]+", hint="write an e-mail address such as name@example.gov.cn")

PERSON = Schema("a person", {
    "id": Field(Id(), required=True),
    "name": Field(Text(), required=True),
    "emails": Field(ListOf(_EMAIL, single=True), default=list),
    "unit": Field(Text()),
    "title": Field(Text(), default=""),
    "roles": Field(ListOf(Text(), single=True), default=list),
    "cadre": Field(Bool(), default=False),
})

UNIT = Schema("a unit", {
    "id": Field(Id(), required=True),
    "name": Field(Text(), required=True),
    "type": Field(Text(), default=""),
    "head": Field(ListOf(Text(), single=True), default=list),
    "leader": Field(Text()),
    "liaisons": Field(ListOf(Text(), single=True), default=list),
    "active": Field(Bool(), default=True),
})

STAGE = Schema("a review stage", {
    "id": Field(Id(), required=True),
    "name": Field(Text(), required=True),
    "approvers": Field(Either(Text(), ListOf(Text(), nonempty=True),
                              accept=lambda v: 1 if isinstance(v, list) else 0), required=True,
                       help="unit.head, unit.leader, role:NAME or a list of person ids"),
    "when": Field(MapOf(Either(Text(), Bool(), accept=lambda v: 1 if isinstance(v, bool) else 0)),
                  default=dict),
})

UNITS = Schema("units.yaml", {
    "organization": Field(Schema("organization", {
        "name": Field(Text(), required=True),
        "short_name": Field(Text()),
        "language": Field(Enum("zh", "en"), default="zh"),
    }), required=True),
    "people": Field(ListOf(PERSON), required=True),
    "units": Field(ListOf(UNIT, nonempty=True), required=True),
    "review": Field(Schema("review", {
        "stages": Field(ListOf(STAGE, nonempty=True), required=True),
        "author_cannot_approve": Field(Bool(), default=True),
        "trust": Field(Enum("author", "signature"), default="author"),
        "trusted_committers": Field(ListOf(_EMAIL, single=True), default=list),
        "allowed_signers": Field(Text()),
        "records": Field(MapOf(ListOf(STAGE, nonempty=True), key=Enum("opinion", "interview")), default=dict),
        "ordered": Field(Bool(), default=False),
        "overdue_days": Field(Number(minimum=1, integer=True), default=3),
        "escalate_days": Field(Number(minimum=1, integer=True), default=7),
        "holidays": Field(ListOf(Date()), default=list),
        "workdays": Field(ListOf(Date()), default=list),
    }), required=True),
})

_NAMED = {"id": Field(Id(), required=True), "name": Field(Text(), required=True)}


def _rates_at_most_one(values: dict[str, Any], at: tuple[Any, ...], ctx: Ctx) -> None:
    for key in ("registration", "daily_login"):
        if values.get(key) is not None and values[key] > 1:
            ctx.error(at + (key,), msg("config.rate_fraction", key=key, value=values[key]))
_POINTS = Number()

SCORING = Schema("scoring.yaml", {
    "timezone": Field(Text(), default="Asia/Shanghai"),
    "levels": Field(ListOf(Schema("a level", dict(_NAMED)), nonempty=True), required=True),
    "categories": Field(ListOf(Schema("a category", dict(_NAMED)), nonempty=True), required=True),
    "outlets": Field(ListOf(Schema("an outlet", {
        **_NAMED, "level": Field(Text(), required=True), "kind": Field(Text(), default=""),
        "url": Field(Text()),
    })), default=list),
    "points": Field(MapOf(MapOf(_POINTS)), default=dict),
    "multiple_adoptions": Field(Enum("sum", "max"), default="sum"),
    "instruction_points": Field(MapOf(_POINTS), default=dict),
    "solicitation": Field(Schema("solicitation", {
        "deadline_days": Field(Number(minimum=0, integer=True), default=3),
        "on_time_bonus": Field(_POINTS, default=lambda: Fraction(0)),
        "late_penalty": Field(_POINTS, default=lambda: Fraction(0)),
        "missed_penalty": Field(_POINTS, default=lambda: Fraction(0)),
    }), default=dict),
    "urgent_late_penalty": Field(_POINTS, default=lambda: Fraction(0)),
    "backflow_penalty": Field(_POINTS, default=lambda: Fraction(0)),
    "author_split": Field(Enum("equal", "first_author"), default="equal"),
    "evidence_required": Field(Bool(), default=True),
    "targets": Field(Schema("targets", {
        "units": Field(MapOf(Schema("a target", {"points": Field(_POINTS, required=True)})), default=dict),
        "people": Field(MapOf(Schema("a target", {"points": Field(_POINTS, required=True)}))),
    }), default=dict),
    "recorders": Field(Either(Text(), ListOf(Text(), nonempty=True),
                              accept=lambda v: 1 if isinstance(v, list) else 0),
                       help="role:NAME or a list of person ids"),
    "opinions": Field(Schema("opinions", {
        "report_within_hours": Field(Number(minimum=0, integer=True), default=24),
        "reply_within_days": Field(Number(minimum=0, integer=True), default=3),
        "late_report_penalty": Field(_POINTS),
        "late_reply_penalty": Field(_POINTS),
    }), default=dict),
    "competition_points": Field(MapOf(_POINTS), default=dict),
    "awards": Field(Schema("awards", {
        "units": Field(Number(minimum=0, integer=True), default=0),
        "people": Field(Number(minimum=0, integer=True), default=0),
        "require_target": Field(Bool(), default=False),
        "disqualify_heads": Field(Bool(), default=False),
    }), default=dict),
    "learning": Field(Schema("learning", {
        "registration": Field(Number(minimum=0)),
        "daily_login": Field(Number(minimum=0)),
        "cadre_points": Field(Number(minimum=0)),
    }, post=lambda v, at, ctx: _rates_at_most_one(v, at, ctx)), default=dict),
})


# --------------------------------------------------------------------------- loading

def _load(repo: FsPath, name: str, problems: list[Problem]) -> Loaded | None:
    path = repo / name
    if not path.is_file():
        problems.append(Problem(name, 1, 1, ERROR,
                                msg("config.missing_file", name=name)))
        return None
    read = read_yaml(path, name)
    if isinstance(read, Problem):
        problems.append(read)
        return None
    text, doc = read
    # Names of units, people, outlets and categories are on every page: none may carry a marking.
    problems.extend(marking_problems(name, text, doc, fix=SECRET_VALUE_FIX))
    return doc


def _line(doc: Loaded, at: tuple[Any, ...]) -> int:
    return doc.at(at)[0]


def load_config(repo: FsPath) -> tuple[Config | None, list[Problem]]:
    """Read and cross-check units.yaml and scoring.yaml under ``repo``.

    Returns the config (None when a file could not be read at all) and every
    problem found. A config with errors must not be used for scoring.
    """
    problems: list[Problem] = []
    units_doc = _load(repo, UNITS_FILE, problems)
    scoring_doc = _load(repo, SCORING_FILE, problems)
    if units_doc is None or scoring_doc is None:
        return None, problems
    uctx = Ctx(UNITS_FILE, units_doc, problems)
    sctx = Ctx(SCORING_FILE, scoring_doc, problems)
    u = UNITS.check(units_doc.value, (), uctx)
    s = SCORING.check(scoring_doc.value, (), sctx)
    if u is INVALID or s is INVALID:
        # Build what can be built so submissions can still be checked.
        u = _salvage(UNITS, units_doc, problems) if u is INVALID else u
        s = _salvage(SCORING, scoring_doc, problems) if s is INVALID else s
        if u is None or s is None:
            return None, problems
    config = _build(u, s, units_doc, scoring_doc, problems)
    return config, problems


def _salvage(schema: Schema, doc: Loaded, problems: list[Problem]) -> dict[str, Any] | None:
    """Re-check each top-level field alone (problems discarded: already reported)."""
    if not isinstance(doc.value, dict):
        return None
    scratch = Ctx("", doc, [])
    out: dict[str, Any] = {}
    for name, spec in schema.fields.items():
        value = doc.value.get(name)
        if value is None:
            out[name] = spec.default() if callable(spec.default) else spec.default
            continue
        if isinstance(spec.type, ListOf) and isinstance(value, list):
            items = [spec.type.item.check(v, (name, i), scratch) for i, v in enumerate(value)]
            out[name] = [v for v in items if v is not INVALID]
            continue
        converted = spec.type.check(value, (name,), scratch)
        if converted is INVALID:
            if spec.required:
                return None
            converted = spec.default() if callable(spec.default) else spec.default
        out[name] = converted
    if schema is UNITS and not isinstance(out.get("review"), dict):
        return None
    return out


_SINGULAR = {"people": "person", "units": "unit", "levels": "level", "categories": "category",
             "outlets": "outlet"}


def _unique(items: list[dict[str, Any]], key: str, what: str, ctx: Ctx) -> dict[str, tuple[int, dict[str, Any]]]:
    seen: dict[str, tuple[int, dict[str, Any]]] = {}
    for i, item in enumerate(items):
        ident = item[key]
        if ident in seen:
            first = ctx.doc.at((what, seen[ident][0], key))[0]
            singular = _SINGULAR.get(what, what)
            ctx.error((what, i, key), msg("config.duplicate_id", what=term(singular), id=ident, line=first))
            continue
        seen[ident] = (i, item)
    return seen


def _build(u: dict[str, Any], s: dict[str, Any], udoc: Loaded, sdoc: Loaded,
           problems: list[Problem]) -> Config:
    uctx = Ctx(UNITS_FILE, udoc, problems)
    sctx = Ctx(SCORING_FILE, sdoc, problems)
    people_raw = _unique(u.get("people") or [], "id", "people", uctx)
    units_raw = _unique(u.get("units") or [], "id", "units", uctx)
    people = _people(people_raw, set(units_raw), udoc, uctx)
    units = _units(units_raw, set(people_raw), udoc, uctx)
    roles = {r for p in people.values() for r in p.roles}
    review = _review(u.get("review") or {}, set(people_raw), roles, uctx)
    scoring = _scoring(s, set(units_raw), set(people_raw), roles, sctx)
    org = u.get("organization") or {}
    return Config(
        organization_name=org.get("name") or "",
        organization_short=org.get("short_name") or org.get("name") or "",
        people=people,
        units=units,
        review=review,
        scoring=scoring,
    )


def _ref(ctx: Ctx, at: tuple[Any, ...], value: str, known: set[str], what: str, *, key: bool = False) -> bool:
    """Whether ``value`` names a known id; an error at ``at`` (with a suggestion) if not."""
    if value not in known:
        ctx.error(at, msg("schema.unknown_ref", what=term(what), value=value, suggestion=suggest(value, known)),
                  key=key)
        return False
    return True


def _people(people_raw: dict[str, tuple[int, dict[str, Any]]], unit_ids: set[str], udoc: Loaded,
            uctx: Ctx) -> dict[str, Person]:
    people: dict[str, Person] = {}
    email_owner: dict[str, str] = {}
    for pid, (i, p) in people_raw.items():
        if p.get("unit") is not None:
            _ref(uctx, ("people", i, "unit"), p["unit"], unit_ids, "unit")
        for j, email in enumerate(p.get("emails") or []):
            low = email.lower()
            if low in email_owner and email_owner[low] != pid:
                uctx.error(("people", i, "emails", j),
                           msg("config.email_taken", email=email, owner=email_owner[low]))
            email_owner.setdefault(low, pid)
        people[pid] = Person(pid, p["name"], tuple(e.lower() for e in p.get("emails") or []), p.get("unit"),
                             p.get("title") or "", tuple(p.get("roles") or []), _line(udoc, ("people", i)),
                             cadre=bool(p.get("cadre")))
    return people


def _units(units_raw: dict[str, tuple[int, dict[str, Any]]], person_ids: set[str], udoc: Loaded,
           uctx: Ctx) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for uid, (i, unit) in units_raw.items():
        for j, head in enumerate(unit.get("head") or []):
            _ref(uctx, ("units", i, "head", j), head, person_ids, "person")
        if unit.get("leader") is not None:
            _ref(uctx, ("units", i, "leader"), unit["leader"], person_ids, "person")
        for j, liaison in enumerate(unit.get("liaisons") or []):
            _ref(uctx, ("units", i, "liaisons", j), liaison, person_ids, "person")
        units[uid] = Unit(uid, unit["name"], unit.get("type") or "", tuple(unit.get("head") or []),
                          unit.get("leader"), tuple(unit.get("liaisons") or []),
                          bool(unit.get("active", True)), _line(udoc, ("units", i)))
    return units


def _stages(raw: list[dict[str, Any]], prefix: tuple[Any, ...], person_ids: set[str], roles: set[str],
            uctx: Ctx) -> list[Stage]:
    stages: list[Stage] = []
    seen_stage: set[str] = set()
    for i, st in enumerate(raw):
        at = prefix + (i,)
        if st["id"] in seen_stage:
            uctx.error(at + ("id",), msg("config.duplicate_stage", id=st['id']))
            continue
        seen_stage.add(st["id"])
        approvers = st["approvers"]
        if isinstance(approvers, list):
            for j, pid in enumerate(approvers):
                _ref(uctx, at + ("approvers", j), pid, person_ids, "person")
            approvers = tuple(approvers)
        elif approvers.startswith("role:"):
            if approvers[5:] not in roles:
                uctx.warning(at + ("approvers",), msg("config.role_nobody", role=approvers[5:], stage=st['id'],
                                                      suggestion=suggest(approvers[5:], roles)))
        elif approvers not in ("unit.head", "unit.leader"):
            if approvers in person_ids:
                approvers = (approvers,)
            else:
                uctx.error(at + ("approvers",), msg("config.bad_approvers", value=approvers,
                                                    suggestion=suggest(approvers, ['unit.head', 'unit.leader'])))
                continue
        when = st.get("when") or {}
        for key in when:
            if key not in _WHEN_FIELDS:
                uctx.error(at + ("when", key), msg("config.unknown_condition", key=key,
                                                   suggestion=suggest(key, _WHEN_FIELDS)), key=True)
        stages.append(Stage(st["id"], st["name"], approvers, tuple(sorted(when.items()))))
    return stages


def _review(review_raw: dict[str, Any], person_ids: set[str], roles: set[str], uctx: Ctx) -> Review:
    stages = _stages(review_raw.get("stages") or [], ("review", "stages"), person_ids, roles, uctx)
    record_stages = dict(DEFAULT_RECORD_STAGES)
    for kind, raw in (review_raw.get("records") or {}).items():
        record_stages[kind] = tuple(_stages(raw, ("review", "records", kind), person_ids, roles, uctx))
    return Review(
        stages=tuple(stages),
        author_cannot_approve=review_raw.get("author_cannot_approve", True),
        trust=review_raw.get("trust") or "author",
        trusted_committers=tuple(e.lower() for e in review_raw.get("trusted_committers") or []),
        allowed_signers=review_raw.get("allowed_signers"),
        record_stages=record_stages,
        ordered=bool(review_raw.get("ordered")),
        overdue_days=int(review_raw.get("overdue_days") or 3),
        escalate_days=int(review_raw.get("escalate_days") or 7),
        holidays=tuple(review_raw.get("holidays") or ()),
        workdays=tuple(review_raw.get("workdays") or ()),
    )


def _timezone(tz: str, sctx: Ctx) -> str:
    """The time zone named in scoring.yaml, or Asia/Shanghai after an error naming the closest real one."""
    try:
        zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Asia' is a directory
        zones = {z.lower(): z for z in zoneinfo.available_timezones()}
        # A strict cutoff: 'Asia/Beijing' must not become 'Asia/Brunei'.
        close = zones.get(tz.lower()) or next(iter(difflib.get_close_matches(tz, zones.values(), 1, 0.85)), None)
        hint = msg("suggest", choice=close) if close else msg("config.iana_hint")
        sctx.error(("timezone",), msg("config.unknown_timezone", tz=tz, hint=hint))
        tz = "Asia/Shanghai"
    return tz


def _targets(s: dict[str, Any], unit_ids: set[str], person_ids: set[str], sctx: Ctx
             ) -> tuple[Fraction | None, dict[str, Fraction], Fraction | None, dict[str, Fraction]]:
    """(default unit target, unit targets, default person target, person targets) of scoring.yaml."""
    targets_raw = (s.get("targets") or {}).get("units") or {}
    default_target = None
    unit_targets: dict[str, Fraction] = {}
    for uid, t in targets_raw.items():
        if uid == "default":
            default_target = t["points"]
        elif _ref(sctx, ("targets", "units", uid), uid, unit_ids | {"default"}, "unit", key=True):
            unit_targets[uid] = t["points"]
    default_person_target = None
    person_targets: dict[str, Fraction] = {}
    for pid, t in ((s.get("targets") or {}).get("people") or {}).items():
        if pid == "default":
            default_person_target = t["points"]
        elif _ref(sctx, ("targets", "people", pid), pid, person_ids, "person", key=True):
            person_targets[pid] = t["points"]
    return default_target, unit_targets, default_person_target, person_targets


def _recorders(recorders_raw: Any, person_ids: set[str], roles: set[str], sctx: Ctx) -> str | tuple[str, ...] | None:
    """Who may record adoptions and 批示 (SPEC 9): a list of people, one person, or role:NAME."""
    recorders: str | tuple[str, ...] | None = None
    if isinstance(recorders_raw, list):
        for j, pid in enumerate(recorders_raw):
            if pid not in person_ids:
                sctx.error(("recorders", j), msg("schema.unknown_ref", what=term("person"), value=pid,
                                                 suggestion=suggest(pid, person_ids)))
        recorders = tuple(recorders_raw)
    elif isinstance(recorders_raw, str):
        if recorders_raw.startswith("role:"):
            if recorders_raw[5:] not in roles:
                sctx.warning(("recorders",), msg("config.recorders_role_nobody", role=recorders_raw[5:],
                                                 suggestion=suggest(recorders_raw[5:], roles)))
            recorders = recorders_raw
        elif recorders_raw in person_ids:
            recorders = (recorders_raw,)
        else:
            sctx.error(("recorders",), msg("config.bad_recorders", value=recorders_raw,
                                           suggestion=suggest(recorders_raw, person_ids)))
    return recorders


def _scoring(s: dict[str, Any], unit_ids: set[str], person_ids: set[str], roles: set[str], sctx: Ctx) -> Scoring:
    tz = _timezone(s.get("timezone") or "Asia/Shanghai", sctx)
    levels_raw = _unique(s.get("levels") or [], "id", "levels", sctx)
    cats_raw = _unique(s.get("categories") or [], "id", "categories", sctx)
    outlets_raw = _unique(s.get("outlets") or [], "id", "outlets", sctx)
    level_ids = set(levels_raw)
    cat_ids = set(cats_raw)

    outlets: dict[str, Outlet] = {}
    for oid, (i, o) in outlets_raw.items():
        _ref(sctx, ("outlets", i, "level"), o["level"], level_ids, "level")
        outlets[oid] = Outlet(oid, o["name"], o["level"], o.get("kind") or "")

    points: dict[str, dict[str, Fraction]] = {}
    for cat, row in (s.get("points") or {}).items():
        if cat != "default":
            _ref(sctx, ("points", cat), cat, cat_ids | {"default"}, "category", key=True)
        for level in row:
            _ref(sctx, ("points", cat, level), level, level_ids, "level", key=True)
        points[cat] = dict(row)
    instruction_points = dict(s.get("instruction_points") or {})
    for level in instruction_points:
        _ref(sctx, ("instruction_points", level), level, level_ids, "level", key=True)

    default_target, unit_targets, default_person_target, person_targets = _targets(s, unit_ids, person_ids, sctx)
    recorders = _recorders(s.get("recorders"), person_ids, roles, sctx)
    sol = s.get("solicitation") or {}
    aw = s.get("awards") or {}
    learning = {k: v for k, v in (s.get("learning") or {}).items() if v is not None}
    return Scoring(
        timezone=tz,
        levels=tuple(Level(lv["id"], lv["name"]) for _, lv in levels_raw.values()),
        categories=tuple(Category(c["id"], c["name"]) for _, c in cats_raw.values()),
        outlets=outlets,
        points=points,
        multiple_adoptions=s.get("multiple_adoptions") or "sum",
        instruction_points=instruction_points,
        solicitation=SolicitationRules(
            deadline_days=sol.get("deadline_days", 3) if sol.get("deadline_days") is not None else 3,
            on_time_bonus=sol.get("on_time_bonus") or Fraction(0),
            late_penalty=sol.get("late_penalty") or Fraction(0),
            missed_penalty=sol.get("missed_penalty") or Fraction(0),
        ),
        urgent_late_penalty=s.get("urgent_late_penalty") or Fraction(0),
        backflow_penalty=s.get("backflow_penalty") or Fraction(0),
        author_split=s.get("author_split") or "equal",
        evidence_required=s.get("evidence_required", True) is not False,
        unit_targets=unit_targets,
        default_unit_target=default_target,
        awards=Awards(aw.get("units") or 0, aw.get("people") or 0, bool(aw.get("require_target")),
                      bool(aw.get("disqualify_heads"))),
        learning=LearningTargets(**learning),
        opinions=OpinionRules(**{k: v for k, v in (s.get("opinions") or {}).items() if v is not None}),
        competition_points=dict(s.get("competition_points") or {}),
        person_targets=person_targets,
        default_person_target=default_person_target,
        people_targets_set=(s.get("targets") or {}).get("people") is not None,
        recorders=recorders,
    )


_WHEN_FIELDS = ("importance", "urgent", "category", "unit", "tags", "solicitation")


def config_errors(problems: list[Problem]) -> list[Problem]:
    """Only the errors among ``problems`` (warnings do not stop a command)."""
    return [p for p in problems if p.severity == ERROR]


__all__ = [
    "WARNING",
    "Awards",
    "Category",
    "Config",
    "LearningTargets",
    "Level",
    "Outlet",
    "Person",
    "Review",
    "Scoring",
    "SolicitationRules",
    "Stage",
    "Unit",
    "config_errors",
    "label",
    "load_config",
]
