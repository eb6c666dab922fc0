"""``bulletin return`` and the SPEC 9 refusals of ``approve``/``return``, through the real command."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import (
    LI,
    SUN,
    UNITS,
    WANG,
    ZHANG,
    ZHAO,
    GitRepo,
    Who,
    instance,
    submission,
)
from test_new_approve import run, snapshot

A = "submissions/2026/03/a.md"


def committed(tmp_path: Path, ordered: bool = False) -> GitRepo:
    units: dict[str, Any] = copy.deepcopy(UNITS)
    units["review"]["ordered"] = ordered
    repo = instance(tmp_path, units=units)
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    return repo


def refused(repo: GitRepo, command: str, *args: str, who: Who) -> str:
    before = snapshot(repo)
    proc = run(repo, command, *args, who=who, date="2026-03-12 10:00 +0800")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(repo) == before
    return proc.stderr


def status(repo: GitRepo) -> dict[str, Any]:
    proc = run(repo, "status", "--format", "json", A)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)[0]


def test_return_writes_a_commit_with_the_reason_and_status_shows_it(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    proc = run(repo, "return", A, "--reason", "数据口径不一致，请核实。\n\n另：标题过长。", who=ZHAO,
               date="2026-03-12 10:00 +0800")
    assert proc.returncode == 0, proc.stderr
    assert "已写入退回提交" in proc.stdout
    message = repo.git("log", "-1", "--format=%B")
    assert message.startswith("退回修改：武进住建局开展农民工工资支付专项检查\n\n数据口径不一致，请核实。\n\n另：标题过长。\n\n")
    assert message.rstrip().endswith(f"Return: {A}")
    st = status(repo)
    assert st["approved"] is False and st["returned"]["person"] == "zhaoliu"
    assert st["returned"]["reason"] == "数据口径不一致，请核实。\n\n另：标题过长。"
    assert st["returned"]["at"].startswith("2026-03-12T10:00")
    text = run(repo, "status", A).stdout
    assert "returned for revision by 赵六 on 2026-03-12: 数据口径不一致，请核实。" in text


def test_return_refusals_write_nothing(tmp_path: Path) -> None:
    repo = committed(tmp_path, ordered=True)
    assert "张三是本稿件的作者，不能退回本人的稿件" in refused(repo, "return", A, "--reason", "x", who=ZHANG)
    assert "孙八不是本稿件任何待审环节的审核人" in refused(repo, "return", A, "--reason", "x", who=SUN)
    assert "须先完成“科室审核”（王五）" in refused(repo, "return", A, "--reason", "x", who=LI)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    assert "王五已审核通过当前版本" in refused(repo, "return", A, "--reason", "x", who=WANG)
    proc = run(repo, "return", A, "--reason", "  ", who=ZHAO)
    assert proc.returncode == 2 and "请写明退回理由" in proc.stderr


def test_approve_refuses_a_stage_not_yet_due_under_ordered_review(tmp_path: Path) -> None:
    repo = committed(tmp_path, ordered=True)
    err = refused(repo, "approve", A, who=LI)
    assert "还没有轮到李四：本局实行逐级审核（units.yaml review.ordered），须先完成“科室审核”（王五）" in err
    assert "须先完成“科室审核”" in refused(repo, "approve", A, "--stage", "leader", who=LI)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    assert "须先完成“办公室审核”（赵六）" in refused(repo, "approve", A, who=LI)
    assert run(repo, "approve", A, who=ZHAO, date="2026-03-12 09:00 +0800").returncode == 0
    assert run(repo, "approve", A, who=LI, date="2026-03-13 09:00 +0800").returncode == 0
    assert status(repo)["approved"] is True


def test_without_ordered_review_the_leader_may_sign_first(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    assert run(repo, "approve", A, who=LI, date="2026-03-12 09:00 +0800").returncode == 0


def test_the_returner_may_approve_again_to_end_the_return(tmp_path: Path) -> None:
    repo = committed(tmp_path)
    for who, day in ((WANG, "11"), (ZHAO, "12")):
        repo.approve(A, by=who, date=f"2026-03-{day} 09:00 +0800")
    # who approved the current version may not return it
    assert "赵六已审核通过当前版本" in refused(repo, "return", A, "--reason", "x", who=ZHAO)
    assert run(repo, "return", A, "--reason", "再看看。", who=LI, date="2026-03-14 09:00 +0800").returncode == 0
    assert status(repo)["approved"] is False
    # someone else who approved the current content may not approve it again
    assert "王五已审核通过当前版本" in refused(repo, "approve", A, who=WANG)
    proc = run(repo, "approve", A, who=LI, date="2026-03-15 09:00 +0800")
    assert proc.returncode == 0, proc.stderr
    st = status(repo)
    assert st["approved"] is True and st["returned"] is None and st["returns"][0]["verdict"] == "ended"


@pytest.mark.parametrize("who", [WANG])
def test_an_eligible_person_without_an_approval_may_approve_a_stage_someone_else_met(tmp_path: Path,
                                                                                      who: Who) -> None:
    units: dict[str, Any] = copy.deepcopy(UNITS)
    units["units"][0]["head"] = ["wangwu", "sunba"]
    repo = instance(tmp_path, units=units)
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.approve(A, by=SUN, date="2026-03-11 09:00 +0800")
    assert run(repo, "approve", A, who=who, date="2026-03-12 09:00 +0800").returncode == 0
