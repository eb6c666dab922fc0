"""The other record types of the seeds: 舆情 (opinions), publicity plans, media interviews and
research competitions: their schemas (what history and the calendar say about them is judged in judge/activities.py).

Each type is a :class:`~generator.records.RecordType` (a schema and a constructor); loading,
positions, safety checks and error reporting are the shared ones of records.py, and the review
of opinions and interviews is the submissions' review engine run with the type's own stages.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from ..messages import msg
from .records import RecordType, reviewable_of
from .schema import (
    Bool,
    Ctx,
    Date,
    DateTime,
    Enum,
    Field,
    Id,
    ListOf,
    Month,
    Number,
    Ref,
    Schema,
    Text,
)
from .yamlio import Loaded

SEVERITIES = ("一般", "较大", "重大")
_URL = Text(pattern=r"https?://\S+", hint="write a full http(s):// link")


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Opinion:
    """A public-opinion report (舆情) with the reply drafted in its body."""

    path: str
    title: str
    source: str
    link: str | None
    found_at: dt.datetime           # naive: in scoring.yaml's time zone
    units: tuple[str, ...]
    severity: str
    summary: str
    authors: tuple[str, ...] | None
    draft: bool
    replied: dt.date | None         # recorded by the office once the reply is posted
    reply_url: str | None
    body: str                       # the drafted reply
    reviewable: str
    fields: Mapping[str, Any]

    @property
    def lead_unit(self) -> str:
        return self.units[0]


@dataclass(frozen=True)
class Interview:
    """A media interview (媒体采访登记审批)."""

    path: str
    title: str                      # the topic
    outlet: str
    reporters: tuple[str, ...]
    date: dt.date
    units: tuple[str, ...]
    spokesperson: str | None
    report_url: str | None          # the published report, linked afterwards
    body: str
    authors: tuple[str, ...] | None
    draft: bool
    reviewable: str
    fields: Mapping[str, Any]

    @property
    def lead_unit(self) -> str:
        return self.units[0]


@dataclass(frozen=True)
class PlanItem:
    key: str                        # "<unit>/<id>", what a submission's `plan:` names
    id: str
    unit: str
    topic: str
    start: dt.date                  # the time node: a month (start..end) or a day
    end: dt.date
    category: str | None
    level: str | None
    note: str


@dataclass(frozen=True)
class Plan:
    path: str
    unit: str
    year: int
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Result:
    submission: str
    grade: str


@dataclass(frozen=True)
class Competition:
    id: str
    path: str
    name: str
    date: dt.date
    organizer: str
    results: tuple[Result, ...]


OPINION_SCHEMA = Schema("a public-opinion report (舆情)", {
    "title": Field(Text(), required=True, help="what the post is about, in one line"),
    "source": Field(Text(), required=True, help="where the post appeared, e.g. 化龙巷论坛"),
    "link": Field(_URL),
    "found_at": Field(DateTime(), required=True, help="when it was found, as YYYY-MM-DD HH:MM"),
    "unit": Field(ListOf(Ref("unit"), single=True, nonempty=True), required=True),
    "severity": Field(Enum(*SEVERITIES), default="一般"),
    "summary": Field(Text(), default=""),
    "authors": Field(ListOf(Ref("person", "person"), single=True, nonempty=True)),
    "draft": Field(Bool(), default=False),
    "replied": Field(Date()),
    "reply_url": Field(_URL),
})

INTERVIEW_SCHEMA = Schema("a media interview", {
    "title": Field(Text(), required=True, help="the interview's topic"),
    "outlet": Field(Text(), required=True, help="the newspaper, TV station or site, e.g. 常州日报"),
    "reporters": Field(ListOf(Text(), single=True), default=list),
    "date": Field(Date(), required=True, help="the day of the interview"),
    "unit": Field(ListOf(Ref("unit"), single=True, nonempty=True), required=True),
    "spokesperson": Field(Ref("person", "person")),
    "report_url": Field(_URL),
    "authors": Field(ListOf(Ref("person", "person"), single=True, nonempty=True)),
    "draft": Field(Bool(), default=False),
})

PLAN_ITEM = Schema("a plan item", {
    "id": Field(Id(), required=True),
    "topic": Field(Text(), required=True),
    "when": Field(Month(), required=True, help="the time node: a month (2026-03) or a date"),
    "category": Field(Ref("category")),
    "level": Field(Ref("level")),
    "note": Field(Text(), default=""),
})


def _plan_rules(values: dict[str, Any], at: tuple[Any, ...], ctx: Ctx) -> None:
    stem = FsPath(ctx.path).stem
    year = FsPath(ctx.path).parent.name
    if values.get("unit") and values["unit"] != stem:
        ctx.error(("unit",), msg("plan.unit_file", unit=values['unit'], stem=stem, year=year))
    if values.get("year") is not None and str(values["year"]) != year:
        ctx.error(("year",), msg("plan.year_folder", value=values['year'], year=year))
    seen: set[str] = set()
    for i, item in enumerate(values.get("items") or []):
        if item["id"] in seen:
            ctx.error(("items", i, "id"), msg("plan.duplicate_item", id=item['id']))
        seen.add(item["id"])


PLAN_SCHEMA = Schema("a publicity plan", {
    "unit": Field(Ref("unit"), required=True),
    "year": Field(Number(integer=True), required=True),
    "items": Field(ListOf(PLAN_ITEM), required=True),
}, post=_plan_rules)

COMPETITION_SCHEMA = Schema("a research competition (调研论文评比)", {
    "name": Field(Text(), required=True),
    "date": Field(Date(), required=True, help="the day results were announced; points are dated then"),
    "organizer": Field(Text(), default=""),
    "results": Field(ListOf(Schema("a result", {
        "submission": Field(Ref("submission"), required=True),
        "grade": Field(Ref("grade", "award grade"), required=True),
    })), required=True),
})


def _make_opinion(path: str, v: dict[str, Any], doc: Loaded, body: str, line: int) -> Opinion:
    return Opinion(path, v["title"], v["source"], v.get("link"), v["found_at"], tuple(v["unit"]), v["severity"],
                   v.get("summary") or "", tuple(v["authors"]) if v.get("authors") else None, bool(v["draft"]),
                   v.get("replied"), v.get("reply_url"), body, reviewable_of(doc.value, body), dict(v))


def _make_interview(path: str, v: dict[str, Any], doc: Loaded, body: str, line: int) -> Interview:
    return Interview(path, v["title"], v["outlet"], tuple(v.get("reporters") or ()), v["date"], tuple(v["unit"]),
                     v.get("spokesperson"), v.get("report_url"), body,
                     tuple(v["authors"]) if v.get("authors") else None, bool(v["draft"]),
                     reviewable_of(doc.value, body), dict(v))


def _make_plan(path: str, v: dict[str, Any], doc: Loaded, body: str, line: int) -> Plan:
    items = tuple(PlanItem(f"{v['unit']}/{it['id']}", it["id"], v["unit"], it["topic"], it["when"][0],
                           it["when"][1], it.get("category"), it.get("level"), it.get("note") or "")
                  for it in v["items"])
    return Plan(path, v["unit"], int(v["year"]), items)


def _make_competition(path: str, v: dict[str, Any], doc: Loaded, body: str, line: int) -> Competition:
    return Competition(FsPath(path).stem, path, v["name"], v["date"], v.get("organizer") or "",
                       tuple(Result(r["submission"], r["grade"]) for r in v["results"]))


OPINIONS = RecordType("opinion", "opinions", "**/*.md", OPINION_SCHEMA, _make_opinion)
INTERVIEWS = RecordType("interview", "interviews", "**/*.md", INTERVIEW_SCHEMA, _make_interview)
PLANS = RecordType("plan", "plans", "*/*.yaml", PLAN_SCHEMA, _make_plan, markdown=False)
COMPETITIONS = RecordType("competition", "competitions", "*.yaml", COMPETITION_SCHEMA, _make_competition,
                          markdown=False)
RECORD_TYPES = (PLANS, OPINIONS, INTERVIEWS, COMPETITIONS)

