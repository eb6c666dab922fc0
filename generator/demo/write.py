"""Writing a plan into a new git repository with git fast-import."""
from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import BulletinError
from ..git.runner import git_command, git_env, run_git
from ..messages import msg
from .files import _PNG
from .model import SCRATCH_REF, DemoOptions, DemoResult, Plan, Progress, minimum_people
from .plan import plan


def _ident(who: tuple[str, str], t: dt.datetime) -> bytes:
    name = who[0].replace("<", "").replace(">", "").replace("\n", " ")
    return f"{name} <{who[1]}> {int(t.timestamp())} +0800".encode()


def _stream(plan_: Plan, progress: Progress | None) -> Iterator[bytes]:
    """The fast-import stream of the plan's events (main plus one scratch ref for merge requests)."""
    mark = 0
    main_mark: int | None = None
    branch_marks: dict[str, int] = {}
    png_mark = None
    total = len(plan_.events)
    for n, ev in enumerate(plan_.events):
        if progress and n % 2000 == 0:
            progress("writing history", n, total)
        out: list[bytes] = []
        files = ev.files
        if png_mark is None and any(v is _PNG for v in files.values()):
            mark += 1
            png_mark = mark
            out.append(b"blob\nmark :%d\ndata %d\n" % (mark, len(_PNG)) + _PNG + b"\n")
        mark += 1
        msg = ev.message.encode("utf-8") + b"\n"
        if ev.kind == "branch":
            assert ev.item is not None
            ref = SCRATCH_REF.encode()
            out.append(b"commit " + ref + b"\nmark :%d\n" % mark)
        else:
            out.append(b"commit refs/heads/main\nmark :%d\n" % mark)
        out.append(b"author " + _ident(ev.who, ev.t) + b"\n")
        out.append(b"committer " + _ident(ev.committer or ev.who, ev.t) + b"\n")
        out.append(b"data %d\n" % len(msg) + msg)
        if ev.kind == "branch":
            if main_mark is not None:
                out.append(b"from :%d\n" % main_mark)
            assert ev.item is not None
            branch_marks[ev.item.path] = mark
        elif ev.kind == "merge":
            assert ev.item is not None
            out.append(b"merge :%d\n" % branch_marks.pop(ev.item.path))
            # ev.files: the merged file as the branch had it, added to main's tree.
        for path, data in files.items():
            if data is _PNG and png_mark is not None:
                out.append(b"M 100644 :%d %s\n" % (png_mark, path.encode("utf-8")))
            else:
                out.append(b"M 100644 inline %s\ndata %d\n" % (path.encode("utf-8"), len(data)) + data + b"\n")
        out.append(b"\n")
        if ev.kind != "branch":
            main_mark = mark
        yield b"".join(out)
    if progress:
        progress("writing history", total, total)


def _git(cwd: Path, *args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    proc = run_git(cwd, *args, input=input, config=("-c", "core.autocrlf=false", "-c", "core.quotePath=false"))
    if proc.returncode != 0:
        raise BulletinError(msg("demo.git_failed", what=' '.join(args[:2]),
                                detail=proc.stderr.decode('utf-8', 'replace').strip()), path=str(cwd))
    return proc


def write(plan_: Plan, out: Path, progress: Progress | None = None) -> DemoResult:
    """Replay ``plan_`` into a new git repository at ``out`` (which must not exist or be empty)."""
    started = time.monotonic()
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BulletinError(msg("demo.exists", out=out), path=str(out))
    out.mkdir(parents=True, exist_ok=True)
    _git(out, "init", "-q", "-b", "main")
    proc = subprocess.Popen(git_command(out, "fast-import", "--quiet", "--done", config=()), env=git_env(),
                            stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stderr is not None
    try:
        for chunk in _stream(plan_, progress):
            proc.stdin.write(chunk)
        proc.stdin.write(b"done\n")
        proc.stdin.close()
    except BrokenPipeError:
        pass
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.wait() != 0:
        raise BulletinError(msg("demo.git_failed", what="fast-import", detail=err.strip()), path=str(out))
    if _git(out, "for-each-ref", SCRATCH_REF).stdout.strip():
        _git(out, "update-ref", "-d", SCRATCH_REF)
    if progress:
        progress("checking out the working tree", 0, 1)
    _git(out, "reset", "--hard", "-q", "main")
    if progress:
        progress("checking out the working tree", 1, 1)
    commits = int(_git(out, "rev-list", "--count", "HEAD").stdout.strip())
    evidence = sum(1 for ev in plan_.events if ev.kind == "record" for p in ev.files if p.startswith("evidence/"))
    return DemoResult(out, commits, len(plan_.items), len(plan_.solicitations), evidence, len(plan_.people),
                      len(plan_.units), time.monotonic() - started)


def make_demo(out: Path, options: DemoOptions, progress: Progress | None = None) -> DemoResult:
    """Plan and write a demo instance at ``out``."""
    started = time.monotonic()
    if progress:
        progress("planning", 0, 1)
    p = plan(options)
    if progress:
        progress("planning", 1, 1)
    result = write(p, out, progress)
    return DemoResult(result.path, result.commits, result.submissions, result.solicitations, result.evidence,
                      result.people, result.units, time.monotonic() - started)


__all__ = ["DemoOptions", "DemoResult", "make_demo", "minimum_people", "plan", "write"]
