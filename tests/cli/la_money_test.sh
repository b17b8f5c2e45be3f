#!/usr/bin/env bash
# An LA's money (issue 18): `compare` puts an LA's figures beside its DSG ledger (the same ledger
# `run` writes), refuses an LA whose ledger a reorganisation shares and a year no ledger holds, at
# their line and before the run; `la` shows the balance DfE published beside its ledger.
# Usage: la_money_test.sh path/to/sendtwin source_dir. Runs start from the default January.
set -uo pipefail
bin=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
flags=(--scale 0.01 --to 2026 --seed 3)

# The ledger as `run` writes it, and `compare` on the same run.
"$bin" run "${flags[@]}" --quiet --out "$work/run" >/dev/null 2>&1
check "run exits 0" test $? -eq 0
cat >"$work/mine.csv" <<EOF
measure,geography,period,value
high_needs_spend,Kent,2024-25,300000000
high_needs_allocation,886,FY 2025-26,300000000
high_needs_in_year_balance,Kent,2025-26,-20000000
cumulative_dsg_balance,Kent,2024-25,-100000000
net_overspend,Kent,2025-26,20000000
high_needs_spend,England,2024-25,11000000000
EOF
"$bin" compare "$work/mine.csv" "${flags[@]}" --quiet >"$work/compared" 2>"$work/err"
check "compare of an LA's money exits 0" test $? -eq 0
# Kent's ledger rows in run's tidy CSV (whole pounds): measure,geography,code,period,value,...
ledger() { awk -F, -v m="$1" -v p="$2" '$1 == m && $2 == "Kent" && $3 == "886" && $4 == p { print $5 }' "$work/run/scorecard.csv"; }
model() { awk -F, -v m="$1" -v g="$2" -v p="$3" '$1 == m && $2 == g && $3 == p { print $5 }' "$work/compared"; }
same() {  # same A B: two figures within a pound (the tidy CSV rounds to whole pounds)
  [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(d < 1 && d > -1) }'
}
check "Kent's spend is its ledger's" same "$(model high_needs_spend Kent 2024-25)" "$(ledger high_needs_spend 2024-25)"
check "Kent's allocation (by code) is its ledger's" same "$(model high_needs_allocation 886 "FY 2025-26")" "$(ledger high_needs_allocation 2025-26)"
in_year=$(awk -v a="$(ledger high_needs_allocation 2025-26)" -v t="$(ledger schools_block_transfer 2025-26)" \
  -v s="$(ledger high_needs_spend 2025-26)" 'BEGIN { printf "%.0f", a + t - s }')
check "Kent's in-year balance is allocation + transfer - spend" same "$(model high_needs_in_year_balance Kent 2025-26)" "$in_year"
check "Kent's cumulative balance is its ledger's closing" same "$(model cumulative_dsg_balance Kent 2024-25)" "$(ledger cumulative_dsg_balance 2024-25)"
over=$(awk -v b="$in_year" 'BEGIN { printf "%.0f", b < 0 ? -b : 0 }')
check "Kent's net overspend is its overspend" same "$(model net_overspend Kent 2025-26)" "$over"
check "England's money is England's" grep -qE "^high_needs_spend,England,2024-25,11000000000,[0-9]{11}\.[0-9]{2}," "$work/compared"

# Refused at the line, before the run (no "simulated" line): an LA sharing a reorganised ledger,
# a year outside the ledgers.
printf 'measure,geography,period,value\nhigh_needs_spend,Kent,2024-25,1\nhigh_needs_spend,Dorset,2024-25,1\n' >"$work/shared.csv"
"$bin" compare "$work/shared.csv" "${flags[@]}" >/dev/null 2>"$work/err"
check "a shared ledger exits 2" test $? -eq 2
check "a shared ledger is refused at its line, naming the ledger" \
  grep -q "shared.csv:3: geography: \"Dorset\" shares one DSG ledger .*Dorset, Poole, Bournemouth" "$work/err"
check "a shared ledger is refused before the run" bash -c "! grep -q simulated '$work/err'"
printf 'measure,geography,period,value\ncumulative_dsg_balance,Kent,2026-27,1\n' >"$work/late.csv"
"$bin" compare "$work/late.csv" "${flags[@]}" >/dev/null 2>"$work/err"
check "a year after the run exits 2" test $? -eq 2
check "a year after the run is refused at its line" grep -q "late.csv:2: period: 2026-27 is outside the financial years" "$work/err"
check "a year after the run is refused before it" bash -c "! grep -q simulated '$work/err'"

# la: the balance DfE published for 31 March 2021 beside Kent's 2020-21, its % of DSG income times
# the DSG (data/la/funding.csv), in the terminal and in the report's data table.
"$bin" la 886 "${flags[@]}" --quiet --report "$work/kent.html" >"$work/kent" 2>&1
check "la 886 exits 0" test $? -eq 0
published=$(awk -F, '$1 == "886" && $3 == "2020" { printf "%+.1f", $8 / 100 * $5 / 1e6 }' "$src/data/la/funding.csv")
check "funding.csv has Kent's March 2021 balance" test -n "$published"
check "la prints the published balance column" grep -qE "^year .* closing +pub\. bal " "$work/kent"
check "la prints Kent's published March 2021 balance" \
  test "$(awk '$1 == "2020-21" { print $12; exit }' "$work/kent")" = "$published"
check "la leaves the published balance blank for a year not yet ended (the next field is % DSG)" \
  bash -c "awk '\$1 == \"2025-26\" { print \$12 }' '$work/kent' | grep -qE '%$'"
# The money chart's table: financial year, spend, allocation, balance, the 20% threshold, published balance.
check "the report shows the published balance beside the ledger" \
  grep -qE "<th scope=\"row\">2020-21</th>(<td>[^<]*</td>){4}<td>${published#+}</td>" "$work/kent.html"

finish
