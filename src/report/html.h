// The HTML report (issue 8, `--report FILE` and `sendtwin report RUN_DIR`): one self-contained
// file — the charting libraries (vega, vega-lite, vega-embed, bundled from npm at build time) are
// inlined, nothing is loaded from the network — with a chart for each scorecard measure over time
// (the model's mean, its range across replicates, DfE's published points), England's high needs
// block, and, for a scenario run, each scenario's difference from the baseline with its 90%
// interval. Every chart has a text alternative and its data as a table (WCAG 2.2: 1.1.1 non-text
// content); colours meet AA contrast.
//
// The report is built from the tidy CSVs a run writes, so `sendtwin report RUN_DIR` and `--report`
// give the same file.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "data/published.h"
#include "finance/finance.h"
#include "scenario/scenario.h"

namespace sendtwin::report {

struct HtmlInput {
  std::string title;
  std::string subtitle;
  std::string scorecard_csv;    // tidy: measure, geography, code, period, value, unit, scenario, replicate
  std::string differences_csv;  // optional: differences.csv of a scenario run
  std::string differences_code = finance::kEnglandCode;  // whose differences the charts show: England, or an LA's code
  std::string geography = "England";  // the geography the charts show
  // Optional, for an LA: tidy rows of its similar LAs (the LA's plans per 10,000 pupils are charted
  // among theirs) and of its DSG ledger (geography: the ledger's name).
  std::string peers_csv;
  std::string ledger_csv;
  // Optional, with ledger_csv: the balances DfE published for its years' ends
  // (report::published_balance_csv), shown beside the ledger's cumulative DSG balance.
  std::string ledger_published_csv;
  // Optional, with ledger_csv (an LA's report): the marks of its money chart (domain.md §3): the
  // balance at which its deficit is threshold_share of its DSG, by financial year ("2028-29" ->
  // -threshold_share x total DSG, GBP), and the financial year the statutory override ends with.
  double threshold_share = 0;
  std::map<std::string, double> threshold_balance;
  std::string override_end;
  // Optional: tidy rows (as scorecard_csv) of several replicates of the same geography whose range
  // is drawn as the charts' band instead of scorecard_csv's and ledger_csv's own replicates (an LA
  // with `--scenario`: the baseline's replicates), and what those replicates are.
  std::string band_csv;
  std::string band_code;
  std::string band_source;
  // With ledger_csv: a summary at the top (plans, spend against allocation, the balance, the year
  // the deficit passes the threshold), and a sentence on the band (how many replicates, or none).
  bool headline = false;
  // DfE's published figures are charted for up to this many years before the run's first (an LA's past).
  int published_years_before = 0;
  std::string uncertainty_note;
  // Optional (`scenario --report`): each scenario's levers, listed at the top, and the names of the
  // LAs its local levers name (code -> name).
  std::vector<scenario::Scenario> scenarios;
  std::map<std::string, std::string> la_names;
  // Optional, for an LA: its goals (report::goals_csv), a table with each one's red/amber/green
  // status in a "Goals" section.
  std::string goals_csv;
  // Optional: the LA's own figures in place of the published ones (`la --local`; pipeline/local.h's
  // overrides_csv) and the file that gave them, listed before the charts.
  std::string overrides_csv;
  std::string overrides_file;
};

std::string html_report(const HtmlInput& input, const data::PublishedSeries& published);

// Text made safe inside a <script> element: "</script" (any case) becomes "<\/script".
std::string script_safe(std::string text);
// The three charting libraries as inline <script> elements (the report's and the dashboard's).
std::string chart_library_scripts();

}  // namespace sendtwin::report
