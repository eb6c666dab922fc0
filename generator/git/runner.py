"""The one way bulletin runs git: stable output (C locale, no pager, no prompt, fixed settings).

Every git process of the library starts here: :func:`git_command` gives the argument list (for a
long-running :class:`subprocess.Popen`), :func:`run_git` runs one command and keeps its output,
:func:`git_output` returns standard output and raises :class:`BulletinError` naming the
repository when git fails.
"""
from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import BulletinError
from ..messages import msg

# Environment for every git call: no pager, no prompts, no optional locks, stable messages.
GIT_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "LANG": "C"}
# Per-call settings that would otherwise change the shape of the output.
GIT_CONFIG = ("-c", "log.showSignature=false", "-c", "core.quotePath=false", "-c", "log.mailmap=false",
              "-c", "diff.renames=true")
# Variables that would point git at another repository than the one named with -C.
_ELSEWHERE = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")


def git_env(extra: Mapping[str, str] | None = None, *, isolated: bool = False) -> dict[str, str]:
    """The environment of a git process; ``isolated`` drops GIT_DIR and friends (a hook's, say)."""
    env = {k: v for k, v in os.environ.items() if not (isolated and k in _ELSEWHERE)}
    env.update(GIT_ENV)
    env.update(extra or {})
    return env


def git_command(repo: Path, *args: str, config: Sequence[str] = GIT_CONFIG) -> list[str]:
    """``git -C REPO <config> ARGS``."""
    return ["git", "-C", str(repo), *config, *args]


def run_git(repo: Path, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None,
            config: Sequence[str] = GIT_CONFIG) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``repo``; the caller looks at the return code."""
    return subprocess.run(git_command(repo, *args, config=config), input=input, capture_output=True,
                          env=dict(env) if env is not None else git_env())


def git_output(repo: Path, *args: str, input: bytes | None = None, env: Mapping[str, str] | None = None,
               config: Sequence[str] = GIT_CONFIG) -> str:
    """Standard output of a git command that must succeed (stripped); BulletinError names ``repo`` if not."""
    proc = run_git(repo, *args, input=input, env=env, config=config)
    if proc.returncode != 0:
        raise BulletinError(msg("rec.git_failed", what=" ".join(args[:2]), cwd=repo,
                                detail=proc.stderr.decode("utf-8", "replace").strip()), path=str(repo))
    return proc.stdout.decode("utf-8", "replace").strip()
