#!/usr/bin/env bash
# End-to-end promises of `sendtwin witan`. Usage: witan_cli_test.sh path/to/sendtwin source_dir
# witan.send's demo project is read from $SENDTWIN_SHARED/peers/witan.send-demo (default ../shared).
set -uo pipefail
bin=$(realpath "$1")
src=$2
shared=${SENDTWIN_SHARED:-$src/../shared}
demo=$shared/peers/witan.send-demo
if [ ! -f "$demo/config.edn" ]; then echo "SKIPPED: no $demo"; exit 0; fi
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$bin" witan --help >"$work/help" 2>&1
for flag in --simulations --seed --out --threads; do
  check "witan --help explains $flag" grep -q -- "$flag" "$work/help"
done

# The demo project: six files with witan.send's headers, nothing temporary left behind.
"$bin" witan "$demo/config.edn" --simulations 200 --threads 1 --out "$work/t1" >"$work/stdout" 2>"$work/stderr"
check "demo run exits 0" test $? -eq 0
check "summary names the years" grep -q "years 2017-2022" "$work/stdout"
for f in Count Cost AY Need Setting State; do
  check "Output_$f.csv written" test -s "$work/t1/Output_$f.csv"
  check "Output_$f.csv has witan.send's header" \
    test "$(head -1 "$work/t1/Output_$f.csv")" = "$(head -1 "$demo/results_for_checking/Output_$f.csv")"
  check "Output_$f.csv has witan.send's rows" \
    test "$(wc -l <"$work/t1/Output_$f.csv")" = "$(wc -l <"$demo/results_for_checking/Output_$f.csv")"
done
check "no temporary files left" test -z "$(ls "$work/t1" | grep tmp || true)"

# Same seed, different thread counts: identical bytes; another seed differs.
"$bin" witan "$demo/config.edn" --simulations 200 --threads 2 --out "$work/t2" -q >/dev/null 2>&1
for f in Count Cost AY Need Setting State; do
  check "Output_$f.csv identical for 1 and 2 threads" cmp -s "$work/t1/Output_$f.csv" "$work/t2/Output_$f.csv"
done
"$bin" witan "$demo/config.edn" --simulations 200 --seed 7 --out "$work/s7" -q >/dev/null 2>&1
check "another seed differs" bash -c "! cmp -s '$work/t1/Output_Count.csv' '$work/s7/Output_Count.csv'"

# Without --out the configuration's :output-dir, relative to its folder.
mkdir -p "$work/copy/data"
cp "$demo/config.edn" "$work/copy/"
cp "$demo"/data/*.csv "$work/copy/data/"
(cd / && "$bin" witan "$work/copy/config.edn" --simulations 5 -q)
check "default output folder is :output-dir beside the config" test -s "$work/copy/results/Output_State.csv"

# Malformed EDN: exit 2, file:line, nothing written.
sed 's/:simulations 10}/:simulations 10/' "$demo/config.edn" >"$work/copy/bad.edn"
"$bin" witan "$work/copy/bad.edn" --out "$work/bad" >/dev/null 2>"$work/err1"
check "malformed EDN exits 2" test $? -eq 2
check "malformed EDN names file and line" grep -qE "bad.edn:[0-9]+: " "$work/err1"
check "nothing written on bad input" test ! -e "$work/bad"

# A malformed CSV: exit 2 with file:line: field.
sed 's/^2013,B,X,5,B,X,6$/2013,B,X,5,B,X,9/' "$demo/data/transitions.csv" >"$work/copy/data/transitions.csv"
"$bin" witan "$work/copy/config.edn" --out "$work/bad2" >/dev/null 2>"$work/err2"
check "malformed CSV exits 2" test $? -eq 2
check "malformed CSV names file, line and field" grep -qE "transitions.csv:[0-9]+: academic-year-2: " "$work/err2"
check "nothing written on bad CSV" test ! -e "$work/bad2"

"$bin" witan "$work/does-not-exist.edn" >/dev/null 2>"$work/err3"
check "missing config exits 2" test $? -eq 2

"$bin" witan "$demo/config.edn" --simulations 200000 --out "$work/huge" >/dev/null 2>"$work/err4"
check "too many simulations for memory exits 2" test $? -eq 2
check "too many simulations names the flag" grep -q -- "--simulations: 200000 simulations" "$work/err4"

finish
