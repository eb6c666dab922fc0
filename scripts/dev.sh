#!/usr/bin/env bash
# Set-up and day-to-day tasks; `make site` and `make test` call this script.
#   scripts/dev.sh site   create .venv/ and build the sample instance's site
#   scripts/dev.sh test   create .venv/ and run the checks (ruff, mypy --strict) and the whole test suite
#   scripts/dev.sh test-fast   the checks and every test but the browser and slow ones
#   scripts/dev.sh lint   ruff and mypy --strict only
#   scripts/dev.sh golden regenerate tests/golden/ (then review the diff before committing it)
#   scripts/dev.sh durations  record how long each quick test takes (tests/durations.json): test-fast
#                             leaves out those over conftest.FAST_LIMIT
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

venv() {
  # (Re)install when pyproject.toml or the pinned constraints changed.
  local stamp=.venv/.installed
  if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
  fi
  if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ constraints.txt -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
    # [engines]: Zensical and ProperDocs, the site engines besides mkdocs (docs/site-engine.md).
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,engines]'
    touch "$stamp"
  fi
  # The web editor (Decap CMS and its local proxy), pinned in editor/: see docs/editor.md.
  .venv/bin/python scripts/editor_setup.py .venv/decap
}

lint() {
  # Both fail the run: style and import order (ruff), and strict typing of the package (mypy).
  echo "== ruff check"
  .venv/bin/ruff check generator tests bench tools
  echo "== mypy --strict -p generator"
  .venv/bin/mypy --strict -p generator
}

case "${1:-}" in
  site)
    venv
    echo "== bulletin check (the sample instance)"
    .venv/bin/bulletin check
    echo "== bulletin build"
    .venv/bin/bulletin build --out site
    echo "The site is in site/ (a link to the newest release under site.releases/)."
    echo "Open site/index.html in a browser, serve it with any web server, or run:"
    echo "  .venv/bin/bulletin serve    # http://127.0.0.1:8000/, rebuilt on every change"
    echo "  .venv/bin/bulletin serve --edit   # also the web forms at http://127.0.0.1:8000/admin/ (this machine only)"
    ;;
  lint)
    venv
    lint
    ;;
  durations)
    venv
    unset PYTHONDONTWRITEBYTECODE
    BULLETIN_RECORD_DURATIONS=1 .venv/bin/python -m pytest -q -m "not browser and not slow" "${@:2}"
    git status --short -- tests/durations.json
    ;;
  golden)
    venv
    BULLETIN_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
    git status --short -- tests/golden
    ;;
  test|test-fast)
    venv
    # The tests start the command a few thousand times: let Python keep the compiled modules
    # (__pycache__/, ignored by git) instead of compiling the package again in every process.
    unset PYTHONDONTWRITEBYTECODE
    lint
    mode=$1
    shift || true
    if [ "$mode" = test-fast ]; then
      set -- -m "not browser and not slow" "$@"
    fi
    set +e
    .venv/bin/python -m pytest "$@"
    rc=$?
    set -e
    if [ "$rc" -eq 5 ]; then
      echo "error: pytest collected no tests" >&2
      exit 1
    fi
    exit "$rc"
    ;;
  *)
    echo "usage: scripts/dev.sh site|test|test-fast|lint|golden|durations [pytest args]" >&2
    exit 2
    ;;
esac
