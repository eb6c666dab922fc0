"""Markdown files with YAML front-matter -> typed records (submissions, solicitations).

Each record type is a :class:`RecordType`: where its files live, the schema of
its front-matter, and a function that makes the frozen record. Loading,
position tracking, the safety checks and error reporting are shared, so a new
record type (舆情, interviews...) is a schema and a constructor.
"""
from __future__ import annotations

import datetime as dt
import fnmatch
import functools
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path as FsPath
from typing import Any

from ..errors import ERROR, WARNING, Problem
from ..messages import msg, term
from .evidence import evidence_problem
from .safety import evidence_problems, line_col, marking_problems, name_problems, scripts
from .schema import INVALID, Bool, Ctx, Date, Either, Enum, Field, ListOf, Ref, Schema, Text, label
from .textfile import decode, read_text
from .yamlio import Loaded, YamlProblem, load_yaml

_FENCE = re.compile(r"^---[ \t]*$")
_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$")


class FrontMatterProblem(Exception):
    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split ``text`` into (front-matter YAML, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise FrontMatterProblem(1, 1, msg("front.missing"))
    for i in range(1, len(lines)):
        if _END.match(lines[i]):
            return "\n".join(lines[1:i]) + "\n", "\n".join(lines[i + 1:]), i + 2
    raise FrontMatterProblem(1, 1, msg("front.not_closed"))


# --------------------------------------------------------------------------- records

@dataclass(frozen=True)
class Adoption:
    outlet: str
    date: dt.date
    evidence: str | None
    line: int


@dataclass(frozen=True)
class Instruction:
    level: str
    by: str
    date: dt.date
    evidence: str | None
    line: int


@dataclass(frozen=True)
class Submission:
    path: str                       # repository-relative, '/'-separated
    title: str
    units: tuple[str, ...]          # the first is the lead unit (牵头单位)
    category: str
    authors: tuple[str, ...] | None  # None: the person of the git author who added the file
    importance: str                 # normal | major
    urgent: bool
    event_date: dt.date | None
    solicitation: str | None
    tags: tuple[str, ...]
    draft: bool
    adoptions: tuple[Adoption, ...]
    instructions: tuple[Instruction, ...]
    body: str
    reviewable: str                 # canonical text of the reviewable content (SPEC 3)
    fields: Mapping[str, Any]       # the checked front-matter values, defaults filled in

    @property
    def lead_unit(self) -> str:
        return self.units[0]


@dataclass(frozen=True)
class Solicitation:
    id: str
    path: str
    title: str
    issuer: str
    issued: dt.date
    deadline: dt.date | None        # None: issued + scoring.solicitation.deadline_days
    units: str | tuple[str, ...]    # "all" or unit ids
    body: str


def _evidence_type() -> Text:
    return Text(strip=True)


ADOPTION = Schema("an adoption", {
    "outlet": Field(Ref("outlet"), required=True),
    "date": Field(Date(), required=True),
    "evidence": Field(_evidence_type()),
    "note": Field(Text()),
    "url": Field(Text()),
}, unknown=WARNING)

INSTRUCTION = Schema("a 批示 (instruction)", {
    "level": Field(Ref("level"), required=True),
    "by": Field(Text(), default=""),
    "date": Field(Date(), required=True),
    "evidence": Field(_evidence_type()),
    "note": Field(Text()),
}, unknown=WARNING)


def _submission_rules(values: dict[str, Any], at: tuple[Any, ...], ctx: Ctx) -> None:
    if values.get("urgent") and values.get("event_date") is None:
        ctx.error(("urgent",), msg("submission.urgent_needs_event_date"), key=True)


SUBMISSION_SCHEMA = Schema("a submission", {
    "title": Field(Text(), required=True, help="the article's headline"),
    "unit": Field(ListOf(Ref("unit"), single=True, nonempty=True), required=True,
                  help="the id of your unit in units.yaml"),
    "category": Field(Ref("category"), required=True, help="a category id from scoring.yaml"),
    "authors": Field(ListOf(Ref("person", "person"), single=True, nonempty=True)),
    "importance": Field(Enum("normal", "major"), default="normal"),
    "urgent": Field(Bool(), default=False),
    "event_date": Field(Date()),
    "solicitation": Field(Ref("solicitation")),
    "tags": Field(ListOf(Text(), single=True), default=list),
    "plan": Field(Ref("plan", "plan item")),
    "draft": Field(Bool(), default=False),
    "adoptions": Field(ListOf(ADOPTION), default=list),
    "instructions": Field(ListOf(INSTRUCTION), default=list),
}, post=_submission_rules)

SOLICITATION_SCHEMA = Schema("a solicitation", {
    "title": Field(Text(), required=True, help="the notice's headline"),
    "from": Field(Text(), default=""),
    "issued": Field(Date(), required=True, help="the day the notice was issued, as YYYY-MM-DD"),
    "deadline": Field(Date()),
    "units": Field(Either(Text(pattern="all", hint="write 'all' or a list of unit ids"),
                          ListOf(Ref("unit"), nonempty=True),
                          accept=lambda v: 1 if isinstance(v, list) else 0), default="all"),
}, post=lambda v, at, ctx: (ctx.error(("deadline",), msg("solicitation.deadline_before_issued",
                                                        deadline=v['deadline'], issued=v['issued']))
                            if v.get("deadline") and v.get("issued") and v["deadline"] < v["issued"] else None))


def _plain(value: Any) -> Any:
    """Front-matter values as JSON-able, order-independent data."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


_REVIEW_DEFAULTS: dict[str, Any] = {"importance": "normal", "urgent": False, "draft": False, "tags": [],
                                    "authors": None, "event_date": None, "solicitation": None}
# Recorded after review, so they never reset it: adoptions and 批示 of submissions, the
# office's reply record of an opinion, the published report of an interview, and the link
# of a submission to the plan item it fulfils (the office may add it later).
NOT_REVIEWED = ("adoptions", "instructions", "replied", "reply_url", "report_url", "plan")
_LIST_FIELDS = ("unit", "authors", "tags")


def reviewable_of(front: dict[str, Any], body: str) -> str:
    """Canonical reviewable content: front-matter minus adoptions/批示, defaults filled, plus body."""
    values = {k: v for k, v in front.items() if k not in NOT_REVIEWED}
    for key, default in _REVIEW_DEFAULTS.items():
        if values.get(key) is None:
            values[key] = default
    for key in _LIST_FIELDS:   # 'unit: x' and 'unit: [x]' are the same parsed value
        if isinstance(values.get(key), (str, int, float)) and not isinstance(values.get(key), bool):
            values[key] = [values[key]]
    return json.dumps(_plain(values), ensure_ascii=False, sort_keys=True) + "\n" + body.replace("\r\n", "\n")


_ENTRY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?: |$)")
_ONE_LINE_LIST = re.compile(r" *(?:- )?(?:[A-Za-z_][A-Za-z0-9_-]*: )?\[[^\[\]#]*\] *$")
_NOT_PLAIN = re.compile("[\t'\"&*!|>%@`{}\\\\]|^(?:---|\\.\\.\\.)", re.M)


def reviewed_text(text: str, *, strip: bool = True) -> str | None:
    """The text of a record file without its top-level entries that review ignores (adoptions, 批示 and
    the rest of ``NOT_REVIEWED``), or None when its front matter is not plain enough to tell (or,
    without ``strip``, when it has such an entry).

    Used to judge whether an old version is the current one without parsing it (judge/review.py):
    an old version that has none of those entries and whose text is the current file's reviewed
    text has the current file's reviewable content. That holds for a current file that parses
    (every valid record) when this is not None: every line of its front matter is then a top-level
    ``key: value`` (the value plain, or a list ``[...]`` closed on its line), a line under one
    (indented, or a ``-`` item), a comment or empty, with no quote, anchor, alias, tag, block
    scalar, brace, tab or backslash. In that subset each top-level entry is its own lines and
    nothing else (no value runs on into a line at the margin, none refers to another), so the
    entries left parse as they did, and review ignores the ones taken out.
    """
    try:
        front, body, _ = split_front_matter(text)
    except FrontMatterProblem:
        return None
    if _NOT_PLAIN.search(front):
        return None
    lines = front.split("\n")
    if ("[" in front or "]" in front) and not all(_ONE_LINE_LIST.match(line) for line in lines
                                                   if "[" in line or "]" in line):
        return None
    out: list[str] = []
    skipping = False
    keys = 0
    for line in lines:
        if not line or line[0] in " -#":
            if not skipping:
                out.append(line)
            continue
        m = _ENTRY.match(line)
        if m is None:
            return None
        skipping = m.group(1) in NOT_REVIEWED
        if skipping and not strip:
            return None
        if not skipping:
            out.append(line)
            keys += 1
    if not keys:
        return None                 # nothing left: not a mapping
    while out[-1] == "":
        out.pop()                   # empty lines at the end (after an entry taken out) say nothing
    return "\n".join(out) + "\0" + body


def reviewable_content(data: bytes) -> str | None:
    """Reviewable content of a file version (e.g. a blob from history), or None if unreadable."""
    text, problem = decode(data, "")
    if text is None:
        return None
    try:
        fm, body, _ = split_front_matter(text)
        doc = load_yaml(fm)
    except (FrontMatterProblem, YamlProblem):
        return None
    if not isinstance(doc.value, dict):
        return None
    return reviewable_of(doc.value, body)


# --------------------------------------------------------------------------- loading

@dataclass(frozen=True)
class RecordType:
    """One kind of record file: where it lives, its schema, how to build it."""

    kind: str
    directory: str
    pattern: str
    schema: Schema
    make: Callable[[str, dict[str, Any], Loaded, str, int], Any]
    evidence_fields: tuple[tuple[str, str], ...] = ()   # (list field, 'evidence')
    check_safety: bool = True
    markdown: bool = True                                # front-matter + body; else a plain YAML file

    def files(self, repo: FsPath) -> list[str]:
        base = repo / self.directory
        if not base.is_dir():
            return []
        recursive, name = self.pattern.startswith("**/"), self.pattern.removeprefix("**/")
        if "/" in name or "**" in name:
            return sorted(p.relative_to(repo).as_posix() for p in base.glob(self.pattern) if p.is_file())
        out: list[str] = []
        _scan(str(base), self.directory, name, recursive, out)
        return sorted(out)


def _scan(folder: str, rel: str, name: str, recursive: bool, out: list[str]) -> None:
    """Files under ``folder`` whose names match ``name``, as ``Path.glob`` finds them (``**/`` through
    real folders, not linked ones; a link to a file counts), with one ``os.scandir`` per folder instead
    of a stat per path."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if recursive and entry.is_dir(follow_symlinks=False):
                _scan(entry.path, f"{rel}/{entry.name}", name, recursive, out)
            elif fnmatch.fnmatchcase(entry.name, name) and entry.is_file():
                out.append(f"{rel}/{entry.name}")


def _make_submission(path: str, v: dict[str, Any], doc: Loaded, body: str, body_line: int) -> Submission:
    return Submission(
        path=path,
        title=v["title"],
        units=tuple(v["unit"]),
        category=v["category"],
        authors=tuple(v["authors"]) if v.get("authors") else None,
        importance=v["importance"],
        urgent=bool(v["urgent"]),
        event_date=v.get("event_date"),
        solicitation=v.get("solicitation"),
        tags=tuple(v.get("tags") or ()),
        draft=bool(v["draft"]),
        adoptions=tuple(Adoption(a["outlet"], a["date"], a.get("evidence"), doc.at(("adoptions", i))[0])
                        for i, a in enumerate(v.get("adoptions") or [])),
        instructions=tuple(Instruction(x["level"], x.get("by") or "", x["date"], x.get("evidence"),
                                       doc.at(("instructions", i))[0])
                           for i, x in enumerate(v.get("instructions") or [])),
        body=body,
        reviewable=reviewable_of(doc.value, body),
        fields={k: val for k, val in v.items()},
    )


def _make_solicitation(path: str, v: dict[str, Any], doc: Loaded, body: str, body_line: int) -> Solicitation:
    units = v.get("units") or "all"
    return Solicitation(
        id=FsPath(path).stem,
        path=path,
        title=v["title"],
        issuer=v.get("from") or "",
        issued=v["issued"],
        deadline=v.get("deadline"),
        units=units if isinstance(units, str) else tuple(units),
        body=body,
    )


SUBMISSIONS = RecordType("submission", "submissions", "**/*.md", SUBMISSION_SCHEMA, _make_submission,
                         evidence_fields=(("adoptions", "evidence"), ("instructions", "evidence")))
SOLICITATIONS = RecordType("solicitation", "solicitations", "*.md", SOLICITATION_SCHEMA, _make_solicitation)


@functools.lru_cache(maxsize=8)
def _resolved(repo: FsPath) -> FsPath:
    """The repository's real path (asked for every evidence file: resolved once per process)."""
    return repo.resolve()


def check_evidence(repo: FsPath, value: str, at: tuple[Any, ...], ctx: Ctx,
                   seen: list[str] | None = None) -> bool:
    """Evidence is an http(s) URL or a file inside the repository; False if it is an error.

    ``seen`` collects the values looked at (what a record's verdict depends on besides its bytes:
    instance.py keeps them to know when a cached verdict still holds).
    """
    if seen is not None:
        seen.append(value)
    if re.match(r"^https?://", value, re.I):
        return True
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I) and not re.match(r"^[a-z]:[\\/]", value, re.I):
        ctx.error(at, msg("evidence.not_file_or_link", value=value))
        return False
    if "\\" in value:
        ctx.error(at, msg("evidence.backslashes", value=value))
        return False
    if value.startswith("/") or re.match(r"^[a-z]:", value, re.I):
        ctx.error(at, msg("evidence.absolute", value=value))
        return False
    parts = value.split("/")
    if ".." in parts:
        ctx.error(at, msg("evidence.dotdot", value=value))
        return False
    root = _resolved(repo)
    current = repo
    for part in parts:
        if part in ("", "."):
            continue
        current = current / part
        if current.is_symlink():
            ctx.error(at, msg("evidence.symlink", value=value))
            return False
    target = (repo / value)
    try:
        resolved = target.resolve()
    except OSError:
        resolved = target
    if resolved != root and root not in resolved.parents:
        ctx.error(at, msg("evidence.outside", value=value))
        return False
    if not target.is_file():
        ctx.warning(at, msg("evidence.missing_file", value=value))
        return True
    # Only types that cannot run script on the site are published (evidence.py); judged by the file,
    # since evidence can be added after approval.

    try:
        with open(target, "rb") as fh:
            head = fh.read(1 << 20)
    except OSError:
        return True
    problem = evidence_problem(value.strip(), head)
    if problem is not None:
        ctx.error(at, problem)
        return False
    # Its text goes on the site with the item: a marking in it withholds the item (ctx.path).
    found = evidence_problems(repo, value, ctx.path)
    ctx.problems.extend(found)
    return not any(p.is_error for p in found)


def load_record(repo: FsPath, rel: str, rtype: RecordType, known: Mapping[str, list[str]],
                data: bytes | None = None, *, evidence_required: bool = True,
                evidence_seen: list[str] | None = None) -> tuple[Any, list[Problem]]:
    """Load and check one record file; returns (record or None if invalid, problems)."""
    problems: list[Problem] = []
    if "\n" in rel or "\r" in rel:
        shown = rel.replace("\n", "\\n").replace("\r", "\\r")
        return None, [Problem(shown, 1, 1, ERROR, msg("record.newline_in_name"))]
    if data is None:
        text, problem = read_text(repo / rel, rel)
    else:
        text, problem = decode(data, rel)
    if problem:
        return None, [problem]
    assert text is not None
    try:
        if rtype.markdown:
            fm, body, body_line = split_front_matter(text)
            doc = load_yaml(fm, line_offset=1)
        else:
            body, body_line = "", 0
            doc = load_yaml(text)
    except FrontMatterProblem as exc:
        return None, [Problem(rel, exc.line, exc.col, ERROR, exc.message)]
    except YamlProblem as exc:
        return None, [Problem(rel, exc.line, exc.col, ERROR, exc.message)]
    ctx = Ctx(rel, doc, problems, known)
    values = rtype.schema.check(doc.value, (), ctx)
    if rtype.check_safety:
        problems += name_problems(rel) + marking_problems(rel, text, doc)
        for finding in scripts(text):
            line, col = line_col(text, finding.offset)
            problems.append(Problem(rel, line, col, ERROR,
                                    msg("safety.script", what=term(finding.what), excerpt=finding.excerpt.strip())))
    raw = doc.value if isinstance(doc.value, dict) else {}
    for list_field, key in rtype.evidence_fields:
        items = raw.get(list_field)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            if isinstance(item.get(key), str) and item[key].strip():
                check_evidence(repo, item[key].strip(), (list_field, i, key), ctx, evidence_seen)
            elif item.get(key) is None and evidence_required:
                    ctx.warning((list_field, i), msg("evidence.none", field=label((list_field, i))))
    if values is INVALID or any(p.is_error for p in problems):
        return None, problems
    return rtype.make(rel, values, doc, body, body_line), problems
