"""Charts and tables as the site draws them: round ticks, at most eight told-apart lines, labelled cells."""
from __future__ import annotations

import math
import re

import markdown

from generator.site import charts


def test_ticks_are_round_numbers() -> None:
    assert charts.nice_ticks(0, 147.75) == [0, 50, 100, 150]
    assert charts.nice_ticks(0, 27.5) == [0, 10, 20, 30]
    assert charts.nice_ticks(0, 3) == [0, 1, 2, 3]
    for hi in (0.4, 7, 13, 49.25, 96, 197, 1234.5):
        ticks = charts.nice_ticks(0, hi)
        assert ticks[0] == 0 and ticks[-1] >= hi and 3 <= len(ticks) <= 7
        step = ticks[1] - ticks[0]
        mantissa = round(step / 10 ** math.floor(math.log10(step)), 6)
        assert mantissa in (1, 2, 2.5, 5), (hi, ticks)
        assert all(abs(b - a - step) < 1e-9 for a, b in zip(ticks, ticks[1:], strict=False))


def test_bar_chart_axis_reads_round_numbers_at_both_widths() -> None:
    svg = charts.bar_chart([("城建科", 147.75), ("建筑管理科", 27.5)], title="积分")
    wide, narrow = svg.split("</svg>")[:2]
    assert 'class="bulletin-chart chart-wide"' in wide and 'class="bulletin-chart chart-narrow"' in narrow
    for part in (wide, narrow):
        ticks = re.findall(r'text-anchor="middle" fill="#444">([^<]+)</text>', part)
        assert ticks == ["0", "50", "100", "150"]
        sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', part)}
        assert min(sizes) >= 12


def test_more_than_eight_lines_are_split_and_each_line_has_its_dash() -> None:
    series = [(f"单位{i}", [float(i), float(i * 2)]) for i in range(10)]
    svg = charts.line_chart(["1月", "2月"], series, title="累计积分")
    wide = [part for part in svg.split("</svg>") if "chart-wide" in part]
    assert len(wide) == 2 and "累计积分（1/2）" in wide[0] and "累计积分（2/2）" in wide[1]
    for part in wide:
        lines = re.findall(r"<polyline[^>]*>", part)
        assert len(lines) == 5
        looks = {(re.search(r'stroke="([^"]+)"', x).group(1),  # type: ignore[union-attr]
                  (re.search(r'stroke-dasharray="([^"]+)"', x) or re.match("", "")).group(0)) for x in lines}
        assert len(looks) == 5
    # The biggest last values come first.
    assert "单位9" in wide[0] and "单位0" in wide[1]


def test_org_chart_is_text_and_escaped() -> None:
    html = charts.org_chart("主要领导 周建国", [("钱卫东", [("建筑管理科", "张磊<script>")])], "办公室", "徐静")
    assert "<svg" not in html and "&#60;script&#62;" in html and "<script>" not in html
    assert 'class="org-box org-leader">钱卫东' in html


def test_table_cells_carry_their_headers() -> None:
    text = ("| 排名 | 单位 | 本期积分 | 备注\"甲\" |\n|---:|---|---:|---|\n"
            "| 1 | 住房保障和房产管理中心 | 60 | 超过十二个字的一段说明文字 |\n| 2 | 建设工程质量安全监督站 | 46 | 无 |\n")
    html = markdown.markdown(text, extensions=["tables", "generator.site.mdtables"])
    assert '<table data-stack="4">' in html
    assert '<td data-label="排名" style="text-align: right;">1</td>' in html
    assert '<td data-label="单位" data-main="">住房保障和房产管理中心</td>' in html
    assert '<td data-label="备注&quot;甲&quot;" data-wide="">超过十二个字的一段说明文字</td>' in html
    small = markdown.markdown("| a | b |\n|---|---|\n| 1 | 2 |\n", extensions=["tables", "generator.site.mdtables"])
    assert "data-label" not in small
