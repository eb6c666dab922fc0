"""Pure scoring: approved items + config + period -> entries and rankings (SPEC 6 and 8).

Nothing here reads files or git: the caller passes the review facts of each
item (:class:`Item`) and the set of evidence files that exist. All arithmetic
is exact (:class:`fractions.Fraction`); rounding happens only when printing.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..periods import YEAR, Period
from ..read.config import Config
from ..read.records import Adoption, Instruction, Solicitation, Submission

ADOPTION = "adoption"
INSTRUCTION = "instruction"
BACKFLOW = "backflow"
URGENT_LATE = "urgent_late"
SOL_ON_TIME = "solicitation_on_time"
SOL_LATE = "solicitation_late"
SOL_MISSED = "solicitation_missed"

_URL = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """An approved, valid, non-draft submission with what history says about it."""

    submission: Submission
    submitted_at: dt.datetime       # timezone-aware
    authors: tuple[str, ...]        # person ids: front-matter authors, else the person who added it

    @property
    def path(self) -> str:
        return self.submission.path


@dataclass(frozen=True)
class Entry:
    date: dt.date
    unit: str
    kind: str
    points: Fraction
    submission: str | None
    detail: str | None
    shares: tuple[tuple[str, Fraction], ...] = ()   # what each author earns from this entry

    @property
    def sort_key(self) -> tuple[dt.date, str, str, str, str]:
        return (self.date, self.unit, self.submission or "", self.kind, self.detail or "")


@dataclass(frozen=True)
class UnitRow:
    unit: str
    name: str
    points: Fraction
    cumulative: Fraction
    rank: int
    cumulative_rank: int
    submitted: int
    adopted: int
    target: Fraction | None
    target_met: bool


@dataclass(frozen=True)
class PersonRow:
    person: str
    name: str
    unit: str | None
    points: Fraction
    cumulative: Fraction
    rank: int
    target: Fraction | None = None      # SPEC 9: targets.people, pro rata
    target_met: bool = False


@dataclass(frozen=True)
class Awards:
    units: tuple[str, ...]
    people: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    period: Period
    as_of: dt.date
    units: tuple[UnitRow, ...]
    people: tuple[PersonRow, ...]
    entries: tuple[Entry, ...]
    awards: Awards | None


# --------------------------------------------------------------------------- entries

def day_of(when: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The calendar day of an instant in the instance's time zone."""
    return when.astimezone(tz).date()


def _evidence_ok(evidence: str | None, present: frozenset[str], required: bool) -> bool:
    if not required:
        return True
    if not evidence:
        return False
    if _URL.match(evidence):
        return True
    return normalise_evidence(evidence) in present


def normalise_evidence(value: str) -> str:
    path = value.strip()
    while path.startswith("./"):
        path = path[2:]
    return path


def _shares(item: Item, points: Fraction, split: str) -> tuple[tuple[str, Fraction], ...]:
    """What each author earns from a positive entry (penalties count against units only)."""
    if points <= 0 or not item.authors:
        return ()
    if split == "first_author":
        return ((item.authors[0], points),)
    each = points / len(item.authors)
    return tuple((a, each) for a in item.authors)


def item_entries(config: Config, item: Item, present: frozenset[str]) -> list[Entry]:
    """Adoption, instruction, backflow and urgent_late entries of one item (all dates)."""
    sc = config.scoring
    sub = item.submission
    day = day_of(item.submitted_at, config.tz)
    units = sub.units
    n = len(units)
    split = sc.author_split
    out: list[Entry] = []

    def add(date: dt.date, kind: str, points: Fraction, detail: str | None) -> None:
        each = Fraction(points) / n
        for unit in units:
            out.append(Entry(date, unit, kind, each, sub.path, detail, _shares(item, each, split)))

    # (1) evidence, (2) earliest per outlet, (3) backflow, (4) points, (5) max.
    kept: list[Adoption] = [a for a in sub.adoptions if _evidence_ok(a.evidence, present, sc.evidence_required)]
    earliest: dict[str, Adoption] = {}
    for a in kept:
        if a.outlet not in earliest or a.date < earliest[a.outlet].date:
            earliest[a.outlet] = a
    backflow = False
    scored: list[tuple[Adoption, Fraction]] = []
    for a in sorted(earliest.values(), key=lambda a: (a.date, a.outlet)):
        if a.date < day:
            backflow = True
            continue
        outlet = sc.outlets.get(a.outlet)
        points = sc.adoption_points(sub.category, outlet.level) if outlet else Fraction(0)
        scored.append((a, points))
    if sc.multiple_adoptions == "max" and scored:
        scored = [min(scored, key=lambda ap: (-ap[1], ap[0].date, ap[0].outlet))]
    for a, points in scored:
        add(a.date, ADOPTION, points, a.outlet)
    if backflow:
        add(day, BACKFLOW, sc.backflow_penalty, None)
    for x in sub.instructions:
        if _evidence_ok(x.evidence, present, sc.evidence_required):
            add(x.date, INSTRUCTION, sc.instruction_points.get(x.level, Fraction(0)), x.level)
    if sub.urgent and sub.event_date is not None and day > sub.event_date:
        add(day, URGENT_LATE, sc.urgent_late_penalty, None)
    return out


def solicitation_deadline(config: Config, sol: Solicitation) -> dt.date:
    return sol.deadline or sol.issued + dt.timedelta(days=config.scoring.solicitation.deadline_days)


def solicitation_targets(config: Config, sol: Solicitation) -> tuple[str, ...]:
    """The units a solicitation asks: its list, or every unit active at HEAD for ``all``."""
    if isinstance(sol.units, str):
        return tuple(sorted(u.id for u in config.units.values() if u.active))
    return tuple(sol.units)


def solicitation_entries(config: Config, sol: Solicitation, items: Sequence[Item], as_of: dt.date) -> list[Entry]:
    rules = config.scoring.solicitation
    deadline = solicitation_deadline(config, sol)
    answers = sorted((it for it in items if it.submission.solicitation == sol.id),
                     key=lambda it: (it.submitted_at, it.path))
    out: list[Entry] = []
    for unit in solicitation_targets(config, sol):
        first = next((it for it in answers if unit in it.submission.units), None)
        if first is not None:
            day = day_of(first.submitted_at, config.tz)
            on_time = day <= deadline
            points = rules.on_time_bonus if on_time else rules.late_penalty
            out.append(Entry(day, unit, SOL_ON_TIME if on_time else SOL_LATE, Fraction(points), first.path,
                             sol.id, _shares(first, Fraction(points), config.scoring.author_split)))
        elif deadline < as_of:
            out.append(Entry(deadline, unit, SOL_MISSED, Fraction(rules.missed_penalty), None, sol.id))
    return out


def all_entries(config: Config, items: Sequence[Item], solicitations: Iterable[Solicitation],
                present: frozenset[str], as_of: dt.date, extra: Iterable[Entry] = ()) -> list[Entry]:
    """Every entry dated on or before ``as_of``, in output order.

    ``extra`` holds the entries of other record types (opinion time limits, competitions):
    they exist only where such records do, so the figures of an articles-only instance never move.
    """
    out: list[Entry] = list(extra)
    answers: dict[str, list[Item]] = {}
    for item in items:
        out.extend(item_entries(config, item, present))
        if item.submission.solicitation:
            answers.setdefault(item.submission.solicitation, []).append(item)
    for sol in solicitations:   # each with its own answers only: linear, not solicitations × items
        out.extend(solicitation_entries(config, sol, answers.get(sol.id, []), as_of))
    return sorted((e for e in out if e.date <= as_of), key=lambda e: e.sort_key)


# --------------------------------------------------------------------------- rankings

def competition_ranks(values: Mapping[str, Fraction]) -> dict[str, int]:
    """1, 2, 2, 4 ranks on descending values."""
    ordered = sorted(values.values(), reverse=True)
    first_index: dict[Fraction, int] = {}
    for i, v in enumerate(ordered):
        first_index.setdefault(v, i + 1)
    return {k: first_index[v] for k, v in values.items()}


def listed_people(config: Config, items: Sequence[Item]) -> set[str]:
    """Liaisons (by role or by a unit's liaisons) and every author of an approved item."""
    people = {p.id for p in config.people.values() if "liaison" in p.roles}
    people |= {pid for u in config.units.values() for pid in u.liaisons}
    people |= {a for it in items for a in it.authors}
    return {p for p in people if p in config.people}


def _top(rows: Sequence[tuple[str, Fraction]], n: int) -> tuple[str, ...]:
    """The best ``n`` by value, everyone tied at the cut-off included, in rank then id order."""
    if n <= 0 or not rows:
        return ()
    ordered = sorted(rows, key=lambda r: (-r[1], r[0]))
    cut = ordered[min(n, len(ordered)) - 1][1]
    return tuple(r[0] for r in ordered if r[1] >= cut)


def _totals(keys: Iterable[str], amounts: Iterable[tuple[str, Fraction]]) -> dict[str, Fraction]:
    """The sum of the amounts of each key (0 for a key without any; other keys ignored), exact.

    Numerators are summed as integers per denominator and made Fractions once at the end: the
    same sums as adding the Fractions one by one (a Fraction is always in lowest terms), without
    a gcd per addition.
    """
    parts: dict[str, dict[int, int]] = {k: {} for k in keys}
    for key, amount in amounts:
        by_den = parts.get(key)
        if by_den is not None:
            den = amount.denominator
            by_den[den] = by_den.get(den, 0) + amount.numerator
    return {k: sum((Fraction(n, d) for d, n in by_den.items()), Fraction(0)) for k, by_den in parts.items()}


@dataclass(frozen=True)
class Ledger:
    """Every entry (in output order: by date first) and every item's day, indexed by date.

    A period's entries, and the items submitted in it, are then one slice found by bisection
    rather than a scan of all of them: the site scores about ninety periods, and at 20,000
    submissions each scan read 80,000 entries.
    """

    entries: tuple[Entry, ...]
    dates: tuple[dt.date, ...]
    submitted: tuple[tuple[dt.date, tuple[str, ...]], ...]   # each item's day and units, by day
    submitted_days: tuple[dt.date, ...]
    listed: frozenset[str]                                    # :func:`listed_people`

    @classmethod
    def of(cls, config: Config, items: Sequence[Item], entries: Iterable[Entry]) -> Ledger:
        ordered = tuple(sorted(entries, key=lambda e: e.sort_key))   # stable: already sorted stays as is
        days = sorted(((day_of(it.submitted_at, config.tz), it.submission.units) for it in items),
                      key=lambda d: d[0])
        return cls(ordered, tuple(e.date for e in ordered), tuple(days), tuple(d for d, _ in days),
                   frozenset(listed_people(config, items)))

    def between(self, start: dt.date, end: dt.date) -> tuple[Entry, ...]:
        """The entries dated from ``start`` to ``end``, both included, in output order."""
        return self.entries[bisect_left(self.dates, start):bisect_right(self.dates, end)]

    def submitted_between(self, start: dt.date, end: dt.date) -> tuple[tuple[dt.date, tuple[str, ...]], ...]:
        return self.submitted[bisect_left(self.submitted_days, start):bisect_right(self.submitted_days, end)]


def score(config: Config, items: Sequence[Item], solicitations: Iterable[Solicitation],
          present: frozenset[str], period: Period, as_of: dt.date, extra: Iterable[Entry] = (),
          ledger: Ledger | None = None) -> Scores:
    """Entries, unit and people rankings (and awards for a year) for ``period`` as of ``as_of``.

    ``ledger``: the :class:`Ledger` of ``items`` and of what :func:`all_entries` returns for the
    same arguments, when the caller has it (the site scores ninety periods from one ledger instead
    of gathering and scanning every entry ninety times).
    """
    if ledger is None:
        ledger = Ledger.of(config, items, all_entries(config, items, solicitations, present, as_of, extra))
    in_period = ledger.between(period.start, period.end)
    so_far = ledger.between(period.year_start, period.end)

    active = sorted(u.id for u in config.units.values() if u.active)
    points = _totals(active, ((e.unit, e.points) for e in in_period))
    cumulative = _totals(active, ((e.unit, e.points) for e in so_far))
    adopted: dict[str, set[str]] = {u: set() for u in active}
    for e in in_period:
        if e.kind == ADOPTION and e.submission and e.unit in adopted:
            adopted[e.unit].add(e.submission)
    submitted = {u: 0 for u in active}
    for _day, units in ledger.submitted_between(period.start, period.end):
        for u in units:
            if u in submitted:
                submitted[u] += 1
    rank = competition_ranks(points)
    crank = competition_ranks(cumulative)
    ratio = Fraction(period.months_to_end, 12)
    unit_rows = []
    for u in active:
        annual = config.scoring.target_for(u)
        target = annual * ratio if annual is not None else None
        unit_rows.append(UnitRow(u, config.units[u].name, points[u], cumulative[u], rank[u], crank[u],
                                 submitted[u], len(adopted[u]), target,
                                 target is not None and cumulative[u] >= target))
    unit_rows.sort(key=lambda r: (r.rank, r.unit))

    listed = ledger.listed
    ppoints = _totals(listed, (share for e in in_period for share in e.shares))
    pcum = _totals(listed, (share for e in so_far for share in e.shares))
    prank = competition_ranks(ppoints)

    def person_row(p: str) -> PersonRow:
        annual = config.scoring.person_target_for(p)
        target = annual * ratio if annual is not None else None
        return PersonRow(p, config.people[p].name, config.people[p].unit, ppoints[p], pcum[p], prank[p],
                         target, target is not None and pcum[p] >= target)

    people_rows = sorted((person_row(p) for p in listed), key=lambda r: (r.rank, r.person))

    awards = None
    if period.kind == YEAR:
        aw = config.scoring.awards
        unit_pool = [(r.unit, r.points) for r in unit_rows if r.target_met or not aw.require_target]
        awards = Awards(_top(unit_pool, aw.units),
                        _top([(r.person, r.points) for r in people_rows
                              if not award_barred(config, r, unit_rows)], aw.people))
    return Scores(period, as_of, tuple(unit_rows), tuple(people_rows), in_period, awards)


def award_barred(config: Config, row: PersonRow, unit_rows: Sequence[UnitRow]) -> str | None:
    """Why a person wins no award (SPEC 9), or None: applied before the cut.

    With ``awards.require_target``: a person with a target who did not meet it; with
    ``awards.disqualify_heads`` too, a head of an active unit that has a target and missed it.
    """
    aw = config.scoring.awards
    if not aw.require_target:
        return None
    if row.target is not None and not row.target_met:
        return "target"
    if aw.disqualify_heads:
        for r in unit_rows:
            if r.target is not None and not r.target_met and row.person in config.units[r.unit].head:
                return r.unit
    return None


# --------------------------------------------------------------------------- gathering (reads disk)

def scored_items(submissions: Mapping[str, Submission], states: Mapping[str, object]) -> list[Item]:
    """Approved, non-draft submissions with their history facts, sorted by path."""
    out = []
    for path in sorted(submissions):
        state = states.get(path)
        if state is None or not getattr(state, "scored", False):
            continue
        sub = submissions[path]
        unrecorded = getattr(state, "unrecorded", ())
        if unrecorded:
            # SPEC 8 step (0): adoptions and 批示 not recorded by a recorder take no part in anything.
            drop = {(u.kind, u.key) for u in unrecorded}
            sub = dataclasses.replace(
                sub,
                adoptions=tuple(a for a in sub.adoptions if ("adoption", (a.outlet, a.date.isoformat())) not in drop),
                instructions=tuple(x for x in sub.instructions
                                   if ("instruction", (x.level, x.by, x.date.isoformat())) not in drop))
        out.append(Item(sub, state.submitted_at, tuple(state.authors)))  # type: ignore[attr-defined]
    return out


def evidence_present(repo: Path, submissions: Iterable[Submission]) -> frozenset[str]:
    """The evidence paths named by ``submissions`` that exist as files in ``repo``."""
    found = set()
    for sub in submissions:
        records: list[Adoption | Instruction] = [*sub.adoptions, *sub.instructions]
        for rec in records:
            if rec.evidence and not _URL.match(rec.evidence):
                rel = normalise_evidence(rec.evidence)
                if (repo / rel).is_file():
                    found.add(rel)
    return frozenset(found)
