"""Rendering of scores and review states: table, JSON, CSV, XLSX, Markdown.

Pure functions from records to text or bytes; ``cli.py`` decides where they go.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

from ..i18n import period_title, reason_text, translator
from ..judge.review import CURRENT, IGNORED, STALE, ReviewState
from ..judge.scoring import Scores
from ..judge.worklist import REVIEW, REVISE
from ..messages import get_lang, msg, render, say
from ..numbers import fmt_num, num  # the one way figures are written
from ..read.config import Config
from ..read.safety import marking_in
from ..read.scores_json import (
    AwardsJson,
    EntryJson,
    PersonJson,
    ScoresJson,
    UnitJson,
)
from .cells import csv_row, width
from .workbook import Sheet, csv_rows, workbook

KIND_NAMES = {
    "adoption": "采用", "instruction": "批示", "backflow": "信息倒流", "urgent_late": "紧急信息迟报",
    "solicitation_on_time": "约稿按时", "solicitation_late": "约稿迟报", "solicitation_missed": "约稿未报",
}


# --------------------------------------------------------------------------- scores

def scores_rows(scores: Scores) -> ScoresJson:
    """Computed scores as the typed rows of SPEC 7's JSON."""
    return ScoresJson(
        scores.period.label, scores.period.start.isoformat(), scores.period.end.isoformat(),
        scores.as_of.isoformat(),
        tuple(UnitJson(r.unit, r.name, float(round(r.points, 2)), float(round(r.cumulative, 2)), r.rank,
                       r.cumulative_rank, r.submitted, r.adopted, num(r.target), r.target_met)
              for r in scores.units),
        tuple(PersonJson(r.person, r.name, r.unit, float(round(r.points, 2)), float(round(r.cumulative, 2)),
                         r.rank, num(r.target), r.target_met) for r in scores.people),
        tuple(EntryJson(e.date.isoformat(), e.unit, e.kind, float(round(e.points, 2)), e.submission, e.detail)
              for e in scores.entries),
        AwardsJson(tuple(scores.awards.units), tuple(scores.awards.people)) if scores.awards is not None else None)


def scores_data(scores: Scores) -> dict[str, Any]:
    """The JSON object of SPEC 7."""
    return scores_rows(scores).to_json()


def scores_json(scores: Scores) -> str:
    return json.dumps(scores_data(scores), ensure_ascii=False, indent=2) + "\n"


def render_in(mid: str, lang: str) -> str:
    return render(msg(mid), lang)


def _sections(scores: Scores, config: Config, lang: str = "zh") -> list[tuple[str, list[str], list[list[Any]]]]:
    """(title, header, rows) of each table, values as they should be shown (CSV and XLSX: always Chinese)."""
    units = config.units

    def w(word: str) -> str:
        return render_in(f"report.{word}", lang)

    unit_rows = [[r.rank, r.unit, r.name, r.points, r.cumulative, r.cumulative_rank, r.submitted, r.adopted,
                  r.target, (w("yes") if r.target_met else w("no")) if r.target is not None else "-"]
                 for r in scores.units]
    people_rows = [[r.rank, r.person, r.name, units[r.unit].name if r.unit in units else (r.unit or ""),
                    r.points, r.cumulative] for r in scores.people]
    entry_rows = [[e.date.isoformat(), e.unit, units[e.unit].name if e.unit in units else e.unit,
                   KIND_NAMES.get(e.kind, e.kind) if lang == "zh" else e.kind.replace("_", " "), e.points,
                   e.submission or "", e.detail or ""]
                  for e in scores.entries]

    def heads(*words: str) -> list[str]:
        return [w(x) for x in words]

    sections: list[tuple[str, list[str], list[list[Any]]]] = [
        (w("unit_ranking"), heads("rank", "unit", "name", "points", "cumulative", "cumulative_rank", "submitted",
                                  "adopted", "target", "target_met"), unit_rows),
        (w("people_ranking"), heads("rank", "person", "person_name", "unit", "points", "cumulative"), people_rows),
        (w("entries"), heads("date", "unit", "name", "kind", "value", "submission", "detail"), entry_rows),
    ]
    if scores.awards is not None:
        award_rows = [[w("award_unit"), u, units[u].name if u in units else u] for u in scores.awards.units]
        award_rows += [[w("award_person"), p, config.people[p].name if p in config.people else p]
                       for p in scores.awards.people]
        sections.append((w("awards"), heads("category", "id", "name"), award_rows))
    return sections


def _cell(value: Any) -> str:
    if isinstance(value, Fraction):
        return fmt_num(value)
    if value is None:
        return "-"
    return str(value)


def table(header: Sequence[str], rows: Sequence[Sequence[Any]], numeric: Iterable[int] = ()) -> str:
    """A plain-text table aligned for double-width characters."""
    cells = [[_cell(v) for v in header]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    right = set(numeric)
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, text in enumerate(row):
            pad = " " * (widths[i] - width(text))
            parts.append(pad + text if i in right and n else text + pad)
        lines.append("  ".join(parts).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def scores_table(scores: Scores, config: Config) -> str:
    """The text table of ``bulletin scores``, in the run's language."""
    p = scores.period
    lang = get_lang()
    out = [say("report.scores_title", org=config.organization_short, period=p.label, start=p.start.isoformat(),
               end=p.end.isoformat(), as_of=scores.as_of.isoformat())]
    numbers = {render_in(f"report.{x}", lang) for x in ("rank", "points", "cumulative", "cumulative_rank",
                                                        "submitted", "adopted", "target", "value")}
    for title, header, rows in _sections(scores, config, lang):
        numeric = [i for i, h in enumerate(header) if h in numbers]
        out.append("")
        out.append(f"{title}")
        out.append(table(header, rows, numeric) if rows else say("report.none"))
    return "\n".join(out) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return num(value)
    return "" if value is None else value


UNIT_HEADER = ["排名", "单位", "本期积分", "累计积分", "累计排名", "报送", "采用", "目标（按月折算）", "完成目标"]
PEOPLE_HEADER = ["排名", "姓名", "单位", "本期积分", "累计积分"]
ENTRY_HEADER = ["日期", "单位", "类型", "分值", "稿件", "说明"]


def ranking_sheets(scores: Scores, config: Config, names: Mapping[str, str] | None = None,
                   status: str | None = None, notes: Sequence[str] = ()) -> list[Any]:
    """The rankings of a period as the one Excel layout prints them (workbook.py): the site's column names,
    Chinese names and kinds, outlets by name; ``names`` gives the titles of submissions, solicitations
    and opinions by path or id. ``status`` (issued or provisional) and the 更正 ``notes`` add 说明 and 更正."""
    names = names or {}
    zh = translator("zh")
    units = config.units
    outlets = config.scoring.outlets
    levels = {lv.id: lv.name for lv in config.scoring.levels}

    def unit(uid: str | None) -> str:
        return units[uid].name if uid in units else (uid or "")

    def detail(e: Any) -> str:
        d = e.detail or ""
        if e.kind in ("adoption", "backflow") and d in outlets:
            return outlets[d].name
        if e.kind == "instruction":
            return levels.get(d, d)
        return names.get(d, d)

    sheets = [
        Sheet("单位排名", list(UNIT_HEADER),
              [[r.rank, r.name, num(r.points), num(r.cumulative), r.cumulative_rank, r.submitted, r.adopted,
                num(r.target), ("是" if r.target_met else "否") if r.target is not None else "—"]
               for r in scores.units]),
        Sheet("个人排名", list(PEOPLE_HEADER),
              [[r.rank, r.name, unit(r.unit), num(r.points), num(r.cumulative)] for r in scores.people]),
        Sheet("得分明细", list(ENTRY_HEADER),
              [[e.date.isoformat(), unit(e.unit), str(zh(e.kind)), num(e.points),
                names.get(e.submission or "", e.submission or ""), detail(e)] for e in scores.entries]),
    ]
    if scores.awards is not None:
        people = config.people
        sheets.append(Sheet("年度表彰", ["类别", "名称", "单位"],
                            [["先进单位", unit(u), ""] for u in scores.awards.units]
                            + [["先进个人", people[p].name if p in people else p,
                                unit(people[p].unit) if p in people else ""] for p in scores.awards.people]))
    if status:
        sheets.append(Sheet("说明", ["说明"], [[status]]))
    if notes:
        sheets.append(Sheet("更正", ["更正"], [[n] for n in notes]))
    return sheets


def export_names(inst: Any, items: Sequence[Any]) -> dict[str, str]:
    """Titles of approved submissions and of solicitations, for the 稿件 and 说明 columns of an export
    (never a title with a classified marking)."""
    names = {i.path: i.submission.title for i in items}
    names.update({sid: sol.title for sid, sol in inst.solicitations.items()})
    return {k: v for k, v in names.items() if not marking_in(v)}


def ranking_title(scores: Scores, config: Config, as_of: dt.date | None = None) -> tuple[str, str]:
    """The title row and information row of a ranking export: organisation, period; days and the as-of day
    (``as_of`` as the page shows it, else the figures' own)."""
    p = scores.period
    number = {"month": p.first_month, "quarter": (p.first_month - 1) // 3 + 1,
              "half": (p.first_month - 1) // 6 + 1, "year": 1}.get(p.kind, 1)
    org = config.organization_short or config.organization_name
    title = f"{org}{period_title(p.label, p.kind, p.year, number, 'zh')}信息宣传积分排名"
    info = f"统计期间：{p.start.isoformat()}至{p.end.isoformat()}　数据截至：{(as_of or scores.as_of).isoformat()}"
    return title, info


def scores_csv(scores: Scores, config: Config, status: str | None = None, notes: Sequence[str] = (),
               names: Mapping[str, str] | None = None, as_of: dt.date | None = None) -> bytes:
    """UTF-8 with a BOM (so Excel reads Chinese): the title and information rows, then each table with the
    columns of the Excel download (ranking_sheets), figures written by fmt_num (20, 12.5, -5).

    ``status`` says whether the figures are those of an issued bulletin or provisional; ``notes`` are the
    更正 notes on issued figures the repository now gives differently.
    """
    title, info = ranking_title(scores, config, as_of)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in csv_rows(title, info, ranking_sheets(scores, config, names, status, notes)):
        writer.writerow(csv_row(fmt_num(v) if isinstance(v, (Fraction, float)) else _plain(v) for v in row))
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


def scores_xlsx(scores: Scores, config: Config, status: str | None = None, notes: Sequence[str] = (),
                names: Mapping[str, str] | None = None, as_of: dt.date | None = None) -> bytes:
    """The rankings in the one Excel layout (workbook.py), the same as an issued bulletin's tables (说明, 更正
    as in CSV)."""
    title, info = ranking_title(scores, config, as_of)
    return workbook(title, info, ranking_sheets(scores, config, names, status, notes), subject=scores.period.label,
                    creator=config.organization_name, created=scores.as_of)


# --------------------------------------------------------------------------- review status

def _when(value: dt.datetime | None, config: Config) -> str | None:
    return value.astimezone(config.tz).isoformat() if value else None


def _day(value: dt.datetime | None, config: Config) -> str:
    return value.astimezone(config.tz).date().isoformat() if value else "-"


def status_data(states: Mapping[str, ReviewState], config: Config,
                titles: Mapping[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted(states):
        s = states[path]
        out.append(OrderedDict([
            ("path", path), ("title", titles.get(path, "")), ("draft", s.draft),
            ("approved", s.approved), ("approved_at", _when(s.approved_at, config)),
            ("submitted_at", _when(s.submitted_at, config)), ("authors", list(s.authors)),
            ("stages", [OrderedDict([
                ("stage", st.stage.id), ("name", st.stage.name),
                ("state", "approved" if st.approved else "missing"),
                ("by", st.by.approver.id if st.by and st.by.approver else None),
                ("at", _when(st.met_at, config)),
                ("commit", st.by.commit.id if st.by else None),
                ("eligible", list(st.eligible)), ("reason", st.reason),
            ]) for st in s.stages]),
            ("approvals", [OrderedDict([
                ("commit", a.commit.id), ("form", a.form), ("identity", a.identity),
                ("person", a.approver.id if a.approver else None), ("at", _when(a.at, config)),
                ("stage", a.stage_named), ("stages", list(a.stages)), ("verdict", a.verdict),
                ("reason", a.reason),
            ]) for a in s.approvals]),
            ("returned", _return_data(s.returned, config) if s.returned else None),
            ("returns", [_return_data(r, config) for r in s.returns]),
            ("unrecorded", [OrderedDict([
                ("kind", u.kind), ("detail", list(u.key)), ("commit", u.commit.id if u.commit else None),
                ("by", u.who), ("reason", u.reason),
            ]) for u in s.unrecorded]),
        ]))
    return out


def _return_data(r: Any, config: Config) -> dict[str, Any]:
    return OrderedDict([
        ("commit", r.commit.id), ("identity", r.identity), ("person", r.returner.id if r.returner else None),
        ("at", _when(r.at, config)), ("reason", r.reason), ("verdict", r.verdict), ("note", r.note),
    ])


def _state_word(s: ReviewState, config: Config) -> str:
    if s.submitted_at is None:
        return say("status.not_committed")
    if s.approved:
        word = say("status.approved", day=_day(s.approved_at, config))
    elif s.returned is not None:
        r = s.returned
        word = (f"returned for revision by {_by_return(r)} on {_day(r.at, config)}"
                + (f": {r.reason.splitlines()[0]}" if r.reason else ""))
    else:
        missing = [st.stage.name for st in s.stages if not st.approved]
        word = say("status.waiting_for", stages=missing) if missing else say("status.waiting")
    return word + (say("status.draft") if s.draft else "")


def _reason(text: str) -> str:
    return reason_text(text, get_lang()) if text else text


def _verdict(verdict: str) -> str:
    return say(f"status.verdict.{verdict}") if verdict in (CURRENT, STALE, IGNORED) else verdict


def _state(approved: bool) -> str:
    return say("status.stage_approved") if approved else say("status.stage_missing")


def status_text(states: Mapping[str, ReviewState], config: Config, titles: Mapping[str, str],
                markdown: bool = False) -> str:
    lines: list[str] = []
    for path in sorted(states):
        s = states[path]
        title = titles.get(path, "")
        if markdown:
            lines.append(f"### {title or path}")
            lines.append("")
            lines.append(f"`{path}`: **{_state_word(s, config)}**")
            lines.append("")
            lines.append("| " + " | ".join(say(f"status.h.{h}") for h in ("stage", "state", "by", "date", "note"))
                         + " |")
            lines.append("|---|---|---|---|---|")
            for st in s.stages:
                by = _by(st.by, config)
                lines.append(f"| {st.stage.name} | {_state(st.approved)} | {by} | "
                             f"{_day(st.met_at, config)} | {'' if st.approved else _md(_reason(st.reason))} |")
            if s.approvals or s.returns or s.unrecorded:
                lines.append("")
                for a in s.approvals:
                    lines.append(f"- {_day(a.at, config)} `{a.commit.short}` {_md(_by(a, config))}: "
                                 f"**{_verdict(a.verdict)}**: {_md(_reason(a.reason))}")
                for r in s.returns:
                    lines.append(f"- {_day(r.at, config)} `{r.commit.short}` {_md(_by_return(r))}: "
                                 f"**return ({r.verdict})**: {_md(r.reason or '-')}"
                                 + (f" ({_md(r.note)})" if r.note else ""))
                for u in s.unrecorded:
                    lines.append(f"- **not counted**: {_md(u.reason)}")
            lines.append("")
            continue
        lines.append(f"{path}  {title}")
        lines.append(f"  {_state_word(s, config)}")
        rows = [[st.stage.name, _state(st.approved), _by(st.by, config),
                 _day(st.met_at, config), "" if st.approved else _reason(st.reason)] for st in s.stages]
        if rows:
            header = [say(f"status.h.{h}") for h in ("stage", "state", "by", "date", "note")]
            lines.extend("  " + ln for ln in table(header, rows).split("\n"))
        for a in s.approvals:
            verdict = _verdict(a.verdict)
            lines.append(f"  - {verdict}{' ' * max(1, 8 - width(verdict))}{_day(a.at, config)} {a.commit.short} "
                         f"{_by(a, config)}: {_reason(a.reason)}")
        for r in s.returns:
            text = r.reason.replace("\n\n", " / ").replace("\n", " ") or "(no reason given)"
            note = f" [{r.verdict}: {r.note}]" if r.note else f" [{r.verdict}]"
            lines.append(f"  - return  {_day(r.at, config)} {r.commit.short} {_by_return(r)}: {text}{note}")
        for u in s.unrecorded:
            lines.append(f"  - not counted: {u.reason}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n" if lines else say("status.no_submissions") + "\n"


def _by(a: Any, config: Config) -> str:
    if a is None:
        return "-"
    return str(a.approver.name if a.approver else a.identity)


def _by_return(r: Any) -> str:
    return str(r.returner.name if r.returner else r.identity)


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def pending_groups(states: Mapping[str, ReviewState], config: Config) -> dict[str, list[tuple[str, str]]]:
    """What waits, grouped by the person or role it waits for: label -> [(path, stage name)]."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(states):
        s = states[path]
        if s.approved or s.draft:
            continue
        if s.submitted_at is None:
            groups.setdefault(say("status.the_submitter"), []).append((path, "-"))
            continue
        for st in s.stages:
            if st.approved:
                continue
            label = waiting_for(st.stage.approvers, st.eligible, config, s.path)
            note = st.stage.name
            if any(a.verdict == STALE and st.stage.id in a.stages for a in s.approvals):
                note += say("status.earlier_stale")
            groups.setdefault(label, []).append((path, note))
    return dict(sorted(groups.items()))


def waiting_for(approvers: Any, eligible: Sequence[str], config: Config, path: str) -> str:
    names = [config.people[p].name for p in eligible if p in config.people]
    if not names:
        return say("status.no_one_eligible")
    if len(names) == 1:
        return names[0]
    if isinstance(approvers, str) and approvers.startswith("role:"):
        return say("status.role", role=approvers[5:], names=" / ".join(names))
    return " / ".join(names)


def pending_text(groups: Mapping[str, list[tuple[str, str]]], markdown: bool = False) -> str:
    if not groups:
        return say("status.nothing_waiting") + "\n"
    lines = []
    for label, items in groups.items():
        lines.append(f"### {label} ({len(items)})" if markdown else f"{label} ({len(items)})")
        if markdown:
            lines.append("")
        for path, stage in items:
            lines.append(f"- `{path}`: {stage}" if markdown else f"  {path}  {stage}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def pending_queue(states: Mapping[str, ReviewState], config: Config, worklist: Any) -> dict[str, list[dict[str, Any]]]:
    """The reviewer's queue (SPEC 9 issue 12): per reviewer, then returned items per author.

    label -> rows with path, stage, title, unit, since, days (working days), due, overdue.
    """

    groups: dict[str, list[dict[str, Any]]] = {}

    def row(t: Any) -> dict[str, Any]:
        unit = config.units[t.unit].name if t.unit in config.units else t.unit
        return {"path": t.path, "stage": t.stage if t.kind == REVIEW else "退回修改", "title": t.title,
                "unit": t.unit, "unit_name": unit, "since": t.since.isoformat() if t.since else None,
                "days": t.days, "due": t.due.isoformat() if t.due else None, "overdue": t.overdue,
                "returned_by": t.by or None, "reason": t.note if t.kind == REVISE else None}

    for pid, tasks in worklist.reviewers().items():
        if pid in config.people:
            groups.setdefault(config.people[pid].name, []).extend(
                row(t) for t in tasks if t.path in states)
    for path in sorted(states):
        s = states[path]
        if s.approved or s.draft or s.returned is not None:
            continue
        if s.submitted_at is None:
            groups.setdefault("the submitter (commit the file first)", []).append(
                {"path": path, "stage": "-", "title": "", "unit": "", "unit_name": "", "since": None, "days": None,
                 "due": None, "overdue": False, "returned_by": None, "reason": None})
            continue
        for st in s.stages:
            if not st.approved and not st.eligible:
                groups.setdefault("no one is eligible (fix units.yaml)", []).append(
                    {"path": path, "stage": st.stage.name, "title": "", "unit": "", "unit_name": "", "since": None,
                     "days": None, "due": None, "overdue": False, "returned_by": None, "reason": None})
    for pid, tasks in worklist.returned().items():
        name = config.people[pid].name if pid in config.people else pid
        groups.setdefault(f"{name}（退回修改）", []).extend(row(t) for t in tasks if t.path in states)
    for rows in groups.values():
        rows.sort(key=lambda r: (-(r["days"] or 0), r["path"]))
    return {k: v for k, v in sorted(groups.items()) if v}


def pending_queue_text(groups: Mapping[str, list[dict[str, Any]]], overdue_days: int, markdown: bool = False) -> str:
    if not groups:
        return "nothing is waiting for review\n"
    lines = []
    for label, rows in groups.items():
        lines.append(f"### {label} ({len(rows)})" if markdown else f"{label} ({len(rows)})")
        if markdown:
            lines.append("")
        for r in rows:
            extra = ""
            if r["title"]:
                extra = f"  《{r['title']}》  {r['unit_name']}"
            if r["days"] is not None:
                extra += f"  已等待 {r['days']} 个工作日（自 {r['since']}）"
                if r["overdue"]:
                    extra += f"  [已逾期：超过 {overdue_days} 个工作日]"
            if r["returned_by"]:
                extra += f"  {r['returned_by']}退回：{r['reason'] or '未写理由'}"
            if markdown:
                lines.append(f"- `{r['path']}`: {_md(r['stage'])}{_md(extra)}")
            else:
                lines.append(f"  {r['path']}  {r['stage']}{extra}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = [
    "CURRENT",
    "IGNORED",
    "STALE",
    "pending_groups",
    "pending_queue",
    "pending_queue_text",
    "pending_text",
    "scores_csv",
    "scores_data",
    "scores_json",
    "scores_table",
    "scores_xlsx",
    "status_data",
    "status_text",
    "width",
]
