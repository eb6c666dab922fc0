"""An XSS corpus through the whole pipeline: nothing scripted reaches the built site.

Hostile items come in two kinds: those `bulletin check` refuses (they must stay
out of the site, and their error messages must be shown escaped on the review
page), and approved items whose HTML is harmless-looking but risky (external
images, styles, forms in tables...) which the sanitiser must defuse.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from gitbuilder import LI, WANG, ZHANG, ZHAO, instance, submission
from sitekit import BULLETIN, browser, run_build, serve, site_texts

MARK = "XSSMARK"

REFUSED = {
    "script-tag": dict(title="脚本一", body=f"正文<script>alert('{MARK}')</script>\n"),
    "onerror": dict(title="脚本二", body=f'<img src=x onerror="alert(\'{MARK}\')">\n'),
    "javascript-link": dict(title="脚本三", body=f"[点我](javascript:alert('{MARK}'))\n"),
    "data-html": dict(title="脚本四", body=f"[点我](data:text/html,<script>{MARK}</script>)\n"),
    "iframe": dict(title="脚本五", body=f'<iframe src="https://evil.example/{MARK}"></iframe>\n'),
    "svg-script": dict(title="脚本六", body=f"<svg><script>alert('{MARK}')</script></svg>\n"),
    "title-script": dict(title=f"<script>alert('{MARK}')</script>标题", body="正文。\n"),
    "entity-javascript": dict(title="脚本七", body=f"[x](&#106;avascript:alert('{MARK}'))\n"),
}

ACCEPTED = {
    # Approved and published, but defused by the sanitiser.
    "external-image": dict(title="外链图片稿件", body=f"![跟踪](https://evil.example/{MARK}.png)\n\n正文一。\n"),
    "style-and-link": dict(title="样式稿件", body=f"<style>body{{background:url(https://evil.example/{MARK})}}</style>\n\n"
                                              f"<link rel=stylesheet href=https://evil.example/{MARK}.css>\n\n正文二。\n"),
    "bold-title": dict(title=f"<b>加粗</b>标题 & \"引号\" {MARK}", body="正文三。\n"),
    "html-table": dict(title="表格稿件", body="<table><tr><td>数据</td></tr></table>\n\n| 列 | 值 |\n|---|---|\n| a | 1 |\n"),
    "markdown-injection": dict(title=f"| 竖线 | [链接](x) **{MARK}**", body="正文四。\n"),
}


def _build_instance(path: Path) -> Path:
    repo = instance(path)
    for name, spec in {**REFUSED, **ACCEPTED}.items():
        rel = f"submissions/2026/03/{name}.md"
        repo.write(rel, submission(title=spec["title"], body=spec["body"], authors=["zhangsan"]))
        repo.commit(f"报送 {name}", by=ZHANG, date="2026-03-10 09:00 +0800")
    for name in ACCEPTED:
        rel = f"submissions/2026/03/{name}.md"
        repo.approve(rel, by=WANG, date="2026-03-11 09:00 +0800", stage="unit")
        repo.approve(rel, by=ZHAO, date="2026-03-11 10:00 +0800", stage="office")
        repo.approve(rel, by=LI, date="2026-03-11 11:00 +0800", stage="leader")
    return path


def test_check_refuses_the_scripted_items(tmp_path: Path) -> None:
    repo = _build_instance(tmp_path / "repo")
    proc = subprocess.run([str(BULLETIN), "check", "--repo", str(repo)], capture_output=True, text=True)
    assert proc.returncode == 1
    refused = {Path(line.split(":", 1)[0]).stem for line in proc.stdout.splitlines() if ": error: " in line}
    assert refused == set(REFUSED)


def test_no_script_reaches_the_built_site(tmp_path: Path) -> None:
    repo = _build_instance(tmp_path / "repo")
    out = tmp_path / "site"
    proc = run_build(repo, out, "--as-of", "2026-04-30")
    for name in REFUSED:  # listed on stderr as left out
        assert f"submissions/2026/03/{name}.md：未计入" in proc.stderr
    for name in ACCEPTED:
        assert (out / "articles" / "2026" / "03" / f"{name}.html").is_file(), name
    for name in REFUSED:
        assert not (out / "articles" / "2026" / "03" / f"{name}.html").exists(), name
    hostile = [
        re.compile(r"<script\b[^>]*>[^<]*" + MARK, re.IGNORECASE),
        re.compile(r"\son[a-z]+\s*=\s*[\"']?[^\"'>]*" + MARK, re.IGNORECASE),
        re.compile(r"javascript:[^\"'<>]*" + MARK, re.IGNORECASE),
        re.compile(r"<(?:iframe|style|link|img)\b[^>]*" + MARK, re.IGNORECASE),
        re.compile(r"<b>加粗</b>"),
    ]
    scanned = 0
    for name, text in site_texts(out):
        scanned += 1
        for pattern in hostile:
            assert not pattern.search(text), f"{name}: {pattern.pattern}"
    assert scanned > 50
    # The refusals are shown on the review page, escaped.
    review = (out / "review" / "index.html").read_text(encoding="utf-8")
    assert "script-tag.md" in review and "＜script＞" in review
    # A hostile title is shown as text in the header and the page title.
    page = (out / "articles" / "2026" / "03" / "bold-title.html").read_text(encoding="utf-8")
    assert "<title>＜b＞加粗＜/b＞标题" in page
    assert "<h1>＜b＞加粗＜/b＞标题" in page


def test_hostile_pages_make_no_request_and_run_no_script_in_chromium(tmp_path: Path) -> None:
    repo = _build_instance(tmp_path / "repo")
    out = tmp_path / "site"
    run_build(repo, out, "--as-of", "2026-04-30")
    with serve(out) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        requests: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for name in ACCEPTED:
            page.goto(f"{base}articles/2026/03/{name}.html")
            page.wait_for_load_state("networkidle")
        page.goto(f"{base}review/index.html")
        page.goto(f"{base}search/index.html?q=正文")
        page.wait_for_selector("#bulletin-search .bs-result .bs-title", timeout=60_000)
        assert [u for u in requests if not u.startswith(base) and not u.startswith("data:")] == []
        assert dialogs == []


def test_check_reports_approvals_that_do_not_count(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo")
    rel = "submissions/2026/03/a.md"
    repo.write(rel, submission(authors=["zhangsan"]))
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    repo.approve(rel, by=ZHANG, date="2026-03-11 09:00 +0800", stage="unit")
    proc = subprocess.run([str(BULLETIN), "check", "--repo", str(repo.path)], capture_output=True, text=True)
    assert proc.returncode == 0
    short = repo.git("rev-parse", "--short=7", "HEAD")
    assert [line for line in proc.stdout.splitlines() if not line.startswith("units.yaml:")] == [
        f"{rel}:1:1: warning: 提交 {short} 中 张三 <zhangsan@wj.example.gov.cn> 的审核不计入："
        "张三 是本稿作者，不能审核本稿"]


def test_serve_rebuilds_when_a_submission_changes(tmp_path: Path) -> None:
    repo = _build_instance(tmp_path / "repo")
    port = 18000 + os.getpid() % 1000
    proc = subprocess.Popen([str(BULLETIN), "serve", "--repo", str(repo), "--port", str(port), "--as-of", "2026-04-30"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "CI": "1"})
    base = f"http://127.0.0.1:{port}/"

    def get(path: str) -> str:
        with urllib.request.urlopen(base + path, timeout=5) as response:
            return response.read().decode("utf-8")

    try:
        deadline = time.monotonic() + 60
        first_id = None
        while time.monotonic() < deadline:
            try:
                first_id = get("__bulletin_build_id")
                break
            except OSError:
                time.sleep(0.3)
        assert first_id, "serve did not start"
        page = get("articles/2026/03/html-table.html")
        assert "正文四" not in page and "/__bulletin_build_id" in page  # the reload script is injected
        rel = "submissions/2026/03/html-table.md"
        text = (repo / rel).read_text(encoding="utf-8")
        (repo / rel).write_text(text.replace("| a | 1 |", "| a | 2 |"), encoding="utf-8")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and get("__bulletin_build_id") == first_id:
            time.sleep(0.5)
        assert get("__bulletin_build_id") != first_id, "no rebuild after the change"
        # The edit made the approvals stale: the article is gone from the rebuilt site.
        try:
            get("articles/2026/03/html-table.html")
            gone = False
        except OSError:
            gone = True
        assert gone
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_a_bad_flag_stops_build_before_anything_is_written(tmp_path: Path) -> None:
    repo = _build_instance(tmp_path / "repo")
    out = tmp_path / "site"
    for flag, value, message in [("--as-of", "2026-02-30", "“2026-02-30”不是有效日期"),
                                 ("--lang", "fr", "“fr”不是 'zh', 'en' 之一")]:
        proc = subprocess.run([str(BULLETIN), "build", "--repo", str(repo), "--out", str(out), flag, value],
                              capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and "Traceback" not in proc.stderr
        assert not out.exists() and not (tmp_path / "site.releases").exists()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True,
                          text=True).stdout == ""
