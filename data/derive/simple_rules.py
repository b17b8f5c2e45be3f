#!/usr/bin/python3
"""Simple rules for each LA's EHC plans a year ahead, scored on the published stocks alone.

Reads data/la/plans_published.csv (each LA's January plans, DfE) and, for each origin O in
2019..2024, forecasts every LA's plans at January O+1 from figures up to January O only:

  drift      p_O (1 + g_LA)                      g_LA the LA's growth from O-1 to O
  mean2/3    p_O (1 + mean of its last 2/3 growths)
  england    p_O (1 + g_E)                       g_E England's growth from O-1 to O
  blend x    p_O (1 + x g_LA + (1 - x) g_E)      x = 0.5, 0.7
  lean g     the blend with x = g chosen from the years before O: the g (steps of 0.05) whose
             such forecasts had the smallest median |log error| over every year up to O, the rule
             calibrate::own_growth_weight uses inside the model (window 1 here)

and prints the median |% error| over LAs with at least 50 plans in each year read. README.md
("sendtwin backtest") quotes it. Nothing is written.

  data/derive/simple_rules.py [--plans data/la/plans_published.csv]
"""
import argparse
import csv
import math
import statistics
from collections import defaultdict

SMALLEST = 50


def read(path):
    plans = defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                plans[row["old_la_code"]][int(row["year"])] = float(row["ehc_plans"])
            except ValueError:
                pass  # a suppressed figure
    return plans


def england_growth(plans, year):
    las = [p for p in plans.values() if year in p and year - 1 in p]
    return sum(p[year] for p in las) / sum(p[year - 1] for p in las) - 1


def errors(plans, origin, rule, log=False):
    out = []
    for p in plans.values():
        if not all(y in p and p[y] >= SMALLEST for y in range(origin - 3, origin + 2)):
            continue
        forecast = p[origin] * (1 + rule(p, origin))
        e = p[origin + 1] / forecast
        out.append(abs(math.log(e)) if log else abs(1 / e - 1))
    return out


def growth(p, year):
    return p[year] / p[year - 1] - 1


def lean_weight(plans, origin):
    first = min(y for p in plans.values() for y in p) + 3
    best = None
    for step in range(21):
        x = step / 20
        rule = lambda p, t, x=x: x * growth(p, t) + (1 - x) * england_growth(plans, t)
        e = [v for t in range(first, origin) for v in errors(plans, t, rule, log=True)]
        m = statistics.median(e)
        if best is None or m < best[1]:
            best = (x, m)
    return best[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plans", default="data/la/plans_published.csv")
    plans = read(ap.parse_args().plans)
    origins = range(2019, 2025)
    rules = {
        "drift": lambda p, t: growth(p, t),
        "mean2": lambda p, t: (growth(p, t) + growth(p, t - 1)) / 2,
        "mean3": lambda p, t: (growth(p, t) + growth(p, t - 1) + growth(p, t - 2)) / 3,
        "england": lambda p, t: england_growth(plans, t),
        "blend 0.5": lambda p, t: 0.5 * growth(p, t) + 0.5 * england_growth(plans, t),
        "blend 0.7": lambda p, t: 0.7 * growth(p, t) + 0.3 * england_growth(plans, t),
    }
    print("rule        " + "  ".join(str(o) for o in origins))
    for name, rule in rules.items():
        print(f"{name:<10}" + "".join(f"{100 * statistics.median(errors(plans, o, rule)):6.2f}" for o in origins))
    weights = {o: lean_weight(plans, o) for o in origins}
    lean = "".join(
        f"{100 * statistics.median(errors(plans, o, lambda p, t, g=weights[o]: g * growth(p, t) + (1 - g) * england_growth(plans, t))):6.2f}"
        for o in origins)
    print(f"{'lean g':<10}" + lean)
    print("g by origin: " + ", ".join(f"{o} {weights[o]:.2f}" for o in origins))


if __name__ == "__main__":
    main()
