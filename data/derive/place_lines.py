#!/usr/bin/python3
"""Each LA's state special places' growth, scored on the published plans alone (README, backtest).

Reads the plans in state special schools of every LA and January (data/la/starts.csv) and, for
each origin O in 2019..2024, grows every LA's state special plans of January O by the growth of
calibrate::place_growths fitted to the Januaries up to O, in its two forms: the least-squares line
in plans a year (its slope over the plans at O) and the line through the logarithm of the plans
(exp(slope) - 1), each shrunk toward England's line by empirical Bayes (weight tau^2 / (tau^2 + v)
on the LA's own, clamped to -5%..+25%). Prints the median over origins of the median |% error|
over LAs at horizons 1-3 against the published plans. Nothing is written.

  data/derive/place_lines.py [--starts data/la/starts.csv]
"""
import argparse
import csv
import math
import statistics
from collections import defaultdict


def read(path):
    series = defaultdict(dict)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                series[row["old_la_code"]][int(row["year"])] = float(row["plans_state_special"])
            except ValueError:
                pass
    return series


def line(series, start, log):
    """(growth, its sampling variance) of one series' line through the Januaries up to start."""
    points = [(y, v) for y, v in series.items() if y <= start]
    if series.get(start, 0) <= 0 or len(points) < 3 or (log and any(v <= 0 for _, v in points)):
        return None
    n = len(points)
    xs = [y - start for y, _ in points]
    vs = [math.log(v) if log else v for _, v in points]
    mx, my = sum(xs) / n, sum(vs) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (v - my) for x, v in zip(xs, vs)) / sxx
    residuals = sum((v - my - slope * (x - mx)) ** 2 for x, v in zip(xs, vs))
    now = series[start]
    if log:
        return math.expm1(slope), residuals / (n - 2) / sxx
    return slope / now, residuals / (n - 2) / sxx / now / now


def growths(plans, start, log):
    england = defaultdict(float)
    for series in plans.values():
        for y, v in series.items():
            if y <= start:
                england[y] += v
    national = line(england, start, log)[0]
    lines = {c: l for c, l in ((c, line(s, start, log)) for c, s in plans.items()) if l}
    k = len(lines)
    g = [l[0] for l in lines.values()]
    tau2 = max(0.0, (sum(x * x for x in g) - sum(g) ** 2 / k) / k - sum(l[1] for l in lines.values()) / k)
    out = {}
    for code, series in plans.items():
        if series.get(start, 0) <= 0:
            continue
        own = lines.get(code)
        x = (tau2 * own[0] + own[1] * national) / (tau2 + own[1]) if own and tau2 + own[1] > 0 else national
        out[code] = min(0.25, max(-0.05, x))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", default="data/la/starts.csv")
    plans = read(ap.parse_args().starts)
    last = max(y for s in plans.values() for y in s)
    for name, log in (("shrunk line, places a year", False), ("shrunk line through the logarithm", True)):
        by_h = []
        for h in (1, 2, 3):
            medians = []
            for origin in range(2019, 2025):
                if origin + h > last:
                    continue
                errors = [abs(plans[c][origin] * (1 + g) ** h / plans[c][origin + h] - 1)
                          for c, g in growths(plans, origin, log).items() if plans[c].get(origin + h, 0) > 0]
                medians.append(100 * statistics.median(errors))
            by_h.append(f"{statistics.median(medians):.1f}")
        print(f"{name}: {'/'.join(by_h)}% at horizons 1-3")


if __name__ == "__main__":
    main()
