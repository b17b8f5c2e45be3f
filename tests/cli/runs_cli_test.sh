#!/usr/bin/env bash
# End-to-end promises of the run store: `--store FILE` / $SENDTWIN_STORE on run and scenario,
# `sendtwin runs list|show|diff`, and a run killed with SIGKILL leaving the store consistent and no
# partial outputs. Usage: runs_cli_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset SENDTWIN_STORE
passed=0
failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
have_sqlite3=1
command -v sqlite3 >/dev/null 2>&1 || { have_sqlite3=0; echo "note: no sqlite3 command (Debian's sqlite3): the checks through it are skipped"; }
q() { sqlite3 "$store" "$1"; }  # q SQL: one query of the store through Debian's sqlite3 command
small=(run --scale 0.002 --start 2015 --to 2017 --quiet)
store=$work/runs.sqlite

# Without --store or $SENDTWIN_STORE nothing is recorded anywhere.
(cd "$work" && "$bin" "${small[@]}" >/dev/null 2>&1)
check "no store unless asked for" test -z "$(ls "$work")"

# 1. A run killed with SIGKILL mid-way: the store stays consistent, the run stays 'running' with no
#    outputs, and --out holds no output and no temporary file.
# (--replicates 8 on one thread: about 4 s, so that the kill lands in the simulation, not after it.)
"$bin" run --scale 0.05 --to 2035 --replicates 8 --threads 1 --quiet --store "$store" --out "$work/killed" >/dev/null 2>&1 &
pid=$!
begun=0
for _ in $(seq 1 600); do
  if "$bin" runs list --store "$store" 2>/dev/null | grep -q "killed or running"; then begun=1; break; fi
  sleep 0.05
done
check "the killed run had begun in the store" test "$begun" -eq 1
sleep 0.3  # well into the simulation
check "the run was still going when killed" kill -9 "$pid"
wait "$pid" 2>/dev/null
check "the run died of SIGKILL" test $? -eq 137
check "no partial outputs: no scorecard.csv" test ! -e "$work/killed/scorecard.csv"
check "no partial outputs: nothing at all in --out" test -z "$(ls -A "$work/killed" 2>/dev/null)"
"$bin" runs list --store "$store" >"$work/list1" 2>&1
check "runs list after the kill exits 0" test $? -eq 0
check "the killed run is listed as killed or running" grep -qE "^ +1 .* run +killed or running +- +1$" "$work/list1"
"$bin" runs show 1 --store "$store" >"$work/show1" 2>&1
check "the killed run has no outputs" grep -q "^  outputs: none$" "$work/show1"
if [ "$have_sqlite3" = 1 ]; then
  check "integrity_check is ok after the kill" test "$(q 'PRAGMA integrity_check')" = ok
  check "foreign keys hold after the kill" test -z "$(q 'PRAGMA foreign_key_check')"
  check "the killed run's row is 'running'" test "$(q 'SELECT status FROM runs WHERE id = 1')" = running
  check "no outputs rows for the killed run" test "$(q 'SELECT count(*) FROM outputs WHERE run_id = 1')" = 0
fi

# A kill in the instant an output is being written would leave its temporary file (never a torn
# scorecard.csv): the next write of that output removes it, as the killed process is gone.
mkdir -p "$work/killed" && echo "half a fi" >"$work/killed/scorecard.csv.tmp.$pid"
"$bin" "${small[@]}" --out "$work/killed" >/dev/null 2>&1
check "the next run into --out removes the killed run's temporary file" test ! -e "$work/killed/scorecard.csv.tmp.$pid"
check "... and writes its outputs" test -s "$work/killed/scorecard.csv"

# 2. A normal run into the same store finishes, and what it recorded is what is on disk.
"$bin" "${small[@]}" --store "$store" --out "$work/a" >"$work/a.stdout" 2>&1
check "a run with --store exits 0" test $? -eq 0
"$bin" runs show 2 --store "$store" >"$work/show2" 2>&1
check "runs show exits 0" test $? -eq 0
check "run 2 is finished" grep -q "^  status:     finished$" "$work/show2"
check "run 2's command line is recorded" grep -qF "  arguments:  sendtwin run --scale 0.002 --start 2015 --to 2017 --quiet --store $store --out $work/a" "$work/show2"
check "run 2's seed is recorded" grep -q "^  seed:       1$" "$work/show2"
check "run 2's version is recorded" grep -qE "^  version:    [0-9]+\.[0-9]+\.[0-9]+$" "$work/show2"
check "run 2's parameters' hash is the embedded file's" \
  grep -qF "parameters: <embedded>/data/params/send.toml (sha256 $(sha256sum <"$src/data/params/send.toml" | cut -c1-64)" "$work/show2"
check "run 2's data hashes include the embedded LA table" \
  grep -qF "$(sha256sum <"$src/data/la/starts.csv" | cut -c1-64)  <embedded>/data/la/starts.csv" "$work/show2"
for f in scorecard.csv comparison.csv; do
  sum=$(sha256sum <"$work/a/$f" | cut -c1-64)
  check "runs show: $f's hash is the file's" grep -qE "^    $f  $(stat -c %s "$work/a/$f") bytes  sha256 $sum " "$work/show2"
  if [ "$have_sqlite3" = 1 ]; then
    check "store: $f's hash is the file's" test "$(q "SELECT sha256 FROM outputs WHERE run_id = 2 AND name = '$f'")" = "$sum"
    check "store: $f is kept in full" test "$(q "SELECT hex(content) FROM outputs WHERE run_id = 2 AND name = '$f'")" = "$(od -An -v -tx1 "$work/a/$f" | tr -d ' \n' | tr a-f A-F)"
  fi
done
check "stdout is recorded too" grep -qF "    stdout  $(stat -c %s "$work/a.stdout") bytes  sha256 $(sha256sum <"$work/a.stdout" | cut -c1-64)  -" "$work/show2"
[ "$have_sqlite3" = 1 ] && check "run 2's row: finished with seconds" test "$(q 'SELECT status, finished IS NOT NULL, seconds > 0 FROM runs WHERE id = 2')" = "finished|1|1"

# 3. Another seed: runs diff names the seed and the outputs that differ, with CSV lines.
"$bin" "${small[@]}" --seed 7 --store "$store" --out "$work/b" >/dev/null 2>&1
check "a second recorded run exits 0" test $? -eq 0
"$bin" runs diff 2 3 --store "$store" >"$work/diff" 2>&1
check "runs diff exits 0" test $? -eq 0
check "runs diff: the seed differs" grep -Pzq "\n  seed: differ\n    2: 1\n    3: 7\n" "$work/diff"
check "runs diff: the parameters are the same" grep -q "^  parameters: same" "$work/diff"
check "runs diff: the data are the same" grep -q "^  data: same" "$work/diff"
check "runs diff: scorecard.csv differs" grep -q "^    scorecard.csv: differ" "$work/diff"
expected=$(awk 'NR==FNR{a[FNR]=$0; n=FNR; next} {if (!(FNR in a) || a[FNR]!=$0) d++; m=FNR} END{if (n>m) d+=n-m; print d+0}' "$work/a/scorecard.csv" "$work/b/scorecard.csv")
check "runs diff: the count of differing scorecard lines is right ($expected)" \
  grep -Pzq "\n    scorecard.csv: differ \([0-9]+ -> [0-9]+ bytes\)\n      $expected of [0-9]+ line\(s\) differ; the first:\n      line [0-9]+:\n        2: " "$work/diff"
"$bin" runs diff 2 2 --store "$store" >"$work/diff-same" 2>&1
check "runs diff of a run with itself: no differences" grep -q "^no differences$" "$work/diff-same"

# 4. $SENDTWIN_STORE is the default store, for runs and for `runs`; --las is hashed.
cp "$src/data/la/starts.csv" "$work/las.csv"
SENDTWIN_STORE=$store "$bin" "${small[@]}" --las "$work/las.csv" >/dev/null 2>&1
check "a run recorded through \$SENDTWIN_STORE exits 0" test $? -eq 0
SENDTWIN_STORE=$store "$bin" runs list >"$work/list4" 2>&1
check "runs list through \$SENDTWIN_STORE lists 4 runs" test "$(grep -cE '^ +[0-9]+ ' "$work/list4")" = 4
SENDTWIN_STORE=$store "$bin" runs show 4 >"$work/show4" 2>&1
check "the --las file's hash is recorded" grep -qF "$(sha256sum "$work/las.csv")" "$work/show4"

# 5. A run that fails after it began is recorded as failed, with why.
touch "$work/not-a-directory"
"$bin" "${small[@]}" --store "$store" --out "$work/not-a-directory" >/dev/null 2>"$work/err5"
check "a run failing on --out exits 2" test $? -eq 2
"$bin" runs show 5 --store "$store" >"$work/show5" 2>&1
check "the failed run is 'failed'" grep -q "^  status:     failed$" "$work/show5"
check "the failed run says why" grep -q "^  error:      .*not-a-directory" "$work/show5"
check "the failed run has no outputs" grep -q "^  outputs: none$" "$work/show5"

# 6. Two runs at once into one store: both recorded.
"$bin" "${small[@]}" --seed 11 --store "$store" >/dev/null 2>&1 &
p1=$!
"$bin" "${small[@]}" --seed 12 --store "$store" >/dev/null 2>&1 &
p2=$!
wait $p1; s1=$?
wait $p2; s2=$?
check "two concurrent recorded runs exit 0" test "$s1$s2" = 00
"$bin" runs list --store "$store" >"$work/list6" 2>&1
check "both concurrent runs are finished" test "$(grep -cE ' run +finished .* (11|12)$' "$work/list6")" = 2

# 7. scenario --store records its CSVs.
"$bin" scenario "$src/scenarios/null.toml" --replicates 1 --scale 0.002 --start 2015 --to 2017 --years 2017 --quiet --store "$store" \
  --out "$work/scen" >/dev/null 2>&1
check "scenario --store exits 0" test $? -eq 0
"$bin" runs show 8 --store "$store" >"$work/show8" 2>&1
check "the scenario run is recorded" grep -q "^  command:    scenario$" "$work/show8"
check "the scenario file's hash is recorded" grep -qF "$(sha256sum "$src/scenarios/null.toml")" "$work/show8"
check "scenarios.csv's hash is recorded" grep -qF "scenarios.csv  $(stat -c %s "$work/scen/scenarios.csv") bytes  sha256 $(sha256sum <"$work/scen/scenarios.csv" | cut -c1-64)" "$work/show8"

# calibrate --store records the fitted parameter file.
"$bin" calibrate --iterations 0 --until 2017 --quiet --out "$work/fitted.toml" --store "$store" >/dev/null 2>&1
check "calibrate --store exits 0" test $? -eq 0
"$bin" runs show 9 --store "$store" >"$work/show9" 2>&1
check "the calibrate run is recorded" grep -q "^  command:    calibrate$" "$work/show9"
check "the fitted file's hash is recorded" grep -qF "fitted.toml  $(stat -c %s "$work/fitted.toml") bytes  sha256 $(sha256sum <"$work/fitted.toml" | cut -c1-64)" "$work/show9"

# 8. Bad input to `runs`: exit 2 and a sentence.
"$bin" runs show 99 --store "$store" >/dev/null 2>"$work/err8a"
check "runs show of an unknown id exits 2" test $? -eq 2
check "runs show of an unknown id says so" grep -q "no run 99" "$work/err8a"
"$bin" runs show x1 --store "$store" >/dev/null 2>"$work/err8b"
check "runs show of a non-number exits 2" test $? -eq 2
"$bin" runs diff 2 99 --store "$store" >/dev/null 2>&1
check "runs diff with an unknown id exits 2" test $? -eq 2
"$bin" runs list --store "$work/missing.sqlite" >/dev/null 2>"$work/err8c"
check "runs list of a missing store exits 2" test $? -eq 2
check "runs list of a missing store does not create it" test ! -e "$work/missing.sqlite"
"$bin" runs list >/dev/null 2>"$work/err8d"
check "runs list without a store exits 2" test $? -eq 2
check "runs list without a store says how to give one" grep -q "SENDTWIN_STORE" "$work/err8d"
echo "text, not a database ....................................................................." >"$work/text.sqlite"
"$bin" "${small[@]}" --store "$work/text.sqlite" >/dev/null 2>"$work/err8e"
check "a run with a store that is not a database exits 2" test $? -eq 2
check "... naming the file" grep -q "text.sqlite" "$work/err8e"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
