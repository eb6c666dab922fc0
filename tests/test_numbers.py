"""How figures are written: one function for figures, one for shares, the same everywhere (docs/bulletins.md)."""
from __future__ import annotations

import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from generator.documents.officedoc import fmt
from generator.numbers import fmt_num, fmt_percent, fmt_value
from generator.site.charts import bar_chart


@pytest.mark.parametrize("value, text", [
    (Fraction(20), "20"), (20.0, "20"), (20, "20"), (Fraction(25, 2), "12.5"), (12.50, "12.5"),
    (Fraction(250, 3), "83.33"), (Fraction(50000, 12), "4166.67"), (Fraction(-3), "-3"),
    (Fraction(-1, 1000), "0"), (0.0, "0"), (Fraction(1234567), "1234567"), (None, "-"),
])
def test_fmt_num(value: object, text: str) -> None:
    assert fmt_num(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("value, text", [
    (Fraction(2, 3), "66.7%"), (Fraction(9, 10), "90%"), (Fraction(1), "100%"), (Fraction(95, 100), "95%"),
    (Fraction(9032, 10000), "90.3%"), (Fraction(0), "0%"), (None, "—"),
])
def test_fmt_percent(value: object, text: str) -> None:
    assert fmt_percent(value) == text  # type: ignore[arg-type]


@pytest.mark.parametrize("value, text", [
    (5.0, "5"), (True, "是"), (False, "否"), (None, "—"), (["建筑管理科", "城建科"], "建筑管理科、城建科"), ([], "无"),
    (3, "3"), (88.5, "88.5"),
])
def test_record_values_in_documents_and_pages(value: object, text: str) -> None:
    assert fmt_value(value) == text
    assert fmt(value) == text


def test_chart_labels_are_written_like_figures() -> None:
    svg = bar_chart([("甲", 20.0), ("乙", 12.5), ("丙", 250 / 3)], title="t")
    assert ">20<" in svg and ">12.5<" in svg and ">83.33<" in svg and "20.00" not in svg and ".0<" not in svg


def test_the_learning_target_reads_the_same_on_the_site_and_from_the_command(tmp_path: Path) -> None:
    """学习强国: 5000 a year is 4166.67 by the end of October, in `bulletin learning show` and on the site."""
    root = Path(__file__).resolve().parent.parent
    show = subprocess.run([sys.executable, "-c", "from generator.cli import run; run()", "learning", "show",
                           "--month", "2026-10", "--repo", str(root)], capture_output=True, text=True)
    assert show.returncode == 0, show.stderr
    from generator.learning import learning_figures
    from generator.read.config import load_config

    config, _ = load_config(root)
    assert config is not None
    figures = learning_figures(root, config, "2026-10")
    assert figures is not None
    target = fmt_num(figures.cadre_target)
    assert f"至10月进度 {target}）" in show.stdout
    assert "," not in show.stdout.split("\n")[0] and ".0%" not in show.stdout
    # The site's 学习强国 page, rendered from the same instance, writes the same target.
    import datetime as dt

    from generator.judge.gather import gather
    from generator.judge.review import trust_settings
    from generator.read.instance import load_instance
    from generator.site.data import site_data
    from generator.site.pages import Pages

    inst = load_instance(root)
    assert inst.config is not None
    pages = Pages(site_data(gather(inst, trust_settings(inst.config, root), dt.date(2026, 11, 22))))
    pages.learning()
    page = str(pages.out["learning/index.md"])
    assert f"科级干部年度积分按月进度 {target} 分" in page
    assert "4166 " not in page and "4,167" not in page
