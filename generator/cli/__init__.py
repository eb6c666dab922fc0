"""The ``bulletin`` command line: the only place that prints or picks an exit code.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""
from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from ..documents.report import (
    export_names,
    pending_queue,
    pending_queue_text,
    scores_csv,
    scores_json,
    scores_table,
    scores_xlsx,
    status_data,
    status_text,
)
from ..errors import BulletinError, Problem
from ..judge.gather import gather
from ..judge.review import review_problems, trust_settings
from ..judge.traps import config_traps, trap_problems
from ..judge.worklist import build_worklist
from ..messages import (
    CATALOGUE,
    LANGS,
    choose_language,
    click_gettext,
    get_lang,
    localize_click,
    msg,
    render,
    say,
    set_lang,
)
from ..periods import parse_period
from ..read.instance import Instance, load_instance

# The other commands live in their own modules; importing them registers them on ``main``.
from . import demo as cli_demo  # noqa: F401
from . import issued as cli_record  # noqa: F401
from . import learning as cli_learning  # noqa: F401
from . import remind as cli_remind  # noqa: F401
from . import review as cli_review  # noqa: F401
from . import site as cli_site  # noqa: F401
from .annotations import github_annotations, gitlab_codequality
from .common import (
    _selected,
    gathered,
    lang_callback,
    main,
    parsed,
    parsed_day,
    relative_paths,
    repo_option,
    resolve_repo,
    trust_options,
)


def _echo_problems(problems: Iterable[Problem]) -> None:
    for p in problems:
        click.echo(p.format())


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "gitlab", "github"]), default="text",
              show_default=True, help="text; gitlab: a code-quality report (JSON); github: workflow-command "
                                      "annotations (GitHub, Gitea and Forgejo Actions).")
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="The day dates are checked against (default: today): later adoptions and 批示 are warned.")
@repo_option
def check(paths: tuple[str, ...], fmt: str, as_of_text: str | None, repo: Path) -> None:
    """Validate units.yaml, scoring.yaml, solicitations and submissions.

    Prints every problem as path:line:col: error|warning: message. With PATHs,
    only those files (and the configuration) are reported. Exit 1 on any error.
    """
    as_of = parsed_day(as_of_text, "--as-of", "--as-of 2026-03-31")
    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    inst = load_instance(repo)
    problems = inst.problems + history_problems(inst, as_of)
    if selection:
        problems = [p for p in problems if p in inst.config_problems or _selected(p.path, selection)]
    if fmt == "text":
        _echo_problems(problems)
    else:
        text = gitlab_codequality(problems) if fmt == "gitlab" else github_annotations(problems)
        if text:
            click.echo(text)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    files = list(inst.submissions) + [s.path for s in inst.solicitations.values()] + list(inst.invalid) + \
        [p for records in inst.records.values() for p in records]
    checked = sum(1 for p in files if not selection or _selected(p, selection))
    click.echo(say("cli.check_summary", files=checked, errors=errors, warnings=warnings), err=True)
    sys.exit(1 if errors else 0)


def history_problems(inst: Instance, as_of: dt.date | None = None) -> list[Problem]:
    """Warnings that only git history can give: approvals that do not count, unknown identities, and the
    silent traps of data entry (traps.py) as of ``as_of`` (default: today)."""
    if not inst.config_ok:
        return []
    assert inst.config is not None
    if not (inst.submissions or any(inst.records.values())):
        return sorted(set(config_traps(inst.config)))
    g = gather(inst, trust_settings(inst.config, inst.repo), as_of)
    problems = review_problems(g.briefs)
    problems += [Problem(".", 1, 1, "warning", w) for w in g.warnings]
    problems += g.activities.problems
    problems += trap_problems(inst, g.briefs, g.as_of)
    return sorted(set(problems))


def run() -> None:
    """Entry point: run the click group, turning input errors into exit code 1.

    The language of every message is chosen here, once, before click parses anything
    (so that click's own usage errors speak it too): see messages.choose_language.

    A command makes millions of objects that live until it ends (records, commits, reviews) and
    little garbage: the cycle collector runs far less often than Python's default, which scanned
    the growing heap again and again (a fifth of ``check``'s CPU at 20,000 submissions).
    """
    gc.set_threshold(20_000, 20, 100)
    set_lang(choose_language(sys.argv[1:]))
    localize_click()
    localize_commands(main)
    try:
        main.main(standalone_mode=False, prog_name="bulletin")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.UsageError as exc:
        show_usage_error(exc)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        click.echo(say("cli.error", text=exc.format_message()), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("\n" + say("cli.aborted"), err=True)
        sys.exit(1)
    except BulletinError as exc:
        if exc.problems:
            for p in exc.problems:
                click.echo(p.format(), err=True)
            click.echo(say("cli.stopped_config"), err=True)
        else:
            click.echo(say("cli.error", text=render(exc.text)), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so without a wall of traceback
        if os.environ.get("BULLETIN_DEBUG"):
            raise
        click.echo(say("cli.internal_error", kind=type(exc).__name__, text=str(exc)), err=True)
        sys.exit(3)


def show_usage_error(exc: click.UsageError) -> None:
    """A usage error, its first line the error itself, then the usage and where help is."""
    text = exc.format_message()
    if get_lang() == "zh" and text.endswith("."):
        text = text[:-1] + "。"
    click.echo(click_gettext("Error: {message}").format(message=text), err=True)
    ctx = exc.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            click.echo(click_gettext("Try '{command} {option}' for help.").format(
                command=ctx.command_path, option=ctx.help_option_names[0]), err=True)


def _walk(cmd: click.Command, path: tuple[str, ...]) -> Iterable[tuple[tuple[str, ...], click.Command]]:
    yield path, cmd
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            yield from _walk(sub, path + (name,))


def help_key(path: tuple[str, ...], param: click.Parameter | None = None) -> str:
    """The catalogue id of a command's help (``help.learning.import``) or an option's (``….--month``)."""
    key = ".".join(("help",) + path) if path else "help.bulletin"
    if param is not None:
        key += "." + (max(param.opts, key=len) if isinstance(param, click.Option) else str(param.name))
    return key


def localize_commands(group: click.Command) -> None:
    """Every command has --lang; help texts come from the message catalogue in the run's language."""
    for path, cmd in _walk(group, ()):
        if not any(p.name == "lang" for p in cmd.params):
            cmd.params.append(click.Option(["--lang"], type=click.Choice(LANGS), default=None, expose_value=False,
                                           is_eager=True, callback=lang_callback))
        cmd.options_metavar = click_gettext("[OPTIONS]")
        if help_key(path) in CATALOGUE:
            cmd.help = say(help_key(path))
            cmd.short_help = None
        for param in cmd.params:
            if not isinstance(param, click.Option) or param.name == "help":
                continue
            for key in (help_key(path, param), "help.*." + max(param.opts, key=len)):
                if key in CATALOGUE:
                    param.help = say(key)
                    break


# --------------------------------------------------------------------------- status and scores


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--pending", is_flag=True,
              help="The reviewer's queue: per reviewer, each item's title, unit, stage and working days waiting "
                   "(overdue past review.overdue_days); returned items per author.")
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="Count days waiting up to this day (default: today in scoring.yaml's timezone).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "markdown"]), default="table",
              show_default=True)
@trust_options
@repo_option
def status(paths: tuple[str, ...], pending: bool, as_of_text: str | None, fmt: str, trust: str | None,
           allowed_signers: Path | None, trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Review state of each submission: stages approved or missing, approvals current, stale or ignored, and why."""

    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    g = gathered(repo, trust, allowed_signers, trusted_committers)
    inst, states = g.inst, g.states
    assert inst.config is not None
    if selection:
        states = {p: s for p, s in states.items() if _selected(p, selection)}
    titles = {p: s.title for p, s in inst.submissions.items()}
    if pending:
        config = inst.config
        day = parsed_day(as_of_text, "--as-of", "--as-of 2026-03-31") or dt.datetime.now(config.tz).date()
        wl = build_worklist(config, inst.submissions, states, (), None, day)
        queue = pending_queue(states, config, wl)
        if fmt == "json":
            click.echo(json.dumps([{"waiting_for": label, "items": rows} for label, rows in queue.items()],
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(pending_queue_text(queue, config.review.overdue_days, markdown=fmt == "markdown"), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps(status_data(states, inst.config, titles), ensure_ascii=False, indent=2))
    else:
        click.echo(status_text(states, inst.config, titles, markdown=fmt == "markdown"), nl=False)


@main.command()
@click.option("--period", "period_text", required=True, metavar="P",
              help="2026-03 (month), 2026-Q1, 2026-H1 or 2026 (year).")
@click.option("--as-of", "as_of_text", default=None, metavar="YYYY-MM-DD",
              help="Fix 'now' (default: today in scoring.yaml's timezone).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]), default="table",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of standard output.")
@trust_options
@repo_option
def scores(period_text: str, as_of_text: str | None, fmt: str, output: Path | None, trust: str | None,
           allowed_signers: Path | None, trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Unit and people rankings and the entries behind them for a period."""

    period = parsed(parse_period, period_text, "--period", "--period 2026-Q1")
    as_of = parsed_day(as_of_text, "--as-of", "--as-of 2026-03-31")
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError(say("cli.xlsx_needs_output"))
    repo = resolve_repo(repo)
    g = gathered(repo, trust, allowed_signers, trusted_committers, as_of)
    config = g.config
    result = g.scores(period)
    data: bytes
    if fmt == "json":
        data = scores_json(result).encode("utf-8")
    elif fmt == "csv":
        data = scores_csv(result, config, names=export_names(g.inst, g.items))
    elif fmt == "xlsx":
        data = scores_xlsx(result, config, names=export_names(g.inst, g.items))
    else:
        data = scores_table(result, config).encode("utf-8")
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise BulletinError(msg("cli.cannot_write", path=output, reason=exc.strerror)) from None
        click.echo(say("cli.wrote", path=output), err=True)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
