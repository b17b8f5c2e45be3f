#!/usr/bin/python3
"""Fits the three FITTED values of scenarios/white-paper-2026.toml to DfE's projection.

DfE published one national line with the White Paper (reform-2026.md B): pupils with an EHC plan
about 7.7% in 2029-30 (January 2030) and about 4.7% in 2034-35 (January 2035), and about 1 in 8 of
today's plan holders moved to ISPs between 2030 and 2035. The paper gives no number for what the
model needs to meet them, so each target fixes one lever:

  pupils_with_plan_pct in 2030-01 = 7.7   sen_support_quality
  pupils_with_plan_pct in 2035-01 = 4.7   specialist_eligibility
  plans reassessed 2030-2035 / ehc_plans in 2030-01 = 1/8   phase_transfer_reassessment

by a secant step on each in turn (Gauss-Seidel), runs of `sendtwin scenario` with common random
numbers. Prints each round and the values; --write puts them in the file and its variants
(white-paper-2026-*.toml).

  scenarios/fit-white-paper-2026.py [--binary build/sendtwin] [--scale 0.1] [--replicates 5] [--write]
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FILE = os.path.join(HERE, "white-paper-2026.toml")
TARGETS = [  # lever, what it meets, target
    ("sen_support_quality", "pupils with a plan, % of pupils, January 2030", 7.7),
    ("specialist_eligibility", "pupils with a plan, % of pupils, January 2035", 4.7),
    ("phase_transfer_reassessment", "plans reassessed to ISPs 2030-2035 / plans of January 2030", 0.125),
]


def half_as_strict(values):
    out = dict(values)
    if "specialist_eligibility" in out:
        out["specialist_eligibility"] = 1 - (1 - out["specialist_eligibility"]) / 2
    if "phase_transfer_reassessment" in out:
        out["phase_transfer_reassessment"] = out["phase_transfer_reassessment"] / 2
    return out


VARIANTS = {  # each variant file and how its fitted values follow the main file's
    "white-paper-2026-funding-only.toml": lambda v: v,
    "white-paper-2026-delayed.toml": lambda v: v,
    "white-paper-2026-appeals.toml": lambda v: v,
    "white-paper-2026-half-strict.toml": half_as_strict,
}


def with_values(text, values):
    for lever, value in values.items():
        text, n = re.subn(r"^(%s = \{ value = )[0-9.]+" % lever, r"\g<1>%.4f" % value, text, flags=re.M)
        if n != 1:
            sys.exit("fit: %s is not set once in %s" % (lever, FILE))
    return text


def figures(args, text, workdir):
    path = os.path.join(workdir, "white-paper-2026.toml")
    with open(path, "w") as f:
        f.write(text)
    out = os.path.join(workdir, "out")
    subprocess.run([args.binary, "scenario", path, "--replicates", str(args.replicates), "--scale", str(args.scale),
                    "--seed", str(args.seed), "-q", "--out", out], check=True, stdout=subprocess.DEVNULL)
    sums = {}
    with open(os.path.join(out, "scenarios.csv")) as f:
        for r in csv.DictReader(f):
            if r["scenario"] != "white-paper-2026" or r["code"] != "E92000001":
                continue
            key = (r["measure"], r["period"])
            sums[key] = sums.get(key, 0.0) + float(r["value"]) / args.replicates
    reassessed = sum(sums.get(("plans_reassessed", str(y)), 0.0) for y in range(2030, 2036))
    return [sums[("pupils_with_plan_pct", "2030-01")], sums[("pupils_with_plan_pct", "2035-01")],
            reassessed / sums[("ehc_plans", "2030-01")]]


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=os.path.join(HERE, "..", "build", "sendtwin"))
    p.add_argument("--scale", type=float, default=0.1)
    p.add_argument("--replicates", type=int, default=5)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--write", action="store_true", help="write the fitted values into the scenario file")
    args = p.parse_args()
    text = open(FILE).read()
    values = {lever: float(re.search(r"^%s = \{ value = ([0-9.]+)" % lever, text, flags=re.M).group(1))
              for lever, _, _ in TARGETS}
    with tempfile.TemporaryDirectory() as workdir:
        got = figures(args, with_values(text, values), workdir)
        for rnd in range(1, args.rounds + 1):
            for k, (lever, _, target) in enumerate(TARGETS):
                # Secant from the current value and a step beside it; each lever moves its figure down.
                x0, f0 = values[lever], got[k] - target
                x1 = min(1.0, max(0.0, x0 + (0.02 if x0 < 0.5 else -0.02)))
                trial = dict(values, **{lever: x1})
                f1 = figures(args, with_values(text, trial), workdir)[k] - target
                if f1 != f0:
                    values[lever] = min(1.0, max(0.0, x0 - f0 * (x1 - x0) / (f1 - f0)))
                got = figures(args, with_values(text, values), workdir)
            print("round %d: " % rnd + ", ".join("%s = %.4f" % (l, values[l]) for l, _, _ in TARGETS))
            for (lever, what, target), g in zip(TARGETS, got):
                print("  %-62s %.4f (DfE %.4g)" % (what, g, target))
    if args.write:
        with open(FILE, "w") as f:
            f.write(with_values(text, values))
        print("written to %s" % FILE)
        # The variants carry the same values (tests/scenario/white_paper_test.cpp holds them together);
        # "half as strict" halves the shares refused and reassessed.
        for name, change in VARIANTS.items():
            path = os.path.join(HERE, name)
            variant = open(path).read()
            present = {l: v for l, v in values.items() if re.search(r"^%s = " % l, variant, flags=re.M)}
            with open(path, "w") as f:
                f.write(with_values(variant, change(present)))
            print("written to %s" % path)


if __name__ == "__main__":
    main()
