#!/usr/bin/python3
"""A cost index for top-ups and fees from the school pay awards: `finance.cost_rises` for a run's
--params (an alternative to the default 2% a year; README, Money, says what it gives).

A place in a special school, a unit or a college is mostly staff: in LA-maintained special schools
33% of gross spending went on education support staff in 2019-20 (DfE, "LA and school expenditure",
"similar in each year since 2014-15"); in all LA-maintained schools 44.8% on teaching staff in
2023-24 (the same release); the rest (other staff and running costs) is taken to follow the CPI.
The rise of costs into financial year y (April y to March y+1) is then

  0.45 x teachers' pay rise into y + 0.33 x support staff's + 0.22 x CPI's (finance.price_rises)

where teachers' awards take effect each 1 September (5/12 of a financial year under the award of
the September before, 7/12 under the new one) and support staff's each 1 April. The awards, each
with its source (quotes in each source's own words):

  teachers (STRB; average cost rises where published, else the headline uplift)
    2015 1.0  headline, "A 1% uplift has been applied to the statutory minima and maxima of all pay
              ranges" (education11kbw.com summary of DfE's STPCD 2015)
    2016 1.0  "The STRB has recommended a 1% uplift from September 2016" (gov.uk written statement,
              STRB 26th report, accepted)
    2017 1.2  "the average cost increase in teachers' pay as 1.2% for 2017-18" (DfE, Schools' costs
              2018-19 to 2019-20, para 26, cited at schoolcuts.org.uk/methodology)
    2018 2.4  "HMT Economic Evidence to Review Bodies 2020 (table 3.1) gives average pay rises for
              teachers of 2.4% in 2018-19, 2.75% in 2019-20 and 3.1% in 2020-21" (the same page)
    2019 2.75 the same
    2020 3.1  the same; "equivalent to a 3.1% increase in the overall pay bill" (DfE, via FE News)
    2021 0.0  "there will be a pause to headline pay rises" (written statement HCWS232, 21 July 2021)
    2022 5.4  "the 5.4% average increase in teacher salaries in September 2022" (IFS)
    2023 6.5  "a 6.5% pay rise for teachers (including school leaders) in England from September
              2023" (DfE's acceptance of the STRB, via strictlyeducationhr.co.uk)
    2024 5.5  "a fully funded 5.5% pay award" (DfE press release, via theeducationview.com)
    2025 4.0  "a 4% pay increase from 1 September to all school teacher pay points" (NEU, STRB 2025)
  support staff (NJC Green Book, from 1 April; school support staff's average where published)
    2016 1.2  "the awards for support staff as 1.2% for 2017-18 and 3.1% for 2018-19. The award for
              2016-17 was the same as 2017-18" (DfE, Schools' costs, cited at schoolcuts.org.uk)
    2017 1.2  the same
    2018 3.1  the same
    2019 2.0  headline: "a further 2% increase on the NJC pay scales from April 2019" (pact-hr.co.uk;
              the lowest points rose 2.3-7.3%; no school average found)
    2020 2.75 "an increase of 2.75% on all NJC pay points 1 and above" (UNISON West Sussex)
    2021 1.75 "The final pay offer of 1.75% (2.75% for those on the bottom pay point)" (Birmingham UNISON)
    2022 10.0 "Support staff in schools that follow these pay scales will receive a pay rise of 10% on
              average" (PQ 88921, answer of 21 November 2022)
    2023 8.0  "the pay deal works out as an 8 per cent average rise for support staff" (IFS, via
              Schools Week)
    2024 4.03 the whole pay bill: "£731.70 million (4.03 per cent)" (LGA First; no school average found)
    2025 3.2  "From 1 April 2025, staff on NJC terms will receive a 3.2% pay increase" (DALC)

Prints the TOML line for 2016-17 to 2025-26 (later years rise by finance.inflation). Nothing is written.

  /usr/bin/python3 data/derive/cost_rises.py [--params data/params/send.toml]
"""
import argparse
import re

TEACHERS = {2015: 1.0, 2016: 1.0, 2017: 1.2, 2018: 2.4, 2019: 2.75, 2020: 3.1, 2021: 0.0, 2022: 5.4,
            2023: 6.5, 2024: 5.5, 2025: 4.0}
SUPPORT = {2016: 1.2, 2017: 1.2, 2018: 3.1, 2019: 2.0, 2020: 2.75, 2021: 1.75, 2022: 10.0, 2023: 8.0,
           2024: 4.03, 2025: 3.2}
WEIGHTS = {"teachers": 0.45, "support": 0.33, "cpi": 0.22}


def price_rises(path):
    """finance.price_rises of send.toml: financial year -> the CPI's rise into it."""
    text = open(path).read()
    m = re.search(r"^price_rises = \{ from = (\d+), value = \[([^\]]*)\]", text, re.M)
    first = int(m.group(1))
    return {first + i: float(v) for i, v in enumerate(m.group(2).split(","))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--params", default="data/params/send.toml")
    cpi = price_rises(ap.parse_args().params)
    rises = []
    for fy in range(2016, 2026):
        teachers = 5 / 12 * TEACHERS[fy - 1] + 7 / 12 * TEACHERS[fy]
        r = (WEIGHTS["teachers"] * teachers + WEIGHTS["support"] * SUPPORT[fy]) / 100 + WEIGHTS["cpi"] * cpi[fy]
        rises.append(r)
        print(f"{fy}-{(fy + 1) % 100:02d}: teachers {teachers:.2f}%, support staff {SUPPORT[fy]:.2f}%, "
              f"CPI {100 * cpi[fy]:.1f}%: {100 * r:.2f}%")
    values = ", ".join(f"{r:.4f}" for r in rises)
    print(f'cost_rises = {{ from = 2016, value = [{values}], source = "data/derive/cost_rises.py: '
          f'school pay awards (teachers 0.45, support staff 0.33) and the CPI (0.22), each award cited there" }}')


if __name__ == "__main__":
    main()
