#!/usr/bin/python3
"""Derives sendtwin's embedded national baseline and its flow parameters from the published files.

Reads ../shared/facts/send_facts.csv and ../shared/data/dfe (DfE's own files); writes
data/published/national.csv (one published figure a row, with its source) and prints the
arithmetic behind each derived parameter in data/params/send.toml. Run from the project root:

    /usr/bin/python3 data/derive/derive.py [path-to-shared]

The project never reads ../shared at build or run time: what this prints is committed.
"""
import csv
import math
import os
import sys

SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join("..", "shared")
FACTS = os.path.join(SHARED, "facts", "send_facts.csv")
DFE = os.path.join(SHARED, "data", "dfe")

SFR25 = ("DfE, Special educational needs in England: January 2015 (SFR25/2015), national table 1; "
         "236,165 and 15.4% also quoted by GL Assessment, 'Special educational needs statistics 2015'")

facts = {}
for row in csv.DictReader(open(FACTS, encoding="utf-8")):
    facts.setdefault(row["measure"], {})[row["period"]] = (row["value"], row["source"])


def fact(measure, period):
    value, source = facts[measure][period]
    return float(value), source


def year_of(period):
    return int(period.split()[-1][:4]) if period.split()[-1][:4].isdigit() else None


rows = []  # (measure, year, value, unit, source)


def add(measure, year, value, unit, source):
    rows.append((measure, year, value, unit, source))


# --- Stocks at the January census --------------------------------------------------------------
# Pupils (all schools), SEN Support and pupils with a statement or EHC plan.
add("pupils", 2015, 8438145, "count", SFR25)
add("sen_support", 2015, 1065280, "count", SFR25 + " (1,301,445 pupils with SEN less 236,165 with a statement or EHC plan)")
add("pupils_with_plan", 2015, 236165, "count", SFR25)
add("sen_support_pct", 2015, round(100 * 1065280 / 8438145, 2), "percent", SFR25)
add("pupils_with_plan_pct", 2015, 2.8, "percent", SFR25)

ss_count = facts["Pupils on SEN support"]
ss_pct = facts["% pupils on SEN support"]
for period, (value, source) in sorted(ss_count.items()):
    y = year_of(period)
    add("sen_support", y, float(value), "count", source)
    if period in ss_pct:
        pct, pct_source = ss_pct[period]
        add("sen_support_pct", y, float(pct), "percent", pct_source)
        # Pupils are not in the facts for these years: SEN Support pupils / their share.
        add("pupils", y, round(float(value) / (float(pct) / 100)), "count",
            f"derived: Pupils on SEN support ÷ % pupils on SEN support ({y}), both from: {source}")
# 2016: pupils with SEN less those with a plan (DfE SEN in England 2016, via Tes 2017-07-26).
sen16, src16 = fact("Pupils with SEN (all schools, school census)", "January 2016")
ehc16, _ = fact("Pupils with statement or EHC plan (school census)", "January 2016")
add("sen_support", 2016, sen16 - ehc16, "count", f"derived: pupils with SEN {sen16:.0f} less pupils with a statement or EHC plan {ehc16:.0f}; {src16}")
add("pupils", 2016, round((sen16 - ehc16) / 0.116), "count",
    "derived: SEN Support pupils (2016, above) ÷ 11.6% ('equal to 11.6 per cent … unchanged since January 2016'); " + src16)
add("sen_support_pct", 2016, 11.6, "percent", src16 + " ('11.6 per cent … unchanged since January 2016')")
sen18, src18 = fact("Pupils with SEN (all schools)", "January 2018")
ehc18, _ = fact("Pupils with statement or EHC plan (school census)", "January 2018")
add("sen_support", 2018, sen18 - ehc18, "count", f"derived: pupils with SEN {sen18:.0f} less pupils with a statement or EHC plan {ehc18:.0f}; {src18}")
add("pupils", 2018, round((sen18 - ehc18) / (float(ss_pct['January 2018'][0]) / 100)), "count",
    "derived: SEN Support pupils (2018, above) ÷ % pupils on SEN support 11.7; " + src18)

for m in ("Pupils with statement or EHC plan (school census)", "Pupils with EHC plan (school census)"):
    for period, (value, source) in sorted(facts[m].items()):
        add("pupils_with_plan", year_of(period), float(value), "count", source)
for period, (value, source) in sorted(facts["% pupils with EHC plan"].items()):
    add("pupils_with_plan_pct", year_of(period), float(value), "percent", source)

for m in ("Total statements of SEN + EHC plans maintained by LAs (all ages 0-25, SEN2)",
          "Total EHC plans maintained by LAs (all ages 0-25, SEN2)"):
    for period, (value, source) in sorted(facts[m].items()):
        y = year_of(period)
        if y >= 2015 and not any(r[0] == "ehc_plans" and r[1] == y for r in rows):
            add("ehc_plans", y, float(value), "count", source)

# Placements: state special = maintained + academies/free special schools; independent special =
# independent + non-maintained special schools (DESIGN.md's "independent or non-maintained").
grp = "Statements+EHC plans (all ages 0-25) by placement group: "
for y in range(2015, 2019):
    special, source = fact(grp + "Special school", f"January {y}")
    indep, _ = fact("Statements+EHC plans placed in Special - Independent", f"January {y}")
    nm, _ = fact("Statements+EHC plans placed in Special - Non-maintained", f"January {y}")
    add("plans_state_special", y, special - indep - nm, "count",
        f"derived: special school group less independent and non-maintained special; {source}")
    add("plans_independent_special", y, indep + nm, "count", f"derived: independent + non-maintained special; {source}")
for y in range(2019, 2026):
    la, source = fact("EHC plans placed in LA maintained special schools", f"January {y}")
    ac, _ = fact("EHC plans placed in special academies/free schools", f"January {y}")
    ind, _ = fact("EHC plans placed in independent special schools", f"January {y}")
    nm, _ = fact("EHC plans placed in non-maintained special schools", f"January {y}")
    add("plans_state_special", y, la + ac, "count", f"derived: LA maintained + academy/free special; {source}")
    add("plans_independent_special", y, ind + nm, "count", f"derived: independent + non-maintained special; {source}")

# --- Flows by calendar year -------------------------------------------------------------------
for m in ("Initial requests for EHC needs assessment received (SEN2)", "Initial requests for EHC needs assessment received"):
    for period, (value, source) in sorted(facts[m].items()):
        y = year_of(period)
        if not any(r[0] == "requests" and r[1] == y for r in rows):
            add("requests", y, float(value), "count", source)
for m in ("New statements + EHC plans made during calendar year (SEN2)", "New EHC plans issued during calendar year (SEN2)"):
    for period, (value, source) in sorted(facts[m].items()):
        y = year_of(period)
        if y >= 2015 and not any(r[0] == "new_plans" and r[1] == y for r in rows):
            add("new_plans", y, float(value), "count", source)
for m in ("% new EHC plans issued within 20 weeks excluding exceptions (SEN2)", "% new EHC plans issued within 20 weeks excluding exceptions"):
    for period, (value, source) in sorted(facts[m].items()):
        y = year_of(period)
        if y >= 2015 and not any(r[0] == "pct_within_20_weeks" and r[1] == y for r in rows):
            add("pct_within_20_weeks", y, float(value), "percent", source)
for m in ("Initial requests for EHC assessment refused (SEN2)", "Requests: LA decided not to assess (refusals)"):
    for period, (value, source) in sorted(facts[m].items()):
        y = year_of(period)
        if y >= 2016 and not any(r[0] == "refusals_to_assess" and r[1] == y for r in rows):
            add("refusals_to_assess", y, float(value), "count", source)
for period, (value, source) in sorted(facts["SEND Tribunal appeals registered (calendar year)"].items()):
    y = year_of(period)
    if y >= 2015:
        add("tribunal_appeals", y, float(value), "count", source)
for period, (value, source) in sorted(facts["EHC plans ceased"].items()):
    add("plans_ceased", year_of(period), float(value), "count", source + " (includes transfers to another LA)")

rows.sort(key=lambda r: (r[0], r[1]))
out = os.path.join("data", "published", "national.csv")
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["measure", "geography", "period", "value", "unit", "source"])
    for measure, year, value, unit, source in rows:
        w.writerow([measure, "England", year, f"{value:g}" if unit == "percent" else f"{value:.0f}", unit, source])
print(f"wrote {out}: {len(rows)} rows")

published = {(r[0], r[1]): r[2] for r in rows}


def pub(measure, year):
    return published[(measure, year)]


# --- Derived parameters -----------------------------------------------------------------------
print("\n== requests")
under5 = []
for line in csv.DictReader(open(os.path.join(DFE, "ehcp-2022/data/sen2_age_new_plans.csv"), encoding="utf-8-sig")):
    if line["geographic_level"] == "National" and line["characteristic_age"] == "Under 5" and line["time_period"] in ("2016", "2017", "2018", "2019", "2020", "2021"):
        under5.append(float(line["Total_new_all_pc"]) / 100)
ey_share = sum(under5) / len(under5)
print(f"under-5 share of new plans 2016-2021 (sen2_age_new_plans.csv): {[round(x, 3) for x in under5]} mean {ey_share:.4f}")
r16 = pub("requests", 2016) * (1 - ey_share) / pub("sen_support", 2016)
r24 = pub("requests", 2024) * (1 - ey_share) / pub("sen_support", 2024)
g = (r24 / r16) ** (1 / 8) - 1
print(f"school-age requests per SEN Support pupil: 2016 {r16:.5f}, 2024 {r24:.5f}; growth {g:.5f}/yr")
intake_guess = pub("pupils", 2016) / (12 + 0.42 + 0.38)
ey16 = pub("requests", 2016) * ey_share / (2 * intake_guess)
print(f"early-years requests per child aged 2-3, 2016: {ey16:.5f} (cohort {intake_guess:.0f})")

refusal = []
for y in range(2016, 2025):
    refusal.append(pub("refusals_to_assess", y) / pub("requests", y))
p_refuse = sum(refusal) / len(refusal)
print(f"refused / requests 2016-2024: {[round(x, 3) for x in refusal]} mean {p_refuse:.4f}")
issued = []
for period in ("calendar year 2016", "calendar year 2017", "calendar year 2018", "calendar year 2019", "calendar year 2020", "calendar year 2021"):
    issued.append(float(facts["% of completed assessments resulting in an EHC plan (SEN2)"][period][0]) / 100)
for period in ("calendar year 2022", "calendar year 2023", "calendar year 2024"):
    issued.append(float(facts["% assessments resulting in plan issued"][period][0]) / 100)
p_issue = sum(issued) / len(issued)
print(f"plans / completed assessments 2016-2024: mean {p_issue:.4f}")
conv = []
for y in range(2017, 2025):
    lagged = (pub("requests", y - 1) + pub("requests", y)) / 2
    conv.append(pub("new_plans", y) / lagged)
c = sum(conv) / len(conv)
withdrawn = 1 - c / ((1 - p_refuse) * p_issue)
print(f"new plans / mean requests of the year and the one before, 2017-2024: {[round(x, 3) for x in conv]} mean {c:.4f}")
print(f"  -> withdrawn = 1 - {c:.4f} / ((1 - {p_refuse:.4f}) x {p_issue:.4f}) = {withdrawn:.4f}")

print("\n== timeliness")
t = [pub("pct_within_20_weeks", y) / 100 for y in range(2015, 2025)]
print(f"% within 20 weeks excl. exceptions 2015-2024: mean {sum(t)/len(t):.4f}")
exc = []
for line in csv.DictReader(open(os.path.join(DFE, "ehcp-2022/data/sen2_mi.csv"), encoding="utf-8-sig")):
    if line["geographic_level"] == "National" and line["TotIncExcEHC"] not in ("z", "x"):
        exc.append((line["time_period"], 1 - float(line["TotNoExcEHC"]) / float(line["TotIncExcEHC"])))
exc.sort()
print(f"exception share (1 - TotNoExcEHC / TotIncExcEHC), sen2_mi.csv: {[(y, round(v, 3)) for y, v in exc]}")
print(f"  mean 2016-2021 {sum(v for y, v in exc if y >= '2016') / len([1 for y, v in exc if y >= '2016']):.4f}")
late_1y = [float(facts["% new EHC plans issued after more than 1 year"][f"calendar year {y}"][0]) / 100 for y in (2023, 2024)]
late_share = [1 - pub("pct_within_20_weeks", y) / 100 for y in (2023, 2024)]
tail = sum(a / b for a, b in zip(late_1y, late_share)) / 2
mean_late = 32 / math.log(1 / tail)
print(f"P(over 52 weeks | late) 2023-24: {tail:.4f} -> late weeks ~ exponential, mean 32/ln(1/p) = {mean_late:.2f}")

print("\n== moves between mainstream and special (sen2_mi.csv MtosiEHC, SitomEHC)")
moves = {}
for line in csv.DictReader(open(os.path.join(DFE, "ehcp-2022/data/sen2_mi.csv"), encoding="utf-8-sig")):
    if line["geographic_level"] == "National" and line["time_period"] in ("2019", "2020", "2021"):
        moves[int(line["time_period"])] = (float(line["MtosiEHC"]), float(line["SitomEHC"]))
ms, sm = [], []
for y, (a, b) in sorted(moves.items()):
    main, _ = fact("EHC plans placed in mainstream schools", f"January {y}")
    spec = pub("plans_state_special", y)
    ms.append(a / main)
    sm.append(b / spec)
print(f"mainstream->special / mainstream plans 2019-21: {[round(x, 4) for x in ms]} mean {sum(ms)/3:.4f}")
print(f"special->mainstream / state special plans 2019-21: {[round(x, 4) for x in sm]} mean {sum(sm)/3:.4f}")

print("\n== ceasing")
for y in (2022, 2023, 2024):
    ceased, _ = fact("EHC plans ceased", f"calendar year {y}")
    moved, _ = fact("EHC plans ceased - transferred to another LA", f"calendar year {y}")
    print(f"{y}: ceased {ceased:.0f} less transfers {moved:.0f} = {ceased-moved:.0f}, {100*(ceased-moved)/pub('ehc_plans', y):.2f}% of January plans")

print("\n== special school places")
a, b = pub("plans_state_special", 2019), pub("plans_state_special", 2025)
print(f"state special plans 2019 {a:.0f} -> 2025 {b:.0f}: growth {(b/a)**(1/6)-1:.4f}/yr")

print("\n== appeals")
r15 = float(facts["SEND Tribunal appeal rate (appeals / appealable decisions)"]["calendar year 2015"][0]) / 100
r24 = float(facts["SEND Tribunal appeal rate (appeals / appealable decisions)"]["calendar year 2024"][0]) / 100
print(f"appeal rate 2015 {r15:.4f}, 2024 {r24:.4f}: growth {(r24/r15)**(1/9)-1:.4f}/yr")

print("\n== SEN Support")
print(f"share 2016 {pub('sen_support', 2016)/pub('pupils', 2017):.4f} (pupils 2017 as denominator), 2025 {pub('sen_support_pct', 2025)/100:.4f}")

print("\n== sex")
boys = float(facts["% of EHC plan pupils who are boys"]["January 2025"][0]) / 100
ms_ = 0.512
m = boys * (1 - ms_) / ((1 - boys) * ms_)
print(f"boys {boys} of EHC plan pupils, boys {ms_} of pupils -> relative rate {m:.3f}")

print("\n== pupils and the reception intake")
targets = {y: pub("pupils", y) for y in range(2015, 2026) if ("pupils", y) in published}
print("pupil totals:", {y: round(v) for y, v in sorted(targets.items())})
S12, S13 = 0.42, 0.38  # data/params/send.toml population.share_y12 / share_y13
c0 = targets[2015] / (12 + S12 + S13)
groups = [c0] * 12 + [c0 * S12, c0 * S13]  # year groups R..13 in January 2015
raw = {}
for y in range(2015, 2025):
    if (y + 1) not in targets:
        continue
    # September y: everyone moves up; year 11 and 12 keep their sixth-form shares; year 13 leaves.
    moved = [0.0] + groups[:11] + [groups[11] * S12, groups[12] * S13 / S12]
    raw[y] = targets[y + 1] - sum(moved)
    moved[0] = raw[y]
    groups = moved
print("reception intake solved so that each January total is met:", {y: round(v) for y, v in raw.items()})
years = sorted(raw)
smooth = {}
for k, y in enumerate(years):
    window = [raw[years[j]] for j in range(max(0, k - 1), min(len(years), k + 2))]
    smooth[y] = sum(window) / len(window)
print("3-year centred moving average (ends: 2-year):")
print("intake_years = [" + ", ".join(str(y) for y in years) + "]")
print("intake = [" + ", ".join(f"{round(smooth[y], -2):.0f}" for y in years) + "]")

# Published futures (`sendtwin validate` prints the model beside them): the facts' "Projection:"
# rows for England, each tied to the model measure it projects and the period the model reports it
# in (a January census year, or a financial year named by its start: FY 2028-29 and March 2029 are 2028).
PROJECTIONS = [
    ("Projection: EHC plans (all ages 0-25) — CCN/Isos 2025", "January 2029", "ehc_plans", 2029),
    ("Projection: additional EHC plans 2025 to 2029 — IFS Oct 2025", "2029", "ehc_plans_added_since_2025", 2029),
    ("Projection: EHC plans if request rates level off — Mime", "2040", "ehc_plans", 2040),
    ("Projection: EHC plans if request rates keep rising — Mime", "2040", "ehc_plans", 2040),
    ("Projection: high needs spend — CCN/Isos 2025", "FY 2028-29", "high_needs_spend", 2028),
    ("Projection: high needs spend — IFS Oct 2025", "2029", "high_needs_spend", 2028),
    ("Projection: high needs spending above funding — OBR Nov 2025", "FY 2028-29", "high_needs_overspend", 2028),
    ("Projection: cumulative DSG deficits — OBR Nov 2025", "March 2028", "cumulative_dsg_deficit", 2027),
    ("Projection: cumulative council SEND debts — IFS Oct 2025", "2028", "cumulative_dsg_deficit", 2027),
    ("Projection: cumulative DSG deficits — CCN/Isos 2025", "March 2029", "cumulative_dsg_deficit", 2028),
    ("Projection: average independent special school cost per place — CCN/Isos 2025", "2029", "independent_fee", 2028),
    # Estimates of deficits already run up, beyond the balances in ../shared/data/dfe (to March 2022).
    ("Cumulative LA high-needs deficits (IFS estimate)", "2024-25", "cumulative_dsg_deficit", 2024),
    ("Estimated cumulative DSG deficit (DfE estimate, Oct 2024)", "end of FY 2025-26 (March 2026)", "cumulative_dsg_deficit", 2025,
     "March 2026"),
]
# The money of 2025-26 (../shared/reform-2026.md part A, each figure as that file reports it with
# its source), for `validate` to set beside the ledgers (issue 18).
REFORM_2026 = [
    ("cumulative DSG deficits at 31 March 2025 (LAs in deficit) — Special Needs Jungle Feb 2026", "March 2025",
     "dsg_deficits", 2024, 3.8e9, "GBP",
     "../shared/reform-2026.md A: Special Needs Jungle (Feb 2026), as quoted: cumulative DSG deficits at 31 Mar 2025 about GBP 3.8bn; about nine in ten LAs in deficit"),
    ("high needs overspend — IFS Jan 2026", "FY 2024-25", "high_needs_overspend", 2024, 0.5e9, "GBP",
     "../shared/reform-2026.md A: localgov.co.uk (IFS annual report on education spending, 21 Jan 2026): councils overspent high needs by about GBP 0.5bn in 2024-25"),
    ("high needs overspend — IFS Jan 2026", "FY 2025-26", "high_needs_overspend", 2025, 0.9e9, "GBP",
     "../shared/reform-2026.md A: localgov.co.uk (IFS annual report on education spending, 21 Jan 2026): about GBP 0.9bn in 2025-26"),
    ("deficits written off by the High Needs Stability Grant (90% at 31 March 2026)", "FY 2026-27", "high_needs_write_off", 2026,
     5e9, "GBP (over)",
     "../shared/reform-2026.md A: GOV.UK 'Explanatory note on the government's approach to dedicated schools grant deficits' (Feb 2026): write-off over GBP 5bn"),
    ("high needs spending above funding — OBR EFO Nov 2025", "FY 2028-29", "high_needs_overspend", 2028, 6.3e9, "GBP",
     "../shared/reform-2026.md A: OBR EFO Nov 2025 (schoolsweek.co.uk 'government faces 6bn SEND shortfall once override ends'): spending above funding about GBP 6.3bn in 2028-29"),
]
out = os.path.join("data", "published", "projections.csv")
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["projection", "published_period", "measure", "model_period", "value", "unit", "source"])
    for name, period, measure, model_period, *label in PROJECTIONS:
        value, source = facts[name][period]
        unit = next(r["unit"] for r in csv.DictReader(open(FACTS, encoding="utf-8")) if r["measure"] == name)
        w.writerow([name.replace("Projection: ", ""), label[0] if label else period, measure, model_period,
                    f"{float(value):.0f}", unit, source])
    for name, period, measure, model_period, value, unit, source in REFORM_2026:
        w.writerow([name, period, measure, model_period, f"{value:.0f}", unit, source])
print(f"wrote {out}: {len(PROJECTIONS) + len(REFORM_2026)} rows")
