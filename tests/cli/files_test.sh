#!/usr/bin/env bash
# Files and processes (issue 15): outputs checked before the run and written all together or not
# at all, never over a device, FIFO or symbolic link; input files with a size limit, UTF-16 and
# binary input named; no raw control bytes on the terminal; threads the system will not start.
# Usage: files_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
work=$(mktemp -d)
mounted=()
cleanup() {
  for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
passed=0
failed=0
check() {  # check NAME CONDITION...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $name"; fi
}
skip() { echo "skipped: $1"; }
small=(run --scale 0.002 --start 2015 --to 2017 --quiet)
# Inputs that a faulty build would read without end run under a memory limit and a timeout, unless
# the build is instrumented (AddressSanitizer reserves terabytes of address space).
asan=0
grep -qa __asan_init "$sendtwin_binary" && asan=1
guarded() {  # guarded COMMAND...: at most 20 s and (without ASan) 2 GB of address space
  if [ "$asan" = 1 ]; then timeout 20 "$@"; else (ulimit -v 2000000; timeout 20 "$@"); fi
}

# ---- Output paths: refused before the run, left as they were ----

# A device node (as root `--xlsx /dev/full` replaced /dev/full with a workbook).
if mknod "$work/full" c 1 7 2>/dev/null; then
  "$bin" "${small[@]}" --xlsx "$work/full" >"$work/dev.out" 2>"$work/dev.err"
  check "--xlsx on a device exits 2" test $? -eq 2
  check "--xlsx on a device says so" grep -qF "$work/full: --xlsx: is a device, not a regular file" "$work/dev.err"
  check "--xlsx on a device leaves the device" test -c "$work/full"
  check "--xlsx on a device is refused before the run (no scorecard printed)" test ! -s "$work/dev.out"
else
  skip "device node (mknod needs root)"
fi

# From a forecast start (the default, 2025), before the fit of the LAs' flows too: nothing on stderr
# but the refusal (the fit logs its iterations), for run, la and scenario alike.
touch "$work/a-file-for-out"
for cmd in "run" "la 886" "scenario scenarios/null.toml"; do
  # shellcheck disable=SC2086
  (cd "$src" && "$bin" $cmd --out "$work/a-file-for-out/x" >"$work/early.out" 2>"$work/early.err")
  check "$cmd from a forecast start: a bad --out exits 2" test $? -eq 2
  check "$cmd from a forecast start: refused before the fit (one line on stderr)" test "$(wc -l <"$work/early.err")" -eq 1
done

# compare from a forecast start: a bad row of the user's file is refused before the fit too.
printf 'measure,geography,period,value\nehc_plans,England,2026,nan\n' >"$work/nan.csv"
"$bin" compare "$work/nan.csv" >"$work/early.out" 2>"$work/early.err"
check "compare from a forecast start: a bad row exits 2" test $? -eq 2
check "compare from a forecast start: a bad row is refused before the fit (one line on stderr)" test "$(wc -l <"$work/early.err")" -eq 1
check "compare from a forecast start: the refusal names the file, line and field" grep -qF "nan.csv:2: value:" "$work/early.err"

# A FIFO and a symbolic link.
mkfifo "$work/fifo"
"$bin" "${small[@]}" --report "$work/fifo" >"$work/fifo.out" 2>"$work/fifo.err"
check "--report on a FIFO exits 2" test $? -eq 2
check "--report on a FIFO says so" grep -qF "$work/fifo: --report: is a FIFO (named pipe), not a regular file" "$work/fifo.err"
check "--report on a FIFO leaves the FIFO" test -p "$work/fifo"
echo "precious" >"$work/precious"
ln -s "$work/precious" "$work/link.xlsx"
"$bin" "${small[@]}" --xlsx "$work/link.xlsx" >/dev/null 2>"$work/link.err"
check "--xlsx on a symbolic link exits 2" test $? -eq 2
check "--xlsx on a symbolic link leaves the link" test -L "$work/link.xlsx"
check "--xlsx on a symbolic link leaves its target" test "$(cat "$work/precious")" = precious

# --out that is a file where a directory is needed: exit 2 before the run, not an internal error after it.
touch "$work/a-file"
"$bin" "${small[@]}" --out "$work/a-file" >"$work/file.out" 2>"$work/file.err"
check "run --out FILE exits 2" test $? -eq 2
check "run --out FILE says what to change" grep -qF "$work/a-file: --out: is a file, not a directory" "$work/file.err"
check "run --out FILE is refused before the run (no scorecard printed)" test ! -s "$work/file.out"
"$bin" scenario "$src/scenarios/null.toml" --replicates 1 --scale 0.002 --start 2015 --to 2017 --quiet --out "$work/a-file" >"$work/scen.out" 2>"$work/scen.err"
check "scenario --out FILE exits 2 before the runs" test $? -eq 2 -a ! -s "$work/scen.out"

# A missing directory for a file output; an output given twice.
"$bin" "${small[@]}" --xlsx "$work/no/such/dir/run.xlsx" >/dev/null 2>"$work/nodir.err"
check "--xlsx in a missing directory exits 2" test $? -eq 2
check "--xlsx in a missing directory says so" grep -qF "the directory $work/no/such/dir does not exist" "$work/nodir.err"
check "--xlsx in a missing directory creates nothing" test ! -e "$work/no"
"$bin" "${small[@]}" --report "$work/same" --xlsx "$work/same" >/dev/null 2>"$work/same.err"
check "one path for two outputs exits 2" test $? -eq 2
check "one path for two outputs is named" grep -qF "is also where --report goes" "$work/same.err"

# Every command's outputs: a FIFO is refused (exit 2) and stays a FIFO.
refuses_fifo() {  # refuses_fifo NAME COMMAND... (the FIFO is $work/fifo)
  local name=$1; shift
  guarded "$@" >/dev/null 2>"$work/cmd.err"
  local status=$?
  check "$name: a FIFO output exits 2" test "$status" -eq 2
  check "$name: a FIFO output is named" grep -qF "is a FIFO (named pipe)" "$work/cmd.err"
  check "$name: the FIFO stays" test -p "$work/fifo"
}
shared=${SENDTWIN_SHARED:-$src/../shared}
"$bin" "${small[@]}" --out "$work/rundir" >/dev/null 2>&1
refuses_fifo "la --out" "$bin" la 886 --scale 0.002 --start 2015 --to 2017 --quiet --out "$work/fifo"
refuses_fifo "variation --out" "$bin" variation --scale 0.002 --start 2015 --to 2017 --quiet --out "$work/fifo"
refuses_fifo "report --out" "$bin" report "$work/rundir" --out "$work/fifo"
refuses_fifo "calibrate --out" "$bin" calibrate --iterations 0 --quiet --out "$work/fifo"
refuses_fifo "calibrate --out-las" "$bin" calibrate --iterations 0 --per-la --quiet --out-las "$work/fifo"
printf 'measure,geography,period,value\nehc_plans,England,2016,1\n' >"$work/mine.csv"
refuses_fifo "compare --out" "$bin" compare "$work/mine.csv" --scale 0.002 --start 2015 --to 2017 --quiet --out "$work/fifo"
if [ -d "$shared/data/dfe" ]; then
  refuses_fifo "data plans --out" "$bin" data plans --data "$shared/data/dfe" --out "$work/fifo"
fi
guarded env ASAN_OPTIONS=detect_leaks=0 "$bin" sweep "$src/scenarios/example-sweep.toml" --out "$work/a-file" -q >/dev/null 2>"$work/sweep.err"
check "sweep --out FILE exits 2 before any item" test $? -eq 2
check "sweep --out FILE says what to change" grep -qF "$work/a-file: --out: is a file, not a directory" "$work/sweep.err"
guarded "$bin" data pull "$work/a-file" --from http://127.0.0.1:9/ -q >/dev/null 2>"$work/pull.err"
check "data pull into a file exits 2 before any download" test $? -eq 2
check "data pull into a file says what to change" grep -qF "$work/a-file: DIR: is a file, not a directory" "$work/pull.err"
guarded "$bin" "${small[@]}" --store "$work/fifo" >/dev/null 2>"$work/store.err"
check "--store on a FIFO exits 2" test $? -eq 2
check "--store on a FIFO is named" grep -qF "$work/fifo: --store: is not a regular file" "$work/store.err"
check "--store: the FIFO stays" test -p "$work/fifo"
mkdir -p "$work/witan-out" && mkfifo "$work/witan-out/Output_AY.csv"
demo=$shared/peers/witan.send-demo
if [ -f "$demo/config.edn" ]; then
  "$bin" witan "$demo/config.edn" --simulations 5 --out "$work/witan-out" -q >/dev/null 2>"$work/witan.err"
  check "witan: a FIFO among the outputs exits 2" test $? -eq 2
  check "witan: the FIFO stays, nothing written" test -p "$work/witan-out/Output_AY.csv" -a ! -e "$work/witan-out/Output_Count.csv"
fi

# ---- All or nothing: a full disk under one output leaves every old output as it was ----
mkdir -p "$work/small" "$work/set"
if mount -t tmpfs -o size=16k tmpfs "$work/small" 2>/dev/null; then
  mounted+=("$work/small")
  echo "old scorecard" >"$work/set/scorecard.csv"
  echo "old comparison" >"$work/set/comparison.csv"
  echo "old workbook" >"$work/small/run.xlsx"
  "$bin" "${small[@]}" --out "$work/set" --xlsx "$work/small/run.xlsx" >/dev/null 2>"$work/full.err"
  check "a full disk under --xlsx exits 2" test $? -eq 2
  check "a full disk: the workbook is named, nothing was written" grep -q "run.xlsx: --xlsx: cannot write: .*; nothing was written" "$work/full.err"
  check "a full disk: the old scorecard.csv stays" test "$(cat "$work/set/scorecard.csv")" = "old scorecard"
  check "a full disk: the old comparison.csv stays" test "$(cat "$work/set/comparison.csv")" = "old comparison"
  check "a full disk: the old workbook stays" test "$(cat "$work/small/run.xlsx")" = "old workbook"
  check "a full disk: no temporary file left" test "$(ls -A "$work/set"; ls -A "$work/small")" = "$(printf 'comparison.csv\nscorecard.csv\nrun.xlsx')"
  # A read-only place: refused before the run.
  mount -o remount,ro "$work/small" 2>/dev/null
  "$bin" "${small[@]}" --xlsx "$work/small/new.xlsx" >"$work/ro.out" 2>"$work/ro.err"
  check "a read-only --xlsx directory exits 2 before the run" test $? -eq 2 -a ! -s "$work/ro.out"
  check "a read-only --xlsx directory is named" grep -q "cannot write in $work/small: Read-only file system" "$work/ro.err"
else
  skip "full disk (mounting a tmpfs needs root)"
fi

# ---- Inputs ----
guarded "$bin" "${small[@]}" --params /dev/zero >/dev/null 2>"$work/zero.err"
check "--params /dev/zero exits 2" test $? -eq 2
check "--params /dev/zero is named a device" grep -qF "/dev/zero: is a device, not a file" "$work/zero.err"
truncate -s 300M "$work/huge.csv"
guarded "$bin" "${small[@]}" --las "$work/huge.csv" >/dev/null 2>"$work/huge.err"
check "a 300 MB --las exits 2" test $? -eq 2
check "a 300 MB --las is over the limit" grep -qF "is larger than 256 MiB, the limit for an input file" "$work/huge.err"
iconv -f UTF-8 -t UTF-16 "$src/data/params/send.toml" >"$work/utf16.toml"
"$bin" "${small[@]}" --params "$work/utf16.toml" >/dev/null 2>"$work/utf16.err"
check "UTF-16 parameters exit 2" test $? -eq 2
check "UTF-16 parameters are named" grep -qF "utf16.toml: is UTF-16; save it as UTF-8" "$work/utf16.err"
{ head -c 100 "$src/data/params/send.toml"; printf '\0\1\2\377'; } >"$work/binary.toml"
"$bin" "${small[@]}" --params "$work/binary.toml" >/dev/null 2>"$work/binary.err"
check "binary parameters exit 2" test $? -eq 2
check "binary parameters are named" grep -qF "binary.toml: is binary, not text" "$work/binary.err"
{ printf '\357\273\277'; cat "$src/data/la/starts.csv"; } >"$work/bom.csv"
"$bin" "${small[@]}" --las "$work/bom.csv" >/dev/null 2>&1
check "a UTF-8 byte order mark is accepted" test $? -eq 0
"$bin" "${small[@]}" --params <(cat "$src/data/params/send.toml") >/dev/null 2>&1
check "a pipe (FIFO) is read" test $? -eq 0

# ---- No raw control bytes on the terminal ----
esc=$(printf '\033')
"$bin" "${small[@]}" --params "$work/a${esc}[2Jb.toml" >/dev/null 2>"$work/esc1.err"
check "an escape in a file name: exit 2" test $? -eq 2
check "an escape in a file name is shown as \\x1B" grep -qF 'a\x1B[2Jb.toml: cannot open file' "$work/esc1.err"
check "no escape byte reaches stderr (file name)" bash -c "! grep -q \$'\\x1b' '$work/esc1.err'"
sed "2s/315.8648171858101/${esc}[31m${esc}]0;owned\a/" "$src/data/la/starts.csv" >"$work/esc.csv"
"$bin" "${small[@]}" --las "$work/esc.csv" >/dev/null 2>"$work/esc2.err"
check "an escape in a cell: exit 2" test $? -eq 2
check "no escape or bell byte reaches stderr (cell)" bash -c "! grep -q \$'[\\x1b\\x07]' '$work/esc2.err'"

"$bin" "${small[@]}" --store "$work/runs.sqlite" --out "$work/o${esc}[2Jx" >/dev/null 2>&1
"$bin" runs show 1 --store "$work/runs.sqlite" >"$work/show.out" 2>&1
check "runs show escapes the command line it recorded" grep -qF 'o\x1B[2Jx' "$work/show.out"
check "no escape byte reaches stdout (runs show)" bash -c "! grep -q \$'\\x1b' '$work/show.out'"

# A directory whose permission bits allow writing but whose file system refuses new files (/proc):
# refused before the run, not after it (the check creates a file to know).
"$bin" scenario "$src/scenarios/nao-inclusion.toml" --replicates 1 --out /proc/sendtwin-x -q >"$work/proc.out" 2>"$work/proc.err"
check "scenario --out under /proc exits 2" test $? -eq 2
check "scenario --out under /proc runs nothing" test ! -s "$work/proc.out"
"$bin" calibrate --iterations 0 --out /proc/sendtwin-x.toml -q >"$work/proc2.out" 2>"$work/proc2.err"
check "calibrate --out under /proc exits 2 before the fit" bash -c "test $? -eq 2 && ! test -s '$work/proc2.out'"

# ---- Threads the system will not start ----
if [ "$asan" = 1 ]; then
  skip "threads under ulimit -v (AddressSanitizer)"
else
  "$bin" "${small[@]}" --threads 1 --out "$work/t1" >/dev/null 2>&1
  (ulimit -v 1500000; "$bin" run --scale 0.002 --start 2015 --to 2017 --threads 256 --out "$work/t1000" >/dev/null 2>"$work/threads.err")
  status=$?
  check "--threads 256 under ulimit -v exits 0, not abort" test "$status" -eq 0
  check "--threads 256 under ulimit -v does not terminate" bash -c "! grep -q 'terminate called' '$work/threads.err'"
  check "--threads 256 under ulimit -v says it ran on fewer" grep -q "could start only [0-9]* of [0-9]* worker threads" "$work/threads.err"
  check "--threads 256 under ulimit -v: the same scorecard" cmp -s "$work/t1/scorecard.csv" "$work/t1000/scorecard.csv"
fi

echo "$passed passed, $failed failed"
test "$failed" -eq 0
