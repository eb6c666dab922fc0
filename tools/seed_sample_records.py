#!/usr/bin/env python3
"""Add the sample bureau's other records (舆情, plans, interviews, a competition) as dated commits.

Runs after tools/seed_sample_history.py, on the same repository:

    python3 tools/seed_sample_records.py --repo .

Each record is committed by the person who would write it, on the day they would, and the
replies and interviews are approved by the right reviewers, so the review pages, the time
limits and the "held without approval" flag all come from real git history.
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
    "jiangwei": ("蒋伟", "jiangwei@wj.example.gov.cn"),
    "shenjia": ("沈佳", "shenjia@wj.example.gov.cn"),
    "zhaoguoqiang": ("赵国强", "zhaoguoqiang@wj.example.gov.cn"),
    "zhanglei": ("张磊", "zhanglei@wj.example.gov.cn"),
    "wangjianhua": ("王建华", "wangjianhua@wj.example.gov.cn"),
    "zhoumin": ("周敏", "zhoumin@wj.example.gov.cn"),
    "luyongming": ("陆永明", "luyongming@wj.example.gov.cn"),
    "pantingting": ("潘婷婷", "pantingting@wj.example.gov.cn"),
    "caozhiyong": ("曹志勇", "caozhiyong@wj.example.gov.cn"),
    "qianweidong": ("钱卫东", "qianweidong@wj.example.gov.cn"),
    "wuzhigang": ("吴志刚", "wuzhigang@wj.example.gov.cn"),
    "sunlihua": ("孙丽华", "sunlihua@wj.example.gov.cn"),
    "liuting": ("刘婷", "liuting@wj.example.gov.cn"),
}

FILES: dict[str, str] = {}

FILES["opinions/2026/05/delivery-delay-post.md"] = """---
title: 网传某楼盘交付延期引发业主聚集
source: 化龙巷论坛
link: https://www.example.com/bbs/thread-2026051101
found_at: 2026-05-11 09:20
unit: fdc
severity: 较大
summary: 网帖称某楼盘原定5月底交付，开发商通知延期至8月，部分业主在售楼处聚集表达诉求，帖子浏览量约1.2万次。
---
网友您好！关于您反映的楼盘交付问题，武进区住建局高度重视，已于5月11日约谈开发企业并赴项目现场核查。经核实，该项目因消防验收整改需延期交付，开发企业已书面承诺于7月31日前完成整改并交付，并按合同约定向业主支付逾期交付违约金。我局将持续跟踪督促，商品房预售资金监管账户资金优先保障项目建设。如有其他诉求，可拨打12345政务服务热线或我局房地产市场监管科电话反映。
"""

FILES["opinions/2026/07/wage-arrears-video.md"] = """---
title: 短视频称某工地拖欠农民工工资
source: 抖音
found_at: 2026-07-20 08:40
unit: jianguan
severity: 重大
summary: 短视频称某在建工地拖欠30余名农民工工资，视频点赞转发较多，评论区情绪较大。
---
网友您好！我局获悉后立即会同区人社局赶赴现场核查。经查，该工地劳务分包单位未按月足额支付工资，涉及农民工32人、工资款48.6万元。目前已责令总承包单位从农民工工资专用账户先行垫付，7月24日前全部发放到位，并对相关单位依法记入信用档案。欢迎社会各界继续监督。
"""

FILES["opinions/2026/09/elevator-noise-post.md"] = """---
title: 居民反映加装电梯施工噪音扰民
source: 武进发布微博评论区
found_at: 2026-09-03 19:10
unit: chengjian
severity: 一般
summary: 多名居民在评论区反映某小区加装电梯夜间施工噪音扰民。
---
网友您好！您反映的情况已转交施工单位整改，要求严格执行夜间施工时间规定，22时至次日6时禁止产生噪声的施工作业。我局将加强巡查，欢迎继续监督。
"""

FILES["opinions/2026/10/property-fee-post.md"] = """---
title: 业主质疑小区物业费调价程序
source: 武进论坛
found_at: 2026-10-27 10:00
unit: fangguan
severity: 一般
summary: 帖子质疑某小区物业费上调未经业主大会表决。
---
网友您好！根据《江苏省物业管理条例》，物业服务收费调整须经业主大会依法表决。我中心已约谈该小区物业服务企业，暂停执行新收费标准，并指导业主委员会依法组织表决。
"""

FILES["plans/2026/jianguan.yaml"] = """# 建筑管理科2026年度对外宣传要点计划（报组织人事科备案）
unit: jianguan
year: 2026
items:
  - id: winter-wage
    topic: 岁末年初农民工工资支付专项行动
    when: 2026-01
    category: gov_info
    level: municipal
  - id: wage-guarantee
    topic: 建筑领域农民工工资支付保障工作经验
    when: 2026-03
    category: gov_info
    level: provincial
  - id: permit-reform
    topic: 工程建设项目审批制度改革
    when: 2026-06
    category: news
    level: municipal
  - id: skills-training
    topic: 建筑产业工人技能提升
    when: 2026-10
    category: news
    level: county
  - id: green-building
    topic: 绿色建筑与装配式建筑推广
    when: 2026-11
    category: gov_info
    level: municipal
"""

FILES["plans/2026/fdc.yaml"] = """# 房地产市场监管科2026年度对外宣传要点计划
unit: fdc
year: 2026
items:
  - id: presale-fund
    topic: 商品房预售资金监管
    when: 2026-01
    category: gov_info
    level: provincial
  - id: trade-in
    topic: 住房“以旧换新”促进房地产市场平稳健康发展
    when: 2026-05
    category: gov_info
    level: municipal
  - id: delivery-quality
    topic: 商品房交付质量提升
    when: 2026-08
    category: news
    level: municipal
    note: 结合“交房即交证”改革
"""

FILES["plans/2026/chengjian.yaml"] = """# 城建科2026年度对外宣传要点计划
unit: chengjian
year: 2026
items:
  - id: gas-safety
    topic: 城镇燃气安全专项整治
    when: 2026-02
    category: gov_info
    level: municipal
  - id: old-community
    topic: 老旧小区改造民生实事
    when: 2026-07
    category: gov_info
    level: provincial
  - id: flood-season
    topic: 汛期城市防汛排涝
    when: 2026-06-15
    category: news
    level: county
  - id: pipeline-renewal
    topic: 城市燃气管网更新改造
    when: 2026-09
    category: gov_info
    level: municipal
"""

FILES["interviews/2026/03/wage-campaign-cztv.md"] = """---
title: 农民工工资支付保障工作专题采访
outlet: 常州电视台
reporters: [李明, 陈晨]
date: 2026-03-18
unit: jianguan
spokesperson: wangjianhua
report_url: https://www.example.com/cztv/2026/0318/wage.html
---
采访提纲：一、我区建筑领域农民工工资支付保障主要举措；二、实名制管理和工资专用账户落实情况；三、下一步工作打算。采访地点：局会议室及某在建工地。
"""

FILES["interviews/2026/06/flood-season-wjdaily.md"] = """---
title: 汛期城市防汛排涝工作采访
outlet: 武进日报
reporters: [王芳]
date: 2026-06-25
unit: chengjian
spokesperson: luyongming
---
采访提纲：一、今年防汛准备情况；二、易涝点整治进展；三、应急抢险队伍建设。
"""

FILES["interviews/2026/11/year-end-xinhua.md"] = """---
title: 保障性住房建设成效专访
outlet: 新华日报
reporters: [周洋]
date: 2026-12-03
unit: fangguan
spokesperson: caozhiyong
---
采访提纲：一、保障性租赁住房筹集和配租情况；二、住房保障数字化服务；三、2027年工作思路。
"""

FILES["competitions/2026-research.yaml"] = """# 局系统2026年度调研论文评比结果
name: 2026年度局系统调研论文评比
date: 2026-10-20
organizer: 局办公室、组织人事科
results:
  - submission: submissions/2026/04/elevator-retrofit-research.md
    grade: 一等奖
  - submission: submissions/2026/08/quality-supervision-research.md
    grade: 二等奖
  - submission: submissions/2026/09/archives-digital-research.md
    grade: 三等奖
"""

SCORING_ADDITION = """
# 舆情信息处置时限：发现后24小时内报送，3日内回复；超时扣分
opinions: {report_within_hours: 24, reply_within_days: 3, late_report_penalty: -2, late_reply_penalty: -3}

# 调研论文评比获奖加分
competition_points: {一等奖: 20, 二等奖: 12, 三等奖: 8, 优秀奖: 4}
"""

PLAN_LINKS = {  # existing submissions that fulfil plan items (recorded by the office)
    "submissions/2026/01/winter-wage-campaign.md": "jianguan/winter-wage",
    "submissions/2026/03/wage-guarantee-report.md": "jianguan/wage-guarantee",
    "submissions/2026/06/permit-reform.md": "jianguan/permit-reform",
    "submissions/2026/01/presale-fund-supervision.md": "fdc/presale-fund",
    "submissions/2026/05/housing-trade-in.md": "fdc/trade-in",
    "submissions/2026/02/gas-safety-rectification.md": "chengjian/gas-safety",
    "submissions/2026/07/old-community-renovation.md": "chengjian/old-community",
    "submissions/2026/09/gas-pipeline-renewal.md": "chengjian/pipeline-renewal",
}

# (when, who, message, files to add or change, approvals: [(who, stage)])
TIMELINE: list[tuple[str, str, str, list[str]]] = [
    ("2026-01-20 10:00", "xujing", "备案：2026年度对外宣传要点计划",
     ["plans/2026/jianguan.yaml", "plans/2026/fdc.yaml", "plans/2026/chengjian.yaml", "scoring.yaml"]),
    ("2026-03-15 16:00", "liuting", "采访登记：常州电视台农民工工资支付保障专题", ["interviews/2026/03/wage-campaign-cztv.md"]),
    ("2026-05-11 10:05", "shenjia", "舆情报送：网传某楼盘交付延期", ["opinions/2026/05/delivery-delay-post.md"]),
    ("2026-06-23 09:30", "zhoumin", "采访登记：武进日报汛期防汛排涝", ["interviews/2026/06/flood-season-wjdaily.md"]),
    ("2026-07-21 09:00", "zhanglei", "舆情报送：短视频称某工地拖欠农民工工资", ["opinions/2026/07/wage-arrears-video.md"]),
    ("2026-09-03 20:30", "zhoumin", "舆情报送：加装电梯施工噪音扰民", ["opinions/2026/09/elevator-noise-post.md"]),
    ("2026-10-20 17:00", "jiangwei", "发布：2026年度局系统调研论文评比结果", ["competitions/2026-research.yaml"]),
    ("2026-10-27 11:30", "pantingting", "舆情报送：业主质疑小区物业费调价程序", ["opinions/2026/10/property-fee-post.md"]),
    ("2026-10-28 09:00", "xujing", "关联年度宣传要点计划", list(PLAN_LINKS)),
    ("2026-10-29 15:00", "caozhiyong", "采访登记：新华日报保障性住房专访", ["interviews/2026/11/year-end-xinhua.md"]),
]

APPROVALS: list[tuple[str, str, str, str]] = [   # (when, who, stage, path)
    ("2026-03-16 09:00", "xujing", "office", "interviews/2026/03/wage-campaign-cztv.md"),
    ("2026-03-17 10:00", "qianweidong", "leader", "interviews/2026/03/wage-campaign-cztv.md"),
    ("2026-05-11 15:00", "zhaoguoqiang", "unit", "opinions/2026/05/delivery-delay-post.md"),
    ("2026-05-11 16:30", "xujing", "office", "opinions/2026/05/delivery-delay-post.md"),
    ("2026-06-24 11:00", "jiangwei", "office", "interviews/2026/06/flood-season-wjdaily.md"),
    ("2026-06-26 09:00", "wuzhigang", "leader", "interviews/2026/06/flood-season-wjdaily.md"),  # after the day
    ("2026-07-22 10:00", "wangjianhua", "unit", "opinions/2026/07/wage-arrears-video.md"),
    ("2026-07-24 17:00", "jiangwei", "office", "opinions/2026/07/wage-arrears-video.md"),
    ("2026-09-04 09:00", "luyongming", "unit", "opinions/2026/09/elevator-noise-post.md"),
    ("2026-10-27 15:00", "caozhiyong", "unit", "opinions/2026/10/property-fee-post.md"),
    ("2026-10-28 10:00", "xujing", "office", "opinions/2026/10/property-fee-post.md"),
    ("2026-10-30 09:00", "jiangwei", "office", "interviews/2026/11/year-end-xinhua.md"),
]

REPLIES: list[tuple[str, str, str, str]] = [   # (when, who, path, replied date): the office posts replies
    ("2026-05-12 09:00", "xujing", "opinions/2026/05/delivery-delay-post.md", "2026-05-12"),
    ("2026-07-25 10:00", "jiangwei", "opinions/2026/07/wage-arrears-video.md", "2026-07-25"),
    ("2026-10-29 16:00", "pantingting", "opinions/2026/10/property-fee-post.md", "2026-10-29"),  # not the office
]


def git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    base.update(env or {})
    proc = subprocess.run(["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", "-C", str(repo),
                           *args], env=base, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def commit(repo: Path, when: str, who: str, message: str, paths: list[str], allow_empty: bool = False) -> None:
    name, email = PEOPLE[who]
    date = f"{when}:00 +0800"
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date}
    if paths:
        git(repo, "add", "--", *paths)
    git(repo, "commit", "-q", *(["--allow-empty"] if allow_empty else []), "-m", message, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path("."))
    repo = parser.parse_args().repo
    if git(repo, "ls-tree", "HEAD", "opinions").strip():
        sys.exit("refusing: opinions/ is already in HEAD")
    if git(repo, "diff", "--cached", "--name-only").strip():
        sys.exit("refusing: the index has staged changes")
    events: list[tuple[str, int, object]] = []
    for t in TIMELINE:
        events.append((t[0], 0, ("add",) + t))
    for a in APPROVALS:
        events.append((a[0], 1, ("approve",) + a))
    for r in REPLIES:
        events.append((r[0], 2, ("reply",) + r))
    for when, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        kind = event[0]  # type: ignore[index]
        if kind == "add":
            _, when, who, message, paths = event  # type: ignore[misc]
            for path in paths:
                target = repo / path
                target.parent.mkdir(parents=True, exist_ok=True)
                if path == "scoring.yaml":
                    text = target.read_text(encoding="utf-8")
                    if "opinions:" not in text:
                        target.write_text(text.rstrip("\n") + "\n" + SCORING_ADDITION, encoding="utf-8")
                elif path in PLAN_LINKS:
                    text = target.read_text(encoding="utf-8")
                    text = re.sub(r"^(category: .*)$", lambda m: f"{m[1]}\nplan: {PLAN_LINKS[path]}", text, count=1,
                                  flags=re.M)
                    target.write_text(text, encoding="utf-8")
                else:
                    target.write_text(FILES[path], encoding="utf-8")
            commit(repo, when, who, message, paths)
        elif kind == "approve":
            _, when, who, stage, path = event  # type: ignore[misc]
            title = re.search(r"^title: (.*)$", FILES[path], re.M)[1]  # type: ignore[index]
            commit(repo, when, who, f"审核通过：{title}\n\nApprove: {path}\nStage: {stage}", [], allow_empty=True)
        else:
            _, when, who, path, day = event  # type: ignore[misc]
            target = repo / path
            text = target.read_text(encoding="utf-8")
            text = text.replace("\n---\n", f"\nreplied: {day}\n---\n", 1)
            target.write_text(text, encoding="utf-8")
            title = re.search(r"^title: (.*)$", text, re.M)[1]  # type: ignore[index]
            commit(repo, when, who, f"记录回复：{title}", [path])
    print(f"added {len(TIMELINE)} records, {len(APPROVALS)} approvals and {len(REPLIES)} replies")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
