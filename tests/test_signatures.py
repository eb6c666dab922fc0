"""``trust: signature`` with real SSH keys (ssh-keygen) and really signed commits, through the real command."""
from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import FORGE, LI, UNITS, WANG, ZHANG, ZHAO, GitRepo, instance, submission
from test_new_approve import BULLETIN, A, run

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")

PEOPLE = {"wangwu": WANG, "zhaoliu": ZHAO, "lisi": LI, "zhangsan": ZHANG, "forge": FORGE}


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    for who in (*PEOPLE, "stranger"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(folder / who)],
                       check=True)
    return folder


def pub(keys: Path, who: str) -> str:
    return " ".join((keys / f"{who}.pub").read_text().split()[:2])


def allowed(path: Path, keys: Path, *entries: str, options: dict[str, str] | None = None) -> Path:
    """An allowed_signers file (outside the repository) with each person's e-mail as principal."""
    lines = []
    for who in entries:
        opt = (options or {}).get(who)
        lines.append(f"{PEOPLE[who].email} {opt + ' ' if opt else ''}{pub(keys, who)}")
    path.write_text("\n".join(lines) + "\n")
    return path


def signing(repo: GitRepo, keys: Path, who: str | None) -> None:
    """Sign the next commits with ``who``'s key (None: stop signing)."""
    repo.git("config", "gpg.format", "ssh")
    if who is None:
        repo.git("config", "commit.gpgsign", "false")
        return
    repo.git("config", "user.signingkey", str(keys / who))
    repo.git("config", "commit.gpgsign", "true")


def start(tmp_path: Path) -> GitRepo:
    repo = instance(tmp_path / "r")
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    return repo


def status(repo: GitRepo, signers: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    proc = subprocess.run([BULLETIN, "status", "--format", "json", "--trust",
                           "signature", "--allowed-signers", str(signers), A], cwd=repo.path,
                          env={**repo.env, **(env or {})}, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)[0]


def approvals(st: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(a["person"] or a["identity"], a["verdict"], a["reason"]) for a in st["approvals"]]


# --------------------------------------------------------------------------- what counts

def test_signed_and_unsigned_approve_and_status_shows_the_stage_satisfied(tmp_path: Path, keys: Path) -> None:
    signers = allowed(tmp_path / "allowed_signers", keys, "wangwu", "zhaoliu", "lisi", "zhangsan")
    repo = start(tmp_path)
    repo.git("config", "user.signingkey", str(keys / "wangwu"))
    made = run(repo, "approve", A, "--sign", "--allowed-signers", str(signers), who=WANG,
               date="2026-03-11 10:00 +0800")
    assert made.returncode == 0, made.stderr
    assert "已写入审核提交" in made.stdout and "（王五，已签名）" in made.stdout
    assert f"签名核验通过：{WANG.email}" in made.stdout
    assert repo.git("-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "-1", "--format=%G? %GS") == \
        f"G {WANG.email}"
    # 赵六 approves without signing: it counts in author mode, not in signature mode
    assert run(repo, "approve", A, who=ZHAO, date="2026-03-11 11:00 +0800").returncode == 0
    st = status(repo, signers)
    assert {s["stage"]: s["state"] for s in st["stages"]} == {"unit": "approved", "office": "missing",
                                                             "leader": "missing"}
    assert approvals(st)[1][1:] == ("ignored", f"commit {repo.head()[:7]} is not signed; with trust: "
                                               "signature only good signatures count")
    plain = run(repo, "status", "--format", "json", A)
    assert {s["stage"]: s["state"] for s in json.loads(plain.stdout)[0]["stages"]}["office"] == "approved"
    # the text status says why, too
    text = run(repo, "status", "--trust", "signature", "--allowed-signers", str(signers), A).stdout
    assert "没有签名；trust: signature 时只有有效签名才计入" in text


def test_a_liaison_signed_commit_with_a_forged_author_does_not_count(tmp_path: Path, keys: Path) -> None:
    signers = allowed(tmp_path / "allowed_signers", keys, "wangwu", "zhangsan")
    repo = start(tmp_path)
    signing(repo, keys, "zhangsan")                         # 张三's own, registered key ...
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")   # ... on a commit claiming to be 王五's
    st = status(repo, signers)
    assert approvals(st) == [("wangwu", "ignored", f"commit {repo.head()[:7]} is signed by {ZHANG.email}, "
                                                   "not by 王五")]


def test_a_liaison_signed_merge_with_forged_approved_by_trailers_does_not_count(tmp_path: Path, keys: Path) -> None:
    signers = allowed(tmp_path / "allowed_signers", keys, "zhangsan", "forge")
    repo = instance(tmp_path / "r")
    repo.branch("submit/a")
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.checkout("main")
    trailers = f"Approved-by: 王五 <{WANG.email}>\nApproved-by: 赵六 <{ZHAO.email}>\nApproved-by: 李四 <{LI.email}>\n"
    signing(repo, keys, "zhangsan")
    # the liaison writes the "forge's" merge commit: the committer e-mail is the forge's, the key is not
    repo.merge("submit/a", by=ZHANG, committer=FORGE, date="2026-03-12 10:00 +0800",
               message="Merge pull request '报送：a' (#1) from submit/a into main\n\n" + trailers)
    st = status(repo, signers)
    assert not st["approved"]
    assert {v for _p, v, _r in approvals(st)} == {"ignored"}
    assert approvals(st)[0][2] == f"commit {repo.head()[:7]} is signed by {ZHANG.email}, not by a trusted committer"
    # the same merge signed with the forge's key counts
    repo.git("reset", "-q", "--hard", "HEAD^")
    signing(repo, keys, "forge")
    repo.merge("submit/a", by=ZHANG, committer=FORGE, date="2026-03-12 10:00 +0800",
               message="Merge pull request '报送：a' (#1) from submit/a into main\n\n" + trailers)
    assert status(repo, signers)["approved"]


@pytest.mark.parametrize("case", ["unknown", "expired", "revoked", "bad", "unsigned"])
def test_what_does_not_count_and_why(tmp_path: Path, keys: Path, case: str) -> None:
    options = {"wangwu": 'valid-before="20260301"'} if case == "expired" else None
    listed = ["zhaoliu"] if case == "unknown" else ["wangwu", "zhaoliu"]
    signers = allowed(tmp_path / "allowed_signers", keys, *listed, options=options)
    repo = start(tmp_path)
    if case == "revoked":
        (tmp_path / "revoked_keys").write_text(pub(keys, "wangwu") + "\n")
        # the build machine's git configuration, not a file of the repository
        repo.git("config", "gpg.ssh.revocationFile", str(tmp_path / "revoked_keys"))
    signing(repo, keys, None if case == "unsigned" else "wangwu")
    commit = repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    if case == "bad":
        # change the signed message after signing (an "Approve:" for another path), keep the signature
        raw = repo.git("cat-file", "commit", "HEAD") + "\n"
        forged = raw.replace("Approve: submissions/2026/03/a.md", "Approve: submissions/2026/03/a.md ")
        commit = repo.git("hash-object", "-t", "commit", "-w", "--stdin", input=forged.encode())
        repo.git("update-ref", "HEAD", commit)
    short = commit[:7]
    fingerprint = subprocess.run(["ssh-keygen", "-l", "-f", str(keys / "wangwu.pub")], capture_output=True,
                                 text=True).stdout.split()[1]
    reason = {
        "unknown": f"commit {short} is signed with a key {fingerprint} that is not in allowed_signers",
        "expired": f"commit {short} is signed with a key {fingerprint} that allowed_signers does not accept on "
                   "the commit's date (expired: see its valid-before/valid-after)",
        "revoked": f"commit {short} is signed with a revoked key {fingerprint} (listed in git's "
                   "gpg.ssh.revocationFile)",
        "bad": f"commit {short} has a bad signature (the commit was changed after it was signed, or the "
               "signature is damaged)",
        "unsigned": f"commit {short} is not signed",
    }[case]
    st = status(repo, signers)
    assert approvals(st) == [("wangwu", "ignored", reason + "; with trust: signature only good signatures count")]
    assert st["stages"][0]["state"] == "missing"


def test_an_allowed_signers_file_inside_the_repository_is_refused_or_ignored(tmp_path: Path, keys: Path) -> None:
    outside = allowed(tmp_path / "allowed_signers", keys, "wangwu", "zhangsan")
    units = copy.deepcopy(UNITS)
    units["review"].update({"trust": "signature", "allowed_signers": "allowed_signers"})
    repo = instance(tmp_path / "r", units=units)
    # the liaison adds a file that lists their own key under 王五's principal, and signs "王五's" approval
    (repo.path / "allowed_signers").write_text(f"{WANG.email} {pub(keys, 'zhangsan')}\n")
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    signing(repo, keys, "zhangsan")
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    proc = run(repo, "status", A)
    assert proc.returncode == 1
    assert "allowed_signers 文件" in proc.stderr and "在仓库内，报送人可以修改它" in proc.stderr
    assert "Traceback" not in proc.stderr
    st = status(repo, outside)           # the build machine's file outside the repository decides
    assert approvals(st) == [("wangwu", "ignored",
                              f"commit {repo.head()[:7]} is signed by {ZHANG.email}, not by 王五")]


# --------------------------------------------------------------------------- only what matters, once

def test_only_approval_commits_are_verified_and_verdicts_are_cached(tmp_path: Path, keys: Path) -> None:
    signers = allowed(tmp_path / "allowed_signers", keys, "wangwu", "zhaoliu", "zhangsan")
    repo = start(tmp_path)
    signing(repo, keys, "zhangsan")
    repo.write("submissions/2026/03/b.md", submission(title="b"))
    repo.commit("报送：b (signed, not an approval)", by=ZHANG, date="2026-03-10 10:00 +0800")
    signing(repo, keys, "wangwu")
    first = repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    signing(repo, keys, "zhaoliu")
    second = repo.approve(A, by=ZHAO, date="2026-03-11 11:00 +0800")
    assert status(repo, signers)["stages"][1]["state"] == "approved"
    cache = json.loads((repo.path / ".bulletin-cache/signatures.json").read_text())
    assert sorted(cache["verdicts"]) == sorted([first, second])      # the signed submission commit is not
    assert cache["verdicts"][first][:2] == ["G", WANG.email]
    assert (repo.path / ".bulletin-cache/.gitignore").read_text().endswith("*\n")
    assert repo.git("status", "--porcelain") == ""                    # the cache never dirties the repository
    # without ssh-keygen nothing can be verified, yet the cached verdicts stand
    bare = tmp_path / "bin"
    bare.mkdir()
    os.symlink(shutil.which("git") or "git", bare / "git")
    st = status(repo, signers, env={"PATH": str(bare)})
    assert [v for _p, v, _r in approvals(st)] == ["current", "current"]
    # another allowed_signers file (王五's key removed) is another cache: verified again
    fewer = allowed(tmp_path / "allowed_signers", keys, "zhaoliu")
    assert [v for _p, v, _r in approvals(status(repo, fewer))] == ["ignored", "current"]


def test_a_cache_committed_to_the_repository_is_ignored(tmp_path: Path, keys: Path) -> None:
    signers = allowed(tmp_path / "allowed_signers", keys, "wangwu")
    repo = start(tmp_path)
    commit = repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")     # not signed
    status(repo, signers)
    path = repo.path / ".bulletin-cache/signatures.json"
    data = json.loads(path.read_text())
    data["verdicts"][commit] = ["G", WANG.email, "SHA256:forged", ""]
    path.write_text(json.dumps(data))
    repo.git("add", "-f", ".bulletin-cache/signatures.json")
    repo.commit("a forged cache", by=ZHANG, date="2026-03-12 10:00 +0800")
    proc = subprocess.run([BULLETIN, "status", "--format", "json", "--trust",
                           "signature", "--allowed-signers", str(signers), A], cwd=repo.path, env=repo.env,
                          capture_output=True, text=True)
    assert ".bulletin-cache/ is tracked in git: its cached signature verdicts are ignored" in proc.stderr
    assert json.loads(proc.stdout)[0]["approvals"][0]["verdict"] == "ignored"
