#!/usr/bin/env bash
# End-to-end promises of the `sendtwin` command. Usage: cli_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
small=(run --scale 0.002 --start 2015 --to 2017 --quiet)

# Help explains every flag of run.
"$bin" --help >"$work/help" 2>&1
check "help names run" grep -q "run" "$work/help"
"$bin" run --help >"$work/run-help" 2>&1
for flag in --out --params --seed --threads --from --to --replicates --scale; do
  check "run --help explains $flag" grep -q -- "$flag" "$work/run-help"
done

# A small run prints the scorecard and writes tidy CSV with the promised columns.
"$bin" "${small[@]}" --out "$work/out" >"$work/stdout" 2>"$work/stderr"
check "small run exits 0" test $? -eq 0
check "scorecard has a 2016 row" grep -q "^2016 " "$work/stdout"
check "tidy CSV header" test "$(head -1 "$work/out/scorecard.csv")" = "measure,geography,code,period,value,unit,scenario,replicate"
check "comparison CSV written" test -s "$work/out/comparison.csv"
check "no temporary files left" test -z "$(ls "$work/out" | grep tmp || true)"

# Same seed, 1 and 2 threads: byte-identical CSV (at a scale of several 65,536-agent chunks).
several=(run --scale 0.03 --start 2015 --to 2016 --quiet)
"$bin" "${several[@]}" --threads 1 --out "$work/t1" >/dev/null 2>&1
"$bin" "${several[@]}" --threads 2 --out "$work/t2" >/dev/null 2>&1
check "1 vs 2 threads identical" cmp -s "$work/t1/scorecard.csv" "$work/t2/scorecard.csv"
"$bin" "${several[@]}" --seed 7 --out "$work/s7" >/dev/null 2>&1
check "another seed differs" bash -c "! cmp -s '$work/t1/scorecard.csv' '$work/s7/scorecard.csv'"

# Bad input: file:line: field: what is wrong, exit code 2, nothing written to --out.
sed 's/^refused = { value = 0.2356/refused = { value = 1.7/' "$src/data/params/send.toml" >"$work/bad-range.toml"
"$bin" "${small[@]}" --params "$work/bad-range.toml" --out "$work/bad1" >/dev/null 2>"$work/err1"
check "impossible parameter exits 2" test $? -eq 2
check "impossible parameter names file, line and field" grep -qE "bad-range.toml:[0-9]+: requests.refused.value: 1.7 is outside" "$work/err1"
check "nothing written on bad input" test ! -e "$work/bad1"

printf '[population\nbroken = ' >"$work/malformed.toml"
"$bin" "${small[@]}" --params "$work/malformed.toml" >/dev/null 2>"$work/err2"
check "malformed TOML exits 2" test $? -eq 2
check "malformed TOML names file and line" grep -qE "malformed.toml:[0-9]+: " "$work/err2"

grep -v '^exit = ' "$src/data/params/send.toml" >"$work/missing.toml"
"$bin" "${small[@]}" --params "$work/missing.toml" >/dev/null 2>"$work/err3"
check "missing parameter exits 2" test $? -eq 2
check "missing parameter is named" grep -q "sen_support.exit: missing parameter" "$work/err3"

"$bin" run --from 2010 --quiet >/dev/null 2>"$work/err4"
check "--from before 2015 exits 2" test $? -eq 2
"$bin" run --params "$work/does-not-exist.toml" --quiet >/dev/null 2>"$work/err5"
check "missing parameter file exits 2" test $? -eq 2
check "missing parameter file is named" grep -q "does-not-exist.toml: cannot open file" "$work/err5"

# The money: England's high needs block by financial year, in the scorecard and the tidy CSV.
"$bin" run --scale 0.002 --start 2015 --to 2021 --quiet --out "$work/money" >"$work/money.out" 2>&1
check "run prints the high needs block" grep -q "^High needs block, financial years" "$work/money.out"
check "run prints 2020-21 beside the implied spend" grep -qE "^2020-21 +[0-9]+ +7380 " "$work/money.out"
check "tidy CSV has high needs spend" grep -q "^high_needs_spend,England,E92000001,2020-21," "$work/money/scorecard.csv"
check "tidy CSV has every LA's ledger" grep -q "^cumulative_dsg_balance,Kent,886,2020-21," "$work/money/scorecard.csv"
check "tidy CSV joins reorganised LAs' ledgers" grep -q "^cumulative_dsg_balance,\"Dorset, Poole, Bournemouth\",835+836+837,2020-21," "$work/money/scorecard.csv"

# Every LA: scorecard.csv holds England and the 152 LAs.
check "scorecard has Kent" grep -q "^ehc_plans,Kent,886,2016-01," "$work/out/scorecard.csv"
check "scorecard has England" grep -q "^ehc_plans,England,E92000001,2016-01," "$work/out/scorecard.csv"

# sendtwin la: by code and by name; an unknown LA exits 2 with the nearest names.
"$bin" la 886 --scale 0.01 --start 2015 --to 2025 --quiet >"$work/kent" 2>&1
check "la 886 exits 0" test $? -eq 0
check "la 886 names Kent" grep -q "sendtwin la: Kent (886, South East)" "$work/kent"
check "la 886 lists similar LAs" grep -q "Most similar LAs" "$work/kent"
check "la 886 ranks EHC plans among the LAs run" grep -qE "^EHC plans 0-25 .* [0-9]+/1[0-9] *$" "$work/kent"
check "la 886 prints 90% intervals across its 20 replicates" grep -q "^Kent: mean and 90% interval across the 20 replicates" "$work/kent"
check "la 886 compares with Kent's published plans" grep -qE "^2015 +[0-9]+ +6884 " "$work/kent"
check "la 886 shows Kent's DSG ledger" grep -q "^Kent: DSG ledger" "$work/kent"
"$bin" la Camden --scale 0.01 --to 2025 --quiet >"$work/camden" 2>&1
check "la Camden exits 0" test $? -eq 0
check "la Camden compares in 2025" grep -q "Camden against its 10 most similar LAs, 2025" "$work/camden"
# la runs the LA and the LAs whose ledger it shares, and its similar LAs beside it, not every LA
# (issue 21): each LA's figures, and BCP's ledger (which Dorset shares), are those of the run of
# every LA (--england) at the same seed and scale.
"$bin" la 839 --start 2025 --scale 0.02 --replicates 2 --quiet --out "$work/bcp.csv" >"$work/bcp" 2>&1
check "la 839 exits 0" test $? -eq 0
"$bin" la 839 --start 2025 --scale 0.02 --replicates 2 --quiet --england --out "$work/bcp-all.csv" >"$work/bcp-all" 2>&1
check "la 839 --england exits 0" test $? -eq 0
grep -v ",England," "$work/bcp.csv" >"$work/bcp.las"
grep -v ",England," "$work/bcp-all.csv" >"$work/bcp-all.las"
check "la: each LA's figures are those of the run of every LA" cmp "$work/bcp.las" "$work/bcp-all.las"
check "la: ... the LA's and its 10 similar LAs', 2 replicates each" test "$(grep -c "^ehc_plans,.*,2025-01," "$work/bcp.las")" -eq 22
sed -n '/: DSG ledger/,/^closing = /p' "$work/bcp" >"$work/bcp.ledger"
sed -n '/: DSG ledger/,/^closing = /p' "$work/bcp-all" >"$work/bcp-all.ledger"
check "la: the shared ledger is that of the run of every LA" sh -c "test -s '$work/bcp.ledger' && cmp '$work/bcp.ledger' '$work/bcp-all.ledger'"
check "la: BCP's ledger is Dorset's too" grep -q "Dorset.*: DSG ledger\|: DSG ledger.*838" "$work/bcp"
check "la --england compares with England and ranks among all LAs" grep -qE "^EHC plans 0-25 .* [0-9]+/153 *$" "$work/bcp-all"
# scenario --la runs the LA alone: its figures and differences are those of the run of every LA (--by-la).
"$bin" scenario "$src"/scenarios/kent-special-places.toml --la Kent --start 2025 --to 2028 --scale 0.02 --replicates 2 --quiet \
  --out "$work/sc-kent" >"$work/sc-kent.txt" 2>&1
check "scenario --la exits 0" test $? -eq 0
check "scenario --la prints the LA's differences" grep -q "^Scenario kent-special-places against the baseline in Kent" "$work/sc-kent.txt"
"$bin" scenario "$src"/scenarios/kent-special-places.toml --by-la --start 2025 --to 2028 --scale 0.02 --replicates 2 --quiet \
  --out "$work/sc-all" >/dev/null 2>&1
check "scenario --by-la exits 0" test $? -eq 0
for f in scenarios differences; do
  grep ",Kent,886," "$work/sc-kent/$f.csv" >"$work/sc-kent.$f"
  grep ",Kent,886," "$work/sc-all/$f.csv" >"$work/sc-all.$f"
  check "scenario --la: Kent's $f are those of the run of every LA" sh -c "test -s '$work/sc-kent.$f' && cmp '$work/sc-kent.$f' '$work/sc-all.$f'"
done
check "scenario --la: no England row (the run's sums are not England's)" sh -c "! grep -q ',E92000001,' '$work/sc-kent/scenarios.csv'"
"$bin" la Kentt --quiet >/dev/null 2>"$work/err6"
check "unknown LA exits 2" test $? -eq 2
check "unknown LA names the nearest" grep -q "nearest names: Kent" "$work/err6"
"$bin" la 839 --start 2015 --quiet >/dev/null 2>"$work/err7"
check "LA formed after 2015 exits 2" test $? -eq 2
check "LA formed after 2015 names its predecessors" grep -q "formed from Dorset (835), Poole (836), Bournemouth (837)" "$work/err7"

# sendtwin variation: the spread across LAs for each measure.
"$bin" variation --scale 0.01 --start 2015 --to 2025 --quiet >"$work/variation" 2>&1
check "variation exits 0" test $? -eq 0
check "variation prints 2025 quartiles" grep -q "Variation across 152 LAs, 2025" "$work/variation"
check "variation compares each LA with its published plans" grep -qE "^2020 +1[0-9][0-9] " "$work/variation"

# sendtwin validate: every published series in sample, and the published futures beside the model.
"$bin" validate --scale 0.01 --quiet >"$work/validate" 2>&1
check "validate exits 0" test $? -eq 0
check "validate prints the in-sample table" grep -qE "^ehc_plans +[-+]" "$work/validate"
check "validate puts CCN/Isos 2029 beside the model" grep -q "EHC plans (all ages 0-25) — CCN/Isos 2025 *January 2029 *840000" "$work/validate"

# sendtwin compare: a user's figures beside the run; a measure the model lacks is an error at its line.
printf 'measure,geography,period,value,source\nehc_plans,England,January 2025,638745,DfE\nehc_plans,Kent,2025,20635,DfE\n' >"$work/mine.csv"
"$bin" compare "$work/mine.csv" --scale 0.01 --to 2025 --quiet >"$work/compared" 2>&1
check "compare exits 0" test $? -eq 0
check "compare writes the model beside each row" grep -qE "^ehc_plans,Kent,2025,20635,[0-9.]+,[-0-9.]+,[-0-9.]+$" "$work/compared"
printf 'measure,geography,period,value\nplans,England,2025,1\n' >"$work/bad.csv"
"$bin" compare "$work/bad.csv" --scale 0.01 --start 2015 --to 2016 --quiet >/dev/null 2>"$work/err9"
check "compare: unknown measure exits 2" test $? -eq 2
check "compare: unknown measure names file, line and column" grep -q "bad.csv:2: measure: \"plans\" is not a measure of the model" "$work/err9"

# sendtwin calibrate: a short fit at a small scale writes a parameter file that runs.
"$bin" calibrate --until 2018 --scale 0.01 --max-evaluations 10 --effects-scale 0.02 --iterations 3 --out "$work/fitted.toml" --quiet >"$work/fit" 2>&1
check "calibrate exits 0" test $? -eq 0
check "calibrate reports the fit" grep -q "^sendtwin calibrate: .* targets to 2018" "$work/fit"
check "calibrate reports the calendar-year effects" grep -qE "^requests_rate +[0-9.]+ +[0-9.]+" "$work/fit"
check "calibrate reports the cost fit" grep -q "finance.non_plan_share" "$work/fit"
check "the fitted file holds the year effects to 2018" grep -qE "^requests_rate = \{ value = \[([0-9.]+, ){3}[0-9.]+\]" "$work/fitted.toml"
"$bin" "${small[@]}" --params "$work/fitted.toml" >/dev/null 2>&1
check "the fitted parameter file runs" test $? -eq 0
"$bin" calibrate --until 2020 --iterations 0 --per-la --effects-scale 0.05 --out-las "$work/las.csv" --quiet >"$work/fitla" 2>&1
check "calibrate --per-la exits 0" test $? -eq 0
check "calibrate --per-la reports each LA against its plans" grep -q "fitted request rates: *median" "$work/fitla"
"$bin" "${small[@]}" --las "$work/las.csv" >/dev/null 2>&1
check "a run reads the fitted LA table with --las" test $? -eq 0
"$bin" calibrate --iterations 0 --out-las "$work/x.csv" --quiet >/dev/null 2>"$work/err11"
check "calibrate: --out-las without --per-la exits 2" test $? -eq 2
"$bin" calibrate --until 2030 --quiet >/dev/null 2>"$work/err10"
check "calibrate: --until past the published years exits 2" test $? -eq 2

# With DfE's files (CI has ../shared beside the clone): the same run as the embedded table, which
# is built from them; a directory without them is an error naming the file.
shared=${SENDTWIN_SHARED:-$src/../shared}
if [ -d "$shared/data/dfe" ]; then
  "$bin" "${small[@]}" --data "$shared/data/dfe" --out "$work/data" >/dev/null 2>&1
  check "run --data exits 0" test $? -eq 0
  check "run --data equals the embedded table" cmp -s "$work/out/scorecard.csv" "$work/data/scorecard.csv"
  "$bin" data starts --data "$shared/data/dfe" >"$work/starts.csv" 2>/dev/null
  check "data starts reproduces the embedded table" cmp -s "$work/starts.csv" "$src/data/la/starts.csv"
  "$bin" data flows --data "$shared/data/dfe" >"$work/flows.csv" 2>/dev/null
  check "data flows reproduces the embedded table" cmp -s "$work/flows.csv" "$src/data/la/flows.csv"
  "$bin" data funding --data "$shared/data/dfe" >"$work/funding.csv" 2>/dev/null
  check "data funding reproduces the embedded table" cmp -s "$work/funding.csv" "$src/data/la/funding.csv"
fi
# sendtwin data pull, against a local HTTP server on 127.0.0.1 only (no test reaches the internet):
# from a mirror laid out like ../shared/data/dfe, and from a release ZIP as EES serves them.
if [ -d "$shared/data/dfe" ] && command -v python3 >/dev/null; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/serve"
  cp -r "$shared/data/dfe/." "$work/serve/"
  (cd "$work/serve/ehcp-2022" && python3 -c 'import zipfile, sys
with zipfile.ZipFile("../release.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for f in ("sen2_age_caseload.csv", "sen2_estab_caseload.csv", "sen2_mi.csv"):
        z.write("data/" + f)')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/serve" >/dev/null 2>&1 &
  server=$!
  for _ in $(seq 50); do python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
  "$bin" data pull "$work/pulled" --from "$base" >"$work/pull.out" 2>"$work/pull.err"
  check "data pull --from exits 0" test $? -eq 0
  check "data pull checks the files" grep -q "they give the January 2015 start of 152 LAs; run with --data .* --start 2015" "$work/pull.out"
  check "data pull verifies SHA-256" test "$(grep -c 'SHA-256 as recorded' "$work/pull.err")" -eq 4
  "$bin" "${small[@]}" --data "$work/pulled" --out "$work/pulled-run" >/dev/null 2>&1
  check "run on pulled files equals the embedded table" cmp -s "$work/out/scorecard.csv" "$work/pulled-run/scorecard.csv"
  { echo "file,url,member,sha256,source"
    sed -n '2,4p' "$src/data/la/pull.csv" | sed "s#https://content.explore-education-statistics.service.gov.uk/api/releases/[^,]*/files#$base/release.zip#"
    sed -n '5p' "$src/data/la/pull.csv" | sed "s#^dsg_formula_inputs_202021_202324.csv,,#dsg_formula_inputs_202021_202324.csv,$base/dsg_formula_inputs_202021_202324.csv,#"
  } >"$work/manifest.csv"
  "$bin" data pull "$work/zipped" --manifest "$work/manifest.csv" -q >"$work/zip.out" 2>&1
  check "data pull from a release ZIP exits 0" test $? -eq 0
  check "data pull from a release ZIP gives the same files" cmp -s "$work/zipped/ehcp-2022/data/sen2_mi.csv" "$shared/data/dfe/ehcp-2022/data/sen2_mi.csv"
  sed "s#$base/release.zip#$base/missing.zip#" "$work/manifest.csv" >"$work/manifest404.csv"
  "$bin" data pull "$work/nothing" --manifest "$work/manifest404.csv" -q >/dev/null 2>"$work/err404"
  check "data pull: HTTP 404 exits 2" test $? -eq 2
  check "data pull: HTTP 404 names the address" grep -q "missing.zip: ehcp-2022/data/sen2_age_caseload.csv: HTTP 404" "$work/err404"
  check "data pull: a failure writes nothing" test ! -e "$work/nothing"
  sed "s#,data/sen2_mi.csv,#,data/sen2_nope.csv,#" "$work/manifest.csv" >"$work/manifest-member.csv"
  "$bin" data pull "$work/nothing" --manifest "$work/manifest-member.csv" -q >/dev/null 2>"$work/err-member"
  check "data pull: a missing ZIP member exits 2" test $? -eq 2
  check "data pull: a missing ZIP member is named" grep -q "no member data/sen2_nope.csv in the ZIP" "$work/err-member"
  kill "$server" 2>/dev/null
fi
"$bin" data pull "$work/nothing" --from "http://127.0.0.1:9" -q >/dev/null 2>"$work/err-connect"
check "data pull: no server exits 2" test $? -eq 2
check "data pull: no server says so" grep -q "cannot connect" "$work/err-connect"

mkdir -p "$work/empty"
"$bin" "${small[@]}" --data "$work/empty" --out "$work/nodata" >/dev/null 2>"$work/err8"
check "--data without DfE's files exits 2" test $? -eq 2
check "--data without DfE's files names the file" grep -q "sen2_age_caseload.csv: not found under the data directory" "$work/err8"
check "--data error writes nothing" test ! -e "$work/nodata/scorecard.csv"

# sendtwin scenario: every example file against the baseline, a null scenario exactly zero; bad
# levers are errors at their line and nothing is written.
"$bin" scenario "$src"/scenarios/*.toml --replicates 2 --scale 0.01 --to 2030 --years 2030 --out "$work/scen" --quiet >"$work/scenario" 2>&1
check "scenario exits 0" test $? -eq 0
check "scenario prints each scenario's table" grep -q "^Scenario nao-inclusion against the baseline" "$work/scenario"
check "scenario passes over the sweep plan beside the scenarios" grep -q "example-sweep.toml is a sweep plan, not a scenario: passed over" "$work/scenario"
check "scenario: the null scenario's differences are all zero" \
  awk '/^Scenario null/{on=1;next} /^Scenario /{on=0} on && NF>=6 && $1!="measure" {if ($5!="+0" && $5!="+0.00") bad=1} END{exit bad}' "$work/scenario"
check "scenario writes the tidy figures with scenario and replicate" grep -q "^ehc_plans,England,E92000001,2030-01,[0-9]*,count,nao-timeliness,2$" "$work/scen/scenarios.csv"
check "scenario writes the differences" grep -q "^high_needs_spend,England,E92000001,2029-30,GBP,nao-funding-growth," "$work/scen/differences.csv"
"$bin" scenario "$src"/scenarios/*.toml --replicates 2 --scale 0.01 --to 2030 --years 2030 --threads 1 --out "$work/scen1" --quiet >/dev/null 2>&1
check "scenario outputs are byte-identical for 1 thread and all" cmp -s "$work/scen/scenarios.csv" "$work/scen1/scenarios.csv"
printf '[scenario]\nname = "x"\ndescription = "d"\nsource = "s"\n[levers]\ninclusion_incentive = { value = 2.5, from = 2026 }\n' >"$work/bad-lever.toml"
"$bin" scenario "$work/bad-lever.toml" --replicates 1 --scale 0.01 --out "$work/scen-bad" --quiet >/dev/null 2>"$work/err12"
check "scenario: a lever out of range exits 2" test $? -eq 2
check "scenario: a lever out of range names file, line and lever" grep -q "bad-lever.toml:6: levers.inclusion_incentive.value: 2.5 is outside the lever's range \[0, 0.9\]" "$work/err12"
check "scenario: an error writes nothing" test ! -e "$work/scen-bad"
printf '[scenario]\nname = "x"\ndescription = "d"\nsource = "s"\n[levers]\ninclusion = { value = 0.5 }\n' >"$work/unknown-lever.toml"
"$bin" scenario "$work/unknown-lever.toml" --replicates 1 --scale 0.01 --quiet >/dev/null 2>"$work/err13"
check "scenario: an unknown lever exits 2 at its line" grep -q "unknown-lever.toml:6: levers.inclusion: not a known key" "$work/err13"

# sendtwin goal-seek: the funding growth that balances the high needs block in 2028-29.
"$bin" goal-seek "$src"/scenarios/nao-funding-growth.toml --target high_needs_in_year_balance=0@2028-29 --lever high_needs_funding_growth --replicates 2 --scale 0.01 --quiet >"$work/goal" 2>&1
check "goal-seek exits 0" test $? -eq 0
check "goal-seek reports the lever value with its interval" grep -qE "^  high_needs_funding_growth = [0-9.]+ .*90% interval \[" "$work/goal"
"$bin" goal-seek "$src"/scenarios/null.toml --target ehc_plans=1@2030-01 --lever sen_support_quality --replicates 1 --scale 0.01 --quiet >"$work/goal2" 2>&1
check "goal-seek: an unreachable target exits 1 and says so" sh -c "test $? -eq 1 && grep -q 'not reached within' '$work/goal2'"
"$bin" goal-seek "$src"/scenarios/null.toml --target ehc_plans@2030 --lever sen_support_quality --quiet >/dev/null 2>"$work/err14"
check "goal-seek: a malformed target exits 2" test $? -eq 2

# --xlsx: the outputs as an Excel workbook.
"$bin" "${small[@]}" --xlsx "$work/run.xlsx" >/dev/null 2>&1
check "run --xlsx exits 0" test $? -eq 0
check "run --xlsx writes a workbook (a ZIP)" sh -c "head -c 2 '$work/run.xlsx' | grep -q PK"

finish
