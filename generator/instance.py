"""An instance repository read from disk: config, submissions, solicitations, problems."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import Config, load_config
from .errors import Problem, sort_problems
from .records import SOLICITATIONS, SUBMISSIONS, Solicitation, Submission, load_record


@dataclass
class Instance:
    repo: Path
    config: Config | None
    submissions: dict[str, Submission] = field(default_factory=dict)     # valid ones, by path
    solicitations: dict[str, Solicitation] = field(default_factory=dict)  # valid ones, by id
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[str, list[Problem]] = field(default_factory=dict)       # path -> its errors
    config_problems: list[Problem] = field(default_factory=list)

    @property
    def config_ok(self) -> bool:
        return self.config is not None and not any(p.is_error for p in self.config_problems)


def load_instance(repo: Path) -> Instance:
    """Read and check everything under ``repo`` (the working tree, not git history)."""
    config, config_problems = load_config(repo)
    inst = Instance(repo=repo, config=config, config_problems=config_problems)
    known: dict[str, list[str]] = config.known() if config else {}
    evidence_required = config.scoring.evidence_required if config else True

    solicitation_files = SOLICITATIONS.files(repo)
    known["solicitation"] = [Path(p).stem for p in solicitation_files]
    for rel in solicitation_files:
        record, problems = load_record(repo, rel, SOLICITATIONS, known)
        inst.problems.extend(problems)
        if record is None:
            inst.invalid[rel] = [p for p in problems if p.is_error]
        else:
            inst.solicitations[record.id] = record

    for rel in SUBMISSIONS.files(repo):
        record, problems = load_record(repo, rel, SUBMISSIONS, known, evidence_required=evidence_required)
        inst.problems.extend(problems)
        if record is None:
            inst.invalid[rel] = [p for p in problems if p.is_error]
        else:
            inst.submissions[rel] = record
    inst.problems = sort_problems(inst.problems + config_problems)
    return inst
