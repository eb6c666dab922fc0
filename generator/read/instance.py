"""An instance repository read from disk: config, records of every type, problems."""
from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import MIN_ENTRIES, Store, content_key
from ..errors import Problem, sort_problems
from .activities import COMPETITIONS, INTERVIEWS, OPINIONS, PLANS
from .bulletins import load_records
from .config import Config, load_config
from .editor import load_editor_settings
from .learning import check_learning
from .records import (
    SOLICITATIONS,
    SUBMISSIONS,
    RecordType,
    Solicitation,
    Submission,
    load_record,
)
from .sitecfg import load_site_settings
from .textfile import MAX_FILE_BYTES


@dataclass
class Instance:
    repo: Path
    config: Config | None
    submissions: dict[str, Submission] = field(default_factory=dict)     # valid ones, by path
    solicitations: dict[str, Solicitation] = field(default_factory=dict)  # valid ones, by id
    records: dict[str, dict[str, Any]] = field(default_factory=dict)      # other types: kind -> path -> record
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[str, list[Problem]] = field(default_factory=dict)       # path -> its errors
    config_problems: list[Problem] = field(default_factory=list)
    bulletins: Any = None          # record.Records of bulletins/, when there is such a folder
    editor: Any = None             # editor.EditorSettings from editor.yaml, when there is one
    digests: dict[str, str] = field(default_factory=dict)   # record file -> SHA-1 of the bytes it was read from

    @property
    def config_ok(self) -> bool:
        return self.config is not None and not any(p.is_error for p in self.config_problems)


def load_instance(repo: Path) -> Instance:
    """Read and check everything under ``repo`` (the working tree, not git history)."""
    config, config_problems = load_config(repo)
    editor, editor_problems = load_editor_settings(repo)
    config_problems = config_problems + editor_problems
    inst = Instance(repo=repo, config=config, config_problems=config_problems, editor=editor)
    known: dict[str, list[str]] = config.known() if config else {}
    evidence_required = config.scoring.evidence_required if config else True

    cache = RecordCache(repo, config_problems)

    def load_all(rtype: RecordType, **options: Any) -> dict[str, Any]:
        valid: dict[str, Any] = {}
        files = rtype.files(repo)
        context = cache.context(rtype, known, options) if cache.wanted(len(files)) else None
        for rel in files:
            record, problems = (cache.load(rel, rtype, known, options, context) if context
                                else load_record(repo, rel, rtype, known, **options))
            inst.problems.extend(problems)
            if record is None:
                inst.invalid[rel] = [p for p in problems if p.is_error]
            else:
                valid[rel] = record
        return valid

    known["solicitation"] = [Path(p).stem for p in SOLICITATIONS.files(repo)]
    inst.solicitations = {s.id: s for s in load_all(SOLICITATIONS).values()}
    plans = load_all(PLANS)
    known["plan"] = [item.key for plan in plans.values() for item in plan.items]
    inst.submissions = load_all(SUBMISSIONS, evidence_required=evidence_required)
    known["submission"] = SUBMISSIONS.files(repo)
    if config and config.scoring.competition_points:
        known["grade"] = list(config.scoring.competition_points)
    inst.records = {"plan": plans, "opinion": load_all(OPINIONS), "interview": load_all(INTERVIEWS),
                    "competition": load_all(COMPETITIONS)}
    # Issued bulletins and imported 学习强国 months are records too: check them where they exist.
    if (repo / "bulletins").is_dir():
        inst.bulletins = load_records(repo)
        inst.problems.extend(inst.bulletins.problems)
    # The instance's mkdocs.yml may only choose the site's look (sitecfg.py).
    inst.problems.extend(load_site_settings(repo)[1])
    if config is not None and (repo / "learning").is_dir():
        inst.problems.extend(check_learning(repo, config))
    inst.problems = sort_problems(inst.problems + config_problems)
    cache.save()
    inst.digests = cache.digests
    return inst


class RecordCache:
    """Parsed and checked records by file content, kept by cache.py.

    A record's verdict depends on its bytes, on the configuration (the known ids) and on the
    evidence files it names: an entry is reused only when all three are as they were.
    """

    def __init__(self, repo: Path, config_problems: list[Problem]):
        self.repo = repo
        self.store = Store(repo, "records")
        self.fresh: dict[Any, Any] = {}
        self.digests: dict[str, str] = {}     # what each file read here was (cache.content_key of its bytes)
        self._folders: dict[str, tuple[str, tuple[bool, ...]]] = {}
        self.on = self.store.on and not any(p.is_error for p in config_problems)

    def wanted(self, files: int) -> bool:
        """Small instances load fast as they are: they are neither cached nor looked up."""
        return self.on and (files >= MIN_ENTRIES or self.store.exists)

    def context(self, rtype: RecordType, known: dict[str, list[str]], options: dict[str, Any]) -> str:
        text = json.dumps([rtype.kind, known, options], sort_keys=True, default=str)
        return hashlib.sha1(text.encode()).hexdigest()

    def _folder(self, parts: list[str]) -> tuple[str, list[bool]]:
        """The folder of ``parts`` (the path's parts but the last) and whether each folder on the way
        is a link, asked once per folder in a load (thousands of evidence files share a few)."""
        key = "/".join(parts)
        found = self._folders.get(key)
        if found is None:
            folder, links = os.fspath(self.repo), []
            for part in parts:
                folder = os.path.join(folder, part)
                links.append(os.path.islink(folder))
            found = self._folders[key] = (folder, tuple(links))
        return found[0], list(found[1])

    def _evidence_state(self, value: str) -> tuple[Any, ...]:
        if value.lower().startswith(("http://", "https://")) or "\\" in value or value.startswith("/"):
            return ()
        parts = [p for p in value.split("/") if p not in ("", ".")]
        folder, links = self._folder(parts[:-1])
        full = os.path.join(folder, *parts[-1:])
        # Without a link on the way, where the path leads is fixed by its text ('..' is in the text).
        # The file's size and time stand for its content, which is searched for markings.
        st: os.stat_result | None = None
        try:
            st = os.lstat(full)
            if parts:
                links.append(stat.S_ISLNK(st.st_mode))
            if stat.S_ISLNK(st.st_mode):
                st = os.stat(full)
        except (OSError, ValueError):
            st = None
            if parts and len(links) < len(parts):
                links.append(False)
        content = (st.st_size, st.st_mtime_ns) if st is not None else (-1, -1)
        is_file = st is not None and stat.S_ISREG(st.st_mode)
        return tuple(links) + (is_file, os.path.realpath(full) if any(links) else "", content)

    def load(self, rel: str, rtype: RecordType, known: dict[str, list[str]], options: dict[str, Any],
             context: str) -> tuple[Any, list[Problem]]:
        if not self.on:
            return load_record(self.repo, rel, rtype, known, **options)

        try:
            with open(os.path.join(self.repo, rel), "rb") as fh:
                if os.fstat(fh.fileno()).st_size > MAX_FILE_BYTES:
                    raise OSError("too large: load_record says so")
                data = fh.read()
        except OSError:
            return load_record(self.repo, rel, rtype, known, **options)
        key = (rel, content_key(data), context)
        self.digests[rel] = key[1]
        hit = self.store.get(key)
        if hit is not None and all(self._evidence_state(v) == state for v, state in hit[2]):
            self.fresh[key] = hit
            return hit[0], list(hit[1])
        seen: list[str] = []
        record, problems = load_record(self.repo, rel, rtype, known, data, evidence_seen=seen, **options)
        self.fresh[key] = (record, tuple(problems), tuple((v, self._evidence_state(v)) for v in seen))
        return record, problems

    def save(self) -> None:
        # Keep only what this load used: files that changed or left do not pile up.
        if self.on and len(self.fresh) >= MIN_ENTRIES and set(self.fresh) != set(self.store.data):
            self.store.replace(self.fresh)
            self.store.save()
