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

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from ..read.config import Config, Person, Stage
from ..errors import WARNING, BulletinError, Problem
from ..git.history import SUBMISSIONS_DIR, BlobReader, Commit, FileHistory, History, Identity, file_histories
from ..read.records import Submission, reviewable_content

CURRENT = "current"
STALE = "stale"
IGNORED = "ignored"

APPROVE_KEY = "approve"
STAGE_KEY = "stage"
FORGE_KEYS = ("approved-by", "reviewed-by")


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
            raise BulletinError("trust: signature needs an allowed_signers file (units.yaml review."
                                "allowed_signers or --allowed-signers FILE)")
        resolved = Path(signers).resolve()
        if not resolved.is_file():
            raise BulletinError(f"allowed_signers file {signers} does not exist")
        if resolved == repo.resolve() or repo.resolve() in resolved.parents:
            raise BulletinError(f"allowed_signers file {signers} is inside the repository, where "
                                "submitters can change it; keep it outside (e.g. /etc/bulletin/allowed_signers)")
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
        what = {"N": "is not signed", "B": "has a bad signature (the commit was changed after it was signed, "
                                           "or the signature is damaged)",
                "U": f"is signed with a key{key} that is not in allowed_signers",
                "X": "has an expired signature", "Y": "is signed by an expired key",
                "R": "is signed by a revoked key", "E": "has a signature that cannot be checked"}.get(
            status, f"has no good signature ({status})")
        if detail == "expired":
            what = (f"is signed with a key{key} that allowed_signers does not accept on the commit's date "
                    "(expired: see its valid-before/valid-after)")
        elif detail == "revoked":
            what = f"is signed with a revoked key{key} (listed in git's gpg.ssh.revocationFile)"
        return f"commit {commit.short} {what}; with trust: signature only good signatures count"
    signer = sig.signer.strip()
    email = trailer_email(signer) or signer.lower()
    if not principals_ok(email):
        return f"commit {commit.short} is signed by {signer}, not by {who}"
    return None


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


def _index(history: History, trust: Trust) -> tuple[dict[str, list[_Candidate]], dict[str, list[_Candidate]]]:
    """Form 1 candidates by named path; form 2 candidates by changed path."""
    form1: dict[str, list[_Candidate]] = {}
    form2: dict[str, list[_Candidate]] = {}
    for commit in history.commits:
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
            problem = "the trailer is on a commit outside the mainline (HEAD's first-parent chain)"
        elif trust.mode != "signature" and commit.committer.email_key not in trust.trusted_committers:
            problem = (f"the trailer's commit {commit.short} was committed by {commit.committer.email}, "
                       "who is not in trusted_committers")
        for seq, value in enumerate(forge):
            for ch in commit.changes:
                if ch.status == "D":
                    continue
                form2.setdefault(ch.path, []).append(_Candidate(
                    commit, "trailer", value.strip(), trailer_email(value), ch.path, None, problem, seq))
    return form1, form2


def review_submissions(config: Config, submissions: Mapping[str, Submission], history: History,
                       blobs: BlobReader, trust: Trust) -> dict[str, ReviewState]:
    """The review state of every submission (valid records, drafts included)."""
    files = file_histories(history, set(submissions))
    form1, form2 = _index(history, trust)
    contents = _Contents(blobs)
    for path, sub in submissions.items():
        contents.seed(path, sub.reviewable)
    # One pipelined request for every version an approval points at (and that no cache knows).
    blobs.prefetch([spec for spec in (blobs.spec(c.commit.id, c.named_path) for fh in files.values()
                                      for alias in fh.aliases for c in (*form1.get(alias, ()), *form2.get(alias, ()))
                                      if c.problem is None) if not contents.known(spec)])
    tz = config.tz
    states = {}
    for path in sorted(submissions):
        states[path] = _review_one(config, submissions[path], files[path], form1, form2, contents, trust, tz)
    contents.save()
    return states


class _Contents:
    """Reviewable content of file versions, parsed once per blob.

    Both facts are immutable, so they persist in .bulletin-cache/ (see cache.py): which blob
    ``<commit>:<path>`` is ("" when there is no such file), and the reviewable content of a blob
    that differs from the working tree. A rerun then reads and parses only new versions.
    """

    def __init__(self, blobs: BlobReader):
        from ..cache import Store

        self.blobs = blobs
        self._by_blob: dict[str, str | None] = {}
        self._ids = Store(blobs.repo, "blob-ids")
        self._reviewable = Store(blobs.repo, "reviewable")

    def known(self, spec: str) -> bool:
        """Whether ``spec`` can be answered without reading git."""
        blob_id = self._ids.get(spec)
        return blob_id is not None and (blob_id == "" or blob_id in self._by_blob or blob_id in self._reviewable.data)

    def save(self) -> None:
        from ..cache import MIN_ENTRIES

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

    def _parse(self, blob_id: str, data: bytes | None) -> str | None:
        if blob_id not in self._by_blob:
            if blob_id in self._reviewable.data:
                self._by_blob[blob_id] = self._reviewable.data[blob_id]
            else:
                self._by_blob[blob_id] = reviewable_content(data) if data is not None else None
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
                form2: dict[str, list[_Candidate]], blobs: "_Contents", trust: Trust,
                tz: dt.tzinfo) -> ReviewState:
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
                                    f"the file was added by {added_by}, who is not a person in units.yaml, "
                                    "and it has no 'authors:'; no one earns its points"))
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
                                trust, tz))
    for a in approvals:
        if a.verdict == IGNORED:
            problems.append(Problem(sub.path, 1, 1, WARNING,
                                    f"approval in commit {a.commit.short} by {a.identity} does not count: "
                                    f"{a.reason}"))

    stage_states = []
    for st in required:
        elig = eligible[st.id]
        if trust.author_cannot_approve:
            elig = elig - set(authors)
        meeting = [a for a in approvals if a.verdict == CURRENT and st.id in a.stages]
        best = min(meeting, key=lambda a: (a.at, a.commit.order)) if meeting else None
        if best is not None:
            reason = f"approved by {_name(best.approver, best.identity)} on {_day(best.at, tz)}"
        else:
            reason = _missing_reason(config, st, lead, eligible[st.id], elig, approvals)
        stage_states.append(StageState(st, best is not None, best, tuple(sorted(elig)), reason))
    approved = fh.submitted_at is not None and all(s.approved for s in stage_states)
    approved_at: dt.datetime | None = None
    if approved:
        times = [s.met_at for s in stage_states if s.met_at is not None]
        approved_at = max(times) if times else fh.submitted_at
    return ReviewState(sub.path, sub.draft, authors, fh.submitted_at, added_by, tuple(stage_states),
                       tuple(approvals), approved, approved_at, tuple(problems))


def _missing_reason(config: Config, st: Stage, lead: str, anyone: set[str], elig: set[str],
                    approvals: list[Approval]) -> str:
    if anyone and not elig:
        names = ", ".join(config.people[p].name for p in sorted(anyone) if p in config.people)
        return f"no one is eligible for {st.name}: {names} may approve it but is an author of this item"
    if not elig:
        unit = config.units.get(lead)
        uname = unit.name if unit else lead
        if st.approvers == "unit.head":
            why = f"{uname} has no head in units.yaml"
        elif st.approvers == "unit.leader":
            why = f"{uname} has no leader in units.yaml"
        elif isinstance(st.approvers, str) and st.approvers.startswith("role:"):
            why = f"no one has the role '{st.approvers[5:]}'"
        else:
            why = "it lists no approvers"
        return f"no one is eligible for {st.name}: {why}"
    stale = [a for a in approvals if a.verdict == STALE and st.id in a.stages]
    names = ", ".join(config.people[p].name for p in sorted(elig) if p in config.people)
    if stale:
        return f"{stale[-1].reason}; {st.name} needs a new approval (eligible: {names})"
    return f"no one eligible for {st.name} has approved (eligible: {names})"


def _judge(config: Config, sub: Submission, fh: FileHistory, cand: _Candidate, authors: tuple[str, ...],
           required: list[Stage], eligible: dict[str, set[str]], stage_by_key: dict[str, Stage],
           blobs: "_Contents", trust: Trust, tz: dt.tzinfo) -> Approval:
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
        problem = _signature_problem(commit, ok, who)
        if problem:
            return verdict(IGNORED, problem)
    if person is None:
        if cand.email is None:
            return verdict(IGNORED, f"'{cand.identity}' names no e-mail address, so no person can be matched")
        return verdict(IGNORED, f"{cand.identity} is not a person in units.yaml "
                                f"(no one has the e-mail {cand.email})")
    if trust.author_cannot_approve and person.id in authors:
        return verdict(IGNORED, f"{person.name} is an author of this item")
    if cand.stage_named is not None:
        stage = stage_by_key.get(cand.stage_named)
        if stage is None:
            known = ", ".join(s.id for s in config.review.stages)
            return verdict(IGNORED, f"'Stage: {cand.stage_named}' names no review stage (stages: {known})")
        if stage not in required:
            return verdict(IGNORED, f"'Stage: {stage.id}' ({stage.name}) is not required for this item")
        if person.id not in eligible[stage.id]:
            return verdict(IGNORED, f"{person.name} is not eligible for {stage.name}")
        meets: tuple[str, ...] = (stage.id,)
    else:
        meets = tuple(st.id for st in required if person.id in eligible[st.id])
        if not meets:
            return verdict(IGNORED, f"{person.name} is not eligible for any stage this item requires")
    # Currency: the reviewable content at the approval's commit must equal the current one.
    names = [cand.named_path] + [p for p in sorted(fh.aliases, key=lambda p: (p != fh.path, p))
                                 if p != cand.named_path]
    exists, approved_content = False, None
    for name in names:
        exists, approved_content = blobs.at(commit.id, name)
        if exists:
            break
    if not exists:
        return verdict(IGNORED, f"{cand.named_path} did not exist in commit {commit.short}, so it "
                                "approves nothing", meets)
    stage_names = ", ".join(st.name for st in required if st.id in meets)
    if approved_content == sub.reviewable:
        return verdict(CURRENT, f"meets {stage_names}", meets)
    return verdict(STALE, _stale_reason(person, commit, approved_content, sub, fh, blobs, tz), meets)


def _stale_reason(person: Person, commit: Commit, approved: str | None, sub: Submission, fh: FileHistory,
                  blobs: "_Contents", tz: dt.tzinfo) -> str:
    what = describe_change(approved, sub.reviewable)
    start = f"{person.name}'s approval of {_day(commit.committer.when, tz)} is stale: {what} changed"
    if approved is None:
        return f"{start} (the approved version could not be read)"
    for later, change in fh.touches:
        if later.order <= commit.order or change.status == "D":
            continue
        if blobs.blob(change.blob) != approved:
            return f"{start} in {later.short} on {_day(later.committer.when, tz)}"
    return f"{start} after it (uncommitted changes in the working tree?)"


def approval_commits(history: History) -> list[str]:
    """Ids of the commits whose signature can matter: those that may approve a submission.

    ``Approve:`` trailers naming a submission, and forge trailers on mainline commits that
    change one; other commits are never verified (SSH verification costs ~17 ms a commit).
    """
    out = []
    for commit in history.commits:
        if any(normalise_path(v).startswith(SUBMISSIONS_DIR) for v in commit.trailer(APPROVE_KEY)):
            out.append(commit.id)
        elif (commit.id in history.mainline and any(k in FORGE_KEYS for k, _ in commit.trailers)
              and any(ch.path.startswith(SUBMISSIONS_DIR) and ch.status != "D" for ch in commit.changes)):
            out.append(commit.id)
    return out


def review_problems(states: Mapping[str, ReviewState]) -> list[Problem]:
    """Warnings for ``bulletin check``: approvals that do not count, unknown identities."""
    return [p for s in states.values() for p in s.problems]


__all__ = ["Trust", "trust_settings", "Approval", "StageState", "ReviewState", "review_submissions",
           "review_problems", "CURRENT", "STALE", "IGNORED"]


def read_reviews(repo: Path, config: Config, submissions: Mapping[str, Submission],
                 trust: Trust) -> tuple[History, dict[str, ReviewState]]:
    """Read history once (one ``git log``, one ``git cat-file``) and review every submission."""
    from ..git.history import read_history
    from ..git.signatures import verify_signatures

    history = read_history(repo)
    if trust.mode == "signature":
        history = verify_signatures(repo, history, approval_commits(history), trust.allowed_signers)
    with BlobReader(history, repo) as blobs:
        states = review_submissions(config, submissions, history, blobs, trust)
    return history, states
