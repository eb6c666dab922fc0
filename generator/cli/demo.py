"""``bulletin demo``: create a synthetic instance (registered on the main group by cli.py)."""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from ..demo.model import DemoOptions, minimum_people
from ..demo.write import make_demo
from ..messages import render, say, term
from .common import main


class _Progress:
    """Stage lines in CI or when stderr is not a terminal; one rewritten status line on a terminal."""

    def __init__(self) -> None:
        self.live = sys.stderr.isatty() and not os.environ.get("CI")
        self.last_stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.live:
            pct = f" {done * 100 // total:3d}% ({done}/{total})" if total > 1 else ""
            click.echo(f"\r\033[K[bulletin demo] {render(term(stage))}{pct}", nl=False, err=True)
        elif stage != self.last_stage:
            click.echo(f"bulletin demo: {render(term(stage))}", err=True)
        self.last_stage = stage

    def close(self) -> None:
        if self.live:
            click.echo("\r\033[K", nl=False, err=True)


@main.command()
@click.option("--out", required=True, type=click.Path(file_okay=True, path_type=Path),
              help="Folder for the new instance (must not exist, or be empty).")
@click.option("--units", default=12, show_default=True, type=click.IntRange(2, 5000), help="Number of units.")
@click.option("--people", default=None, type=click.IntRange(1, 100000),
              help="Number of people (default: about 3.3 a unit, and at least what the units need).")
@click.option("--submissions", default=600, show_default=True, type=click.IntRange(1, 1000000),
              help="Number of submissions, solicitation answers and drafts included.")
@click.option("--years", default=1, show_default=True, type=click.IntRange(1, 30),
              help="Years of history, ending on --end.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same repository (commit ids too).")
@click.option("--end", "end_text", default="2026-10-31", show_default=True, metavar="YYYY-MM-DD",
              help="The last day of the history.")
def demo(out: Path, units: int, people: int | None, submissions: int, years: int, seed: int, end_text: str) -> None:
    """Create a realistic synthetic instance: a git repository with years of history.

    Units, people, Chinese submissions, approval commits and forge merges,
    adoptions with evidence, 批示, solicitations, and some stale, pending and
    draft items. Written with git fast-import: 20,000 submissions take seconds.
    """

    try:
        end = dt.date.fromisoformat(end_text)
    except ValueError:
        raise click.BadParameter(say("demo.bad_end", text=end_text), param_hint="'--end'") from None
    if people is not None and people < minimum_people(units):
        raise click.BadParameter(say("demo.too_few", people=people, units=units, minimum=minimum_people(units)),
                                 param_hint="'--people'")
    out = out if out.is_absolute() else Path.cwd() / out
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise click.UsageError(say("demo.out_exists", out=out))
    progress = _Progress()
    try:
        result = make_demo(out, DemoOptions(units=units, people=people, submissions=submissions, years=years,
                                            seed=seed, end=end), progress)
    finally:
        progress.close()
    click.echo(say("demo.created", path=result.path, submissions=result.submissions,
                   solicitations=result.solicitations, evidence=result.evidence, units=result.units,
                   people=result.people, commits=result.commits, seconds=f"{result.seconds:.1f}"))
    click.echo(say("demo.try", path=result.path))
