#!/usr/bin/env bash
# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL is set.
# Browser tests need Debian's Chromium; with CI=true they must run (see tests/browser/).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DATABASE_URL:-}" ]; then
  echo "== Tests sur PostgreSQL (${DATABASE_URL%%@*}@…)"
else
  echo "== Tests sur SQLite"
fi
exec .venv/bin/python -m pytest "$@"
