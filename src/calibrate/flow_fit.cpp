#include "calibrate/flow_fit.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "core/statistics.h"
#include "model/send/send_run.h"

namespace sendtwin::calibrate {

namespace {

// The fewest plans (or new plans) a year of an LA that the choices of the fit's weights below read
// (latest_weight, growth_damping, own_growth_weight): below it an LA's share, growth or year-on-year
// change is mostly noise.
constexpr double kSmallest = 50;

// Guards, not estimates: a factor outside [1/5, 5] (an LA five times as quick or slow as England to
// ask for or end plans) would be a suppressed or mis-published count, not practice.
constexpr double kLowest = 0.2, kHighest = 5.0;

// Holds `e` from `last` on: the values after it are dropped (the last kept holds after).
void cut_after(YearEffects& e, int last) {
  if (e.values.empty()) return;
  const int keep = std::max(1, last - e.from + 1);
  if (static_cast<int>(e.values.size()) > keep) e.values.resize(static_cast<std::size_t>(keep));
}

void hold_after(model::Trend& t, int last) {
  t.last_year = std::min(t.last_year, last);
  t.first_year = std::min(t.first_year, t.last_year);
  cut_after(t.effect, last);
}

// A published figure of an LA, if there is one.
const double* figure(const std::map<std::string, std::map<int, double>>& by_code, const std::string& code, int year) {
  const auto it = by_code.find(code);
  if (it == by_code.end()) return nullptr;
  const auto y = it->second.find(year);
  return y == it->second.end() ? nullptr : &y->second;
}

// What the fit needs of one LA: its place in the window's run and in the start's table, its
// published new plans over the window and net outflow, and the factors so far.
struct Fitted {
  std::size_t window_index = 0, start_index = 0;
  double new_plans = 0, outflow = 0;
  double plans_first = 0, plans_end = 0;  // published plans at January start-window and start
  double request = 1, cease = 1;
  double level = 1;  // the request factor from the start on: the window's years weighted (fit_flows)
  double mainstream = 1, special = 1, fe = 1;  // placement factors (model::AreaStart)
};

// A group of settings' plans, added up (published figures or the model's counts).
template <class T>
double sum_of(const std::array<T, kSettingCount>& by_setting, std::initializer_list<Setting> settings) {
  double n = 0;
  for (Setting s : settings) n += static_cast<double>(by_setting[static_cast<std::size_t>(s)]);
  return n;
}

// A placement factor's step toward a group's published plans at the start: factor * (1 + miss /
// placed), the model having placed `placed` plans in the group over the window; nothing placed, no
// evidence: unchanged. For independent special schools `placed` counts every special placement
// (state and independent), so the step is the smaller one: with state places full, fewer special
// placements wanted move the independent ones by all of them; with places free, only by those
// chosen directly. A step short of the mark is shrinkage toward England's practice, and the window
// is short: the fit meets a single January's plans by setting, noisy for an LA's small groups. (An
// exact fit, a secant step that met the January's plans, was tried: it forecast independent
// placements worse at every horizon; README, "sendtwin backtest".)
void step(double& factor, double published, double plans, double placed) {
  if (placed <= 0) return;
  factor = std::clamp(factor * (1.0 + (published - plans) / placed), kLowest, kHighest);
}

// sum_y v_y N_pub,y / N_model,y over the window's years, v_y = w, w(1-w), ... and the
// oldest year the rest; a year the model issued nothing in gives its weight to the window's ratio.
double weighted_ratio(const std::map<std::string, std::map<int, double>>& new_plans, const std::string& code,
                      const std::map<int, double>& issued_in, double w) {
  double pub_all = 0, model_all = 0;
  for (const auto& [year, n] : issued_in) {
    model_all += n;
    if (const double* p = figure(new_plans, code, year)) pub_all += *p;
  }
  const double overall = model_all > 0 ? pub_all / model_all : 1.0;
  double ratio = 0, left = 1;
  for (auto y = issued_in.rbegin(); y != issued_in.rend(); ++y) {
    const bool oldest = std::next(y) == issued_in.rend();
    const double v = oldest ? left : left * w;
    left -= v;
    const double* p = figure(new_plans, code, y->first);
    ratio += v * (p && y->second > 0 ? *p / y->second : overall);
  }
  return ratio;
}

// A line through the logarithm of one series of state special plans, by January up to the start:
// the growth a year its slope means (exp(slope) - 1) and the slope's sampling variance (the
// residuals' variance over n - 2, over the sum of squares of the years about their mean). `n < 3`,
// or a January without state special plans: no line (no residual to measure noise by, or no log).
struct PlaceLine {
  double growth = 0, variance = 0;
  int n = 0;
};
PlaceLine place_line(const std::map<int, double>& plans_by_year, int start) {
  PlaceLine line;
  const auto at_start = plans_by_year.find(start);
  if (at_start == plans_by_year.end() || at_start->second <= 0 || plans_by_year.size() < 3) return line;
  double n = 0, sx = 0, sy = 0;
  for (const auto& [year, plans] : plans_by_year) {
    if (plans <= 0) return line;
    n += 1, sx += year - start, sy += std::log(plans);
  }
  const double mx = sx / n, my = sy / n;
  double sxx = 0, sxy = 0;
  for (const auto& [year, plans] : plans_by_year) sxx += (year - start - mx) * (year - start - mx), sxy += (year - start - mx) * (std::log(plans) - my);
  const double slope = sxy / sxx;
  double residuals = 0;
  for (const auto& [year, plans] : plans_by_year) {
    const double r = std::log(plans) - my - slope * (year - start - mx);
    residuals += r * r;
  }
  line.growth = std::expm1(slope);
  line.variance = residuals / (n - 2) / sxx;
  line.n = static_cast<int>(n);
  return line;
}

// England's growth of pupils on SEN Support from January start-1 to January start (every LA of each
// January added up): as a share of pupils, and in number; 0 without both Januaries.
struct SupportGrowth {
  double share = 0, count = 0;
};
SupportGrowth sen_support_growth(const std::vector<model::AreaStart>& starts, int start) {
  double support_now = 0, pupils_now = 0, support_then = 0, pupils_then = 0;
  for (const auto& a : starts) {
    if (a.year == start) support_now += a.sen_support, pupils_now += a.pupils;
    if (a.year == start - 1) support_then += a.sen_support, pupils_then += a.pupils;
  }
  if (!(support_then > 0 && pupils_now > 0)) return {};
  return {(support_now / pupils_now) / (support_then / pupils_then) - 1.0, support_now / support_then - 1.0};
}

// England's growth of plans from January `from` to `to`: every LA with a figure at both added up;
// NaN without one.
double england_growth(const std::map<std::string, std::map<int, double>>& plans, int from, int to) {
  double first = 0, last = 0;
  for (const auto& [code, years] : plans) {
    const auto a = years.find(from), b = years.find(to);
    if (a != years.end() && b != years.end()) first += a->second, last += b->second;
  }
  return first > 0 ? last / first - 1.0 : NAN;
}

// The fit's first log line: the weights and the damping it chose at `start`.
std::string start_line(int start, double weight, const RequestGrowthRule& rule, double own) {
  char line[320];
  std::snprintf(line, sizeof line,
                "fit at January %d: the latest year's weight in each LA's level of requests, w = %.2f; requests grow by"
                " %.2f of England's last growth of requests and %.2f of its new plans', damped by %.2f a year;"
                " each LA's own growth of plans weighs %.2f against England's\n",
                start, weight, rule.lead, 1.0 - rule.lead, rule.damping, own);
  return line;
}

// England's new plans by calendar year before `start`: every LA's added up.
std::map<int, double> england_before(const std::map<std::string, std::map<int, double>>& new_plans, int start) {
  std::map<int, double> england;
  for (const auto& [code, years] : new_plans)
    for (const auto& [year, n] : years)
      if (year < start) england[year] += n;
  return england;
}

// The value in 0, 0.05, ..., 1 whose errors (`errors_at`, one per LA and year) have the smallest
// median, the first of equals; `none` when there are no errors.
template <class ErrorsAt>
double best_on_grid(double none, ErrorsAt&& errors_at) {
  double best = none, best_error = std::numeric_limits<double>::infinity();
  for (int step = 0; step <= 20; ++step) {
    const double x = step / 20.0;
    std::vector<double> errors = errors_at(x);
    if (errors.empty()) return none;
    const double e = quantile(errors, 0.5);
    if (e < best_error) best = x, best_error = e;
  }
  return best;
}

// The share a of plans that, added to each age band's share ceasing at a review (`rates`, a year),
// ceases `wanted` of the plans `stock` (by age band) a year more, or fewer where `wanted` < 0. Fewer:
// a band ceases no fewer than none, so a < 0 takes min(rate, -a) of each band's plans, solved by
// bisection (all ceasing at review stopped when even that is short of `wanted`).
double flat_share(double wanted, const std::array<double, model::kAgeBandCount>& stock,
                  const std::array<double, model::kAgeBandCount>& rates) {
  const double plans = std::accumulate(stock.begin(), stock.end(), 0.0);
  if (plans <= 0 || wanted >= 0) return plans > 0 ? wanted / plans : 0.0;
  auto fewer = [&](double a) {
    double n = 0;
    for (int b = 0; b < model::kAgeBandCount; ++b) n += stock[b] * std::min(rates[b], -a);
    return n;
  };
  double lo = -*std::max_element(rates.begin(), rates.end()), hi = 0;
  if (fewer(lo) <= -wanted) return lo;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (fewer(mid) < -wanted ? hi : lo) = mid;
  }
  return 0.5 * (lo + hi);
}

// The forecast's growth of each LA's plans leans toward England's (own_growth_weight): from the
// start on, each LA ceases (1 - lambda) of its growth over England's in the window more a year,
// at every age alike (model::AreaStart::cease_added), or fewer where it grew slower. In plans over
// the window, Delta - Delta_E = plans_end - plans_first (1 + g_E); a year, that over the window's
// years, out of the plans at the start. The window's practice (request and ceasing factors) is
// unchanged: it met the LA's flows. Returns the LA's cease_added.
double lean_toward_england(const Fitted& f, const model::AreaStart& at_start, double cease_relative, const model::SendParams& send,
                           double lambda, double england_growth, int window) {
  if (f.plans_first <= 0 || window <= 0 || std::isnan(england_growth)) return 0.0;
  const double excess = f.plans_end - f.plans_first * (1.0 + england_growth);
  const double wanted = (1.0 - lambda) * excess / window * at_start.plans() / (0.5 * (f.plans_first + f.plans_end));
  std::array<double, model::kAgeBandCount> rates{};
  for (int b = 0; b < model::kAgeBandCount; ++b) rates[b] = std::min(1.0, send.cease.at_review[b] * cease_relative);
  return flat_share(wanted, at_start.plans_by_age_band, rates);
}

// The LAs with every figure the window needs, under the same code at both ends: their places in
// the window's and the start's tables, and their published flows over the window.
std::vector<Fitted> fitted_las(const std::vector<model::AreaStart>& window, const std::vector<model::AreaStart>& starts,
                               const FlowTargets& targets, int first, int start) {
  std::vector<Fitted> las;
  for (std::size_t w = 0; w < window.size(); ++w) {
    const std::string& code = window[w].code;
    const auto at_start = std::find_if(starts.begin(), starts.end(), [&](const model::AreaStart& a) { return a.code == code; });
    const double* plans_end = figure(targets.plans, code, start);
    if (at_start == starts.end() || !plans_end) continue;
    Fitted f;
    f.window_index = w;
    f.start_index = static_cast<std::size_t>(at_start - starts.begin());
    bool complete = true;
    for (int y = first; y < start; ++y) {
      const double* n = figure(targets.new_plans, code, y);
      if (!n) complete = false;
      else f.new_plans += *n;
    }
    const double* plans_first = figure(targets.plans, code, first);
    if (!complete || f.new_plans <= 0 || !plans_first) continue;
    f.outflow = window[w].plans() + f.new_plans - *plans_end;
    f.plans_first = *plans_first;
    f.plans_end = *plans_end;
    las.push_back(f);
  }
  return las;
}

}  // namespace

double latest_weight(const std::map<std::string, std::map<int, double>>& new_plans, int start) {
  const std::map<int, double> england = england_before(new_plans, start);
  auto share = [&](const std::map<int, double>& years, int year) -> double {
    const auto it = years.find(year);
    const auto e = england.find(year);
    if (it == years.end() || e == england.end() || it->second < kSmallest || e->second <= 0) return -1;
    return it->second / e->second;
  };
  return best_on_grid(1.0, [&](double w) {
    std::vector<double> errors;
    for (const auto& [code, years] : new_plans)
      for (const auto& [t, n] : years) {
        if (t >= start) continue;
        const double x = share(years, t), last = share(years, t - 1), before = share(years, t - 2);
        if (x > 0 && last > 0 && before > 0) errors.push_back(std::abs(std::log(x / (w * last + (1 - w) * before))));
      }
    return errors;
  });
}

namespace {

// England's growth of a flow into each year before `start`; none where it is not a growth of the same
// series (2015, when plans replaced statements, new plans grew seventeen-fold on the four months of
// 2014; requests were first published for 2016).
std::map<int, double> england_growths(const std::map<std::string, std::map<int, double>>& flows, int start) {
  const std::map<int, double> england = england_before(flows, start);
  std::map<int, double> growth;
  for (const auto& [year, n] : england)
    if (const auto before = england.find(year - 1); before != england.end() && before->second > 0) {
      const double g = n / before->second - 1.0;
      if (g > -0.5 && g < 1.0) growth[year] = g;
    }
  return growth;
}

}  // namespace

RequestGrowthRule request_growth_rule(const FlowTargets& targets, int start) {
  const std::map<int, double> plans_growth = england_growths(targets.new_plans, start);
  const std::map<int, double> requests_growth = england_growths(targets.requests, start);
  // What the errors read of each LA-year, looked up once: the rules below are scored 462 times
  // over the same LA-years, and the lookups in maps were a third of the scoring.
  struct Observed {
    double n, last, plans, requests;  // new plans in t and t - 1; England's growths into t - 1
    bool requests_grew;  // false in a year whose requests did not grow as a series (none published before it)
  };
  std::vector<Observed> observed;
  for (const auto& [code, years] : targets.new_plans)
    for (const auto& [t, n] : years) {
      const auto last = years.find(t - 1);
      const auto g = plans_growth.find(t - 1);
      if (t >= start || last == years.end() || g == plans_growth.end() || last->second < kSmallest || n <= 0) continue;
      const auto r = requests_growth.find(t - 1);
      const bool grew = r != requests_growth.end();
      observed.push_back({n, last->second, g->second, grew ? r->second : 0.0, grew});
    }
  // The errors of one rule: a year whose requests did not grow leads with the new plans' growth
  // alone, under every lead alike.
  auto errors_of = [&](double lead, double phi) {
    std::vector<double> errors;
    errors.reserve(observed.size());
    for (const Observed& o : observed) {
      const double growth = o.requests_grew ? lead * o.requests + (1 - lead) * o.plans : o.plans;
      errors.push_back(std::abs(std::log(o.n / (o.last * (1.0 + phi * growth)))));
    }
    return errors;
  };
  RequestGrowthRule best;
  double best_error = std::numeric_limits<double>::infinity();
  for (int l = 0; l <= 20; ++l) {
    const double lead = l / 20.0;
    const double phi = best_on_grid(kGrowthDamping, [&](double x) { return errors_of(lead, x); });
    std::vector<double> errors = errors_of(lead, phi);
    if (errors.empty()) return best;
    const double e = quantile(errors, 0.5);
    if (e < best_error) best = {lead, phi}, best_error = e;
  }
  return best;
}

double growth_damping(const std::map<std::string, std::map<int, double>>& new_plans, int start) {
  FlowTargets targets;
  targets.new_plans = new_plans;
  return request_growth_rule(targets, start).damping;
}

std::vector<double> lean_errors(const std::map<std::string, std::map<int, double>>& plans, double lambda, int t, int window) {
  std::vector<double> errors;
  const double england = england_growth(plans, t - window, t);
  if (std::isnan(england)) return errors;
  for (const auto& [code, years] : plans) {
    const auto first = years.find(t - window), now = years.find(t), next = years.find(t + 1);
    if (first == years.end() || now == years.end() || next == years.end()) continue;
    if (first->second < kSmallest || now->second < kSmallest || next->second <= 0) continue;
    const double own = now->second / first->second - 1.0;
    const double g = lambda * own + (1 - lambda) * england;  // over `window` years: a year's, compounded
    errors.push_back(std::log(next->second / (now->second * std::pow(1.0 + g, 1.0 / window))));
  }
  return errors;
}

double own_growth_weight(const std::map<std::string, std::map<int, double>>& plans, int start, int window) {
  std::set<int> years_published;  // each a January t whose forecast of t + 1 the start has seen
  for (const auto& [code, years] : plans)
    for (const auto& [t, p] : years)
      if (t + 1 <= start) years_published.insert(t);
  return best_on_grid(1.0, [&](double lambda) {
    std::vector<double> errors;
    for (int t : years_published)
      for (double e : lean_errors(plans, lambda, t, window)) errors.push_back(std::abs(e));
    return errors;
  });
}

// The least-squares line of each LA shrunk toward England's (flow_fit.h).
std::map<std::string, double> place_growths(const std::vector<model::AreaStart>& starts, int start, Setting setting) {
  const auto column = static_cast<std::size_t>(setting);
  std::map<std::string, std::map<int, double>> series;
  std::map<int, double> england;
  for (const auto& a : starts) {
    if (a.year > start) continue;  // nothing published after the start
    series[a.code][a.year] = a.plans_by_setting[column];
    england[a.year] += a.plans_by_setting[column];
  }
  const PlaceLine national = place_line(england, start);
  std::map<std::string, PlaceLine> lines;
  double sum = 0, sum_sq = 0, noise = 0;
  for (const auto& [code, plans] : series) {
    const PlaceLine line = place_line(plans, start);
    if (line.n < 3) continue;
    lines[code] = line;
    sum += line.growth, sum_sq += line.growth * line.growth, noise += line.variance;
  }
  std::map<std::string, double> growth;
  const double k = static_cast<double>(lines.size());
  const double tau2 = k > 1 ? std::max(0.0, (sum_sq - sum * sum / k) / k - noise / k) : 0.0;
  for (const auto& [code, plans] : series) {
    const auto now = plans.find(start);
    if (now == plans.end() || now->second <= 0) continue;
    const auto it = lines.find(code);
    double g = national.growth;
    if (it != lines.end() && tau2 + it->second.variance > 0)
      g = (tau2 * it->second.growth + it->second.variance * national.growth) / (tau2 + it->second.variance);
    growth[code] = std::clamp(g, -0.05, 0.25);
  }
  return growth;
}

model::SendParams as_known_at(const model::SendParams& params, int start, double request_growth, double sen_support_growth,
                              double request_damping) {
  model::SendParams p = params;
  const int last = start - 1;
  hold_after(p.sen_support.identification, last);
  hold_after(p.requests.rate, last);
  hold_after(p.requests.early_years_rate, last);
  hold_after(p.appeals.rate, last);
  for (auto& slot : model::year_effect_slots(p))
    for (YearEffects* e : slot.effects) cut_after(*e, last);
  constexpr int kHorizon = 2080;  // the last year any run may reach (src/cli/flags.h)
  auto damped = [&](double growth, double damping) {
    return [=](int year) {
      double factor = 1.0;
      for (int k = 1; k <= year - last; ++k) factor *= 1.0 + growth * std::pow(damping, k);
      return factor;
    };
  };
  if (request_growth != 0) {
    multiply_years(p.requests.rate.effect, start, kHorizon, damped(request_growth, request_damping));
    multiply_years(p.requests.early_years_rate.effect, start, kHorizon, damped(request_growth, request_damping));
  }
  if (sen_support_growth != 0)
    multiply_years(p.sen_support.identification.effect, start, kHorizon, damped(sen_support_growth, kGrowthDamping));
  return p;
}

FlowFit fit_flows(const model::SendParams& params, const std::vector<model::AreaStart>& starts, const FlowTargets& targets,
                  int start, const FlowFitOptions& options, const std::function<void(const std::string&)>& log) {
  const int first = start - options.window;
  FlowFit out;
  std::vector<model::AreaStart> window;
  for (const auto& a : starts) {
    if (a.year == start) out.areas.push_back(a);
    if (a.year == first) window.push_back(a);
  }
  if (out.areas.empty() || window.empty()) return out;
  std::vector<Fitted> las = fitted_las(window, out.areas, targets, first, start);
  const double weight = options.window > 1 ? latest_weight(targets.new_plans, start) : 1.0;
  out.latest_weight = weight;
  const RequestGrowthRule rule = request_growth_rule(targets, start);
  out.growth_damping = rule.damping;
  out.growth_lead = rule.lead;
  out.own_growth = own_growth_weight(targets.plans, start, options.window);
  if (log) log(start_line(start, weight, rule, out.own_growth));
  const model::SendParams send = as_known_at(model::england_at_start(params, window), start);
  model::SendRunConfig config;
  config.seed = options.seed;
  config.scale = options.scale;
  config.threads = options.threads;
  config.start_year = first;
  config.to = Month(start, 1);  // through January `start`, whose census the placements meet
  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    std::vector<model::AreaStart> areas = window;
    for (const auto& f : las) {
      auto& a = areas[f.window_index];
      a.request_relative *= f.request;
      a.cease_relative *= f.cease;
      a.mainstream_relative *= f.mainstream;
      a.special_relative *= f.special;
      a.fe_relative *= f.fe;
    }
    const auto run = model::run_send(send, areas, config);
    out.largest_miss = 0;
    for (auto& f : las) {
      double issued = 0, at_review = 0, outflow_model = 0;
      std::map<int, double> issued_in;
      std::array<std::int64_t, kSettingCount> placed{}, at_start{};
      for (const auto& y : run.areas[f.window_index].replicates.at(0)) {
        if (y.year == start && y.has_census) at_start = y.census.plans_by_setting;
        if (y.year < first || y.year >= start) continue;
        issued += static_cast<double>(y.flows.plans_issued) / options.scale;
        issued_in[y.year] += static_cast<double>(y.flows.plans_issued) / options.scale;
        outflow_model += static_cast<double>(y.flows.plans_ceased) / options.scale;
        at_review += static_cast<double>(y.flows.ceased_by_cause[static_cast<int>(model::CeaseCause::AtReview)]) / options.scale;
        for (int k = 0; k < kSettingCount; ++k) placed[k] += y.flows.placed_in[k];
      }
      if (issued > 0) {
        out.largest_miss = std::max(out.largest_miss, std::abs(issued / f.new_plans - 1.0) * 100.0);
        f.level = std::clamp(f.request * weighted_ratio(targets.new_plans, window[f.window_index].code, issued_in, weight), kLowest, kHighest);
        f.request = std::clamp(f.request * f.new_plans / issued, kLowest, kHighest);
      }
      if (at_review > 0) f.cease = std::clamp(f.cease * (1.0 + (f.outflow - outflow_model) / at_review), kLowest, kHighest);
      // Placements: each group's plans at January `start`, published against the model's.
      const auto& published = out.areas[f.start_index].plans_by_setting;
      const double k = options.scale;
      const auto mainstream = {Setting::Mainstream, Setting::MainstreamUnit, Setting::IndependentMainstream};
      step(f.mainstream, sum_of(published, mainstream), sum_of(at_start, mainstream) / k, sum_of(placed, mainstream) / k);
      step(f.special, sum_of(published, {Setting::IndependentSpecial}), sum_of(at_start, {Setting::IndependentSpecial}) / k,
           sum_of(placed, {Setting::StateSpecial, Setting::IndependentSpecial}) / k);
      step(f.fe, sum_of(published, {Setting::FurtherEducation}), sum_of(at_start, {Setting::FurtherEducation}) / k,
           sum_of(placed, {Setting::FurtherEducation}) / k);
    }
    if (log) {
      char line[160];
      std::snprintf(line, sizeof line, "fit of %d LAs' flows %d-%d: iteration %d, largest miss of new plans %.1f%%\n",
                    static_cast<int>(las.size()), first, start - 1, iteration + 1, out.largest_miss);
      log(line);
    }
  }
  const auto& every_la = options.every_la ? *options.every_la : starts;
  const auto growths = place_growths(every_la, start);
  const auto independent_growths = place_growths(every_la, start, Setting::IndependentSpecial);
  const double england = england_growth(targets.plans, first, start);
  double latest = 0, before = 0, asked_latest = 0, asked_before = 0;
  for (const auto& f : las) {
    auto& a = out.areas[f.start_index];
    const auto& w = window[f.window_index];
    a.request_relative = w.request_relative * f.level;
    out.request_in_window[w.code] = w.request_relative * f.request;
    a.cease_relative = w.cease_relative * f.cease;
    a.cease_added = lean_toward_england(f, a, a.cease_relative, send, out.own_growth, england, options.window);
    a.mainstream_relative = w.mainstream_relative * f.mainstream;
    a.special_relative = w.special_relative * f.special;
    a.fe_relative = w.fe_relative * f.fe;
    if (const auto g = growths.find(a.code); g != growths.end()) a.place_growth = g->second;
    if (const auto g = independent_growths.find(a.code); g != independent_growths.end()) a.independent_place_growth = g->second;
    const double* n_latest = figure(targets.new_plans, w.code, start - 1);
    const double* n_before = figure(targets.new_plans, w.code, start - 2);
    if (n_latest && n_before) {
      latest += *n_latest;
      before += *n_before;
    }
    const double* r_latest = figure(targets.requests, w.code, start - 1);
    const double* r_before = figure(targets.requests, w.code, start - 2);
    if (r_latest && r_before) {
      asked_latest += *r_latest;
      asked_before += *r_before;
    }
  }
  // New plans grew by latest/before and requests by asked_latest/asked_before, weighed by the lead
  // (request_growth_rule); the runs grow the pupils on SEN Support themselves (pupils by the intake,
  // their share by sen_support_growth), so requests per pupil on SEN Support grow by the rest:
  // counted in both, SEN Support's growth compounded a second time.
  const SupportGrowth support = sen_support_growth(starts, start);
  if (before > 0) {
    double growth = latest / before - 1.0;
    if (asked_before > 0) growth = out.growth_lead * (asked_latest / asked_before - 1.0) + (1.0 - out.growth_lead) * growth;
    out.request_growth = (1.0 + growth) / (1.0 + support.count) - 1.0;
  }
  out.sen_support_growth = support.share;
  out.fitted = static_cast<int>(las.size());
  return out;
}

}  // namespace sendtwin::calibrate
