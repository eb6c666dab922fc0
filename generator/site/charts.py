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


PALETTE = ["#c62828", "#1565c0", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e",
           "#283593", "#558b2f", "#f9a825", "#37474f"]


def _num(value: float) -> str:
    """Labels are written as every figure is (numbers.fmt_num): 20, 12.5, 83.33."""
    return fmt_num(value)


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str, unit_label: str = "",
              marks: Sequence[float | None] | None = None, mark_label: str = "") -> str:
    """A horizontal bar chart (one bar per row), with optional target marks per row."""
    width, left, right, bar, gap, top = 720, 190, 60, 18, 8, 34
    height = top + len(rows) * (bar + gap) + 24
    values = [v for _, v in rows] + [m for m in (marks or []) if m is not None]
    hi = max([0.0, *values]) or 1.0
    lo = min([0.0, *values])
    span = hi - lo or 1.0
    scale = (width - left - right) / span
    zero = left + (-lo) * scale
    parts = [f'<svg class="bulletin-chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>',
             f'<line x1="{zero:.1f}" y1="{top - 4}" x2="{zero:.1f}" y2="{height - 20}" stroke="#999"/>']
    for i, (name, value) in enumerate(rows):
        y = top + i * (bar + gap)
        x = zero if value >= 0 else zero + value * scale
        w = abs(value) * scale
        colour = PALETTE[0] if value >= 0 else "#757575"
        parts.append(f'<text x="{left - 6}" y="{y + bar - 4}" font-size="12" text-anchor="end">'
                     f'{escape(name)}</text>')
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{max(w, 0.5):.1f}" height="{bar}" fill="{colour}">'
                     f'<title>{escape(name)}: {_num(value)}{escape(unit_label)}</title></rect>')
        parts.append(f'<text x="{max(x + w, zero) + 4:.1f}" y="{y + bar - 4}" font-size="12">'
                     f'{_num(value)}</text>')
        if marks and i < len(marks) and marks[i] is not None:
            mx = zero + float(marks[i]) * scale  # type: ignore[arg-type]
            parts.append(f'<line x1="{mx:.1f}" y1="{y - 2}" x2="{mx:.1f}" y2="{y + bar + 2}" stroke="#000" '
                         f'stroke-width="2" stroke-dasharray="3,2"><title>{escape(mark_label)}: '
                         f'{_num(float(marks[i]))}</title></line>')  # type: ignore[arg-type]
    if marks and any(m is not None for m in marks):
        parts.append(f'<text x="{width - right}" y="{height - 6}" font-size="11" text-anchor="end" '
                     f'fill="#555">┆ {escape(mark_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]], *, title: str) -> str:
    """Lines over a shared x axis (e.g. cumulative points by month per unit), with a legend."""
    width, left, right, top, bottom = 720, 48, 170, 34, 40
    height = 320
    values = [v for _, vs in series for v in vs]
    hi = max([0.0, *values]) or 1.0
    lo = min([0.0, *values])
    span = hi - lo or 1.0
    plot_w = width - left - right
    plot_h = height - top - bottom
    step = plot_w / max(len(labels) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (hi - v) / span * plot_h

    parts = [f'<svg class="bulletin-chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
             f'<title>{escape(title)}</title>',
             f'<text x="{left}" y="20" font-size="14" font-weight="bold">{escape(title)}</text>']
    for k in range(5):
        v = lo + span * k / 4
        _, y = xy(0, v)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                     f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end">{_num(v)}</text>')
    for i, lab in enumerate(labels):
        x, _ = xy(i, lo)
        parts.append(f'<text x="{x:.1f}" y="{height - bottom + 16}" font-size="11" text-anchor="middle">'
                     f'{escape(lab)}</text>')
    for n, (name, vs) in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (xy(i, v) for i, v in enumerate(vs)))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}">'
                     f'<title>{escape(name)}</title></polyline>')
        ly = top + n * 16
        parts.append(f'<rect x="{width - right + 10}" y="{ly}" width="10" height="10" fill="{colour}"/>'
                     f'<text x="{width - right + 24}" y="{ly + 9}" font-size="11">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def org_chart(chief: str, leaders: Sequence[tuple[str, Sequence[tuple[str, str]]]], office: str,
              office_people: str = "") -> str:
    """The leadership and liaison network: chief -> leaders in charge -> units (liaisons)."""
    box_w, box_h, gap_x = 150, 44, 14
    columns = max(sum(len(units) for _, units in leaders), 1)
    width = max(columns * (box_w + gap_x) + gap_x, 720)
    height = 330
    parts = [f'<svg class="bulletin-chart org-chart" role="img" viewBox="0 0 {width} {height}" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="organisation">']

    def box(x: float, y: float, text: str, sub: str = "", fill: str = "#fff") -> None:
        parts.append(f'<rect x="{x:.1f}" y="{y}" width="{box_w}" height="{box_h}" rx="4" fill="{fill}" '
                     f'stroke="#8e2424"/>')
        parts.append(f'<text x="{x + box_w / 2:.1f}" y="{y + (18 if sub else 27)}" font-size="12" '
                     f'text-anchor="middle">{escape(text)}</text>')
        if sub:
            parts.append(f'<text x="{x + box_w / 2:.1f}" y="{y + 35}" font-size="11" text-anchor="middle" '
                         f'fill="#555">{escape(sub)}</text>')

    cx = width / 2 - box_w / 2
    box(cx, 10, chief, fill="#fbe9e7")
    box(cx + box_w + 40, 10, office, office_people, fill="#fff8e1")
    parts.append(f'<line x1="{cx + box_w:.1f}" y1="32" x2="{cx + box_w + 40:.1f}" y2="32" stroke="#8e2424" '
                 f'stroke-dasharray="4,3"/>')
    col = 0
    for leader, units in leaders:
        n = max(len(units), 1)
        start = gap_x + col * (box_w + gap_x)
        lx = start + (n * (box_w + gap_x) - gap_x) / 2 - box_w / 2
        box(lx, 120, leader, fill="#f3e5f5")
        parts.append(f'<line x1="{width / 2:.1f}" y1="{10 + box_h}" x2="{lx + box_w / 2:.1f}" y2="120" '
                     f'stroke="#8e2424"/>')
        for k, (unit, liaisons) in enumerate(units):
            ux = start + k * (box_w + gap_x)
            box(ux, 240, unit, liaisons)
            parts.append(f'<line x1="{lx + box_w / 2:.1f}" y1="{120 + box_h}" x2="{ux + box_w / 2:.1f}" '
                         f'y2="240" stroke="#8e2424"/>')
        col += n
    parts.append("</svg>")
    return "".join(parts)
