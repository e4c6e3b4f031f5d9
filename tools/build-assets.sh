#!/usr/bin/env bash
# Rebuild static/css/arena.css from static/src/arena.scss (needs npm; the result is
# committed so that running the platform never needs npm).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null
npm install --silent govuk-frontend@6.3.0 sass@1
npx sass --no-source-map --style=compressed --load-path=node_modules --quiet-deps \
  "$root/static/src/arena.scss" "$root/static/css/arena.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$root/static/js/"
echo "built static/css/arena.css"
