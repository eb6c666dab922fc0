"""Approvals read from git -> a :class:`ReviewState` per submission (SPEC 4 and 8).

Two approval forms are recognised: ``Approve:`` trailers (the approver is the
commit's author) and forge trailers (``Approved-by:``/``Reviewed-by:``) on
trusted commits of HEAD's first-parent chain. Each approval is judged
``current``, ``stale`` or ``ignored`` with a reason a reviewer understands;
a submission is approved when every required stage has a current approval.

Trust is pluggable: in ``author`` mode git identities are believed; in
``signature`` mode an approval counts only if its commit's signature (verified
by :func:`signatures.verify_signatures`, for approval commits only) names the
approver or a trusted committer.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import pickle
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..cache import MIN_ENTRIES, Store, enabled, loads
from ..errors import WARNING, BulletinError, Problem
from ..git.history import (
    SUBMISSIONS_DIR,
    BlobReader,
    Change,
    Commit,
    FileHistory,
    History,
    Identity,
    file_histories,
    head_of,
    read_history,
)
from ..git.signatures import key_valid_at, verify_signatures
from ..messages import msg
from ..read.config import Config, Person, Stage
from ..read.records import (
    NOT_REVIEWED,
    FrontMatterProblem,
    Submission,
    reviewable_content,
    reviewed_text,
    split_front_matter,
)
from ..read.textfile import decode
from ..read.yamlio import YamlProblem, load_yaml

CURRENT = "current"
STALE = "stale"
IGNORED = "ignored"

APPROVE_KEY = "approve"
STAGE_KEY = "stage"
RETURN_KEY = "return"
FORGE_KEYS = ("approved-by", "reviewed-by")
# A line of a file that starts an entry review ignores (an adoption, a 批示...).
_UNREVIEWED_ENTRY = re.compile(rb"^(?:%s):" % b"|".join(k.encode() for k in NOT_REVIEWED), re.M)

# Verdicts of a return (SPEC 9): in force, ended (revised, or approved again by the returner), ignored.
RETURNED = "returned"
ENDED = "ended"


@dataclass(frozen=True)
class Trust:
    """How far git identities are believed (units.yaml, overridable on the command line)."""

    mode: str = "author"                          # author | signature
    trusted_committers: frozenset[str] = frozenset()   # lower-cased e-mails
    allowed_signers: str | None = None
    author_cannot_approve: bool = True


def trust_settings(config: Config, repo: Path, *, mode: str | None = None,
                   allowed_signers: str | None = None,
                   trusted_committers: tuple[str, ...] | None = None) -> Trust:
    """units.yaml's trust settings, each overridden by a command-line value when given (SPEC 8)."""
    review = config.review
    chosen_mode = mode or review.trust
    committers = trusted_committers if trusted_committers else review.trusted_committers
    signers = allowed_signers
    if signers is None and review.allowed_signers:
        signers = str((repo / review.allowed_signers) if not Path(review.allowed_signers).is_absolute()
                      else Path(review.allowed_signers))
    if chosen_mode == "signature":
        if not signers:
            raise BulletinError(msg("review.needs_signers"))
        resolved = Path(signers).resolve()
        if not resolved.is_file():
            raise BulletinError(msg("review.signers_missing", path=signers), path=signers)
        if resolved == repo.resolve() or repo.resolve() in resolved.parents:
            raise BulletinError(msg("review.signers_inside", path=signers), path=signers)
        signers = str(resolved)
    return Trust(chosen_mode, frozenset(e.strip().lower() for e in committers), signers,
                 config.review.author_cannot_approve)


@dataclass(frozen=True)
class Approval:
    """One approval of one submission, with its verdict and the reason for it."""

    commit: Commit
    form: str                       # "approve" (form 1) or "trailer" (form 2)
    identity: str                   # who, as git or the trailer says
    approver: Person | None
    named_path: str                 # the path as it was named or changed in that commit
    stage_named: str | None
    verdict: str                    # current | stale | ignored
    reason: str
    stages: tuple[str, ...] = ()    # stage ids this approval meets (when current) or would meet

    @property
    def at(self) -> dt.datetime:
        return self.commit.committer.when

    @property
    def counts(self) -> bool:
        return self.verdict == CURRENT


@dataclass(frozen=True)
class Return:
    """One ``Return:`` of one item (退回修改, SPEC 9), with its verdict and the reason for it."""

    commit: Commit
    identity: str                   # who, as git (or the signature) says
    returner: Person | None
    named_path: str
    reason: str                     # the message body: why the item was sent back
    verdict: str                    # returned | ended | ignored
    note: str                       # why it ended or is ignored ("" while in force)

    @property
    def at(self) -> dt.datetime:
        return self.commit.committer.when

    @property
    def in_force(self) -> bool:
        return self.verdict == RETURNED


@dataclass(frozen=True)
class Unrecorded:
    """An adoption or 批示 that scores nothing: not recorded by a recorder (一个口子, SPEC 9)."""

    kind: str                       # adoption | instruction
    key: tuple[str, ...]            # (outlet, date) or (level, by, date)
    commit: Commit | None           # the commit that introduced it (None: not committed)
    who: str                        # who recorded it
    reason: str
    line: int = 1                   # its line in the file


@dataclass(frozen=True)
class StageState:
    stage: Stage
    approved: bool
    by: Approval | None             # the earliest current approval
    eligible: tuple[str, ...]       # person ids who may approve (authors excluded when barred)
    reason: str

    @property
    def met_at(self) -> dt.datetime | None:
        return self.by.at if self.by else None


@dataclass(frozen=True)
class ReviewState:
    path: str
    draft: bool
    authors: tuple[str, ...]
    submitted_at: dt.datetime | None
    added_by: Identity | None
    stages: tuple[StageState, ...]
    approvals: tuple[Approval, ...]
    approved: bool
    approved_at: dt.datetime | None
    problems: tuple[Problem, ...] = ()
    returns: tuple[Return, ...] = ()
    unrecorded: tuple[Unrecorded, ...] = ()
    revised_at: dt.datetime | None = None   # when the current content was committed (unapproved items)

    @property
    def returned(self) -> Return | None:
        """The return in force (the latest), if the item is returned for revision."""
        live = [r for r in self.returns if r.in_force]
        return live[-1] if live else None

    @property
    def scored(self) -> bool:
        return self.approved and not self.draft and self.submitted_at is not None


# --------------------------------------------------------------------------- helpers

_EMAIL_IN_BRACKETS = re.compile(r"<([^<>\s]+@[^<>\s]+)>")


def trailer_email(value: str) -> str | None:
    """The e-mail of ``Name <email>`` (or a bare e-mail) in a forge trailer."""
    m = _EMAIL_IN_BRACKETS.search(value)
    if m:
        return m.group(1).strip().lower()
    bare = value.strip()
    return bare.lower() if re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", bare) else None


def normalise_path(value: str) -> str:
    path = value.strip().strip("`'\"").replace("\\", "/")
    while path.startswith("./"):
        path = path[2:]
    return path


def _day(when: dt.datetime, tz: dt.tzinfo) -> str:
    return when.astimezone(tz).date().isoformat()


def _name(person: Person | None, fallback: str) -> str:
    return person.name if person else fallback


def _split_reviewable(text: str) -> tuple[dict[str, object], str]:
    head, _, body = text.partition("\n")
    try:
        fields = json.loads(head)
    except ValueError:
        fields = {}
    return (fields if isinstance(fields, dict) else {}), body


def describe_change(before: str | None, after: str) -> str:
    """What differs between two reviewable contents, in words: 'the body', 'the title and tags'..."""
    if before is None:
        return "the file"
    f1, b1 = _split_reviewable(before)
    f2, b2 = _split_reviewable(after)
    parts = []
    if b1 != b2:
        parts.append("the body")
    fields = sorted(k for k in set(f1) | set(f2) if f1.get(k) != f2.get(k))
    if fields:
        parts.append(("the field " if len(fields) == 1 else "the fields ") + ", ".join(fields))
    return " and ".join(parts) or "the content"


def _signature_problem(commit: Commit, principals_ok: Callable[[str], bool], who: str) -> str | None:
    sig = commit.signature
    if sig is None or sig.status != "G":
        status = sig.status if sig else "N"
        detail = sig.detail if sig else ""
        key = f" {sig.key}" if sig and sig.key else ""
        what = msg(f"review.sig.{status}", key=key) if status in "NBUXYRE" else msg("review.sig.other",
                                                                                      status=status)
        if detail == "expired":
            what = msg("review.sig.expired_key", key=key)
        elif detail == "revoked":
            what = msg("review.sig.revoked_key", key=key)
        return msg("review.bad_signature", commit=commit.short, what=what)
    signer = sig.signer.strip()
    email = trailer_email(signer) or signer.lower()
    if not principals_ok(email):
        return msg("review.signed_by_other", commit=commit.short, signer=signer, who=who)
    return None


def _backdated_problem(commit: Commit, dates: Mapping[str, dt.datetime], trust: Trust,
                       tz: dt.tzinfo) -> str | None:
    """A good signature on a back-dated commit is judged at the date history gives it.

    git checks a key's valid-after/valid-before at the commit's own date, which its author can
    set to anything: dated back before its parent, a commit signed with an expired key looks
    valid. The key's window in allowed_signers is checked again at the effective date.
    """
    sig = commit.signature
    effective = dates.get(commit.id)
    if sig is None or sig.status != "G" or effective is None or effective <= commit.committer.when:
        return None
    if key_valid_at(trust.allowed_signers, sig.key, effective):
        return None
    return (f"commit {commit.short} is dated {_day(commit.committer.when, tz)}, before its parent's date "
            f"{_day(effective, tz)}; judged at that date, its key {sig.key} has expired in allowed_signers "
            "(valid-before/valid-after); with trust: signature only good signatures count")


# --------------------------------------------------------------------------- the review

@dataclass
class _Candidate:
    commit: Commit
    form: str
    identity: str
    email: str | None
    named_path: str
    stage_named: str | None
    problem: str | None = None      # set when the form itself rules it out (mainline, committer)
    seq: int = 0                    # position of the trailer in its commit


def _index(history: History, trust: Trust) -> tuple[dict[str, list[_Candidate]], dict[str, list[_Candidate]],
                                                   dict[str, list[_Candidate]]]:
    """Form 1 candidates by named path; form 2 candidates by changed path; returns by named path."""
    form1: dict[str, list[_Candidate]] = {}
    form2: dict[str, list[_Candidate]] = {}
    returns: dict[str, list[_Candidate]] = {}
    for commit in history.commits:
        for seq, value in enumerate(commit.trailer(RETURN_KEY)):
            path = normalise_path(value)
            if path:
                returns.setdefault(path, []).append(_Candidate(
                    commit, "return", str(commit.author), commit.author.email_key, path, None, seq=seq))
        stages = commit.trailer(STAGE_KEY)
        stage = stages[-1].strip() if stages else None
        for seq, value in enumerate(commit.trailer(APPROVE_KEY)):
            path = normalise_path(value)
            if path:
                form1.setdefault(path, []).append(_Candidate(
                    commit, "approve", str(commit.author), commit.author.email_key, path, stage, seq=seq))
        forge = [v for k, v in commit.trailers if k in FORGE_KEYS]
        if not forge:
            continue
        problem = None
        if commit.id not in history.mainline:
            problem = msg("review.off_mainline")
        elif trust.mode != "signature" and commit.committer.email_key not in trust.trusted_committers:
            problem = msg("review.untrusted_committer", commit=commit.short, email=commit.committer.email)
        for seq, value in enumerate(forge):
            for ch in commit.changes:
                if ch.status == "D":
                    continue
                form2.setdefault(ch.path, []).append(_Candidate(
                    commit, "trailer", value.strip(), trailer_email(value), ch.path, None, problem, seq))
    return form1, form2, returns


@dataclass(frozen=True)
class Earlier:
    """A review judged at an earlier commit of the same history, to be brought up to date.

    ``since``: the number of commits it saw (they are the first ones of the new history);
    ``changed``: the submission files whose bytes differ from then (new and removed ones too).
    """

    states: Mapping[str, ReviewState]
    since: int
    changed: frozenset[str]


def _unaffected(history: History, files: Mapping[str, FileHistory], earlier: Earlier) -> set[str]:
    """The submissions whose earlier state is still their state.

    A state is a function of the file's bytes, the commits that touch any of its names, the
    ``Approve:``/``Return:`` trailers naming them, and which other current files share one of its
    names (an approval of a shared name belongs to the file it became). With the earlier commits
    unchanged and still on the mainline, a submission keeps its state unless its bytes changed or
    one of its names is touched or named by a new commit, or is a name of a file whose bytes
    changed, or that appeared or went.
    """
    touched: set[str] = set()
    for commit in history.commits[earlier.since:]:
        for ch in commit.changes:
            touched.add(ch.path)
            if ch.old_path:
                touched.add(ch.old_path)
        for value in (*commit.trailer(APPROVE_KEY), *commit.trailer(RETURN_KEY)):
            touched.add(normalise_path(value))
    for path in earlier.changed:
        touched |= files[path].aliases
    return {path for path, fh in files.items()
            if path in earlier.states and path not in earlier.changed and not (fh.aliases & touched)}


def review_submissions(config: Config, submissions: Mapping[str, Submission], history: History,
                       blobs: BlobReader, trust: Trust, earlier: Earlier | None = None) -> dict[str, ReviewState]:
    """The review state of every submission (valid records, drafts included).

    With ``earlier``, only the submissions the new commits or changed files can affect are judged
    (:func:`_unaffected`); the others keep their earlier state.
    """
    gone = set(earlier.changed) - set(submissions) if earlier else set()
    every = file_histories(history, set(submissions) | gone)
    files = {path: every[path] for path in submissions}
    kept = {path: earlier.states[path] for path in _unaffected(history, every, earlier)} if earlier else {}
    judged = [path for path in sorted(submissions) if path not in kept]
    form1, form2, returns = _index(history, trust)
    contents = _Contents(blobs)
    for path in judged:
        contents.seed(path, submissions[path].reviewable)
    # One pipelined request for every version an approval points at (and that no cache knows).
    blobs.prefetch([spec for spec in (blobs.spec(c.commit.id, c.named_path) for path in judged
                                      for alias in files[path].aliases
                                      for c in (*form1.get(alias, ()), *form2.get(alias, ()))
                                      if c.problem is None) if not contents.known(spec)])
    tz = config.tz
    recorders = config.recorders()
    recorded: dict[str, tuple[Unrecorded, ...]] = {}
    if recorders is not None:
        recorded = _recording(config, {path: submissions[path] for path in judged}, files, history, blobs,
                              trust, recorders)
    owners = _owners(history, files, form1, form2)
    dates = _effective_dates(history) if trust.mode == "signature" else {}
    fresh = {path: _review_one(config, submissions[path], files[path], form1, form2, returns, contents, trust,
                               tz, recorded.get(path, ()), owners, dates) for path in judged}
    contents.save()
    return {path: kept[path] if path in kept else fresh[path] for path in sorted(submissions)}


def _follow(history: History, commit: Commit, path: str) -> str | None:
    """What ``path`` in ``commit`` became: renames followed forward; None if it was deleted for good."""
    name, deleted = path, False
    for later in history.commits[commit.order + 1:]:
        for ch in later.changes:
            if deleted:
                if ch.path == name and ch.status in ("A", "C"):
                    deleted = False      # deleted and restored: the same file again
            elif ch.status == "R" and ch.old_path == name:
                name = ch.path
                break
            elif ch.status == "D" and ch.path == name:
                deleted = True
                break
    return None if deleted else name


def _owners(history: History, files: Mapping[str, FileHistory], form1: dict[str, list[_Candidate]],
            form2: dict[str, list[_Candidate]]) -> dict[tuple[str, str], str | None]:
    """For an approval (commit, named path) that several current files could claim, the one it approves.

    A path names one file in one commit. When an approved file is renamed away and another file
    takes its old path, both have that path among their names; the approval belongs to the file
    the path became by following renames forward from the approving commit.
    """
    by_alias: dict[str, list[str]] = {}
    for path, fh in files.items():
        for alias in fh.aliases:
            by_alias.setdefault(alias, []).append(path)
    out: dict[tuple[str, str], str | None] = {}
    for alias, paths in by_alias.items():
        if len(paths) < 2:
            continue
        for cand in (*form1.get(alias, ()), *form2.get(alias, ())):
            key = (cand.commit.id, alias)
            if key not in out:
                out[key] = _follow(history, cand.commit, alias)
    return out


def _effective_dates(history: History) -> dict[str, dt.datetime]:
    """Each commit's date as history orders it: never earlier than any of its parents'.

    A committer date is whatever the committer typed; a commit cannot have been made before
    its parent, so a back-dated commit is taken to be as late as its latest ancestor.
    """
    out: dict[str, dt.datetime] = {}
    for commit in history.commits:          # oldest first: parents come before children
        when = commit.committer.when
        for parent in commit.parents:
            before = out.get(parent)
            if before is not None and before > when:
                when = before
        out[commit.id] = when
    return out


class _Contents:
    """Reviewable content of file versions, parsed once per blob.

    Both facts are immutable, so they persist in .bulletin-cache/ (see cache.py): which blob
    ``<commit>:<path>`` is ("" when there is no such file), and the reviewable content of a blob
    that differs from the working tree. A rerun then reads and parses only new versions.
    """

    def __init__(self, blobs: BlobReader):
        self.blobs = blobs
        self._by_blob: dict[str, str | None] = {}
        self._by_reviewed: dict[str, str] = {}     # digest of a current file's reviewed text -> its content
        self._ids = Store(blobs.repo, "blob-ids")
        self._reviewable = Store(blobs.repo, "reviewable")

    def known(self, spec: str) -> bool:
        """Whether ``spec`` can be answered without reading git."""
        blob_id = self._ids.get(spec)
        return blob_id is not None and (blob_id == "" or blob_id in self._by_blob or blob_id in self._reviewable.data)

    def save(self) -> None:
        worth = len(self._ids.data) >= MIN_ENTRIES
        self._ids.save(worth)
        self._reviewable.save(worth)

    def seed(self, path: str, reviewable: str) -> None:
        """Remember the working-tree version's content under its blob id (saves parsing it again)."""
        try:
            data = (self.blobs.repo / path).read_bytes()
        except OSError:
            return
        header = b"blob %d\0" % len(data)
        self._by_blob[hashlib.sha1(header + data).hexdigest()] = reviewable
        self._by_blob[hashlib.sha256(header + data).hexdigest()] = reviewable
        if _UNREVIEWED_ENTRY.search(data):
            # Its versions from before an adoption or 批示 was added are told without a parse.
            text, _problem = decode(data, "")
            reviewed = reviewed_text(text) if text is not None else None
            if reviewed is not None:
                self._by_reviewed[hashlib.sha1(reviewed.encode()).hexdigest()] = reviewable

    def _current(self, data: bytes) -> str | None:
        """The reviewable content of a current file whose reviewed text this old version is
        (:func:`reviewed_text`: it then has that content), else None: parse it."""
        if not self._by_reviewed:
            return None
        text, _problem = decode(data, "")
        reviewed = reviewed_text(text, strip=False) if text is not None else None
        if reviewed is None:
            return None
        return self._by_reviewed.get(hashlib.sha1(reviewed.encode()).hexdigest())

    def _parse(self, blob_id: str, data: bytes | None) -> str | None:
        if blob_id not in self._by_blob:
            if blob_id in self._reviewable.data:
                self._by_blob[blob_id] = self._reviewable.data[blob_id]
            else:
                found = None if data is None else self._current(data)
                self._by_blob[blob_id] = found if found is not None else (
                    reviewable_content(data) if data is not None else None)
                if data is not None:
                    self._reviewable.put(blob_id, self._by_blob[blob_id])
        return self._by_blob[blob_id]

    def at(self, commit: str, path: str) -> tuple[bool, str | None]:
        """(exists, reviewable content) of ``path`` in ``commit``."""
        spec = self.blobs.spec(commit, path)
        if self.known(spec):
            blob_id = self._ids.get(spec)
            return (False, None) if blob_id == "" else (True, self._parse(blob_id, None))
        blob_id, data = self.blobs.at_with_id(commit, path)
        self._ids.put(spec, blob_id or "")
        if blob_id is None:
            return False, None
        return True, self._parse(blob_id, data)

    def blob(self, blob_id: str) -> str | None:
        if blob_id in self._by_blob:
            return self._by_blob[blob_id]
        return self._parse(blob_id, self.blobs.blob(blob_id))


def _review_one(config: Config, sub: Submission, fh: FileHistory, form1: dict[str, list[_Candidate]],
                form2: dict[str, list[_Candidate]], return_index: dict[str, list[_Candidate]], blobs: _Contents,
                trust: Trust, tz: dt.tzinfo, unrecorded: tuple[Unrecorded, ...] = (),
                owners: Mapping[tuple[str, str], str | None] | None = None,
                dates: Mapping[str, dt.datetime] | None = None) -> ReviewState:
    problems: list[Problem] = []
    first = fh.first_added
    added_by = first.author if first else None
    if sub.authors:
        authors = tuple(sub.authors)
    elif added_by is not None:
        person = config.person_by_email(added_by.email)
        authors = (person.id,) if person else ()
        if person is None:
            problems.append(Problem(sub.path, 1, 1, WARNING,
                                    msg("review.added_by_stranger", who=str(added_by))))
    else:
        authors = ()
    required = [st for st in config.review.stages if st.applies(dict(sub.fields))]
    lead = sub.lead_unit
    eligible: dict[str, set[str]] = {st.id: config.eligible(st, lead) for st in required}
    stage_by_key = {st.id: st for st in config.review.stages}
    stage_by_key.update({st.name: st for st in config.review.stages if st.name not in stage_by_key})

    candidates: list[_Candidate] = []
    for alias in sorted(fh.aliases):
        candidates.extend(form1.get(alias, ()))
        candidates.extend(form2.get(alias, ()))
    candidates.sort(key=lambda c: (c.commit.order, c.form, c.seq))

    approvals: list[Approval] = []
    for cand in candidates:
        approvals.append(_judge(config, sub, fh, cand, authors, required, eligible, stage_by_key, blobs,
                                trust, tz, owners or {}, dates or {}))
    if config.review.ordered:
        approvals = _in_order(required, approvals, tz)
    for a in approvals:
        if a.verdict == IGNORED:
            problems.append(Problem(sub.path, 1, 1, WARNING,
                                    msg("review.does_not_count", commit=a.commit.short, who=a.identity,
                                        reason=a.reason)))

    stage_states = []
    previous: StageState | None = None
    for st in required:
        elig = eligible[st.id]
        if trust.author_cannot_approve:
            elig = elig - set(authors)
        meeting = [a for a in approvals if a.verdict == CURRENT and st.id in a.stages]
        best = min(meeting, key=lambda a: (a.at, a.commit.order)) if meeting else None
        reason: str
        if best is not None:
            reason = msg("review.approved_by", who=_name(best.approver, best.identity), day=_day(best.at, tz))
        elif config.review.ordered and previous is not None and not previous.approved:
            names = [config.people[p].name for p in sorted(elig) if p in config.people]
            reason = msg("review.waits_in_order", previous=previous.stage.name,
                         names=names or msg("review.no_one"))
        else:
            reason = _missing_reason(config, st, lead, eligible[st.id], elig, approvals)
        previous = StageState(st, best is not None, best, tuple(sorted(elig)), reason)
        stage_states.append(previous)
    return_list = _returns(config, sub, fh, return_index, required, eligible, approvals, blobs, trust, tz)
    for r in return_list:
        if r.verdict == IGNORED:
            problems.append(Problem(sub.path, 1, 1, WARNING, msg("review.return_ignored", commit=r.commit.short,
                                                                 who=r.identity, note=r.note)))
    for u in unrecorded:
        problems.append(Problem(sub.path, max(u.line, 1), 1, WARNING, u.reason))
    in_force = any(r.in_force for r in return_list)
    approved = fh.submitted_at is not None and all(s.approved for s in stage_states) and not in_force
    approved_at: dt.datetime | None = None
    if approved:
        times = [s.met_at for s in stage_states if s.met_at is not None]
        approved_at = max(times) if times else fh.submitted_at
    revised_at: dt.datetime | None = None
    if not approved and not sub.draft:
        for commit, change in reversed(fh.touches):
            if change.status == "D" or blobs.blob(change.blob) != sub.reviewable:
                break
            revised_at = commit.committer.when
    return ReviewState(sub.path, sub.draft, authors, fh.submitted_at, added_by, tuple(stage_states),
                       tuple(approvals), approved, approved_at, tuple(problems), tuple(return_list), unrecorded,
                       revised_at)


def _in_order(required: list[Stage], approvals: list[Approval], tz: dt.tzinfo) -> list[Approval]:
    """Ordered review (SPEC 9): a current approval counts only for stages open at its date.

    Stage 1 is open from the start; stage k opens when stage k-1 is met, at the committer date of
    its earliest approval given at or after stage k-1's own opening. One approval eligible for
    several consecutive stages meets them all at its date. A current approval in time for none
    of its stages is ignored, with the earlier stage that was not yet met.
    """
    opened: dict[str, dt.datetime | None] = {}     # stage id -> the moment it opened (None: start)
    met: dict[str, dt.datetime] = {}
    in_time: dict[int, list[str]] = {}
    open_at: dt.datetime | None = None
    is_open = True
    for st in required:
        if not is_open:
            break
        opened[st.id] = open_at
        fits = [(i, a) for i, a in enumerate(approvals)
                if a.verdict == CURRENT and st.id in a.stages and (open_at is None or a.at >= open_at)]
        for i, _a in fits:
            in_time.setdefault(i, []).append(st.id)
        if not fits:
            is_open = False
            break
        best = min((a for _i, a in fits), key=lambda a: (a.at, a.commit.order))
        met[st.id] = best.at
        open_at = best.at
    order = [st.id for st in required]
    names = {st.id: st.name for st in required}
    out: list[Approval] = []
    for i, a in enumerate(approvals):
        if a.verdict != CURRENT:
            out.append(a)
            continue
        fit = in_time.get(i)
        if fit:
            if tuple(fit) != a.stages:
                a = dataclasses.replace(a, stages=tuple(fit),
                                        reason=msg("review.meets", stages=[names[s] for s in fit]))
            out.append(a)
            continue
        first = min(a.stages, key=order.index)
        before = order[order.index(first) - 1]
        if before in met:
            why = msg("review.ordered_too_early", day=_day(a.at, tz), before=names[before],
                      met=_day(met[before], tz))
        else:
            why = msg("review.ordered_before_met", before=names[before])
        out.append(dataclasses.replace(a, verdict=IGNORED, reason=why))
    return out


def return_reason(message: str) -> str:
    """The paragraphs between a commit message's subject and its trailers: why an item was returned."""
    text = message.replace("\r\n", "\n").strip("\n")
    paragraphs = [p.strip("\n") for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if not paragraphs:
        return ""
    body = paragraphs[1:]
    if body and all(re.match(r"^[A-Za-z0-9-]+\s*:", ln) or ln.startswith((" ", "\t"))
                    for ln in body[-1].split("\n") if ln.strip()):
        body = body[:-1]
    return "\n\n".join(p.strip() for p in body)


def _returns(config: Config, sub: Submission, fh: FileHistory, index: dict[str, list[_Candidate]],
             required: list[Stage], eligible: dict[str, set[str]], approvals: list[Approval],
             blobs: _Contents, trust: Trust, tz: dt.tzinfo) -> list[Return]:
    """The ``Return:`` trailers naming this item, each judged (SPEC 9)."""
    cands: list[_Candidate] = []
    for alias in sorted(fh.aliases):
        cands.extend(index.get(alias, ()))
    cands.sort(key=lambda c: (c.commit.order, c.seq))
    out: list[Return] = []
    seen: set[str] = set()
    for cand in cands:
        if cand.commit.id in seen:
            continue
        seen.add(cand.commit.id)
        commit = cand.commit
        reason = return_reason(blobs.blobs.message(commit.id))

        def ret(person: Person | None, verdict: str, note: str, identity: str = cand.identity) -> Return:
            return Return(commit, identity, person, cand.named_path, reason, verdict, note)

        person: Person | None
        if trust.mode == "signature":
            sig = commit.signature
            if sig is None or sig.status != "G":
                out.append(ret(None, IGNORED, _signature_problem(commit, lambda e: False, "") or "not signed"))
                continue
            principal = trailer_email(sig.signer) or sig.signer.strip().lower()
            person = config.person_by_email(principal)
            identity = sig.signer.strip()
            if person is None:
                out.append(ret(None, IGNORED, f"commit {commit.short} is signed by {identity}, who is not a "
                                              "person in units.yaml", identity))
                continue
        else:
            person = config.person_by_email(cand.email or "")
            identity = cand.identity
            if person is None:
                out.append(ret(None, IGNORED, f"{cand.identity} is not a person in units.yaml "
                                              f"(no one has the e-mail {cand.email})"))
                continue
        if not any(person.id in eligible[st.id] for st in required):
            out.append(ret(person, IGNORED, f"{person.name} is not eligible for any stage this item requires, "
                                            "so cannot return it", identity))
            continue
        names = [cand.named_path] + [p for p in sorted(fh.aliases, key=lambda p: (p != fh.path, p))
                                     if p != cand.named_path]
        exists, content = False, None
        for name in names:
            exists, content = blobs.at(commit.id, name)
            if exists:
                break
        if not exists:
            out.append(ret(person, IGNORED, f"{cand.named_path} did not exist in commit {commit.short}, so it "
                                            "returns nothing", identity))
            continue
        if content != sub.reviewable:
            out.append(ret(person, ENDED, f"revised since: {describe_change(content, sub.reviewable)} changed",
                           identity))
            continue
        later = [a for a in approvals if a.verdict == CURRENT and a.approver is not None
                 and a.approver.id == person.id and a.at > commit.committer.when]
        if later:
            first = min(later, key=lambda a: (a.at, a.commit.order))
            out.append(ret(person, ENDED, f"{person.name} approved it on {_day(first.at, tz)} "
                                          f"(commit {first.commit.short})", identity))
            continue
        out.append(ret(person, RETURNED, "", identity))
    return out


def _entry_keys(data: bytes | None) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """(adoption keys, 批示 keys) of one version of a submission: (outlet, date), (level, by, date)."""

    if data is None:
        return set(), set()
    text, _problem = decode(data, "")
    if text is None:
        return set(), set()
    try:
        fm, _body, _ = split_front_matter(text)
        doc = load_yaml(fm)
    except (FrontMatterProblem, YamlProblem):
        return set(), set()
    if not isinstance(doc.value, dict):
        return set(), set()

    def day(value: object) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value).strip()

    adoptions: set[tuple[str, ...]] = set()
    for a in doc.value.get("adoptions") or ():
        if isinstance(a, dict):
            adoptions.add((str(a.get("outlet", "")).strip(), day(a.get("date"))))
    instructions: set[tuple[str, ...]] = set()
    for x in doc.value.get("instructions") or ():
        if isinstance(x, dict):
            instructions.add((str(x.get("level", "")).strip(), str(x.get("by", "")).strip(), day(x.get("date"))))
    return adoptions, instructions


def _introducers(fh: FileHistory, history: History, blobs: BlobReader) -> dict[tuple[str, ...], Commit]:
    """Per entry key ("a"/"i" + key): the latest first-parent commit whose version holds it and whose
    first parent's version does not (renames followed)."""
    have: set[tuple[str, ...]] = set()
    since: dict[tuple[str, ...], Commit] = {}
    by_commit: dict[str, list[Change]] = {}
    for commit, change in fh.touches:
        if commit.id in history.mainline:
            by_commit.setdefault(commit.id, []).append(change)
    for commit in history.commits:
        changes = by_commit.get(commit.id)
        if not changes:
            continue
        kept = [c for c in changes if c.status != "D"]
        if kept:
            adoptions, instructions = _entry_keys(blobs.blob(kept[-1].blob))
            now = {("a",) + k for k in adoptions} | {("i",) + k for k in instructions}
        else:
            now = set()
        for key in now - have:
            since[key] = commit
        for key in have - now:
            since.pop(key, None)
        have = now
    return since


def _recording(config: Config, submissions: Mapping[str, Submission], files: Mapping[str, FileHistory],
               history: History, blobs: BlobReader, trust: Trust,
               recorders: set[str]) -> dict[str, tuple[Unrecorded, ...]]:
    """Adoptions and 批示 not recorded by a recorder, per submission (一个口子, SPEC 9)."""
    todo = [p for p, sub in submissions.items()
            if isinstance(sub, Submission) and (sub.adoptions or sub.instructions)]
    blobs.prefetch([ch.blob for p in todo for c, ch in files[p].touches
                    if c.id in history.mainline and ch.status != "D"])
    names = "、".join(config.people[p].name for p in sorted(recorders) if p in config.people) or "no one"
    verdicts: dict[str, tuple[bool, str]] = {}
    out: dict[str, tuple[Unrecorded, ...]] = {}
    for path in todo:
        sub = submissions[path]
        since = _introducers(files[path], history, blobs)
        found: list[Unrecorded] = []
        wanted: list[tuple[str, tuple[str, ...], str, int]] = []
        for a in sub.adoptions:
            wanted.append(("adoption", (a.outlet, a.date.isoformat()), f"the adoption by {a.outlet} of "
                                                                        f"{a.date.isoformat()}", a.line))
        for x in sub.instructions:
            wanted.append(("instruction", (x.level, x.by, x.date.isoformat()),
                           f"the 批示 of {x.by} ({x.level}) of {x.date.isoformat()}", x.line))
        for kind, key, what, line in wanted:
            commit = since.get(("a" if kind == "adoption" else "i",) + key)
            if commit is None:
                found.append(Unrecorded(kind, key, None, "", line=line, reason=f"{what} is in no commit of the mainline (not "
                                                             f"committed yet?), so it scores nothing: only "
                                                             f"recorders ({names}) record adoptions and 批示"))
                continue
            if commit.id not in verdicts:
                verdicts[commit.id] = _recorded_by(config, commit, history, trust, recorders)
            ok, who = verdicts[commit.id]
            if not ok:
                found.append(Unrecorded(kind, key, commit, who, line=line,
                                        reason=f"{what} was recorded by {who} in commit {commit.short} on "
                                        f"{_day(commit.committer.when, config.tz)}, who is not a recorder "
                                        f"(scoring.yaml recorders: {names}); it scores nothing until a "
                                        "recorder records it (remove and add it again in a recorder's commit)"))
        if found:
            out[path] = tuple(found)
    return out


def _recorded_by(config: Config, commit: Commit, history: History, trust: Trust,
                 recorders: set[str]) -> tuple[bool, str]:
    """(whether ``commit`` was made by a recorder, who made it) under the trust mode (SPEC 9)."""
    author = config.person_by_email(commit.author.email)
    who = author.name if author else str(commit.author)
    if trust.mode == "signature":
        sig = commit.signature
        if sig is not None and sig.status == "G":
            principal = trailer_email(sig.signer) or sig.signer.strip().lower()
            signer = config.person_by_email(principal)
            if signer is not None and signer.id in recorders:
                return True, signer.name
            who = signer.name if signer else sig.signer.strip()
        else:
            who = f"{who} (commit not signed by a recorder)"
    elif author is not None and author.id in recorders:
        return True, who
    forge = [v for k, v in commit.trailers if k in FORGE_KEYS]
    if forge and commit.id in history.mainline:
        if trust.mode == "signature":
            counts = _signature_problem(commit, lambda e: e in trust.trusted_committers, "") is None
        else:
            counts = commit.committer.email_key in trust.trusted_committers
        if counts:
            for value in forge:
                person = config.person_by_email(trailer_email(value) or "")
                if person is not None and person.id in recorders:
                    return True, person.name
    return False, who


def _missing_reason(config: Config, st: Stage, lead: str, anyone: set[str], elig: set[str],
                    approvals: list[Approval]) -> str:
    if anyone and not elig:
        names = [config.people[p].name for p in sorted(anyone) if p in config.people]
        return msg("review.only_authors", stage=st.name, names=names)
    if not elig:
        unit = config.units.get(lead)
        uname = unit.name if unit else lead
        if st.approvers == "unit.head":
            why = msg("review.no_head", unit=uname)
        elif st.approvers == "unit.leader":
            why = msg("review.no_leader", unit=uname)
        elif isinstance(st.approvers, str) and st.approvers.startswith("role:"):
            why = msg("review.no_role", role=st.approvers[5:])
        else:
            why = msg("review.no_approvers")
        return msg("review.no_one_eligible", stage=st.name, why=why)
    stale = [a for a in approvals if a.verdict == STALE and st.id in a.stages]
    names = [config.people[p].name for p in sorted(elig) if p in config.people]
    if stale:
        return msg("review.needs_new_approval", stale=stale[-1].reason, stage=st.name, names=names)
    return msg("review.not_yet", stage=st.name, names=names)


def _judge(config: Config, sub: Submission, fh: FileHistory, cand: _Candidate, authors: tuple[str, ...],
           required: list[Stage], eligible: dict[str, set[str]], stage_by_key: dict[str, Stage],
           blobs: _Contents, trust: Trust, tz: dt.tzinfo, owners: Mapping[tuple[str, str], str | None],
           dates: Mapping[str, dt.datetime]) -> Approval:
    commit = cand.commit
    person = config.person_by_email(cand.email) if cand.email else None

    def verdict(v: str, reason: str, stages: tuple[str, ...] = ()) -> Approval:
        return Approval(commit, cand.form, cand.identity, person, cand.named_path, cand.stage_named, v,
                        reason, stages)

    if cand.problem:
        return verdict(IGNORED, cand.problem)
    if trust.mode == "signature":
        if cand.form == "approve":
            def ok(email: str) -> bool:
                return person is not None and email in person.emails
            who = _name(person, cand.identity)
        else:
            def ok(email: str) -> bool:
                return email in trust.trusted_committers
            who = "a trusted committer"
        problem = _signature_problem(commit, ok, who) or _backdated_problem(commit, dates, trust, tz)
        if problem:
            return verdict(IGNORED, problem)
    if person is None:
        if cand.email is None:
            return verdict(IGNORED, msg("review.no_email", identity=cand.identity))
        return verdict(IGNORED, msg("review.stranger", identity=cand.identity, email=cand.email))
    if trust.author_cannot_approve and person.id in authors:
        return verdict(IGNORED, msg("review.is_author", name=person.name))
    first = fh.first_added
    by_forge = first is not None and first.author.email_key in trust.trusted_committers
    if trust.author_cannot_approve and not authors and not by_forge:
        return verdict(IGNORED, "no one can tell who wrote this item (it has no 'authors:' and whoever added it "
                                "is not a person in units.yaml), so no approver can be shown not to be its "
                                "author; name its authors in 'authors:'")
    owner = owners.get((commit.id, cand.named_path), fh.path)
    if owner != fh.path:
        where = f"the file now at {owner}" if owner else "a file that was later deleted"
        return verdict(IGNORED, f"{cand.named_path} in commit {commit.short} was {where}, not this one: "
                                "an approval approves the one file its path named then")
    if cand.stage_named is not None:
        stage = stage_by_key.get(cand.stage_named)
        if stage is None:
            known = [s.id for s in config.review.stages]
            return verdict(IGNORED, msg("review.no_such_stage", stage=cand.stage_named, known=known))
        if stage not in required:
            return verdict(IGNORED, msg("review.stage_not_required", id=stage.id, stage=stage.name))
        if person.id not in eligible[stage.id]:
            return verdict(IGNORED, msg("review.not_eligible_for", name=person.name, stage=stage.name))
        meets: tuple[str, ...] = (stage.id,)
    else:
        meets = tuple(st.id for st in required if person.id in eligible[st.id])
        if not meets:
            return verdict(IGNORED, msg("review.not_eligible_any", name=person.name))
    # Currency: the reviewable content at the approval's commit must equal the current one.
    # The path the approval names, as it was in the approving commit. Only a name the file had
    # *before* that commit (renamed away since) stands for its name then; a name it got later
    # does not: an unreviewed file renamed onto a path that an approval named before it existed.
    exists, approved_content = blobs.at(commit.id, cand.named_path)
    if not exists and any(ch.status == "R" and ch.old_path == cand.named_path and c.order < commit.order
                          for c, ch in fh.touches):
        for name in sorted(fh.aliases, key=lambda p: (p != fh.path, p)):
            if name != cand.named_path:
                exists, approved_content = blobs.at(commit.id, name)
                if exists:
                    break
    if not exists:
        return verdict(IGNORED, msg("review.did_not_exist", path=cand.named_path, commit=commit.short), meets)
    stage_names = [st.name for st in required if st.id in meets]
    if approved_content == sub.reviewable:
        return verdict(CURRENT, msg("review.meets", stages=stage_names), meets)
    return verdict(STALE, _stale_reason(person, commit, approved_content, sub, fh, blobs, tz), meets)


def _stale_reason(person: Person, commit: Commit, approved: str | None, sub: Submission, fh: FileHistory,
                  blobs: _Contents, tz: dt.tzinfo) -> str:
    what = msg("review.what_changed", what=describe_change(approved, sub.reviewable))
    name, day = person.name, _day(commit.committer.when, tz)
    if approved is None:
        return msg("review.stale_unreadable", name=name, day=day, what=what)
    for later, change in fh.touches:
        if later.order <= commit.order or change.status == "D":
            continue
        if blobs.blob(change.blob) != approved:
            return msg("review.stale_in", name=name, day=day, what=what, commit=later.short,
                       when=_day(later.committer.when, tz))
    return msg("review.stale_after", name=name, day=day, what=what)


def approval_commits(history: History, recorders: bool = False) -> list[str]:
    """Ids of the commits whose signature can matter: those that may approve or return a submission.

    ``Approve:``/``Return:`` trailers (any record type: submissions, 舆情, interviews), and forge
    trailers on mainline commits that change a file (with ``recorders``, every mainline commit that
    changes a submission: it may record an adoption); other commits are never verified (SSH
    verification costs ~17 ms a commit).
    """
    out = []
    for commit in history.commits:
        if any(normalise_path(v) for v in (*commit.trailer(APPROVE_KEY), *commit.trailer(RETURN_KEY))):
            out.append(commit.id)
        elif recorders and commit.id in history.mainline and any(
                ch.path.startswith(SUBMISSIONS_DIR) and ch.status != "D" for ch in commit.changes):
            out.append(commit.id)
        elif (commit.id in history.mainline and any(k in FORGE_KEYS for k, _ in commit.trailers)
              and any(ch.status != "D" for ch in commit.changes)):
            out.append(commit.id)
    return out


def review_problems(states: Mapping[str, ReviewState | ReviewBrief]) -> list[Problem]:
    """Warnings for ``bulletin check``: approvals that do not count, unknown identities."""
    return [p for s in states.values() for p in s.problems]


__all__ = [
    "CURRENT",
    "ENDED",
    "IGNORED",
    "RETURNED",
    "STALE",
    "Approval",
    "Dropped",
    "Earlier",
    "Return",
    "ReviewBrief",
    "ReviewState",
    "StageState",
    "Trust",
    "Unrecorded",
    "Reviewed",
    "return_reason",
    "review_problems",
    "review_instance",
    "review_submissions",
    "trust_settings",
]


def _context_key(repo: Path, prefix: str, trust: Trust) -> str | None:
    """What a review is a function of besides the commits and the submission files: the instance's
    folder in the work tree, units.yaml and scoring.yaml, and the trust settings. None when a file
    cannot be read (then nothing is cached)."""
    h = hashlib.sha256(prefix.encode("utf-8", "surrogateescape") + b"\0")
    h.update(json.dumps([trust.mode, sorted(trust.trusted_committers), trust.allowed_signers,
                         trust.author_cannot_approve]).encode() + b"\0")
    try:
        for name in ("units.yaml", "scoring.yaml"):
            data = (repo / name).read_bytes()
            h.update(b"%s %d\0" % (name.encode(), len(data)) + data)
    except OSError:
        return None
    return h.hexdigest()


def _file_keys(repo: Path, submissions: Mapping[str, Submission],
               digests: Mapping[str, str] | None = None) -> dict[str, str] | None:
    """Each submission file's bytes (the working tree, committed or not) as a digest. ``digests``:
    the SHA-1 of the bytes each record was parsed from when it was loaded (read/instance.py), which
    stand for those bytes; a file without one is read. None when a file cannot be read."""
    out = {}
    try:
        for path in sorted(submissions):
            digest = digests.get(path) if digests else None
            out[path] = "=" + digest if digest is not None else \
                hashlib.sha1((repo / path).read_bytes()).hexdigest()
    except OSError:
        return None
    return out


def _result_key(head: str, context: str, files: Mapping[str, str]) -> str:
    """The digest of everything a review's result is a function of: the commit, the context
    (:func:`_context_key`) and every submission file's bytes."""
    h = hashlib.sha256(head.encode() + b"\0" + context.encode() + b"\0")
    for path in sorted(files):
        h.update(path.encode("utf-8", "surrogateescape") + b" " + files[path].encode() + b"\0")
    return h.hexdigest()


def read_reviews(repo: Path, config: Config, submissions: Mapping[str, Submission],
                 trust: Trust) -> tuple[History, dict[str, ReviewState]]:
    """Read history once (one ``git log``, one ``git cat-file``) and review every submission."""
    history = read_history(repo)
    if trust.mode == "signature":
        history = verify_signatures(repo, history, approval_commits(history, config.recorders() is not None),
                                    trust.allowed_signers)
    with BlobReader(history, repo) as blobs:
        states = review_submissions(config, submissions, history, blobs, trust)
    return history, states


@dataclass(frozen=True)
class Dropped:
    """An adoption or 批示 that scores nothing (an :class:`Unrecorded` without its commit)."""

    kind: str                       # adoption | instruction
    key: tuple[str, ...]


@dataclass(frozen=True)
class ReviewBrief:
    """What ``check`` and ``scores`` read of a submission's review: no approvals, no commits.

    The same attributes as :class:`ReviewState` (scoring and the traps read either), kept in the
    cache apart from the full review so that those commands unpickle a few megabytes, not the
    history and 60,000 approvals (at 20,000 submissions).
    """

    draft: bool
    authors: tuple[str, ...]
    submitted_at: dt.datetime | None
    approved: bool
    approved_at: dt.datetime | None
    problems: tuple[Problem, ...]
    unrecorded: tuple[Dropped, ...]

    @property
    def scored(self) -> bool:
        return self.approved and not self.draft and self.submitted_at is not None


def brief_of(state: ReviewState) -> ReviewBrief:
    return ReviewBrief(state.draft, state.authors, state.submitted_at, state.approved, state.approved_at,
                       state.problems, tuple(Dropped(u.kind, u.key) for u in state.unrecorded))


class Reviewed:
    """Every submission's review: its brief (:class:`ReviewBrief`), history's warnings, and the
    history and full states, which a kept review reads only when something asks for them."""

    def __init__(self, briefs: dict[str, ReviewBrief], warnings: tuple[str, ...],
                 full: Callable[[], tuple[History, dict[str, ReviewState]]]):
        self.briefs = briefs
        self.warnings = warnings
        self._full = full
        self._done: tuple[History, dict[str, ReviewState]] | None = None
        self.judged: int | None = None       # submissions judged afresh (None: kept as a whole, or not told)

    @classmethod
    def of(cls, history: History, states: dict[str, ReviewState]) -> Reviewed:
        done = cls({p: brief_of(s) for p, s in states.items()}, history.warnings, lambda: (history, states))
        done._done = (history, states)
        return done

    @property
    def loaded(self) -> bool:
        """Whether the history and the full states are in memory."""
        return self._done is not None

    def full(self) -> tuple[History, dict[str, ReviewState]]:
        if self._done is None:
            self._done = self._full()
        return self._done

    @property
    def history(self) -> History:
        return self.full()[0]

    @property
    def states(self) -> dict[str, ReviewState]:
        return self.full()[1]


def review_instance(repo: Path, config: Config, submissions: Mapping[str, Submission], trust: Trust,
                    digests: Mapping[str, str] | None = None) -> Reviewed:
    """The review of the whole instance (the gather's), kept in the cache.

    It is kept under the digest of everything it depends on (:func:`_result_key`) in two stores:
    ``review-brief`` (each submission's :class:`ReviewBrief` and history's warnings) and
    ``review-result`` (the history and the full states). The next command on the same commit,
    configuration, trust and files (``scores`` after ``check``) reads the brief instead of history
    and review, and the full result only if it asks for the history or the states. After new
    commits on top of the kept one (same configuration and trust), only the submissions they or
    changed files can affect are judged again (:class:`Earlier`). Signature trust is never kept:
    a key's validity can depend on the machine (its time zone, git's revocation file).
    """
    key: str | None = None
    head: str | None = None
    context: str | None = None
    files: dict[str, str] | None = None
    if trust.mode != "signature" and enabled() and len(submissions) >= MIN_ENTRIES:
        head = head_of(repo)
        if head:
            context = _context_key(repo, head.split(":", 1)[1], trust)
            files = _file_keys(repo, submissions, digests)
        if head and context is not None and files is not None:
            key = _result_key(head, context, files)
    if key is not None:
        brief = Store(repo, "review-brief")
        if brief.get("key") == key:     # a pickle inside: a miss never unpickles it
            briefs, warnings = loads(brief.get("brief"))
            return Reviewed(briefs, warnings, lambda: _kept_result(repo, config, submissions, trust, key))
    if key is None or context is None or files is None:
        return Reviewed.of(*read_reviews(repo, config, submissions, trust))
    kept = _kept_review(repo, context)
    history = read_history(repo, known=kept[0] if kept else None)
    found = _earlier(kept, files, history) if kept else None
    if found is not None:
        history = found[0]
    del kept
    with BlobReader(history, repo) as blobs:
        states = review_submissions(config, submissions, history, blobs, trust, found[1] if found else None)
    done = Reviewed.of(history, states)
    done.judged = len(states) if found is None else sum(found[1].states.get(p) is not s for p, s in states.items())
    if head is not None and head.split(":")[0] == history.head:
        result = Store(repo, "review-result")
        result.replace({"key": key, "context": context, "files": files,
                        "result": pickle.dumps((history, states), protocol=pickle.HIGHEST_PROTOCOL)})
        result.save(worth=True)
        brief = Store(repo, "review-brief")
        brief.replace({"key": key, "brief": pickle.dumps((done.briefs, done.warnings),
                                                         protocol=pickle.HIGHEST_PROTOCOL)})
        brief.save(worth=True)
    return done


def _kept_review(repo: Path, context: str) -> tuple[History, dict[str, ReviewState], dict[str, str]] | None:
    """The kept review's history, states and file digests, when it was judged in ``context``."""
    result = Store(repo, "review-result")
    files = result.get("files")
    if result.get("context") != context or not isinstance(files, dict) or result.get("result") is None:
        return None
    before, states = loads(result.get("result"))
    if not isinstance(before, History) or not isinstance(states, dict):
        return None
    return before, states, files


def _earlier(kept: tuple[History, dict[str, ReviewState], dict[str, str]], files: Mapping[str, str],
             history: History) -> tuple[History, Earlier] | None:
    """The kept review (:func:`_kept_review`) as an :class:`Earlier` of ``history``, when ``history``
    extends the one it was judged on: the same commits in the same order first, its head still on
    the mainline (so no earlier commit left or joined the mainline). The history returned shares
    the kept states' commits (one copy of each in memory)."""
    before, states, kept_files = kept
    n = len(before.commits)
    if (before.head is None or before.head not in history.mainline or n > len(history.commits)
            or before.prefix != history.prefix
            or any(a.id != b.id for a, b in zip(before.commits, history.commits[:n], strict=True))):
        return None
    commits = before.commits + history.commits[n:]
    shared = dataclasses.replace(history, commits=commits, by_id={c.id: c for c in commits})
    changed = {p for p in set(files) | set(kept_files) if files.get(p) != kept_files.get(p)}
    return shared, Earlier(states, n, frozenset(changed))


def _kept_result(repo: Path, config: Config, submissions: Mapping[str, Submission], trust: Trust,
                 key: str) -> tuple[History, dict[str, ReviewState]]:
    """The full review kept beside a brief of ``key``; judged again if it has gone or been replaced."""
    result = Store(repo, "review-result")
    if result.get("key") == key:
        kept: tuple[History, dict[str, ReviewState]] = loads(result.get("result"))
        return kept
    return read_reviews(repo, config, submissions, trust)
