#!/usr/bin/env bash
# Every check of the project, in the order that fails fastest: lint, types, unit + property tests,
# the production build, then browser tests in Debian's Chromium (installed here when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's chromium for the browser tests, python3-onnx for the onnx.checker test of the reordered export,
# libonnx-testdata for the operator coverage test (ONNX's own node tests)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import onnx' 2>/dev/null || missing+=(python3-onnx)
[ -d /usr/share/libonnx-testdata/data/node ] || missing+=(libonnx-testdata)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} for the tests…"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}" >/dev/null; fi
fi
# under this command a missing package fails its tests instead of skipping them
export MEMORIA_REQUIRE_DEBIAN_PACKAGES=1
[ -d node_modules ] || npm ci

echo "== lint";       npx oxlint --deny-warnings src test bench
echo "== typecheck";  npx tsc -b
echo "== unit";       npx vitest run
echo "== build";      npx vite build --logLevel warn
echo "== browser";    node test/e2e/run.mjs
