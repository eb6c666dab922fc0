"""`bulletin demo`: the synthetic instance is a real git repository that bulletin itself accepts.

Every check runs the real command on the generated repository: `check` must
pass, `scores` and `status` must show the variety the generator promises
(approved, pending, stale, draft; both approval forms; every solicitation
outcome), and the same seed must give the same commits.
"""
from __future__ import annotations

import collections
import functools
import json
import subprocess
from pathlib import Path

import conftest
import pytest

# The English texts are asserted here (the command speaks Chinese by default).
bulletin = functools.partial(conftest.bulletin, lang="en")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          encoding="utf-8").stdout


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "small"
    res = bulletin("demo", "--out", str(out), "--submissions", "60", "--seed", "3")
    assert res.returncode == 0, res.stderr
    assert "60 submissions" in res.stdout
    return out


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "two-years"
    res = bulletin("demo", "--out", str(out), "--submissions", "300", "--years", "2", "--units", "14",
                   "--people", "50", "--seed", "7")
    assert res.returncode == 0, res.stderr
    return out


def test_small_instance_passes_check(small: Path) -> None:
    assert (small / ".git").is_dir()
    assert git(small, "status", "--porcelain") == ""          # the tree is checked out and clean
    res = bulletin("check", "--repo", str(small))
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 errors" in res.stderr
    assert len(list((small / "submissions").rglob("*.md"))) == 60


def test_small_instance_scores_for_the_year(small: Path) -> None:
    res = bulletin("scores", "--period", "2026", "--as-of", "2026-10-31", "--format", "json", "--repo", str(small))
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["period"] == "2026"
    assert len(data["units"]) >= 10                             # every active unit is ranked
    assert any(e["kind"] == "adoption" for e in data["entries"])
    assert sum(u["points"] for u in data["units"]) > 0
    assert data["awards"] is not None


def test_small_instance_has_every_review_state(small: Path) -> None:
    res = bulletin("status", "--format", "json", "--repo", str(small))
    assert res.returncode == 0, res.stderr
    states = json.loads(res.stdout)
    assert len(states) == 60
    kinds = collections.Counter("draft" if s["draft"] else "approved" if s["approved"] else "pending"
                                for s in states)
    verdicts = collections.Counter(a["verdict"] for s in states for a in s["approvals"])
    forms = collections.Counter(a["form"] for s in states for a in s["approvals"] if a["verdict"] == "current")
    assert kinds["approved"] >= 40 and kinds["pending"] >= 1 and kinds["draft"] >= 1, kinds
    assert verdicts["stale"] >= 1 and verdicts["ignored"] >= 1, verdicts
    assert forms["approve"] > 0 and forms["trailer"] > 0, forms   # approval commits and forge merges


def test_forge_merges_are_on_the_mainline_by_the_trusted_committer(small: Path) -> None:
    merges = git(small, "log", "--first-parent", "--merges", "--format=%ce%x00%B%x01").split("\x01")
    merges = [m.strip() for m in merges if m.strip()]
    assert merges
    for m in merges:
        committer, body = m.split("\x00", 1)
        assert committer == "git@code.jn.example.gov.cn"
        assert "Approved-by: " in body.strip().split("\n\n")[-1]
    assert "git@code.jn.example.gov.cn" in (small / "units.yaml").read_text(encoding="utf-8")
    assert git(small, "branch", "--list").split() == ["*", "main"]   # no leftover branches


def test_same_seed_same_commits(small: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    res = bulletin("demo", "--out", str(again), "--submissions", "60", "--seed", "3")
    assert res.returncode == 0, res.stderr
    assert git(again, "rev-parse", "HEAD") == git(small, "rev-parse", "HEAD")
    other = tmp_path / "other"
    assert bulletin("demo", "--out", str(other), "--submissions", "60", "--seed", "4").returncode == 0
    assert git(other, "rev-parse", "HEAD") != git(small, "rev-parse", "HEAD")


def test_two_years_of_history(two_years: Path) -> None:
    assert bulletin("check", "--repo", str(two_years)).returncode == 0
    years = sorted(p.name for p in (two_years / "submissions").iterdir())
    assert years == ["2025", "2026"]
    first = git(two_years, "log", "--reverse", "--format=%aI").split("\n")[0]
    assert first < "2025-01-01"                                  # set up before the first item
    units = (two_years / "units.yaml").read_text(encoding="utf-8")
    assert units.count("  - id: ") == 50 + 14                    # people and units as asked
    assert "active: false" in units                              # one unit left the rankings
    kinds: collections.Counter[str] = collections.Counter()
    for year in ("2025", "2026"):
        res = bulletin("scores", "--period", year, "--as-of", "2026-10-31", "--format", "json",
                       "--repo", str(two_years))
        assert res.returncode == 0, res.stderr
        kinds.update(e["kind"] for e in json.loads(res.stdout)["entries"])
    for kind in ("adoption", "instruction", "solicitation_on_time", "solicitation_late", "solicitation_missed",
                 "backflow", "urgent_late"):
        assert kinds[kind] > 0, kinds
    # evidence files exist for the adoptions that name a repository path
    evidence = list((two_years / "evidence").rglob("*.*"))
    assert evidence and all(p.stat().st_size < 1024 for p in evidence)


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    res = bulletin("demo", "--out", str(tmp_path))
    assert res.returncode == 2
    assert "not empty" in res.stderr
    assert not (tmp_path / ".git").exists()


def test_too_few_people(tmp_path: Path) -> None:
    res = bulletin("demo", "--out", str(tmp_path / "x"), "--units", "10", "--people", "5")
    assert res.returncode == 2
    assert "too few for 10 units" in res.stderr
