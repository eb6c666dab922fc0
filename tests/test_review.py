"""Review rules of SPEC 4 and 8 on real repositories: each rule with a case that counts and one that does not."""
from __future__ import annotations

import copy
import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitbuilder import (
    CHEN,
    FORGE,
    LI,
    STRANGER,
    SUN,
    UNITS,
    WANG,
    XU,
    ZHANG,
    ZHAO,
    GitRepo,
    Who,
    approve_all,
    instance,
    reviewed,
    submission,
)

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
TZ8 = dt.timezone(dt.timedelta(hours=8))


def start(tmp_path: Path, units: dict[str, Any] | None = None, by: Who = ZHANG, **fields: Any) -> GitRepo:
    repo = instance(tmp_path, units=units)
    repo.write(A, submission(**fields))
    repo.commit("Add a", by=by, date="2026-03-10 09:00 +0800")
    return repo


def state(tmp_path: Path, path: str = A, **trust: Any) -> Any:
    _inst, states = reviewed(tmp_path, **trust)
    return states[path]


def verdicts(st: Any) -> list[tuple[str, str]]:
    return [(a.approver.id if a.approver else a.identity, a.verdict) for a in st.approvals]


def stages(st: Any) -> dict[str, bool]:
    return {s.stage.id: s.approved for s in st.stages}


# --------------------------------------------------------------------------- stages and eligibility

def test_all_required_stages_approved(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-12 10:00 +0800")
    st = state(tmp_path)
    assert stages(st) == {"unit": True, "office": True, "leader": False}
    assert not st.approved
    assert "no one eligible for 分管领导签发 has approved (eligible: 李四)" in st.stages[2].reason
    repo.approve(A, by=LI, date="2026-03-13 10:00 +0800", commit_date="2026-03-14 08:00 +0800")
    st = state(tmp_path)
    assert st.approved and verdicts(st) == [("wangwu", "current"), ("zhaoliu", "current"), ("lisi", "current")]
    # approved_at: the committer date of the approval that completed it
    assert st.approved_at == dt.datetime(2026, 3, 14, 8, 0, tzinfo=TZ8)
    assert st.submitted_at == dt.datetime(2026, 3, 10, 9, 0, tzinfo=TZ8)


def test_stage_met_at_its_earliest_current_approval(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-20 10:00 +0800")       # a second office approval, later
    st = state(tmp_path)
    office = next(s for s in st.stages if s.stage.id == "office")
    assert office.met_at == dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ8)
    assert st.approved_at == dt.datetime(2026, 3, 11, 10, 0, tzinfo=TZ8)


def test_a_person_not_eligible_for_any_stage_does_not_count(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=SUN, date="2026-03-11 10:00 +0800")      # head of another unit
    st = state(tmp_path)
    assert verdicts(st) == [("sunba", "ignored")]
    assert st.approvals[0].reason == "孙八 is not eligible for any stage this item requires"


def test_one_approval_may_meet_several_stages(tmp_path: Path) -> None:
    units = copy.deepcopy(UNITS)
    units["people"][2]["roles"] = ["leader", "office"]              # 李四 is leader and in the office
    repo = start(tmp_path, units=units)
    repo.approve(A, by=LI, date="2026-03-11 10:00 +0800")
    repo.approve(A, by=WANG, date="2026-03-11 11:00 +0800")
    st = state(tmp_path)
    assert st.approved
    assert st.approvals[0].stages == ("office", "leader")


def test_stage_trailer_limits_the_approval_to_that_stage(tmp_path: Path) -> None:
    units = copy.deepcopy(UNITS)
    units["people"][2]["roles"] = ["leader", "office"]
    repo = start(tmp_path, units=units)
    repo.approve(A, by=LI, date="2026-03-11 10:00 +0800", stage="office")
    st = state(tmp_path)
    assert stages(st) == {"unit": False, "office": True, "leader": False}
    assert st.approvals[0].stages == ("office",)


def test_stage_trailer_for_a_stage_the_approver_is_not_eligible_for_voids_it(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800", stage="leader")
    st = state(tmp_path)
    assert verdicts(st) == [("wangwu", "ignored")]
    assert st.approvals[0].reason == "王五 is not eligible for 分管领导签发"
    assert stages(st)["unit"] is False          # voided: it does not fall back to the unit stage


def test_stage_trailer_naming_no_stage_voids_it(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800", stage="unti")
    st = state(tmp_path)
    assert verdicts(st) == [("wangwu", "ignored")]
    assert "'Stage: unti' names no review stage" in st.approvals[0].reason


def test_stage_trailer_may_name_a_stage_by_its_id(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800", stage="unit")
    assert verdicts(state(tmp_path)) == [("wangwu", "current")]


def test_major_items_also_need_the_chief(tmp_path: Path) -> None:
    repo = start(tmp_path, importance="major")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    st = state(tmp_path)
    assert stages(st) == {"unit": True, "office": True, "leader": True, "chief": False}
    assert not st.approved
    repo.approve(A, by=CHEN, date="2026-03-12 10:00 +0800")
    assert state(tmp_path).approved


def test_normal_items_do_not_need_the_chief_and_ignore_a_chief_stage(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.approve(A, by=CHEN, date="2026-03-12 10:00 +0800", stage="chief")
    st = state(tmp_path)
    assert st.approved and "chief" not in stages(st)
    assert st.approvals[-1].verdict == "ignored"
    assert "is not required for this item" in st.approvals[-1].reason


def test_joint_item_asks_the_lead_units_head(tmp_path: Path) -> None:
    repo = start(tmp_path, unit=["zhijian", "jianguan"], authors=["zhangsan"])
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")      # head of the second unit: not eligible
    repo.approve(A, by=ZHAO, date="2026-03-11 10:00 +0800")
    repo.approve(A, by=LI, date="2026-03-11 10:00 +0800")
    st = state(tmp_path)
    assert stages(st) == {"unit": False, "office": True, "leader": True}
    repo.approve(A, by=XU, date="2026-03-12 10:00 +0800")        # head of the lead unit
    assert state(tmp_path).approved


def test_eligibility_comes_from_heads_units_yaml(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    assert state(tmp_path).approved
    units = copy.deepcopy(UNITS)
    units["units"][0]["head"] = ["sunba"]                         # 王五 is no longer head
    repo.write_yaml("units.yaml", units)
    repo.commit("New head", by=ZHAO, date="2026-03-15 10:00 +0800")
    st = state(tmp_path)
    assert not st.approved and verdicts(st)[0] == ("wangwu", "ignored")


# --------------------------------------------------------------------------- authors and identities

def test_an_author_cannot_approve(tmp_path: Path) -> None:
    repo = start(tmp_path, by=XU, unit="zhijian")                # 许班 adds it: default author
    repo.approve(A, by=XU, date="2026-03-11 10:00 +0800")        # and is the head of zhijian
    st = state(tmp_path)
    assert st.authors == ("xuban",)
    assert verdicts(st) == [("xuban", "ignored")]
    assert st.approvals[0].reason == "许班 is an author of this item"
    assert st.stages[0].reason == "no one is eligible for 科室审核: 许班 may approve it but is an author of this item"


def test_front_matter_authors_replace_the_git_author(tmp_path: Path) -> None:
    repo = start(tmp_path, by=XU, unit="zhijian", authors=["zhangsan"])
    repo.approve(A, by=XU, date="2026-03-11 10:00 +0800")
    st = state(tmp_path)
    assert st.authors == ("zhangsan",)
    assert verdicts(st) == [("xuban", "current")]


def test_authors_may_approve_when_allowed(tmp_path: Path) -> None:
    units = copy.deepcopy(UNITS)
    units["review"]["author_cannot_approve"] = False
    repo = start(tmp_path, units=units, by=XU, unit="zhijian")
    repo.approve(A, by=XU, date="2026-03-11 10:00 +0800")
    assert verdicts(state(tmp_path)) == [("xuban", "current")]


def test_unknown_identity_is_ignored_with_a_warning(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=Who("王五", "wangwu@gmail.com"), date="2026-03-11 10:00 +0800")  # right name, wrong e-mail
    st = state(tmp_path)
    assert verdicts(st) == [("王五 <wangwu@gmail.com>", "ignored")]
    assert "is not a person in units.yaml" in st.approvals[0].reason
    assert any("does not count" in p.message and p.severity == "warning" for p in st.problems)


def test_emails_match_case_insensitively(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=Who("Wang", "WangWu@WJ.example.gov.cn"), date="2026-03-11 10:00 +0800")
    assert verdicts(state(tmp_path)) == [("wangwu", "current")]


def test_unknown_adder_leaves_no_author(tmp_path: Path) -> None:
    start(tmp_path, by=STRANGER)
    st = state(tmp_path)
    assert st.authors == ()
    assert any("not a person in units.yaml" in p.message for p in st.problems)


# --------------------------------------------------------------------------- staleness

def edit(repo: GitRepo, text: str, date: str, who: Who = ZHANG) -> str:
    repo.write(A, text)
    return repo.commit("Edit", by=who, date=date)


def test_editing_the_body_makes_approvals_stale(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    change = edit(repo, submission(body="新的正文。\n"), "2026-03-21 10:00 +0800")
    st = state(tmp_path)
    assert not st.approved
    assert [v for _, v in verdicts(st)] == ["stale"] * 3
    assert st.approvals[0].reason == (f"王五's approval of 2026-03-11 is stale: the body changed in "
                                      f"{change[:7]} on 2026-03-21")
    approve_all(repo, A, date="2026-03-22 10:00 +0800")
    st = state(tmp_path)
    assert st.approved and st.approved_at == dt.datetime(2026, 3, 22, 10, 0, tzinfo=TZ8)


def test_a_new_tag_resets_review_but_draft_false_does_not(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    edit(repo, submission(draft=False, importance="normal", urgent=False), "2026-03-12 10:00 +0800")
    assert state(tmp_path).approved
    edit(repo, submission(tags=["农民工工资"]), "2026-03-13 10:00 +0800")
    st = state(tmp_path)
    assert not st.approved
    assert "the field tags changed" in st.approvals[0].reason


def test_adoptions_and_instructions_never_reset_review(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    edit(repo, submission(adoptions=[{"outlet": "zjt", "date": dt.date(2026, 3, 20),
                                      "evidence": "https://example.gov.cn/a"}],
                          instructions=[{"level": "municipal", "by": "副市长", "date": dt.date(2026, 3, 25),
                                         "evidence": "https://example.gov.cn/b"}]),
         "2026-03-26 10:00 +0800", who=ZHAO)
    st = state(tmp_path)
    assert st.approved and [v for _, v in verdicts(st)] == ["current"] * 3


def test_line_endings_and_a_single_value_list_do_not_reset_review(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.write(A, submission(unit=["jianguan"]).replace("\n", "\r\n").encode())
    repo.commit("CRLF", by=ZHANG, date="2026-03-12 10:00 +0800")
    assert state(tmp_path).approved


def test_an_approval_before_an_edit_and_one_after(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    edit(repo, submission(title="新标题"), "2026-03-12 10:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-13 10:00 +0800")
    repo.approve(A, by=LI, date="2026-03-13 11:00 +0800")
    st = state(tmp_path)
    assert verdicts(st) == [("wangwu", "stale"), ("zhaoliu", "current"), ("lisi", "current")]
    assert "the field title changed" in st.approvals[0].reason
    assert "王五's approval of 2026-03-11 is stale" in st.stages[0].reason


def test_a_rebase_with_identical_content_keeps_the_approval(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.branch("topic")
    repo.write(A, submission())
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.checkout("main")
    repo.write("README.md", "说明\n")
    repo.commit("Readme", by=ZHAO, date="2026-03-12 09:00 +0800")
    repo.checkout("topic")
    repo.git("rebase", "-q", "main", env={"GIT_COMMITTER_NAME": "R", "GIT_COMMITTER_EMAIL": "r@x",
                                          "GIT_COMMITTER_DATE": "2026-03-13 09:00:00 +0800"})
    st = state(tmp_path)
    assert st.approved and [v for _, v in verdicts(st)] == ["current"] * 3
    # after a rebase the committer date is the rebase's
    assert st.approved_at == dt.datetime(2026, 3, 13, 9, 0, tzinfo=TZ8)


def test_uncommitted_changes_are_compared_with_the_approved_version(tmp_path: Path) -> None:
    repo = start(tmp_path)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.write(A, submission(body="本地修改。\n"))
    st = state(tmp_path)
    assert not st.approved and "uncommitted" in st.approvals[0].reason


# --------------------------------------------------------------------------- renames

def test_an_approval_of_the_old_name_counts_after_a_rename(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    old = "submissions/2026/02/old-name.md"
    repo.write(old, submission())
    repo.commit("Add", by=ZHANG, date="2026-02-27 09:00 +0800")
    repo.approve(old, by=WANG, date="2026-02-28 09:00 +0800")
    repo.rename(old, A)
    repo.commit("Move", by=ZHANG, date="2026-03-02 09:00 +0800")
    repo.approve(A, by=ZHAO, date="2026-03-03 09:00 +0800")
    repo.approve(old, by=LI, date="2026-03-03 10:00 +0800")     # names the old path after the rename
    st = state(tmp_path)
    assert st.approved and [v for _, v in verdicts(st)] == ["current"] * 3
    assert st.submitted_at == dt.datetime(2026, 2, 27, 9, 0, tzinfo=TZ8)


def test_an_approval_of_an_unrelated_path_does_not_count(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.write(B, submission(title="另一条"))
    repo.commit("Add b", by=ZHANG, date="2026-03-10 10:00 +0800")
    approve_all(repo, B, date="2026-03-11 10:00 +0800")
    assert state(tmp_path).approvals == ()
    assert state(tmp_path, B).approved


def test_approving_before_the_file_exists_approves_nothing(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.approve(A, by=WANG, date="2026-03-09 10:00 +0800")
    repo.write(A, submission())
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    st = state(tmp_path)
    assert verdicts(st) == [("wangwu", "ignored")] and "did not exist" in st.approvals[0].reason


def test_trailers_must_be_in_the_last_paragraph(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.commit(f"Approve\n\nApprove: {A}\n\nLooks good.\n", by=WANG, date="2026-03-11 10:00 +0800",
                allow_empty=True)
    repo.commit(f"Approve: {A}\n", by=ZHAO, date="2026-03-11 10:00 +0800", allow_empty=True)   # subject only
    assert state(tmp_path).approvals == ()
    repo.commit(f"Approve\n\nLooks good.\n\napprove: {A}\n", by=WANG, date="2026-03-11 11:00 +0800",
                allow_empty=True)
    assert verdicts(state(tmp_path)) == [("wangwu", "current")]


def test_one_commit_may_approve_several_files(tmp_path: Path) -> None:
    repo = start(tmp_path)
    repo.write(B, submission(title="另一条"))
    repo.commit("Add b", by=ZHANG, date="2026-03-10 10:00 +0800")
    approve_all(repo, A, B, date="2026-03-11 10:00 +0800")
    assert state(tmp_path).approved and state(tmp_path, B).approved


# --------------------------------------------------------------------------- forge trailers (form 2)

def forge_repo(tmp_path: Path, committer: Who = FORGE, trailers: str | None = None) -> tuple[GitRepo, str]:
    repo = instance(tmp_path)
    repo.branch("topic")
    repo.write(A, submission())
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.checkout("main")
    repo.write("README.md", "x\n")
    repo.commit("Readme", by=ZHAO, date="2026-03-10 10:00 +0800")   # main moved on: a real merge
    trailers = trailers or ("Approved-by: 王五 <wangwu@wj.example.gov.cn>\n"
                            "Reviewed-by: Zhao Liu <ZHAOLIU@wj.example.gov.cn>\n"
                            "Approved-by: 李四 <lisi@wj.example.gov.cn>")
    merge = repo.merge("topic", by=committer, committer=committer, date="2026-03-12 10:00 +0800",
                       message=f"Merge pull request #7\n\n{trailers}")
    return repo, merge


def test_forge_trailers_on_a_trusted_mainline_merge_count(tmp_path: Path) -> None:
    _repo, merge = forge_repo(tmp_path)
    st = state(tmp_path)
    assert st.approved and [a.form for a in st.approvals] == ["trailer"] * 3
    assert {a.commit.id for a in st.approvals} == {merge}
    assert verdicts(st) == [("wangwu", "current"), ("zhaoliu", "current"), ("lisi", "current")]


def test_forge_trailers_from_an_untrusted_committer_do_not_count(tmp_path: Path) -> None:
    forge_repo(tmp_path, committer=STRANGER)
    st = state(tmp_path)
    assert not st.approved and {v for _, v in verdicts(st)} == {"ignored"}
    assert "not in trusted_committers" in st.approvals[0].reason
    # the build machine may name the trusted committer itself
    assert state(tmp_path, trusted_committers=(STRANGER.email,)).approved
    assert not state(tmp_path, trusted_committers=("other@x",)).approved


def test_forge_trailers_off_the_mainline_do_not_count(tmp_path: Path) -> None:
    repo, _merge = forge_repo(tmp_path)
    # a side branch that forges a "merge" written by the forge identity, then merged normally
    repo.branch("evil")
    repo.write(B, submission(title="伪造"))
    repo.commit("Add b", by=ZHANG, date="2026-03-13 09:00 +0800")
    repo.write(B, submission(title="伪造", body="改。\n"))
    repo.commit("Looks like a merge\n\nApproved-by: 王五 <wangwu@wj.example.gov.cn>\n"
                "Approved-by: 赵六 <zhaoliu@wj.example.gov.cn>\nApproved-by: 李四 <lisi@wj.example.gov.cn>",
                by=FORGE, date="2026-03-13 10:00 +0800")
    repo.checkout("main")
    repo.merge("evil", by=ZHANG, date="2026-03-14 09:00 +0800", message="Merge evil")
    st = state(tmp_path, B)
    assert not st.approved and {v for _, v in verdicts(st)} == {"ignored"}
    assert st.approvals[0].reason.startswith("the trailer is on a commit outside the mainline")


def test_forge_trailers_approve_only_files_the_commit_changed(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.write(B, submission(title="早已在主线"))
    repo.commit("Add b", by=ZHANG, date="2026-03-09 09:00 +0800")
    repo.branch("topic")
    repo.write(A, submission())
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.checkout("main")
    repo.write("README.md", "x\n")
    repo.commit("Readme", by=ZHAO, date="2026-03-10 10:00 +0800")
    repo.merge("topic", by=FORGE, date="2026-03-12 10:00 +0800",
               message="Merge\n\nApproved-by: 王五 <wangwu@wj.example.gov.cn>")
    assert verdicts(state(tmp_path)) == [("wangwu", "current")]
    assert state(tmp_path, B).approvals == ()


def test_forge_trailers_on_a_squash_commit(tmp_path: Path) -> None:
    repo = instance(tmp_path)
    repo.branch("topic")
    repo.write(A, submission())
    repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.checkout("main")
    repo.merge("topic", by=FORGE, date="2026-03-12 10:00 +0800", squash=True,
               message="Add a (#7)\n\nApproved-by: 王五 <wangwu@wj.example.gov.cn>\n"
                       "Approved-by: 赵六 <zhaoliu@wj.example.gov.cn>\nApproved-by: 李四 <lisi@wj.example.gov.cn>")
    repo.git("branch", "-D", "topic")
    st = state(tmp_path)
    assert st.approved
    assert st.authors == ()     # the squash commit's author (the forge) is nobody in units.yaml


def test_forge_trailers_match_people_by_email_not_name(tmp_path: Path) -> None:
    forge_repo(tmp_path, trailers="Approved-by: 王五 <someone@else.example>\nApproved-by: Wang Wu <wangwu@wj.example.gov.cn>")
    st = state(tmp_path)
    assert verdicts(st) == [("王五 <someone@else.example>", "ignored"), ("wangwu", "current")]


# --------------------------------------------------------------------------- drafts and trust settings

def test_drafts_are_reviewed_but_not_scored(tmp_path: Path) -> None:
    repo = start(tmp_path, draft=True)
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    st = state(tmp_path)
    assert st.approved and st.draft and not st.scored
    edit(repo, submission(draft=False), "2026-03-12 10:00 +0800")
    st = state(tmp_path)
    assert not st.approved         # draft: true -> false is a reviewable change


def test_signature_mode_needs_an_allowed_signers_file_outside_the_repository(tmp_path: Path) -> None:
    from generator.errors import BulletinError
    repo = start(tmp_path / "r")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    with pytest.raises(BulletinError, match="allowed_signers"):
        state(tmp_path / "r", mode="signature")
    inside = tmp_path / "r" / "signers"
    inside.write_text("")
    with pytest.raises(BulletinError, match="inside the repository"):
        state(tmp_path / "r", mode="signature", allowed_signers=str(inside))


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="needs ssh-keygen")
def test_signature_mode_counts_only_good_signatures_of_the_approver(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.mkdir()
    signers = []
    for who in ("wangwu", "zhaoliu"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", str(keys / who)], check=True)
        pub = (keys / f"{who}.pub").read_text().split()
        signers.append(f"{who}@wj.example.gov.cn {pub[0]} {pub[1]}")
    allowed = keys / "allowed_signers"
    allowed.write_text("\n".join(signers) + "\n")
    repo = start(tmp_path / "r")
    repo.git("config", "gpg.format", "ssh")
    # 王五 signs his approval with his key: counts
    repo.git("config", "user.signingkey", str(keys / "wangwu"))
    repo.git("config", "commit.gpgsign", "true")
    repo.approve(A, by=WANG, date="2026-03-11 10:00 +0800")
    # 赵六's approval is signed with 王五's key: does not count
    repo.approve(A, by=ZHAO, date="2026-03-11 11:00 +0800")
    # 李四's approval is not signed at all
    repo.git("config", "commit.gpgsign", "false")
    repo.approve(A, by=LI, date="2026-03-11 12:00 +0800")
    st = state(tmp_path / "r", mode="signature", allowed_signers=str(allowed))
    assert verdicts(st) == [("wangwu", "current"), ("zhaoliu", "ignored"), ("lisi", "ignored")]
    assert "signed by wangwu@wj.example.gov.cn, not by 赵六" in st.approvals[1].reason
    assert "is not signed" in st.approvals[2].reason
    # in author mode all three count
    assert state(tmp_path / "r").approved
