#!/usr/bin/env bash
# `sendtwin sweep` across MPI ranks: the same bytes for 1, 2 and 4 ranks (mpirun --oversubscribe on
# the 2-core machine), for 1 and 2 threads, and without mpirun; a failing rank is reported with its
# work item and nothing is written; a bad plan is an error at its line.
# Usage: sweep_cli_test.sh SENDTWIN_BINARY SOURCE_DIR
set -u
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() {  # check NAME CONDITION...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
plan="$src/scenarios/example-sweep.toml"
"$bin" sweep "$plan" --out "$work/one" --threads 2 -q >"$work/log-one" 2>&1
check "sweep without mpirun exits 0" test $? -eq 0
check "sweep writes the tidy figures" grep -q "^ehc_plans,England,E92000001,2030-01,[0-9]*,count,nao-inclusion,4$" "$work/one/scenarios.csv"
check "sweep writes the differences" grep -q "^high_needs_spend,England,E92000001,2029-30,GBP,nao-independent-provision," "$work/one/differences.csv"
if command -v mpirun >/dev/null && "$bin" sweep --help | grep -q "MPI"; then
  for k in 1 2 4; do
    mpirun --oversubscribe -n $k "$bin" sweep "$plan" --out "$work/k$k" --threads 1 -q >"$work/log-k$k" 2>&1
    check "mpirun -n $k exits 0" test $? -eq 0
    check "mpirun -n $k: scenarios.csv byte-identical to one process" cmp -s "$work/one/scenarios.csv" "$work/k$k/scenarios.csv"
    check "mpirun -n $k: differences.csv byte-identical to one process" cmp -s "$work/one/differences.csv" "$work/k$k/differences.csv"
  done
  check "mpirun -n 2 says it ran on 2 ranks" grep -q "on 2 rank(s)" "$work/log-k2"
  SENDTWIN_SWEEP_FAIL_ITEM=5 mpirun --oversubscribe -n 2 "$bin" sweep "$plan" --out "$work/fail" -q >"$work/log-fail" 2>&1
  check "a failing rank makes the sweep fail" test $? -ne 0
  check "a failing rank is reported with its work item" grep -q "rank 1 failed on item 5 (scenario nao-independent-provision, parameter draw 1, replicate 2)" "$work/log-fail"
  check "a failed sweep writes nothing" test ! -e "$work/fail/scenarios.csv"
fi
printf '[sweep]\nname = "x"\ndescription = "d"\nreplicates = 0\n' >"$work/bad.toml"
"$bin" sweep "$work/bad.toml" --out "$work/bad" -q >/dev/null 2>"$work/err"
check "a bad plan exits 2" test $? -eq 2
check "a bad plan names file, line and field" grep -q "bad.toml:4: sweep.replicates: must be a whole number in \[1, 1000\]" "$work/err"
echo "$passed passed, $failed failed"
test "$failed" -eq 0
