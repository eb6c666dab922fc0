"""The site engine is a setting: the sample instance built with mkdocs and with Zensical.

Both builds run the real ``bulletin build --engine ...`` on the repository's
sample instance; the comparison is what a reader gets: the same pages, the
same article text, no request outside the site, the same search results, and
a broken link that stops either engine.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from sitekit import BULLETIN, ROOT, browser, run_build, serve

from generator.errors import BulletinError
from generator.messages import render
from generator.site.build import external_references
from generator.site.engine import ENGINES, run_engine

pytestmark = [pytest.mark.slow, pytest.mark.browser]

AS_OF = "2026-11-22"
ENGINE_NAMES = ("mkdocs", "zensical")


def _installed(name: str) -> bool:
    from importlib.metadata import PackageNotFoundError, version
    try:
        version(ENGINES[name].packages[0])
    except PackageNotFoundError:
        return False
    return True


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if not (ROOT / "units.yaml").is_file():
        pytest.skip("no sample instance at the repository root")
    missing = [n for n in ENGINE_NAMES if not _installed(n)]
    assert not missing, f"engines not installed (scripts/dev.sh installs them): {missing}"
    base = tmp_path_factory.mktemp("engines")
    out = {}
    for name in ENGINE_NAMES:
        out[name] = base / name
        proc = run_build(ROOT, out[name], "--as-of", AS_OF, "--engine", name)
        assert f"用 {name} 构建网站" in proc.stderr
    return out


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in ("admin", "pagefind", "assets")}


def _article(page: Path) -> str:
    tree = lxml.html.fromstring(page.read_bytes())
    found = tree.xpath("//article")
    assert found, page
    return re.sub(r"\s+", " ", found[0].text_content()).strip()


def test_both_engines_build_the_same_pages_with_the_same_article_text(sites: dict[str, Path]) -> None:
    m, z = (sites[n].resolve() for n in ENGINE_NAMES)
    pages = _pages(m)
    assert len(pages) > 150 and pages == _pages(z)
    different = [p for p in sorted(pages) if _article(m / p) != _article(z / p)]
    assert different == []
    # the text is really there: an approved article's title and a figure of the home page
    assert "武进区老旧小区改造惠及居民1.2万户" in _article(z / "articles/2026/07/old-community-renovation.html")
    # every other file the site serves (downloads, evidence, the calendar) is the same too
    files = {p.relative_to(m).as_posix() for p in m.rglob("*") if p.is_file()
             and p.relative_to(m).parts[0] in ("downloads", "evidence")}
    assert files and all((m / f).read_bytes() == (z / f).read_bytes() for f in files if not f.endswith(".xlsx"))
    assert (m / "calendar.ics").read_bytes() == (z / "calendar.ics").read_bytes()


def test_one_configuration_for_both_engines(sites: dict[str, Path]) -> None:
    configs = {}
    for name in ENGINE_NAMES:
        state = Path(str(sites[name]) + ".releases") / ".state-zh"
        configs[name] = (state / f"{name}.yml").read_text(encoding="utf-8")
    assert configs["mkdocs"] == configs["zensical"]
    text = configs["mkdocs"]
    assert "variant: classic" in text and "enabled: false" in text and "anchors: warn" in text
    assert "docs_dir: docs\n" in text and "site_dir: site\n" in text


def test_neither_engine_makes_a_request_outside_the_site(sites: dict[str, Path]) -> None:
    pages = ["index.html", "bulletins/2026-q3.html", "rankings/index.html",
             "articles/2026/07/old-community-renovation.html", "units/jianguan.html", "search/index.html?q=农民工"]
    for name in ENGINE_NAMES:
        site = sites[name].resolve()
        assert external_references(site) == [], name
        for js in (site / "assets" / "javascripts").rglob("*.js"):
            text = js.read_text(encoding="utf-8", errors="replace")
            assert "unpkg.com/" not in text and "cdn.jsdelivr.net/" not in text, js
        with serve(site) as base, browser() as b:
            page = b.new_page()  # type: ignore[attr-defined]
            requests: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            for p in pages:
                response = page.goto(base + p)
                assert response is not None and response.status == 200, (name, p)
                page.wait_for_load_state("networkidle")
            outside = [u for u in requests if not u.startswith(base) and not u.startswith("data:")]
            assert outside == [], name
            assert len(requests) > len(pages)


def _search(site: Path, query: str) -> list[str]:
    with serve(site) as base, browser() as b:
        page = b.new_page()  # type: ignore[attr-defined]
        page.goto(base + "search/index.html?q=" + query)
        page.wait_for_selector("#bulletin-search .bs-result .bs-title", timeout=60_000)
        page.wait_for_load_state("networkidle")
        return list(page.locator("#bulletin-search .bs-result .bs-title").all_inner_texts())


def test_one_search_gives_the_same_results_with_both_engines(sites: dict[str, Path]) -> None:
    found = {name: _search(sites[name].resolve(), "农民工") for name in ENGINE_NAMES}
    assert "武进区建筑领域农民工工资支付保障工作情况" in found["mkdocs"]
    assert found["mkdocs"] == found["zensical"]


def test_a_broken_link_fails_both_engines(sites: dict[str, Path], tmp_path: Path) -> None:
    for name in ENGINE_NAMES:
        state = Path(str(sites[name]) + ".releases") / ".state-zh"
        project = tmp_path / name
        shutil.copytree(state / "docs", project / "docs")
        shutil.copy(state / f"{name}.yml", project / f"{name}.yml")
        page = project / "docs" / "organization" / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n[旧通知](../notices/gone.md)\n", encoding="utf-8")
        with pytest.raises(BulletinError) as caught:
            run_engine(ENGINES[name], project / f"{name}.yml")
        said = render(caught.value.text, "zh")
        assert f"网站引擎 {name} 构建失败" in said and "gone.md" in said, said
        assert "Traceback" not in said
        # the same pages without the broken link build
        page.write_text(page.read_text(encoding="utf-8").replace("[旧通知](../notices/gone.md)", ""),
                        encoding="utf-8")
        run_engine(ENGINES[name], project / f"{name}.yml")
        assert (project / "site" / "organization" / "index.html").is_file()


def test_switching_engine_is_a_full_build_and_the_engine_cache_is_kept(sites: dict[str, Path]) -> None:
    out = sites["mkdocs"]
    before = {p.name for p in Path(str(out) + ".releases").iterdir()}
    switched = run_build(ROOT, out, "--as-of", AS_OF, "--engine", "zensical")
    assert "用 zensical 构建网站\n" in switched.stderr          # not "(N of M files changed)": a full build
    state = Path(str(out) + ".releases") / ".state-zh"
    assert (state / ".cache").is_dir()                         # Zensical's own cache, in the project folder
    again = run_build(ROOT, out, "--as-of", AS_OF, "--engine", "zensical")
    assert "个有变化）" in again.stderr
    assert (state / ".cache").is_dir()
    assert _pages(out.resolve()) == _pages(sites["zensical"].resolve())
    assert {p.name for p in Path(str(out) + ".releases").iterdir()} != before


def test_the_engine_setting_is_checked(tmp_path: Path) -> None:
    repo = tmp_path / "inst"
    made = subprocess.run([str(BULLETIN), "demo", "--out", str(repo), "--submissions", "5", "--seed", "3"],
                          capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    (repo / "mkdocs.yml").write_text(text.rstrip("\n") + "\nengine: hugo\n", encoding="utf-8")
    line = len(text.rstrip("\n").splitlines()) + 1
    proc = subprocess.run([str(BULLETIN), "check", "--repo", str(repo)], capture_output=True, text=True)
    assert proc.returncode != 0
    said = proc.stdout + proc.stderr
    assert f"mkdocs.yml:{line}:9:" in said and "engine 应为 mkdocs、zensical、properdocs 之一" in said, said
    built = run_build(repo, tmp_path / "site", check=False)
    assert built.returncode != 0 and "engine 应为" in built.stdout + built.stderr
    assert not (tmp_path / "site").exists()
    # a valid setting is taken by the build
    (repo / "mkdocs.yml").write_text(text.rstrip("\n") + "\nengine: zensical\n", encoding="utf-8")
    assert "用 zensical 构建网站" in run_build(repo, tmp_path / "site").stderr
