"""What history and the calendar say about opinions (舆情), plans, interviews and competitions:
review with each type's own stages, time limits, statuses and the entries they score.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..errors import WARNING, Problem
from ..git.history import BlobReader, History, file_histories
from ..messages import msg
from ..read.activities import Competition, Interview, Opinion, Plan, PlanItem
from ..read.config import Config
from ..read.instance import Instance
from ..read.records import split_front_matter
from ..read.yamlio import load_yaml
from .review import Trust, review_submissions
from .scoring import Entry, Item, _shares

# --------------------------------------------------------------------------- what history says

@dataclass(frozen=True)
class OpinionStatus:
    opinion: Opinion
    reported_at: dt.datetime | None       # when it reached the repository (the commit that added it)
    report_hours: float | None
    report_late: bool
    reply_deadline: dt.date
    reply_days: int | None                # days from finding to reply
    reply_late: bool
    reply_approved: bool
    replied_by: str | None                # who recorded `replied:` (must be the office)
    problems: tuple[Problem, ...] = ()


def opinion_statuses(config: Config, opinions: Mapping[str, Opinion], states: Mapping[str, Any],
                     history: Any, blobs: Any, as_of: dt.date) -> dict[str, OpinionStatus]:
    """Time limits and the office's reply record, for every opinion."""

    tz = config.tz
    rules = config.scoring.opinions
    files = file_histories(history, set(opinions)) if history is not None else {}
    office = {p.id for p in config.people_with_role("office")}
    out: dict[str, OpinionStatus] = {}
    for path, op in sorted(opinions.items()):
        state = states.get(path)
        reported = state.submitted_at if state is not None else None
        found = op.found_at if op.found_at.tzinfo else op.found_at.replace(tzinfo=tz)
        hours = (reported - found).total_seconds() / 3600 if reported else None
        deadline = found.astimezone(tz).date() + dt.timedelta(days=rules.reply_within_days)
        reply_days = (op.replied - found.astimezone(tz).date()).days if op.replied else None
        reply_late = (op.replied > deadline) if op.replied else (deadline < as_of)
        problems: list[Problem] = []
        replied_by = None
        fh = files.get(path)
        if op.replied and fh is not None and blobs is not None:
            # The first version that carries `replied:` tells who recorded the reply.
            for commit, change in fh.touches:
                exists, data = blobs.at_raw(commit.id, change.path) if hasattr(blobs, "at_raw") else (False, None)
                if not exists or data is None:
                    continue
                try:
                    fm, _, _ = split_front_matter(data.decode("utf-8-sig").replace("\r\n", "\n"))
                    value = load_yaml(fm).value
                except Exception:  # an old version that does not parse says nothing
                    continue
                if isinstance(value, dict) and value.get("replied"):
                    person = config.person_by_email(commit.author.email)
                    replied_by = person.id if person else commit.author.email
                    if person is None or person.id not in office:
                        problems.append(Problem(path, 1, 1, WARNING,
                                                msg("opinion.reply_not_office", name=commit.author.name,
                                                    commit=commit.short)))
                    break
        approved = bool(state is not None and state.approved)
        if op.replied and not approved:
            problems.append(Problem(path, 1, 1, WARNING, msg("opinion.reply_unapproved")))
        out[path] = OpinionStatus(op, reported, hours, hours is not None and hours > rules.report_within_hours,
                                  deadline, reply_days, reply_late and not op.draft, approved, replied_by,
                                  tuple(problems))
    return out


def opinion_entries(config: Config, statuses: Mapping[str, OpinionStatus], as_of: dt.date) -> list[Any]:
    """Penalty entries for late reports and late replies, only where scoring.yaml sets them."""

    rules = config.scoring.opinions
    tz = config.tz
    out = []
    for path, st in sorted(statuses.items()):
        op = st.opinion
        if op.draft:
            continue
        units = op.units
        if rules.late_report_penalty is not None and st.report_late and st.reported_at is not None:
            for u in units:
                out.append(Entry(st.reported_at.astimezone(tz).date(), u, "opinion_late_report",
                                 Fraction(rules.late_report_penalty) / len(units), path, None))
        if rules.late_reply_penalty is not None and st.reply_late:
            day = op.replied or st.reply_deadline
            if day <= as_of:
                for u in units:
                    out.append(Entry(day, u, "opinion_late_reply", Fraction(rules.late_reply_penalty) / len(units),
                                     path, None))
    return out


def competition_entries(config: Config, competitions: Iterable[Competition], items: Sequence[Any]) -> list[Any]:
    """Points per award grade, dated at the competition, for approved submissions only."""

    by_path = {i.path: i for i in items}
    out = []
    for comp in sorted(competitions, key=lambda c: (c.date, c.id)):
        for res in comp.results:
            item = by_path.get(res.submission)
            points = config.scoring.competition_points.get(res.grade)
            if item is None or points is None:
                continue
            units = item.submission.units
            share = Fraction(points) / len(units)
            for u in units:
                out.append(Entry(comp.date, u, "competition", share, item.path, comp.id,
                                 _shares(item, share, config.scoring.author_split)))
    return out


@dataclass(frozen=True)
class PlanStatus:
    item: PlanItem
    covered_by: tuple[str, ...]     # approved submissions naming it
    overdue: bool                   # time node passed with no approved item


def plan_statuses(plans: Mapping[str, Plan], items: Sequence[Any], as_of: dt.date) -> list[PlanStatus]:
    covering: dict[str, list[str]] = {}
    for it in items:
        key = it.submission.fields.get("plan")
        if key:
            covering.setdefault(key, []).append(it.path)
    out = []
    for plan in sorted(plans.values(), key=lambda p: (p.year, p.unit)):
        for pi in plan.items:
            cov = tuple(sorted(covering.get(pi.key, ())))
            out.append(PlanStatus(pi, cov, not cov and pi.end < as_of))
    return out


@dataclass(frozen=True)
class InterviewStatus:
    interview: Interview
    approved: bool
    approved_at: dt.datetime | None
    approved_in_time: bool          # approved on or before the interview day


def interview_statuses(config: Config, interviews: Mapping[str, Interview],
                       states: Mapping[str, Any]) -> dict[str, InterviewStatus]:
    out = {}
    for path, iv in sorted(interviews.items()):
        st = states.get(path)
        approved = bool(st is not None and st.approved)
        at = st.approved_at if st is not None else None
        in_time = approved and at is not None and at.astimezone(config.tz).date() <= iv.date
        out[path] = InterviewStatus(iv, approved, at, in_time)
    return out


def interview_problems(statuses: Mapping[str, InterviewStatus], as_of: dt.date) -> list[Problem]:
    """An interview held without approval is flagged."""
    out = []
    for path, st in statuses.items():
        if st.interview.draft or st.interview.date > as_of:
            continue
        if not st.approved_in_time:
            when = (msg("interview.approved_only_on", day=st.approved_at.date().isoformat()) if st.approved_at
                    else msg("interview.never_approved"))
            out.append(Problem(path, 1, 1, WARNING, msg("interview.unapproved", day=st.interview.date.isoformat(),
                                                        when=when)))
    return out


def review_records(config: Config, records: Mapping[str, Any], kind: str, history: Any, blobs: Any,
                   trust: Any) -> dict[str, Any]:
    """Review records of ``kind`` with their own stages, through the submissions' review engine."""

    if not records:
        return {}
    typed = dataclasses.replace(config, review=dataclasses.replace(config.review,
                                                                   stages=config.review.stages_for(kind)))
    return review_submissions(typed, records, history, blobs, trust)


@dataclass
class Activities:
    """Everything about the other record types, gathered once for check, scores and the site."""

    opinions: dict[str, OpinionStatus] = field(default_factory=dict)
    interviews: dict[str, InterviewStatus] = field(default_factory=dict)
    plans: list[PlanStatus] = field(default_factory=list)
    opinion_states: dict[str, Any] = field(default_factory=dict)
    interview_states: dict[str, Any] = field(default_factory=dict)
    entries: list[Any] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def gather_activities(inst: Instance, history_of: Callable[[], History], trust: Trust, items: Sequence[Item],
                      as_of: dt.date) -> Activities:
    """Review opinions and interviews, and compute their statuses and extra entries.

    ``history_of`` gives history: called only when there are opinions or interviews to review.
    """

    config = inst.config
    assert config is not None, "activities are gathered for an instance with a configuration"
    acts = Activities()
    opinions = inst.records.get("opinion", {})
    interviews = inst.records.get("interview", {})
    if opinions or interviews:
        history = history_of()
        with BlobReader(history, inst.repo) as blobs:
            acts.opinion_states = review_records(config, opinions, "opinion", history, blobs, trust)
            acts.interview_states = review_records(config, interviews, "interview", history, blobs, trust)
            acts.opinions = opinion_statuses(config, opinions, acts.opinion_states, history, _RawBlobs(blobs),
                                             as_of)
    acts.interviews = interview_statuses(config, interviews, acts.interview_states)
    acts.plans = plan_statuses(inst.records.get("plan", {}), items, as_of)
    acts.entries = opinion_entries(config, acts.opinions, as_of) + \
        competition_entries(config, inst.records.get("competition", {}).values(), items)
    acts.entries = [e for e in acts.entries if e.date <= as_of]
    for st in acts.opinions.values():
        acts.problems.extend(st.problems)
    acts.problems.extend(interview_problems(acts.interviews, as_of))
    for states in (acts.opinion_states, acts.interview_states):
        for s in states.values():
            acts.problems.extend(s.problems)
    return acts


class _RawBlobs:
    """Raw bytes of a file in a commit, through the shared cat-file process."""

    def __init__(self, blobs: Any):
        self.blobs = blobs

    def at_raw(self, commit: str, path: str) -> tuple[bool, bytes | None]:
        blob_id, data = self.blobs.at_with_id(commit, path)
        return blob_id is not None, data
