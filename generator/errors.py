"""Problems found in user input, and the one exception family that carries them.

The library never prints: it returns :class:`Problem` objects or raises a
:class:`BulletinError` (which carries problems, or a message and the file and line it is
about), and only the command layer (``generator/cli/``) formats them as
``path:line:col: error: message`` and picks the exit code. :class:`UsageError` is the
family's member for a value the user typed (a period, a day): the command layer reports it
as a usage error of the option that carried it (exit 2). A message is a
:class:`~generator.messages.Msg` (an id and parameters, rendered in the run's
language); the ``path:line:col: error|warning:`` prefix never changes with the
language, so editors and CI can parse it.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .messages import Msg, msg, render

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

    def format(self, lang: str | None = None) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.text(lang)}"

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the run's language)."""
        return render(self.message, lang)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class BulletinError(Exception):
    """Input that stops a command (invalid configuration, a bad flag value...).

    Either a list of problems (each names its file, line and column), or a message that names
    what is wrong; ``path`` and ``line`` say which file (and line) it is about, where there is one.
    """

    def __init__(self, problems: Iterable[Problem] | str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.text: str = ""
        if isinstance(problems, str):
            self.text = problems
            self.problems: list[Problem] = []
            super().__init__(problems)
        else:
            self.problems = sorted(problems)
            super().__init__("\n".join(p.format() for p in self.problems))


class UsageError(BulletinError, ValueError):
    """A value typed on the command line that bulletin does not understand (a period, a day)."""


def suggest(word: str, choices: Iterable[str]) -> str:
    """A "; did you mean 'x'?" suffix for a typo (a Msg), or an empty string."""
    options = sorted(set(str(c) for c in choices))
    match = difflib.get_close_matches(str(word), options, n=1, cutoff=0.6)
    if not match:
        lowered = {o.lower(): o for o in options}
        if str(word).lower() in lowered:
            match = [lowered[str(word).lower()]]
    return msg("suggest", choice=match[0]) if match else ""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems sorted by path, line, column; duplicates removed."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.col, p.severity, p.message))


def suggest_named(word: str, names: dict[str, str]) -> str:
    """A "; did you mean 'id' (name)?" suffix for a typo of an id or of a name (``names``: id -> name)."""
    by_id = suggest(word, names)
    if isinstance(by_id, Msg):
        ident = by_id.params["choice"]
        return msg("suggest_named", id=ident, name=names[ident])
    squash = {re.sub(r"[\s\u3000]+", "", n): i for i, n in names.items()}
    by_name = suggest(re.sub(r"[\s\u3000]+", "", word), squash)
    if isinstance(by_name, Msg):
        ident = squash[by_name.params["choice"]]
        return msg("suggest_named", id=ident, name=names[ident])
    return ""
