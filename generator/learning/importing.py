"""Matching an export's names to people and writing the normalized monthly file (atomically)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from ..errors import ERROR, BulletinError, Problem, sort_problems, suggest
from ..messages import msg, term
from ..read.config import Config, Person
from ..read.learning import (
    ALIASES_FILE,
    LearningEntry,
    LearningMonth,
    days_in,
    load_aliases,
    month_path,
    normalize_name,
)
from .exports import ExportRow, _Cells, read_export

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
    """Write the monthly file atomically; an existing one is replaced only with ``replace``."""
    if not result.ok or result.record is None:
        raise BulletinError("an import with errors is never written", path=result.path)
    target = repo / result.path
    if target.exists() and not replace:
        raise BulletinError(f"{result.path} already exists: add --replace to import the month again",
                            path=result.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(result.text, encoding="utf-8")
    tmp.replace(target)
    return target
