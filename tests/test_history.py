"""history.py on real repositories: one git log, trailers by git's rules, renames, dates."""
from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from gitbuilder import FORGE, LI, WANG, ZHANG, GitRepo, instance, submission

from generator.git import history as H
from generator.git.history import BlobReader, file_histories, read_history

A = "submissions/2026/03/a.md"


def test_empty_repository_has_no_history(tmp_path: Path) -> None:
    GitRepo(tmp_path)
    hist = read_history(tmp_path)
    assert hist.commits == () and hist.head is None and hist.available
    assert file_histories(hist, {A})[A].submitted_at is None


def test_non_git_directory_is_no_history_with_a_warning(tmp_path: Path) -> None:
    hist = read_history(tmp_path)
    assert hist.commits == () and not hist.available
    assert "not a git repository" in hist.warnings[0]
    with BlobReader(hist, tmp_path) as blobs:
        assert blobs.at("HEAD", A) is None


def test_commits_identities_dates_and_changes(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.write(A, submission())
    first = repo.commit("Add a", by=ZHANG, date="2026-03-10 09:00 +0800", committer=LI,
                        commit_date="2026-03-12 18:00 +0000")
    hist = read_history(tmp_path)
    (c,) = hist.commits
    assert c.id == first and c.parents == ()
    assert (c.author.name, c.author.email, c.committer.name) == ("张三", ZHANG.email, "李四")
    assert c.author.when == dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)
    assert c.author.when.utcoffset() == dt.timedelta(hours=8)
    assert c.committer.when == dt.datetime(2026, 3, 12, 18, 0, tzinfo=dt.UTC)
    assert [(ch.status, ch.path) for ch in c.changes] == [("A", A)]
    assert hist.mainline == {first} and hist.head == first


@pytest.mark.parametrize("message, expected", [
    ("Approve a\n\nApprove: x.md\nStage: office\n", [("approve", "x.md"), ("stage", "office")]),
    ("Approve a\n\nAPPROVE: x.md\nstage : office\n", [("approve", "x.md"), ("stage", "office")]),
    ("Approve a\n\nApprove: x.md\nApprove: y.md\n", [("approve", "x.md"), ("approve", "y.md")]),
    # a subject alone is never a trailer paragraph
    ("Approve: x.md\n", []),
    # only the last paragraph counts
    ("Approve a\n\nApprove: x.md\n\nThanks for the fix.\n", []),
    # a paragraph that is mostly prose is not a trailer block
    ("Approve a\n\nI read it twice and it is fine\nApprove: x.md\n", []),
    # continuation lines are unfolded
    ("Merge\n\nApproved-by: 王五\n  <wangwu@wj.example.gov.cn>\n",
     [("approved-by", "王五 <wangwu@wj.example.gov.cn>")]),
])
def test_trailers_follow_gits_rules(tmp_path: Path, message: str, expected: list[tuple[str, str]]) -> None:
    repo = GitRepo(tmp_path)
    repo.commit(message, by=WANG, date="2026-03-11 10:00 +0800", allow_empty=True)
    (c,) = read_history(tmp_path).commits
    assert list(c.trailers) == expected


def test_renames_are_followed_and_submitted_at_is_the_earliest_add(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    old = "submissions/2026/02/draft-name.md"
    repo.write(old, submission(body="正文很长的一段内容。\n" * 5))
    repo.commit("Add", by=ZHANG, date="2026-02-27 23:30 +0800")
    repo.rename(old, A)
    repo.commit("Move to March", by=ZHANG, date="2026-03-02 10:00 +0800")
    hist = read_history(tmp_path)
    fh = file_histories(hist, {A})[A]
    assert fh.aliases == {A, old}
    assert fh.submitted_at == dt.datetime(2026, 2, 27, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert fh.first_added is not None and fh.first_added.author.email == ZHANG.email
    assert [ch.status for _, ch in fh.touches] == ["A", "R"]


def test_submitted_at_is_the_earliest_author_date_in_any_time_zone(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.write(A, submission())
    repo.commit("Add", by=ZHANG, date="2026-03-10 01:00 +0800")     # 2026-03-09 17:00 UTC
    repo.remove(A)
    repo.commit("Remove", by=ZHANG, date="2026-03-10 02:00 +0800")
    repo.write(A, submission())
    # committed later, but its author date is earlier in absolute time
    repo.commit("Re-add", by=WANG, date="2026-03-09 10:00 -0500", commit_date="2026-03-11 10:00 +0800")
    fh = file_histories(read_history(tmp_path), {A})[A]
    assert len(fh.added) == 2
    assert fh.submitted_at == dt.datetime(2026, 3, 9, 15, 0, tzinfo=dt.UTC)
    assert fh.first_added is not None and fh.first_added.author.email == WANG.email


def test_merges_are_diffed_against_the_first_parent(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.write("README.md", "x\n")
    repo.commit("init", by=ZHANG, date="2026-03-01 09:00 +0800")
    repo.branch("topic")
    repo.write(A, submission())
    side = repo.commit("Add a", by=ZHANG, date="2026-03-02 09:00 +0800")
    repo.checkout("main")
    repo.write("other.txt", "y\n")
    repo.commit("other", by=ZHANG, date="2026-03-02 10:00 +0800")
    merge = repo.merge("topic", by=FORGE, date="2026-03-03 09:00 +0800", message="Merge\n\nApproved-by: 王五 <wangwu@x>")
    hist = read_history(tmp_path)
    m = hist.by_id[merge]
    assert [ch.path for ch in m.changes] == [A]       # not other.txt: that came from the first parent
    assert len(m.parents) == 2
    assert side not in hist.mainline and merge in hist.mainline and hist.head == merge
    assert m.trailer("Approved-By") == ["王五 <wangwu@x>"]


def test_instance_in_a_subdirectory_of_the_git_work_tree(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.write("bureau/" + A, submission())
    repo.write("elsewhere/x.md", "x")
    repo.commit("Add", by=ZHANG, date="2026-03-10 09:00 +0800")
    hist = read_history(tmp_path / "bureau")
    assert hist.prefix == "bureau/"
    assert [ch.path for ch in hist.commits[0].changes] == [A]
    with BlobReader(hist, tmp_path / "bureau") as blobs:
        assert blobs.at(hist.commits[0].id, A) == submission().encode()


def test_blob_reader_reads_versions_and_misses(tmp_path: Path) -> None:
    repo = GitRepo(tmp_path)
    repo.write(A, "one\n")
    c1 = repo.commit("1", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.write(A, "two\n")
    c2 = repo.commit("2", by=ZHANG, date="2026-03-11 09:00 +0800")
    hist = read_history(tmp_path)
    with BlobReader(hist, tmp_path) as blobs:
        assert blobs.at(c1, A) == b"one\n"
        assert blobs.at(c2, A) == b"two\n"
        assert blobs.at(c1, "submissions/nope.md") is None
        assert blobs.at(c1, "submissions") is None            # a tree, not a file
        blob = hist.commits[1].changes[0].blob
        assert blobs.blob(blob) == b"two\n"


def test_one_git_log_and_one_cat_file_process_for_many_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = instance(tmp_path)
    for i in range(12):
        repo.write(f"submissions/2026/03/item{i}.md", submission(title=f"第{i}条"))
        repo.commit(f"Add {i}", by=ZHANG, date=f"2026-03-{i + 1:02d} 09:00 +0800")
        repo.approve(f"submissions/2026/03/item{i}.md", by=WANG, date=f"2026-03-{i + 2:02d} 09:00 +0800")
    calls: list[list[str]] = []
    real_popen = subprocess.Popen

    class Popen(real_popen):  # type: ignore[misc, valid-type]
        def __init__(self, cmd, *a, **k):  # type: ignore[no-untyped-def]
            calls.append(list(cmd))
            super().__init__(cmd, *a, **k)

    monkeypatch.setattr(H.subprocess, "Popen", Popen)   # subprocess.run goes through Popen too
    from gitbuilder import reviewed
    _inst, states = reviewed(tmp_path)
    verbs = [next(x for x in c if x in ("log", "cat-file", "rev-parse")) for c in calls]
    assert sorted(verbs) == ["cat-file", "log", "rev-parse"]
    assert len(states) == 12
