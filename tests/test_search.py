"""Site search on the sample instance: what is indexed, and what a person finds in Chromium.

The queries are typed the way staff search (a few characters from anywhere in a
word, a title, a unit, a person, a 文号); each names the page that must come
first or be among the results.
"""
from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
from conftest import SAMPLE_AS_OF
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from sitekit import ROOT, browser, run_build, serve

from generator.site.search import index_site, read_site, squeeze, tokens

AS_OF = SAMPLE_AS_OF
UNPUBLISHED = ["submissions/2026/10/worker-skills-training.md",       # draft
               "submissions/2026/09/resale-fund-escrow.md",          # leader stage missing
               "submissions/2026/09/archives-digital-research.md",   # approvals stale
               "submissions/2026/10/property-management-committee.md"]  # unit stage only

FIRST, PRESENT = "first", "present"
QUERIES: list[tuple[str, str, str]] = [
    # substrings from inside words (the segmenter's losses)
    ("招投标", PRESENT, "articles/2026/08/integrity-education-month.html"),
    ("程招", PRESENT, "articles/2026/08/integrity-education-month.html"),
    ("预售资金", FIRST, "articles/2026/01/presale-fund-supervision.html"),
    ("资金监管", PRESENT, "articles/2026/01/presale-fund-supervision.html"),
    ("冰扫", FIRST, "articles/2026/01/snow-clearing-night.html"),
    ("档案数字化", PRESENT, "articles/2026/01/archives-digitization.html"),
    # several terms: pages holding all of them
    ("预售 监管", FIRST, "articles/2026/01/presale-fund-supervision.html"),
    ("燃气 整治", PRESENT, "articles/2026/02/gas-safety-rectification.html"),
    ("档案 校园", FIRST, "articles/2026/04/archives-into-campus.html"),
    # titles
    ("武进区老旧小区改造惠及居民1.2万户", FIRST, "articles/2026/07/old-community-renovation.html"),
    ("智慧大脑", FIRST, "articles/2026/04/smart-site-dust-control.html"),
    ("关于2026年1月份信息宣传工作情况的通报", FIRST, "bulletins/2026-01.html"),
    ("2026年1月份", FIRST, "bulletins/2026-01.html"),
    # 文号
    ("武住建办〔2026〕58号", FIRST, "bulletins/2026-10.html"),
    ("武住建办〔2026〕3号", FIRST, "bulletins/2026-01.html"),
    ("武住建办[2026]16号", FIRST, "bulletins/2026-q1.html"),
    # units, leaders, liaisons, authors
    ("城建科", FIRST, "units/chengjian.html"),
    ("建设工程质量安全监督站", FIRST, "units/anjian.html"),
    ("质量安全监督", PRESENT, "units/anjian.html"),
    ("陆永明", PRESENT, "units/chengjian.html"),
    ("孙丽华", PRESENT, "units/fangguan.html"),
    ("周敏", PRESENT, "units/chengjian.html"),
    ("吴昊", PRESENT, "articles/2026/01/pre-festival-safety-check.html"),
    # 约稿, 舆情, plans, interviews, competitions, guides
    ("关于报送建筑领域农民工工资支付保障工作情况的约稿通知", FIRST, "solicitations/2026-003.html"),
    ("约稿通知", PRESENT, "solicitations/2026-005.html"),
    ("物业费调价", FIRST, "opinions/property-fee-post.html"),
    ("拖欠农民工工资", PRESENT, "opinions/wage-arrears-video.html"),
    ("宣传要点计划", FIRST, "plans/index.html"),
    ("商品房交付质量提升", PRESENT, "plans/index.html"),
    ("保障性住房建设成效专访", FIRST, "interviews/index.html"),
    ("调研论文评比", FIRST, "competitions/index.html"),
    ("信息员操作指南", FIRST, "guides/liaison.html"),
    ("网页报送", PRESENT, "guides/liaison.html"),
    ("登记采用情况和佐证", FIRST, "guides/liaison.html"),
    ("审核人员", FIRST, "guides/reviewer.html"),
    # Latin words, digits, and both mixed with Chinese
    ("PM10", FIRST, "articles/2026/04/smart-site-dust-control.html"),
    ("pm10", FIRST, "articles/2026/04/smart-site-dust-control.html"),
    ("1120户", FIRST, "articles/2026/02/sunshine-expropriation.html"),
    ("D级危房", FIRST, "articles/2026/03/rural-housing-safety.html"),
    ("iCalendar", PRESENT, "plans/index.html"),
    ("zhoumin", FIRST, "units/chengjian.html"),
]


@pytest.fixture(scope="module")
def served(sample_site: Path) -> Iterator[tuple[str, Any]]:
    """The sample site on 127.0.0.1 and one Chromium for every test of this module."""
    with serve(sample_site) as base, browser() as b:
        yield base, b


@pytest.fixture(scope="module")
def search_page(served: tuple[str, Any]) -> Any:
    """One Chromium page on the served sample site, with the search script loaded."""
    base, b = served
    page = b.new_page()
    page.goto(base + "index.html")
    return page


def find(page: Any, query: str, filters: dict[str, str] | None = None) -> list[str]:
    return list(page.evaluate("([q, f]) => window.bulletinSearch.find(q, f)", [query, filters or {}]))


def _front(path: str) -> dict[str, Any]:
    import yaml

    text = (ROOT / path).read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("---", 2)[1]))


# --------------------------------------------------------------------------- without a browser

def test_tokens_split_han_runs_into_bigrams_and_keep_latin_words() -> None:
    assert tokens("工程招投标") == ["工程", "程招", "招投", "投标"]
    assert tokens("武住建办〔２０２６〕58号") == ["武住", "住建", "建办", "2026", "58", "号"]
    assert tokens("PM10浓度 GB/T 9704") == ["pm10", "浓度", "gb", "t", "9704"]
    assert squeeze("武住建办〔2026〕58 号") == squeeze("武住建办[2026]58号") == "武住建办202658号"


def test_every_published_kind_is_indexed_and_nothing_unpublished(sample_site: Path) -> None:
    records = list(read_site(sample_site))
    kinds = {r.kind for r in records}
    assert kinds == {"article", "bulletin", "unit", "solicitation", "opinion", "plan", "interview", "competition",
                     "guide"}
    manifest = json.loads((sample_site / "pagefind" / "bulletin-search.json").read_text(encoding="utf-8"))
    assert sum(s["records"] for s in manifest["shards"]) == len(records)
    assert {"稿件", "通报", "单位", "约稿", "舆情"} <= set(manifest["filters"]["kind"])
    assert "城建科" in manifest["filters"]["unit"] and "2026" in manifest["filters"]["year"]
    # Every fragment (gzip) and every metadata file of every shard, decompressed.
    texts = []
    for f in (sample_site / "pagefind").rglob("*"):
        if f.suffix in (".pf_fragment", ".pf_meta", ".pf_filter", ".pf_index"):
            texts.append(gzip.decompress(f.read_bytes()).decode("utf-8", "replace"))
    fragments = "\n".join(texts)
    assert "武进区老旧小区改造惠及居民1.2万户" in fragments
    for path in UNPUBLISHED:
        front = _front(path)
        # (a competition's results, and the bulletins quoting them, may name an article by its title)
        assert all(front["title"] != r.title for r in records), path
        assert not any(r.path.endswith(f"/{Path(path).stem}.html") for r in records), path
        body = (ROOT / path).read_text(encoding="utf-8").split("---", 2)[2]
        sentence = next(s for s in re.split(r"[。\n]", body) if len(s.strip()) > 12).strip()
        assert sentence not in fragments, path
        assert " ".join(tokens(sentence)) not in fragments, path
    # An opinion's reply that is not approved is neither shown nor indexed.
    elevator = next(r for r in records if r.path == "opinions/elevator-noise-post.html")
    reply = next((ROOT / "opinions").rglob("*elevator-noise*")).read_text(encoding="utf-8").split("---", 2)[2]
    assert "网友您好" in reply
    assert "转交施工单位整改" not in elevator.body and "转交施工单位整改" not in fragments
    assert " ".join(tokens("转交施工单位整改")) not in fragments


def test_the_excerpt_is_the_body_not_the_metadata(sample_site: Path) -> None:
    article = next(r for r in read_site(sample_site) if r.path == "articles/2026/01/presale-fund-supervision.html")
    assert article.title == "武进住建局强化商品房预售资金监管守护群众“安居梦”"
    assert article.units == ("房地产市场监管科",) and article.date == "2026-01-21"
    assert "沈佳" in article.head and "签发时间" in article.head
    assert "签发时间" not in article.body and "审核记录" not in article.body
    assert article.body.startswith("为防范房地产项目逾期交付风险")
    bulletin = next(r for r in read_site(sample_site) if r.path == "bulletins/2026-10.html")
    assert bulletin.number == "武住建办〔2026〕58号"


# --------------------------------------------------------------------------- in Chromium

@pytest.mark.browser
@pytest.mark.parametrize("query,where,expected", QUERIES, ids=[q for q, _, _ in QUERIES])
def test_query_table(search_page: Any, query: str, where: str, expected: str) -> None:
    found = find(search_page, query)
    assert expected in found, (query, found[:10])
    if where == FIRST:
        assert found[0] == expected, (query, found[:10])


def test_the_table_is_big_enough_and_covers_every_kind() -> None:
    assert len(QUERIES) >= 30
    prefixes = {e.split("/")[0] for _, _, e in QUERIES}
    assert prefixes >= {"articles", "bulletins", "units", "solicitations", "opinions", "plans", "interviews",
                        "competitions", "guides"}


@pytest.mark.browser
def test_the_script_splits_text_as_the_index_does(search_page: Any) -> None:
    for text in ["工程招投标", "武住建办〔２０２６〕58号", "PM10浓度 GB/T 9704", "Ｃ、Ｄ级危房", "数字化+服务", "𠀀𠀁字",
                 "e-mail: zhoumin@wj.example.gov.cn", "第3期", "ÉCOLE école", "号"]:
        assert search_page.evaluate("t => window.bulletinSearch.tokens(t)", text) == tokens(text), text
        assert search_page.evaluate("t => window.bulletinSearch.squeeze(t)", text) == squeeze(text), text


@pytest.mark.browser
def test_multi_term_queries_need_every_term(search_page: Any, sample_site: Path) -> None:
    both = find(search_page, "预售 监管")
    records = {r.path: r for r in read_site(sample_site)}
    for path in both:
        r = records[path]
        hay = squeeze(" ".join([r.title, r.number, " ".join(r.units), r.head, r.body]))
        assert "预售" in hay and "监管" in hay
    assert set(both) < set(find(search_page, "监管"))


def _han_runs(text: str) -> list[str]:
    return [m for m in re.findall(r"[\u4e00-\u9fff]{2,}", text)]


@pytest.fixture(scope="module")
def published(sample_site: Path) -> list[Any]:
    return list(read_site(sample_site))


@pytest.mark.browser
@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@seed(20261122)
@given(data=st.data())
def test_any_substring_of_a_published_page_finds_it(search_page: Any, published: list[Any], data: Any) -> None:
    record = data.draw(st.sampled_from(published), label="page")
    runs = _han_runs(" ".join([record.title, record.body]))
    if not runs:
        return
    run = data.draw(st.sampled_from(runs), label="run")
    size = data.draw(st.integers(min_value=2, max_value=min(4, len(run))), label="size")
    start = data.draw(st.integers(min_value=0, max_value=len(run) - size), label="start")
    query = run[start:start + size]
    assert record.path in find(search_page, query), (query, record.path)


@pytest.mark.browser
def test_header_box_on_every_page_shows_results_as_you_type(served: tuple[str, Any]) -> None:
    base, b = served
    page = b.new_page(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    for path in ["index.html", "articles/2026/07/old-community-renovation.html", "units/jianguan.html",
                 "bulletins/2026-q3.html", "guides/liaison.html", "review/index.html"]:
        page.goto(base + path)
        assert page.locator(".md-header .bs-box input[type=search]").count() == 1, path
    page.goto(base + "articles/2026/07/old-community-renovation.html")
    box = page.locator(".md-header .bs-box input")
    box.click()
    box.type("预售资金", delay=30)
    page.wait_for_selector(".bs-drop .bs-result", timeout=60_000)
    first = page.locator(".bs-drop .bs-result").first
    assert first.locator(".bs-title").inner_text() == "武进住建局强化商品房预售资金监管守护群众“安居梦”"
    line = first.locator(".bs-meta").inner_text()
    assert "稿件" in line and "房地产市场监管科" in line and "2026-01-21" in line
    excerpt = first.locator(".bs-excerpt").inner_text()
    assert "预售资金" in excerpt and "签发时间" not in excerpt and "，" in excerpt
    assert first.locator(".bs-excerpt mark").first.inner_text() == "预售资金"
    href = first.locator(".bs-title").get_attribute("href")
    assert href and href.endswith("articles/2026/01/presale-fund-supervision.html")
    page.screenshot(path=str(_shots() / "search-header.png"))
    # Enter goes to the search page with the query.
    box.press("Enter")
    page.wait_for_url("**/search/index.html?q=*")
    page.wait_for_selector("#bulletin-search .bs-result", timeout=60_000)
    assert [u for u in requests if not u.startswith(base) and not u.startswith("data:")] == []


@pytest.mark.browser
def test_search_page_filters_by_type_unit_and_year(served: tuple[str, Any]) -> None:
    base, b = served
    page = b.new_page(viewport={"width": 1280, "height": 1400})
    page.goto(base + "search/index.html?q=" + "农民工")
    page.wait_for_selector("#bulletin-search .bs-result", timeout=60_000)
    page.locator("#bulletin-search select[data-filter=kind]").select_option("舆情")
    page.wait_for_function("document.querySelector('#bulletin-search').getAttribute('data-state') === 'done'")
    lines = page.locator("#bulletin-search .bs-result .bs-meta").all_inner_texts()
    assert lines and all(line.startswith("舆情") for line in lines), lines
    page.locator("#bulletin-search select[data-filter=kind]").select_option("")
    page.locator("#bulletin-search select[data-filter=unit]").select_option("建筑管理科")
    page.wait_for_function("document.querySelector('#bulletin-search').getAttribute('data-state') === 'done'")
    lines = page.locator("#bulletin-search .bs-result .bs-meta").all_inner_texts()
    assert lines and all("建筑管理科" in line for line in lines), lines
    page.screenshot(path=str(_shots() / "search-filters.png"), full_page=True)
    assert find(page, "农民工", {"year": "2025"}) == []
    assert "articles/2026/01/winter-wage-campaign.html" in find(page, "农民工", {"year": "2026"})
    unit_only = find(page, "农民工", {"unit": "建筑管理科", "kind": "稿件"})
    assert unit_only and all(p.startswith("articles/") for p in unit_only)


@pytest.mark.browser
def test_search_opened_from_disk_says_how_to_serve(sample_site: Path, served: tuple[str, Any]) -> None:
    _base, b = served
    page = b.new_page()
    page.goto((sample_site / "search" / "index.html").resolve().as_uri() + "?q=农民工")
    status = page.locator("#bulletin-search .bs-status")
    status.wait_for(timeout=20_000)
    assert "bulletin serve" in status.inner_text() and "file://" in status.inner_text()
    assert "正在搜索" not in status.inner_text()
    page.goto((sample_site / "index.html").resolve().as_uri())
    page.locator(".bs-box input").type("农民工")
    page.wait_for_selector(".bs-drop .bs-status.bs-file", timeout=20_000)
    assert "bulletin serve" in page.locator(".bs-drop .bs-status").inner_text()


def _shots() -> Path:
    d = ROOT / "screenshots"
    d.mkdir(exist_ok=True)
    return d


# --------------------------------------------------------------------------- shards and incremental indexing

def _release_copy(site: Path, to: Path) -> Path:
    shutil.copytree(site.resolve(), to, symlinks=True)
    return to


@pytest.mark.browser
@pytest.mark.parametrize("layout", ["years", "fine"])
def test_shards_find_what_one_index_of_everything_finds(served: tuple[str, Any], sample_site: Path,
                                                        tmp_path_factory: pytest.TempPathFactory, layout: str) -> None:
    sharded_site = _release_copy(sample_site, tmp_path_factory.mktemp("sharded") / "site")
    stats = index_site(sharded_site, layout=layout)
    assert stats.shards >= (3 if layout == "years" else 9), stats
    whole = _release_copy(sample_site, tmp_path_factory.mktemp("whole") / "site")
    stats = index_site(whole, layout="single")
    assert stats.shards == 1 and stats.built == ["all"]
    queries = [q for q, _, _ in QUERIES] + ["农民工", "2026", "武进", "安全 生产", "科", "通报", "zhou", "信息员"]
    _base, b = served
    with serve(sharded_site) as base1, serve(whole) as base2:
        page1, page2 = b.new_page(), b.new_page()
        page1.goto(base1 + "index.html")
        page2.goto(base2 + "index.html")
        for q in queries:
            sharded, single = find(page1, q), find(page2, q)
            assert sharded and set(sharded) == set(single), q
            assert len(sharded) == len(single), q
            # the same first result, where one page matches the title or 文号 exactly
            exact = [where for qq, where, _ in QUERIES if qq == q]
            if exact and exact[0] == FIRST:
                assert sharded[0] == single[0], q


def test_only_the_shards_whose_pages_changed_are_indexed_again(sample_site: Path, tmp_path: Path) -> None:
    site = _release_copy(sample_site, tmp_path / "site")
    again = index_site(site, previous=site / "pagefind")
    assert again.built == [] and len(again.reused) == again.shards
    page = site / "articles" / "2026" / "07" / "old-community-renovation.html"
    html = page.read_text(encoding="utf-8")
    assert html.count("<!--/search-body-->") == 1
    page.write_text(html.replace("<!--/search-body-->", "<p>新增一句话用于检验增量索引</p>\n<!--/search-body-->"),
                    encoding="utf-8")
    unit = site / "units" / "jianguan.html"
    unit.write_text(unit.read_text(encoding="utf-8").replace("</article>", "<p>单位页上不被搜索的部分</p></article>", 1),
                    encoding="utf-8")
    changed = index_site(site, previous=site / "pagefind")
    assert changed.built == ["article-2026"], changed
    assert sorted(changed.reused) == sorted(s for s in again.reused if s != "article-2026")
    fragments = "".join(gzip.decompress(f.read_bytes()).decode("utf-8", "replace")
                        for f in (site / "pagefind" / "article-2026" / "fragment").iterdir())
    assert "新增一句话用于检验增量索引" in fragments
    assert not (site / ".pagefind-new").exists()


@pytest.mark.slow
def test_a_rebuild_after_one_new_approved_item_reindexes_only_its_shards(tmp_path: Path) -> None:
    from gitbuilder import LI, WANG, ZHANG, ZHAO, instance, submission

    repo = instance(tmp_path / "repo")
    for i, (month, title) in enumerate([("2025-11", "武进住建局开展工程招投标专项检查"),
                                        ("2026-04", "全区建筑工地扬尘治理见成效")]):
        rel = f"submissions/{month[:4]}/{month[5:]}/item-{i}.md"
        repo.write(rel, submission(title=title, body=f"{title}。正文第{i}段，工程招投标监管。\n", authors=["zhangsan"]))
        repo.commit(f"报送 {i}", by=ZHANG, date=f"{month}-10 09:00 +0800")
        repo.approve(rel, by=WANG, date=f"{month}-11 09:00 +0800", stage="unit")
        repo.approve(rel, by=ZHAO, date=f"{month}-11 10:00 +0800", stage="office")
        repo.approve(rel, by=LI, date=f"{month}-11 11:00 +0800", stage="leader")
    out = tmp_path / "site"
    run_build(repo.path, out, "--as-of", "2026-05-31")
    before = out.resolve()
    first = json.loads((before / "pagefind" / "bulletin-search.json").read_text(encoding="utf-8"))
    rel = "submissions/2026/05/item-new.md"
    repo.write(rel, submission(title="新报送的稿件：城市更新", body="城市更新片区改造稳步推进。\n", authors=["zhangsan"]))
    repo.commit("报送 new", by=ZHANG, date="2026-05-10 09:00 +0800")
    repo.approve(rel, by=WANG, date="2026-05-11 09:00 +0800", stage="unit")
    repo.approve(rel, by=ZHAO, date="2026-05-11 10:00 +0800", stage="office")
    repo.approve(rel, by=LI, date="2026-05-11 11:00 +0800", stage="leader")
    run_build(repo.path, out, "--as-of", "2026-05-31")
    after = out.resolve()
    assert after != before
    second = json.loads((after / "pagefind" / "bulletin-search.json").read_text(encoding="utf-8"))
    old = {s["name"]: s["digest"] for s in first["shards"]}
    new = {s["name"]: s["digest"] for s in second["shards"]}
    changed = {n for n in new if old.get(n) != new[n]}
    assert changed == {"article-2026", "pages"} and "article-2025" in new, (changed, new)
    for name in set(new) - changed:        # copied from the served release, not indexed again
        a = before / "pagefind" / name / "pagefind-entry.json"
        b = after / "pagefind" / name / "pagefind-entry.json"
        assert a.read_bytes() == b.read_bytes() and a.stat().st_mtime_ns == b.stat().st_mtime_ns, name
    records = {r.path: r for r in read_site(after)}
    assert any(r.title == "新报送的稿件：城市更新" for r in records.values())
