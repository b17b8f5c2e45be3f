#!/usr/bin/env bash
# Issue 15, the CSV tables: figures no real file could hold are refused with `file:line: column:
# what is wrong` and exit 2 before anything is simulated, in an LA table (--las), in copies of DfE's
# files (--data) and in the file `compare` reads; `compare` never prints an infinite difference.
# Usage: tables_test.sh path/to/sendtwin source_dir. DfE's files are read from
# $SENDTWIN_SHARED/data/dfe (default ../shared beside the source); hostile copies of them are made
# in a temporary directory and removed at the end.
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
shared=${SENDTWIN_SHARED:-$src/../shared}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
small=(--scale 0.002 --start 2015 --to 2016)

# The embedded LA table with field $2 (1-based) of CSV line $1 set to $3 (the table's first fields
# hold no commas; line 3 is Camden's January 2015 row), written to $4.
set_field() {
  awk -v line="$1" -v field="$2" -v value="$3" 'BEGIN { FS = OFS = "," } NR == line { $field = value } { print }' \
    "$src/data/la/starts.csv" >"$4"
}
# Runs a small run on --las $1 and records its exit code in $code and its stderr in $work/err.
run_las() {
  "$bin" run "${small[@]}" --las "$1" --out "$work/out-las" >"$work/stdout" 2>"$work/err"
  code=$?
}

# --las: 1e308 pupils (an internal error before the fix), 0 pupils for Camden's 964 plans, a
# negative count, an LA the register does not know and a successor beside its predecessor.
set_field 3 4 1e308 "$work/pupils-1e308.csv"
run_las "$work/pupils-1e308.csv"
check "--las: 1e308 pupils exits 2" test "$code" -eq 2
check "--las: 1e308 pupils names file, line and column" \
  grep -q "pupils-1e308.csv:3: pupils: \"1e308\" is outside 0 to 1000000, the plausible range of pupils of one LA" "$work/err"
check "--las: nothing simulated, nothing written" bash -c "! grep -q simulated '$work/err' && test ! -e '$work/out-las'"

set_field 3 4 0 "$work/pupils-0.csv"
run_las "$work/pupils-0.csv"
check "--las: no pupils for 964 plans exits 2" test "$code" -eq 2
check "--las: no pupils names the line" grep -q "pupils-0.csv:3: pupils: LA 202 has no pupils" "$work/err"

set_field 3 6 -62 "$work/negative.csv"
run_las "$work/negative.csv"
check "--las: a negative count exits 2" test "$code" -eq 2
check "--las: a negative count names the line" \
  grep -q "negative.csv:3: plans_under_5: \"-62\" is negative: a count for one LA cannot be" "$work/err"

{ cat "$src/data/la/starts.csv"; sed -n 3p "$src/data/la/starts.csv" | sed 's/^202,Camden,/999,Nowhere,/'; } >"$work/la-999.csv"
lines=$(wc -l <"$work/la-999.csv")
run_las "$work/la-999.csv"
check "--las: an unknown LA exits 2" test "$code" -eq 2
check "--las: an unknown LA names its line" \
  grep -q "la-999.csv:$lines: old_la_code: \"999\" is not the 3-digit code of an LA in the register" "$work/err"

{ cat "$src/data/la/starts.csv"; grep -m1 '^835,' "$src/data/la/starts.csv" | sed 's/^835,Dorset,/838,Dorset,/'; } >"$work/successor.csv"
lines=$(wc -l <"$work/successor.csv")
run_las "$work/successor.csv"
check "--las: a successor beside its predecessor exits 2" test "$code" -eq 2
check "--las: a successor beside its predecessor names its line" \
  grep -q "successor.csv:$lines: old_la_code: LA 838 (Dorset) replaced LA 835 (Dorset)" "$work/err"

run_las "$src/data/la/starts.csv"
check "--las: the embedded table itself still runs" test "$code" -eq 0

# --data: hostile copies of DfE's files (only the one changed is copied; the others are linked).
if [ -d "$shared/data/dfe" ]; then
  dfe="$shared/data/dfe"
  dsg=dsg_formula_inputs_202021_202324.csv
  # A directory of the files `data starts` reads (DfE's and the census files), with $1 (a name)
  # taken from the file $2.
  make_dir() {
    local dir=$work/dfe-$3
    mkdir -p "$dir"
    for f in ehcp-2022/data/sen2_age_caseload.csv ehcp-2022/data/sen2_estab_caseload.csv ehcp-2022/data/sen2_mi.csv $dsg \
      $(cd "$dfe" && echo ehcp-2025/data/*.csv ../census/*/*.csv); do
      local name=${f##*/}
      if [ "$name" = "$1" ]; then cp "$2" "$dir/$name"; else ln -s "$dfe/$f" "$dir/$name"; fi
    done
    echo "$dir"
  }
  camden=$(grep -n '^202021,Financial year,Local authority,.*,202,Camden,' "$dfe/$dsg" | cut -d: -f1)

  awk -v line="$camden" 'BEGIN { FS = OFS = "," } NR == line { $10 = "1e308" } { print }' "$dfe/$dsg" >"$work/dsg-1e308.csv"
  dir=$(make_dir $dsg "$work/dsg-1e308.csv" big)
  "$bin" data starts --data "$dir" >"$work/starts" 2>"$work/err"
  check "--data: 1e308 pupils exits 2" test $? -eq 2
  check "--data: no -nan written" bash -c "! grep -q nan '$work/starts'"
  check "--data: 1e308 pupils names file, line and column" \
    grep -q "$dsg:$camden: primary_pupils: \"1e308\" is outside 0 to 1000000" "$work/err"
  "$bin" run "${small[@]}" --data "$dir" --quiet >/dev/null 2>"$work/err"
  check "run --data: 1e308 pupils exits 2" test $? -eq 2

  awk -v line="$camden" 'BEGIN { FS = OFS = "," } NR == line { $10 = "0"; $11 = "0" } { print }' "$dfe/$dsg" >"$work/dsg-0.csv"
  dir=$(make_dir $dsg "$work/dsg-0.csv" zero)
  "$bin" data starts --data "$dir" >/dev/null 2>"$work/err"
  check "--data: 0 pupils for 964 plans exits 2" test $? -eq 2
  check "--data: 0 pupils names the line" grep -q "$dsg:$camden: primary_pupils: LA 202's 0 primary and secondary pupils" "$work/err"

  awk -v line="$camden" 'BEGIN { FS = OFS = "," } NR == line { $10 = "-" $10 } { print }' "$dfe/$dsg" >"$work/dsg-neg.csv"
  dir=$(make_dir $dsg "$work/dsg-neg.csv" negative)
  "$bin" data starts --data "$dir" >/dev/null 2>"$work/err"
  check "--data: negative pupils exit 2 (the two readers agree on negatives)" test $? -eq 2
  check "--data: negative pupils name the line" grep -q "$dsg:$camden: primary_pupils: \"-10552.0\" is negative" "$work/err"
fi

# compare: a bad value or period is refused before the run (no "simulated" line), and a figure of
# 0 gives the difference with no percentage rather than inf.
for bad in 'ehc_plans,England,2025,nan' 'ehc_plans,England,2025,inf' 'ehc_plans,England,spring,1'; do
  printf 'measure,geography,period,value\n%s\n' "$bad" >"$work/bad.csv"
  "$bin" compare "$work/bad.csv" --scale 0.01 --to 2025 >/dev/null 2>"$work/err"
  check "compare: $bad exits 2" test $? -eq 2
  check "compare: $bad names line 2" grep -q "bad.csv:2: " "$work/err"
  check "compare: $bad is refused before the run" bash -c "! grep -q simulated '$work/err'"
done
printf 'measure,geography,period,value\nehc_plans,England,2016,0\nehc_plans,England,2016,1e-307\n' >"$work/zero.csv"
"$bin" compare "$work/zero.csv" "${small[@]}" --quiet >"$work/compared" 2>"$work/err"
check "compare: figures of 0 and 1e-307 exit 0" test $? -eq 0
check "compare: the header has the difference" grep -q "^measure,geography,period,yours,model,difference,difference_pct$" "$work/compared"
check "compare: a figure of 0 gives the difference and no percentage" grep -qE "^ehc_plans,England,2016,0,[0-9.]+,[0-9.]+,$" "$work/compared"
check "compare: a figure near 0 gives no percentage" grep -qE "^ehc_plans,England,2016,1e-307,[0-9.]+,[0-9.]+,$" "$work/compared"
check "compare: never inf" bash -c "! grep -qi inf '$work/compared'"

finish
