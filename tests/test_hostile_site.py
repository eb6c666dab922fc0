"""A hostile liaison's corpus against the built site: nothing from the repository runs on the site's origin.

Every place where repository text reaches a page (file names of pending,
invalid and approved items, solicitation ids, links in 舆情 and interview
records, unit names and types, people, the organisation's short name, the
instance's mkdocs.yml, article bodies and evidence files) gets a payload. The
site is built from a real git repository with the real command, every file is
scanned, and every page is opened in real headless Chromium.
"""
from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from gitbuilder import LI, SCORING, UNITS, WANG, ZHANG, ZHAO, GitRepo, instance, submission
from openpyxl import Workbook
from sitekit import BULLETIN, browser, run_build, serve

MARK = "XSSMARK"
# An attribute list that would give the element it follows a handler run without any click.
ATTRS = "{onfocus=\"alert('" + MARK + "')\" autofocus=1 tabindex=1}"
ATTRS2 = "{onfocus=alert(2) autofocus=1 tabindex=1}"
IMG = f"<img src=x onerror=alert('{MARK}')>"

# Where each payload goes: (place, value). The test builds one instance holding all of them.
PLACES: dict[str, str] = {
    "organization.short_name": f"武进住建局{IMG}",
    "unit name": f"建筑管理科 {ATTRS}",
    "unit type": f"事业单位 {ATTRS}",
    "person name": f"许班{IMG}",
    "approved file name": f"submissions/2026/03/art){ATTRS2}.md",
    "pending file name": f"submissions/2026/03/p`{ATTRS2}`x.md",
    "invalid file name": f"submissions/2026/03/i`{ATTRS2}`x.md",
    "solicitation id": f"solicitations/2026-09`{ATTRS2}`.md",
    "opinion link": f"https://example.gov.cn/x){ATTRS2}",
    "opinion reply_url": f"https://example.gov.cn/y){ATTRS2}",
    "interview report_url": f"https://example.gov.cn/z){ATTRS2}",
    "body backslash image": f"![a](\\\\\\\\evil.example/{MARK}1.png)",
    "body slash-backslash image": f'<img src="/\\evil.example/{MARK}2.png">',
    "body tab image": f'<img src="/\t/evil.example/{MARK}3.png">',
    "body __config": '<p id="__config">{"base": "https://evil.example/", "features": [], '
                     '"search": "https://evil.example/' + MARK + '.js", "translations": {}}</p>',
    "mkdocs site_name": f"信息宣传{IMG}",
    "mkdocs site_description": f"\"><script>alert('{MARK}')</script>",
    "mkdocs copyright": f"<script>alert('{MARK}')</script>版权",
    "evidence .html": f"<script>alert('{MARK}')</script>",
    "evidence .svg": f"<svg xmlns='http://www.w3.org/2000/svg' onload=\"alert('{MARK}')\"/>",
    "evidence .md": f"<script>alert('{MARK}')</script>\n\n# 佐证 {ATTRS}\n",
}

APPROVED = "submissions/2026/03/ok.md"


def _approve(repo: GitRepo, rel: str, day: str) -> None:
    for who in (WANG, ZHAO, LI):
        repo.approve(rel, by=who, date=f"{day} 10:00 +0800")


def build_hostile(path: Path) -> GitRepo:
    units = copy.deepcopy(UNITS)
    units["organization"]["short_name"] = PLACES["organization.short_name"]
    units["units"][0]["name"] = PLACES["unit name"]
    units["units"][1]["type"] = PLACES["unit type"]
    units["people"][5]["name"] = PLACES["person name"]          # xuban, head and liaison of zhijian
    repo = instance(path, units=units, scoring=copy.deepcopy(SCORING))
    repo.write_yaml("mkdocs.yml", {"site_name": PLACES["mkdocs site_name"],
                                   "site_description": PLACES["mkdocs site_description"],
                                   "copyright": PLACES["mkdocs copyright"],
                                   "theme": {"name": "material", "palette": {"primary": "red"}}})
    body = "\n\n".join(PLACES[k] for k in ("body backslash image", "body slash-backslash image",
                                           "body tab image", "body __config")) + "\n\n正文。\n"
    repo.write(APPROVED, submission(title="正常稿件", body=body, authors=["zhangsan"],
                                    adoptions=[{"outlet": "zjt", "date": dt.date(2026, 3, 20),
                                                "evidence": "https://example.gov.cn/proof"}]))
    repo.write(PLACES["approved file name"], submission(title="文件名稿件", authors=["zhangsan"]))
    repo.write(PLACES["pending file name"], submission(title="待审稿件", authors=["zhangsan"]))
    repo.write(PLACES["invalid file name"], submission(title="无效稿件", unit="nosuchunit", authors=["zhangsan"]))
    repo.write(PLACES["solicitation id"], "---\ntitle: 约稿\nfrom: 市住建局办公室\nissued: 2026-03-01\n"
                                          "units: all\n---\n请报送。\n")
    repo.write("opinions/2026/03/op.md", "---\n" + yaml.safe_dump({
        "title": "舆情一", "source": "论坛", "link": PLACES["opinion link"], "found_at": "2026-03-05 09:00",
        "unit": "jianguan", "replied": dt.date(2026, 3, 6), "reply_url": PLACES["opinion reply_url"]},
        allow_unicode=True) + "---\n回复正文。\n")
    repo.write("interviews/2026/03/iv.md", "---\n" + yaml.safe_dump({
        "title": "采访一", "outlet": "常州日报", "date": dt.date(2026, 3, 18), "unit": "jianguan",
        "report_url": PLACES["interview report_url"]}, allow_unicode=True) + "---\n提纲。\n")
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    _approve(repo, APPROVED, "2026-03-11")
    _approve(repo, PLACES["approved file name"], "2026-03-11")
    repo.approve("opinions/2026/03/op.md", by=WANG, date="2026-03-06 08:00 +0800")
    repo.approve("opinions/2026/03/op.md", by=ZHAO, date="2026-03-06 08:30 +0800")
    # Evidence added after approval (recording an adoption does not reset review): saved web pages.
    repo.write("submissions/2026/03/late.md", submission(title="后补佐证稿件", authors=["zhangsan"]))
    repo.commit("报送", by=ZHANG, date="2026-03-12 09:00 +0800")
    _approve(repo, "submissions/2026/03/late.md", "2026-03-13")
    for ext in ("html", "svg", "md"):
        repo.write(f"evidence/2026/03/page.{ext}", PLACES[f"evidence .{ext}"])
    repo.write("submissions/2026/03/late.md", submission(
        title="后补佐证稿件", authors=["zhangsan"],
        adoptions=[{"outlet": "cz-daily", "date": dt.date(2026, 3, 20), "evidence": f"evidence/2026/03/page.{ext}"}
                   for ext in ("html", "svg", "md")]))
    repo.commit("记录采用", by=ZHAO, date="2026-03-21 09:00 +0800")
    return repo


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, Path]:
    base = tmp_path_factory.mktemp("hostile")
    repo = build_hostile(base / "repo")
    out = base / "site"
    run_build(repo.path, out, "--as-of", "2026-03-31")
    return repo, out


class _Attributes(HTMLParser):
    """Every attribute a browser would parse from a file: handlers, URLs and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.ids: list[str] = []
        self.sources: list[str] = []       # what a browser fetches by itself

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                self.urls.append(value or "")
            if name == "id":
                self.ids.append(value or "")
            if name in ("src", "srcset", "data", "poster") or (tag == "link" and name == "href"):
                self.sources.append(value or "")


def _attributes(text: str) -> _Attributes:
    parser = _Attributes()
    parser.feed(text)
    parser.close()
    return parser


def _html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".htm", ".xhtml", ".svg",
                                                                          ".xml"))


def test_no_built_file_holds_a_handler_script_or_foreign_config(hostile_site: tuple[GitRepo, Path]) -> None:
    _repo, site = hostile_site
    pages = _html_files(site)
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8", errors="replace")
        rel = page.relative_to(site).as_posix()
        found = _attributes(text)
        assert found.handlers == [], rel
        assert [u for u in found.urls if re.match(r"\s*(?:javascript|data|vbscript):", u, re.I)] == [], rel
        # every theme page carries the theme's one configuration; the editor's page (admin/) is not a theme page
        themed = page.suffix == ".html" and not rel.startswith("admin/")
        assert found.ids.count("__config") == (1 if themed else 0), rel
        assert not re.search(r"<script\b[^>]*>[^<]*" + MARK, text), rel
        leaving = [u for u in found.sources if re.match(r"^(?:[a-z][a-z0-9+.-]*:|[/\\\\]{2})",
                                                         re.sub(r"[\t\n\r]", "", u).strip(), re.I)]
        assert leaving == [], rel
    # The saved web pages among the evidence are not published (there is no other local evidence).
    assert not (site / "evidence").exists()
    # The saved web pages are named as left out; the rest of the site is there.
    assert (site / "articles" / "2026" / "03" / "ok.html").is_file()
    assert not (site / "articles" / "2026" / "03" / "late.html").exists()


def test_the_hostile_text_is_shown_as_text(hostile_site: tuple[GitRepo, Path]) -> None:
    _repo, site = hostile_site
    review = (site / "review" / "index.html").read_text(encoding="utf-8")
    # pending and invalid file names, shown whole as code, braces and back-ticks included
    assert "<code>submissions/2026/03/p`{onfocus=alert(2) autofocus=1 tabindex=1}`x.md</code>" in review
    assert "<code>submissions/2026/03/i`{onfocus=alert(2) autofocus=1 tabindex=1}`x.md</code>" in review
    unit = (site / "units" / "jianguan.html").read_text(encoding="utf-8")
    assert "<h1 id=" in unit and "建筑管理科 {onfocus=&quot;alert(&#x27;XSSMARK&#x27;)&quot; autofocus=1" in unit
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "武进住建局＜img src=x onerror=alert(&#x27;XSSMARK&#x27;)＞信息宣传工作" in home
    assert "信息宣传＜img src=x onerror=alert(＇XSSMARK＇)＞" in home        # site_name in the header
    assert "＜script＞alert(＇XSSMARK＇)＜/script＞版权" in home           # copyright in the footer


def test_chromium_runs_no_script_and_requests_nothing_outside(hostile_site: tuple[GitRepo, Path]) -> None:
    _repo, site = hostile_site
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")]
    with serve(site) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        requests: list[str] = []
        dialogs: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        found: dict[str, Any] = {}
        for rel in sorted(pages):
            page.goto(base + rel)
            page.wait_for_load_state("load")
            page.keyboard.press("Tab")
            page.mouse.move(10, 10)
            live = page.evaluate("""() => ({
                handlers: [...document.querySelectorAll('*')].filter(
                    e => e.getAttributeNames().some(n => n.toLowerCase().startsWith('on'))).length,
                scripts: [...document.querySelectorAll('a[href], img[src], iframe[src]')].filter(
                    e => /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
                configs: document.querySelectorAll('[id="__config"]').length})""")
            if live != {"handlers": 0, "scripts": 0, "configs": 0 if rel.startswith("admin/") else 1}:
                found[rel] = live
        page.wait_for_timeout(500)
        assert found == {}
        assert dialogs == []
        # blob: URLs of the site's own origin (the editor makes them) stay inside the site
        assert [u for u in requests if not u.startswith((base, "data:", "blob:" + base))] == []


# ----------------------------------------------------------------------------- check names each refusal

EVIDENCE_CASES = [
    # (file name, bytes, message)
    ("page.html", b"<html><script>alert(1)</script></html>",
     "佐证“evidence/2026/03/page.html”是“.html”文件，网站不发布这类文件（网页、SVG、XML 或 Markdown 可能在网站上"
     "运行脚本）；请另存为 PDF 或 PNG"),
    ("page.htm", b"<script>alert(1)</script>", "是“.htm”文件，网站不发布这类文件"),
    ("page.xhtml", b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "是“.xhtml”文件，网站不发布这类文件"),
    ("page.xml", b"<?xml version='1.0'?><x/>", "是“.xml”文件，网站不发布这类文件"),
    ("page.svg", b"<svg onload='alert(1)'/>", "是“.svg”文件，网站不发布这类文件"),
    ("page.md", b"# x\n", "是“.md”文件，网站不发布这类文件"),
    ("page.PNG.html", b"\x89PNG", "是“.html”文件，网站不发布这类文件"),
    ("noextension", b"%PDF-1.4", "是没有扩展名的文件，网站不发布这类文件"),
    ("fake.png", b"<html><script>alert(1)</script></html>",
     "佐证“evidence/2026/03/fake.png”实际上不是 .png 文件（内容是别的东西）；请把扫描件或截图重新保存为 PDF 或 PNG"),
    ("fake.pdf", b"<svg onload='alert(1)'/>", "实际上不是 .pdf 文件"),
    ("markup.txt", "稿费单<script>alert(1)</script>".encode(), "实际上不是 .txt 文件"),
]
def _xlsx() -> bytes:
    # a real workbook: its text is read and checked for classified markings
    book = Workbook()
    book.active.append(["稿费", 200])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


ALLOWED_CASES = [("scan.pdf", b"%PDF-1.4\n"), ("shot.png", b"\x89PNG\r\n\x1a\n"), ("shot.JPG", b"\xff\xd8\xff\xe0"),
                 ("note.txt", "稿费单扫描件说明\n媒体：常州日报\n".encode()), ("sheet.xlsx", _xlsx()),
                 ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")]


def _check(repo: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BULLETIN), "check", "--repo", str(repo)], capture_output=True, text=True)


def _evidence_repo(path: Path, name: str, data: bytes) -> GitRepo:
    repo = instance(path)
    repo.write(f"evidence/2026/03/{name}", data)
    repo.write("submissions/2026/03/a.md", submission(authors=["zhangsan"], adoptions=[
        {"outlet": "zjt", "date": dt.date(2026, 3, 20), "evidence": f"evidence/2026/03/{name}"}]))
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    return repo


@pytest.mark.parametrize("name, data, message", EVIDENCE_CASES, ids=[c[0] for c in EVIDENCE_CASES])
def test_check_refuses_evidence_that_could_run(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    repo = _evidence_repo(tmp_path / "repo", name, data)
    proc = _check(repo.path)
    assert proc.returncode == 1, proc.stdout
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, proc.stdout
    assert errors[0].startswith("submissions/2026/03/a.md:7:45: error: 佐证“evidence/2026/03/"), errors
    assert message in errors[0]


def test_evidence_of_the_allowed_types_is_checked_and_served_only_as_downloads(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo")
    outlets = ["zjt", "cz-daily", "cz-gov", "wj-web", "xinhua", "zjt"]
    for name, data in ALLOWED_CASES:
        repo.write(f"evidence/2026/03/{name}", data)
    repo.write("submissions/2026/03/a.md", submission(authors=["zhangsan"], adoptions=[
        {"outlet": outlet, "date": dt.date(2026, 3, 20 + i), "evidence": f"evidence/2026/03/{name}"}
        for i, ((name, _data), outlet) in enumerate(zip(ALLOWED_CASES, outlets, strict=False))]))
    repo.commit("报送", by=ZHANG, date="2026-03-10 09:00 +0800")
    _approve(repo, "submissions/2026/03/a.md", "2026-03-11")
    proc = _check(repo.path)
    # an old Office file is published, with a warning that its text cannot be checked for markings
    # (apart from the test instance's own units.yaml warnings: units without liaisons)
    beyond = "".join(line + "\n" for line in proc.stdout.splitlines() if not line.startswith("units.yaml:"))
    assert (proc.returncode, beyond) == (0, (
        "evidence/2026/03/old.doc:1:1: warning: 佐证文件是旧版 Office 文件，bulletin 无法检查其文字是否含有涉密标志；"
        "请另存为 .docx/.xlsx 或 PDF，或人工检查\n"))
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-03-31")
    page = (out / "articles" / "2026" / "03" / "a.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]+)" download>佐证</a>', page)
    expected = [f"../../../evidence/{hashlib.sha256(data).hexdigest()[:24]}.{name.rsplit('.', 1)[1].lower()}"
                for name, data in ALLOWED_CASES]
    assert links == expected
    served = sorted(p.relative_to(out).as_posix() for p in (out / "evidence").iterdir())
    assert served == sorted(link.removeprefix("../../../") for link in expected)
    for link, (_name, data) in zip(expected, ALLOWED_CASES, strict=False):
        assert (out / link.removeprefix("../../../")).read_bytes() == data


MKDOCS_CASES = [
    # (mkdocs.yml, the one error it gives)
    ("site_name: x\ntheme:\n  name: material\n  custom_dir: overrides\n",
     "mkdocs.yml:4:3: error: “theme.custom_dir”不能写在实例的 mkdocs.yml 中：主题由生成程序设定（允许：name、palette、"
     "features、logo、favicon）；请删除"),
    ("hooks:\n  - evil.py\n",
     "mkdocs.yml:1:1: error: “hooks”不能写在实例的 mkdocs.yml 中：由生成程序决定（允许：site_name、site_description、"
     "copyright、theme、engine；见 docs/security.md）；请删除"),
    ("site_name: x\nplugins:\n  - search\n", "mkdocs.yml:2:1: error: “plugins”不能写在实例的 mkdocs.yml 中"),
    ("extra_javascript:\n  - https://evil.example/x.js\n",
     "mkdocs.yml:1:1: error: “extra_javascript”不能写在实例的 mkdocs.yml 中"),
    ("extra_css: [x.css]\n", "mkdocs.yml:1:1: error: “extra_css”不能写在实例的 mkdocs.yml 中"),
    ("markdown_extensions:\n  - pymdownx.snippets\n",
     "mkdocs.yml:1:1: error: “markdown_extensions”不能写在实例的 mkdocs.yml 中"),
    ("extra:\n  analytics: {provider: google, property: G-1}\n", "mkdocs.yml:1:1: error: “extra”不能写在实例的 mkdocs.yml 中"),
    ("theme:\n  logo: https://evil.example/logo.png\n",
     "mkdocs.yml:2:9: error: “theme.logo”应为仓库中 PNG、JPEG、GIF、WebP 或 ICO 文件的路径，如 assets/logo.png（不能是"
     "链接，不能含“..”）"),
    ("theme:\n  favicon: \"javascript:alert(1)\"\n", "mkdocs.yml:2:12: error: “theme.favicon”应为仓库中 PNG"),
    ("theme:\n  logo: logo.svg\n", "mkdocs.yml:2:9: error: “theme.logo”应为仓库中 PNG"),
    ("theme:\n  logo: missing.png\n",
     "mkdocs.yml:2:9: error: “theme.logo”：仓库中没有文件“missing.png”；请添加该文件或删除这一设置"),
    ("theme:\n  name: readthedocs\n", "mkdocs.yml:2:9: error: “theme.name”只能是“material”"),
    ("theme: 42\n", "mkdocs.yml:1:8: error: 'theme' 应为主题设置（如 theme: {palette: {primary: red}}），不能是 42"),
    ("theme:\n  palette:\n    primary: \"red;background:url(//evil.example)\"\n",
     "mkdocs.yml:3:14: error: “theme.palette.primary”不允许"),
    ("site_name: [a, b]\n", "mkdocs.yml:1:12: error: “site_name”应为文本；请加引号"),
]


@pytest.mark.parametrize("text, error", MKDOCS_CASES, ids=[c[1].split("error: ")[1][:30] for c in MKDOCS_CASES])
def test_the_instance_mkdocs_yml_keeps_only_allowed_settings(tmp_path: Path, text: str, error: str) -> None:
    repo = instance(tmp_path / "repo")
    repo.write("mkdocs.yml", text)
    repo.commit("站点设置", by=ZHAO, date="2026-01-03 09:00 +0800")
    proc = _check(repo.path)
    assert proc.returncode == 1
    errors = [line for line in proc.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith(error), proc.stdout
    out = tmp_path / "site"
    proc = run_build(repo.path, out, check=False)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert error.split(": error: ")[1] in proc.stderr
    assert not out.exists() and not (tmp_path / "site.releases").exists()


def test_an_allowed_logo_is_published_and_the_sample_settings_pass(tmp_path: Path) -> None:
    repo = instance(tmp_path / "repo")
    repo.write("assets/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    repo.write("mkdocs.yml", "site_name: 武进住建局信息宣传工作\ncopyright: 办公室\ntheme:\n  name: material\n"
                             "  palette: {primary: indigo, accent: red}\n  features: [navigation.tabs]\n"
                             "  logo: assets/logo.png\n")
    repo.commit("站点设置", by=ZHAO, date="2026-01-03 09:00 +0800")
    assert _check(repo.path).returncode == 0
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-03-31")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/instance/logo.png"' in home and (out / "assets" / "instance" / "logo.png").is_file()
    assert 'data-md-color-primary="indigo"' in home


# ----------------------------------------------------------------------------- the sanitiser, case by case

BODY_CASES = [
    # (Markdown body, what must not be in the HTML, what must be)
    ("![a](\\\\\\\\evil.example/x.png)", "evil.example", '<p><img alt="a"></p>'),
    ('<img src="/\\evil.example/x.png">', "evil.example", "<p><img></p>"),
    ('<img src="\\/evil.example/x.png">', "evil.example", "<p><img></p>"),
    ('<img src="/&#9;/evil.example/x.png">', "evil.example", "<p><img></p>"),
    ('<img src="\x01//evil.example/x.png">', "evil.example", "<p><img></p>"),
    ('<img src="ht\ntps://evil.example/x.png">', "evil.example", "<p><img></p>"),
    ('<img src="images/ok.png"><img src="/\\evil.example/x.png">', "evil.example",
     '<p><img src="images/ok.png"><img></p>'),
    ('<p id="__config">{"base": "https://evil.example/"}</p>', 'id="__config"',
     '<p>{"base": "https://evil.example/"}</p>'),
    ('<div id="__search" class="x">t</div>', "id=", '<div class="x">t</div>'),
]


@pytest.mark.parametrize("body, absent, present", BODY_CASES, ids=[str(i) for i in range(len(BODY_CASES))])
def test_the_sanitiser_reads_urls_as_a_browser_and_keeps_no_ids(body: str, absent: str, present: str) -> None:
    from generator.site.pages import render_body

    html = render_body(body)
    assert absent not in html.replace('{"base": "https://evil.example/"}', "")
    assert present in html
