"""Markings never reach the built site or an export, wherever they were written.

One real repository holds a corpus of approved items, each with one marking
(disguised) in one place, each with a token of its own (MKT..) in a field that
would be published; and ordinary items that must stay published. The real
`bulletin issue`, `document`, `scores` and `build` (mkdocs and Pagefind) run
once; every row is then checked against everything they wrote.
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import subprocess
import zipfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from gitbuilder import SCORING, ZHANG, ZHAO, approve_all, dedent, instance
from sitekit import BULLETIN, run_build
from test_markings import docx, xlsx

from generator.read.safety import classified_markings

SCORING_PLUS: dict[str, Any] = {**SCORING, "competition_points": {"一等奖": 20, "二等奖": 12}}


def front(title: str, *, body: str = "正文。\n", evidence: str = "https://example.gov.cn/proof",
          extra: str = "") -> str:
    return (f"---\ntitle: {title}\nunit: jianguan\ncategory: gov_info\nauthors: [zhangsan]\n{extra}"
            f"adoptions:\n  - outlet: zjt\n    date: 2026-03-20\n    evidence: {evidence}\n---\n{body}")


# (id, token, {path: content}, marking as the check error names it). Every file is committed by
# the liaison and approved by all stages: only the marking can keep it off the site.
MARKED: list[tuple[str, str, dict[str, str | bytes], str]] = [
    ("title-variation-selector", "MKT01",
     {"submissions/2026/03/t1.md": front("秘\ufe0f密★一年 MKT01 专项检查")}, "秘密★"),
    ("title-traditional", "MKT02", {"submissions/2026/03/t2.md": front("機密★ MKT02 专项检查")}, "机密★"),
    ("title-yaml-escapes", "MKT03",
     {"submissions/2026/03/t3.md": front('"\\u7edd\\u5bc6\\u2605 MKT03 专项检查"')}, "绝密★"),
    ("body-bold", "MKT04", {"submissions/2026/03/b1.md": front("MKT04 专项检查", body="秘**密**✦一年\n")},
     "秘密✦"),
    ("body-link", "MKT05", {"submissions/2026/03/b2.md": front("MKT05 专项检查", body="[机](x)密⋆\n")}, "机密⋆"),
    ("body-long-comment", "MKT06",
     {"submissions/2026/03/b3.md": front("MKT06 专项检查", body="绝<!--" + "注" * 300 + "-->密✱\n")}, "绝密✱"),
    ("body-protective", "MKT07",
     {"submissions/2026/03/b4.md": front("MKT07 专项检查", body="內部資料\u3164注意保密\n")}, "内部资料"),
    ("body-hangul-filler", "MKT08",
     {"submissions/2026/03/b5.md": front("MKT08 专项检查", body="机\u3164密\U000E0100✪\n")}, "机密✪"),
    ("tags-yaml-escapes", "MKT09",
     {"submissions/2026/03/g1.md": front("MKT09 专项检查", extra='tags: ["\\u4e0d\\u5f97\\u5916\\u4f20"]\n')},
     "不得外传"),
    ("evidence-text", "MKT10",
     {"submissions/2026/03/e1.md": front("MKT10 专项检查", evidence="evidence/2026/03/e1.txt"),
      "evidence/2026/03/e1.txt": "稿费单 MKT10\n秘密★一年\n"}, "秘密★"),
    ("evidence-docx", "MKT11",
     {"submissions/2026/03/e2.md": front("MKT11 专项检查", evidence="evidence/2026/03/e2.docx"),
      "evidence/2026/03/e2.docx": docx("采用通知 MKT11", header="内部资料 注意保密")}, "内部资料"),
    ("evidence-xlsx", "MKT12",
     {"submissions/2026/03/e3.md": front("MKT12 专项检查", evidence="evidence/2026/03/e3.xlsx"),
      "evidence/2026/03/e3.xlsx": xlsx(["MKT12", "機密★"])}, "机密★"),
    ("evidence-text-gb18030", "MKT13",
     {"submissions/2026/03/e4.md": front("MKT13 专项检查", evidence="evidence/2026/03/e4.txt"),
      "evidence/2026/03/e4.txt": "稿费单 MKT13\r\n機密★\r\n".encode("gb18030")}, "机密★"),
    ("evidence-name", "MKT14",
     {"submissions/2026/03/e5.md": front("MKT14 专项检查", evidence="evidence/2026/03/絕密★MKT14.png"),
      "evidence/2026/03/絕密★MKT14.png": b"\x89PNG\r\n\x1a\n"}, "绝密★"),
    ("file-name", "MKT15", {"submissions/2026/03/祕密★MKT15.md": front("专项检查十五")}, "秘密★"),
    ("opinion-summary", "MKT16",
     {"opinions/2026/03/o1.md": dedent("""
        ---
        title: MKT16 网传某工地拖欠工资
        source: 化龙巷论坛
        found_at: 2026-03-11 09:20
        unit: jianguan
        summary: 涉\u200b密
        ---
        网友您好！
        """)}, "涉密"),
    ("interview-outlet", "MKT17",
     {"interviews/2026/03/i1.md": dedent("""
        ---
        title: MKT17 专题采访
        outlet: 常州日报（內部資料）
        date: 2026-03-18
        unit: jianguan
        ---
        提纲。
        """)}, "内部资料"),
    ("plan-topic", "MKT18",
     {"plans/2026/jianguan.yaml": "unit: jianguan\nyear: 2026\nitems:\n"
                                  "  - {id: a, topic: \"MKT18 \\u79d8\\u5bc6\\u2605\", when: 2026-03}\n"}, "秘密★"),
    ("competition-name", "MKT19",
     {"competitions/2026.yaml": "name: MKT19 评比（内部使用）\ndate: 2026-03-25\nresults: []\n"}, "内部使用"),
    ("solicitation-title", "MKT20",
     {"solicitations/2026-009.md": "---\ntitle: MKT20 约稿 机密✪\nfrom: 市住建局办公室\nissued: 2026-03-10\n"
                                   "units: all\n---\n请报送。\n"}, "机密✪"),
]

ORDINARY: list[tuple[str, str, dict[str, str | bytes]]] = [
    ("trade-secret", "OKT01", {"submissions/2026/03/k1.md": front("OKT01 保护商业秘密专项检查",
                                                                 body="依法保护商业秘密。\n")}),
    ("secretary", "OKT02", {"submissions/2026/03/k2.md": front("OKT02 秘书科业务培训",
                                                              body="信息系统的机密性。\n")}),
    ("internal-emphasis", "OKT03", {"submissions/2026/03/k3.md": front("OKT03 内部管理",
                                                                      body="加强内部**管理**，做好保密工作。\n")}),
    ("ordinary-evidence", "OKT04",
     {"submissions/2026/03/k4.md": front("OKT04 专项检查", evidence="evidence/2026/03/k4.txt"),
      "evidence/2026/03/k4.txt": "稿费单 OKT04 秘书科\n".encode()}),
]


def _bulletin(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([str(BULLETIN), *args, "--repo", str(repo)], capture_output=True)


def _zip_texts(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))


def _texts(root: Path) -> Iterator[tuple[str, str]]:
    """Every file under ``root`` as text: gzipped Pagefind files and OOXML archives opened."""
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        name = str(path.relative_to(root))
        if path.suffix.startswith(".pf_"):
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        if path.suffix in (".xlsx", ".docx"):
            yield name, _zip_texts(data)
        elif path.suffix not in (".png", ".pdf", ".ico", ".woff", ".woff2", ".wasm") \
                and not path.name.startswith("wasm."):
            yield name, data.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("markings")
    repo = instance(base / "repo", scoring=SCORING_PLUS)
    paths = []
    for _, _, files, *_ in [*MARKED, *ORDINARY]:
        for rel, content in files.items():
            repo.write(rel, content)
            if rel.startswith("submissions/"):
                paths.append(rel)
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, *paths, date="2026-03-11 09:00 +0800")
    check = _bulletin(repo.path, "check")
    issue = _bulletin(repo.path, "issue", "2026-03", "--as-of", "2026-04-30", "--date", "2026-04-30")
    exports = base / "exports"
    exports.mkdir()
    document = _bulletin(repo.path, "document", "2026-03", "--docx", str(exports / "b.docx"),
                         "--xlsx", str(exports / "b.xlsx"))
    scores = [_bulletin(repo.path, "scores", "--period", "2026-03", "--as-of", "2026-04-30", "--format", fmt,
                        "-o", str(exports / f"scores.{fmt}")) for fmt in ("csv", "xlsx", "json")]
    out = base / "site"
    build = run_build(repo.path, out, "--as-of", "2026-04-30")
    texts = dict(_texts(out.resolve())) | {f"exports/{k}": v for k, v in _texts(exports)}
    return {"repo": repo.path, "out": out.resolve(), "check": check.stdout.decode(), "build": build,
            "texts": texts, "issue": issue, "document": document, "scores": scores}


def test_the_corpus_went_through_every_command(built: dict[str, Any]) -> None:
    assert built["issue"].returncode == 0, built["issue"].stderr.decode()
    assert built["document"].returncode == 0, built["document"].stderr.decode()
    for done in built["scores"]:
        assert done.returncode == 0, done.stderr.decode()
    names = set(built["texts"])
    assert {"exports/b.docx", "exports/b.xlsx", "exports/scores.csv", "exports/scores.xlsx"} <= names
    assert any(n.endswith(".pf_fragment") for n in names) and "review/index.html" in names
    assert any(n.startswith("downloads/") and n.endswith(".csv") for n in names)


@pytest.mark.parametrize("token, files, shown", [(t, f, s) for _, t, f, s in MARKED],
                         ids=[i for i, *_ in MARKED])
def test_a_marked_item_is_reported_and_reaches_nothing(built: dict[str, Any], token: str,
                                                      files: dict[str, str | bytes], shown: str) -> None:
    # check names the marking, in its normalised form, at a place of one of the row's files
    lines = [line for line in built["check"].splitlines() if line.split(":", 1)[0] in files]
    assert any(": error: " in line and f"涉密标志“{shown}”" in line for line in lines), built["check"]
    # nothing of the item anywhere: not its token, not its files, not its marking
    for name, text in built["texts"].items():
        assert token not in text, name
        # (the project's own guide for liaisons names the markings that are refused; so does its index)
        assert shown not in text or name == "guides/liaison.html" or name.startswith("pagefind/guides/"), name
    for rel in files:
        assert not (built["out"] / rel).exists()
        assert not (built["out"] / ("articles/" + rel.split("/", 1)[1])).with_suffix(".html").exists()


@pytest.mark.parametrize("token, files", [(t, f) for _, t, f in ORDINARY], ids=[i for i, *_ in ORDINARY])
def test_an_ordinary_item_is_published(built: dict[str, Any], token: str, files: dict[str, str | bytes]) -> None:
    for rel in files:
        assert rel.split(":", 1)[0] not in built["check"], built["check"]
        if rel.startswith("submissions/"):
            page = "articles/" + rel.split("/", 1)[1].removesuffix(".md") + ".html"
            assert token in built["texts"][page]
        else:   # served under its digest: the same bytes are there
            assert any(p.read_bytes() == files[rel] for p in (built["out"] / "evidence").rglob("*")
                       if p.is_file()), rel
    assert any(token in text for name, text in built["texts"].items() if name.endswith(".pf_fragment"))
    assert any(token in text for name, text in built["texts"].items() if name.startswith("exports/b."))


def test_no_page_or_export_holds_a_marking(built: dict[str, Any]) -> None:
    """Whatever the disguise: the normaliser finds nothing in what was published (the project's own
    guides, which tell liaisons what never to submit, aside)."""
    for name, text in built["texts"].items():
        if name.startswith(("guides/", "assets/", "pagefind/guides/")) or "/wasm." in name:
            continue
        assert classified_markings(text) == [], name


def test_the_review_page_withholds_without_quoting(built: dict[str, Any]) -> None:
    review = built["texts"]["review/index.html"]
    submissions = [rel for _, _, files, _ in MARKED for rel in files if rel.startswith("submissions/")]
    assert review.count("含密级标识，未发布") == len(MARKED)
    assert "（文件名含密级标识）" in review and "MKT15" not in review
    for rel in submissions:
        if "MKT" not in rel:
            assert rel in review
    assert "classified marking" not in review


def test_build_lists_the_items_it_left_out(built: dict[str, Any]) -> None:
    for _, _, files, _ in MARKED:
        for rel in files:
            if rel.endswith((".md", ".yaml")):
                assert f"{rel}：未计入" in built["build"].stderr, rel


@pytest.mark.parametrize("file, old, new, expected", [
    ("units.yaml", "name: 建筑管理科", "name: 建筑管理科（内部资料）", "units.yaml:"),
    ("scoring.yaml", "name: 常州日报", "name: 常州日报 秘\u3164密★", "scoring.yaml:"),
], ids=["units-unit-name", "scoring-outlet-name"])
def test_a_marking_in_the_configuration_stops_the_build(tmp_path: Path, file: str, old: str, new: str,
                                                       expected: str) -> None:
    repo = instance(tmp_path / "repo")
    path = repo.path / file
    text = yaml.safe_dump(yaml.safe_load(path.read_text(encoding="utf-8")), allow_unicode=True, sort_keys=False)
    assert old in text
    repo.write(file, text.replace(old, new))
    repo.write("submissions/2026/03/a.md", front("专项检查"))
    repo.commit("改名", by=ZHAO, date="2026-03-10 09:00 +0800")
    out = tmp_path / "site"
    build = run_build(repo.path, out, "--as-of", "2026-04-30", check=False)
    assert build.returncode != 0
    assert expected in build.stdout + build.stderr and "涉密标志" in build.stdout + build.stderr
    assert not out.exists()
    assert dt  # the module's imports are used
