"""The one gather: everything a command computes from an instance, read once.

load (read/) -> trust -> history and review states (git/, review) -> scored items -> evidence ->
activities (opinions, plans, interviews, competitions). ``build``, ``check``, ``scores``,
``status``, ``issue``, the corrections and the benchmark all start from :func:`gather`; every
read of files and git happens here or before it, so what comes after (scoring a period, rendering
pages) computes from this value alone.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..git.history import History
from ..periods import Period
from ..read.config import Config
from ..read.instance import Instance
from .activities import Activities, gather_activities
from .review import ReviewBrief, Reviewed, ReviewState, Trust, review_instance
from .scoring import Item, Scores, evidence_present, score, scored_items


@dataclass
class Gathered:
    """An instance with its history judged: the input of scoring, the site and the records."""

    inst: Instance
    config: Config
    trust: Trust
    review: Reviewed                    # every valid submission's review
    items: list[Item]                   # approved, valid, non-draft
    present: frozenset[str]             # evidence files that exist
    as_of: dt.date
    activities: Activities              # as of ``as_of``
    _other_days: dict[dt.date, Activities] = field(default_factory=dict, repr=False)

    @property
    def history(self) -> History:
        """Everything reachable from HEAD (read from a kept review only when asked for)."""
        return self.review.history

    @property
    def states(self) -> dict[str, ReviewState]:
        """Every valid submission's full review state, by path (approvals and their commits)."""
        return self.review.states

    @property
    def briefs(self) -> dict[str, ReviewBrief]:
        """What check and scores read of each submission's review, by path."""
        return self.review.briefs

    @property
    def warnings(self) -> tuple[str, ...]:
        """History's warnings (a shallow clone, no commits, odd dates)."""
        return self.review.warnings

    def activities_on(self, day: dt.date) -> Activities:
        """The activities as of another day (a bulletin of record's own as-of day)."""
        if day == self.as_of:
            return self.activities
        if day not in self._other_days:
            self._other_days[day] = gather_activities(self.inst, lambda: self.history, self.trust, self.items, day)
        return self._other_days[day]

    def scores(self, period: Period, as_of: dt.date | None = None) -> Scores:
        """Entries and rankings of ``period`` as of ``as_of`` (default: the gather's day)."""
        day = as_of or self.as_of
        return score(self.config, self.items, self.inst.solicitations.values(), self.present, period, day,
                     self.activities_on(day).entries)


def gather(inst: Instance, trust: Trust, as_of: dt.date | None = None) -> Gathered:
    """Read history, review every submission and record, and collect what scoring and the site need.

    ``inst`` must have a configuration; ``as_of`` defaults to today in its time zone. History and
    the full review states are read from a kept review only when something asks for them.
    """
    config = inst.config
    assert config is not None, "gather() needs an instance with a valid configuration"
    review = review_instance(inst.repo, config, inst.submissions, trust, inst.digests)
    items = scored_items(inst.submissions, review.briefs)
    present = evidence_present(inst.repo, [i.submission for i in items])
    day = as_of or dt.datetime.now(config.tz).date()
    acts = gather_activities(inst, lambda: review.history, trust, items, day)
    return Gathered(inst, config, trust, review, items, present, day, acts)
