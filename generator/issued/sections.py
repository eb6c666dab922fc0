"""The sections of a bulletin of record beyond its rankings: what the provisional page shows, frozen.

A record issued by this version holds ``sections`` (``version`` 1): the solicitations answered on time,
late or not at all (约稿), leaders' instructions (领导批示), adoptions by level x category, the adoption
rate per unit (采用率), urgent reports sent late and backflow (紧急信息迟报、信息倒流) named per unit,
plan items past their time node (宣传计划), opinions handled late with every reason (舆情处置超时), the
学习强国 sentence, and the ranks of the comparable earlier period (名次变化; none for a first period).

:func:`record_sections` computes them when a bulletin is issued (from the same commit and as-of day as
its figures); :func:`section_views` turns a record into headings, sentences and tables that the site, the
DOCX and the XLSX print alike. A record issued before ``sections`` existed has none: its views are the
sections it holds (the rankings, items, awards and corrections), and nothing is made up for it.
"""
from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping, Sequence

from ..judge.scoring import (BACKFLOW, INSTRUCTION, SOL_LATE, SOL_MISSED, SOL_ON_TIME, URGENT_LATE, Scores,
                             solicitation_deadline, solicitation_targets)
from ..periods import MONTH, QUARTER, YEAR, Period
from ..read.safety import WITHHELD_TEXT, marking_in

VERSION = 1
STATES = {SOL_ON_TIME: "on_time", SOL_LATE: "late", SOL_MISSED: "missed"}
STATE_NAMES = {"on_time": "按时报送", "late": "逾期报送", "missed": "未报送", "open": "未到截止日期"}
REASON_NAMES = {"report_late": "报送超时", "reply_late": "回复超时"}
KIND_NAMES = {URGENT_LATE: "紧急信息迟报", BACKFLOW: "信息倒流"}


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 23 -> 二十三 (section numbers of a 公文, up to 99)."""
    digits = "零一二三四五六七八九"
    if n <= 0 or n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones else "")


def _num(value: Fraction | int | float | None) -> float | None:
    return None if value is None else float(round(Fraction(value), 2))


def _text(value: str) -> str:
    """Text from the repository as a record keeps it: never a classified marking."""
    return WITHHELD_TEXT if marking_in(value) else value


def comparable_previous(period: Period, has_activity: bool) -> Period | None:
    """The earlier period a rank change compares with: the previous period of the same kind, in the same
    year for months, quarters and halves (ranks start afresh each year), and only if anything happened
    in it (the first year of an instance has no earlier year to compare with)."""
    prev = period.previous()
    if prev.year != period.year and period.kind != YEAR:
        return None
    return prev if has_activity else None


def has_activity(scores: Scores | None) -> bool:
    return scores is not None and (bool(scores.entries) or any(r.submitted for r in scores.units))


# --------------------------------------------------------------------------- computing (at issue time)

def record_sections(state: Any, result: Scores, *, activities: Any = None, learning_months: Mapping[str, Any]
                    | None = None, previous: Scores | None = None,
                    adopted_items: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    """The ``sections`` of a record, from one commit's state (record.State) and the period's scores."""
    config = state.config
    period = result.period
    as_of = result.as_of
    names = {u.id: u.name for u in config.units.values()}
    subs = {i.path: i for i in state.items}
    out: dict[str, Any] = OrderedDict([("version", VERSION)])

    answers = {(e.detail, e.unit): STATES[e.kind] for e in result.entries if e.kind in STATES and e.detail}
    sols = []
    for sol in sorted(state.solicitations, key=lambda s: (s.issued, s.id)):
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
        from ..learning.learning import below_target_text, figures_from

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


# --------------------------------------------------------------------------- views (site, DOCX, XLSX)

@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[Any]]
    widths: list[float] = field(default_factory=list)
    sheet: str = ""


@dataclass
class View:
    key: str
    heading: str
    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


def fmt_rate(adopted: int, submitted: int) -> str:
    """采用率 as a percentage with one decimal, without a trailing .0: 66.7%, 100%; — for nothing submitted."""
    if not submitted:
        return "—"
    text = f"{float(round(Fraction(adopted * 100, submitted), 1)):.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _names(rec: Any, ids: Sequence[str]) -> str:
    return "、".join(rec.unit_name(u) for u in ids)


def sections_of(rec: Any) -> Mapping[str, Any] | None:
    s = rec.data.get("sections")
    return s if isinstance(s, dict) else None


def section_views(rec: Any, words: str = "本期") -> list[View]:
    """The record's extra sections as headings, sentences and tables (empty for a record without them)."""
    s = sections_of(rec)
    if s is None:
        return []
    views: list[View] = []
    labels = rec.labels

    cats = s.get("adoptions_by_level_category") or {}
    if cats.get("levels"):
        cat_names = [str(labels.get("categories", {}).get(c, c)) for c in cats["categories"]]
        rows: list[list[Any]] = []
        totals = [0] * len(cat_names)
        for lv, counts in zip(cats["levels"], cats["counts"]):
            rows.append([str(labels.get("levels", {}).get(lv, lv)), *counts, sum(counts)])
            totals = [a + b for a, b in zip(totals, counts)]
        rows.append(["合计", *totals, sum(totals)])
        views.append(View("levels_categories", "分级分类采用情况", tables=[Table(
            f"{words}各级各类采用篇次", ["级别", *cat_names, "合计"], rows, [2.0] + [1.4] * len(cat_names) + [1.2],
            "分级分类采用")]))

    rates = s.get("adoption_rates") or []
    if rates:
        views.append(View("adoption_rates", "各单位采用率", [
            "采用率为本期被采用稿件篇数除以报送并审核通过的稿件篇数。"], [Table(
                f"{words}各单位采用率", ["单位", "报送", "采用", "采用率"],
                [[r["name"], r["submitted"], r["adopted"], fmt_rate(r["adopted"], r["submitted"])] for r in rates],
                [4, 1.5, 1.5, 1.6], "采用率")]))

    sols = s.get("solicitations") or []
    view = View("solicitations", "约稿报送情况")
    if sols:
        rows = []
        for sol in sols:
            by: dict[str, list[str]] = {k: [] for k in STATE_NAMES}
            for u in sol.get("units") or ():
                by.setdefault(u["state"], []).append(u["name"])
            rows.append([sol["title"], sol["deadline"], *("、".join(by[k]) or "—" for k in STATE_NAMES)])
        missed = sorted({u["name"] for sol in sols for u in sol.get("units") or () if u["state"] == "missed"})
        late = sorted({u["name"] for sol in sols for u in sol.get("units") or () if u["state"] == "late"})
        if missed or late:
            view.lines.append("对未按时报送约稿的单位予以通报："
                              + "；".join(x for x in (f"未报送：{'、'.join(missed)}" if missed else "",
                                                     f"逾期报送：{'、'.join(late)}" if late else "") if x) + "。")
        view.tables.append(Table(f"{words}约稿报送情况", ["约稿", "截止日期", *STATE_NAMES.values()], rows,
                                 [3.6, 2.2, 2.4, 2, 2, 2], "约稿"))
    else:
        view.lines.append(f"{words}无约稿。")
    views.append(view)

    ins = s.get("instructions") or []
    view = View("instructions", "领导批示")
    if ins:
        view.tables.append(Table(f"{words}获领导批示情况", ["稿件标题", "单位", "批示级别", "批示领导", "日期"],
                                 [[x["title"], _names(rec, x.get("units") or ()), x.get("level_name") or "",
                                   x.get("by") or "", x["date"]] for x in ins], [5, 2.6, 1.6, 2.2, 2.2], "领导批示"))
    else:
        view.lines.append(f"{words}无领导批示。")
    views.append(view)

    late_rows = [(KIND_NAMES[URGENT_LATE], r) for r in s.get("urgent_late") or ()] + \
                [(KIND_NAMES[BACKFLOW], r) for r in s.get("backflow") or ()]
    if "urgent_late" in s:
        view = View("urgent_backflow", "紧急信息迟报和信息倒流")
        if late_rows:
            per_unit: dict[str, list[str]] = OrderedDict()
            for kind, r in late_rows:
                per_unit.setdefault(r["name"], []).append(f"{kind}“{r['title']}”")
            view.lines.append("予以通报：" + "；".join(f"{u}{'、'.join(x)}" for u, x in per_unit.items()) + "。")
            view.tables.append(Table(f"{words}紧急信息迟报和信息倒流", ["单位", "情形", "稿件标题", "日期", "扣分"],
                                     [[r["name"], kind, r["title"], r["date"], r.get("points")]
                                      for kind, r in late_rows], [2.6, 2.2, 5, 2.2, 1.2], "迟报倒流"))
        else:
            view.lines.append(f"{words}无紧急信息迟报和信息倒流。")
        views.append(view)

    plans = s.get("overdue_plans") or []
    if plans:
        views.append(View("overdue_plans", "宣传计划逾期未报送", [
            "下列宣传计划选题已过时间节点，尚无审核通过的稿件，请相关单位抓紧报送。"], [Table(
                "已过时间节点尚未报送的计划选题", ["单位", "选题", "时间节点"],
                [[p["name"], p["topic"], p["node"]] for p in plans], [3, 6, 2.4], "计划逾期")]))

    ops = s.get("opinions_late") or []
    if ops:
        def why(o: Mapping[str, Any]) -> str:
            parts = []
            if "report_late" in o.get("reasons", ()):
                parts.append("报送超时" + (f"（{o['report_hours']:g}小时）" if o.get("report_hours") is not None
                                        else ""))
            if "reply_late" in o.get("reasons", ()):
                parts.append("回复超时" + (f"（{o['reply_days']}天）" if o.get("reply_days") is not None else ""))
            return "；".join(parts)

        views.append(View("opinions_late", "舆情处置超时", [], [Table(
            f"{words}舆情处置超时情况", ["舆情", "单位", "发现时间", "超时情形"],
            [[o["title"], "、".join(o.get("names") or ()), o["found"].replace("T", " "), why(o)] for o in ops],
            [5, 2.6, 2.6, 3.6], "舆情超时")]))

    learning = s.get("learning")
    if isinstance(learning, dict) and learning.get("text"):
        views.append(View("learning", "学习强国", [str(learning["text"])]))
    return views


def rank_change(rec: Any) -> dict[str, str] | None:
    """名次变化 of each unit against the comparable earlier period the record names; None when the record
    has no such period (a first period) or predates ``sections``."""
    s = sections_of(rec)
    if s is None or not isinstance(s.get("previous"), dict):
        return None
    before = s["previous"].get("ranks") or {}
    out = {}
    for u in rec.units:
        old = before.get(u["unit"])
        if old is None or old == u["rank"]:
            out[u["unit"]] = "—"
        else:
            delta = old - u["rank"]
            out[u["unit"]] = f"↑{delta}" if delta > 0 else f"↓{-delta}"
    return out


__all__ = ["VERSION", "record_sections", "check_sections", "section_views", "rank_change", "comparable_previous",
           "has_activity", "fmt_rate", "cn_number", "View", "Table"]
