"""A small builder of real git repositories for tests: commits as named people on given dates.

    repo = GitRepo(tmp_path)
    repo.write("submissions/2026/03/a.md", text)
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.approve("submissions/2026/03/a.md", by=WANG, date="2026-03-11 10:00 +0800", stage="unit")

No mocking: every call runs git, isolated from the user's and the system's git configuration.
"""
from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


@dataclass(frozen=True)
class Who:
    name: str
    email: str


def _date(value: str) -> str:
    """'2026-03-10 09:00 +0800' (or with seconds, or ISO) -> a date git accepts."""
    parts = value.split()
    if len(parts) == 3 and parts[1].count(":") == 1:
        parts[1] += ":00"
    if len(parts) == 2 and parts[1].count(":") == 1 and len(parts[1]) <= 5:
        parts[1] += ":00"
    if len(parts) == 1 and len(parts[0]) == 10:
        parts = [parts[0], "12:00:00", "+0800"]
    if len(parts) == 2 and not parts[1].startswith(("+", "-")):
        parts.append("+0800")
    return " ".join(parts)


class GitRepo:
    def __init__(self, path: Path, branch: str = "main"):
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        self.env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(self.path),
                         "LC_ALL": "C"})
        self.git("init", "-q", "-b", branch)
        self.git("config", "commit.gpgsign", "false")

    # ------------------------------------------------------------------ plumbing
    def git(self, *args: str, env: dict[str, str] | None = None, input: bytes | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.path, env={**self.env, **(env or {})}, input=input,
                              capture_output=True)
        if proc.returncode != 0:
            raise RuntimeError(f"git {' '.join(args)} failed: {proc.stderr.decode(errors='replace')}")
        return proc.stdout.decode("utf-8", "replace").strip()

    def write(self, rel: str, text: str | bytes) -> None:
        path = self.path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    def write_yaml(self, rel: str, data: Any) -> None:
        self.write(rel, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))

    def remove(self, rel: str) -> None:
        (self.path / rel).unlink()

    def rename(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    # ------------------------------------------------------------------ commits
    def commit(self, message: str, *, by: Who, date: str, committer: Who | None = None,
               commit_date: str | None = None, allow_empty: bool = False,
               paths: Iterable[str] | None = None) -> str:
        """Commit everything (or ``paths``) as ``by`` on ``date``; returns the commit id."""
        committer = committer or by
        env = {"GIT_AUTHOR_NAME": by.name, "GIT_AUTHOR_EMAIL": by.email, "GIT_AUTHOR_DATE": _date(date),
               "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email,
               "GIT_COMMITTER_DATE": _date(commit_date or date)}
        if paths is None:
            self.git("add", "-A")
        else:
            self.git("add", "--", *paths)
        args = ["commit", "-q", "--no-verify", "-F", "-"]
        if allow_empty:
            args.append("--allow-empty")
        self.git(*args, env=env, input=message.encode("utf-8"))
        return self.head()

    def approve(self, *paths: str, by: Who, date: str, stage: str | None = None,
                committer: Who | None = None, commit_date: str | None = None, subject: str = "Approve") -> str:
        """An empty approval commit with ``Approve:`` (and ``Stage:``) trailers, as ``bulletin approve`` writes."""
        trailers = [f"Approve: {p}" for p in paths] + ([f"Stage: {stage}"] if stage else [])
        return self.commit(f"{subject}\n\n" + "\n".join(trailers) + "\n", by=by, date=date, committer=committer,
                           commit_date=commit_date, allow_empty=True)

    def head(self) -> str:
        return self.git("rev-parse", "HEAD")

    def branch(self, name: str, start: str | None = None) -> None:
        self.git("checkout", "-q", "-b", name, *([start] if start else []))

    def checkout(self, name: str) -> None:
        self.git("checkout", "-q", name)

    def merge(self, branch: str, *, by: Who, date: str, message: str, committer: Who | None = None,
              squash: bool = False) -> str:
        """A --no-ff merge (or a squash commit) of ``branch`` into the current branch."""
        committer = committer or by
        env = {"GIT_AUTHOR_NAME": by.name, "GIT_AUTHOR_EMAIL": by.email, "GIT_AUTHOR_DATE": _date(date),
               "GIT_COMMITTER_NAME": committer.name, "GIT_COMMITTER_EMAIL": committer.email,
               "GIT_COMMITTER_DATE": _date(date)}
        if squash:
            self.git("merge", "-q", "--squash", branch, env=env)
            self.git("commit", "-q", "--no-verify", "-F", "-", env=env, input=message.encode("utf-8"))
        else:
            self.git("merge", "-q", "--no-ff", "-m", message, branch, env=env)
        return self.head()


# ---------------------------------------------------------------------- a standard small instance

ZHANG = Who("张三", "zhangsan@wj.example.gov.cn")      # liaison of jianguan
WANG = Who("王五", "wangwu@wj.example.gov.cn")         # head of jianguan
LI = Who("李四", "lisi@wj.example.gov.cn")             # leader of jianguan and zhijian
ZHAO = Who("赵六", "zhaoliu@wj.example.gov.cn")        # office
CHEN = Who("陈七", "chenqi@wj.example.gov.cn")         # chief
XU = Who("许班", "xuban@wj.example.gov.cn")            # head of zhijian, liaison of zhijian
SUN = Who("孙八", "sunba@wj.example.gov.cn")           # head of anjian
FORGE = Who("Forge", "forge@git.example.gov.cn")       # the forge that writes merge commits
STRANGER = Who("路人", "stranger@example.com")          # not in units.yaml

UNITS: dict[str, Any] = {
    "organization": {"name": "常州市武进区住房和城乡建设局", "short_name": "武进住建局"},
    "people": [
        {"id": "zhangsan", "name": "张三", "emails": [ZHANG.email], "unit": "jianguan", "roles": ["liaison"]},
        {"id": "wangwu", "name": "王五", "emails": [WANG.email], "unit": "jianguan"},
        {"id": "lisi", "name": "李四", "emails": [LI.email], "unit": "bgs", "roles": ["leader"]},
        {"id": "zhaoliu", "name": "赵六", "emails": [ZHAO.email], "unit": "bgs", "roles": ["office"]},
        {"id": "chenqi", "name": "陈七", "emails": [CHEN.email], "unit": "bgs", "roles": ["chief"]},
        {"id": "xuban", "name": "许班", "emails": [XU.email], "unit": "zhijian"},
        {"id": "sunba", "name": "孙八", "emails": [SUN.email], "unit": "anjian"},
    ],
    "units": [
        {"id": "jianguan", "name": "建筑管理科", "type": "科室", "head": ["wangwu"], "leader": "lisi",
         "liaisons": ["zhangsan"]},
        {"id": "zhijian", "name": "质监站", "type": "事业单位", "head": ["xuban"], "leader": "lisi",
         "liaisons": ["xuban"]},
        {"id": "anjian", "name": "安监站", "type": "事业单位", "head": ["sunba"], "leader": "lisi"},
        {"id": "bgs", "name": "办公室", "type": "科室", "head": ["zhaoliu"], "leader": "lisi"},
        {"id": "old", "name": "已撤销科", "type": "科室", "head": [], "active": False},
    ],
    "review": {
        "stages": [
            {"id": "unit", "name": "科室审核", "approvers": "unit.head"},
            {"id": "office", "name": "办公室审核", "approvers": "role:office"},
            {"id": "leader", "name": "分管领导签发", "approvers": "unit.leader"},
            {"id": "chief", "name": "主要领导审核", "approvers": "role:chief", "when": {"importance": "major"}},
        ],
        "author_cannot_approve": True,
        "trust": "author",
        "trusted_committers": [FORGE.email],
    },
}

SCORING: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "levels": [{"id": "national", "name": "国家级"}, {"id": "provincial", "name": "省级"},
               {"id": "municipal", "name": "市级"}, {"id": "county", "name": "区县级"}],
    "categories": [{"id": "gov_info", "name": "政务信息"}, {"id": "news", "name": "新闻宣传"},
                   {"id": "research", "name": "调研文章"}],
    "outlets": [
        {"id": "zjt", "name": "江苏省住房和城乡建设厅网站", "level": "provincial", "kind": "网站"},
        {"id": "cz-daily", "name": "常州日报", "level": "municipal", "kind": "报纸"},
        {"id": "cz-gov", "name": "常州政务信息", "level": "municipal", "kind": "刊物"},
        {"id": "wj-web", "name": "武进新闻网", "level": "county", "kind": "网站"},
        {"id": "xinhua", "name": "新华社", "level": "national", "kind": "通讯社"},
    ],
    "points": {
        "gov_info": {"national": 50, "provincial": 20, "municipal": 10, "county": 4},
        "research": {"provincial": 30},
        "default": {"national": 30, "provincial": 12, "municipal": 6},
    },
    "multiple_adoptions": "sum",
    "instruction_points": {"national": 40, "provincial": 20, "municipal": 10, "county": 5},
    "solicitation": {"deadline_days": 3, "on_time_bonus": 2, "late_penalty": -2, "missed_penalty": -5},
    "urgent_late_penalty": -5,
    "backflow_penalty": -10,
    "author_split": "equal",
    "evidence_required": True,
    "targets": {"units": {"default": {"points": 120}, "jianguan": {"points": 200}}},
    "awards": {"units": 2, "people": 2, "require_target": False},
}


def submission(title: str = "武进住建局开展农民工工资支付专项检查", unit: str | list[str] = "jianguan",
               category: str = "gov_info", body: str = "正文。\n", **fields: Any) -> str:
    """Submission text with front-matter (extra fields passed as keyword arguments)."""
    front: dict[str, Any] = {"title": title, "unit": unit, "category": category}
    front.update({k: v for k, v in fields.items() if v is not None})
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, default_flow_style=None)
    return f"---\n{text}---\n{body}"


def solicitation(title: str = "约稿：安全生产月", issued: str = "2026-03-01", units: Any = "all",
                 deadline: str | None = None) -> str:
    front: dict[str, Any] = {"title": title, "from": "市住建局办公室", "issued": issued, "units": units}
    if deadline:
        front["deadline"] = deadline
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    # dates must stay dates: yaml.safe_dump quotes strings that look like dates
    text = text.replace("'", "")
    return f"---\n{text}---\n请各单位报送。\n"


def instance(path: Path, *, units: dict[str, Any] | None = None, scoring: dict[str, Any] | None = None,
             date: str = "2026-01-02 09:00 +0800") -> GitRepo:
    """A repository with units.yaml and scoring.yaml committed by the office."""
    repo = GitRepo(path)
    repo.write_yaml("units.yaml", units or UNITS)
    repo.write_yaml("scoring.yaml", scoring or SCORING)
    repo.commit("Configuration", by=ZHAO, date=date)
    return repo


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# ---------------------------------------------------------------------- running the pipeline

def reviewed(path: Path, **trust: Any) -> tuple[Any, dict[str, Any]]:
    """(instance, review states) of the repository at ``path``, as ``bulletin status`` computes them."""
    from generator.judge.review import read_reviews, trust_settings
    from generator.read.instance import load_instance

    inst = load_instance(Path(path))
    assert inst.config is not None and inst.config_ok, [p.format() for p in inst.config_problems]
    settings = trust_settings(inst.config, Path(path), **trust)
    _history, states = read_reviews(Path(path), inst.config, inst.submissions, settings)
    return inst, states


def scores(path: Path, period: str, as_of: str, **trust: Any) -> dict[str, Any]:
    """The JSON object of ``bulletin scores --format json`` (as Python data), through the one gather."""
    import datetime as dt
    import json

    from generator.documents.report import scores_json
    from generator.judge.gather import gather
    from generator.judge.review import trust_settings
    from generator.periods import parse_period
    from generator.read.instance import load_instance

    inst = load_instance(Path(path))
    assert inst.config is not None and inst.config_ok, [p.format() for p in inst.config_problems]
    g = gather(inst, trust_settings(inst.config, Path(path), **trust), dt.date.fromisoformat(as_of))
    return json.loads(scores_json(g.scores(parse_period(period))))


def approve_all(repo: GitRepo, *paths: str, date: str, reviewers: Iterable[Who] = ()) -> None:
    """The three ordinary stages for jianguan-led items: head 王五, office 赵六, leader 李四."""
    for who in (list(reviewers) or [WANG, ZHAO, LI]):
        repo.approve(*paths, by=who, date=date)
