"""Site text in Chinese (default) and English."""
from __future__ import annotations

import re
from collections.abc import Callable

from .messages import Msg
from .messages import what_zh as _what

LANGS = ("zh", "en")

_STRINGS: dict[str, tuple[str, str]] = {
    # navigation
    "home": ("首页", "Home"),
    "bulletins": ("通报", "Bulletins"),
    "rankings": ("排名", "Rankings"),
    "articles": ("稿件", "Articles"),
    "units": ("单位", "Units"),
    "solicitations": ("约稿", "Solicitations"),
    "review": ("审核", "Review"),
    "organization": ("组织", "Organisation"),
    "search": ("搜索", "Search"),
    # common words
    "unit": ("单位", "Unit"),
    "person": ("姓名", "Name"),
    "rank": ("排名", "Rank"),
    "points": ("本期积分", "Points"),
    "cumulative": ("累计积分", "Cumulative"),
    "cumulative_rank": ("累计排名", "Cum. rank"),
    "change": ("名次变化", "Change"),
    "submitted": ("报送", "Submitted"),
    "adopted": ("采用", "Adopted"),
    "target": ("目标（按月折算）", "Target (pro rata)"),
    "target_met": ("完成目标", "Target met"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "title": ("标题", "Title"),
    "category": ("类别", "Category"),
    "authors": ("作者", "Authors"),
    "date": ("日期", "Date"),
    "submitted_at": ("报送时间", "Submitted"),
    "approved_at": ("签发时间", "Approved"),
    "outlet": ("采用媒体", "Outlet"),
    "level": ("级别", "Level"),
    "evidence": ("佐证", "Evidence"),
    "instructions": ("领导批示", "Leaders' instructions"),
    "by": ("批示人", "By"),
    "adoptions": ("采用情况", "Adoptions"),
    "review_trail": ("审核记录", "Review trail"),
    "stage": ("审核环节", "Stage"),
    "approver": ("审核人", "Approver"),
    "kind": ("类型", "Kind"),
    "detail": ("说明", "Detail"),
    "entries": ("积分明细", "Entries"),
    "tags": ("标签", "Tags"),
    "importance_major": ("重要信息", "Major item"),
    "urgent": ("紧急信息", "Urgent report"),
    "joint": ("合报", "Joint submission"),
    "points_earned": ("所得积分", "Points earned"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_xlsx": ("下载 Excel", "Download Excel"),
    "provisional": ("本通报为临时统计（尚未正式印发），数据截至 {as_of}，以正式印发的通报为准。",
                    "Provisional figures (not yet issued), as of {as_of}; the issued bulletin is authoritative."),
    "as_of": ("数据截至 {as_of}", "As of {as_of}"),
    "people_ranking": ("个人积分排名", "People ranking"),
    "unit_ranking": ("单位积分排名", "Unit ranking"),
    "below_target": ("未完成目标任务的单位", "Units below target"),
    "none": ("无", "None"),
    "adopted_by_level": ("采用稿件（按级别）", "Adopted items by level"),
    "solicitation_compliance": ("约稿报送情况", "Solicitation compliance"),
    "on_time": ("按时", "on time"),
    "late": ("逾期", "late"),
    "missed": ("未报", "missed"),
    "pending_answer": ("未报（尚未到期）", "not yet (open)"),
    "awards": ("评优", "Awards"),
    "award_units": ("先进单位", "Outstanding units"),
    "award_people": ("先进个人", "Outstanding people"),
    "instructions_received": ("领导批示", "Leaders' instructions received"),
    "leader": ("分管领导", "Leader in charge"),
    "head": ("负责人", "Head"),
    "liaisons": ("信息员", "Liaisons"),
    "contacts": ("联系方式", "Contacts"),
    "annual_target": ("年度目标", "Annual target"),
    "progress": ("完成进度", "Progress"),
    "issuer": ("发文单位", "Issued by"),
    "issued": ("发布日期", "Issued"),
    "deadline": ("截止日期", "Deadline"),
    "target_units": ("报送单位", "Units asked"),
    "open_solicitations": ("正在征集的约稿", "Open solicitations"),
    "recent_adoptions": ("最近采用", "Recently adopted"),
    "year_totals": ("本年度累计", "This year so far"),
    "live_ranking": ("本期实时排名", "Live ranking of the current period"),
    "latest_bulletin": ("最新通报", "Latest bulletin"),
    "pending": ("待审核稿件", "Pending items"),
    "waiting_for": ("等待", "Waiting for"),
    "waiting_days": ("已等待天数", "Days waiting"),
    "working_days": ("已等待工作日", "Working days waiting"),
    "review_overdue": ("已逾期", "Overdue"),
    "overdue_rule": ("按工作日计算（周一至周五{holidays}），超过 {n} 个工作日未处理即标为逾期。",
                     "Counted in working days (Monday to Friday{holidays}); past {n} working days an item is "
                     "marked overdue."),
    "holidays_note": ("，除去 units.yaml 中登记的节假日、加上调休工作日", ", minus the holidays in units.yaml, "
                                                              "plus the working weekend days"),
    "returned_items": ("退回修改的稿件", "Returned for revision"),
    "returned_by": ("退回人", "Returned by"),
    "return_reason": ("退回理由", "Reason"),
    "return_date": ("退回日期", "Returned on"),
    "ignored_approvals": ("不计入的审核", "Approvals that do not count"),
    "unrecorded": ("不计分的采用和批示", "Adoptions and 批示 that do not count"),
    "todo": ("我的待办", "My to-do list"),
    "todo_of": ("{name}的待办", "To-do list of {name}"),
    "todo_people": ("各人待办", "Everyone's to-do list"),
    "todo_review": ("待我审核", "To review"),
    "todo_revise": ("退回待修改", "Returned to revise"),
    "todo_solicitation": ("本单位待报约稿", "Solicitations due for my unit"),
    "todo_target": ("目标进度落后", "Targets behind"),
    "todo_none": ("目前没有待办事项。", "Nothing waits for you."),
    "todo_calendar": ("订阅我的待办日程（iCalendar）", "Subscribe to my deadlines (iCalendar)"),
    "due": ("期限", "Due"),
    "what": ("事项", "What"),
    "stale": ("已失效的审核", "Stale approvals"),
    "invalid": ("格式有误的稿件", "Invalid items"),
    "problem": ("问题", "Problem"),
    "withheld_marking": ("含密级标识，未发布", "Carries a classification marking; not published"),
    "withheld_name": ("（文件名含密级标识）", "(file name carries a classification marking)"),
    "month": ("月度", "Monthly"),
    "quarter": ("季度", "Quarterly"),
    "half": ("半年", "Half-year"),
    "year": ("年度", "Annual"),
    "by_month": ("按月份", "By month"),
    "by_unit": ("按单位", "By unit"),
    "by_category": ("按类别", "By category"),
    "page": ("第 {n} 页", "Page {n}"),
    "previous_page": ("上一页", "Previous"),
    "next_page": ("下一页", "Next"),
    "items": ("篇", "items"),
    "search_hint": ("输入任意两个以上的字（如：招投标、预售 监管、武住建办〔2026〕58号）搜索已发布的稿件、通报、单位、"
                    "约稿、舆情、宣传计划、媒体采访、调研评比和操作指南；多个词用空格隔开，结果须包含每一个词。",
                    "Type any two or more characters to search the published articles, bulletins, units, "
                    "solicitations, public opinion, plans, interviews, competitions and guides; several terms "
                    "separated by spaces find the pages holding all of them."),
    "chart_points": ("各单位本期积分", "Points by unit"),
    "chart_cumulative": ("各单位累计积分（按月）", "Cumulative points by month"),
    "chart_levels": ("采用稿件级别分布", "Adoptions by level"),
    "chart_target": ("目标", "target"),
    "total_submitted": ("报送稿件", "Submitted"),
    "total_approved": ("审核通过", "Approved"),
    "total_adopted": ("被采用", "Adopted"),
    "org_title": ("信息宣传工作组织领导示意图", "Leadership and liaison network"),
    "chief": ("主要领导", "Head of bureau"),
    "office": ("办公室（宣传报道组）", "Office (publicity group)"),
    "answered_by": ("报送情况", "Answers"),
    "no_items": ("暂无稿件。", "No items yet."),
    "rank_over_year": ("全年名次变化", "Rank over the year"),
    "review_only_metadata": ("此处只列出标题和基本信息；稿件正文在审核通过后发布。",
                             "Titles and metadata only; a body is published once approved."),
    "recent_items": ("最新稿件", "Latest items"),
    "points_short": ("积分", "Points"),
    "by_reviewer": ("按审核人", "By reviewer"),
    "opinions": ("舆情", "Public opinion"),
    "plans": ("宣传计划", "Publicity plans"),
    "interviews": ("媒体采访", "Interviews"),
    "competitions": ("调研评比", "Competitions"),
    "source": ("来源", "Source"),
    "severity": ("等级", "Severity"),
    "found_at": ("发现时间", "Found"),
    "report_hours": ("报送用时（小时）", "Reported after (hours)"),
    "reply_deadline": ("回复时限", "Reply due"),
    "replied": ("回复日期", "Replied"),
    "reply_days": ("回复用时（天）", "Days to reply"),
    "status": ("状态", "Status"),
    "open": ("待回复", "open"),
    "overdue": ("超时未回复", "overdue"),
    "replied_late": ("已回复（超时）", "replied late"),
    "replied_ok": ("已回复", "replied"),
    "late_report": ("报送超时", "reported late"),
    "late_reply": ("回复超时", "replied late"),
    "open_items": ("未办结", "Open"),
    "closed_items": ("已办结", "Closed"),
    "drafted_reply": ("拟回复内容", "Drafted reply"),
    "reply_pending_review": ("回复内容审核通过后显示。", "The reply is shown once it has passed review."),
    "time_limits": ("时限要求：发现后 {h} 小时内报送，{d} 日内回复。", "Time limits: report within {h} hours, reply within {d} days."),
    "editorial_calendar": ("年度宣传要点计划", "Editorial calendar"),
    "planned": ("计划选题", "Planned topics"),
    "covered_by": ("已刊发稿件", "Covered by"),
    "overdue_plans": ("已过时间节点尚未报送的计划选题", "Planned topics past their time node with no item"),
    "reporters": ("记者", "Reporters"),
    "spokesperson": ("受访人", "Spokesperson"),
    "approval": ("审批", "Approval"),
    "held_without_approval": ("未经审批即接受采访", "held without approval"),
    "report_link": ("报道", "Report"),
    "grade": ("奖项", "Grade"),
    "organizer": ("组织单位", "Organizer"),
    "calendar_feed": ("订阅日程（iCalendar）", "Subscribe to deadlines (iCalendar)"),
    "opinions_late": ("舆情处置超时", "Late opinion handling"),
    "provisional_short": ("临时统计", "provisional"),
    "provisional_figures": ("临时统计：本期通报尚未印发，数据截至 {as_of}，随仓库变化，以正式印发的通报为准。",
                            "Provisional: no bulletin of this period has been issued; figures as of {as_of} "
                            "change with the repository; the issued bulletin is authoritative."),
    "issued_figures": ("本页数字为已印发通报（{number}，{issued} 印发，数据截至 {as_of}）的数字；此后仓库中的变化"
                       "以“更正”标注，不改动通报数字。",
                       "The figures of the issued bulletin ({number}, issued {issued}, as of {as_of}); later "
                       "changes in the repository are marked as corrections, never written over them."),
    "issued_intro": ("各单位、各科室：现将{period}信息宣传工作情况通报如下。本期共报送并审核通过信息{submitted}篇，"
                     "被各级媒体和党政信息刊物采用{adoptions}篇次，获得领导批示{instructions}次。",
                     "To all units and offices: the information and publicity work of {period}. In the period "
                     "{submitted} items were submitted and approved, outlets and official publications adopted "
                     "them {adoptions} times, and leaders wrote {instructions} instructions."),
    "issued_short": ("已印发通报", "Issued bulletin"),
    "figures_from": ("数据来源", "Figures from"),
    "correction_mark": ("〔更正{n}〕", " [correction {n}]"),
    "correction_pending": ("{name} {field}：通报为 {old}，现为 {new}。原因：{cause}。下一期通报将予以更正。",
                           "{name}, {field}: issued {old}, now {new}. Cause: {cause}. The next bulletin will "
                           "correct it."),
    "correction_published": ("{name} {field}：通报为 {old}，已由 {number} 通报更正为 {new}。原因：{cause}。",
                             "{name}, {field}: issued {old}, corrected to {new} by {number}. Cause: {cause}."),
    "correction_cause": ("{subject}（提交 {commit}，{date} 起）", "{subject} (commit {commit}, since {date})"),
    "more_corrections": ("另有 {n} 项更正，见排名页。", "{n} more corrections: see the ranking."),
    "rule_change": ("计分规则调整", "a change of rules"),
    "corrections": ("更正", "Corrections"),
    "corrections_intro": ("以下为已印发通报中数据的更正：", "Figures of issued bulletins that have changed:"),
    "issued_bulletin": ("正式印发", "Issued"),
    "issued_on": ("印发日期", "Issued on"),
    "doc_number": ("文号", "Number"),
    "computed_from": ("数据截至 {as_of}，依据仓库提交 {commit} 计算。", "Figures as of {as_of}, from commit {commit}."),
    "download_docx": ("下载公文（DOCX）", "Download the document (DOCX)"),
    "download_xlsx_tables": ("下载排名表（Excel）", "Download the tables (Excel)"),
    "download_pdf": ("下载 PDF（打印）", "Download PDF (to print)"),
    "solicitation_open": ("征集中", "open"),
    "figure": ("数据项", "Figure"),
    "old_value": ("原数据", "Old"),
    "new_value": ("更正后", "New"),
    "cause": ("原因（提交）", "Cause (commit)"),
    "superseded_revisions": ("本期此前印发的版本（已作废）", "Earlier revisions (superseded)"),
    "learning": ("学习强国", "Xuexi Qiangguo"),
    "registration_rate": ("注册率", "Registration"),
    "login_rate": ("日均登录率", "Daily log-in"),
    "cadres_below": ("年度积分未达进度的科级干部", "Cadres below the points target"),
    "targets_missed": ("未达目标", "Targets missed"),
    "learning_targets": ("目标：注册率 {r}，日均登录率 {l}，科级干部年度积分按月进度 {c} 分。",
                         "Targets: registration {r}, daily log-in {l}, cadres' points {c} by this month."),
    "people_count": ("人数", "People"),
    "guides": ("操作指南", "Guides"),
    "guide_liaison": ("信息员操作指南", "For liaisons"),
    "guide_reviewer": ("审核人员操作指南", "For reviewers"),
    "position": ("职务", "Position"),
    "generated": ("本站由 bulletin 根据仓库记录自动生成。", "Generated by bulletin from the repository."),
    # a bulletin of record's sections (documents/sections.py); the DOCX and XLSX always take the Chinese
    "list_sep": ("、", ", "),
    "value_none": ("无", "none"),
    "sec_levels_categories": ("分级分类采用情况", "Adoptions by level and category"),
    "sec_levels_categories_caption": ("{words}各级各类采用篇次", "Adoptions by level and category, {words}"),
    "sec_total": ("合计", "Total"),
    "sec_rates": ("各单位采用率", "Adoption rate by unit"),
    "sec_rates_note": ("采用率为本期被采用稿件篇数除以报送并审核通过的稿件篇数。",
                       "The adoption rate is the number of items adopted in the period divided by the number "
                       "submitted and approved."),
    "sec_rates_caption": ("{words}各单位采用率", "Adoption rate by unit, {words}"),
    "sec_rate": ("采用率", "Rate"),
    "sec_solicitations": ("约稿报送情况", "Solicitation compliance"),
    "sec_solicitations_caption": ("{words}约稿报送情况", "Solicitation compliance, {words}"),
    "sec_solicitation": ("约稿", "Solicitation"),
    "sec_deadline": ("截止日期", "Deadline"),
    "sec_state_on_time": ("按时报送", "On time"),
    "sec_state_late": ("逾期报送", "Late"),
    "sec_state_missed": ("未报送", "Missed"),
    "sec_state_open": ("未到截止日期", "Not yet due"),
    "sec_solicitations_named": ("对未按时报送约稿的单位予以通报：{which}。",
                                "Units that did not answer a solicitation on time: {which}."),
    "sec_missed_units": ("未报送：{names}", "missed: {names}"),
    "sec_late_units": ("逾期报送：{names}", "late: {names}"),
    "sec_clause_sep": ("；", "; "),
    "sec_no_solicitations": ("{words}无约稿。", "No solicitations in {words}."),
    "sec_instructions": ("领导批示", "Leaders' instructions"),
    "sec_instructions_caption": ("{words}获领导批示情况", "Leaders' instructions received, {words}"),
    "sec_title": ("稿件标题", "Title"),
    "sec_unit": ("单位", "Unit"),
    "sec_instruction_level": ("批示级别", "Level"),
    "sec_instruction_by": ("批示领导", "By"),
    "sec_date": ("日期", "Date"),
    "sec_no_instructions": ("{words}无领导批示。", "No leaders' instructions in {words}."),
    "sec_urgent_backflow": ("紧急信息迟报和信息倒流", "Late urgent reports and backflow"),
    "sec_urgent_backflow_named": ("予以通报：{which}。", "Named: {which}."),
    "sec_urgent_backflow_unit": ("{unit}{items}", "{unit}: {items}"),
    "sec_urgent_backflow_item": ("{kind}“{title}”", "{kind} “{title}”"),
    "sec_urgent_backflow_caption": ("{words}紧急信息迟报和信息倒流", "Late urgent reports and backflow, {words}"),
    "sec_case": ("情形", "Case"),
    "sec_deduction": ("扣分", "Points deducted"),
    "sec_no_urgent_backflow": ("{words}无紧急信息迟报和信息倒流。",
                               "No late urgent reports and no backflow in {words}."),
    "sec_overdue_plans": ("宣传计划逾期未报送", "Planned topics overdue"),
    "sec_overdue_plans_note": ("下列宣传计划选题已过时间节点，尚无审核通过的稿件，请相关单位抓紧报送。",
                               "These planned topics are past their time node with no approved item; the units "
                               "concerned are asked to submit them soon."),
    "sec_topic": ("选题", "Topic"),
    "sec_node": ("时间节点", "Time node"),
    "sec_opinions_late": ("舆情处置超时", "Late opinion handling"),
    "sec_opinions_late_caption": ("{words}舆情处置超时情况", "Late opinion handling, {words}"),
    "sec_opinion": ("舆情", "Opinion"),
    "sec_found": ("发现时间", "Found"),
    "sec_late_case": ("超时情形", "Late"),
    "sec_report_late": ("报送超时", "reported late"),
    "sec_reply_late": ("回复超时", "replied late"),
    "sec_report_hours": ("（{hours}小时）", " ({hours} hours)"),
    "sec_reply_days": ("（{days}天）", " ({days} days)"),
    "sec_learning": ("学习强国", "Xuexi Qiangguo"),
    # the figures a correction names (read/bulletins.py FIELD_NAMES)
    "field_points": ("本期积分", "points"),
    "field_cumulative": ("累计积分", "cumulative points"),
    "field_rank": ("本期排名", "rank"),
    "field_cumulative_rank": ("累计排名", "cumulative rank"),
    "field_submitted": ("报送篇数", "items submitted"),
    "field_adopted": ("采用篇数", "items adopted"),
    "field_target": ("目标积分（按月折算）", "target (pro rata)"),
    "field_target_met": ("完成目标", "target met"),
    "field_award_units": ("先进单位", "outstanding units"),
    "field_award_people": ("先进个人", "outstanding people"),
}

_KINDS = {
    "competition": ("调研评比获奖", "competition award"),
    "opinion_late_report": ("舆情报送超时", "opinion reported late"),
    "opinion_late_reply": ("舆情回复超时", "opinion replied late"),
    "adoption": ("采用", "adoption"),
    "instruction": ("批示", "instruction"),
    "backflow": ("信息倒流", "backflow"),
    "urgent_late": ("紧急信息迟报", "urgent report late"),
    "solicitation_on_time": ("约稿按时报送", "solicitation on time"),
    "solicitation_late": ("约稿逾期报送", "solicitation late"),
    "solicitation_missed": ("约稿未报送", "solicitation missed"),
}


def translator(lang: str) -> Callable[..., str]:
    """``t(key, **fields)`` for ``lang``; unknown keys come back as themselves."""
    index = LANGS.index(lang) if lang in LANGS else 0

    def t(key: str, **fields: object) -> str:
        pair = _STRINGS.get(key) or _KINDS.get(key)
        text = pair[index] if pair else key
        return text.format(**fields) if fields else text

    return t


def period_title(period_key: str, kind: str, year: int, number: int, lang: str) -> str:
    """《2026年第一季度…》-style names of a period."""
    cn = "一二三四五六七八九十"
    if lang == "en":
        return {"month": f"{year}-{number:02d}", "quarter": f"{year} Q{number}",
                "half": f"{year} H{number}", "year": f"{year}"}[kind]
    if kind == "month":
        return f"{year}年{number}月"
    if kind == "quarter":
        return f"{year}年第{cn[number - 1]}季度"
    if kind == "half":
        return f"{year}年{'上' if number == 1 else '下'}半年"
    return f"{year}年度"


def bulletin_title(period_name: str, lang: str) -> str:
    """The English title of a bulletin (Chinese titles are record.bulletin_title's, as issued)."""
    return f"Information and publicity bulletin, {period_name}"


_REASONS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^(.+)'s approval of (\S+) is stale: (.+) changed in (\w+) on (\S+)$"),
     lambda m: f"{m[1]} {m[2]} 的审核已失效：{_what(m[3])}在提交 {m[4]}（{m[5]}）中被修改，需重新审核"),
    (re.compile(r"^(.+)'s approval of (\S+) is stale: (.+) changed after it.*$"),
     lambda m: f"{m[1]} {m[2]} 的审核已失效：{_what(m[3])}此后被修改，需重新审核"),
    (re.compile(r"^(.+) is an author of this item$"), lambda m: f"{m[1]} 是本稿作者，不能审核本稿"),
    (re.compile(r"^(.+) is not eligible for any stage this item requires$"),
     lambda m: f"{m[1]} 不是本稿任何审核环节的审核人"),
    (re.compile(r"^(.+) is not eligible for (.+)$"), lambda m: f"{m[1]} 不是“{m[2]}”环节的审核人"),
    (re.compile(r"^no one eligible for (.+) has approved \(eligible: (.+)\)$"),
     lambda m: f"“{m[1]}”尚无人审核（可审核：{m[2]}）"),
    (re.compile(r"^it was given on (\S+), before (.+) was met on (\S+); review is in order.*$"),
     lambda m: f"{m[1]} 审核时“{m[2]}”尚未通过（{m[3]} 才通过）；本局实行逐级审核，此审核不计入，需重新审核"),
    (re.compile(r"^it was given before (.+) was met \(.+ is still missing\); review is in order.*$"),
     lambda m: f"审核时“{m[1]}”尚未通过（至今未通过）；本局实行逐级审核，此审核不计入，待“{m[1]}”通过后需重新审核"),
    (re.compile(r"^(\S+) did not exist in commit (\w+), so it approves nothing$"),
     lambda m: f"提交 {m[2]} 中没有 {m[1]}，这条审核什么也没有批准"),
    (re.compile(r"^no one can tell who wrote this item .*$"),
     lambda m: "无法确定本稿的作者（没有 authors:，添加文件的人也不在 units.yaml 中），无法证明审核人不是作者；"
               "请在 authors: 中写明作者"),
    (re.compile(r"^(\S+) in commit (\w+) was the file now at (\S+), not this one: .*$"),
     lambda m: f"提交 {m[2]} 中的 {m[1]} 是现在位于 {m[3]} 的文件，不是本稿：一条审核只批准它当时所指的那一个文件"),
    (re.compile(r"^(\S+) in commit (\w+) was a file that was later deleted, not this one: .*$"),
     lambda m: f"提交 {m[2]} 中的 {m[1]} 是后来被删除的另一个文件，不是本稿：一条审核只批准它当时所指的那一个文件"),
    (re.compile(r"^commit (\w+) is dated (\S+), before its parent's date (\S+); judged at that date, its key (\S+) "
                r"has expired .*$"),
     lambda m: f"提交 {m[1]} 的日期 {m[2]} 早于其父提交的日期 {m[3]}；按 {m[3]} 核验，签名密钥 {m[4]} 在 "
               "allowed_signers 中已失效；签名信任模式下只承认有效签名"),
]




def reason_text(reason: str, lang: str) -> str:
    """A review reason (written in English by review.py) in the site's language."""
    if isinstance(reason, Msg):
        return reason.in_lang(lang)
    if lang == "en":
        return reason
    for pattern, render in _REASONS:
        m = pattern.match(reason)
        if m:
            return render(m)
    return reason
