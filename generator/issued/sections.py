"""The sections of a bulletin of record beyond its rankings: what the provisional page shows, frozen.

A record issued by this version holds ``sections`` (``version`` 1): the solicitations answered on time,
late or not at all (约稿), leaders' instructions (领导批示), adoptions by level x category, the adoption
rate per unit (采用率), urgent reports sent late and backflow (紧急信息迟报、信息倒流) named per unit,
plan items past their time node (宣传计划), opinions handled late with every reason (舆情处置超时), the
学习强国 sentence, and the ranks of the comparable earlier period (名次变化; none for a first period).

:func:`record_sections` computes them when a bulletin is issued, from the same commit and as-of day as
its figures; documents/sections.py turns them into what the site, the DOCX and the XLSX print.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..judge.activities import Activities
from ..judge.gather import Gathered
from ..judge.scoring import (
    BACKFLOW,
    INSTRUCTION,
    SOL_LATE,
    SOL_MISSED,
    SOL_ON_TIME,
    URGENT_LATE,
    Scores,
    solicitation_deadline,
    solicitation_targets,
)
from ..learning.figures import below_target_text, figures_from
from ..periods import MONTH, QUARTER
from ..read.learning import LearningMonth
from ..read.safety import WITHHELD_TEXT, marking_in

VERSION = 1
STATES = {SOL_ON_TIME: "on_time", SOL_LATE: "late", SOL_MISSED: "missed"}


def _num(value: Fraction | int | float | None) -> float | None:
    return None if value is None else float(round(Fraction(value), 2))


def _text(value: str) -> str:
    """Text from the repository as a record keeps it: never a classified marking."""
    return WITHHELD_TEXT if marking_in(value) else value


# --------------------------------------------------------------------------- computing (at issue time)

def record_sections(state: Gathered, result: Scores, *, activities: Activities | None = None,
                    learning_months: Mapping[str, LearningMonth] | None = None, previous: Scores | None = None,
                    adopted_items: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The ``sections`` of a record, from one commit's gathered state and the period's scores."""
    config = state.config
    period = result.period
    as_of = result.as_of
    names = {u.id: u.name for u in config.units.values()}
    subs = {i.path: i for i in state.items}
    out: dict[str, Any] = OrderedDict([("version", VERSION)])

    answers = {(e.detail, e.unit): STATES[e.kind] for e in result.entries if e.kind in STATES and e.detail}
    sols = []
    for sol in sorted(state.inst.solicitations.values(), key=lambda s: (s.issued, s.id)):
        deadline = solicitation_deadline(config, sol)
        if not (period.contains(deadline) or period.contains(sol.issued)):
            continue
        units = [OrderedDict([("unit", u), ("name", names.get(u, u)),
                              ("state", answers.get((sol.id, u)) or ("missed" if deadline < as_of else "open"))])
                 for u in solicitation_targets(config, sol)]
        sols.append(OrderedDict([("id", sol.id), ("title", _text(sol.title)), ("deadline", deadline.isoformat()),
                                 ("units", units)]))
    out["solicitations"] = sols

    instructions = []
    seen: set[tuple[str, str, dt.date]] = set()
    levels = {lv.id: lv.name for lv in config.scoring.levels}
    for e in result.entries:
        if e.kind != INSTRUCTION or not e.submission or (e.submission, e.detail or "", e.date) in seen:
            continue
        seen.add((e.submission, e.detail or "", e.date))
        item = subs.get(e.submission)
        by = next((x.by for x in item.submission.instructions if x.date == e.date and x.level == e.detail),
                  "") if item else ""
        instructions.append(OrderedDict([
            ("submission", e.submission), ("title", _text(item.submission.title) if item else e.submission),
            ("units", list(item.submission.units) if item else [e.unit]), ("level", e.detail),
            ("level_name", levels.get(e.detail or "", e.detail or "")), ("by", _text(by)),
            ("date", e.date.isoformat())]))
    out["instructions"] = instructions

    categories = [c.id for c in config.scoring.categories]
    matrix = OrderedDict((lv.id, OrderedDict((c, 0) for c in categories)) for lv in config.scoring.levels)
    for row in adopted_items:
        if row.get("level") in matrix and row.get("category") in matrix[row["level"]]:
            matrix[row["level"]][row["category"]] += 1
    out["adoptions_by_level_category"] = OrderedDict([
        ("levels", [lv.id for lv in config.scoring.levels]), ("categories", categories),
        ("counts", [[matrix[lv][c] for c in categories] for lv in matrix])])

    out["adoption_rates"] = [OrderedDict([("unit", r.unit), ("name", r.name), ("submitted", r.submitted),
                                          ("adopted", r.adopted),
                                          ("rate", round(r.adopted / r.submitted, 4) if r.submitted else None)])
                             for r in result.units]

    for kind, key in ((URGENT_LATE, "urgent_late"), (BACKFLOW, "backflow")):
        rows = []
        for e in sorted((e for e in result.entries if e.kind == kind), key=lambda e: (e.unit, e.date)):
            item = subs.get(e.submission or "")
            rows.append(OrderedDict([("unit", e.unit), ("name", names.get(e.unit, e.unit)),
                                     ("submission", e.submission),
                                     ("title", _text(item.submission.title) if item else (e.submission or "")),
                                     ("date", e.date.isoformat()), ("points", _num(e.points))]))
        out[key] = rows

    plans = []
    opinions = []
    if activities is not None:
        plan_end = min(period.end, as_of)
        for ps in activities.plans:
            if not ps.covered_by and ps.item.end < plan_end and ps.item.end.year == period.year \
                    and ps.item.end >= period.start.replace(month=1, day=1):
                plans.append(OrderedDict([("unit", ps.item.unit), ("name", names.get(ps.item.unit, ps.item.unit)),
                                          ("topic", _text(ps.item.topic)), ("node", ps.item.end.isoformat())]))
        for st in sorted(activities.opinions.values(), key=lambda s: (s.opinion.found_at, s.opinion.path)):
            op = st.opinion
            if op.draft or not period.contains(op.found_at.date()) or not (st.report_late or st.reply_late):
                continue
            reasons = [r for r, late in (("report_late", st.report_late), ("reply_late", st.reply_late)) if late]
            opinions.append(OrderedDict([
                ("title", _text(op.title)), ("units", list(op.units)),
                ("names", [names.get(u, u) for u in op.units]), ("found", op.found_at.isoformat(timespec="minutes")),
                ("reasons", reasons),
                ("report_hours", None if st.report_hours is None else round(float(st.report_hours), 1)),
                ("reply_days", st.reply_days)]))
    out["overdue_plans"] = plans
    out["opinions_late"] = opinions

    learning = None
    if learning_months and period.kind in (MONTH, QUARTER):
        fig = figures_from(learning_months, config, period)
        if fig is not None:
            learning = OrderedDict([("text", _text(below_target_text(fig)))])
    out["learning"] = learning

    if previous is not None:
        out["previous"] = OrderedDict([("period", previous.period.label),
                                       ("ranks", OrderedDict((r.unit, r.rank) for r in previous.units))])
    else:
        out["previous"] = None
    return out


__all__ = ["VERSION", "record_sections"]
