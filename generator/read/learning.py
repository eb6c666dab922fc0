"""学习强国 monthly records (learning/YYYY/YYYY-MM.yaml): reading and checking them, and learning/aliases.yaml."""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import WARNING, Problem, sort_problems
from ..messages import msg
from ..periods import Period, parse_period
from .config import Config
from .safety import SECRET_VALUE_FIX, marking_problems
from .schema import (
    INVALID,
    Bool,
    Ctx,
    Date,
    Field,
    MapOf,
    Number,
    Ref,
    Schema,
    Text,
    Type,
)
from .textfile import read_yaml

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
    read = read_yaml(path, display)
    if isinstance(read, Problem):
        return {}, [read]
    text, doc = read
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
    read = read_yaml(repo / rel, rel)
    if isinstance(read, Problem):
        return None, [read]
    text, doc = read
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
