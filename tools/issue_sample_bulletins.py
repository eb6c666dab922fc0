#!/usr/bin/env python3
"""Put on record the sample instance's bulletins of 2026-01 … 2026-10, 2026-Q1 … 2026-Q3 and 2026-H1.

Each bulletin is issued as the office would have issued it: from the commit that
was the tip of the branch on its issue day (``--commit``), with figures as of
that day (``--as-of``) and a realistic 文号. They are issued in the order of their
issue days, so a figure that a later commit changed appears as a correction (更正) in the
next bulletin: the January bulletin, issued on 3 February, misses the adoption
of 武进住建局开展节前建筑施工安全生产大检查 (dated 30 January, recorded on
4 February, commit 89d0535), which the February bulletin corrects. Writes bulletins/*.json; commits nothing.

    .venv/bin/python tools/issue_sample_bulletins.py [--repo .]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

# (period, issue day = as-of day, number of 武住建办〔2026〕N号)
SCHEDULE = [
    ("2026-01", "2026-02-03", 3), ("2026-02", "2026-03-05", 9), ("2026-03", "2026-04-07", 15),
    ("2026-Q1", "2026-04-08", 16), ("2026-04", "2026-05-07", 21), ("2026-05", "2026-06-05", 27),
    ("2026-06", "2026-07-06", 33), ("2026-Q2", "2026-07-08", 34), ("2026-H1", "2026-07-10", 35),
    ("2026-07", "2026-08-05", 40), ("2026-08", "2026-09-07", 46), ("2026-09", "2026-10-09", 52),
    ("2026-Q3", "2026-10-12", 53), ("2026-10", "2026-11-05", 58),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, default=Path("."))
    args = parser.parse_args()
    repo = args.repo.resolve()
    bulletin = Path(sys.executable).with_name("bulletin")
    for period, day, n in SCHEDULE:
        if (repo / "bulletins" / f"{period}.json").exists():
            print(f"{period}: already issued", file=sys.stderr)
            continue
        commit = subprocess.run(["git", "-C", str(repo), "rev-list", "-1", "--first-parent",
                                 f"--before={day} 23:59:59 +0800", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        cmd = [str(bulletin), "issue", period, "--repo", str(repo), "--as-of", day, "--date", day,
               "--number", f"武住建办〔2026〕{n}号", "--commit", commit]
        proc = subprocess.run(cmd)
        if proc.returncode != 0:
            return proc.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
