"""The other record types: 舆情, publicity plans, media interviews, research competitions, the calendar feed.

Real repositories built with named people on given dates; the real command.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import bulletin
from gitbuilder import LI, SCORING, WANG, ZHANG, ZHAO, Who, approve_all, dedent, instance, submission

ROOT = Path(__file__).resolve().parent.parent
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"

SCORING_PLUS: dict[str, Any] = {
    **SCORING,
    "opinions": {"report_within_hours": 24, "reply_within_days": 3, "late_report_penalty": -2,
                 "late_reply_penalty": -3},
    "competition_points": {"一等奖": 20, "二等奖": 12},
}


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return bulletin(*args, "--repo", str(repo), lang="en")


def opinion(found_at: str = "2026-05-11 09:20", unit: str = "jianguan", **extra: str) -> str:
    lines = [f"{k}: {v}" for k, v in extra.items()]
    return dedent(f"""
        ---
        title: 网传某工地拖欠农民工工资
        source: 化龙巷论坛
        found_at: {found_at}
        unit: {unit}
        severity: 较大
        {chr(10).join(lines)}
        ---
        网友您好！我局已核查处理。
        """).replace("\n\n---", "\n---")


# --------------------------------------------------------------------------- check

@pytest.mark.parametrize("path, text, expected", [
    ("opinions/2026/05/a.md", opinion(severity="严重").replace("severity: 较大\n", ""),
     "opinions/2026/05/a.md:6:11: error: 'severity' must be one of 一般, 较大, 重大, not '严重'"),
    ("opinions/2026/05/a.md", opinion(found_at="2026-05-32 09:00"),
     "opinions/2026/05/a.md:4:11: error: 'found_at' is not a real date and time: '2026-05-32 09:00'; "
     "write it as YYYY-MM-DD HH:MM"),
    ("opinions/2026/05/a.md", opinion(unit="jianguang"),
     "opinions/2026/05/a.md:5:7: error: unknown unit 'jianguang'; did you mean 'jianguan' (建筑管理科)?"),
    ("plans/2026/jianguan.yaml", "unit: zhijian\nyear: 2026\nitems:\n  - {id: a, topic: 题目, when: 2026-03}\n",
     "plans/2026/jianguan.yaml:1:7: error: this plan is for unit 'zhijian' but the file is named jianguan.yaml; "
     "rename the file to plans/2026/zhijian.yaml"),
    ("plans/2026/jianguan.yaml", "unit: jianguan\nyear: 2026\nitems:\n  - {id: a, topic: 题目, when: 2026-13}\n",
     "plans/2026/jianguan.yaml:4:30: error: 'items[1].when' must be a month such as 2026-03 or a date such as "
     "2026-03-15, not '2026-13'"),
    ("competitions/2026.yaml",
     "name: 评比\ndate: 2026-10-20\nresults:\n  - {submission: submissions/2026/03/nope.md, grade: 一等奖}\n",
     "competitions/2026.yaml:4:18: error: unknown submission 'submissions/2026/03/nope.md'"),
    ("interviews/2026/03/a.md", "---\ntitle: 采访\noutlet: 常州日报\nunit: jianguan\n---\n提纲\n",
     "interviews/2026/03/a.md:2:1: error: missing required field 'date' in a media interview: the day of the "
     "interview"),
], ids=["severity", "found-at", "unit", "plan-file-name", "plan-month", "competition-submission", "interview-date"])
def test_check_reports_bad_records(tmp_path: Path, path: str, text: str, expected: str) -> None:
    repo = instance(tmp_path / "repo", scoring=SCORING_PLUS)
    repo.write(path, text)
    repo.commit("add", by=ZHANG, date="2026-05-11 10:00 +0800")
    head = repo.head()
    proc = run(repo.path, "check")
    assert proc.returncode == 1
    assert expected in proc.stdout.splitlines(), proc.stdout
    assert "Traceback" not in proc.stderr
    assert repo.head() == head and repo.git("status", "--porcelain") == ""


def _beyond_units_yaml(stdout: str) -> list[str]:
    """check's lines, without the test instance's own units.yaml warnings (units without liaisons)."""
    return [line for line in stdout.splitlines() if not line.startswith("units.yaml:")]


def test_a_submission_names_a_plan_item(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo", scoring=SCORING_PLUS)
    repo.write("plans/2026/jianguan.yaml", "unit: jianguan\nyear: 2026\nitems:\n"
                                           "  - {id: wage, topic: 农民工工资, when: 2026-03}\n")
    repo.write("submissions/2026/03/a.md", submission(plan="jianguan/wage"))
    repo.write("submissions/2026/03/b.md", submission(plan="jianguan/wag"))
    repo.commit("add", by=ZHANG, date="2026-03-10 10:00 +0800")
    proc = run(repo.path, "check", "--as-of", "2026-03-10")   # before the plan item's time node
    assert _beyond_units_yaml(proc.stdout) == [
        "submissions/2026/03/b.md:2:71: error: unknown plan item 'jianguan/wag'; did you mean 'jianguan/wage'?"]


# --------------------------------------------------------------------------- opinions

def _opinion_repo(tmp_path: Path, *, reported: str, replied_by: Who | None, replied: str | None) -> Any:
    repo = instance(tmp_path / "repo", scoring=SCORING_PLUS)
    path = "opinions/2026/05/a.md"
    repo.write(path, opinion(authors="[zhangsan]"))
    repo.commit("舆情报送", by=ZHANG, date=reported)
    repo.approve(path, by=WANG, date="2026-05-11 15:00 +0800", stage="unit")
    repo.approve(path, by=ZHAO, date="2026-05-11 16:00 +0800", stage="office")
    if replied_by and replied:
        text = (repo.path / path).read_text(encoding="utf-8").replace("\n---\n", f"\nreplied: {replied}\n---\n", 1)
        repo.write(path, text)
        repo.commit("记录回复", by=replied_by, date=f"{replied} 17:00 +0800")
    return repo


def _entries(repo: Any, period: str = "2026", as_of: str = "2026-06-30") -> list[dict[str, Any]]:
    proc = run(repo.path, "scores", "--period", period, "--as-of", as_of, "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return [e for e in json.loads(proc.stdout)["entries"] if e["kind"].startswith("opinion")]


def test_an_opinion_reported_and_replied_in_time_costs_nothing(tmp_path: Path) -> None:
    repo = _opinion_repo(tmp_path, reported="2026-05-11 10:00 +0800", replied_by=ZHAO, replied="2026-05-13")
    assert _entries(repo) == []
    assert _beyond_units_yaml(run(repo.path, "check").stdout) == []


def test_late_report_and_late_reply_make_penalty_entries(tmp_path: Path) -> None:
    repo = _opinion_repo(tmp_path, reported="2026-05-12 10:00 +0800", replied_by=ZHAO, replied="2026-05-15")
    assert _entries(repo) == [
        {"date": "2026-05-12", "unit": "jianguan", "kind": "opinion_late_report", "points": -2.0,
         "submission": "opinions/2026/05/a.md", "detail": None},
        {"date": "2026-05-15", "unit": "jianguan", "kind": "opinion_late_reply", "points": -3.0,
         "submission": "opinions/2026/05/a.md", "detail": None}]


def test_an_unreplied_opinion_is_late_only_after_its_deadline(tmp_path: Path) -> None:
    repo = _opinion_repo(tmp_path, reported="2026-05-11 10:00 +0800", replied_by=None, replied=None)
    assert _entries(repo, as_of="2026-05-14") == []
    assert [e["date"] for e in _entries(repo, as_of="2026-05-15")] == ["2026-05-14"]


def test_only_the_office_records_a_reply(tmp_path: Path) -> None:
    repo = _opinion_repo(tmp_path, reported="2026-05-11 10:00 +0800", replied_by=ZHANG, replied="2026-05-12")
    short = repo.git("rev-parse", "--short=7", "HEAD")
    assert _beyond_units_yaml(run(repo.path, "check").stdout) == [
        f"opinions/2026/05/a.md:1:1: warning: the reply was recorded as posted by 张三 in {short}, who is not in "
        "the office; only the office (role office) posts replies (统一回复)"]


def test_without_penalties_configured_opinions_make_no_entries(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo")  # the standard scoring.yaml: no `opinions:` key
    repo.write("opinions/2026/05/a.md", opinion())
    repo.commit("舆情报送", by=ZHANG, date="2026-05-20 10:00 +0800")
    assert _entries(repo) == []


def test_a_reply_body_is_published_only_once_approved(tmp_path: Path) -> None:
    from sitekit import run_build

    repo = _opinion_repo(tmp_path, reported="2026-05-11 10:00 +0800", replied_by=ZHAO, replied="2026-05-12")
    repo.write("opinions/2026/05/b.md", opinion().replace("网友您好！我局已核查处理。", "尚未审核的回复草稿。")
               .replace("网传某工地", "另一条网帖"))
    repo.commit("舆情报送", by=ZHANG, date="2026-05-20 10:00 +0800")
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-06-30")
    approved = (out / "opinions" / "a.html").read_text(encoding="utf-8")
    pending = (out / "opinions" / "b.html").read_text(encoding="utf-8")
    assert "网友您好！我局已核查处理。" in approved
    assert "尚未审核的回复草稿" not in pending and "回复内容审核通过后显示" in pending
    index = (out / "opinions" / "index.html").read_text(encoding="utf-8")
    assert "另一条网帖" in index and "超时未回复" in index


# --------------------------------------------------------------------------- interviews, competitions

def test_an_interview_held_before_approval_is_flagged(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo")
    for name, day in (("early", "2026-03-18"), ("late", "2026-03-12")):
        path = f"interviews/2026/03/{name}.md"
        repo.write(path, f"---\ntitle: 采访{name}\noutlet: 常州日报\ndate: {day}\nunit: jianguan\n---\n提纲\n")
        repo.commit("采访登记", by=ZHANG, date="2026-03-10 10:00 +0800")
        repo.approve(path, by=ZHAO, date="2026-03-11 10:00 +0800", stage="office")
        repo.approve(path, by=LI, date="2026-03-15 10:00 +0800", stage="leader")
    proc = run(repo.path, "check")
    assert _beyond_units_yaml(proc.stdout) == [
        "interviews/2026/03/late.md:1:1: warning: the interview of 2026-03-12 was held without approval "
        "(approved only on 2026-03-15); 对媒体采访实行登记、审批"]


def test_competition_awards_score_for_approved_items_only(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo", scoring=SCORING_PLUS)
    repo.write("submissions/2026/03/a.md", submission(title="调研一", unit=["jianguan", "zhijian"],
                                                      category="research", authors=["zhangsan", "xuban"]))
    repo.write("submissions/2026/03/b.md", submission(title="调研二", category="research", authors=["zhangsan"]))
    repo.commit("报送", by=ZHANG, date="2026-03-10 10:00 +0800")
    approve_all(repo, "submissions/2026/03/a.md", date="2026-03-12 10:00 +0800")
    repo.write("competitions/2026.yaml", "name: 调研论文评比\ndate: 2026-10-20\nresults:\n"
                                         "  - {submission: submissions/2026/03/a.md, grade: 一等奖}\n"
                                         "  - {submission: submissions/2026/03/b.md, grade: 二等奖}\n")
    repo.commit("评比结果", by=ZHAO, date="2026-10-20 17:00 +0800")
    proc = run(repo.path, "scores", "--period", "2026-10", "--as-of", "2026-10-31", "--format", "json")
    data = json.loads(proc.stdout)
    assert [(e["unit"], e["kind"], e["points"], e["detail"]) for e in data["entries"]] == [
        ("jianguan", "competition", 10.0, "2026"), ("zhijian", "competition", 10.0, "2026")]
    people = {p["person"]: p["points"] for p in data["people"]}
    assert people["zhangsan"] == 10.0 and people["xuban"] == 10.0


# --------------------------------------------------------------------------- the calendar feed

def test_the_calendar_feed_is_valid_icalendar(tmp_path: Path) -> None:
    from sitekit import run_build

    repo = _opinion_repo(tmp_path, reported="2026-05-11 10:00 +0800", replied_by=None, replied=None)
    repo.write("solicitations/2026-007.md", "---\ntitle: 关于报送安全生产月活动情况的约稿, 请各单位按时报送\n"
                                            "from: 区委办\nissued: 2026-06-01\nunits: all\n---\n请报送。\n")
    repo.write("plans/2026/jianguan.yaml", "unit: jianguan\nyear: 2026\nitems:\n"
                                           "  - {id: wage, topic: 农民工工资, when: 2026-03}\n")
    repo.commit("add", by=ZHAO, date="2026-06-01 10:00 +0800")
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-06-30")
    data = (out / "calendar.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n") and data.endswith(b"END:VCALENDAR\r\n")
    lines = data.decode("utf-8").split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = data.decode("utf-8").replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260604" in unfolded       # issued + 3 days
    assert "SUMMARY:约稿截止：关于报送安全生产月活动情况的约稿\\, 请各单位按时报送" in unfolded
    assert "DTSTART;VALUE=DATE:20260331" in unfolded       # the plan's time node
    assert "SUMMARY:舆情回复截止：网传某工地拖欠农民工工资" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT") == 3
