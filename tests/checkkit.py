"""A small valid instance for testing `bulletin check`, and helpers to run the real command.

The base instance is written once per test session (see ``template`` in
test_check.py) and copied for each test; each test then changes one file.
"""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import bulletin

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BULLETIN = VENV / "bin" / "bulletin"
if not BULLETIN.exists():  # pragma: no cover - e.g. a venv elsewhere: use the one running the tests
    BULLETIN = Path(sys.executable).parent / "bulletin"

UNITS_YAML = """\
organization: {name: 常州市武进区住房和城乡建设局, short_name: 武进住建局}
people:
  - id: zhangsan
    name: 张三
    emails: [zhangsan@wj.example.gov.cn]
    unit: jianguan
    title: 信息员
    roles: [liaison]
  - id: wangwu
    name: 王五
    emails: [wangwu@wj.example.gov.cn]
    unit: jianguan
    title: 科长
  - id: lisi
    name: 李四
    emails: [lisi@wj.example.gov.cn]
    unit: bangongshi
    title: 副局长
    roles: [office]
units:
  - id: jianguan
    name: 建筑管理科
    type: 科室
    head: [wangwu]
    leader: lisi
    liaisons: [zhangsan]
    active: true
  - id: bangongshi
    name: 办公室
    type: 科室
    head: [lisi]
    leader: lisi
    liaisons: [lisi]
review:
  stages:
    - {id: unit,   name: 科室审核,     approvers: unit.head}
    - {id: office, name: 办公室审核,   approvers: "role:office"}
    - {id: leader, name: 分管领导签发, approvers: unit.leader}
  author_cannot_approve: true
  trust: author
  trusted_committers: []
"""

SCORING_YAML = """\
timezone: Asia/Shanghai
levels:
  - {id: national,   name: 国家级}
  - {id: provincial, name: 省级}
  - {id: municipal,  name: 市级}
  - {id: county,     name: 区县级}
categories:
  - {id: gov_info,   name: 政务信息}
  - {id: party_info, name: 党建信息}
  - {id: news,       name: 新闻宣传}
outlets:
  - {id: js-zjt-web, name: 江苏省住房和城乡建设厅网站, level: provincial, kind: 网站}
points:
  gov_info: {national: 50, provincial: 20, municipal: 10, county: 4}
  default:  {national: 30, provincial: 12, municipal: 6,  county: 2}
multiple_adoptions: sum
instruction_points: {national: 40, provincial: 20, municipal: 10, county: 5}
solicitation: {deadline_days: 3, on_time_bonus: 2, late_penalty: -2, missed_penalty: -5}
urgent_late_penalty: -5
backflow_penalty: -10
author_split: equal
evidence_required: true
targets:
  units: {default: {points: 120}, jianguan: {points: 200}}
awards: {units: 3, people: 10, require_target: true}
"""

SOLICITATION_PATH = "solicitations/2026-007.md"
SOLICITATION_MD = """\
---
title: 关于报送农民工工资支付工作信息的约稿
from: 市住建局办公室
issued: 2026-03-10
deadline: 2026-03-13
units: [jianguan]
---
请各科室报送农民工工资支付相关工作信息。
"""

SUBMISSION_PATH = "submissions/2026/03/wage-check.md"
EVIDENCE_PATH = "evidence/2026/03/wage-check-zjt.png"
# Line numbers matter: tests point at them (title is line 2, unit 3, ...).
SUBMISSION_MD = """\
---
title: 武进住建局开展农民工工资支付专项检查
unit: jianguan
category: gov_info
authors: [zhangsan]
importance: normal
urgent: false
solicitation: 2026-007
tags: [农民工工资]
adoptions:
  - outlet: js-zjt-web
    date: 2026-03-20
    evidence: evidence/2026/03/wage-check-zjt.png
---
3月12日，区住建局对全区在建项目开展农民工工资支付专项检查。

检查覆盖项目20个。
"""

FILES = {
    "units.yaml": UNITS_YAML,
    "scoring.yaml": SCORING_YAML,
    SOLICITATION_PATH: SOLICITATION_MD,
    SUBMISSION_PATH: SUBMISSION_MD,
}

AUTHOR = {
    "GIT_AUTHOR_NAME": "张三", "GIT_AUTHOR_EMAIL": "zhangsan@wj.example.gov.cn",
    "GIT_AUTHOR_DATE": "2026-03-12T10:00:00+08:00",
    "GIT_COMMITTER_NAME": "张三", "GIT_COMMITTER_EMAIL": "zhangsan@wj.example.gov.cn",
    "GIT_COMMITTER_DATE": "2026-03-12T10:00:00+08:00",
}


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` as the named author, isolated from the user's configuration."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(AUTHOR, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, LC_ALL="C.UTF-8")
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def write_base(repo: Path) -> None:
    """Write the valid base instance into ``repo`` (a directory that need not exist)."""
    for rel, text in FILES.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    evidence = repo / EVIDENCE_PATH
    evidence.parent.mkdir(parents=True, exist_ok=True)
    evidence.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)


def commit_all(repo: Path, message: str = "Add files") -> str:
    """Commit everything in ``repo``; return the new HEAD."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def init_repo(repo: Path) -> None:
    git(repo, "init", "-q", "-b", "main")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def run_bulletin(*args: str, cwd: Path | None = None, timeout: float = 60) -> Result:
    """Run the installed console command (not the library) and capture its output."""
    env = {k: v for k, v in os.environ.items() if k not in ("BULLETIN_DEBUG",)}
    env.setdefault("LC_ALL", "C.UTF-8")
    done = bulletin(*args, cwd=cwd, env=env, timeout=timeout)
    return Result(done.returncode, done.stdout, done.stderr)


def state(repo: Path) -> tuple[str, str]:
    """(HEAD, `git status --porcelain`) to prove a command left the repository alone."""
    head = subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=repo, capture_output=True,
                          text=True).stdout.strip()
    status = git(repo, "status", "--porcelain", "--untracked-files=all", "--ignored")
    return head, status
