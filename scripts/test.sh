#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages, Debian's
# Chromium), type-checks, runs unit + integration tests (Vitest), builds the
# app and runs the end-to-end tests (Playwright) against a real server.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$*"; }

step "Installing npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci refuses this lockfile (npm 11 leaves out other platforms' optional packages); install honours it.
  npm install --no-audit --no-fund
fi

step "Checking for a browser"
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's 'chromium' package (or set CHROMIUM_PATH)." >&2
    exit 1
  fi
fi

step "Generating the Prisma client"
npm run --silent db:generate

step "Type-checking"
npx tsc --noEmit

step "Unit and integration tests (Vitest)"
rm -rf .test-reports && mkdir -p .test-reports
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

step "Building for the end-to-end tests"
export E2E_DIST_DIR="${E2E_DIST_DIR:-.next-e2e}"
NEXT_DIST_DIR="$E2E_DIST_DIR" npx next build

step "End-to-end tests (Playwright, Chromium)"
export E2E_DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d)}"
rm -f "$E2E_DATA_DIR"/e2e.db*
PLAYWRIGHT_JSON_OUTPUT_FILE=.test-reports/playwright.json npx playwright test --reporter=list,json "$@"

node scripts/test-summary.mjs
