"""The ``bulletin`` command line: the only place that prints or picks an exit code.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from ..errors import BulletinError, Problem
from ..read.instance import Instance, load_instance
from ..messages import (CATALOGUE, LANGS, choose_language, click_gettext, get_lang, localize_click, msg, render,
                        say, set_lang)


def _echo_problems(problems: Iterable[Problem]) -> None:
    for p in problems:
        click.echo(p.format())


def repo_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--repo", "repo", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help="The instance repository.")(f)


def resolve_repo(repo: Path) -> Path:
    if not repo.exists():
        raise click.UsageError(say("cli.no_such_dir", path=repo))
    if not repo.is_dir():
        raise click.UsageError(say("cli.not_a_dir", path=repo))
    return repo.resolve()


def relative_paths(repo: Path, paths: Iterable[str]) -> list[str]:
    """PATH arguments (relative to the current directory or the repo) as repo-relative paths."""
    out = []
    for raw in paths:
        candidate = Path(raw)
        absolute = candidate if candidate.is_absolute() else (Path.cwd() / candidate)
        # Relative to the current directory if that is in the repository, else to the repository.
        in_repo = absolute.exists() and (absolute.resolve() == repo or repo in absolute.resolve().parents)
        if not in_repo and not candidate.is_absolute() and (repo / candidate).exists():
            absolute = repo / candidate
        if not absolute.exists():
            raise click.UsageError(say("cli.no_such_path", path=raw))
        try:
            rel = absolute.resolve().relative_to(repo)
        except ValueError:
            raise click.UsageError(say("cli.outside_repo", path=raw, repo=repo)) from None
        out.append(rel.as_posix())
    return out


def _selected(path: str, selection: list[str]) -> bool:
    return any(path == s or s in ("", ".") or path.startswith(s.rstrip("/") + "/") for s in selection)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bulletin")
def main() -> None:
    """bulletin: information-publicity work (信息宣传工作) kept in git.

    Liaisons commit Markdown submissions, reviewers approve them with git
    commits, and bulletin checks them, scores units and people, and builds the
    intranet site. See README.md and docs/.
    """


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
    from ..periods import PeriodError, parse_day

    as_of = None
    if as_of_text is not None:
        try:
            as_of = parse_day(as_of_text)
        except PeriodError as exc:
            raise click.BadParameter(say("cli.bad_as_of", text=render(exc.args[0])), param_hint="'--as-of'") from None
    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    inst = load_instance(repo)
    problems = inst.problems + history_problems(inst, as_of)
    if selection:
        problems = [p for p in problems if p in inst.config_problems or _selected(p.path, selection)]
    if fmt == "text":
        _echo_problems(problems)
    else:
        from .annotations import github_annotations, gitlab_codequality
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
    from ..judge.review import read_reviews, review_problems, trust_settings

    from ..read.activities import gather_activities
    from ..judge.scoring import scored_items
    from ..judge.traps import config_traps, trap_problems

    if not inst.config_ok:
        return []
    assert inst.config is not None
    if not (inst.submissions or any(inst.records.values())):
        return sorted(set(config_traps(inst.config)))
    settings = trust_settings(inst.config, inst.repo)
    history, states = read_reviews(inst.repo, inst.config, inst.submissions, settings)
    problems = review_problems(states)
    problems += [Problem(".", 1, 1, "warning", w) for w in history.warnings]
    as_of = as_of or dt.datetime.now(inst.config.tz).date()
    problems += gather_activities(inst, history, settings, scored_items(inst.submissions, states), as_of).problems
    problems += trap_problems(inst, states, as_of)
    return sorted(set(problems))


def load_for_command(repo: Path) -> Instance:
    """Load an instance for commands that need a valid configuration (scores, build...).

    Invalid submissions are listed on stderr and left out; invalid configuration stops.
    """
    inst = load_instance(repo)
    config_errors = [p for p in inst.config_problems if p.is_error]
    if config_errors or inst.config is None:
        raise BulletinError(config_errors or inst.config_problems)
    for path, errors in sorted(inst.invalid.items()):
        click.echo(say("cli.left_out", path=path, first=errors[0].text() if errors else say("cli.invalid"),
                       more=max(len(errors) - 1, 0)), err=True)
    return inst


def run() -> None:
    """Entry point: run the click group, turning input errors into exit code 1.

    The language of every message is chosen here, once, before click parses anything
    (so that click's own usage errors speak it too): see messages.choose_language.
    """
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


def _lang_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        set_lang(value)
    return value


def localize_commands(group: click.Command) -> None:
    """Every command has --lang; help texts come from the message catalogue in the run's language."""
    for path, cmd in _walk(group, ()):
        if not any(p.name == "lang" for p in cmd.params):
            cmd.params.append(click.Option(["--lang"], type=click.Choice(LANGS), default=None, expose_value=False,
                                           is_eager=True, callback=_lang_callback))
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

def _as_of_day(text: str | None, config: Any) -> Any:
    """--as-of as a date (default: today in the instance's time zone); a bad value is a usage error."""
    import datetime as dt

    from ..periods import PeriodError, parse_day

    if text is None:
        return dt.datetime.now(config.tz).date()
    try:
        return parse_day(text)
    except PeriodError as exc:
        raise click.BadParameter(say("cli.bad_as_of", text=render(exc.args[0])), param_hint="'--as-of'") from None


def trust_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--trust, --allowed-signers, --trusted-committer: the build machine's word over units.yaml."""
    f = click.option("--trusted-committer", "trusted_committers", multiple=True, metavar="EMAIL",
                     help="E-mail of the forge identity whose merge commits may carry Approved-by/"
                          "Reviewed-by trailers (repeatable); replaces units.yaml's list.")(f)
    f = click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="SSH allowed_signers file for --trust signature (outside the repository).")(f)
    f = click.option("--trust", type=click.Choice(["author", "signature"]), default=None,
                     help="Believe git identities (author) or only signatures; overrides units.yaml.")(f)
    return f


def reviewed_full(repo: Path, trust: str | None, allowed_signers: Path | None,
                  trusted_committers: tuple[str, ...]) -> tuple[Instance, Any, Any, Any]:
    """Load the instance (config must be valid) and read approvals from git.

    Returns (instance, history, trust settings, review states).
    """
    from ..judge.review import read_reviews, trust_settings

    inst = load_for_command(repo)
    assert inst.config is not None
    settings = trust_settings(inst.config, repo, mode=trust,
                              allowed_signers=str(allowed_signers.resolve()) if allowed_signers else None,
                              trusted_committers=trusted_committers or None)
    history, states = read_reviews(repo, inst.config, inst.submissions, settings)
    for warning in history.warnings:
        click.echo(say("cli.warning", text=render(warning)), err=True)
    return inst, history, settings, states


def _reviewed(repo: Path, trust: str | None, allowed_signers: Path | None,
              trusted_committers: tuple[str, ...]) -> tuple[Instance, Any]:
    """Load the instance (config must be valid) and read approvals from git."""
    inst, _, _, states = reviewed_full(repo, trust, allowed_signers, trusted_committers)
    return inst, states


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
    import json

    from ..documents.report import pending_queue, pending_queue_text, status_data, status_text

    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    inst, states = _reviewed(repo, trust, allowed_signers, trusted_committers)
    assert inst.config is not None
    if selection:
        states = {p: s for p, s in states.items() if _selected(p, selection)}
    titles = {p: s.title for p, s in inst.submissions.items()}
    if pending:
        from ..judge.worklist import build_worklist

        config = inst.config
        day = _as_of_day(as_of_text, config)
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
    import datetime as dt

    from ..periods import PeriodError, parse_day, parse_period
    from ..documents.report import export_names, scores_csv, scores_json, scores_table, scores_xlsx
    from ..judge.scoring import evidence_present, score, scored_items

    try:
        period = parse_period(period_text)
    except PeriodError as exc:
        raise click.BadParameter(say("cli.bad_period", text=render(exc.args[0])), param_hint="'--period'") from None
    as_of = None
    if as_of_text is not None:
        try:
            as_of = parse_day(as_of_text)
        except PeriodError as exc:
            raise click.BadParameter(say("cli.bad_as_of", text=render(exc.args[0])), param_hint="'--as-of'") from None
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError(say("cli.xlsx_needs_output"))
    repo = resolve_repo(repo)
    from ..read.activities import gather_activities

    inst, history, settings, states = reviewed_full(repo, trust, allowed_signers, trusted_committers)
    config = inst.config
    assert config is not None
    if as_of is None:
        as_of = dt.datetime.now(config.tz).date()
    items = scored_items(inst.submissions, states)
    present = evidence_present(repo, [i.submission for i in items])
    extra = gather_activities(inst, history, settings, items, as_of).entries
    result = score(config, items, inst.solicitations.values(), present, period, as_of, extra)
    data: bytes
    if fmt == "json":
        data = scores_json(result).encode("utf-8")
    elif fmt == "csv":
        data = scores_csv(result, config, names=export_names(inst, items))
    elif fmt == "xlsx":
        data = scores_xlsx(result, config, names=export_names(inst, items))
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


# Commands that build and serve the site live in their own module; importing it registers them.
from . import site as cli_site  # noqa: E402,F401
from . import review as cli_review  # noqa: E402,F401
from . import demo as cli_demo  # noqa: E402,F401
from . import issued as cli_record  # noqa: E402,F401
from . import learning as cli_learning  # noqa: E402,F401
from . import remind as cli_remind  # noqa: E402,F401
