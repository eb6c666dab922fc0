"""Helpers for the site tests: build with the real command, serve on localhost, drive Chromium."""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import bulletin

ROOT = Path(__file__).resolve().parent.parent
BULLETIN = ROOT / ".venv" / "bin" / "bulletin"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-extensions"]
SCREENSHOTS = ROOT / "screenshots"


def run_build(repo: Path, out: Path, *extra: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = bulletin("build", "--repo", str(repo), "--out", str(out), *extra, env={**os.environ, "CI": "1"})
    if check and proc.returncode != 0:
        raise AssertionError(f"build failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(directory.resolve())))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser() -> Iterator[object]:
    """A real headless Chromium (Debian's package) driven by Playwright."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """Every text a browser could receive from the site, Pagefind's gzipped files decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix in (".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"):
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        if path.suffix in (".png", ".pdf", ".xlsx", ".gz", ".ico", ".woff", ".woff2", ".wasm") \
                or path.name.startswith("wasm."):
            continue
        yield str(path.relative_to(site)), data.decode("utf-8", errors="replace")
