#!/usr/bin/env bash
# Every check of the project, in the order that fails fastest: lint, types, unit + property tests,
# the production build, then browser tests in Debian's Chromium (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the browser tests…"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
[ -d node_modules ] || npm ci

echo "== lint";       npx oxlint --deny-warnings src test bench
echo "== typecheck";  npx tsc -b
echo "== unit";       npx vitest run
echo "== build";      npx vite build --logLevel warn
echo "== browser";    node test/e2e/run.mjs
