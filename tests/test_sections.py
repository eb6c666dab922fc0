"""Complete bulletins of record: the sections of the provisional page, frozen at issue time and shown on the
issued page, in the DOCX, the XLSX and the PDF; records issued before them still load and render.

The sample is cloned, its 2026-Q3 bulletin re-issued with --supersede (the old revision is kept and keeps
verifying), and the clone's site built with the real commands.
"""
from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pdflayout import Line, layout_problems, pdf_lines
from recordkit import bulletin
from sitekit import ROOT, run_build

from generator.periods import parse_period
from generator.read.bulletins import check_record, load_issued, load_records, record_text

AS_OF = "2026-11-22"


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "units.yaml").is_file() or not (ROOT / "bulletins" / "2026-Q3.json").is_file():
        pytest.skip("no sample instance at the repository root")
    path = tmp_path_factory.mktemp("sample") / "sample"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(path)], check=True)
    proc = bulletin("issue", "2026-Q3", "--repo", str(path), "--supersede", "--reason", "补充约稿、批示、舆情等章节",
                    "--as-of", "2026-10-12", "--date", AS_OF, "--number", "武住建办〔2026〕70号")
    assert proc.returncode == 0, proc.stderr
    subprocess.run(["git", "-C", str(path), "add", "bulletins"], check=True)
    subprocess.run(["git", "-C", str(path), "-c", "user.name=徐静", "-c", "user.email=xujing@wj.gov.cn", "commit",
                    "-q", "-m", "印发：关于2026年第三季度信息宣传工作情况的通报"], check=True)
    return path


def _record(path: Path, name: str = "2026-Q3.json") -> dict:  # type: ignore[type-arg]
    return json.loads((path / "bulletins" / name).read_text(encoding="utf-8"))


def test_the_record_holds_every_section_of_the_provisional_page(clone: Path) -> None:
    s = _record(clone)["sections"]
    assert s["version"] == 1
    sol = next(x for x in s["solicitations"] if x["id"] == "2026-008")
    assert {u["name"]: u["state"] for u in sol["units"]} == {"城建科": "on_time", "村镇建设科": "missed",
                                                              "房屋征收服务中心": "on_time"}
    assert [(x["title"], x["by"], x["level_name"]) for x in s["instructions"]] == [
        ("武进住建局连夜巡查在建工地应对强降雨", "武进区委主要领导", "区县级")]
    # Both reasons when the report and the reply were late.
    wage = next(x for x in s["opinions_late"] if x["title"] == "短视频称某工地拖欠农民工工资")
    assert wage["reasons"] == ["report_late", "reply_late"] and wage["names"] == ["建筑管理科"]
    assert {p["topic"] for p in s["overdue_plans"]} >= {"商品房交付质量提升"}
    assert "学习强国未达目标的单位" in s["learning"]["text"]
    assert s["urgent_late"] == [] and s["backflow"] == []
    # Level x category: every adoption counted once, the rows summing to the record's totals.
    record = _record(clone)
    counts = s["adoptions_by_level_category"]["counts"]
    assert sum(map(sum, counts)) == record["totals"]["adoptions"] == 19
    by_level = {r["level"]: r["adoptions"] for r in record["totals"]["by_level"]}
    assert [sum(row) for row in counts] == [by_level[lv] for lv in s["adoptions_by_level_category"]["levels"]]
    rates = {r["name"]: r for r in s["adoption_rates"]}
    assert (rates["城建科"]["submitted"], rates["城建科"]["adopted"]) == (3, 2) and rates["城建档案馆"]["rate"] is None
    assert s["previous"]["period"] == "2026-Q2"


def test_old_records_still_verify_and_load_without_sections(clone: Path) -> None:
    records = load_records(clone)
    assert records.errors == []
    q3 = records.revisions(parse_period("2026-Q3"))
    assert [r.revision for r in q3] == [1, 2] and "sections" not in q3[0].data and "sections" in q3[1].data
    # The first revision is the sample's committed record, byte for byte, marked superseded.
    old = _record(clone, "2026-Q3.r1.json")
    committed = json.loads((ROOT / "bulletins" / "2026-Q3.json").read_text(encoding="utf-8"))
    assert old["digest"] == committed["digest"] and old["superseded"]["by_revision"] == 2
    assert bulletin("issued", "--repo", str(clone)).returncode == 0
    # A malformed sections object is an error at its line and column, not a traceback.
    data = _record(clone)
    data["sections"]["solicitations"] = {"x": []}
    rec, problems = check_record("bulletins/2026-Q3.json", record_text(data))
    assert rec is None and problems and "sections.solicitations" in problems[0].message
    assert problems[0].line > 1


def test_documents_hold_the_sections(clone: Path, tmp_path: Path) -> None:
    from docx import Document
    from openpyxl import load_workbook

    docx, xlsx, pdf = tmp_path / "q3.docx", tmp_path / "q3.xlsx", tmp_path / "q3.pdf"
    args = ["document", "2026-Q3", "--repo", str(clone), "--docx", str(docx), "--xlsx", str(xlsx)]
    with_pdf = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None
    proc = bulletin(*args, *(["--pdf", str(pdf)] if with_pdf else []))
    assert proc.returncode == 0, proc.stderr
    doc = Document(io.BytesIO(docx.read_bytes()))
    headings = [p.text for p in doc.paragraphs if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    for title in ("分级分类采用情况", "各单位采用率", "约稿报送情况", "领导批示", "紧急信息迟报和信息倒流",
                  "宣传计划逾期未报送", "舆情处置超时", "学习强国"):
        assert any(h.endswith("、" + title) for h in headings), (title, headings)
    assert "十二、舆情处置超时" in headings and "十三、学习强国" in headings
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "对未按时报送约稿的单位予以通报：未报送：村镇建设科。" in text
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "报送超时（24.3小时）；回复超时（5天）" in cells and "66.7%" in cells
    wb = load_workbook(xlsx)
    assert {"分级分类采用", "采用率", "约稿", "领导批示", "计划逾期", "舆情超时"} <= set(wb.sheetnames)
    # 名次变化 against 2026-Q2, the comparable period the record names: in the DOCX unit table and the sheet.
    record = _record(clone)
    before = record["sections"]["previous"]["ranks"]
    expected = {}
    for u in load_issued(clone)[parse_period("2026-Q3")].units:
        old = before.get(u["unit"])
        expected[u["name"]] = ("—" if old is None or old == u["rank"] else
                               f"↑{old - u['rank']}" if old > u["rank"] else f"↓{u['rank'] - old}")
    assert any(v != "—" for v in expected.values())
    units = next(t for t in doc.tables if t.rows[0].cells[0].text == "排名" and t.rows[0].cells[1].text == "单位")
    assert [c.text for c in units.rows[0].cells][6:8] == ["累计排名", "名次变化"]
    assert {row.cells[1].text: row.cells[7].text for row in units.rows[1:]} == expected
    sheet = [list(r) for r in wb["单位排名"].iter_rows(min_row=3, values_only=True)]
    assert sheet[0][4:6] == ["累计排名", "名次变化"] and {r[1]: r[5] for r in sheet[1:]} == expected
    if with_pdf:
        headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
        assert layout_problems(pdf, record["title"], record["issuer"], headers) == []
        lines = pdf_lines(pdf)

        def row_of(cell: Line) -> str:        # the cells of a table row are lines at one height
            return "".join(ln.text for ln in lines if ln.page == cell.page and abs(ln.y0 - cell.y0) < 3)

        assert any(row_of(ln) == "排名单位报送采用本期积分累计积分累计排名名次变化目标积分完成目标" for ln in lines)
        # The 版记's 印发 line: the organisation one character in from the 版心's left edge (28 mm), the date
        # ending one character in from its right edge (28 + 156 mm), 4号 (14 pt) characters.
        left, right = 28 / 25.4 * 72, (28 + 156) / 25.4 * 72
        org = [ln for ln in lines if ln.text == record["issuer"]][-1]
        day = next(ln for ln in lines if ln.text.endswith("印发"))
        assert day.text == "2026年11月22日印发" and abs(day.y0 - org.y0) < 3
        assert abs(org.x0 - (left + 14)) < 2 and abs(day.x1 - (right - 14)) < 2, (org, day)
        moved = min((name for name, v in expected.items() if v != "—"), key=len)     # a name on one line
        assert any(ln.text == moved and expected[moved] in row_of(ln) for ln in lines), moved


def test_the_site_shows_the_sections_and_old_records_as_they_are(clone: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_build(clone, site, "--as-of", AS_OF)
    q3 = (site / "bulletins" / "2026-q3.html").read_text(encoding="utf-8")
    for title in ("五、分级分类采用情况", "六、各单位采用率", "七、约稿报送情况", "八、领导批示", "十一、舆情处置超时",
                  "十二、学习强国"):
        assert title in q3, title
    assert 'data-label="超时情形"' in q3 and "报送超时（24.3小时）；回复超时（5天）" in q3
    assert "武住建办〔2026〕70号" in q3 and "武住建办〔2026〕53号" in q3     # the superseded revision listed
    # A record issued before sections existed shows what it holds, nothing more.
    july = (site / "bulletins" / "2026-07.html").read_text(encoding="utf-8")
    assert "武住建办〔2026〕40号" in july and "约稿报送情况" not in july and "分级分类采用情况" not in july
    # 名次变化 of the first year compares with nothing: no arrows at all.
    year = (site / "bulletins" / "2026.html").read_text(encoding="utf-8")
    table = year.split("<table", 1)[1].split("</table>", 1)[0]
    assert "↓" not in table and "↑" not in table and "名次变化" in table


def test_the_english_site_shows_the_sections_in_english_and_the_documents_stay_chinese(clone: Path,
                                                                                       tmp_path: Path) -> None:
    site = tmp_path / "site-en"
    run_build(clone, site, "--as-of", AS_OF, "--lang", "en")
    q3 = html.unescape((site / "bulletins" / "2026-q3.html").read_text(encoding="utf-8"))
    for heading in ("五、Adoptions by level and category", "六、Adoption rate by unit", "七、Solicitation compliance",
                    "八、Leaders' instructions", "九、Late urgent reports and backflow",
                    "十、Planned topics overdue", "十一、Late opinion handling", "十二、Xuexi Qiangguo"):
        assert heading in q3, heading
    # Table headers, captions and fixed sentences in English; names and titles from the repository as they are.
    for label in ("Solicitation", "On time", "Missed", "Not yet due", "Rate", "Opinion", "Found", "Late", "Topic",
                  "Time node", "Level", "By"):
        assert f"<th>{label}</th>" in q3 or f'<th style="text-align: right;">{label}</th>' in q3, label
    assert "Adoption rate by unit, 2026 Q3" in q3 and "Adoptions by level and category, 2026 Q3" in q3
    assert "The adoption rate is the number of items adopted" in q3
    assert "Units that did not answer a solicitation on time: missed: 村镇建设科." in q3
    assert "No late urgent reports and no backflow in 2026 Q3." in q3
    assert "reported late (24.3 hours); replied late (5 days)" in q3 and "短视频称某工地拖欠农民工工资" in q3
    assert "To all units and offices: the information and publicity work of 2026 Q3." in q3
    for chinese in ("分级分类采用情况", "各单位采用率", "约稿报送情况", "紧急信息迟报", "宣传计划逾期未报送", "舆情处置超时",
                    "超时情形", "采用率为", "予以通报", "合计", "按时报送", "报送超时", "各单位、各科室", "时间节点"):
        assert chinese not in q3, chinese
    # A corrected 完成目标 (false, then true) reads no / yes, the figure by its English name.
    fixes = q3.rsplit("<table", 1)[1].split("</table>", 1)[0]          # the last table: 更正
    row = next(r for r in fixes.split("<tr") if "建设工程质量安全监督站" in r and "target met" in r)
    cells = [c.split(">", 1)[1].split("</td>", 1)[0] for c in row.split("<td")[1:]]
    assert cells[3:5] == ["no", "yes"], cells
    assert "是" not in fixes and "否" not in fixes
    # The official documents of the same build stay Chinese (docs/development.md).
    from docx import Document

    docx = next((site / "downloads" / "bulletins").glob("2026-q3.docx"))
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.read_bytes())).paragraphs)
    assert "分级分类采用情况" in text and "对未按时报送约稿的单位予以通报：未报送：村镇建设科。" in text
    assert "Adoption rate" not in text and "Solicitation" not in text
