"""Classified and protective markings, however disguised and wherever they are written.

One table row per hostile text in one place of the small valid instance of
checkkit.py (a real git repository): the exact output of the real `bulletin
check`. test_markings_site.py sends a corpus of the same kind through a real
build and every export.
"""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from checkkit import EVIDENCE_PATH, SUBMISSION_MD, commit_all
from test_check import (  # noqa: F401
    BODY,
    CLASSIFIED,
    EVIDENCE,
    SOL,
    SUB,
    TITLE,
    Case,
    apply,
    check,
    edit,
    err,
    repo,
    scoring,
    sol,
    sub,
    summary,
    template,
    units,
)

VALUE = ("material marked secret must never be submitted here; remove it and report it through the "
         "confidential channel")
NAMED = "names this evidence and is left out"


def marking(path: str, line: int, col: int, shown: str, fix: str = CLASSIFIED) -> str:
    return err(path, line, col, f"classified marking '{shown}': {fix}")


def body(text: str) -> dict[str, str | bytes | None]:
    """The base submission with ``text`` at line 17, column 3."""
    return sub(BODY, "检查" + text + "覆盖项目20个。")


def evidence(name: str, content: bytes) -> dict[str, str | bytes | None]:
    """The base submission's adoption proved by the file ``name`` with ``content``."""
    return {**sub(EVIDENCE, f"evidence: {name}"), name: content, EVIDENCE_PATH: None}


def docx(*paragraphs: str, header: str = "") -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx(*rows: list[str]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ev(name: str, line: int, col: int, shown: str, where: str = "") -> str:
    return err(name, line, col, f"classified marking '{shown}'{where}: {CLASSIFIED}; {SUB} {NAMED}")


TXT = "evidence/2026/03/稿费单说明.txt"
DOCX = "evidence/2026/03/采用通知.docx"
XLSX = "evidence/2026/03/采用统计.xlsx"
RENAMED = "submissions/2026/03/機密★通知.md"
LEARNING = "learning/2026/2026-03.yaml"
LEARNING_COL = len("  zhangsan: {registered: true, login_days: 20, year_points: 1000, name: 張三 ") + 1

# ------------------------------------------------------------------------------------------ the corpus
MARKED = [
    # ---- invisible and filler code points, in the title (value at line 2, column 8)
    Case("title-emoji-variation-selector", sub(TITLE, "title: 秘\ufe0f密★一年武进住建局"),
         [marking(SUB, 2, 8, "秘密★")]),
    Case("title-mongolian-variation-selector", sub(TITLE, "title: 机\u180b密★武进住建局"),
         [marking(SUB, 2, 8, "机密★")]),
    Case("title-variation-selector-supplement", sub(TITLE, "title: 绝\U000E0100密★武进住建局"),
         [marking(SUB, 2, 8, "绝密★")]),
    Case("title-hangul-filler", sub(TITLE, "title: 秘\u3164密★武进住建局"), [marking(SUB, 2, 8, "秘密★")]),
    Case("title-halfwidth-hangul-filler", sub(TITLE, "title: 秘\uffa0密★武进住建局"),
         [marking(SUB, 2, 8, "秘密★")]),
    Case("title-combining-mark", sub(TITLE, "title: 机\u0301密★武进住建局"), [marking(SUB, 2, 8, "机密★")]),
    # ---- traditional and variant characters
    Case("title-traditional-jimi", sub(TITLE, "title: 機密★武進住建局"), [marking(SUB, 2, 8, "机密★")]),
    Case("title-traditional-juemi", sub(TITLE, "title: 絕密★武進住建局"), [marking(SUB, 2, 8, "绝密★")]),
    Case("title-variant-mimi", sub(TITLE, "title: 祕密★武進住建局"), [marking(SUB, 2, 8, "秘密★")]),
    Case("body-traditional-level-word", body("機密級"), [marking(SUB, 17, 3, "机密级")]),
    # ---- other star glyphs
    *[Case(f"body-star-{ord(s):04x}", body(f"秘密{s}一年"), [marking(SUB, 17, 3, f"秘密{s}")])
      for s in "✦⋆✱✪"],
    # ---- Markdown, HTML and punctuation between the characters
    Case("body-bold", body("秘**密**★"), [marking(SUB, 17, 3, "秘密★")]),
    Case("body-link", body("[机](x)密★"), [marking(SUB, 17, 4, "机密★")]),
    Case("body-long-comment", body("绝<!--" + "注释" * 200 + "-->密★"), [marking(SUB, 17, 3, "绝密★")]),
    Case("body-long-tag", body('秘<span class="' + "a" * 300 + '">密</span>★'), [marking(SUB, 17, 3, "秘密★")]),
    Case("body-punctuation", body("机·密-★"), [marking(SUB, 17, 3, "机密★")]),
    Case("title-short-comment", sub(TITLE, "title: 武进<!--绝密★-->住建局"), [marking(SUB, 2, 14, "绝密★")]),
    # ---- protective markings
    Case("body-neibu-ziliao", body("内部资料 注意保密"),
         [marking(SUB, 17, 3, "内部资料"), marking(SUB, 17, 8, "注意保密")]),
    Case("body-traditional-budei-waichuan", body("內部資料，不得外傳"),
         [marking(SUB, 17, 3, "内部资料"), marking(SUB, 17, 8, "不得外传")]),
    Case("title-neibu-shiyong", sub(TITLE, "title: 仅限内部使用：武进住建局"), [marking(SUB, 2, 10, "内部使用")]),
    # ---- YAML escapes: the decoded value is searched, the error is at the value
    Case("title-yaml-escapes", sub(TITLE, 'title: "\\u7edd\\u5bc6\\u2605武进住建局"'),
         [marking(SUB, 2, 8, "绝密★")]),
    Case("tags-yaml-escapes", sub("tags: [农民工工资]", 'tags: ["\\u5185\\u90e8\\u8d44\\u6599"]'),
         [marking(SUB, 9, 8, "内部资料")]),
    Case("evidence-name-yaml-escapes",
         {**sub(EVIDENCE, 'evidence: "evidence/2026/03/\\u79d8\\u5bc6\\u2605.png"'),
          "evidence/2026/03/秘密★.png": b"\x89PNG\r\n\x1a\n"},
         [marking(SUB, 13, 15, "秘密★")]),
    # ---- file names
    Case("evidence-name-traditional", {**sub(EVIDENCE, "evidence: evidence/2026/03/機密★通知.png"),
                                       "evidence/2026/03/機密★通知.png": b"\x89PNG\r\n\x1a\n"},
         [marking(SUB, 13, 32, "机密★")]),
    Case("submission-file-name", {SUB: None, RENAMED: SUBMISSION_MD},
         [err(RENAMED, 1, 1, f"classified marking '机密★' in the file name: {CLASSIFIED}")]),
    # ---- evidence file contents
    Case("evidence-text", evidence(TXT, "稿费单\n内部资料　注意保密\n".encode()),
         [ev(TXT, 2, 1, "内部资料"), ev(TXT, 2, 6, "注意保密")]),
    Case("evidence-text-gb18030", evidence(TXT, "稿费单\r\n秘密★一年\r\n".encode("gb18030")),
         [ev(TXT, 2, 1, "秘密★")]),
    Case("evidence-docx-body", evidence(DOCX, docx("采用通知", "机密★五年")),
         [ev(DOCX, 1, 1, "机密★", " in word/document.xml")]),
    Case("evidence-docx-header", evidence(DOCX, docx("采用通知", header="内部资料 注意保密")),
         [ev(DOCX, 1, 1, "内部资料", " in word/header1.xml")]),
    Case("evidence-xlsx-cell", evidence(XLSX, xlsx(["稿件", "绝密★"])),
         [ev(XLSX, 1, 1, "绝密★", " in xl/worksheets/sheet1.xml")]),
    # ---- other records
    Case("solicitation-traditional", sol("请各科室", "機密★请各科室"), [marking(SOL, 8, 1, "机密★")]),
    Case("learning-name", {LEARNING: "month: 2026-03\ndays_in_month: 31\nsource: 学习强国\npeople:\n"
                                     "  zhangsan: {registered: true, login_days: 20, year_points: 1000, "
                                     "name: 張三 內部資料}\n"},
         [marking(LEARNING, 5, LEARNING_COL, "内部资料", VALUE)]),
    # ---- units.yaml and scoring.yaml
    Case("units-unit-name", units("name: 建筑管理科", "name: 建筑管理科（內部資料）"),
         [marking("units.yaml", 22, 17, "内部资料", VALUE)]),
    Case("units-person-name-escapes", units("name: 张三", 'name: "\\u6d89\\u5bc6\\u5f20\\u4e09"'),
         [marking("units.yaml", 4, 11, "涉密", VALUE)]),
    Case("scoring-outlet-name", scoring("name: 江苏省住房和城乡建设厅网站", "name: 省厅网站 秘\u3164密★"),
         [marking("scoring.yaml", 12, 33, "秘密★", VALUE)]),
    Case("scoring-category-name", scoring("name: 新闻宣传", "name: 新闻宣传·不得外传"),
         [marking("scoring.yaml", 10, 33, "不得外传", VALUE)]),
]

# Ordinary words: the instance stays valid.
ORDINARY = [
    Case("body-trade-secret", body("保护商业秘密，"), [], code=0),
    Case("body-secretary", body("秘书科、局办公室秘书"), [], code=0),
    Case("body-confidentiality", body("信息系统的机密性、完整性"), [], code=0),
    Case("body-internal-emphasis", body("加强内部**管理**，做好保密工作，"), [], code=0),
    Case("body-close", body("密切配合，协商密切，内部审计，"), [], code=0),
    Case("evidence-text-ordinary", evidence(TXT, "稿费单\n保密工作　秘书科\n".encode()), [], code=0),
    Case("units-unit-name-ordinary", units("name: 建筑管理科", "name: 秘书科"), [], code=0),
]


@pytest.mark.parametrize("case", MARKED + ORDINARY, ids=[c.id for c in MARKED + ORDINARY])
def test_markings(case: Case, repo: Path) -> None:  # noqa: F811  (the fixture of test_check)
    apply(repo, case.files)
    commit_all(repo, f"Case {case.id}")
    result = check(repo, "--repo", str(repo))
    assert result.lines == case.expected
    assert result.returncode == case.code, result.stderr
    errors = sum(": error: " in line for line in case.expected)
    assert summary(result).endswith(f" {errors} error{'s' * (errors != 1)}, 0 warnings")
