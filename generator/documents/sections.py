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

from ..i18n import translator
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


def _names(rec: IssuedBulletin, ids: Sequence[str], sep: str = "、") -> str:
    return sep.join(rec.unit_name(u) for u in ids)


def sections_of(rec: IssuedBulletin) -> Mapping[str, Any] | None:
    s = rec.data.get("sections")
    return s if isinstance(s, dict) else None


def section_views(rec: IssuedBulletin, words: str = "本期", lang: str = "zh") -> list[View]:
    """The record's extra sections as headings, sentences and tables (empty for a record without them).

    ``lang`` is the language of the words around the record's data (i18n.py): the site's English pages ask
    for ``en``; the DOCX and XLSX, official documents, are always Chinese. Names and titles from the
    repository stay as they are.
    """
    s = sections_of(rec)
    if s is None:
        return []
    t = translator(lang)
    sep = t("list_sep")
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
        rows.append([t("sec_total"), *totals, sum(totals)])
        views.append(View("levels_categories", t("sec_levels_categories"), tables=[Table(
            t("sec_levels_categories_caption", words=words), [t("level"), *cat_names, t("sec_total")], rows,
            [2.0] + [1.4] * len(cat_names) + [1.2], "分级分类采用")]))

    rates = s.get("adoption_rates") or []
    if rates:
        views.append(View("adoption_rates", t("sec_rates"), [t("sec_rates_note")], [Table(
            t("sec_rates_caption", words=words), [t("unit"), t("submitted"), t("adopted"), t("sec_rate")],
            [[r["name"], r["submitted"], r["adopted"], fmt_rate(r["adopted"], r["submitted"])] for r in rates],
            [4, 1.5, 1.5, 1.6], "采用率")]))

    sols = s.get("solicitations") or []
    view = View("solicitations", t("sec_solicitations"))
    if sols:
        rows = []
        for sol in sols:
            by: dict[str, list[str]] = {k: [] for k in STATE_NAMES}
            for u in sol.get("units") or ():
                by.setdefault(u["state"], []).append(u["name"])
            rows.append([sol["title"], sol["deadline"], *(sep.join(by[k]) or "—" for k in STATE_NAMES)])
        missed = sorted({u["name"] for sol in sols for u in sol.get("units") or () if u["state"] == "missed"})
        late = sorted({u["name"] for sol in sols for u in sol.get("units") or () if u["state"] == "late"})
        if missed or late:
            which = [t("sec_missed_units", names=sep.join(missed))] if missed else []
            which += [t("sec_late_units", names=sep.join(late))] if late else []
            view.lines.append(t("sec_solicitations_named", which=t("sec_clause_sep").join(which)))
        view.tables.append(Table(t("sec_solicitations_caption", words=words),
                                 [t("sec_solicitation"), t("sec_deadline"),
                                  *(t(f"sec_state_{k}") for k in STATE_NAMES)], rows,
                                 [3.6, 2.2, 2.4, 2, 2, 2], "约稿"))
    else:
        view.lines.append(t("sec_no_solicitations", words=words))
    views.append(view)

    ins = s.get("instructions") or []
    view = View("instructions", t("sec_instructions"))
    if ins:
        view.tables.append(Table(t("sec_instructions_caption", words=words),
                                 [t("sec_title"), t("sec_unit"), t("sec_instruction_level"), t("sec_instruction_by"),
                                  t("sec_date")],
                                 [[x["title"], _names(rec, x.get("units") or (), sep), x.get("level_name") or "",
                                   x.get("by") or "", x["date"]] for x in ins], [5, 2.6, 1.6, 2.2, 2.2], "领导批示"))
    else:
        view.lines.append(t("sec_no_instructions", words=words))
    views.append(view)

    late_rows = [(t(URGENT_LATE), r) for r in s.get("urgent_late") or ()] + \
                [(t(BACKFLOW), r) for r in s.get("backflow") or ()]
    if "urgent_late" in s:
        view = View("urgent_backflow", t("sec_urgent_backflow"))
        if late_rows:
            per_unit: dict[str, list[str]] = OrderedDict()
            for kind, r in late_rows:
                per_unit.setdefault(r["name"], []).append(t("sec_urgent_backflow_item", kind=kind, title=r["title"]))
            view.lines.append(t("sec_urgent_backflow_named", which=t("sec_clause_sep").join(
                t("sec_urgent_backflow_unit", unit=u, items=sep.join(x)) for u, x in per_unit.items())))
            view.tables.append(Table(t("sec_urgent_backflow_caption", words=words),
                                     [t("sec_unit"), t("sec_case"), t("sec_title"), t("sec_date"), t("sec_deduction")],
                                     [[r["name"], kind, r["title"], r["date"], r.get("points")]
                                      for kind, r in late_rows], [2.6, 2.2, 5, 2.2, 1.2], "迟报倒流"))
        else:
            view.lines.append(t("sec_no_urgent_backflow", words=words))
        views.append(view)

    plans = s.get("overdue_plans") or []
    if plans:
        views.append(View("overdue_plans", t("sec_overdue_plans"), [t("sec_overdue_plans_note")], [Table(
            t("overdue_plans"), [t("sec_unit"), t("sec_topic"), t("sec_node")],
            [[p["name"], p["topic"], p["node"]] for p in plans], [3, 6, 2.4], "计划逾期")]))

    ops = s.get("opinions_late") or []
    if ops:
        def why(o: Mapping[str, Any]) -> str:
            parts = []
            if "report_late" in o.get("reasons", ()):
                parts.append(t("sec_report_late") + (t("sec_report_hours", hours=f"{o['report_hours']:g}")
                                                     if o.get("report_hours") is not None else ""))
            if "reply_late" in o.get("reasons", ()):
                parts.append(t("sec_reply_late") + (t("sec_reply_days", days=o["reply_days"])
                                                    if o.get("reply_days") is not None else ""))
            return t("sec_clause_sep").join(parts)

        views.append(View("opinions_late", t("sec_opinions_late"), [], [Table(
            t("sec_opinions_late_caption", words=words),
            [t("sec_opinion"), t("sec_unit"), t("sec_found"), t("sec_late_case")],
            [[o["title"], sep.join(o.get("names") or ()), o["found"].replace("T", " "), why(o)] for o in ops],
            [5, 2.6, 2.6, 3.6], "舆情超时")]))

    learning = s.get("learning")
    if isinstance(learning, dict) and learning.get("text"):
        views.append(View("learning", t("sec_learning"), [str(learning["text"])]))
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
