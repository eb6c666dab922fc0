"""What every command shares: the ``bulletin`` group, --repo and trust options, loading for a command."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import BulletinError
from ..judge.gather import Gathered, gather
from ..judge.review import Trust, trust_settings
from ..messages import render, say, set_lang
from ..periods import PeriodError, parse_day
from ..read.instance import Instance, load_instance


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


def lang_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--lang: the run's language from here on (eager, so that later options' errors speak it)."""
    if value is not None:
        set_lang(value)
    return value


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


def command_trust(inst: Instance, trust: str | None, allowed_signers: Path | None,
                  trusted_committers: tuple[str, ...]) -> Trust:
    """units.yaml's trust settings with the command line's overrides."""
    assert inst.config is not None
    return trust_settings(inst.config, inst.repo, mode=trust,
                          allowed_signers=str(allowed_signers.resolve()) if allowed_signers else None,
                          trusted_committers=trusted_committers or None)


def gathered(repo: Path, trust: str | None, allowed_signers: Path | None, trusted_committers: tuple[str, ...],
             as_of: dt.date | None = None) -> Gathered:
    """Load the instance (its configuration must be valid) and gather it; history's warnings go to stderr."""
    inst = load_for_command(repo)
    g = gather(inst, command_trust(inst, trust, allowed_signers, trusted_committers), as_of)
    for warning in g.warnings:
        click.echo(say("cli.warning", text=render(warning)), err=True)
    return g


T = TypeVar("T")


def parsed(parse: Callable[[str], T], text: str, param: str, example: str | None = None) -> T:
    """An option's or argument's text parsed; a PeriodError becomes the usage error (exit 2) naming it."""
    try:
        return parse(text)
    except PeriodError as exc:
        text = render(exc.args[0])
        raise click.BadParameter(say("record.eg", text=text, example=example) if example else text,
                                 param_hint=f"'{param}'") from None


def parsed_day(text: str | None, param: str, example: str) -> dt.date | None:
    """An optional YYYY-MM-DD option (None when not given)."""
    return None if text is None else parsed(parse_day, text, param, example)
