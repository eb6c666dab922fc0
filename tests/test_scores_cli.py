"""`bulletin status` and `bulletin scores` end to end: real repositories, the real command."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from pathlib import Path

import conftest
import pytest
from gitbuilder import FORGE, LI, STRANGER, WANG, XU, ZHANG, ZHAO, GitRepo, instance, submission

# The command, by default in English: the texts asserted here are mostly the English ones.
bulletin = functools.partial(conftest.bulletin, lang="en")
bulletin_bytes = functools.partial(conftest.bulletin_bytes, lang="en")

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
URL = "https://example.gov.cn/proof"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """jianguan: one approved item adopted by the province; zhijian: one waiting; one invalid item."""
    r = instance(tmp_path_factory.mktemp("cli"))
    r.write(A, submission(adoptions=[{"outlet": "zjt", "date": dt.date(2026, 3, 20), "evidence": URL}]))
    r.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    for who in (WANG, ZHAO, LI):
        r.approve(A, by=who, date="2026-03-11 10:00 +0800")
    r.write(B, submission(title="质监站稿件", unit="zhijian", authors=["xuban"]))
    r.commit("Add b", by=XU, date="2026-03-12 09:00 +0800")
    r.approve(B, by=XU, date="2026-03-12 10:00 +0800")            # an author: ignored
    r.approve(B, by=ZHAO, date="2026-03-13 10:00 +0800")
    r.approve(B, by=STRANGER, date="2026-03-13 11:00 +0800")
    r.write("submissions/2026/03/bad.md", submission(title="坏稿", unit="jianguang"))
    r.commit("Add bad", by=ZHANG, date="2026-03-14 09:00 +0800")
    return r


def test_scores_json(repo: GitRepo) -> None:
    res = bulletin("scores", "--period", "2026-Q1", "--as-of", "2026-11-21", "--format", "json",
                   "--repo", str(repo.path))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["period"] == "2026-Q1" and data["as_of"] == "2026-11-21"
    assert data["units"][0] == {"unit": "jianguan", "name": "建筑管理科", "points": 20.0, "cumulative": 20.0,
                                "rank": 1, "cumulative_rank": 1, "submitted": 1, "adopted": 1,
                                "target": 50.0, "target_met": False}
    assert data["entries"] == [{"date": "2026-03-20", "unit": "jianguan", "kind": "adoption", "points": 20.0,
                                "submission": A, "detail": "zjt"}]
    # the invalid item is left out and named on stderr; the others still score
    assert "submissions/2026/03/bad.md: left out: unknown unit 'jianguang'" in res.stderr


@pytest.mark.parametrize("args, message", [
    (["--period", "2026-Q5"], "2026-Q1"),
    (["--period", "March"], "2026-03 (a month)"),
    (["--period", "2026-03", "--as-of", "2026-02-30"], "YYYY-MM-DD"),
    (["--period", "2026", "--format", "pdf"], "pdf"),
])
def test_bad_flags_are_usage_errors(repo: GitRepo, args: list[str], message: str) -> None:
    res = bulletin("scores", *args, "--repo", str(repo.path))
    assert res.returncode == 2 and message in res.stderr and "Traceback" not in res.stderr


def test_csv_has_a_bom_and_chinese(repo: GitRepo) -> None:
    res = bulletin_bytes("scores", "--period", "2026-03", "--as-of", "2026-12-31", "--format", "csv",
                         "--repo", str(repo.path))
    assert res.returncode == 0 and res.stdout.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(res.stdout.decode("utf-8-sig"))))
    # The columns of the Excel download and of the site (workbook.py), names not ids, a title row first.
    assert rows[0][0].endswith("2026年3月信息宣传积分排名") and "数据截至：2026-12-31" in rows[1][0]
    assert ["排名", "单位", "本期积分", "累计积分", "累计排名", "报送", "采用", "目标（按月折算）", "完成目标"] in rows
    assert ["1", "建筑管理科", "20", "20", "1", "1", "1", "50", "否"] in rows
    assert not any("jianguan" in cell for row in rows for cell in row)


def test_xlsx_has_formatted_headers_and_frozen_panes(repo: GitRepo, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    out = tmp_path / "scores.xlsx"
    res = bulletin("scores", "--period", "2026", "--as-of", "2026-12-31", "--format", "xlsx", "--output", str(out),
                   "--repo", str(repo.path))
    assert res.returncode == 0, res.stderr
    wb = load_workbook(out)
    assert wb.sheetnames == ["单位排名", "个人排名", "得分明细", "年度表彰"]
    ws = wb["单位排名"]
    assert ws["A1"].value.endswith("2026年度信息宣传积分排名——单位排名") and "数据截至：2026-12-31" in ws["A2"].value
    assert ws.freeze_panes == "A4" and ws["A3"].font.bold and ws["B3"].value == "单位"
    assert ws.print_title_rows == "$3:$3" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert [c.value for c in ws[4]][:3] == [1, "建筑管理科", 20]
    entries = wb["得分明细"]
    assert [c.value for c in entries[3]] == ["日期", "单位", "类型", "分值", "稿件", "说明"]
    first = [c.value for c in entries[4]]
    assert isinstance(first[0], dt.datetime) and first[2] in ("采用", "批示", "约稿未报送", "约稿按时报送")


def test_table_is_aligned_for_double_width_characters(repo: GitRepo) -> None:
    import re

    from generator.documents.report import width
    res = bulletin("scores", "--period", "2026-03", "--as-of", "2026-12-31", "--repo", str(repo.path), lang="zh")
    assert res.returncode == 0
    lines = res.stdout.splitlines()
    header = lines.index(next(ln for ln in lines if ln.startswith("排名  单位")))
    block = [lines[header]] + lines[header + 2:header + 6]
    assert any("建筑管理科" in ln for ln in block) and any("安监站" in ln for ln in block)
    # fields are separated by two or more spaces; the right-aligned 得分 column ends at one display column
    ends = set()
    for ln in block:
        fields = list(re.finditer(r"\S+(?: \S+)*", ln))
        ends.add(width(ln[:fields[3].end()]))
        assert width(ln[:fields[3].start()]) >= width(ln[:fields[2].end()]) + 2
    assert len(ends) == 1


def test_status_explains_each_approval(repo: GitRepo) -> None:
    res = bulletin("status", "--repo", str(repo.path), "--format", "json")
    assert res.returncode == 0, res.stderr
    data = {s["path"]: s for s in json.loads(res.stdout)}
    assert data[A]["approved"] is True and data[A]["approved_at"] == "2026-03-11T10:00:00+08:00"
    b = data[B]
    assert [(a["person"], a["verdict"]) for a in b["approvals"]] == [
        ("xuban", "ignored"), ("zhaoliu", "current"), (None, "ignored")]
    assert b["approvals"][0]["reason"] == "许班 is an author of this item"
    assert [(s["stage"], s["state"]) for s in b["stages"]] == [("unit", "missing"), ("office", "approved"),
                                                                ("leader", "missing")]
    text = bulletin("status", B, "--repo", str(repo.path)).stdout
    assert "许班 is an author of this item" in text and A not in text
    md = bulletin("status", "--format", "markdown", "--repo", str(repo.path)).stdout
    assert "| 办公室审核 | approved | 赵六 | 2026-03-13 |" in md


def test_status_pending_groups_by_who_it_waits_for(repo: GitRepo) -> None:
    res = bulletin("status", "--pending", "--repo", str(repo.path))
    assert res.returncode == 0
    assert "李四 (1)\n  submissions/2026/03/b.md  分管领导签发" in res.stdout
    assert "no one is eligible (fix units.yaml) (1)\n  submissions/2026/03/b.md  科室审核" in res.stdout
    data = json.loads(bulletin("status", "--pending", "--format", "json", "--repo", str(repo.path)).stdout)
    assert {g["waiting_for"] for g in data} == {"李四", "no one is eligible (fix units.yaml)"}


def test_trusted_committer_flag_overrides_units_yaml(tmp_path: Path) -> None:
    r = instance(tmp_path)
    r.branch("topic")
    r.write(A, submission())
    r.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    r.checkout("main")
    r.write("README.md", "x\n")
    r.commit("Readme", by=ZHAO, date="2026-03-10 10:00 +0800")
    r.merge("topic", by=STRANGER, date="2026-03-12 10:00 +0800",
            message="Merge\n\nApproved-by: 王五 <wangwu@wj.example.gov.cn>\n"
                    "Approved-by: 赵六 <zhaoliu@wj.example.gov.cn>\nApproved-by: 李四 <lisi@wj.example.gov.cn>")

    def approved(*flags: str) -> bool:
        res = bulletin("status", "--format", "json", "--repo", str(tmp_path), *flags)
        assert res.returncode == 0, res.stderr
        return bool(json.loads(res.stdout)[0]["approved"])

    assert not approved()
    assert approved("--trusted-committer", STRANGER.email)
    assert not approved("--trusted-committer", FORGE.email)


def test_signature_without_allowed_signers_stops(repo: GitRepo) -> None:
    res = bulletin("status", "--trust", "signature", "--repo", str(repo.path))
    assert res.returncode == 1 and "allowed_signers" in res.stderr


def test_a_directory_without_git_scores_nothing_with_a_warning(tmp_path: Path) -> None:
    r = instance(tmp_path / "src")
    r.write(A, submission(adoptions=[{"outlet": "zjt", "date": dt.date(2026, 3, 20), "evidence": URL}]))
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("units.yaml", "scoring.yaml"):
        (plain / name).write_bytes((tmp_path / "src" / name).read_bytes())
    (plain / "submissions/2026/03").mkdir(parents=True)
    (plain / A).write_bytes((tmp_path / "src" / A).read_bytes())
    res = bulletin("scores", "--period", "2026-03", "--as-of", "2026-12-31", "--format", "json", "--repo", str(plain))
    assert res.returncode == 0 and "not a git repository" in res.stderr
    assert json.loads(res.stdout)["entries"] == []
    status = bulletin("status", "--repo", str(plain))
    assert status.returncode == 0 and "not committed yet" in status.stdout


def test_a_repository_without_commits(tmp_path: Path) -> None:
    r = GitRepo(tmp_path)
    from gitbuilder import SCORING, UNITS
    r.write_yaml("units.yaml", UNITS)
    r.write_yaml("scoring.yaml", SCORING)
    r.write(A, submission())
    res = bulletin("scores", "--period", "2026", "--as-of", "2026-12-31", "--format", "json", "--repo", str(tmp_path))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["entries"] == [] and data["awards"] == {"units": ["anjian", "bgs", "jianguan", "zhijian"],
                                                        "people": ["xuban", "zhangsan"]}


def test_invalid_configuration_stops(tmp_path: Path) -> None:
    r = instance(tmp_path)
    r.write("scoring.yaml", "levels: [\n")
    res = bulletin("scores", "--period", "2026", "--repo", str(tmp_path))
    assert res.returncode == 1 and "scoring.yaml:" in res.stderr and "Traceback" not in res.stderr


def test_default_as_of_is_today_in_the_time_zone(repo: GitRepo) -> None:
    import zoneinfo
    res = bulletin("scores", "--period", "2026", "--format", "json", "--repo", str(repo.path))
    today = dt.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date().isoformat()
    assert json.loads(res.stdout)["as_of"] == today


