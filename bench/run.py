#!/usr/bin/env python3
"""Benchmark bulletin on synthetic instances of 1,000, 5,000 and 20,000 submissions.

    .venv/bin/python bench/run.py                       # all three sizes (about 15 minutes on 2 cores)
    .venv/bin/python bench/run.py --sizes 1000          # one size
    .venv/bin/python bench/run.py --material-search     # also mkdocs-material's own search, for comparison

For each size it creates an instance with ``bulletin demo``, then measures,
per stage: a raw ``git log`` over the same history (the floor), bulletin's
history pass, load and validate, the review, scores for every period of a
year, the ``check`` and ``scores`` commands end to end, a full ``bulletin
build`` (page generation, mkdocs, search indexing: timed from the command's
own progress lines), the site's size, the bytes a browser downloads for the
first search (real Chromium), the build's peak RSS (the whole process tree,
sampled), and a rebuild after one new approved submission.

Results go to bench/results/<host>-<date>.json and .md; BENCHMARKS.md quotes
them. Not part of the test suite: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gc
import http.server
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
CODE = ROOT          # where `generator` is imported from (a snapshot copy by default, see snapshot())

END = dt.date(2026, 10, 31)
# size -> demo options: a bureau over two years, a bureau over five, a province's bureaus over five.
SHAPES = {1000: {"units": 12, "years": 2}, 5000: {"units": 20, "years": 5}, 20000: {"units": 60, "years": 5}}
SEARCH_TERM = "农民工"
NEXT_TERM = "预售资金"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def snapshot(work: Path) -> Path:
    """Copy generator/ and site_templates/ aside, so edits made during a long run do not change what is measured."""
    dest = work / "code"
    shutil.rmtree(dest, ignore_errors=True)
    for name in ("generator", "site_templates"):
        shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    return dest


def use_code(code: Path) -> None:
    global CODE
    CODE = code
    sys.path.insert(0, str(code))
    os.environ["PYTHONPATH"] = str(code) + (os.pathsep + os.environ["PYTHONPATH"] if os.environ.get("PYTHONPATH")
                                            else "")


def bulletin_cmd() -> list[str]:
    return [sys.executable, "-c", "from generator.cli import run; run()"]


@contextlib.contextmanager
def timer(out: dict[str, float], key: str) -> Iterator[None]:
    gc.collect()
    t = time.perf_counter()
    yield
    out[key] = round(time.perf_counter() - t, 3)


def best_of(n: int, fn: Callable[[], Any]) -> float:
    times = []
    for _ in range(n):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return round(min(times), 3)


# --------------------------------------------------------------------------- process-tree RSS

def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(x) for x in fh.read().split()]
    except OSError:
        return []


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeRSS:
    """Samples the summed RSS of a process and all its descendants every 50 ms."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self.peak_single_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            todo, total = [self.pid], 0
            while todo:
                p = todo.pop()
                rss = _rss_kb(p)
                total += rss
                self.peak_single_kb = max(self.peak_single_kb, rss)
                todo.extend(_children(p))
            self.peak_kb = max(self.peak_kb, total)
            self._stop.wait(0.05)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# --------------------------------------------------------------------------- commands

def run_timed(cmd: list[str], *, cwd: Path | None = None, stages: bool = False) -> dict[str, Any]:
    """Run a command; wall time, exit code, peak tree RSS, and (``stages``) the time of each stderr line."""
    t0 = time.perf_counter()
    env = dict(os.environ, CI="1")          # plain progress lines, no terminal control
    # cwd: `python -c` puts the current folder first on sys.path; run where `generator` is the measured one.
    proc = subprocess.Popen(cmd, cwd=cwd or CODE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    rss = TreeRSS(proc.pid)
    lines: list[tuple[float, str]] = []
    err_chunks: list[str] = []

    def read_err() -> None:
        assert proc.stderr is not None
        for raw in proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append((time.perf_counter() - t0, line))
            err_chunks.append(line)

    reader = threading.Thread(target=read_err, daemon=True)
    reader.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    code = proc.wait()
    reader.join()
    wall = time.perf_counter() - t0
    rss.stop()
    result: dict[str, Any] = {"seconds": round(wall, 3), "exit": code, "peak_rss_mb": round(rss.peak_kb / 1024, 1),
                              "peak_rss_single_mb": round(rss.peak_single_kb / 1024, 1),
                              "stdout_bytes": len(out)}
    if code != 0:
        result["stderr_tail"] = "\n".join(err_chunks[-15:])
    if stages:
        result["lines"] = [(round(t, 3), line) for t, line in lines]
    return result


def build_stages(lines: list[tuple[float, str]], wall: float) -> dict[str, float]:
    """Stage durations from ``bulletin build``'s progress lines (start-up and loading come before the first)."""
    keys = [("reading history", "history_review"), ("rendering", "pages"), ("building the site", "engine"),
            ("indexing", "search")]
    marks: list[tuple[float, str]] = []
    for t, line in lines:
        for needle, key in keys:
            if needle in line.lower() and key not in [k for _, k in marks]:
                marks.append((t, key))
                break
    out: dict[str, float] = {}
    if marks:
        out["startup_load"] = round(marks[0][0], 3)
    for i, (t, key) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else wall
        out[key] = round(nxt - t, 3)
    return out


RAW_FIELDS = ["%H", "%P", "%an", "%ae", "%aI", "%cn", "%ce", "%cI", "%s", "%(trailers:only,unfold,separator=%x1f)"]


def raw_git_log(repo: Path) -> int:
    """The floor: the same ``git log`` history.py runs, its output read through a pipe and dropped."""
    fmt = "%x1etoken%x00" + "%x00".join(RAW_FIELDS) + "%x00"
    cmd = ["git", "-C", str(repo), "-c", "log.showSignature=false", "-c", "core.quotePath=false",
           "-c", "diff.renames=true", "log", "HEAD", "--topo-order", "--reverse", f"--format={fmt}", "-z", "--raw",
           "--no-abbrev", "-M", "--root", "--diff-merges=first-parent", "--no-color", "--no-ext-diff",
           "--no-textconv", "--"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, env=dict(os.environ, LC_ALL="C"))
    assert proc.stdout is not None
    n = 0
    while True:
        chunk = proc.stdout.read(1 << 16)
        if not chunk:
            break
        n += len(chunk)
    proc.wait()
    return n


# --------------------------------------------------------------------------- the site

def dir_size(path: Path) -> tuple[int, int]:
    files = size = 0
    for p in path.rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
    return files, size


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_search_bytes(site: Path, term: str = SEARCH_TERM, next_term: str = NEXT_TERM) -> dict[str, Any]:
    """Load search/index.html?q=TERM in Chromium (cold cache) and add up every response body the page
    fetched; then type NEXT_TERM into the same page and add up what that second query fetched."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    later: dict[str, int] = {}
    phase = {"next": False}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page()

        def on_response(resp: Any) -> None:
            target = later if phase["next"] else sizes
            try:
                target[resp.url] = len(resp.body())
            except Exception:                      # redirects and aborted requests have no body
                target.setdefault(resp.url, 0)

        page.on("response", on_response)
        from urllib.parse import quote
        done = "document.querySelector('#bulletin-search').getAttribute('data-state') === 'done'"
        t0 = time.perf_counter()
        page.goto(base + "search/index.html?q=" + quote(term), wait_until="networkidle")
        page.wait_for_function(done, timeout=120000)
        page.wait_for_load_state("networkidle")
        t1 = time.perf_counter()
        results = page.locator("#bulletin-search .bs-result").count()
        message = page.locator("#bulletin-search .bs-status").first.inner_text()
        phase["next"] = True
        page.evaluate("document.querySelector('#bulletin-search').removeAttribute('data-state')")
        t2 = time.perf_counter()
        page.fill("#bulletin-search input[type=search]", next_term)
        page.wait_for_function(done, timeout=120000)
        page.wait_for_load_state("networkidle")
        t3 = time.perf_counter()
        next_message = page.locator("#bulletin-search .bs-status").first.inner_text()
        browser.close()
    search = {u: s for u, s in sizes.items() if "/pagefind/" in u}
    search_next = {u: s for u, s in later.items() if "/pagefind/" in u}
    return {"total_bytes": sum(sizes.values()), "requests": len(sizes), "pagefind_bytes": sum(search.values()),
            "pagefind_requests": len(search), "results_shown": results, "message": message,
            "seconds_to_results": round(t1 - t0, 2),
            "next_term": next_term, "next_bytes": sum(later.values()), "next_pagefind_bytes": sum(search_next.values()),
            "next_requests": len(later), "next_message": next_message, "next_seconds": round(t3 - t2, 2),
            "largest": sorted(((s, re.sub(r"^http://[^/]+/", "", u)) for u, s in sizes.items()), reverse=True)[:8]}


def search_bench(size: int, work: Path, browser: bool) -> dict[str, Any]:
    """Search alone at one size: a full build for the pages, then the index made again from them in full
    (time, peak RSS of the process tree), its size, the index updated after one changed article
    (only its shard), and the bytes of a cold first query and of the next one."""
    shape = SHAPES.get(size, {"units": 20, "years": 5})
    repo = work / f"demo-{size}"
    site = work / f"site-{size}"
    res: dict[str, Any] = {"size": size, "shape": shape, "loadavg_start": os.getloadavg()}
    b = bulletin_cmd()
    if not (repo / "units.yaml").is_file():
        log(f"{size}: bulletin demo")
        res["demo"] = run_timed(b + ["demo", "--out", str(repo), "--submissions", str(size), "--units",
                                     str(shape["units"]), "--years", str(shape["years"]), "--seed", "1"])
    if not site.is_symlink():
        log(f"{size}: full build")
        build = run_timed(b + ["build", "--out", str(site), "--as-of", END.isoformat(), "--repo", str(repo)],
                          stages=True)
        build["stages"] = build_stages(build.pop("lines"), build["seconds"])
        res["build"] = build
        log(f"{size}: build {build['seconds']} s stages {build['stages']} peak {build['peak_rss_mb']} MB")
    release = site.resolve()
    # a site built earlier gets the measured code's search script (the index is made again below)
    shutil.copy2(CODE / "generator" / "site" / "assets" / "bulletin-search.js", release / "assets")
    py = [str(ROOT / ".venv" / "bin" / "python"), "-m", "generator.site.search"]
    log(f"{size}: index in full")
    cache = work / f"search-records-{size}"
    cache.unlink(missing_ok=True)
    full = run_timed(py + [str(release), "--cache", str(cache)])
    res["index_full"] = full
    files, total = dir_size(release / "pagefind")
    manifest = json.loads((release / "pagefind" / "bulletin-search.json").read_text(encoding="utf-8"))
    res["index"] = {"files": files, "bytes": total, "shards": len(manifest["shards"]),
                    "records": sum(s["records"] for s in manifest["shards"]),
                    "largest_shard_records": max(s["records"] for s in manifest["shards"])}
    log(f"{size}: index {full['seconds']} s, peak {full['peak_rss_mb']} MB, {res['index']}")
    pages = sorted((release / "articles").rglob("*.html"))
    page = next(p for p in reversed(pages) if "<!--/search-body-->" in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("<!--/search-body-->", "<p>增量索引检验</p><!--/search-body-->", 1), encoding="utf-8")
    one = run_timed(py + [str(release), "--previous", str(release / "pagefind"), "--cache", str(cache)])
    res["index_one_changed"] = one
    log(f"{size}: one changed article: {one['seconds']} s, peak {one['peak_rss_mb']} MB")
    if browser:
        try:
            res["first_search"] = first_search_bytes(release)
        except Exception as exc:                    # report, do not lose the other figures
            res["first_search"] = {"error": f"{type(exc).__name__}: {exc}"}
        log(f"{size}: first search {res['first_search']}")
    res["loadavg_end"] = os.getloadavg()
    return res


# --------------------------------------------------------------------------- one new approved submission

def add_approved_submission(repo: Path, name: str = "bench-new-item") -> str:
    """Commit one new submission and its approvals (unit, office, leader) as the people units.yaml names."""
    import yaml

    units = yaml.safe_load((repo / "units.yaml").read_text(encoding="utf-8"))
    people = {p["id"]: p for p in units["people"]}
    unit = next(u for u in units["units"] if u.get("active", True) and u["id"] != "bgs")
    liaison = people[unit["liaisons"][0]]
    head = people[unit["head"][0]]
    office = next(p for p in units["people"] if "office" in p.get("roles", []))
    leader = people[unit["leader"]]
    rel = f"submissions/{END.year}/{END.month:02d}/{name}.md"
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).write_text(
        f"---\ntitle: 基准测试新增稿件：建筑工地农民工工资支付情况抽查\nunit: {unit['id']}\ncategory: gov_info\n"
        f"authors: [{liaison['id']}]\ntags: [农民工工资]\n---\n{END.month}月{END.day}日，开展农民工工资支付情况抽查。\n",
        encoding="utf-8")

    def commit(who: dict[str, Any], msg: str, when: str, *args: str) -> None:
        env = dict(os.environ, GIT_AUTHOR_NAME=who["name"], GIT_AUTHOR_EMAIL=who["emails"][0],
                   GIT_COMMITTER_NAME=who["name"], GIT_COMMITTER_EMAIL=who["emails"][0],
                   GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(["git", "-C", str(repo), "commit", "-q", "--no-verify", *args, "-m", msg], env=env, check=True)

    day = END.isoformat()
    subprocess.run(["git", "-C", str(repo), "add", rel], check=True)
    commit(liaison, "报送：基准测试新增稿件", f"{day}T18:00:00+08:00")
    commit(head, f"审核通过\n\nApprove: {rel}\nStage: unit", f"{day}T18:10:00+08:00", "--allow-empty")
    commit(office, f"审核通过\n\nApprove: {rel}\nStage: office", f"{day}T18:20:00+08:00", "--allow-empty")
    commit(leader, f"签发\n\nApprove: {rel}\nStage: leader", f"{day}T18:30:00+08:00", "--allow-empty")
    return rel


# --------------------------------------------------------------------------- the bare engine

def bare_engine(site: Path, engine: str, work: Path) -> dict[str, Any]:
    """The engine alone on the very pages the build generated (its project folder copied aside): a full
    build, then (for an engine with --dirty) a dirty rebuild after one changed page. The floor of a build."""
    from generator.site.engine import ENGINES

    eng = ENGINES[engine]
    state = next(p for p in sorted(Path(str(site) + ".releases").glob(".state-*"))
                 if p.is_dir())                                      # the build's project folder
    project = work / f"bare-{engine}"
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copytree(state / "docs", project / "docs")
    shutil.copy(state / f"{engine}.yml", project / f"{engine}.yml")
    env_cmd = eng.command(project / f"{engine}.yml", dirty=False)
    out: dict[str, Any] = {"full": run_timed(env_cmd, cwd=project)}
    page = next(p for p in sorted((project / "docs" / "articles").rglob("*.md")) if p.name != "index.md")
    time.sleep(1.1)                     # a newer modification time than the page's output
    page.write_text(page.read_text(encoding="utf-8") + "\n一处修改。\n", encoding="utf-8")
    out["one_page"] = run_timed(eng.command(project / f"{engine}.yml", dirty=True), cwd=project)
    shutil.rmtree(project, ignore_errors=True)
    return out


# --------------------------------------------------------------------------- in-process stages

def library_stages(repo: Path) -> dict[str, Any]:
    from generator.git.history import read_history
    from generator.judge.review import read_reviews, trust_settings
    from generator.judge.scoring import all_entries, evidence_present, score, scored_items
    from generator.periods import HALF, MONTH, QUARTER, YEAR, Period
    from generator.read.instance import load_instance
    try:
        from generator.judge.gather import gather
    except ImportError:
        gather = None

    r: dict[str, Any] = {}
    r["git_log_raw_bytes"] = raw_git_log(repo)
    r["git_log_raw"] = best_of(3, lambda: raw_git_log(repo))
    os.environ["BULLETIN_NO_CACHE"] = "1"           # the cold pass: what a fresh clone costs
    try:
        r["history_pass"] = best_of(3, lambda: read_history(repo))
        with timer(r, "load_validate"):
            load_instance(repo)
    finally:
        del os.environ["BULLETIN_NO_CACHE"]
    r["history_ratio"] = round(r["history_pass"] / r["git_log_raw"], 2) if r["git_log_raw"] else None
    history = read_history(repo)                     # fills the cache
    r["commits"] = len(history.commits)
    del history
    r["history_pass_cached"] = best_of(3, lambda: read_history(repo))
    load_instance(repo)                              # fills the cache
    with timer(r, "load_validate_cached"):
        inst = load_instance(repo)
    assert inst.config is not None
    r["submissions_valid"] = len(inst.submissions)
    r["submissions_invalid"] = len(inst.invalid)
    trust = trust_settings(inst.config, repo)
    if gather is not None:
        with timer(r, "gather"):                     # history, review, scored items, evidence, activities
            g = gather(inst, trust, END)
        items, present = g.items, g.present
    else:                                            # an older snapshot of the code, before the one gather
        with timer(r, "history_and_review"):
            _history, states = read_reviews(repo, inst.config, inst.submissions, trust)
        with timer(r, "scored_items_and_evidence"):
            items = scored_items(inst.submissions, states)
            present = evidence_present(repo, [i.submission for i in items])
    r["approved_items"] = len(items)
    periods = [Period(END.year, m, MONTH) for m in range(1, 13)] + \
              [Period(END.year, m, QUARTER) for m in (1, 4, 7, 10)] + \
              [Period(END.year, m, HALF) for m in (1, 7)] + [Period(END.year, 1, YEAR)]
    import inspect
    reuse = "entries" in inspect.signature(score).parameters   # older code recomputes every entry per period
    with timer(r, "scores_all_periods_of_a_year"):   # as the site does it: every entry once, then each period
        entries = all_entries(inst.config, items, inst.solicitations.values(), present, END) if reuse else None
        for p in periods:
            if reuse:
                score(inst.config, items, inst.solicitations.values(), present, p, END, entries=entries)
            else:
                score(inst.config, items, inst.solicitations.values(), present, p, END)
    r["periods_scored"] = len(periods)
    return r


# --------------------------------------------------------------------------- mkdocs-material's own search

def material_search(repo: Path, work: Path) -> dict[str, Any]:
    """The same pages built by mkdocs without and with mkdocs-material's search plugin (lang zh, jieba)."""
    import logging

    import yaml
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.i18n import translator
    from generator.judge.gather import gather
    from generator.judge.review import trust_settings
    from generator.read.instance import load_instance
    from generator.site import build as gbuild
    from generator.site.data import site_data
    from generator.site.pages import render_pages

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    inst = load_instance(repo)
    assert inst.config is not None
    data = site_data(gather(inst, trust_settings(inst.config, repo), END))
    pages = render_pages(data, "zh")
    out: dict[str, Any] = {"articles": len(data.items)}
    for variant in ("none", "material"):
        base = work / f"material-{variant}"
        shutil.rmtree(base, ignore_errors=True)
        docs = base / "docs"
        for rel, content in pages.items():
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        (docs / "assets").mkdir(parents=True, exist_ok=True)
        for asset in gbuild.ASSETS.iterdir():
            shutil.copy2(asset, docs / "assets" / asset.name)
        cfg = gbuild._mkdocs_config(repo, docs, base / "site", "zh", gbuild._nav(translator("zh")), "")
        if variant == "material":
            cfg["plugins"] = list(cfg["plugins"]) + [{"search": {"lang": "zh"}}]
        (base / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        gc.collect()
        t = time.perf_counter()
        mkdocs_build(load_config(str(base / "mkdocs.yml")))
        out[f"mkdocs_{variant}_seconds"] = round(time.perf_counter() - t, 2)
        if variant == "material":
            index = base / "site" / "search" / "search_index.json"
            out["search_index_bytes"] = index.stat().st_size
            import gzip
            out["search_index_gzip_bytes"] = len(gzip.compress(index.read_bytes(), 6))
            out["lunr_worker_bytes"] = sum(p.stat().st_size for p in (base / "site" / "assets" / "javascripts"
                                                                      ).rglob("*") if p.is_file())
        shutil.rmtree(base, ignore_errors=True)
    out["search_added_seconds"] = round(out["mkdocs_material_seconds"] - out["mkdocs_none_seconds"], 2)
    try:
        import jieba
        out["jieba"] = jieba.__version__
    except ImportError:
        out["jieba"] = None
    return out


# --------------------------------------------------------------------------- one size

def bench_size(size: int, work: Path, browser: bool, engines: list[str]) -> dict[str, Any]:
    shape = SHAPES.get(size, {"units": 20, "years": 5})
    repo = work / f"demo-{size}"
    site = work / f"site-{size}"
    shutil.rmtree(repo, ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(work / f"site-{size}.releases", ignore_errors=True)
    res: dict[str, Any] = {"size": size, "shape": shape, "loadavg_start": os.getloadavg()}
    b = bulletin_cmd()

    log(f"{size}: bulletin demo")
    res["demo"] = run_timed(b + ["demo", "--out", str(repo), "--submissions", str(size), "--units",
                                 str(shape["units"]), "--years", str(shape["years"]), "--seed", "1"])
    log(f"{size}: demo took {res['demo']['seconds']} s; library stages")
    res["stages"] = library_stages(repo)
    log(f"{size}: {res['stages']}")

    scores_cmd = b + ["scores", "--period", str(END.year), "--as-of", END.isoformat(), "--format", "json",
                      "--repo", str(repo)]
    os.environ["BULLETIN_NO_CACHE"] = "1"
    try:
        res["check_cli_cold"] = run_timed(b + ["check", "--repo", str(repo)])
        res["scores_cli_cold"] = run_timed(scores_cmd)
    finally:
        del os.environ["BULLETIN_NO_CACHE"]
    res["check_cli"] = run_timed(b + ["check", "--repo", str(repo)])
    res["scores_cli"] = run_timed(scores_cmd)
    res["check_plus_scores_cold"] = round(res["check_cli_cold"]["seconds"] + res["scores_cli_cold"]["seconds"], 2)
    res["check_plus_scores"] = round(res["check_cli"]["seconds"] + res["scores_cli"]["seconds"], 2)
    log(f"{size}: check {res['check_cli_cold']['seconds']} s cold, {res['check_cli']['seconds']} s cached "
        f"(exit {res['check_cli']['exit']}); scores {res['scores_cli_cold']['seconds']} s cold, "
        f"{res['scores_cli']['seconds']} s cached")

    res["engines"] = {}
    for i, engine in enumerate(engines):
        out = site if i == 0 else work / f"site-{size}-{engine}"
        if i:
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(Path(str(out) + ".releases"), ignore_errors=True)
        res["engines"][engine] = e = {"loadavg_start": os.getloadavg()}
        log(f"{size}: full build with {engine}")
        build = run_timed(b + ["build", "--out", str(out), "--as-of", END.isoformat(), "--repo", str(repo),
                               "--engine", engine, "--lang", "en"], stages=True)
        build["stages"] = build_stages(build.pop("lines"), build["seconds"])
        e["build"] = build
        log(f"{size}: {engine} build {build['seconds']} s exit {build['exit']} stages {build['stages']} "
            f"peak RSS {build['peak_rss_mb']} MB {build.get('stderr_tail', '')}")
        if build["exit"] != 0:
            continue
        release = out.resolve()
        files, size_bytes = dir_size(release)
        pf_files, pf_bytes = dir_size(release / "pagefind")
        e["site"] = {"files": files, "bytes": size_bytes, "html_pages": sum(1 for _ in release.rglob("*.html")),
                     "pagefind_files": pf_files, "pagefind_bytes": pf_bytes}
        log(f"{size}: bare {engine} build of the same pages")
        e["bare"] = bare_engine(out, engine, work)
        e["full_over_bare"] = round(build["seconds"] / e["bare"]["full"]["seconds"], 2) \
            if e["bare"]["full"]["exit"] == 0 else None
        log(f"{size}: bare {engine}: {e['bare']['full']['seconds']} s full, {e['bare']['one_page']['seconds']} s "
            f"one page; full build / bare = {e['full_over_bare']}")
        if browser and i == 0:
            log(f"{size}: first search in Chromium")
            try:
                res["first_search"] = first_search_bytes(release)
            except Exception as exc:                    # report, do not lose the other figures
                res["first_search"] = {"error": f"{type(exc).__name__}: {exc}"}
            log(f"{size}: first search {res['first_search']}")
    log(f"{size}: rebuild after one new approved submission")
    rel = add_approved_submission(repo)
    for i, engine in enumerate(engines):
        e = res["engines"][engine]
        if e["build"]["exit"] != 0:
            continue
        out = site if i == 0 else work / f"site-{size}-{engine}"
        rebuild = run_timed(b + ["build", "--out", str(out), "--as-of", END.isoformat(), "--repo", str(repo),
                                 "--engine", engine, "--lang", "en"], stages=True)
        rebuild["stages"] = build_stages(rebuild.pop("lines"), rebuild["seconds"])
        article = out.resolve() / ("articles/" + rel.split("/", 1)[1].replace(".md", ".html"))
        rebuild["new_article_published"] = article.is_file()
        e["rebuild_one"] = rebuild
        log(f"{size}: {engine} rebuild {rebuild['seconds']} s {rebuild['stages']}, new article published: "
            f"{rebuild['new_article_published']}")
        e["loadavg_end"] = os.getloadavg()
    first = res["engines"][engines[0]]
    for key in ("build", "site", "rebuild_one", "bare", "full_over_bare"):
        if key in first:
            res[key] = first[key]
    res["loadavg_end"] = os.getloadavg()
    return res


# --------------------------------------------------------------------------- report

def machine() -> dict[str, Any]:
    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().split("\n")[0]
        except OSError:
            return "?"

    from importlib.metadata import version as pkg_version
    mem = ""
    with contextlib.suppress(OSError):
        mem = next(line for line in open("/proc/meminfo") if line.startswith("MemTotal")).split(":")[1].strip()
    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(line for line in open("/proc/cpuinfo") if line.startswith("model name")).split(":")[1].strip()
    pkgs = {}
    for name in ("mkdocs", "mkdocs-material", "zensical", "properdocs", "pagefind", "pagefind_bin_extended", "Markdown", "Jinja2", "PyYAML",
                 "playwright", "jieba"):
        with contextlib.suppress(Exception):
            pkgs[name] = pkg_version(name)
    return {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "host": platform.node(),
            "cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform(),
            "python": platform.python_version(), "git": version(["git", "--version"]),
            "chromium": version(["/usr/bin/chromium", "--version"]), "packages": pkgs,
            "bulletin_commit": version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
            "bulletin_dirty": bool(version(["git", "-C", str(ROOT), "status", "--porcelain", "--", "generator"]))}


def fmt_s(v: Any) -> str:
    return "—" if v is None else f"{v:.2f}" if isinstance(v, float) and v < 10 else f"{v:.1f}" if isinstance(
        v, float) else str(v)


def load(e: dict[str, Any]) -> str:
    return f"{e['loadavg_start'][0]:.1f}–{e.get('loadavg_end', e['loadavg_start'])[0]:.1f}"


def engines_table(sizes: list[dict[str, Any]]) -> str:
    """Per size and engine: full build, the bare engine on the same pages, their ratio, rebuild, memory."""
    rows = ["", "| size | engine | full build (s) | bare engine (s) | full / bare | engine stage (s) | "
                "rebuild after one item (s) | bare engine, one page (s) | peak RSS tree (MB) | load avg |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in sizes:
        for name, e in r.get("engines", {}).items():
            def get(fn: Callable[[], Any]) -> str:
                try:
                    return fmt_s(fn())
                except (KeyError, TypeError):
                    return "—"
            rows.append(f"| {r['size']:,} | {name} | {get(lambda: e['build']['seconds'])} | "
                        f"{get(lambda: e['bare']['full']['seconds'])} | {get(lambda: e['full_over_bare'])} | "
                        f"{get(lambda: e['build']['stages']['engine'])} | {get(lambda: e['rebuild_one']['seconds'])} | "
                        f"{get(lambda: e['bare']['one_page']['seconds'])} | {get(lambda: e['build']['peak_rss_mb'])} | "
                        f"{get(lambda: load(e))} |")
    return "\n".join(rows) + "\n" if len(rows) > 3 else ""


BUDGETS = [  # (label, size, figure, budget, unit)
    ("rebuild after one new approved item", 5000, lambda r: r["rebuild_one"]["seconds"], 3.0, "s"),
    ("rebuild after one new approved item", 20000, lambda r: r["rebuild_one"]["seconds"], 8.0, "s"),
    ("full build / bare engine build (search included)", 5000, lambda r: r["full_over_bare"], 1.3, "x"),
    ("peak memory of the build's process tree", 20000, lambda r: r["build"]["peak_rss_mb"], 1024.0, "MB"),
    ("check + scores --period YEAR, no cache", 20000, lambda r: r["check_plus_scores_cold"], 15.0, "s"),
    ("check + scores --period YEAR, cached", 20000, lambda r: r["check_plus_scores"], 5.0, "s"),
]


def budgets_table(sizes: list[dict[str, Any]]) -> str:
    by_size = {r["size"]: r for r in sizes}
    rows = ["", "| budget | size | figure | budget | met |", "|---|---:|---:|---:|---|"]
    for label, size, fn, budget, unit in BUDGETS:
        r = by_size.get(size)
        if r is None:
            continue
        try:
            value = float(fn(r))
        except (KeyError, TypeError, ValueError):
            rows.append(f"| {label} | {size:,} | — | {budget:g} {unit} | — |")
            continue
        rows.append(f"| {label} | {size:,} | {value:g} {unit} | ≤ {budget:g} {unit} | "
                    f"{'yes' if value <= budget else '**no**'} |")
    return "\n".join(rows) + "\n" if len(rows) > 3 else ""


def markdown(report: dict[str, Any]) -> str:
    sizes = report["sizes"]
    head = "| stage | " + " | ".join(f"{r['size']:,}" for r in sizes) + " |"
    sep = "|---|" + "---:|" * len(sizes)
    rows: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("demo: commits", lambda r: f"{r['stages']['commits']:,}"),
        ("demo: `bulletin demo` (s)", lambda r: r["demo"]["seconds"]),
        ("raw `git log` pass (s), the floor", lambda r: r["stages"]["git_log_raw"]),
        ("bulletin history pass (s)", lambda r: r["stages"]["history_pass"]),
        ("history / raw git log", lambda r: f"{r['stages']['history_ratio']}x"),
        ("bulletin history pass, cached (s)", lambda r: r["stages"]["history_pass_cached"]),
        ("load and validate (s)", lambda r: r["stages"]["load_validate"]),
        ("load and validate, cached (s)", lambda r: r["stages"]["load_validate_cached"]),
        ("gather (history, review, items, evidence, activities), cached (s)",
         lambda r: r["stages"].get("gather", r["stages"].get("history_and_review"))),
        ("scores, all 19 periods of a year (s)", lambda r: r["stages"]["scores_all_periods_of_a_year"]),
        ("`bulletin check`, no cache (s)", lambda r: r["check_cli_cold"]["seconds"]),
        ("`bulletin scores --period YEAR`, no cache (s)", lambda r: r["scores_cli_cold"]["seconds"]),
        ("**check + scores, no cache (s)**", lambda r: r["check_plus_scores_cold"]),
        ("`bulletin check`, cached (s)", lambda r: r["check_cli"]["seconds"]),
        ("`bulletin scores --period YEAR`, cached (s)", lambda r: r["scores_cli"]["seconds"]),
        ("**check + scores, cached (s)**", lambda r: r["check_plus_scores"]),
        ("build: start-up and load (s)", lambda r: r["build"]["stages"].get("startup_load")),
        ("build: history and review (s)", lambda r: r["build"]["stages"].get("history_review")),
        ("build: page generation (s)", lambda r: r["build"]["stages"].get("pages")),
        ("build: site engine (s)", lambda r: r["build"]["stages"].get("engine")),
        ("build: search indexing and swap (s)", lambda r: r["build"]["stages"].get("search")),
        ("**full build (s)**", lambda r: r["build"]["seconds"]),
        ("site: HTML pages", lambda r: f"{r.get('site', {}).get('html_pages', 0):,}"),
        ("site: files / MB", lambda r: f"{r.get('site', {}).get('files', 0):,} / "
                                       f"{r.get('site', {}).get('bytes', 0) / 1e6:.1f}"),
        ("site: Pagefind index MB", lambda r: f"{r.get('site', {}).get('pagefind_bytes', 0) / 1e6:.1f}"),
        ("first search: bytes downloaded (all)", lambda r: f"{r.get('first_search', {}).get('total_bytes', 0) / 1e6:.2f} MB"),
        ("first search: of which Pagefind", lambda r: f"{r.get('first_search', {}).get('pagefind_bytes', 0) / 1e6:.2f} MB"),
        ("first search: results shown", lambda r: r.get("first_search", {}).get("message", "—")),
        ("build peak RSS, process tree (MB)", lambda r: r["build"]["peak_rss_mb"]),
        ("build peak RSS, largest process (MB)", lambda r: r["build"]["peak_rss_single_mb"]),
        ("**rebuild after one approved submission (s)**", lambda r: r.get("rebuild_one", {}).get("seconds")),
        ("rebuild: pages, engine, search (s)", lambda r: " / ".join(
            fmt_s(r["rebuild_one"]["stages"].get(k)) for k in ("pages", "engine", "search"))),
        ("bare engine, same pages: full build (s)", lambda r: r["bare"]["full"]["seconds"]),
        ("bare engine, same pages: one page changed (s)", lambda r: r["bare"]["one_page"]["seconds"]),
        ("bare engine: peak RSS (MB)", lambda r: r["bare"]["full"]["peak_rss_mb"]),
        ("**full build / bare engine build**", lambda r: f"{r['full_over_bare']}x"),
        ("load average at start / end", lambda r: f"{r['loadavg_start'][0]:.1f} / {r['loadavg_end'][0]:.1f}"),
    ]
    lines = [head, sep]
    for label, fn in rows:
        cells = []
        for r in sizes:
            try:
                cells.append(fmt_s(fn(r)))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    m = report["machine"]
    env = (f"Machine: {m['cpus']} × {m['cpu']}, {m['memory']} RAM, {m['os']}; Python {m['python']}, {m['git']}, "
           f"{m['chromium']}; " + ", ".join(f"{k} {v}" for k, v in m["packages"].items()) +
           f". Date {m['date']}; bulletin at {m['bulletin_commit']}{' (+ uncommitted changes)' if m['bulletin_dirty'] else ''}.")
    text = env + "\n\n" + "\n".join(lines) + "\n" + engines_table(sizes) + budgets_table(sizes)
    if report.get("material_search"):
        text += "\n| mkdocs-material search (lang: zh, jieba) | " + " | ".join(
            str(k) for k in report["material_search"]) + " |\n|---|" + "---:|" * len(report["material_search"]) + "\n"
        for key in ("articles", "mkdocs_none_seconds", "mkdocs_material_seconds", "search_added_seconds",
                    "search_index_bytes", "search_index_gzip_bytes"):
            text += f"| {key} | " + " | ".join(str(v.get(key)) for v in report["material_search"].values()) + " |\n"
    return text


def search_markdown(report: dict[str, Any]) -> str:
    rows = report["search"]
    def get(r: dict[str, Any], *keys: str) -> Any:
        for k in keys:
            r = r.get(k, {}) if isinstance(r, dict) else {}
        return r if r != {} else None
    lines = [("load average at start / end", lambda r: f"{r['loadavg_start'][0]:.1f} / {r['loadavg_end'][0]:.1f}"),
             ("records indexed / shards", lambda r: f"{get(r, 'index', 'records')} / {get(r, 'index', 'shards')}"),
             ("largest shard (records)", lambda r: get(r, "index", "largest_shard_records")),
             ("index size (MB) / files", lambda r: f"{get(r, 'index', 'bytes') / 1e6:.1f} / {get(r, 'index', 'files')}"),
             ("build: search stage (s)", lambda r: get(r, "build", "stages", "search")),
             ("index in full (s)", lambda r: get(r, "index_full", "seconds")),
             ("index in full: peak RSS, process tree (MB)", lambda r: get(r, "index_full", "peak_rss_mb")),
             ("index after one changed article (s)", lambda r: get(r, "index_one_changed", "seconds")),
             ("first query (cold): bytes / of which Pagefind", lambda r: f"{get(r, 'first_search', 'total_bytes') or 0:,} / "
                                                                     f"{get(r, 'first_search', 'pagefind_bytes') or 0:,}"),
             ("first query: requests, results", lambda r: f"{get(r, 'first_search', 'requests')}, "
                                                        f"{get(r, 'first_search', 'message')}"),
             ("next query: bytes (all Pagefind)", lambda r: f"{get(r, 'first_search', 'next_bytes') or 0:,}"),
             ("build peak RSS, process tree (MB)", lambda r: get(r, "build", "peak_rss_mb"))]
    text = "| search | " + " | ".join(f"{r['size']:,}" for r in rows) + " |\n|---|" + "---:|" * len(rows) + "\n"
    for name, fn in lines:
        cells = []
        for r in rows:
            try:
                cells.append(str(fn(r)))
            except Exception:
                cells.append("—")
        text += f"| {name} | " + " | ".join(cells) + " |\n"
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,20000", help="comma-separated submission counts")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bulletin-bench"), help="scratch folder")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium first-search measurement")
    ap.add_argument("--material-search", action="store_true",
                    help="also build the sample instance and 5,000 items with mkdocs-material's search plugin")
    ap.add_argument("--search", action="store_true",
                    help="search only: index time, peak memory and size, one changed article, first and next query")
    ap.add_argument("--results", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--live", action="store_true", help="measure the working tree's code, not a snapshot of it")
    ap.add_argument("--code", type=Path, default=None,
                    help="measure the generator/ and site_templates/ in this folder (e.g. an older snapshot)")
    ap.add_argument("--engines", default="mkdocs", help="comma-separated site engines (the first one is the "
                                                          "main figures'; e.g. mkdocs,zensical)")
    args = ap.parse_args()
    engines = [e for e in args.engines.split(",") if e]
    args.work.mkdir(parents=True, exist_ok=True)
    use_code(args.code.resolve() if args.code else ROOT if args.live else snapshot(args.work))
    # bulletin's cache (see generator/cache.py) starts empty and stays out of the user's own
    cache = args.work / "user-cache"
    shutil.rmtree(cache, ignore_errors=True)
    os.environ["XDG_CACHE_HOME"] = str(cache)
    os.environ.pop("BULLETIN_NO_CACHE", None)
    os.environ.pop("BULLETIN_CACHE_DIR", None)
    report: dict[str, Any] = {"machine": machine(), "sizes": [], "command": " ".join(sys.argv), "code": str(CODE)}
    if args.search:
        report["search"] = []
        for size in [int(s) for s in args.sizes.split(",") if s]:
            report["search"].append(search_bench(size, args.work, not args.no_browser))
            args.results.mkdir(parents=True, exist_ok=True)
            stem = f"search-{args.sizes.replace(',', '-')}-{platform.node()}-{dt.date.today().isoformat()}"
            (args.results / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2),
                                                       encoding="utf-8")
            (args.results / f"{stem}.md").write_text(search_markdown(report), encoding="utf-8")
        print(search_markdown(report))
        return 0
    for size in [int(s) for s in args.sizes.split(",") if s]:
        report["sizes"].append(bench_size(size, args.work, not args.no_browser, engines))
    if args.material_search:
        report["material_search"] = {}
        log("mkdocs-material search: the sample instance")
        report["material_search"]["sample"] = material_search(ROOT, args.work)
        repo5k = args.work / "demo-5000"
        if not repo5k.is_dir():
            subprocess.run(bulletin_cmd() + ["demo", "--out", str(repo5k), "--submissions", "5000", "--units", "20",
                                             "--years", "5", "--seed", "1"], check=True, cwd=CODE)
        log("mkdocs-material search: 5,000")
        report["material_search"]["5000"] = material_search(repo5k, args.work)
        log(f"material search: {report['material_search']}")
    args.results.mkdir(parents=True, exist_ok=True)
    stem = f"{platform.node()}-{dt.date.today().isoformat()}" + (f"-{args.code.name}" if args.code else "")
    (args.results / f"{stem}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    text = markdown(report)
    (args.results / f"{stem}.md").write_text(text, encoding="utf-8")
    print(text)
    log(f"wrote {args.results / stem}.json and .md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
