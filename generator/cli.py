"""The ``bulletin`` command line: the only place that prints or picks an exit code.

Exit codes: 0 success, 1 invalid input, 2 usage error.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Iterable

import click

from .errors import BulletinError, Problem
from .instance import Instance, load_instance


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
        if not absolute.exists() and (repo / candidate).exists():
            absolute = repo / candidate
        try:
            rel = absolute.resolve().relative_to(repo)
        except ValueError:
            raise click.UsageError(f"{raw}: not inside the repository {repo}") from None
        if not absolute.exists():
            raise click.UsageError(f"{raw}: no such file or directory")
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
@repo_option
def check(paths: tuple[str, ...], repo: Path) -> None:
    """Validate units.yaml, scoring.yaml, solicitations and submissions.

    Prints every problem as path:line:col: error|warning: message. With PATHs,
    only those files (and the configuration) are reported. Exit 1 on any error.
    """
    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    inst = load_instance(repo)
    problems = inst.problems
    if selection:
        problems = [p for p in problems if p in inst.config_problems or _selected(p.path, selection)]
    _echo_problems(problems)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    checked = len(inst.submissions) + len(inst.solicitations) + len(inst.invalid)
    if selection:
        checked = sum(1 for p in list(inst.submissions) + [s.path for s in inst.solicitations.values()]
                      + list(inst.invalid) if _selected(p, selection))
    summary = f"{checked} files checked: {errors} error{'s' * (errors != 1)}, " \
              f"{warnings} warning{'s' * (warnings != 1)}"
    click.echo(summary, err=True)
    sys.exit(1 if errors else 0)


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
