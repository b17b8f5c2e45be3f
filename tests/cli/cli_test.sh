#!/usr/bin/env bash
# End-to-end promises of the `sendtwin` command. Usage: cli_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
small=(run --scale 0.002 --to 2017 --quiet)

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
several=(run --scale 0.03 --to 2016 --quiet)
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

echo "$passed passed, $failed failed"
test "$failed" -eq 0
