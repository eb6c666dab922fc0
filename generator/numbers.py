"""How figures and shares are written, everywhere (docs/bulletins.md, "How figures are written").

A foundation: imports nothing else of ours, so every stage (scoring, learning, records, documents, the
site, the commands) writes one figure the same way.
"""
from __future__ import annotations

import functools
from fractions import Fraction
from typing import Any


def num(value: Fraction | None) -> float | None:
    """A JSON number: the exact value rounded to 2 decimals."""
    if value is None:
        return None
    return float(round(Fraction(value), 2))


@functools.lru_cache(maxsize=1 << 14, typed=True)
def fmt_num(value: Fraction | float | int | None) -> str:
    """The one way a figure (points, targets, cumulative, the 学习强国 progress target) is written.

    The exact value is rounded to 2 decimals as the records store it (:func:`num`), then written without
    trailing zeros: 12, 12.5, 83.33, -3. No thousands separators. Every page, download, document and
    command writes figures with this function, so one figure reads the same everywhere.
    """
    if value is None:
        return "-"
    if isinstance(value, float):
        value = Fraction(repr(value))
    text = f"{num(Fraction(value)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_percent(value: Fraction | float | None) -> str:
    """A share (rate, progress) as a percentage rounded to 1 decimal, without a trailing .0: 83.3%, 90%."""
    if value is None:
        return "—"
    if isinstance(value, float):
        value = Fraction(repr(value))
    text = f"{float(round(Fraction(value) * 100, 1)):.1f}".rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text) + "%"


def fmt_value(value: Any) -> str:
    """A figure of a record or a correction as printed: numbers by :func:`fmt_num`, 是/否, lists with 、; None —."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float, Fraction)):
        return fmt_num(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) or "无"
    return str(value)


__all__ = ["num", "fmt_num", "fmt_percent", "fmt_value"]
