"""Shared test set-up: the one way to run the command, shared fixtures, and the markers.

Markers (pyproject.toml registers them):
- ``browser``: drives Debian's Chromium through Playwright (found by the ``browser()`` call in the
  test's source, so a new browser test is marked without anyone remembering to), and every test of
  the modules that build real sites with mkdocs to open them in a browser (BROWSER_MODULES);
- ``slow``: builds whole sites, demo bureaus, documents or CI pipelines, or reads the whole sample
  history (SLOW_MODULES).
``make test-fast`` runs everything else; ``make test`` and CI run everything.
"""
from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The command line of the package under test, in this interpreter (the same code as .venv/bin/bulletin).
COMMAND = (sys.executable, "-c", "from generator.cli import run; run()")

# Modules whose tests build whole sites, demo bureaus, documents or CI pipelines.
SLOW_MODULES = {"test_cache.py", "test_ci_templates.py", "test_demo.py", "test_officedoc.py", "test_site.py",
                "test_site_safety.py", "test_sample.py", "test_sample_workflow.py", "test_hostile_faults.py",
                "test_formula_injection.py"}
# Modules whose tests build real sites (mkdocs) to be opened in Chromium: all of them are browser tests.
BROWSER_MODULES = {"test_site.py", "test_site_safety.py", "test_hostile_site.py", "test_editor.py",
                   "test_markings_site.py"}


def _lang(lang: str | None) -> tuple[str, ...]:
    return ("--lang", lang) if lang else ()


def bulletin(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None, input: str | None = None,
             timeout: float | None = None, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``bulletin ARGS`` as a user would (a new process, output decoded as UTF-8).

    ``lang`` adds ``--lang LANG``: a test that asserts the English texts asks for them (the
    command speaks Chinese by default).
    """
    return subprocess.run([*COMMAND, *args, *_lang(lang)], cwd=cwd, env=dict(env) if env is not None else None,
                          input=input if input is not None else "", capture_output=True, encoding="utf-8",
                          timeout=timeout)


def bulletin_bytes(*args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None,
                   lang: str | None = None) -> subprocess.CompletedProcess[bytes]:
    """The same, with standard output as bytes (XLSX, exact encodings)."""
    return subprocess.run([*COMMAND, *args, *_lang(lang)], cwd=cwd, env=dict(env) if env is not None else None,
                          input=b"", capture_output=True)


@pytest.fixture()
def cache_env(tmp_path: Path) -> dict[str, str]:
    """An environment with its own user cache (XDG_CACHE_HOME) and no BULLETIN_/GIT_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BULLETIN_", "GIT_"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    env["CI"] = "1"
    return env


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        if "browser()" in source or item.path.name in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)
