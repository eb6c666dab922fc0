"""学习强国 figures: platform exports -> monthly records -> rates per unit and for the bureau.

Three stages, each a function without hidden state:

1. :func:`read_export` reads the platform administrator's export (CSV in
   UTF-8, UTF-8 with BOM, GBK/GB18030 or UTF-16; or XLSX) into rows, with
   every problem located as ``FILE:ROW:COL``.
2. :func:`prepare_import` matches the rows' names to people of units.yaml
   (``learning/aliases.yaml`` maps names that differ) and renders the
   normalized monthly file ``learning/YYYY/YYYY-MM.yaml``; nothing is written
   while any error remains (:func:`write_import` writes, atomically).
3. :func:`load_learning` / :func:`check_learning` read and validate the
   monthly files, and :func:`learning_figures` computes registration rate,
   average daily log-in rate and cadres' year points against the targets of
   ``scoring.yaml learning:``.

See docs/learning.md for the accepted columns and the rules.
"""
from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence

from ..read.config import Config, LearningTargets, Person
from ..errors import ERROR, WARNING, Problem, sort_problems, suggest
from ..numbers import fmt_num, fmt_percent
from ..periods import MONTH, Period, PeriodError, parse_period
from ..read.schema import INVALID, Bool, Ctx, Date, Field, MapOf, Number, Ref, Schema, Text, Type
from ..read.textfile import read_text
from ..read.yamlio import YamlProblem, load_yaml
from ..messages import msg, term
from ..read.safety import SECRET_VALUE_FIX, marking_problems

LEARNING_DIR = "learning"
ALIASES_FILE = "learning/aliases.yaml"
MAX_EXPORT_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
HEADER_SEARCH_ROWS = 20

REGISTRATION, DAILY_LOGIN, CADRE_POINTS = "registration", "daily_login", "cadre_points"
TARGET_LABELS = {REGISTRATION: "注册率", DAILY_LOGIN: "日均登录率", CADRE_POINTS: "科级干部年度积分"}


# --------------------------------------------------------------------------- columns

# Canonical field -> accepted header texts (after normalization: no spaces, no "(单位)" suffix).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "用户姓名", "学员姓名", "成员姓名", "真实姓名", "人员姓名", "名字"),
    "org": ("所在组织", "所在单位", "所属组织", "所属单位", "组织名称", "单位名称", "组织", "单位",
            "所在部门", "部门"),
    "registered": ("是否注册", "注册状态", "注册情况", "是否激活", "激活状态", "激活情况"),
    "login_days": ("本月登录天数", "当月登录天数", "月登录天数", "登录天数", "本月学习天数", "学习天数",
                   "本月活跃天数", "活跃天数"),
    "login_rate": ("日均登录率", "本月日均登录率", "本月登录率", "月登录率", "登录率"),
    "year_points": ("年度积分", "本年积分", "本年度积分", "年度总积分", "年积分", "年度累计积分",
                    "本年累计积分"),
    "total_points": ("总积分", "累计积分", "学习积分", "积分"),
}
FIELD_LABELS = {"name": "姓名", "org": "所在组织", "registered": "是否注册", "login_days": "本月登录天数",
                "login_rate": "日均登录率", "year_points": "年度积分", "total_points": "总积分"}

_YES = {"是", "已注册", "注册", "已激活", "激活", "正常", "y", "yes", "true", "1", "√", "✓", "✔"}
_NO = {"否", "未注册", "未激活", "无", "n", "no", "false", "0", "×", "✗", "-", "—"}
_TOTAL_ROW = {"合计", "总计", "小计", "平均", "平均值"}


def normalize_name(text: str) -> str:
    """A name as compared: NFKC, without any whitespace (exports pad 2-character names: '丁　磊')."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _header_key(text: str) -> str:
    text = normalize_name(text)
    text = re.sub(r"[(\[（【][^)\]）】]*[)\]）】]$", "", text)   # 登录天数(天), 年度积分（分）, 登录率(%)
    return text.rstrip(":：")


_HEADER_INDEX = {h: f for f, names in COLUMNS.items() for h in names}


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
        for (number, cached), formulas in zip(rows, sheet.iter_rows(values_only=True)):
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


# --------------------------------------------------------------------------- aliases

class _PersonOrSkip(Type):
    """A person id, or null: the export name is not tracked (e.g. retired staff)."""

    name = "a person id or ~"

    def __init__(self) -> None:
        self.ref = Ref("person")

    def check(self, value: Any, at: Any, ctx: Ctx) -> Any:
        if value is None:
            return None
        return self.ref.check(value, at, ctx)


ALIASES_SCHEMA = MapOf(_PersonOrSkip())


def load_aliases(repo: Path, config: Config, path: Path | None = None,
                 display: str | None = None) -> tuple[dict[str, str | None], list[Problem]]:
    """Export name -> person id (None: skip the row). A missing default file means no aliases."""
    if path is None:
        path = repo / ALIASES_FILE
        display = display or ALIASES_FILE
        if not path.is_file():
            return {}, []
    display = display or str(path)
    text, problem = read_text(path, display)
    if problem:
        return {}, [problem]
    assert text is not None
    try:
        doc = load_yaml(text)
    except YamlProblem as exc:
        return {}, [Problem(display, exc.line, exc.col, ERROR, exc.message)]
    problems: list[Problem] = marking_problems(display, text, doc, fix=SECRET_VALUE_FIX)
    if problems:
        return {}, problems
    if doc.value is None:
        return {}, []
    ctx = Ctx(display, doc, problems, config.known())
    if not isinstance(doc.value, dict):
        ctx.error((), msg("learn.aliases_form"))
        return {}, problems
    values = ALIASES_SCHEMA.check(doc.value, (), ctx)
    if values is INVALID:
        return {}, problems
    out: dict[str, str | None] = {}
    for key, value in values.items():
        normalized = normalize_name(str(key))
        if normalized in out:
            ctx.error((key,), msg("learn.mapped_twice", key=key), key=True)
        out[normalized] = value
    return out, problems


# --------------------------------------------------------------------------- the monthly file

@dataclass(frozen=True)
class LearningEntry:
    """One person's figures for one month."""

    person: str
    registered: bool
    login_days: int
    year_points: int
    row: int | None = None          # the row in the export; None: the person was not in it
    name: str | None = None         # the name in the export, when it differs from units.yaml


@dataclass(frozen=True)
class LearningMonth:
    month: str                      # "2026-10"
    path: str                       # learning/2026/2026-10.yaml
    days_in_month: int
    source: str
    imported: dt.date | None
    people: Mapping[str, LearningEntry]   # person id -> entry, in the file's order

    @property
    def period(self) -> Period:
        return parse_period(self.month)


def month_path(month: str) -> str:
    return f"{LEARNING_DIR}/{month[:4]}/{month}.yaml"


def days_in(month: str) -> int:
    year, mon = int(month[:4]), int(month[5:7])
    return calendar.monthrange(year, mon)[1]


ENTRY_SCHEMA = Schema("a person's 学习强国 figures", {
    "registered": Field(Bool(), required=True),
    "login_days": Field(Number(minimum=0, integer=True), default=0),
    "year_points": Field(Number(minimum=0, integer=True), default=0),
    "row": Field(Number(minimum=1, integer=True)),
    "name": Field(Text()),
})

MONTH_SCHEMA = Schema("a 学习强国 monthly file", {
    "month": Field(Text(pattern=r"\d{4}-(0[1-9]|1[0-2])", hint="write the month as \"2026-10\""),
                   required=True),
    "days_in_month": Field(Number(minimum=28, integer=True), required=True),
    "source": Field(Text(), default=""),
    "imported": Field(Date()),
    "people": Field(MapOf(ENTRY_SCHEMA, key=Ref("person")), required=True),
})

_MONTH_FILE = re.compile(r"learning/(\d{4})/(\d{4})-(0[1-9]|1[0-2])\.yaml")


def _read_month(repo: Path, rel: str, config: Config) -> tuple[LearningMonth | None, list[Problem]]:
    problems: list[Problem] = []
    m = _MONTH_FILE.fullmatch(rel)
    if not m or m[1] != m[2]:
        return None, [Problem(rel, 1, 1, WARNING, msg("learn.not_a_month_file"))]
    month = f"{m[2]}-{m[3]}"
    text, problem = read_text(repo / rel, rel)
    if problem:
        return None, [problem]
    assert text is not None
    try:
        doc = load_yaml(text)
    except YamlProblem as exc:
        return None, [Problem(rel, exc.line, exc.col, ERROR, exc.message)]
    ctx = Ctx(rel, doc, problems, config.known())
    values = MONTH_SCHEMA.check(doc.value, (), ctx)
    problems.extend(marking_problems(rel, text, doc, fix=SECRET_VALUE_FIX))
    # Cross-field checks on the raw values, so they are reported even when a field is invalid.
    raw = doc.value if isinstance(doc.value, dict) else {}
    days = days_in(month)
    if isinstance(raw.get("month"), str) and re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", raw["month"].strip()) \
            and raw["month"].strip() != month:
        ctx.error(("month",), msg("learn.month_mismatch", month=raw['month'].strip(), named=month,
                                  path=month_path(raw['month'].strip())))
    if isinstance(raw.get("days_in_month"), int) and raw["days_in_month"] != days:
        ctx.error(("days_in_month",), msg("learn.days_in_month", month=month, days=days, value=raw['days_in_month']))
    for pid, e in (raw.get("people") or {}).items() if isinstance(raw.get("people"), dict) else []:
        login = e.get("login_days") if isinstance(e, dict) else None
        if isinstance(login, int) and not isinstance(login, bool) and login > days:
            ctx.error(("people", pid, "login_days"), msg("learn.login_over", pid=pid, login=login, days=days,
                                                         month=month))
    if values is INVALID or any(p.is_error for p in problems):
        return None, sort_problems(problems)
    entries = {pid: LearningEntry(pid, e["registered"], e["login_days"] or 0, e["year_points"] or 0,
                                  e.get("row"), e.get("name"))
               for pid, e in values["people"].items()}
    return LearningMonth(month, rel, values["days_in_month"], values.get("source") or "", values.get("imported"),
                         entries), sort_problems(problems)


def learning_files(repo: Path) -> list[str]:
    base = repo / LEARNING_DIR
    if not base.is_dir():
        return []
    return sorted(p.relative_to(repo).as_posix() for p in base.rglob("*") if p.is_file() and
                  not p.name.startswith("."))


def read_learning(repo: Path, config: Config) -> tuple[dict[str, LearningMonth], list[Problem]]:
    """Every valid monthly file by month ("2026-10"), and every problem of learning/."""
    months: dict[str, LearningMonth] = {}
    problems: list[Problem] = []
    for rel in learning_files(repo):
        if rel == ALIASES_FILE:
            problems += load_aliases(repo, config)[1]
            continue
        record, found = _read_month(repo, rel, config)
        problems += found
        if record is not None:
            months[record.month] = record
    return dict(sorted(months.items())), sort_problems(problems)


def load_learning(repo: Path, config: Config) -> dict[str, LearningMonth]:
    """The valid monthly files by month, oldest first (invalid files are left out; see check_learning)."""
    return read_learning(repo, config)[0]


def check_learning(repo: Path, config: Config) -> list[Problem]:
    """Problems of learning/ (monthly files and aliases.yaml), for ``bulletin check``."""
    return read_learning(repo, config)[1]


# --------------------------------------------------------------------------- import

@dataclass(frozen=True)
class ImportResult:
    month: str
    path: str                       # repository-relative path of the monthly file
    text: str                       # its content (empty when there are errors)
    record: LearningMonth | None
    problems: list[Problem]         # errors mean: nothing may be written
    absent: tuple[str, ...]         # person ids expected but not in the export (recorded unregistered)
    skipped: tuple[str, ...]        # export names mapped to ~ in the aliases

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def expected_people(config: Config) -> list[Person]:
    """People who should be on the platform: everyone of an active unit, in units.yaml order."""
    return [p for p in config.people.values()
            if p.unit is not None and p.unit in config.units and config.units[p.unit].active]


def _match(row: ExportRow, by_name: dict[str, list[Person]], aliases: Mapping[str, str | None],
           config: Config, out: _Cells) -> tuple[bool, str | None]:
    """(matched, person id): (True, None) means an alias says to skip the row."""
    if row.name in aliases:
        return True, aliases[row.name]
    candidates = by_name.get(row.name, [])
    if len(candidates) == 1:
        return True, candidates[0].id
    if len(candidates) > 1:
        org = normalize_name(row.org or "")

        def in_unit(p: Person) -> bool:
            unit = normalize_name(config.units[p.unit].name) if p.unit in config.units else ""
            return bool(org and unit) and (unit in org or org in unit)
        in_org = [p for p in candidates if in_unit(p)]
        if len(in_org) == 1:
            return True, in_org[0].id
        listed = [msg("learn.candidate", id=p.id,
                      name=config.units[p.unit].name if p.unit in config.units else msg("learn.no_unit"))
                  for p in candidates]
        out.error(row.row, row.name_col, msg("learn.several_people", name=row.name, listed=listed))
        return False, None
    hint = suggest(row.name, [normalize_name(p.name) for p in config.people.values()])
    if hint:
        out.error(row.row, row.name_col, msg("schema.unknown_ref", what=term("person"), value=row.name,
                                             suggestion=hint))
    else:
        out.error(row.row, row.name_col, msg("learn.unknown_person", name=row.name, aliases=ALIASES_FILE))
    return False, None


def prepare_import(repo: Path, config: Config, export_path: Path, month: str, *,
                   display: str | None = None, aliases_path: Path | None = None,
                   aliases_display: str | None = None, imported: dt.date | None = None) -> ImportResult:
    """Read, match and render one month's export without writing anything."""
    target = month_path(month)
    export = read_export(export_path, display)
    aliases, problems = load_aliases(repo, config, aliases_path, aliases_display)
    problems = problems + export.problems
    out = _Cells(export.display)
    days = days_in(month)
    by_name: dict[str, list[Person]] = {}
    for person in config.people.values():
        by_name.setdefault(normalize_name(person.name), []).append(person)
    entries: dict[str, LearningEntry] = {}
    first_row: dict[str, int] = {}
    skipped: list[str] = []
    for row in export.rows:
        matched, pid = _match(row, by_name, aliases, config, out)
        if not matched:
            continue
        if pid is None:
            skipped.append(row.name)
            continue
        if pid in entries:
            out.error(row.row, row.name_col, msg("learn.twice", name=row.name, pid=pid, row=first_row[pid]))
            continue
        if row.login_days is not None:
            login_days = row.login_days
            if login_days > days:
                out.error(row.row, row.cells["login_days"], msg("learn.days_over", login=login_days, month=month,
                                                                days=days))
                continue
        else:
            login_days = round((row.login_rate or Fraction(0)) * days)
        if not row.registered and (login_days or row.year_points):
            out.warning(row.row, row.cells.get("registered", row.name_col),
                        msg("learn.unregistered_active", name=row.name))
        person = config.people[pid]
        entries[pid] = LearningEntry(pid, row.registered, login_days, row.year_points, row.row,
                                     row.name if row.name != normalize_name(person.name) else None)
        first_row[pid] = row.row
    problems = sort_problems(problems + out.problems)
    if not export.rows and not any(p.is_error for p in problems):
        problems.append(Problem(export.display, 1, 1, ERROR, msg("learn.no_rows")))
    absent = [p.id for p in expected_people(config) if p.id not in entries]
    if any(p.is_error for p in problems):
        return ImportResult(month, target, "", None, problems, tuple(absent), tuple(skipped))
    order = {pid: i for i, pid in enumerate(config.people)}
    for pid in absent:
        entries[pid] = LearningEntry(pid, False, 0, 0, None, None)
    entries = dict(sorted(entries.items(), key=lambda kv: order[kv[0]]))
    record = LearningMonth(month, target, days, export_path.name, imported, entries)
    return ImportResult(month, target, render_month(record, config), record, problems, tuple(absent),
                        tuple(skipped))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_month(record: LearningMonth, config: Config) -> str:
    """The monthly file's YAML text: one line per person, comments naming the person and unit."""
    y, m = record.month.split("-")
    lines = [
        f"# 学习强国学习情况 {y}年{int(m)}月：由 bulletin learning import 从平台管理员导出生成。",
        "# 请勿手工修改；数据有误时修正导出文件后用 --replace 重新导入。",
        f"month: {_quote(record.month)}",
        f"days_in_month: {record.days_in_month}",
        f"source: {_quote(record.source)}",
    ]
    if record.imported is not None:
        lines.append(f"imported: {record.imported.isoformat()}")
    lines.append("people:")
    for pid, e in record.people.items():
        fields = [f"registered: {'true' if e.registered else 'false'}", f"login_days: {e.login_days}",
                  f"year_points: {e.year_points}"]
        if e.row is not None:
            fields.append(f"row: {e.row}")
        if e.name is not None:
            fields.append(f"name: {_quote(e.name)}")
        person = config.people.get(pid)
        unit = config.units.get(person.unit) if person and person.unit else None
        comment = " ".join(x for x in [person.name if person else "", unit.name if unit else "",
                                       "科级干部" if person and person.cadre else "",
                                       "（导出中无此人）" if e.row is None else ""] if x)
        lines.append(f"  {pid}: {{{', '.join(fields)}}}" + (f"   # {comment}" if comment else ""))
    return "\n".join(lines) + "\n"


def write_import(repo: Path, result: ImportResult, *, replace: bool = False) -> Path:
    """Write the monthly file atomically. Raises FileExistsError unless ``replace``."""
    if not result.ok or result.record is None:
        raise ValueError("an import with errors is never written")
    target = repo / result.path
    if target.exists() and not replace:
        raise FileExistsError(result.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(result.text, encoding="utf-8")
    tmp.replace(target)
    return target


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


__all__ = ["COLUMNS", "ExportRow", "Export", "read_export", "load_aliases", "LearningEntry", "LearningMonth",
           "read_learning", "load_learning", "check_learning", "ImportResult", "prepare_import", "write_import",
           "render_month", "CadreStanding", "LearningGroup", "LearningFigures", "figures_from", "learning_figures",
           "units_below_target", "figures_json", "figures_table", "shortfall_text", "below_target_text",
           "percent", "parse_month", "month_path", "expected_people", "TARGET_LABELS"]
