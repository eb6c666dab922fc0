"""Silent traps in data entry, found by ``bulletin check`` (warnings at the line, with the points at stake;
the texts are ``traps.*`` in messages.py, Chinese by default).

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
import os
from fractions import Fraction
from pathlib import Path
from typing import Any, Mapping

from ..errors import WARNING, Problem
from ..messages import msg
from ..numbers import fmt_num
from ..read.config import Config
from ..read.records import FrontMatterProblem, split_front_matter
from ..read.yamlio import Loaded, YamlProblem, load_yaml
from .scoring import day_of

# The placeholder paragraphs ``bulletin new`` writes into a new submission's body.
PLACEHOLDERS = ("（在此撰写导语。）", "（在此撰写正文。）")


def _points(value: Fraction | int | None) -> str:
    """Points as the warnings write them (the catalogue adds 分 / points)."""
    return fmt_num(value or 0)


_PLACEHOLDER_BYTES = tuple(p.encode() for p in PLACEHOLDERS)


def _bytes(repo: Path, rel: str) -> bytes | None:
    try:
        with open(os.path.join(repo, rel), "rb") as fh:
            return fh.read()
    except OSError:
        return None


def _decode(data: bytes | None) -> str | None:
    """A record file's text as ``read_text`` gives it (line endings normalised), or None if unreadable."""
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError:
        return None


def _read(repo: Path, rel: str) -> str | None:
    """A record file's text (line endings normalised), or None if unreadable."""
    return _decode(_bytes(repo, rel))


def _parse(text: str) -> Loaded | None:
    """The front-matter of a record file's text, with positions (None if it cannot be parsed)."""
    try:
        fm, _body, _line = split_front_matter(text)
        return load_yaml(fm, line_offset=1)
    except (FrontMatterProblem, YamlProblem):
        try:
            return load_yaml(text)
        except YamlProblem:
            return None


def _doc(repo: Path, rel: str) -> tuple[Loaded | None, str]:
    """The front-matter (with positions) and the body text of a record file, or (None, '') if unreadable."""
    text = _read(repo, rel)
    if text is None:
        return None, ""
    return _parse(text), text


class _Positions:
    """Line and column of a value in a record file, the file decoded and parsed only when a warning
    needs them (nearly every adoption and 批示 needs none: parsing every file cost ``check`` seconds
    at 20,000)."""

    def __init__(self, data: bytes | None):
        self.data = data
        self.doc: Loaded | None = None
        self.parsed = False

    def at(self, path: tuple[Any, ...], fallback: int) -> tuple[int, int]:
        if not self.parsed:
            text = _decode(self.data)
            self.doc, self.parsed = (_parse(text) if text is not None else None), True
        return _at(self.doc, path, fallback)


def _at(doc: Loaded | None, path: tuple[Any, ...], fallback: int = 1) -> tuple[int, int]:
    return doc.at(path) if doc is not None else (fallback, 1)


def submission_traps(repo: Path, config: Config, submissions: Mapping[str, Any], states: Mapping[str, Any],
                     as_of: dt.date) -> list[Problem]:
    """Dates of adoptions and 批示 against submission, approval and the as-of day; placeholders left in."""
    sc = config.scoring
    out: list[Problem] = []
    for path, sub in sorted(submissions.items()):
        state = states.get(path)
        data: bytes | None = None
        if sub.adoptions or sub.instructions or any(p in sub.body for p in PLACEHOLDERS) or sub.fields.get("plan"):
            data = _bytes(repo, path)
        # Placeholders are looked for on every line of a file that was read (front matter too);
        # a file without their bytes has none, and is decoded only if a warning needs a line.
        text = (_decode(data) if data is not None and any(p in data for p in _PLACEHOLDER_BYTES) else None) or ""
        positions = _Positions(data)
        for n, text_line in enumerate(text.split("\n"), start=1):
            for placeholder in PLACEHOLDERS:
                found = text_line.find(placeholder)
                if found >= 0 and n > 1:
                    out.append(Problem(path, n, found + 1, WARNING,
                                       msg("traps.placeholder", text=placeholder)))
        if state is None or sub.draft:
            continue
        submitted = day_of(state.submitted_at, config.tz) if state.submitted_at else None
        approved = day_of(state.approved_at, config.tz) if state.approved_at else None
        for i, a in enumerate(sub.adoptions):
            outlet = sc.outlets.get(a.outlet)
            pts = sc.adoption_points(sub.category, outlet.level) if outlet else Fraction(0)
            name = outlet.name if outlet else a.outlet
            where = ("adoptions", i, "date")
            if a.date > as_of:
                out.append(Problem(path, *positions.at(where, a.line), WARNING,
                                   msg("traps.adoption_after_as_of", date=a.date, as_of=as_of, outlet=name,
                                       points=_points(pts))))
            if submitted is not None and a.date < submitted:
                out.append(Problem(path, *positions.at(where, a.line), WARNING,
                                   msg("traps.backflow", penalty=_points(-sc.backflow_penalty), outlet=name,
                                       date=a.date, submitted=submitted, points=_points(pts))))
            elif approved is not None and a.date < approved:
                out.append(Problem(path, *positions.at(where, a.line), WARNING,
                                   msg("traps.adoption_before_approval", outlet=name, date=a.date, approved=approved,
                                       points=_points(pts))))
        for i, x in enumerate(sub.instructions):
            pts = sc.instruction_points.get(x.level, Fraction(0))
            where = ("instructions", i, "date")
            if x.date > as_of:
                out.append(Problem(path, *positions.at(where, x.line), WARNING,
                                   msg("traps.instruction_after_as_of", date=x.date, as_of=as_of, points=_points(pts))))
            elif submitted is not None and x.date < submitted:
                out.append(Problem(path, *positions.at(where, x.line), WARNING,
                                   msg("traps.instruction_before_submission", date=x.date, submitted=submitted,
                                       points=_points(pts), year=x.date.year, month=x.date.month)))
            elif approved is not None and x.date < approved:
                out.append(Problem(path, *positions.at(where, x.line), WARNING,
                                   msg("traps.instruction_before_approval", date=x.date, approved=approved,
                                       points=_points(pts))))
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
                                   msg("traps.plan_unapproved", topic=pi.topic, key=key, end=pi.end)))
            continue
        approved = day_of(state.approved_at, config.tz) if state.approved_at else None
        if approved is not None and approved > pi.end:
            out.append(Problem(path, line, col, WARNING,
                               msg("traps.plan_late", topic=pi.topic, key=key, end=pi.end, approved=approved)))
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
                               msg("traps.prize_unapproved", submission=res.submission, grade=res.grade,
                                   points=_points(pts))))
    return out


def config_traps(config: Config) -> list[Problem]:
    """units.yaml: units whose items can never be approved or that no one reports for; people with no e-mail."""
    out: list[Problem] = []
    head_stages = [st.name for st in config.review.stages if st.approvers == "unit.head"]
    for unit in config.units.values():
        if not unit.active:
            continue
        if not unit.head:
            out.append(Problem("units.yaml", unit.line or 1, 1, WARNING,
                               msg("traps.no_head", name=unit.name, id=unit.id, stages=head_stages) if head_stages
                               else msg("traps.no_head_no_stage", name=unit.name, id=unit.id)))
        if not unit.liaisons:
            out.append(Problem("units.yaml", unit.line or 1, 1, WARNING,
                               msg("traps.no_liaison", name=unit.name, id=unit.id)))
    for person in config.people.values():
        if not person.emails:
            out.append(Problem("units.yaml", person.line or 1, 1, WARNING,
                               msg("traps.no_email", name=person.name, id=person.id)))
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
