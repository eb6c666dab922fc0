#!/usr/bin/env bash
# Set-up and day-to-day tasks; `make site` and `make test` call this script.
#   scripts/dev.sh site   create .venv/ and build the sample instance's site
#   scripts/dev.sh test   create .venv/ and run the whole test suite
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
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
    touch "$stamp"
  fi
}

case "${1:-}" in
  site)
    venv
    echo "== bulletin check (the sample instance)"
    .venv/bin/bulletin check
    if .venv/bin/bulletin --help | grep -q '^  build'; then
      echo "== bulletin build"
      .venv/bin/bulletin build
    else
      # The site generator is not there yet (issue 3): show the figures instead.
      echo "== bulletin scores --period 2026-Q3 (the site builder is not implemented yet; showing the figures)"
      if .venv/bin/bulletin --help | grep -q '^  scores'; then
        .venv/bin/bulletin scores --period 2026-Q3 --as-of 2026-10-31
      else
        echo "(bulletin scores is not implemented yet)"
      fi
    fi
    ;;
  test)
    venv
    shift || true
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
    echo "usage: scripts/dev.sh site|test [pytest args]" >&2
    exit 2
    ;;
esac
