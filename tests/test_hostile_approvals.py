"""Hostile history, class 1: approvals that must not count (docs/security.md).

Each row builds a real repository as a liaison or a head would, and runs the real command;
the outcome is asserted exactly: which items are approved, each approval's verdict and reason,
exit code 0, no traceback, and a repository left as it was.
"""
from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any, Callable

import pytest
from gitbuilder import FORGE, LI, UNITS, WANG, ZHANG, ZHAO, GitRepo, Who, approve_all, instance, submission
from test_new_approve import BULLETIN, snapshot

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
C = "submissions/2026/03/c.md"
X = "submissions/2026/03/x.md"
ALIAS = Who("王五", "wang.home@example.com")       # 王五's private address: no one's in units.yaml
STAGES = ("unit", "office", "leader")


def status(repo: GitRepo, *args: str) -> tuple[dict[str, Any], str]:
    before = snapshot(repo)
    proc = subprocess.run([BULLETIN, "status", "--format", "json", *args], cwd=repo.path, env=repo.env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot(repo) == before
    return {s["path"]: s for s in json.loads(proc.stdout)}, proc.stderr


def verdicts(st: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(a["person"] or a["identity"], a["verdict"], a["reason"]) for a in st["approvals"]]


# --------------------------------------------------------------------------- the scenarios (author trust)

def named_before_it_existed(repo: GitRepo) -> dict[str, str]:
    """Approvals name a.md before it exists; an unreviewed file is then renamed onto a.md."""
    repo.write(X, submission(title="未经审核的稿件"))
    repo.commit("报送：x", by=ZHANG, date="2026-03-10 09:00 +0800")
    ids = {}
    for who, day in ((WANG, "11"), (ZHAO, "12"), (LI, "13")):
        ids[who.email] = repo.approve(A, by=who, date=f"2026-03-{day} 10:00 +0800")[:7]
    repo.rename(X, A)
    repo.commit("改名", by=ZHANG, date="2026-03-14 09:00 +0800")
    return ids


def renamed_away_and_readded(repo: GitRepo) -> dict[str, str]:
    """a.md is approved, renamed to b.md, and a copy is added again at a.md."""
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    ids = {"approvals": repo.git("log", "-3", "--format=%h")}
    repo.rename(A, B)
    repo.commit("改名", by=ZHANG, date="2026-03-12 09:00 +0800")
    repo.write(A, submission())
    repo.commit("再次报送", by=ZHANG, date="2026-03-12 10:00 +0800")
    return ids


def renamed_away_readded_and_renamed_again(repo: GitRepo) -> dict[str, str]:
    """As above, and the copy is renamed to c.md: both files now claim a.md as a former name."""
    ids = renamed_away_and_readded(repo)
    repo.rename(A, C)
    repo.commit("改名", by=ZHANG, date="2026-03-13 09:00 +0800")
    return ids


def alias_head(repo: GitRepo) -> dict[str, str]:
    """The head adds his own item from an address no one has, without authors:, and approves it."""
    repo.write(A, submission(title="王五自己的稿件"))
    repo.commit("报送", by=ALIAS, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    return {}


def alias_head_through_the_forge(repo: GitRepo) -> dict[str, str]:
    """The same through a merge request that the forge merges with Approved-by: trailers."""
    repo.branch("submit/a")
    repo.write(A, submission(title="王五自己的稿件"))
    repo.commit("报送", by=ALIAS, date="2026-03-10 09:00 +0800")
    repo.checkout("main")
    trailers = "".join(f"Approved-by: {w.name} <{w.email}>\n" for w in (WANG, ZHAO, LI))
    repo.merge("submit/a", by=FORGE, date="2026-03-11 10:00 +0800",
               message="Merge branch 'submit/a' into 'main'\n\n" + trailers)
    return {}


UNKNOWN = ("no one can tell who wrote this item (it has no 'authors:' and whoever added it is not a person "
           "in units.yaml), so no approver can be shown not to be its author; name its authors in 'authors:'")


def _was(path: str, commit: str, now: str) -> str:
    return (f"{path} in commit {commit} was the file now at {now}, not this one: an approval approves the one "
            "file its path named then")


CASES: list[tuple[str, Callable[[GitRepo], dict[str, str]], dict[str, bool], str, Callable[..., list[Any]]]] = [
    ("named-before-it-existed", named_before_it_existed, {A: False}, A,
     lambda ids: [(who, "ignored", f"{A} did not exist in commit {ids[email]}, so it approves nothing")
                  for who, email in (("wangwu", WANG.email), ("zhaoliu", ZHAO.email), ("lisi", LI.email))]),
    ("renamed-away-and-readded", renamed_away_and_readded, {A: False, B: True}, A,
     lambda ids: [(who, "ignored", _was(A, commit, B))
                  for who, commit in zip(("wangwu", "zhaoliu", "lisi"), reversed(ids["approvals"].split()), strict=True)]),
    ("renamed-away-readded-renamed", renamed_away_readded_and_renamed_again, {B: True, C: False}, C,
     lambda ids: [(who, "ignored", _was(A, commit, B))
                  for who, commit in zip(("wangwu", "zhaoliu", "lisi"), reversed(ids["approvals"].split()), strict=True)]),
    ("alias-head", alias_head, {A: False}, A,
     lambda ids: [("wangwu", "ignored", UNKNOWN), ("zhaoliu", "ignored", UNKNOWN), ("lisi", "ignored", UNKNOWN)]),
    ("alias-head-forge", alias_head_through_the_forge, {A: False}, A,
     lambda ids: [(who, "ignored", UNKNOWN) for who in ("wangwu", "zhaoliu", "lisi")]),
]


@pytest.mark.parametrize("name, build, approved, path, expected", CASES, ids=[c[0] for c in CASES])
def test_approvals_that_must_not_count(tmp_path: Path, name: str, build: Callable[[GitRepo], dict[str, str]],
                                       approved: dict[str, bool], path: str,
                                       expected: Callable[..., list[Any]]) -> None:
    repo = instance(tmp_path / "r")
    ids = build(repo)
    states, _ = status(repo)
    assert {p: s["approved"] for p, s in states.items()} == approved
    assert verdicts(states[path]) == expected(ids)
    assert [s["state"] for s in states[path]["stages"]] == ["missing"] * 3
    # the scores agree: one approved item at most, never two from one set of approvals
    proc = subprocess.run([BULLETIN, "scores", "--period", "2026-03", "--as-of", "2026-03-31", "--format", "json"],
                          cwd=repo.path, env=repo.env, capture_output=True, text=True)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    units = {u["unit"]: u["submitted"] for u in json.loads(proc.stdout)["units"]}
    assert units["jianguan"] == sum(approved.values())


# --------------------------------------------------------------------------- trust: signature

needs_ssh = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
PEOPLE = {"wangwu": WANG, "zhaoliu": ZHAO, "lisi": LI, "zhangsan": ZHANG}


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    for who in PEOPLE:
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(folder / who)],
                       check=True)
    return folder


def _signers(path: Path, keys: Path, options: dict[str, str]) -> Path:
    lines = []
    for who, person in PEOPLE.items():
        pub = " ".join((keys / f"{who}.pub").read_text().split()[:2])
        lines.append(f"{person.email} {options[who] + ' ' if who in options else ''}{pub}")
    path.write_text("\n".join(lines) + "\n")
    return path


def _sign_as(repo: GitRepo, keys: Path, who: str | None) -> None:
    repo.git("config", "gpg.format", "ssh")
    if who is None:
        repo.git("config", "commit.gpgsign", "false")
    else:
        repo.git("config", "user.signingkey", str(keys / who))
        repo.git("config", "commit.gpgsign", "true")


def _fingerprint(keys: Path, who: str) -> str:
    return subprocess.run(["ssh-keygen", "-l", "-f", str(keys / f"{who}.pub")], capture_output=True,
                          text=True).stdout.split()[1]


BACKDATED = [
    # (id, 王五's key options, approval date, counts?)
    ("expired-key-backdated", 'valid-before="20260301"', "2026-02-20 10:00 +0800", False),
    ("expired-key-backdated-utc", 'valid-before="20260301000000Z"', "2026-02-20 10:00 +0800", False),
    ("open-key-backdated", None, "2026-02-20 10:00 +0800", True),
    ("window-covers-the-parent", 'valid-before="20261231"', "2026-02-20 10:00 +0800", True),
]


@needs_ssh
@pytest.mark.parametrize("case, option, date, counts", BACKDATED, ids=[b[0] for b in BACKDATED])
def test_a_backdated_signed_approval_is_judged_at_its_parents_date(tmp_path: Path, keys: Path, case: str,
                                                                    option: str | None, date: str,
                                                                    counts: bool) -> None:
    signers = _signers(tmp_path / "allowed_signers", keys, {"wangwu": option} if option else {})
    repo = instance(tmp_path / "r")
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    _sign_as(repo, keys, "wangwu")
    commit = repo.approve(A, by=WANG, date=date, stage="unit")
    states, _ = status(repo, "--trust", "signature", "--allowed-signers", str(signers))
    got = verdicts(states[A])
    if counts:
        assert got == [("wangwu", "current", "meets 科室审核")]
    else:
        assert got == [("wangwu", "ignored",
                        f"commit {commit[:7]} is dated 2026-02-20, before its parent's date 2026-03-10; judged at "
                        f"that date, its key {_fingerprint(keys, 'wangwu')} has expired in allowed_signers "
                        "(valid-before/valid-after); with trust: signature only good signatures count")]
    assert states[A]["stages"][0]["state"] == ("approved" if counts else "missing")


def _opinion() -> str:
    return ("---\ntitle: 网传某工地拖欠农民工工资\nsource: 化龙巷论坛\nfound_at: 2026-05-11 09:20\nunit: jianguan\n"
            "severity: 较大\n---\n网友您好！我局已核查处理。\n")


def _interview() -> str:
    return "---\ntitle: 采访\noutlet: 常州日报\ndate: 2026-05-20\nunit: jianguan\n---\n提纲\n"


RECORDS = [
    ("opinion", "opinions/2026/05/a.md", _opinion, (("wangwu", "unit"), ("zhaoliu", "office"))),
    ("interview", "interviews/2026/05/a.md", _interview, (("zhaoliu", "office"), ("lisi", "leader"))),
]


@needs_ssh
@pytest.mark.parametrize("kind, path, text, approvers", RECORDS, ids=[r[0] for r in RECORDS])
def test_signed_approvals_of_other_records_count_under_trust_signature(tmp_path: Path, keys: Path, kind: str,
                                                                       path: str, text: Callable[[], str],
                                                                       approvers: tuple[tuple[str, str], ...]) -> None:
    signers = _signers(tmp_path / "allowed_signers", keys, {})
    units = copy.deepcopy(UNITS)
    units["review"].update({"trust": "signature", "allowed_signers": str(signers)})
    repo = instance(tmp_path / "r", units=units)
    repo.write(path, text())
    repo.commit("登记", by=ZHANG, date="2026-05-11 10:00 +0800")
    for who, stage in approvers:
        _sign_as(repo, keys, who)
        repo.approve(path, by=PEOPLE[who], date="2026-05-12 10:00 +0800", stage=stage)
    _sign_as(repo, keys, None)
    before = snapshot(repo)
    proc = subprocess.run([BULLETIN, "check"], cwd=repo.path, env=repo.env, capture_output=True, text=True)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [line for line in proc.stdout.splitlines() if line.startswith(path)] == []
    assert snapshot(repo) == before
