"""``bulletin new`` and ``bulletin approve``, run as the real command in real repositories."""
from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import bulletin
from gitbuilder import (
    LI,
    STRANGER,
    SUN,
    UNITS,
    WANG,
    ZHANG,
    ZHAO,
    GitRepo,
    Who,
    _date,
    instance,
    solicitation,
    submission,
)

BULLETIN = str(Path(sys.executable).parent / "bulletin")
A = "submissions/2026/03/a.md"


def run(repo: GitRepo, *args: str, who: Who | None = None, date: str | None = None,
        input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``bulletin ARGS`` in ``repo`` as ``who`` (git identity) at ``date``."""
    env = dict(repo.env)
    if who is not None:
        env.update({"GIT_AUTHOR_NAME": who.name, "GIT_AUTHOR_EMAIL": who.email,
                    "GIT_COMMITTER_NAME": who.name, "GIT_COMMITTER_EMAIL": who.email})
    if date is not None:
        env.update({"GIT_AUTHOR_DATE": _date(date), "GIT_COMMITTER_DATE": _date(date)})
    return bulletin(*args, cwd=repo.path, env=env, input=input)


def status_json(repo: GitRepo, *paths: str, **opts: str) -> dict[str, Any]:
    args = [f"--{k.replace('_', '-')}={v}" for k, v in opts.items()]
    proc = run(repo, "status", "--format", "json", *args, *paths)
    assert proc.returncode == 0, proc.stderr
    return {s["path"]: s for s in json.loads(proc.stdout)}


def stage_states(repo: GitRepo, path: str, **opts: str) -> dict[str, str]:
    return {s["stage"]: s["state"] for s in status_json(repo, path, **opts)[path]["stages"]}


def snapshot(repo: GitRepo) -> tuple[str, ...]:
    """HEAD, the refs, the index and the working tree, to prove a refused command changed nothing."""
    return (repo.head(), repo.git("for-each-ref"), repo.git("ls-files", "-s"),
            repo.git("status", "--porcelain=v1", "--untracked-files=all"), repo.git("diff", "HEAD", "--binary"))


def committed(tmp_path: Path, units: dict[str, Any] | None = None, text: str | None = None) -> GitRepo:
    repo = instance(tmp_path, units=units)
    repo.write(A, text or submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    return repo


# --------------------------------------------------------------------------- the whole flow

def test_liaison_new_check_commit_then_reviewers_approve_and_status_shows_stages(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    made = run(repo, "new", "--title", "武进住建局开展农民工工资支付专项检查", "--category", "政务信息", "--no-input",
               "--date", "2026-03-10", who=ZHANG)
    assert made.returncode == 0, made.stderr
    path = made.stdout.strip()
    assert path == "submissions/2026/03/jianguan-0310.md"
    front = yaml.safe_load((repo.path / path).read_text(encoding="utf-8").split("---\n")[1])
    assert front == {"title": "武进住建局开展农民工工资支付专项检查", "unit": "jianguan", "category": "gov_info",
                     "authors": ["zhangsan"], "importance": "normal", "urgent": False, "tags": []}
    assert f"bulletin check {path}" in made.stderr
    checked = run(repo, "check", path)
    # The body still holds the template's placeholders: check says so (warnings, not errors).
    assert checked.returncode == 0 and checked.stderr == "已检查 1 个文件：0 个错误，2 个警告\n"
    assert [line.split(": warning: ")[1][:17] for line in checked.stdout.splitlines()] == [
        "模板占位文字“（在此撰写导语。）”", "模板占位文字“（在此撰写正文。）”"]
    repo.commit("报送：农民工工资", by=ZHANG, date="2026-03-10 09:30 +0800")

    assert stage_states(repo, path) == {"unit": "missing", "office": "missing", "leader": "missing"}
    approved = run(repo, "approve", path, who=WANG, date="2026-03-11 10:00 +0800")
    assert approved.returncode == 0, approved.stderr
    assert "科室审核：已通过（王五 2026-03-11）" in approved.stdout
    assert "办公室审核：待审核（可审核：赵六）" in approved.stdout
    assert repo.git("log", "-1", "--format=%an <%ae>%n%B") == (
        f"王五 <{WANG.email}>\n审核通过：武进住建局开展农民工工资支付专项检查\n\nApprove: {path}")
    assert stage_states(repo, path) == {"unit": "approved", "office": "missing", "leader": "missing"}
    assert run(repo, "approve", path, "--stage", "office", who=ZHAO, date="2026-03-12 10:00 +0800").returncode == 0
    signed_off = run(repo, "approve", path, who=LI, date="2026-03-13 10:00 +0800")
    assert signed_off.returncode == 0
    assert repo.git("log", "-1", "--format=%s") == "签发：武进住建局开展农民工工资支付专项检查"
    state = status_json(repo, path)[path]
    assert state["approved"] and state["approved_at"] == "2026-03-13T10:00:00+08:00"
    assert [(a["person"], a["stage"], a["verdict"]) for a in state["approvals"]] == [
        ("wangwu", None, "current"), ("zhaoliu", "office", "current"), ("lisi", None, "current")]


def test_approval_commit_records_head_and_leaves_the_index_and_work_tree_alone(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.write("notes.txt", "staged, not part of any approval\n")
    repo.git("add", "notes.txt")
    repo.write("scratch.txt", "untracked\n")
    before = repo.git("status", "--porcelain=v1", "--untracked-files=all")
    parent = repo.head()
    assert run(repo, "approve", A, who=WANG, date="2026-03-11 10:00 +0800").returncode == 0
    assert repo.git("rev-parse", "HEAD^") == parent
    assert repo.git("rev-parse", "HEAD^{tree}") == repo.git("rev-parse", f"{parent}^{{tree}}")
    assert repo.git("status", "--porcelain=v1", "--untracked-files=all") == before


def test_several_items_in_one_approval_with_a_stage(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.write("submissions/2026/03/b.md", submission(title="质量安全月活动"))
    repo.commit("报送：b", by=ZHANG, date="2026-03-10 10:00 +0800")
    proc = run(repo, "approve", A, "submissions/2026/03/b.md", "--stage", "科室审核", who=WANG,
               date="2026-03-11 10:00 +0800")
    assert proc.returncode == 0, proc.stderr
    assert repo.git("log", "-1", "--format=%B") == (
        "审核通过：武进住建局开展农民工工资支付专项检查等2篇\n\n"
        f"Approve: {A}\nApprove: submissions/2026/03/b.md\nStage: unit")
    assert stage_states(repo, "submissions/2026/03/b.md")["unit"] == "approved"


# --------------------------------------------------------------------------- bulletin new

def test_new_asks_for_what_is_missing(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.write("solicitations/2026-003.md", solicitation(issued="2026-03-09", units=["jianguan"]))
    repo.commit("约稿", by=ZHAO, date="2026-03-09 09:00 +0800")
    # unit (Enter: the default, 张三's unit), category, title, urgent? event date, solicitation
    answers = "\n政务信息\n暴雨夜间抢险\ny\n2026-03-09\n2026-003\n"
    proc = run(repo, "new", "--date", "2026-03-10", who=ZHANG, input=answers)
    assert proc.returncode == 0, proc.stderr
    assert "2026-003  约稿：安全生产月" in proc.stderr
    text = (repo.path / "submissions/2026/03/jianguan-0310.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["urgent"] is True and str(front["event_date"]) == "2026-03-09"
    assert front["solicitation"] == "2026-003" and front["title"] == "暴雨夜间抢险"
    assert run(repo, "check", "submissions/2026/03/jianguan-0310.md").returncode == 0


def test_new_never_overwrites_a_file(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    args = ["new", "--title", "标题：带冒号 # 和井号", "--category", "gov_info", "--no-input", "--date", "2026-03-10"]
    first = run(repo, *args, who=ZHANG)
    second = run(repo, *args, who=ZHANG)
    assert (first.stdout.strip(), second.stdout.strip()) == ("submissions/2026/03/jianguan-0310.md",
                                                             "submissions/2026/03/jianguan-0310-2.md")
    front = yaml.safe_load((repo.path / "submissions/2026/03/jianguan-0310.md").read_text().split("---\n")[1])
    assert front["title"] == "标题：带冒号 # 和井号"
    repo.write("submissions/2026/03/wage.md", "mine\n")
    clash = run(repo, *args, "--slug", "wage", who=ZHANG)
    assert clash.returncode == 1
    assert clash.stderr.startswith("submissions/2026/03/wage.md:1:1: error: 文件已存在，bulletin new 不会覆盖它")
    assert (repo.path / "submissions/2026/03/wage.md").read_text() == "mine\n"


@pytest.mark.parametrize("args, message", [
    (["--unit", "jianguang"], "没有单位“jianguang”；是否指 jianguan（建筑管理科）？可选："),
    (["--category", "gov"], "没有类别“gov”"),
    (["--slug", "Wage Check"], "不能作文件名"),
    (["--solicitation", "2026-999"], "没有约稿“2026-999”"),
    (["--event-date", "2026-03-09"], "只有紧急信息（--urgent）才填写事发日期"),
    (["--urgent", "--event-date", "2026-02-30"], "“2026-02-30”不是日期"),
])
def test_new_refuses_bad_values_and_writes_nothing(tmp_path: Path, args: list[str], message: str) -> None:
    repo = instance(tmp_path)
    base = {"--title": "标题", "--category": "gov_info"}
    for a in args:
        base.pop(a, None)
    flat = [x for kv in base.items() for x in kv]
    proc = run(repo, "new", "--no-input", *flat, *args, who=ZHANG)
    assert proc.returncode == 2 and message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (repo.path / "submissions").exists()


def test_new_without_input_names_what_is_missing(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    proc = run(repo, "new", "--no-input", "--category", "gov_info", who=STRANGER)
    assert proc.returncode == 2
    assert "缺少 --unit, --title" in proc.stderr
    assert "不在 units.yaml 的人员名单中" in proc.stderr


def test_new_for_an_unknown_identity_writes_no_authors(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    proc = run(repo, "new", "--no-input", "--unit", "建筑管理科", "--category", "gov_info", "--title", "标题",
               "--date", "2026-03-10", who=STRANGER)
    assert proc.returncode == 0
    front = yaml.safe_load((repo.path / proc.stdout.strip()).read_text().split("---\n")[1])
    assert "authors" not in front and front["unit"] == "jianguan"


# --------------------------------------------------------------------------- bulletin approve refuses

def refused(repo: GitRepo, *args: str, who: Who, code: int = 1) -> str:
    before = snapshot(repo)
    proc = run(repo, "approve", *args, who=who, date="2026-03-11 10:00 +0800")
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(repo) == before
    return proc.stderr


def test_an_author_cannot_approve(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    err = refused(repo, A, who=ZHANG)
    assert err.startswith(f"{A}:1:1: error: 张三是本稿件的作者，不能审核本人的稿件")
    assert "科室审核（王五）" in err and err.endswith("没有写入审核记录\n")


def test_a_person_eligible_for_no_pending_stage_is_refused(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    assert "孙八不是本稿件任何待审环节的审核人；待审环节：科室审核（王五）、办公室审核（赵六）、分管领导签发（李四）" \
        in refused(repo, A, who=SUN)
    assert "王五不是“办公室审核”的审核人（可审核：赵六）" in refused(repo, A, "--stage", "office", who=WANG)
    assert "本稿件不需要“主要领导审核”环节" in refused(repo, A, "--stage", "chief", who=WANG)
    assert "没有审核环节“offce”；是否指 office？" in refused(repo, A, "--stage", "offce", who=ZHAO, code=2)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    assert "王五可审核的环节（科室审核）都已通过，无需再审" in refused(repo, A, who=WANG)
    assert "“科室审核”已由王五审核通过，无需再审" in refused(repo, A, "--stage", "unit", who=WANG)


def test_a_stale_approval_may_be_renewed(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    repo.write(A, submission(body="改过的正文。\n"))
    repo.commit("修改", by=ZHANG, date="2026-03-11 09:30 +0800")
    assert run(repo, "approve", A, who=WANG, date="2026-03-11 10:00 +0800").returncode == 0
    assert stage_states(repo, A)["unit"] == "approved"


def test_invalid_uncommitted_and_unknown_are_refused(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.write("submissions/2026/03/bad.md", submission(unit="jianguang"))
    repo.commit("报送：bad", by=ZHANG, date="2026-03-10 10:00 +0800")
    err = refused(repo, "submissions/2026/03/bad.md", who=WANG)
    assert "稿件有 1 处错误，不能审核：未知单位“jianguang”；是否指 jianguan（建筑管理科）？" in err
    repo.write("submissions/2026/03/new.md", submission())
    assert "稿件还没有提交到仓库" in refused(repo, "submissions/2026/03/new.md", who=WANG)
    repo.write(A, submission(body="未提交的修改\n"))
    assert "稿件有未提交的修改" in refused(repo, A, who=WANG)
    repo.git("checkout", "--", A)
    assert "不在 units.yaml 的人员名单中" in refused(repo, A, who=STRANGER)
    assert "不是稿件文件" in refused(repo, "units.yaml", who=WANG, code=2)
    assert "submissions/2026/03/nope.md：文件或目录不存在" in refused(repo, "submissions/2026/03/nope.md", who=WANG, code=2)


def test_signature_trust_needs_sign(tmp_path: Path) -> None:
    units = copy.deepcopy(UNITS)
    units["review"]["trust"] = "signature"
    repo = committed(tmp_path, units=units)
    err = refused(repo, A, who=WANG)
    assert "units.yaml:1:1: error: 本单位要求签名审核（review.trust: signature），未签名的审核不计入：请加 --sign" in err
    err = refused(repo, A, "--sign", who=WANG)
    assert "签名需要 SSH 密钥：请先运行 git config user.signingkey" in err
