#!/usr/bin/env bash
# `sendtwin serve` end to end: the JSON API (dashboard_api_test.mjs) and the dashboard in headless
# Chromium, keyboard only, axe-core clean (dashboard_browser_test.mjs); a run whose client goes away
# is cancelled (the server says so). Usage: dashboard_test.sh SENDTWIN_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
"$bin" serve --port 0 --threads 2 >"$work/out" 2>"$work/err" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "http://" "$work/out" && break; sleep 0.1; done
url=$(grep -o "http://[0-9.]*:[0-9]*/" "$work/out")
[ -n "$url" ] || { echo "FAIL - the server did not start"; cat "$work/err"; exit 1; }
echo "# $url"
status=0
SENDTWIN_WEB="$src/web" node "$src/tests/web/dashboard_api_test.mjs" "$url" || status=1
for _ in $(seq 1 50); do grep -q "its run was cancelled" "$work/err" && break; sleep 0.2; done
if grep -q "its run was cancelled" "$work/err"; then echo "ok - a run whose client went away was cancelled"; else echo "FAIL - the abandoned run was not cancelled"; status=1; fi
SENDTWIN_WEB="$src/web" node "$src/tests/web/dashboard_browser_test.mjs" "$url" "$work/dashboard.png" || status=1
mkdir -p "$src/build-screenshots" 2>/dev/null && cp "$work/dashboard.png" "$src/build-screenshots/" 2>/dev/null
kill -0 $server 2>/dev/null || { echo "FAIL - the server died"; status=1; }
exit $status
