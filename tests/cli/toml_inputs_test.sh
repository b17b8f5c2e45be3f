#!/usr/bin/env bash
# End-to-end promises of issue 15 for the TOML and EDN inputs: a misspelt key in a parameter file,
# scenario, sweep plan or witan.send configuration is refused with `file:line: key: not a known key
# (did you mean ...?)` and exit code 2, before any work and with nothing written; so is a value
# beyond its plausible range. Usage: toml_inputs_test.sh path/to/sendtwin source_dir
set -uo pipefail
bin=$1
source "$(dirname "${BASH_SOURCE[0]}")/start_2015.sh"
src=$2
shared=${SENDTWIN_SHARED:-$src/../shared}
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
small=(run --scale 0.002 --start 2015 --to 2017 --quiet)
line_of() { grep -n "$1" "$2" | head -1 | cut -d: -f1; }  # line_of PATTERN FILE
# refused NAME STDERR PATTERN: the command just run exited 2 and said PATTERN (grep -E).
refused() {
  local status=$1 name=$2 err=$3 pattern=$4
  check "$name exits 2" test "$status" -eq 2
  check "$name says file:line: key: what" grep -qE -- "$pattern" "$err"
}

# --- Parameter files ---------------------------------------------------------------------------
params=$src/data/params/send.toml
sed 's/^refused = /refusd = /' "$params" >"$work/misspelt.toml"
"$bin" "${small[@]}" --params "$work/misspelt.toml" --out "$work/p1" >/dev/null 2>"$work/e1"
refused $? "a misspelt parameter" "$work/e1" \
  "$work/misspelt.toml:$(line_of '^refusd' "$work/misspelt.toml"): requests.refusd: not a known key \(did you mean refused\?\)$"
check "a misspelt parameter writes nothing" test ! -e "$work/p1"

# A key beside the right one (nothing missing) was ignored without a word.
sed '/^refused = /a refuse = { value = 0.5, source = "x" }' "$params" >"$work/extra.toml"
"$bin" "${small[@]}" --params "$work/extra.toml" --out "$work/p2" >/dev/null 2>"$work/e1b"
refused $? "an extra misspelt parameter" "$work/e1b" "extra.toml:$(line_of '^refuse =' "$work/extra.toml"): requests.refuse: not a known key \(did you mean refused\?\)"
check "an extra misspelt parameter writes nothing" test ! -e "$work/p2"

sed 's/^\[requests\]/[request]/' "$params" >"$work/section.toml"
"$bin" "${small[@]}" --params "$work/section.toml" >/dev/null 2>"$work/e2"
refused $? "a misspelt section" "$work/e2" "section.toml:$(line_of '^\[request\]' "$work/section.toml"): request: not a known key \(did you mean requests\?\)"

sed 's/^inflation = { value = 0.02/inflaton = { value = 0.02/' "$params" >"$work/money.toml"
"$bin" "${small[@]}" --params "$work/money.toml" >/dev/null 2>"$work/e3"
refused $? "a misspelt money key" "$work/e3" "money.toml:[0-9]+: finance.inflaton: not a known key \(did you mean inflation\?\)"

# A request rate of 1e5 or 1e9 pupils ran for minutes and gigabytes, then bad_alloc.
sed 's/^rate = { base = 0.0427/rate = { base = 1e5/' "$params" >"$work/rate.toml"
start=$(date +%s)
"$bin" "${small[@]}" --params "$work/rate.toml" >/dev/null 2>"$work/e4"
refused $? "a request rate of 1e5" "$work/e4" "rate.toml:[0-9]+: requests.rate.base: 100000 is outside the possible range \[0, 0.5\]: requests per pupil"
check "a request rate of 1e5 is refused at once" test $(($(date +%s) - start)) -le 5
sed 's/^pupils = { value = 8438145/pupils = { value = 1e9/' "$params" >"$work/pupils.toml"
"$bin" "${small[@]}" --params "$work/pupils.toml" >/dev/null 2>"$work/e5"
refused $? "1e9 pupils" "$work/e5" "pupils.toml:[0-9]+: population.pupils.value: 1e\+09 is outside the possible range"
sed 's/^exit = { value = 0.20/exit = { value = nan/' "$params" >"$work/nan.toml"
"$bin" "${small[@]}" --params "$work/nan.toml" >/dev/null 2>"$work/e6"
refused $? "a NaN parameter" "$work/e6" "nan.toml:[0-9]+: sen_support.exit.value: must be a number"

# The shipped file still loads.
"$bin" "${small[@]}" --params "$params" >/dev/null 2>&1
check "the shipped send.toml loads" test $? -eq 0

# --- Scenarios ---------------------------------------------------------------------------------
head='[scenario]\nname = "x"\ndescription = "d"\nsource = "s"\n'
printf "$head"'[levers]\ninclusion_incentiv = { value = 0.3, from = 2026 }\n' >"$work/lever.toml"
"$bin" scenario "$work/lever.toml" --replicates 1 --scale 0.002 --start 2015 --to 2017 --out "$work/s1" --quiet >/dev/null 2>"$work/e7"
refused $? "a misspelt lever" "$work/e7" "lever.toml:6: levers.inclusion_incentiv: not a known key \(did you mean inclusion_incentive\?\)"
check "a misspelt lever writes nothing" test ! -e "$work/s1"
printf "$head"'[levers]\ninclusion_incentive = { value = 0.3, form = 2026 }\n' >"$work/field.toml"
"$bin" scenario "$work/field.toml" --replicates 1 --scale 0.002 --start 2015 --to 2017 --quiet >/dev/null 2>"$work/e8"
refused $? "a misspelt lever field" "$work/e8" "field.toml:6: levers.inclusion_incentive.form: not a known key \(did you mean from\?\)"

# --- Sweep plans -------------------------------------------------------------------------------
# (OpenMPI's own allocations are not ours to leak-check: sweep runs with detect_leaks=0, as in sweep_cli.)
printf '[sweep]\nname = "x"\ndescription = "d"\nreplicate = 2\n' >"$work/plan.toml"
ASAN_OPTIONS=detect_leaks=0 "$bin" sweep "$work/plan.toml" --out "$work/w1" -q >/dev/null 2>"$work/e10"
refused $? "a misspelt sweep field" "$work/e10" "plan.toml:4: sweep.replicate: not a known key \(did you mean replicates\?\)"
check "a misspelt sweep field writes nothing" test ! -e "$work/w1"
# A sweep's scenario with places for an LA no run has (the scenario command checks its own).
printf "$head"'[special_places_by_la]\n"999" = { value = 100 }\n' >"$work/la.toml"
printf '[sweep]\nname = "x"\ndescription = "d"\nscenarios = ["la.toml"]\n' >"$work/la-plan.toml"
ASAN_OPTIONS=detect_leaks=0 "$bin" sweep "$work/la-plan.toml" --out "$work/w3" -q >/dev/null 2>"$work/e9"
refused $? "a sweep's places for an unknown LA" "$work/e9" "la.toml:6: special_places_by_la.999: not an LA of DfE's register"
printf '[sweep]\nname = "x"\ndescription = "d"\nscale = 1e-9\n' >"$work/scale.toml"
ASAN_OPTIONS=detect_leaks=0 "$bin" sweep "$work/scale.toml" --out "$work/w2" -q >/dev/null 2>"$work/e11"
refused $? "a sweep at scale 1e-9" "$work/e11" "scale.toml:4: sweep.scale: must be a number in \[0.0001, 1\]"

# --- witan.send projects -----------------------------------------------------------------------
demo=$shared/peers/witan.send-demo
if [ -f "$demo/config.edn" ]; then
  fresh() {  # fresh DIR: a copy of the demo project
    rm -rf "$1"; mkdir -p "$1/data"; cp "$demo/config.edn" "$1/"; cp "$demo"/data/*.csv "$1/data/"
  }
  fresh "$work/w"
  sed -i 's/:simulations 10/:simulation 10/' "$work/w/config.edn"
  "$bin" witan "$work/w/config.edn" --out "$work/wo1" -q >/dev/null 2>"$work/e12"
  refused $? "a misspelt witan key" "$work/e12" "config.edn:14: projection-parameters.simulation: not a known key \(did you mean simulations\?\)"
  check "a misspelt witan key writes nothing" test ! -e "$work/wo1"

  fresh "$work/w"
  sed -i 's/:settings-to-change nil}/:settings-to-change nil :transitions-to-change [{:setting-2 :Z :modify-transition-by 40}]}/' "$work/w/config.edn"
  "$bin" witan "$work/w/config.edn" --out "$work/wo2" -q >/dev/null 2>"$work/e13"
  refused $? "an unknown setting in :transitions-to-change" "$work/e13" "config.edn:11: transitions-to-change.setting-2: Z is not a setting of"

  fresh "$work/w"
  sed -i 's/^U,G,1000.0$/U,G,1e308/' "$work/w/data/costs.csv"
  "$bin" witan "$work/w/config.edn" --out "$work/wo3" -q >/dev/null 2>"$work/e14"
  refused $? "a cost of 1e308" "$work/e14" "costs.csv:2: cost: \"1e308\" is above 1000000"

  fresh "$work/w"
  sed -i '/^U,G,1000.0$/d' "$work/w/data/costs.csv"
  "$bin" witan "$work/w/config.edn" --out "$work/wo4" -q >/dev/null 2>"$work/e15"
  refused $? "a missing cost row" "$work/e15" "costs.csv: cost: no row for need U in setting G"

  fresh "$work/w"
  { printf '\xef\xbb\xbf'; cat "$demo/config.edn"; } >"$work/w/bom.edn"
  "$bin" witan "$work/w/bom.edn" --simulations 2 --threads 1 --out "$work/wo5" -q >/dev/null 2>"$work/e16"
  check "a configuration with a byte order mark runs" test $? -eq 0
else
  echo "SKIPPED: witan.send checks (no $demo)"
fi

finish
