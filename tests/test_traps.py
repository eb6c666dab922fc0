"""No silent traps: `bulletin check --as-of` warns, at the line, in Chinese, with the points at stake.

One real repository holds one case of every trap; the table below is the exact text `check` prints.
"""
from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gitbuilder import SCORING, UNITS, WANG, ZHANG, ZHAO, approve_all, instance
from recordkit import URL

A = "submissions/2026/03/a.md"
C = "submissions/2026/03/c.md"
D = "submissions/2026/03/d.md"
PLAN = "plans/2026/jianguan.yaml"
PRIZES = "competitions/2026-test.yaml"
FRONT = "---\ntitle: {title}\nunit: jianguan\ncategory: gov_info\n{extra}---\n正文。\n"


def bulletin(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from generator.cli import run; run()", *args],
                          capture_output=True, text=True, encoding="utf-8")


def _line(text: str, needle: str, nth: int = 1) -> int:
    lines = [i for i, line in enumerate(text.split("\n"), start=1) if needle in line]
    return lines[nth - 1]


@pytest.fixture(scope="module")
def traps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    units = copy.deepcopy(UNITS)
    units["people"].append({"id": "nomail", "name": "钱九", "unit": "cunzhen"})
    units["units"].insert(3, {"id": "cunzhen", "name": "村镇建设科", "type": "科室", "head": [], "leader": "lisi",
                              "liaisons": ["nomail"]})
    scoring = copy.deepcopy(SCORING)
    scoring["competition_points"] = {"一等奖": 20, "二等奖": 12}
    repo = instance(tmp_path_factory.mktemp("traps") / "r", units=units, scoring=scoring)
    repo.write(PLAN, "unit: jianguan\nyear: 2026\nitems:\n"
                     "  - id: wage\n    topic: 农民工工资支付\n    when: 2026-02\n"
                     "  - id: safety\n    topic: 安全生产月\n    when: 2026-03\n")
    repo.commit("备案：建筑管理科宣传计划", by=ZHANG, date="2026-01-05 09:00 +0800")
    # A: adopted on 5 March, submitted on 10 March (信息倒流); a 批示 of 1 March; covers the February plan item late.
    repo.write(A, FRONT.format(title="武进住建局开展农民工工资支付专项检查", extra=(
        "plan: jianguan/wage\n"
        "adoptions:\n"
        f"  - outlet: zjt\n    date: 2026-03-05\n    evidence: {URL}\n"
        "instructions:\n"
        f"  - level: provincial\n    by: 省厅\n    date: 2026-03-01\n    evidence: {URL}\n")))
    repo.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    # C: adopted on 13 March, approved on 14 March (报送 before 签发); an adoption and a 批示 after the as-of day.
    repo.write(C, FRONT.format(title="第二篇", extra=(
        "adoptions:\n"
        f"  - outlet: cz-daily\n    date: 2026-03-13\n    evidence: {URL}\n"
        f"  - outlet: wj-web\n    date: 2026-05-01\n    evidence: {URL}\n"
        "instructions:\n"
        f"  - level: municipal\n    by: 市领导\n    date: 2026-05-02\n    evidence: {URL}\n")))
    repo.commit("报送：C", by=ZHANG, date="2026-03-12 09:00 +0800")
    approve_all(repo, C, date="2026-03-14 10:00 +0800")
    # D: never approved (its adoption scores nothing, and says so nowhere else), named by the March plan item and given a prize.
    repo.write(D, FRONT.format(title="第三篇", extra=(
        "plan: jianguan/safety\n"
        "adoptions:\n"
        f"  - outlet: cz-daily\n    date: 2026-03-20\n    evidence: {URL}\n")))
    repo.commit("报送：D", by=ZHANG, date="2026-03-15 09:00 +0800")
    repo.approve(D, by=WANG, date="2026-03-16 10:00 +0800")
    repo.write(PRIZES, "name: 测试评比\ndate: 2026-04-10\norganizer: 局办公室\nresults:\n"
                       f"  - submission: {A}\n    grade: 二等奖\n"
                       f"  - submission: {D}\n    grade: 一等奖\n")
    repo.commit("发布：测试评比结果", by=ZHAO, date="2026-04-10 09:00 +0800")
    # What `bulletin new` writes, left as it is.
    new = bulletin("new", "--no-input", "--title", "模板未改", "--unit", "jianguan", "--category", "gov_info",
                   "--date", "2026-04-12", "--slug", "untouched", "--repo", str(repo.path))
    assert new.returncode == 0, new.stderr
    repo.commit("报送：模板未改", by=ZHANG, date="2026-04-12 09:00 +0800")
    result = bulletin("check", "--as-of", "2026-04-20", "--repo", str(repo.path))
    return {"repo": repo.path, "result": result,
            "warnings": [line for line in result.stdout.splitlines() if ": warning: " in line]}


def _cases(repo: Path) -> list[str]:
    def text(rel: str) -> str:
        return (repo / rel).read_text(encoding="utf-8")

    a, c, d, units = text(A), text(C), text(D), text("units.yaml")
    new = text("submissions/2026/04/untouched.md")
    return [
        # 信息倒流: the adoption scores nothing and the unit loses 10 points.
        f"{A}:{_line(a, 'date: 2026-03-05')}:11: warning: 信息倒流（−10分）：江苏省住房和城乡建设厅网站的采用日期 "
        "2026-03-05 早于本稿报送日期 2026-03-10，这次采用不计分（20分），并扣 10分；请核对采用日期",
        # A 批示 dated before the submission scores in that earlier month.
        f"{A}:{_line(a, 'date: 2026-03-01')}:11: warning: 批示日期 2026-03-01 早于本稿报送日期 2026-03-10：这次批示"
        "（20分）将计入 2026年3月，而不是报送之后；请核对批示日期",
        # The plan item's time node (February) passed before the item was approved.
        f"{A}:{_line(a, 'plan:')}:7: warning: 计划选题“农民工工资支付”（jianguan/wage）的时间节点是 2026-02-28，"
        "本稿 2026-03-11 才审核通过：逾期完成；请核对 plan 是否选错，或在计划中调整时间节点",
        # 报送 before 签发.
        f"{C}:{_line(c, 'date: 2026-03-13')}:11: warning: 常州日报的采用日期 2026-03-13 早于本稿签发（审核通过）日期 "
        "2026-03-14：稿件在签发前即已报送（10分）；请核对日期，确认已按程序审核",
        # Dated after the as-of day.
        f"{C}:{_line(c, 'date: 2026-05-01')}:11: warning: 采用日期 2026-05-01 晚于 2026-04-20（--as-of，默认今天）："
        "武进新闻网的这次采用在该日之前不计分（4分）；请核对采用日期",
        f"{C}:{_line(c, 'date: 2026-05-02')}:11: warning: 批示日期 2026-05-02 晚于 2026-04-20（--as-of，默认今天）："
        "这次批示在该日之前不计分（10分）；请核对批示日期",
        # The plan item it names stays uncovered, past its time node.
        f"{D}:{_line(d, 'plan:')}:7: warning: 本稿尚未审核通过：计划选题“安全生产月”（jianguan/safety，时间节点 "
        "2026-03-31）不算完成，已逾期；请尽快完成审核",
        # A prize on an item that is not approved.
        f"{PRIZES}:7:17: warning: 获奖稿件 {D} 尚未审核通过：“一等奖”不计分（20分）；请先完成审核，或核对稿件路径",
        # The placeholders `bulletin new` writes.
        f"submissions/2026/04/untouched.md:{_line(new, '（在此撰写导语。）')}:1: warning: 模板占位文字“（在此撰写导语。）”"
        "仍在正文中（bulletin new 写入的提示）：请换成稿件内容后再提交",
        f"submissions/2026/04/untouched.md:{_line(new, '（在此撰写正文。）')}:1: warning: 模板占位文字“（在此撰写正文。）”"
        "仍在正文中（bulletin new 写入的提示）：请换成稿件内容后再提交",
        # units.yaml: no head, no liaison, no e-mail.
        f"units.yaml:{_line(units, 'id: cunzhen')}:1: warning: 单位“村镇建设科”（cunzhen）没有负责人（head）：其稿件的"
        "“科室审核”无人能审核，永远不能通过；请在 units.yaml 中填写 head",
        f"units.yaml:{_line(units, 'id: anjian')}:1: warning: 单位“安监站”（anjian）没有信息员（liaisons）：无人负责报送"
        "稿件和接收约稿；请在 units.yaml 中填写 liaisons",
        f"units.yaml:{_line(units, 'id: bgs')}:1: warning: 单位“办公室”（bgs）没有信息员（liaisons）：无人负责报送稿件和"
        "接收约稿；请在 units.yaml 中填写 liaisons",
        f"units.yaml:{_line(units, 'id: nomail')}:1: warning: 人员“钱九”（nomail）没有邮箱（emails）：其 git 提交无法"
        "对应到本人，报送和审核都不算数；请在 units.yaml 中填写 emails",
    ]


@pytest.mark.parametrize("n", range(14))
def test_each_trap_is_a_warning_at_its_line(traps: dict, n: int) -> None:
    expected = _cases(traps["repo"])[n]
    assert expected in traps["warnings"], "\n".join(traps["warnings"])


def test_traps_are_warnings_not_errors_and_nothing_else_is_said(traps: dict) -> None:
    result = traps["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(traps["warnings"]) == sorted(_cases(traps["repo"]))


def test_as_of_moves_the_future(traps: dict) -> None:
    """With --as-of after the dates, the future-dated adoption and 批示 are no longer warned."""
    later = bulletin("check", "--as-of", "2026-05-10", "--repo", str(traps["repo"]))
    assert later.returncode == 0
    assert "晚于" not in later.stdout
    assert "信息倒流（−10分）" in later.stdout
    bad = bulletin("check", "--as-of", "2026-02-30", "--repo", str(traps["repo"]))
    assert bad.returncode == 2 and "--as-of" in bad.stderr


def test_the_unit_page_prints_no_field_units_yaml_rejects(traps: dict) -> None:
    """The unit page printed `phone`, a field units.yaml rejects: no template prints a person's or a unit's field
    that the units.yaml schema does not have, and units.yaml with a phone is told so."""
    from generator.read.config import PERSON, UNIT

    root = Path(__file__).resolve().parent.parent
    template = (root / "site_templates" / "unit.md.j2").read_text(encoding="utf-8")
    person_fields = set(re.findall(r"\bp\.(\w+)", template)) - {"todo"}   # todo: the site's link to 我的待办
    unit_fields = set(re.findall(r"\bunit\.(\w+)", template))
    assert person_fields and person_fields <= set(PERSON.fields), person_fields - set(PERSON.fields)
    assert unit_fields and unit_fields <= set(UNIT.fields), unit_fields - set(UNIT.fields)
    repo = traps["repo"]
    text = (repo / "units.yaml").read_text(encoding="utf-8")
    (repo / "units.yaml").write_text(text.replace("  name: 钱九\n", "  name: 钱九\n  phone: '86001234'\n"),
                                     encoding="utf-8")
    try:
        told = bulletin("check", "--as-of", "2026-04-20", "--repo", str(repo))
        assert re.search(r"units\.yaml:\d+:\d+: warning: 人员中有未知字段“phone”", told.stdout), told.stdout
    finally:
        (repo / "units.yaml").write_text(text, encoding="utf-8")


def test_in_english_with_lang_en_at_the_same_places(traps: dict) -> None:
    """--lang en: every trap is the same warning at the same place, in English, with the points at stake."""
    repo = traps["repo"]
    en = bulletin("check", "--as-of", "2026-04-20", "--lang", "en", "--repo", str(repo))
    assert en.returncode == 0, en.stdout + en.stderr
    warnings = [line for line in en.stdout.splitlines() if ": warning: " in line]
    assert sorted(w.split(": warning: ")[0] for w in warnings) == \
        sorted(w.split(": warning: ")[0] for w in traps["warnings"])
    a = (repo / A).read_text(encoding="utf-8")
    units = (repo / "units.yaml").read_text(encoding="utf-8")
    assert (f"{A}:{_line(a, 'date: 2026-03-05')}:11: warning: 信息倒流 (−10 points): the adoption by "
            "江苏省住房和城乡建设厅网站 dated 2026-03-05 is before this item was submitted (2026-03-10): it scores "
            "nothing (20 points) and costs the unit 10 points; check the adoption date") in warnings
    assert (f"{A}:{_line(a, 'date: 2026-03-01')}:11: warning: 批示 date 2026-03-01 is before this item was submitted "
            "(2026-03-10): it (20 points) counts in 2026-03, not after the submission; check the date of the 批示"
            ) in warnings
    assert (f"units.yaml:{_line(units, 'id: cunzhen')}:1: warning: unit '村镇建设科' (cunzhen) has no head: no one can "
            "approve its items at '科室审核', so they can never pass; fill in head in units.yaml") in warnings
    assert en.stderr == "6 files checked: 0 errors, 14 warnings\n"


def test_a_bad_as_of_is_a_usage_error_in_chinese(traps: dict) -> None:
    bad = bulletin("check", "--as-of", "2026-02-30", "--repo", str(traps["repo"]))
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.splitlines()[0].startswith("错误：'--as-of' 的值无效：")
    assert bad.stderr.splitlines()[0].endswith("；例如 --as-of 2026-03-31")
