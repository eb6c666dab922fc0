"""Bulletins of record: `bulletin issue`, supersede, corrections with their commits, broken records.

Real repositories and the real command; history is added after a bulletin is issued and the record must
not move, while the next bulletin carries the correction.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from gitbuilder import (
    LI,
    SUN,
    XU,
    ZHANG,
    ZHAO,
    GitRepo,
    approve_all,
    instance,
    submission,
)
from recordkit import A, B, adoption, bulletin

from generator.issued.corrections import figure_changes
from generator.periods import parse_period
from generator.read.bulletins import (
    check_record,
    digest,
    load_issued,
    load_records,
    next_number,
)


def march(path: Path) -> GitRepo:
    """jianguan: item A adopted by the province in March; zhijian: item B adopted by the city in April."""
    r = instance(path)
    r.write(A, submission(adoptions=[adoption("zjt", "2026-03-20")]))
    r.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(r, A, date="2026-03-11 10:00 +0800")
    r.write(B, submission(title="质监站稿件", unit="zhijian", authors=["xuban"],
                          adoptions=[adoption("cz-daily", "2026-04-15")]))
    r.commit("报送：B", by=XU, date="2026-03-12 09:00 +0800")
    for who in (ZHAO, LI):
        r.approve(B, by=who, date="2026-03-13 10:00 +0800")
    return r


def issue(repo: GitRepo, *args: str) -> subprocess.CompletedProcess[str]:
    return bulletin("issue", *args, "--repo", str(repo.path))


def unit(record: dict, uid: str) -> dict:
    return next(u for u in record["scores"]["units"] if u["unit"] == uid)


def test_issue_freezes_the_period_and_later_history_gives_a_correction(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    done = issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03", "--number", "武住建办〔2026〕12号")
    assert done.returncode == 0, done.stderr
    assert "git add bulletins/" in done.stdout
    path = repo.path / "bulletins" / "2026-03.json"
    issued_text = path.read_text(encoding="utf-8")
    record = json.loads(issued_text)
    assert record["number"] == "武住建办〔2026〕12号"
    assert record["commit"] == repo.head() and record["as_of"] == "2026-04-03" and record["issued"] == "2026-04-03"
    assert record["title"] == "关于2026年3月份信息宣传工作情况的通报"
    assert unit(record, "jianguan")["points"] == 20.0 and unit(record, "jianguan")["rank"] == 1
    assert record["scores"]["period"] == "2026-03" and record["scores"]["as_of"] == "2026-04-03"
    assert record["totals"]["adoptions"] == 1 and record["adopted_items"][0]["outlet_name"] == "江苏省住房和城乡建设厅网站"
    assert record["corrections"] == []
    issued_commit = repo.head()

    # History that changes March: a late adoption recorded in April, dated March 28.
    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]))
    late = repo.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    repo.commit("不相关的提交", by=ZHAO, date="2026-04-11 09:00 +0800", allow_empty=True)

    # The record does not move: the file is untouched and reads back the same figures.
    assert path.read_text(encoding="utf-8") == issued_text
    issued = load_issued(repo.path)[parse_period("2026-03")]
    assert issued.commit == issued_commit
    assert next(u for u in issued.units if u["unit"] == "jianguan")["points"] == 20.0

    # `bulletin issued --corrections` shows what now differs, with the commit.
    listing = bulletin("issued", "--corrections", "--repo", str(repo.path))
    assert listing.returncode == 0, listing.stderr
    assert f"建筑管理科 points: 20 -> 30  ({late[:8]}" in listing.stdout

    # The next bulletin carries the correction (更正): unit, figure, old and new value, and the commit.
    done = issue(repo, "2026-04", "--as-of", "2026-05-06", "--date", "2026-05-06")
    assert done.returncode == 0, done.stderr
    april = json.loads((repo.path / "bulletins" / "2026-04.json").read_text(encoding="utf-8"))
    assert april["number"] == "武住建办〔2026〕13号"          # the next number after 12
    fixes = {(c["id"], c["field"]): c for c in april["corrections"]}
    points = fixes[("jianguan", "points")]
    assert (points["period"], points["revision"], points["number"]) == ("2026-03", 1, "武住建办〔2026〕12号")
    assert (points["old"], points["new"], points["name"]) == (20.0, 30.0, "建筑管理科")
    assert [c["id"] for c in points["commits"]] == [late]
    assert points["commits"][0]["subject"] == "记录采用：A（常州日报）"
    assert points["commits"][0]["date"] == "2026-04-10"
    assert fixes[("jianguan", "cumulative")]["new"] == 30.0
    assert fixes[("zhangsan", "points")]["new"] == 30.0
    assert path.read_text(encoding="utf-8") == issued_text

    # Once published, a correction is not carried again.
    repo.commit("又一个提交", by=ZHAO, date="2026-05-10 09:00 +0800", allow_empty=True)
    done = issue(repo, "2026-05", "--as-of", "2026-06-05", "--date", "2026-06-05")
    assert done.returncode == 0, done.stderr
    may = json.loads((repo.path / "bulletins" / "2026-05.json").read_text(encoding="utf-8"))
    assert may["corrections"] == []


def test_issued_bulletin_is_never_overwritten_and_supersede_keeps_the_old_one(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    assert issue(repo, "2026-03", "--as-of", "2026-04-03", "--number", "武住建办〔2026〕12号",
                 "--date", "2026-04-03").returncode == 0
    path = repo.path / "bulletins" / "2026-03.json"
    before = path.read_bytes()
    again = issue(repo, "2026-03", "--as-of", "2026-04-05", "--date", "2026-04-05")
    assert again.returncode == 1
    assert "never overwritten" in again.stderr and "--supersede" in again.stderr
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == before
    assert issue(repo, "2026-03", "--supersede", "--as-of", "2026-04-05").returncode == 2   # no --reason

    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]))
    repo.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    done = issue(repo, "2026-03", "--supersede", "--reason", "补录常州日报采用", "--as-of", "2026-04-12",
                 "--date", "2026-04-12", "--number", "武住建办〔2026〕14号")
    assert done.returncode == 0, done.stderr
    new = json.loads(path.read_text(encoding="utf-8"))
    old = json.loads((repo.path / "bulletins" / "2026-03.r1.json").read_text(encoding="utf-8"))
    assert new["revision"] == 2 and unit(new, "jianguan")["points"] == 30.0
    assert new["supersedes"] == {"revision": 1, "number": "武住建办〔2026〕12号", "issued": "2026-04-03",
                                 "reason": "补录常州日报采用"}
    assert old["superseded"] == {"date": "2026-04-12", "by_revision": 2, "by_number": "武住建办〔2026〕14号",
                                 "reason": "补录常州日报采用"}
    assert unit(old, "jianguan")["points"] == 20.0 and old["digest"] == digest(old)
    records = load_records(repo.path)
    assert records.problems == []
    assert [r.revision for r in records.revisions(parse_period("2026-03"))] == [1, 2]
    assert records.in_force[parse_period("2026-03")].revision == 2
    # The superseded figures no longer differ from today's: nothing to correct.
    listing = bulletin("issued", "--corrections", "--repo", str(repo.path))
    assert "now differs" not in listing.stdout and "superseded 2026-04-12" in listing.stdout
    # Same number twice is refused.
    dup = issue(repo, "2026-04", "--as-of", "2026-05-06", "--date", "2026-05-06", "--number", "武住建办〔2026〕14号")
    assert dup.returncode == 1 and "already the number of bulletins/2026-03.json" in dup.stderr


def test_issue_refuses_bad_requests_without_writing(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    early = issue(repo, "2026-03", "--as-of", "2026-03-30")
    assert early.returncode == 1 and "--as-of must be 2026-03-31 or later" in early.stderr
    before = issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-01")
    assert before.returncode == 1 and "before --as-of" in before.stderr
    bad = issue(repo, "2026-13")
    assert bad.returncode == 2 and "month 13 does not exist" in bad.stderr
    number = issue(repo, "2026-03", "--as-of", "2026-04-03", "--number", "12号")
    assert number.returncode == 1 and "〔2026〕12号" in number.stderr
    assert not (repo.path / "bulletins").exists()
    dry = issue(repo, "2026-03", "--as-of", "2026-04-03", "--dry-run")
    assert dry.returncode == 0 and "dry run" in dry.stdout and not (repo.path / "bulletins").exists()


def test_issue_from_an_older_commit(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    then = repo.head()
    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]))
    repo.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    done = issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03", "--commit", then[:10])
    assert done.returncode == 0, done.stderr
    record = json.loads((repo.path / "bulletins" / "2026-03.json").read_text(encoding="utf-8"))
    assert record["commit"] == then and unit(record, "jianguan")["points"] == 20.0
    # The working tree (HEAD) is untouched by computing at an older commit.
    assert "cz-daily" in (repo.path / A).read_text(encoding="utf-8")
    assert repo.git("status", "--porcelain") == "?? bulletins/"


def test_year_bulletin_awards_and_exclusions(tmp_path: Path) -> None:
    units = json.loads(json.dumps(__import__("gitbuilder").UNITS))
    scoring = json.loads(json.dumps(__import__("gitbuilder").SCORING))
    scoring["targets"] = {"units": {"default": {"points": 10}, "jianguan": {"points": 10}}}
    scoring["awards"] = {"units": 2, "people": 2, "require_target": True}
    repo = instance(tmp_path / "r", units=units, scoring=scoring)
    repo.write(A, submission(adoptions=[adoption("zjt", "2026-03-20")]))
    repo.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.write(B, submission(title="安监站稿件", unit="anjian", authors=["xuban"],
                             adoptions=[adoption("wj-web", "2026-04-15")]))
    repo.commit("报送：B", by=XU, date="2026-03-12 09:00 +0800")
    for who in (SUN, ZHAO, LI):
        repo.approve(B, by=who, date="2026-03-13 10:00 +0800")
    done = issue(repo, "2026", "--as-of", "2027-01-08", "--date", "2027-01-08", "--number", "武住建办〔2027〕2号")
    assert done.returncode == 0, done.stderr
    year = json.loads((repo.path / "bulletins" / "2026.json").read_text(encoding="utf-8"))
    assert year["title"] == "关于2026年度信息宣传工作考核结果的通报"
    aw = year["awards"]
    assert [u["unit"] for u in aw["units"]] == ["jianguan"]            # the only unit that met its target
    assert set(aw["excluded"]) == {"zhijian", "anjian", "bgs"}          # below target: 取消评优资格
    people = {p["person"]: p for p in aw["people"]}
    assert people["zhangsan"]["liaison"] is True and people["zhangsan"]["points"] == 20.0
    assert year["scores"]["awards"]["units"] == ["jianguan"]
    totals = year["totals"]
    assert {r["level"]: r["adoptions"] for r in totals["by_level"]} == {
        "national": 0, "provincial": 1, "municipal": 0, "county": 1}
    assert {r["category"]: (r["submitted"], r["adoptions"]) for r in totals["by_category"]}["gov_info"] == (2, 2)


def test_broken_records_are_reported_at_their_line(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    assert issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03").returncode == 0
    path = repo.path / "bulletins" / "2026-03.json"
    good = path.read_text(encoding="utf-8")

    # A figure changed by hand: the digest no longer matches.
    tampered = good.replace('"points": 20.0', '"points": 25.0', 1)
    path.write_text(tampered, encoding="utf-8")
    listing = bulletin("issued", "--repo", str(repo.path))
    assert listing.returncode == 1
    line = next(i for i, text in enumerate(tampered.split("\n"), 1) if '"digest"' in text)
    assert f"bulletins/2026-03.json:{line}:13: error: the figures of this issued bulletin were changed" \
        in listing.stderr
    # Issuing anything stops on the broken record.
    stopped = issue(repo, "2026-04", "--as-of", "2026-05-06")
    assert stopped.returncode == 1 and "bulletins/2026-03.json:" in stopped.stderr
    assert not (repo.path / "bulletins" / "2026-04.json").exists()

    # Broken JSON: line and column of the syntax error.
    path.write_text(good.replace('"revision": 1,', '"revision": 1', 1), encoding="utf-8")
    listing = bulletin("issued", "--repo", str(repo.path))
    line = next(i for i, text in enumerate(good.split("\n"), 1) if '"revision": 1,' in text)
    assert listing.returncode == 1
    assert f"bulletins/2026-03.json:{line + 1}:3: error: not a valid bulletin record: Expecting ',' delimiter" \
        in listing.stderr
    assert "Traceback" not in listing.stderr

    # A wrong type: reported at the value.
    wrong = good.replace('"as_of": "2026-04-03"', '"as_of": "2026-04-31"', 1)
    _rec, problems = check_record("bulletins/2026-03.json", wrong)
    line = next(i for i, text in enumerate(wrong.split("\n"), 1) if '"as_of"' in text)
    assert [p.format("en") for p in problems] == [
        f"bulletins/2026-03.json:{line}:12: error: 'as_of' must be a real date YYYY-MM-DD, not '2026-04-31'"]
    _rec, problems = check_record("bulletins/2026-04.json", good)
    assert any("lives in bulletins/2026-03.json" in p.message for p in problems)


def test_figure_changes_is_pure(tmp_path: Path) -> None:
    repo = march(tmp_path / "r")
    assert issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03").returncode == 0
    rec = load_issued(repo.path)[parse_period("2026-03")]
    now = json.loads(json.dumps(rec.scores))
    assert figure_changes(rec, now) == []
    now["units"][0]["points"] = 99.0
    (change,) = figure_changes(rec, now)
    assert (change.subject, change.field, change.old, change.new, change.commits) == (
        "unit", "points", 20.0, 99.0, ())


def test_next_number() -> None:
    assert next_number(["武住建办〔2026〕12号", "武住建办〔2026〕3号", "武住建办〔2025〕40号", None], 2026) == \
        "武住建办〔2026〕13号"
    assert next_number(["武住建办〔2025〕40号"], 2026) is None


def test_a_back_dated_commit_after_the_issue_is_the_cause_dated_when_it_entered_history(tmp_path: Path) -> None:
    """Causes follow history order (first parent after the record's commit), never the dates commits claim.

    A commit that claims 26 March but follows, on the branch, a commit of 20 April (records written in
    bulk after the fact, or a rebase that kept old dates) changed the March figures after the bulletin was
    issued: it is the cause, dated 20 April, the earliest day the branch could hold it. Ranks of units and
    people with 0 points, who only moved because someone else scored, are no correction.
    """
    import copy

    from gitbuilder import UNITS, instance
    from gitbuilder import submission as sub

    units = copy.deepcopy(UNITS)
    next(u for u in units["units"] if u["id"] == "anjian")["liaisons"] = ["sunba"]
    repo = instance(tmp_path / "r", units=units)
    repo.write(A, sub(adoptions=[adoption("zjt", "2026-03-20")]))
    repo.commit("报送：A", by=ZHANG, date="2026-03-10 09:00 +0800")
    approve_all(repo, A, date="2026-03-11 10:00 +0800")
    repo.write(B, sub(title="质监站稿件", unit="zhijian", authors=["sunba"]))
    repo.commit("报送：B", by=SUN, date="2026-03-12 09:00 +0800")
    for who in (XU, ZHAO, LI):
        repo.approve(B, by=who, date="2026-03-13 10:00 +0800")
    assert issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03").returncode == 0
    march_record = json.loads((repo.path / "bulletins" / "2026-03.json").read_text(encoding="utf-8"))
    ranks = {p["person"]: (p["points"], p["rank"]) for p in march_record["scores"]["people"]}
    assert ranks == {"zhangsan": (20.0, 1), "xuban": (0.0, 2), "sunba": (0.0, 2)}
    repo.commit("印发三月通报", by=ZHAO, date="2026-04-03 17:00 +0800")

    repo.commit("四月的提交", by=ZHAO, date="2026-04-20 09:00 +0800", allow_empty=True)
    repo.write(B, sub(title="质监站稿件", unit="zhijian", authors=["sunba"],
                      adoptions=[adoption("cz-gov", "2026-03-25")]))
    late = repo.commit("记录采用：B（常州政务信息）", by=SUN, date="2026-03-26 09:00 +0800")

    listing = bulletin("issued", "--corrections", "--repo", str(repo.path))
    assert listing.returncode == 0, listing.stderr
    assert f"质监站 points: 0 -> 10  ({late[:8]} 2026-04-20 记录采用：B（常州政务信息）)" in listing.stdout

    assert issue(repo, "2026-04", "--as-of", "2026-05-06", "--date", "2026-05-06").returncode == 0
    april = json.loads((repo.path / "bulletins" / "2026-04.json").read_text(encoding="utf-8"))
    fixes = {(c["id"], c["field"]): c for c in april["corrections"]}
    assert fixes[("zhijian", "points")]["commits"] == [
        {"id": late, "date": "2026-04-20", "author": "孙八", "subject": "记录采用：B（常州政务信息）"}]
    assert (fixes[("sunba", "points")]["old"], fixes[("sunba", "points")]["new"]) == (0.0, 10.0)
    # xuban (0 points) went from 2nd to 3rd, anjian and bgs (0 points) too: not corrections.
    assert ("xuban", "rank") not in fixes and ("anjian", "rank") not in fixes and ("bgs", "rank") not in fixes
    assert all(c["commits"] and c["commits"][0]["date"] >= "2026-04-03" for c in april["corrections"])


def test_net_causes_drops_changes_that_come_back() -> None:
    from generator.issued.corrections import net_causes

    assert net_causes([]) == []
    assert net_causes([("x", 20, 30)]) == ["x"]
    # withdraw and re-record: the figure comes back, the pair is no cause
    assert net_causes([("x", 20, 30), ("w", 30, 0), ("r", 0, 30)]) == ["x"]
    assert net_causes([("w", 20, 0), ("r", 0, 20), ("x", 20, 30)]) == ["x"]
    # a change, then a different one: both are causes; back to the start: none
    assert net_causes([("x", 20, 30), ("y", 30, 35)]) == ["x", "y"]
    assert net_causes([("x", 20, 30), ("y", 30, 20)]) == []


def test_a_withdrawal_and_its_re_recording_are_no_cause_wherever_history_is_split(tmp_path: Path) -> None:
    """A commit that withdraws a record and a later one that records it again net to nothing.

    The cause of a corrected figure is the commit that really changed it, for every length of the history
    after it (the search halves the history, so the pair falls on either side of a split or inside one).
    """
    from generator.issued.corrections import pending_corrections

    repo = march(tmp_path / "r")
    assert issue(repo, "2026-03", "--as-of", "2026-04-03", "--date", "2026-04-03").returncode == 0
    repo.commit("印发三月通报", by=ZHAO, date="2026-04-03 17:00 +0800")
    both = [adoption("zjt", "2026-03-20"), adoption("cz-daily", "2026-03-28")]
    repo.write(A, submission(adoptions=both))
    late = repo.commit("记录采用：A（常州日报）", by=ZHAO, date="2026-04-10 09:00 +0800")
    repo.write(A, submission())
    repo.commit("办公室统一登记：撤下此前录入的采用", by=ZHAO, date="2026-04-11 09:00 +0800")
    repo.write(A, submission(adoptions=both))
    repo.commit("办公室统一登记：重新登记（内容未变）", by=ZHAO, date="2026-04-11 09:10 +0800")
    targets = [repo.head()]
    for n in range(7):
        targets.append(repo.commit(f"其他提交 {n}", by=ZHAO, date=f"2026-04-{12 + n} 09:00 +0800", allow_empty=True))
    for target in targets:
        found = pending_corrections(repo.path, at=target)[parse_period("2026-03")]
        causes = {(c.id, c.field): [ref.id for ref in c.commits] for c in found}
        assert causes[("jianguan", "points")] == [late], target
        assert set(map(tuple, causes.values())) == {(late,)}, (target, causes)


def test_record_files_are_listed_as_a_glob_lists_them(tmp_path: Path) -> None:
    """One os.scandir per folder finds exactly what Path.glob finds: hidden files, links to files,
    not the inside of linked folders, not folders named like records, names case-sensitive."""
    import dataclasses
    import os

    from generator.read.records import SOLICITATIONS, SUBMISSIONS

    base = tmp_path / "submissions"
    for rel in ("x.md", ".h.md", "2026/10/y.md", "2026/10/z.MD", "2026/a.md.txt", "elsewhere/w.md"):
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text("---\n", encoding="utf-8")
    (base / "folder.md").mkdir()
    os.symlink(base / "elsewhere", base / "2026" / "linked")
    os.symlink(base / "x.md", base / "2026" / "link.md")
    for kind in (SUBMISSIONS, SOLICITATIONS, dataclasses.replace(SOLICITATIONS, directory="submissions")):
        found = kind.files(tmp_path)
        folder = tmp_path / kind.directory
        expected = sorted(p.relative_to(tmp_path).as_posix() for p in folder.glob(kind.pattern) if p.is_file()) \
            if folder.is_dir() else []
        assert found == expected
    assert SUBMISSIONS.files(tmp_path) == ["submissions/.h.md", "submissions/2026/10/y.md", "submissions/2026/link.md",
                                           "submissions/elsewhere/w.md", "submissions/x.md"]
