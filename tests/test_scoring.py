"""Points (SPEC 6 and 8) on real repositories: every row of the entry table, each with a case
that counts and one that does not, plus property tests of the arithmetic."""
from __future__ import annotations

import copy
import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import (
    LI,
    SCORING,
    SUN,
    UNITS,
    WANG,
    XU,
    ZHANG,
    ZHAO,
    GitRepo,
    Who,
    instance,
    scores,
    solicitation,
    submission,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HEADS = {"jianguan": WANG, "zhijian": XU, "anjian": SUN, "bgs": ZHAO}
URL = "https://example.gov.cn/proof"


def add(repo: GitRepo, name: str, date: str, *, by: Who = ZHANG, approve: bool = True,
        approve_date: str = "2026-06-30 10:00 +0800", **fields: Any) -> str:
    """Commit a submission as ``by`` on ``date`` and (by default) approve all its stages."""
    path = f"submissions/2026/{name}.md"
    repo.write(path, submission(**fields))
    repo.commit(f"Add {name}", by=by, date=date)
    if approve:
        unit = fields.get("unit", "jianguan")
        lead = unit[0] if isinstance(unit, list) else unit
        for who in (HEADS[lead], ZHAO, LI):
            repo.approve(path, by=who, date=approve_date)
    return path


def adoption(outlet: str, date: str, evidence: str | None = URL) -> dict[str, Any]:
    out: dict[str, Any] = {"outlet": outlet, "date": dt.date.fromisoformat(date)}
    if evidence is not None:
        out["evidence"] = evidence
    return out


def entries(data: dict[str, Any], kind: str | None = None) -> list[tuple[str, str, str, float]]:
    return [(e["date"], e["unit"], e["kind"], e["points"]) for e in data["entries"]
            if kind is None or e["kind"] == kind]


def unit(data: dict[str, Any], uid: str) -> dict[str, Any]:
    return next(u for u in data["units"] if u["unit"] == uid)


def person(data: dict[str, Any], pid: str) -> dict[str, Any]:
    return next(p for p in data["people"] if p["person"] == pid)


# --------------------------------------------------------------------------- adoption

def test_adoption_of_an_approved_item_counts(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    path = add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[adoption("zjt", "2026-03-20")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert data["entries"] == [{"date": "2026-03-20", "unit": "jianguan", "kind": "adoption", "points": 20.0,
                                "submission": path, "detail": "zjt"}]
    assert unit(data, "jianguan")["points"] == 20.0 and unit(data, "jianguan")["adopted"] == 1


def test_adoption_of_an_unapproved_item_does_not_count(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    path = add(repo, "03/a", "2026-03-10 09:00 +0800", approve=False, adoptions=[adoption("zjt", "2026-03-20")])
    repo.approve(path, by=WANG, date="2026-03-11 10:00 +0800")       # one stage of three
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert data["entries"] == [] and unit(data, "jianguan")["submitted"] == 0


def test_evidence_must_exist_when_required(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.write("evidence/2026/03/scan.png", b"\x89PNG")
    add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[
        adoption("zjt", "2026-03-20", "evidence/2026/03/scan.png"),     # present: counts
        adoption("cz-daily", "2026-03-21", "evidence/2026/03/missing.png"),   # missing file: nothing
        adoption("wj-web", "2026-03-22", None),                         # no evidence key: nothing
        adoption("xinhua", "2026-03-23", "https://news.cn/x"),          # a URL counts as present
    ])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert [e["detail"] for e in data["entries"]] == ["zjt", "xinhua"]
    assert unit(data, "jianguan")["points"] == 70.0


def test_evidence_not_required(tmp_path: Path) -> None:
    sc = copy.deepcopy(SCORING)
    sc["evidence_required"] = False
    repo = instance(tmp_path, scoring=sc)
    add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[adoption("wj-web", "2026-03-22", None)])
    assert entries(scores(tmp_path, "2026-03", "2026-12-31")) == [("2026-03-22", "jianguan", "adoption", 4.0)]


def test_points_fall_back_to_the_default_row_then_zero(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/news", "2026-03-10 09:00 +0800", category="news",
        adoptions=[adoption("zjt", "2026-03-20")])                    # no news row: default provincial 12
    add(repo, "03/research", "2026-03-10 10:00 +0800", category="research",
        adoptions=[adoption("zjt", "2026-03-20"),                      # research row: 30
                   adoption("cz-daily", "2026-03-21"),                 # not in research row: default 6
                   adoption("wj-web", "2026-03-22")])                  # in neither: 0, still an entry
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert sorted(e["points"] for e in data["entries"]) == [0.0, 6.0, 12.0, 30.0]
    assert unit(data, "jianguan")["adopted"] == 2


def test_the_same_outlet_counts_once_at_its_earliest_date(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[
        adoption("zjt", "2026-04-02"), adoption("zjt", "2026-03-28"), adoption("cz-daily", "2026-03-29")])
    data = scores(tmp_path, "2026", "2026-12-31")
    assert entries(data) == [("2026-03-28", "jianguan", "adoption", 20.0),
                             ("2026-03-29", "jianguan", "adoption", 10.0)]


def test_max_keeps_only_the_highest_adoption(tmp_path: Path) -> None:
    sc = copy.deepcopy(SCORING)
    sc["multiple_adoptions"] = "max"
    repo = instance(tmp_path, scoring=sc)
    add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[
        adoption("cz-daily", "2026-03-20"), adoption("zjt", "2026-03-25"), adoption("wj-web", "2026-03-21")])
    # ties: earliest date, then outlet id (cz-daily and cz-gov are both municipal: 10)
    add(repo, "03/b", "2026-03-10 10:00 +0800", adoptions=[
        adoption("cz-gov", "2026-03-22"), adoption("cz-daily", "2026-03-22"), adoption("wj-web", "2026-03-21")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert [(e["detail"], e["points"]) for e in data["entries"]] == [("cz-daily", 10.0), ("zjt", 20.0)]


# --------------------------------------------------------------------------- instruction

def test_instructions_count_on_approved_items_with_evidence(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    instr = [{"level": "municipal", "by": "副市长", "date": dt.date(2026, 3, 25), "evidence": URL},
             {"level": "provincial", "by": "副省长", "date": dt.date(2026, 3, 26), "evidence": "evidence/none.pdf"}]
    add(repo, "03/a", "2026-03-10 09:00 +0800", instructions=instr)
    add(repo, "03/b", "2026-03-10 10:00 +0800", approve=False, instructions=instr[:1])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert data["entries"] == [{"date": "2026-03-25", "unit": "jianguan", "kind": "instruction", "points": 10.0,
                                "submission": "submissions/2026/03/a.md", "detail": "municipal"}]


# --------------------------------------------------------------------------- backflow

def test_backflow_replaces_early_adoptions_once_per_item(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    # 01:00 in Shanghai is still the 9th in UTC: the day is taken in scoring.yaml's time zone
    add(repo, "03/a", "2026-03-10 01:00 +0800", adoptions=[
        adoption("zjt", "2026-03-09"), adoption("cz-daily", "2026-03-08"),   # before the 10th: backflow
        adoption("wj-web", "2026-03-10")])                                   # same day: an adoption
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert entries(data) == [("2026-03-10", "jianguan", "adoption", 4.0),
                             ("2026-03-10", "jianguan", "backflow", -10.0)]


def test_no_backflow_for_adoptions_on_or_after_the_submitted_day(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    # 20:00 on the 9th in New York is 09:00 on the 10th in Shanghai
    add(repo, "03/a", "2026-03-09 20:00 -0500", adoptions=[adoption("zjt", "2026-03-10")])
    assert entries(scores(tmp_path, "2026-03", "2026-12-31")) == [("2026-03-10", "jianguan", "adoption", 20.0)]


def test_backflow_without_evidence_is_dropped_first(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/a", "2026-03-10 09:00 +0800", adoptions=[adoption("zjt", "2026-03-01", None)])
    assert entries(scores(tmp_path, "2026-03", "2026-12-31")) == []


# --------------------------------------------------------------------------- urgent_late

def test_urgent_item_submitted_after_the_event_day_is_late(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/late", "2026-03-14 20:00 +0000", urgent=True, event_date=dt.date(2026, 3, 14))  # 15th in Shanghai
    add(repo, "03/ok", "2026-03-14 23:30 +0800", urgent=True, event_date=dt.date(2026, 3, 14))
    add(repo, "03/normal", "2026-03-20 09:00 +0800", event_date=dt.date(2026, 3, 14))      # not urgent
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert data["entries"] == [{"date": "2026-03-15", "unit": "jianguan", "kind": "urgent_late", "points": -5.0,
                                "submission": "submissions/2026/03/late.md", "detail": None}]
    assert person(data, "zhangsan")["points"] == 0.0        # penalties count against units only


# --------------------------------------------------------------------------- solicitations

def sol_repo(tmp_path: Path, units: Any = "all", deadline: str | None = None) -> GitRepo:
    repo = instance(tmp_path)
    repo.write("solicitations/2026-007.md", solicitation(issued="2026-03-01", units=units, deadline=deadline))
    repo.commit("Solicitation", by=ZHAO, date="2026-03-01 09:00 +0800")
    return repo


def test_solicitation_on_time_late_and_missed(tmp_path: Path) -> None:
    repo = sol_repo(tmp_path)         # all active units; deadline 2026-03-04
    add(repo, "03/jg", "2026-03-04 23:59 +0800", solicitation="2026-007")            # on time (the deadline day)
    add(repo, "03/zj", "2026-03-05 00:01 +0800", by=ZHANG, unit="zhijian", authors=["zhangsan"],
        solicitation="2026-007")                                                      # late
    data = scores(tmp_path, "2026-03", "2026-03-05")
    sol = [(e["date"], e["unit"], e["kind"], e["points"], e["detail"]) for e in data["entries"]]
    assert sol == [
        ("2026-03-04", "anjian", "solicitation_missed", -5.0, "2026-007"),
        ("2026-03-04", "bgs", "solicitation_missed", -5.0, "2026-007"),
        ("2026-03-04", "jianguan", "solicitation_on_time", 2.0, "2026-007"),
        ("2026-03-05", "zhijian", "solicitation_late", -2.0, "2026-007"),
    ]     # the inactive unit 'old' is not asked
    missed = [e for e in data["entries"] if e["kind"] == "solicitation_missed"]
    assert all(e["submission"] is None for e in missed)
    assert person(data, "zhangsan")["points"] == 2.0


def test_not_missed_while_the_deadline_is_not_before_the_as_of_day(tmp_path: Path) -> None:
    sol_repo(tmp_path, units=["anjian"], deadline="2026-03-10")
    assert scores(tmp_path, "2026-03", "2026-03-10")["entries"] == []
    assert entries(scores(tmp_path, "2026-03", "2026-03-11")) == [("2026-03-10", "anjian", "solicitation_missed", -5.0)]


def test_first_answer_counts_and_non_targets_make_no_entry(tmp_path: Path) -> None:
    repo = sol_repo(tmp_path, units=["jianguan", "zhijian"])
    add(repo, "03/second", "2026-03-06 09:00 +0800", solicitation="2026-007")         # late, but not first
    add(repo, "03/first", "2026-03-03 09:00 +0800", solicitation="2026-007")
    add(repo, "03/other", "2026-03-02 09:00 +0800", unit="anjian", by=ZHANG, authors=["zhangsan"],
        solicitation="2026-007")                                                       # not a target
    add(repo, "03/unapproved", "2026-03-02 09:00 +0800", unit="zhijian", approve=False, solicitation="2026-007")
    data = scores(tmp_path, "2026-03", "2026-03-31")
    assert [(e["unit"], e["kind"], e["submission"]) for e in data["entries"]] == [
        ("jianguan", "solicitation_on_time", "submissions/2026/03/first.md"),
        ("zhijian", "solicitation_missed", None),
    ]


def test_a_joint_answer_earns_each_target_unit_in_full(tmp_path: Path) -> None:
    repo = sol_repo(tmp_path, units=["jianguan", "zhijian"])
    add(repo, "03/joint", "2026-03-02 09:00 +0800", unit=["jianguan", "zhijian"], solicitation="2026-007")
    data = scores(tmp_path, "2026-03", "2026-03-31")
    assert entries(data) == [("2026-03-02", "jianguan", "solicitation_on_time", 2.0),
                             ("2026-03-02", "zhijian", "solicitation_on_time", 2.0)]
    assert person(data, "zhangsan")["points"] == 4.0


# --------------------------------------------------------------------------- joint items, people

def test_joint_items_split_entries_between_units(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/joint", "2026-03-10 09:00 +0800", unit=["jianguan", "zhijian", "anjian"],
        adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-01")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert [(e["unit"], e["kind"], e["points"]) for e in data["entries"]] == [
        ("anjian", "backflow", -3.33), ("jianguan", "backflow", -3.33), ("zhijian", "backflow", -3.33),
        ("anjian", "adoption", 6.67), ("jianguan", "adoption", 6.67), ("zhijian", "adoption", 6.67)]
    assert [unit(data, u)["points"] for u in ("jianguan", "zhijian", "anjian")] == [3.33] * 3
    assert [unit(data, u)["adopted"] for u in ("jianguan", "zhijian", "anjian")] == [1] * 3
    assert [unit(data, u)["submitted"] for u in ("jianguan", "zhijian", "anjian")] == [1] * 3
    assert person(data, "zhangsan")["points"] == 20.0


@pytest.mark.parametrize("split, expected", [("equal", (10.0, 10.0)), ("first_author", (0.0, 20.0))])
def test_people_share_positive_entries(tmp_path: Path, split: str, expected: tuple[float, float]) -> None:
    sc = copy.deepcopy(SCORING)
    sc["author_split"] = split
    repo = instance(tmp_path, scoring=sc)
    add(repo, "03/a", "2026-03-10 09:00 +0800", authors=["zhangsan", "sunba"],
        adoptions=[adoption("zjt", "2026-03-20")], urgent=True, event_date=dt.date(2026, 3, 1))
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert (person(data, "sunba")["points"], person(data, "zhangsan")["points"]) == expected
    assert unit(data, "jianguan")["points"] == 15.0


def test_default_author_is_the_person_who_added_the_file(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/a", "2026-03-10 09:00 +0800", by=Who("孙", "SUNBA@wj.example.gov.cn"),
        adoptions=[adoption("zjt", "2026-03-20")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert person(data, "sunba")["points"] == 20.0 and person(data, "sunba")["unit"] == "anjian"


def test_people_listed_are_liaisons_and_authors(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/a", "2026-03-10 09:00 +0800", authors=["chenqi"])
    add(repo, "03/b", "2026-03-10 09:00 +0800", authors=["lisi"], approve=False)
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert [p["person"] for p in data["people"]] == ["chenqi", "xuban", "zhangsan"]
    # SPEC 9: without targets.people a person's target is null and target_met false.
    assert data["people"][0] == {"person": "chenqi", "name": "陈七", "unit": "bgs", "points": 0.0,
                                 "cumulative": 0.0, "rank": 1, "target": None, "target_met": False}


# --------------------------------------------------------------------------- which items

def test_drafts_and_invalid_items_do_not_score(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/draft", "2026-03-10 09:00 +0800", draft=True, adoptions=[adoption("zjt", "2026-03-20")])
    add(repo, "03/bad", "2026-03-10 09:00 +0800", category="gov_infoo", adoptions=[adoption("zjt", "2026-03-20")])
    add(repo, "03/good", "2026-03-10 09:00 +0800", adoptions=[adoption("zjt", "2026-03-20")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert [e["submission"] for e in data["entries"]] == ["submissions/2026/03/good.md"]


def test_entries_after_the_as_of_day_are_left_out(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    add(repo, "03/a", "2026-03-10 09:00 +0800",
        adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-21")])
    assert [e["detail"] for e in scores(tmp_path, "2026-03", "2026-03-20")["entries"]] == ["zjt"]
    assert scores(tmp_path, "2026-03", "2026-03-19")["entries"] == []


def test_inactive_units_keep_entries_but_leave_rankings(tmp_path: Path) -> None:
    units = copy.deepcopy(UNITS)
    units["units"][1]["active"] = False                       # zhijian
    repo = instance(tmp_path, units=units)
    add(repo, "03/a", "2026-03-10 09:00 +0800", unit="zhijian", authors=["zhangsan"],
        adoptions=[adoption("zjt", "2026-03-20")])
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert "zhijian" not in [u["unit"] for u in data["units"]]
    assert [u["unit"] for u in data["units"]] == ["anjian", "bgs", "jianguan"]
    assert entries(data) == [("2026-03-20", "zhijian", "adoption", 20.0)]


# --------------------------------------------------------------------------- rankings, targets, awards

def ranking_repo(tmp_path: Path, scoring: dict[str, Any] | None = None) -> GitRepo:
    repo = instance(tmp_path, scoring=scoring)
    add(repo, "01/jg", "2026-01-05 09:00 +0800", adoptions=[adoption("zjt", "2026-01-10")])            # 20 Jan
    add(repo, "02/jg", "2026-02-05 09:00 +0800", adoptions=[adoption("cz-daily", "2026-02-10")])       # 10 Feb
    add(repo, "03/zj", "2026-03-05 09:00 +0800", unit="zhijian", authors=["chenqi"], by=ZHANG,
        adoptions=[adoption("zjt", "2026-03-10"), adoption("cz-daily", "2026-03-11")])                 # 30 Mar
    add(repo, "03/aj", "2026-03-06 09:00 +0800", unit="anjian", authors=["wangwu"], by=ZHANG,
        adoptions=[adoption("cz-daily", "2026-03-10")])                                                # 10 Mar
    return repo


def test_ranks_cumulative_targets_and_counts(tmp_path: Path) -> None:
    ranking_repo(tmp_path)
    data = scores(tmp_path, "2026-03", "2026-12-31")
    assert data["period"] == "2026-03" and data["start"] == "2026-03-01" and data["end"] == "2026-03-31"
    assert data["as_of"] == "2026-12-31"
    assert [(u["unit"], u["points"], u["rank"], u["cumulative"], u["cumulative_rank"]) for u in data["units"]] == [
        ("zhijian", 30.0, 1, 30.0, 1), ("anjian", 10.0, 2, 10.0, 3), ("bgs", 0.0, 3, 0.0, 4),
        ("jianguan", 0.0, 3, 30.0, 1)]
    jg = unit(data, "jianguan")
    assert (jg["target"], jg["target_met"], jg["submitted"], jg["adopted"]) == (50.0, False, 0, 0)  # 200*3/12
    assert (unit(data, "zhijian")["target"], unit(data, "zhijian")["target_met"]) == (30.0, True)   # 120*3/12
    q1 = scores(tmp_path, "2026-Q1", "2026-12-31")
    assert [(u["unit"], u["points"], u["rank"], u["submitted"], u["adopted"]) for u in q1["units"]] == [
        ("jianguan", 30.0, 1, 2, 2), ("zhijian", 30.0, 1, 1, 1), ("anjian", 10.0, 3, 1, 1), ("bgs", 0.0, 4, 0, 0)]
    assert [(p["person"], p["points"], p["rank"]) for p in q1["people"]] == [
        ("chenqi", 30.0, 1), ("zhangsan", 30.0, 1), ("wangwu", 10.0, 3), ("xuban", 0.0, 4)]
    assert "awards" not in q1


def test_no_target_is_null_and_not_met(tmp_path: Path) -> None:
    sc = copy.deepcopy(SCORING)
    sc["targets"] = {"units": {"jianguan": {"points": 100}}}
    ranking_repo(tmp_path, sc)
    data = scores(tmp_path, "2026-H1", "2026-12-31")
    assert (unit(data, "zhijian")["target"], unit(data, "zhijian")["target_met"]) == (None, False)
    assert (unit(data, "jianguan")["target"], unit(data, "jianguan")["target_met"]) == (50.0, False)


def test_target_met_is_decided_on_exact_values(tmp_path: Path) -> None:
    sc = copy.deepcopy(SCORING)
    sc["targets"] = {"units": {"default": {"points": 40}}}       # 40 * 1/12 = 3.333…
    repo = instance(tmp_path, scoring=sc)
    add(repo, "01/j", "2026-01-05 09:00 +0800", unit=["jianguan", "zhijian", "anjian"],
        adoptions=[adoption("cz-daily", "2026-01-10")])          # 10/3 = 3.333… each: exactly the target
    data = scores(tmp_path, "2026-01", "2026-12-31")
    assert unit(data, "jianguan")["target"] == 3.33 and unit(data, "jianguan")["target_met"] is True
    assert [u["rank"] for u in data["units"]] == [1, 1, 1, 4]


def test_awards_for_a_year_include_ties_at_the_cut_off(tmp_path: Path) -> None:
    ranking_repo(tmp_path)
    data = scores(tmp_path, "2026", "2026-12-31")
    # units 2: jianguan 30 and zhijian 30 tie for first; people 2: chenqi and zhangsan tie
    assert data["awards"] == {"units": ["jianguan", "zhijian"], "people": ["chenqi", "zhangsan"]}
    sc = copy.deepcopy(SCORING)
    sc["awards"] = {"units": 1, "people": 3, "require_target": False}
    (tmp_path / "scoring.yaml").write_text(__import__("yaml").safe_dump(sc, allow_unicode=True))
    assert scores(tmp_path, "2026", "2026-12-31")["awards"] == {"units": ["jianguan", "zhijian"],
                                                                "people": ["chenqi", "zhangsan", "wangwu"]}


def test_awards_with_require_target(tmp_path: Path) -> None:
    sc = copy.deepcopy(SCORING)
    sc["targets"] = {"units": {"default": {"points": 25}, "jianguan": {"points": 200}}}
    sc["awards"] = {"units": 2, "people": 0, "require_target": True}
    ranking_repo(tmp_path, sc)
    data = scores(tmp_path, "2026", "2026-12-31")
    # jianguan (30) misses its 200; zhijian (30) meets 25; anjian (10) does not; bgs (0) does not
    assert data["awards"] == {"units": ["zhijian"], "people": []}


def test_output_order_and_json_shape(tmp_path: Path) -> None:
    ranking_repo(tmp_path)
    data = scores(tmp_path, "2026-Q1", "2026-12-31")
    assert list(data) == ["period", "start", "end", "as_of", "units", "people", "entries"]
    assert list(data["units"][0]) == ["unit", "name", "points", "cumulative", "rank", "cumulative_rank",
                                      "submitted", "adopted", "target", "target_met"]
    assert list(data["entries"][0]) == ["date", "unit", "kind", "points", "submission", "detail"]
    keys = [(e["date"], e["unit"], e["submission"] or "", e["kind"]) for e in data["entries"]]
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- properties (pure)

def _pure_setup(tmp: Path) -> tuple[Any, Any]:
    import yaml

    from generator.read.config import load_config
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "units.yaml").write_text(yaml.safe_dump(UNITS, allow_unicode=True), encoding="utf-8")
    sc = copy.deepcopy(SCORING)
    sc["targets"] = {"units": {"default": {"points": 7}}}
    (tmp / "scoring.yaml").write_text(yaml.safe_dump(sc, allow_unicode=True), encoding="utf-8")
    config, problems = load_config(tmp)
    assert config is not None and not [p for p in problems if p.is_error]
    return config, tmp


_CONFIG, _TMP = _pure_setup(Path(__import__("tempfile").mkdtemp(prefix="bulletin-props-")))
UNIT_IDS = ["jianguan", "zhijian", "anjian", "bgs", "old"]
OUTLETS = ["zjt", "cz-daily", "cz-gov", "wj-web", "xinhua"]

days = st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2026, 12, 31))


@st.composite
def items(draw: Any) -> list[Any]:
    from generator.judge.scoring import Item
    from generator.read.records import SUBMISSIONS, load_record
    known = {**_CONFIG.known(), "solicitation": []}
    out = []
    for i in range(draw(st.integers(0, 6))):
        units = draw(st.lists(st.sampled_from(UNIT_IDS), min_size=1, max_size=3, unique=True))
        submitted = draw(days)
        adoptions = [{"outlet": draw(st.sampled_from(OUTLETS)), "date": draw(days), "evidence": URL}
                     for _ in range(draw(st.integers(0, 3)))]
        instructions = [{"level": draw(st.sampled_from(["national", "county"])), "date": draw(days),
                         "evidence": URL} for _ in range(draw(st.integers(0, 1)))]
        authors = draw(st.lists(st.sampled_from(["zhangsan", "xuban", "sunba"]), min_size=1, max_size=2,
                                unique=True))
        urgent = draw(st.booleans())
        text = submission(title=f"第{i}条", unit=units, category=draw(st.sampled_from(["gov_info", "news"])),
                          authors=authors, adoptions=adoptions or None, instructions=instructions or None,
                          urgent=urgent or None, event_date=draw(days) if urgent else None)
        sub, problems = load_record(_TMP, f"submissions/2026/x{i}.md", SUBMISSIONS, known, data=text.encode())
        assert sub is not None, problems
        hour = draw(st.integers(0, 23))
        when = dt.datetime.combine(submitted, dt.time(hour), dt.timezone(dt.timedelta(hours=8)))
        out.append(Item(sub, when, tuple(authors)))
    return out


def _score(its: list[Any], period: str, as_of: dt.date = dt.date(2026, 12, 31)) -> Any:
    from generator.judge.scoring import score
    from generator.periods import parse_period
    return score(_CONFIG, its, [], frozenset(), parse_period(period), as_of)


PROPS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPS
@given(items(), st.integers(1, 4))
def test_months_of_a_quarter_sum_to_the_quarter(its: list[Any], q: int) -> None:
    quarter = _score(its, f"2026-Q{q}")
    months = [_score(its, f"2026-{m:02d}") for m in range(3 * q - 2, 3 * q + 1)]
    for row in quarter.units:
        assert row.points == sum(next(r.points for r in m.units if r.unit == row.unit) for m in months)
    for row in quarter.people:
        assert row.points == sum(next(r.points for r in m.people if r.person == row.person) for m in months)
    assert sorted(e.sort_key for e in quarter.entries) == sorted(e.sort_key for m in months for e in m.entries)


@PROPS
@given(items(), st.integers(1, 12))
def test_cumulative_is_the_sum_of_the_months_so_far(its: list[Any], month: int) -> None:
    result = _score(its, f"2026-{month:02d}")
    months = [_score(its, f"2026-{m:02d}") for m in range(1, month + 1)]
    for row in result.units:
        assert row.cumulative == sum(next(r.points for r in m.units if r.unit == row.unit) for m in months)
        assert row.target == Fraction(7 * month, 12)
        assert row.target_met == (row.cumulative >= Fraction(7 * month, 12))
    for row in result.people:
        assert row.cumulative == sum(next(r.points for r in m.people if r.person == row.person) for m in months)


@PROPS
@given(items(), st.sampled_from(["2026-03", "2026-Q2", "2026-H2", "2026"]))
def test_ranks_are_consistent_with_points(its: list[Any], period: str) -> None:
    result = _score(its, period)
    for rows, value in ((result.units, lambda r: r.points), (result.people, lambda r: r.points)):
        for r in rows:
            assert r.rank == 1 + sum(1 for o in rows if value(o) > value(r))
        keys = [(r.rank, getattr(r, "person", None) or r.unit) for r in rows]
        assert keys == sorted(keys)
    for r in result.units:
        assert r.cumulative_rank == 1 + sum(1 for o in result.units if o.cumulative > r.cumulative)


@PROPS
@given(items(), st.randoms(use_true_random=False), st.sampled_from(["2026-Q1", "2026"]))
def test_results_do_not_depend_on_item_order(its: list[Any], rnd: Any, period: str) -> None:
    shuffled = list(its)
    rnd.shuffle(shuffled)
    assert _score(its, period) == _score(shuffled, period)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                HealthCheck.function_scoped_fixture])
@given(st.permutations([0, 1, 2]))
def test_results_do_not_depend_on_commit_order(tmp_path_factory: Any, order: list[int]) -> None:
    specs = [("03/a", {"adoptions": [adoption("zjt", "2026-03-20")]}),
             ("03/b", {"unit": ["zhijian", "jianguan"], "adoptions": [adoption("cz-daily", "2026-03-02")]}),
             ("03/c", {"unit": "anjian", "authors": ["zhangsan"], "urgent": True, "event_date": dt.date(2026, 3, 1)})]
    path = tmp_path_factory.mktemp("order")
    repo = instance(path)
    for i in order:                      # same author dates, different commit order
        name, fields = specs[i]
        add(repo, name, f"2026-03-{5 + i:02d} 09:00 +0800", approve=False, **fields)
    for i in reversed(order):
        name, fields = specs[i]
        unit_ = fields.get("unit", "jianguan")
        lead = unit_[0] if isinstance(unit_, list) else unit_
        for who in (HEADS[lead], ZHAO, LI):
            repo.approve(f"submissions/2026/{name}.md", by=who, date="2026-03-25 10:00 +0800")
    data = scores(path, "2026-Q1", "2026-12-31")
    assert entries(data) == [("2026-03-06", "jianguan", "backflow", -5.0),
                             ("2026-03-06", "zhijian", "backflow", -5.0),
                             ("2026-03-07", "anjian", "urgent_late", -5.0),
                             ("2026-03-20", "jianguan", "adoption", 20.0)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "x"]),
                          st.fractions(min_value=-50, max_value=50, max_denominator=12)), max_size=40))
def test_totals_equal_adding_fractions_one_by_one(amounts: list[tuple[str, Fraction]]) -> None:
    from generator.judge.scoring import _totals
    naive = {"a": Fraction(0), "b": Fraction(0)}
    for key, amount in amounts:
        if key in naive:
            naive[key] += amount
    got = _totals(["a", "b"], amounts)
    assert got == naive and set(got) == {"a", "b"}
    assert all(type(v) is Fraction for v in got.values())
