#!/usr/bin/env bash
# Runs every test: lint, types, unused code (knip), function lengths, unit tests, GPU kernel tests
# (Node + SwiftShader), the production build, and the browser end-to-end tests. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }

step "dependencies"
[ -d node_modules ] || npm ci --no-audit --no-fund
bash scripts/ensure-system-deps.sh
source scripts/gpu-env.sh

step "lint and format (biome)"
npx biome check .

step "types (tsc --noEmit)"
npx tsc --noEmit

step "unused files, exports and dependencies (knip)"
npx knip

step "function lengths (none over 150 lines)"
node scripts/function-lengths.mjs

step "unit and GPU kernel tests (vitest)"
npx vitest run

step "production build (vite)"
npx vite build --logLevel warn
node scripts/check-bundle.mjs

step "end-to-end tests (playwright, headless chromium)"
npx playwright test
