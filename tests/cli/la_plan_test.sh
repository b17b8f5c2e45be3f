#!/usr/bin/env bash
# An LA's own plan (issue 20), the parts done: `la --scenario` with several files gives the LA under
# each against the baseline (Kent's 300 more special places a year: fewer independent placements,
# less spend); `goal-seek --la` meets an LA's own figure, and refuses a measure not computed per LA
# or an LA without a ledger of its own, before any run.
# Usage: la_plan_test.sh path/to/sendtwin source_dir.
set -uo pipefail
bin=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$bin" la Kent --scenario "$src/scenarios/kent-special-places.toml" "$src/scenarios/nao-inclusion.toml" \
  --scale 0.05 --replicates 3 --quiet --xlsx "$work/kent.xlsx" >"$work/kent" 2>&1
check "la --scenario with two files exits 0" test $? -eq 0
check "la --scenario prints Kent under the first" grep -q "^Scenario kent-special-places against the baseline in Kent" "$work/kent"
check "la --scenario prints Kent under the second" grep -q "^Scenario nao-inclusion against the baseline in Kent" "$work/kent"
# Kent's own places: more state special plans and fewer independent ones in 2030, and less spend in
# 2030-31 (the fifth column: the mean difference).
awk '/^Scenario kent-special-places/{on=1} /^Scenario nao-inclusion/{on=0} on && /^[a-z_]+ \(/{m=$1} on {print m, $0}' "$work/kent" >"$work/kent-own"
check "Kent's places: more plans in state special schools in 2030" \
  awk '$1 == "plans_state_special" && $2 == "2030-01" { found = 1; exit !($5 > 0) } END { exit !found }' "$work/kent-own"
check "Kent's places: fewer in independent special schools in 2030" \
  awk '$1 == "plans_independent_special" && $2 == "2030-01" { found = 1; exit !($5 < 0) } END { exit !found }' "$work/kent-own"
check "Kent's places: less high needs spend in 2030-31" \
  awk '$1 == "high_needs_spend" && $2 == "2030-31" { found = 1; exit !($5 < 0) } END { exit !found }' "$work/kent-own"

# The plan workbook, read back with openpyxl: a header row on every sheet, number formats on every
# money and percentage cell, no tidy dump, the DSG management plan, LSRP and SCAP sheets adding up,
# and the two scenarios as mitigations with the mitigated position.
check "Kent's plan workbook reads back, with its mitigations" /usr/bin/python3 "$src/tests/cli/la_workbook_check.py" "$work/kent.xlsx" --mitigated
# A successor LA of a reorganisation (Dorset, 838), baseline only.
"$bin" la 838 --scale 0.05 --quiet --xlsx "$work/dorset.xlsx" >/dev/null 2>&1
check "Dorset's plan workbook is written" test -s "$work/dorset.xlsx"
check "Dorset's plan workbook reads back" /usr/bin/python3 "$src/tests/cli/la_workbook_check.py" "$work/dorset.xlsx"
# The splits of a placement come from the parameters: with half of FE in specialist post-16
# institutions (--params), the workbook's Assumptions sheet shows it and the LSRP's specialist
# post-16 row holds more of the same FE plans (the run itself is the same: the splits are not the
# model's).
sed 's/^specialist_post16 = { numerator = 9675, denominator = 88158,/specialist_post16 = { numerator = 44079, denominator = 88158,/' \
  "$src/data/params/send.toml" >"$work/split.toml"
check "the changed parameter file differs in the split" bash -c "! cmp -s '$src/data/params/send.toml' '$work/split.toml'"
"$bin" la 838 --scale 0.05 --quiet --params "$work/split.toml" --xlsx "$work/dorset-split.xlsx" >/dev/null 2>&1
check "Dorset's workbook with a changed split is written" test -s "$work/dorset-split.xlsx"
check "its Assumptions sheet shows the changed split" /usr/bin/python3 "$src/tests/cli/la_workbook_check.py" "$work/dorset-split.xlsx" --params "$work/split.toml"
check "the checker refuses it against the default parameters" bash -c "! /usr/bin/python3 '$src/tests/cli/la_workbook_check.py' '$work/dorset-split.xlsx' >/dev/null"
check "the LSRP's specialist post-16 row takes the changed share of the same FE plans" /usr/bin/python3 - "$work/dorset.xlsx" "$work/dorset-split.xlsx" <<'PY'
import sys, openpyxl
def rows(path):
    ws = openpyxl.load_workbook(path)["LSRP"]
    out = {}
    for r in ws.iter_rows(values_only=True):
        if r[0] in ("Mainstream Post 16 provision", "Specialist Post-16 institutions") and r[0] not in out:
            out[r[0]] = [v for v in r[1:] if isinstance(v, (int, float))]
    return out
a, b = rows(sys.argv[1]), rows(sys.argv[2])
spec, main = "Specialist Post-16 institutions", "Mainstream Post 16 provision"
assert a[spec] and len(a[spec]) == len(b[spec]), (a, b)
for k in range(len(a[spec])):
    fe = a[spec][k] + a[main][k]
    assert abs(b[spec][k] + b[main][k] - fe) <= 1, (k, a, b)      # the same FE plans
    assert abs(b[spec][k] - fe / 2) <= 1, (k, b[spec][k], fe)      # half of them: 44,079 of 88,158
    assert b[spec][k] > a[spec][k], (k, a[spec][k], b[spec][k])    # more than England's 11%
PY

# The checker fails a workbook that is a tidy dump (the workbook of `run`).
"$bin" run --scale 0.01 --to 2026 --quiet --xlsx "$work/run.xlsx" >/dev/null 2>&1
check "the checker refuses a workbook without the returns" bash -c "! /usr/bin/python3 '$src/tests/cli/la_workbook_check.py' '$work/run.xlsx' >/dev/null"

"$bin" goal-seek "$src/scenarios/nao-funding-growth.toml" --la 886 --lever high_needs_funding_growth \
  --target high_needs_in_year_balance=0@2028-29 --replicates 1 --scale 0.05 --quiet >"$work/goal" 2>&1
check "goal-seek --la exits 0" test $? -eq 0
check "goal-seek --la says whose figure it meets" grep -q "high_needs_in_year_balance of Kent (886) = 0 in 2028-29" "$work/goal"
check "goal-seek --la reaches it" grep -q "reached in 1 of 1 replicates" "$work/goal"
"$bin" goal-seek "$src/scenarios/nao-funding-growth.toml" --la Kent --lever high_needs_funding_growth \
  --target tribunal_appeals=100@2028 --replicates 1 --scale 0.05 --quiet >/dev/null 2>"$work/err"
check "goal-seek --la with a measure not computed per LA exits 2" test $? -eq 2
check "... and says which are" grep -q "tribunal_appeals is not computed for each LA; an LA's measures are pupils_with_plan" "$work/err"
check "... before any run" bash -c "! grep -q simulated '$work/err'"
"$bin" goal-seek "$src/scenarios/nao-funding-growth.toml" --la Kentt --lever high_needs_funding_growth \
  --target high_needs_spend=1@2028-29 --replicates 1 --scale 0.05 --quiet >/dev/null 2>"$work/err"
check "goal-seek --la with an unknown LA exits 2" test $? -eq 2

# Every current LA: `la --list` lists the 153 LAs of January 2025; `la` without one says what to give.
"$bin" la --list --quiet >"$work/list" 2>&1
check "la --list exits 0" test $? -eq 0
check "la --list lists the 153 LAs of January 2025" test "$(grep -cE '^[0-9]{3}  ' "$work/list")" -eq 153
check "la --list has BCP and North Northamptonshire" bash -c "grep -q '^839  E06000058  Bournemouth, Christchurch and Poole' '$work/list' && grep -q '^940 ' '$work/list'"
"$bin" la --quiet >/dev/null 2>"$work/err"
check "la without an LA exits 2 and says what to give" bash -c "test $? -eq 2 && grep -q 'give --list' '$work/err'"

# Levers for one LA: an LA not in the register, and a money lever, are refused at their line.
cat >"$work/local.toml" <<'EOF'
[scenario]
name = "local"
description = "levers for one LA"
source = "tests"

[la."999".levers]
sen_support_quality = { value = 0.2, from = 2027 }
EOF
"$bin" la Kent --scenario "$work/local.toml" --scale 0.02 --quiet >/dev/null 2>"$work/err"
check "an LA's levers for an LA not in the register: exit 2" test $? -eq 2
check "... at its line" grep -q "local.toml:6: la.999: is not an LA of the run" "$work/err"
sed -i 's/^\[la."999".levers\]/[la."886".levers]/; s/^sen_support_quality = .*/high_needs_funding_growth = { value = 0.1 }/' "$work/local.toml"
"$bin" la Kent --scenario "$work/local.toml" --scale 0.02 --quiet >/dev/null 2>"$work/err"
check "a money lever for one LA: exit 2" test $? -eq 2
check "... at its line" grep -q "local.toml:7: la.886.levers.high_needs_funding_growth: acts on England's money" "$work/err"

finish
