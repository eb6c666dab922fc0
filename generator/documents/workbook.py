"""One Excel layout for every table the bureau downloads: the rankings of the site and of ``bulletin scores``,
and the tables of an issued bulletin (``bulletin document``).

Each sheet: a title row (what, which period) and an information row (the period's days and the as-of
day), then a red header row that repeats on every printed page, borders, Chinese names (never ids),
dates as dates, figures as numbers, frozen header, filter, A4 print set-up. The CSV of the same tables
has the same columns. Every cell goes through the formula neutraliser (cells.py).
"""
from __future__ import annotations

import datetime as dt
import io
from copy import copy
from dataclasses import dataclass, field
from typing import Any, Sequence

from .cells import seal_workbook, width
from .package import FIXED_TIME, stable_package

HEITI, FANGSONG, XIAOBIAOSONG = "黑体", "仿宋_GB2312", "方正小标宋简体"

# Figures written with two decimals at most; whole numbers without.
NUMERIC = {"本期积分", "累计积分", "目标（按月折算）", "目标积分", "积分", "分值", "年度积分", "扣分"}
COUNTS = {"排名", "累计排名", "报送", "采用", "序号", "报送篇数", "采用篇次", "人数"}
DATES = {"日期", "截止日期", "时间节点", "发现时间"}


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[list[Any]]
    title: str = ""                     # the sheet's title row; the workbook's title when empty
    numeric: set[str] = field(default_factory=set)


def as_date(value: Any) -> Any:
    """A YYYY-MM-DD text as a date (Excel shows and sorts it as one); anything else unchanged."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def workbook(title: str, info: str, sheets: Sequence[Sheet], *, subject: str = "", creator: str = "",
             created: dt.date | None = None) -> bytes:
    """The workbook of ``sheets`` in the one layout (see the module's text)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.worksheets[0])   # the empty sheet a new workbook starts with
    thin = Side(style="thin", color="808080")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    head_font = Font(name=HEITI, bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="C00000")
    body_font = Font(name=FANGSONG)
    # A body cell's style by its look; openpyxl works out each assigned style anew (hashing it), which
    # took most of the time of a workbook with a few thousand rows.
    looks: dict[str, Any] = {}
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name[:31])
        header, rows = sheet.header, sheet.rows
        ncol = max(len(header), 1)
        ws.cell(1, 1, sheet.title or f"{title}——{sheet.name}").font = Font(name=XIAOBIAOSONG, size=14, bold=True)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
        ws.cell(1, 1).alignment = Alignment(horizontal="center", vertical="center")
        ws.row_dimensions[1].height = 26
        ws.cell(2, 1, info).font = Font(name=FANGSONG, size=10, color="555555")
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
        ws.append(header)
        for cell in ws[3]:
            cell.font = head_font
            cell.fill = head_fill
            cell.border = box
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        numeric = NUMERIC | sheet.numeric
        for row in rows:
            ws.append([as_date(v) if h in DATES else v for h, v in zip(header, row, strict=False)])
        for r in range(4, len(rows) + 4):
            for c in range(1, len(header) + 1):
                cell = ws.cell(r, c)
                h = header[c - 1]
                look = ("number" if h in numeric and isinstance(cell.value, (int, float)) else
                        "count" if h in COUNTS else "date" if isinstance(cell.value, dt.date) else "text")
                known = looks.get(look)
                if known is not None:       # the same style as a cell styled below: copied, not worked out again
                    cell._style = copy(known)
                    continue
                cell.font = body_font
                cell.border = box
                if look == "number":
                    cell.number_format = "General"      # 20, 12.5, 83.33: as numbers.fmt_num writes them
                    cell.alignment = Alignment(horizontal="right")
                elif look == "count":
                    cell.alignment = Alignment(horizontal="right")
                elif look == "date":
                    cell.number_format = "yyyy-mm-dd"
                    cell.alignment = Alignment(horizontal="center")
                looks[look] = copy(cell._style)
        for i, h in enumerate(header, start=1):
            values = [r[i - 1] for r in rows if i - 1 < len(r)]
            longest = max([width(str(h))] + [10 if isinstance(as_date(v), dt.date) else
                                             width(str(v)) if v is not None else 0 for v in values])
            ws.column_dimensions[get_column_letter(i)].width = max(6, min(60, longest + 2))
        ws.freeze_panes = "A4"
        if rows:
            ws.auto_filter.ref = f"A3:{get_column_letter(ncol)}{len(rows) + 3}"
        ws.print_title_rows = "3:3"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if ncol > 6 else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    props = wb.properties
    props.title = title
    props.subject = subject
    props.creator = creator
    # without a date of its own, the workbook carries the packages' fixed time, not the time of saving
    day = created if created is not None else dt.date(*FIXED_TIME[:3])
    props.created = props.modified = dt.datetime(day.year, day.month, day.day)
    seal_workbook(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return stable_package(buf.getvalue())


def csv_rows(title: str, info: str, sheets: Sequence[Sheet]) -> list[list[Any]]:
    """The same tables for CSV: the title and information rows, then each sheet's name, header and rows."""
    out: list[list[Any]] = [[title], [info]]
    for sheet in sheets:
        out.append([])
        out.append([sheet.name])
        out.append(list(sheet.header))
        out.extend(list(r) for r in sheet.rows)
    return out


__all__ = ["Sheet", "workbook", "csv_rows", "as_date", "NUMERIC", "DATES"]
