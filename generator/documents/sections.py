"""A bulletin of record's sections beyond its rankings as headings, sentences and tables.

:func:`section_views` turns a record's ``sections`` (issued/sections.py computes them when a bulletin is
issued) into what the site, the DOCX and the XLSX print alike. A record issued before ``sections`` existed
has none: its views are the sections it holds (the rankings, items, awards and corrections), and nothing
is made up for it.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from ..judge.scoring import BACKFLOW, URGENT_LATE, Scores
from ..periods import YEAR, Period
from ..read.bulletins import IssuedBulletin

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


def _names(rec: IssuedBulletin, ids: Sequence[str]) -> str:
    return "、".join(rec.unit_name(u) for u in ids)


def sections_of(rec: IssuedBulletin) -> Mapping[str, Any] | None:
    s = rec.data.get("sections")
    return s if isinstance(s, dict) else None


def section_views(rec: IssuedBulletin, words: str = "本期") -> list[View]:
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
        for lv, counts in zip(cats["levels"], cats["counts"], strict=False):
            rows.append([str(labels.get("levels", {}).get(lv, lv)), *counts, sum(counts)])
            totals = [a + b for a, b in zip(totals, counts, strict=False)]
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


def rank_change(rec: IssuedBulletin) -> dict[str, str] | None:
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


__all__ = ["KIND_NAMES", "REASON_NAMES", "STATE_NAMES", "Table", "View", "cn_number", "comparable_previous",
           "fmt_rate", "has_activity", "rank_change", "section_views", "sections_of"]
