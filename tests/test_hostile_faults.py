"""Faults, class 6: concurrent builds and a full disk (docs/security.md).

Real builds of a real repository: several ``bulletin build`` processes into one ``--out`` at
once, and a build onto a file system that is really full (a small tmpfs, mounted in a private
mount namespace so that no privilege is needed where user namespaces are allowed).
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from gitbuilder import ZHANG, approve_all, instance, submission
from test_new_approve import BULLETIN

A = "submissions/2026/03/a.md"


def _repo(tmp_path: Path) -> Path:
    repo = instance(tmp_path / "r")
    repo.write(A, submission())
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    return repo.path


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_") and k != "BULLETIN_DEBUG"}
    env.update({"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "CI": "1"})
    return env


@pytest.mark.parametrize("builds", [2, 3])
def test_concurrent_builds_into_one_out_queue_and_leave_a_whole_site(tmp_path: Path, builds: int) -> None:
    repo = _repo(tmp_path)
    out = tmp_path / "site"
    procs = [subprocess.Popen([BULLETIN, "build", "--repo", str(repo), "--out", str(out), "--as-of", "2026-03-31"],
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(builds)]
    results = [(p.wait(timeout=900), p.stdout.read() if p.stdout else "", p.stderr.read() if p.stderr else "")
               for p in procs]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
        assert stdout.startswith("已生成 ") and "（1 篇稿件" in stdout
    # they queued: all but the first waited for the lock
    waited = [stderr for _c, _o, stderr in results if "bulletin build: waiting for another build into site to finish"
              in stderr.splitlines()]
    assert len(waited) >= 1
    # the served site is whole, every kept release is whole, and no work folder is left behind
    assert out.is_symlink() and (out / "index.html").is_file() and (out / "articles").is_dir()
    releases = out.parent / "site.releases"
    kept = [p for p in releases.iterdir() if not p.name.startswith(".")]
    assert 1 <= len(kept) <= 2 and all((p / "index.html").is_file() for p in kept)
    assert not list(releases.glob(".work-*"))


def _can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True)
    return probe.returncode == 0


FULL_DISK = """
set -u
mount -t tmpfs -o size=40m tmpfs "$DISK"
"$BULLETIN" build --repo "$REPO" --out "$DISK/site" --as-of 2026-03-31 >/dev/null 2>"$LOG/first.err"
echo "first=$?"
echo "served=$(readlink "$DISK/site")"
cat /dev/zero > "$DISK/filler" 2>/dev/null
"$BULLETIN" build --repo "$REPO" --out "$DISK/site" --as-of 2026-03-30 >"$LOG/second.out" 2>"$LOG/second.err"
echo "second=$?"
echo "still=$(readlink "$DISK/site")"
test -s "$DISK/site/index.html" && echo "index=ok"
ls -A "$DISK/site.releases" | grep '^\\.work-' | sed 's/^/left=/'
"""


@pytest.mark.skipif(not _can_mount(), reason="needs unshare and a mount namespace to make a small file system")
def test_a_full_disk_stops_the_build_with_a_clear_message_and_keeps_the_site(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    disk = tmp_path / "disk"
    disk.mkdir()
    logs = tmp_path / "logs"
    logs.mkdir()
    proc = subprocess.run(["unshare", "-rm", "sh", "-c", FULL_DISK], capture_output=True, text=True, timeout=900,
                          env={**_env(), "DISK": str(disk), "REPO": str(repo), "LOG": str(logs), "BULLETIN": BULLETIN})
    lines = proc.stdout.splitlines()
    assert "first=0" in lines, (logs / "first.err").read_text()
    served = next(line for line in lines if line.startswith("served="))
    second_err = (logs / "second.err").read_text()
    assert "second=1" in lines, second_err
    assert "Traceback" not in second_err and "internal error" not in second_err
    assert second_err.splitlines()[-1] == (
        f"bulletin：错误：磁盘空间不足，写不下新网站（{disk}/site.releases）；这次没有生成网站，仍在使用上一次生成的网站。"
        "请腾出空间后重新运行 bulletin build")
    assert (logs / "second.out").read_text() == ""
    assert f"still={served[len('served='):]}" in lines and "index=ok" in lines
    assert not [line for line in lines if line.startswith("left=")]
