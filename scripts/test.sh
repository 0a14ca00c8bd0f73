#!/usr/bin/env bash
# The whole test suite: installs what it needs (npm packages, Debian's
# Chromium, PostgreSQL and Redis), type-checks, runs unit + integration tests
# (Vitest) on SQLite and again on PostgreSQL, builds the app and runs the
# end-to-end tests (Playwright) against a real server.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

step() { printf '\n== %s\n' "$*"; }

step "Installing npm packages"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci refuses this lockfile (npm 11 leaves out other platforms' optional packages); install honours it.
  npm install --no-audit --no-fund
fi

step "Checking for Debian packages (browser, PostgreSQL, Redis)"
# One apt run for whatever is missing: Chromium for Playwright, a PostgreSQL >= 15 server for the
# Vitest run on PostgreSQL (scripts/lib/postgres.ts starts a throw-away one), Redis for shared limits.
missing=()
if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
have_postgres() { for v in 15 16 17 18 19 20; do [ -x "/usr/lib/postgresql/$v/bin/postgres" ] && return 0; done; return 1; }
if [ -z "${POSTGRES_BIN_DIR:-}" ] && [ -z "${GATEHOUSE_TEST_PG_URL:-}" ] && ! have_postgres; then missing+=(postgresql); fi
if [ -z "${REDIS_SERVER_BIN:-}" ] && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages: ${missing[*]} (install them, or run the tests as root)." >&2
    exit 1
  fi
fi

step "Generating the Prisma client"
npm run --silent db:generate

step "Type-checking"
npx tsc --noEmit

rm -rf .test-reports && mkdir -p .test-reports
step "Unit and integration tests (Vitest on SQLite)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest.json

step "Unit and integration tests (Vitest on PostgreSQL)"
# The same suite against a real PostgreSQL that the run starts itself (lib/testing/global-setup.ts).
GATEHOUSE_TEST_ENGINE=postgres npx vitest run --reporter=default --reporter=json --outputFile.json=.test-reports/vitest-postgres.json

step "Building for the end-to-end tests"
export E2E_DIST_DIR="${E2E_DIST_DIR:-.next-e2e}"
NEXT_DIST_DIR="$E2E_DIST_DIR" npx next build

step "End-to-end tests (Playwright, Chromium)"
export E2E_DATA_DIR="${E2E_DATA_DIR:-$(mktemp -d)}"
rm -f "$E2E_DATA_DIR"/e2e.db*
PLAYWRIGHT_JSON_OUTPUT_FILE=.test-reports/playwright.json npx playwright test --reporter=list,json "$@"

node scripts/test-summary.mjs
