"""Problems as a forge shows them inline on a merge request.

- ``gitlab``: GitLab's code-quality report (a JSON array; CodeClimate subset),
  uploaded as ``artifacts:reports:codequality``.
- ``github``: workflow commands (``::error file=…,line=…,col=…::message``),
  which GitHub Actions and Gitea/Forgejo Actions read from a step's output.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ..errors import Problem

FORMATS = ("text", "gitlab", "github")


def gitlab_codequality(problems: Iterable[Problem]) -> str:
    """A GitLab code-quality report: errors are ``major``, warnings ``minor``."""
    issues = []
    for p in problems:
        fingerprint = hashlib.sha256(f"{p.path}\0{p.line}\0{p.col}\0{p.severity}\0{p.message}".encode()).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": f"bulletin-{p.severity}",
            "description": p.text(),
            "categories": ["Bug Risk" if p.is_error else "Style"],
            "severity": "major" if p.is_error else "minor",
            "fingerprint": fingerprint[:32],
            "location": {"path": p.path, "positions": {"begin": {"line": p.line, "column": p.col},
                                                       "end": {"line": p.line, "column": p.col}}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: Iterable[Problem]) -> str:
    """One ``::error``/``::warning`` workflow command per problem."""
    lines = []
    for p in problems:
        kind = "error" if p.is_error else "warning"
        lines.append(f"::{kind} file={_escape_property(p.path)},line={p.line},col={p.col},"
                     f"title={_escape_property('bulletin check')}::{_escape_data(p.text())}")
    return "\n".join(lines)
