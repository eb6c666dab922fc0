"""``bulletin new`` and ``bulletin approve``: the two commands that write to an instance.

``new`` scaffolds a submission for the current git identity (never overwriting
a file); ``approve`` writes the approval commit of SPEC 4 for the current
identity, optionally SSH-signed, after checking that the identity may approve
a pending stage of every named item. Both refuse bad input with
``path:line:col: error: message`` and leave the repository unchanged.
User-facing text comes from the message catalogue (Chinese by default).
"""
from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
import yaml

from ..errors import ERROR, BulletinError, Problem, suggest, suggest_named
from ..git.runner import git_env, run_git
from ..git.signatures import verify_commit
from ..i18n import reason_text
from ..judge.review import CURRENT, Trust, read_reviews, trailer_email, trust_settings
from ..judge.traps import PLACEHOLDERS
from ..messages import get_lang, msg, say, term
from ..read.config import Config, Person, Stage
from ..read.instance import Instance, load_instance
from .common import main, relative_paths, repo_option, resolve_repo

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


# --------------------------------------------------------------------------- shared helpers

@dataclass(frozen=True)
class GitIdentity:
    name: str
    email: str


def _git(repo: Path, *args: str, input: bytes | None = None,
         env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return run_git(repo, *args, input=input, env=git_env(env), config=())


def _out(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stdout.decode("utf-8", "replace").strip()


def _err(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", "replace").strip()


def git_identity(repo: Path) -> GitIdentity | None:
    """The identity git would write as author here (``user.name``/``user.email`` or GIT_AUTHOR_*)."""
    proc = _git(repo, "var", "GIT_AUTHOR_IDENT")
    m = re.match(r"^(.*?) <([^<>]*)> \d+ [+-]\d{4}$", _out(proc))
    if proc.returncode != 0 or not m or not m.group(2):
        return None
    return GitIdentity(m.group(1), m.group(2))


def _configured(repo: Path) -> Instance:
    """The instance, which must have a valid units.yaml and scoring.yaml."""
    inst = load_instance(repo)
    if not inst.config_ok:
        raise BulletinError([p for p in inst.config_problems if p.is_error] or inst.config_problems)
    return inst


def _identity_problem(ident: GitIdentity | None) -> str:
    if ident is None:
        return say("review.no_identity")
    return say("review.unknown_identity", name=ident.name, email=ident.email)


def _fail(problems: list[Problem], summary: str) -> None:
    for p in problems:
        click.echo(p.format(), err=True)
    click.echo(summary, err=True)
    sys.exit(1)


# --------------------------------------------------------------------------- bulletin new

def _yaml_scalar(text: str) -> str:
    """``text`` as a YAML scalar: plain when it reads back as the same string, else double-quoted."""
    try:
        same = yaml.safe_load(f"k: {text}") == {"k": text}
    except yaml.YAMLError:
        same = False
    return text if same and text.strip() == text and text else json.dumps(text, ensure_ascii=False)


def _default_unit(config: Config, person: Person | None) -> str | None:
    if person is None:
        return None
    liaison_of = [u.id for u in config.units.values() if person.id in u.liaisons and u.active]
    if liaison_of:
        return liaison_of[0]
    if person.unit in config.units and config.units[person.unit].active:
        return person.unit
    return None


def _pick(value: str, choices: dict[str, str], what: str, param: str, *, numbered: bool = False) -> str:
    """An id from ``choices`` (id -> name), given its id, its Chinese name or (``numbered``) its number."""
    value = value.strip()
    if value in choices:
        return value
    by_name = {name: key for key, name in choices.items()}
    if value in by_name:
        return by_name[value]
    if numbered and value.isdigit() and 1 <= int(value) <= len(choices):
        return list(choices)[int(value) - 1]
    listed = [msg("schema.candidate", id=k, name=n) for k, n in choices.items()]
    raise click.BadParameter(say("new.no_such_choice", what=term(what), value=value,
                                 suggestion=suggest_named(value, choices), choices=listed),
                             param_hint=param)


def _parse_date(value: str, param: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(say("new.not_a_date", value=value), param_hint=param) from None


def _title(value: str) -> str:
    title = value.strip()
    if not title:
        raise click.BadParameter(say("new.title_empty"), param_hint="'--title'")
    if "\n" in title or "\r" in title:
        raise click.BadParameter(say("new.title_one_line"), param_hint="'--title'")
    return title


T = TypeVar("T")


def _ask(question: str, check: Callable[[str], T], *, default: str | None = None, show_default: bool = True) -> T:
    """Ask until the answer passes ``check``; a wrong answer is explained and the question asked again
    (earlier answers are kept). The end of the input stops the command (exit 1, nothing written)."""
    while True:
        answer = click.prompt(question, default=default, show_default=show_default, err=True)
        try:
            return check(str(answer))
        except click.BadParameter as exc:
            click.echo(say("new.try_again", text=exc.message), err=True)


def _numbered(choices: dict[str, str]) -> str:
    return "\n".join(f"  {n}. {k} {name}" for n, (k, name) in enumerate(choices.items(), 1))


def _open_solicitations(inst: Instance, unit: str, today: dt.date) -> list[tuple[str, str, dt.date]]:
    config = inst.config
    assert config is not None
    out = []
    for sid, s in sorted(inst.solicitations.items()):
        deadline = s.deadline or s.issued + dt.timedelta(days=config.scoring.solicitation.deadline_days)
        targets = s.units if isinstance(s.units, tuple) else tuple(u for u, x in config.units.items() if x.active)
        if unit in targets and s.issued <= today <= deadline:
            out.append((sid, s.title, deadline))
    return out


def render_submission(config: Config, *, title: str, unit: str, category: str, authors: list[str],
                      importance: str, urgent: bool, event_date: dt.date | None, solicitation: str | None) -> str:
    """The text of a new submission: a filled front-matter and a body skeleton."""
    cat_names = {c.id: c.name for c in config.scoring.categories}
    rows: list[tuple[str, str]] = [
        (f"title: {_yaml_scalar(title)}", "标题"),
        (f"unit: {unit}", config.units[unit].name),
        (f"category: {category}", cat_names.get(category, "")),
    ]
    if authors:
        rows.append((f"authors: [{', '.join(authors)}]",
                     "、".join(config.people[a].name for a in authors if a in config.people)))
    rows.append((f"importance: {importance}", "normal 一般；major 重要信息（另需主要领导审核）"))
    rows.append((f"urgent: {'true' if urgent else 'false'}", "突发事件紧急信息填 true，并填写 event_date"))
    if urgent and event_date:
        rows.append((f"event_date: {event_date.isoformat()}", "事发日期：紧急信息须在当日报送"))
    if solicitation:
        rows.append((f"solicitation: {_yaml_scalar(solicitation)}", "回应的约稿编号"))
    rows.append(("tags: []", "关键词，例如 [农民工工资, 安全生产]"))
    width = max(len(r[0]) for r in rows if r[0].isascii()) + 2 if any(r[0].isascii() for r in rows) else 0
    lines = ["---"]
    for text, note in rows:
        pad = " " * max(2, width - len(text)) if text.isascii() else "  "
        lines.append(f"{text}{pad}# {note}" if note and not text.startswith("title:") else text)
    lines.append("---")
    body = ("<!-- 写作提示（本段注释不会发布，可以保留）：\n"
            "  1. 导语：一句话写清时间、地点、单位、做了什么、取得什么成效；\n"
            "  2. 正文：分段写主要做法和成效，多用数据和实例，1500 字以内；\n"
            "  3. 凡涉及国家秘密的内容一律不得报送；不要粘贴网页代码。\n"
            "  写完后运行 bulletin check 检查，再提交。 -->\n\n"
            f"{PLACEHOLDERS[0]}\n\n"
            f"{PLACEHOLDERS[1]}\n")
    return "\n".join(lines) + "\n" + body


@main.command()
@click.option("--title", default=None, help="The article's headline (标题).")
@click.option("--unit", default=None, help="Unit id or name (default: your unit in units.yaml).")
@click.option("--category", default=None, help="Category id or name from scoring.yaml (e.g. gov_info).")
@click.option("--urgent/--not-urgent", default=None, help="An emergency report (突发事件紧急信息)?")
@click.option("--event-date", default=None, metavar="YYYY-MM-DD", help="The event's day (urgent reports).")
@click.option("--solicitation", default=None, metavar="ID",
              help="The solicitation (约稿) this answers, e.g. 2026-007; '-' for none.")
@click.option("--importance", type=click.Choice(["normal", "major"]), default="normal", show_default=True)
@click.option("--slug", default=None, help="File name without .md (a-z, 0-9, -); default: UNIT-MMDD.")
@click.option("--date", "date_text", default=None, metavar="YYYY-MM-DD",
              help="Day that decides the folder submissions/YYYY/MM (default: today).")
@click.option("--no-input", is_flag=True, help="Never ask: fail if a required value is missing.")
@repo_option
def new(title: str | None, unit: str | None, category: str | None, urgent: bool | None, event_date: str | None,
        solicitation: str | None, importance: str, slug: str | None, date_text: str | None, no_input: bool,
        repo: Path) -> None:
    """Scaffold a submission: submissions/YYYY/MM/<slug>.md with a filled front-matter.

    Asks for what is not given as an option (unless --no-input). The author
    and the default unit come from the current git identity in units.yaml.
    Never overwrites a file.
    """
    repo = resolve_repo(repo)
    inst = _configured(repo)
    config = inst.config
    assert config is not None
    ident = git_identity(repo)
    person = config.person_by_email(ident.email) if ident else None
    ask = not no_input
    today = dt.datetime.now(config.tz).date()
    day = _parse_date(date_text, "'--date'") if date_text else today

    units = {u.id: u.name for u in config.units.values() if u.active}
    categories = {c.id: c.name for c in config.scoring.categories}
    # Values given as options are checked first: a wrong option stops before any question.
    if unit is not None:
        unit = _pick(unit, units, "unit", "'--unit'")
    if category is not None:
        category = _pick(category, categories, "category", "'--category'")
    if title is not None:
        title = _title(title)
    if event_date is not None and urgent is False:
        raise click.BadParameter(say("new.event_date_not_urgent"), param_hint="'--event-date'")
    event_day = _parse_date(event_date, "'--event-date'") if event_date is not None else None
    if person is None:
        click.echo(say("new.no_author", problem=_identity_problem(ident)), err=True)
    elif ask:
        click.echo(say("new.hello", name=person.name), err=True)
    missing = []
    if unit is None:
        default_unit = _default_unit(config, person)
        if ask:
            click.echo(say("new.units") + "\n" + _numbered(units), err=True)
            unit = _ask(say("new.ask_unit"), lambda v: _pick(v, units, "unit", "'--unit'", numbered=True),
                        default=default_unit)
        elif default_unit is None:
            missing.append("--unit")
        else:
            unit = default_unit
    if category is None:
        if ask:
            click.echo(say("new.categories") + "\n" + _numbered(categories), err=True)
            category = _ask(say("new.ask_category"),
                            lambda v: _pick(v, categories, "category", "'--category'", numbered=True))
        else:
            missing.append("--category")
    if title is None:
        if ask:
            title = _ask(say("new.ask_title"), _title)
        else:
            missing.append("--title")
    if missing:
        raise click.UsageError(say("new.missing", options=", ".join(missing)))
    assert unit is not None and category is not None and title is not None
    if urgent is None:
        urgent = click.confirm(say("new.ask_urgent"), default=False, err=True) if ask else False
    if urgent:
        if event_day is None and ask:
            event_day = _ask(say("new.ask_event_date"), lambda v: _parse_date(v, "'--event-date'"),
                             default=today.isoformat())
        event_day = event_day or today
    elif event_day is not None:
        raise click.BadParameter(say("new.event_date_not_urgent"), param_hint="'--event-date'")

    def known_solicitation(value: str) -> str | None:
        value = value.strip()
        if value in ("", "-"):
            return None
        if value not in inst.solicitations:
            raise click.BadParameter(say("new.no_such_solicitation", value=value,
                                         suggestion=suggest(value, inst.solicitations)),
                                     param_hint="'--solicitation'")
        return value

    if solicitation is not None:
        solicitation = known_solicitation(solicitation)
    elif ask:
        open_ = _open_solicitations(inst, unit, day)
        if open_:
            click.echo(say("new.open_solicitations"), err=True)
            for sid, stitle, deadline in open_:
                click.echo(say("new.open_solicitation", id=sid, title=stitle, deadline=deadline.isoformat()), err=True)
            solicitation = _ask(say("new.ask_solicitation"), known_solicitation, default="", show_default=False)

    folder = f"submissions/{day.year:04d}/{day.month:02d}"
    if slug is not None:
        if not _SLUG.match(slug):
            raise click.BadParameter(say("new.bad_slug", slug=slug), param_hint="'--slug'")
        rel = f"{folder}/{slug}.md"
    else:
        base = f"{unit}-{day.month:02d}{day.day:02d}"
        n = 1
        rel = f"{folder}/{base}.md"
        while (repo / rel).exists():
            n += 1
            rel = f"{folder}/{base}-{n}.md"
    text = render_submission(config, title=title, unit=unit, category=category,
                             authors=[person.id] if person else [], importance=importance, urgent=bool(urgent),
                             event_date=event_day if urgent else None, solicitation=solicitation)
    target = repo / rel
    if target.exists() or target.is_symlink():
        _fail([Problem(rel, 1, 1, ERROR, msg("new.exists"))], say("new.nothing_written"))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        _fail([Problem(rel, 1, 1, ERROR, msg("new.exists"))], say("new.nothing_written"))
    click.echo(rel)
    click.echo(say("new.done", path=rel, title=title), err=True)


# --------------------------------------------------------------------------- bulletin approve

def _stage_by_key(config: Config, key: str) -> Stage:
    for st in config.review.stages:
        if key in (st.id, st.name):
            return st
    ids = [st.id for st in config.review.stages]
    raise click.BadParameter(say("new.no_such_choice", what=term("stage"), value=key,
                                 suggestion=suggest(key, ids + [st.name for st in config.review.stages]),
                                 choices=[msg("schema.candidate", id=st.id, name=st.name)
                                          for st in config.review.stages]), param_hint="'--stage'")


def _names(config: Config, ids: Any) -> str:
    names = [config.people[p].name for p in sorted(ids) if p in config.people]
    return "、".join(names) or say("approve.nobody")


def _dirty(repo: Path, paths: list[str]) -> dict[str, str]:
    """Paths with uncommitted changes: 'untracked' or 'modified'."""
    proc = _git(repo, "-c", "core.quotePath=false", "status", "--porcelain=v1", "-z", "--untracked-files=all",
                "--", *paths)
    out: dict[str, str] = {}
    prefix = _out(_git(repo, "rev-parse", "--show-prefix"))
    entries = proc.stdout.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        code, path = entry[:2], entry[3:]
        if code[0] in "RC":
            i += 1   # the original path follows
        rel = path[len(prefix):] if prefix and path.startswith(prefix) else path
        out[rel] = "untracked" if code == "??" else "modified"
    return out


def _holds(person: Person, st: Any) -> list[Any]:
    """The person's approvals of the current content that are not ignored (SPEC 9 refusals).

    An approval the person gave before their own return that is still in force does not count
    here: approving again is how a returner ends a return.
    """

    returned = st.returned
    return [a for a in st.approvals if a.verdict == CURRENT and a.approver is not None
            and a.approver.id == person.id
            and not (returned is not None and returned.returner is not None
                     and returned.returner.id == person.id and a.at <= returned.at)]


def _first_open(config: Config, st: Any) -> Any:
    """With ordered review, the first stage not yet met (the only one open), else None."""
    if not config.review.ordered:
        return None
    return next((s for s in st.stages if not s.approved), None)


def judge_request(config: Config, person: Person, st: Any, sub: Any, stage: Stage | None,
                  verb: str = "审核") -> set[str] | str:
    """The stages an approval by ``person`` would meet, or why it is refused (SPEC 9, in Chinese).

    Refused: an author, someone not eligible, a stage not yet due under ordered review, or a
    person who already holds an approval of the current content that is not ignored.
    """
    required = {s.stage.id: s for s in st.stages}
    mine = {sid: s for sid, s in required.items() if person.id in config.eligible(s.stage, sub.lead_unit)}
    if config.review.author_cannot_approve and person.id in st.authors:
        waiting = [f"{s.stage.name}（{_names(config, s.eligible)}）" for s in st.stages if not s.approved]
        return (f"{person.name}是本稿件的作者，不能{verb}本人的稿件（units.yaml: author_cannot_approve）"
                + (f"；请由各环节的审核人审核：{'、'.join(waiting)}" if waiting else ""))
    held = _holds(person, st)
    if stage is not None:
        if stage.id not in required:
            return f"本稿件不需要“{stage.name}”环节（需要：{'、'.join(s.stage.name for s in st.stages)}）"
        if stage.id not in mine:
            return f"{person.name}不是“{stage.name}”的审核人（可审核：{_names(config, required[stage.id].eligible)}）"
        if any(stage.id in a.stages for a in held):
            return (f"“{stage.name}”已由{person.name}审核通过，无需再审；待审环节："
                    + ("、".join(s.stage.name for s in st.stages if not s.approved) or "无"))
        wanted = [stage.id]
    else:
        if not mine:
            waiting = [f"{s.stage.name}（{_names(config, s.eligible)}）" for s in st.stages if not s.approved]
            return (f"{person.name}不是本稿件任何待审环节的审核人"
                    + (f"；待审环节：{'、'.join(waiting)}" if waiting else "；各环节均已通过"))
        if held:
            return (f"{person.name}可审核的环节（{'、'.join(s.stage.name for s in mine.values())}）都已通过，无需再审"
                    f"（{person.name}已审核通过当前版本）；待审环节："
                    + ("、".join(f"{s.stage.name}（{_names(config, s.eligible)}）" for s in st.stages
                                if not s.approved) or "无"))
        pending = [sid for sid, s in mine.items() if not s.approved]
        wanted = pending or list(mine)
    first = _first_open(config, st)
    if first is not None:
        order = [s.stage.id for s in st.stages]
        start = order.index(first.stage.id)
        chain = set()
        for sid in order[start:]:      # one approval meets consecutive stages from the open one
            if sid not in mine:
                break
            chain.add(sid)
        met = {s.stage.id for s in st.stages if s.approved}
        if not any(sid in chain or sid in met for sid in wanted):
            return (f"还没有轮到{person.name}：本局实行逐级审核（units.yaml review.ordered），"
                    f"须先完成“{first.stage.name}”（{_names(config, first.eligible)}）")
        return {sid for sid in wanted if sid in chain or sid in met}
    return set(wanted)


def _preflight(paths: tuple[str, ...], sign: bool | None, allowed_signers: Path | None, repo: Path,
               command: str, nothing: str) -> tuple[Instance, Config, Person, list[str], bool, Any, Any]:
    """What approve and return check before judging: the identity, the items, signing; then the review."""

    repo = resolve_repo(repo)
    selection = relative_paths(repo, paths)
    for raw, rel in zip(paths, selection, strict=True):
        if not (rel.startswith("submissions/") and rel.endswith(".md") and (repo / rel).is_file()):
            raise click.UsageError(say("approve.not_a_submission", path=raw))
    selection = list(dict.fromkeys(selection))
    inst = _configured(repo)
    config = inst.config
    assert config is not None
    ident = git_identity(repo)
    person = config.person_by_email(ident.email) if ident else None
    if ident is None or person is None:
        _fail([], f"{command}: error: {_identity_problem(ident)}")
    assert ident is not None and person is not None
    if sign is None:
        sign = _out(_git(repo, "config", "--type=bool", "--get", "commit.gpgSign")) == "true"
    problems: list[Problem] = []

    def refuse(path: str, message: str) -> None:
        problems.append(Problem(path, 1, 1, ERROR, message))

    if _git(repo, "rev-parse", "--verify", "-q", "HEAD").returncode != 0:
        _fail([], f"{command}: error: 仓库还没有任何提交，没有可审核的稿件")
    dirty = _dirty(repo, selection)
    for rel in selection:
        if rel in inst.invalid:
            errors = inst.invalid[rel]
            refuse(rel, f"稿件有 {len(errors)} 处错误，不能审核：{errors[0].text()}"
                        f"（运行 bulletin check {rel} 查看全部；请作者改正并提交后再审核）")
        elif dirty.get(rel) == "untracked":
            refuse(rel, "稿件还没有提交到仓库，不能审核：请作者先 git add 并 git commit")
        elif dirty.get(rel) == "modified":
            refuse(rel, "稿件有未提交的修改：审核记录的是已提交的版本，请先提交或撤销这些修改"
                        f"（git diff {rel} 查看）再审核")
    if config.review.trust == "signature" and not sign:
        problems.append(Problem("units.yaml", 1, 1, ERROR, "本单位要求签名审核（review.trust: signature），"
                                                           "未签名的审核不计入：请加 --sign"))
    signing_key = _out(_git(repo, "config", "--get", "user.signingkey"))
    if sign and not signing_key:
        _fail(problems, f"{command}: error: 签名需要 SSH 密钥：请先运行 "
                        "git config user.signingkey ~/.ssh/id_ed25519.pub（您的公钥文件），"
                        "并请办公室把公钥登记到 allowed_signers")
    if problems:
        _fail(problems, nothing)
    try:
        trust = trust_settings(config, repo, allowed_signers=str(allowed_signers.resolve())
                               if allowed_signers else None)
    except BulletinError:
        trust = Trust("author", frozenset(config.review.trusted_committers), None,
                      config.review.author_cannot_approve)
    _history, states = read_reviews(repo, config, {p: inst.submissions[p] for p in selection}, trust)
    return inst, config, person, selection, bool(sign), trust, states


def _write_commit(repo: Path, message: str, subject: str, sign: bool, command: str) -> str:
    """A commit of HEAD's tree with HEAD as parent (index and working tree untouched); its id."""
    head = _out(_git(repo, "rev-parse", "HEAD"))
    args = ["-c", "gpg.format=ssh"] if sign else []
    args += ["commit-tree", "HEAD^{tree}", "-p", "HEAD", "-F", "-"] + (["-S"] if sign else [])
    made = _git(repo, *args, input=message.encode("utf-8"))
    if made.returncode != 0:
        detail = _err(made)
        hint = "（签名失败：请检查 user.signingkey 指向的 SSH 密钥，必要时先运行 ssh-add）" if sign else ""
        _fail([], f"{command}: error: git 未能写入提交{hint}：{detail}")
    commit = _out(made)
    moved = _git(repo, "update-ref", "-m", f"{command}: {subject}", "HEAD", commit, head)
    if moved.returncode != 0:
        _fail([], f"{command}: error: 未能更新当前分支（可能有人同时提交了）：{_err(moved)}；请重试")
    return commit


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--stage", "stage_key", default=None, metavar="S",
              help="Approve only this stage (id or name, e.g. unit, office, leader).")
@click.option("--sign/--no-sign", default=None,
              help="Sign the approval commit with git's SSH signing (default: git's commit.gpgSign).")
@click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check the new signature against this allowed_signers file.")
@repo_option
def approve(paths: tuple[str, ...], stage_key: str | None, sign: bool | None, allowed_signers: Path | None,
            repo: Path) -> None:
    """Write an approval commit (Approve: PATH trailers) for the current git identity.

    Refuses, with the reason, when the identity is not eligible for a pending
    stage of every PATH, is an author, or an item is invalid or not committed.
    The commit records HEAD's tree: nothing staged or changed is included.
    """

    repo = resolve_repo(repo)
    ctx = _preflight(paths, sign, allowed_signers, repo, "bulletin approve", "没有写入审核记录")
    inst, config, person, selection, sign, trust, states = ctx
    stage = _stage_by_key(config, stage_key) if stage_key else None
    problems: list[Problem] = []
    meets: set[str] = set()
    for rel in selection:
        verdict = judge_request(config, person, states[rel], inst.submissions[rel], stage)
        if isinstance(verdict, str):
            problems.append(Problem(rel, 1, 1, ERROR, verdict))
        else:
            meets.update(verdict)
    if problems:
        _fail(problems, say("approve.nothing_written"))

    titles = [inst.submissions[p].title for p in selection]
    stage_names = {st.id: st.name for st in config.review.stages}
    verb = "签发" if meets and all(s == "leader" or "签发" in stage_names[s] for s in meets) else "审核通过"
    subject = f"{verb}：{titles[0]}" + (f"等{len(titles)}篇" if len(titles) > 1 else "")
    trailers = [f"Approve: {p}" for p in selection] + ([f"Stage: {stage.id}"] if stage else [])
    message = subject + "\n\n" + "\n".join(trailers) + "\n"
    commit = _write_commit(repo, message, subject, sign, "bulletin approve")

    # Report what the approval did, as status will.
    inst = load_instance(repo)
    _history, states = read_reviews(repo, config, {p: inst.submissions[p] for p in selection if p in inst.submissions},
                                    trust)
    click.echo(say("approve.written", commit=commit[:7], name=person.name,
                   signed=msg("approve.signed") if sign else msg("approve.unsigned")))
    for rel in selection:
        if rel not in states:
            continue
        st = states[rel]
        click.echo(f"  {rel}  {inst.submissions[rel].title}")
        for s in st.stages:
            if s.approved and s.by is not None:
                who = s.by.approver.name if s.by.approver else s.by.identity
                click.echo("    " + say("approve.stage_passed", stage=s.stage.name, who=who,
                                            day=s.by.at.astimezone(config.tz).date().isoformat()))
            else:
                click.echo("    " + say("approve.stage_waiting", stage=s.stage.name, who=_names(config, s.eligible)))
        mine_now = [a for a in st.approvals if a.commit.id == commit]
        for a in mine_now:
            if a.verdict != "current":
                click.echo("    " + say("approve.does_not_count", reason=reason_text(a.reason, get_lang())), err=True)
    signers = str(allowed_signers.resolve()) if allowed_signers else trust.allowed_signers
    if sign and signers:
        sig = verify_commit(repo, commit, signers)
        principal = trailer_email(sig.signer) or sig.signer.lower()
        if sig.status == "G" and principal in {e.lower() for e in person.emails}:
            click.echo(say("approve.signature_ok", signer=sig.signer, key=sig.key))
        else:
            why = (say("approve.sig_other", signer=sig.signer, name=person.name) if sig.status == "G" else
                   say(f"approve.sig_{sig.status}") if sig.status in "UBNE" else sig.status)
            click.echo(say("approve.signature_bad", why=why, key=sig.key or "user.signingkey"), err=True)
    elif sign:
        click.echo(say("approve.signature_unchecked"), err=True)
    click.echo(say("approve.next"), err=True)




# --------------------------------------------------------------------------- bulletin return

@main.command("return")
@click.argument("paths", nargs=-1, required=True)
@click.option("--reason", required=True, metavar="TEXT",
              help="Why the item goes back to its author (退回理由); becomes the commit message's body.")
@click.option("--sign/--no-sign", default=None,
              help="Sign the return commit with git's SSH signing (default: git's commit.gpgSign).")
@click.option("--allowed-signers", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Check signatures against this allowed_signers file.")
@repo_option
def return_(paths: tuple[str, ...], reason: str, sign: bool | None, allowed_signers: Path | None,
            repo: Path) -> None:
    """Return items for revision (退回修改): a commit with Return: PATH trailers and the reason.

    Refused, with the reason and writing nothing, for an author, someone not eligible for any of
    the item's stages, a stage not yet due (ordered review), or a reviewer who already approved
    the current version. The item stays returned until its content is revised or the returner
    approves it.
    """
    text = "\n".join(line.rstrip() for line in reason.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
    if not text:
        raise click.BadParameter("请写明退回理由，例如 --reason \"数据口径与统计局不一致，请核实后重报\"",
                                 param_hint="'--reason'")
    inst, config, person, selection, signed, _trust, states = _preflight(
        paths, sign, allowed_signers, repo, "bulletin return", "没有写入退回记录")
    repo = resolve_repo(repo)
    problems: list[Problem] = []
    for rel in selection:
        verdict = judge_request(config, person, states[rel], inst.submissions[rel], None, verb="退回")
        if isinstance(verdict, str):
            problems.append(Problem(rel, 1, 1, ERROR, verdict.replace("无需再审", "不能再退回")))
    if problems:
        _fail(problems, "没有写入退回记录")
    titles = [inst.submissions[p].title for p in selection]
    subject = f"退回修改：{titles[0]}" + (f"等{len(titles)}篇" if len(titles) > 1 else "")
    # The reason is the body; a paragraph of it that looks like trailers must not become the last one.
    message = subject + "\n\n" + text + "\n\n" + "\n".join(f"Return: {p}" for p in selection) + "\n"
    commit = _write_commit(repo, message, subject, signed, "bulletin return")
    click.echo(f"已写入退回提交 {commit[:7]}（{person.name}，{'已签名' if signed else '未签名'}）")
    for rel in selection:
        click.echo(f"  {rel}  {inst.submissions[rel].title}")
    click.echo(f"退回理由：{text}")
    click.echo("稿件在作者修改并提交之前不计分、不发布；您本人再次审核通过也会结束退回。"
               "下一步：git push，把退回记录推送到服务器。", err=True)


__all__ = ["approve", "git_identity", "judge_request", "new", "render_submission", "return_"]
