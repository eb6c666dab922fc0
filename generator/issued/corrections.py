"""Corrections (更正): figures that changed since a bulletin was issued, and the commits that changed them."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..documents.report import scores_data
from ..errors import BulletinError
from ..judge.scoring import Scores
from ..periods import Period
from ..read.bulletins import (
    UNIT_FIELDS,
    CommitRef,
    Correction,
    IssuedBulletin,
    Records,
    load_records,
)
from .snapshots import Snapshots, TrustOverrides, _names, figures

# --------------------------------------------------------------------------- corrections

def baseline(record: IssuedBulletin, records: Sequence[IssuedBulletin]) -> tuple[
        dict[tuple[str, str, str], Any], dict[tuple[str, str, str], str]]:
    """The record's figures as last published: its own, updated by the corrections later bulletins carried.

    Returns (figures, key -> commit of the bulletin that last published that figure).
    """
    values = figures(record.scores)
    published = {k: record.commit for k in values}
    carriers = sorted((r for r in records if r is not record), key=lambda r: (r.issued, r.period, r.revision))
    for carrier in carriers:
        for corr in carrier.corrections:
            if corr.period == record.period.label and corr.revision == record.revision:
                values[corr.key] = corr.new
                published[corr.key] = carrier.commit
    return values, published


def figure_changes(record: IssuedBulletin, current: Scores | Mapping[str, Any],
                   records: Sequence[IssuedBulletin] = ()) -> list[Correction]:
    """Pure: the figures of ``record`` (as last published) that ``current`` gives differently; no commits.

    ``current`` is the period recomputed with the record's as-of day (a Scores, or SPEC 7's JSON).
    """
    now = scores_data(current) if isinstance(current, Scores) else current
    base, _published = baseline(record, records)
    return _diff(record, base, figures(now), _names(record.scores) | _names(now))


_RANK_OF = {"rank": "points", "cumulative_rank": "cumulative"}


def _is_zero(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _comparable(base: Mapping[tuple[str, str, str], Any], now: Mapping[tuple[str, str, str], Any]
                ) -> set[tuple[str, str, str]]:
    """The figures whose difference is a correction.

    A unit made inactive (or a person no longer listed) leaves today's rankings but stays in the record: that
    is not a correction, and neither are the ranks that moved only because the ranked set changed; a rank
    is then reported only where the unit's (or person's) own points changed. The rank of a unit or person
    with 0 points, as published and now, is no correction either: it only counts those who scored.
    """
    keys: set[tuple[str, str, str]] = set()
    for subject in ("unit", "person"):
        was = {k[1] for k in base if k[0] == subject}
        is_ = {k[1] for k in now if k[0] == subject}
        same_set = was == is_
        for k in set(base) | set(now):
            if k[0] != subject or k[1] not in was or k[1] not in is_:
                continue
            if k[2] in _RANK_OF:
                basis = (subject, k[1], _RANK_OF[k[2]])
                if not same_set and base.get(basis) == now.get(basis):
                    continue
                if _is_zero(base.get(basis)) and _is_zero(now.get(basis)):
                    continue
            keys.add(k)
    keys |= {k for k in set(base) | set(now) if k[0] == "awards"}
    return keys


def _diff(record: IssuedBulletin, base: Mapping[tuple[str, str, str], Any],
          now: Mapping[tuple[str, str, str], Any], names: Mapping[tuple[str, str], str],
          commits: Mapping[tuple[str, str, str], tuple[CommitRef, ...]] | None = None) -> list[Correction]:
    order = {"unit": 0, "person": 1, "awards": 2}
    fields = {f: i for i, f in enumerate(UNIT_FIELDS + ("award_units", "award_people"))}
    out = []
    for key in sorted(_comparable(base, now), key=lambda k: (order[k[0]], k[1], fields.get(k[2], 99))):
        old, new = base.get(key), now.get(key)
        if old == new:
            continue
        subject, ident, fld = key
        out.append(Correction(record.period.label, record.revision, record.number, subject, ident,
                              names.get((subject, ident), ident), fld, old, new,
                              (commits or {}).get(key, ())))
    return out


def net_causes(steps: Sequence[tuple[str, Any, Any]]) -> list[str]:
    """The commits that really changed a figure, from its changes in history order (commit, before, after).

    A run of changes that brings the figure back to a value it had before nets to nothing: a commit that
    withdraws a record and a later one that records it again, or a change and its revert, are no cause.
    What is left is the path of distinct values from the first to the last, and the commits along it.
    """
    if not steps:
        return []
    path: list[tuple[Any, str | None]] = [(steps[0][1], None)]
    for commit, _before, after in steps:
        back = next((j for j, (value, _c) in enumerate(path) if value == after), None)
        if back is not None:
            del path[back + 1:]
        else:
            path.append((after, commit))
    return [c for _v, c in path[1:] if c is not None]


def attribute(snaps: Snapshots, record: IssuedBulletin, records: Sequence[IssuedBulletin],
              target: str) -> list[Correction]:
    """Corrections of ``record`` as the repository stands at commit ``target``, each with its commit(s)."""
    base, published = baseline(record, records)
    now_scores = snaps.scores(target, record.period, record.as_of)
    now = figures(scores_data(now_scores))
    names = _names(record.scores) | _names(scores_data(now_scores))
    changed = {k for k in _comparable(base, now) if base.get(k) != now.get(k)}
    if not changed:
        return []
    causes: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    if snaps.is_ancestor(record.commit, target):
        chain = snaps.chain(record.commit, target)
        index = {c: i for i, c in enumerate(chain)}
        values: dict[int, dict[tuple[str, str, str], Any]] = {}
        # Each figure's changes along the chain: (index of the commit, value before, value after).
        steps: dict[tuple[str, str, str], list[tuple[int, Any, Any]]] = defaultdict(list)

        def at(i: int) -> dict[tuple[str, str, str], Any]:
            if i not in values:
                values[i] = snaps.figures(chain[i], record.period, record.as_of)
            return values[i]

        def search(lo: int, hi: int, keys: set[tuple[str, str, str]]) -> None:
            diff = {k for k in keys if at(lo).get(k) != at(hi).get(k)}
            if not diff:
                return
            if hi - lo == 1:
                for k in diff:
                    steps[k].append((hi, at(lo).get(k), at(hi).get(k)))
                return
            mid = (lo + hi) // 2
            search(lo, mid, diff)
            search(mid, hi, diff)

        values[len(chain) - 1] = now
        search(0, len(chain) - 1, changed)
        for k, found in steps.items():
            since = index.get(published.get(k, ""), 0)
            causes[k] = net_causes([(chain[i], before, after) for i, before, after in sorted(found) if i > since])
    tz = snaps.state(target).config.tz
    # Causes are found by their place in history (first-parent order after the record's commit), never by
    # their dates; each is dated when it entered the branch, so no cause is dated before what it follows.
    entered = snaps.entered(target) if causes else {}
    refs = {k: tuple(snaps.ref(c, tz, entered.get(c)) for c in v) for k, v in causes.items()}
    return _diff(record, base, now, names, refs)


def pending_corrections(repo: Path, records: Records | None = None,
                        overrides: TrustOverrides = TrustOverrides(), at: str = "HEAD"
                        ) -> dict[Period, list[Correction]]:
    """For each bulletin in force: the figures that the repository at ``at`` gives differently, with causes."""
    records = records if records is not None else load_records(repo)
    if records.errors:
        raise BulletinError(records.errors)
    out: dict[Period, list[Correction]] = {}
    with Snapshots(repo, overrides) as snaps:
        target = snaps.resolve(at)
        for period, rec in sorted(records.in_force.items()):
            if not snaps.is_ancestor(rec.commit, target):
                continue
            found = attribute(snaps, rec, records.all, target)
            if found:
                out[period] = found
    return out
