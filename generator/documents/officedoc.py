"""Official documents of an issued bulletin: DOCX (GB/T 9704-2012 layout), XLSX, and PDF via LibreOffice.

Everything is rendered from the record (:class:`record.IssuedBulletin`), never
recomputed. The DOCX follows the usual layout of a Chinese government document:
A4, 版心 156 × 225 mm (margins 37/35/28/26 mm), a red 发文机关标志 in 小标宋,
the 文号 and a red separator line, the title in 2号小标宋, body text in 3号仿宋
(22 lines of 28 characters), numbered sections (一、 in 黑体, （一） in 楷体),
ranking tables, signature and date, the 版记 (抄送 and the 印发 line between
rules), and page numbers "— 1 —" on the outer side. Fonts are named as the
bureau's Word/WPS has them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312);
:func:`bulletin_pdf` maps them to installed CJK fonts for LibreOffice.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..errors import BulletinError
from ..messages import msg
from ..numbers import fmt_value
from ..periods import YEAR
from ..read.bulletins import (
    FIELD_NAMES,
    SUBJECT_NAMES,
    Correction,
    IssuedBulletin,
    cn_date,
    period_words,
)
from .package import package_created, stable_package, stable_pdf
from .report import ENTRY_HEADER, PEOPLE_HEADER, UNIT_HEADER
from .sections import cn_number, rank_change, section_views
from .workbook import Sheet, workbook

XIAOBIAOSONG = "方正小标宋简体"
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# Chinese type sizes in points.
CHUHAO, XIAOCHU, ERHAO, SANHAO, SIHAO, XIAOSI, WUHAO = 42, 36, 22, 16, 14, 12, 10.5
RED = "FF0000"
LINE = 28.9            # 22 lines in the 225 mm 版心 (GB/T 9704-2012 5.2.2)
TEXT_WIDTH_MM = 156

ADDRESSEES = "局属各科室、各事业单位："
CHINESE_NUMBERS = "一二三四五六七八九十"


# --------------------------------------------------------------------------- small helpers

def fmt(value: Any) -> str:
    """A figure as printed: 12, 12.5, 12.33; booleans 是/否; None — (numbers.fmt_value, the one rule)."""
    return fmt_value(value)


def _heading_number(i: int) -> str:
    return cn_number(i)


def _unit_names(rec: IssuedBulletin, ids: Iterable[str]) -> str:
    return "、".join(rec.unit_name(u) for u in ids)


def _level_name(rec: IssuedBulletin, level: str | None) -> str:
    return str(rec.labels["levels"].get(level or "", level or "—"))


def correction_rows(rec: IssuedBulletin, corrections: Sequence[Correction] | None = None,
                    compact: bool = False) -> list[list[str]]:
    """The 更正 table: 原通报, 对象, 项目, 原数值, 更正后, 原因.

    ``compact`` leaves out the ranks of people whose own points did not change (they only moved because
    someone else's did); the record keeps them all.
    """
    rows = []
    items = list(corrections if corrections is not None else rec.corrections)
    moved = {(c.period, c.id) for c in items if c.subject == "person" and c.field != "rank"}
    for c in items:
        if compact and c.subject == "person" and c.field == "rank" and (c.period, c.id) not in moved:
            continue
        if c.subject == "awards":
            old = fmt([rec.unit_name(u) if c.id == "units" else rec.person_name(u) for u in c.old or []])
            new = fmt([rec.unit_name(u) if c.id == "units" else rec.person_name(u) for u in c.new or []])
        else:
            old, new = fmt(c.old), fmt(c.new)
        cause = "；".join(f"{ref.date} {ref.subject}（{ref.short}）" for ref in c.commits) or "计分规则调整"
        rows.append([f"{c.number or c.period}", f"{SUBJECT_NAMES.get(c.subject, c.subject)}：{c.name}",
                     FIELD_NAMES.get(c.field, c.field), old, new, cause])
    return rows


# --------------------------------------------------------------------------- DOCX

# Schema order of the children we add (WordprocessingML is strict about it; Word rejects disorder).
_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
              "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
              "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
              "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
              "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
_RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
              "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w",
              "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign",
              "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath")
_TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
                "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
                "tblCaption", "tblDescription")
_TRPR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
               "tblHeader", "tblCellSpacing", "jc", "hidden")


def _put(parent: Any, child: Any, order: Sequence[str]) -> Any:
    """Insert ``child`` into ``parent`` at its schema position, replacing one of the same tag."""
    from docx.oxml.ns import qn

    name = child.tag.split("}")[1]
    for old in parent.findall(qn(f"w:{name}")):
        parent.remove(old)
    rank = order.index(name)
    for i, el in enumerate(parent):
        tag = el.tag.split("}")[1] if "}" in el.tag else el.tag
        if tag in order and order.index(tag) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def _line_break() -> Any:
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def text_width(text: str) -> float:
    """The width of ``text`` in ems: a CJK character 1, a Latin letter, digit or space about half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


TITLE_EMS = 18          # 2号 characters in a line of the 版心 (20), less a margin for LibreOffice's spacing
_TITLE_BREAK_AFTER = "于年度份期季的和及与、暨"
# Words a title line never ends inside (词意完整).
_TITLE_WORDS = ("信息", "宣传", "工作", "情况", "通报", "季度", "半年", "月份", "年度", "表彰", "先进", "单位", "个人",
                "更正", "关于", "优秀", "信息员")


def _occurrences(text: str, word: str) -> list[int]:
    out, j = [], text.find(word)
    while j >= 0:
        out.append(j)
        j = text.find(word, j + 1)
    return out


def title_lines(text: str, width: float = TITLE_EMS) -> list[str]:
    """A title broken into lines of at most ``width`` ems, as balanced as possible, each of two characters or
    more, never inside a run of digits or Latin letters; breaks after 于/年/度/的… are preferred."""
    if text_width(text) <= width:
        return [text]
    n_lines = 2
    while text_width(text) / n_lines > width:
        n_lines += 1

    def ok(i: int) -> bool:
        if not 2 <= i <= len(text) - 2:
            return False
        if text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii() and text[i].isalnum():
            return False
        return not any(j < i < j + len(w) for w in _TITLE_WORDS for j in _occurrences(text, w))

    best: tuple[float, list[str]] | None = None

    def walk(start: int, lines: list[str]) -> None:
        nonlocal best
        rest = text[start:]
        if len(lines) == n_lines - 1:
            if text_width(rest) <= width and len(rest) >= 2:
                done = lines + [rest]
                widths = [text_width(x) for x in done]
                cost = max(widths) - min(widths) + sum(0.0 if x[-1] in _TITLE_BREAK_AFTER else 4.0
                                                      for x in done[:-1])
                if best is None or cost < best[0]:
                    best = (cost, done)
            return
        for i in range(start + 2, len(text) - 1):
            if not ok(i):
                continue
            line = text[start:i]
            if text_width(line) > width:
                break
            walk(i, lines + [line])

    walk(0, [])
    return best[1] if best else [text]


CELL_MARGIN_MM = 1.9      # the left and right cell margins of Word's "Table Grid" (108 twips)


def column_widths(texts: Sequence[Sequence[str]], shares: Sequence[float], size: float,
                  total_mm: float = TEXT_WIDTH_MM, margin_mm: float = CELL_MARGIN_MM) -> list[float]:
    """Column widths in mm: every header and every short value (a number, a date, a word of up to four
    characters) on one line, the rest of the width shared out by ``shares``; ``margin_mm`` is the table's
    left and right cell margin."""
    pad_mm = 2 * margin_mm + 1.0                        # the cell margins and a little air
    em_mm = size / 72 * 25.4
    mins = []
    for c in range(len(shares)):
        words = [str(texts[0][c])] + [str(row[c]) for row in texts[1:]
                                      if c < len(row) and (str(row[c]).isascii() or len(str(row[c])) <= 4)]
        # Latin letters and digits at 0.62 em: wide enough for the mapped fonts' digits and hyphens.
        mins.append(max(text_width(w) + 0.07 * sum(ord(ch) < 0x2E80 for ch in w) for w in words) * em_mm + pad_mm)
    widths = [total_mm * s / sum(shares) for s in shares]
    fixed: set[int] = set()
    for _ in range(len(shares)):
        short = [i for i in range(len(shares)) if i not in fixed and widths[i] < mins[i]]
        if not short:
            break
        fixed.update(short)
        left = total_mm - sum(mins[i] for i in fixed)
        free = [i for i in range(len(shares)) if i not in fixed]
        for i in fixed:
            widths[i] = mins[i]
        for i in free:
            widths[i] = max(left, 0) * shares[i] / sum(shares[j] for j in free)
    return widths


class _Doc:
    """A python-docx document with the helpers of a 公文."""

    def __init__(self) -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        self.doc = Document()
        self.tables = 0                  # 表1, 表2, … numbered in order, without gaps
        sec = self.doc.sections[0]
        sec.orientation = WD_ORIENT.PORTRAIT
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        sec.header_distance, sec.footer_distance = Mm(15), Mm(22)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(SANHAO)
        self._fonts(normal.element.get_or_add_rPr(), FANGSONG)
        pf = normal.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing = Pt(LINE)
        self._page_numbers()

    # ---- low level
    @staticmethod
    def _fonts(rpr: Any, name: str) -> None:
        from docx.oxml.ns import qn

        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            from docx.oxml import OxmlElement

            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name if attr == "w:eastAsia" or name in (SONGTI,) else
                      ("Times New Roman" if name in (FANGSONG, KAITI, XIAOBIAOSONG) else name))

    def run(self, paragraph: Any, text: str, font: str = FANGSONG, size: float = SANHAO, *, bold: bool = False,
            color: str | None = None, scale: int | None = None) -> Any:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        r = paragraph.add_run(text)
        r.font.size = Pt(size)
        r.font.bold = bold
        self._fonts(r._element.get_or_add_rPr(), font)
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        if scale:
            w = OxmlElement("w:w")
            w.set(qn("w:val"), str(scale))
            _put(r._element.get_or_add_rPr(), w, _RPR_ORDER)
        return r

    def para(self, text: str = "", font: str = FANGSONG, size: float = SANHAO, *, align: str = "justify",
             indent: float = 2, bold: bool = False, color: str | None = None, line: float | None = LINE,
             before: float = 0, after: float = 0, right_indent: float = 0) -> Any:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        p = self.doc.add_paragraph()
        p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                       "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        pf = p.paragraph_format
        pf.first_line_indent = Pt(size * indent) if indent else None
        if right_indent:
            pf.right_indent = Pt(size * right_indent)
        if line:
            pf.line_spacing = Pt(line)
        pf.space_before, pf.space_after = Pt(before), Pt(after)
        if text:
            self.run(p, text, font, size, bold=bold, color=color)
        return p

    @staticmethod
    def border(paragraph: Any, side: str, size_eighths: int, color: str = "000000") -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        ppr = paragraph._p.get_or_add_pPr()
        bdr = ppr.find(qn("w:pBdr"))
        if bdr is None:
            bdr = _put(ppr, OxmlElement("w:pBdr"), _PPR_ORDER)
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size_eighths))
        el.set(qn("w:space"), "1")
        el.set(qn("w:color"), color)
        bdr.append(el)

    def _page_numbers(self) -> None:
        """"— N —" in 4号宋体: odd pages on the right, even pages on the left, one character in."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        self.doc.settings.odd_and_even_pages_header_footer = True
        sec = self.doc.sections[0]
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer,
                                                                         WD_ALIGN_PARAGRAPH.LEFT)):
            p = footer.paragraphs[0]
            p.alignment = align
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = Pt(SIHAO)
            else:
                p.paragraph_format.left_indent = Pt(SIHAO)
            self.run(p, "— ", SONGTI, SIHAO)
            r = self.run(p, "", SONGTI, SIHAO)
            for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                               ("end", None)):
                if kind:
                    el = OxmlElement("w:fldChar")
                    el.set(qn("w:fldCharType"), kind)
                elif text == "1":
                    el = OxmlElement("w:t")
                    el.text = "1"
                else:
                    el = OxmlElement("w:instrText")
                    el.set(qn("xml:space"), "preserve")
                    el.text = text
                r._element.append(el)
            self.run(p, " —", SONGTI, SIHAO)

    # ---- parts of a 公文
    def masthead(self, issuer: str, number: str | None) -> None:
        """发文机关标志 (red 小标宋, squeezed to fit the 版心), 文号, red separator line."""
        from docx.shared import Pt

        # 35 mm from the top of the 版心 to the top of the mark.
        p = self.para(align="center", indent=0, line=None, before=0)
        p.paragraph_format.space_before = Pt(35 / 25.4 * 72 - 24)
        p.paragraph_format.line_spacing = 1.0
        size = XIAOCHU
        width_pt = TEXT_WIDTH_MM / 25.4 * 72
        scale = min(100, int(width_pt / (len(issuer) * size) * 100))
        self.run(p, issuer, XIAOBIAOSONG, size, color=RED, scale=scale if scale < 100 else None)
        self.para(line=LINE)
        self.para(line=LINE)
        p = self.para(number or "", FANGSONG, SANHAO, align="center", indent=0)
        self.border(p, "bottom", 18, RED)     # 4 mm under the number, as wide as the 版心
        p.paragraph_format.space_after = Pt(0)

    def title(self, text: str) -> None:
        """公文标题 in 2号小标宋, centred; a long title is broken into balanced lines by :func:`title_lines`
        (never a line of one character, GB/T 9704-2012 7.3.1)."""
        self.para(line=LINE)
        self.para(line=LINE)
        p = self.para(align="center", indent=0, line=36)
        for i, line in enumerate(title_lines(text)):
            r = self.run(p, line, XIAOBIAOSONG, ERHAO)
            if i:
                r._element.addprevious(_line_break())
        self.para(line=LINE)

    def heading(self, number: int, text: str) -> None:
        p = self.para(f"{_heading_number(number)}、{text}", HEITI, SANHAO)
        p.paragraph_format.keep_with_next = True

    def subheading(self, number: int, text: str) -> None:
        self.para(f"（{_heading_number(number)}）{text}", KAITI, SANHAO)

    def table(self, caption: str, header: Sequence[str], rows: Sequence[Sequence[Any]],
              widths: Sequence[float] | None = None, size: float = WUHAO,
              margin_mm: float = CELL_MARGIN_MM) -> None:
        """表N caption and a fixed-width table; a wide table may use a smaller ``size`` and narrower cell
        margins (``margin_mm``) so that every header stays on one line."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.tables += 1
        caption = f"表{self.tables} {caption}"
        cap = self.para(caption, HEITI, XIAOSI, align="center", indent=0, line=24, before=6)
        cap.paragraph_format.keep_with_next = True      # the caption stays with the table's first row
        t = self.doc.add_table(rows=1 + len(rows), cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        # Repeat the header row on every page.
        trpr = t.rows[0]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        _put(trpr, el, _TRPR_ORDER)
        shares = list(widths) if widths else [1.0] * len(header)
        texts = [list(header)] + [[v if isinstance(v, str) else fmt(v) for v in values] for values in rows]
        self._fixed(t, [Mm(w) for w in column_widths(texts, shares, size, margin_mm=margin_mm)])
        if margin_mm != CELL_MARGIN_MM:
            mar = OxmlElement("w:tblCellMar")
            for side in ("left", "right"):
                el = OxmlElement(f"w:{side}")
                el.set(qn("w:w"), str(round(margin_mm / 25.4 * 1440)))
                el.set(qn("w:type"), "dxa")
                mar.append(el)
            _put(t._tbl.tblPr, mar, _TBLPR_ORDER)
        for r, values in enumerate(texts):
            tr = t.rows[r]._tr.get_or_add_trPr()
            _put(tr, OxmlElement("w:cantSplit"), _TRPR_ORDER)     # a row is never split across pages
            for c, value in enumerate(values):
                cell = t.cell(r, c)
                p = cell.paragraphs[0]
                if r == 0:
                    p.paragraph_format.keep_with_next = True   # the header row stays with the first row
                text = value if isinstance(value, str) else fmt(value)
                long = len(text) > 8 and r > 0
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if long else WD_ALIGN_PARAGRAPH.CENTER
                p.paragraph_format.line_spacing = Pt(size * 1.5)
                p.paragraph_format.first_line_indent = None
                self.run(p, text, HEITI if r == 0 else FANGSONG, size)
        self.para(line=12)

    def signature(self, issuer: str, day: dt.date) -> None:
        """发文机关署名 and 成文日期, right-aligned, four characters in (GB/T 9704-2012 7.3.5.2).

        The last paragraph of the body is kept on the signature's page: the 落款 never stands alone."""
        last = self.doc.paragraphs[-1]
        last.paragraph_format.keep_with_next = True
        last.paragraph_format.keep_together = True
        for p in (self.para(line=LINE), self.para(line=LINE),
                  self.para(issuer, align="right", indent=0, right_indent=4 if len(issuer) < 14 else 0)):
            p.paragraph_format.keep_with_next = True
        self.para(cn_date(day), align="right", indent=0, right_indent=4)

    def imprint(self, copies: str, issuer: str, day: dt.date) -> None:
        """版记 at the foot of the last page: 抄送 and the 印发 line between a thick, a thin and a thick rule
        (GB/T 9704-2012 7.4).

        Paragraphs in one frame (w:framePr) placed from the top of the 版心 so that the last rule is the 版心's
        last line; the frame belongs to the page of the document's last paragraph. The rules are underlined
        tabs as wide as the 版心 (LibreOffice drops a frame whose paragraphs have borders).
        """
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        line_pt, pad_pt, rule_pt = 20, 4, 6
        height_pt = 2 * (line_pt + 2 * pad_pt) + 3 * rule_pt
        top_twips = int((297 - 37 - 35) / 25.4 * 1440 - (height_pt + 20) * 20)
        width_twips = int(TEXT_WIDTH_MM / 25.4 * 1440)

        def framed(p: Any) -> None:
            frame = OxmlElement("w:framePr")
            for attr, value in (("w:w", str(width_twips)), ("w:hSpace", "0"), ("w:vSpace", "0"),
                                ("w:wrap", "notBeside"), ("w:hAnchor", "margin"), ("w:vAnchor", "margin"),
                                ("w:xAlign", "center"), ("w:y", str(top_twips))):
                frame.set(qn(attr), value)
            _put(p._p.get_or_add_pPr(), frame, _PPR_ORDER)

        def rule(thick: bool) -> None:
            p = self.doc.add_paragraph()
            pf = p.paragraph_format
            pf.first_line_indent = None
            pf.line_spacing = Pt(rule_pt)
            pf.space_before = pf.space_after = Pt(0)
            pf.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM), WD_TAB_ALIGNMENT.RIGHT)
            r = self.run(p, "\t", SONGTI, 4 if thick else 2)
            u = OxmlElement("w:u")
            u.set(qn("w:val"), "thick" if thick else "single")
            _put(r._element.get_or_add_rPr(), u, _RPR_ORDER)
            framed(p)

        rule(True)
        for row, text in ((0, f"抄送：{copies}。"), (1, f"{issuer}\t{cn_date(day)}印发")):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.LEFT
            pf = p.paragraph_format
            pf.first_line_indent = None
            pf.left_indent = pf.right_indent = Pt(SIHAO)
            pf.line_spacing = Pt(line_pt)
            pf.space_before = pf.space_after = Pt(pad_pt)
            if row == 1:
                pf.tab_stops.add_tab_stop(Mm(TEXT_WIDTH_MM) - Pt(SIHAO), WD_TAB_ALIGNMENT.RIGHT)
            framed(p)
            self.run(p, text, FANGSONG, SIHAO)
            rule(row == 1)
        end = self.para(line=None)   # the frame ends where an unframed paragraph starts
        end.paragraph_format.line_spacing = Pt(1)

    @staticmethod
    def _fixed(table: Any, widths: Sequence[Any]) -> None:
        """Fixed layout with explicit column widths (LibreOffice ignores cell widths alone)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        table.autofit = False      # w:tblLayout type="fixed"
        tw = OxmlElement("w:tblW")
        tw.set(qn("w:w"), str(int(sum(w for w in widths) / 635)))   # EMU -> twips
        tw.set(qn("w:type"), "dxa")
        _put(table._tbl.tblPr, tw, _TBLPR_ORDER)
        for i, w in enumerate(widths):
            table.columns[i].width = w
            for cell in table.columns[i].cells:
                cell.width = w

    def bytes(self, title: str, created: dt.date) -> bytes:
        props = self.doc.core_properties
        props.title = title
        props.author = ""
        props.last_modified_by = ""
        props.comments = ""
        props.revision = 1
        stamp = dt.datetime(created.year, created.month, created.day)
        props.created = stamp
        props.modified = stamp
        buf = io.BytesIO()
        self.doc.save(buf)
        return stable_package(buf.getvalue())


def _people_rows(rec: IssuedBulletin, limit: int = 30) -> list[list[Any]]:
    rows = [r for r in rec.people if (r.get("points") or 0) != 0]
    return [[r["rank"], r["name"], rec.unit_name(r.get("unit")), r["points"], r["cumulative"]]
            for r in rows[:limit]]


def bulletin_docx(rec: IssuedBulletin) -> bytes:
    """The issued bulletin as a DOCX 公文 (from the record's figures only)."""
    d = _Doc()
    period = rec.period
    words = period_words(period)
    t = rec.totals
    d.masthead(rec.issuer, rec.number)
    d.title(rec.title)
    d.para(ADDRESSEES, indent=0, align="left")
    if rec.supersedes:
        sup = rec.supersedes
        d.para(f"本通报更正并替代{sup.get('number') or '原通报'}（{sup.get('issued')}印发），原通报同时废止。"
               f"更正原因：{sup.get('reason')}。")
    levels = "、".join(f"{row['name']}{row['adoptions']}篇次" for row in t["by_level"] if row["adoptions"])
    summary = (f"{words}，局属各科室、各单位共报送经审核签发的信息宣传稿件{t['submitted']}篇，被各级媒体和党政信息"
               f"刊物采用{t['adoptions']}篇次（{t['adopted_items']}篇）"
               + (f"，其中{levels}" if levels else "")
               + (f"；获领导批示{t['instructions']}次" if t["instructions"] else "") + "。")
    d.para(summary)
    d.para(f"根据《信息宣传工作积分办法》，现将{words}全局信息宣传工作情况通报如下（数据截至"
           f"{cn_date(rec.as_of)}）：")
    n = 0
    n += 1
    d.heading(n, "总体情况")
    d.table(f"{words}各级采用情况", ["级别", "采用篇次", "积分"],
            [[row["name"], row["adoptions"], row["points"]] for row in t["by_level"]]
            + [["合计", t["adoptions"], sum(row["points"] or 0 for row in t["by_level"])]], widths=[3, 2, 2])
    if period.kind == YEAR or period.months >= 3:
        d.table(f"{words}分类别报送和采用情况", ["类别", "报送篇数", "采用篇次", "积分"],
                [[row["name"], row["submitted"], row["adoptions"], row["points"]] for row in t["by_category"]],
                widths=[3, 2, 2, 2])
    n += 1
    d.heading(n, "单位积分排名")
    leaders = [u for u in rec.units if u["rank"] <= 3 and (u["points"] or 0) > 0]
    if leaders:
        d.para(f"{words}积分排名前列的单位是：{'、'.join(u['name'] for u in leaders)}。")
    changes = rank_change(rec)
    header = ["排名", "单位", "报送", "采用", "本期积分", "累计积分", "累计排名", "目标积分", "完成目标"]
    unit_rows = [[u["rank"], u["name"], u["submitted"], u["adopted"], u["points"], u["cumulative"],
                  u["cumulative_rank"], u["target"], fmt(u["target_met"]) if u["target"] is not None else "—"]
                 for u in rec.units]
    shares = [1.1, 3.4, 1.1, 1.1, 1.5, 1.5, 1.5, 1.5, 1.5]
    if changes is None:             # no comparable earlier period (or a record before sections): no column
        d.table(f"{words}单位积分排名", header, unit_rows, widths=shares)
    else:                           # ten columns: 小五 and narrow cell margins keep every header on one line
        header.insert(7, "名次变化")
        shares.insert(7, 1.5)
        for u, row in zip(rec.units, unit_rows, strict=True):
            row.insert(7, changes.get(u["unit"], "—"))
        d.table(f"{words}单位积分排名", header, unit_rows, widths=shares, size=9, margin_mm=0.8)
    n += 1
    d.heading(n, "个人积分排名")
    people = _people_rows(rec)
    if people:
        d.table(f"{words}个人积分排名", ["排名", "姓名", "单位", "本期积分", "累计积分"], people,
                widths=[1.2, 2, 4, 2, 2])
    else:
        d.para(f"{words}无个人得分。")
    n += 1
    d.heading(n, "稿件采用情况")
    items = rec.adopted_items
    if items:
        d.table(f"{words}稿件采用情况", ["序号", "稿件标题", "单位", "采用媒体", "级别", "日期"],
                [[i + 1, row["title"], _unit_names(rec, row["units"]), row["outlet_name"],
                  _level_name(rec, row["level"]), row["date"]] for i, row in enumerate(items)],
                widths=[0.9, 5, 2.4, 3.2, 1.2, 2])
    else:
        d.para(f"{words}无稿件被采用。")
    n += 1
    below = [u for u in rec.units if u["target"] is not None and not u["target_met"]]
    d.heading(n, "目标任务完成情况")
    if below:
        text = (f"截至{cn_date(min(rec.as_of, period.end))}，{'、'.join(u['name'] for u in below)}"
                f"等{len(below)}个单位未完成按月折算的年度目标任务")
        if period.kind == YEAR and rec.awards and rec.awards.get("excluded"):
            text += "，根据积分办法，取消其年度评优资格。"
        else:
            text += "，请相关单位对照目标任务，加大信息报送力度。"
        d.para(text)
    else:
        d.para("各单位均完成按月折算的年度目标任务。")
    # The sections a record issued with them holds (sections.py): 约稿, 批示, 采用率, 迟报, 计划, 舆情, 学习强国.
    for view in section_views(rec, words):
        n += 1
        d.heading(n, view.heading)
        for line in view.lines:
            d.para(line)
        for tb in view.tables:
            d.table(tb.caption, tb.header, tb.rows, widths=tb.widths or None)
    if period.kind == YEAR and rec.awards is not None:
        aw = rec.awards
        n += 1
        d.heading(n, "表彰先进")
        d.para("根据年度积分和目标任务完成情况，经研究，决定对以下单位和个人予以通报表彰：")
        d.subheading(1, "先进单位")
        d.para("、".join(u["name"] for u in aw["units"]) or "无（没有完成年度目标任务的单位）。")
        persons = [p for p in aw["people"] if not p.get("liaison")]
        liaisons = [p for p in aw["people"] if p.get("liaison")]

        def named(group: Iterable[Mapping[str, Any]]) -> str:
            return "、".join(f"{p['name']}（{rec.unit_name(p.get('unit'))}）" for p in group) + "。"

        sub = 1
        if persons and liaisons:      # people who are not liaisons are 先进个人, liaisons 优秀信息员
            sub += 1
            d.subheading(sub, "先进个人")
            d.para(named(persons))
            sub += 1
            d.subheading(sub, "优秀信息员")
            d.para(named(liaisons))
        else:
            sub += 1
            d.subheading(sub, "先进个人（优秀信息员）" if liaisons else "先进个人")
            d.para(named(aw["people"]) if aw["people"] else "无。")
        if aw.get("excluded"):
            sub += 1
            d.subheading(sub, "取消评优资格")
            d.para(f"{_unit_names(rec, aw['excluded'])}未完成年度目标任务，取消年度评优资格。")
    if rec.corrections:
        n += 1
        d.heading(n, "更正")
        d.para("经复核，此前印发的通报中下列数据因采用、审核等情况在印发后发生变化，现予更正：")
        rows = correction_rows(rec, compact=True)
        d.table("数据更正", ["原通报", "对象", "项目", "原数值", "更正后", "原因"], rows,
                widths=[3.3, 2.9, 1.9, 1.2, 1.2, 4.5])
        if len(rows) < len(rec.corrections):
            d.para("其他人员的个人积分排名名次相应顺延（详见排名表“更正”工作表）。")
    if period.kind == YEAR:
        d.para("希望受到表彰的单位和个人珍惜荣誉、再接再厉；各科室、各单位要以先进为榜样，进一步提高对信息宣传工作"
               "重要性的认识，确保完成新一年度的目标任务。")
    else:
        d.para("希望各科室、各单位进一步提高对信息宣传工作的认识，落实专人、逐级审核，围绕中心工作及时报送高质量"
               "信息，确保完成年度目标任务。")
    d.signature(rec.issuer, rec.issued)
    d.imprint("局领导", rec.issuer, rec.issued)
    return d.bytes(rec.title, rec.issued)


# --------------------------------------------------------------------------- XLSX

def bulletin_sheets(rec: IssuedBulletin) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(sheet name, header, rows) of every table of the bulletin, figures as issued; the rankings and entries
    with the columns of the site's ranking downloads (report.ranking_sheets)."""
    titles = {r["submission"]: r["title"] for r in rec.adopted_items}
    outlets = {r["outlet"]: r["outlet_name"] for r in rec.adopted_items}
    outlets.update({k: v.get("name", k) for k, v in (rec.labels.get("outlets") or {}).items()
                    if isinstance(v, Mapping)})

    def detail(e: Mapping[str, Any]) -> str:
        d = e.get("detail") or ""
        if e["kind"] in ("adoption", "backflow"):
            return str(outlets.get(d, d))
        if e["kind"] == "instruction":
            return _level_name(rec, d)
        return str(d)

    unit_header = list(UNIT_HEADER)
    unit_rows: list[list[Any]] = [
        [u["rank"], u["name"], u["points"], u["cumulative"], u["cumulative_rank"], u["submitted"], u["adopted"],
         u["target"], (fmt(u["target_met"]) if u["target"] is not None else "—")] for u in rec.units]
    changes = rank_change(rec)
    if changes is not None:         # after 累计排名, as on the issued page
        unit_header.insert(5, "名次变化")
        for u, row in zip(rec.units, unit_rows, strict=True):
            row.insert(5, changes.get(u["unit"], "—"))
    sheets: list[tuple[str, list[str], list[list[Any]]]] = [
        ("单位排名", unit_header, unit_rows),
        ("个人排名", list(PEOPLE_HEADER),
         [[p["rank"], p["name"], rec.unit_name(p.get("unit")), p["points"], p["cumulative"]] for p in rec.people]),
        ("稿件采用", ["序号", "稿件标题", "单位", "类别", "采用媒体", "级别", "日期", "积分"],
         [[i + 1, r["title"], _unit_names(rec, r["units"]), rec.labels["categories"].get(r["category"] or "", ""),
           r["outlet_name"], _level_name(rec, r["level"]), r["date"], r["points"]]
          for i, r in enumerate(rec.adopted_items)]),
        ("分级统计", ["级别", "采用篇次", "积分"],
         [[r["name"], r["adoptions"], r["points"]] for r in rec.totals["by_level"]]),
        ("分类统计", ["类别", "报送篇数", "采用篇次", "积分"],
         [[r["name"], r["submitted"], r["adoptions"], r["points"]] for r in rec.totals["by_category"]]),
        ("得分明细", list(ENTRY_HEADER),
         [[e["date"], rec.unit_name(e["unit"]), _KIND_NAMES.get(e["kind"], e["kind"]), e["points"],
           titles.get(e.get("submission") or "", _withheld_path(e.get("submission") or "")), detail(e)]
          for e in rec.entries]),
    ]
    if rec.awards is not None:
        aw = rec.awards
        rows: list[list[Any]] = [["先进单位", u["name"], "", u["points"]] for u in aw["units"]]
        rows += [["优秀信息员" if p.get("liaison") else "先进个人", p["name"], rec.unit_name(p.get("unit")),
                  p["points"]] for p in aw["people"]]
        rows += [["取消评优资格", rec.unit_name(u), "未完成年度目标任务", None] for u in aw.get("excluded") or ()]
        sheets.append(("年度表彰", ["类别", "名称", "单位/说明", "年度积分"], rows))
    if rec.corrections:
        sheets.append(("更正", ["原通报", "对象", "项目", "原数值", "更正后", "原因"], correction_rows(rec)))
    for view in section_views(rec, period_words(rec.period)):
        for tb in view.tables:
            sheets.append((tb.sheet or tb.caption[:31], list(tb.header), [list(r) for r in tb.rows]))
    return sheets


def _withheld_path(path: str) -> str:
    """A file path as a table shows it when no title is known: its name without folders and suffix."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0] if path else ""


_KIND_NAMES = {
    "adoption": "采用", "instruction": "批示", "backflow": "信息倒流", "urgent_late": "紧急信息迟报",
    "solicitation_on_time": "约稿按时报送", "solicitation_late": "约稿逾期报送", "solicitation_missed": "约稿未报送",
    "competition": "调研评比获奖", "opinion_late_report": "舆情报送超时", "opinion_late_reply": "舆情回复超时",
}


def bulletin_xlsx(rec: IssuedBulletin) -> bytes:
    """The bulletin's tables in the one Excel layout of the site's downloads (workbook.py): one sheet per
    table, title and information rows, dates as dates, A4 print set-up."""
    info = f"{rec.number or ''}　统计期间：{rec.period.start}至{rec.period.end}　数据截至：{rec.as_of}　" \
           f"印发日期：{rec.issued}"
    return workbook(rec.title, info, [Sheet(name, header, rows) for name, header, rows in bulletin_sheets(rec)],
                    subject=rec.number or "", creator=rec.issuer, created=rec.issued)


# --------------------------------------------------------------------------- PDF (LibreOffice)

# What the official fonts become where they are not installed (Debian: fonts-noto-cjk, fonts-arphic-ukai).
_FONT_MAP = {XIAOBIAOSONG: ("Noto Serif CJK SC", "bold"), FANGSONG: ("Noto Serif CJK SC", None),
             KAITI: ("AR PL UKai CN", None), HEITI: ("Noto Sans CJK SC", None), SONGTI: ("Noto Serif CJK SC", None),
             "仿宋": ("Noto Serif CJK SC", None), "楷体": ("AR PL UKai CN", None)}


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _fontconfig(folder: Path) -> Path:
    rules = []
    for family, (target, weight) in _FONT_MAP.items():
        edit = f'<edit name="family" mode="assign" binding="strong"><string>{target}</string></edit>'
        if weight:
            edit += f'<edit name="weight" mode="assign"><const>{weight}</const></edit>'
        rules.append(f'<match target="pattern"><test name="family"><string>{family}</string></test>{edit}</match>')
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
                    + "\n".join(rules) + "\n</fontconfig>\n", encoding="utf-8")
    return conf


def to_pdf(document: bytes, suffix: str = ".docx", timeout: float = 120) -> bytes | None:
    """Convert a DOCX (or XLSX) to PDF with LibreOffice; None when LibreOffice is not installed."""
    exe = soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as tmp:
        folder = Path(tmp)
        src = folder / f"bulletin{suffix}"
        src.write_bytes(document)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(_fontconfig(folder))
        env["HOME"] = str(folder)
        cmd = [exe, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder / "out"), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BulletinError(msg("doc.pdf_timeout", seconds=f"{timeout:.0f}")) from None
        pdf = folder / "out" / "bulletin.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            raise BulletinError(msg("doc.pdf_failed", detail=proc.stderr.decode("utf-8", "replace").strip()[-500:]))
        return stable_pdf(pdf.read_bytes(), package_created(document))


def to_pdfs(documents: Sequence[bytes], suffix: str = ".docx", timeout: float = 600) -> list[bytes] | None:
    """Convert several documents to PDF with one LibreOffice start (a start takes seconds, a document less);
    None when LibreOffice is not installed."""
    exe = soffice()
    if exe is None:
        return None
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="bulletin-pdf-") as tmp:
        folder = Path(tmp)
        sources = []
        for i, document in enumerate(documents):
            src = folder / f"d{i:04d}{suffix}"
            src.write_bytes(document)
            sources.append(src)
        env = dict(os.environ)
        env["FONTCONFIG_FILE"] = str(_fontconfig(folder))
        env["HOME"] = str(folder)
        cmd = [exe, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(folder / "out"), *map(str, sources)]
        try:
            proc = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise BulletinError(msg("doc.pdf_timeout", seconds=f"{timeout:.0f}")) from None
        out = []
        for src, document in zip(sources, documents, strict=True):
            pdf = folder / "out" / f"{src.stem}.pdf"
            if proc.returncode != 0 or not pdf.is_file():
                raise BulletinError(msg("doc.pdf_failed",
                                        detail=proc.stderr.decode("utf-8", "replace").strip()[-500:]))
            out.append(stable_pdf(pdf.read_bytes(), package_created(document)))
        return out


def bulletin_pdf(rec: IssuedBulletin) -> bytes | None:
    """The DOCX printed to PDF by LibreOffice; None when LibreOffice is not installed."""
    return to_pdf(bulletin_docx(rec))


def documents(rec: IssuedBulletin, *, pdf: bool = True) -> Mapping[str, bytes]:
    """Every download of a bulletin, by file suffix: docx, xlsx and (if LibreOffice is there) pdf."""
    out = {"docx": bulletin_docx(rec), "xlsx": bulletin_xlsx(rec)}
    if pdf:
        data = to_pdf(out["docx"])
        if data is not None:
            out["pdf"] = data
    return out


__all__ = [
    "bulletin_docx",
    "bulletin_pdf",
    "bulletin_sheets",
    "bulletin_xlsx",
    "correction_rows",
    "documents",
    "fmt",
    "soffice",
    "to_pdf",
    "to_pdfs",
]
