"""An instance repository read from disk: config, records of every type, problems."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Config, load_config
from .errors import Problem, sort_problems
from .records import SOLICITATIONS, SUBMISSIONS, RecordType, Solicitation, Submission, load_record


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

    @property
    def config_ok(self) -> bool:
        return self.config is not None and not any(p.is_error for p in self.config_problems)


def load_instance(repo: Path) -> Instance:
    """Read and check everything under ``repo`` (the working tree, not git history)."""
    from .activities import COMPETITIONS, INTERVIEWS, OPINIONS, PLANS

    config, config_problems = load_config(repo)
    inst = Instance(repo=repo, config=config, config_problems=config_problems)
    known: dict[str, list[str]] = config.known() if config else {}
    evidence_required = config.scoring.evidence_required if config else True

    def load_all(rtype: RecordType, **options: Any) -> dict[str, Any]:
        valid: dict[str, Any] = {}
        for rel in rtype.files(repo):
            record, problems = load_record(repo, rel, rtype, known, **options)
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
    inst.problems = sort_problems(inst.problems + config_problems)
    return inst
