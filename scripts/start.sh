#!/usr/bin/env bash
# Starts the playground on http://localhost:5173 (PORT overrides). Installs node packages on first run.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
exec npx vite --port "${PORT:-5173}" --host localhost
