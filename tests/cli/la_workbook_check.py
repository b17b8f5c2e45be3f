#!/usr/bin/python3
"""Reads an LA's plan workbook (`sendtwin la X --xlsx F`) back with openpyxl (Debian's python3-openpyxl)
and checks what issue 20 asks of it: every sheet has a header row; every money and percentage cell
has its number format; no sheet is a tidy-format dump; the returns DfE asks of an LA are there and
add up; the Assumptions sheet shows the splits of a placement that the parameter file's [returns]
gives (data/params/send.toml, or --params FILE when the run was given one).
Usage: la_workbook_check.py WORKBOOK [--mitigated] [--params FILE]. Exit 1 with the failures listed."""
import os
import sys
import tomllib

import openpyxl

MONEY, PERCENT, COUNT = "#,##0", "0.0%", "#,##0"
RETURNS = ["DSG plan finance", "DSG plan EHCPs", "LSRP", "SCAP", "Assumptions"]
failures = []


def fail(message):
    failures.append(message)


def blocks(ws):
    """The sheet's tables: (header, rows), a blank row between them."""
    out, header, rows = [], None, []
    for row in ws.iter_rows():
        values = [c.value for c in row]
        if all(v is None for v in values):
            if header is not None:
                out.append((header, rows))
            header, rows = None, []
        elif header is None:
            header = row
        else:
            rows.append(row)
    if header is not None:
        out.append((header, rows))
    return out


def label(row):
    return str(row[0].value or "")


def check_sheet(ws):
    if ws.max_row < 2:
        fail(f"{ws.title}: empty")
        return
    first = [c for c in ws[1] if c.value is not None]
    if not first or not all(c.font.b for c in first):
        fail(f"{ws.title}: row 1 is not a bold header row")
    names = {str(c.value).strip().lower() for c in ws[1] if c.value is not None}
    if {"measure", "period", "value"} <= names or "replicate" in names:
        fail(f"{ws.title}: a tidy-format dump ({sorted(names)})")
    for header, rows in blocks(ws):
        title = str(header[0].value or "")
        money_block = "GBP 000s" in title
        for row in rows:
            money_row = money_block or "GBP 000s" in label(row)
            percent_row = label(row).endswith("%)") or "% of" in label(row) or "Share" in [str(h.value) for h in header]
            for c in row[1:]:
                if not isinstance(c.value, (int, float)) or isinstance(c.value, bool):
                    continue
                if c.number_format == "General":
                    fail(f"{ws.title}!{c.coordinate}: a number without a number format ({label(row)!r})")
                if money_row and not percent_row and c.number_format != MONEY:
                    fail(f"{ws.title}!{c.coordinate}: money not in GBP 000s format ({c.number_format})")
                if percent_row and c.number_format != PERCENT:
                    fail(f"{ws.title}!{c.coordinate}: a percentage not formatted as one ({c.number_format})")
                if c.number_format == PERCENT and abs(c.value) > 10:
                    fail(f"{ws.title}!{c.coordinate}: percentage {c.value} is not a fraction")


def find_block(ws, prefix):
    for header, rows in blocks(ws):
        if str(header[0].value or "").startswith(prefix):
            return header, rows
    fail(f"{ws.title}: no table {prefix!r}")
    return None, []


def numbers(row):
    return [c.value for c in row[1:]]


def check_sums(wb):
    # The DSG plan: every category's total by age group equals its total by primary need.
    ws = wb["DSG plan EHCPs"]
    tables = blocks(ws)
    if len(tables) != 14:
        fail(f"DSG plan EHCPs: {len(tables)} tables, not 7 categories x 2")
    for (h1, ages), (h2, needs) in zip(tables[0::2], tables[1::2]):
        if len(needs) != 14:
            fail(f"{h2[0].value}: {len(needs)} rows, not 13 needs and a total")
        if "Post 16" in str(h1[0].value):
            continue
        for a, n in zip(numbers(ages[-1]), numbers(needs[-1])):
            if a != n:
                fail(f"{h1[0].value}: total by age {a} != total by need {n}")
    # The LSRP: table 6 (by provision) adds up to table 5.1 (by age) in every year, to rounding.
    ws = wb["LSRP"]
    _, by_age = find_block(ws, "5.1 ")
    _, by_provision = find_block(ws, "6. ")
    if len(by_provision) != 14:
        fail(f"LSRP table 6: {len(by_provision)} provision types, not 14")
    for k in range(len(by_age[0]) - 1 if by_age else 0):
        a = sum(r[k + 1].value or 0 for r in by_age)
        p = sum(r[k + 1].value or 0 for r in by_provision)
        if abs(a - p) > 14 * 1 + 0.01 * a:
            fail(f"LSRP year column {k + 1}: table 6 adds to {p}, table 5.1 to {a}")
    # The DSG finance: spend is its parts by placement and the pupils without a plan.
    ws = wb["DSG plan finance"]
    _, rows = find_block(ws, "High needs block and DSG")
    spend = [r for r in rows if label(r).startswith("High needs spend (unmitigated)")]
    parts = [r for r in rows if label(r).startswith("  of which")]
    if not spend or len(parts) != 8:
        fail(f"DSG plan finance: spend row {len(spend)}, {len(parts)} parts (7 categories and no plan)")
    else:
        for k, total in enumerate(numbers(spend[0])):
            if isinstance(total, (int, float)):
                s = sum(p[k + 1].value or 0 for p in parts)
                if abs(s - total) > 1e-6 * abs(total) + 1:
                    fail(f"DSG plan finance column {k + 1}: parts {s} != spend {total}")


def check_mitigated(wb):
    ws = wb["DSG plan finance"]
    _, rows = find_block(ws, "Mitigations and the mitigated position")
    change = [r for r in rows if "change in high needs spend" in label(r)]
    mitigated = [r for r in rows if label(r).startswith("High needs spend (mitigated)")]
    _, main = find_block(ws, "High needs block and DSG")
    unmitigated = [r for r in main if label(r).startswith("High needs spend (unmitigated)")]
    if not change or not mitigated or not unmitigated:
        fail("DSG plan finance: no mitigation rows")
        return
    # The mitigated spend is the unmitigated with every mitigation's mean change added.
    moved = 0
    for k, (u, m) in enumerate(zip(numbers(unmitigated[0]), numbers(mitigated[0]))):
        c = sum(v for v in (numbers(r)[k] for r in change) if isinstance(v, (int, float)))
        moved += c != 0
        if abs(u + c - m) > 1e-6 * abs(u) + 1:
            fail(f"mitigated spend column {k + 1}: {u} + {c} != {m}")
    if moved == 0:
        fail("the mitigation changes no year's spend")


# The Assumptions sheet's rows of the splits, by the [returns] parameter each shows.
SPLITS = {
    "specialist_post16": "Further education in specialist post-16 institutions",
    "non_maintained_special": "Independent or non-maintained special in non-maintained special schools",
    "home_education": "Other placements in elective home education",
    "eotas": "Other placements in other arrangements by the LA (EOTAS)",
}


def check_splits(wb, params_path):
    with open(params_path, "rb") as f:
        returns = tomllib.load(f)["returns"]
    _, rows = find_block(wb["Assumptions"], "Split of a model placement")
    shown = {label(r): r for r in rows}
    for key, what in SPLITS.items():
        p = returns[key]
        row = shown.get(what)
        if row is None:
            fail(f"Assumptions: no row {what!r}")
            continue
        share = p["numerator"] / p["denominator"]
        if not isinstance(row[1].value, float) or abs(row[1].value - share) > 1e-12:
            fail(f"Assumptions {what!r}: share {row[1].value}, the parameters' {p['numerator']}/{p['denominator']} = {share}")
        if row[2].value != f"{p['numerator']:.0f} of {p['denominator']:.0f}":
            fail(f"Assumptions {what!r}: counts {row[2].value!r}, not the parameters' {p['numerator']} of {p['denominator']}")
        if row[3].value != p["table"] or row[4].value != p["source"]:
            fail(f"Assumptions {what!r}: table or source is not the parameters' ({row[3].value!r})")


def main():
    path = sys.argv[1]
    wb = openpyxl.load_workbook(path)
    for name in RETURNS:
        if name not in wb.sheetnames:
            fail(f"no sheet {name!r} (sheets: {wb.sheetnames})")
    if failures:
        return
    for ws in wb.worksheets:
        check_sheet(ws)
    check_sums(wb)
    if "--mitigated" in sys.argv:
        check_mitigated(wb)
    params = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "params", "send.toml")
    if "--params" in sys.argv:
        params = sys.argv[sys.argv.index("--params") + 1]
    check_splits(wb, params)


main()
for f in failures[:40]:
    print("FAIL:", f)
print(f"{len(failures)} failure(s)" if failures else "workbook OK")
sys.exit(1 if failures else 0)
