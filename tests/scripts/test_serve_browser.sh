#!/usr/bin/env bash
# ergraph serve's page in headless Chromium driven by puppeteer-core
# (tests/browser; .ci/setup installs it with npm ci). Skips (77) when node,
# Chromium or puppeteer-core are missing here; CI has them.
set -eu
ergraph=$1 src=$2
chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then echo "chromium not installed: skipped"; exit 77; fi
if ! command -v node >/dev/null; then echo "node not installed: skipped"; exit 77; fi
if [ ! -d "$src/tests/browser/node_modules/puppeteer-core" ]; then
  echo "puppeteer-core not installed (cd tests/browser && npm ci): skipped"; exit 77
fi
tmp=$(mktemp -d)
. "$src/tests/scripts/serve_lib.sh"
mkdir "$tmp/downloads"
"$ergraph" render -q -T svg --between fsb fbi -o "$tmp/expected.svg" "$src"/graphs/*.json
serve_start --workers 2 "$src"/graphs/*.json
node "$src/tests/browser/serve_page.mjs" "$chromium" "http://127.0.0.1:$serve_port/" \
  "$tmp/downloads" "$tmp/expected.svg"
serve_stop
