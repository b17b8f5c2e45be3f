#!/usr/bin/env bash
# An LA's goals (issue 20, `la CODE --goals FILE`): each goal's published figures, forecast, 90%
# interval, probability (the share of replicates meeting it, in [0, 1]) and status at the declared
# thresholds (green from 0.8, amber from 0.5), in the terminal, --goals-out, --xlsx and --report;
# under each --scenario too; the same for any thread count; a faulty goals file refused at its line,
# exit 2, before any run.
# Usage: goals_test.sh path/to/sendtwin source_dir.
set -uo pipefail
bin=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

run=(--scale 0.05 --replicates 4 --to 2030)
"$bin" la Kent --goals "$src/goals/kent.toml" "${run[@]}" --threads 2 --goals-out "$work/goals.csv" \
  --xlsx "$work/kent.xlsx" --report "$work/kent.html" --quiet >"$work/kent" 2>&1
check "la --goals exits 0" test $? -eq 0
check "the table's heading states the thresholds" grep -q "status green at P >= 0.80, amber at P >= 0.50, red below" "$work/kent"
for goal in "Balance the high needs block" "60% of new plans within 20" "Hold independent special placements"; do
  check "the table has the goal \"$goal\" and its baseline's status" \
    bash -c "grep -A1 '^  $goal' '$work/kent' | grep -q '^    baseline .* \(GREEN\|AMBER\|RED\)$'"
done
check "the in-year balance: none published" grep -q "(high_needs_in_year_balance): none published" "$work/kent"
check "plans within 20 weeks: Kent's published 2024 (783 of 2,354)" grep -q "(pct_within_20_weeks): .*2024 33.3%" "$work/kent"
check "independent special placements: Kent's January 2025 (SEN2)" grep -q "(plans_independent_special): .*2025-01 1,623" "$work/kent"

# Every row of the CSV: a probability in [0, 1] equal to met/replicates, its status at the thresholds,
# and the mean within its 90% interval.
cat >"$work/check.py" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == int(sys.argv[2]), (len(rows), sys.argv[2])
for r in rows:
    p, met, n = float(r["probability"]), int(r["met"]), int(r["replicates"])
    assert n == 4 and 0 <= p <= 1 and abs(p - met / n) < 1e-12, r
    want = "green" if p >= 0.8 else "amber" if p >= 0.5 else "red"
    assert r["status"] == want, (r["status"], want, r)
    assert float(r["p05"]) <= float(r["mean"]) <= float(r["p95"]), r
PY
check "--goals-out: probabilities in [0, 1], statuses at the thresholds" python3 "$work/check.py" "$work/goals.csv" 3
check "--goals-out: the goal's period and condition" grep -q '^Balance the high needs block in-year,high_needs_in_year_balance,Kent,886,2028-29,at_least,0,GBP,baseline,' "$work/goals.csv"
check "--xlsx has the Goals sheets" bash -c "python3 -c \"import zipfile,sys; w=zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode(); sys.exit(not ('name=\\\"Goals\\\"' in w and 'name=\\\"Goals published\\\"' in w))\" '$work/kent.xlsx'"
check "--report has the Goals section" grep -q '<h2 id="goals">Goals</h2>' "$work/kent.html"
check "--report colours each status" test "$(grep -o 'class="rag-\(green\|amber\|red\)"' "$work/kent.html" | wc -l)" -eq 3

# The same seed, one thread: the same goals.
"$bin" la Kent --goals "$src/goals/kent.toml" "${run[@]}" --threads 1 --goals-out "$work/goals1.csv" --quiet >"$work/kent1" 2>&1
check "the goals are the same for one thread and two" cmp -s "$work/goals.csv" "$work/goals1.csv"

# With a scenario: each goal under the baseline and under it.
"$bin" la Kent --goals "$src/goals/kent.toml" --scenario "$src/scenarios/kent-special-places.toml" "${run[@]}" \
  --goals-out "$work/goals2.csv" --quiet >"$work/kent2" 2>&1
check "la --goals --scenario exits 0" test $? -eq 0
check "--goals with --scenario: a row for each goal under each" python3 "$work/check.py" "$work/goals2.csv" 6
check "... the scenario's rows in the table" bash -c "grep -A2 '^  Hold independent special placements' '$work/kent2' | grep -q '^    kent-special-places '"
# At scale 0.05 (an agent 20 children) Kent's places may not run out by 2030 in either run, so the
# places' effect is checked at scale 0.2.
"$bin" la Kent --goals "$src/goals/kent.toml" --scenario "$src/scenarios/kent-special-places.toml" --scale 0.2 --replicates 2 --to 2030 \
  --goals-out "$work/goals3.csv" --quiet >"$work/kent3" 2>&1
check "... Kent's 300 more places a year: fewer independent placements in 2030 than the baseline's" python3 -c "
import csv, sys
rows = {r['scenario']: float(r['mean']) for r in csv.DictReader(open(sys.argv[1])) if r['measure'] == 'plans_independent_special'}
sys.exit(not rows['kent-special-places'] < rows['baseline'])" "$work/goals3.csv"
check "... its baseline is the run without it" bash -c "grep ',baseline,' '$work/goals2.csv' | cmp -s - <(grep ',baseline,' '$work/goals.csv')"

# A faulty goals file: `file:line: field: ...`, exit 2, before any run.
refused() {  # refused NAME EXPECTED-MESSAGE FILE-TEXT
  local name=$1 want=$2 text=$3
  printf '%s\n' "$text" >"$work/bad.toml"
  "$bin" la Kent --goals "$work/bad.toml" "${run[@]}" >/dev/null 2>"$work/err"
  local rc=$?
  check "$name: exit 2" test $rc -eq 2
  check "$name: says $want" grep -qF "$work/bad.toml:$want" "$work/err"
  check "$name: before any run" bash -c "! grep -q simulated '$work/err'"
}
refused "an unknown measure" '2: goal.measure: "pct_within_20_week" is not a measure; did you mean pct_within_20_weeks?' \
  $'[[goal]]\nmeasure = "pct_within_20_week"\nyear = 2027\nat_least = 60'
refused "a measure England has, not each LA" '3: goal.measure: tribunal_appeals is not computed for each LA' \
  $'[[goal]]\nyear = 2027\nmeasure = "tribunal_appeals"\nat_most = 60'
refused "a financial year as a calendar year" '3: goal.year: high_needs_in_year_balance is a financial year'"'"'s figure: give year = "2028-29"' \
  $'[[goal]]\nmeasure = "high_needs_in_year_balance"\nyear = 2028\nat_least = 0'
refused "both targets" '5: goal.at_most: give at_least or at_most, not both' \
  $'[[goal]]\nmeasure = "ehc_plans"\nyear = 2030\nat_least = 1\nat_most = 2'
refused "neither target" '1: goal: give at_least = N or at_most = N' \
  $'[[goal]]\nmeasure = "ehc_plans"\nyear = 2030'
refused "a year after --to" '3: goal.year: 2030-31 is after the run ends (--to 2030, whose last financial year is 2029-30): give --to 2031' \
  $'[[goal]]\nmeasure = "cumulative_dsg_balance"\nyear = "2030-31"\nat_least = 0'
refused "a percentage as a share" '4: goal.at_least: 0.6 reads as a share: pct_within_20_weeks is a percentage from 0 to 100; give 60' \
  $'[[goal]]\nmeasure = "pct_within_20_weeks"\nyear = 2027\nat_least = 0.6'
"$bin" la Kent --goals-out "$work/g.csv" --scale 0.05 >/dev/null 2>"$work/err"
check "--goals-out without --goals: exit 2" test $? -eq 2
check "... says it needs --goals" grep -q "^sendtwin: --goals-out: needs --goals FILE" "$work/err"
finish
