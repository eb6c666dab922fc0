"""Bulletins of record (通报): issuing, loading, superseding and correcting ``bulletins/P.json``.

A bulletin once issued is a government record. ``bulletins/P.json`` freezes
every figure of period P (SPEC 7's JSON) together with what its documents
print (titles of the adopted items, names of units, outlets and levels), the
commit and as-of day it was computed from, and its issue date and number (文号).
A SHA-256 digest of the content makes a silent edit detectable.

Records are computed from a commit, never from the working tree: the figures
of commit C are those of a temporary shared clone checked out at C (history
read at C, files at C). The same machinery recomputes an issued period today
and finds the commit that changed a figure.

**Corrections (更正).** When the repository now gives different figures for an
issued period (with the record's own as-of day), the next bulletin issued
carries a correction per changed figure: unit or person, figure, the value as
last published, the value now, and the commit(s) that caused it. The cause is
found by bisection over HEAD's first-parent chain from the record's commit:
the figures of the period are recomputed at the middle commit, and only the
halves whose ends differ are searched further, so k changes among N commits
cost about k·log2(N) recomputations. A figure that changed and changed back
between two probed commits is not reported (it does not differ at the ends).
A difference already present when the record's own commit is recomputed today
comes from a change of the rules or the program, not of the repository, and
carries no commit.

**Superseding.** ``--supersede --reason`` issues revision r+1 of the period as
``bulletins/P.json`` and keeps the old one, marked ``superseded``, as
``bulletins/P.r<r>.json``; its figures are untouched (the mark is outside the
digest).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Callable, Any, Iterable, Mapping, Sequence

from ..read.config import Config
from ..git.history import _parse_date
from ..errors import ERROR, BulletinError, Problem, sort_problems
from ..read.instance import load_instance
from ..periods import HALF, MONTH, QUARTER, YEAR, Period, PeriodError, parse_period
from ..read.records import Solicitation, Submission
from ..documents.report import num, scores_data
from ..judge.scoring import ADOPTION, INSTRUCTION, Item, Scores, day_of, evidence_present, score, scored_items
from ..messages import msg, term
from ..read.safety import SECRET_VALUE_FIX, WITHHELD_TEXT, classified_message, marking_in, marking_problems

FORMAT = "bulletin-record/1"
BULLETINS = "bulletins"

UNIT_FIELDS = ("points", "cumulative", "rank", "cumulative_rank", "submitted", "adopted", "target", "target_met")
PERSON_FIELDS = ("points", "cumulative", "rank")

FIELD_NAMES = {
    "points": "本期积分", "cumulative": "累计积分", "rank": "本期排名", "cumulative_rank": "累计排名",
    "submitted": "报送篇数", "adopted": "采用篇数", "target": "目标积分（按月折算）", "target_met": "完成目标",
    "award_units": "先进单位", "award_people": "先进个人",
}
SUBJECT_NAMES = {"unit": "单位", "person": "个人", "awards": "评优"}

_CN_DIGITS = "〇一二三四五六七八九"
_NUMBER = re.compile(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕(?P<n>\d+)号$")
_FILE = re.compile(r"^(?P<period>\d{4}(?:-(?:\d{2}|[QH]\d))?)(?:\.r(?P<rev>\d+))?\.json$")
_SHA = re.compile(r"^[0-9a-f]{40}$")


# --------------------------------------------------------------------------- names

def period_words(p: Period) -> str:
    """``2026年1月份``, ``2026年第一季度``, ``2026年上半年``, ``2026年度``."""
    if p.kind == MONTH:
        return f"{p.year}年{p.first_month}月份"
    if p.kind == QUARTER:
        return f"{p.year}年第{_CN_DIGITS[(p.first_month - 1) // 3 + 1]}季度"
    if p.kind == HALF:
        return f"{p.year}年{'上' if p.first_month == 1 else '下'}半年"
    return f"{p.year}年度"


def bulletin_title(p: Period) -> str:
    if p.kind == YEAR:
        return f"关于{p.year}年度信息宣传工作考核结果的通报"
    return f"关于{period_words(p)}信息宣传工作情况的通报"


def cn_date(day: dt.date) -> str:
    """成文日期 in Arabic numerals without leading zeros (GB/T 9704-2012 7.3.5.2)."""
    return f"{day.year}年{day.month}月{day.day}日"


def next_number(numbers: Iterable[str | None], year: int) -> str | None:
    """The number after the highest 〔year〕N号 already used, with the same prefix; None if none is known."""
    best: tuple[int, str] | None = None
    for text in numbers:
        m = _NUMBER.match(text or "")
        if m and int(m["year"]) == year and (best is None or int(m["n"]) > best[0]):
            best = (int(m["n"]), m["prefix"])
    if best is None:
        return None
    return f"{best[1]}〔{year}〕{best[0] + 1}号"


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class CommitRef:
    """A commit that changed a figure, as a bulletin prints it."""

    id: str
    date: str          # YYYY-MM-DD (author date, instance time zone)
    author: str
    subject: str

    @property
    def short(self) -> str:
        return self.id[:8]

    def to_json(self) -> dict[str, Any]:
        return OrderedDict([("id", self.id), ("date", self.date), ("author", self.author),
                            ("subject", self.subject)])


@dataclass(frozen=True)
class Correction:
    """One figure of an issued bulletin that the repository now gives differently."""

    period: str                 # the corrected bulletin's period
    revision: int               # ... and revision
    number: str | None          # ... and 文号
    subject: str                # unit | person | awards
    id: str                     # unit or person id ("units"/"people" for awards)
    name: str
    field: str                  # points, cumulative, rank, ... or award_units / award_people
    old: Any                    # as last published
    new: Any                    # as the repository gives it now
    commits: tuple[CommitRef, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject, self.id, self.field)

    @property
    def field_name(self) -> str:
        return FIELD_NAMES.get(self.field, self.field)

    def to_json(self) -> dict[str, Any]:
        return OrderedDict([("period", self.period), ("revision", self.revision), ("number", self.number),
                            ("subject", self.subject), ("id", self.id), ("name", self.name),
                            ("field", self.field), ("old", self.old), ("new", self.new),
                            ("commits", [c.to_json() for c in self.commits])])

    @staticmethod
    def from_json(d: Mapping[str, Any]) -> "Correction":
        return Correction(d["period"], int(d["revision"]), d.get("number"), d["subject"], d["id"], d["name"],
                          d["field"], d.get("old"), d.get("new"),
                          tuple(CommitRef(c["id"], c["date"], c["author"], c["subject"])
                                for c in d.get("commits") or ()))


@dataclass(frozen=True)
class IssuedBulletin:
    """One issued bulletin as read from ``bulletins/``; ``data`` is the whole JSON record."""

    path: str
    period: Period
    revision: int
    data: Mapping[str, Any] = field(compare=False, repr=False)

    # --- header
    @property
    def number(self) -> str | None:
        return self.data.get("number")

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def issued(self) -> dt.date:
        return dt.date.fromisoformat(self.data["issued"])

    @property
    def as_of(self) -> dt.date:
        return dt.date.fromisoformat(self.data["as_of"])

    @property
    def commit(self) -> str:
        return str(self.data["commit"])

    @property
    def issuer(self) -> str:
        return str(self.data["issuer"])

    @property
    def organization(self) -> Mapping[str, str]:
        return self.data["organization"]

    @property
    def superseded(self) -> Mapping[str, Any] | None:
        return self.data.get("superseded")

    @property
    def supersedes(self) -> Mapping[str, Any] | None:
        return self.data.get("supersedes")

    @property
    def in_force(self) -> bool:
        return self.superseded is None

    # --- figures (as issued; never recomputed)
    @property
    def scores(self) -> Mapping[str, Any]:
        """SPEC 7's JSON object for the period, as issued."""
        return self.data["scores"]

    @property
    def units(self) -> list[Mapping[str, Any]]:
        return list(self.scores["units"])

    @property
    def people(self) -> list[Mapping[str, Any]]:
        return list(self.scores["people"])

    @property
    def entries(self) -> list[Mapping[str, Any]]:
        return list(self.scores["entries"])

    @property
    def totals(self) -> Mapping[str, Any]:
        return self.data["totals"]

    @property
    def adopted_items(self) -> list[Mapping[str, Any]]:
        return list(self.data["adopted_items"])

    @property
    def awards(self) -> Mapping[str, Any] | None:
        """Year bulletins: units, people (with ``liaison``), excluded units (取消评优资格)."""
        return self.data.get("awards")

    @property
    def corrections(self) -> list[Correction]:
        """The corrections of earlier bulletins that this bulletin carries (its 更正 section)."""
        return [Correction.from_json(c) for c in self.data.get("corrections") or ()]

    @property
    def labels(self) -> Mapping[str, Any]:
        return self.data["labels"]

    def unit_name(self, uid: str | None) -> str:
        return str(self.labels["units"].get(uid or "", uid or ""))

    def person_name(self, pid: str) -> str:
        return str(self.labels["people"].get(pid, {}).get("name", pid))


@dataclass
class Records:
    """Every file under ``bulletins/``: valid records, the ones in force by period, and problems."""

    all: list[IssuedBulletin] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def in_force(self) -> dict[Period, IssuedBulletin]:
        return {r.period: r for r in self.all if r.in_force}

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def revisions(self, period: Period) -> list[IssuedBulletin]:
        return sorted((r for r in self.all if r.period == period), key=lambda r: r.revision)


def digest(record: Mapping[str, Any]) -> str:
    """SHA-256 of the record's content: everything but ``digest`` and the ``superseded`` mark."""
    content = {k: v for k, v in record.items() if k not in ("digest", "superseded")}
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_text(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- loading and checking

class _Check:
    """Type checks of one record with line:col positions (JSON is read as YAML to keep them)."""

    def __init__(self, path: str, text: str):
        from ..read.yamlio import YamlProblem, load_yaml

        self.path = path
        self.problems: list[Problem] = []
        try:
            self.doc: Any = load_yaml(text)
        except YamlProblem:
            self.doc = None

    def at(self, where: tuple[Any, ...]) -> tuple[int, int]:
        return self.doc.at(where) if self.doc is not None else (1, 1)

    def error(self, where: tuple[Any, ...], message: str) -> None:
        line, col = self.at(where)
        self.problems.append(Problem(self.path, line, col, ERROR, message))

    def need(self, obj: Any, where: tuple[Any, ...], key: str, kinds: tuple[type, ...], what: str,
             nullable: bool = False) -> Any:
        if not isinstance(obj, dict):
            return None
        if key not in obj:
            self.error(where, msg("rec.missing_field", key=key, what=term(what)))
            return None
        value = obj[key]
        if value is None and nullable:
            return None
        ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds)
        if not ok:
            self.error(where + (key,), msg("rec.must_be", key=key, what=term(what),
                                           value=json.dumps(value, ensure_ascii=False)[:40]))
            return None
        return value

    def day(self, obj: Any, where: tuple[Any, ...], key: str) -> dt.date | None:
        text = self.need(obj, where, key, (str,), "a date YYYY-MM-DD")
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(where + (key,), msg("rec.real_date", key=key, text=text))
            return None


_NUM = (int, float)


def _strings(value: Any) -> list[str]:
    """Every key and string of a JSON value."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [str(k), *_strings(v)]]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def check_record(path: str, text: str) -> tuple[IssuedBulletin | None, list[Problem]]:
    """Parse and validate one ``bulletins/*.json`` file; problems are ``path:line:col`` errors."""
    restore = msg("rec.restore", path=path)
    try:
        data = json.loads(text, object_pairs_hook=OrderedDict)
    except json.JSONDecodeError as exc:
        return None, [Problem(path, exc.lineno, exc.colno, ERROR,
                              msg("rec.not_json", detail=exc.msg, restore=restore))]
    c = _Check(path, text)
    if not isinstance(data, dict):
        c.error((), msg("rec.not_object", restore=restore))
        return None, c.problems
    if data.get("format") != FORMAT:
        c.error(("format",), msg("rec.format", format=FORMAT))
    name = Path(path).name
    m = _FILE.match(name)
    period_text = c.need(data, (), "period", (str,), "a period such as 2026-03")
    period = None
    if period_text is not None:
        try:
            period = parse_period(period_text)
        except PeriodError as exc:
            c.error(("period",), exc.args[0])
    revision = c.need(data, (), "revision", (int,), "a whole number (1 for the first issue)")
    if isinstance(revision, int) and revision < 1:
        c.error(("revision",), msg("rec.revision"))
    for key in ("title", "issuer"):
        c.need(data, (), key, (str,), "text")
    c.need(data, (), "number", (str,), "the 文号 as text, e.g. 武住建办〔2026〕12号", nullable=True)
    issued = c.day(data, (), "issued")
    as_of = c.day(data, (), "as_of")
    commit = c.need(data, (), "commit", (str,), "a 40-digit commit id")
    if commit is not None and not _SHA.match(commit):
        c.error(("commit",), msg("rec.commit", commit=commit))
    org = c.need(data, (), "organization", (dict,), "an object with name and short_name")
    if isinstance(org, dict):
        c.need(org, ("organization",), "name", (str,), "text")
    if period is not None and m is not None:
        if m["period"] != period.label:
            c.error(("period",), msg("rec.wrong_file", name=name, period=period.label, restore=restore))
    elif m is None:
        c.error((), msg("rec.file_name", name=name))
    if period is not None and as_of is not None and as_of < period.end:
        c.error(("as_of",), msg("rec.as_of_early", as_of=as_of, period=period.label, end=period.end))
    if issued is not None and as_of is not None and issued < as_of:
        c.error(("issued",), msg("rec.issued_early", issued=issued, as_of=as_of))
    scores = c.need(data, (), "scores", (dict,), "SPEC 7's scores object")
    if isinstance(scores, dict):
        if period is not None and scores.get("period") != period.label:
            c.error(("scores", "period"), msg("rec.scores_period", period=period.label))
        for list_key, id_key, fields in (("units", "unit", UNIT_FIELDS), ("people", "person", PERSON_FIELDS)):
            rows = c.need(scores, ("scores",), list_key, (list,), "a list")
            for i, row in enumerate(rows or ()):
                where = ("scores", list_key, i)
                if not isinstance(row, dict):
                    c.error(where, msg("rec.not_an_object", what=f"scores.{list_key}[{i + 1}]"))
                    continue
                c.need(row, where, id_key, (str,), "an id")
                c.need(row, where, "name", (str,), "text")
                for f in fields:
                    if f == "target_met":
                        c.need(row, where, f, (bool,), "true or false")
                    elif f in ("rank", "cumulative_rank", "submitted", "adopted"):
                        c.need(row, where, f, (int,), "a whole number")
                    else:
                        c.need(row, where, f, _NUM, "a number", nullable=f == "target")
        c.need(scores, ("scores",), "entries", (list,), "a list")
    for key, kind, what in (("totals", dict, "an object"), ("adopted_items", list, "a list"),
                            ("labels", dict, "an object"), ("corrections", list, "a list")):
        c.need(data, (), key, (kind,), what)
    for i, corr in enumerate(data.get("corrections") or ()):
        where = ("corrections", i)
        if not isinstance(corr, dict):
            c.error(where, msg("rec.not_an_object", what=f"corrections[{i + 1}]"))
            continue
        for key in ("period", "subject", "id", "name", "field"):
            c.need(corr, where, key, (str,), "text")
        c.need(corr, where, "revision", (int,), "a whole number")
        commits = c.need(corr, where, "commits", (list,), "a list")
        for j, ref in enumerate(commits or ()):
            for key in ("id", "date", "author", "subject"):
                c.need(ref, where + ("commits", j), key, (str,), "text")
    from .sections import check_sections

    for where, what in check_sections(data):
        c.error(where, msg("rec.sections_shape", what=".".join(map(str, where)), expected=what))
    sup = data.get("superseded")
    if sup is not None:
        if not isinstance(sup, dict):
            c.error(("superseded",), msg("rec.not_an_object", what="superseded"))
        else:
            c.need(sup, ("superseded",), "reason", (str,), "text")
            c.day(sup, ("superseded",), "date")
            c.need(sup, ("superseded",), "by_revision", (int,), "a whole number")
        if m is not None and m["rev"] is None:
            c.error(("superseded",), msg("rec.superseded_name", name=name))
    elif m is not None and m["rev"] is not None:
        c.error((), msg("rec.no_superseded_mark", name=name, restore=restore))
    if m is not None and m["rev"] is not None and isinstance(revision, int) and int(m["rev"]) != revision:
        c.error(("revision",), msg("rec.wrong_revision", name=name, rev=m['rev'], revision=revision))
    # A record is data from history, but it can be edited too: its text goes on the site.
    found = marking_problems(path, text, fix=SECRET_VALUE_FIX)
    escaped = None if found else marking_in("\n".join(_strings(data)))
    if escaped:
        found = [Problem(path, 1, 1, ERROR, classified_message(escaped, SECRET_VALUE_FIX))]
    c.problems.extend(found)
    if not c.problems:
        want = digest(data)
        if data.get("digest") != want:
            c.error(("digest",) if "digest" in data else (),
                    msg("rec.digest", restore=restore))
    if c.problems or period is None or not isinstance(revision, int):
        return None, c.problems
    return IssuedBulletin(path, period, revision, data), []


def load_records(repo: Path) -> Records:
    """Read and check every ``bulletins/*.json`` of the working tree."""
    out = Records()
    folder = repo / BULLETINS
    if not folder.is_dir():
        return out
    for file in sorted(folder.glob("*.json")):
        rel = f"{BULLETINS}/{file.name}"
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            out.problems.append(Problem(rel, 1, 1, ERROR, msg("rec.cannot_read", detail=str(exc))))
            continue
        rec, problems = check_record(rel, text)
        out.problems.extend(problems)
        if rec is not None:
            out.all.append(rec)
    by_period: dict[Period, list[IssuedBulletin]] = defaultdict(list)
    for r in out.all:
        by_period[r.period].append(r)
    for period, recs in by_period.items():
        revs = sorted(r.revision for r in recs)
        if revs != list(range(1, len(revs) + 1)):
            out.problems.append(Problem(recs[0].path, 1, 1, ERROR,
                                        msg("rec.revisions", period=period.label, revs=str(revs), n=len(revs))))
    seen: dict[str, str] = {}
    for r in sorted(out.all, key=lambda r: r.path):
        if r.number:
            if r.number in seen:
                out.problems.append(Problem(r.path, 1, 1, ERROR,
                                            msg("rec.number_twice", number=r.number, other=seen[r.number])))
            seen.setdefault(r.number, r.path)
    out.problems = sort_problems(out.problems)
    return out


def load_issued(repo: Path) -> dict[Period, IssuedBulletin]:
    """The bulletins in force, by period; raises :class:`BulletinError` if a record is broken."""
    records = load_records(repo)
    if records.errors:
        raise BulletinError(records.errors)
    return records.in_force


# --------------------------------------------------------------------------- git snapshots

_GIT_ENV = {"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _git(cwd: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    env.update(_GIT_ENV)
    proc = subprocess.run(["git", "-C", str(cwd), "-c", "core.quotepath=off", *args], capture_output=True,
                          env=env)
    if proc.returncode != 0:
        raise BulletinError(msg("rec.git_failed", what=' '.join(args[:2]), cwd=cwd,
                                detail=proc.stderr.decode('utf-8', 'replace').strip()))
    return proc.stdout.decode("utf-8", "replace").strip()


@dataclass(frozen=True)
class TrustOverrides:
    """The build machine's trust settings (``--trust`` ...), applied at every commit."""

    mode: str | None = None
    allowed_signers: str | None = None
    trusted_committers: tuple[str, ...] | None = None


@dataclass
class State:
    """What scoring needs, as the repository stood at one commit."""

    commit: str
    config: Config
    items: list[Item]
    solicitations: list[Solicitation]
    present: frozenset[str]
    submissions: dict[str, Submission]
    left_out: dict[str, list[Problem]]
    extra: Callable[[dt.date], list[Any]] = lambda as_of: []   # other records' entries as of a day
    activities: Callable[[dt.date], Any] = lambda as_of: None   # opinions, plans… as of a day (sections.py)
    learning: Mapping[str, Any] = field(default_factory=dict)     # 学习强国 months at this commit


def _learning_at(where: Path, config: Config) -> dict[str, Any]:
    """The 学习强国 months of the checked-out commit (read now: the clone moves to other commits)."""
    if not (where / "learning").is_dir():
        return {}
    from ..learning.learning import load_learning

    return dict(load_learning(where, config))


class Snapshots:
    """Figures at any commit, computed in a temporary shared clone (the repository is not touched).

    Use as a context manager; states and scores are memoised per commit.
    """

    def __init__(self, repo: Path, overrides: TrustOverrides = TrustOverrides()):
        self.repo = repo
        self.overrides = overrides
        self._tmp: str | None = None
        self._states: dict[str, State] = {}
        self._scores: dict[tuple[str, Period, dt.date], Scores] = {}
        self._refs: dict[tuple[str, dt.datetime | None], CommitRef] = {}
        self._entered: dict[str, dict[str, dt.datetime]] = {}

    def __enter__(self) -> "Snapshots":
        try:
            top = Path(_git(self.repo, "rev-parse", "--show-toplevel"))
            self.prefix = _git(self.repo, "rev-parse", "--show-prefix")
            _git(self.repo, "rev-parse", "--verify", "-q", "HEAD")
        except BulletinError:
            raise BulletinError(msg("record.not_git", repo=str(self.repo))) from None
        if _git(self.repo, "rev-parse", "--is-shallow-repository") == "true":
            raise BulletinError(msg("record.shallow"))
        self._tmp = tempfile.mkdtemp(prefix="bulletin-record-")
        self.clone = Path(self._tmp) / "clone"
        _git(Path(self._tmp), "clone", "-q", "--shared", "--no-checkout", str(top), str(self.clone))
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def resolve(self, rev: str) -> str:
        try:
            return _git(self.repo, "rev-parse", "--verify", "-q", f"{rev}^{{commit}}")
        except BulletinError:
            raise BulletinError(msg("rec.no_such_commit", rev=rev, repo=self.repo)) from None

    def is_ancestor(self, older: str, newer: str) -> bool:
        proc = subprocess.run(["git", "-C", str(self.repo), "merge-base", "--is-ancestor", older, newer],
                              capture_output=True, env={**os.environ, **_GIT_ENV})
        return proc.returncode == 0

    def chain(self, older: str, newer: str) -> list[str]:
        """``older`` then the first-parent commits after it up to ``newer`` (oldest first)."""
        out = _git(self.repo, "rev-list", "--first-parent", "--reverse", f"{older}..{newer}")
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

    def state(self, commit: str) -> State:
        if commit in self._states:
            return self._states[commit]
        from ..judge.review import read_reviews, trust_settings

        _git(self.clone, "checkout", "-q", "-f", "--detach", commit)
        _git(self.clone, "clean", "-q", "-f", "-d", "-x")
        where = self.clone / self.prefix if self.prefix else self.clone
        inst = load_instance(where)
        errors = [p for p in inst.config_problems if p.is_error]
        if errors or inst.config is None:
            raise BulletinError(msg("rec.config_invalid", commit=commit[:8],
                                    problems="\n".join(p.format() for p in errors or inst.config_problems)))
        o = self.overrides
        settings = trust_settings(inst.config, where, mode=o.mode, allowed_signers=o.allowed_signers,
                                  trusted_committers=o.trusted_committers or None)
        history, states = read_reviews(where, inst.config, inst.submissions, settings)
        items = scored_items(inst.submissions, states)
        present = evidence_present(where, [i.submission for i in items])
        extras: dict[dt.date, Any] = {}

        def activities(as_of: dt.date) -> Any:
            if as_of not in extras:
                from ..read.activities import gather_activities
                extras[as_of] = gather_activities(inst, history, settings, items, as_of)
            return extras[as_of]

        def extra(as_of: dt.date) -> list[Any]:
            # Opinions' time limits and competitions score too: the same entries as `bulletin scores`.
            return list(activities(as_of).entries)

        st = State(commit, inst.config, items, list(inst.solicitations.values()), present,
                   dict(inst.submissions), dict(inst.invalid), extra, activities, _learning_at(where, inst.config))
        self._states[commit] = st
        return st

    def scores(self, commit: str, period: Period, as_of: dt.date) -> Scores:
        key = (commit, period, as_of)
        if key not in self._scores:
            st = self.state(commit)
            self._scores[key] = score(st.config, st.items, st.solicitations, st.present, period, as_of,
                                      st.extra(as_of))
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


def snapshot(state: State, result: Scores) -> dict[str, Any]:
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
                        ("left_out", sorted(_withheld_name(p) for p in state.left_out))])


def _withheld_name(path: str) -> str:
    """A path as a record keeps it: a file name that carries a marking is not written down."""
    return path.rsplit("/", 1)[0] + "/" + WITHHELD_TEXT if marking_in(path) else path


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


# --------------------------------------------------------------------------- issuing

def issue_sections(snaps: Snapshots, at: str, state: State, result: Scores, body: Mapping[str, Any]
                   ) -> dict[str, Any]:
    """The record's ``sections`` (sections.py), from the commit and as-of day of its figures."""
    from .sections import comparable_previous, has_activity, record_sections

    prev = comparable_previous(result.period, True)
    previous = snaps.scores(at, prev, result.as_of) if prev is not None else None
    if not has_activity(previous):
        previous = None
    return record_sections(state, result, activities=state.activities(result.as_of), learning_months=state.learning,
                           previous=previous, adopted_items=body["adopted_items"])


@dataclass
class Issued:
    """What ``issue`` wrote (or would write, with ``dry_run``)."""

    record: IssuedBulletin
    path: Path
    superseded_path: Path | None
    corrections: list[Correction]
    left_out: list[str]
    written: list[Path]


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def issue(repo: Path, period: Period, *, as_of: dt.date | None = None, date: dt.date | None = None,
          number: str | None = None, commit: str = "HEAD", issuer: str | None = None,
          supersede: bool = False, reason: str | None = None, overrides: TrustOverrides = TrustOverrides(),
          dry_run: bool = False, today: dt.date | None = None) -> Issued:
    """Freeze the bulletin of ``period`` into ``bulletins/<period>.json``; never overwrite one silently."""
    records = load_records(repo)
    if records.errors:
        raise BulletinError(records.errors)
    rel = f"{BULLETINS}/{period.label}.json"
    existing = records.in_force.get(period)
    if existing is not None and not supersede:
        raise BulletinError(
            msg("rec.already_issued", rel=rel, period=period.label, issued=existing.issued,
                number=existing.number or msg("rec.no_number")))
    if supersede and existing is None:
        raise BulletinError(msg("rec.nothing_to_supersede", rel=rel, period=period.label))
    if supersede and not (reason or "").strip():
        raise BulletinError(msg("record.supersede_needs_reason"))

    with Snapshots(repo, overrides) as snaps:
        at = snaps.resolve(commit)
        config = snaps.state(at).config
        tz = config.tz
        today = today or dt.datetime.now(tz).date()
        as_of = as_of or today
        date = date if date is not None else today
        if as_of < period.end:
            raise BulletinError(msg("rec.as_of_before_end", period=period.label, end=period.end, as_of=as_of))
        if date < as_of:
            raise BulletinError(msg("rec.date_before_as_of", date=date, as_of=as_of))
        numbers = [r.number for r in records.all]
        if number is None:
            number = next_number(numbers, date.year)
        elif number in numbers:
            other = next(r for r in records.all if r.number == number)
            raise BulletinError(msg("rec.number_taken", number=number, other=other.path))
        if number is not None and not _NUMBER.match(number):
            raise BulletinError(msg("rec.bad_number", number=number, year=date.year))
        result = snaps.scores(at, period, as_of)
        state = snaps.state(at)
        corrections: list[Correction] = []
        for other_period, rec in sorted(records.in_force.items()):
            if other_period == period or not snaps.is_ancestor(rec.commit, at):
                continue
            corrections.extend(attribute(snaps, rec, records.all, at))
        revision = existing.revision + 1 if existing else 1
        body = snapshot(state, result)
        body["sections"] = issue_sections(snaps, at, state, result, body)
        record: dict[str, Any] = OrderedDict([
            ("format", FORMAT), ("period", period.label), ("kind", period.kind), ("revision", revision),
            ("title", bulletin_title(period)), ("number", number),
            ("issuer", issuer or f"{config.organization_name}办公室"),
            ("organization", OrderedDict([("name", config.organization_name),
                                          ("short_name", config.organization_short)])),
            ("issued", date.isoformat()), ("as_of", as_of.isoformat()), ("commit", at),
            ("supersedes", None if existing is None else OrderedDict([
                ("revision", existing.revision), ("number", existing.number),
                ("issued", existing.issued.isoformat()), ("reason", (reason or "").strip())])),
        ])
        record.update(body)
        record["corrections"] = [c.to_json() for c in corrections]
        record = json.loads(json.dumps(record, ensure_ascii=False), object_pairs_hook=OrderedDict)
        record["digest"] = digest(record)

    path = repo / rel
    old_path = None
    written: list[Path] = []
    issued = IssuedBulletin(rel, period, revision, record)
    if existing is not None:
        old_path = repo / BULLETINS / f"{period.label}.r{existing.revision}.json"
        if old_path.exists():
            raise BulletinError(msg("rec.old_exists", path=old_path.relative_to(repo)))
    if not dry_run:
        if existing is not None and old_path is not None:
            old = OrderedDict(existing.data)
            old["superseded"] = OrderedDict([("date", date.isoformat()), ("by_revision", revision),
                                             ("by_number", number), ("reason", (reason or "").strip())])
            _atomic_write(old_path, record_text(old))
            written.append(old_path)
        _atomic_write(path, record_text(record))
        written.append(path)
    return Issued(issued, path, old_path, corrections, sorted(state.left_out), written)


__all__ = ["IssuedBulletin", "Records", "Correction", "CommitRef", "TrustOverrides", "Snapshots", "Issued",
           "load_records", "load_issued", "check_record", "figure_changes", "pending_corrections", "issue",
           "bulletin_title", "period_words", "cn_date", "next_number", "digest", "figures", "FIELD_NAMES",
           "SUBJECT_NAMES"]
