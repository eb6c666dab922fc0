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


def _echo_problems(problems: Iterable[Problem]) -> None:
    for p in problems:
        click.echo(p.format())


def repo_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--repo", "repo", type=click.Path(file_okay=False, path_type=Path), default=".",
                        show_default=True, help="The instance repository.")(f)


def resolve_repo(repo: Path) -> Path:
    if not repo.exists():
        raise click.UsageError(f"--repo {repo}: no such directory")
    if not repo.is_dir():
        raise click.UsageError(f"--repo {repo}: not a directory")
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
            raise click.UsageError(f"{raw}: no such file or directory")
        try:
            rel = absolute.resolve().relative_to(repo)
        except ValueError:
            raise click.UsageError(f"{raw}: not inside the repository {repo}") from None
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
@repo_option
def check(paths: tuple[str, ...], fmt: str, repo: Path) -> None:
    """Validate units.yaml, scoring.yaml, solicitations and submissions.

    Prints every problem as path:line:col: error|warning: message. With PATHs,
    only those files (and the configuration) are reported. Exit 1 on any error.
    """
    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    inst = load_instance(repo)
    problems = inst.problems + history_problems(inst)
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
    summary = f"{checked} file{'s' * (checked != 1)} checked: {errors} error{'s' * (errors != 1)}, " \
              f"{warnings} warning{'s' * (warnings != 1)}"
    click.echo(summary, err=True)
    sys.exit(1 if errors else 0)


def history_problems(inst: Instance) -> list[Problem]:
    """Warnings that only git history can give: approvals that do not count, unknown identities."""
    from ..judge.review import read_reviews, review_problems, trust_settings

    from ..read.activities import gather_activities
    from ..judge.scoring import scored_items

    if not inst.config_ok or not (inst.submissions or any(inst.records.values())):
        return []
    assert inst.config is not None
    settings = trust_settings(inst.config, inst.repo)
    history, states = read_reviews(inst.repo, inst.config, inst.submissions, settings)
    problems = review_problems(states)
    problems += [Problem(".", 1, 1, "warning", w) for w in history.warnings]
    as_of = dt.datetime.now(inst.config.tz).date()
    problems += gather_activities(inst, history, settings, scored_items(inst.submissions, states), as_of).problems
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
        click.echo(f"{path}: left out: {errors[0].message if errors else 'invalid'}"
                   f"{f' (and {len(errors) - 1} more problems)' if len(errors) > 1 else ''}", err=True)
    return inst


def run() -> None:
    """Entry point: run the click group, turning input errors into exit code 1."""
    try:
        main.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except BulletinError as exc:
        if exc.problems:
            for p in exc.problems:
                click.echo(p.format(), err=True)
            click.echo("bulletin: stopped: fix the configuration errors above first", err=True)
        else:
            click.echo(f"bulletin: error: {exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug, not bad input: say so without a wall of traceback
        if os.environ.get("BULLETIN_DEBUG"):
            raise
        click.echo(f"bulletin: internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in bulletin; rerun with BULLETIN_DEBUG=1 for details and report it.",
                   err=True)
        sys.exit(3)


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
        raise click.BadParameter(f"{exc}; e.g. --as-of 2026-03-31", param_hint="'--as-of'") from None


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
        click.echo(f"bulletin: warning: {warning}", err=True)
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
    from ..documents.report import scores_csv, scores_json, scores_table, scores_xlsx
    from ..judge.scoring import evidence_present, score, scored_items

    try:
        period = parse_period(period_text)
    except PeriodError as exc:
        raise click.BadParameter(f"{exc}; e.g. --period 2026-Q1", param_hint="'--period'") from None
    as_of = None
    if as_of_text is not None:
        try:
            as_of = parse_day(as_of_text)
        except PeriodError as exc:
            raise click.BadParameter(f"{exc}; e.g. --as-of 2026-03-31", param_hint="'--as-of'") from None
    if fmt == "xlsx" and output is None and sys.stdout.isatty():
        raise click.UsageError("--format xlsx writes a binary file: add --output FILE.xlsx")
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
        data = scores_csv(result, config)
    elif fmt == "xlsx":
        data = scores_xlsx(result, config)
    else:
        data = scores_table(result, config).encode("utf-8")
    if output is not None:
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise BulletinError(f"cannot write {output}: {exc.strerror}") from None
        click.echo(f"wrote {output}", err=True)
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
