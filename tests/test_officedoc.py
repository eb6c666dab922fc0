"""Official documents of issued bulletins: the DOCX read back with python-docx, the XLSX with openpyxl,
and (where LibreOffice is installed) the PDF with its first page rendered to PNG."""
from __future__ import annotations

import io
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from gitbuilder import LI, SUN, ZHANG, ZHAO, GitRepo, approve_all, instance, submission
from recordkit import A, B, adoption, bulletin

from generator.documents.officedoc import bulletin_docx, bulletin_xlsx, soffice, to_pdf
from generator.periods import parse_period
from generator.read.bulletins import IssuedBulletin, load_issued


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """March issued; then a late adoption of March recorded; April issued carrying the correction."""
    r = instance(tmp_path_factory.mktemp("doc"))
    r.write(A, submission(adoptions=[adoption("zjt", "2026-03-20")]))
    r.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(r, A, date="2026-03-11 10:00 +0800")
    r.write(B, submission(title="安监站开展汛期安全检查", unit="anjian", authors=["sunba"],
                          adoptions=[adoption("cz-daily", "2026-03-25")]))
    r.commit("报送：B", by=SUN, date="2026-03-12 09:00 +0800")
    for who in (ZHAO, LI):
        r.approve(B, by=who, date="2026-03-13 10:00 +0800")   # sunba is the author and the head: not approved
    done = bulletin("issue", "2026-03", "--repo", str(r.path), "--as-of", "2026-04-03", "--date", "2026-04-03",
                    "--number", "武住建办〔2026〕12号")
    assert done.returncode == 0, done.stderr
    r.write(A, submission(adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]))
    r.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    done = bulletin("issue", "2026-04", "--repo", str(r.path), "--as-of", "2026-05-06", "--date", "2026-05-06")
    assert done.returncode == 0, done.stderr
    return r


def _text(doc: object) -> str:
    return "\n".join(p.text for p in doc.paragraphs)  # type: ignore[attr-defined]


def _table(doc: object, first_header: str, second_header: str) -> list[list[str]]:
    for t in doc.tables:  # type: ignore[attr-defined]
        rows = [[c.text for c in row.cells] for row in t.rows]
        if rows and rows[0][:2] == [first_header, second_header]:
            return rows
    raise AssertionError(f"no table {first_header}/{second_header}")


def test_docx_holds_the_issued_figures_in_the_official_layout(repo: GitRepo) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    march = load_issued(repo.path)[parse_period("2026-03")]
    doc = Document(io.BytesIO(bulletin_docx(march)))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert [round(x.mm) for x in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)] == \
        [37, 35, 28, 26]
    text = _text(doc)
    assert doc.paragraphs[0].text == "常州市武进区住房和城乡建设局办公室"          # 发文机关标志
    mark = doc.paragraphs[0].runs[0]
    assert str(mark.font.color.rgb) == "FF0000" and mark.font.size.pt == 36
    # The title in balanced lines (a line break after 月份), never a line of one character.
    assert "武住建办〔2026〕12号" in text and "关于2026年3月份\n信息宣传工作情况的通报" in text
    assert "一、总体情况" in text and "二、单位积分排名" in text and "2026年4月3日" in text
    # The unit ranking table holds the issued figures, row by row.
    rows = _table(doc, "排名", "单位")
    assert rows[0] == ["排名", "单位", "报送", "采用", "本期积分", "累计积分", "累计排名", "目标积分", "完成目标"]
    body = {r[1]: r for r in rows[1:]}
    for u in march.units:
        row = body[u["name"]]
        assert row[0] == str(u["rank"]) and row[2] == str(u["submitted"]) and row[3] == str(u["adopted"])
        assert float(row[4]) == u["points"] and float(row[5]) == u["cumulative"]
    assert body["建筑管理科"][4] == "20" and body["建筑管理科"][0] == "1"
    items = _table(doc, "序号", "稿件标题")
    assert items[1][1:4] == ["武进住建局开展农民工工资支付专项检查", "建筑管理科", "江苏省住房和城乡建设厅网站"]
    # 版记: the 印发 line.
    # 版记: the 印发 line, in the frame at the foot of the page (w:framePr).
    imprint = [p for p in doc.paragraphs if "印发" in p.text]
    assert [p.text for p in imprint] == ["常州市武进区住房和城乡建设局办公室\t2026年4月3日印发"]
    assert imprint[0]._p.pPr.find(qn("w:framePr")) is not None
    # The organisation one character in at the left, the date right-aligned one character in from the right
    # (GB/T 9704-2012 7.4.3): a right tab stop at the 版心's width less one 4号 character (tabs count from the
    # margin), the paragraph indented one character on either side.
    tabs = imprint[0]._p.pPr.findall(f"{qn('w:tabs')}/{qn('w:tab')}")
    assert [(t.get(qn("w:val")), int(t.get(qn("w:pos")))) for t in tabs] == [("right", round(156 / 25.4 * 1440) - 280)]
    pf = imprint[0].paragraph_format
    assert pf.left_indent.pt == pf.right_indent.pt == 14
    # The 落款's date: right-aligned, four characters in (7.3.5.2).
    date = next(p for p in doc.paragraphs if p.text == "2026年4月3日")
    assert date._p.pPr.find(qn("w:jc")).get(qn("w:val")) == "right" and date.paragraph_format.right_indent.pt == 64


def rank_changes(rec: IssuedBulletin) -> dict[str, str]:
    """名次变化 by unit name, from the record's own ranks and the ranks of the period it names."""
    before = rec.data["sections"]["previous"]["ranks"]
    out = {}
    for u in rec.units:
        old = before.get(u["unit"])
        out[u["name"]] = ("—" if old is None or old == u["rank"] else
                          f"↑{old - u['rank']}" if old > u["rank"] else f"↓{u['rank'] - old}")
    return out


def test_docx_unit_table_has_the_rank_change_only_against_a_comparable_period(repo: GitRepo) -> None:
    from docx import Document

    records = load_issued(repo.path)
    march, april = records[parse_period("2026-03")], records[parse_period("2026-04")]
    assert "sections" in april.data and april.data["sections"]["previous"]["period"] == "2026-03"
    rows = _table(Document(io.BytesIO(bulletin_docx(april))), "排名", "单位")
    assert rows[0] == ["排名", "单位", "报送", "采用", "本期积分", "累计积分", "累计排名", "名次变化", "目标积分",
                       "完成目标"]
    assert {r[1]: r[7] for r in rows[1:]} == rank_changes(april)
    assert any(r[7] != "—" for r in rows[1:])          # the late adoption moved someone
    # March's record names no earlier period: the column is absent, as on the issued page.
    assert march.data["sections"].get("previous") is None
    assert "名次变化" not in _table(Document(io.BytesIO(bulletin_docx(march))), "排名", "单位")[0]


def test_next_docx_carries_the_correction(repo: GitRepo) -> None:
    from docx import Document

    april = load_issued(repo.path)[parse_period("2026-04")]
    doc = Document(io.BytesIO(bulletin_docx(april)))
    assert "更正" in _text(doc)
    rows = _table(doc, "原通报", "对象")
    points = next(r for r in rows if r[1] == "单位：建筑管理科" and r[2] == "本期积分")
    assert points[0] == "武住建办〔2026〕12号" and points[3:5] == ["20", "30"]
    assert "记录采用：A（常州日报）" in points[5] and "2026-04-10" in points[5]


def test_xlsx_one_sheet_per_table(repo: GitRepo) -> None:
    from openpyxl import load_workbook

    april = load_issued(repo.path)[parse_period("2026-04")]
    wb = load_workbook(io.BytesIO(bulletin_xlsx(april)))
    assert wb.sheetnames[:7] == ["单位排名", "个人排名", "稿件采用", "分级统计", "分类统计", "得分明细", "更正"]
    assert {"分级分类采用", "采用率"} <= set(wb.sheetnames)       # the record's sections (sections.py)
    ws = wb["单位排名"]
    assert ws["A1"].value == "关于2026年4月份信息宣传工作情况的通报——单位排名"
    # The columns of the site's ranking downloads (workbook.py): names, not ids.
    # April compares with March (名次变化 after 累计排名, as on the issued page).
    assert [c.value for c in ws[3]] == ["排名", "单位", "本期积分", "累计积分", "累计排名", "名次变化", "报送",
                                        "采用", "目标（按月折算）", "完成目标"]
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    for u in april.units:
        assert rows[u["name"]][2] == u["points"] and rows[u["name"]][3] == u["cumulative"]
    assert {name: r[5] for name, r in rows.items()} == rank_changes(april)
    # March, the first period with anything in it, compares with nothing: no such column.
    march = load_issued(repo.path)[parse_period("2026-03")]
    assert "名次变化" not in [c.value for c in load_workbook(io.BytesIO(bulletin_xlsx(march)))["单位排名"][3]]
    assert rows["建筑管理科"][3] == 30.0            # cumulative to April includes the late adoption
    assert f"数据截至：{april.as_of}" in ws["A2"].value and "统计期间：2026-04-01至2026-04-30" in ws["A2"].value
    assert ws.freeze_panes == "A4" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    fix = wb["更正"]
    assert any(r[2] == "本期积分" and r[3] == "20" and r[4] == "30" for r in fix.iter_rows(min_row=4, values_only=True))


def test_document_command_writes_the_files(repo: GitRepo, tmp_path: Path) -> None:
    out = bulletin("document", "2026-03", "--repo", str(repo.path), "--docx", str(tmp_path / "a.docx"),
                   "--xlsx", str(tmp_path / "a.xlsx"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "a.docx").read_bytes()[:2] == b"PK" and (tmp_path / "a.xlsx").read_bytes()[:2] == b"PK"
    missing = bulletin("document", "2026-07", "--repo", str(repo.path), "--docx", str(tmp_path / "b.docx"))
    assert missing.returncode == 1 and "has not been issued" in missing.stderr


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_first_page_renders(repo: GitRepo, tmp_path: Path) -> None:
    march = load_issued(repo.path)[parse_period("2026-03")]
    pdf = to_pdf(bulletin_docx(march))
    assert pdf is not None and pdf[:5] == b"%PDF-"
    (tmp_path / "b.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "b.pdf"),
                    str(tmp_path / "page1")], check=True)
    png = (tmp_path / "page1.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert abs(height / width - 297 / 210) < 0.02      # an A4 page
    text = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(tmp_path / "b.pdf"), "-"], capture_output=True,
                          text=True).stdout
    assert "常州市武进区住房和城乡建设局办公室" in text.replace(" ", "") and "〔2026〕12" in text


def test_documents_are_a_function_of_their_content(repo: GitRepo) -> None:
    """The same bulletin written twice, seconds apart, gives the same bytes (no time of saving inside)."""
    import zipfile

    from openpyxl import load_workbook

    march = load_issued(repo.path)[parse_period("2026-03")]
    first = bulletin_docx(march), bulletin_xlsx(march)
    time.sleep(2.1)                     # a ZIP entry's time counts in steps of two seconds
    second = bulletin_docx(march), bulletin_xlsx(march)
    assert first == second
    for data in first:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    book = load_workbook(io.BytesIO(first[1]))
    assert book.properties.created == book.properties.modified
    assert str(book.properties.created.date()) == str(march.issued)
    from docx import Document
    props = Document(io.BytesIO(first[0])).core_properties
    assert props.created == props.modified and str(props.created.date()) == str(march.issued)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_the_pdf_is_a_function_of_its_document(repo: GitRepo) -> None:
    from generator.documents.officedoc import to_pdfs

    march = load_issued(repo.path)[parse_period("2026-03")]
    docx = bulletin_docx(march)
    one = to_pdf(docx)
    time.sleep(1.1)                     # a PDF's creation time counts in seconds
    two = to_pdfs([docx])
    assert one is not None and two is not None and [one] == two
    assert f"/CreationDate(D:{march.issued:%Y%m%d}000000".encode() in one
