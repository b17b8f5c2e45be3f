// `sendtwin la LA`: one LA's scorecard beside England and its most similar LAs, its own published
// plans and its DSG ledger.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "cli/commands.h"
#include "cli/la_goals.h"
#include "core/error.h"
#include "data/local_data.h"
#include "data/published.h"
#include "pipeline/local.h"
#include "report/finance_report.h"
#include "report/goals_report.h"
#include "report/html.h"
#include "report/la_report.h"
#include "report/scenario_report.h"
#include "pipeline/scenarios.h"
#include "report/results.h"
#include "report/la_workbook.h"
#include "report/xlsx.h"

namespace sendtwin::cli {

namespace {

// An InputError unless the LA has at least one simulated pupil at this scale.
void check_scale(const model::AreaStart& area, double scale, const std::string& query) {
  if (!(area.pupils > 0)) throw InputError("la", 0, query, area.name + " has no pupils in the LA table");
  if (area.pupils * scale >= 1) return;
  // Less than one agent: the LA's figures would all be 0. The smallest scale that gives it one, in 2 figures.
  const double least = 1 / area.pupils, unit = std::pow(10.0, std::floor(std::log10(least)) - 1);
  char text[160];
  std::snprintf(text, sizeof text, "at %g, %s's %.0f pupils are less than one simulated pupil: give --scale %g or more", scale,
                area.name.c_str(), area.pupils, std::ceil(least / unit) * unit);
  throw InputError("--scale", 0, "", text);
}

// `la --scenario FILE...`: the LA under each scenario against the baseline, with common random numbers
// over replicates (run_scenarios, every LA's figures kept): each measure the LA has by year.
struct LaScenario {
  std::vector<std::string> files;
  std::string goals;  // --goals FILE: the LA's goals, each with its probability over the replicates
  std::string goals_out;  // --goals-out FILE: their CSV
  int replicates = 10;
  bool replicates_given = false;  // --replicates without --scenario: the LA's own run has that many
  bool fixed_parameters = false;
  bool list = false;  // --list: the LAs, no run
  std::string local;  // --local FILE: the LA's own figures (data/local_data.h)
  bool england = false;  // --england: every LA run, for England's column and the rank among all
};

// Replicates of the LA's own run when --replicates is not given (and neither --scenario nor --goals,
// whose baseline replicates give the bands): enough for the report's bands and the intervals printed
// (the times at full scale: README, `sendtwin la`; `make bench`).
constexpr int kOwnReplicates = 20;
// Replicates of the similar LAs' run beside it: their means are compared with the LA's, not their ranges.
constexpr int kSimilarReplicates = 2;

// The overrides as comment lines, at the top of the --out CSV.
std::string commented(const std::string& csv) {
  std::string out;
  std::size_t at = 0;
  while (at < csv.size()) {
    const std::size_t end = csv.find('\n', at);
    out += "# " + csv.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at);
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return out;
}

// `la --list`: every LA of the start's January, with its codes and region.
int list_las(RunFlags& f) {
  const pipeline::RunPlan run_plan = plan(f);
  std::printf("The %zu LAs of January %d (DfE code, ONS code, name, region); `la` takes the code, the ONS code, the name or a\n"
              "short form of it (Bristol, Hull, Durham):\n", run_plan.areas.size(), run_plan.start_year);
  for (const auto& a : run_plan.areas) {
    const data::LaRecord* r = la_register().find(a.code);
    std::printf("%s  %-9s  %-40s %s\n", a.code.c_str(), r ? r->new_code.c_str() : "", a.name.c_str(), r ? r->region_name.c_str() : "");
  }
  return 0;
}

// The scenarios as the DSG management plan's mitigations: each one's levers in words, and its mean
// change (with 90% interval) in the LA's spend by financial year.
std::vector<report::Mitigation> as_mitigations(const std::vector<scenario::Scenario>& scenarios,
                                               const std::vector<report::Difference>& mine) {
  std::vector<report::Mitigation> out;
  for (const auto& sc : scenarios) {
    report::Mitigation m;
    m.name = sc.name;
    auto add = [&](const scenario::LeverSetting& l, const std::string& where) {
      char text[200];
      std::snprintf(text, sizeof text, "%s%s = %g from %d over %d year(s)", m.levers.empty() ? "" : "; ", l.name.c_str(), l.value,
                    l.from, l.phase_years);
      m.levers += where + text;
    };
    for (const auto& l : sc.levers) add(l, "");
    for (const auto& local : sc.local)
      for (const auto& l : local.levers) add(l, "LA " + local.code + ": ");
    for (const auto& p : sc.places_by_la) {
      char text[160];
      std::snprintf(text, sizeof text, "%s%g special places a year in LA %s from %d", m.levers.empty() ? "" : "; ", p.per_year,
                    p.code.c_str(), p.from);
      m.levers += text;
    }
    for (const auto& d : mine) {
      if (d.scenario != sc.name) continue;
      const report::Mitigation::Effect e{.year = std::stoi(d.period.substr(0, 4)), .mean = d.mean, .lo = d.low, .hi = d.high};
      if (d.measure == measures::id::kHighNeedsSpend) m.spend.push_back(e);
    }
    out.push_back(std::move(m));
  }
  return out;
}

// The baseline's figures of one LA (and of its ledger, when the ledger is its own) in every
// replicate of a scenario comparison, as tidy rows: the LA report's bands.
std::string baseline_figures_csv(const pipeline::ScenarioResults& results, const std::string& code) {
  pipeline::ScenarioResults baseline;
  baseline.names = {results.names.front()};
  baseline.figures.resize(1);
  for (const auto& run : results.figures.front()) {
    auto& kept = baseline.figures[0].emplace_back();
    for (const auto& figure : run)
      if (figure.code == code) kept.push_back(figure);
  }
  return report::scenario_figures_csv(baseline);
}

// The LA's HTML report without a scenario: its scorecard, its money with the threshold and the
// override's end (FinanceParams), its similar LAs and England, and a headline.
report::HtmlInput la_html_input(const RunFlags& f, const pipeline::RunPlan& run_plan, std::size_t target,
                                const std::vector<report::ResultTable>& las, const report::ResultTable* england,
                                const std::vector<std::size_t>& similar, const std::vector<std::vector<finance::Ledger>>& own) {
  const auto& area = run_plan.areas[target];
  report::HtmlInput in;
  in.title = "sendtwin: " + area.name + " (" + area.code + ")";
  in.subtitle = "January " + std::to_string(f.from) + " to December " + std::to_string(f.to) + ", seed " + std::to_string(f.seed) + ", " +
                std::to_string(run_plan.replicates) + " replicate(s) at scale " + scale_text(f.scale) + ".";
  in.geography = las[target].geography;
  in.scorecard_csv = report::tidy_csv(las[target], "baseline");
  std::vector<const report::ResultTable*> peers = {&las[target]};
  for (std::size_t s : similar) peers.push_back(&las[s]);
  if (england) peers.push_back(england);
  in.peers_csv = report::tidy_csv(peers, "baseline");
  in.ledger_csv = report::kTidyHeader + report::ledger_tidy_rows(own, "baseline");
  in.ledger_published_csv = report::published_balance_csv(own[0]);
  // The threshold (domain.md §3): a deficit of threshold_share of the LA's DSG, each year's DSG the
  // ledger's (the same in every replicate: published, or grown at allocation_growth).
  in.threshold_share = run_plan.money.threshold_share;
  if (!own[0].empty())
    for (const auto& y : own[0].front().years) in.threshold_balance[report::fy_label(y.fy)] = -run_plan.money.threshold_share * y.total_dsg;
  in.override_end = report::fy_label(run_plan.money.override_end_year);
  in.headline = true;
  in.published_years_before = f.from - 2014;  // SEN2's flows run from 2014, its plans further back
  in.uncertainty_note = run_plan.replicates > 1
                            ? "the bands are the range across the run's " + std::to_string(run_plan.replicates) + " replicates" +
                                  (run_plan.draw_per_replicate ? ", each its own draw of the uncertain parameters." : ".")
                            : "one replicate, so no band: give --replicates 10 (or --scenario FILE, whose baseline replicates "
                              "give the bands) for the range across replicates.";
  return in;
}

// The replicated runs of --scenario and --goals (the baseline and each scenario, common random
// numbers): the LA's differences printed and as CSV, its goals printed and as CSVs.
struct Replicated {
  std::string differences_csv, goals_csv, goals_published_csv;
  std::string band_csv;                         // the baseline's replicates of the LA: the report's bands
  std::vector<report::Mitigation> mitigations;  // the scenarios, as the DSG management plan's mitigations
};

Replicated run_replicated(const std::vector<scenario::Scenario>& scenarios, const std::vector<pipeline::Goal>& goals, int replicates,
                          const pipeline::RunPlan& run, const model::AreaStart& la, const std::vector<finance::Ledger>& own,
                          const RunFlags& f) {
  Replicated out;
  if (scenarios.empty() && goals.empty()) return out;
  const auto results = pipeline::run_scenarios(scenarios, replicates, run, runs_progress(f.quiet, scenarios.empty() ? "goals" : "scenario"));
  if (!scenarios.empty()) {
    const auto diffs = report::differences(results);
    // The LA's measures, and its ledger's money when the ledger is its own (a shared ledger's code
    // joins its LAs' codes).
    std::cout << report::render_area_differences(diffs, la.code);
    std::vector<report::Difference> mine_only;
    for (const auto& d : diffs)
      if (d.code == la.code) mine_only.push_back(d);
    out.differences_csv = report::differences_csv(mine_only);
    out.band_csv = baseline_figures_csv(results, la.code);
    out.mitigations = as_mitigations(scenarios, mine_only);
  }
  if (!goals.empty()) {
    const auto assessed = assess_goals(goals, results, run, la, own, f);
    const std::string geography = la.name + " (" + la.code + ")";
    std::cout << report::render_goals(assessed, geography, replicates, run.parameter_uncertainty);
    out.goals_csv = report::goals_csv(assessed, la.name, la.code);
    out.goals_published_csv = report::goals_published_csv(assessed, la.name, la.code);
  }
  return out;
}

// The LA's plan workbook (report/la_workbook.h): its tables and its returns, without mitigations.
report::LaWorkbookInput workbook_input(const RunFlags& f, const pipeline::RunPlan& run_plan, const pipeline::RunResult& result,
                                       std::size_t target, const std::vector<report::ResultTable>& las,
                                       const report::ResultTable* england, const std::vector<std::size_t>& similar,
                                       const std::vector<std::vector<finance::Ledger>>& own) {
  const auto& area = run_plan.areas[target];
  report::LaWorkbookInput book;
  book.la = &las[target];
  book.england = england;
  for (std::size_t s : similar) book.similar.push_back(&las[s]);
  book.returns = {.name = area.name, .code = area.code, .area = &result.run.areas[target], .scale = result.run.scale,
                  .start_year = run_plan.start_year, .first_year = f.from, .last_year = f.to, .ledgers = own,
                  .mitigations = {}, .run_description = {}, .splits = run_plan.send.returns,
                  .splits_file = f.params.empty() ? "data/params/send.toml (embedded)" : f.params};
  return book;
}

// The workbook's account of the run: seed, scale, the baseline's replicates and each mitigation's.
std::string run_description(const RunFlags& f, std::size_t replicates, int mitigation_replicates) {
  return "seed " + std::to_string(f.seed) + ", scale " + scale_text(f.scale) + ", " + std::to_string(replicates) +
         " replicate(s) of the baseline" +
         (mitigation_replicates ? "; each mitigation " + std::to_string(mitigation_replicates) + " replicates beside its own baseline" : "");
}

// The LA's run (issue 21): the LA and the LAs whose ledger it shares, fitted as the fit of every LA
// fits them (fitted_plan; each LA's figures are what the run of every LA gives it); beside it its most
// similar LAs (on the published states at the start) and the LAs their ledgers join, in a second
// run of fewer replicates (their means are compared, not their ranges). With --england, one run of
// every LA. `areas` is the two runs' LAs, the LA's run first; `target` and `similar` index it.
struct LaRun {
  pipeline::RunPlan plan, similar_plan;  // similar_plan: no LAs with --england
  std::vector<model::AreaStart> areas;
  std::size_t target = 0;
  std::vector<std::size_t> similar;
};

LaRun la_run(const PublishedPlan& published, std::size_t target, const RunFlags& f, bool england, bool draws) {
  const auto& every = published.plan.areas;
  const std::string code = every[target].code;
  std::vector<std::string> similar;
  for (std::size_t s : report::most_similar(every, target, 10)) similar.push_back(every[s].code);
  LaRun out;
  out.plan = fitted_plan(published, f, england ? std::vector<std::string>{} : std::vector<std::string>{code});
  out.plan.draw_per_replicate = draws;
  out.areas = out.plan.areas;
  std::vector<std::string> others;  // the similar LAs the LA's run does not hold
  for (const auto& c : similar)
    if (std::none_of(out.areas.begin(), out.areas.end(), [&](const model::AreaStart& a) { return a.code == c; })) others.push_back(c);
  if (!others.empty()) {
    out.similar_plan = fitted_plan(published, f, others);
    out.similar_plan.replicates = std::min(out.plan.replicates, kSimilarReplicates);
    out.similar_plan.draw_per_replicate = draws;
    out.areas.insert(out.areas.end(), out.similar_plan.areas.begin(), out.similar_plan.areas.end());
  }
  auto index = [&](const std::string& c) {
    return static_cast<std::size_t>(std::find_if(out.areas.begin(), out.areas.end(), [&](const model::AreaStart& a) { return a.code == c; }) -
                                    out.areas.begin());
  };
  out.target = index(code);
  for (const auto& c : similar) out.similar.push_back(index(c));
  return out;
}

// Every LA's table of the LA's run, then of the similar LAs' run beside it (LaRun::areas' order).
std::vector<report::ResultTable> la_tables(const pipeline::RunResult& result, const pipeline::RunPlan& similar_plan, const RunFlags& f) {
  auto las = report::collect_areas(result.run, f.from, f.to);
  if (!similar_plan.areas.empty()) {
    const auto beside = report::collect_areas(simulate(similar_plan, f.quiet).run, f.from, f.to);
    las.insert(las.end(), beside.begin(), beside.end());
  }
  return las;
}

// The LA's scorecard, its similar LAs, and the comparison with them (and England) in the start and
// every tenth year.
void print_comparison(const RunFlags& f, const LaRun& la, const std::vector<report::ResultTable>& las, const report::ResultTable* england) {
  const auto& area = la.areas[la.target];
  const data::LaRecord* record = la_register().find(area.code);
  report::ScorecardOptions options;
  options.title = "sendtwin la: " + area.name + " (" + area.code + (record ? ", " + record->region_name : "") + "), January " +
                  std::to_string(f.from) + " to December " + std::to_string(f.to) + " (seed " + std::to_string(f.seed) + ")";
  options.thousands = false;
  std::cout << report::render_scorecard(las[la.target], data::PublishedSeries{}, options);
  std::cout << "\nMost similar LAs (on their published state at the start; see README):\n  ";
  for (std::size_t k = 0; k < la.similar.size(); ++k)
    std::cout << (k ? ", " : "") << la.areas[la.similar[k]].name << " (" << la.areas[la.similar[k]].code << ")";
  std::cout << "\n";
  std::cout << report::render_la_comparison(las, england, la.target, la.similar, report_years(f.start, f.from, f.to));
}

// The ledger that holds the LA (its own, or the one it shares), in every replicate.
std::vector<std::vector<finance::Ledger>> own_ledgers(const pipeline::RunResult& result, const std::string& code) {
  std::vector<std::vector<finance::Ledger>> own(result.ledgers.size());
  for (std::size_t r = 0; r < result.ledgers.size(); ++r)
    for (const auto& l : result.ledgers[r])
      if (std::find(l.model_codes.begin(), l.model_codes.end(), code) != l.model_codes.end()) own[r].push_back(l);
  return own;
}

int la_command(RunFlags& f, const std::string& query, const LaScenario& ls) {
  if (ls.list) return list_las(f);
  std::optional<data::LocalData> local;
  if (!ls.local.empty()) local = data::read_local_data(ls.local);
  const std::string named = query.empty() && local ? local->code : query;
  if (named.empty()) throw InputError("la", 0, "", "name an LA (code, ONS code or name), or give --list or --local");
  if (ls.files.empty() && ls.goals.empty()) f.replicates = ls.replicates_given ? ls.replicates : kOwnReplicates;
  if (!ls.goals_out.empty() && ls.goals.empty())
    throw InputError("--goals-out", 0, "", "needs --goals FILE: the goals whose forecasts it holds");
  const PublishedPlan start = published_plan(f, local ? &*local : nullptr);
  const auto& every = start.plan.areas;
  const std::size_t in_every = find_area(named, every);
  if (local && every[in_every].code != local->code)
    throw InputError(local->file, local->line, "local.la",
                     "is \"" + local->code + "\", not " + every[in_every].name + " (" + every[in_every].code + ") named on the command line");
  check_scale(every[in_every], f.scale, named);
  io::OutputSet outputs;  // checked before any work (the fit included), written together after the run
  if (!f.out.empty()) outputs.file(f.out, "--out");
  if (!f.report.empty()) outputs.file(f.report, "--report");
  if (!f.xlsx.empty()) outputs.file(f.xlsx, "--xlsx");
  if (!ls.goals_out.empty()) outputs.file(ls.goals_out, "--goals-out");
  LaRun la = la_run(start, in_every, f, ls.england, !ls.fixed_parameters);
  std::vector<pipeline::Override> overrides;
  if (local) {
    overrides = pipeline::apply_local(*local, la.plan);
    std::copy(la.plan.areas.begin(), la.plan.areas.end(), la.areas.begin());  // the LA's run first
  }
  const pipeline::RunPlan& run_plan = la.plan;
  const std::size_t target = la.target;
  const auto& areas = la.areas;
  // The replicated runs of --scenario and --goals, of the LA and the LAs its ledger joins, checked
  // before any work (a scenario's LAs against every LA).
  std::vector<scenario::Scenario> scenarios;
  std::vector<pipeline::Goal> goals;
  pipeline::RunPlan scenario_run;
  if (!ls.files.empty() || !ls.goals.empty()) {
    scenario_run = pipeline::only_las(as_scenario_plan(run_plan, f, ls.fixed_parameters), {areas[target].code});
    scenario_run.area_figures = true;
  }
  if (!ls.files.empty()) {
    scenarios = load_scenarios(ls.files, every);
    if (scenarios.empty()) throw InputError(ls.files.front(), 0, "--scenario", "is a sweep plan, not a scenario");
  }
  if (!ls.goals.empty()) goals = read_goals(ls.goals, f, scenario_run, areas[target]);
  const auto result = simulate(run_plan, f.quiet);
  // England's column: a run of every LA (--england) sums them; a run of some LAs has none.
  std::optional<report::ResultTable> england_table;
  if (ls.england) england_table = report::collect(result.run, f.from, f.to);
  const report::ResultTable* england = england_table ? &*england_table : nullptr;
  const auto las = la_tables(result, la.similar_plan, f);
  std::string overrides_csv;
  if (local) {
    const auto money = pipeline::money_overrides(*local, result);
    overrides.insert(overrides.end(), money.begin(), money.end());
    overrides_csv = pipeline::overrides_csv(overrides);
    std::cout << pipeline::render_overrides(*local, areas[target].name, overrides);
  }
  print_comparison(f, la, las, england);
  // The LA's own ledger in every replicate: the first replicate's printed here, all of them in the
  // report (its band) and the workbook below.
  const auto own = own_ledgers(result, areas[target].code);
  for (const auto& l : own[0]) std::cout << report::render_ledger(l, result.money);
  std::vector<const finance::Ledger*> ledger_by_replicate;
  for (const auto& o : own)
    if (!o.empty()) ledger_by_replicate.push_back(&o.front());
  std::cout << report::render_la_intervals(las[target], ledger_by_replicate, run_plan.draw_per_replicate);
  const auto published = published_la_plans();
  const auto mine = published.find(areas[target].code);
  if (mine != published.end())
    std::cout << report::render_la_validation(las[target], mine->second, f.from, std::min(f.to, 2025));
  const Replicated rep = run_replicated(scenarios, goals, ls.replicates, scenario_run, areas[target], own[0], f);
  std::vector<const report::ResultTable*> tables = {&las[target]};
  if (england) tables.insert(tables.begin(), england);
  for (std::size_t s : la.similar) tables.push_back(&las[s]);
  // The overrides head every output: comment lines of the CSV, a section of the report, the
  // workbook's first sheet.
  if (!f.out.empty()) outputs.stage(f.out, commented(overrides_csv) + report::tidy_csv(tables, "baseline"));
  if (!f.report.empty()) {
    report::HtmlInput in = la_html_input(f, run_plan, target, las, england, la.similar, own);
    in.differences_csv = rep.differences_csv;
    in.goals_csv = rep.goals_csv;
    in.differences_code = areas[target].code;
    in.scenarios = scenarios;
    for (const auto& a : areas) in.la_names[a.code] = a.name;
    if (!rep.band_csv.empty()) {
      in.band_csv = rep.band_csv;
      in.band_code = areas[target].code;
      in.band_source = "the range across the " + std::to_string(ls.replicates) + " baseline replicates of the scenario comparison" +
                       (ls.fixed_parameters ? "" : " (uncertain parameters drawn per replicate)");
      in.uncertainty_note = "the bands are the range across the " + std::to_string(ls.replicates) +
                            " baseline replicates run for --scenario; the lines are this run's.";
    }
    const std::string code = areas[target].code;
    std::vector<const model::AreaStart*> starts;
    for (const auto* set : {&run_plan.history, &run_plan.areas})
      for (const auto& a : *set) starts.push_back(&a);
    const auto own_published = report::la_published_csv(code, areas[target].name, mine != published.end() ? mine->second : std::map<int, double>{},
                                                        la_flows(f.data), starts);
    in.overrides_csv = overrides_csv;
    if (local) in.overrides_file = local->file;
    outputs.stage(f.report, report::html_report(in, data::PublishedSeries::parse(own_published, areas[target].name + " published")));
  }
  if (!f.xlsx.empty()) {
    report::LaWorkbookInput book = workbook_input(f, run_plan, result, target, las, england, la.similar, own);
    book.returns.mitigations = rep.mitigations;
    book.returns.run_description = run_description(f, result.run.areas[target].replicates.size(), scenarios.empty() ? 0 : ls.replicates);
    if (!goals.empty()) {
      book.extra.emplace_back("Goals", std::vector<report::Block>{report::csv_block(rep.goals_csv)});
      book.extra.emplace_back("Goals published", std::vector<report::Block>{report::csv_block(rep.goals_published_csv)});
    }
    if (local && local->unit_places) book.returns.unit_places = local->unit_places->value;
    if (local) book.front.emplace_back("Overrides", std::vector<report::Block>{report::csv_block(overrides_csv)});
    outputs.stage_with(f.xlsx, [&](const std::string& temp) { report::write_xlsx(temp, report::la_workbook(book)); });
  }
  if (!ls.goals_out.empty()) outputs.stage(ls.goals_out, rep.goals_csv);
  outputs.publish();
  for (const auto& path : {f.report, f.xlsx, ls.goals_out})
    if (!path.empty() && !f.quiet) std::fprintf(stderr, "wrote %s\n", path.c_str());
  return 0;
}

}  // namespace

Command add_la(CLI::App& app) {
  auto f = std::make_shared<RunFlags>();
  auto query = std::make_shared<std::string>();
  auto* cmd = app.add_subcommand("la", "One local authority's scorecard beside its 10 most similar LAs (and England with --england), with its rank on each measure, its own published plans and its DSG ledger; only the LA, its similar LAs and the LAs whose DSG ledgers they share are run.");
  cmd->add_option("la", *query, "The LA: DfE 3-digit code (886), ONS code (E10000016), name (Kent) or a short form of it (Bristol, Hull)");
  auto ls = std::make_shared<LaScenario>();
  cmd->add_option("--scenario", ls->files, "Scenario files: the LA under each against the baseline, by year, with 90% intervals (and in --report)");
  cmd->add_option("--goals", ls->goals, "TOML file of the LA's goals (targets by year on its measures): each one's published figures, forecast with its 90% interval, probability of being met and red/amber/green status (and in --report, --xlsx, --goals-out)");
  cmd->add_option("--goals-out", ls->goals_out, "With --goals: CSV file of the goals' forecasts, one row for each goal under each scenario");
  auto* replicates = cmd->add_option("--replicates", ls->replicates, "Replicates of the baseline and each scenario with --scenario or --goals (default 10); without them, replicates of the LA's run (default 20), whose range the report draws as bands and the terminal prints as 90% intervals")->check(CLI::Range(1, 1000));
  cmd->add_flag("--fixed-parameters", ls->fixed_parameters, "Monte Carlo noise only, no draw of the uncertain parameters per replicate (of the LA's run, and with --scenario or --goals of theirs)");
  cmd->add_flag("--england", ls->england, "Also run every LA of England (slower): England's column in the comparison and the --out, --report and --xlsx, and the LA's rank among all LAs; without it only the LA, its most similar LAs and the LAs whose DSG ledgers they share are run, and each LA's figures are the same");
  cmd->add_flag("--list", ls->list, "List the LAs of the start's January (codes, name, region) and stop");
  cmd->add_option("--local", ls->local, "The LA's own figures (TOML, README \"Local data\"): its January caseload, places, costs, allocation and balance in place of the published ones, each listed at the top of every output; the LA may then be left out");
  add_simulation_options(cmd, *f);
  add_output_files(cmd, *f);
  cmd->add_option("--out", f->out, "CSV file (tidy) of England, the LA and its similar LAs");
  return {cmd, [f, query, ls, replicates] {
            ls->replicates_given = replicates->count() > 0;
            return la_command(*f, *query, *ls);
          }};
}

}  // namespace sendtwin::cli
