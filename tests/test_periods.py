"""Period arithmetic: parsing, bounds, months to the end, the previous period."""
from __future__ import annotations

import datetime as dt

import pytest

from generator.periods import PeriodError, parse_day, parse_period


@pytest.mark.parametrize("text, label, start, end, months_to_end, previous", [
    ("2026-03", "2026-03", "2026-03-01", "2026-03-31", 3, "2026-02"),
    ("2026-3", "2026-03", "2026-03-01", "2026-03-31", 3, "2026-02"),
    ("2026-01", "2026-01", "2026-01-01", "2026-01-31", 1, "2025-12"),
    ("2028-02", "2028-02", "2028-02-01", "2028-02-29", 2, "2028-01"),
    ("2026-Q1", "2026-Q1", "2026-01-01", "2026-03-31", 3, "2025-Q4"),
    ("2026-q3", "2026-Q3", "2026-07-01", "2026-09-30", 9, "2026-Q2"),
    ("2026-H1", "2026-H1", "2026-01-01", "2026-06-30", 6, "2025-H2"),
    ("2026-H2", "2026-H2", "2026-07-01", "2026-12-31", 12, "2026-H1"),
    ("2026", "2026", "2026-01-01", "2026-12-31", 12, "2025"),
])
def test_periods(text: str, label: str, start: str, end: str, months_to_end: int, previous: str) -> None:
    p = parse_period(text)
    assert p.label == label
    assert p.start == dt.date.fromisoformat(start) and p.end == dt.date.fromisoformat(end)
    assert p.months_to_end == months_to_end
    assert p.previous().label == previous
    assert p.contains(p.start) and p.contains(p.end)
    assert not p.contains(p.start - dt.timedelta(days=1)) and not p.contains(p.end + dt.timedelta(days=1))
    assert p.in_cumulative(dt.date(p.year, 1, 1)) and not p.in_cumulative(dt.date(p.year - 1, 12, 31))


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "2026-H3", "26-03", "2026/03", "March",
                                  "", "2026-Q", "2026-03-01"])
def test_bad_periods(text: str) -> None:
    with pytest.raises(PeriodError, match="2026-Q1"):
        parse_period(text)


def test_months_of_a_quarter_and_of_a_year() -> None:
    assert [m.label for m in parse_period("2026-Q2").months_inside()] == ["2026-04", "2026-05", "2026-06"]
    assert len(parse_period("2026").months_inside()) == 12


def test_days() -> None:
    assert parse_day("2026-03-05") == dt.date(2026, 3, 5)
    for bad in ("2026-02-30", "tomorrow", "2026/03/05"):
        with pytest.raises(PeriodError):
            parse_day(bad)
