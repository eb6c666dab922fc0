"""``bulletin issue``, ``bulletin issued`` and ``bulletin document``: bulletins of record (registered by cli.py)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..documents.officedoc import bulletin_docx, bulletin_xlsx, to_pdf
from ..errors import BulletinError
from ..issued.corrections import pending_corrections
from ..issued.issue import issue
from ..issued.snapshots import TrustOverrides
from ..messages import msg, say
from ..numbers import fmt_num, fmt_value
from ..periods import Period, parse_period
from ..read.bulletins import IssuedBulletin, load_records
from .common import main, parsed, parsed_day, repo_option, resolve_repo, trust_options


def _period(text: str) -> Period:
    return parsed(parse_period, text, "PERIOD", "2026-03")


def _day(text: str | None, option: str) -> dt.date | None:
    return parsed_day(text, option, f"{option} 2026-04-05")


def _overrides(trust: str | None, allowed_signers: Path | None, trusted_committers: tuple[str, ...]) -> TrustOverrides:
    return TrustOverrides(trust, str(allowed_signers.resolve()) if allowed_signers else None,
                          trusted_committers or None)


def _write(path: Path, data: bytes) -> None:
    try:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        raise BulletinError(msg("cli.cannot_write", path=path, reason=exc.strerror)) from None


def _documents(rec: IssuedBulletin, docx: Path | None, xlsx: Path | None, pdf: Path | None) -> None:
    data = None
    if docx or pdf:
        data = bulletin_docx(rec)
    if docx and data is not None:
        _write(docx, data)
        click.echo(say("cli.wrote", path=docx), err=True)
    if xlsx:
        _write(xlsx, bulletin_xlsx(rec))
        click.echo(say("cli.wrote", path=xlsx), err=True)
    if pdf and data is not None:
        out = to_pdf(data)
        if out is None:
            raise BulletinError(msg("record.no_libreoffice"))
        _write(pdf, out)
        click.echo(say("cli.wrote", path=pdf), err=True)


_FILE = click.Path(dir_okay=False, path_type=Path)


@main.command("issue")
@click.argument("period_text", metavar="PERIOD")
@click.option("--number", default=None, metavar="文号",
              help="The document number, e.g. 武住建办〔2026〕12号 (default: the next after the last issued).")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD", help="Issue date (default: today).")
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="Compute the figures as of this day (default: today); on or after the period's end.")
@click.option("--commit", "commit", default="HEAD", show_default=True, metavar="REV",
              help="Compute from this commit (to put on record a bulletin issued in the past).")
@click.option("--issuer", default=None, help="发文机关 (default: the organization's 办公室).")
@click.option("--supersede", is_flag=True, help="Issue a corrected bulletin; the old one is kept, marked superseded.")
@click.option("--reason", default=None, help="Why the bulletin is superseded (required with --supersede).")
@click.option("--dry-run", is_flag=True, help="Compute and show, and write only the --docx/--xlsx/--pdf asked for.")
@click.option("--docx", type=_FILE, default=None, help="Also write the official document (DOCX) to FILE.")
@click.option("--xlsx", type=_FILE, default=None, help="Also write the ranking workbook (XLSX) to FILE.")
@click.option("--pdf", type=_FILE, default=None, help="Also write a PDF (needs LibreOffice) to FILE.")
@trust_options
@repo_option
def issue_command(period_text: str, number: str | None, date_text: str | None, as_of_text: str | None,
                  commit: str, issuer: str | None, supersede: bool, reason: str | None, dry_run: bool,
                  docx: Path | None, xlsx: Path | None, pdf: Path | None, trust: str | None,
                  allowed_signers: Path | None, trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Freeze the bulletin (通报) of PERIOD into bulletins/PERIOD.json, a record that never changes.

    The figures are computed from a commit (HEAD by default), not from uncommitted
    files. An issued bulletin is never overwritten: --supersede --reason issues a
    corrected one. Figures of earlier bulletins that the repository now gives
    differently are carried in this one as corrections (更正). Nothing is committed.
    """

    period = _period(period_text)
    if reason is not None and not supersede:
        raise click.UsageError(say("record.reason_without_supersede"))
    if supersede and not (reason or "").strip():
        raise click.UsageError(say("record.supersede_needs_reason"))
    repo = resolve_repo(repo)
    result = issue(repo, period, as_of=_day(as_of_text, "--as-of"), date=_day(date_text, "--date"),
                   number=number, commit=commit, issuer=issuer, supersede=supersede, reason=reason,
                   overrides=_overrides(trust, allowed_signers, trusted_committers),
                   dry_run=dry_run)
    rec = result.record
    for path in result.left_out:
        click.echo(say("record.left_out", path=path, commit=rec.commit[:8]), err=True)
    units = rec.units
    click.echo(say("record.issued_line", title=rec.title, number=rec.number or say("record.no_number"),
                   issued=rec.issued, as_of=rec.as_of, commit=rec.commit[:8]))
    click.echo(say("record.totals", units=len(units), people=len([p for p in rec.people if p['points']]),
                   adoptions=rec.totals['adoptions'],
                   first=", ".join(f"{u['rank']}. {u['name']} {fmt_num(u['points'])}" for u in units[:3])))
    if result.corrections:
        click.echo(say("record.carries", count=len(result.corrections)))
        for c in result.corrections:
            cause = ", ".join(f"{ref.short} {ref.subject}" for ref in c.commits) or say("record.rules_changed")
            click.echo(f"    {c.period} {c.name} {c.field}: {fmt_value(c.old)} -> {fmt_value(c.new)}  ({cause})")
    if rec.number is None:
        click.echo(say("record.warn_no_number"), err=True)
    _documents(rec, docx, xlsx, pdf)
    if dry_run:
        click.echo(say("record.dry_run"))
        return
    click.echo(say("cli.wrote", path=", ".join(p.relative_to(repo).as_posix() for p in result.written)))
    click.echo(say("record.commit_it", message=f"印发：{rec.title}（{rec.number or rec.period.label}）"))


@main.command("issued")
@click.option("--corrections", is_flag=True, help="Also list the figures the repository now gives differently.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@trust_options
@repo_option
def issued_command(corrections: bool, fmt: str, trust: str | None, allowed_signers: Path | None,
                   trusted_committers: tuple[str, ...], repo: Path) -> None:
    """List the issued bulletins (checking every record); exit 1 if a record is broken."""
    repo = resolve_repo(repo)
    records = load_records(repo)
    for p in records.problems:
        click.echo(p.format(), err=True)
    pending = {}
    if corrections and not records.errors:
        pending = pending_corrections(repo, records, _overrides(trust, allowed_signers,
                                                                trusted_committers))
    rows = sorted(records.all, key=lambda r: (r.period.year, r.period.last_month, r.period.months, r.revision))
    if fmt == "json":
        click.echo(json.dumps([{
            "path": r.path, "period": r.period.label, "revision": r.revision, "number": r.number,
            "title": r.title, "issued": r.issued.isoformat(), "as_of": r.as_of.isoformat(), "commit": r.commit,
            "in_force": r.in_force, "corrections_carried": len(r.corrections),
            "pending_corrections": [c.to_json() for c in pending.get(r.period, [])] if r.in_force else [],
        } for r in rows], ensure_ascii=False, indent=2))
    else:
        if not rows:
            click.echo(say("record.none_issued"))
        for r in rows:
            state = say("record.in_force") if r.in_force else say("record.superseded", date=r.superseded['date'])  # type: ignore[index]
            number = r.number or '-'
            click.echo(f"{r.period.label:<8} r{r.revision}  {number:<22} "
                       + say("record.issued_row", issued=r.issued, as_of=r.as_of, commit=r.commit[:8], state=state)
                       + (say("record.carries_short", count=len(r.corrections)) if r.corrections else ""))
            if r.in_force:
                for c in pending.get(r.period, []):
                    cause = (", ".join(f"{ref.short} {ref.date} {ref.subject}" for ref in c.commits)
                             or say("record.rules_changed"))
                    click.echo("    " + say("record.now_differs", name=c.name, field=c.field, old=fmt_value(c.old), new=fmt_value(c.new),
                                            cause=cause))
    sys.exit(1 if records.errors else 0)


@main.command("document")
@click.argument("period_text", metavar="PERIOD")
@click.option("--revision", type=int, default=None, help="A superseded revision (default: the one in force).")
@click.option("--docx", type=_FILE, default=None)
@click.option("--xlsx", type=_FILE, default=None)
@click.option("--pdf", type=_FILE, default=None)
@repo_option
def document_command(period_text: str, revision: int | None, docx: Path | None, xlsx: Path | None,
                     pdf: Path | None, repo: Path) -> None:
    """Write the official documents (DOCX, XLSX, PDF) of an issued bulletin, from its record."""

    period = _period(period_text)
    if not (docx or xlsx or pdf):
        raise click.UsageError(say("record.what_to_write"))
    repo = resolve_repo(repo)
    records = load_records(repo)
    if records.errors:
        raise BulletinError(records.errors)
    revs = records.revisions(period)
    if not revs:
        raise BulletinError(msg("record.not_issued", period=period))
    rec = revs[-1] if revision is None else next((r for r in revs if r.revision == revision), None)
    if rec is None:
        raise BulletinError(msg("record.no_revision", period=period, revisions=[str(r.revision) for r in revs],
                                revision=revision))
    _documents(rec, docx, xlsx, pdf)
