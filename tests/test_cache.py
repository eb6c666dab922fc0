"""The persistent cache (history by commit id, reviewable content by blob, records by content) and
the incremental site build: a warm run must say exactly what a cold run says.

Real repositories from `bulletin demo`, real commands; each test gets its own cache folder
(XDG_CACHE_HOME), so nothing leaks between tests or into the user's cache.
"""
from __future__ import annotations

import filecmp
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import bulletin

AS_OF = "2026-10-31"


def run(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return bulletin(*args, env=env, cwd=cwd)


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True,
                          encoding="utf-8", env=env).stdout


@pytest.fixture()
def env(cache_env: dict[str, str]) -> dict[str, str]:
    return cache_env


@pytest.fixture()
def big(tmp_path: Path, env: dict[str, str]) -> Path:
    """An instance large enough to be cached (cache.MIN_ENTRIES)."""
    repo = tmp_path / "big"
    res = run("demo", "--out", str(repo), "--submissions", "520", "--seed", "5", env=env)
    assert res.returncode == 0, res.stderr
    return repo


def status(repo: Path, env: dict[str, str]) -> list[dict[str, object]]:
    res = run("status", "--format", "json", "--repo", str(repo), env=env)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def stores(env: dict[str, str]) -> list[Path]:
    return sorted((Path(env["XDG_CACHE_HOME"]) / "bulletin" / "repos").glob("*/*.pickle"))


def test_warm_runs_say_what_cold_runs_say_and_leave_the_repository_alone(big: Path, env: dict[str, str]) -> None:
    cold = status(big, {**env, "BULLETIN_NO_CACHE": "1"})
    assert stores(env) == []
    first = status(big, env)                       # fills the cache
    names = {p.name for p in stores(env)}
    assert {"history.pickle", "records.pickle", "blob-ids.pickle", "reviewable.pickle"} <= names
    warm = status(big, env)
    assert first == cold and warm == cold
    assert git(big, "status", "--porcelain", "--ignored", "--untracked-files=all") == ""
    check_cold = run("check", "--repo", str(big), env={**env, "BULLETIN_NO_CACHE": "1"})
    check_warm = run("check", "--repo", str(big), env=env)
    assert (check_warm.returncode, check_warm.stdout) == (check_cold.returncode, check_cold.stdout)


def test_new_commits_extend_the_cached_history_and_a_rewrite_drops_it(big: Path, env: dict[str, str]) -> None:
    before = {s["path"]: s for s in status(big, env)}
    pending = next(p for p, s in sorted(before.items()) if not s["approved"] and not s["draft"]
                   and [st for st in s["stages"] if st["state"] == "missing"] and
                   all(st["eligible"] for st in s["stages"]))
    missing = [st for st in before[pending]["stages"] if st["state"] == "missing"]
    units = (big / "units.yaml").read_text(encoding="utf-8")
    for st in missing:
        pid = st["eligible"][0]
        email = units.split(f"  - id: {pid}\n", 1)[1].split("emails: [", 1)[1].split("]")[0].split(",")[0].strip()
        who = {"GIT_AUTHOR_NAME": pid, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": pid,
               "GIT_COMMITTER_EMAIL": email, "GIT_AUTHOR_DATE": "2026-10-31T20:00:00+08:00",
               "GIT_COMMITTER_DATE": "2026-10-31T20:00:00+08:00"}
        git(big, "commit", "-q", "--allow-empty", "-m", f"审核通过\n\nApprove: {pending}\nStage: {st['stage']}",
            env={**os.environ, **who})
    after = {s["path"]: s for s in status(big, env)}
    assert after[pending]["approved"] is True
    assert after == {s["path"]: s for s in status(big, {**env, "BULLETIN_NO_CACHE": "1"})}
    git(big, "reset", "-q", "--hard", f"HEAD~{len(missing)}")     # history rewritten: the cache must not lie
    again = {s["path"]: s for s in status(big, env)}
    assert again[pending]["approved"] is False
    assert again == before


def test_a_removed_evidence_file_is_noticed_by_a_warm_check(big: Path, env: dict[str, str]) -> None:
    assert run("check", "--repo", str(big), env=env).returncode == 0
    evidence = sorted((big / "evidence").rglob("*.pdf"))[0]
    rel = evidence.relative_to(big).as_posix()
    evidence.unlink()
    res = run("check", "--repo", str(big), env=env)
    assert f"佐证文件“{rel}”不存在" in res.stdout


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("touch PWNED",))


def test_a_forged_cache_is_never_unpickled(big: Path, env: dict[str, str], tmp_path: Path) -> None:
    expected = status(big, env)
    for store in stores(env):
        store.write_bytes(b"\0" * 32 + pickle.dumps(_Boom()))
    assert status(big, env) == expected
    assert not (big / "PWNED").exists() and not Path("PWNED").exists()
    # Pointed inside the repository, the cache still needs this machine's key.
    inside = {**env, "BULLETIN_CACHE_DIR": ".bulletin-cache"}
    (big / ".bulletin-cache").mkdir()
    for name in ("history", "records"):
        (big / ".bulletin-cache" / f"{name}.pickle").write_bytes(b"\0" * 32 + pickle.dumps(_Boom()))
    assert status(big, inside) == expected
    assert not (big / "PWNED").exists()


def test_small_instances_are_not_cached(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "small"
    assert run("demo", "--out", str(repo), "--submissions", "40", env=env).returncode == 0
    status(repo, env)
    assert stores(env) == []


def _same_site(a: Path, b: Path) -> list[str]:
    """Files that differ between two builds (every file counts: documents are a function of their content).

    The search index is compared by its manifest, which holds a digest of every shard's records:
    Pagefind writes a filter's values in hash-map order, so its file names differ from run to run.
    """
    diff = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        if prefix.startswith("pagefind/") and prefix.count("/") >= 2:
            return
        diff.extend(prefix + x for x in cmp.left_only + cmp.right_only)
        for x in cmp.diff_files:
            # a template that prints a dict's method shows a memory address: not the build's doing
            left, right = (re.sub(rb" at 0x[0-9a-f]+", b"", (Path(d) / x).read_bytes()) for d in (cmp.left, cmp.right))
            if left != right:
                diff.append(prefix + x)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return diff


def test_incremental_build_equals_a_full_build(tmp_path: Path, env: dict[str, str]) -> None:
    repo = tmp_path / "inst"
    assert run("demo", "--out", str(repo), "--submissions", "60", "--seed", "2", env=env).returncode == 0
    out = tmp_path / "site"
    first = run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env)
    assert first.returncode == 0, first.stderr
    # the same commit again: not one file differs (DOCX, XLSX and PDF included)
    same = run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env)
    assert same.returncode == 0, same.stderr
    assert re.search(r"（\d+ 个文件中有 0 个有变化）", same.stderr), same.stderr
    # a new approved submission
    new = "submissions/2026/10/incremental-new.md"
    (repo / new).write_text("---\ntitle: 增量构建测试稿件\nunit: jianguan\ncategory: news\n---\n正文。\n",
                            encoding="utf-8")
    units = (repo / "units.yaml").read_text(encoding="utf-8")
    liaison = units.split("  - id: jianguan\n", 1)[1].split("liaisons: [", 1)[1].split("]")[0].split(",")[0]
    head = units.split("  - id: jianguan\n", 1)[1].split("head: [", 1)[1].split("]")[0].split(",")[0]
    leader = units.split("  - id: jianguan\n", 1)[1].split("leader: ", 1)[1].split("\n")[0]
    office = units.split("roles: [office]")[0].rsplit("  - id: ", 1)[1].split("\n")[0]

    def email(pid: str) -> str:
        return units.split(f"  - id: {pid}\n", 1)[1].split("emails: [", 1)[1].split("]")[0].split(",")[0].strip()

    def commit(pid: str, msg: str, *extra: str) -> None:
        who = {"GIT_AUTHOR_NAME": pid, "GIT_AUTHOR_EMAIL": email(pid), "GIT_COMMITTER_NAME": pid,
               "GIT_COMMITTER_EMAIL": email(pid)}
        git(repo, "commit", "-q", *extra, "-m", msg, env={**os.environ, **who})

    git(repo, "add", new)
    commit(liaison, "报送")
    for pid, stage in ((head, "unit"), (office, "office"), (leader, "leader")):
        commit(pid, f"审核\n\nApprove: {new}\nStage: {stage}", "--allow-empty")
    served = out.resolve()
    before = {p: p.read_bytes() for p in served.rglob("*") if p.is_file()}
    second = run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env)
    assert second.returncode == 0, second.stderr
    assert " 个有变化）" in second.stderr                       # mkdocs rebuilt only what changed
    # the new release shares the served one's unchanged files (hard links), and never wrote through them
    assert out.resolve() != served and {p: p.read_bytes() for p in served.rglob("*") if p.is_file()} == before
    assert (out.resolve() / "index.html").stat().st_nlink == 1
    assert any(p.stat().st_nlink > 1 for p in (out.resolve() / "articles").rglob("*.html"))
    assert "个页面的内容与上次相同，沿用上次生成的页面" in second.stderr   # and only those pages were rendered
    assert (out / "articles/2026/10/incremental-new.html").is_file()
    full = tmp_path / "full"
    assert run("build", "--repo", str(repo), "--out", str(full), "--as-of", AS_OF, env=env).returncode == 0
    assert _same_site(out.resolve(), full.resolve()) == []
    # ... and when it goes away again, so does its page
    git(repo, "reset", "-q", "--hard", "HEAD~4")
    third = run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env)
    assert third.returncode == 0, third.stderr
    assert not (out / "articles/2026/10/incremental-new.html").exists()
    full2 = tmp_path / "full2"
    assert run("build", "--repo", str(repo), "--out", str(full2), "--as-of", AS_OF, env=env).returncode == 0
    assert _same_site(out.resolve(), full2.resolve()) == []


def test_pages_kept_from_the_last_build_follow_every_change_of_what_they_show(tmp_path: Path,
                                                                             env: dict[str, str]) -> None:
    """A unit renamed in units.yaml and an outlet renamed in scoring.yaml change pages that show
    them (articles, rankings, bulletins, units) and nothing else: the pages taken from the last build
    are exactly those a full build makes."""
    repo = tmp_path / "inst"
    assert run("demo", "--out", str(repo), "--submissions", "60", "--seed", "2", env=env).returncode == 0
    out = tmp_path / "site"
    assert run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env).returncode == 0
    units, scoring = repo / "units.yaml", repo / "scoring.yaml"
    assert "name: 建筑管理科\n" in units.read_text(encoding="utf-8")
    units.write_text(units.read_text(encoding="utf-8").replace("name: 建筑管理科\n", "name: 建筑市场监管科\n"),
                     encoding="utf-8")
    scoring.write_text(scoring.read_text(encoding="utf-8").replace("{id: jn-gov-web, name: ", "{id: jn-gov-web, name: 改名的"),
                       encoding="utf-8")
    git(repo, "commit", "-q", "-am", "改名", env={**os.environ, "GIT_AUTHOR_NAME": "办公室", "GIT_AUTHOR_EMAIL": "bgs@example.cn",
                                                 "GIT_COMMITTER_NAME": "办公室", "GIT_COMMITTER_EMAIL": "bgs@example.cn"})
    second = run("build", "--repo", str(repo), "--out", str(out), "--as-of", AS_OF, env=env)
    assert second.returncode == 0, second.stderr
    kept = re.search(r"其中 (\d+) 个页面的内容与上次相同", second.stderr)
    assert kept and int(kept.group(1)) > 0, second.stderr
    site = out.resolve()
    assert "建筑市场监管科" in (site / "units" / "jianguan.html").read_text(encoding="utf-8")
    assert "建筑市场监管科" in (site / "articles" / "by-unit" / "jianguan.html").read_text(encoding="utf-8")
    assert any("改名的" in p.read_text(encoding="utf-8") for p in (site / "articles").rglob("*.html"))
    full = tmp_path / "full"
    assert run("build", "--repo", str(repo), "--out", str(full), "--as-of", AS_OF, env=env).returncode == 0
    assert _same_site(site, full.resolve()) == []


def test_code_fingerprint_covers_every_subpackage(tmp_path: Path) -> None:
    """A change in any module, however deep in generator/, starts the caches afresh."""
    root = Path(__file__).resolve().parent.parent
    code = tmp_path / "code"
    shutil.copytree(root / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))

    def version() -> str:
        return subprocess.run([sys.executable, "-c", "from generator.cache import code_version; print(code_version())"],
                              capture_output=True, text=True, check=True, cwd=code,
                              env={**os.environ, "PYTHONPATH": str(code)}).stdout.strip()

    first = version()
    assert re.fullmatch(r"[0-9a-f]{20}", first)
    assert version() == first
    seen = {first}
    for module in ("site/pages.py", "judge/scoring.py", "cli/__init__.py"):
        with (code / "generator" / module).open("a", encoding="utf-8") as fh:
            fh.write("\n# changed\n")
        seen.add(version())
    assert len(seen) == 4


def test_the_review_result_is_kept_and_any_change_of_what_it_depends_on_recomputes(
        big: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """`scores` after `check` on the same commit reads the kept review instead of judging history again.

    The kept result is proved to be used by planting a wrong state in it (signed with this machine's
    key, as bulletin would): a command on the same inputs shows it. Each input changed alone (a new
    commit, an edited units.yaml, another trust option, an edited submission not committed) must
    recompute: the plant disappears and the figures equal those of a run without a cache.
    """
    import dataclasses

    from generator.cache import Store

    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    no_cache = {**env, "BULLETIN_NO_CACHE": "1"}

    def scores(*extra: str, cache: dict[str, str] = env) -> str:
        res = run("scores", "--period", "2026", "--format", "json", "--as-of", AS_OF, "--repo", str(big), *extra,
                  env=cache)
        assert res.returncode == 0, res.stderr
        return res.stdout

    def approved(*extra: str, cache: dict[str, str] = env) -> dict[str, bool]:
        res = run("status", "--format", "json", "--repo", str(big), *extra, env=cache)
        assert res.returncode == 0, res.stderr
        return {s["path"]: s["approved"] for s in json.loads(res.stdout)}

    check = run("check", "--repo", str(big), env=env)           # fills the kept result
    assert (check.returncode, check.stdout) == (lambda r: (r.returncode, r.stdout))(
        run("check", "--repo", str(big), env=no_cache))
    kept = Store(big, "review-result")
    assert kept.path.is_file() and set(kept.data) == {"key", "context", "files", "result"}
    assert set(Store(big, "review-brief").data) == {"key", "brief"}
    truth = approved(cache=no_cache)
    true_scores = scores(cache=no_cache)
    assert approved() == truth and scores() == true_scores
    victim = sorted(p for p, ok in truth.items() if ok)[0]

    def unapprove(name: str, field: str, at: int) -> None:
        """The victim unapproved in the kept store ``name``: its pickled pair holds the states at ``at``."""
        store = Store(big, name)
        pair = list(pickle.loads(store.data[field]))
        pair[at][victim] = dataclasses.replace(pair[at][victim], approved=False)
        store.data[field] = pickle.dumps(tuple(pair))
        store.changed = True
        store.save(worth=True)

    def plant() -> None:
        """The victim unapproved in both kept stores: the full review (status) and the brief (scores)."""
        unapprove("review-result", "result", 1)       # (history, states)
        unapprove("review-brief", "brief", 0)         # (briefs, warnings)

    plant()
    assert approved()[victim] is False                          # the kept result is what the command used
    assert scores() != true_scores

    def same_as_without_cache(*extra: str) -> None:
        assert approved(*extra) == approved(*extra, cache=no_cache)
        assert scores(*extra) == scores(*extra, cache=no_cache)

    # another trust option
    same_as_without_cache("--trusted-committer", "ci@example.org")
    # an edited units.yaml (not committed)
    plant()
    units = big / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    same_as_without_cache()
    # an edited scoring.yaml (not committed)
    plant()
    scoring = big / "scoring.yaml"
    scoring.write_text(scoring.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
    same_as_without_cache()
    # an edited submission, not committed: it is no longer the approved version
    plant()
    text = (big / victim).read_text(encoding="utf-8")
    (big / victim).write_text(text + "\n补充一句。\n", encoding="utf-8")
    assert approved()[victim] is False
    same_as_without_cache()
    (big / victim).write_text(text, encoding="utf-8")
    assert approved() == truth                  # kept again, with the victim's bytes as they are now
    # a new commit that neither touches nor names the victim: only what it can affect is judged
    # again, so the victim's kept (planted) state stays; one that names it judges it again
    plant()
    stranger = {**os.environ, "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@example.org",
                "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@example.org"}
    git(big, "commit", "-q", "-a", "--allow-empty", "-m", "备注", env=stranger)
    assert approved()[victim] is False
    git(big, "commit", "-q", "--allow-empty", "-m", f"备注\n\nApprove: {victim}", env=stranger)
    assert approved()[victim] is truth[victim]
    same_as_without_cache()


def test_check_and_scores_read_only_the_brief_of_the_kept_review(
        big: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached `check` or `scores` unpickles the brief (states without approvals or commits), not the
    history and full review: a wrong full review planted in the cache changes `status` (which shows
    approvals) but not `check` or `scores`, and a gather on the same inputs loads it only when its
    history or states are asked for. The day (--as-of), the language and another trust option give
    what a run without a cache gives."""
    import dataclasses
    import datetime as dt

    from generator.cache import Store
    from generator.judge.gather import gather
    from generator.judge.review import trust_settings
    from generator.periods import parse_period
    from generator.read.instance import load_instance

    monkeypatch.setenv("XDG_CACHE_HOME", env["XDG_CACHE_HOME"])
    no_cache = {**env, "BULLETIN_NO_CACHE": "1"}

    def out(*args: str, cache: dict[str, str] = env) -> tuple[int, str]:
        res = run(*args, "--repo", str(big), env=cache)
        assert res.returncode in (0, 1), res.stderr
        return res.returncode, res.stdout

    commands = [("check", "--as-of", AS_OF), ("check", "--as-of", "2026-03-31", "--lang", "en"),
                ("check", "--format", "gitlab"),
                ("scores", "--period", "2026", "--format", "json", "--as-of", AS_OF),
                ("scores", "--period", "2026-Q1", "--as-of", "2026-03-31", "--lang", "en"),
                ("scores", "--period", "2026", "--format", "csv", "--as-of", AS_OF, "--trusted-committer",
                 "ci@example.org")]
    truth = {c: out(*c, cache=no_cache) for c in commands}
    out("check")                                                 # fills the kept review
    status_truth = out("status", "--format", "json", cache=no_cache)
    victim = sorted(s["path"] for s in json.loads(status_truth[1]) if s["approved"])[0]
    store = Store(big, "review-result")
    history, states = pickle.loads(store.data["result"])
    states[victim] = dataclasses.replace(states[victim], approved=False)
    store.data["result"] = pickle.dumps((history, states))
    store.changed = True
    store.save(worth=True)

    assert out("status", "--format", "json") != status_truth     # the planted full review is read by status
    inst = load_instance(big)
    assert inst.config is not None
    g = gather(inst, trust_settings(inst.config, big), dt.date(2026, 10, 31))
    g.scores(parse_period("2026"))
    assert g.briefs and not g.review.loaded
    assert g.states[victim].approved is False and g.review.loaded   # asked for: the full review, as kept
    assert g.briefs[victim].approved is True
    for c in commands:                                           # the last, another trust, recomputes
        assert out(*c) == truth[c], c                            # and neither check nor scores reads it
    out("check")                                                 # the brief again, for the default trust
    Store(big, "review-result").path.unlink()                    # the full review gone: judged again
    assert out("status", "--format", "json") == status_truth


def test_a_configuration_pickles_alike_however_it_was_used() -> None:
    """The site's memo of ranking downloads is keyed on a pickle of the configuration: the lookups a
    configuration memoises in itself (by role, by e-mail) must not change it, or a build that judged
    the review afresh would never find what a build that read it from the cache kept."""
    from generator.read.instance import load_instance
    from generator.site.pagecache import stable_digest

    root = Path(__file__).resolve().parents[1]
    fresh, used = load_instance(root).config, load_instance(root).config
    assert fresh is not None and used is not None
    offices = used.people_with_role("office")
    assert offices and used.person_by_email(offices[0].emails[0]) == offices[0]
    assert stable_digest(fresh) == stable_digest(used) is not None
    again = pickle.loads(pickle.dumps(used))
    assert again.people_with_role("office") == offices and again == fresh


def test_a_review_after_new_commits_judges_only_what_they_affect_and_equals_a_full_review(
        big: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """After each kind of change (an approval, a return, an edit, a rename, a delete and a new file
    at the old path, a merge, an uncommitted edit and a new file), the review kept from the commit
    before, brought up to date, equals a review judged afresh without any cache, state by state,
    and judged only a few submissions again. A history on which the kept head is no longer on the
    mainline is judged afresh as a whole."""
    from generator.judge.review import brief_of, read_reviews, review_instance, trust_settings
    from generator.read.instance import load_instance

    for key in ("XDG_CACHE_HOME",):
        monkeypatch.setenv(key, env[key])
    monkeypatch.delenv("BULLETIN_NO_CACHE", raising=False)

    def both() -> tuple[int, int, dict[str, Any]]:
        inst = load_instance(big)
        assert inst.config is not None
        trust = trust_settings(inst.config, big)
        kept = review_instance(big, inst.config, inst.submissions, trust, inst.digests)
        monkeypatch.setenv("BULLETIN_NO_CACHE", "1")
        try:
            fresh_inst = load_instance(big)
            assert fresh_inst.config is not None
            history, fresh = read_reviews(big, fresh_inst.config, fresh_inst.submissions, trust)
        finally:
            monkeypatch.delenv("BULLETIN_NO_CACHE")
        assert kept.states == fresh and list(kept.states) == list(fresh)
        assert kept.briefs == {p: brief_of(s) for p, s in fresh.items()}
        assert kept.history.commits == history.commits and kept.history.mainline == history.mainline
        assert kept.judged is not None
        return kept.judged, len(fresh), fresh

    judged, total, states = both()
    assert judged == total                              # nothing kept yet
    inst = load_instance(big)
    assert inst.config is not None
    people = inst.config.people

    def who(pid: str, date: str) -> dict[str, str]:
        p = people[pid]
        return {**os.environ, "GIT_AUTHOR_NAME": p.name, "GIT_AUTHOR_EMAIL": p.emails[0],
                "GIT_COMMITTER_NAME": p.name, "GIT_COMMITTER_EMAIL": p.emails[0],
                "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}

    clerk = who(next(iter(people)), "2026-11-01T09:00:00+08:00")
    pending = [p for p, s in states.items() if not s.approved and not s.draft
               and any(not st.approved and st.eligible for st in s.stages)]
    approved = [p for p, s in states.items() if s.approved]

    def small(why: str, least: int = 1) -> dict[str, Any]:
        judged, total, now = both()
        assert least <= judged < total / 10, (why, judged, total)
        return now

    # an approval of the first missing stage of a pending item
    item = pending[0]
    stage = next(st for st in states[item].stages if not st.approved and st.eligible)
    git(big, "commit", "-q", "--allow-empty", "-m", f"审核通过\n\nApprove: {item}\nStage: {stage.stage.id}",
        env=who(stage.eligible[0], "2026-11-01T10:00:00+08:00"))
    states = small("approval")
    # a return of an approved item by one who may approve it
    item = approved[0]
    returner = states[item].stages[0].eligible[0]
    git(big, "commit", "-q", "--allow-empty", "-m", f"退回\n\n请补充数据。\n\nReturn: {item}",
        env=who(returner, "2026-11-01T11:00:00+08:00"))
    states = small("return")
    assert states[item].returned is not None
    # an edit of an approved item, committed
    item = approved[1]
    (big / item).write_text((big / item).read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    git(big, "commit", "-q", "-a", "-m", "修改", env=clerk)
    states = small("edit")
    assert not states[item].approved
    # a rename of an approved item
    item = approved[2]
    moved = item.replace(".md", "-renamed.md")
    git(big, "mv", item, moved)
    git(big, "commit", "-q", "-m", "改名", env=clerk)
    states = small("rename")
    assert moved in states and item not in states
    # a deleted item, and a new file at its path
    item = approved[3]
    git(big, "rm", "-q", item)
    git(big, "commit", "-q", "-m", "删除", env=clerk)
    states = small("delete", least=0)          # no other file had its name
    (big / item).write_text((big / approved[4]).read_text(encoding="utf-8").replace("title:", "title: 新", 1),
                            encoding="utf-8")
    git(big, "add", item)
    git(big, "commit", "-q", "-m", "新稿", env=clerk)
    states = small("re-added")
    # a branch merged into main (main's history stays the first parent)
    main = git(big, "rev-parse", "--abbrev-ref", "HEAD").strip()
    git(big, "checkout", "-q", "-b", "side")
    item = approved[5]
    (big / item).write_text((big / item).read_text(encoding="utf-8") + "\n另一句。\n", encoding="utf-8")
    git(big, "commit", "-q", "-a", "-m", "分支修改", env=clerk)
    git(big, "checkout", "-q", main)
    git(big, "merge", "-q", "--no-ff", "-m", "合并", "side", env=clerk)
    states = small("merge")
    # a branch made before the kept head, merged in (a merge request that waited): its commit may sit
    # among the earlier ones in git's order, so history is read afresh, and the review equals a fresh one
    git(big, "checkout", "-q", "-b", "late", "HEAD~4")
    item = approved[8]
    (big / item).write_text((big / item).read_text(encoding="utf-8") + "\n迟到的修改。\n", encoding="utf-8")
    git(big, "commit", "-q", "-a", "-m", "迟到的分支", env=clerk)
    git(big, "checkout", "-q", main)
    git(big, "merge", "-q", "--no-ff", "-m", "合并迟到的分支", "late", env=clerk)
    _judged, _total, states = both()
    # an uncommitted edit and an untracked new file
    item = approved[6]
    (big / item).write_text((big / item).read_text(encoding="utf-8") + "\n未提交。\n", encoding="utf-8")
    (big / approved[7].replace(".md", "-copy.md")).write_text((big / approved[7]).read_text(encoding="utf-8"),
                                                               encoding="utf-8")
    states = small("working tree")
    # the kept head leaves the mainline (main merged into a branch made before it): all judged afresh
    git(big, "checkout", "-q", "-b", "other", "HEAD~3")
    git(big, "commit", "-q", "--allow-empty", "-m", "另起", env=clerk)
    git(big, "merge", "-q", "--no-ff", "-m", "合并主线", main, env=clerk)
    judged, total, states = both()
    assert judged == total
