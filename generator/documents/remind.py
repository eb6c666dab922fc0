"""``bulletin remind``: e-mail each person what waits for them, escalate, and send 督办 notices.

Three kinds of message, all in Chinese, built with the standard ``email`` package (headers are
set through its API, and every piece of repository text that lands in a header has its line
breaks removed first, so no repository text can add a header):

* a **digest** (待办提醒) to every person with something to do: the same lines as their
  我的待办 page;
* an **escalation** (逾期提醒) to the 分管领导 of each unit whose items have waited more than
  ``review.escalate_days`` working days at a stage;
* a **督办 notice** (限期督办) to the heads and liaisons of each unit behind its pro-rata target:
  what is missing and by when (the end of the current month).

The SMTP server, port, sender, TLS mode and credentials come from the command line or the
environment (``BULLETIN_SMTP_*``), never from the repository.

The sent-log (``--sent-log FILE``, optional, outside the repository) is a JSON-lines file with
one object per message the server accepted: ``{"day", "kind", "key", "to", "subject",
"message_id", "sent_at"}``. A message whose (day, kind, key) is already in it is not sent
again, so rerunning after a partial failure sends only what did not go. Nothing is written
to it for a message the server did not accept.
"""
from __future__ import annotations

import datetime as dt
import json
import smtplib
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import BulletinError
from ..judge.worklist import (
    PERSON_TARGET,
    REVIEW,
    REVISE,
    SOLICITATION,
    UNIT_TARGET,
    Worklist,
    _fmt,
    describe,
)
from ..messages import msg as catalogue_msg
from ..read.config import Config, Person

DIGEST = "digest"
ESCALATION = "escalation"
SUPERVISION = "supervision"


@dataclass(frozen=True)
class Mail:
    kind: str
    key: str                            # what it is about: person id (digest/escalation) or unit id (督办)
    recipients: tuple[Person, ...]
    subject: str
    body: str


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    tls: str = "starttls"               # starttls | ssl | none
    user: str | None = None
    password: str | None = None
    timeout: float = 30.0


def _clean(text: str) -> str:
    """Repository text for a header: one line, no control characters."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


# --------------------------------------------------------------------------- what to send

_SECTIONS = ((REVISE, "退回待修改"), (REVIEW, "待我审核"), (SOLICITATION, "本单位待报约稿"),
             (UNIT_TARGET, "目标进度落后"), (PERSON_TARGET, "目标进度落后"))


def compose(config: Config, wl: Worklist, site_url: str | None = None) -> list[Mail]:
    """Every message for ``wl``: digests, escalations, 督办 notices (in that order)."""
    org = config.organization_short or config.organization_name
    day = wl.as_of.isoformat()
    page = (site_url.rstrip("/") + "/todo/{pid}.html") if site_url else None
    mails: list[Mail] = []
    for pid, tasks in sorted(wl.tasks.items()):
        person = config.people.get(pid)
        if person is None or not tasks:
            continue
        lines = [f"{person.name}同志：", "", f"截至 {day}，您在{org}信息宣传工作中有以下待办事项："]
        done: set[str] = set()
        for kind, title in _SECTIONS:
            rows = [t for t in tasks if t.kind == kind]
            if not rows:
                continue
            if title not in done:
                lines += ["", f"【{title}】"]
                done.add(title)
            for n, t in enumerate(rows, 1):
                due = f"（期限：{t.due.isoformat()}）" if t.due and kind in (REVIEW, REVISE) else ""
                lines.append(f"{n}. {describe(t, config)}{due}")
        if page:
            lines += ["", "我的待办：" + page.format(pid=pid)]
        lines += ["", "审核和退回请使用 bulletin approve / bulletin return；本邮件由系统自动发送，请勿直接回复。"]
        n_tasks = len(tasks)
        mails.append(Mail(DIGEST, pid, (person,), f"【信息宣传】{person.name}的待办事项（{n_tasks}项，{day}）",
                          "\n".join(lines) + "\n"))
    for lid, tasks in sorted(wl.escalations.items()):
        leader = config.people.get(lid)
        if leader is None:
            continue
        lines = [f"{leader.name}同志：", "",
                 f"截至 {day}，您分管单位的下列稿件在审核环节已等待超过 {config.review.escalate_days} 个工作日，"
                 "请督促审核人及时处理："]
        for n, t in enumerate(tasks, 1):
            unit_name = config.units[t.unit].name if t.unit in config.units else t.unit
            lines.append(f"{n}. 《{t.title}》（{unit_name}，{t.stage}，审核人：{t.note or '无'}），"
                         f"已等待 {t.days} 个工作日（自 {t.since.isoformat() if t.since else '—'}）")
        lines += ["", "本邮件由系统自动发送，请勿直接回复。"]
        mails.append(Mail(ESCALATION, lid, (leader,), f"【信息宣传】逾期未审核稿件提醒（{len(tasks)}篇，{day}）",
                          "\n".join(lines) + "\n"))
    for notice in wl.supervision:
        unit = config.units[notice.unit]
        ids = list(dict.fromkeys((*unit.head, *unit.liaisons)))
        people = tuple(config.people[p] for p in ids if p in config.people)
        if not people:
            continue
        cum, target = notice.figures or (Fraction(0), Fraction(0))
        due = notice.due.isoformat() if notice.due else ""
        lines = [f"{unit.name}：", "",
                 f"截至 {day}，本单位本年度信息宣传累计积分 {_fmt(cum)} 分（按月折算应达 {_fmt(target)} 分），"
                 f"差 {notice.note} 分，未完成目标任务进度。",
                 f"请于 {due} 前补齐差额（报送并被采用的信息稿件），局办公室将跟踪督办；"
                 "年终未完成目标任务的，按规定取消评优资格。",
                 "", "抄送：" + "、".join(p.name for p in people), "", "本邮件由系统自动发送，请勿直接回复。"]
        mails.append(Mail(SUPERVISION, unit.id, people, f"【督办】{unit.name}信息宣传工作目标进度落后（{day}）",
                          "\n".join(lines) + "\n"))
    return mails


def message(mail: Mail, smtp_sender: str, org: str, when: dt.datetime) -> EmailMessage:
    """The e-mail of ``mail``; raises BulletinError naming a recipient whose address is unusable."""
    msg = EmailMessage()
    msg["Subject"] = _clean(mail.subject)
    msg["From"] = Address(_clean(org + "信息宣传"), addr_spec=smtp_sender)
    to = []
    for person in mail.recipients:
        if not person.emails:
            raise BulletinError(catalogue_msg("remind.no_email", name=person.name, id=person.id), path="units.yaml")
        try:
            to.append(Address(_clean(person.name), addr_spec=person.emails[0]))
        except (ValueError, IndexError) as exc:
            raise BulletinError(catalogue_msg("remind.bad_email", name=person.name, id=person.id, email=person.emails[0],
                                    detail=str(exc)), path="units.yaml") from None
    msg["To"] = to
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=smtp_sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(mail.body, charset="utf-8")
    return msg


# --------------------------------------------------------------------------- the sent-log

def read_log(path: Path | None) -> set[tuple[str, str, str]]:
    if path is None or not path.exists():
        return set()
    done = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            row = json.loads(line)
            done.add((row["day"], row["kind"], row["key"]))
        except (ValueError, KeyError, TypeError):
            continue
    return done


def append_log(path: Path, row: dict[str, Any]) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        fh.flush()


# --------------------------------------------------------------------------- sending

@dataclass(frozen=True)
class Outcome:
    mail: Mail
    sent: bool
    error: str = ""
    skipped: bool = False


def _connect(smtp: Smtp) -> smtplib.SMTP:
    if smtp.tls == "ssl":
        conn: smtplib.SMTP = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout,
                                              context=ssl.create_default_context())
    else:
        conn = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout)
        if smtp.tls == "starttls":
            conn.starttls(context=ssl.create_default_context())
    if smtp.user:
        conn.login(smtp.user, smtp.password or "")
    return conn


def _why(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [f"{addr}: {code} {msg.decode('utf-8', 'replace') if isinstance(msg, bytes) else msg}"
                 for addr, (code, msg) in exc.recipients.items()]
        return "邮件服务器拒收收件人（" + "；".join(parts) + "）"
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) else str(exc.smtp_error)
        return f"邮件服务器拒绝：{exc.smtp_code} {text}"
    if isinstance(exc, (ConnectionRefusedError, socket.timeout, TimeoutError, OSError, smtplib.SMTPException)):
        return f"无法连接或发送到邮件服务器：{exc}"
    return str(exc)


def send(mails: Iterable[Mail], smtp: Smtp, org: str, day: dt.date, log: Path | None,
         now: dt.datetime) -> list[Outcome]:
    """Send each mail over one connection (reconnecting after a failure); log each accepted one."""
    done = read_log(log)
    outcomes: list[Outcome] = []
    conn: smtplib.SMTP | None = None
    connect_error: str | None = None
    for mail in mails:
        if (day.isoformat(), mail.kind, mail.key) in done:
            outcomes.append(Outcome(mail, False, skipped=True))
            continue
        try:
            msg = message(mail, smtp.sender, org, now)
        except BulletinError as exc:
            outcomes.append(Outcome(mail, False, exc.text))     # a Msg: the command renders it
            continue
        if conn is None and connect_error is None:
            try:
                conn = _connect(smtp)
            except (OSError, smtplib.SMTPException) as exc:
                connect_error = _why(exc)
        if conn is None:
            outcomes.append(Outcome(mail, False, connect_error or "无法连接邮件服务器"))
            continue
        try:
            conn.send_message(msg)
        except (OSError, smtplib.SMTPException) as exc:
            outcomes.append(Outcome(mail, False, _why(exc)))
            if not isinstance(exc, (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError,
                                    smtplib.SMTPSenderRefused)):
                try:
                    conn.close()
                finally:
                    conn = None
            continue
        outcomes.append(Outcome(mail, True))
        if log is not None:
            append_log(log, {"day": day.isoformat(), "kind": mail.kind, "key": mail.key,
                             "to": [p.emails[0] for p in mail.recipients], "subject": mail.subject,
                             "message_id": msg["Message-ID"], "sent_at": now.isoformat()})
    if conn is not None:
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()
    return outcomes


__all__ = [
    "DIGEST",
    "ESCALATION",
    "SUPERVISION",
    "Mail",
    "Outcome",
    "Smtp",
    "compose",
    "message",
    "read_log",
    "send",
]
