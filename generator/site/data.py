"""The site's input: the gathered instance plus what only the site shows, read before rendering.

:func:`site_data` does every read the pages need (学习强国 months, evidence files, pending
corrections of issued bulletins, their DOCX/XLSX documents, the page memo), so that
:func:`generator.site.pages.render_pages` computes from a :class:`SiteData` alone.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..cache import Store
from ..errors import BulletinError
from ..issued.corrections import pending_corrections
from ..judge.activities import Activities
from ..judge.gather import Gathered
from ..judge.review import ReviewState
from ..judge.scoring import Entry, Item, Ledger, Scores, all_entries, day_of, score
from ..periods import HALF, MONTH, QUARTER, YEAR, Period
from ..read.bulletins import Correction, Records
from ..read.config import Config
from ..read.instance import Instance
from ..read.learning import LearningMonth, load_learning
from .downloads import bulletin_documents
from .pagecache import PageMemo

TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"


@dataclass
class SiteData:
    """Everything the pages show, read before rendering: the gathered instance and the site's own reads."""

    inst: Instance
    config: Config
    states: Mapping[str, ReviewState]
    items: list[Item]                       # approved, valid, non-draft
    present: frozenset[str]                 # evidence files that exist
    as_of: dt.date
    head: str | None = None
    acts: Activities | None = None           # opinions, plans, interviews, competitions
    entries: list[Entry] = field(default_factory=list)   # every entry up to as_of
    records: Records | None = None                        # bulletins of record (bulletins/)
    corrections: dict[Period, list[Correction]] = field(default_factory=dict)  # pending, per issued period
    documents: dict[str, dict[str, bytes]] = field(default_factory=dict)     # DOCX/XLSX by record digest
    learning_months: Mapping[str, LearningMonth] = field(default_factory=dict)
    evidence: Mapping[str, bytes] = field(default_factory=dict)              # present evidence files' bytes
    memo: PageMemo = field(default_factory=PageMemo.off)  # bodies and XLSX of the previous build
    templates: Mapping[str, str] = field(default_factory=lambda: read_templates())    # site_templates/
    scores: dict[Period, Scores] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()           # what history says cannot be trusted (shallow, empty, odd dates)

    def __post_init__(self) -> None:
        if self.acts is None:
            self.acts = Activities()
        if not self.entries:
            self.entries = all_entries(self.config, self.items, self.inst.solicitations.values(), self.present,
                                       self.as_of, self.acts.entries)

    @functools.cached_property
    def ledger(self) -> Ledger:
        """The entries and the items by date (:class:`Ledger`): each period's are one slice."""
        return Ledger.of(self.config, self.items, self.entries)

    @property
    def extra(self) -> list[Entry]:
        return self.acts.entries if self.acts else []

    def periods(self) -> list[Period]:
        """Every period that has started by as-of and has an entry or an approved item (plus the current month)."""
        active_days = {e.date for e in self.entries} | {day_of(i.submitted_at, self.config.tz) for i in self.items}
        years = sorted({d.year for d in active_days if d <= self.as_of} | {self.as_of.year})
        out: list[Period] = []
        for year in years:
            for kind, span in ((MONTH, 1), (QUARTER, 3), (HALF, 6), (YEAR, 12)):
                for first in range(1, 13, span):
                    p = Period(year, first, kind)
                    if p.start > self.as_of:
                        continue
                    has = any(p.contains(d) for d in active_days)
                    current = p.contains(self.as_of)
                    if has or current:
                        out.append(p)
        return out

    def scores_for(self, period: Period) -> Scores:
        if period not in self.scores:
            self.scores[period] = score(self.config, self.items, self.inst.solicitations.values(), self.present,
                                        period, self.as_of, self.extra, ledger=self.ledger)
        return self.scores[period]


def _corrections(g: Gathered, records: Records | None) -> dict[Period, list[Correction]]:
    """For each issued bulletin, the figures the repository now gives differently (with causes)."""
    if not records or not records.in_force or records.errors:
        return {}
    # Recomputing issued periods at other commits is slow; the answer only changes with HEAD and
    # the records, so it is kept in .bulletin-cache/ under both.
    store = Store(g.inst.repo, "corrections")
    key = (g.history.head, tuple(sorted((r.path, r.data.get("digest")) for r in records.all)))
    found: dict[Period, list[Correction]] | None = store.get(key)
    if found is None:
        try:
            found = pending_corrections(g.inst.repo, records)
        except BulletinError:
            return {}
        store.replace({key: found})
        store.save(worth=True)  # expensive per entry: worth keeping even when few
    return found


def _evidence(repo: Path, present: Iterable[str]) -> dict[str, bytes]:
    """The bytes of every evidence file that exists (one that cannot be read is left out, as not present)."""
    out: dict[str, bytes] = {}
    for path in sorted(present):
        try:
            out[path] = (repo / path).read_bytes()
        except OSError:
            continue
    return out


def read_templates() -> dict[str, str]:
    """The Jinja2 templates of the pages (site_templates/), by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(TEMPLATES.glob("*.j2"))}


def site_data(g: Gathered) -> SiteData:
    """Read what the pages show besides the gathered instance."""
    repo = g.inst.repo
    records = g.inst.bulletins
    return SiteData(inst=g.inst, config=g.config, states=g.states, items=g.items, present=g.present,
                    as_of=g.as_of, head=g.history.head, acts=g.activities, records=records,
                    corrections=_corrections(g, records), documents=bulletin_documents(repo, records.in_force.values()) if records else {},
                    learning_months=load_learning(repo, g.config) if (repo / "learning").is_dir() else {},
                    evidence=_evidence(repo, g.present),
                    memo=PageMemo(repo), templates=read_templates(), warnings=g.history.warnings)
