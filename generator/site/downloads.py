"""The downloads of issued bulletins on the site: DOCX, XLSX and the PDF made from the DOCX.

The documents of a record depend only on the record (its digest) and on bulletin's code; the PDF only on
the DOCX bytes. Both are kept in the signed caches (cache.py), so a rebuild converts nothing again; the
PDFs missing from the cache are made in one LibreOffice run. Without LibreOffice the site has no PDF
and the bulletin pages link the DOCX and XLSX only.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Iterable

from ..cache import Store
from ..documents import officedoc
from ..errors import BulletinError


def bulletin_documents(repo: Path, records: Iterable[Any],
                       progress: Callable[[str], None] | None = None) -> dict[str, dict[str, bytes]]:
    """{record digest: {"docx": …, "xlsx": …, "pdf": … (when LibreOffice is installed)}}."""
    store = Store(repo, "documents")
    pdfs = Store(repo, "documents-pdf")
    out: dict[str, dict[str, bytes]] = {}
    for rec in records:
        digest = str(rec.data.get("digest"))
        docs = store.get(digest)
        if docs is None:
            docs = dict(officedoc.documents(rec, pdf=False))
            store.put(digest, docs)
        out[digest] = dict(docs)
    store.save(worth=True)              # expensive per entry: worth keeping even when few
    if officedoc.soffice() is None:
        return out
    keys = {digest: hashlib.sha256(docs["docx"]).hexdigest() for digest, docs in out.items()}
    found: dict[str, bytes] = {k: pdfs.get(k) for k in set(keys.values()) if pdfs.get(k) is not None}
    missing = sorted(set(keys.values()) - set(found))
    if missing:
        by_key = {keys[d]: out[d]["docx"] for d in out}
        if progress:
            progress(f"PDF: {len(missing)}")
        try:
            made = officedoc.to_pdfs([by_key[k] for k in missing]) or []
        except BulletinError:
            made = []                   # the pages then link the DOCX and XLSX only
        for k, pdf in zip(missing, made):
            found[k] = pdf
            pdfs.put(k, pdf)
        pdfs.save(worth=True)
    for digest, key in keys.items():
        if key in found:
            out[digest]["pdf"] = found[key]
    return out
