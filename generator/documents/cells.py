"""Spreadsheet cells that cannot run: one rule for every CSV and XLSX the project writes.

Text from the repository (titles, unit and people names, outlet names, ids,
commit subjects) ends up in CSV downloads, ``bulletin scores --format csv``
and the XLSX workbooks. A spreadsheet treats a cell that starts with ``=``,
``+``, ``-`` or ``@`` (also after a tab, a carriage return or other leading
white space) as a formula, which can compute, fetch URLs or start programs
(DDE). Following OWASP's guidance on CSV injection:

* :func:`is_live` says whether a text could be read as a formula;
* :func:`csv_value` prefixes such a text with an apostrophe (``'``), so the
  spreadsheet shows it as text; every CSV row goes through :func:`csv_row`;
* :func:`seal_workbook` makes every such text an explicit string cell with the
  "quote prefix" style (shown as typed, never evaluated, not turned into a
  formula when the cell is edited); every workbook is sealed before saving.

Real numbers are never touched: they are written as numbers (numeric cells in
XLSX), and a text that is exactly a decimal number (``-5``, ``+1.5``) is a
number, not a formula.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

# Characters that start a formula (ASCII and the full-width forms an input method types),
# and the control characters OWASP lists, which some importers strip before looking.
TRIGGERS = frozenset("=+-@＝＋－＠")
CONTROLS = frozenset("\t\r\n")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\Z")
# A lone dash is how the tables write "nothing": it cannot compute anything.
_PLACEHOLDERS = frozenset({"-", "－"})


def is_live(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula."""
    if not text:
        return False
    if text[0] in CONTROLS:
        return True
    stripped = text.lstrip()
    if not stripped or stripped[0] not in TRIGGERS:
        return False
    return not (_NUMBER.match(stripped) or stripped in _PLACEHOLDERS)


def csv_value(value: Any) -> Any:
    """A CSV field: a live text gets a leading apostrophe; numbers and other texts are unchanged."""
    if isinstance(value, str) and is_live(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_value(v) for v in values]


def seal_workbook(workbook: Any) -> Any:
    """Every text cell that could be read as a formula becomes an inert string cell (quote prefix).

    openpyxl stores any string starting with ``=`` as a formula; this undoes that for
    every cell of every sheet, so no writer can forget a cell (titles, merged rows...).
    """
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and (cell.data_type == "f" or is_live(value)):
                    cell.data_type = "s"
                    cell.quotePrefix = True
    return workbook


@functools.lru_cache(maxsize=1 << 14)
def width(text: str) -> int:
    """Display width in a terminal: East Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else
               0 if unicodedata.combining(ch) else 1 for ch in text)


__all__ = ["TRIGGERS", "csv_row", "csv_value", "is_live", "seal_workbook", "width"]
