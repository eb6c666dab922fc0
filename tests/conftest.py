"""Shared test set-up: the one way to run the command, shared fixtures, and the markers.

Markers (pyproject.toml registers them):
- ``browser``: drives Debian's Chromium through Playwright (found by the ``browser()`` call in the
  test's source, so a new browser test is marked without anyone remembering to), and every test of
  the modules that build real sites with mkdocs to open them in a browser (BROWSER_MODULES);
- ``slow``: builds whole sites, demo bureaus, documents or CI pipelines, or reads the whole sample
  history (SLOW_MODULES), or took more than FAST_LIMIT seconds when durations were last recorded, or
  uses a module- or session-wide fixture that took longer to set up (tests/durations.json;
  ``make durations`` records them again).
``make test-fast`` runs everything else; ``make test`` and CI run everything.
"""
from __future__ import annotations

import inspect
import json
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
# A test that took longer than this (setup, call and teardown) when durations were recorded is slow.
FAST_LIMIT = 0.5
DURATIONS = Path(__file__).resolve().parent / "durations.json"
RECORDING = os.environ.get("BULLETIN_RECORD_DURATIONS") == "1"
_recorded: dict[str, float] = {}
_recorded_shared: dict[str, float] = {}
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


# The day the sample instance's site is built "as of" in the tests that read it.
SAMPLE_AS_OF = "2026-11-22"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample instance's site, built once per run as of SAMPLE_AS_OF. Tests only read it: a test that
    changes a site works on a copy."""
    if not (ROOT / "units.yaml").is_file():
        pytest.skip("no sample instance at the repository root")
    out = tmp_path_factory.mktemp("site") / "site"
    proc = bulletin("build", "--repo", str(ROOT), "--out", str(out), "--as-of", SAMPLE_AS_OF,
                    env={**os.environ, "CI": "1"})
    if proc.returncode != 0:
        raise AssertionError(f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return out


@pytest.fixture()
def cache_env(tmp_path: Path) -> dict[str, str]:
    """An environment with its own user cache (XDG_CACHE_HOME) and no BULLETIN_/GIT_ settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BULLETIN_", "GIT_"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "user-cache")
    env["CI"] = "1"
    return env


def _durations() -> tuple[dict[str, float], dict[str, float]]:
    """(seconds per test, seconds of each shared fixture's set-up) as last recorded."""
    try:
        data = json.loads(DURATIONS.read_text(encoding="utf-8"))
        return ({str(k): float(v) for k, v in data["tests"].items()},
                {str(k): float(v) for k, v in data["shared"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}, {}


def _shared_fixtures(item: pytest.Item) -> list[str]:
    """The fixtures of wider than function scope the test uses, each named with where it is defined: their
    set-up is paid by whichever of their tests runs first."""
    info = getattr(item, "_fixtureinfo", None)
    out = []
    for name, defs in (info.name2fixturedefs.items() if info is not None else ()):
        if defs and defs[-1].scope != "function" and defs[-1].baseid:   # pytest's own (tmp_path_factory) are cheap
            out.append(f"{defs[-1].baseid}::{name}")
    return out


_shared_of: dict[str, list[str]] = {}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    tests, shared = _durations()
    for item in items:
        fixtures = _shared_of[item.nodeid] = _shared_fixtures(item)
        if item.path.name in SLOW_MODULES or tests.get(item.nodeid, 0.0) > FAST_LIMIT \
                or any(shared.get(f, 0.0) > FAST_LIMIT for f in fixtures):
            item.add_marker(pytest.mark.slow)
        function = getattr(item, "function", None)
        try:
            source = inspect.getsource(function) if function is not None else ""
        except (OSError, TypeError):
            source = ""
        if "browser()" in source or item.path.name in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if not RECORDING:
        return
    _recorded[report.nodeid] = _recorded.get(report.nodeid, 0.0) + report.duration
    if report.when == "setup" and report.duration > FAST_LIMIT:
        for fixture in _shared_of.get(report.nodeid, ()):
            _recorded_shared[fixture] = max(_recorded_shared.get(fixture, 0.0), report.duration)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With BULLETIN_RECORD_DURATIONS=1 (``make durations``): keep each test's time, and the set-up time of
    each shared fixture that was slow to set up, in tests/durations.json."""
    if not RECORDING or not _recorded:
        return
    tests, shared = _durations()
    tests.update({k: round(v, 2) for k, v in _recorded.items()})
    shared.update({k: round(v, 2) for k, v in _recorded_shared.items()})
    DURATIONS.write_text(json.dumps({"tests": dict(sorted(tests.items())), "shared": dict(sorted(shared.items()))},
                                    indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
