"""``bulletin build`` and ``bulletin serve`` (registered on the main group by cli.py)."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import threading
import time
from pathlib import Path
from typing import Any

import click

from . import _lang_callback, load_for_command, main, repo_option, resolve_repo, trust_options
from ..periods import PeriodError, parse_day
from ..messages import get_lang, render, say

_WATCHED = ("submissions", "solicitations", "evidence", "units.yaml", "scoring.yaml", "mkdocs.yml")


def _as_of(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return parse_day(text)
    except PeriodError as exc:
        raise click.BadParameter(say("record.eg", text=render(exc.args[0]), example="--as-of 2026-10-31"),
                                 param_hint="'--as-of'") from None


def _build(repo: Path, out: Path, lang: str | None, as_of: dt.date | None, trust: str | None,
           allowed_signers: Path | None, trusted_committers: tuple[str, ...]) -> Any:
    from ..site.build import build_site
    from ..judge.review import trust_settings

    inst = load_for_command(repo)
    assert inst.config is not None
    settings = trust_settings(inst.config, repo, mode=trust,
                              allowed_signers=str(allowed_signers.resolve()) if allowed_signers else None,
                              trusted_committers=trusted_committers or None)
    return build_site(inst, settings, out=out, lang=lang or get_lang(), as_of=as_of)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("site"), show_default=True,
              help="Where the site goes: a link to the latest release under OUT.releases/.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=_lang_callback,
              help="Language of the site text.")
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", default=None,
              help="Compute the figures as of this day (default: today).")
@trust_options
@repo_option
def build(out: Path, lang: str | None, as_of_text: str | None, trust: str | None, allowed_signers: Path | None,
          trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Generate the pages and build the intranet site, replacing OUT atomically."""
    as_of = _as_of(as_of_text)
    repo = resolve_repo(repo)
    out = out if out.is_absolute() else Path.cwd() / out
    result = _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers)
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


@main.command()
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, is_eager=True, callback=_lang_callback)
@click.option("--as-of", "as_of_text", metavar="YYYY-MM-DD", default=None)
@trust_options
@repo_option
def serve(port: int, lang: str | None, as_of_text: str | None, trust: str | None, allowed_signers: Path | None,
          trusted_committers: tuple[str, ...], repo: Path) -> None:
    """Build the site and serve a live preview on localhost; rebuild and reload on every change."""
    from ..errors import BulletinError

    as_of = _as_of(as_of_text)
    repo = resolve_repo(repo)
    out = repo / ".bulletin-cache" / "serve" / "site"
    out.parent.mkdir(parents=True, exist_ok=True)
    _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers)
    state = {"id": str(time.time()), "print": _fingerprint(repo)}

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
            if target.suffix == ".html" and target.is_file():
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
                try:
                    _build(repo, out, lang, as_of, trust, allowed_signers, trusted_committers)
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
