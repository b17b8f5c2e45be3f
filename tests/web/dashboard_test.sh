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
SENDTWIN_WEB="$src/web" SENDTWIN_GOALS_OUT="$work/goals.json" node "$src/tests/web/dashboard_api_test.mjs" "$url" || status=1
# Issue 20: the dashboard's goals are `la --goals`'s: the same parser and the same assessment of the
# same run (the API test's request: Kent, goals/kent.toml, scale 0.02, 4 replicates, to 2030, seed 1).
"$bin" la 886 --goals "$src/goals/kent.toml" --replicates 4 --scale 0.02 --to 2030 --goals-out "$work/goals.csv" -q >/dev/null 2>"$work/la-err" ||
  { echo "FAIL - la --goals did not run"; cat "$work/la-err"; status=1; }
python3 - "$work/goals.json" "$work/goals.csv" <<'EOF' || status=1
import csv, json, sys
served = json.load(open(sys.argv[1]))
printed = [r for r in csv.DictReader(open(sys.argv[2])) if r["scenario"] == "baseline"]
same = len(served) == len(printed) == 3
for g, row in zip(served, printed):
    f = g["forecasts"][0]
    same = same and g["measure"] == row["measure"] and g["period"] == row["period"] and f["status"] == row["status"]
    same = same and f["met"] == int(row["met"]) and f["replicates"] == int(row["replicates"])
    for key, column in (("mean", "mean"), ("low", "p05"), ("high", "p95"), ("probability", "probability")):
        same = same and f[key] == float(row[column])
    latest = g["published"][-1] if g["published"] else None
    same = same and (latest["period"] if latest else "") == row["published_period"]
print(("ok" if same else "FAIL") + " - the dashboard's goals for Kent are la --goals's (forecast, interval, P(met), status, latest published)")
if not same:
    print(json.dumps(served)[:600])
    print(printed)
sys.exit(0 if same else 1)
EOF
for _ in $(seq 1 50); do grep -q "its run was cancelled" "$work/err" && break; sleep 0.2; done
if grep -q "its run was cancelled" "$work/err"; then echo "ok - a run whose client went away was cancelled"; else echo "FAIL - the abandoned run was not cancelled"; status=1; fi
SENDTWIN_WEB="$src/web" node "$src/tests/web/dashboard_browser_test.mjs" "$url" "$work/dashboard.png" || status=1
mkdir -p "$src/build-screenshots" 2>/dev/null && cp "$work"/dashboard*.png "$src/build-screenshots/" 2>/dev/null
kill -0 $server 2>/dev/null || { echo "FAIL - the server died"; status=1; }
exit $status
