"""The sample's site on a 1366x900 screen, a 390 px phone and A4 paper, in a real headless Chromium.

No table is clipped (each table's wrapper is no wider inside than it shows), the page never scrolls
sideways, charts and the organisation are readable (text of 12 px or more), status is shown without emoji,
and a printed bulletin holds every column of every table and no navigation or links.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import SAMPLE_AS_OF
from sitekit import ROOT, SCREENSHOTS, browser, serve

pytestmark = pytest.mark.browser

AS_OF = SAMPLE_AS_OF
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = ["index.html", "bulletins/2026-q3.html", "bulletins/2026-07.html", "bulletins/2026.html",
         "bulletins/2026-11.html", "rankings/index.html", "rankings/2026-q3.html", "review/index.html",
         "units/index.html", "units/jianguan.html", "organization/index.html", "articles/index.html",
         "solicitations/index.html", "solicitations/2026-008.html", "opinions/index.html", "plans/index.html",
         "interviews/index.html", "learning/index.html", "competitions/index.html", "todo/zhoumin.html"]

MEASURE = """() => {
  const vw = window.innerWidth;
  const clipped = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    const wrap = table.closest('.md-typeset__scrollwrap') || table.parentElement;
    for (const box of [wrap, table]) {
      if (box.scrollWidth > box.clientWidth + 1)
        clipped.push([box.className || box.tagName, box.scrollWidth, box.clientWidth,
                      (table.querySelector('tr') || table).innerText.slice(0, 40)]);
    }
    if (table.getBoundingClientRect().right > vw + 1) clipped.push(['off-screen', table.innerText.slice(0, 40)]);
  }
  const small = [];
  for (const el of document.querySelectorAll('.md-content svg text, .md-content .org, .md-content .org *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || !(el.textContent || '').trim()) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.ownerSVGElement;
    if (svg) {
      const vb = svg.viewBox.baseVal;
      px = px * svg.getBoundingClientRect().width / vb.width;
    }
    if (px < 12) small.push([el.textContent.slice(0, 20), px.toFixed(1)]);
  }
  return {page: document.documentElement.scrollWidth, vw, clipped, small,
          charts: document.querySelectorAll('.md-content svg.bulletin-chart').length};
}"""

EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2B50\u2B55\u2705\u274C\u274E\uFE0F]")


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_table_is_clipped_and_text_is_readable(sample_site: Path, screen: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    problems = []
    charts = 0
    with serve(sample_site) as base, browser() as b:
        page = b.new_page(viewport=SCREENS[screen])  # type: ignore[attr-defined]
        for path in PAGES:
            response = page.goto(base + path)
            assert response is not None and response.status == 200, path
            m = page.evaluate(MEASURE)
            charts += m["charts"]
            if m["page"] > m["vw"]:
                problems.append((path, "page scrolls sideways", m["page"], m["vw"]))
            problems += [(path, "clipped", c) for c in m["clipped"]]
            problems += [(path, "text below 12 px", s) for s in m["small"][:5]]
        for path, name in [("bulletins/2026-q3.html", "bulletin-2026-q3"), ("rankings/index.html", "rankings"),
                           ("organization/index.html", "organization"), ("units/index.html", "units"),
                           ("review/index.html", "review")]:
            page.goto(base + path)
            page.screenshot(path=str(SCREENSHOTS / f"{screen}-{name}.png"), full_page=True)
    assert problems == []
    assert charts > 10        # the measure saw the charts


def test_phone_shows_a_ranking_as_stacked_rows_with_every_figure(sample_site: Path) -> None:
    with serve(sample_site) as base, browser() as b:
        page = b.new_page(viewport=SCREENS["phone"])  # type: ignore[attr-defined]
        page.goto(base + "rankings/2026-q3.html")
        table = page.locator(".md-content table").first
        row = table.locator("tbody tr").first
        cells = row.locator("td")
        labels = [cells.nth(i).get_attribute("data-label") for i in range(cells.count())]
        assert labels == ["排名", "单位", "本期积分", "累计积分", "累计排名", "名次变化", "报送", "采用",
                          "目标（按月折算）", "完成目标"]
        # Every cell is on the screen, with its header before it (a ::before label), the unit on top.
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        label = page.evaluate("c => getComputedStyle(c, '::before').content", cells.nth(9).element_handle())
        assert label == '"完成目标"'
        unit_box, rank_box = cells.nth(1).bounding_box(), cells.nth(0).bounding_box()
        assert unit_box and rank_box and unit_box["y"] < rank_box["y"]
        # On a wide screen it is an ordinary table with its header row.
        page.set_viewport_size(SCREENS["desktop"])
        assert table.locator("thead th").first.is_visible()
        assert page.evaluate("c => getComputedStyle(c, '::before').content", cells.nth(9).element_handle()) \
            in ("none", "normal")


def test_no_status_is_an_emoji(sample_site: Path) -> None:
    found = []
    for path in sorted(sample_site.rglob("*.html")):
        if "admin" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for m in EMOJI.finditer(text):
            found.append((str(path.relative_to(sample_site)), text[max(m.start() - 30, 0):m.end() + 5]))
    assert found == []
    index = (sample_site / "solicitations" / "index.html").read_text(encoding="utf-8")
    assert 'class="mark mark-open"' in index and "征集中" in index


def _pdf_text(pdf: bytes, tmp: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed (.ci/run installs it)")
    src = tmp / "page.pdf"
    src.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(src), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("path", ["bulletins/2026-q3.html", "bulletins/2026-11.html", "rankings/2026-q3.html"])
def test_a_printed_page_holds_every_column_and_no_navigation(sample_site: Path, tmp_path: Path, path: str) -> None:
    with serve(sample_site) as base, browser() as b:
        page = b.new_page(viewport=SCREENS["desktop"])  # type: ignore[attr-defined]
        page.goto(base + path)
        headers = page.evaluate("""() => [...document.querySelectorAll('.md-content table thead th')]
                                   .map(th => th.innerText.trim()).filter(Boolean)""")
        titles = page.evaluate("() => [...document.querySelectorAll('.md-tabs__link')].map(a => a.innerText.trim())")
        page.emulate_media(media="print")
        for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".bulletin-downloads"):
            loc = page.locator(selector)
            if selector == ".bulletin-downloads" and path == "bulletins/2026-11.html":
                assert loc.count() == 0         # a provisional bulletin has no documents yet
                continue
            assert loc.count() >= 1 and loc.first.is_hidden(), selector
        pdf = page.pdf(format="A4", print_background=True)
        if path == "bulletins/2026-q3.html":
            SCREENSHOTS.mkdir(exist_ok=True)
            (SCREENSHOTS / "bulletin-2026-q3-print.pdf").write_bytes(pdf)
    text = re.sub(r"\s+", "", _pdf_text(pdf, tmp_path))
    assert "目标（按月折算）" in headers and "完成目标" in headers
    # Every header is on the paper; one with spaces ("单位 / 姓名") may break at them, never inside a word.
    missing = [h for h in headers if any(word not in text for word in h.split())]
    assert missing == []
    assert "下载" not in text
    assert "排名" in titles and "宣传计划" in titles and "宣传计划" not in text


def test_each_issued_bulletin_links_its_pdf(sample_site: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (.ci/run installs it)")
    records = sorted((ROOT / "bulletins").glob("*.json"))
    assert records
    for record in records:
        slug = record.stem.lower()
        html = (sample_site / "bulletins" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'href="../downloads/bulletins/{slug}.pdf"' in html, slug
        pdf = (sample_site / "downloads" / "bulletins" / f"{slug}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
