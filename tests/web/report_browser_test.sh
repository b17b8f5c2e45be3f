#!/usr/bin/env bash
# The HTML reports in headless Chromium: a run's and a scenario run's, each opened with the network
# off, every chart drawn, axe-core clean (tests/web/report_browser_test.mjs). Usage:
# report_browser_test.sh SENDTWIN_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
"$bin" run --scale 0.02 --replicates 2 --to 2030 --report "$work/run.html" --quiet >/dev/null || status=1
SENDTWIN_WEB="$src/web" node "$src/tests/web/report_browser_test.mjs" "$work/run.html" "$work/run.png" || status=1
# An LA over three replicates (its bands), to 2035 (past the statutory override's end).
"$bin" la Kent --scale 0.05 --replicates 3 --report "$work/la.html" --quiet >/dev/null || status=1
grep -q "Kent among its similar LAs" "$work/la.html" || { echo "FAIL - the LA report has no chart among its similar LAs"; status=1; }
grep -q "the DSG ledger by financial year" "$work/la.html" || { echo "FAIL - the LA report has no ledger"; status=1; }
SENDTWIN_WEB="$src/web" node "$src/tests/web/report_browser_test.mjs" "$work/la.html" "$work/la.png" la || status=1
# With --scenario: the bands are the baseline's replicates of the comparison.
"$bin" la Kent --scenario "$src/scenarios/kent-special-places.toml" --replicates 2 --scale 0.05 --to 2030 \
  --report "$work/la-scenario.html" --quiet >/dev/null || status=1
SENDTWIN_WEB="$src/web" node "$src/tests/web/report_browser_test.mjs" "$work/la-scenario.html" "$work/la-scenario.png" la || status=1
"$bin" scenario "$src/scenarios/nao-inclusion.toml" "$src/scenarios/special-places.toml" --replicates 2 --scale 0.01 --to 2030 \
  --out "$work/scen" --report "$work/scen-run.html" --quiet >/dev/null || status=1
SENDTWIN_WEB="$src/web" node "$src/tests/web/report_browser_test.mjs" "$work/scen-run.html" "$work/scen-run.png" scenario || status=1
"$bin" report "$work/scen" --out "$work/scen.html" >/dev/null || status=1
SENDTWIN_WEB="$src/web" node "$src/tests/web/report_browser_test.mjs" "$work/scen.html" "$work/scen.png" || status=1
# The screenshots are kept where the build can show them.
mkdir -p "$src/build-screenshots" 2>/dev/null && cp "$work"/*.png "$src/build-screenshots/" 2>/dev/null
exit $status
