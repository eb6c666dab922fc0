"""Reading the platform administrator's export (CSV in UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16;
or XLSX) into rows, every problem located as ``FILE:ROW:COL``.
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import ERROR, WARNING, Problem
from ..messages import msg, term
from ..read.learning import (
    _HEADER_INDEX,
    _NO,
    _TOTAL_ROW,
    _YES,
    HEADER_SEARCH_ROWS,
    MAX_EXPORT_BYTES,
    MAX_ROWS,
    _header_key,
    normalize_name,
)

# --------------------------------------------------------------------------- reading exports

@dataclass(frozen=True)
class ExportRow:
    """One person's row of an export; ``row`` and the ``*_col`` are 1-based positions in the file."""

    row: int
    name: str
    name_col: int
    org: str | None
    registered: bool
    login_days: int | None          # None when the export gives a rate instead
    login_rate: Fraction | None
    year_points: int
    cells: Mapping[str, int] = field(default_factory=dict)   # field -> column


@dataclass
class Export:
    display: str
    rows: list[ExportRow]
    problems: list[Problem]
    columns: dict[str, int]         # field -> column (1-based)


class _Cells:
    """Problems go to ``FILE:ROW:COL``."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []

    def error(self, row: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.display, row, col, ERROR, message))

    def warning(self, row: int, col: int, message: str) -> None:
        self.problems.append(Problem(self.display, row, col, WARNING, message))


def _decode_csv(data: bytes, out: _Cells) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "gb18030"]   # GB18030 reads GBK and GB2312 too
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            nul = text.find("\x00")
            if nul >= 0:
                out.error(text.count("\n", 0, nul) + 1, nul - (text.rfind("\n", 0, nul) + 1) + 1,
                          "文件中有 NUL 字符（\\0），不是正常的 CSV 文本；请从管理后台重新导出，"
                          "或在 Excel/WPS 中另存为 CSV UTF-8")
                return None
            return text
        except UnicodeDecodeError as exc:
            last = exc
    before = data[: last.start]
    out.error(before.count(b"\n") + 1, 1,
              msg("learn.not_text", byte=f"{data[last.start]:02x}"))
    return None


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(1-based line where the record starts, cells) for each record of a CSV or tab-separated text."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    delimiter = "\t" if head.count("\t") > head.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


# An export of a few thousand people unpacks to a few MiB; a zip bomb unpacks to gigabytes.
MAX_XLSX_UNPACKED = 64 * 1024 * 1024
MAX_XLSX_RATIO = 100
# No log-in count, rate or year's points of a real person comes near this.
MAX_WHOLE = 1_000_000


def _zip_bomb(path: Path, out: _Cells) -> bool:
    """Refuse a workbook that would unpack to far more than an export ever does (before openpyxl reads it)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False                   # openpyxl reports an unreadable workbook itself
    total = sum(m.file_size for m in members)
    worst = max(((m.file_size // max(m.compress_size, 1)), m.file_size) for m in members) if members else (0, 0)
    if total > MAX_XLSX_UNPACKED or (worst[0] > MAX_XLSX_RATIO and worst[1] > 1024 * 1024):
        out.error(1, 1, f"工作簿解压后有 {total / 1024 / 1024:,.0f} MiB，超过导出文件的上限"
                        f"（{MAX_XLSX_UNPACKED // 1024 // 1024} MiB，压缩比不超过 {MAX_XLSX_RATIO}:1），"
                        "不予读取（可能是压缩炸弹）；请从学习强国管理后台重新导出，或另存为 CSV")
        return True
    return False


def _uncached_formulas(path: Path, sheet_index: int, out: _Cells, rows: list[tuple[int, list[Any]]]) -> None:
    """A formula whose result was never saved reads as empty, i.e. 0: say so at the cell."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        sheet = book.worksheets[sheet_index]
        for (number, cached), formulas in zip(rows, sheet.iter_rows(values_only=True), strict=False):
            for col, formula in enumerate(formulas, start=1):
                if isinstance(formula, str) and formula.startswith("=") and \
                        (col > len(cached) or cached[col - 1] is None):
                    out.error(number, col, f"单元格 {get_column_letter(col)}{number} 是公式（{formula[:40]}），"
                                           "但文件里没有保存计算结果，导入会被当作 0；请在 Excel 或 WPS 中打开并"
                                           "保存一次（让公式算出结果），或另存为 CSV 后再导入")
    finally:
        book.close()


def _xlsx_rows(path: Path, out: _Cells) -> list[tuple[int, list[Any]]] | None:
    """The rows of the first sheet that has a header row with a name column (else the first sheet)."""
    import openpyxl  # imported here: only imports of XLSX files pay for it
    from openpyxl.utils.exceptions import InvalidFileException

    if _zip_bomb(path, out):
        return None
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheets = list(book.worksheets)
            chosen = sheets[0] if sheets else None
            for sheet in sheets:
                head = [(i + 1, list(r)) for i, r in
                        enumerate(sheet.iter_rows(max_row=HEADER_SEARCH_ROWS, values_only=True))]
                if _find_header_row(head):
                    chosen = sheet
                    break
            rows: list[tuple[int, list[Any]]] = []
            for i, values in enumerate(chosen.iter_rows(values_only=True) if chosen is not None else []):
                rows.append((i + 1, list(values)))
                if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                    break
            index = sheets.index(chosen) if chosen is not None else -1
        finally:
            book.close()
        if index >= 0:
            _uncached_formulas(path, index, out, rows)
        return rows
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        out.error(1, 1, msg("learn.bad_workbook", detail=f"{type(exc).__name__}: {exc}"))
        return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _find_header_row(rows: Sequence[tuple[int, Sequence[Any]]]) -> tuple[int, dict[str, int]] | None:
    """(row number, field -> column) of the first row that has a name column."""
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        columns: dict[str, int] = {}
        for col, value in enumerate(cells, start=1):
            fieldname = _HEADER_INDEX.get(_header_key(_text(value)))
            if fieldname and fieldname not in columns:
                columns[fieldname] = col
        if "name" in columns:
            return number, columns
    return None


def _fraction(value: int | float) -> Fraction | None:
    """A cell's number exactly; None for infinity and NaN (a float cell can hold 1e400)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return Fraction(value)


def _number(raw: str) -> Fraction | None:
    text = normalize_name(raw).replace(",", "")
    text = re.sub(r"(天|分|次|日)$", "", text)
    if len(text) <= 40 and re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        return Fraction(text)
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        return Fraction(MAX_WHOLE + 1)        # a number of more than 40 digits: far too large
    return None


def read_export(path: Path, display: str | None = None) -> Export:
    """Read an administrator export (CSV or XLSX, detected from the content) into rows.

    Problems (unreadable file, missing columns, bad cells) are returned, never raised.
    """
    display = display or str(path)
    out = _Cells(display)
    try:
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            out.error(1, 1, msg("learn.too_big", size=f"{size:,}", limit=MAX_EXPORT_BYTES // 1024 // 1024))
            return Export(display, [], out.problems, {})
        with path.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        out.error(1, 1, msg("file.cannot_read", reason=exc.strerror))
        return Export(display, [], out.problems, {})
    raw_rows: Iterable[tuple[int, Sequence[Any]]]
    if magic.startswith(b"PK\x03\x04"):
        xrows = _xlsx_rows(path, out)
        if xrows is None:
            return Export(display, [], out.problems, {})
        raw_rows = xrows
    elif magic.startswith(b"\xd0\xcf\x11\xe0"):
        out.error(1, 1, msg("learn.xls"))
        return Export(display, [], out.problems, {})
    else:
        text = _decode_csv(path.read_bytes(), out)
        if text is None:
            return Export(display, [], out.problems, {})
        raw_rows = _csv_rows(text)
    return _parse_rows(raw_rows, out)


def _parse_rows(raw_rows: Iterable[tuple[int, Sequence[Any]]], out: _Cells) -> Export:
    iterator = iter(raw_rows)
    lead: list[tuple[int, Sequence[Any]]] = []
    for item in iterator:
        lead.append(item)
        if len(lead) >= HEADER_SEARCH_ROWS:
            break
    found = _find_header_row(lead)
    if found is None:
        out.error(1, 1, msg("learn.no_header", rows=HEADER_SEARCH_ROWS))
        return Export(out.display, [], out.problems, {})
    header_row, columns = found
    header_cells = dict(lead)[header_row]
    shown = "、".join(_text(c) for c in header_cells if _text(c)) or msg("learn.nothing")
    if "login_days" not in columns and "login_rate" not in columns:
        out.error(header_row, 1, msg("learn.no_login_column", shown=shown))
    if "year_points" not in columns:
        if "total_points" in columns:
            columns["year_points"] = columns["total_points"]
            out.warning(header_row, columns["total_points"],
                        msg("learn.total_as_year", column=_text(header_cells[columns['total_points'] - 1])))
        else:
            out.error(header_row, 1, msg("learn.no_points_column", shown=shown))
    if any(p.is_error for p in out.problems):
        return Export(out.display, [], out.problems, columns)

    rows: list[ExportRow] = []
    remaining = [item for item in lead if item[0] > header_row]

    def body() -> Iterator[tuple[int, Sequence[Any]]]:
        yield from remaining
        yield from iterator

    for count, (number, cells) in enumerate(body()):
        if count > MAX_ROWS:
            out.error(number, 1, msg("learn.too_many_rows", rows=f"{MAX_ROWS:,}"))
            break
        row = _parse_row(number, cells, columns, out)
        if row is not None:
            rows.append(row)
    return Export(out.display, rows, out.problems, columns)


def _cell(cells: Sequence[Any], col: int | None) -> Any:
    if col is None or col > len(cells):
        return None
    return cells[col - 1]


def _parse_row(number: int, cells: Sequence[Any], columns: dict[str, int], out: _Cells) -> ExportRow | None:
    texts = [_text(c) for c in cells]
    if not any(texts):
        return None
    name = normalize_name(_text(_cell(cells, columns["name"])))
    if not name or name in _TOTAL_ROW:
        if name in _TOTAL_ROW or any(normalize_name(t) in _TOTAL_ROW for t in texts):
            return None   # a totals row at the bottom
        out.error(number, columns["name"], msg("learn.no_name"))
        return None
    before = len(out.problems)

    registered = True
    if "registered" in columns:
        col = columns["registered"]
        value = _cell(cells, col)
        flag = _text(value).lower()
        if isinstance(value, bool):
            registered = value
        elif flag in _YES:
            registered = True
        elif flag in _NO or flag == "":
            registered = False
        else:
            out.error(number, col, msg("learn.registration", value=_text(value)))

    def whole(fieldname: str, what: str) -> int | None:
        col = columns.get(fieldname)
        value = _cell(cells, col)
        if col is None:
            return None
        raw = _text(value)
        if raw == "":
            return 0
        number_value = _fraction(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
            else _number(raw)
        if number_value is not None and number_value > MAX_WHOLE:
            out.error(number, col, f"{what} '{raw[:20]}{'…' if len(raw) > 20 else ''}' 数值过大（超过 {MAX_WHOLE:,}），"
                                   "不是真实的学习数据；请核对这个单元格")
            return None
        if number_value is None or number_value < 0:
            out.error(number, col, msg("learn.not_a_number", what=term(what), raw=raw))
            return None
        if number_value.denominator != 1:
            out.error(number, col, msg("learn.not_whole", what=term(what), raw=raw))
            return None
        return int(number_value)

    login_days = whole("login_days", "log-in days (登录天数)")
    login_rate: Fraction | None = None
    if "login_days" not in columns and "login_rate" in columns:
        col = columns["login_rate"]
        value = _cell(cells, col)
        raw = _text(value)
        if raw == "":
            login_rate = Fraction(0)
        else:
            percent = raw.endswith(("%", "％"))
            parsed = _fraction(value) if isinstance(value, (int, float)) and not isinstance(value, bool) \
                else _number(raw.rstrip("%％"))
            if parsed is None or parsed < 0:
                out.error(number, col, msg("learn.not_a_rate", raw=raw))
            else:
                login_rate = parsed / 100 if percent or parsed > 1 else parsed
                if login_rate > 1:
                    out.error(number, col, msg("learn.rate_over", raw=raw))
                    login_rate = None
    year_points = whole("year_points", "year points (年度积分)")
    if len(out.problems) > before and any(p.is_error for p in out.problems[before:]):
        return None
    org_value = _text(_cell(cells, columns.get("org")))
    return ExportRow(number, name, columns["name"], org_value or None, registered, login_days, login_rate,
                     year_points or 0, dict(columns))
