#!/usr/bin/python3
"""Derives sendtwin's register of local authorities (DESIGN.md §1 "Time and geography").

Reads the Local authority rows of DfE's SEN2 EHC plan caseload files (domain.md §4.2):

    <shared>/data/dfe/ehcp-2022/data/sen2_estab_caseload.csv  (Calendar year 2010 ... 2022)
    <shared>/data/dfe/ehcp-2025/data/caseload.csv             (Academic year 201819 ... 202425)

and writes data/la/register.csv: one row per LA that DfE published in either release, with the
first and last January census year in which it was published and, for an abolished LA, the old
(3-digit DfE) codes of its successors. Run from the project root:

    /usr/bin/python3 data/derive/la_register.py [path-to-shared]

Periods. SEN2 is a January snapshot. The 2022 release labels January 2022 as "2022" (Calendar
year); the 2025 release labels it "202122" (Academic year 2021/22), so an academic year maps to the
January in its second calendar year. The two releases agree on this: Bournemouth and Poole are last
published for 2019 / 201819, Bournemouth, Christchurch and Poole first for 2020 / 201920.

Codes. An LA is keyed by its DfE old code. When DfE published more than one ONS code for it (ONS
recoded Gateshead and Northumberland in 2013; Buckinghamshire became a unitary, E06000060, in
2020), the register keeps the code that DfE published most recently for the first time, and the
script prints every such case.

Reorganisations (DESIGN.md §1, plus Dorset 2019, which the data show) are named below by LA name;
their codes are looked up in the data. A name can belong to two LAs (Dorset County Council, 835,
and Dorset Council, 838, are both "Dorset"). The script stops if an LA stops being published
before the latest January without a successor.
"""
import csv
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared")
DFE = os.path.join(SHARED, "data", "dfe")
OUT = os.path.join(ROOT, "data", "la", "register.csv")

SOURCES = [  # (name written to the register, path under data/dfe), oldest release first
    ("DfE SEN2 2022 sen2_estab_caseload.csv", os.path.join("ehcp-2022", "data", "sen2_estab_caseload.csv")),
    ("DfE SEN2 2025 caseload.csv", os.path.join("ehcp-2025", "data", "caseload.csv")),
]

# Local government reorganisations affecting LAs with education responsibility (DESIGN.md §1):
# (April of, abolished LA names, successor LA names).
REORGANISATIONS = [
    (2019, ["Bournemouth", "Poole"], ["Bournemouth, Christchurch and Poole"]),
    # Not in DESIGN.md's list but in the data: Dorset County Council (835) was replaced by Dorset
    # Council (838), and its Christchurch district went to Bournemouth, Christchurch and Poole.
    (2019, ["Dorset"], ["Dorset", "Bournemouth, Christchurch and Poole"]),
    (2021, ["Northamptonshire"], ["North Northamptonshire", "West Northamptonshire"]),
    (2023, ["Cumbria"], ["Cumberland", "Westmorland and Furness"]),
    (2023, ["North Yorkshire"], ["North Yorkshire"]),
    (2023, ["Somerset"], ["Somerset"]),
]


def january_year(period, identifier):
    """The January census year of an EES time_period of a SEN2 file."""
    if identifier == "Calendar year" and len(period) == 4:
        return int(period)
    if identifier == "Academic year" and len(period) == 6:
        return int(period[:4]) + 1
    sys.exit(f"unexpected time period {period} ({identifier})")


las = {}  # old code -> dict
for source_name, relative in SOURCES:
    path = os.path.join(DFE, relative)
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["geographic_level"] != "Local authority":
                continue
            year = january_year(row["time_period"], row["time_identifier"])
            old = row["old_la_code"]
            la = las.setdefault(old, {"names": set(), "regions": set(), "new": {}, "years": set(),
                                      "sources": []})
            la["names"].add(row["la_name"])
            la["regions"].add((row["region_code"], row["region_name"]))
            la["new"].setdefault(row["new_la_code"], set()).add(year)
            la["years"].add(year)
            if source_name not in la["sources"]:
                la["sources"].append(source_name)

for old, la in sorted(las.items()):
    if len(la["names"]) != 1 or len(la["regions"]) != 1:
        sys.exit(f"{old}: more than one name or region: {la['names']} {la['regions']}")
    la["name"] = next(iter(la["names"]))
    la["region"] = next(iter(la["regions"]))
    # The ONS code DfE published most recently for the first time.
    la["new_code"] = max(la["new"], key=lambda code: (min(la["new"][code]), code))
    if len(la["new"]) > 1:
        spans = ", ".join(f"{code} {min(y)}-{max(y)}" for code, y in sorted(la["new"].items()))
        print(f"ONS code change: {old} {la['name']}: {spans}; kept {la['new_code']}")
    la["first"], la["last"] = min(la["years"]), max(la["years"])
    la["successors"] = []

latest = max(la["last"] for la in las.values())


def lookup(name, april, role):
    """The old code of the LA named `name` that a reorganisation in April `april` abolished (role
    "abolished": last published for that January) or created (role "successor": first published the
    January after); a name may be both (Dorset 835 and 838). An LA published on both sides of the
    reorganisation under the same codes is returned either way."""
    candidates = [old for old, la in las.items() if la["name"] == name]
    if not candidates:
        sys.exit(f"reorganisation {april}: no LA named {name!r} in the data")
    for old in sorted(candidates):
        la = las[old]
        if la["first"] <= april < la["last"]:
            return old  # same codes across the reorganisation
        if role == "abolished" and la["last"] == april:
            return old
        if role == "successor" and la["first"] == april + 1:
            return old
    sys.exit(f"reorganisation {april}: no {role} LA named {name!r} (codes {candidates})")


for april, abolished, successors in REORGANISATIONS:
    successor_codes = sorted({lookup(name, april, "successor") for name in successors})
    for name in abolished:
        old = lookup(name, april, "abolished")
        la = las[old]
        if old in successor_codes:
            print(f"{april}: {name} ({old} {la['new_code']}) is published under the same codes for "
                  f"{la['first']}-{la['last']}: no successor in the data")
            continue
        la["successors"] = successor_codes
        print(f"{april}: {old} {la['new_code']} {name} (last {la['last']}) -> " + ", ".join(
            f"{code} {las[code]['new_code']} {las[code]['name']} (first {las[code]['first']})"
            for code in successor_codes))
        for code in successor_codes:
            if las[code]["first"] != la["last"] + 1:
                sys.exit(f"{name} is last published for {la['last']} but {las[code]['name']} first for "
                         f"{las[code]['first']}")

for old, la in sorted(las.items()):
    if la["last"] < latest and not la["successors"]:
        sys.exit(f"{old} {la['name']} is last published for {la['last']} but has no successor")

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT + ".tmp", "w", encoding="utf-8", newline="") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["old_la_code", "new_la_code", "la_name", "region_code", "region_name", "first_period",
                  "last_period", "successor_old_codes", "source"])
    for old, la in sorted(las.items()):
        out.writerow([old, la["new_code"], la["name"], la["region"][0], la["region"][1], la["first"],
                      la["last"], " ".join(la["successors"]), "; ".join(la["sources"])])
os.replace(OUT + ".tmp", OUT)
print(f"wrote {OUT}: {len(las)} LAs, January {min(la['first'] for la in las.values())}-{latest}")
