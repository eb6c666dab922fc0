"""``bulletin learning import`` and ``bulletin learning show``: 学习强国 figures (registered by cli.py)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from ..errors import BulletinError
from ..learning import (
    figures_from,
    figures_json,
    figures_table,
    load_learning,
    month_path,
    parse_month,
    prepare_import,
    read_learning,
    write_import,
)
from ..messages import msg, say
from ..periods import parse_day, parse_period
from ..read.config import Config, load_config
from .common import main, parsed, repo_option, resolve_repo


def _month(text: str) -> str:
    return parsed(parse_month, text, "--month", "--month 2026-10")


def _config(repo: Path) -> Config:
    config, problems = load_config(repo)
    errors = [p for p in problems if p.is_error]
    if config is None or errors:
        raise BulletinError(errors or problems)
    return config


@main.group("learning")
def learning() -> None:
    """学习强国: import the platform's monthly export and show the figures.

    Targets (scoring.yaml learning:): registration rate 100%, average daily
    log-in rate 95%, and 5,000 points a year for each section-level cadre
    (cadre: true in units.yaml), pro rata by month. See docs/learning.md.
    """


@learning.command("import")
@click.argument("export_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--month", "month_text", required=True, metavar="YYYY-MM", help="The month the export covers.")
@click.option("--aliases", "aliases_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Name -> person id mapping (default: learning/aliases.yaml in the repository).")
@click.option("--replace", is_flag=True, help="Replace the month's file if it was imported before.")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD",
              help="The import date recorded in the file (default: today).")
@repo_option
def import_command(export_file: Path, month_text: str, aliases_file: Path | None, replace: bool,
                   date_text: str | None, repo: Path) -> None:
    """Read the administrator export FILE (CSV in UTF-8 or GBK, or XLSX) into learning/YYYY/YYYY-MM.yaml.

    Names are matched to people of units.yaml; names that differ go in
    learning/aliases.yaml. On any error nothing is written. Nothing is committed.
    """

    month = _month(month_text)
    imported = None if date_text is None else parsed(parse_day, date_text, "--date")
    repo = resolve_repo(repo)
    if not export_file.is_file():
        raise click.UsageError(say("learn.no_such_file", path=export_file))
    if aliases_file is not None and not aliases_file.is_file():
        raise click.UsageError(say("learn.no_such_file", path=f"--aliases {aliases_file}"))
    config = _config(repo)
    target = repo / month_path(month)
    if target.exists() and not replace:
        raise BulletinError(msg("learn.already_imported", path=month_path(month), month=month))
    if imported is None:
        imported = dt.datetime.now(config.tz).date()
    result = prepare_import(repo, config, export_file, month, display=str(export_file),
                            aliases_path=aliases_file, aliases_display=str(aliases_file) if aliases_file else None,
                            imported=imported)
    for problem in result.problems:
        click.echo(problem.format(), err=True)
    if not result.ok:
        errors = sum(p.is_error for p in result.problems)
        if any(getattr(p.message, "id", "") in ("learn.unknown_person", "schema.unknown_ref")
               for p in result.problems):
            click.echo(say("learn.note_aliases"), err=True)
        click.echo(say("learn.nothing_written", errors=errors), err=True)
        sys.exit(1)
    write_import(repo, result, replace=replace)
    assert result.record is not None
    people = result.record.people
    registered = sum(e.registered for e in people.values())
    click.echo(say("learn.wrote", path=result.path, people=len(people), registered=registered))
    if result.absent:
        names = "、".join(f"{config.people[p].name} ({p})" for p in result.absent)
        click.echo(say("learn.absent", names=names))
    if result.skipped:
        click.echo(say("learn.skipped", names="、".join(result.skipped)))
    figures = figures_from(load_learning(repo, config), config, month)
    if figures is not None:
        below = figures.units_below_target()
        click.echo(say("learn.below_target", names="、".join(g.name for g in below) if below else say("approve.none")))


@learning.command("show")
@click.option("--month", "month_text", required=True, metavar="YYYY-MM",
              help="A month (2026-10) or a longer period (2026-Q3, 2026-H2, 2026).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@repo_option
def show_command(month_text: str, fmt: str, repo: Path) -> None:
    """The month's registration rate, daily log-in rate and cadres' points, per unit and for the bureau."""

    period = parsed(parse_period, month_text, "--month", "--month 2026-10")
    repo = resolve_repo(repo)
    config = _config(repo)
    months, problems = read_learning(repo, config)
    for problem in problems:
        click.echo(problem.format(), err=True)
    figures = figures_from(months, config, period)
    if figures is None:
        have = ", ".join(months) or say("approve.none")
        raise BulletinError(msg("learn.no_figures", period=period.label, have=have,
                                month=period.end.strftime('%Y-%m')))
    if fmt == "json":
        click.echo(json.dumps(figures_json(figures), ensure_ascii=False, indent=2))
    else:
        click.echo(figures_table(figures), nl=False)
