"""Office documents whose bytes are a function of their content: the one rule for every DOCX and XLSX.

openpyxl and python-docx write a ZIP package whose entries carry the time of saving, and openpyxl
sets the core properties' ``modified`` to the time of saving as well. Two builds of the same
commit then wrote different bytes for the same document, and every workbook and 公文 counted as
changed on a rebuild (and, through the DOCX, its PDF). :func:`stable_package` rewrites a saved
package so that

* every entry carries one fixed time (1980-01-01 00:00, the earliest a ZIP can hold),
* the entries keep their order and are all deflated at one level, with no extra fields or comments,
* ``dcterms:modified`` in ``docProps/core.xml`` equals ``dcterms:created`` (the document's own date:
  the day it was issued or the day its data reach), and a document without ``created`` gets neither.

Every writer saves through it (workbook.py's ``workbook``, officedoc.py's DOCX).
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CORE = "docProps/core.xml"
_CREATED = re.compile(rb"<dcterms:created\b[^>]*>([^<]*)</dcterms:created>")
_MODIFIED = re.compile(rb"<dcterms:modified\b[^>]*>[^<]*</dcterms:modified>|<dcterms:modified\b[^>]*/>")


def _core(xml: bytes) -> bytes:
    created = _CREATED.search(xml)
    if created is None:
        return _MODIFIED.sub(b"", xml)
    stamp = created.group(1)
    return _MODIFIED.sub(lambda m: re.sub(rb">[^<]*<", b">" + stamp + b"<", m.group(0), count=1)
                         if not m.group(0).endswith(b"/>") else m.group(0), xml)


def stable_package(data: bytes) -> bytes:
    """``data`` (a saved DOCX or XLSX) with fixed entry times and ``modified`` = ``created``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == CORE:
                body = _core(body)
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


_PDF_CREATED = re.compile(rb"(/CreationDate\s*\(D:)(\d{14})")
_PDF_IDS = re.compile(rb"(/ID\s*\[\s*<)([0-9A-Fa-f]{32})(>\s*<)([0-9A-Fa-f]{32})(>)|(/DocChecksum\s*/)([0-9A-Fa-f]{32})")


def package_created(document: bytes) -> bytes:
    """A DOCX's or XLSX's ``created`` as the 14 digits of a PDF date (the fixed time when it has none)."""
    try:
        with zipfile.ZipFile(io.BytesIO(document)) as archive:
            found = _CREATED.search(archive.read(CORE))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        found = None
    digits = re.sub(rb"\D", b"", found.group(1))[:14] if found else b""
    return digits if len(digits) == 14 else b"%04d%02d%02d%02d%02d%02d" % FIXED_TIME


def stable_pdf(pdf: bytes, created: bytes) -> bytes:
    """LibreOffice's PDF with its creation time set to ``created`` (14 digits) and its file
    identifier and checksum made from the content, so the same document gives the same bytes.

    Every replacement keeps its length, so the cross-reference offsets stay right.
    """
    pdf = _PDF_CREATED.sub(lambda m: m.group(1) + created, pdf)
    digest = hashlib.md5(_PDF_IDS.sub(b"", pdf), usedforsecurity=False).hexdigest().upper().encode()

    def put(m: re.Match[bytes]) -> bytes:
        if m.group(6) is not None:
            return m.group(6) + digest
        return m.group(1) + digest + m.group(3) + digest + m.group(5)
    return _PDF_IDS.sub(put, pdf)
