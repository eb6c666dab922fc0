"""Reporting periods: ``2026-03`` (month), ``2026-Q1``, ``2026-H1``, ``2026`` (year)."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

from .errors import UsageError
from .messages import msg

MONTH, QUARTER, HALF, YEAR = "month", "quarter", "half", "year"
_SPAN = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}

EXAMPLES = msg("period.examples")


class PeriodError(UsageError):
    """A period or day written in a way bulletin does not understand."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first_month: int
    kind: str

    @property
    def months(self) -> int:
        return _SPAN[self.kind]

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return f"{self.year:04d}-{self.first_month:02d}"
        if self.kind == QUARTER:
            return f"{self.year:04d}-Q{(self.first_month - 1) // 3 + 1}"
        if self.kind == HALF:
            return f"{self.year:04d}-H{(self.first_month - 1) // 6 + 1}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.label

    @cached_property   # asked for a million times when a site scores ninety periods
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @cached_property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last_month, calendar.monthrange(self.year, self.last_month)[1])

    @cached_property
    def year_start(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def months_to_end(self) -> int:
        """Months from January to the period's end (for pro-rata annual targets)."""
        return self.last_month

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def in_cumulative(self, day: dt.date) -> bool:
        """Whether ``day`` is between 1 January and the period's end."""
        return self.year_start <= day <= self.end

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        first = self.first_month - self.months
        if first < 1:
            return Period(self.year - 1, first + 12, self.kind)
        return Period(self.year, first, self.kind)

    def months_inside(self) -> list[Period]:
        return [Period(self.year, m, MONTH) for m in range(self.first_month, self.last_month + 1)]


def parse_period(text: str) -> Period:
    """``2026-03``, ``2026-Q1``, ``2026-H1`` or ``2026``; raises :class:`PeriodError`."""
    value = text.strip()
    m = re.fullmatch(r"(\d{4})", value)
    if m:
        return Period(int(m[1]), 1, YEAR)
    m = re.fullmatch(r"(\d{4})-(\d{1,2})", value)
    if m:
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(msg("period.no_month", text=text, month=month, examples=EXAMPLES))
        return Period(int(m[1]), month, MONTH)
    m = re.fullmatch(r"(\d{4})-[Qq](\d)", value)
    if m:
        q = int(m[2])
        if not 1 <= q <= 4:
            raise PeriodError(msg("period.no_quarter", text=text, examples=EXAMPLES))
        return Period(int(m[1]), 3 * (q - 1) + 1, QUARTER)
    m = re.fullmatch(r"(\d{4})-[Hh](\d)", value)
    if m:
        h = int(m[2])
        if not 1 <= h <= 2:
            raise PeriodError(msg("period.no_half", text=text, examples=EXAMPLES))
        return Period(int(m[1]), 6 * (h - 1) + 1, HALF)
    raise PeriodError(msg("period.not_a_period", text=text, examples=EXAMPLES))


def parse_day(text: str) -> dt.date:
    """A ``YYYY-MM-DD`` date for ``--as-of``; raises :class:`PeriodError`."""
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not m:
        raise PeriodError(msg("period.not_a_date", text=text))
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise PeriodError(msg("period.not_a_real_date", text=text)) from None
