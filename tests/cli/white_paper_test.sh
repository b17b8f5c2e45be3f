#!/usr/bin/env bash
# The 2026 White Paper (issue 19) end to end, at reduced scale: England under
# scenarios/white-paper-2026.toml meets DfE's projection (7.7% of pupils with a plan in January
# 2030, 4.7% in January 2035, within 0.3 points), ISPs are DfE's 15-20% of pupils by 2035, and the
# plans fewer than the counterfactual (white-paper-2026-funding-only.toml) are about DfE's 270,000;
# `scenario --by-la` writes every LA's figures (adding up to England's) and its table; `la
# --scenario` shows one LA under the reform. The full-scale figures are the README's.
# Usage: white_paper_test.sh path/to/sendtwin source_dir.
set -uo pipefail
bin=$1
src=$2
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$bin" scenario "$src/scenarios/white-paper-2026.toml" "$src/scenarios/white-paper-2026-funding-only.toml" \
  --scale 0.05 --replicates 4 --by-la --quiet --out "$work/wp" --report "$work/wp.html" >"$work/table" 2>"$work/err"
check "scenario --by-la exits 0" test $? -eq 0
check "the table shows England's pupils with a plan" grep -qE "^pupils_with_plan_pct +2035-01 " "$work/table"
check "the LA table lists the ten largest LAs" grep -q "the 10 largest LAs (by the baseline's EHC plans):" "$work/table"
check "the LA table lists the LAs moved most" grep -q "the 10 LAs whose EHC plans the scenario moves most" "$work/table"

# England's mean over the replicates, and the LAs' sum.
cat >"$work/check.py" <<'EOF'
import csv, sys
from collections import defaultdict
england, las = defaultdict(list), defaultdict(float)
reps = set()
for r in csv.DictReader(open(sys.argv[1])):
    key = (r["scenario"], r["measure"], r["period"])
    if r["code"] == "E92000001":
        england[key].append(float(r["value"]))
    elif "+" not in r["code"] and r["measure"] == "ehc_plans":
        las[key + (r["replicate"],)] += float(r["value"])
        reps.add(r["replicate"])
mean = lambda s, m, p: sum(england[(s, m, p)]) / len(england[(s, m, p)])
wp, counterfactual = "white-paper-2026", "white-paper-2026-funding-only"
what = sys.argv[2]
if what == "2030":
    print(abs(mean(wp, "pupils_with_plan_pct", "2030-01") - 7.7) <= 0.3)
elif what == "2035":
    print(abs(mean(wp, "pupils_with_plan_pct", "2035-01") - 4.7) <= 0.3)
elif what == "isps":
    share = 100 * mean(wp, "isps", "2035-01") / mean(wp, "pupils", "2035-01")
    print(15 <= share <= 20)
elif what == "fewer":
    fewer = mean(counterfactual, "pupils_with_plan", "2035-01") - mean(wp, "pupils_with_plan", "2035-01")
    print(0.85 * 270000 <= fewer <= 1.15 * 270000)
elif what == "sum":
    rows = [(k, v) for k, v in las.items() if k[0] == wp and k[2] == "2035-01"]
    ok = len(rows) == len(reps) and all(
        abs(v - england[(wp, "ehc_plans", "2035-01")][int(k[3]) - 1]) < 1e-6 * v for k, v in rows)
    print(ok)
EOF
for what in 2030 2035 isps fewer sum; do
  got=$(python3 "$work/check.py" "$work/wp/scenarios.csv" "$what")
  check "white paper: $what" test "$got" = "True"
done
check "the report charts the ten largest LAs" grep -q "difference from the baseline in the ten largest LAs" "$work/wp.html"
check "differences.csv has each LA's difference" grep -qE "^ehc_plans,Kent,886,2035-01,count,white-paper-2026," "$work/wp/differences.csv"

"$bin" la Kent --scenario "$src/scenarios/white-paper-2026.toml" --scale 0.02 --replicates 2 --quiet \
  --report "$work/kent.html" >"$work/kent" 2>&1
check "la --scenario exits 0" test $? -eq 0
check "la --scenario prints the LA under the scenario" grep -q "Scenario white-paper-2026 against the baseline in Kent" "$work/kent"
check "la --scenario prints the LA's ISPs" grep -qE "^isps \(" "$work/kent"
check "la --scenario prints the LA's ledger under the scenario" grep -qE "^cumulative_dsg_balance \(" "$work/kent"
check "the LA's report charts the scenario" grep -q "Scenarios against the baseline" "$work/kent.html"

"$bin" variation --scenario "$src/scenarios/white-paper-2026.toml" --scale 0.02 --replicates 2 --quiet >"$work/var" 2>&1
check "variation --scenario exits 0" test $? -eq 0
check "variation --scenario says how much of the spread the LAs' start explains" grep -qE "^why \(least squares .*R squared [0-9.]+\)" "$work/var"
check "variation --scenario lists the largest falls" grep -q "^the largest falls:" "$work/var"
"$bin" variation --scenario "$src/scenarios/white-paper-2026.toml" --scale 0.02 --out "$work/v.csv" >/dev/null 2>"$work/err"
check "variation --scenario --out is refused before the run" test $? -eq 2

# The reform's result is the same bytes on one process and one thread as on two MPI ranks of two
# threads (sweep: the scenario CSVs).
cat >"$work/sweep.toml" <<EOF
[sweep]
name = "white-paper"
description = "the White Paper across ranks"
scenarios = ["$src/scenarios/white-paper-2026.toml"]
parameter_draws = 1
replicates = 2
seed = 1
scale = 0.01
to = 2035
EOF
# OpenMPI's own allocations outlive the process: no leak report (as sweep_cli_test.sh runs under CMake).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
"$bin" sweep "$work/sweep.toml" --out "$work/s1" --threads 1 -q >/dev/null 2>&1
check "sweep of the reform exits 0" test $? -eq 0
check "sweep of the reform counts ISPs" grep -q "^isps,England,E92000001,2035-01,[1-9][0-9]*,count,white-paper-2026," "$work/s1/scenarios.csv"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
if command -v mpirun >/dev/null && "$bin" sweep --help | grep -q "MPI"; then
  mpirun --oversubscribe -n 2 "$bin" sweep "$work/sweep.toml" --out "$work/s2" --threads 2 -q >/dev/null 2>&1
  check "the reform on 2 ranks exits 0" test $? -eq 0
  check "the reform on 2 ranks x 2 threads: scenarios.csv byte-identical" cmp -s "$work/s1/scenarios.csv" "$work/s2/scenarios.csv"
  check "the reform on 2 ranks x 2 threads: differences.csv byte-identical" cmp -s "$work/s1/differences.csv" "$work/s2/differences.csv"
fi

# A lever out of range in the reform's file: refused at its line, exit 2, nothing written.
sed 's/^specialist_eligibility = { value = [0-9.]*/specialist_eligibility = { value = 1.5/' \
  "$src/scenarios/white-paper-2026.toml" >"$work/bad.toml"
line=$(grep -n "^specialist_eligibility = " "$work/bad.toml" | cut -d: -f1)
"$bin" scenario "$work/bad.toml" --scale 0.01 --replicates 1 --out "$work/bad" >/dev/null 2>"$work/err"
check "a lever out of range exits 2" test $? -eq 2
check "a lever out of range is refused at its line" grep -q "bad.toml:$line: levers.specialist_eligibility.value: 1.5 is outside" "$work/err"
check "nothing is written" test ! -e "$work/bad"

finish
