"""Shared by the tests of bulletins of record (test_record.py, test_officedoc.py)."""
from __future__ import annotations

import datetime as dt
import functools

import conftest

# The tests of records assert the English texts (test_messages.py has the Chinese).
bulletin = functools.partial(conftest.bulletin, lang="en")

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
URL = "https://example.gov.cn/proof"


def adoption(outlet: str, date: str) -> dict[str, object]:
    """An adoption with an http(s) evidence link (present by definition)."""
    return {"outlet": outlet, "date": dt.date.fromisoformat(date), "evidence": URL}
