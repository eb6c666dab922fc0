"""The built site of the sample instance: pages, safety, offline, search, atomic swap.

Builds with the real ``bulletin build`` command and looks at the result in a
real headless Chromium served from localhost.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

from conftest import SAMPLE_AS_OF
from sitekit import BULLETIN, ROOT, SCREENSHOTS, browser, run_build, serve, site_texts

AS_OF = SAMPLE_AS_OF
UNPUBLISHED = ["submissions/2026/10/worker-skills-training.md",       # draft
               "submissions/2026/09/resale-fund-escrow.md",          # leader stage missing
               "submissions/2026/09/archives-digital-research.md",   # approvals stale
               "submissions/2026/10/property-management-committee.md"]  # unit stage only


def _body_sentence(path: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    return next(line for line in body.splitlines() if len(line.strip()) > 20).strip()[:24]


def test_every_kind_of_page_exists(sample_site: Path) -> None:
    for page in ["index.html", "bulletins/index.html", "bulletins/2026-q1.html", "bulletins/2026-03.html",
                 "bulletins/2026-h1.html", "bulletins/2026.html", "rankings/index.html", "rankings/2026-q3.html",
                 "articles/index.html", "articles/2026/07/old-community-renovation.html",
                 "articles/by-month/2026-03.html", "articles/by-unit/jianguan.html",
                 "articles/by-category/gov_info.html", "units/index.html", "units/jianguan.html",
                 "solicitations/index.html", "solicitations/2026-005.html", "review/index.html",
                 "organization/index.html", "search/index.html", "downloads/rankings-2026-q1.csv",
                 "downloads/rankings-2026-q1.xlsx", "pagefind/bulletin-search.json"]:
        assert (sample_site / page).is_file(), page
    assert sample_site.is_symlink()


def test_unapproved_draft_and_pending_items_are_not_published(sample_site: Path) -> None:
    texts = dict(site_texts(sample_site))
    for path in UNPUBLISHED:
        slug = Path(path).stem
        assert not list(sample_site.rglob(f"articles/**/{slug}.html")), path
        sentence = _body_sentence(path)
        leaks = [name for name, text in texts.items() if sentence in text]
        assert not leaks, f"the body of {path} leaked into {leaks}"
    review = texts["review/index.html"]
    # The review queue names the pending items by title, never with their body.
    assert "武进区推动组建物业管理委员会破解小区治理难题" in review


def test_articles_are_outside_the_nav(sample_site: Path) -> None:
    home = (sample_site / "index.html").read_text(encoding="utf-8")
    assert "old-community-renovation" not in re.sub(r"<article.*?</article>", "", home, flags=re.DOTALL) \
        or "md-nav" not in home


def test_bulletin_has_rank_change_below_target_and_provisional_notice(sample_site: Path) -> None:
    page = (sample_site / "bulletins" / "2026-q4.html").read_text(encoding="utf-8")
    assert "关于2026年第四季度信息宣传工作情况的通报" in page
    assert "名次变化" in page and "未完成目标任务的单位" in page
    assert "临时统计" in page          # not issued yet
    issued = (sample_site / "bulletins" / "2026-q2.html").read_text(encoding="utf-8")
    assert "名次变化" in issued
    assert re.search(r"[↑↓]\d", issued), "no rank change shown against the previous quarter"
    assert "未完成目标任务的单位" in issued
    year = (sample_site / "bulletins" / "2026.html").read_text(encoding="utf-8")
    assert "先进单位" in year and "先进个人" in year


def test_no_external_reference_in_any_page(sample_site: Path) -> None:
    for name, text in site_texts(sample_site):
        if not name.endswith((".html", ".css")):
            continue
        for tag in re.findall(r"<(?:script|img|link|iframe|source)\b[^>]*>", text, re.IGNORECASE):
            assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", tag), f"{name}: {tag}"
    bundle = next((sample_site / "assets" / "javascripts").glob("bundle.*.js")).read_text(encoding="utf-8")
    assert "unpkg.com" not in bundle and "cdn.jsdelivr.net" not in bundle


def test_pages_in_chromium_make_no_request_outside_localhost(sample_site: Path) -> None:
    pages = ["index.html", "bulletins/index.html", "bulletins/2026-q1.html", "rankings/index.html",
             "rankings/2026-q3.html", "articles/index.html", "articles/2026/07/old-community-renovation.html",
             "articles/by-month/2026-03.html", "units/index.html", "units/jianguan.html",
             "solicitations/index.html", "solicitations/2026-008.html", "review/index.html",
             "organization/index.html", "search/index.html?q=农民工"]
    with serve(sample_site) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        for p in pages:
            response = page.goto(base + p)
            assert response is not None and response.status == 200, p
            page.wait_for_load_state("networkidle")
        outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
        assert outside == []
        assert [u for u in failed if u.startswith(base)] == []
        assert len(requests) > len(pages)


def test_home_ranking_and_chinese_search_in_chromium(sample_site: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    with serve(sample_site) as base, browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 1600})  # type: ignore[attr-defined]
        page.goto(base + "index.html")
        ranking = page.locator("table").first
        assert "排名" in ranking.inner_text() and "城建科" in ranking.inner_text()
        page.screenshot(path=str(SCREENSHOTS / "home.png"), full_page=True)
        page.goto(base + "bulletins/2026-q3.html")
        assert page.get_by_text("名次变化").count() >= 1
        page.screenshot(path=str(SCREENSHOTS / "bulletin-2026-q3.png"), full_page=True)
        page.goto(base + "articles/2026/07/old-community-renovation.html")
        assert page.get_by_role("heading", name="武进区老旧小区改造惠及居民1.2万户").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "article.png"), full_page=True)
        page.goto(base + "units/jianguan.html")
        page.screenshot(path=str(SCREENSHOTS / "unit-jianguan.png"), full_page=True)
        for query, expected in [("预售资金", "武进住建局强化商品房预售资金监管守护群众“安居梦”"),
                                ("农民工", "武进区建筑领域农民工工资支付保障工作情况")]:
            page.goto(base + "search/index.html?q=" + query)
            page.wait_for_selector("#bulletin-search .bs-result .bs-title", timeout=60_000)
            titles = page.locator("#bulletin-search .bs-result .bs-title").all_inner_texts()
            assert expected in titles, (query, titles)
        page.screenshot(path=str(SCREENSHOTS / "search.png"), full_page=True)


def test_print_stylesheet_hides_navigation(sample_site: Path) -> None:
    with serve(sample_site) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        page.goto(base + "bulletins/2026-q1.html")
        page.emulate_media(media="print")
        assert page.locator(".md-header").first.is_hidden()
        assert page.locator(".md-tabs").first.is_hidden()
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / "bulletin-2026-q1.pdf").write_bytes(pdf)


def test_english_locale_builds(tmp_path: Path) -> None:
    out = tmp_path / "site-en"
    run_build(ROOT, out, "--as-of", AS_OF, "--lang", "en")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in home and "Bulletins" in home and "Live ranking" in home


def test_a_killed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    out = tmp_path / "site"
    run_build(ROOT, out, "--as-of", AS_OF)
    before_target = os.readlink(out)
    before = (out / "index.html").read_bytes()
    proc = subprocess.Popen([str(BULLETIN), "build", "--repo", str(ROOT), "--out", str(out), "--as-of", "2026-06-30"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    releases = tmp_path / "site.releases"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(releases.glob(".work-*")):
        time.sleep(0.02)
    time.sleep(0.3)  # well inside rendering or mkdocs
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert os.readlink(out) == before_target
    assert (out / "index.html").read_bytes() == before
    # The next build succeeds and moves the link.
    run_build(ROOT, out, "--as-of", "2026-06-30")
    assert os.readlink(out) != before_target
    assert "数据截至 2026-06-30" in (out / "index.html").read_text(encoding="utf-8")


def test_issued_bulletins_show_their_snapshot_and_corrections(sample_site: Path) -> None:
    issued = (sample_site / "bulletins" / "2026-07.html").read_text(encoding="utf-8")
    assert "武住建办〔2026〕40号" in issued and "关于2026年7月份信息宣传工作情况的通报" in issued
    assert "临时统计" not in issued
    # The record says 建筑管理科 earned 5 points in July; opinions recorded later took 5 away. The
    # issued page keeps the record's figure with a 更正 mark and note, and the next bulletin corrects it,
    # naming the commit.
    row = re.search(r"建筑管理科</a></td>\s*<td[^>]*>(\d+)(〔更正\d+〕)?</td>", issued)
    assert row and row.group(1) == "5" and row.group(2)
    assert "建筑管理科 本期积分：通报为 5，现为 0。原因：舆情报送：短视频称某工地拖欠农民工工资（提交 9c416a0e，" \
           "2026-11-22 起）" in issued
    february = (sample_site / "bulletins" / "2026-02.html").read_text(encoding="utf-8")
    assert "更正" in february and "89d05356" in february   # the January adoption recorded late
    november = (sample_site / "bulletins" / "2026-11.html").read_text(encoding="utf-8")
    assert "临时统计" in november and "更正" in november and "舆情报送：短视频称某工地拖欠农民工工资" in november
    assert (sample_site / "downloads" / "bulletins" / "2026-07.docx").read_bytes()[:2] == b"PK"
    assert (sample_site / "downloads" / "bulletins" / "2026-07.xlsx").read_bytes()[:2] == b"PK"


def test_other_record_pages_and_guides(sample_site: Path) -> None:
    opinions = (sample_site / "opinions" / "index.html").read_text(encoding="utf-8")
    assert "网传某楼盘交付延期引发业主聚集" in opinions and "超时未回复" in opinions
    plans = (sample_site / "plans" / "index.html").read_text(encoding="utf-8")
    assert "已过时间节点尚未报送的计划选题" in plans and "商品房交付质量提升" in plans
    interviews = (sample_site / "interviews" / "index.html").read_text(encoding="utf-8")
    assert "未经审批即接受采访" in interviews
    learning = (sample_site / "learning" / "index.html").read_text(encoding="utf-8")
    assert "注册率" in learning and "2026-10" in learning
    q4 = (sample_site / "bulletins" / "2026-q4.html").read_text(encoding="utf-8")
    assert "学习强国未达目标的单位" in q4
    assert (sample_site / "competitions" / "index.html").is_file()
    assert "BEGIN:VCALENDAR" in (sample_site / "calendar.ics").read_text(encoding="utf-8")
    assert "信息员操作指南" in (sample_site / "guides" / "liaison.html").read_text(encoding="utf-8")
