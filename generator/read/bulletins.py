"""Bulletins of record (通报) as records in bulletins/: names, the typed record, loading and checking.

See generator/issued/ for issuing and corrections; a record once issued is never recomputed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ..errors import ERROR, BulletinError, Problem, sort_problems
from ..messages import msg, term
from ..periods import HALF, MONTH, QUARTER, YEAR, Period, PeriodError, parse_period
from ..read.yamlio import YamlProblem, load_yaml
from .safety import SECRET_VALUE_FIX, classified_message, marking_in, marking_problems
from .scores_json import ScoresJson

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
    def from_json(d: Mapping[str, Any]) -> Correction:
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
        return cast("Mapping[str, str]", self.data["organization"])

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
        return cast("Mapping[str, Any]", self.data["scores"])

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
        return cast("Mapping[str, Any]", self.data["totals"])

    @property
    def adopted_items(self) -> list[Mapping[str, Any]]:
        return list(self.data["adopted_items"])

    @property
    def awards(self) -> Mapping[str, Any] | None:
        """Year bulletins: units, people (with ``liaison``), excluded units (取消评优资格)."""
        return self.data.get("awards")

    @property
    def report(self) -> ScoresJson:
        """The frozen scores as typed rows (SPEC 7)."""
        return ScoresJson.from_json(self.scores)

    def to_json(self) -> dict[str, Any]:
        """The record as it is written to ``bulletins/P.json``."""
        return dict(self.data)

    @classmethod
    def from_json(cls, path: str, data: Mapping[str, Any]) -> IssuedBulletin:
        """A record from its JSON object (checked); BulletinError names the file and its problems."""
        record, problems = check_record(path, json.dumps(data, ensure_ascii=False))
        if record is None or any(p.is_error for p in problems):
            raise BulletinError(problems, path=path)
        return record

    @property
    def corrections(self) -> list[Correction]:
        """The corrections of earlier bulletins that this bulletin carries (its 更正 section)."""
        return [Correction.from_json(c) for c in self.data.get("corrections") or ()]

    @property
    def labels(self) -> Mapping[str, Any]:
        return cast("Mapping[str, Any]", self.data["labels"])

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


def check_sections(data: Mapping[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    """(where, what is expected) for each malformed part of a record's ``sections``; [] when fine or absent."""
    sections = data.get("sections")
    if sections is None:
        return []
    if not isinstance(sections, dict):
        return [(("sections",), "an object")]
    bad: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(sections.get("version"), int):
        bad.append((("sections", "version"), "a whole number"))
    for key in ("solicitations", "instructions", "adoption_rates", "urgent_late", "backflow", "overdue_plans",
                "opinions_late"):
        if key in sections and not isinstance(sections[key], list):
            bad.append((("sections", key), "a list"))
    for key in ("adoptions_by_level_category", "learning", "previous"):
        if sections.get(key) is not None and not isinstance(sections[key], dict):
            bad.append((("sections", key), "an object"))
    return bad


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
                where: tuple[Any, ...] = ("scores", list_key, i)
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
    for at, what in check_sections(data):
        c.error(at, msg("rec.sections_shape", what=".".join(map(str, at)), expected=what))
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
