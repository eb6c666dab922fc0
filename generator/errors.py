"""Problems found in user input, and the one exception family that carries them.

The library never prints: it returns or raises :class:`Problem` objects and
``cli.py`` formats them as ``path:line:col: error: message``.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding about one place in one file (line and column are 1-based)."""

    path: str
    line: int
    col: int
    severity: str
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class BulletinError(Exception):
    """Input that stops a command (invalid configuration, a bad flag value...)."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            self.problems: list[Problem] = []
            super().__init__(problems)
        else:
            self.problems = sorted(problems)
            super().__init__("\n".join(p.format() for p in self.problems))


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "; did you mean 'x'?" suffix for a typo, or an empty string."""
    options = sorted(set(str(c) for c in choices))
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if not match:
        lowered = {o.lower(): o for o in options}
        if str(word).lower() in lowered:
            match = [lowered[str(word).lower()]]
    return f"; did you mean '{match[0]}'?" if match else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by path, line, column; duplicates removed."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity, p.message))
