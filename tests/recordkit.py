"""Shared by the tests of bulletins of record (test_record.py, test_officedoc.py)."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

A = "submissions/2026/03/a.md"
B = "submissions/2026/03/b.md"
URL = "https://example.gov.cn/proof"


def bulletin(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command line, in this interpreter (the package under test)."""
    return subprocess.run([sys.executable, "-c", "from generator.cli import run; run()", *args, "--lang", "en"],
                          capture_output=True, text=True, encoding="utf-8")


def adoption(outlet: str, date: str) -> dict[str, object]:
    """An adoption with an http(s) evidence link (present by definition)."""
    return {"outlet": outlet, "date": dt.date.fromisoformat(date), "evidence": URL}
