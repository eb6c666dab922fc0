#!/usr/bin/env python3
"""Replay the sample instance into a git repository as a dated timeline of commits.

The sample instance (units.yaml, scoring.yaml, solicitations/, submissions/,
evidence/) lives in SRC in its final form. This script re-enacts how a
bureau would have produced it during 2026: the office sets up the
configuration, liaisons add their items, reviewers approve them with
approval commits (or through a forge merge), and adoptions and 批示 are
recorded afterwards. Approvals are real commits, so the generator reads
them from git exactly as it would in production.

    python3 tools/seed_sample_history.py --source SRC --repo DEST

Only the sample paths are written and committed; nothing else in DEST is
touched. The script refuses to run when DEST's HEAD already has
submissions/, or when DEST's index has staged changes. Stdlib only;
identical inputs give identical commits (all dates and identities are fixed).
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

YEAR = 2026
TZ = dt.timezone(dt.timedelta(hours=8))            # Asia/Shanghai, written as +08:00
FIRST_DAY = dt.datetime(YEAR, 1, 1, tzinfo=TZ)
LAST_DAY = dt.datetime(YEAR, 10, 31, 23, 59, tzinfo=TZ)
SAMPLE_DIRS = ("solicitations", "submissions", "evidence")
SAMPLE_FILES = ("units.yaml", "scoring.yaml")

# The forge (code hosting) identity that writes merge commits; it must be
# listed in units.yaml review.trusted_committers.
FORGE = ("武进住建代码托管平台", "git@code.wj.example.gov.cn")

# ---------------------------------------------------------------------------
# The timeline.  Times are "MM-DD HH:MM" in 2026, Beijing time (+08:00).
# A person is a units.yaml id; "id#2" commits with that person's second email.
# ---------------------------------------------------------------------------

# Configuration commits by the office.  "initial" is units.yaml as it stood
# in January (市政建设公司 still active); "final" is the file from SRC.
CONFIG_COMMITS = [
    # when,         who,      units.yaml, message
    ("01-05 09:30", "xujing", "initial", "建立信息宣传工作台账：单位人员、审核流程和积分办法"),
    ("03-02 10:15", "xujing", "final",   "调整单位：市政建设公司划转区城投集团，停止参加排名"),
]
INACTIVE_SINCE_MARCH = "shizheng"

# Solicitations (约稿) are committed by the office on their issued day.
SOLICITATION_COMMITS = [
    # id,         when,          who
    ("2026-003", "03-09 10:20", "guqian"),
    ("2026-005", "05-11 15:10", "jiangwei"),
    ("2026-008", "08-03 09:50", "guqian"),
    ("2026-010", "10-29 14:30", "jiangwei"),
]

# Submissions: the file (under submissions/, without .md), when and by whom it
# was added (the first version, without adoptions/instructions), and its
# review.  Review steps are "STAGE:PERSON MM-DD HH:MM" joined by " | ";
# STAGE "-" writes an approval commit without a Stage: trailer (the approver
# then meets every stage they are eligible for).  Approvals by one person for
# one stage on one day are written as one commit approving several files.
# "forge" means the file came through a merge request (FORGE_MERGES).
SUBMISSIONS = [
    ("2026/01/winter-wage-campaign", "01-06 10:12", "zhanglei",
     "unit:wangjianhua 01-06 12:25 | office:guqian 01-07 10:05 | leader:qianweidong 01-07 16:10"),
    ("2026/01/snow-clearing-night", "01-08 09:40", "zhengkai",
     "unit:yaojianxin 01-08 11:53 | office:guqian 01-09 10:12 | leader:wuzhigang 01-09 16:17"),
    ("2026/01/party-secretary-review", "01-13 15:36", "yangfan",
     "unit:huanghaiyan 01-14 09:19 | office:guqian 01-15 10:19 | -:chenxiaoyan 01-15 16:24"),
    ("2026/01/presale-fund-supervision", "01-20 11:05", "shenjia",
     "unit:zhaoguoqiang 01-20 13:18 | office:guqian 01-21 10:26 | -:sunlihua 01-21 16:31"),
    ("2026/01/archives-digitization", "01-26 14:20", "tangxiaolin",
     "unit:hanmei 01-26 16:33 | office:guqian 01-27 10:33 | leader:qianweidong 01-27 16:38"),
    ("2026/01/pre-festival-safety-check", "01-29 16:45", "wuhao",
     "unit:sunjianping 01-30 09:40 | office:guqian 02-02 10:40 | leader:qianweidong 02-02 16:45"),
    ("2026/02/bridge-health-check", "02-03 10:30", "zhengkai",
     "unit:yaojianxin 02-03 12:43 | office:guqian 02-04 10:07 | leader:wuzhigang 02-04 16:12"),
    ("2026/02/rental-housing-allocation", "02-05 09:15", "pantingting",
     "unit:caozhiyong 02-05 11:28 | office:guqian 02-06 10:14 | -:sunlihua 02-06 16:19"),
    ("2026/02/annual-work-conference", "02-10 14:50", "zhulin",
     "-:xujing 02-10 16:03 | -:chenxiaoyan 02-11 16:26"),
    ("2026/02/gas-safety-rectification", "02-25 10:40", "zhoumin",
     "unit:luyongming 02-25 12:53 | office:guqian 02-26 10:28 | leader:wuzhigang 02-26 16:33"),
    ("2026/02/sunshine-expropriation", "02-26 15:55", "zouyu",
     "unit:hulixin 02-27 09:35 | office:guqian 02-28 10:35 | -:sunlihua 02-28 16:40"),
    ("2026/03/rural-housing-safety", "03-03 09:35", "xuwenjie",
     "unit:qianjun 03-03 11:48 | office:guqian 03-04 10:42 | leader:wuzhigang 03-04 16:47"),
    ("2026/03/wage-guarantee-report", "03-11 16:20", "zhanglei",
     "unit:wangjianhua 03-12 09:09 | office:guqian 03-13 10:09 | leader:qianweidong 03-13 16:14"),
    ("2026/03/realname-wage-site", "03-12 11:45", "hexue",
     "unit:majun 03-12 13:58 | office:guqian 03-13 10:16 | leader:qianweidong 03-13 16:21"),
    ("2026/03/two-sessions-study", "03-18 10:05", "yangfan",
     "unit:huanghaiyan 03-18 12:18 | office:guqian 03-19 10:23 | -:chenxiaoyan 03-19 16:28"),
    ("2026/03/property-star-rating", "03-24 14:10", "dinglei",
     "unit:caozhiyong 03-24 16:23 | office:guqian 03-25 10:30 | -:sunlihua 03-25 16:35"),
    ("2026/03/info-work-training", "03-27 09:50", "zhulin",
     "-:xujing 03-27 11:03 | -:chenxiaoyan 03-30 16:42"),
    ("2026/04/elevator-retrofit-research", "04-02 15:30", "zhoumin",
     "unit:luyongming 04-03 09:44 | office:xujing 04-07 10:44 | leader:wuzhigang 04-07 16:49 | chief:zhoujianguo 04-07 17:34"),
    ("2026/04/smart-site-dust-control", "04-08 09:25", "liuting",
     "unit:wangjianhua 04-08 11:38 | office:jiangwei 04-09 10:11 | leader:qianweidong 04-09 16:16"),
    ("2026/04/archives-into-campus", "04-15 10:50", "tangxiaolin",
     "unit:hanmei 04-15 12:03 | office:jiangwei 04-16 10:18 | leader:qianweidong 04-16 16:23"),
    # urgent, event on 04-22 but reported on 04-23: 迟报
    ("2026/04/gas-pipe-damage-response", "04-23 09:20", "zhoumin",
     "unit:luyongming 04-23 09:50 | office:jiangwei 04-23 10:20 | leader:wuzhigang 04-23 11:05"),
    ("2026/04/delivery-quality-opinion", "04-28 16:05", "shenjia",
     "unit:zhaoguoqiang 04-29 09:32 | office:jiangwei 04-30 10:32 | -:sunlihua 04-30 16:37"),
    ("2026/05/crane-special-inspection", "05-08 14:35", "wuhao#2",
     "unit:sunjianping 05-08 16:48 | office:jiangwei 05-09 10:39 | leader:qianweidong 05-09 16:44"),
    ("2026/05/housing-market-measures", "05-13 10:25", "shenjia",
     "unit:zhaoguoqiang 05-13 12:38 | office:jiangwei 05-14 10:06 | -:sunlihua 05-14 16:11"),
    ("2026/05/housing-trade-in", "05-18 15:40", "pantingting",
     "unit:caozhiyong 05-19 09:13 | office:jiangwei 05-20 10:13 | -:sunlihua 05-20 16:18"),
    ("2026/05/red-construction-site", "05-20 09:55", "yangfan",
     "unit:huanghaiyan 05-20 11:08 | office:jiangwei 05-21 10:20 | -:chenxiaoyan 05-21 16:25"),
    ("2026/05/tianyuan-village", "05-26 11:10", "xuwenjie",
     "unit:qianjun 05-26 13:23 | office:jiangwei 05-27 10:27 | leader:wuzhigang 05-27 16:32"),
    ("2026/05/mediation-studio", "05-29 14:45", "zouyu",
     "unit:hulixin 05-29 16:58 | office:jiangwei 06-01 10:34 | -:sunlihua 06-01 16:39"),
    ("2026/06/safety-month-drill", "06-03 09:30", "hexue",
     "unit:majun 06-03 11:43 | office:jiangwei 06-04 10:41 | leader:qianweidong 06-04 16:46"),
    # 信息倒流: 武进日报 carried it on 06-08, before it was reported here
    ("2026/06/permit-reform", "06-10 10:35", "zhanglei#2",
     "unit:wangjianhua 06-10 12:48 | office:jiangwei 06-11 10:08 | leader:qianweidong 06-11 16:13"),
    # reviewed on the forge (FORGE_MERGES)
    ("2026/06/theme-party-day", "06-16 15:20", "yangfan",
     "forge"),
    ("2026/06/archives-mobile-query", "06-22 10:15", "tangxiaolin",
     "unit:hanmei 06-22 12:28 | office:jiangwei 06-23 10:22 | leader:qianweidong 06-23 16:27"),
    ("2026/06/property-fee-opinion", "06-25 16:30", "dinglei",
     "unit:caozhiyong 06-26 09:29 | office:jiangwei 06-29 10:29 | -:sunlihua 06-29 16:34"),
    ("2026/07/old-community-renovation", "07-02 10:05", "zhoumin",
     "unit:luyongming 07-02 12:18 | office:xujing 07-03 10:36 | leader:wuzhigang 07-03 16:41 | chief:zhoujianguo 07-03 17:30"),
    ("2026/07/flood-season-deployment", "07-07 11:20", "zhulin",
     "-:xujing 07-07 13:33 | -:chenxiaoyan 07-08 16:48"),
    # urgent, reported the same night; major, so the 局长 reviews too
    ("2026/07/rainstorm-site-patrol", "07-15 22:10", "wuhao",
     "unit:majun 07-15 22:25 | office:jiangwei 07-15 22:40 | leader:qianweidong 07-15 22:55 | chief:zhoujianguo 07-15 23:10"),
    ("2026/07/wage-post-verification", "07-21 14:25", "liuting",
     "unit:wangjianhua 07-21 16:38 | office:guqian 07-22 10:17 | leader:qianweidong 07-22 16:22"),
    ("2026/07/expropriation-progress", "07-24 10:40", "zouyu",
     "unit:hulixin 07-24 12:53 | office:guqian 07-27 10:24 | -:sunlihua 07-27 16:29"),
    ("2026/07/rural-housing-style", "07-29 15:15", "xuwenjie",
     "unit:qianjun 07-30 09:31 | office:guqian 07-31 10:31 | leader:wuzhigang 07-31 16:36"),
    ("2026/08/urban-renewal-report", "08-05 09:45", "zhoumin",
     "unit:luyongming 08-05 11:58 | office:guqian 08-07 10:30 | leader:wuzhigang 08-07 16:20"),
    ("2026/08/expropriation-renewal-report", "08-06 16:10", "zouyu",
     "unit:hulixin 08-07 09:05 | office:guqian 08-07 10:30 | -:sunlihua 08-07 16:40"),
    ("2026/08/summer-housing-fair", "08-12 10:20", "shenjia",
     "unit:zhaoguoqiang 08-12 12:33 | office:guqian 08-13 10:12 | -:sunlihua 08-13 16:17"),
    ("2026/08/quality-supervision-research", "08-19 14:55", "hexue",
     "unit:majun 08-19 16:08 | office:guqian 08-20 10:19 | leader:qianweidong 08-20 16:24"),
    ("2026/08/integrity-education-month", "08-26 09:40", "yangfan",
     "unit:huanghaiyan 08-26 11:53 | office:guqian 08-27 10:26 | -:chenxiaoyan 08-27 16:31"),
    ("2026/08/affordable-housing-progress", "08-28 15:05", "pantingting",
     "unit:caozhiyong 08-31 09:33 | office:guqian 09-01 10:33 | -:sunlihua 09-01 16:38"),
    ("2026/09/credit-evaluation", "09-03 10:30", "zhanglei",
     "unit:wangjianhua 09-03 12:43 | office:jiangwei 09-04 10:40 | leader:qianweidong 09-04 16:45"),
    # stale: approved, then the body was edited (EDITS)
    ("2026/09/archives-digital-research", "09-09 15:25", "tangxiaolin",
     "unit:hanmei 09-10 09:07 | office:jiangwei 09-11 10:07 | leader:qianweidong 09-11 16:12"),
    # pending: the leader has not signed it off
    ("2026/09/resale-fund-escrow", "09-15 10:10", "shenjia",
     "unit:zhaoguoqiang 09-15 12:23 | office:jiangwei 09-16 10:14"),
    ("2026/09/national-day-safety-inspection", "09-22 16:35", "zhulin",
     "-:xujing 09-23 09:21 | -:chenxiaoyan 09-24 16:26"),
    ("2026/09/dilapidated-house-renovation", "09-24 09:50", "xuwenjie",
     "unit:qianjun 09-24 11:03 | office:jiangwei 09-28 10:28 | leader:wuzhigang 09-28 16:33"),
    ("2026/09/gas-pipeline-renewal", "09-28 14:15", "zhoumin#2",
     "unit:luyongming 09-28 16:28 | office:jiangwei 09-29 10:35 | leader:wuzhigang 09-29 16:40"),
    ("2026/10/autumn-winter-construction-safety", "10-13 10:45", "wuhao",
     "unit:sunjianping 10-13 12:58 | office:jiangwei 10-14 10:42 | leader:qianweidong 10-14 16:47"),
    ("2026/10/party-history-lecture", "10-15 15:30", "yangfan",
     "unit:huanghaiyan 10-16 09:09 | office:jiangwei 10-19 10:09 | -:chenxiaoyan 10-19 16:14"),
    ("2026/10/archives-exhibition", "10-16 11:25", "tangxiaolin",
     "unit:hanmei 10-16 13:38 | office:jiangwei 10-19 10:16 | leader:qianweidong 10-19 16:21"),
    # draft: never sent for review
    ("2026/10/worker-skills-training", "10-22 16:20", "liuting",
     ""),
    # pending: only the unit stage so far
    ("2026/10/property-management-committee", "10-27 14:40", "dinglei",
     "unit:caozhiyong 10-28 09:40"),
]

# Items reviewed on the forge: the liaison's commit sits on a branch, merged
# with --no-ff by the forge identity; the merge message carries Approved-by.
FORGE_MERGES = [
    # file,                       branch,                   merged at,     clicked by, merge request, approved by
    ("2026/06/theme-party-day", "submit/theme-party-day", "06-22 15:30", "xujing", 17,
     ["huanghaiyan", "guqian", "chenxiaoyan"]),
]

# Edits of the body after approval: the approvals go stale.  The file is first
# added with OLD in place of NEW, then edited to the final text from SRC.
EDITS = [
    # file,                               when,          who,           message, (NEW, OLD)
    ("2026/09/archives-digital-research", "09-18 14:40", "tangxiaolin",
     "修改：关于城建档案“数字化+”服务模式的调研报告（补充网上查档数据）",
     ("上线“掌上查”服务，今年以来网上查档业务占比达63%，", "上线“掌上查”服务，")),
]

# Adoptions and 批示 are recorded after the fact, from the final file: entries
# whose dates lie within a week form one recording commit, written on the
# next working day after the latest of them (and after the item's approvals)
# by the item's first author, or by the office person named here (the office
# receives the 党政信息 periodicals and the 批示 copies).
RECORDED_BY = {
    "2026/01/presale-fund-supervision": "guqian",
    "2026/03/wage-guarantee-report": "guqian",
    "2026/04/elevator-retrofit-research": "xujing",
    "2026/07/old-community-renovation": "guqian",
    "2026/07/rainstorm-site-patrol": "jiangwei",
    "2026/08/urban-renewal-report": "guqian",
    "2026/08/expropriation-renewal-report": "guqian",
}

STAGE_VERB = {"unit": "审核通过", "office": "审核通过", "leader": "签发", "chief": "审定", "-": "审核通过"}
STAGE_IDS = {"unit", "office", "leader", "chief", "-"}
MAX_FILES_PER_APPROVAL = 3

# ---------------------------------------------------------------------------


class SeedError(Exception):
    """A problem with the inputs or the destination; reported without traceback."""


def when(text: str) -> dt.datetime:
    m = re.fullmatch(r"(\d\d)-(\d\d) (\d\d):(\d\d)", text)
    if not m:
        raise SeedError(f"bad time {text!r}: expected 'MM-DD HH:MM'")
    mo, d, h, mi = map(int, m.groups())
    return dt.datetime(YEAR, mo, d, h, mi, tzinfo=TZ)


def git_date(t: dt.datetime) -> str:
    return t.isoformat()


@dataclasses.dataclass(frozen=True)
class Person:
    id: str
    name: str
    emails: tuple[str, ...]


def parse_people(units_yaml: str) -> dict[str, Person]:
    """Read id, name and emails of people from units.yaml (block style, as the sample writes it)."""
    people: dict[str, Person] = {}
    section = units_yaml.split("\nunits:")[0]
    for block in re.split(r"\n  - (?=id:)", section)[1:]:
        pid = re.match(r"id:\s*([a-z0-9_-]+)", block)
        name = re.search(r"\n\s+name:\s*(\S+)", block)
        emails = re.search(r"\n\s+emails:\s*\[([^\]]*)\]", block)
        if not (pid and name and emails):
            raise SeedError(f"units.yaml: cannot read person block: {block[:60]!r}")
        people[pid.group(1)] = Person(pid.group(1), name.group(1),
                                      tuple(e.strip() for e in emails.group(1).split(",") if e.strip()))
    if not people:
        raise SeedError("units.yaml: no people found")
    return people


def parse_outlet_names(scoring_yaml: str) -> dict[str, str]:
    return dict(re.findall(r"\{id:\s*([a-z0-9-]+),\s*name:\s*([^,]+?),", scoring_yaml))


def set_unit_active(units_yaml: str, unit_id: str, active: bool) -> str:
    """Return units.yaml with one unit's `active:` line set (comment dropped)."""
    m = re.search(rf"\n  - id: {re.escape(unit_id)}\n(?:    .*\n)*?    active: .*\n", units_yaml)
    if not m:
        raise SeedError(f"units.yaml: unit {unit_id!r} has no active: line")
    block = re.sub(r"    active: .*\n$", f"    active: {'true' if active else 'false'}\n", m.group(0))
    return units_yaml[:m.start()] + block + units_yaml[m.end():]


# ---- front-matter handling ------------------------------------------------

RECORD_KEYS = ("adoptions", "instructions")


@dataclasses.dataclass
class Entry:
    section: str
    lines: list[str]
    date: dt.date
    evidence: str | None


@dataclasses.dataclass
class Parsed:
    head: list[str]           # front-matter lines before adoptions/instructions
    sections: list[str]       # record sections in file order
    entries: list[Entry]      # in file order
    body: str                 # everything after the closing ---
    title: str


def parse_submission(path: str, text: str) -> Parsed:
    if not text.startswith("---\n"):
        raise SeedError(f"{path}: no front-matter")
    end = text.find("\n---\n", 3)
    if end < 0:
        raise SeedError(f"{path}: front-matter is not closed")
    fm = text[4:end].split("\n")
    body = text[end + 5:]
    title_m = re.search(r"^title:\s*(.+)$", text[4:end], re.M)
    if not title_m:
        raise SeedError(f"{path}: no title")
    cut = next((i for i, line in enumerate(fm) if re.match(rf"^({'|'.join(RECORD_KEYS)}):\s*$", line)), len(fm))
    head, tail = fm[:cut], fm[cut:]
    sections: list[str] = []
    entries: list[Entry] = []
    for line in tail:
        top = re.match(r"^([a-z_]+):\s*$", line)
        if top:
            if top.group(1) not in RECORD_KEYS:
                raise SeedError(f"{path}: '{top.group(1)}:' must come before adoptions/instructions")
            sections.append(top.group(1))
        elif line.startswith("  - "):
            entries.append(Entry(sections[-1], [line], dt.date.min, None))
        elif line.startswith("    ") and entries:
            entries[-1].lines.append(line)
        else:
            raise SeedError(f"{path}: unexpected line in {sections[-1] if sections else 'front-matter'}: {line!r}")
    for e in entries:
        text_e = "\n".join(e.lines)
        d = re.search(r"\bdate:\s*(\d{4}-\d{2}-\d{2})", text_e)
        if not d:
            raise SeedError(f"{path}: an {e.section} entry has no date")
        e.date = dt.date.fromisoformat(d.group(1))
        ev = re.search(r"\bevidence:\s*(\S+)", text_e)
        e.evidence = ev.group(1) if ev else None
    return Parsed(head, sections, entries, body, title_m.group(1).strip())


def render(p: Parsed, included: list[Entry]) -> str:
    lines = list(p.head)
    for s in p.sections:
        chosen = [e for e in p.entries if e.section == s and any(e is x for x in included)]
        if chosen:
            lines.append(f"{s}:")
            for e in chosen:
                lines.extend(e.lines)
    return "---\n" + "\n".join(lines) + "\n---\n" + p.body


# ---- git ------------------------------------------------------------------

GIT_CONFIG = ["-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false",
              "-c", "i18n.commitEncoding=UTF-8", "-c", "core.quotepath=false"]


class Repo:
    def __init__(self, path: Path):
        self.path = path
        base = {k: v for k, v in os.environ.items()
                if not k.startswith("GIT_") or k in ("GIT_EXEC_PATH",)}
        base.update(GIT_EDITOR="true", GIT_TERMINAL_PROMPT="0", LC_ALL="C.UTF-8", TZ="UTC")
        self.base_env = base

    def git(self, *args: str, env: dict[str, str] | None = None, input: str | None = None,
            check: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(["git", *GIT_CONFIG, "-C", str(self.path), *args], env=env or self.base_env,
                              input=input, text=True, capture_output=True)
        if check and proc.returncode != 0:
            raise SeedError(f"git {' '.join(args)} failed: {proc.stderr.strip() or proc.stdout.strip()}")
        return proc

    def identity_env(self, t: dt.datetime, author: tuple[str, str],
                     committer: tuple[str, str] | None = None) -> dict[str, str]:
        committer = committer or author
        env = dict(self.base_env)
        env.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_AUTHOR_DATE=git_date(t),
                   GIT_COMMITTER_NAME=committer[0], GIT_COMMITTER_EMAIL=committer[1],
                   GIT_COMMITTER_DATE=git_date(t))
        return env

    def write(self, rel: str, data: bytes) -> None:
        full = self.path / rel
        full.parent.mkdir(parents=True, exist_ok=True)
        full.write_bytes(data)

    def commit(self, t: dt.datetime, author: tuple[str, str], message: str, files: dict[str, bytes],
               committer: tuple[str, str] | None = None) -> None:
        for rel, data in files.items():
            self.write(rel, data)
        if files:
            self.git("add", "--force", "--", *files)
        args = ["commit", "--quiet", "--no-verify", "--cleanup=verbatim", "-F", "-"]
        if not files:
            args.insert(1, "--allow-empty")
        self.git(*args, env=self.identity_env(t, author, committer), input=message.rstrip("\n") + "\n")


# ---- building the event list ---------------------------------------------

@dataclasses.dataclass
class Event:
    t: dt.datetime
    seq: int
    kind: str
    data: dict


def build_events(src: dict[str, bytes], people: dict[str, Person]) -> list[Event]:
    events: list[Event] = []

    def add(t: dt.datetime, kind: str, **data: object) -> None:
        if not FIRST_DAY <= t <= LAST_DAY:
            raise SeedError(f"{kind} {data.get('file', '')} at {t:%Y-%m-%d %H:%M} is outside 2026-01-01..2026-10-31")
        events.append(Event(t, len(events), kind, dict(data)))

    def who(pid: str) -> tuple[str, str]:
        base, _, n = pid.partition("#")
        if base not in people:
            raise SeedError(f"unknown person {base!r} in the timeline")
        p = people[base]
        idx = int(n) - 1 if n else 0
        if idx >= len(p.emails):
            raise SeedError(f"{base} has no email #{idx + 1}")
        return (p.name, p.emails[idx])

    for t, pid, version, msg in CONFIG_COMMITS:
        add(when(t), "config", who=who(pid), version=version, message=msg)
    for sid, t, pid in SOLICITATION_COMMITS:
        rel = f"solicitations/{sid}.md"
        if rel not in src:
            raise SeedError(f"{rel} is in the timeline but not in the source")
        add(when(t), "solicitation", who=who(pid), file=rel)

    forge = {f: (branch, when(t), pid, num, appr) for f, branch, t, pid, num, appr in FORGE_MERGES}
    edits = {f: (when(t), pid, msg, pair) for f, t, pid, msg, pair in EDITS}
    approvals: dict[tuple[str, str, dt.date], list[tuple[dt.datetime, str, str]]] = {}
    seen: set[str] = set()
    for key, t_add, pid, review in SUBMISSIONS:
        rel = f"submissions/{key}.md"
        if rel not in src:
            raise SeedError(f"{rel} is in the timeline but not in the source")
        if rel in seen:
            raise SeedError(f"{rel} appears twice in SUBMISSIONS")
        seen.add(rel)
        final = src[rel].decode("utf-8")
        parsed = parse_submission(rel, final)
        if render(parsed, parsed.entries) != final:
            raise SeedError(f"{rel}: cannot split adoptions/instructions off cleanly; put them last")
        first = render(parsed, [])
        if key in edits:
            new, old = edits[key][3]
            if first.count(new) != 1:
                raise SeedError(f"{rel}: the edited text is not found exactly once")
            if parsed.entries:
                raise SeedError(f"{rel}: an edited item must not have adoptions in this sample")
            first = first.replace(new, old)
        added = when(t_add)
        last_review = added
        if review.strip() == "forge":
            if key not in forge:
                raise SeedError(f"{rel}: review 'forge' but no FORGE_MERGES row")
            branch, merged, merger, num, approvers = forge[key]
            add(added, "branch_add", who=who(pid), file=rel, text=first, title=parsed.title, branch=branch)
            add(merged, "merge", who=who(merger), file=rel, title=parsed.title, branch=branch, number=num,
                approvers=[who(a) for a in approvers])
            last_review = merged
        else:
            add(added, "submit", who=who(pid), file=rel, text=first, title=parsed.title)
            for step in filter(None, (s.strip() for s in review.split("|"))):
                m = re.fullmatch(r"([a-z-]+):([a-z0-9_-]+) (\d\d-\d\d \d\d:\d\d)", step)
                if not m or m.group(1) not in STAGE_IDS:
                    raise SeedError(f"{rel}: bad review step {step!r}")
                stage, approver, t = m.group(1), m.group(2), when(m.group(3))
                if t <= added:
                    raise SeedError(f"{rel}: approval at {t} is not after the item was added")
                who(approver)
                approvals.setdefault((approver, stage, t.date()), []).append((t, rel, parsed.title))
                last_review = max(last_review, t)
        if key in edits:
            t_edit, epid, emsg, _ = edits[key]
            if t_edit <= last_review:
                raise SeedError(f"{rel}: the edit must come after the approvals")
            add(t_edit, "edit", who=who(epid), file=rel, text=final, message=emsg)
        # adoptions / 批示, grouped into recording commits
        recorder = RECORDED_BY.get(key, re.sub(r"#.*", "", pid))
        clusters: list[list[Entry]] = []
        for e in sorted(parsed.entries, key=lambda e: e.date):
            if clusters and (e.date - clusters[-1][0].date).days <= 6:
                clusters[-1].append(e)
            else:
                clusters.append([e])
        included: list[Entry] = []
        t_prev = last_review
        for n, cluster in enumerate(clusters):
            included += cluster
            day = max(e.date for e in cluster) + dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            t_rec = dt.datetime(day.year, day.month, day.day, 9, 30, tzinfo=TZ) + \
                dt.timedelta(minutes=(len(seen) * 17 + n * 41) % 420)
            if t_rec <= t_prev:
                t_rec = t_prev + dt.timedelta(minutes=45)
            t_prev = t_rec
            evidence = {e.evidence: src[e.evidence] for e in cluster
                        if e.evidence and not re.match(r"https?://", e.evidence) and e.evidence in src}
            add(t_rec, "record", who=who(recorder), file=rel, text=render(parsed, included),
                title=parsed.title, entries=cluster, evidence=evidence)

    # one approval commit per (approver, stage, day), at most MAX_FILES_PER_APPROVAL files each
    for (approver, stage, _day), items in approvals.items():
        items.sort()
        for i in range(0, len(items), MAX_FILES_PER_APPROVAL):
            chunk = items[i:i + MAX_FILES_PER_APPROVAL]
            add(chunk[-1][0], "approve", who=who(approver), stage=stage,
                files=[f for _, f, _ in chunk], titles=[t for _, _, t in chunk])

    missing = [p for p in src if p.startswith("submissions/") and p not in seen]
    if missing:
        raise SeedError("submissions not in the timeline: " + ", ".join(sorted(missing)))
    events.sort(key=lambda e: (e.t, e.seq))
    return events


# ---- executing ------------------------------------------------------------

def record_message(title: str, entries: list[Entry], outlet_names: dict[str, str]) -> str:
    kinds = {e.section for e in entries}
    verb = {frozenset({"adoptions"}): "记录采用", frozenset({"instructions"}): "记录批示"}.get(
        frozenset(kinds), "记录采用和批示")
    lines = []
    for e in entries:
        text = "\n".join(e.lines)
        if e.section == "adoptions":
            outlet = re.search(r"outlet:\s*(\S+)", text)
            name = outlet_names.get(outlet.group(1), outlet.group(1)) if outlet else "?"
            lines.append(f"- {name} {e.date.isoformat()} 采用")
        else:
            by = re.search(r"by:\s*(.+)", text)
            lines.append(f"- {by.group(1).strip() if by else '领导'} {e.date.isoformat()} 批示")
    return f"{verb}：{title}\n\n" + "\n".join(lines)


def approval_message(stage: str, files: list[str], titles: list[str]) -> str:
    verb = STAGE_VERB[stage]
    if len(files) == 1:
        subject = f"{verb}：{titles[0]}"
        body = ""
    else:
        subject = f"{verb}：{titles[0]}等{len(files)}篇"
        body = "\n".join(f"- {t}" for t in titles) + "\n\n"
    trailers = "\n".join(f"Approve: {f}" for f in files)
    if stage != "-":
        trailers += f"\nStage: {stage}"
    return f"{subject}\n\n{body}{trailers}"


def run(src_dir: Path, dest: Path) -> int:
    repo = Repo(dest)
    inside = repo.git("rev-parse", "--is-inside-work-tree", check=False)
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        raise SeedError(f"{dest} is not a git work tree (run 'git init' first)")
    top = Path(repo.git("rev-parse", "--show-toplevel").stdout.strip()).resolve()
    if top != dest.resolve():
        raise SeedError(f"{dest} is not the top of its work tree ({top})")
    has_head = repo.git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode == 0
    if has_head and repo.git("ls-tree", "-d", "HEAD", "submissions").stdout.strip():
        raise SeedError(f"{dest} already has submissions/ at HEAD; refusing to seed twice")
    staged = repo.git("diff", "--cached", "--name-only").stdout.strip() if has_head else \
        repo.git("ls-files").stdout.strip()
    if staged:
        raise SeedError(f"{dest} has staged changes; commit or reset them first")
    branch = repo.git("symbolic-ref", "--quiet", "--short", "HEAD", check=False).stdout.strip()
    if not branch:
        raise SeedError(f"{dest} has a detached HEAD; check out a branch first")

    # Read the whole source first: SRC may be DEST itself.
    src: dict[str, bytes] = {}
    for name in SAMPLE_FILES:
        f = src_dir / name
        if not f.is_file():
            raise SeedError(f"{f} is missing")
        src[name] = f.read_bytes()
    for d in SAMPLE_DIRS:
        for f in sorted((src_dir / d).rglob("*")):
            if f.is_file():
                src[f.relative_to(src_dir).as_posix()] = f.read_bytes()
    units_text = src["units.yaml"].decode("utf-8")
    if FORGE[1] not in units_text:
        raise SeedError(f"units.yaml does not list the forge identity {FORGE[1]} in trusted_committers")
    people = parse_people(units_text)
    outlet_names = parse_outlet_names(src["scoring.yaml"].decode("utf-8"))
    events = build_events(src, people)
    same_dir = src_dir.resolve() == dest.resolve()

    written: set[str] = set()
    try:
        for ev in events:
            d = ev.data
            if ev.kind == "config":
                units = units_text if d["version"] == "final" else \
                    set_unit_active(units_text, INACTIVE_SINCE_MARCH, True)
                files = {"units.yaml": units.encode("utf-8")}
                if "scoring.yaml" not in written:
                    files["scoring.yaml"] = src["scoring.yaml"]
                repo.commit(ev.t, d["who"], d["message"], files)
            elif ev.kind == "solicitation":
                title = re.search(r"^title:\s*(.+)$", src[d["file"]].decode("utf-8"), re.M)
                repo.commit(ev.t, d["who"], f"发布约稿：{title.group(1) if title else d['file']}",
                            {d["file"]: src[d["file"]]})
            elif ev.kind == "submit":
                repo.commit(ev.t, d["who"], f"报送：{d['title']}", {d["file"]: d["text"].encode("utf-8")})
            elif ev.kind == "branch_add":
                repo.git("checkout", "--quiet", "-b", d["branch"])
                repo.commit(ev.t, d["who"], f"报送：{d['title']}", {d["file"]: d["text"].encode("utf-8")})
                repo.git("checkout", "--quiet", branch)
            elif ev.kind == "merge":
                trailers = "\n".join(f"Approved-by: {n} <{e}>" for n, e in d["approvers"])
                msg = (f"Merge pull request '报送：{d['title']}' (#{d['number']}) from {d['branch']} into {branch}\n\n"
                       f"报送：{d['title']}\n\n{trailers}\n")
                with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".msg", delete=False) as fh:
                    fh.write(msg)
                try:
                    repo.git("merge", "--quiet", "--no-ff", "--no-verify", "--cleanup=verbatim", "-F", fh.name,
                             d["branch"], env=repo.identity_env(ev.t, d["who"], FORGE))
                finally:
                    os.unlink(fh.name)
                repo.git("branch", "--quiet", "-D", d["branch"])
            elif ev.kind == "approve":
                repo.commit(ev.t, d["who"], approval_message(d["stage"], d["files"], d["titles"]), {})
            elif ev.kind == "edit":
                repo.commit(ev.t, d["who"], d["message"], {d["file"]: d["text"].encode("utf-8")})
            elif ev.kind == "record":
                files = {d["file"]: d["text"].encode("utf-8"), **d["evidence"]}
                repo.commit(ev.t, d["who"], record_message(d["title"], d["entries"], outlet_names), files)
            else:  # pragma: no cover - the event kinds are fixed above
                raise SeedError(f"unknown event {ev.kind}")
            if "file" in d:
                written.add(d["file"])
            if ev.kind == "config":
                written.update(("units.yaml", "scoring.yaml"))
            if ev.kind == "record":
                written.update(d["evidence"])
    except BaseException:
        if same_dir:   # put the final files back where we found them
            for rel, data in src.items():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                (dest / rel).write_bytes(data)
        raise

    # The result must be exactly the source.
    problems = [rel for rel in src if rel not in written]
    for rel, data in src.items():
        shown = subprocess.run(["git", "-C", str(dest), "cat-file", "blob", f"HEAD:{rel}"],
                               capture_output=True, env=repo.base_env)
        if shown.returncode != 0 or shown.stdout != data or (dest / rel).read_bytes() != data:
            problems.append(rel)
    tracked = repo.git("ls-tree", "-r", "--name-only", "HEAD", "--", *SAMPLE_DIRS).stdout.split("\n")
    problems += [p for p in tracked if p and p not in src]
    if problems:
        raise SeedError("the seeded tree differs from the source: " + ", ".join(sorted(set(problems))))
    n = int(repo.git("rev-list", "--count", "HEAD").stdout.strip())
    print(f"seeded {len(events)} events into {dest} ({n} commits reachable from HEAD)")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", required=True, type=Path, help="directory holding the final sample files")
    ap.add_argument("--repo", required=True, type=Path, help="git repository to write the history into")
    args = ap.parse_args(argv)
    try:
        return run(args.source, args.repo)
    except SeedError as e:
        print(f"seed_sample_history: error: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
