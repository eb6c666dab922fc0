"""Charts as inline SVG, drawn at build time: no script, no external request."""
from __future__ import annotations

from collections.abc import Sequence

from ..numbers import fmt_num

# The SVG is inlined into a Markdown page: besides XML, no Markdown syntax (links, attribute
# lists, emphasis, code) may survive in a name, so those characters become character references.
_REFS = {ord(c): f"&#{ord(c)};" for c in "[]()*_{}`!|#~\\&<>\"'"}


def escape(text: str) -> str:
    """Text for SVG inlined into Markdown: XML-escaped, Markdown syntax as character references."""
    return str(text).translate(_REFS)


# Eight colours told apart also in grey and by most colour-blind readers, each with its own dash.
PALETTE = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#4e342e", "#ad1457"]
DASHES = ["", "8,4", "2,3", "10,3,2,3", "5,5", "1,4", "12,4,4,4", "3,2,8,2"]
MAX_SERIES = len(PALETTE)
FONT = 14                 # text of a chart drawn at 1:1: never below 12 px on a screen or a phone
WIDE, NARROW = 720, 360   # drawn twice: wide for a screen and paper, narrow for a phone (bulletin.css)


def _num(value: float) -> str:
    """Labels are written as every figure is (numbers.fmt_num): 20, 12.5, 83.33."""
    return fmt_num(value)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values (1, 2 or 5 times a power of ten) covering lo..hi, about ``count`` of them."""
    import math

    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi - lo <= 0:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and all(abs(v - round(v)) < 1e-9 for v in (lo, hi)) and hi - lo >= 1:
        step = 1.0
    first = math.floor(lo / step) * step
    ticks = []
    v = first
    while v < hi + step * 0.999:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _svg_open(width: int, height: int, title: str, variant: str) -> list[str]:
    return [f'<svg class="bulletin-chart chart-{variant}" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
            f'<title>{escape(title)}</title>']


def _title(parts: list[str], title: str, width: int) -> int:
    """The title, wrapped on a narrow chart; returns the y below it."""
    per_line = max(int((width - 8) / (FONT + 1)), 8)
    lines = [title[i:i + per_line] for i in range(0, len(title), per_line)] or [""]
    for k, line in enumerate(lines):
        parts.append(f'<text x="4" y="{18 + k * 18}" font-size="{FONT + 1}" font-weight="bold">{escape(line)}</text>')
    return 18 + (len(lines) - 1) * 18 + 12


def _bar_svg(rows: Sequence[tuple[str, float]], title: str, unit_label: str,
             marks: Sequence[float | None] | None, mark_label: str, narrow: bool) -> str:
    width = NARROW if narrow else WIDE
    bar, gap = 16, 10
    probe: list[str] = []
    top = _title(probe, title, width) + 8
    # Wide: the name left of its bar. Narrow: the name on a line above its bar.
    left = 8 if narrow else 190
    label_h = FONT + 4 if narrow else 0
    row_h = label_h + bar + gap
    values = [v for _, v in rows] + [m for m in (marks or []) if m is not None]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    lo, hi = ticks[0], ticks[-1]
    right = 44
    scale = (width - left - right) / ((hi - lo) or 1.0)
    zero = left + (-lo) * scale
    axis_y = top + len(rows) * row_h
    legend = bool(marks and any(m is not None for m in marks))
    height = axis_y + FONT + 10 + (FONT + 8 if legend else 0)
    parts = _svg_open(width, height, title, "narrow" if narrow else "wide")
    parts.extend(probe)
    for t in ticks:
        x = left + (t - lo) * scale
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#e0e0e0"/>'
                     f'<text x="{x:.1f}" y="{axis_y + FONT + 2}" font-size="{FONT - 1}" text-anchor="middle" '
                     f'fill="#444">{_num(t)}</text>')
    parts.append(f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{axis_y}" stroke="#999"/>')
    for i, (name, value) in enumerate(rows):
        y = top + i * row_h + label_h
        x = zero if value >= 0 else zero + value * scale
        w = abs(value) * scale
        colour = PALETTE[0] if value >= 0 else "#757575"
        if narrow:
            parts.append(f'<text x="{left}" y="{y - 4}" font-size="{FONT - 1}">{escape(name)}</text>')
        else:
            parts.append(f'<text x="{left - 6}" y="{y + bar - 3}" font-size="{FONT - 1}" text-anchor="end">'
                         f'{escape(name)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar}" fill="{colour}">'
                     f'<title>{escape(name)}: {_num(value)}{escape(unit_label)}</title></rect>')
        parts.append(f'<text x="{max(x + w, zero) + 4:.1f}" y="{y + bar - 3}" font-size="{FONT - 1}">'
                     f'{_num(value)}</text>')
        if marks and i < len(marks) and marks[i] is not None:
            mx = zero + float(marks[i]) * scale  # type: ignore[arg-type]
            parts.append(f'<line x1="{mx:.1f}" y1="{y - 2}" x2="{mx:.1f}" y2="{y + bar + 2}" stroke="#000" '
                         f'stroke-width="2" stroke-dasharray="3,2"><title>{escape(mark_label)}: '
                         f'{_num(float(marks[i]))}</title></line>')  # type: ignore[arg-type]
    if legend:
        parts.append(f'<line x1="{left}" y1="{height - 10}" x2="{left + 16}" y2="{height - 10}" stroke="#000" '
                     f'stroke-width="2" stroke-dasharray="3,2"/>'
                     f'<text x="{left + 22}" y="{height - 5}" font-size="{FONT - 1}" fill="#444">'
                     f'{escape(mark_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit_label: str = "",
              marks: Sequence[float | None] | None = None, mark_label: str = "") -> str:
    """A horizontal bar chart (one bar per row), with optional target marks per row: drawn wide and narrow."""
    return (_bar_svg(rows, title, unit_label, marks, mark_label, narrow=False)
            + _bar_svg(rows, title, unit_label, marks, mark_label, narrow=True))


def _line_svg(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], title: str,
              narrow: bool) -> str:
    width = NARROW if narrow else WIDE
    probe: list[str] = []
    top = _title(probe, title, width) + 10
    values = [v for _, vs in series for v in vs]
    ticks = nice_ticks(min([0.0, *values]), max([0.0, *values]))
    lo, hi = ticks[0], ticks[-1]
    tick_w = max(len(_num(t)) for t in ticks) * (FONT - 1) * 0.6 + 8
    left = int(tick_w) + 4
    # Wide: the legend right of the plot. Narrow: the legend under it, one series a line.
    right = 16 if narrow else 190
    plot_h = 200 if narrow else 240
    plot_w = width - left - right
    axis_y = top + plot_h
    legend_top = axis_y + FONT + 28
    height = (legend_top + len(series) * (FONT + 7) + 4) if narrow else max(axis_y + FONT + 12,
                                                                           top + len(series) * (FONT + 7) + 8)
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (hi - v) / ((hi - lo) or 1.0) * plot_h

    parts = _svg_open(width, height, title, "narrow" if narrow else "wide")
    parts.extend(probe)
    for t in ticks:
        _, y = xy(0, t)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="{FONT - 1}" text-anchor="end" '
                     f'fill="#444">{_num(t)}</text>')
    # As many x labels as fit (every k-th), always the last.
    label_w = max([len(lab) for lab in labels] or [1]) * (FONT - 1) * 0.75 + 6
    every = max(1, int(-(-label_w // max(step, 1))))
    for i, lab in enumerate(labels):
        if i % every and i != len(labels) - 1:
            continue
        if i != len(labels) - 1 and len(labels) - 1 - i < every:
            continue
        x, _ = xy(i, lo)
        parts.append(f'<text x="{x:.1f}" y="{axis_y + FONT + 4}" font-size="{FONT - 1}" text-anchor="middle" '
                     f'fill="#444">{escape(lab)}</text>')
    for n, (name, vs) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        dash = DASHES[n % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vs)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{points}">'
                     f'<title>{escape(name)}</title></polyline>')
        if narrow:
            lx, ly = left, legend_top + n * (FONT + 7)
        else:
            lx, ly = width - right + 12, top + n * (FONT + 7)
        parts.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 26}" y2="{ly - 4}" stroke="{colour}" '
                     f'stroke-width="2.5"{dash_attr}/>'
                     f'<text x="{lx + 32}" y="{ly}" font-size="{FONT - 1}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str) -> str:
    """Lines over a shared x axis (e.g. cumulative points by month per unit), each with its colour, dash and
    legend entry; more than eight series are split into charts of at most eight (by their last value)."""
    ordered = sorted(series, key=lambda s: -(s[1][-1] if s[1] else 0.0))
    groups = [ordered[i:i + MAX_SERIES] for i in range(0, len(ordered), MAX_SERIES)] or [[]]
    if len(groups) > 1:
        # Even groups: 10 series are 5 + 5, not 8 + 2.
        size = -(-len(ordered) // len(groups))
        groups = [ordered[i:i + size] for i in range(0, len(ordered), size)]
    out = []
    for k, group in enumerate(groups):
        name = title if len(groups) == 1 else f"{title}（{k + 1}/{len(groups)}）"
        kept = group if len(groups) > 1 else list(series)
        out.append(_line_svg(labels, kept, name, narrow=False) + _line_svg(labels, kept, name, narrow=True))
    return "".join(out)


def org_chart(chief: str, leaders: Sequence[tuple[str, Sequence[tuple[str, str]]]], office: str,
              office_people: str = "") -> str:
    """The leadership and liaison network as boxes of text that wrap at any width: chief and office, then each
    leader in charge with the units (and their liaisons) under them."""
    parts = ['<div class="org" role="group" aria-label="organisation">',
             '<div class="org-top">',
             f'<span class="org-box org-chief">{escape(chief)}</span>',
             f'<span class="org-box org-office">{escape(office)}'
             + (f'<small>{escape(office_people)}</small>' if office_people else "") + '</span>',
             '</div>', '<div class="org-leaders">']
    for leader, units in leaders:
        parts.append('<div class="org-group">')
        parts.append(f'<span class="org-box org-leader">{escape(leader)}</span>')
        parts.append('<div class="org-units">')
        for unit, liaisons in units:
            parts.append(f'<span class="org-box">{escape(unit)}'
                         + (f'<small>{escape(liaisons)}</small>' if liaisons else "") + '</span>')
        parts.append('</div></div>')
    parts.append('</div></div>')
    return "".join(parts)
