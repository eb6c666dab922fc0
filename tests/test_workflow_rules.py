"""SPEC 9 on real repositories: ordered review, returns, recorders, people's targets, heads' awards.

Each rule has a case that counts and one that does not; every repository is built with named
people on given dates (gitbuilder), and nothing of git is mocked.
"""
from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import (
    FORGE,
    LI,
    SCORING,
    STRANGER,
    SUN,
    UNITS,
    WANG,
    ZHANG,
    ZHAO,
    GitRepo,
    Who,
    instance,
    reviewed,
    scores,
    submission,
)

A = "submissions/2026/03/a.md"
TZ8 = dt.timezone(dt.timedelta(hours=8))
URL = "https://www.jszjt.example.gov.cn/art/2026/3/20/1.html"


def units(**review: Any) -> dict[str, Any]:
    out = copy.deepcopy(UNITS)
    out["review"].update(review)
    return out


def scoring(**changes: Any) -> dict[str, Any]:
    out = copy.deepcopy(SCORING)
    out.update(changes)
    return out


def start(tmp_path: Path, *, u: dict[str, Any] | None = None, s: dict[str, Any] | None = None,
          **fields: Any) -> GitRepo:
    repo = instance(tmp_path, units=u, scoring=s)
    repo.write(A, submission(**fields))
    repo.commit("报送：a", by=ZHANG, date="2026-03-10 09:00 +0800")
    return repo


def state(tmp_path: Path, **trust: Any) -> Any:
    _inst, states = reviewed(tmp_path, **trust)
    return states[A]


def verdicts(st: Any) -> list[tuple[str, str]]:
    return [(a.approver.id if a.approver else a.identity, a.verdict) for a in st.approvals]


def met(st: Any) -> dict[str, str | None]:
    return {s.stage.id: (s.met_at.astimezone(TZ8).strftime("%m-%d %H:%M") if s.met_at else None)
            for s in st.stages}


def returning(repo: GitRepo, who: Who, date: str, reason: str, *paths: str, commit_date: str | None = None) -> str:
    body = f"退回修改：a\n\n{reason}\n\n" + "\n".join(f"Return: {p}" for p in (paths or (A,))) + "\n"
    return repo.commit(body, by=who, date=date, commit_date=commit_date, allow_empty=True)


# --------------------------------------------------------------------------- ordered review

def test_without_ordered_a_leader_signing_first_counts(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=LI, date="2026-03-11 09:00 +0800")
    repo.approve(A, by=WANG, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-13 09:00 +0800")
    st = state(tmp_path)
    assert st.approved and verdicts(st) == [("lisi", "current"), ("wangwu", "current"), ("zhaoliu", "current")]


def test_ordered_a_premature_signature_is_ignored_and_signing_again_counts(tmp_path: Path) -> None:
    repo = start(tmp_path, u=units(ordered=True))
    repo.approve(A, by=LI, date="2026-03-11 09:00 +0800")
    repo.approve(A, by=WANG, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-13 09:00 +0800")
    st = state(tmp_path)
    assert not st.approved
    assert verdicts(st) == [("lisi", "ignored"), ("wangwu", "current"), ("zhaoliu", "current")]
    assert "before 办公室审核 was met on 2026-03-13" in st.approvals[0].reason
    assert met(st) == {"unit": "03-12 09:00", "office": "03-13 09:00", "leader": None}
    repo.approve(A, by=LI, date="2026-03-14 09:00 +0800")
    st = state(tmp_path)
    assert st.approved and st.approved_at == dt.datetime(2026, 3, 14, 9, 0, tzinfo=TZ8)
    assert verdicts(st)[-1] == ("lisi", "current")


def test_ordered_uses_committer_dates_and_at_or_after(tmp_path: Path) -> None:
    repo = start(tmp_path, u=units(ordered=True))
    repo.approve(A, by=WANG, date="2026-03-12 09:00 +0800")
    # authored after the unit's approval but committed before it: too early
    repo.approve(A, by=ZHAO, date="2026-03-13 09:00 +0800", commit_date="2026-03-11 09:00 +0800")
    st = state(tmp_path)
    assert verdicts(st) == [("wangwu", "current"), ("zhaoliu", "ignored")]
    # committed at the very moment the unit's stage was met: in time
    repo.approve(A, by=ZHAO, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=LI, date="2026-03-12 09:00 +0800")
    st = state(tmp_path)
    assert st.approved and met(st) == {"unit": "03-12 09:00", "office": "03-12 09:00", "leader": "03-12 09:00"}


def test_ordered_a_stage_after_a_missing_one_waits(tmp_path: Path) -> None:
    repo = start(tmp_path, u=units(ordered=True))
    repo.approve(A, by=ZHAO, date="2026-03-12 09:00 +0800")
    st = state(tmp_path)
    assert verdicts(st) == [("zhaoliu", "ignored")]
    assert "科室审核 is still missing" in st.approvals[0].reason
    assert "waits for 科室审核 first" in st.stages[1].reason


def test_ordered_one_approval_eligible_for_consecutive_stages_meets_them_all(tmp_path: Path) -> None:
    u = units(ordered=True)
    u["units"][0]["head"] = ["zhaoliu"]          # the office's 赵六 also heads 建筑管理科
    repo = start(tmp_path, u=u)
    repo.approve(A, by=ZHAO, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=LI, date="2026-03-13 09:00 +0800")
    st = state(tmp_path)
    assert st.approved and met(st) == {"unit": "03-12 09:00", "office": "03-12 09:00", "leader": "03-13 09:00"}


def test_ordered_one_approval_for_stages_that_are_not_consecutive_meets_only_the_open_one(tmp_path: Path) -> None:
    u = units(ordered=True)
    u["units"][0]["head"] = ["lisi"]             # the leader heads the unit too: unit and leader, not office
    repo = start(tmp_path, u=u)
    repo.approve(A, by=LI, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-13 09:00 +0800")
    st = state(tmp_path)
    assert not st.approved and met(st) == {"unit": "03-12 09:00", "office": "03-13 09:00", "leader": None}
    assert st.approvals[0].stages == ("unit",)
    repo.approve(A, by=LI, date="2026-03-14 09:00 +0800")
    assert state(tmp_path).approved


# --------------------------------------------------------------------------- returns

def approved_repo(tmp_path: Path, **kw: Any) -> GitRepo:
    repo = start(tmp_path, **kw)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=LI, date="2026-03-13 09:00 +0800")
    return repo


def test_a_return_by_an_eligible_reviewer_holds_the_item_with_its_reason(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    returning(repo, ZHAO, "2026-03-14 09:00 +0800", "数据口径与统计局不一致，请核实后重报。\n\n第二段说明。")
    st = state(tmp_path)
    assert not st.approved and not st.scored
    r = st.returned
    assert r is not None and r.returner is not None and r.returner.id == "zhaoliu"
    assert r.reason == "数据口径与统计局不一致，请核实后重报。\n\n第二段说明。"
    assert r.at == dt.datetime(2026, 3, 14, 9, 0, tzinfo=TZ8)
    # approvals held before it stay current; the item is still not approved
    assert verdicts(st) == [("wangwu", "current"), ("zhaoliu", "current"), ("lisi", "current")]
    assert scores(tmp_path, "2026", "2026-12-31")["entries"] == []


@pytest.mark.parametrize("who", [SUN, STRANGER])
def test_a_return_by_someone_not_eligible_is_ignored(tmp_path: Path, who: Who) -> None:
    repo = approved_repo(tmp_path)
    returning(repo, who, "2026-03-14 09:00 +0800", "不行。")
    st = state(tmp_path)
    assert st.approved and st.returned is None
    assert [r.verdict for r in st.returns] == ["ignored"]
    assert any("return in commit" in p.message for p in st.problems)


def test_a_revision_ends_a_return_and_undoing_it_brings_it_back(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    returning(repo, ZHAO, "2026-03-14 09:00 +0800", "请补充数据。")
    repo.write(A, submission(body="正文，补充了数据。\n"))
    repo.commit("修改：a", by=ZHANG, date="2026-03-15 09:00 +0800")
    st = state(tmp_path)
    assert st.returned is None and [r.verdict for r in st.returns] == ["ended"]
    assert not st.approved and {a.verdict for a in st.approvals} == {"stale"}
    repo.write(A, submission())
    repo.commit("撤回修改：a", by=ZHANG, date="2026-03-16 09:00 +0800")
    st = state(tmp_path)
    assert st.returned is not None and not st.approved
    assert {a.verdict for a in st.approvals} == {"current"}


def test_the_returners_later_approval_ends_the_return(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    returning(repo, ZHAO, "2026-03-14 09:00 +0800", "请再斟酌标题。")
    repo.approve(A, by=WANG, date="2026-03-15 09:00 +0800")     # someone else's approval does not end it
    assert state(tmp_path).returned is not None
    repo.approve(A, by=ZHAO, date="2026-03-16 09:00 +0800")
    st = state(tmp_path)
    assert st.returned is None and st.approved
    assert st.approved_at == dt.datetime(2026, 3, 13, 9, 0, tzinfo=TZ8)   # the earlier approvals count again
    assert "赵六 approved it on 2026-03-16" in st.returns[0].note


def test_an_approval_the_returner_made_before_the_return_does_not_end_it(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    # the return committed after 赵六's approval of 03-12, though authored earlier
    returning(repo, ZHAO, "2026-03-01 09:00 +0800", "请核实。", commit_date="2026-03-12 10:00 +0800")
    assert state(tmp_path).returned is not None


def test_a_return_naming_a_path_before_a_rename_counts(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    returning(repo, ZHAO, "2026-03-14 09:00 +0800", "请核实。")
    repo.rename(A, "submissions/2026/03/renamed.md")
    repo.commit("改名", by=ZHANG, date="2026-03-15 09:00 +0800")
    _inst, states = reviewed(tmp_path)
    assert states["submissions/2026/03/renamed.md"].returned is not None


def test_return_reason_is_the_body_between_subject_and_trailers() -> None:
    from generator.judge.review import return_reason

    assert return_reason("退回修改：a\n\n第一段。\n\n第二段。\n\nReturn: x.md\nStage: office\n") == "第一段。\n\n第二段。"
    assert return_reason("退回修改：a\n\nReturn: x.md\n") == ""
    assert return_reason("退回修改：a\n") == ""


# --------------------------------------------------------------------------- recorders (一个口子)

def adopt(repo: GitRepo, who: Who, date: str, *, outlet: str = "zjt", day: str = "2026-03-20",
          remove: bool = False, message: str = "采用登记：a") -> str:
    adoptions = [] if remove else [{"outlet": outlet, "date": day, "evidence": URL}]
    repo.write(A, submission(adoptions=adoptions or None))
    return repo.commit(message, by=who, date=date)


def adoption_points(tmp_path: Path, **trust: Any) -> list[tuple[str, str, float]]:
    data = scores(tmp_path, "2026", "2026-12-31", **trust)
    return [(e["kind"], e["detail"], e["points"]) for e in data["entries"]]


def test_without_recorders_anyone_records_adoptions(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path)
    adopt(repo, ZHANG, "2026-03-21 09:00 +0800")
    assert adoption_points(tmp_path) == [("adoption", "zjt", 20.0)]


def test_with_recorders_a_liaisons_adoption_scores_nothing_until_the_office_records_it(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders="role:office"))
    adopt(repo, ZHANG, "2026-03-21 09:00 +0800")
    st = state(tmp_path)
    assert [(u.kind, u.key, u.who) for u in st.unrecorded] == [("adoption", ("zjt", "2026-03-20"), "张三")]
    assert any("recorded by 张三" in p.message for p in st.problems)
    data = scores(tmp_path, "2026", "2026-12-31")
    assert data["entries"] == [] and data["units"][0]["adopted"] == 0
    # the office re-records it: removes it and adds it again
    adopt(repo, ZHAO, "2026-03-22 09:00 +0800", remove=True)
    adopt(repo, ZHAO, "2026-03-22 10:00 +0800")
    assert state(tmp_path).unrecorded == ()
    assert adoption_points(tmp_path) == [("adoption", "zjt", 20.0)]


def test_an_unrecorded_adoption_triggers_no_backflow(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders="role:office"))
    adopt(repo, ZHANG, "2026-03-21 09:00 +0800", day="2026-03-01")    # before submitted_at: backflow
    assert adoption_points(tmp_path) == []
    adopt(repo, ZHAO, "2026-03-21 10:00 +0800", day="2026-03-02")
    assert adoption_points(tmp_path) == [("backflow", None, -10.0)]


def test_recorders_as_a_list_of_people_and_instructions(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders=["wangwu"]))
    pishi = [{"level": "municipal", "by": "市政府分管副市长", "date": "2026-03-25", "evidence": URL}]
    repo.write(A, submission(instructions=pishi))
    repo.commit("批示登记", by=ZHAO, date="2026-03-26 09:00 +0800")
    assert adoption_points(tmp_path) == []
    assert state(tmp_path).unrecorded[0].kind == "instruction"
    repo.write(A, submission())
    repo.commit("删除", by=WANG, date="2026-03-27 09:00 +0800")
    repo.write(A, submission(instructions=pishi))
    repo.commit("批示登记", by=WANG, date="2026-03-27 10:00 +0800")
    assert adoption_points(tmp_path) == [("instruction", "municipal", 10.0)]


def test_recorders_follow_renames_on_the_first_parent_chain(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders="role:office"))
    adopt(repo, ZHAO, "2026-03-21 09:00 +0800")
    new = "submissions/2026/03/renamed.md"
    repo.rename(A, new)
    repo.commit("改名", by=ZHANG, date="2026-03-22 09:00 +0800")
    _inst, states = reviewed(tmp_path)
    assert states[new].unrecorded == ()
    # the liaison touching the renamed file and the adoption with it does not take the recording over
    text = (tmp_path / new).read_text(encoding="utf-8").replace("正文。", "正文。补充。")
    repo.write(new, text)
    repo.commit("补充", by=ZHANG, date="2026-03-23 09:00 +0800")
    _inst, states = reviewed(tmp_path)
    assert states[new].unrecorded == ()


def forge_merge(repo: GitRepo, trailer: str, committer: Who = FORGE) -> None:
    repo.branch("adopt")
    adopt(repo, ZHANG, "2026-03-21 09:00 +0800")
    repo.checkout("main")
    repo.merge("adopt", by=ZHANG, committer=committer, date="2026-03-22 09:00 +0800",
               message=f"Merge branch 'adopt'\n\n{trailer}\n")


def test_a_forge_merge_naming_a_recorder_records(tmp_path: Path) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders="role:office"))
    forge_merge(repo, "Approved-by: 赵六 <zhaoliu@wj.example.gov.cn>")
    assert adoption_points(tmp_path) == [("adoption", "zjt", 20.0)]


@pytest.mark.parametrize("trailer,committer", [
    ("Approved-by: 王五 <wangwu@wj.example.gov.cn>", FORGE),       # names no recorder
    ("Reviewed-by: 赵六 <zhaoliu@wj.example.gov.cn>", ZHANG),      # not a trusted committer
])
def test_a_forge_merge_that_does_not_record(tmp_path: Path, trailer: str, committer: Who) -> None:
    repo = approved_repo(tmp_path, s=scoring(recorders="role:office"))
    forge_merge(repo, trailer, committer)
    assert adoption_points(tmp_path) == []


# --------------------------------------------------------------------------- people's targets, awards

def year_repo(tmp_path: Path, s: dict[str, Any]) -> GitRepo:
    """张三 earns 20 (one provincial adoption of a 建筑管理科 item); 孙八 (安监站's head) nothing."""
    repo = approved_repo(tmp_path, s=s)
    adopt(repo, ZHAO, "2026-03-21 09:00 +0800")
    return repo


def test_people_targets_pro_rata(tmp_path: Path) -> None:
    s = scoring(targets={"units": {"default": {"points": 120}},
                         "people": {"default": {"points": 60}, "zhangsan": {"points": 40}}})
    year_repo(tmp_path, s)
    q1 = {p["person"]: (p["target"], p["target_met"]) for p in scores(tmp_path, "2026-Q1", "2026-12-31")["people"]}
    assert q1["zhangsan"] == (10.0, True) and q1["xuban"] == (15.0, False)
    year = {p["person"]: (p["target"], p["target_met"]) for p in scores(tmp_path, "2026", "2026-12-31")["people"]}
    assert year["zhangsan"] == (40.0, False)


def test_require_target_bars_people_before_the_cut_ties_included(tmp_path: Path) -> None:
    aw = {"units": 1, "people": 1, "require_target": True}
    s = scoring(targets={"units": {}, "people": {"default": {"points": 0}, "zhangsan": {"points": 40}}},
                awards=aw)
    year_repo(tmp_path, s)
    data = scores(tmp_path, "2026", "2026-12-31")
    # 张三 (20 < 40) is barred; the other listed people tie at 0 and all win
    assert data["awards"]["people"] == ["xuban"]
    s["targets"]["people"]["zhangsan"] = {"points": 20}
    (tmp_path / "scoring.yaml").write_text(__import__("yaml").safe_dump(s, allow_unicode=True), encoding="utf-8")
    assert scores(tmp_path, "2026", "2026-12-31")["awards"]["people"] == ["zhangsan"]


@pytest.mark.parametrize("disqualify", [False, True])
def test_heads_share_their_units_fate(tmp_path: Path, disqualify: bool) -> None:
    u = copy.deepcopy(UNITS)
    u["units"][1]["liaisons"] = []
    u["units"][1]["head"] = ["zhangsan"]        # 张三 heads 质监站, which earns nothing
    aw = {"units": 3, "people": 1, "require_target": True, "disqualify_heads": disqualify}
    s = scoring(targets={"units": {"default": {"points": 0}, "zhijian": {"points": 10}}}, awards=aw)
    repo = start(tmp_path, u=u, s=s)
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-12 09:00 +0800")
    repo.approve(A, by=LI, date="2026-03-13 09:00 +0800")
    adopt(repo, ZHAO, "2026-03-21 09:00 +0800")
    data = scores(tmp_path, "2026", "2026-12-31")
    assert "zhijian" not in data["awards"]["units"]
    assert data["awards"]["people"] == ([] if disqualify else ["zhangsan"])


def test_without_people_targets_rows_carry_null_and_false(tmp_path: Path) -> None:
    year_repo(tmp_path, scoring())
    row = scores(tmp_path, "2026", "2026-12-31")["people"][0]
    assert row["target"] is None and row["target_met"] is False


# --------------------------------------------------------------------------- signatures

ssh = pytest.importorskip("shutil").which("ssh-keygen")


@pytest.mark.skipif(ssh is None, reason="needs ssh-keygen")
def test_under_trust_signature_returns_and_recordings_count_only_when_signed(tmp_path: Path) -> None:
    import subprocess

    keys = tmp_path / "keys"
    keys.mkdir()
    for who in ("zhaoliu", "zhangsan"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(keys / who)], check=True)
    signers = tmp_path / "allowed_signers"
    signers.write_text("".join(f"{w.email} {' '.join((keys / f'{n}.pub').read_text().split()[:2])}\n"
                               for n, w in (("zhaoliu", ZHAO), ("zhangsan", ZHANG))))
    repo = approved_repo(tmp_path / "r", s=scoring(recorders="role:office"))

    def sign(who: str | None) -> None:
        repo.git("config", "gpg.format", "ssh")
        if who:
            repo.git("config", "user.signingkey", str(keys / who))
        repo.git("config", "commit.gpgsign", "true" if who else "false")

    trust = {"mode": "signature", "allowed_signers": str(signers)}
    # a return authored as 赵六 but unsigned: ignored; signed by 赵六: in force
    returning(repo, ZHAO, "2026-03-14 09:00 +0800", "未签名的退回。")
    _inst, states = reviewed(tmp_path / "r", **trust)
    assert states[A].returns[0].verdict == "ignored"
    sign("zhaoliu")
    returning(repo, ZHAO, "2026-03-14 10:00 +0800", "签名的退回。")
    _inst, states = reviewed(tmp_path / "r", **trust)
    assert states[A].returned is not None and states[A].returned.reason == "签名的退回。"
    # an adoption committed as 赵六 but signed by 张三 is not recorded; signed by 赵六 it is
    sign("zhangsan")
    adopt(repo, ZHAO, "2026-03-21 09:00 +0800")
    _inst, states = reviewed(tmp_path / "r", **trust)
    assert [u.key for u in states[A].unrecorded] == [("zjt", "2026-03-20")]
    sign("zhaoliu")
    adopt(repo, ZHAO, "2026-03-22 09:00 +0800", remove=True)
    adopt(repo, ZHAO, "2026-03-22 10:00 +0800")
    _inst, states = reviewed(tmp_path / "r", **trust)
    assert states[A].unrecorded == ()


def test_reading_history_a_return_needs_only_eligibility(tmp_path: Path) -> None:
    """Under ordered review the 分管领导 may not approve yet, but a return they wrote still holds."""
    repo = start(tmp_path, u=units(ordered=True))
    repo.approve(A, by=WANG, date="2026-03-11 09:00 +0800")
    returning(repo, LI, "2026-03-12 09:00 +0800", "选题不妥。")
    st = state(tmp_path)
    assert st.returned is not None and st.returned.returner is not None and st.returned.returner.id == "lisi"
    # a return naming a file that did not exist in its commit returns nothing
    returning(repo, ZHAO, "2026-03-13 09:00 +0800", "x", "submissions/2026/03/none.md")
    assert [r.verdict for r in state(tmp_path).returns] == ["returned"]


def test_the_site_says_why_a_premature_approval_is_ignored_in_chinese(tmp_path: Path) -> None:
    from generator.i18n import reason_text

    repo = start(tmp_path, u=units(ordered=True))
    repo.approve(A, by=ZHAO, date="2026-03-11 09:00 +0800")
    repo.approve(A, by=WANG, date="2026-03-12 09:00 +0800")
    reason = state(tmp_path).approvals[0].reason
    assert reason_text(reason, "zh") == ("2026-03-11 审核时“科室审核”尚未通过（2026-03-12 才通过）；"
                                         "本局实行逐级审核，此审核不计入，需重新审核")
    assert reason_text(reason, "en") == reason
