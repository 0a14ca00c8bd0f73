#!/usr/bin/env bash
# Quick start: install, generate, build when needed, then start the console
# (and the /api/v1 API) on http://localhost:${PORT:-3000} with SQLite in ./data.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm ci refuses this lockfile (npm 11 leaves out other platforms' optional packages); install honours it.
  npm install --no-audit --no-fund
fi
npm run --silent db:generate

dist="${NEXT_DIST_DIR:-.next}"
if [ ! -f "$dist/BUILD_ID" ] || [ -n "$(find app components lib prisma next.config.ts package-lock.json -path lib/generated -prune -o -newer "$dist/BUILD_ID" -print -quit 2>/dev/null)" ]; then
  echo "Building the console…"
  npx next build
fi

export NODE_ENV=production
exec npx tsx scripts/start.ts
