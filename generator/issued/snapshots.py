"""Figures at any commit, computed in a temporary shared clone, and the snapshot of a period."""
from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..documents.report import scores_data
from ..errors import BulletinError
from ..git.history import _parse_date
from ..git.runner import git_env, git_output, run_git
from ..judge.gather import Gathered, gather
from ..judge.review import trust_settings
from ..judge.scoring import ADOPTION, INSTRUCTION, Scores, day_of
from ..messages import msg
from ..numbers import num
from ..periods import Period
from ..read.bulletins import FIELD_NAMES, PERSON_FIELDS, UNIT_FIELDS, CommitRef
from ..read.config import Config
from ..read.instance import load_instance
from ..read.learning import LearningMonth, load_learning
from ..read.safety import WITHHELD_TEXT, marking_in

# --------------------------------------------------------------------------- git snapshots

# The program's own files where the repository is also the program's (the sample instance): no figure
# depends on them.
PROGRAM_PATHS = ("generator", "tests", "docs", "bench", "tools", "scripts", "site_templates", "guides",
                 "editor", "ci-templates", ".ci", "README.md", "BENCHMARKS.md", "Makefile", "pyproject.toml",
                 "constraints.txt", ".gitignore")


def _git(cwd: Path, *args: str) -> str:
    """git in the repository or in the clone, whatever GIT_DIR a hook may have set."""
    return git_output(cwd, *args, env=git_env(isolated=True))


@dataclass(frozen=True)
class TrustOverrides:
    """The build machine's trust settings (``--trust`` ...), applied at every commit."""

    mode: str | None = None
    allowed_signers: str | None = None
    trusted_committers: tuple[str, ...] | None = None


class Snapshots:
    """Figures at any commit, computed in a temporary shared clone (the repository is not touched).

    Use as a context manager; states and scores are memoised per commit.
    """

    def __init__(self, repo: Path, overrides: TrustOverrides = TrustOverrides()):
        self.repo = repo
        self.overrides = overrides
        self._tmp: str | None = None
        self._states: dict[str, Gathered] = {}
        self._learning: dict[str, dict[str, LearningMonth]] = {}
        self._scores: dict[tuple[str, Period, dt.date], Scores] = {}
        self._refs: dict[tuple[str, dt.datetime | None], CommitRef] = {}
        self._entered: dict[str, dict[str, dt.datetime]] = {}

    def __enter__(self) -> Snapshots:
        try:
            top = Path(_git(self.repo, "rev-parse", "--show-toplevel"))
            self.prefix = _git(self.repo, "rev-parse", "--show-prefix")
            _git(self.repo, "rev-parse", "--verify", "-q", "HEAD")
        except BulletinError:
            raise BulletinError(msg("record.not_git", repo=str(self.repo)), path=str(self.repo)) from None
        if _git(self.repo, "rev-parse", "--is-shallow-repository") == "true":
            raise BulletinError(msg("record.shallow"), path=str(self.repo))
        self._tmp = tempfile.mkdtemp(prefix="bulletin-record-")
        self.clone = Path(self._tmp) / "clone"
        _git(Path(self._tmp), "clone", "-q", "--shared", "--no-checkout", str(top), str(self.clone))
        return self

    def __exit__(self, *exc: object) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def resolve(self, rev: str) -> str:
        try:
            return _git(self.repo, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}")
        except BulletinError:
            raise BulletinError(msg("rec.no_such_commit", rev=rev, repo=self.repo), path=str(self.repo)) from None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return run_git(self.repo, "merge-base", "--is-ancestor", older, newer).returncode == 0

    def chain(self, older: str, newer: str) -> list[str]:
        """``older`` then the first-parent commits after it up to ``newer`` (oldest first) that change
        a file of the instance: figures are computed with today's code at every commit, so a commit that
        changes only the program's own files (this repository is also the sample instance) changes none."""
        out = _git(self.repo, "rev-list", "--first-parent", "--reverse", f"{older}..{newer}", "--", ".",
                   *(f":(exclude){p}" for p in PROGRAM_PATHS))
        return [older] + [c for c in out.split("\n") if c]

    def entered(self, target: str) -> dict[str, dt.datetime]:
        """When each commit of ``target``'s first-parent chain entered it, as far as history can tell.

        A commit cannot enter a branch before the commit it follows: its time is the latest committer date
        of itself and the first-parent commits before it. In a history whose dates only go forward this is
        each commit's own committer date; a back-dated commit (a rebase that kept old dates, a wrong clock,
        records written in bulk after the fact) is dated when the branch could first have held it.
        """
        if target not in self._entered:
            out = _git(self.repo, "log", "--first-parent", "--reverse", "--format=%H %cI", target)
            latest: dt.datetime | None = None
            times: dict[str, dt.datetime] = {}
            for line in out.split("\n"):
                if not line.strip():
                    continue
                sha, when = line.split(" ", 1)
                t = _parse_date(when)[0]
                latest = t if latest is None or t > latest else latest
                times[sha] = latest
            self._entered[target] = times
        return self._entered[target]

    def ref(self, commit: str, tz: dt.tzinfo, entered: dt.datetime | None = None) -> CommitRef:
        """The commit as a bulletin prints it, dated when it entered the branch (``entered``) if known."""
        key = (commit, entered)
        if key not in self._refs:
            raw = _git(self.repo, "show", "-s", "--format=%H%x00%aI%x00%an%x00%s", commit).split("\x00")
            own = _parse_date(raw[1])[0]
            when = max(own, entered) if entered else own
            # A commit's author and subject are shown with corrections: never a marking.
            author = WITHHELD_TEXT if marking_in(raw[2]) else raw[2]
            subject = WITHHELD_TEXT if marking_in(raw[3]) else raw[3]
            self._refs[key] = CommitRef(raw[0], when.astimezone(tz).date().isoformat(), author, subject)
        return self._refs[key]

    def state(self, commit: str, as_of: dt.date | None = None) -> Gathered:
        """The repository gathered as it stood at ``commit`` (activities as of ``as_of``, default today)."""
        if commit in self._states:
            return self._states[commit]
        _git(self.clone, "checkout", "-q", "-f", "--detach", commit)
        _git(self.clone, "clean", "-q", "-f", "-d", "-x")
        where = self.clone / self.prefix if self.prefix else self.clone
        inst = load_instance(where)
        errors = [p for p in inst.config_problems if p.is_error]
        if errors or inst.config is None:
            raise BulletinError(msg("rec.config_invalid", commit=commit[:8],
                                    problems="\n".join(p.format() for p in errors or inst.config_problems)),
                                path=next((p.path for p in errors or inst.config_problems), "units.yaml"))
        o = self.overrides
        settings = trust_settings(inst.config, where, mode=o.mode, allowed_signers=o.allowed_signers,
                                  trusted_committers=o.trusted_committers or None)
        st = gather(inst, settings, as_of)
        self._states[commit] = st
        # The 学习强国 months of this commit, read now: the clone moves to other commits.
        self._learning[commit] = load_learning(where, inst.config) if (where / "learning").is_dir() else {}
        return st

    def learning(self, commit: str) -> dict[str, LearningMonth]:
        """The 学习强国 months at ``commit`` (read with its state)."""
        self.state(commit)
        return self._learning[commit]

    def scores(self, commit: str, period: Period, as_of: dt.date) -> Scores:
        key = (commit, period, as_of)
        if key not in self._scores:
            # Opinions' time limits and competitions score too: the same entries as `bulletin scores`.
            self._scores[key] = self.state(commit, as_of).scores(period, as_of)
        return self._scores[key]

    def figures(self, commit: str, period: Period, as_of: dt.date) -> dict[tuple[str, str, str], Any]:
        return figures(scores_data(self.scores(commit, period, as_of)))


# --------------------------------------------------------------------------- the snapshot of a period

def figures(scores: Mapping[str, Any]) -> dict[tuple[str, str, str], Any]:
    """Every figure of SPEC 7's JSON, keyed by (subject, id, field)."""
    out: dict[tuple[str, str, str], Any] = {}
    for row in scores.get("units") or ():
        for f in UNIT_FIELDS:
            out[("unit", row["unit"], f)] = row.get(f)
    for row in scores.get("people") or ():
        for f in PERSON_FIELDS:
            out[("person", row["person"], f)] = row.get(f)
    awards = scores.get("awards")
    if awards is not None:
        out[("awards", "units", "award_units")] = list(awards.get("units") or ())
        out[("awards", "people", "award_people")] = list(awards.get("people") or ())
    return out


def _names(scores: Mapping[str, Any]) -> dict[tuple[str, str], str]:
    names = {("unit", r["unit"]): r["name"] for r in scores.get("units") or ()}
    names.update({("person", r["person"]): r["name"] for r in scores.get("people") or ()})
    names[("awards", "units")] = FIELD_NAMES["award_units"]
    names[("awards", "people")] = FIELD_NAMES["award_people"]
    return names


def _is_liaison(config: Config, pid: str) -> bool:
    person = config.people.get(pid)
    return bool(person and ("liaison" in person.roles or any(pid in u.liaisons for u in config.units.values())))


def snapshot(state: Gathered, result: Scores) -> dict[str, Any]:
    """The figures of a period and everything its documents print, from one commit's state."""
    config = state.config
    data = scores_data(result)
    subs = {i.path: i for i in state.items}
    levels = {lv.id: lv.name for lv in config.scoring.levels}
    categories = {c.id: c.name for c in config.scoring.categories}
    outlets = config.scoring.outlets

    # Adopted items: one row per (item, outlet), joint items once with the full points.
    adopted: dict[tuple[str, str], dict[str, Any]] = OrderedDict()
    instructions = 0
    seen_instructions: set[tuple[str, str, dt.date]] = set()
    for e in result.entries:
        if e.kind == ADOPTION and e.submission and e.detail:
            key = (e.submission, e.detail)
            row = adopted.get(key)
            if row is None:
                item = subs.get(e.submission)
                outlet = outlets.get(e.detail)
                row = adopted[key] = OrderedDict([
                    ("submission", e.submission),
                    ("title", item.submission.title if item else e.submission),
                    ("units", list(item.submission.units) if item else [e.unit]),
                    ("category", item.submission.category if item else None),
                    ("outlet", e.detail), ("outlet_name", outlet.name if outlet else e.detail),
                    ("level", outlet.level if outlet else None), ("date", e.date.isoformat()),
                    ("points", Fraction(0))])
            row["points"] += e.points
        elif e.kind == INSTRUCTION and e.submission:
            key3 = (e.submission, e.detail or "", e.date)
            if key3 not in seen_instructions:
                seen_instructions.add(key3)
                instructions += 1
    adopted_rows = [dict(r, points=num(r["points"])) for r in adopted.values()]
    submitted_items = [i for i in state.items if result.period.contains(day_of(i.submitted_at, config.tz))]

    by_level = []
    for lv in config.scoring.levels:
        rows = [r for r in adopted.values() if r["level"] == lv.id]
        by_level.append(OrderedDict([("level", lv.id), ("name", lv.name), ("adoptions", len(rows)),
                                     ("points", num(sum((r["points"] for r in rows), Fraction(0))))]))
    by_category = []
    for cat in config.scoring.categories:
        rows = [r for r in adopted.values() if r["category"] == cat.id]
        by_category.append(OrderedDict([
            ("category", cat.id), ("name", cat.name),
            ("submitted", sum(1 for i in submitted_items if i.submission.category == cat.id)),
            ("adoptions", len(rows)), ("points", num(sum((r["points"] for r in rows), Fraction(0))))]))
    totals = OrderedDict([
        ("submitted", len(submitted_items)),
        ("adoptions", len(adopted)),
        ("adopted_items", len({r["submission"] for r in adopted.values()})),
        ("instructions", instructions),
        ("points", num(sum((e.points for e in result.entries), Fraction(0)))),
        ("by_level", by_level), ("by_category", by_category)])

    awards = None
    if result.awards is not None:
        unit_rows = {r.unit: r for r in result.units}
        person_rows = {r.person: r for r in result.people}
        below = [r.unit for r in result.units if r.target is not None and not r.target_met]
        awards = OrderedDict([
            ("require_target", config.scoring.awards.require_target),
            ("units", [OrderedDict([("unit", u), ("name", unit_rows[u].name), ("points", num(unit_rows[u].points))])
                       for u in result.awards.units if u in unit_rows]),
            ("people", [OrderedDict([("person", p), ("name", person_rows[p].name), ("unit", person_rows[p].unit),
                                     ("points", num(person_rows[p].points)), ("liaison", _is_liaison(config, p))])
                        for p in result.awards.people if p in person_rows]),
            ("below_target", below),
            ("excluded", below if config.scoring.awards.require_target else []),
        ])

    used_outlets = sorted({r["outlet"] for r in adopted.values()})
    labels = OrderedDict([
        ("units", OrderedDict((u.id, u.name) for u in config.units.values())),
        ("people", OrderedDict((p.id, OrderedDict([("name", p.name), ("unit", p.unit)]))
                               for p in config.people.values())),
        ("levels", OrderedDict(levels)), ("categories", OrderedDict(categories)),
        ("outlets", OrderedDict((o, OrderedDict([("name", outlets[o].name), ("level", outlets[o].level)]))
                                for o in used_outlets if o in outlets)),
    ])
    return OrderedDict([("scores", data), ("totals", totals), ("adopted_items", adopted_rows),
                        ("awards", awards), ("labels", labels),
                        ("left_out", sorted(_withheld_name(p) for p in state.inst.invalid))])


def _withheld_name(path: str) -> str:
    """A path as a record keeps it: a file name that carries a marking is not written down."""
    return path.rsplit("/", 1)[0] + "/" + WITHHELD_TEXT if marking_in(path) else path
