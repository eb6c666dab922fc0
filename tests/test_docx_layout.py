"""The official document of every bulletin of the sample, printed to PDF by LibreOffice, checked for the
layout of GB/T 9704: title lines, captions with their tables, numbering, header cells, 落款 and 版记."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pdflayout import layout_problems, pdf_lines
from sitekit import ROOT

from generator.documents.officedoc import bulletin_docx, column_widths, soffice, title_lines, to_pdfs
from generator.read.bulletins import load_issued

pytestmark = pytest.mark.slow


def test_title_lines_are_balanced_and_never_one_character() -> None:
    assert title_lines("关于2026年7月份信息宣传工作情况的通报") == ["关于2026年7月份", "信息宣传工作情况的通报"]
    assert title_lines("关于2026年第三季度信息宣传工作情况的通报") == ["关于2026年第三季度", "信息宣传工作情况的通报"]
    assert title_lines("关于2026年度信息宣传工作情况暨表彰先进单位和个人的通报") == \
        ["关于2026年度信息宣传工作情况暨", "表彰先进单位和个人的通报"]
    assert title_lines("短标题的通报") == ["短标题的通报"]
    long = "关于" + "某某" * 30 + "的通报"
    assert all(len(x) >= 2 for x in title_lines(long)) and "".join(title_lines(long)) == long


def test_column_widths_keep_headers_and_short_values_whole() -> None:
    header = ["排名", "单位", "报送", "采用", "本期积分", "累计积分", "累计排名", "目标积分", "完成目标"]
    widths = column_widths([header, ["10", "住房保障和房产管理中心", "2", "2", "60", "97", "3", "91.67", "是"]],
                           [1.1, 3.4, 1.1, 1.1, 1.5, 1.5, 1.5, 1.5, 1.5], 10.5)
    assert abs(sum(widths) - 156) < 0.01
    em = 10.5 / 72 * 25.4
    assert all(w >= len(h) * em + 3.8 for w, h in zip(widths, header, strict=True))


def test_the_ten_column_unit_table_keeps_its_headers_whole_in_small_type() -> None:
    """With 名次变化 the unit table has ten columns: at 五号 with Word's 1.9 mm cell margins the headers alone
    would need more than the 156 mm 版心; at 小五 with 0.8 mm margins they fit and the unit name keeps room."""
    header = ["排名", "单位", "报送", "采用", "本期积分", "累计积分", "累计排名", "名次变化", "目标积分", "完成目标"]
    row = ["10", "住房保障和房产管理中心", "2", "2", "60", "97", "3", "↑5", "91.67", "是"]
    shares = [1.1, 3.4, 1.1, 1.1, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5]
    crowded = column_widths([header, row], shares, 10.5)
    assert sum(crowded) > 160                                # wider than the 版心, the name at its header's width
    widths = column_widths([header, row], shares, 9, margin_mm=0.8)
    assert abs(sum(widths) - 156) < 0.01 and widths[1] > 25
    em = 9 / 72 * 25.4
    assert all(w >= len(h) * em + 1.6 for w, h in zip(widths, header, strict=True))


def test_every_sample_bulletin_passes_the_layout_checks(tmp_path: Path) -> None:
    from docx import Document

    if soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler-utils is not installed (.ci/run installs them)")
    records = load_issued(ROOT)
    assert len(records) >= 10
    docs = {p: bulletin_docx(rec) for p, rec in sorted(records.items())}
    pdfs = to_pdfs(list(docs.values()))
    assert pdfs is not None
    problems = {}
    for (period, docx), pdf in zip(docs.items(), pdfs, strict=True):
        path = tmp_path / f"{period.label}.pdf"
        path.write_bytes(pdf)
        doc = Document(io.BytesIO(docx))
        headers = [[c.text for c in t.rows[0].cells] for t in doc.tables]
        rec = records[period]
        found = layout_problems(path, rec.title, rec.issuer, headers)
        if found:
            problems[period.label] = found
    assert problems == {}
    # The checks can fail: a table the PDF does not show, a title it does not hold, a 落款 by someone else.
    first = sorted(records)[0]
    path, rec = tmp_path / f"{first.label}.pdf", records[first]
    headers = [[c.text for c in t.rows[0].cells] for t in Document(io.BytesIO(docs[first])).tables]
    assert any(ln.text.endswith("印发") for ln in pdf_lines(path))
    assert layout_problems(path, rec.title, rec.issuer, headers + [["序号"]]) == [
        f"{len(headers)} captions for {len(headers) + 1} tables"]
    assert layout_problems(path, rec.title + "（草稿）", "某单位", headers) == [
        f"title {rec.title + '（草稿）'!r} not found on page 1", "no 落款 (issuer above a date) found"]
