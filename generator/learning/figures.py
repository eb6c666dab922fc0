"""Registration rate, average daily log-in rate and cadres' year points against the targets, and
their presentation.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..messages import msg
from ..numbers import fmt_num, fmt_percent
from ..periods import MONTH, Period, PeriodError, parse_period
from ..read.config import Config, LearningTargets
from ..read.learning import (
    CADRE_POINTS,
    DAILY_LOGIN,
    REGISTRATION,
    TARGET_LABELS,
    LearningMonth,
    load_learning,
)

# --------------------------------------------------------------------------- figures

@dataclass(frozen=True)
class CadreStanding:
    person: str
    name: str
    unit: str | None
    year_points: int
    target: Fraction                # pro rata to the last month of data
    met: bool


@dataclass(frozen=True)
class LearningGroup:
    """The figures of one unit (``unit`` set) or of the whole bureau (``unit`` None)."""

    unit: str | None
    name: str
    people: int                     # people counted (expected on the platform)
    registered: int
    registration_rate: Fraction | None      # registered / people
    login_days: int                 # sum over the registered people (and months, for a longer period)
    login_possible: int             # registered people x days, summed over months
    daily_login_rate: Fraction | None       # login_days / login_possible
    cadres: tuple[CadreStanding, ...]
    missed: tuple[str, ...]         # REGISTRATION, DAILY_LOGIN, CADRE_POINTS not met

    @property
    def cadres_below(self) -> tuple[CadreStanding, ...]:
        return tuple(c for c in self.cadres if not c.met)

    @property
    def below_target(self) -> bool:
        return bool(self.missed)


@dataclass(frozen=True)
class LearningFigures:
    period: str                     # "2026-10", or "2026-Q3" etc.
    months: tuple[str, ...]         # the months with data that were used
    as_of_month: str                # the last of them: registration and points are as at its end
    targets: LearningTargets
    cadre_target: Fraction          # cadre_points x months to as_of_month / 12
    units: tuple[LearningGroup, ...]   # active units with people, in units.yaml order
    bureau: LearningGroup

    def units_below_target(self) -> list[LearningGroup]:
        return [u for u in self.units if u.missed]


def _rate(num: int, den: int) -> Fraction | None:
    return Fraction(num, den) if den else None


def _group(unit: str | None, name: str, people: list[str], months: Sequence[LearningMonth], config: Config,
           targets: LearningTargets, cadre_target: Fraction) -> LearningGroup:
    last = months[-1]
    entries = [last.people[p] for p in people]
    registered = sum(e.registered for e in entries)
    login_days = 0
    possible = 0
    for month in months:
        for pid in people:
            e = month.people.get(pid)
            if e is not None and e.registered:
                login_days += min(e.login_days, month.days_in_month)
                possible += month.days_in_month
    cadres = tuple(CadreStanding(p, config.people[p].name, config.people[p].unit, last.people[p].year_points,
                                 cadre_target, last.people[p].year_points >= cadre_target)
                   for p in people if config.people[p].cadre)
    reg_rate = _rate(registered, len(people))
    login_rate = _rate(login_days, possible)
    missed = []
    if reg_rate is not None and reg_rate < targets.registration:
        missed.append(REGISTRATION)
    if people and (login_rate is None or login_rate < targets.daily_login):
        missed.append(DAILY_LOGIN)
    if any(not c.met for c in cadres):
        missed.append(CADRE_POINTS)
    return LearningGroup(unit, name, len(people), registered, reg_rate, login_days, possible, login_rate, cadres,
                         tuple(missed))


def figures_from(months: Mapping[str, LearningMonth], config: Config,
                 period: Period | str) -> LearningFigures | None:
    """Pure: the figures of ``period`` from loaded months (None when no month of the period has data).

    A month uses its own file. A longer period uses every month with data in it
    for the log-in rate (days logged in / days possible, summed) and the last of
    them for registration and cadres' points. People are those of the last
    month's file whose unit (in units.yaml now) is active.
    """
    if isinstance(period, str):
        period = parse_period(period)
    used = [months[p.label] for p in period.months_inside() if p.label in months]
    if not used:
        return None
    last = used[-1]
    targets = config.scoring.learning
    cadre_target = targets.cadre_points * last.period.first_month / 12
    counted = [pid for pid in last.people if pid in config.people and config.people[pid].unit in config.units
               and config.units[config.people[pid].unit or ""].active]
    units = []
    for unit in config.units.values():
        members = [pid for pid in counted if config.people[pid].unit == unit.id]
        if unit.active and members:
            units.append(_group(unit.id, unit.name, members, used, config, targets, cadre_target))
    bureau = _group(None, config.organization_short or config.organization_name, counted, used, config, targets,
                    cadre_target)
    return LearningFigures(period.label, tuple(m.month for m in used), last.month, targets, cadre_target,
                           tuple(units), bureau)


def learning_figures(repo: Path, config: Config, period: Period | str) -> LearningFigures | None:
    """The figures of a month (``"2026-10"``) or longer period, read from ``repo``'s learning/ files."""
    return figures_from(load_learning(repo, config), config, period)


def units_below_target(figures: LearningFigures) -> list[LearningGroup]:
    """Units that miss at least one target, in units.yaml order."""
    return figures.units_below_target()


# --------------------------------------------------------------------------- presentation helpers

def percent(value: Fraction | None, digits: int = 1) -> str:
    """A rate or target as a percentage: numbers.fmt_percent, the one rule for shares (90%, 66.7%).

    ``digits`` is accepted for older callers and ignored: every share is written the same way.
    """
    return fmt_percent(value)


def points(value: Fraction | int | None) -> str:
    """学习强国 points and the pro-rata target: numbers.fmt_num, the one rule for figures (3851, 4166.67)."""
    return fmt_num(value)


def _num(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def figures_json(figures: LearningFigures) -> dict[str, Any]:
    """JSON-able figures; rates are percentages (0-100), every number rounded to 2 decimals."""
    def group(g: LearningGroup) -> dict[str, Any]:
        return {
            "unit": g.unit, "name": g.name, "people": g.people, "registered": g.registered,
            "registration_pct": _num(g.registration_rate * 100) if g.registration_rate is not None else None,
            "login_days": g.login_days, "login_possible": g.login_possible,
            "daily_login_pct": _num(g.daily_login_rate * 100) if g.daily_login_rate is not None else None,
            "cadres": [{"person": c.person, "name": c.name, "year_points": c.year_points, "met": c.met}
                       for c in g.cadres],
            "missed": list(g.missed),
        }
    t = figures.targets
    return {
        "period": figures.period, "months": list(figures.months), "as_of_month": figures.as_of_month,
        "targets": {"registration_pct": _num(t.registration * 100), "daily_login_pct": _num(t.daily_login * 100),
                    "cadre_points_year": _num(t.cadre_points), "cadre_points_to_date": _num(figures.cadre_target)},
        "bureau": group(figures.bureau),
        "units": [group(u) for u in figures.units],
        "below_target": [u.unit for u in figures.units_below_target()],
    }


def shortfall_text(group: LearningGroup, figures: LearningFigures) -> str:
    """What a unit missed, in Chinese: '注册率50%低于目标100%，科级干部钱俊3851分低于进度4166.67分'."""
    t = figures.targets
    parts = []
    if REGISTRATION in group.missed:
        parts.append(f"注册率{percent(group.registration_rate)}低于目标{percent(t.registration, 0)}")
    if DAILY_LOGIN in group.missed:
        parts.append(f"日均登录率{percent(group.daily_login_rate)}低于目标{percent(t.daily_login, 0)}")
    if CADRE_POINTS in group.missed:
        names = "、".join(f"{c.name}{points(c.year_points)}分" for c in group.cadres_below)
        parts.append(f"科级干部{names}低于年度积分进度{points(figures.cadre_target)}分")
    return "，".join(parts)


def below_target_text(figures: LearningFigures) -> str:
    """One Chinese sentence naming the units below target, for the monthly and quarterly bulletins."""
    below = figures.units_below_target()
    if not below:
        return "学习强国：各单位注册率、日均登录率和科级干部年度积分均达到目标。"
    return "学习强国未达目标的单位：" + "；".join(f"{g.name}（{shortfall_text(g, figures)}）" for g in below) + "。"


def figures_table(figures: LearningFigures) -> str:
    """A plain-text table for ``bulletin learning show``."""
    t = figures.targets
    head = (f"学习强国 {figures.period}（数据月份：{'、'.join(figures.months)}）  目标：注册率 {percent(t.registration, 0)}，"
            f"日均登录率 {percent(t.daily_login, 0)}，科级干部年度积分 {points(t.cadre_points)}"
            f"（至{int(figures.as_of_month[5:])}月进度 {points(figures.cadre_target)}）")
    rows = [("单位", "人数", "注册", "注册率", "日均登录率", "科级干部达标", "未达目标")]
    for g in list(figures.units) + [figures.bureau]:
        met = sum(c.met for c in g.cadres)
        rows.append((g.name if g.unit else f"全局（{g.name}）", str(g.people), str(g.registered),
                     percent(g.registration_rate), percent(g.daily_login_rate),
                     f"{met}/{len(g.cadres)}" if g.cadres else "—",
                     "、".join(TARGET_LABELS[m] for m in g.missed) or "—"))

    def width(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    widths = [max(width(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [head, ""]
    for r in rows:
        lines.append("  ".join(cell + " " * (widths[i] - width(cell)) for i, cell in enumerate(r)).rstrip())
    below = [c for g in figures.units for c in g.cadres_below]
    if below:
        lines.append("")
        lines.append("科级干部年度积分未达进度：" + "、".join(f"{c.name}（{points(c.year_points)}分）" for c in below))
    return "\n".join(lines) + "\n"


def parse_month(text: str) -> str:
    """``2026-10`` (or ``2026-9``) as ``"2026-10"``; raises PeriodError for anything else."""
    period = parse_period(text)
    if period.kind != MONTH:
        raise PeriodError(msg("learn.not_a_month", text=text))
    return period.label
