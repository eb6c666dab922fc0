"""Silent traps in data entry, found by ``bulletin check`` (warnings, in Chinese, at the line, with the points at stake).

Each of these passes every schema and still changes figures without a word, or makes an item
impossible to approve:

- an adoption dated before the item's submission: 信息倒流 (the adoption scores nothing and the unit
  loses ``backflow_penalty``); a 批示 dated before the submission (it scores in that earlier month);
- an adoption or 批示 dated after the as-of day (``--as-of``, default today): not counted until then;
- an adoption dated before the item was approved (报送 before 签发), or recorded on an item not approved;
- the placeholder text that ``bulletin new`` writes into the body, left in;
- a unit with no head or no liaison (its items can never pass the head's stage; no one reports for it),
  a person with no e-mail (their commits are no one's);
- a competition prize on an item that is not approved (it scores nothing); a submission naming a plan
  item (``plan:``) that is not approved (the plan item stays uncovered), or approved after the plan
  item's time node.
"""
from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from ..errors import WARNING, Problem
from ..numbers import fmt_num
from ..read.config import Config
from ..read.records import FrontMatterProblem, split_front_matter
from ..read.yamlio import Loaded, YamlProblem, load_yaml
from .scoring import day_of

# The placeholder paragraphs ``bulletin new`` writes into a new submission's body.
PLACEHOLDERS = ("（在此撰写导语。）", "（在此撰写正文。）")


def _points(value: Fraction | int | None) -> str:
    return f"{fmt_num(value or 0)}分"


def _doc(repo: Path, rel: str) -> tuple[Loaded | None, str]:
    """The front-matter (with positions) and the body text of a record file, or (None, '') if unreadable."""
    try:
        text = (repo / rel).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None, ""
    try:
        fm, _body, _line = split_front_matter(text)
        return load_yaml(fm, line_offset=1), text
    except (FrontMatterProblem, YamlProblem):
        try:
            return load_yaml(text), text
        except YamlProblem:
            return None, text


def _at(doc: Loaded | None, path: tuple[Any, ...], fallback: int = 1) -> tuple[int, int]:
    return doc.at(path) if doc is not None else (fallback, 1)


def _month(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def submission_traps(repo: Path, config: Config, submissions: Mapping[str, Any], states: Mapping[str, Any],
                     as_of: dt.date) -> list[Problem]:
    """Dates of adoptions and 批示 against submission, approval and the as-of day; placeholders left in."""
    sc = config.scoring
    out: list[Problem] = []
    for path, sub in sorted(submissions.items()):
        state = states.get(path)
        doc: Loaded | None = None
        text = ""
        if sub.adoptions or sub.instructions or any(p in sub.body for p in PLACEHOLDERS) or sub.fields.get("plan"):
            doc, text = _doc(repo, path)
        for n, line in enumerate(text.split("\n"), start=1):
            for placeholder in PLACEHOLDERS:
                col = line.find(placeholder)
                if col >= 0 and n > 1:
                    out.append(Problem(path, n, col + 1, WARNING,
                                       f"模板占位文字“{placeholder}”仍在正文中（bulletin new 写入的提示）："
                                       "请换成稿件内容后再提交"))
        if state is None or sub.draft:
            continue
        submitted = day_of(state.submitted_at, config.tz) if state.submitted_at else None
        approved = day_of(state.approved_at, config.tz) if state.approved_at else None
        for i, a in enumerate(sub.adoptions):
            outlet = sc.outlets.get(a.outlet)
            pts = sc.adoption_points(sub.category, outlet.level) if outlet else Fraction(0)
            name = outlet.name if outlet else a.outlet
            line, col = _at(doc, ("adoptions", i, "date"), a.line)
            if a.date > as_of:
                out.append(Problem(path, line, col, WARNING,
                                   f"采用日期 {a.date} 晚于 {as_of}（--as-of，默认今天）：{name}的这次采用"
                                   f"在该日之前不计分（{_points(pts)}）；请核对采用日期"))
            if submitted is not None and a.date < submitted:
                out.append(Problem(path, line, col, WARNING,
                                   f"信息倒流（−{_points(-sc.backflow_penalty)}）：{name}的采用日期 {a.date} "
                                   f"早于本稿报送日期 {submitted}，这次采用不计分（{_points(pts)}），"
                                   f"并扣 {_points(-sc.backflow_penalty)}；请核对采用日期"))
            elif approved is not None and a.date < approved:
                out.append(Problem(path, line, col, WARNING,
                                   f"{name}的采用日期 {a.date} 早于本稿签发（审核通过）日期 {approved}："
                                   f"稿件在签发前即已报送（{_points(pts)}）；请核对日期，确认已按程序审核"))
        for i, x in enumerate(sub.instructions):
            pts = sc.instruction_points.get(x.level, Fraction(0))
            line, col = _at(doc, ("instructions", i, "date"), x.line)
            if x.date > as_of:
                out.append(Problem(path, line, col, WARNING,
                                   f"批示日期 {x.date} 晚于 {as_of}（--as-of，默认今天）：这次批示在该日之前"
                                   f"不计分（{_points(pts)}）；请核对批示日期"))
            elif submitted is not None and x.date < submitted:
                out.append(Problem(path, line, col, WARNING,
                                   f"批示日期 {x.date} 早于本稿报送日期 {submitted}：这次批示（{_points(pts)}）"
                                   f"将计入 {_month(x.date)}，而不是报送之后；请核对批示日期"))
            elif approved is not None and x.date < approved:
                out.append(Problem(path, line, col, WARNING,
                                   f"批示日期 {x.date} 早于本稿签发（审核通过）日期 {approved}：稿件在签发前"
                                   f"即已报送领导（{_points(pts)}）；请核对日期，确认已按程序审核"))
    return out


def plan_traps(repo: Path, submissions: Mapping[str, Any], states: Mapping[str, Any],
               plans: Mapping[str, Any], config: Config, as_of: dt.date) -> list[Problem]:
    """Submissions naming a plan item: not approved (the item stays uncovered), or covering it late."""
    items = {pi.key: pi for plan in plans.values() for pi in plan.items}
    out: list[Problem] = []
    for path, sub in sorted(submissions.items()):
        key = sub.fields.get("plan")
        pi = items.get(key) if key else None
        if pi is None:
            continue
        state = states.get(path)
        doc, _text = _doc(repo, path)
        line, col = _at(doc, ("plan",))
        if sub.draft or state is None or not state.approved:
            if pi.end < as_of:
                out.append(Problem(path, line, col, WARNING,
                                   f"本稿尚未审核通过：计划选题“{pi.topic}”（{key}，时间节点 {pi.end}）不算完成，"
                                   "已逾期；请尽快完成审核"))
            continue
        approved = day_of(state.approved_at, config.tz) if state.approved_at else None
        if approved is not None and approved > pi.end:
            out.append(Problem(path, line, col, WARNING,
                               f"计划选题“{pi.topic}”（{key}）的时间节点是 {pi.end}，本稿 {approved} 才审核通过："
                               "逾期完成；请核对 plan 是否选错，或在计划中调整时间节点"))
    return out


def competition_traps(repo: Path, config: Config, competitions: Mapping[str, Any],
                      states: Mapping[str, Any]) -> list[Problem]:
    """A prize on an item that is not approved scores nothing."""
    out: list[Problem] = []
    for path, comp in sorted(competitions.items()):
        doc: Loaded | None = None
        for i, res in enumerate(comp.results):
            state = states.get(res.submission)
            if state is not None and state.approved and not state.draft:
                continue
            if doc is None:
                doc, _text = _doc(repo, path)
            pts = config.scoring.competition_points.get(res.grade)
            line, col = _at(doc, ("results", i, "submission"))
            out.append(Problem(path, line, col, WARNING,
                               f"获奖稿件 {res.submission} 尚未审核通过：“{res.grade}”不计分（{_points(pts)}）；"
                               "请先完成审核，或核对稿件路径"))
    return out


def config_traps(config: Config) -> list[Problem]:
    """units.yaml: units whose items can never be approved or that no one reports for; people with no e-mail."""
    out: list[Problem] = []
    head_stages = [st.name for st in config.review.stages if st.approvers == "unit.head"]
    for unit in config.units.values():
        if not unit.active:
            continue
        if not unit.head:
            why = (f"其稿件的“{'、'.join(head_stages)}”无人能审核，永远不能通过" if head_stages
                   else "其稿件无人负责审核")
            out.append(Problem("units.yaml", unit.line or 1, 1, WARNING,
                               f"单位“{unit.name}”（{unit.id}）没有负责人（head）：{why}；请在 units.yaml 中填写 head"))
        if not unit.liaisons:
            out.append(Problem("units.yaml", unit.line or 1, 1, WARNING,
                               f"单位“{unit.name}”（{unit.id}）没有信息员（liaisons）：无人负责报送稿件和接收约稿；"
                               "请在 units.yaml 中填写 liaisons"))
    for person in config.people.values():
        if not person.emails:
            out.append(Problem("units.yaml", person.line or 1, 1, WARNING,
                               f"人员“{person.name}”（{person.id}）没有邮箱（emails）：其 git 提交无法对应到本人，"
                               "报送和审核都不算数；请在 units.yaml 中填写 emails"))
    return out


def trap_problems(inst: Any, states: Mapping[str, Any], as_of: dt.date) -> list[Problem]:
    """Every trap above for ``bulletin check``."""
    config = inst.config
    assert config is not None
    out = config_traps(config)
    out += submission_traps(inst.repo, config, inst.submissions, states, as_of)
    out += plan_traps(inst.repo, inst.submissions, states, inst.records.get("plan", {}), config, as_of)
    out += competition_traps(inst.repo, config, inst.records.get("competition", {}), states)
    return out


__all__ = ["PLACEHOLDERS", "trap_problems", "config_traps", "submission_traps", "plan_traps", "competition_traps"]
