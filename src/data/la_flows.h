// Each LA's flows of the EHC process by calendar year, as DfE published them (issue 17: the
// backtest's targets and each LA's practice at a start), and the embedded table data/la/flows.csv.
//
// From a directory of EES files (found by name under it, as ../shared/data/dfe lays them out):
//   - 2014-2018: the SEN2 2022 release, sen2_mi.csv (calendar years);
//   - 2019-2024: the SEN2 2025 release, requests.csv ("All requests for EHC needs assessments"),
//     assessments.csv ("All EHC needs assessments"), newplans.csv ("New EHC plans"),
//     timeliness_20_week.csv ("All EHC plans issued") and ceased_plans.csv ("All ceased EHC plans",
//     2022 on). The newer release is preferred from 2019, the first year it covers: its figures are
//     DfE's latest revision and run on to 2024 under the same definitions. Ceased plans for
//     2019-2021, which the 2025 release does not publish, come from sen2_mi.csv.
// A figure DfE did not publish (x, z) or suppressed (c) is left empty (nullopt), never guessed.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/la_register.h"

namespace sendtwin::data {

struct LaFlow {
  std::string code, name;  // DfE 3-digit LA code of the year, and the LA's name as published
  int year = 0;            // calendar year of the flows
  // Initial requests for an EHC needs assessment: InreqEHC | requests_received_in_year.
  std::optional<double> requests;
  // Requests the LA refused to assess: AssRefusedEHC | requests_decided_not_to_assess.
  std::optional<double> refused;
  // Assessments completed, a plan issued or a decision not to issue one: NewallEHC_AssnoneEHC_sum |
  // assess_issued + assess_not_issued.
  std::optional<double> assessed;
  // Of them, a plan issued: NewallEHC | assess_issued.
  std::optional<double> assessed_issued;
  // New EHC plans: NewallEHC | new_ehc_plans.
  std::optional<double> new_plans;
  // Plans issued excluding exceptions, and of them within 20 weeks: TotNoExcEHC, NoExc20weekEHC |
  // plans_issued_den_ex, plans_issued_20_weeks_ex.
  std::optional<double> timely_of;
  std::optional<double> timely;
  // Plans (and, to 2018, statements) that ceased: the sum of sen2_mi.csv's DisleaEHC, DismetEHC,
  // DisothEHC, DisleftEHC and the statements' Dislea, Dismet, Disoth, Disleft ('z', not
  // applicable, counts as none; nothing published at all: empty) | total_ceased.
  std::optional<double> ceased;
};

// Every LA's flows 2014-2024, sorted by year then LA code, with England's (code "E92000001") in
// `england` if given. InputError `file:line: column: message` for a missing file or column, a
// figure outside its range (data/plausible.h), a second row for an LA in a year, an LA not in
// `la_register` or, in one year, beside one that replaced it, and flows that do not fit together
// (more plans issued within 20 weeks than issued, more assessments ending in a plan than completed).
std::vector<LaFlow> read_la_flows(const std::string& dir, const LaRegister& la_register,
                                  std::vector<LaFlow>* england = nullptr);

// The table of data/la/flows.csv: old_la_code, la_name, year, the flows above (empty: not
// published), source; numbers in shortest round-trip form.
std::string la_flows_csv(const std::vector<LaFlow>& flows);
// Reads it back, with the same checks as read_la_flows: a year outside 1990..2100, a count outside
// 0..1,000,000, a second row for an LA in a year, an LA not in the register or beside one that
// replaced it in a year, a missing column.
std::vector<LaFlow> parse_la_flows(std::string_view csv_text, const std::string& source_name,
                                   const LaRegister& la_register = LaRegister::embedded());

}  // namespace sendtwin::data
