"""``bulletin build`` and ``bulletin serve`` (registered on the main group by cli.py)."""
from __future__ import annotations

import datetime as dt
import functools
import gc
import http.server
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from typing import Any

import click

from ..errors import BulletinError
from ..git.runner import run_git
from ..judge.review import trust_settings
from ..messages import get_lang, render, say
from ..site.build import build_site
from ..site.editor import start_decap_server
from .common import (
    lang_callback,
    load_for_command,
    main,
    parsed_day,
    repo_option,
    resolve_repo,
    trust_options,
)

_WATCHED = ("submissions", "solicitations", "evidence", "units.yaml", "scoring.yaml", "mkdocs.yml")


def _as_of(text: str | None) -> dt.date | None:
    return parsed_day(text, "--as-of", "--as-of 2026-10-31")


def _progress(message: str) -> None:
    """A build's steps on standard error: one line each in CI or a log, one line overwritten on a terminal."""
    if os.environ.get("CI") or not sys.stderr.isatty():
        click.echo(f"bulletin build: {render(message)}", err=True)
    else:
        click.echo(f"\r\033[K[bulletin build] {render(message)}", nl=False, err=True)


def _build(repo: Path, out: Path, lang: str | None, as_of: dt.date | None, trust: str | None,
           allowed_signers: Path | None, trusted_committers: tuple[str, ...], editor_url: str | None = None,
           engine: str | None = None) -> Any:
    inst = load_for_command(repo)
    assert inst.config is not None
    settings = trust_settings(inst.config, repo, mode=trust,
                              allowed_signers=str(allowed_signers.resolve()) if allowed_signers else None,
                              trusted_committers=trusted_committers or None)
    try:
        return build_site(inst, settings, out=out, lang=lang or get_lang(), as_of=as_of, editor_url=editor_url,
                          engine=engine, progress=_progress)
    finally:
        if sys.stderr.isatty() and not os.environ.get("CI"):
            click.echo(err=True)          # end the overwritten progress line


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where the site goes: a link to the latest release under OUT.releases/.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=lang_callback,
              help="Language of the site text.")
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", default=None,
              help="Compute the figures as of this day (default: today).")
@click.option("--engine", type=click.Choice(["mkdocs", "zensical", "properdocs"]), default=None,
              help="The site engine (default: engine in mkdocs.yml, else mkdocs).")
@trust_options
@repo_option
def build(out: Path, lang: str | None, as_of_text: str | None, engine: str | None, trust: str | None,
          allowed_signers: Path | None, trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Generate the pages and build the intranet site, replacing OUT atomically."""
    as_of = _as_of(as_of_text)
    repo = resolve_repo(repo)
    out = out if out.is_absolute() else Path.cwd() / out
    result = _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers, engine=engine)
    for warning in result.warnings:
        click.echo(say("cli.warning", text=render(warning)), err=True)
    click.echo(say("site.built", pages=result.pages, articles=result.articles, size=f"{result.size / 1e6:.1f}",
                   seconds=f"{result.seconds:.1f}", out=out))
    click.echo(say("site.open", index=out / 'index.html', out=out))


_RELOAD = b"""<script>(function(){var id=null;setInterval(function(){fetch('/__bulletin_build_id').then(
function(r){return r.text()}).then(function(t){if(id!==null&&t!==id){location.reload()}id=t}).catch(
function(){})},1500)})();</script>"""


def _fingerprint(repo: Path) -> tuple[Any, ...]:
    """What a rebuild depends on: watched files' mtimes and sizes, and the git HEAD."""
    marks: list[Any] = []
    for name in _WATCHED:
        base = repo / name
        if base.is_file():
            st = base.stat()
            marks.append((name, st.st_mtime_ns, st.st_size))
        elif base.is_dir():
            for p in sorted(base.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    marks.append((str(p), st.st_mtime_ns, st.st_size))
    for git_file in (".git/HEAD", ".git/refs/heads", ".git/packed-refs"):
        p = repo / git_file
        if p.is_file():
            marks.append((git_file, p.read_text(errors="replace")))
        elif p.is_dir():
            marks.extend((str(f), f.read_text(errors="replace")) for f in sorted(p.rglob("*")) if f.is_file())
    return tuple(marks)


def _git(repo: Path, *args: str) -> str:
    return run_git(repo, *args).stdout.decode("utf-8", "replace").strip()


def _start_editor(repo: Path, port: int, edit_port: int, lang: str) -> Any:
    """Start decap-server (git mode) on 127.0.0.1 against ``repo`` and say what it is."""
    zh = lang == "zh"
    branch = _git(repo, "symbolic-ref", "--short", "-q", "HEAD")
    if branch.startswith("cms/"):
        raise BulletinError(f"当前分支 {branch} 是网页编辑为一篇稿件建立的分支：请先切换到主分支（如 main）"
                            if zh else f"the current branch {branch} is one of the editor's entry branches: "
                                       "switch to the main branch first")
    if _git(repo, "rev-parse", "--verify", "-q", "refs/heads/cms"):
        raise BulletinError("本仓库有名为 cms 的分支，网页编辑无法建立 cms/… 分支：请把它改名（git branch -m cms 新名字）"
                            if zh else "a branch named cms stops the editor from creating its cms/… branches: "
                                       "rename it (git branch -m cms NEW)")
    # decap-server commits with 'git add .': keep the preview's own files out of it.
    if run_git(repo, "check-ignore", "-q", ".bulletin-cache/x").returncode != 0:
        exclude = Path(_git(repo, "rev-parse", "--git-path", "info/exclude") or ".git/info/exclude")
        exclude = exclude if exclude.is_absolute() else repo / exclude
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a", encoding="utf-8") as f:
            f.write("\n/.bulletin-cache/\n")
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", edit_port)) == 0:
            raise BulletinError(f"端口 {edit_port} 已被占用：用 --edit-port 换一个端口" if zh else
                                f"port {edit_port} is in use: choose another with --edit-port")
    log_path = repo / ".bulletin-cache" / "serve" / "decap-server.log"
    log = log_path.open("ab")
    proc = start_decap_server(repo, edit_port, origin=f"http://127.0.0.1:{port}", log=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BulletinError((f"网页编辑的本地服务没有启动，见 {log_path}" if zh else
                                 f"decap-server did not start; see {log_path}"))
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", edit_port)) == 0:
                break
        time.sleep(0.2)
    who = f"{_git(repo, 'config', 'user.name')} <{_git(repo, 'config', 'user.email')}>"
    dirty = _git(repo, "status", "--porcelain", "--untracked-files=normal")
    if zh:
        click.echo(f"网页编辑：http://127.0.0.1:{port}/admin/\n"
                   f"注意：本地编辑服务（decap-server，仅监听 127.0.0.1:{edit_port}）没有登录，任何能打开本机"
                   f"浏览器的人都能保存。保存的稿件以本机的 git 身份 {who} 提交到本仓库"
                   f"（每篇一个分支 cms/…，在“工作流”中发布即合并）。只供单机办公或演示使用，"
                   f"不要开放到网络上；多人使用请按 docs/editor.md 配置代码托管平台。", err=True)
        if dirty:
            click.echo("注意：工作区有未提交的改动，网页保存时会被一并提交；请先提交或清理。", err=True)
    else:
        click.echo(f"web editing: http://127.0.0.1:{port}/admin/\n"
                   f"note: the local editing server (decap-server, 127.0.0.1:{edit_port} only) has no login: "
                   f"anyone at this machine's browser can save. Entries are committed to this repository as "
                   f"{who} (a branch cms/… each; publishing in the workflow merges it). For a single office "
                   f"machine or a demo only; for several people set up a forge (docs/editor.md).", err=True)
        if dirty:
            click.echo("note: the working copy has uncommitted changes; saving in the form commits them too.",
                       err=True)
    return proc


def _stop_editor(proc: Any) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, PermissionError):
        pass
    except Exception:
        proc.kill()


@main.command()
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=lang_callback)
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", default=None)
@click.option("--edit", is_flag=True, default=False,
              help="Also start Decap CMS's local server (no login; this machine only) so /admin/ edits "
                   "the repository with branches and commits.")
@click.option("--edit-port", type=int, default=8081, show_default=True,
              help="Port of the local editing server (on 127.0.0.1).")
@trust_options
@repo_option
def serve(port: int, lang: str | None, as_of_text: str | None, edit: bool, edit_port: int, trust: str | None,
          allowed_signers: Path | None, trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Build the site and serve a live preview on localhost; rebuild and reload on every change."""
    as_of = _as_of(as_of_text)
    repo = resolve_repo(repo)
    out = repo / ".bulletin-cache" / "serve" / "site"
    out.parent.mkdir(parents=True, exist_ok=True)
    editor_url = f"http://127.0.0.1:{edit_port}/api/v1" if edit else None
    editor = _start_editor(repo, port, edit_port, lang or get_lang()) if edit else None
    # Stopped with SIGTERM as with Ctrl+C: the local editing server stops with it.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        _serve(repo, out, port, lang, as_of, trust, allowed_signers, trusted_committers, editor_url)
    finally:
        _stop_editor(editor)


def _serve(repo: Path, out: Path, port: int, lang: str | None, as_of: dt.date | None, trust: str | None,
           allowed_signers: Path | None, trusted_committers: tuple[str, ...], editor_url: str | None) -> None:
    _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers, editor_url)
    state: dict[str, Any] = {"id": str(time.time()), "print": _fingerprint(repo)}

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            # Resolve against the current release on every request: the link moves on rebuild.
            self.directory = str(out.resolve())
            return super().translate_path(path)

        def do_GET(self) -> None:
            if self.path.startswith("/__bulletin_build_id"):
                body = state["id"].encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            # The admin page (Decap CMS) must not reload while someone fills a form.
            if target.suffix == ".html" and target.is_file() and not self.path.startswith("/admin/"):
                body = target.read_bytes().replace(b"</body>", _RELOAD + b"</body>", 1)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Handler, directory=str(out)))

    def watch() -> None:
        while True:
            time.sleep(1.0)
            now = _fingerprint(repo)
            if now != state["print"]:
                state["print"] = now
                # A command freezes what its caches load (cache.loads): in this process, which builds
                # again and again, what the last build froze goes back to the collector first.
                gc.unfreeze()
                gc.collect()
                try:
                    _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers, editor_url)
                    state["id"] = str(time.time())
                    click.echo(say("site.rebuilt"), err=True)
                except BulletinError as exc:
                    click.echo(say("site.rebuild_failed", text=render(getattr(exc, "text", "") or str(exc))), err=True)

    threading.Thread(target=watch, daemon=True).start()
    click.echo(say("site.serving", port=port), err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if os.environ.get("BULLETIN_DEBUG"):
            click.echo(say("site.stopped"), err=True)
