#!/usr/bin/env bash
# An LA's own figures (issue 20, "Local data"): `la --local FILE` puts them in place of the
# published ones for that LA alone, lists each override at the top of every output, and refuses a
# bad file at its line before any work.
# Usage: local_test.sh path/to/sendtwin source_dir.
set -uo pipefail
bin=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# One replicate: the checks read one figure a row (`la` runs 20 by default since issue 21).
flags=(--scale 0.05 --to 2027 --seed 3 --replicates 1 --quiet)
head='[local]
la = "886"
source = "test figures"
year = 2025'
# Kent's published January 2025 plans by setting (data/la/starts.csv, columns 11-19).
published=$(awk -F, '$1 == "886" && $3 == "2025" { print $11, $12, $13, $14, $15, $16, $17, $18, $19 }' "$src/data/la/starts.csv")
read -r ms unit ss is ap im fe ey other <<<"$published"
check "starts.csv has Kent's January 2025" test -n "$other"

"$bin" la 886 "${flags[@]}" --out "$work/base.csv" >"$work/base.txt" 2>&1
check "la 886 exits 0" test $? -eq 0
check "without --local, no overrides are listed" bash -c "! grep -q 'Local data' '$work/base.txt' && ! grep -q '^#' '$work/base.csv'"

# The caseload: 500 plans moved from mainstream to independent special schools.
cat >"$work/caseload.toml" <<EOF2
$head
[caseload]
by_setting = { mainstream = $((ms - 500)), mainstream_unit = $unit, state_special = $ss, independent_special = $((is + 500)), alternative_provision = $ap, independent_mainstream = $im, further_education = $fe, early_years = $ey, other = $other }
EOF2
"$bin" la --local "$work/caseload.toml" "${flags[@]}" --out "$work/caseload.csv" --report "$work/caseload.html" \
  --xlsx "$work/caseload.xlsx" >"$work/caseload.txt" 2>&1
check "la --local (the LA from the file) exits 0" test $? -eq 0
check "the terminal output starts with the overrides" bash -c "head -1 '$work/caseload.txt' | grep -q '^Local data: .*caseload.toml overrides 2 published or default figures for Kent (886) only'"
check "the terminal lists the independent special plans it replaced" \
  grep -qE "^  caseload.by_setting.independent_special +$is +$((is + 500))  plans; SEN2, January 2025; test figures" "$work/caseload.txt"
check "the CSV starts with the overrides as comments" bash -c "head -1 '$work/caseload.csv' | grep -q '^# field,unit,replaced,replaced_from,value,source'"
check "the CSV's overrides hold the mainstream plans" grep -q "^# caseload.by_setting.mainstream,plans,$ms,\"SEN2, January 2025\",$((ms - 500)),test figures" "$work/caseload.csv"
check "the report lists the overrides" grep -q "Local data: 2 figures in place of the published ones" "$work/caseload.html"
check "the workbook's first sheet is the overrides" python3 -c "
import sys, zipfile
book = zipfile.ZipFile(sys.argv[1]).read('xl/workbook.xml').decode()
sys.exit(0 if book.find('name=\"Overrides\"') != -1 and book.find('name=\"Overrides\"') < book.find('name=\"Kent\"') else 1)" "$work/caseload.xlsx"
# value: measure code period -> the figure of the tidy CSV.
value() { awk -F, -v m="$2" -v c="$3" -v p="$4" '$1 == m && $3 == c && $4 == p { print $5 }' "$1"; }
within() {  # within A B D: |A - B| <= D
  [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN { x = a - b; exit !(x <= d && x >= -d) }'
}
# At scale 0.05 an agent is 20 plans: the January is the override within one agent's rounding.
january=$(value "$work/caseload.csv" plans_independent_special 886 2025-01)
check "Kent's January 2025 independent special plans are the override (within scale rounding)" within "$january" $((is + 500)) 20
check "... and not the published figure" bash -c "! awk -v a='$january' -v b='$is' 'BEGIN { exit !(a - b < 100 && b - a < 100) }'"
# plans_mainstream counts the mainstream settings: mainstream schools, units and independent mainstream.
check "Kent's January 2025 mainstream plans are the override" within "$(value "$work/caseload.csv" plans_mainstream 886 2025-01)" $((ms - 500 + unit + im)) 20
# Every other LA (its similar LAs in the CSV) is unchanged, figure for figure.
grep -v '^#' "$work/caseload.csv" | awk -F, '$3 != "886" && $3 != "E92000001"' >"$work/others_local"
awk -F, '$3 != "886" && $3 != "E92000001"' "$work/base.csv" >"$work/others_base"
check "the other LAs' rows are there" test "$(wc -l <"$work/others_base")" -gt 100
check "every other LA's figures are unchanged" cmp -s "$work/others_local" "$work/others_base"

# Costs: a dearer independent fee raises Kent's spend and leaves its plans as they were.
printf '%s\n[costs]\nfee = { independent_special = 90000 }\n' "$head" >"$work/fee.toml"
"$bin" la 886 --local "$work/fee.toml" "${flags[@]}" --out "$work/fee.csv" >"$work/fee.txt" 2>&1
check "la --local with a fee exits 0" test $? -eq 0
fee=$(awk '/^\[finance\]/ { f = 1 } f && /^top_up/ { gsub(/.*\[|\].*/, ""); split($0, v, ", "); print v[4]; exit }' "$src/data/params/send.toml")
check "the fee replaced is England's from send.toml" grep -qE "^  costs.fee.independent_special +$fee +90000 " "$work/fee.txt"
# Kent's spend in 2025-26 (the terminal's ledger, GBP million) rises by its independent special
# plans held that year (a quarter of January 2025's, three quarters of January 2026's) times the
# dearer fee at 2025-26 prices, with the block's spending on pupils without a plan (send.toml); the
# fee it gives is its own, where England's fee was at Kent's cost level (the ledger prints it).
spend() { awk '$1 == "2025-26" && NF > 12 { print $6; exit }' "$1"; }
setting() { awk -v k="$1" '/^\[finance\]/ { f = 1 } f && $1 == k { gsub(/.*value = |,.*/, ""); print; exit }' "$src/data/params/send.toml"; }
held=$(awk -v a="$(value "$work/fee.csv" plans_independent_special 886 2025-01)" -v b="$(value "$work/fee.csv" plans_independent_special 886 2026-01)" \
  'BEGIN { print 0.25 * a + 0.75 * b }')
level=$(awk '/^Spend: .* x England.s unit costs/ { print $2; exit }' "$work/base.txt")
check "Kent's ledger prints its cost level" test -n "$level"
expected=$(awk -v h="$held" -v f="$fee" -v c="$level" -v i="$(setting inflation)" -v n="$(setting non_plan_share)" \
  'BEGIN { printf "%.1f", h * (90000 - c * f) * (1 + i) * (1 + n) / 1e6 }')
check "Kent's high needs spend rises by the dearer fee on its independent placements" awk -v a="$(spend "$work/fee.txt")" \
  -v b="$(spend "$work/base.txt")" -v e="$expected" 'BEGIN { d = a - b; exit !(e > 10 && d > e - 0.2 && d < e + 0.2) }'
check "Kent's plans are unchanged by a cost" test "$(value "$work/fee.csv" ehc_plans 886 2027-01)" = "$(value "$work/base.csv" ehc_plans 886 2027-01)"

# Places and money: the example file.
"$bin" la --local "$src/local/example-kent.toml" "${flags[@]}" --out "$work/example.csv" >"$work/example.txt" 2>&1
check "the example file runs" test $? -eq 0
# The census of the start's January counts the places after that month's growth, Kent's own in both
# runs: the file's 6600 stand to the model's own places (printed beside them) as the runs' do.
own_places=$(awk '$1 == "places.state_special" { print $2; exit }' "$work/example.txt")
check "Kent's state special places in January 2025 are the file's" within "$(value "$work/example.csv" state_special_places 886 2025-01)" \
  "$(awk -v b="$(value "$work/base.csv" state_special_places 886 2025-01)" -v own="$own_places" 'BEGIN { if (own > 0) print b * 6600 / own }')" 20
check "the allocation of 2026-27 is the file's" grep -qE "^2026-27 .* 355\.0 .*\(the LA's own allocation, --local\)" "$work/example.txt"
check "the balance at 31 March 2025 is the file's" test "$(awk '$1 == "2024-25" { print $11; exit }' "$work/example.txt")" = "-120.0"
check "the ledger says it restated the balance" grep -q "^2024-25: closing restated to the LA's own balance (--local), -120.0 in place of" "$work/example.txt"
check "the years before it are as without --local" test "$(awk '$1 == "2023-24" { print $11; exit }' "$work/example.txt")" = "$(awk '$1 == "2023-24" { print $11; exit }' "$work/base.txt")"
check "the allocation it replaced is listed" grep -qE "^  money.allocation.2026-27 +[0-9]+ +355000000  GBP; " "$work/example.txt"
check "the balance it replaced is listed" grep -qE "^  money.closing_balance.2024-25 +-[0-9]+ +-120000000  GBP; the balance the ledger carried to then" "$work/example.txt"
"$bin" la --local "$src/local/example-kent.toml" "${flags[@]}" --out "$work/again.csv" >/dev/null 2>&1
check "the same seed gives the same output" cmp -s "$work/example.csv" "$work/again.csv"

# The LA's notional SEN budget: printed beside the model's notional SEN spend, listed as replacing
# no figure, and nothing else of the run moves.
cat >"$work/notional.toml" <<EOF2
$head
[money]
notional_sen_budget = { "2025-26" = 95e6 }
EOF2
"$bin" la --local "$work/notional.toml" "${flags[@]}" --out "$work/notional.csv" >"$work/notional.txt" 2>&1
check "la --local with a notional SEN budget exits 0" test $? -eq 0
check "the budget is listed, replacing no figure" grep -qE "^  money.notional_sen_budget.2025-26 +95000000  GBP; shown beside" "$work/notional.txt"
check "the ledger sets the budget beside the model's notional SEN spend" bash -c \
  "grep -A1 '^2025-26: the notional SEN budget the LA set in its schools funding formula, 95.0\$' '$work/notional.txt' | grep -q '^  (the LA.s own, --local),'"
check "nothing else moves: the figures are those without --local" cmp -s <(grep -v '^#' "$work/notional.csv") "$work/base.csv"

# Refused at the line, exit 2, before any work (no output file).
refused() {  # refused NAME PATTERN FILE-TEXT [LA]
  printf '%s\n' "$3" >"$work/bad.toml"
  "$bin" la ${4:-} --local "$work/bad.toml" "${flags[@]}" --out "$work/bad.csv" >/dev/null 2>"$work/err"
  local rc=$?
  check "$1 exits 2" test $rc -eq 2
  check "$1 is refused at its line" grep -q "$2" "$work/err"
  check "$1 is refused before the run" test ! -e "$work/bad.csv"
}
refused "an unknown key" "bad.toml:6: costs.fees: not a known key" "$head
[costs]
fees = { independent_special = 90000 }"
refused "a value out of range" "bad.toml:6: places.state_special: -3 is outside" "$head
[places]
state_special = -3"
refused "an unknown LA" "bad.toml:1: local.la: \"999\" is not an LA" "${head/886/999}
[places]
growth = 0"
refused "another LA than the one named" "bad.toml:1: local.la: is \"886\", not Medway" "$head
[places]
growth = 0" 887
refused "an implausible allocation" "bad.toml:6: money.allocation.2025-26: 3000000000 is more than 3 times" "$head
[money]
allocation = { \"2025-26\" = 3e9 }"

# The joint caseload: [[caseload.rows]] of age band x setting x need. Built from the example CSV
# (Kent's published margins, fitted), each age band x setting cell rounded to 20 plans (one agent
# at scale 0.05, so the start holds the table exactly), state special plans all SLD and the others
# all ASD: the start's January plans by age band, by setting and by need are the table's sums.
awk -F, 'NR > 1 { n[$1 "," $2] += $4 } END { for (k in n) print k "," n[k] }' "$src/local/example-kent-joint.csv" | sort >"$work/cells"
{
  printf '%s\n' "$head"
  awk -F, '{ p = int(($3 + 10) / 20) * 20; if (p > 0) printf "[[caseload.rows]]\nage_band = \"%s\"\nsetting = \"%s\"\nneed = \"%s\"\nplans = %d\n", $1, $2, ($2 == "state_special" ? "SLD" : "ASD"), p }' "$work/cells"
} >"$work/joint.toml"
rows_sum() { awk -v f="$1" -v k="$2" '/^age_band/ { a = $3 } /^setting/ { s = $3 } /^plans/ { if ((f == "a" ? a : s) == "\"" k "\"") t += $3 } END { print t + 0 }' "$work/joint.toml"; }
"$bin" la --local "$work/joint.toml" "${flags[@]}" --out "$work/joint.csv" --xlsx "$work/joint.xlsx" >"$work/joint.txt" 2>&1
check "la --local with a joint table exits 0" test $? -eq 0
check "the joint table is listed as an override" grep -qE "^  caseload.rows +[0-9]+ in [0-9]+ cells, needs by setting \\(not by age\\)  plans by age band x setting; a table fitted to SEN2's two margins" "$work/joint.txt"
for pair in under_5:under_5 5_10:5_10 11_15:11_15 16_19:16_19 20_25:20_25; do
  band=${pair%%:*}
  check "the start's plans aged $band are the rows' sum ($(rows_sum a "$band"))" \
    within "$(value "$work/joint.csv" "plans_aged_$band" 886 2025-01)" "$(rows_sum a "$band")" 0
done
for pair in plans_state_special:state_special plans_independent_special:independent_special plans_in_units:mainstream_unit \
  plans_further_education:further_education plans_in_early_years:early_years plans_in_other:other \
  plans_in_independent_mainstream:independent_mainstream plans_in_alternative_provision:alternative_provision; do
  measure=${pair%%:*} setting=${pair##*:}
  check "the start's $measure are the rows' sum ($(rows_sum s "$setting"))" \
    within "$(value "$work/joint.csv" "$measure" 886 2025-01)" "$(rows_sum s "$setting")" 0
done
check "each setting's needs are the rows': SLD plans are the state special plans" \
  within "$(value "$work/joint.csv" plans_need_sld 886 2025-01)" "$(rows_sum s state_special)" 0
check "... and ASD plans all the others" \
  awk -v asd="$(value "$work/joint.csv" plans_need_asd 886 2025-01)" -v all="$(value "$work/joint.csv" ehc_plans 886 2025-01)" \
    -v sld="$(rows_sum s state_special)" 'BEGIN { exit !(asd != "" && all != "" && asd == all - sld) }'
check "the workbook with a joint table reads back" /usr/bin/python3 "$src/tests/cli/la_workbook_check.py" "$work/joint.xlsx"
# The joint example (its CSV beside it) and its unit places, reported in the SCAP sheet only.
"$bin" la --local "$src/local/example-kent-joint.toml" "${flags[@]}" --out "$work/joint-example.csv" --xlsx "$work/joint-example.xlsx" \
  >"$work/joint-example.txt" 2>&1
check "the joint example runs" test $? -eq 0
check "its January 2025 is Kent's published plans" within "$(value "$work/joint-example.csv" ehc_plans 886 2025-01)" "$(value "$work/base.csv" ehc_plans 886 2025-01)" 0
check "its unit places are listed as reported only" grep -qE "^  places.mainstream_unit +1130  places \(reported only: no limit in the model\)" "$work/joint-example.txt"
check "... and shown in the SCAP sheet beside the plans in units" /usr/bin/python3 - "$work/joint-example.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["SCAP"]
rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r and r[0]}
places = rows["Unit and resourced provision places (the LA's own, --local; reported, not a limit in the model)"]
held = rows["Plans in units and resourced provision"]
assert places[0] == 1130 and all(v is None for v in places[1:]), places
assert isinstance(held[0], (int, float)) and abs(held[0] - 1075) <= 20, held
PY
# A joint table's mistakes, each at its line, exit 2, before the run.
row() { printf '[[caseload.rows]]\nage_band = "%s"\nsetting = "%s"\nneed = "%s"\nplans = %s\n' "$@"; }
refused "an unknown need in a row" "bad.toml:8: caseload.rows\[1\].need: \"ADHD\" is not one of SPLD" "$head
$(row 5_10 mainstream ADHD 20000)"
refused "negative plans in a row" "bad.toml:9: caseload.rows\[1\].plans: -5 is outside" "$head
$(row 5_10 mainstream ASD -5)"
refused "fractional plans in a row" "bad.toml:9: caseload.rows\[1\].plans: 2.5 is not a whole number" "$head
$(row 5_10 mainstream ASD 2.5)"
refused "a repeated row" "bad.toml:10: caseload.rows: repeats the row of line 5" "$head
$(row 5_10 mainstream ASD 10000)
$(row 5_10 mainstream ASD 10000)"
refused "a margin that is not the rows' sum" "bad.toml:6: caseload.by_age_band.5_10: 20001 plans, the rows 20000" "$head
[caseload]
by_age_band = { under_5 = 0, 5_10 = 20001, 11_15 = 0, 16_19 = 0, 20_25 = 0 }
$(row 5_10 mainstream ASD 20000)"
refused "a plan where none can start" "bad.toml:5: caseload.rows: plans aged 11_15 in early_years" "$head
$(row 11_15 early_years ASD 20000)"
printf 'age_band,setting,need,plans\n5_10,mainstream,ASD,20000\n5_10,specialist,ASD,5\n' >"$work/bad-rows.csv"
refused "an unknown setting in the CSV" "bad-rows.csv:3: setting: \"specialist\" is not one of mainstream" "$head
[caseload]
rows_csv = \"bad-rows.csv\""
refused "new unit places by year" "bad.toml:6: places.new_mainstream_unit: the model places children in units" "$head
[places]
new_mainstream_unit = { \"2026\" = 30 }"

# goal-seek --local: the LA's own figures act in every run of the search and head its output. Kent's
# example file has a smaller allocation and dearer top-ups, so balancing its block in 2028-29 takes
# faster growth of allocations than on the published figures.
seek() {
  "$bin" goal-seek "$src/scenarios/nao-funding-growth.toml" --la 886 --lever high_needs_funding_growth \
    --target high_needs_in_year_balance=0@2028-29 --replicates 1 --scale 0.05 --quiet "$@" 2>&1
}
seek --local "$src/local/example-kent.toml" >"$work/seek-local"
check "goal-seek --local exits 0" test $? -eq 0
check "goal-seek --local lists the overrides first" bash -c "head -1 '$work/seek-local' | grep -q '^Local data: .*example-kent.toml overrides 10 published or default figures for Kent (886) only'"
check "... the allocation among them" grep -q "^  money.allocation.2026-27 .* 355000000 " "$work/seek-local"
seek >"$work/seek"
growth() { sed -n 's/^  high_needs_funding_growth = \([0-9.]*\) (a year.*/\1/p' "$1"; }
check "goal-seek --local needs faster growth than on the published figures ($(growth "$work/seek-local") against $(growth "$work/seek"))" \
  awk -v a="$(growth "$work/seek-local")" -v b="$(growth "$work/seek")" 'BEGIN { exit !(a != "" && b != "" && a + 0 > b + 0) }'

# scenario --local: the LA's own figures in the baseline and the scenario, listed first and as
# overrides.csv. Dearer state special top-ups alone (the places as published, short in both runs
# until Kent's places' growth overtakes its demand) make Kent's 300 places a year save less. At scale
# 0.1: at 0.05 Kent's state special places, in one random path, never ran short and the added ones
# saved nothing. (The example file's own places, 6,600 with more added, are not short by 2030.)
places() {
  "$bin" scenario "$src/scenarios/kent-special-places.toml" --by-la --to 2030 --replicates 2 --scale 0.1 -q "$@" >"$work/places" 2>&1
}
printf '[local]\nla = "886"\nsource = "test: dearer state special top-ups only"\nyear = 2025\n[costs]\ntop_up = { state_special = 24000 }\n' >"$work/dearer.toml"
places --local "$work/dearer.toml" --out "$work/places-local"
check "scenario --local exits 0" test $? -eq 0
check "scenario --local lists the overrides first" bash -c "head -1 '$work/places' | grep -q '^Local data: .*dearer.toml overrides'"
check "... and writes them to overrides.csv" grep -q "^costs.top_up.state_special,.*,24000," "$work/places-local/overrides.csv"
places --out "$work/places-published"
saving() { awk -F, '$1 == "high_needs_spend" && $3 == "886" && $4 == "2029-30" { print $9 }' "$1/differences.csv"; }
check "Kent's places save less with its dearer special top-ups ($(saving "$work/places-local") against $(saving "$work/places-published"))" \
  awk -v a="$(saving "$work/places-local")" -v b="$(saving "$work/places-published")" 'BEGIN { exit !(a != "" && b != "" && a + 0 < 0 && a + 0 > b + 0) }'

finish
