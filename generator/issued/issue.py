"""Issuing a bulletin of record: bulletins/P.json written atomically, revisions superseded."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..documents.sections import comparable_previous, has_activity
from ..errors import BulletinError, UsageError
from ..judge.gather import Gathered
from ..judge.scoring import Scores
from ..messages import msg
from ..periods import Period
from ..read.bulletins import (
    _NUMBER,
    BULLETINS,
    FIELD_NAMES,
    FORMAT,
    SUBJECT_NAMES,
    CommitRef,
    Correction,
    IssuedBulletin,
    Records,
    bulletin_title,
    check_record,
    cn_date,
    digest,
    load_issued,
    load_records,
    next_number,
    period_words,
    record_text,
)
from .corrections import attribute, figure_changes, pending_corrections
from .sections import record_sections
from .snapshots import Snapshots, TrustOverrides, figures, snapshot

# --------------------------------------------------------------------------- issuing

def issue_sections(snaps: Snapshots, at: str, state: Gathered, result: Scores, body: Mapping[str, Any]
                   ) -> dict[str, Any]:
    """The record's ``sections`` (sections.py), from the commit and as-of day of its figures."""
    prev = comparable_previous(result.period, True)
    previous = snaps.scores(at, prev, result.as_of) if prev is not None else None
    if not has_activity(previous):
        previous = None
    return record_sections(state, result, activities=state.activities_on(result.as_of),
                           learning_months=snaps.learning(at), previous=previous,
                           adopted_items=body["adopted_items"])


@dataclass
class Issued:
    """What ``issue`` wrote (or would write, with ``dry_run``)."""

    record: IssuedBulletin
    path: Path
    superseded_path: Path | None
    corrections: list[Correction]
    left_out: list[str]
    written: list[Path]


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def issue(repo: Path, period: Period, *, as_of: dt.date | None = None, date: dt.date | None = None,
          number: str | None = None, commit: str = "HEAD", issuer: str | None = None,
          supersede: bool = False, reason: str | None = None, overrides: TrustOverrides = TrustOverrides(),
          dry_run: bool = False, today: dt.date | None = None) -> Issued:
    """Freeze the bulletin of ``period`` into ``bulletins/<period>.json``; never overwrite one silently."""
    records = load_records(repo)
    if records.errors:
        raise BulletinError(records.errors)
    rel = f"{BULLETINS}/{period.label}.json"
    existing = records.in_force.get(period)
    if existing is not None and not supersede:
        raise BulletinError(
            msg("rec.already_issued", rel=rel, period=period.label, issued=existing.issued,
                number=existing.number or msg("rec.no_number")), path=rel)
    if supersede and existing is None:
        raise BulletinError(msg("rec.nothing_to_supersede", rel=rel, period=period.label), path=rel)
    if supersede and not (reason or "").strip():
        raise UsageError(msg("record.supersede_needs_reason"))

    with Snapshots(repo, overrides) as snaps:
        at = snaps.resolve(commit)
        config = snaps.state(at).config
        tz = config.tz
        today = today or dt.datetime.now(tz).date()
        as_of = as_of or today
        date = date if date is not None else today
        if as_of < period.end:
            raise UsageError(msg("rec.as_of_before_end", period=period.label, end=period.end, as_of=as_of))
        if date < as_of:
            raise UsageError(msg("rec.date_before_as_of", date=date, as_of=as_of))
        numbers = [r.number for r in records.all]
        if number is None:
            number = next_number(numbers, date.year)
        elif number in numbers:
            other = next(r for r in records.all if r.number == number)
            raise BulletinError(msg("rec.number_taken", number=number, other=other.path), path=other.path)
        if number is not None and not _NUMBER.match(number):
            raise UsageError(msg("rec.bad_number", number=number, year=date.year))
        result = snaps.scores(at, period, as_of)
        state = snaps.state(at)
        corrections: list[Correction] = []
        for other_period, rec in sorted(records.in_force.items()):
            if other_period == period or not snaps.is_ancestor(rec.commit, at):
                continue
            corrections.extend(attribute(snaps, rec, records.all, at))
        revision = existing.revision + 1 if existing else 1
        body = snapshot(state, result)
        body["sections"] = issue_sections(snaps, at, state, result, body)
        record: dict[str, Any] = OrderedDict([
            ("format", FORMAT), ("period", period.label), ("kind", period.kind), ("revision", revision),
            ("title", bulletin_title(period)), ("number", number),
            ("issuer", issuer or f"{config.organization_name}办公室"),
            ("organization", OrderedDict([("name", config.organization_name),
                                          ("short_name", config.organization_short)])),
            ("issued", date.isoformat()), ("as_of", as_of.isoformat()), ("commit", at),
            ("supersedes", None if existing is None else OrderedDict([
                ("revision", existing.revision), ("number", existing.number),
                ("issued", existing.issued.isoformat()), ("reason", (reason or "").strip())])),
        ])
        record.update(body)
        record["corrections"] = [c.to_json() for c in corrections]
        record = json.loads(json.dumps(record, ensure_ascii=False), object_pairs_hook=OrderedDict)
        record["digest"] = digest(record)

    path = repo / rel
    old_path = None
    written: list[Path] = []
    issued = IssuedBulletin(rel, period, revision, record)
    if existing is not None:
        old_path = repo / BULLETINS / f"{period.label}.r{existing.revision}.json"
        if old_path.exists():
            raise BulletinError(msg("rec.old_exists", path=old_path.relative_to(repo)),
                                path=str(old_path.relative_to(repo)))
    if not dry_run:
        if existing is not None and old_path is not None:
            old = OrderedDict(existing.data)
            old["superseded"] = OrderedDict([("date", date.isoformat()), ("by_revision", revision),
                                             ("by_number", number), ("reason", (reason or "").strip())])
            _atomic_write(old_path, record_text(old))
            written.append(old_path)
        _atomic_write(path, record_text(record))
        written.append(path)
    return Issued(issued, path, old_path, corrections, sorted(state.inst.invalid), written)


__all__ = [
    "FIELD_NAMES",
    "SUBJECT_NAMES",
    "CommitRef",
    "Correction",
    "Issued",
    "IssuedBulletin",
    "Records",
    "Snapshots",
    "TrustOverrides",
    "bulletin_title",
    "check_record",
    "cn_date",
    "digest",
    "figure_changes",
    "figures",
    "issue",
    "load_issued",
    "load_records",
    "next_number",
    "pending_corrections",
    "period_words",
]
