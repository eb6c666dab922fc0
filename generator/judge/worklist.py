"""What waits for whom: the reviewer's queue, each person's to-do list (我的待办), 督办 notices.

One computation feeds ``bulletin status --pending``, the site's 审核 and 我的待办 pages, each
person's iCalendar feed and ``bulletin remind``, so they always agree.

Days waiting are **working days**: Monday to Friday, minus ``review.holidays`` and plus
``review.workdays`` (units.yaml; no holiday calendar unless configured). An item waits from the
moment its current stage opened: the latest of when it was submitted, when its current content
was committed and (ordered review) when the stage before was met. The days counted are the
working days after that day up to and including the as-of day, so an item submitted on a
Monday has waited 1 working day on Tuesday. It is **overdue** once it has waited more than
``review.overdue_days`` (default 3) and **escalated** to the 分管领导 once more than
``review.escalate_days`` (default 7).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..periods import MONTH, Period
from ..read.config import Config
from .scoring import day_of, score, solicitation_deadline, solicitation_targets

REVIEW = "review"              # approve (or return) an item at a stage
REVISE = "revise"              # an item was returned to its author
SOLICITATION = "solicitation"  # a 约稿 the unit has not answered yet
UNIT_TARGET = "unit_target"    # the unit is behind its pro-rata target (督办)
PERSON_TARGET = "person_target"  # the person is behind their own target


@dataclass(frozen=True)
class Task:
    kind: str
    person: str                     # who must act (person id)
    title: str                      # the item's, the solicitation's or the unit's name
    unit: str                       # unit id concerned
    path: str | None = None         # the submission or solicitation file
    stage: str | None = None        # stage name (review)
    since: dt.date | None = None    # waiting since (review, revise)
    days: int | None = None         # working days waited
    due: dt.date | None = None      # by when
    overdue: bool = False
    escalated: bool = False
    note: str = ""                  # return reason, target figures, what is missing
    by: str = ""                    # who returned it (revise)
    figures: tuple[Fraction, Fraction] | None = None   # (cumulative, pro-rata target) for targets


@dataclass
class Worklist:
    as_of: dt.date
    tasks: dict[str, list[Task]] = field(default_factory=dict)       # person id -> tasks
    escalations: dict[str, list[Task]] = field(default_factory=dict)  # 分管领导 id -> overdue review tasks
    supervision: list[Task] = field(default_factory=list)             # 督办: one per unit behind target

    def for_person(self, pid: str) -> list[Task]:
        return self.tasks.get(pid, [])

    def reviewers(self) -> dict[str, list[Task]]:
        """Review tasks grouped by reviewer (person id), oldest first."""
        out: dict[str, list[Task]] = {}
        for pid, tasks in sorted(self.tasks.items()):
            rows = [t for t in tasks if t.kind == REVIEW]
            if rows:
                out[pid] = rows
        return out

    def returned(self) -> dict[str, list[Task]]:
        out: dict[str, list[Task]] = {}
        for pid, tasks in sorted(self.tasks.items()):
            rows = [t for t in tasks if t.kind == REVISE]
            if rows:
                out[pid] = rows
        return out


# --------------------------------------------------------------------------- working days

def is_working_day(day: dt.date, config: Config) -> bool:
    if day in config.review.workdays:
        return True
    return day.weekday() < 5 and day not in config.review.holidays


def working_days(start: dt.date, end: dt.date, config: Config) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when end <= start)."""
    n = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if is_working_day(day, config):
            n += 1
        day += dt.timedelta(days=1)
    return n


def add_working_days(start: dt.date, n: int, config: Config) -> dt.date:
    """The day on which ``n`` working days after ``start`` have passed."""
    day = start
    left = n
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day, config):
            left -= 1
    return day


# --------------------------------------------------------------------------- the worklist

def build_worklist(config: Config, submissions: Mapping[str, Any], states: Mapping[str, Any],
                   solicitations: Iterable[Any], month_scores: Any | None, as_of: dt.date) -> Worklist:
    """Everything that waits on ``as_of``; ``month_scores``: the scores of as_of's month (targets)."""
    tz = config.tz
    wl = Worklist(as_of)
    overdue_days = config.review.overdue_days
    escalate_days = config.review.escalate_days

    def add(task: Task) -> None:
        wl.tasks.setdefault(task.person, []).append(task)

    for path in sorted(states):
        st = states[path]
        sub = submissions.get(path)
        if sub is None or st.draft or st.approved or st.submitted_at is None:
            continue
        unit = sub.lead_unit
        base = max(t for t in (st.submitted_at, st.revised_at) if t is not None)
        returned = st.returned
        if returned is not None:
            since = day_of(returned.at, tz)
            days = working_days(since, as_of, config)
            who = returned.returner.name if returned.returner else returned.identity
            for pid in st.authors:
                add(Task(REVISE, pid, sub.title, unit, path, None, since, days,
                         add_working_days(since, overdue_days, config), days > overdue_days, False,
                         returned.reason, who))
            continue
        previous_met: dt.datetime | None = None
        for i, stage in enumerate(st.stages):
            if stage.approved:
                previous_met = stage.met_at
                continue
            if config.review.ordered and i > 0 and not st.stages[i - 1].approved:
                break       # later stages are not open yet
            start = base
            if config.review.ordered and previous_met is not None:
                start = max(start, previous_met)
            since = day_of(start, tz)
            days = working_days(since, as_of, config)
            due = add_working_days(since, overdue_days, config)
            for pid in stage.eligible:
                task = Task(REVIEW, pid, sub.title, unit, path, stage.stage.name, since, days, due,
                            days > overdue_days, days > escalate_days)
                add(task)
            if days > escalate_days:
                lead = config.units.get(unit)
                if lead is not None and lead.leader and lead.leader not in stage.eligible:
                    wl.escalations.setdefault(lead.leader, []).append(
                        Task(REVIEW, lead.leader, sub.title, unit, path, stage.stage.name, since, days, due, True,
                             True, note="、".join(config.people[p].name for p in stage.eligible
                                                  if p in config.people)))

    # 约稿 due for a unit that has not answered yet: its liaisons (else its head) are told.
    answered: dict[str, set[str]] = {}
    for sub in submissions.values():
        if getattr(sub, "solicitation", None) and not sub.draft:
            answered.setdefault(sub.solicitation, set()).update(sub.units)
    for sol in sorted(solicitations, key=lambda s: s.id):
        deadline = solicitation_deadline(config, sol)
        if sol.issued > as_of or deadline < as_of:
            continue
        for uid in solicitation_targets(config, sol):
            if uid in answered.get(sol.id, set()) or uid not in config.units:
                continue
            unit = config.units[uid]
            for pid in (unit.liaisons or unit.head):
                add(Task(SOLICITATION, pid, sol.title, uid, sol.path, due=deadline,
                         days=working_days(as_of, deadline, config), note=sol.issuer))

    # Targets behind (pro rata to as_of's month): 督办 for units, a reminder for people.
    if month_scores is not None:
        month_end = _month_end(as_of)
        for row in month_scores.units:
            if row.target is None or row.target_met:
                continue
            unit = config.units[row.unit]
            missing = row.target - row.cumulative
            notice = Task(UNIT_TARGET, "", unit.name, row.unit, due=month_end,
                          note=_fmt(missing), figures=(row.cumulative, row.target))
            wl.supervision.append(notice)
            for pid in dict.fromkeys((*unit.head, *unit.liaisons)):
                add(Task(UNIT_TARGET, pid, unit.name, row.unit, due=month_end, note=_fmt(missing),
                         figures=(row.cumulative, row.target)))
        for prow in month_scores.people:
            target = getattr(prow, "target", None)
            if target is None or prow.target_met:
                continue
            add(Task(PERSON_TARGET, prow.person, config.people[prow.person].name, prow.unit or "", due=month_end,
                     note=_fmt(target - prow.cumulative), figures=(prow.cumulative, target)))
    for tasks in wl.tasks.values():
        tasks.sort(key=_order)
    return wl


_KIND_ORDER = {REVISE: 0, REVIEW: 1, SOLICITATION: 2, UNIT_TARGET: 3, PERSON_TARGET: 4}


def _order(t: Task) -> tuple[int, int, str]:
    return (_KIND_ORDER[t.kind], -(t.days or 0) if t.kind in (REVIEW, REVISE) else 0, t.path or t.unit)


def _month_end(day: dt.date) -> dt.date:
    first_next = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


def _fmt(value: Fraction) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def month_scores_for(config: Config, items: Sequence[Any], solicitations: Iterable[Any], present: frozenset[str],
                     as_of: dt.date, extra: Iterable[Any] = ()) -> Any:
    """The scores of as_of's month (their cumulative and pro-rata target decide who is behind)."""

    return score(config, items, solicitations, present, Period(as_of.year, as_of.month, MONTH), as_of, extra)


# --------------------------------------------------------------------------- words (zh / en)

def describe(task: Task, config: Config, lang: str = "zh") -> str:
    """One line saying what a task asks, in the instance's language (no Markdown)."""
    zh = lang != "en"
    unit = config.units[task.unit].name if task.unit in config.units else task.unit
    if task.kind == REVIEW:
        mark = ("（已逾期）" if zh else " (overdue)") if task.overdue else ""
        return (f"审核《{task.title}》（{unit}，{task.stage}），已等待 {task.days} 个工作日{mark}" if zh else
                f"review \u201c{task.title}\u201d ({unit}, {task.stage}), waiting {task.days} working days{mark}")
    if task.kind == REVISE:
        return (f"修改被退回的《{task.title}》（{task.by}退回：{task.note or '未写理由'}）" if zh else
                f"revise \u201c{task.title}\u201d (returned by {task.by}: {task.note or 'no reason given'})")
    if task.kind == SOLICITATION:
        return (f"报送约稿《{task.title}》（{unit}，{task.due.isoformat() if task.due else ''} 截止）" if zh else
                f"answer the solicitation \u201c{task.title}\u201d ({unit}, due {task.due})")
    cum, target = task.figures or (Fraction(0), Fraction(0))
    if task.kind == UNIT_TARGET:
        return (f"{unit}累计积分 {_fmt(cum)} 分，按进度应达 {_fmt(target)} 分，差 {task.note} 分，"
                f"限 {task.due.isoformat() if task.due else ''} 前补齐" if zh else
                f"{unit} has {_fmt(cum)} points, {_fmt(target)} due by now: {task.note} missing, "
                f"to catch up by {task.due}")
    return (f"个人累计积分 {_fmt(cum)} 分，按进度应达 {_fmt(target)} 分，差 {task.note} 分" if zh else
            f"your points {_fmt(cum)}, {_fmt(target)} due by now: {task.note} missing")


__all__ = [
    "PERSON_TARGET",
    "REVIEW",
    "REVISE",
    "SOLICITATION",
    "UNIT_TARGET",
    "Task",
    "Worklist",
    "add_working_days",
    "build_worklist",
    "describe",
    "is_working_day",
    "month_scores_for",
    "working_days",
]
