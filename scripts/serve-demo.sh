#!/usr/bin/env bash
# Runs the task worker beside the web server; stopping the server (Ctrl-C) stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python manage.py db_worker --queue-name default >var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Relais démo : http://127.0.0.1:8000 (Ctrl-C pour arrêter ; file de tâches : var/worker.log)"
.venv/bin/python manage.py runserver 127.0.0.1:8000 --noreload
