#!/usr/bin/env bash
# Golden outputs (issue 16): a scenario run and a witan run, compared byte for byte with the files
# under tests/golden/scenario and tests/golden/witan, so that a refactor that changes any output of
# either command (a figure, a digit, a column, a file) fails here. Standard output is kept too
# (tests/golden/*/stdout.txt), with the output directory written as OUT.
#
# Usage: golden_outputs_test.sh path/to/sendtwin source_dir
# witan.send's demo project is read from $SENDTWIN_SHARED/peers/witan.send-demo (default ../shared);
# without it the witan half fails, saying so.
#
# When an output changes ON PURPOSE, regenerate the files and review their diff before committing:
#
#   SENDTWIN_REGENERATE_GOLDEN=1 bash tests/cli/golden_outputs_test.sh build/sendtwin .
#
# A regeneration writes the files and fails, so that it can never pass for a check.
set -uo pipefail
bin=$(realpath "$1")
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$(realpath "$2")
shared=${SENDTWIN_SHARED:-$src/../shared}
golden=$src/tests/golden
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# run_golden NAME COMMAND...: runs the command (its --out is $work/NAME/out, which the command names
# through $out) and compares every file it wrote, and its standard output, with $golden/NAME.
run_golden() {
  local name=$1; shift
  local dir=$work/$name
  mkdir -p "$dir"
  (cd "$src" && "$@") >"$dir/stdout" 2>"$dir/stderr"
  local status=$?
  check "$name: exits 0" test $status -eq 0
  [ $status -eq 0 ] || { cat "$dir/stderr"; return; }
  sed -e "s|$dir/out|OUT|g" -e "s|$shared|SHARED|g" "$dir/stdout" >"$dir/out/stdout.txt"
  if [ "${SENDTWIN_REGENERATE_GOLDEN:-}" = 1 ]; then
    rm -rf "${golden:?}/$name"
    mkdir -p "$golden/$name"
    cp "$dir/out/"* "$golden/$name/"
    echo "SENDTWIN_REGENERATE_GOLDEN=1: wrote $golden/$name ($(ls "$golden/$name" | wc -l) files); review their diff"
    failed=$((failed + 1))
    return
  fi
  check "$name: the same files as $golden/$name" \
    test "$(ls "$golden/$name" 2>/dev/null)" = "$(ls "$dir/out")"
  for f in "$dir/out/"*; do
    local base
    base=$(basename "$f")
    if cmp -s "$f" "$golden/$name/$base"; then
      check "$name: $base identical" true
    else
      check "$name: $base identical" false
      diff "$golden/$name/$base" "$f" | head -5
    fi
  done
}

out=$work/scenario/out
run_golden scenario "$bin" scenario scenarios/nao-inclusion.toml scenarios/nao-funding-growth.toml \
  --start 2015 --replicates 2 --scale 0.005 --to 2027 --seed 1 --out "$out" -q

demo=$shared/peers/witan.send-demo
if [ -f "$demo/config.edn" ]; then
  out=$work/witan/out
  run_golden witan "$bin" witan "$demo/config.edn" --simulations 3 --seed 1 --out "$out" -q
else
  check "witan: the demo project is at $demo (set SENDTWIN_SHARED to ../shared)" false
fi

finish
