"""Deadlines as an iCalendar feed (RFC 5545): solicitation deadlines, plan time nodes, reply deadlines.

Staff subscribe to ``calendar.ics`` on the intranet site in Outlook, WPS or their phone's calendar.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from ..judge.scoring import solicitation_deadline
from ..judge.worklist import describe


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
            .replace("\r", ""))


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += b
    out.append(current.decode("utf-8"))
    return "\r\n ".join(out)


def _event(uid: str, day: dt.date, summary: str, description: str, stamp: str) -> list[str]:
    return ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}", f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}", "TRANSP:TRANSPARENT", "END:VEVENT"]


def calendar_ics(data: Any, lang: str = "zh") -> str:
    """The feed for the site (deterministic: the same repository gives the same bytes)."""
    config = data.config
    org = config.organization_short or config.organization_name
    stamp = f"{data.as_of:%Y%m%d}T000000Z"
    zh = lang != "en"

    def uid(*parts: str) -> str:
        return hashlib.sha1("/".join(parts).encode()).hexdigest()[:16] + "@bulletin"

    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bulletin//信息宣传工作//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_escape(org + ('信息宣传工作日程' if zh else ' publicity deadlines'))}",
             "X-WR-TIMEZONE:" + config.scoring.timezone]
    for sol in sorted(data.inst.solicitations.values(), key=lambda s: s.id):
        deadline = solicitation_deadline(config, sol)
        lines += _event(uid("solicitation", sol.id), deadline, ("约稿截止：" if zh else "Solicitation due: ") + sol.title,
                        f"{sol.issuer} {sol.issued.isoformat()}", stamp)
    acts = data.acts
    for ps in acts.plans if acts else []:
        pi = ps.item
        unit = config.units[pi.unit].name if pi.unit in config.units else pi.unit
        lines += _event(uid("plan", pi.key), pi.end, ("宣传计划：" if zh else "Planned topic: ") + f"{unit} {pi.topic}",
                        pi.note or "", stamp)
    for path, st in sorted((acts.opinions if acts else {}).items()):
        if st.opinion.draft or st.opinion.replied:
            continue
        lines += _event(uid("opinion", path), st.reply_deadline,
                        ("舆情回复截止：" if zh else "Reply due: ") + st.opinion.title, st.opinion.source, stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def person_ics(config: Any, person: Any, tasks: list[Any], as_of: dt.date, lang: str = "zh") -> str:
    """One person's deadlines (我的待办) as an iCalendar feed: reviews, revisions, 约稿, targets."""

    zh = lang != "en"
    stamp = f"{as_of:%Y%m%d}T000000Z"
    org = config.organization_short or config.organization_name
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bulletin//信息宣传工作//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(org + ' ' + person.name + ('的待办' if zh else ' to-do'))}",
             "X-WR-TIMEZONE:" + config.scoring.timezone]
    for task in tasks:
        if task.due is None:
            continue
        key = "/".join((person.id, task.kind, task.path or task.unit, task.stage or ""))
        uid = hashlib.sha1(key.encode()).hexdigest()[:16] + "@bulletin"
        text = describe(task, config, lang)
        lines += _event(uid, task.due, text, task.note if task.kind == "revise" else "", stamp)
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
