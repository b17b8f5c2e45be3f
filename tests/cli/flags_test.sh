#!/usr/bin/env bash
# The command line refuses what it cannot use (issue 15): each flag's range, NaN and infinity, a
# seed outside 0..2^64-1, a goal-seek target the run cannot have, a flag the command does not take,
# a misspelt command or flag (with the nearest name). Every refusal is exit 2 with the flag's name,
# before any simulation (a refused command with a run of minutes behind it answers in seconds).
# Usage: flags_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$work" || exit 1
small=(--scale 0.002 --start 2015 --to 2017 --quiet)
scenario=$src/scenarios/null.toml

# refused NAME PATTERN ARGS...: exit 2 within 20 s (so before any long run), stderr matching
# PATTERN (an extended regex), no "internal error", nothing on stdout.
refused() {
  local name=$1 pattern=$2; shift 2
  timeout 20 "$bin" "$@" >"$work/stdout" 2>"$work/err"
  local rc=$?
  if [ $rc -eq 2 ] && grep -qE -- "$pattern" "$work/err" && ! grep -q "internal error" "$work/err" && [ ! -s "$work/stdout" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAILED: $name (exit $rc): $(head -c 300 "$work/err")"
  fi
}
# accepted NAME ARGS...: exit 0.
accepted() {
  local name=$1; shift
  timeout 120 "$bin" "$@" >"$work/stdout" 2>"$work/err"
  local rc=$?
  check "$name (exit $rc): $(head -c 200 "$work/err")" test $rc -eq 0
}

# ---- Seeds: a whole number in 0..2^64-1; -1 and 2^64 no longer wrap or saturate to 2^64-1.
refused "run --seed -1" "--seed: .*0 to 18446744073709551615" run --seed -1 "${small[@]}"
refused "run --seed 2^64" "--seed: .*0 to 18446744073709551615" run --seed 18446744073709551616 "${small[@]}"
refused "run --seed 1e3" "--seed: " run --seed 1e3 "${small[@]}"
refused "calibrate --seed -1" "--seed: " calibrate --seed -1 --quiet
refused "serve --seed -1" "--seed: " serve --seed -1 --port 0
refused "witan --seed -1" "--seed: " witan "$work/none.edn" --seed -1
accepted "run --seed 2^64-1" run --seed 18446744073709551615 "${small[@]}"
check "the largest seed is the seed run" grep -q "seed 18446744073709551615" "$work/stdout"

# ---- Scale: at least 0.001 (England's smallest share that still simulates every measure), at most 1.
refused "run --scale 1e-9" "--scale: .*0.001" run --scale 1e-9 --start 2015 --to 2017 --quiet
refused "run --scale 0.0005" "--scale: .*0.001" run --scale 0.0005 --start 2015 --to 2017 --quiet
refused "run --scale 1.5" "--scale: " run --scale 1.5 --start 2015 --to 2017 --quiet
refused "run --scale nan" "--scale: " run --scale nan --start 2015 --to 2017 --quiet
refused "run --scale inf" "--scale: " run --scale inf --start 2015 --to 2017 --quiet
refused "calibrate --scale 1e-9" "--scale: .*0.001" calibrate --scale 1e-9 --quiet
refused "calibrate --effects-scale 1e-9" "--effects-scale: .*0.001" calibrate --effects-scale 1e-9 --quiet
refused "scenario --scale 1e-9" "--scale: .*0.001" scenario "$scenario" --scale 1e-9 --start 2015 --to 2017 --quiet
# An LA of ~250 pupils has no agent at 0.002: `la` asks for a scale that gives it one.
refused "la Isles of Scilly at a scale that simulates none of it" "--scale: .*Isles of Scilly" la "Isles of Scilly" "${small[@]}"
accepted "la Isles of Scilly at a scale that simulates it" la "Isles of Scilly" --scale 0.01 --start 2015 --to 2016 --quiet

# ---- Threads: 1..256 (no flag: every core).
refused "run --threads 0" "--threads: .*1 to 256" run --threads 0 "${small[@]}"
refused "run --threads -3" "--threads: " run --threads -3 "${small[@]}"
refused "run --threads 100000" "--threads: " run --threads 100000 "${small[@]}"
refused "calibrate --threads 0" "--threads: " calibrate --threads 0 --quiet
refused "sweep --threads 1000" "--threads: " sweep "$src/scenarios/example-sweep.toml" --threads 1000 --quiet
refused "serve --threads -1" "--threads: " serve --threads -1 --port 0
refused "witan --threads 0" "--threads: " witan "$work/none.edn" --threads 0

# ---- Every other number: its range, and never NaN or infinity.
refused "run --replicates 0" "--replicates: " run --replicates 0 "${small[@]}"
refused "run --replicates 1e9" "--replicates: " run --replicates 1000000000 "${small[@]}"
refused "run --to 2081" "--to: .*2080" run --to 2081 --scale 0.002 --quiet
refused "run --to 99999999999" "--to: " run --to 99999999999 --scale 0.002 --quiet
refused "run --from 2014" "--from: " run --from 2014 "${small[@]}"
refused "run --from after --to" "--to: .*--from" run --from 2017 --start 2015 --to 2016 --scale 0.002 --quiet
refused "scenario --from after --to" "--to: .*--from" scenario "$scenario" --from 2030 --start 2015 --to 2017 --scale 0.002 --quiet
refused "scenario --years 2100" "--years: " scenario "$scenario" --years 2100 "${small[@]}"
refused "scenario --years nan" "--years: " scenario "$scenario" --years nan "${small[@]}"
refused "calibrate --until 2030" "--until: " calibrate --until 2030 --quiet
refused "calibrate --iterations -1" "--iterations: " calibrate --iterations -1 --quiet
refused "witan --simulations -5" "--simulations: " witan "$work/none.edn" --simulations -5
refused "serve --port 70000" "--port: " serve --port 70000
refused "serve --port -1" "--port: " serve --port -1
goal=(goal-seek "$scenario" --lever high_needs_funding_growth --replicates 1 "${small[@]}")
refused "goal-seek --lo nan" "--lo: " "${goal[@]}" --target ehc_plans=1000@2017-01 --lo nan
refused "goal-seek --hi inf" "--hi: " "${goal[@]}" --target ehc_plans=1000@2017-01 --hi inf
refused "goal-seek --tolerance inf" "--tolerance: " "${goal[@]}" --target ehc_plans=1000@2017-01 --tolerance inf
refused "goal-seek --tolerance -1" "--tolerance: " "${goal[@]}" --target ehc_plans=1000@2017-01 --tolerance -1
refused "goal-seek --replicates 0" "--replicates: " "${goal[@]}" --target ehc_plans=1000@2017-01 --replicates 0

# ---- goal-seek --target: what the run can have, checked before the run (a run of minutes behind
# each: --scale 1 to 2080 would not finish within the 20 s the check allows).
slow=(goal-seek "$scenario" --lever high_needs_funding_growth --replicates 1 --scale 1 --quiet)
refused "goal-seek target year 9999" "--target: .*2080" "${slow[@]}" --target high_needs_in_year_balance=0@9999-00
refused "goal-seek target nan" "--target: .*number" "${slow[@]}" --target ehc_plans=nan@2030-01
refused "goal-seek target inf" "--target: .*number" "${slow[@]}" --target ehc_plans=inf@2030-01
refused "goal-seek unknown measure" "--target: \"plans\" is not a measure.*ehc_plans" "${slow[@]}" --target plans=1@2030-01
refused "goal-seek misspelt measure" "did you mean ehc_plans" "${slow[@]}" --target ehc_plan=1@2030-01
refused "goal-seek a stock in a calendar year" "--target: .*2030-01" "${slow[@]}" --target ehc_plans=1000@2030
refused "goal-seek a flow in January" "--target: .*2030\b" "${slow[@]}" --target requests=1000@2030-01
refused "goal-seek money in a calendar year" "--target: .*2030-31" "${slow[@]}" --target high_needs_spend=0@2030
refused "goal-seek a financial year misspelt" "--target: " "${slow[@]}" --target high_needs_spend=0@2029-31
refused "goal-seek a month that is not January" "--target: " "${slow[@]}" --target ehc_plans=1000@2030-07
refused "goal-seek a period before --from" "--target: .*--from" "${slow[@]}" --from 2030 --target ehc_plans=1000@2020-01
refused "goal-seek money before the published DSG" "--target: " "${slow[@]}" --target high_needs_spend=0@2015-16
refused "goal-seek a period before the lever acts" "--target: 2020-21 ends before high_needs_funding_growth acts" \
  goal-seek "$src/scenarios/nao-funding-growth.toml" --lever high_needs_funding_growth --replicates 1 --scale 1 --quiet --target high_needs_in_year_balance=0@2020-21

# ---- A misspelt command or flag gets the nearest one; --version prints the version.
refused "rn -> run" "did you mean run\?" rn
refused "valdate -> validate" "did you mean validate\?" valdate --scale 0.002
refused "data strats -> starts" "did you mean starts\?" data strats
refused "runs lst -> list" "did you mean list\?" runs lst
refused "--replicate -> --replicates" "--replicate.*did you mean --replicates\?" run --replicate 2 "${small[@]}"
refused "--sede -> --seed" "did you mean --seed\?" run --sede 2 "${small[@]}"
refused "--replicate=2 -> --replicates" "did you mean --replicates\?" run --replicate=2 "${small[@]}"
refused "no command lists the commands" "run.*goal-seek" --scale 0.002
version=$(sed -nE 's/^project\(sendtwin VERSION ([0-9.]+).*/\1/p' "$src/CMakeLists.txt")
"$bin" --version >"$work/version" 2>&1
check "--version exits 0" test $? -eq 0
check "--version prints $version" grep -qx "sendtwin $version" "$work/version"

# ---- A flag a command does not use is refused, with the commands that do take it.
refused "variation --report" "variation does not take --report.*run" variation --report "$work/var.html" "${small[@]}"
check "variation --report wrote nothing" test ! -e "$work/var.html"
refused "variation --xlsx" "variation does not take --xlsx" variation --xlsx "$work/var.xlsx" "${small[@]}"
refused "validate --report" "validate does not take --report" validate --report "$work/val.html" "${small[@]}"
refused "validate --xlsx" "validate does not take --xlsx" validate --xlsx "$work/val.xlsx" "${small[@]}"
refused "validate --out" "validate does not take --out" validate --out "$work/val.csv" "${small[@]}"
refused "compare --report" "compare does not take --report" compare "$work/mine.csv" --report "$work/c.html" "${small[@]}"
refused "compare --xlsx" "compare does not take --xlsx" compare "$work/mine.csv" --xlsx "$work/c.xlsx" "${small[@]}"
refused "goal-seek --report" "goal-seek does not take --report" "${goal[@]}" --target ehc_plans=1000@2017-01 --report "$work/g.html"
refused "goal-seek --xlsx" "goal-seek does not take --xlsx" "${goal[@]}" --target ehc_plans=1000@2017-01 --xlsx "$work/g.xlsx"
refused "run --years" "run does not take --years" run --years 2016 "${small[@]}"
refused "la --years" "la does not take --years" la Kent --years 2016 "${small[@]}"
refused "calibrate --to" "calibrate does not take --to" calibrate --to 2020 --quiet
refused "scenario --lever" "scenario does not take --lever" scenario "$scenario" --lever x "${small[@]}"
refused "sweep --scale" "sweep does not take --scale" sweep "$src/scenarios/example-sweep.toml" --scale 0.5
refused "serve --scale" "serve does not take --scale" serve --scale 0.5
refused "witan --scale" "witan does not take --scale" witan "$work/none.edn" --scale 0.5
refused "report --scale" "report does not take --scale" report "$work" --scale 0.5
refused "runs list --seed" "list does not take --seed" runs list --seed 3
refused "data starts --seed" "starts does not take --seed" data starts --data "$work" --seed 3
# The flags they do take still work.
accepted "run --report and --xlsx" run "${small[@]}" --report "$work/run.html" --xlsx "$work/run.xlsx"
check "run --report wrote the report" test -s "$work/run.html"
check "run --xlsx wrote the workbook" test -s "$work/run.xlsx"

finish
