"""Web editing: the admin page (Decap CMS) against ``bulletin serve --edit`` on a clone of the sample.

A real ``bulletin serve --edit`` builds the clone's site and starts decap-server in git
mode; headless Chromium fills the forms as a liaison would. The tests read what Decap
wrote with git and check it with the real ``bulletin check``.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from sitekit import BULLETIN, ROOT, SCREENSHOTS, browser

LIAISON = ("朱琳", "zhulin@wj.example.gov.cn")
TITLE = "武进住建局开展“安全生产月”建筑工地专项检查"
PASTED = ("<p>6月1日起，<b>武进区住建局</b>在全区在建工地开展专项检查。</p>"
          "<ul><li>检查工地42个</li><li>整改隐患136处</li></ul>")
# Guide screenshots: BULLETIN_GUIDE_IMAGES=1 writes them to guides/images/ as well.
GUIDE_IMAGES = ROOT / "guides" / "images"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


@dataclass
class Editing:
    repo: Path
    base: str
    edit_port: int
    log: Path
    proc: subprocess.Popen[bytes]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def editing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editing]:
    if not (Path(os.environ.get("BULLETIN_DECAP_DIR", ROOT / ".venv" / "decap")) / "cms" / "decap-cms.js").is_file():
        pytest.fail("Decap CMS is not installed: run make test (scripts/editor_setup.py)")
    base = tmp_path_factory.mktemp("editing")
    repo = base / "sample"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(repo)], check=True)
    git(repo, "checkout", "-q", "-B", "main")
    for other in git(repo, "branch", "--format=%(refname:short)").split():
        if other != "main":
            git(repo, "branch", "-q", "-D", other)
    git(repo, "config", "user.name", LIAISON[0])
    git(repo, "config", "user.email", LIAISON[1])
    port, edit_port = _free_port(), _free_port()
    log = base / "serve.log"
    proc = subprocess.Popen([str(BULLETIN), "serve", "--edit", "--port", str(port), "--edit-port", str(edit_port),
                             "--repo", str(repo)], stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            env={**os.environ, "CI": "1"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 900
    while True:
        try:
            with urllib.request.urlopen(url + "admin/config.yml", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("bulletin serve --edit did not start:\n" + log.read_text(errors="replace"))
        time.sleep(1)
    ed = Editing(repo, url, edit_port, log, proc)
    try:
        yield ed
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    # Stopping the preview stops the local editing server too.
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", edit_port)) != 0, "decap-server outlived bulletin serve --edit"


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith(("http://127.0.0.1:", "blob:http://127.0.0.1:", "data:"))]


def _open(b: Any, ed: Editing, requests: list[str]) -> Any:
    ctx = b.new_context(viewport={"width": 1280, "height": 1000}, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = ctx.new_page()
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: d.accept())      # "leave this page without saving?"
    page.goto(ed.base + "admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("集合").first.wait_for()
    return page


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name))
    if os.environ.get("BULLETIN_GUIDE_IMAGES"):
        shutil.copy(SCREENSHOTS / name, GUIDE_IMAGES / name)


def _server_log(repo: Path) -> str:
    log = repo / ".bulletin-cache" / "serve" / "decap-server.log"
    return log.read_text(encoding="utf-8", errors="replace")[-3000:] if log.is_file() else "(no decap-server log)"


def _cms_branches(repo: Path) -> set[str]:
    return {b.strip() for b in git(repo, "branch", "--format=%(refname:short)").splitlines()
            if b.startswith("cms/")}


def _select(page: Any, label: str, option: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.click()
    field.fill(option)
    page.get_by_text(option, exact=True).last.click()


def _paste_rich_text(page: Any, base: str, html: str) -> None:
    """Put HTML on the clipboard, as Word or WPS does on copy, and paste it with Ctrl+V."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page.evaluate("""async (html) => { await navigator.clipboard.write([new ClipboardItem({
        'text/html': new Blob([html], {type: 'text/html'}),
        'text/plain': new Blob([html.replace(/<[^>]*>/g, '')], {type: 'text/plain'})})]); }""", html)
    page.locator('[contenteditable="true"]').first.click()
    page.keyboard.press("Control+V")


def _wait_for(predicate: Any, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return predicate()


def test_serve_edit_says_there_is_no_login_and_listens_on_localhost_only(editing: Editing) -> None:
    out = editing.output()
    assert f"网页编辑：{editing.base}admin/" in out
    assert "没有登录" in out and f"仅监听 127.0.0.1:{editing.edit_port}" in out
    assert f"{LIAISON[0]} <{LIAISON[1]}>" in out
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = s.getsockname()[0]
        except OSError:
            address = "127.0.0.1"
    if address.startswith("127."):
        pytest.skip("this machine has no other address to try")
    with socket.socket() as s:
        assert s.connect_ex((address, editing.edit_port)) != 0, "decap-server listens beyond 127.0.0.1"


def test_the_form_is_chinese_with_the_instance_names_and_makes_no_outside_request(editing: Editing) -> None:
    requests: list[str] = []
    with browser() as b:
        page = _open(b, editing, requests)
        for name in ("稿件", "约稿", "舆情", "媒体采访", "宣传计划"):
            assert page.get_by_role("link", name=name).count() >= 1, name
        page.goto(editing.base + "admin/#/collections/submissions/new")
        page.get_by_label("标题", exact=True).wait_for()
        for label in ("报送单位", "信息类别", "重要程度", "正文 (可选)", "采用登记（办公室填写） (可选)"):
            assert page.get_by_text(label, exact=True).count() >= 1, label
        page.get_by_label("报送单位", exact=True).click()
        menu = page.locator("[class*=menu]").last.inner_text()
        for unit in ("办公室", "建筑管理科", "城建科"):
            assert unit in menu, unit
        assert "jianguan" not in menu
        page.keyboard.press("Escape")
        page.get_by_label("信息类别", exact=True).click()
        menu = page.locator("[class*=menu]").last.inner_text()
        assert "政务信息" in menu and "gov_info" not in menu
        page.keyboard.press("Escape")
        page.wait_for_timeout(1000)
        _shot(page, "web-form.png")
        page.goto(editing.base + "admin/#/workflow")
        page.get_by_text("工作流").first.wait_for()
        page.wait_for_timeout(2000)
    assert _outside(requests) == []
    assert any(u.startswith(f"http://127.0.0.1:{editing.edit_port}/api/v1") for u in requests)
    assert any(u.endswith("/admin/decap-cms.js") for u in requests)


def test_a_liaison_saves_an_article_that_bulletin_check_accepts(editing: Editing, tmp_path: Path) -> None:
    repo = editing.repo
    before = _cms_branches(repo)
    head = git(repo, "rev-parse", "HEAD").strip()
    requests: list[str] = []
    with browser() as b:
        page = _open(b, editing, requests)
        page.goto(editing.base + "admin/#/collections/submissions/new")
        page.get_by_label("标题", exact=True).fill(TITLE)
        _select(page, "报送单位", "建筑管理科")
        _select(page, "信息类别", "政务信息")
        _paste_rich_text(page, editing.base, PASTED)
        page.get_by_text("整改隐患136处").first.wait_for()
        shown = {"title": page.get_by_label("标题", exact=True).input_value(),
                 "unit": page.get_by_text("建筑管理科", exact=True).count(),
                 "category": page.get_by_text("政务信息", exact=True).count()}
        _shot(page, "web-form-filled.png")
        page.get_by_role("button", name="保存", exact=True).click()
        new = _wait_for(lambda: _cms_branches(repo) - before, timeout=180)
        assert new, "saving did not write a branch:\n" + page.inner_text("body")[:2000] + "\n" + _server_log(repo)
        page.get_by_text("正在保存").wait_for(state="hidden")
        page.wait_for_timeout(1000)
        _shot(page, "web-form-saved.png")
    assert _outside(requests) == []
    assert shown["title"] == TITLE and shown["unit"] >= 1 and shown["category"] >= 1
    (branch,) = new
    assert branch.startswith("cms/submissions/")
    # One commit on the branch, by the machine's git identity, adding one file under submissions/YYYY/MM/.
    log = git(repo, "log", "--format=%an <%ae>|%s", f"{head}..{branch}").splitlines()
    assert len(log) == 1 and log[0].startswith(f"{LIAISON[0]} <{LIAISON[1]}>|报送")
    files = git(repo, "diff", "--name-status", head, branch).split()
    assert files[0] == "A" and len(files) == 2
    path = files[1]
    assert re.fullmatch(r"submissions/\d{4}/\d{2}/[a-z0-9-]+\.md", path), path
    assert path.isascii()
    # The main branch is untouched until the entry is published.
    assert git(repo, "rev-parse", "HEAD").strip() == head
    text = git(repo, "show", f"{branch}:{path}")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {"title": TITLE, "unit": ["jianguan"], "category": "gov_info", "importance": "normal",
                     "urgent": False, "draft": False}
    body = text.split("---\n", 2)[2]
    assert "6月1日起，武进区住建局在全区在建工地开展专项检查。" in body
    assert re.search(r"^[*-] 检查工地42个$", body, re.M) and re.search(r"^[*-] 整改隐患136处$", body, re.M)
    assert "<" not in body
    # bulletin check accepts the file as Decap wrote it.
    work = tmp_path / "branch"
    git(repo, "worktree", "add", "-q", str(work), branch)
    try:
        proc = subprocess.run([str(BULLETIN), "check", "--repo", str(work), path], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert f"{path}:" not in proc.stdout
    finally:
        git(repo, "worktree", "remove", "--force", str(work))


def test_an_evidence_upload_lands_under_evidence_year_month(editing: Editing, tmp_path: Path) -> None:
    repo = editing.repo
    scan = tmp_path / "wage-check-zjt.png"
    shutil.copy(ROOT / "guides" / "images" / "article-page.png", scan)
    requests: list[str] = []
    with browser() as b:
        page = _open(b, editing, requests)
        page.get_by_text("媒体", exact=True).first.click()
        page.get_by_text("上传", exact=True).first.wait_for()
        _shot(page, "web-media.png")
        page.locator("input[type=file]").first.set_input_files(str(scan))
        found = _wait_for(lambda: [p for p in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "evidence/").split()
                                   if p.endswith("wage-check-zjt.png")])
    assert _outside(requests) == []
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    assert found == [f"evidence/{today:%Y}/{today:%m}/wage-check-zjt.png"]
    assert (repo / found[0]).read_bytes() == scan.read_bytes()


def test_a_missing_title_or_an_impossible_date_is_refused_in_the_form(editing: Editing) -> None:
    repo = editing.repo
    requests: list[str] = []
    with browser() as b:
        page = _open(b, editing, requests)
        before = _cms_branches(repo)
        page.goto(editing.base + "admin/#/collections/submissions/new")
        page.get_by_label("信息类别", exact=True).wait_for()
        _select(page, "报送单位", "城建科")
        _select(page, "信息类别", "政务信息")
        page.get_by_role("button", name="保存", exact=True).click()
        page.get_by_text("标题").first.wait_for()
        assert page.get_by_text(re.compile("必填|必须|required", re.I)).count() >= 1
        _shot(page, "web-form-refused.png")
        # A 约稿 whose date does not exist (2026-02-30): the date field stays empty and is refused.
        page.goto(editing.base + "admin/#/collections/solicitations/new")
        page.get_by_label("标题", exact=True).fill("关于报送防汛工作开展情况的约稿")
        issued = page.get_by_label("发布日期", exact=True)
        issued.click()
        issued.press_sequentially("20260230")
        assert issued.input_value() == ""
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_timeout(2000)
        assert page.get_by_text(re.compile("必填|必须|required", re.I)).count() >= 1
        time.sleep(2)
        assert _cms_branches(repo) == before
    assert _outside(requests) == []
