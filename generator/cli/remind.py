"""``bulletin remind``: the digests, escalations and 督办 notices of remind.py, by SMTP.

Everything about the mail server comes from flags or the environment, never from the
repository: BULLETIN_SMTP_HOST, BULLETIN_SMTP_PORT, BULLETIN_SMTP_SENDER, BULLETIN_SMTP_TLS
(starttls | ssl | none), BULLETIN_SMTP_USER, BULLETIN_SMTP_PASSWORD; BULLETIN_SENT_LOG and
BULLETIN_SITE_URL optionally.
"""
from __future__ import annotations

import datetime as dt
import sys
from email.headerregistry import Address
from pathlib import Path

import click

from ..documents.remind import Smtp, compose, message, send
from ..errors import BulletinError
from ..judge.worklist import build_worklist, month_scores_for
from ..messages import render, say
from .common import gathered, main, parsed_day, repo_option, resolve_repo, trust_options

_KIND_NAMES = {"digest": "待办提醒", "escalation": "逾期提醒", "supervision": "督办通知"}


@main.command()
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="The day the reminders are about (default: today in scoring.yaml's timezone).")
@click.option("--dry-run", is_flag=True, help="Print the messages that would go; send nothing.")
@click.option("--smtp-host", envvar="BULLETIN_SMTP_HOST", default=None, help="SMTP server [BULLETIN_SMTP_HOST].")
@click.option("--smtp-port", envvar="BULLETIN_SMTP_PORT", type=int, default=None,
              help="SMTP port (default: 587 with starttls, 465 with ssl, 25 without) [BULLETIN_SMTP_PORT].")
@click.option("--sender", envvar="BULLETIN_SMTP_SENDER", default=None, metavar="ADDRESS",
              help="The From address [BULLETIN_SMTP_SENDER].")
@click.option("--tls", "tls", envvar="BULLETIN_SMTP_TLS", type=click.Choice(["starttls", "ssl", "none"]),
              default="starttls", show_default=True, help="TLS: STARTTLS, implicit TLS or none [BULLETIN_SMTP_TLS].")
@click.option("--smtp-user", envvar="BULLETIN_SMTP_USER", default=None, help="Log-in name [BULLETIN_SMTP_USER].")
@click.option("--smtp-password", envvar="BULLETIN_SMTP_PASSWORD", default=None,
              help="Password; prefer the environment variable BULLETIN_SMTP_PASSWORD.")
@click.option("--sent-log", envvar="BULLETIN_SENT_LOG", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="JSON-lines log of accepted messages, outside the repository; what it holds "
                                 "for the day is not sent again [BULLETIN_SENT_LOG].")
@click.option("--site-url", envvar="BULLETIN_SITE_URL", default=None,
              help="The site's address, to link each person's 我的待办 page [BULLETIN_SITE_URL].")
@trust_options
@repo_option
def remind(as_of_text: str | None, dry_run: bool, smtp_host: str | None, smtp_port: int | None,
           sender: str | None, tls: str, smtp_user: str | None, smtp_password: str | None,
           sent_log: Path | None, site_url: str | None, trust: str | None, allowed_signers: Path | None,
           trusted_committers: tuple[str, ...], repo: Path) -> None:
    """E-mail each person what waits for them; escalate overdue items; send 督办 notices.

    Exit 0 when every message went (or --dry-run), 1 when any could not be sent: each failure
    is named per person on stderr, and nothing that did not go is logged as sent.
    """
    repo = resolve_repo(repo)
    if sent_log is not None:
        resolved = sent_log.resolve()
        if resolved == repo.resolve() or repo.resolve() in resolved.parents:
            raise click.BadParameter(f"{sent_log} 在仓库内：发送记录不能写进仓库，请放在仓库之外"
                                     "（例如 /var/lib/bulletin/sent.jsonl）", param_hint="'--sent-log'")
    if not dry_run:
        missing = [name for name, value in (("--smtp-host / BULLETIN_SMTP_HOST", smtp_host),
                                            ("--sender / BULLETIN_SMTP_SENDER", sender)) if not value]
        if missing:
            raise click.UsageError(f"缺少 {', '.join(missing)}（或用 --dry-run 只显示将发送的邮件）")
        assert sender is not None
        try:
            Address(addr_spec=sender)
        except (ValueError, IndexError):
            raise click.BadParameter(f"'{sender}' 不是邮件地址", param_hint="'--sender'") from None
    g = gathered(repo, trust, allowed_signers, trusted_committers,
                 parsed_day(as_of_text, "--as-of", "--as-of 2026-03-31"))
    config, day, inst = g.config, g.as_of, g.inst
    month = month_scores_for(config, g.items, inst.solicitations.values(), g.present, day, g.activities.entries)
    wl = build_worklist(config, inst.submissions, g.states, inst.solicitations.values(), month, day)
    mails = compose(config, wl, site_url)
    org = config.organization_short or config.organization_name
    now = dt.datetime.now(config.tz).replace(microsecond=0)
    if dry_run:
        for mail in mails:
            try:
                msg = message(mail, sender or "bulletin@localhost", org, now)
            except BulletinError as exc:
                click.echo(say("cli.warning", text=render(exc.text)), err=True)
                continue
            click.echo(f"===== {_KIND_NAMES[mail.kind]} =====")
            click.echo(f"To: {msg['To']}")
            click.echo(f"Subject: {msg['Subject']}")
            click.echo("")
            click.echo(mail.body)
        click.echo(f"（试运行）将发送 {len(mails)} 封邮件；未发送任何邮件。", err=True)
        return
    assert smtp_host is not None and sender is not None
    port = smtp_port or {"ssl": 465, "starttls": 587}.get(tls, 25)
    outcomes = send(mails, Smtp(smtp_host, port, sender, tls, smtp_user, smtp_password), org, day, sent_log, now)
    failed = 0
    for o in outcomes:
        who = "、".join(f"{p.name} <{p.emails[0] if p.emails else '无邮箱'}>" for p in o.mail.recipients)
        if o.sent:
            click.echo(f"已发送 {_KIND_NAMES[o.mail.kind]}：{who}")
        elif o.skipped:
            click.echo(f"已跳过 {_KIND_NAMES[o.mail.kind]}：{who}（发送记录显示今日已发送）")
        else:
            failed += 1
            click.echo(say("cli.error", text=f"{_KIND_NAMES[o.mail.kind]}未能发送给 {who}：{render(o.error)}"), err=True)
    sent = sum(1 for o in outcomes if o.sent)
    click.echo(f"发送 {sent} 封，失败 {failed} 封，跳过 {sum(1 for o in outcomes if o.skipped)} 封。", err=True)
    if failed:
        sys.exit(1)


__all__ = ["remind"]
