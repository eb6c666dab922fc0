"""The sample instance at the repository root: its figures run cleanly and agree with each other."""
from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import bulletin

ROOT = Path(__file__).resolve().parent.parent
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
AS_OF = "2026-11-22"

pytestmark = pytest.mark.skipif(not (ROOT / "units.yaml").is_file(), reason="no sample instance")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return bulletin(*args, "--repo", str(ROOT))


@pytest.fixture(scope="module")
def all_scores() -> dict[str, dict]:
    periods = [f"2026-{m:02d}" for m in range(1, 13)] + [f"2026-Q{q}" for q in range(1, 5)] + \
              ["2026-H1", "2026-H2", "2026"]
    with ThreadPoolExecutor(2) as pool:
        procs = list(pool.map(lambda p: _run("scores", "--period", p, "--as-of", AS_OF, "--format", "json"), periods))
    out = {}
    for period, proc in zip(periods, procs, strict=True):
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "", proc.stderr  # nothing invalid, no warning
        out[period] = json.loads(proc.stdout)
    return out


def _points(data: dict) -> dict[str, Fraction]:
    return {u["unit"]: Fraction(str(u["points"])) for u in data["units"]}


def test_months_sum_to_quarters_halves_and_the_year(all_scores: dict[str, dict]) -> None:
    groups = {f"2026-Q{q}": [f"2026-{m:02d}" for m in range(3 * q - 2, 3 * q + 1)] for q in range(1, 5)}
    groups["2026-H1"] = [f"2026-{m:02d}" for m in range(1, 7)]
    groups["2026-H2"] = [f"2026-{m:02d}" for m in range(7, 13)]
    groups["2026"] = [f"2026-{m:02d}" for m in range(1, 13)]
    for whole, months in groups.items():
        total = _points(all_scores[whole])
        for unit, value in total.items():
            assert value == sum(_points(all_scores[m])[unit] for m in months), (whole, unit)
        entries = sorted(json.dumps(e, sort_keys=True) for m in months for e in all_scores[m]["entries"])
        assert entries == sorted(json.dumps(e, sort_keys=True) for e in all_scores[whole]["entries"])


def test_cumulative_is_the_sum_of_the_months_so_far(all_scores: dict[str, dict]) -> None:
    for m in range(1, 13):
        cumulative = {u["unit"]: Fraction(str(u["cumulative"])) for u in all_scores[f"2026-{m:02d}"]["units"]}
        for unit, value in cumulative.items():
            assert value == sum(_points(all_scores[f"2026-{k:02d}"])[unit] for k in range(1, m + 1))


def test_the_sample_has_every_kind_of_entry_and_a_real_ranking(all_scores: dict[str, dict]) -> None:
    year = all_scores["2026"]
    kinds = {e["kind"] for e in year["entries"]}
    assert kinds == {"adoption", "instruction", "backflow", "urgent_late", "solicitation_on_time",
                     "solicitation_late", "solicitation_missed", "competition", "opinion_late_report",
                     "opinion_late_reply"}
    assert len({u["points"] for u in year["units"]}) > 5
    assert year["awards"]["units"] and year["awards"]["people"]
    assert any(not u["target_met"] for u in year["units"]) and any(u["target_met"] for u in year["units"])


def test_status_pending_lists_what_waits(all_scores: dict[str, dict]) -> None:
    proc = _run("status", "--pending")
    assert proc.returncode == 0, proc.stderr
    for pending in ["resale-fund-escrow", "archives-digital-research", "property-management-committee"]:
        assert pending in proc.stdout
    assert "worker-skills-training" not in proc.stdout  # a draft waits for no one
    proc = _run("status", "--format", "json")
    states = {s["path"]: s for s in json.loads(proc.stdout)}
    assert states["submissions/2026/06/theme-party-day.md"]["approved"]  # approved through a forge merge
    stale = states["submissions/2026/09/archives-digital-research.md"]
    assert not stale["approved"] and any(a["verdict"] == "stale" for a in stale["approvals"])


def test_check_passes_on_the_sample() -> None:
    proc = _run("check")
    assert proc.returncode == 0, proc.stdout
    assert "error" not in proc.stdout
