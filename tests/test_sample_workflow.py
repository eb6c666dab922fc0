"""The sample instance turns on the workflow rules of SPEC 9 (November 2026 history)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
PREMATURE = "submissions/2026/11/tower-crane-inspection.md"
REVISED = "submissions/2026/11/street-lighting-renewal.md"
WAITING = "submissions/2026/11/archives-open-day.md"

pytestmark = pytest.mark.skipif(not (ROOT / ".git").exists() or not (ROOT / PREMATURE).is_file(),
                                reason="needs the sample instance's history")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BULLETIN), *args, "--repo", str(ROOT)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def states() -> dict[str, dict]:
    proc = run("status", "--format", "json", PREMATURE, REVISED, WAITING)
    assert proc.returncode == 0, proc.stderr
    return {s["path"]: s for s in json.loads(proc.stdout)}


def test_a_premature_signature_is_ignored_and_signed_again_in_order(states: dict[str, dict]) -> None:
    st = states[PREMATURE]
    assert st["approved"] and st["approved_at"].startswith("2026-11-04T15:40")
    first = st["approvals"][0]
    assert first["person"] == "qianweidong" and first["verdict"] == "ignored"
    assert "before 办公室审核 was met on 2026-11-04" in first["reason"]


def test_an_item_returned_with_a_reason_then_revised(states: dict[str, dict]) -> None:
    st = states[REVISED]
    assert st["approved"] and st["returned"] is None
    ret = st["returns"][0]
    assert ret["person"] == "jiangwei" and ret["verdict"] == "ended" and "完成数量" in ret["reason"]
    assert [a["verdict"] for a in st["approvals"]][0] == "stale"


def test_an_item_still_returned_waits_for_its_author(states: dict[str, dict]) -> None:
    st = states[WAITING]
    assert not st["approved"] and st["returned"]["person"] == "xujing"
    proc = run("status", "--pending", "--as-of", "2026-11-25")
    assert "唐晓琳（退回修改） (1)" in proc.stdout and "徐静退回：请补充参加人数" in proc.stdout


def test_only_the_office_records_adoptions(states: dict[str, dict]) -> None:
    assert states[PREMATURE]["unrecorded"] == []          # recorded again by 顾倩 on 11-17
    unrecorded = states[REVISED]["unrecorded"]
    assert [(u["kind"], u["detail"], u["by"]) for u in unrecorded] == [("adoption", ["wj-daily", "2026-11-20"], "周敏")]
    data = json.loads(run("scores", "--period", "2026-11", "--as-of", "2026-11-30", "--format", "json").stdout)
    adoptions = [(e["submission"], e["detail"]) for e in data["entries"] if e["kind"] == "adoption"]
    assert (PREMATURE, "cz-zjj-web") in adoptions and (REVISED, "wj-daily") not in adoptions


def test_the_rules_change_no_issued_figure() -> None:
    """Pending corrections of the issued bulletins cite no commit of the November history."""
    proc = run("issued", "--corrections", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    # A cause is dated when it entered the branch (docs/bulletins.md), so the commit's own author date
    # says whether it belongs to the November history.
    for record in json.loads(proc.stdout):
        for correction in record["pending_corrections"]:
            for c in correction["commits"]:
                own = subprocess.run(["git", "-C", str(ROOT), "show", "-s", "--format=%aI", c["id"]],
                                     capture_output=True, text=True, check=True).stdout.strip()
                assert own < "2026-11-01", correction


def test_people_targets_and_heads_in_the_year_awards() -> None:
    data = json.loads(run("scores", "--period", "2026", "--as-of", "2026-12-31", "--format", "json").stdout)
    people = {p["person"]: p for p in data["people"]}
    assert people["xuwenjie"]["target"] == 24.0 and people["xuwenjie"]["target_met"] is False
    assert "xuwenjie" not in data["awards"]["people"] and "zhoumin" in data["awards"]["people"]
