#!/usr/bin/env python3
"""Add the sample's November 2026 history: the seeds' workflow rules (SPEC 9) turned on and used.

After the last issued bulletin (2026-10) the office

1. takes over recording adoptions and 批示 (一个口子): it withdraws every adoption and 批示
   the liaisons had recorded and records each again, unchanged (same outlet, same date), so
   no issued figure moves;
2. turns the rules on: ``review.ordered`` (逐级审核签发), ``recorders: role:office``, targets per
   person (任务量化到人) and ``awards.disqualify_heads`` (取消负责人评优资格);

and then history shows each rule at work:

* a premature 签发: the 分管领导 signs before the 科室 and 办公室 have reviewed, which counts for
  nothing, and signs again once they have;
* an item returned with a reason (退回修改), revised by its author and approved in order;
* an adoption a liaison recorded herself, which scores nothing until the office records it;
* another adoption a liaison recorded, not yet verified by the office (it scores nothing);
* an item returned on the 24th that still waits for its author (it shows on 我的待办).

    python3 tools/seed_sample_workflow.py --repo .

Every commit has a fixed author and committer date in November 2026 (Beijing time), so the
commits are the same wherever the script runs. Refuses to run twice (it checks for its first
commit's subject) or with staged changes.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

PEOPLE = {
    "xujing": ("徐静", "xujing@wj.example.gov.cn"),
    "guqian": ("顾倩", "guqian@wj.example.gov.cn"),
    "jiangwei": ("蒋伟", "jiangwei@wj.example.gov.cn"),
    "qianweidong": ("钱卫东", "qianweidong@wj.example.gov.cn"),
    "wuzhigang": ("吴志刚", "wuzhigang@wj.example.gov.cn"),
    "wangjianhua": ("王建华", "wangjianhua@wj.example.gov.cn"),
    "luyongming": ("陆永明", "luyongming@wj.example.gov.cn"),
    "liuting": ("刘婷", "liuting@wj.example.gov.cn"),
    "zhoumin": ("周敏", "zhoumin@wj.example.gov.cn"),
    "hanmei": ("韩梅", "hanmei@wj.example.gov.cn"),
    "tangxiaolin": ("唐晓琳", "tangxiaolin@wj.example.gov.cn"),
}

FIRST_SUBJECT = "办公室统一登记采用和批示：撤下此前由信息员录入的记录"

PREMATURE = "submissions/2026/11/tower-crane-inspection.md"
PREMATURE_TEXT = """---
title: 武进住建局开展建筑起重机械安全专项检查
unit: jianguan
category: gov_info
authors: [liuting]
tags: [安全生产, 起重机械]
---
11月2日起，局建筑管理科会同区质安站开展为期两周的建筑起重机械安全专项检查，重点检查塔式起重机、施工升降机的产权备案、安装验收和日常维保情况。

截至11月6日，已检查在建工地42个、起重机械97台，发现隐患63处，当场整改51处，对12处限期整改并纳入“回头看”。检查中对2台未按规定进行加节验收的塔吊责令停止使用。
"""

RETURNED = "submissions/2026/11/street-lighting-renewal.md"
RETURNED_TEXT = """---
title: 武进区城区路灯节能改造完成过半
unit: chengjian
category: news
authors: [zhoumin]
tags: [市政设施, 节能改造]
---
今年以来，区城建科推进城区路灯节能改造，将高压钠灯更换为LED路灯。

目前改造已完成过半，群众反映夜间照明明显改善。
"""
RETURNED_REVISED = """---
title: 武进区城区路灯节能改造完成过半
unit: chengjian
category: news
authors: [zhoumin]
tags: [市政设施, 节能改造]
---
今年以来，区城建科推进城区路灯节能改造，将主次干道的高压钠灯更换为LED路灯，并同步接入智慧照明管理平台。

截至11月10日，已完成改造3260盏，占计划总数的54%，预计年节电约120万千瓦时。改造路段平均照度提高约30%，夜间交通事故报警数同比下降。
"""
RETURN_REASON = "稿件缺少改造数量、节能效果等具体数据，“群众反映”也无来源。请补充截至目前的完成数量、占比和节电测算后重新报送。"

WAITING = "submissions/2026/11/archives-open-day.md"
WAITING_TEXT = """---
title: 城建档案馆举办“档案开放日”活动
unit: dangan
category: news
authors: [tangxiaolin]
tags: [城建档案]
---
11月20日，区城建档案馆举办“档案开放日”活动，邀请市民走进档案库房，了解城建档案的收集、保管和利用。
"""
WAITING_REASON = "请补充参加人数和活动中查档服务的情况；标题中的活动名称请与馆内通知保持一致。"

ADOPTION_LINES = """adoptions:
  - outlet: cz-zjj-web
    date: 2026-11-13
    evidence: evidence/2026/11/tower-crane-inspection-cz-zjj-web.png
"""


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base.update(env or {})
    proc = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-C", str(repo),
                           *args], env=base, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def commit(repo: Path, when: str, who: str, message: str, paths: list[str] = (), allow_empty: bool = False) -> None:
    name, email = PEOPLE[who]
    date = f"2026-{when}:00 +0800"
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date}
    if paths:
        git(repo, "add", "--", *paths)
    git(repo, "commit", "-q", *(["--allow-empty"] if allow_empty else []), "-m", message, env=env)


def approve(repo: Path, when: str, who: str, path: str, title: str, verb: str = "审核通过") -> None:
    commit(repo, when, who, f"{verb}：{title}\n\nApprove: {path}\n", allow_empty=True)


def give_back(repo: Path, when: str, who: str, path: str, title: str, reason: str) -> None:
    commit(repo, when, who, f"退回修改：{title}\n\n{reason}\n\nReturn: {path}\n", allow_empty=True)


def write(repo: Path, rel: str, text: str | bytes) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def without_records(text: str) -> str:
    """The submission without its top-level adoptions:/instructions: blocks."""
    head, sep, rest = text.partition("\n---\n")
    if not head.startswith("---") or not sep:
        return text
    lines = head.split("\n")
    out: list[str] = []
    skipping = False
    for line in lines:
        if re.match(r"^(adoptions|instructions)\s*:", line):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "\t", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + sep + rest


def set_yaml(text: str, after: str, insert: str) -> str:
    """``insert`` right after the first line matching ``after`` (keeps comments and layout)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if re.match(after, line):
            return "\n".join(lines[:i + 1] + insert.rstrip("\n").split("\n") + lines[i + 1:])
    sys.exit(f"no line matches {after!r}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path("."))
    repo = parser.parse_args().repo.resolve()
    if FIRST_SUBJECT in git(repo, "log", "--format=%s"):
        sys.exit("the November workflow history is already there")
    if git(repo, "diff", "--cached", "--name-only").strip():
        sys.exit("the index has staged changes: commit or unstage them first")

    # 1. 一个口子: the office withdraws and records again every adoption and 批示 (unchanged).
    recorded = []
    for path in sorted((repo / "submissions").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        bare = without_records(text)
        if bare != text:
            recorded.append((path, text, bare))
    for path, _text, bare in recorded:
        path.write_text(bare, encoding="utf-8")
    rels = [str(p.relative_to(repo)) for p, _t, _b in recorded]
    commit(repo, "11-02 09:00", "xujing", FIRST_SUBJECT + "\n\n自11月起，采用和批示由局办公室统一登记（一个口子）。"
           "先撤下此前由各单位信息员录入的记录，逐条核对证明材料后由办公室重新登记。", rels)
    for path, text, _bare in recorded:
        path.write_text(text, encoding="utf-8")
    commit(repo, "11-02 09:10", "xujing", "办公室统一登记采用和批示：逐条核对后重新登记（内容未变）", rels)

    # 2. The rules, turned on by the office.
    units = (repo / "units.yaml").read_text(encoding="utf-8")
    units = set_yaml(units, r"^review:", "  # 逐级审核签发：科室审核 → 办公室审核 → 分管领导签发，前一环节通过后后一环节才计入\n"
                                         "  ordered: true\n"
                                         "  overdue_days: 3          # 超过3个工作日未审核即标为逾期\n"
                                         "  escalate_days: 5         # 超过5个工作日提醒分管领导")
    (repo / "units.yaml").write_text(units, encoding="utf-8")
    scoring = (repo / "scoring.yaml").read_text(encoding="utf-8")
    scoring = set_yaml(scoring, r"^targets:", "  people:                   # 任务量化到人：信息员个人年度目标积分\n"
                                              "    default:   {points: 24}")
    scoring = scoring.replace("awards: {units: 3, people: 10, require_target: true}",
                              "awards: {units: 3, people: 10, require_target: true, disqualify_heads: true}")
    scoring = scoring.rstrip("\n") + ("\n\n# 采用和批示由局办公室统一登记（一个口子）：其他人录入的记录不计分，\n"
                                      "# 须由办公室核实后重新登记\nrecorders: role:office\n")
    (repo / "scoring.yaml").write_text(scoring, encoding="utf-8")
    commit(repo, "11-02 10:00", "xujing", "启用逐级审核签发、办公室统一登记采用、个人目标和负责人评优联动\n\n"
           "依据《关于进一步加强局系统信息宣传工作的意见》：信息稿件逐级审核签发；采用和批示由局办公室统一登记；"
           "目标任务量化到人；未完成目标任务的单位，取消单位和负责人评优资格。", ["units.yaml", "scoring.yaml"])

    # 3. A premature 签发, re-done in order.
    title = "武进住建局开展建筑起重机械安全专项检查"
    write(repo, PREMATURE, PREMATURE_TEXT)
    commit(repo, "11-03 09:30", "liuting", f"报送：{title}", [PREMATURE])
    approve(repo, "11-03 11:00", "qianweidong", PREMATURE, title, "签发")
    approve(repo, "11-03 16:20", "wangjianhua", PREMATURE, title)
    approve(repo, "11-04 10:05", "guqian", PREMATURE, title)
    approve(repo, "11-04 15:40", "qianweidong", PREMATURE, title, "签发")

    # 4. Returned with a reason, revised, approved in order.
    title = "武进区城区路灯节能改造完成过半"
    write(repo, RETURNED, RETURNED_TEXT)
    commit(repo, "11-09 09:15", "zhoumin", f"报送：{title}", [RETURNED])
    approve(repo, "11-09 14:30", "luyongming", RETURNED, title)
    give_back(repo, "11-10 10:20", "jiangwei", RETURNED, title, RETURN_REASON)
    write(repo, RETURNED, RETURNED_REVISED)
    commit(repo, "11-11 09:40", "zhoumin", f"修改：{title}（补充改造数量和节能数据）", [RETURNED])
    approve(repo, "11-11 15:10", "luyongming", RETURNED, title)
    approve(repo, "11-12 09:30", "jiangwei", RETURNED, title)
    approve(repo, "11-12 16:00", "wuzhigang", RETURNED, title, "签发")

    # 5. An adoption the liaison recorded herself; the office records it properly.
    title = "武进住建局开展建筑起重机械安全专项检查"
    evidence = "evidence/2026/11/tower-crane-inspection-cz-zjj-web.png"
    source = repo / "evidence/2026/10/autumn-winter-construction-safety-cz-zjj-web.png"
    write(repo, evidence, source.read_bytes())
    with_adoption = PREMATURE_TEXT.replace("---\n11月2日", ADOPTION_LINES + "---\n11月2日", 1)
    write(repo, PREMATURE, with_adoption)
    commit(repo, "11-16 10:30", "liuting", f"记录采用：{title}", [PREMATURE, evidence])
    write(repo, PREMATURE, PREMATURE_TEXT)
    commit(repo, "11-17 09:20", "guqian", f"撤下信息员自行录入的采用记录：{title}（待办公室核实）", [PREMATURE])
    write(repo, PREMATURE, with_adoption)
    commit(repo, "11-17 09:35", "guqian", f"记录采用：{title}（常州市住建局网站，办公室核实）", [PREMATURE])

    # 6. Another adoption a liaison recorded herself, not yet verified by the office: it scores
    #    nothing, and check, status and the review page say who recorded it.
    title = "武进区城区路灯节能改造完成过半"
    evidence = "evidence/2026/11/street-lighting-renewal-wj-daily.pdf"
    write(repo, evidence, (repo / "evidence/2026/10/gas-pipeline-renewal-cz-daily.pdf").read_bytes())
    write(repo, RETURNED, RETURNED_REVISED.replace("---\n今年以来", "adoptions:\n  - outlet: wj-daily\n"
                                                                "    date: 2026-11-20\n"
                                                                f"    evidence: {evidence}\n---\n今年以来", 1))
    commit(repo, "11-23 10:10", "zhoumin", f"记录采用：{title}", [RETURNED, evidence])

    # 7. Returned on the 24th; still waiting for its author.
    title = "城建档案馆举办“档案开放日”活动"
    write(repo, WAITING, WAITING_TEXT)
    commit(repo, "11-20 16:45", "tangxiaolin", f"报送：{title}", [WAITING])
    approve(repo, "11-23 09:50", "hanmei", WAITING, title)
    give_back(repo, "11-24 11:00", "xujing", WAITING, title, WAITING_REASON)
    return 0


if __name__ == "__main__":
    sys.exit(main())
