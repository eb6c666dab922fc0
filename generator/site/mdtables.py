"""A Markdown extension for the site's tables: every data cell carries its column's header.

On a phone (bulletin.css) a table of four or more columns is shown as stacked
rows: one card per row, each cell preceded by its header (``td::before {
content: attr(data-label) }``), the row's main cell (the longest text of the
left-aligned columns: a unit, a title) on top. On a wide screen and on paper
the tables are ordinary tables. The header texts are set as attribute values
by ElementTree, which escapes them.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

STACK_FROM = 4          # tables with fewer columns fit a phone as they are
WIDE_TEXT = 12          # a cell longer than this spans the whole card on a phone
_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")


def _text(element: ET.Element) -> str:
    return " ".join(_PLACEHOLDER.sub("", "".join(element.itertext())).split())


def _aligned(cell: ET.Element) -> bool:
    style = cell.get("style", "") + cell.get("align", "")
    return "right" in style or "center" in style


def label_table(table: ET.Element) -> None:
    """Set data-label on the cells of one table, data-stack on the table, data-main on its main cells."""
    head = table.find("thead")
    body = table.find("tbody")
    if head is None or body is None:
        return
    header_row = head.find("tr")
    if header_row is None:
        return
    headers = [_text(th) for th in header_row]
    if len(headers) < STACK_FROM:
        return
    rows = [list(tr) for tr in body.findall("tr")]
    if not rows:
        return
    lengths = [0] * len(headers)
    left = [True] * len(headers)
    longest = [0] * len(headers)
    for cells in rows:
        for i, cell in enumerate(cells[:len(headers)]):
            n = len(_text(cell))
            lengths[i] += n
            longest[i] = max(longest[i], n)
            if _aligned(cell):
                left[i] = False
    candidates = [i for i in range(len(headers)) if left[i]] or list(range(len(headers)))
    main = max(candidates, key=lambda i: (lengths[i], -i))
    table.set("data-stack", str(len(headers)))
    for cells in rows:
        for i, cell in enumerate(cells[:len(headers)]):
            cell.set("data-label", headers[i])
            if i == main:
                cell.set("data-main", "")
            elif longest[i] > WIDE_TEXT:
                cell.set("data-wide", "")


class _Labels(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for table in root.iter("table"):
            if not table.get("class"):
                label_table(table)


class TableLabels(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After inline patterns (20), so header cells hold their final text.
        md.treeprocessors.register(_Labels(md), "bulletin_table_labels", 4)


def makeExtension(**kwargs: Any) -> TableLabels:  # noqa: N802 (Markdown's entry point)
    return TableLabels(**kwargs)
