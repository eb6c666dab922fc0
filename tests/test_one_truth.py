"""One truth on every page: an issued period shows its bulletin's figures, and a 更正 note where the
repository now gives them differently; a period with no bulletin says it is provisional.

A real repository, the real `bulletin issue` and `bulletin build` (mkdocs), and a real Chromium.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import pytest
from gitbuilder import LI, SUN, XU, ZHANG, ZHAO, approve_all, instance, submission
from recordkit import A, B, adoption, bulletin
from sitekit import browser, run_build, serve


def _text(page: Path) -> str:
    """The visible text of a built page's article, one table row per line, cells separated by |."""
    raw = page.read_text(encoding="utf-8")
    raw = raw[raw.find("<article"):raw.find("</article>")]
    raw = re.sub(r"<(script|style|svg).*?</\1>", "", raw, flags=re.S)
    raw = re.sub(r"\s+", " ", raw)
    raw = re.sub(r"</t[dh]>", " |", raw)
    raw = re.sub(r"</(tr|li|p|h\d|div)>", "\n", raw)
    raw = html.unescape(re.sub(r"<[^>]+>", "", raw))
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in raw.splitlines() if line.strip())


@pytest.fixture(scope="module")
def issued_then_changed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """March and Q1 issued on 3 April; on 10 April a late adoption (dated 28 March) changes March."""
    root = tmp_path_factory.mktemp("truth")
    repo = instance(root / "r")
    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20")]))
    repo.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.write(B, submission(title="质监站稿件", unit="zhijian", authors=["sunba"],
                             adoptions=[adoption("cz-daily", "2026-03-18")]))
    repo.commit("报送：B", by=SUN, date="2026-03-12 09:00 +0800")
    approve_all(repo, B, date="2026-03-13 10:00 +0800", reviewers=[XU, ZHAO, LI])
    for period, number in (("2026-03", "武住建办〔2026〕12号"), ("2026-Q1", "武住建办〔2026〕13号")):
        done = bulletin("issue", period, "--as-of", "2026-04-03", "--date", "2026-04-03", "--number", number,
                        "--repo", str(repo.path))
        assert done.returncode == 0, done.stderr
    repo.commit("印发：3月份和第一季度通报", by=ZHAO, date="2026-04-03 17:00 +0800")
    records = {p: json.loads((repo.path / "bulletins" / f"{p}.json").read_text(encoding="utf-8"))
               for p in ("2026-03", "2026-Q1")}
    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]))
    late = repo.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    site = root / "site"
    run_build(repo.path, site, "--as-of", "2026-04-20")
    return {"site": site, "records": records, "late": late}


def _unit(record: dict, uid: str) -> dict:
    return next(u for u in record["scores"]["units"] if u["unit"] == uid)


def test_the_issued_record_before_the_change(issued_then_changed: dict) -> None:
    march = issued_then_changed["records"]["2026-03"]
    assert (_unit(march, "jianguan")["points"], _unit(march, "jianguan")["rank"]) == (20.0, 1)
    assert (_unit(march, "zhijian")["points"], _unit(march, "zhijian")["rank"]) == (10.0, 2)


def test_home_box_shows_the_issued_figures_with_the_correction_note(issued_then_changed: dict) -> None:
    site, late = issued_then_changed["site"], issued_then_changed["late"]
    home = _text(site / "index.html")
    # The latest finished period is the first quarter, issued as 13号: its figures, not today's.
    assert "最新通报：关于2026年第一季度信息宣传工作情况的通报 武住建办〔2026〕13号" in home
    assert "排名 1：建筑管理科（20〔更正1〕）" in home
    assert "排名 2：质监站（10）" in home
    assert (f"〔更正1〕 建筑管理科 本期积分：通报为 20，现为 30。原因：记录采用：A（常州日报）（提交 {late[:8]}，"
            "2026-04-10 起）。下一期通报将予以更正。") in home
    # The live ranking of the current quarter says it is provisional.
    assert "临时统计：本期通报尚未印发，数据截至 2026-04-20，随仓库变化，以正式印发的通报为准。" in home


def test_ranking_page_and_downloads_of_an_issued_period_agree_with_the_record(issued_then_changed: dict) -> None:
    site, late = issued_then_changed["site"], issued_then_changed["late"]
    page = _text(site / "rankings" / "2026-03.html")
    assert "本页数字为已印发通报（武住建办〔2026〕12号，2026-04-03 印发，数据截至 2026-04-03）的数字" in page
    assert "1 | 建筑管理科 | 20〔更正1〕 | 20〔更正2〕 | 1 |" in page
    assert "2 | 质监站 | 10 | 10 | 2 |" in page
    assert (f"〔更正1〕 建筑管理科 本期积分：通报为 20，现为 30。原因：记录采用：A（常州日报）（提交 {late[:8]}，"
            "2026-04-10 起）。下一期通报将予以更正。") in page
    assert "〔更正2〕 建筑管理科 累计积分：通报为 20，现为 30。" in page
    # The CSV download: the issued figures, integers without .0, and the same notes.
    rows = list(csv.reader(io.StringIO((site / "downloads" / "rankings-2026-03.csv").read_text(encoding="utf-8-sig"))))
    assert ["1", "建筑管理科", "20", "20", "1", "1", "1", "50", "否"] in rows
    assert rows[1][0].endswith("数据截至：2026-04-03")
    assert [f"〔更正1〕建筑管理科 本期积分：通报为 20，现为 30。原因：记录采用：A（常州日报）（提交 {late[:8]}，"
            "2026-04-10 起）。下一期通报将予以更正。"] in rows
    # The Excel download too.
    from openpyxl import load_workbook

    wb = load_workbook(site / "downloads" / "rankings-2026-03.xlsx")
    first = [c.value for c in wb["单位排名"][4]]
    assert first[:3] == [1, "建筑管理科", 20] and wb["单位排名"]["A2"].value.endswith("数据截至：2026-04-03")
    assert any("〔更正1〕建筑管理科 本期积分：通报为 20，现为 30" in str(r[0].value) for r in wb["更正"].iter_rows())
    # A period with no bulletin says so.
    april = _text(site / "rankings" / "2026-04.html")
    assert "临时统计：本期通报尚未印发，数据截至 2026-04-20，随仓库变化，以正式印发的通报为准。" in april


def test_unit_page_shows_issued_months_with_their_numbers_and_notes(issued_then_changed: dict) -> None:
    site, late = issued_then_changed["site"], issued_then_changed["late"]
    page = _text(site / "units" / "jianguan.html")
    assert "2026-03 | 20〔更正2〕 | 1 | 武住建办〔2026〕12号 |" in page
    assert "2026-04 | 30 | 1 | 临时统计 |" in page
    assert (f"〔更正2〕 2026-03：建筑管理科 累计积分：通报为 20，现为 30。原因：记录采用：A（常州日报）（提交 {late[:8]}，"
            "2026-04-10 起）。下一期通报将予以更正。") in page


def test_the_issued_bulletin_page_marks_the_figure_and_a_person_sees_the_note(issued_then_changed: dict) -> None:
    site = issued_then_changed["site"]
    assert "1 | 建筑管理科 | 20〔更正1〕 |" in _text(site / "bulletins" / "2026-03.html")
    with serve(site) as base, browser() as b:
        page = b.new_page()
        page.goto(base + "rankings/2026-03.html")
        note = page.get_by_text("建筑管理科 本期积分：通报为 20，现为 30", exact=False)
        assert note.first.is_visible()
        cell = page.locator("td", has_text="20〔更正1〕")
        assert cell.first.is_visible()
        page.close()
