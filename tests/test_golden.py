"""Golden outputs of a tiny instance: every generated page's Markdown (zh and en) and
``bulletin scores --format json`` for a month, a quarter and the year.

A change in any page is a reviewed diff: after a deliberate change, regenerate with
``make golden`` (``BULLETIN_REGENERATE_GOLDEN=1 pytest tests/test_golden.py``) and read the
diff of tests/golden/ before committing it.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from conftest import bulletin
from gitbuilder import LI, WANG, XU, ZHANG, ZHAO, GitRepo, instance, solicitation, submission

from generator.judge.gather import gather
from generator.judge.review import trust_settings
from generator.read.instance import load_instance
from generator.site.data import site_data
from generator.site.pages import render_pages

GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = bool(os.environ.get("BULLETIN_REGENERATE_GOLDEN"))
AS_OF = "2026-06-30"
PERIODS = ("2026-03", "2026-Q2", "2026")
URL = "https://example.gov.cn/proof"


def tiny(path: Path) -> GitRepo:
    """Two units, a solicitation and three submissions: adopted, adopted with 批示, waiting."""
    repo = instance(path)
    repo.write("solicitations/2026-anquan.md", solicitation(issued="2026-03-01", deadline="2026-03-10"))
    repo.commit("约稿：安全生产月", by=ZHAO, date="2026-03-01 09:00")
    a = "submissions/2026/03/anquan.md"
    repo.write(a, submission("建筑管理科开展安全生产大检查", solicitation="2026-anquan",
                             adoptions=[{"outlet": "cz-daily", "date": dt.date(2026, 3, 20), "evidence": URL},
                                        {"outlet": "zjt", "date": dt.date(2026, 4, 2), "evidence": URL}]))
    repo.commit("报送：安全生产大检查", by=ZHANG, date="2026-03-05 10:00")
    for who, stage, day in ((WANG, "unit", "2026-03-06 09:00"), (ZHAO, "office", "2026-03-06 15:00"),
                            (LI, "leader", "2026-03-07 10:00")):
        repo.approve(a, by=who, date=day, stage=stage)
    b = "submissions/2026/05/zhiliang.md"
    repo.write(b, submission("质监站推进工程质量提升行动", unit="zhijian", category="news",
                             adoptions=[{"outlet": "xinhua", "date": dt.date(2026, 5, 20), "evidence": URL}],
                             instructions=[{"level": "municipal", "by": "市政府分管副市长",
                                            "date": dt.date(2026, 5, 25), "evidence": URL}]))
    repo.commit("报送：工程质量提升行动", by=ZHANG, date="2026-05-12 11:00")
    for who, stage, day in ((XU, "unit", "2026-05-12 17:00"), (ZHAO, "office", "2026-05-13 09:00"),
                            (LI, "leader", "2026-05-14 10:00")):
        repo.approve(b, by=who, date=day, stage=stage)
    c = "submissions/2026/06/daiban.md"
    repo.write(c, submission("建筑管理科召开农民工工资支付工作会议"))
    repo.commit("报送：农民工工资支付工作会议", by=ZHANG, date="2026-06-20 16:00")
    repo.approve(c, by=WANG, date="2026-06-21 09:00", stage="unit")
    return repo


@pytest.fixture(scope="module")
def tiny_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tiny(tmp_path_factory.mktemp("golden") / "bureau").path


def _compare(kind: str, produced: dict[str, str]) -> None:
    folder = GOLDEN / kind
    if REGENERATE:
        shutil.rmtree(folder, ignore_errors=True)
        for rel, text in produced.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(text.encode("utf-8"))
        return
    expected = {p.relative_to(folder).as_posix(): p.read_bytes().decode("utf-8")
                for p in sorted(folder.rglob("*")) if p.is_file()}
    assert sorted(produced) == sorted(expected), "pages added or gone: run `make golden` and review the diff"
    changed = [rel for rel in expected if produced[rel] != expected[rel]]
    assert not changed, f"{len(changed)} golden files differ (e.g. {changed[:5]}): run `make golden` and review"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_generated_pages_are_the_golden_ones(tiny_repo: Path, lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BULLETIN_NO_CACHE", "1")
    inst = load_instance(tiny_repo)
    assert inst.config is not None and not inst.invalid, inst.problems
    data = site_data(gather(inst, trust_settings(inst.config, tiny_repo), dt.date.fromisoformat(AS_OF)))
    pages = render_pages(data, lang)
    texts = {rel: content for rel, content in pages.items() if isinstance(content, str)}
    assert "index.md" in texts and any(rel.startswith("articles/") for rel in texts)
    _compare(f"pages-{lang}", texts)


def test_scores_json_is_the_golden_one(tiny_repo: Path) -> None:
    produced = {}
    for period in PERIODS:
        proc = bulletin("scores", "--period", period, "--as-of", AS_OF, "--format", "json", "--repo", str(tiny_repo))
        assert proc.returncode == 0, proc.stderr
        produced[f"{period}.json"] = proc.stdout
    _compare("scores", produced)
