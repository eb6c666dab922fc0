"""The reviewer's queue and 我的待办: working days, status --pending, the site's pages and feeds."""
from __future__ import annotations

import copy
import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import SCORING, UNITS, WANG, ZHANG, ZHAO, GitRepo, instance, submission
from sitekit import BULLETIN, run_build

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
TITLE_A = "关于“住房安全”的调研, 第一期; 附\\反斜杠"


def config(**review: Any) -> Any:
    from generator.read.config import Config, Review, Scoring

    base = Review(stages=())
    rv = Review(stages=(), holidays=tuple(review.get("holidays", ())), workdays=tuple(review.get("workdays", ())),
                overdue_days=base.overdue_days)
    return Config("", "", {}, {}, rv, Scoring("Asia/Shanghai", (), (), {}, {}))


def test_working_days_are_monday_to_friday_minus_holidays_plus_workdays() -> None:
    from generator.judge.worklist import add_working_days, working_days

    plain = config()
    monday = dt.date(2026, 3, 9)
    assert working_days(monday, monday, plain) == 0
    assert working_days(monday, dt.date(2026, 3, 10), plain) == 1          # Tuesday
    assert working_days(monday, dt.date(2026, 3, 15), plain) == 4          # through Sunday
    assert working_days(monday, dt.date(2026, 3, 16), plain) == 5          # next Monday
    assert add_working_days(dt.date(2026, 3, 12), 3, plain) == dt.date(2026, 3, 17)   # Thu + 3 -> Tue
    holiday = config(holidays=[dt.date(2026, 3, 10)], workdays=[dt.date(2026, 3, 14)])
    assert working_days(monday, dt.date(2026, 3, 15), holiday) == 4        # Tue off, Sat worked


def repo_with_queue(tmp_path: Path) -> GitRepo:
    units: dict[str, Any] = copy.deepcopy(UNITS)
    units["review"]["ordered"] = True
    repo = instance(tmp_path, units=units, scoring=copy.deepcopy(SCORING))
    repo.write(A, submission(title=TITLE_A))
    repo.commit("报送：a", by=ZHANG, date="2026-03-09 09:00 +0800")        # Monday
    repo.approve(A, by=WANG, date="2026-03-10 09:00 +0800")                # the office's stage opens on Tue
    repo.write(B, submission(title="建筑工地扬尘治理", unit="jianguan"))
    repo.commit("报送：b", by=ZHANG, date="2026-03-12 09:00 +0800")
    repo.approve(B, by=WANG, date="2026-03-12 10:00 +0800")
    repo.commit("退回修改：b\n\n数据需核实。\n\nReturn: " + B + "\n", by=ZHAO, date="2026-03-13 09:00 +0800",
                allow_empty=True)
    return repo


def pending(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BULLETIN), "status", "--pending", *args], cwd=repo.path, env=repo.env,
                          capture_output=True, text=True)


def test_status_pending_lists_title_unit_stage_days_and_overdue(tmp_path: Path) -> None:
    repo = repo_with_queue(tmp_path)
    on_time = pending(repo, "--as-of", "2026-03-13")
    assert on_time.returncode == 0, on_time.stderr
    line = f"赵六 (1)\n  {A}  办公室审核  《{TITLE_A}》  建筑管理科  已等待 3 个工作日（自 2026-03-10）\n"
    assert line in on_time.stdout
    assert "李四" not in on_time.stdout            # ordered review: the leader's stage is not open yet
    late = pending(repo, "--as-of", "2026-03-16")
    assert "已等待 4 个工作日（自 2026-03-10）  [已逾期：超过 3 个工作日]" in late.stdout
    # the returned item is listed for its author, with who returned it and why
    assert f"张三（退回修改） (1)\n  {B}  退回修改  《建筑工地扬尘治理》  建筑管理科  已等待 1 个工作日（自 2026-03-13）" \
           f"  赵六退回：数据需核实。" in late.stdout
    data = json.loads(pending(repo, "--as-of", "2026-03-16", "--format", "json").stdout)
    rows = {g["waiting_for"]: g["items"] for g in data}
    assert rows["赵六"][0]["days"] == 4 and rows["赵六"][0]["overdue"] is True and rows["赵六"][0]["due"] == "2026-03-13"
    assert rows["张三（退回修改）"][0]["reason"] == "数据需核实。"


def test_a_bad_as_of_is_a_usage_error(tmp_path: Path) -> None:
    repo = repo_with_queue(tmp_path)
    proc = pending(repo, "--as-of", "2026-02-30")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def queue_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("queue")
    repo = repo_with_queue(root / "repo")
    out = root / "site"
    run_build(repo.path, out, "--as-of", "2026-03-16")
    return out


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    body = re.search(r"<article.*?</article>", html, re.DOTALL)
    assert body
    import html as h
    return re.sub(r"\s+", " ", h.unescape(re.sub(r"<[^>]+>", " ", body.group(0))))


def test_the_review_page_shows_working_days_overdue_and_returns(queue_site: Path) -> None:
    text = text_of(queue_site / "review" / "index.html")
    assert "按工作日计算（周一至周五），超过 3 个工作日未处理即标为逾期。" in text
    assert TITLE_A in text and "办公室审核（赵六）" in text and "4 已逾期" in text
    assert "退回修改的稿件（1）" in text
    assert "建筑工地扬尘治理" in text and "赵六 2026-03-13 数据需核实。" in text
    html = (queue_site / "review" / "index.html").read_text(encoding="utf-8")
    assert 'href="../todo/zhaoliu.html"' in html


def test_each_person_has_a_todo_page_linked_from_organisation_and_unit(queue_site: Path) -> None:
    org = (queue_site / "organization" / "index.html").read_text(encoding="utf-8")
    assert 'href="../todo/zhangsan.html"' in org
    unit = (queue_site / "units" / "jianguan.html").read_text(encoding="utf-8")
    assert 'href="../todo/wangwu.html"' in unit
    zhao = text_of(queue_site / "todo" / "zhaoliu.html")
    assert "赵六的待办" in zhao and "待我审核" in zhao
    assert f"审核《{TITLE_A}》（建筑管理科，办公室审核），已等待 4 个工作日（已逾期）" in zhao
    zhang = text_of(queue_site / "todo" / "zhangsan.html")
    assert "退回待修改" in zhang and "修改被退回的《建筑工地扬尘治理》（赵六退回：数据需核实。）" in zhang
    sun = text_of(queue_site / "todo" / "sunba.html")
    assert "目前没有待办事项。" in sun or "目标进度落后" in sun


def test_the_personal_calendar_feed_escapes_text(queue_site: Path) -> None:
    ics = (queue_site / "todo" / "zhaoliu.ics").read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    unfolded = ics.replace("\r\n ", "")
    assert "DTSTART;VALUE=DATE:20260313" in unfolded
    assert "关于“住房安全”的调研\\, 第一期\\; 附\\\\反斜杠" in unfolded
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))


def test_a_person_reaches_their_todo_list_from_the_organisation_page(queue_site: Path) -> None:
    from sitekit import browser, serve

    with serve(queue_site) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(base + "organization/index.html")
        page.get_by_role("link", name="赵六").first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("todo/zhaoliu.html")
        assert page.get_by_role("heading", name="赵六的待办").count() == 1
        body = page.locator("article").inner_text()
        assert "审核《" + TITLE_A + "》" in body and "已逾期" in body
        page.goto(base + "review/index.html")
        assert "退回修改的稿件（1）" in page.locator("article").inner_text()
        assert [u for u in requests if not u.startswith(base) and not u.startswith("data:")] == []
