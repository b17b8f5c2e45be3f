#include "pipeline/pipeline.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "core/error.h"
#include "engine/simulation.h"

namespace sendtwin::pipeline {

void RunPlan::check() const {
  if (start_year <= 0) throw InputError("--start", 0, "", "a run needs the January it starts from");
  for (const auto& area : areas)
    if (area.year != start_year)
      throw InputError("--start", 0, "", "LA " + area.code + " holds its state of January " + std::to_string(area.year) +
                                             ", not of the start " + std::to_string(start_year));
  const int from = first_year ? first_year : start_year;
  if (from < start_year)
    throw InputError("--from", 0, "", std::to_string(from) + " is before the start, January " + std::to_string(start_year) +
                                          ": give --from " + std::to_string(start_year) + " or later, or an earlier --start");
  if (last_year < from)
    throw InputError("--to", 0, "", std::to_string(last_year) + " is before --from " + std::to_string(from) +
                                        ": give a later --to or an earlier --from");
  if (last_year > 2080) throw InputError("--to", 0, "", "the horizon must be 2080 or earlier");
  if (!(scale > 0 && scale <= 1)) throw InputError("--scale", 0, "", "must be in (0, 1]");
  if (replicates < 1 || replicates > 1000) throw InputError("--replicates", 0, "", "must be 1..1000");
}

namespace {

// finance shares each year's inclusion funds among the run's ledgers by their plans: in a run of
// some LAs, all of England's funds. Each share scaled by the LAs' share of England's plans at the
// start (England's stock, RunPlan::send), it is the ledger's plans over England's, England's taken
// as the LAs' plans over that share -- what the run of every LA gives while the LAs' share holds.
void share_inclusion_funds(std::vector<std::vector<finance::Ledger>>& ledgers, const RunPlan& plan) {
  double theirs = 0, england = 0;
  for (const auto& area : plan.areas) theirs += area.plans();
  for (const double plans : plan.send.stock.by_age_band) england += plans;
  if (!(england > 0)) return;
  for (auto& replicate : ledgers)
    for (auto& ledger : replicate)
      for (auto& year : ledger.years) year.white_paper_grants *= theirs / england;
}


// RunPlan::draw_per_replicate: replicate r (of first_replicate + r) on parameter draw r, each a run
// of one replicate, on the threads' share of its own; their results joined in replicate order.
RunResult run_with_draws(const RunPlan& plan, const Progress& progress) {
  const auto replicates = static_cast<std::size_t>(plan.replicates);
  std::vector<RunResult> each(replicates);
  std::mutex progress_mutex;
  int done = 0;
  const Progress one_step = [&](int, int total) {
    std::lock_guard lock(progress_mutex);
    progress(++done, total * plan.replicates);
  };
  engine::parallel_for_chunks(replicates, plan.threads, [&](std::size_t r) {
    RunPlan one = plan;
    one.draw_per_replicate = false;
    one.replicates = 1;
    one.first_replicate = plan.first_replicate + static_cast<int>(r);
    one.parameter_draw = static_cast<int>(r);
    one.threads = std::max(1, plan.threads / plan.replicates);
    each[r] = run(one, progress ? one_step : Progress{});
  });
  RunResult out = std::move(each.front());
  for (std::size_t r = 1; r < replicates; ++r) {
    auto& next = each[r];
    out.run.replicates.push_back(std::move(next.run.replicates.front()));
    for (std::size_t a = 0; a < out.run.areas.size(); ++a)
      out.run.areas[a].replicates.push_back(std::move(next.run.areas[a].replicates.front()));
    if (!next.ledgers.empty()) out.ledgers.push_back(std::move(next.ledgers.front()));
    out.run.peak_agents = std::max(out.run.peak_agents, next.run.peak_agents);
    out.run.peak_resident_agents = std::max(out.run.peak_resident_agents, next.run.peak_resident_agents);
  }
  return out;
}

}  // namespace

RunResult run(const RunPlan& plan, const Progress& progress) {
  if (plan.draw_per_replicate && plan.parameter_draw < 0) {
    plan.check();
    return run_with_draws(plan, progress);
  }
  plan.check();
  model::SendParams send = plan.send;
  RunResult out;
  out.money = plan.money;
  out.start_year = plan.start_year;
  out.first_year = plan.first_year ? plan.first_year : plan.start_year;
  out.last_year = plan.last_year;
  if (plan.parameter_draw >= 0) scenario::draw_parameters(send, plan.seed, plan.parameter_draw);
  if (plan.scenario) scenario::apply(*plan.scenario, send, out.money);
  model::SendRunConfig config;
  config.seed = plan.seed;
  config.replicates = plan.replicates;
  config.first_replicate = plan.first_replicate;
  config.threads = plan.threads;
  config.scale = plan.scale;
  config.start_year = plan.start_year;
  config.to = Month(plan.last_year, 12);
  config.cancel = plan.cancel;
  if (plan.scenario && !plan.scenario->local.empty())
    config.local = [&](const model::AreaStart& area, model::SendParams& p) { scenario::apply_local(*plan.scenario, area.code, p); };
  out.run = model::run_send(send, plan.areas, config, progress);
  if (!plan.with_ledgers || (plan.cancel && plan.cancel->load())) return out;  // pupils only, or incomplete (discarded)
  out.ledgers = ledgers(out.run, out.money, plan.funding, *plan.la_register, plan.history);
  if (plan.some_las) share_inclusion_funds(out.ledgers, plan);
  return out;
}

namespace {

finance::CensusCounts published_census(const model::AreaStart& area) {
  finance::CensusCounts counts;
  counts.plans = area.plans_by_setting;
  counts.sen_support = area.sen_support;
  return counts;
}

}  // namespace

std::vector<std::vector<finance::Ledger>> ledgers(const model::SendRunResult& run, const finance::FinanceParams& params,
                                                      const std::vector<finance::FundingRow>& funding,
                                                      const data::LaRegister& la_register,
                                                      const std::vector<model::AreaStart>& history) {
  std::vector<std::string> codes, names;
  for (const auto& area : run.areas) {
    codes.push_back(area.code);
    names.push_back(area.name);
  }
  // The published Januaries before the start: an LA of the run's own, or an LA of its own (one
  // reorganised away before the start), which joins its successors' ledger.
  std::map<std::string, finance::PlansBySetting> before;
  for (const auto& area : history) {
    if (std::find(codes.begin(), codes.end(), area.code) == codes.end() && !before.count(area.code)) {
      codes.push_back(area.code);
      names.push_back(area.name);
    }
    before[area.code][area.year] = published_census(area);
  }
  std::map<std::string, std::vector<std::string>> successors;
  for (const auto& record : la_register.records())
    for (const auto& s : record.successors) successors[record.old_code].push_back(s);
  int last_fy = 0;
  std::vector<std::vector<finance::Ledger>> out;
  for (std::size_t r = 0; r < run.replicates.size(); ++r) {
    std::vector<finance::PlansBySetting> plans(codes.size());
    for (std::size_t a = 0; a < codes.size(); ++a) {
      const auto it = before.find(codes[a]);
      if (it != before.end()) plans[a] = it->second;
    }
    for (std::size_t a = 0; a < run.areas.size(); ++a)
      for (const auto& y : run.areas[a].replicates[r]) {
        if (!y.has_census) continue;
        finance::CensusCounts counts;
        for (int s = 0; s < kSettingCount; ++s) counts.plans[s] = static_cast<double>(y.census.plans_by_setting[s]) / run.scale;
        counts.sen_support = static_cast<double>(y.census.sen_support) / run.scale;
        plans[a][y.year] = counts;
        last_fy = std::max(last_fy, y.year - 1);  // a year needs the January after it starts
      }
    out.push_back(finance::build_ledgers(codes, names, plans, funding, successors, params, last_fy));
  }
  return out;
}

std::vector<finance::Ledger> funding_units(const RunPlan& plan) {
  // A run of the plan's LAs with no year simulated: ledgers() groups them as it groups a real run's,
  // and no year has the two Januaries a ledger year needs.
  model::SendRunResult unrun;
  unrun.replicates.resize(1);
  for (const auto& area : plan.areas) unrun.areas.push_back({area.code, area.name, {model::YearTallies{}}});
  return ledgers(unrun, plan.money, plan.funding, *plan.la_register, plan.history).front();
}

RunPlan only_las(const RunPlan& plan, const std::vector<std::string>& codes, const std::string& flag) {
  for (const auto& code : codes)
    if (std::none_of(plan.areas.begin(), plan.areas.end(), [&](const model::AreaStart& a) { return a.code == code; }))
      throw InputError(flag, 0, code, "is not an LA of the run (its code in January " + std::to_string(plan.start_year) + ")");
  std::set<std::string> kept(codes.begin(), codes.end());
  // A funding unit's codes hold its LAs of the run and those reorganised into them before the start.
  for (const auto& unit : funding_units(plan))
    if (std::any_of(unit.model_codes.begin(), unit.model_codes.end(), [&](const std::string& c) { return std::count(codes.begin(), codes.end(), c) > 0; }))
      kept.insert(unit.model_codes.begin(), unit.model_codes.end());
  RunPlan out = plan;
  out.some_las = true;
  out.areas.clear();
  out.history.clear();
  std::copy_if(plan.areas.begin(), plan.areas.end(), std::back_inserter(out.areas), [&](const model::AreaStart& a) { return kept.count(a.code) > 0; });
  std::copy_if(plan.history.begin(), plan.history.end(), std::back_inserter(out.history), [&](const model::AreaStart& a) { return kept.count(a.code) > 0; });
  return out;
}

}  // namespace sendtwin::pipeline
