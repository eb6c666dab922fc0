"""The site engine: a command run on a configuration file the build writes.

bulletin never imports an engine. It writes the engine's configuration into a
project folder that stays where it is from build to build (``OUT.releases/
.state-<lang>/``: ``docs/``, ``site/``, the configuration, and the engine's own
cache such as Zensical's ``.cache/``) and runs the engine there as a child
process, with one runner for all of them: a clean environment, a time limit,
and a Chinese (or English) error that quotes the engine's own warnings.

Engines (chosen with ``engine:`` in the instance's mkdocs.yml or
``bulletin build --engine``; see docs/site-engine.md):

- ``mkdocs``: MkDocs 1.6 with mkdocs-material (the default). Supports
  ``--dirty``: only the pages whose Markdown changed are rendered again.
- ``zensical``: Zensical, the successor of mkdocs-material, with
  ``theme.variant: classic``. Rewrites every page on each build, with its cache.
- ``properdocs``: ProperDocs, a maintained fork of MkDocs 1.6 that renders the
  same pages with the same theme (and supports ``--dirty``).

The configuration is one for all engines: the engines' own search is off
(Pagefind indexes the site), and link and anchor checking are set explicitly
and strict, so a broken link stops every engine.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, Mapping

from ..errors import BulletinError
from ..messages import msg

DEFAULT_ENGINE = "mkdocs"
TIMEOUT_ENV = "BULLETIN_ENGINE_TIMEOUT"
DEFAULT_TIMEOUT = 3600.0


@dataclass(frozen=True)
class Engine:
    name: str
    module: str                     # run as ``python -m MODULE build``
    packages: tuple[str, ...]       # whose versions decide the output (the incremental fingerprint)
    dirty: bool                     # renders only the pages whose source is newer than their output
    strict_flag: bool               # strictness is a command-line flag, not only the configuration's

    def versions(self) -> str:
        """``package=version`` of everything that renders the pages; raises if the engine is missing."""
        parts = []
        for i, pkg in enumerate(self.packages):
            try:
                parts.append(f"{pkg}={version(pkg)}")
            except PackageNotFoundError:
                if i == 0:
                    raise BulletinError(msg("site.engine_missing", engine=self.name, package=pkg)) from None
                parts.append(f"{pkg}=-")
        return " ".join(parts)

    def command(self, config: Path, *, dirty: bool) -> list[str]:
        cmd = [sys.executable, "-m", self.module, "build", "-f", str(config)]
        if dirty and self.dirty:
            # MkDocs warns that a dirty build is one, which strict mode counts: strictness is then
            # the runner's (any other warning fails the build, see run_engine).
            cmd += ["--dirty", "--no-strict"]
        elif self.strict_flag:
            cmd.append("--strict")
        return cmd


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", ("mkdocs", "mkdocs-material", "Markdown", "pymdown-extensions"),
                     dirty=True, strict_flag=False),
    "zensical": Engine("zensical", "zensical", ("zensical", "Markdown", "pymdown-extensions"),
                       dirty=False, strict_flag=True),
    "properdocs": Engine("properdocs", "properdocs",
                         ("properdocs", "mkdocs-material", "Markdown", "pymdown-extensions"),
                         dirty=True, strict_flag=False),
}


def get_engine(name: str | None) -> Engine:
    chosen = name or os.environ.get("BULLETIN_ENGINE") or DEFAULT_ENGINE
    try:
        return ENGINES[chosen]
    except KeyError:
        raise BulletinError(msg("site.engine_unknown", engine=chosen, engines=list(ENGINES))) from None


def engine_config(cfg: Mapping[str, Any]) -> dict[str, Any]:
    """The build's configuration made acceptable to every engine, with the same meaning in each.

    Paths are relative to the configuration file (Zensical wants ``docs_dir`` and ``site_dir``
    inside the project folder); the engines' own search is off; links and anchors are checked.
    """
    out = dict(cfg)
    out["docs_dir"] = "docs"
    out["site_dir"] = "site"
    theme = dict(out.get("theme", {}))
    theme["variant"] = "classic"            # Zensical: the look of mkdocs-material (mkdocs ignores it)
    out["theme"] = theme
    plugins = [p for p in out.get("plugins", []) if p != "search" and not (isinstance(p, dict) and "search" in p)]
    out["plugins"] = [{"search": {"enabled": False}}, *plugins]
    out["validation"] = {"links": {"not_found": "warn", "anchors": "warn", "absolute_links": "warn",
                                   "unrecognized_links": "warn"}}
    out["strict"] = True
    return out


_WARNING = re.compile(r"^(WARNING|ERROR)\s+-")
_DIRTY_NOTICE = re.compile(r"A 'dirty' build is being performed")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
_NOISE = re.compile(r"^(INFO|DEBUG)\b|A 'dirty' build is being performed|^\s*(Build started|Build finished|Cleaning site|Building documentation)|"
                    r"MkDocs 2\.0|mkdocs-material|zensical\.org|NO_MKDOCS_2_WARNING|^\s*│\s*$")


def _explain(output: str, limit: int = 30) -> str:
    """The engine's own words about what failed: warnings and errors, no tracebacks or banners."""
    lines = []
    in_traceback = False
    for raw in _ANSI.sub("", output).splitlines():
        line = raw.rstrip()
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            if line and not line.startswith((" ", "\t")):
                in_traceback = False
                if "Aborted because --strict" not in line and "PanicException" not in line:
                    lines.append(line)
            continue
        if not line.strip() or _NOISE.search(line):
            continue
        lines.append(line)
    if len(lines) > limit:
        lines = lines[:limit] + [f"… ({len(lines) - limit})"]
    return "\n".join(lines)


def _timeout() -> float:
    try:
        return float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def run_engine(engine: Engine, config: Path, *, dirty: bool = False, timeout: float | None = None) -> float:
    """Build the project of ``config`` (its folder) with ``engine``; returns the seconds it took.

    Raises BulletinError naming the engine and quoting its warnings when it fails or runs too long.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MKDOCS_", "ZENSICAL_", "PROPERDOCS_"))}
    env.update({"NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1", "TERM": "dumb", "PYTHONUNBUFFERED": "1",
                "PYTHONIOENCODING": "utf-8", "RUST_BACKTRACE": "0"})
    limit = timeout if timeout is not None else _timeout()
    start = time.monotonic()
    proc = subprocess.Popen(engine.command(config, dirty=dirty), cwd=config.parent, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise BulletinError(msg("site.engine_timeout", engine=engine.name, seconds=f"{limit:.0f}",
                                setting=TIMEOUT_ENV)) from None
    text = out.decode("utf-8", "replace")
    if proc.returncode != 0:
        raise BulletinError(msg("site.engine_failed", engine=engine.name, code=proc.returncode,
                                detail=_explain(text) or text.strip()[-2000:]))
    if dirty and engine.dirty:
        warned = [line for line in _ANSI.sub("", text).splitlines()
                  if _WARNING.match(line) and not _DIRTY_NOTICE.search(line)]
        if warned:
            raise BulletinError(msg("site.engine_failed", engine=engine.name, code=1,
                                    detail=_explain("\n".join(warned))))
    return time.monotonic() - start


__all__ = ["Engine", "ENGINES", "DEFAULT_ENGINE", "get_engine", "engine_config", "run_engine"]
