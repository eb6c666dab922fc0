"""Reading a PDF's lines with their page and position (poppler's ``pdftotext -bbox-layout``), and the
layout checks of an official bulletin (GB/T 9704) on the PDF LibreOffice prints from its DOCX."""
from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_LINE = re.compile(r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>", re.S)
_PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@dataclass(frozen=True)
class Line:
    page: int              # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str              # words joined without spaces (Chinese text has none)
    page_height: float
    words: tuple[str, ...] = ()


def pdf_lines(pdf: Path) -> list[Line]:
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    lines = []
    for n, (_w, h, body) in enumerate(_PAGE.findall(out), start=1):
        for x0, y0, x1, y1, words in _LINE.findall(body):
            ws = tuple(html.unescape(w) for w in _WORD.findall(words))
            lines.append(Line(n, float(x0), float(y0), float(x1), float(y1), "".join(ws), float(h), ws))
    return sorted(lines, key=lambda ln: (ln.page, round(ln.y0), ln.x0))


def _table_number(line: Line) -> int | None:
    """N of a caption line "表N …" (pdftotext may or may not part 表 from N)."""
    words = [w for w in line.words if w]
    if len(words) >= 2 and words[0] == "表" and words[1].isdigit():
        return int(words[1])
    m = re.fullmatch(r"表(\d+)", words[0]) if words else None
    return int(m.group(1)) if m else None


def layout_problems(pdf: Path, title: str, issuer: str, headers: list[list[str]]) -> list[str]:
    """What breaks the official layout, in words; [] when the document passes every check.

    ``headers`` are the header cells of the document's tables, in order (read from the DOCX).
    """
    lines = pdf_lines(pdf)
    problems = []
    pages = max(ln.page for ln in lines)
    # 1. No line of the title holds a single character.
    flat = "".join(ln.text for ln in lines if ln.page == 1)
    if title not in flat:
        problems.append(f"title {title!r} not found on page 1")
    else:
        title_lines = []
        acc = ""
        for ln in (x for x in lines if x.page == 1):
            if title.startswith(acc + ln.text):
                acc += ln.text
                title_lines.append(ln.text)
                if acc == title:
                    break
            elif acc:
                acc, title_lines = "", []
        short = [t for t in title_lines if len(t) < 2]
        if acc != title or short:
            problems.append(f"title lines {title_lines!r}: a line of one character or a broken title")
    # 2. Tables numbered 表1, 表2, … without gaps; 3. each caption on the page of its table's header row.
    captions = [(i, ln) for i, ln in enumerate(lines) if _table_number(ln) is not None]
    numbers = [_table_number(ln) for _, ln in captions]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"tables numbered {numbers}")
    if len(captions) != len(headers):
        problems.append(f"{len(captions)} captions for {len(headers)} tables")
    for (i, cap), header in zip(captions, headers, strict=False):
        first = next((ln for ln in lines[i + 1:] if ln.text and not _PAGE_NUMBER.match(ln.text)), None)
        if first is None or first.page != cap.page or not first.text.startswith(header[0]):
            problems.append(f"caption {cap.text!r} on page {cap.page}, its table's first row on page "
                            f"{first.page if first else '?'} ({first.text if first else ''!r})")
        # 4. Header cells do not wrap inside a word: every header is whole on the header line.
        row = "".join(ln.text for ln in lines if first and ln.page == first.page and abs(ln.y0 - first.y0) < 3)
        broken = [h for h in header if h not in row]
        if broken:
            problems.append(f"table {cap.text!r}: header cells wrapped {broken} (header line {row!r})")
    # 5. The 落款 (issuer and date) shares its page with body text.
    dates = [i for i, ln in enumerate(lines) if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", ln.text)]
    sig = next((i - 1 for i in dates if i > 0 and lines[i - 1].text == issuer), None)
    if sig is None:
        problems.append("no 落款 (issuer above a date) found")
    else:
        page = lines[sig].page
        body = [ln for ln in lines[:sig] if ln.page == page and not _PAGE_NUMBER.match(ln.text)]
        if not body:
            problems.append(f"the 落款 stands alone on page {page}")
    # 6. The 版记 (抄送 … 印发) sits at the foot of the last page.
    imprint = [ln for ln in lines if ln.text.endswith("印发")]
    if not imprint:
        problems.append("no 印发 line")
    else:
        last = imprint[-1]
        foot = last.page_height - 35 / 25.4 * 72            # the bottom margin is 35 mm
        if last.page != pages or not foot - 40 <= last.y1 <= foot + 6:
            problems.append(f"印发 line on page {last.page} of {pages} at y={last.y1:.0f} (page foot {foot:.0f})")
    return problems
