#include "model/send/send_model.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <tuple>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/event_calendar.h"
#include "rules/statutory.h"

namespace sendtwin::model {

namespace {

using engine::monthly_probability;

// Months are stored in 16 bits as months since January 1990.
constexpr Month kEpoch(1990, 1);
std::int16_t encode(Month m) { return static_cast<std::int16_t>(m - kEpoch); }
Month decode(std::int16_t v) { return kEpoch + v; }
constexpr std::int16_t kNever = INT16_MIN;  // no such event pending
constexpr std::int16_t kFar = INT16_MAX;    // nothing scheduled before the end of any run

constexpr double kWeeksPerMonth = 365.25 / 12.0 / 7.0;

// Kinds of pending appeal (3 bits in the agent's flags; 0 = none), the grounds of CFA s.51.
enum AppealKind : std::uint8_t {
  kNoAppeal = 0,
  kAppealRefusalToAssess,
  kAppealRefusalToIssue,
  kAppealContents,
  kAppealPlacement,
  kAppealCeasing,
};
rules::AppealGround ground_of(int kind) {
  switch (kind) {
    case kAppealRefusalToAssess: return rules::AppealGround::RefusalToAssess;
    case kAppealRefusalToIssue: return rules::AppealGround::RefusalToIssue;
    case kAppealContents: return rules::AppealGround::PlanContents;
    case kAppealPlacement: return rules::AppealGround::PlacementOnly;
    default: return rules::AppealGround::Ceasing;
  }
}

// The month an appeal against a decision of month `decided` is registered: by the deadline of reg
// 1.32 (after mediation where it is required first).
Month appeal_registered_by_rule(int kind, Month decided) {
  // The model steps in months: a decision of this month is dated mid-month for the deadline rules.
  const Date decision = decided.first_day().plus_days(14);
  std::optional<Date> certificate;
  if (rules::mediation_advice_required(ground_of(kind))) certificate = decision.plus_days(rules::kMediationArrangedDays);
  return std::max(decided + 1, Month::of(rules::appeal_deadline(decision, certificate)));
}

// The same, read from a table worked out once for the process: it depends on the kind and the
// month alone, and its calendar arithmetic (dates, working days, the holiday rule) for every
// appeal was about 2% of a national replicate's profile (with its share of Date::plus_months).
constexpr int kAppealKinds = kAppealCeasing + 1;
constexpr Month kAppealTableEnd(2101, 1);  // decisions from kEpoch to December 2100 are tabulated
Month appeal_registered(int kind, Month decided) {
  static const std::vector<std::int16_t> table = [] {
    std::vector<std::int16_t> t;
    for (Month m = kEpoch; m < kAppealTableEnd; ++m)
      for (int k = 0; k < kAppealKinds; ++k) t.push_back(static_cast<std::int16_t>(appeal_registered_by_rule(k, m) - kEpoch));
    return t;
  }();
  if (decided < kEpoch || decided >= kAppealTableEnd || kind < 0 || kind >= kAppealKinds)
    return appeal_registered_by_rule(kind, decided);
  return kEpoch + table[static_cast<std::size_t>((decided - kEpoch) * kAppealKinds + kind)];
}

// Placement choices of PlacementParams' share arrays.
enum Placement : int { kPlMainstream, kPlUnit, kPlSpecial, kPlIndependentSpecial, kPlAp,
                       kPlIndependentMainstream, kPlFe, kPlEarlyYears, kPlOther };
Setting setting_of(int placement) {
  switch (placement) {
    case kPlMainstream: return Setting::Mainstream;
    case kPlUnit: return Setting::MainstreamUnit;
    case kPlSpecial: return Setting::StateSpecial;
    case kPlIndependentSpecial: return Setting::IndependentSpecial;
    case kPlAp: return Setting::AlternativeProvision;
    case kPlIndependentMainstream: return Setting::IndependentMainstream;
    case kPlFe: return Setting::FurtherEducation;
    case kPlEarlyYears: return Setting::EarlyYears;
    default: return Setting::Other;
  }
}

template <std::size_t N>
int pick(const std::array<double, N>& shares, double u) {
  return ShareChoice<N>(shares)(u);
}

// Age on 31 August before the current academic year: what fixes the year group.
int age_on_31_august(Month birth, Month now) { return year_group(birth, now.academic_year()) + 4; }

// A pupil's way through the school sixth form from one uniform: the same shares as deciding at
// the start of year 12 (stay with probability share_y12) and of year 13 (share_y13 / share_y12 of
// those who stayed), so that the decisions need no draw of their own when they fall due.
// `stayed_to_12`: the pupil is already in year 12 (at the start).
std::uint8_t sixth_form_path(const PopulationParams& pop, double u, bool stayed_to_12) {
  if (stayed_to_12) return u < pop.share_y13 / pop.share_y12 ? 3 : 2;
  return u < pop.share_y13 ? 3 : u < pop.share_y12 ? 2 : 1;
}

// The chances of the three sixth-form paths (sixth_form_path's 1, 2, 3) of a pupil in year group
// `yg` at the start: the same shares, given the years the pupil has already stayed.
std::array<double, 3> sixth_form_shares(const PopulationParams& pop, int yg) {
  if (yg >= 13) return {0.0, 0.0, 1.0};
  if (yg == 12) return {0.0, 1.0 - pop.share_y13 / pop.share_y12, pop.share_y13 / pop.share_y12};
  return {1.0 - pop.share_y12, pop.share_y12 - pop.share_y13, pop.share_y13};
}

// The year whose September a pupil born in academic year `born_ay` leaves school on sixth-form path
// `path`: the start of year 12 (path 1), of year 13 (2), or after year 13 (3).
int leaving_year(int born_ay, int path) { return born_ay + 16 + path; }

// The address of a group's draws (kStreamCounts): above any agent's id.
constexpr std::uint32_t kGroupAddress = 0xFFFFFF00u;

// A month of birth in a cohort (September to August) and the sex, from one uniform: its first
// twelfth picks the month, what is left of it the sex.
struct BirthAndSex {
  int month_offset;  // 0..11 from September
  bool male;
};
BirthAndSex birth_and_sex(double u, double male_share) {
  const int k = std::min(11, static_cast<int>(u * 12));
  return {k, u * 12 - k < male_share};
}

// std::lround's value (halves away from zero) without the library call, which was 1.5% of a
// national replicate: x minus its truncation is exact for |x| < 2^52, so the comparison with one
// half is too. Only for the weeks and days of a request's path (far below 2^31).
int round_to_int(double x) {
  const int t = static_cast<int>(x);
  const double frac = x - t;
  return t + (frac >= 0.5) - (frac <= -0.5);
}

// The statutory timeline of one request, drawn from draws addressed by the request month (STYLE.md
// §4). The request's first block of four draws fixes the day of the request, when the LA decides
// and whether it assesses; the second, the assessment's outcome. Each part is drawn when its stage
// first needs it and kept for the next (keep_decision, keep_outcome): drawing the path afresh at
// each stage was a fifth of a run.
struct RequestPath {
  int request_day = 0;  // in the request's month, from its first (0-27)
  int decision_months = 1;
  bool withdrawn = false;
  bool refused = false;
  bool issued = false;
  bool exception = false;
  int outcome_days = 0;  // from the first of the request's month to the outcome
  Date request_date;
  Date outcome_date;  // final plan issued, or decision not to issue
};

std::array<double, 4> decision_draws(const engine::RandomStreams& rng, std::uint32_t id, Month request) {
  return rng.uniforms(id, request.index(), kStreamDurations);
}

// The day of the request, when the LA decides, and whether the request is withdrawn or refused,
// from its first block `a`.
void draw_decision(const SendParams& p, const std::array<double, 4>& a, Month request, RequestPath& path) {
  // The model steps in months: a request falls on a day of its month spread evenly over the first 28.
  path.request_day = static_cast<int>(a[0] * 28);
  const auto& r = p.requests;
  const double decision_weeks = r.decision_weeks_min + a[1] * (r.decision_weeks_max - r.decision_weeks_min);
  path.decision_months = std::max(1, round_to_int(decision_weeks / kWeeksPerMonth));
  path.withdrawn = a[2] < r.withdrawn;
  path.refused = !path.withdrawn && a[3] < std::min(1.0, r.refused * r.refused_effect.at(request.year()));
}

// The assessment's outcome (exception, whether and when a plan is issued) from the second block,
// drawn here, and the day of the request (draw_decision).
void draw_outcome(const SendParams& p, const engine::RandomStreams& rng, std::uint32_t id, Month request,
                  RequestPath& path) {
  const auto b = rng.uniforms(id, request.index(), kStreamDurations + 16);
  const std::int64_t request_day = request.first_day().days() + path.request_day;
  path.request_date = Date::from_days(request_day);
  const auto& s = p.assessment;
  path.exception = b[1] < s.exception_share;
  // SEND Regulations 2014, reg 13(2): the final plan within 20 weeks of the request. The year
  // effects act in the year the published series count them in: timeliness in the year of the
  // 20-week deadline, issuing in the year the plan would be issued.
  const double limit = rules::kFinalPlanDeadline.count;
  const int deadline_year = Date::from_days(request_day + static_cast<int>(limit * 7)).year;
  double timely_share = std::min(1.0, s.within_20_weeks * s.within_20_weeks_effect.at(deadline_year));
  if (!s.timeliness_goal.values.empty())  // a scenario's goal, which every LA moves toward
    timely_share += (s.timeliness_goal.at(deadline_year) - timely_share) * s.timeliness_goal_weight.amount_at(deadline_year, 0.0);
  const bool timely = b[2] < timely_share && !path.exception;
  const double issue_weeks = timely ? s.timely_weeks_min + b[3] * (limit - s.timely_weeks_min)
                                    : limit + 1.0 - s.late_mean_weeks * std::log(1.0 - b[3]);
  const int issue_year = Date::from_days(request_day + round_to_int(issue_weeks * 7)).year;
  path.issued = b[0] < std::min(1.0, s.issued * s.issued_effect.at(issue_year));
  const double weeks =
      path.issued ? issue_weeks : s.not_issue_weeks_min + b[3] * (s.not_issue_weeks_max - s.not_issue_weeks_min);
  path.outcome_days = path.request_day + round_to_int(weeks * 7);
  path.outcome_date = Date::from_days(request_day - path.request_day + path.outcome_days);
}

// The whole path at once (a request under way at the start resumes at the stage it has reached).
RequestPath draw_path(const SendParams& p, const engine::RandomStreams& rng, std::uint32_t id, Month request) {
  const auto a = decision_draws(rng, id, request);
  RequestPath path;
  draw_decision(p, a, request, path);
  draw_outcome(p, rng, id, request, path);
  return path;
}

// What a request's later stages read is kept in the agent's review month (Record::review), which
// no request uses: only plan holders have reviews. While the request waits for the decision: the
// day of the request (bits 0-4) and whether it is withdrawn (5) or refused (6); while assessed:
// the day, whether a plan is issued (5) and the outcome's day counted from the first of the
// request's month (bits 6-14, below kKeptOutcomeDays). kNever: nothing kept (an outcome later than
// that, a tribunal's order): the stage draws the path again, the same one.
constexpr int kKeptOutcomeDays = 512;
std::int16_t keep_decision(const RequestPath& path) {
  return static_cast<std::int16_t>(path.request_day | path.withdrawn << 5 | path.refused << 6);
}
void kept_decision(std::int16_t kept, RequestPath& path) {
  path.request_day = kept & 31;
  path.withdrawn = (kept >> 5) & 1;
  path.refused = (kept >> 6) & 1;
}
std::int16_t keep_outcome(const RequestPath& path) {
  if (path.outcome_days < 0 || path.outcome_days >= kKeptOutcomeDays) return kNever;
  return static_cast<std::int16_t>(path.request_day | path.issued << 5 | path.outcome_days << 6);
}
// The outcome kept, with the dates it gives (the exception is kept in the agent's flags).
void kept_outcome(std::int16_t kept, Month request, RequestPath& path) {
  const std::int64_t first = request.first_day().days();
  path.request_day = kept & 31;
  path.issued = (kept >> 5) & 1;
  path.outcome_days = kept >> 6;
  path.request_date = Date::from_days(first + path.request_day);
  path.outcome_date = Date::from_days(first + path.outcome_days);
}

}  // namespace

void Flows::add(const Flows& o) {
  identified += o.identified;
  support_ended += o.support_ended;
  requests += o.requests;
  withdrawn += o.withdrawn;
  refused_assessment += o.refused_assessment;
  assessments_started += o.assessments_started;
  plans_issued += o.plans_issued;
  for (int k = 0; k < kAgeBandCount; ++k) {
    requests_by_age_band[k] += o.requests_by_age_band[k];
    assessments_by_age_band[k] += o.assessments_by_age_band[k];
    plans_issued_by_age_band[k] += o.plans_issued_by_age_band[k];
  }
  not_issued += o.not_issued;
  issued_within_20_weeks += o.issued_within_20_weeks;
  issued_without_exception += o.issued_without_exception;
  mediations += o.mediations;
  appeals_registered += o.appeals_registered;
  appeals_decided += o.appeals_decided;
  appeals_upheld += o.appeals_upheld;
  plans_ceased += o.plans_ceased;
  mainstream_to_special += o.mainstream_to_special;
  special_to_mainstream += o.special_to_mainstream;
  independent_for_want_of_place += o.independent_for_want_of_place;
  no_special_place += o.no_special_place;
  not_eligible += o.not_eligible;
  placements_quashed += o.placements_quashed;
  for (int k = 0; k < kSettingCount; ++k) placed_in[k] += o.placed_in[k];
  arrivals += o.arrivals;
  departures += o.departures;
  for (int k = 0; k < kCeaseCauseCount; ++k) ceased_by_cause[k] += o.ceased_by_cause[k];
  for (int k = 0; k < kSenStatusCount; ++k) {
    status_in[k] += o.status_in[k];
    status_out[k] += o.status_out[k];
  }
}

SendModel::SendModel(const SendParams& params, SendRunOptions options)
    : params_(params),
      options_(options),
      birth_(population_.add_column<std::int16_t>("birth_month")),
      status_(population_.add_column<std::uint8_t>("sen_status")),
      setting_(population_.add_column<std::uint8_t>("setting")),
      flags_(population_.add_column<std::uint8_t>("flags")),
      records_(population_.add_column<Record>("agent")),
      wake_(population_.add_column<std::int16_t>("wake_month")) {
  static_assert(kEpoch.year() == kEpochYear, "the counted pupils' years start at the epoch of the months");
  if (!(options_.scale > 0.0 && options_.scale <= 1.0))
    throw std::invalid_argument("scale must be in (0, 1]");
  rates_.support_ends = monthly_probability(params_.sen_support.exit);
  rates_.to_special = monthly_probability(params_.placement.mainstream_to_special);
  rates_.to_mainstream = monthly_probability(params_.placement.special_to_mainstream);
  to_special_ = engine::Geometric(rates_.to_special);
  to_mainstream_ = engine::Geometric(rates_.to_mainstream);
  male_ = engine::Binomial(params_.population.male_share);
  new_need_ = ShareChoice<14>(params_.stock.new_need_shares);
  const double m = params_.requests.male_relative_rate, ms = params_.population.male_share;
  std::vector<double> identify, support_male, support_female;
  // The request hazard tabulated is the highest age band's; process() thins it to the pupil's band.
  const auto& by_age = params_.requests.age_relative;
  request_age_top_ = *std::max_element(by_age.begin(), by_age.end());
  for (std::size_t band = 0; band < request_age_shares_.size(); ++band)
    request_age_shares_[band] = by_age[band] / request_age_top_;
  for (int y = kFirstYear; y <= kLastYear; ++y) {
    using engine::cumulative_hazard;
    identify.push_back(cumulative_hazard(monthly_probability(params_.sen_support.identification.at(y))));
    // Leaving SEN Support or asking for an assessment: competing risks, their hazards added.
    const double request = params_.requests.rate.at(y) * request_age_top_;
    const double exit = rates_.support_ends;
    support_male.push_back(cumulative_hazard(exit) +
                           cumulative_hazard(monthly_probability(request * m / (ms * m + 1.0 - ms))));
    support_female.push_back(cumulative_hazard(exit) +
                             cumulative_hazard(monthly_probability(request / (ms * m + 1.0 - ms))));
  }
  identify_hazard_ = engine::YearlyHazard(kFirstYear, std::move(identify));
  for (int y = kFirstYear; y <= kLastYear; ++y) appeal_by_year_.push_back(params_.appeals.rate.at(y));
  for (int y = kFirstYear; y <= kLastYear; ++y)
    for (int age = 0; age < kReviewAges; ++age) review_uneventful_.push_back(review_uneventful(age, y));
  for (int y = kFirstYear; y <= kLastYear; ++y)
    for (int age = 0; age < kReviewAges; ++age) {
      review_chain_at_.push_back(static_cast<std::uint32_t>(review_chains_.size()));
      if (age < 5) continue;  // reviews may be more often: next_eventful_review goes one by one
      double nothing = 1.0;
      for (int k = 0; k <= std::min(25 - age, kLastYear - y); ++k) {
        nothing *= review_uneventful_[static_cast<std::size_t>((y + k - kFirstYear) * kReviewAges + age + k)];
        review_chains_.push_back(nothing);
      }
    }
  support_hazard_male_ = engine::YearlyHazard(kFirstYear, std::move(support_male));
  support_hazard_female_ = engine::YearlyHazard(kFirstYear, std::move(support_female));
}

std::size_t SendModel::add_agents(std::size_t n) {
  const std::size_t first = population_.append(n);
  for (std::size_t i = first; i < first + n; ++i) {
    id_[i] = next_id_++;
    event_[i] = kNever;
    review_[i] = kNever;
    appeal_[i] = kNever;
    request_[i] = kNever;
    sixth_form_[i] = 0;
    batch_[i] = arriving_batch_;
    wake_[i] = kNever;
  }
  return first;
}

void SendModel::add_without_sen(std::int64_t n, int born_ay, const std::array<double, 3>& paths, Month now,
                                engine::UniformSequence& draws) {
  std::vector<std::int64_t> by_path(3), by_month;
  engine::multinomial_variate(n, std::vector<double>(paths.begin(), paths.end()), draws, by_path);
  for (int path = 1; path <= 3; ++path) {
    const int leaves = Month(leaving_year(born_ay, path), 9).index();
    const int slot = leaving_year(born_ay, path) - kEpochYear;
    if (slot < 0 || slot >= static_cast<int>(counted_leaving_.size()))
      throw std::invalid_argument("pupils leaving school outside the years the model counts");
    counted_leaving_[static_cast<std::size_t>(slot)] += by_path[path - 1];
    counted_ += by_path[path - 1];
    // Identification hazards are known for every month ahead, so how many are identified in each
    // month before they leave is drawn for the group at once (first_event_counts): the law of
    // drawing every pupil's first identification month (schedule) and dropping those at or after
    // leaving, when nothing happens to the pupil.
    engine::first_event_counts(identify_hazard_, by_path[path - 1], now.index(), leaves, draws, by_month);
    if (waiting_.empty()) waiting_first_month_ = now.index();
    if (now.index() < waiting_first_month_) throw std::logic_error("pupils waiting from before the first month");
    const auto offset = static_cast<std::size_t>(now.index() - waiting_first_month_);
    if (waiting_.size() < offset + by_month.size()) waiting_.resize(offset + by_month.size());
    for (std::size_t k = 0; k < by_month.size(); ++k)
      if (by_month[k] > 0) waiting_[offset + k].push_back({arriving_batch_, born_ay, path, by_month[k]});
  }
}

void SendModel::make_identified(Month now) {
  if (now.index() < waiting_first_month_ || now.index() - waiting_first_month_ >= static_cast<int>(waiting_.size())) return;
  auto& month = waiting_[static_cast<std::size_t>(now.index() - waiting_first_month_)];
  // Agents are made in the order of {batch, birth year, path} (their ids follow it); groups with
  // the same three are alike, so their order among themselves changes nothing.
  std::sort(month.begin(), month.end(), [](const Waiting& a, const Waiting& b) {
    return std::tie(a.batch, a.born_ay, a.path) < std::tie(b.batch, b.born_ay, b.path);
  });
  std::int64_t n = 0;
  for (const Waiting& w : month) {
    n += w.n;
    counted_leaving_[static_cast<std::size_t>(leaving_year(w.born_ay, w.path) - kEpochYear)] -= w.n;
  }
  counted_ -= n;
  if (options_.support_as_counts) {
    // They join the counts on SEN Support (step_support); their sex, which the identification
    // hazard does not depend on, is drawn now.
    engine::UniformSequence draws(*rng_, kGroupAddress + 15u, now.index(), kStreamSupport);
    for (const Waiting& w : month) add_on_support(w.born_ay, static_cast<std::uint16_t>(w.batch), w.n, draws);
    pending_.flows.identified += n;
    pending_.flows.status_out[static_cast<int>(SenStatus::None)] += n;
    pending_.flows.status_in[static_cast<int>(SenStatus::SenSupport)] += n;
    std::vector<Waiting>().swap(month);
    return;
  }
  const std::size_t first = add_agents(static_cast<std::size_t>(n));
  std::size_t i = first;
  for (const auto& [batch, born_ay, path, count] : month) {
    for (std::int64_t k = 0; k < count; ++k, ++i) {
      batch_[i] = static_cast<std::uint16_t>(batch);
      // The month of birth and the sex do not change the chance of being identified: drawn now.
      const auto born = birth_and_sex(rng_->uniform(id_[i], now.index(), kStreamSynthesis), params_.population.male_share);
      birth_[i] = encode(Month(born_ay, 9) + born.month_offset);
      setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
      need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
      flags_[i] = born.male ? kMale : 0;
      sixth_form_[i] = static_cast<std::uint8_t>(path);
      status_[i] = static_cast<std::uint8_t>(SenStatus::None);
      event_[i] = encode(now);  // visited this month, as the hazard-driven event of a pupil without SEN
      set_wake(i);
    }
  }
  std::vector<Waiting>().swap(month);
}

SendModel::SupportCohort& SendModel::support_cohort(int born_ay, std::uint16_t batch) {
  for (auto& c : support_)
    if (c.born_ay == born_ay) return c;
  support_.push_back({born_ay, batch, {}, {}});
  return support_.back();
}

void SendModel::add_on_support(int born_ay, std::uint16_t batch, std::int64_t n, engine::UniformSequence& draws) {
  if (n <= 0) return;
  const std::int64_t male = male_(n, draws);
  auto& c = support_cohort(born_ay, batch);
  c.on_support[0] += n - male;
  c.on_support[1] += male;
}

// One month of the counted pupils on SEN Support and of those who left it, from their numbers at
// the start of the month: the law of the agents' own (schedule, process). On SEN Support, leaving
// it and asking are competing risks: some event happens in a month with chance 1 - (1 - e)(1 - r)
// (e, r the month's probabilities of each, r the highest age band's), and it is an exit with
// chance e / (e + r), else a request at the cohort's band's share of r (thinning). A pupil who
// left is identified again with the month's identification chance. Those who move this month move
// no further until the next (an agent's next event is drawn from the month after).
void SendModel::step_support(Month now) {
  if (support_.empty()) return;
  engine::UniformSequence draws(*rng_, kGroupAddress, now.index(), kStreamSupport);
  const double exit = rates_.support_ends;
  // Every cohort draws with the same few chances (by sex, and for a request by age band): their
  // laws are set up once for the month (engine::Binomial).
  std::array<double, 2> p_exit{};
  std::array<engine::Binomial, 2> exits_law;
  std::array<std::array<engine::Binomial, 4>, 2> asks_law;
  for (int male = 0; male < 2; ++male) {
    const double request = male ? rates_.request_male : rates_.request_female;
    const double competing = exit + request;
    const double any = 1.0 - (1.0 - exit) * (1.0 - request);
    p_exit[male] = competing > 0.0 ? any * exit / competing : 0.0;
    exits_law[male] = engine::Binomial(p_exit[male]);
    for (std::size_t band = 0; band < asks_law[male].size(); ++band) {
      const double p_ask = competing > 0.0 ? any * request / competing * request_age_shares_[band] : 0.0;
      if (p_exit[male] < 1.0) asks_law[male][band] = engine::Binomial(p_ask / (1.0 - p_exit[male]));
    }
  }
  const engine::Binomial again_law(monthly_probability(params_.sen_support.identification.at(now.year())));
  Tally& tally = pending_;
  for (SupportCohort& c : support_) {
    const int yg = now.academic_year() - c.born_ay - 5;
    const auto band = static_cast<std::size_t>(std::min(3, age_band(yg + 4)));
    for (int male = 0; male < 2; ++male) {
      const std::int64_t n = c.on_support[male];
      const std::int64_t exits = exits_law[male](n, draws);
      const std::int64_t asks = p_exit[male] < 1.0 ? asks_law[male][band](n - exits, draws) : 0;
      const std::int64_t again = again_law(c.after_support[male], draws);
      c.on_support[male] += again - exits - asks;
      c.after_support[male] += exits - again;
      tally.flows.support_ended += exits;
      tally.flows.status_out[static_cast<int>(SenStatus::SenSupport)] += exits;
      tally.flows.status_in[static_cast<int>(SenStatus::None)] += exits;
      tally.flows.identified += again;
      tally.flows.status_out[static_cast<int>(SenStatus::None)] += again;
      tally.flows.status_in[static_cast<int>(SenStatus::SenSupport)] += again;
      make_requesting(c, male == 1, asks, now);  // on_request counts them out of SEN Support
    }
  }
}

void SendModel::make_requesting(const SupportCohort& c, bool male, std::int64_t n, Month now) {
  if (n <= 0) return;
  const auto& pop = params_.population;
  const int yg = now.academic_year() - c.born_ay - 5;
  const std::size_t first = add_agents(static_cast<std::size_t>(n));
  for (std::size_t i = first; i < first + static_cast<std::size_t>(n); ++i) {
    // The month of birth does not change the hazards, and the sixth-form path is drawn from the
    // years the pupil has left (it is still at school): both drawn now.
    const auto u = rng_->uniforms(id_[i], now.index(), kStreamSynthesis);
    batch_[i] = c.batch;
    birth_[i] = encode(Month(c.born_ay, 9) + std::min(11, static_cast<int>(u[0] * 12)));
    setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
    flags_[i] = male ? kMale : 0;
    sixth_form_[i] = yg >= 13 ? 3 : sixth_form_path(pop, u[1], yg == 12);
    status_[i] = static_cast<std::uint8_t>(SenStatus::SenSupport);
    on_request(i, now, pending_);
    set_wake(i);
  }
}

void SendModel::support_leavers(Month now) {
  const auto& pop = params_.population;
  engine::UniformSequence draws(*rng_, kGroupAddress + 17u, now.index(), kStreamSupport);
  Tally& tally = pending_;
  for (auto& c : support_) {
    // The chance that a pupil still at school leaves at the start of this year group: the share of
    // the year before's pupils whose path ends now (sixth_form_shares; on_september removes an
    // agent whose path ends).
    const int yg = now.academic_year() - c.born_ay - 5;
    const double leave = yg >= 14 ? 1.0 : yg >= 12 ? sixth_form_shares(pop, yg - 1)[static_cast<std::size_t>(yg - 12)] : 0.0;
    if (leave <= 0.0) continue;
    for (int male = 0; male < 2; ++male) {
      const std::int64_t on = engine::binomial_variate(c.on_support[male], leave, draws);
      const std::int64_t after = engine::binomial_variate(c.after_support[male], leave, draws);
      c.on_support[male] -= on;
      c.after_support[male] -= after;
      tally.flows.departures += on + after;
      tally.flows.status_out[static_cast<int>(SenStatus::SenSupport)] += on;
      tally.flows.status_out[static_cast<int>(SenStatus::None)] += after;
      departed_since_compaction_ -= on + after;  // they leave no dead slot (end_month adds departures)
    }
  }
  std::erase_if(support_, [&](const SupportCohort& c) { return now.academic_year() - c.born_ay - 5 >= 14; });
}

std::pair<std::int64_t, std::int64_t> SendModel::support_totals() const {
  std::int64_t on = 0, after = 0;
  for (const auto& c : support_) {
    on += c.on_support[0] + c.on_support[1];
    after += c.after_support[0] + c.after_support[1];
  }
  return {on, after};
}

void SendModel::count_support(Month now, std::int64_t on_support, std::int64_t after_support, Census& c) const {
  c.by_status[static_cast<int>(SenStatus::SenSupport)] += on_support;
  c.by_status[static_cast<int>(SenStatus::None)] += after_support;
  c.pupils += on_support + after_support;
  c.sen_support += on_support;
  // rng_ is set by synthesise, before which there are no counts.
  if (const std::uint32_t threshold = isp_threshold(now); threshold > 0 && on_support > 0 && rng_) {
    engine::UniformSequence draws(*rng_, kGroupAddress + 16u, now.index(), kStreamSupport);
    c.isps += engine::binomial_variate(on_support, threshold / 1000.0, draws);
  }
}

const YearTally* SendModel::year(int calendar_year) const {
  for (const auto& y : years_)
    if (y.year == calendar_year) return &y;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Population synthesis: the state of the start's January from the published totals.

namespace {

// Iterative proportional fitting of a joint table to two margins, with structural zeros.
template <std::size_t R, std::size_t C>
std::array<std::array<double, C>, R> fit_two_margins(const std::array<double, R>& rows,
                                                     const std::array<double, C>& cols,
                                                     const std::array<std::array<bool, C>, R>& allowed) {
  std::array<std::array<double, C>, R> t{};
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < C; ++c) t[r][c] = allowed[r][c] ? 1.0 : 0.0;
  for (int iteration = 0; iteration < 500; ++iteration) {
    for (std::size_t r = 0; r < R; ++r) {
      double sum = 0;
      for (double v : t[r]) sum += v;
      if (sum > 0)
        for (auto& v : t[r]) v *= rows[r] / sum;
    }
    for (std::size_t c = 0; c < C; ++c) {
      double sum = 0;
      for (std::size_t r = 0; r < R; ++r) sum += t[r][c];
      if (sum > 0)
        for (std::size_t r = 0; r < R; ++r) t[r][c] *= cols[c] / sum;
    }
  }
  return t;
}

// Whole numbers that add up to the rounded total (largest remainder).
std::vector<std::int64_t> round_preserving_total(const std::vector<double>& x) {
  std::vector<std::int64_t> out(x.size());
  double total = 0;
  std::int64_t assigned = 0;
  std::vector<std::pair<double, std::size_t>> remainders;
  for (std::size_t k = 0; k < x.size(); ++k) {
    total += x[k];
    out[k] = static_cast<std::int64_t>(std::floor(x[k]));
    assigned += out[k];
    remainders.emplace_back(x[k] - std::floor(x[k]), k);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  const auto target = static_cast<std::int64_t>(std::llround(total));
  for (std::size_t k = 0; assigned < target && k < remainders.size(); ++k, ++assigned)
    ++out[remainders[k].second];
  return out;
}

// Whole numbers for a joint table that meet both margins exactly (controlled rounding): the
// fitted cells rounded down, then the units each row and column still lacks given to allowed
// cells by largest remainder; where no allowed cell lacks in both its row and its column, one
// unit is moved along a path of three allowed cells. Each LA's January caseload by age and by
// placement is then reproduced exactly (issue: every LA starts from its own published state).
template <std::size_t R, std::size_t C>
std::array<std::array<std::int64_t, C>, R> round_to_margins(const std::array<std::array<double, C>, R>& t,
                                                           const std::array<std::int64_t, R>& rows,
                                                           const std::array<std::int64_t, C>& cols,
                                                           const std::array<std::array<bool, C>, R>& allowed) {
  std::array<std::array<std::int64_t, C>, R> n{};
  std::array<std::int64_t, R> dr = rows;
  std::array<std::int64_t, C> dc = cols;
  for (std::size_t r = 0; r < R; ++r)
    for (std::size_t c = 0; c < C; ++c) {
      n[r][c] = allowed[r][c] ? static_cast<std::int64_t>(std::floor(t[r][c] + 1e-9)) : 0;
      n[r][c] = std::max<std::int64_t>(0, std::min({n[r][c], dr[r], dc[c]}));
      dr[r] -= n[r][c];
      dc[c] -= n[r][c];
    }
  for (;;) {
    std::size_t br = R, bc = C;
    double best = -1;
    for (std::size_t r = 0; r < R; ++r)
      for (std::size_t c = 0; c < C; ++c)
        if (allowed[r][c] && dr[r] > 0 && dc[c] > 0) {
          const double remainder = t[r][c] - static_cast<double>(n[r][c]);
          if (remainder > best) best = remainder, br = r, bc = c;
        }
    if (br < R) {
      ++n[br][bc], --dr[br], --dc[bc];
      continue;
    }
    std::size_t r0 = R, c0 = C;
    for (std::size_t r = 0; r < R && r0 == R; ++r)
      if (dr[r] > 0) r0 = r;
    for (std::size_t c = 0; c < C && c0 == C; ++c)
      if (dc[c] > 0) c0 = c;
    if (r0 == R || c0 == C) break;  // both margins met
    // Row r0 and column c0 lack a unit but (r0, c0) is not allowed: move one from (r1, c1) so that
    // (r0, c1) and (r1, c0) gain one each.
    bool moved = false;
    for (std::size_t r1 = 0; r1 < R && !moved; ++r1)
      for (std::size_t c1 = 0; c1 < C && !moved; ++c1)
        if (n[r1][c1] > 0 && allowed[r0][c1] && allowed[r1][c0]) {
          --n[r1][c1], ++n[r0][c1], ++n[r1][c0];
          --dr[r0], --dc[c0];
          moved = true;
        }
    if (!moved) throw std::invalid_argument("the plans by age and by placement cannot be met together");
  }
  return n;
}

// The age bands x settings a plan can be in. Strict: an age band's settings are those its ages
// can be in as SEN2 reported most LAs' (early years under 5 only, FE from 16, AP at school ages,
// 20-25 year olds in other settings only). Relaxed, for an LA whose published margins break those:
// five-year-olds in early years settings, 14-15 year olds in FE colleges, and young people of
// 20-25 in FE, specialist post-16 institutions and schools (as SEN2 counts them from 2019).
std::array<std::array<bool, kSettingCount>, kAgeBandCount> allowed_cells(bool relaxed) {
  std::array<std::array<bool, kSettingCount>, kAgeBandCount> allowed{};
  for (int b = 0; b < kAgeBandCount; ++b)
    for (int s = 0; s < kSettingCount; ++s) {
      const auto setting = static_cast<Setting>(s);
      bool ok = true;
      if (setting == Setting::EarlyYears) ok = b == 0 || (relaxed && b == 1);
      else if (setting == Setting::FurtherEducation) ok = b >= 3 || (relaxed && b == 2);
      else if (setting == Setting::AlternativeProvision) ok = b >= 1 && b <= 3;
      else if (b == 4)
        ok = setting == Setting::Other ||
             (relaxed && (setting == Setting::StateSpecial || setting == Setting::IndependentSpecial || setting == Setting::Mainstream));
      allowed[b][s] = ok;
    }
  return allowed;
}

// The plans of the start's January by age band x setting (row-major), in whole agents at `scale`,
// fitted to both SEN2 margins, under the strict cells where the margins can be met so, else the
// relaxed ones.
std::vector<std::int64_t> plans_by_band_and_setting(const PlanStockParams& st, double scale) {
  // An LA's own joint table is the start's, in whole agents at `scale` (at scale 1 the table itself).
  if (!st.by_band_and_setting.empty()) {
    std::vector<double> cells = st.by_band_and_setting;
    for (double& c : cells) c *= scale;
    return round_preserving_total(cells);
  }
  std::array<double, kAgeBandCount> rows{};
  std::array<double, kSettingCount> cols{};
  for (int b = 0; b < kAgeBandCount; ++b) rows[b] = st.by_age_band[b] * scale;
  for (int s = 0; s < kSettingCount; ++s) cols[s] = st.by_setting[s] * scale;
  // The margins in whole agents (at scale 1, the published counts themselves).
  const auto whole_rows = round_preserving_total(std::vector<double>(rows.begin(), rows.end()));
  const auto whole_cols = round_preserving_total(std::vector<double>(cols.begin(), cols.end()));
  std::array<std::int64_t, kAgeBandCount> row_n{};
  std::array<std::int64_t, kSettingCount> col_n{};
  std::copy(whole_rows.begin(), whole_rows.end(), row_n.begin());
  std::copy(whole_cols.begin(), whole_cols.end(), col_n.begin());
  std::array<std::array<std::int64_t, kSettingCount>, kAgeBandCount> counts_table{};
  for (const bool relaxed : {false, true}) {
    const auto allowed = allowed_cells(relaxed);
    try {
      counts_table = round_to_margins(fit_two_margins(rows, cols, allowed), row_n, col_n, allowed);
      break;
    } catch (const std::invalid_argument&) {
      if (relaxed) throw;
    }
  }
  std::vector<std::int64_t> counts;
  for (const auto& row : counts_table) counts.insert(counts.end(), row.begin(), row.end());
  return counts;
}

}  // namespace

bool plan_margins_fit(const PlanStockParams& stock) {
  try {
    plans_by_band_and_setting(stock, 1.0);
    return true;
  } catch (const std::invalid_argument&) {
    return false;
  }
}

namespace {

// The needs of each setting's plans at the start: an LA's own by setting (`la --local` rows), else
// the stock's shares.
std::array<ShareChoice<14>, kSettingCount> need_choices_by_setting(const PlanStockParams& st) {
  std::array<ShareChoice<14>, kSettingCount> out{};
  for (int s = 0; s < kSettingCount; ++s) {
    const auto& own = st.need_shares_by_setting[s];
    out[s] = ShareChoice<14>(std::accumulate(own.begin(), own.end(), 0.0) > 0 ? own : st.need_shares);
  }
  return out;
}

}  // namespace

bool plan_cell_possible(int age_band, Setting setting) {
  return age_band >= 0 && age_band < kAgeBandCount && allowed_cells(true)[age_band][static_cast<std::size_t>(setting)];
}

void SendModel::synthesise(Month start, const engine::RandomStreams& rng) {
  if (!start.is_census_month()) throw std::invalid_argument("the population is synthesised for a January");
  rng_ = &rng;
  const auto& pop = params_.population;
  const auto& st = params_.stock;
  const double scale = options_.scale;
  const int academic_year = start.academic_year();  // January Y is in academic year Y-1 to Y
  const double male_plan_share = pop.male_share * params_.requests.male_relative_rate /
      (pop.male_share * params_.requests.male_relative_rate + 1.0 - pop.male_share);

  // 1. Plans by age band x setting, fitted to both SEN2 margins.
  const std::vector<std::int64_t> counts = plans_by_band_and_setting(st, scale);

  // Ages within a band (age on 31 August): weights for the two uneven bands and, ungrouped from a
  // later January's bands (model::ungroup_ages), for 20-25; uniform otherwise.
  const ShareChoice under_five(st.under_five_age_weights);
  const ShareChoice age_16_19(st.age_16_19_weights);
  const ShareChoice age_20_25(st.age_20_25_weights);
  auto age_in_band = [&](int band, double u) {
    switch (band) {
      case 0: return under_five(u);
      case 1: return 5 + std::min(5, static_cast<int>(u * 6));
      case 2: return 11 + std::min(4, static_cast<int>(u * 5));
      case 3: return 16 + age_16_19(u);
      default: return st.ages_from_bands ? 20 + age_20_25(u) : 20 + std::min(5, static_cast<int>(u * 6));
    }
  };
  auto birth_for_age = [&](int age, double u) {
    // Born in the academic cohort that is `age` on 31 August before `academic_year`.
    const int cohort = academic_year - age - 1;  // year_group = AY - cohort - 5 = age - 4
    return Month(cohort, 9) + std::min(11, static_cast<int>(u * 12));
  };

  const auto need_of = need_choices_by_setting(st);
  const double cohort_size = pop.pupils * scale / (12.0 + pop.share_y12 + pop.share_y13);
  std::array<double, 14> plan_pupils_by_year_group{};
  std::int64_t state_special = 0, independent_special = 0;
  const Month now = start;
  for (int b = 0; b < kAgeBandCount; ++b)
    for (int s = 0; s < kSettingCount; ++s) {
      const std::int64_t n = counts[b * kSettingCount + s];
      const std::size_t first = add_agents(static_cast<std::size_t>(n));
      for (std::size_t i = first; i < first + n; ++i) {
        const auto u = rng.uniforms(id_[i], now.index(), kStreamSynthesis);
        const int age = age_in_band(b, u[0]);
        birth_[i] = encode(birth_for_age(age, u[1]));
        status_[i] = static_cast<std::uint8_t>(SenStatus::Plan);
        setting_[i] = static_cast<std::uint8_t>(s);
        need_[i] = static_cast<std::uint8_t>(need_of[s](u[2]));
        flags_[i] = u[3] < male_plan_share ? kMale : 0;
        // Reviews fall due through the year: spread the next review over twelve months.
        const Month next_review = now + 1 + std::min(11, static_cast<int>(u[1] * 12));
        const auto u_review = rng.uniforms(id_[i], now.index(), kStreamReview);  // [0] as rng.uniform's
        review_[i] = next_eventful_review(i, next_review, u_review[0]);
        seed_pending_appeal(i, now, next_review, u_review);
        const int yg = age - 4;
        if (is_school(static_cast<Setting>(s)) && yg >= 0 && yg < 14) plan_pupils_by_year_group[yg] += 1;
        if (static_cast<Setting>(s) == Setting::StateSpecial) ++state_special;
        if (static_cast<Setting>(s) == Setting::IndependentSpecial) ++independent_special;
      }
    }

  const std::size_t plan_holders = population_.size();  // the pupils below are scheduled as they are made

  // 2. Pupils without a plan, by year group: flat cohorts, sixth forms at their staying shares.
  const auto& ss = params_.sen_support;
  const double i_rate = ss.identification.at(start.year());
  const double e_rate = ss.exit;
  const double p_eq = i_rate / (i_rate + e_rate);
  std::vector<double> non_plan(14), ss_weight(14);
  for (int yg = 0; yg < 14; ++yg) {
    const double share = yg < 12 ? 1.0 : (yg == 12 ? pop.share_y12 : pop.share_y13);
    non_plan[yg] = std::max(0.0, cohort_size * share - plan_pupils_by_year_group[yg]);
    // SEN Support prevalence rises from the share identified at entry towards the equilibrium
    // of identification and exit: p(yg) = p_eq - (p_eq - p0)(1 - i - e)^(yg + 1/2).
    const double prevalence = p_eq - (p_eq - ss.identified_at_entry) * std::pow(1.0 - i_rate - e_rate, yg + 0.5);
    ss_weight[yg] = non_plan[yg] * prevalence;
  }
  const double ss_total = pop.sen_support * scale;
  const double ss_sum = std::accumulate(ss_weight.begin(), ss_weight.end(), 0.0);
  std::vector<double> ss_target(14);
  for (int yg = 0; yg < 14; ++yg) ss_target[yg] = std::min(non_plan[yg], ss_weight[yg] * ss_total / ss_sum);
  const auto non_plan_n = round_preserving_total(non_plan);
  const auto ss_n = round_preserving_total(ss_target);
  // Requests already under way at the start: SEN Support pupils who asked in the last months.
  const double request_annual = params_.requests.rate.at(start.year());
  for (int yg = 0; yg < 14; ++yg) {
    const int born_ay = birth_for_age(yg + 4, 0.0).academic_year();
    add_year_group(yg, born_ay, non_plan_n[yg], std::min(ss_n[yg], non_plan_n[yg]), now, request_annual);
  }
  seed_early_years_requests(start, rng);
  special_places_ = std::isnan(params_.capacity.initial_places)
                        ? static_cast<double>(state_special) * (1.0 + params_.capacity.initial_slack)
                        : params_.capacity.initial_places * scale;
  state_special_occupied_ = state_special;
  independent_special_occupied_ = independent_special;
  independent_places_ = std::isnan(params_.capacity.independent_growth)
                            ? std::numeric_limits<double>::infinity()
                            : static_cast<double>(independent_special) * (1.0 + params_.capacity.initial_slack);
  // Room for the arrivals until compaction makes space again (a fifth of the store may be left
  // dead, plus a year of intake): growing the store later would copy it all.
  population_.reserve(population_.size() * 13 / 10);
  count_over(0, plan_holders, [&](std::size_t i) {
    schedule(i, start, true);
    return false;
  });
}

// Step 2 of the synthesis for one year group: `pupils` without a plan, born in academic year
// `born_ay`, the first `supported` of them on SEN Support (some with a request under way). The
// pupils on SEN Support are agents; those without SEN are counted until they are identified
// (add_without_sen).
void SendModel::add_year_group(int yg, int born_ay, std::int64_t pupils, std::int64_t supported, Month now,
                               double request_annual) {
  const auto& pop = params_.population;
  ++arriving_batch_;
  engine::UniformSequence draws(*rng_, kGroupAddress + static_cast<std::uint32_t>(yg), now.index(), kStreamCounts);
  add_without_sen(pupils - supported, born_ay, sixth_form_shares(pop, yg), now, draws);
  // The chance that a pupil on SEN Support asked in one of the last kResumeMonths months.
  const double asked_share = request_annual * kResumeMonths / 12.0 *
                             params_.requests.age_relative[static_cast<std::size_t>(std::min(3, age_band(yg + 4)))];
  if (options_.support_as_counts) {
    add_supported_counts(yg, born_ay, supported, asked_share, now, draws);
    return;
  }
  const auto n = static_cast<std::size_t>(supported);
  const std::size_t first = add_agents(n);
  // Ids were given in order above; each pupil is then set up on its own, chunks in parallel.
  count_over(first, first + n, [&](std::size_t i) {
    const auto u = rng_->uniforms(id_[i], now.index(), kStreamSynthesis);
    birth_[i] = encode(Month(born_ay, 9) + std::min(11, static_cast<int>(u[1] * 12)));
    setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    flags_[i] = birth_and_sex(u[1], pop.male_share).male ? kMale : 0;
    need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
    sixth_form_[i] = yg >= 13 ? 3 : sixth_form_path(pop, u[3], yg == 12);
    status_[i] = static_cast<std::uint8_t>(SenStatus::SenSupport);
    // Asked in one of those months (u[0] below the chance, uniform under it, gives the month).
    if (u[0] < asked_share)
      resume_request(i, now - (1 + std::min(kResumeMonths - 1, static_cast<int>(u[0] / asked_share * kResumeMonths))), now, *rng_);
    schedule(i, now, true, u[2]);  // u[2] is read above only by a request, which needs no wake draw
    return false;
  });
}

// The `supported` pupils of year group `yg` on SEN Support at the start, as counts: how many asked
// in the last kResumeMonths months (chance `asked_share`) is drawn for the group, and each of them
// is made an agent whose request resumes (resume_request, in a month spread evenly over those);
// one whose request ended before the start is on SEN Support again, and joins the counts.
void SendModel::add_supported_counts(int yg, int born_ay, std::int64_t supported, double asked_share, Month now,
                                     engine::UniformSequence& draws) {
  const auto& pop = params_.population;
  const std::int64_t asked = engine::binomial_variate(supported, asked_share, draws);
  add_on_support(born_ay, arriving_batch_, supported - asked, draws);
  const std::size_t first = add_agents(static_cast<std::size_t>(asked));
  std::array<std::int64_t, 2> ended{};  // by sex
  for (std::size_t i = first; i < first + static_cast<std::size_t>(asked); ++i) {
    const auto u = rng_->uniforms(id_[i], now.index(), kStreamSynthesis);
    birth_[i] = encode(Month(born_ay, 9) + std::min(11, static_cast<int>(u[1] * 12)));
    setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    const bool male = u[2] < pop.male_share;
    flags_[i] = male ? kMale : 0;
    need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
    sixth_form_[i] = yg >= 13 ? 3 : sixth_form_path(pop, u[3], yg == 12);
    status_[i] = static_cast<std::uint8_t>(SenStatus::SenSupport);
    const Month asked_in = now - (1 + std::min(kResumeMonths - 1, static_cast<int>(u[0] * kResumeMonths)));
    if (resume_request(i, asked_in, now, *rng_)) {
      schedule(i, now, true);
    } else {
      ++ended[male ? 1 : 0];
      remove_before_start(i);
    }
  }
  auto& c = support_cohort(born_ay, arriving_batch_);
  c.on_support[0] += ended[0];
  c.on_support[1] += ended[1];
}

// Requests under way at the start for children not yet at school (aged 2-3 on 31 August when they
// asked), made in the last kResumeMonths months at the rate begin_month makes them month by month
// and still under way at the start (resume_request; the others are dropped): without them a run's
// first year issued a third fewer plans to children under 5 than its second.
void SendModel::seed_early_years_requests(Month start, const engine::RandomStreams& rng) {
  const auto& p = params_;
  const double cohort = p.population.intake_in(start.year()) * options_.scale;
  const double mean = p.requests.early_years_rate.at(start.year()) * 2.0 * cohort / 12.0 * kResumeMonths;
  // Addressed apart from begin_month's arrivals (0xFFFFFFFF) of the same month.
  const std::uint32_t n = rng.poisson(mean, 0xFFFFFFFEu, start.index(), kStreamArrivals);
  const double m = p.requests.male_relative_rate;
  const double m_share = p.population.male_share * m / (p.population.male_share * m + 1.0 - p.population.male_share);
  ++arriving_batch_;
  const std::size_t first = add_agents(n);
  for (std::size_t i = first; i < first + n; ++i) {
    const auto u = rng.uniforms(id_[i], start.index(), kStreamSynthesis);
    const Month asked = start - (1 + std::min(kResumeMonths - 1, static_cast<int>(u[3] * kResumeMonths)));
    make_early_years_child(i, asked.academic_year(), u, m_share);
    if (resume_request(i, asked, start, rng)) schedule(i, start, true);
    else remove_before_start(i);
  }
}

// A child not yet at school who asks in `academic_year`: aged 2 on 31 August with the share
// requests.early_years_aged_two (u[0]), else 3; born in the month u[1] picks of that year group; a
// boy with `male_share` (u[2]); in early years, without SEN status until the request is made.
void SendModel::make_early_years_child(std::size_t i, int academic_year, const std::array<double, 4>& u, double male_share) {
  const int yg = u[0] < params_.requests.early_years_aged_two ? -2 : -1;
  birth_[i] = encode(Month(academic_year - 5 - yg, 9) + std::min(11, static_cast<int>(u[1] * 12)));
  setting_[i] = static_cast<std::uint8_t>(Setting::EarlyYears);
  need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
  flags_[i] = u[2] < male_share ? kMale : 0;
  status_[i] = static_cast<std::uint8_t>(SenStatus::None);
}

// A child made for a request that had ended before the start: gone before the run begins.
void SendModel::remove_before_start(std::size_t i) {
  flags_[i] = kDead;
  wake_[i] = kFar;
  ++departed_since_compaction_;
}

// A request made in month `asked` before `start`, at the state it has reached by then, as the
// months the model would have run would have left it (the same path draw_path gives the request):
// false if it ended before the start (refused, withdrawn, or the assessment decided, its plan then
// in the published stock), else the agent waits for its decision or for the assessment's end.
bool SendModel::resume_request(std::size_t i, Month asked, Month start, const engine::RandomStreams& rng) {
  const auto path = draw_path(params_, rng, id_[i], asked);
  const Month decided = asked + path.decision_months;
  const bool assessed = !path.withdrawn && !path.refused;
  if (decided < start && (!assessed || Month::of(path.outcome_date) < start)) return false;
  request_[i] = encode(asked);
  if (decided >= start) {
    status_[i] = static_cast<std::uint8_t>(SenStatus::Requested);
    event_[i] = encode(decided);
    review_[i] = keep_decision(path);
  } else {
    status_[i] = static_cast<std::uint8_t>(SenStatus::Assessing);
    event_[i] = encode(std::max(start, Month::of(path.outcome_date)));
    if (path.exception) flags_[i] |= kException;
    review_[i] = keep_outcome(path);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// One month.

template <class Visit>
std::size_t SendModel::count_over(std::size_t first, std::size_t last, Visit&& visit) {
  // Agents are independent here, so the chunk size changes nothing but the split of the work.
  constexpr std::size_t kChunk = 1 << 14;
  const std::size_t chunks = (last - first + kChunk - 1) / kChunk;
  std::vector<std::size_t> counts(chunks);
  engine::parallel_for_chunks(chunks, options_.threads, [&](std::size_t c) {
    std::size_t k = 0;
    for (std::size_t i = first + c * kChunk; i < std::min(last, first + (c + 1) * kChunk); ++i) k += visit(i) ? 1 : 0;
    counts[c] = k;
  });
  return std::accumulate(counts.begin(), counts.end(), std::size_t{0});
}

void SendModel::begin_month(const engine::MonthContext& ctx) {
  const Month now = ctx.month;
  const int year = now.year();
  const auto& p = params_;
  rng_ = ctx.rng;
  rates_.support_ends = monthly_probability(p.sen_support.exit);
  const double request = p.requests.rate.at(year);
  const double m = p.requests.male_relative_rate, ms = p.population.male_share;
  rates_.request_male = monthly_probability(request * request_age_top_ * m / (ms * m + 1.0 - ms));
  rates_.request_female = monthly_probability(request * request_age_top_ / (ms * m + 1.0 - ms));
  rates_.to_special = monthly_probability(p.placement.mainstream_to_special);
  rates_.to_mainstream = monthly_probability(p.placement.special_to_mainstream);
  rates_.appeal = p.appeals.rate.at(year);
  special_places_ *= std::pow(1.0 + p.capacity.growth, 1.0 / 12.0);
  special_places_ += p.capacity.added.amount_at(year, 0.0) / 12.0 * options_.scale;  // a scenario's new places
  special_places_ = std::max(special_places_, 0.0);
  if (!std::isnan(p.capacity.independent_growth)) independent_places_ *= std::pow(1.0 + p.capacity.independent_growth, 1.0 / 12.0);
  // New school-age plans: a scenario's inclusion lever moves part of the special share to
  // mainstream, and its independent-placement rule part of the direct independent share to a
  // state place first.
  {
    std::array<double, 9> sh = p.placement.school;
    const double special = p.placement.special_effect.at(year), direct = p.placement.independent_direct_effect.at(year);
    const double independent = sh[kPlIndependentSpecial] * special;
    sh[kPlIndependentSpecial] = independent * direct;
    sh[kPlSpecial] = sh[kPlSpecial] * special + independent * (1.0 - direct);
    sh[kPlMainstream] += (p.placement.school[kPlSpecial] + p.placement.school[kPlIndependentSpecial]) * (1.0 - special);
    for (double& x : sh) x = std::max(x, 0.0);
    rates_.school_choice = ShareChoice<9>(sh);
  }
  rates_.moves_go_ahead = std::clamp(p.placement.move_to_special_effect.at(year), 0.0, 1.0);
  rates_.upheld = std::min(1.0, p.appeals.upheld_in(year));
  const auto& reform = p.reform;
  rates_.eligible = {std::clamp(reform.package_eligibility.amount_at(year, 1.0), 0.0, 1.0),
                     std::clamp(reform.other_eligibility.amount_at(year, 1.0), 0.0, 1.0)};
  rates_.reassessed = std::clamp(reform.reassessed_to_isp.amount_at(year, 0.0), 0.0, 1.0);
  rates_.names_school = std::clamp(reform.tribunal_names_school.amount_at(year, 1.0), 0.0, 1.0);
  pending_ = Tally{};
  counted_at_census_ = counted_;  // the January census is the state at the start of the month
  std::tie(support_at_census_, after_support_at_census_) = support_totals();

  if (now.is_census_month()) {
    // Once a year, drop the agents that have left (stable, so agent order stays deterministic),
    // the columns in parallel.
    // Dead agents cost a skipped slot; compact when they are a fifth of the store. Their number
    // is known from the departures counted since the last compaction.
    if (departed_since_compaction_ * 5 > static_cast<std::int64_t>(population_.size())) {
      std::vector<std::uint8_t> keep(population_.size());
      count_over(0, population_.size(), [&](std::size_t i) { return keep[i] = (flags_[i] & kDead) == 0; });
      population_.compact(keep, [&](std::size_t n, const std::function<void(std::size_t)>& f) {
        engine::parallel_for_chunks(n, options_.threads, f);
      });
      // The waiting keep their order under their new indices; those who left wait no longer.
      if (!place_waiting_.empty()) {
        std::vector<std::uint32_t> new_index(keep.size());
        std::uint32_t next = 0;
        for (std::size_t i = 0; i < keep.size(); ++i) new_index[i] = keep[i] ? next++ : 0;
        std::size_t out = 0;
        for (const Waiter& w : place_waiting_)
          if (keep[w.wanted & 0x7FFFFFFFu])
            place_waiting_[out++] = {new_index[w.wanted & 0x7FFFFFFFu] | (w.wanted & 0x80000000u), w.since};
        place_waiting_.resize(out);
      }
      departed_since_compaction_ = 0;
    }
  }

  // Agents appended from here on arrive this month: the January census leaves them to the flows.
  first_index_this_month_ = population_.size();

  if (now.starts_academic_year()) start_school_year(ctx);
  // The counted pupils on SEN Support move before those identified this month join them.
  step_support(now);
  make_identified(now);

  // Requests for children not yet at school (aged 2-3 on 31 August), who are not otherwise agents:
  // they arrive as requests.
  const double cohort = p.population.intake_in(now.year()) * options_.scale;
  const double mean = p.requests.early_years_rate.at(year) * 2.0 * cohort / 12.0;
  const std::uint32_t n = ctx.rng->poisson(mean, 0xFFFFFFFFu, now.index(), kStreamArrivals);
  ++arriving_batch_;
  const std::size_t first = add_agents(n);
  const double m_share = p.population.male_share * m / (p.population.male_share * m + 1.0 - p.population.male_share);
  for (std::size_t i = first; i < first + n; ++i) {
    const auto u = ctx.rng->uniforms(id_[i], now.index(), kStreamSynthesis);
    make_early_years_child(i, now.academic_year(), u, m_share);
    ++pending_.flows.status_in[static_cast<int>(SenStatus::None)];
    on_request(i, now, pending_);
    schedule(i, now, true);
  }
  pending_.flows.arrivals += n;
}

// September, a new academic year, before any agent moves: the counted pupils whose sixth-form
// path ends leave school, and the reception intake arrives.
void SendModel::start_school_year(const engine::MonthContext& ctx) {
  const Month now = ctx.month;
  const auto& p = params_;
  // The counted pupils whose path ends this September leave school without SEN (as on_september
  // removes an agent: a departure out of no SEN). They were never agents, so they leave no dead
  // slot for compaction.
  auto& leavers = counted_leaving_[static_cast<std::size_t>(now.academic_year() - kEpochYear)];
  counted_ -= leavers;
  pending_.flows.departures += leavers;
  pending_.flows.status_out[static_cast<int>(SenStatus::None)] += leavers;
  departed_since_compaction_ -= leavers;  // end_month adds the month's departures
  leavers = 0;
  support_leavers(now);

  // The reception intake: children starting school this September who are not already known
  // to the model (children with plans from early years join it).
  // Born September (AY - 5) to August (AY - 4): year group 0.
  const std::int16_t born_from = encode(Month(now.academic_year() - 5, 9));
  std::int64_t already = 0;
  {
    // One branch-free pass over two columns (the compiler vectorises it).
    const std::int16_t* birth = birth_.values.data();
    const std::uint8_t* flags = flags_.values.data();
    const std::size_t n = population_.size();
    for (std::size_t i = 0; i < n; ++i)
      already += (static_cast<std::uint16_t>(birth[i] - born_from) <= 11u) & ((flags[i] & kDead) == 0);
  }
  const double wanted = p.population.intake_in(now.year()) * options_.scale - static_cast<double>(already);
  const auto n = static_cast<std::int64_t>(std::max<double>(0, std::llround(wanted)));
  // Those identified at entry are agents; the others are counted until they are identified
  // (add_without_sen).
  ++arriving_batch_;
  engine::UniformSequence draws(*ctx.rng, kGroupAddress + 14u, now.index(), kStreamCounts);
  const std::int64_t on_support = engine::binomial_variate(n, p.sen_support.identified_at_entry, draws);
  const int born_ay = now.year() - 5;
  add_without_sen(n - on_support, born_ay, sixth_form_shares(p.population, 0), now, draws);
  pending_.flows.status_in[static_cast<int>(SenStatus::SenSupport)] += on_support;
  pending_.flows.status_in[static_cast<int>(SenStatus::None)] += n - on_support;
  pending_.flows.arrivals += n;
  if (options_.support_as_counts) {
    add_on_support(born_ay, arriving_batch_, on_support, draws);
    return;
  }
  const auto agents = static_cast<std::size_t>(on_support);
  const std::size_t first = add_agents(agents);
  // Each new pupil is set up on its own (ids were given in order above), chunks in parallel.
  count_over(first, first + agents, [&](std::size_t i) {
    const auto u = ctx.rng->uniforms(id_[i], now.index(), kStreamSynthesis);
    const auto born = birth_and_sex(u[0], p.population.male_share);
    birth_[i] = encode(Month(born_ay, 9) + born.month_offset);
    setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    need_[i] = static_cast<std::uint8_t>(NeedType::NSA);
    flags_[i] = born.male ? kMale : 0;
    sixth_form_[i] = sixth_form_path(p.population, u[1], false);
    status_[i] = static_cast<std::uint8_t>(SenStatus::SenSupport);
    schedule(i, now, true, u[3]);  // the block's fourth lane times the first hazard-driven event
    return false;
  });
}

void SendModel::set_status(std::size_t i, SenStatus to, Tally& tally) {
  const auto from = static_cast<SenStatus>(status_[i]);
  if (from == to) return;
  ++tally.flows.status_out[static_cast<int>(from)];
  ++tally.flows.status_in[static_cast<int>(to)];
  status_[i] = static_cast<std::uint8_t>(to);
}

void SendModel::remove(std::size_t i, Tally& tally) {
  ++tally.flows.status_out[status_[i]];
  ++tally.flows.departures;
  flags_[i] = kDead;
  wake_[i] = kFar;
}

void SendModel::on_request(std::size_t i, Month now, Tally& tally) {
  set_status(i, SenStatus::Requested, tally);
  ++tally.flows.requests;
  ++tally.flows.requests_by_age_band[age_band(age_on_31_august(decode(birth_[i]), now))];
  request_[i] = encode(now);
  RequestPath path;
  draw_decision(params_, decision_draws(*rng_, id_[i], now), now, path);
  event_[i] = encode(now + path.decision_months);
  review_[i] = keep_decision(path);
}

// The LA decides whether to assess (SEND Regulations 2014, reg 5(1): within 6 weeks).
void SendModel::on_decision(std::size_t i, Month now, const std::array<double, 4>& u, Scratch& s) {
  const Month asked = decode(request_[i]);
  RequestPath path;
  if (review_[i] != kNever) kept_decision(review_[i], path);
  else draw_decision(params_, decision_draws(*rng_, id_[i], asked), asked, path);
  review_[i] = kNever;
  const bool in_school = is_school(static_cast<Setting>(setting_[i]));
  if (path.withdrawn || path.refused) {
    if (path.withdrawn) ++s.tally.flows.withdrawn;
    else ++s.tally.flows.refused_assessment;
    set_status(i, in_school ? SenStatus::SenSupport : SenStatus::None, s.tally);
    if (path.refused) consider_appeal(i, kAppealRefusalToAssess, now, u[2], s.tally);
    if (!in_school && (flags_[i] & kAppealMask) == 0) remove(i, s.tally);
    return;
  }
  draw_outcome(params_, *rng_, id_[i], asked, path);
  review_[i] = keep_outcome(path);
  set_status(i, SenStatus::Assessing, s.tally);
  ++s.tally.flows.assessments_started;
  ++s.tally.flows.assessments_by_age_band[age_band(age_on_31_august(decode(birth_[i]), now))];
  event_[i] = encode(std::max(now + 1, Month::of(path.outcome_date)));
  if (path.exception) flags_[i] |= kException;
}

// The assessment ends: a final plan (reg 13(2): within 20 weeks of the request) or a decision not
// to issue one (reg 10(1): within 16 weeks).
void SendModel::on_assessment_end(std::size_t i, Month now, const std::array<double, 4>& u, Scratch& s) {
  const Month asked = decode(request_[i]);
  const bool ordered = flags_[i] & kOrdered;
  RequestPath path;  // the decision's part is not read here
  if (!ordered && review_[i] != kNever) {
    kept_outcome(review_[i], asked, path);
    path.exception = flags_[i] & kException;
  } else {
    draw_decision(params_, decision_draws(*rng_, id_[i], asked), asked, path);
    draw_outcome(params_, *rng_, id_[i], asked, path);
  }
  review_[i] = kNever;  // a plan's first review is set below
  const bool in_school = is_school(static_cast<Setting>(setting_[i]));
  const int age = age_on_31_august(decode(birth_[i]), now);
  flags_[i] &= static_cast<std::uint8_t>(~(kOrdered | kException));
  // The primary need is that of the plan the assessment would lead to (the same draw as the plan's).
  const auto plan_u = rng_->uniforms(id_[i], now.index(), kStreamPlacement);
  const int need = new_need_(plan_u[0]);
  if (!ordered && path.issued && !meets_specialist_layer(i, need, now)) {
    // White Paper: no Specialist Provision Package fits; the pupil's support is an ISP. The
    // decision can be appealed (package eligibility stays a Tribunal matter).
    ++s.tally.flows.not_eligible;
  } else if (ordered || path.issued) {
    set_status(i, SenStatus::Plan, s.tally);
    ++s.tally.flows.plans_issued;
    ++s.tally.flows.plans_issued_by_age_band[age_band(age)];
    // DfE's "% within 20 weeks excluding exceptions": a plan ordered by the tribunal after a
    // refusal is late by construction (its request was months before).
    const auto exception = path.exception && !ordered ? rules::TimeLimitException::PersonalCircumstances
                                                      : rules::TimeLimitException::None;
    const Date issued = ordered ? now.first_day() : path.outcome_date;
    const auto timeliness = rules::classify_final_plan(path.request_date, issued, exception);
    if (timeliness != rules::Timeliness::ExceptionApplies) {
      ++s.tally.flows.issued_without_exception;
      if (timeliness == rules::Timeliness::WithinLimit && !ordered) ++s.tally.flows.issued_within_20_weeks;
    }
    need_[i] = static_cast<std::uint8_t>(need);
    place_new_plan(i, age, plan_u[1], s);
    const Date next = rules::next_review_due(issued, age, params_.cease.under_five_review_months);
    review_[i] = next_eventful_review(i, std::max(now + 1, Month::of(next)), plan_u[3]);
    consider_appeal(i, plan_u[2] < params_.appeals.placement_only_share ? kAppealPlacement : kAppealContents,
                    now, u[2], s.tally);
    return;
  }
  ++s.tally.flows.not_issued;
  set_status(i, in_school ? SenStatus::SenSupport : SenStatus::None, s.tally);
  consider_appeal(i, kAppealRefusalToIssue, now, u[2], s.tally);
  if (!in_school && (flags_[i] & kAppealMask) == 0) remove(i, s.tally);
}

bool SendModel::meets_specialist_layer(std::size_t i, int need, Month now) const {
  const double eligible = rates_.eligible[in_specialist_package(need) ? 0 : 1];
  return eligible >= 1.0 || rng_->uniforms(id_[i], now.index(), kStreamReform)[0] < eligible;
}

bool SendModel::reassess_at_phase_transfer(std::size_t i, Month now, Scratch& s) {
  if (rates_.reassessed <= 0.0 || !is_mainstream(static_cast<Setting>(setting_[i]))) return false;
  const auto u = rng_->uniforms(id_[i], now.index(), kStreamReform);
  if (u[1] >= rates_.reassessed) return false;
  // Ending the package can be appealed; the plan is maintained while the appeal is pending (as at
  // an annual review, domain.md 1.26).
  consider_appeal(i, kAppealCeasing, now, u[3], s.tally);
  if ((flags_[i] & kAppealMask) != 0) {
    set_wake(i);  // the hearing is the agent's next month to visit
    return false;
  }
  cease(i, now, s.tally, CeaseCause::Reassessed);
  return true;
}

void SendModel::place_new_plan(std::size_t i, int age, double u, Scratch& s) {
  const auto& pl = params_.placement;
  const auto current = static_cast<Setting>(setting_[i]);
  int choice;
  if (current == Setting::EarlyYears && age < 4) choice = pick(pl.early_years, u);
  else if (age <= 15) choice = rates_.school_choice(u);
  else choice = pick(pl.post16, u);
  if (choice == kPlSpecial) {
    want_special_place(i, false, s);
    return;
  }
  const Setting to = setting_of(choice);
  // A child not yet at school takes the setting the plan names: an early years setting, or a
  // school's nursery class, where DfE counts a plan as mainstream (CFA 2014 s.39; caseload.csv,
  // January 2024: of plans held at three, 54% in early years, 30% in mainstream). A pupil is not
  // sent to an early years setting.
  if (to == Setting::EarlyYears && current != Setting::EarlyYears) return;
  setting_[i] = static_cast<std::uint8_t>(to);
  ++s.tally.flows.placed_in[static_cast<int>(to)];
}

void SendModel::want_special_place(std::size_t i, bool transfer, Scratch& s) {
  s.special_place_wanted.push_back(static_cast<std::uint32_t>(i) | (transfer ? 0x80000000u : 0u));
}

// An appealable decision (CFA s.51): the family may appeal to the SEND Tribunal. The appeal is
// registered by the deadline of reg 1.32 (after mediation where it is required first).
void SendModel::consider_appeal(std::size_t i, int kind, Month now, double u_whether, Tally& tally) {
  if ((flags_[i] & kAppealMask) != 0 || u_whether >= rates_.appeal) return;
  if (rules::mediation_advice_required(ground_of(kind))) ++tally.flows.mediations;
  flags_[i] = static_cast<std::uint8_t>((flags_[i] & ~(kAppealMask | kHearing)) | (kind << kAppealShift));
  appeal_[i] = encode(appeal_registered(kind, now));
}

// Appeals in progress at the start: a plan holder in the stock whose last annual review (the one
// before `next_review`, the reviews spread through the year as the stock's are) decided something
// the family appealed (the appeal rate of that year; a decision to cease, the review's own chance
// of one, else the plan's contents or, by placement_only_share, its placement alone) and whose
// appeal the tribunal has not decided by `now` waits, registered or not, as one made in the run
// would. Without them a run started no hearings for its first months (registration and hearing
// take some nine months), and a year's upheld appeals, and the moves to special schools they
// bring, were a quarter of the next year's (SEND Tribunal, domain.md 1.26).
void SendModel::seed_pending_appeal(std::size_t i, Month now, Month next_review, const std::array<double, 4>& u) {
  const Month born = decode(birth_[i]);
  Month last = next_review;
  while (last > now) last = last - rules::review_interval_months(age_on_31_august(born, last), params_.cease.under_five_review_months);
  const int age = age_on_31_august(born, last);
  if (age > 25) return;
  const double held = review_held(age, last.year());
  const double q = appeal_by_year_[static_cast<std::size_t>(std::clamp(last.year(), kFirstYear, kLastYear) - kFirstYear)] * held;
  if (u[1] >= q) return;
  const double p = std::min(1.0, params_.cease.at_review[age_band(age)] * params_.cease.effect.at(last.year())) * held;
  const int kind = u[2] < p ? kAppealCeasing : u[3] < params_.appeals.placement_only_share ? kAppealPlacement : kAppealContents;
  const Month registered = appeal_registered(kind, last), heard = registered + params_.appeals.hearing_months;
  if (heard < now) return;  // decided before the start: the published stock holds its outcome
  const bool is_registered = registered < now;
  flags_[i] = static_cast<std::uint8_t>((flags_[i] & ~(kAppealMask | kHearing)) | (kind << kAppealShift) | (is_registered ? kHearing : 0));
  appeal_[i] = encode(is_registered ? heard : registered);
}

// The tribunal decides (reg 43); an upheld appeal is carried out within the reg 44 deadlines.
void SendModel::on_hearing(std::size_t i, Month now, double u, Scratch& s) {
  const int kind = (flags_[i] & kAppealMask) >> kAppealShift;
  flags_[i] &= static_cast<std::uint8_t>(~(kAppealMask | kHearing));
  appeal_[i] = kNever;
  ++s.tally.flows.appeals_decided;
  const bool upheld = u < rates_.upheld;
  if (upheld) ++s.tally.flows.appeals_upheld;
  const auto status = static_cast<SenStatus>(status_[i]);
  const Date order = now.first_day();
  switch (kind) {
    case kAppealRefusalToAssess:
    case kAppealRefusalToIssue: {
      const bool waiting = status == SenStatus::None || status == SenStatus::SenSupport;
      if (upheld && waiting) {
        const auto deadlines = rules::order_deadlines(
            kind == kAppealRefusalToAssess ? rules::TribunalOrder::AssessOrReassess
                                           : rules::TribunalOrder::MakeAndMaintainPlan, order);
        set_status(i, SenStatus::Assessing, s.tally);
        flags_[i] |= kOrdered;
        event_[i] = encode(std::max(now + 1, Month::of(*deadlines.final_plan_by)));
      } else if (status == SenStatus::None && !is_school(static_cast<Setting>(setting_[i]))) {
        remove(i, s.tally);
      }
      break;
    }
    case kAppealContents:
    case kAppealPlacement:
      if (upheld && status == SenStatus::Plan && is_mainstream(static_cast<Setting>(setting_[i]))) {
        // White Paper: the Tribunal may quash the LA's placement but not name a school; the LA
        // then names one from its list (kept in mainstream here).
        if (rates_.names_school < 1.0 && rng_->uniforms(id_[i], now.index(), kStreamReform)[2] >= rates_.names_school)
          ++s.tally.flows.placements_quashed;
        else
          want_special_place(i, true, s);
      }
      break;
    case kAppealCeasing:
      if (!upheld && status == SenStatus::Plan) cease(i, now, s.tally, CeaseCause::AppealDismissed);
      break;
    default:
      break;
  }
}

void SendModel::cease(std::size_t i, Month now, Tally& tally, CeaseCause cause) {
  ++tally.flows.plans_ceased;
  ++tally.flows.ceased_by_cause[static_cast<int>(cause)];
  review_[i] = kNever;
  const auto setting = static_cast<Setting>(setting_[i]);
  const int yg = year_group(decode(birth_[i]), now.academic_year());
  if (is_school(setting) && yg <= 13) {
    // Needs now met without a plan: the pupil stays at school on SEN Support.
    set_status(i, SenStatus::SenSupport, tally);
    if (!is_mainstream(setting)) setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    return;
  }
  set_status(i, SenStatus::None, tally);
  remove(i, tally);
}

// Leaving a school phase: stay in school, further education, other (NEET, home education), or
// the plan ceases.
void SendModel::leave_school(std::size_t i, const std::array<double, 4>& shares, double u, Month now,
                             Scratch& s) {
  switch (pick(shares, u)) {
    case 0: break;
    case 1:
      setting_[i] = static_cast<std::uint8_t>(Setting::FurtherEducation);
      ++s.tally.flows.placed_in[static_cast<int>(Setting::FurtherEducation)];
      break;
    case 2:
      setting_[i] = static_cast<std::uint8_t>(Setting::Other);
      ++s.tally.flows.placed_in[static_cast<int>(Setting::Other)];
      break;
    default:
      setting_[i] = static_cast<std::uint8_t>(Setting::Other);
      cease(i, now, s.tally, CeaseCause::LeftEducation);
      break;
  }
}

// September: a new academic year. Year groups move on (derived from the month of birth); at the
// ends of phases pupils transfer, stay on or leave.
void SendModel::on_september(std::size_t i, Month now, Scratch& s) {
  // One uniform, drawn only by the decisions that need it.
  auto u = [&] { return rng_->uniform(id_[i], now.index(), kStreamSeptember); };
  const int yg = year_group(decode(birth_[i]), now.academic_year());
  const auto status = static_cast<SenStatus>(status_[i]);
  const auto setting = static_cast<Setting>(setting_[i]);
  const auto& pl = params_.placement;
  const auto& pop = params_.population;

  if (status == SenStatus::Plan) {
    // End of the academic year in which the young person turned 25 (SEN2 cease reason 1).
    if (yg + 4 >= 25) {
      cease(i, now, s.tally, CeaseCause::MaxAge);
      return;
    }
    if (yg == 0 && setting == Setting::EarlyYears) {
      // Starting reception: the setting named for school (phase transfer, reg 2: by 15 February).
      const int choice = pick(pl.school_entry, u());
      if (choice == kPlSpecial) want_special_place(i, false, s);
      else {
        setting_[i] = static_cast<std::uint8_t>(is_school(setting_of(choice)) ? setting_of(choice) : Setting::Mainstream);
        ++s.tally.flows.placed_in[setting_[i]];
      }
      return;
    }
    // White Paper: plans are reassessed at the ends of primary and of key stage 4; one that ends
    // leaves the pupil at school with an ISP, on the path of pupils without a plan.
    if (!((yg == 7 || yg == 12) && reassess_at_phase_transfer(i, now, s))) {
      // A scenario's inclusion lever thins these moves as it thins the ones through the year.
      if (yg == 7 && is_mainstream(setting) && u() < pl.phase_transfer_to_special * rates_.moves_go_ahead) {
        want_special_place(i, true, s);
        return;
      }
      const bool school = is_school(setting);
      if (school && !is_special(setting)) {
        if (yg == 12) leave_school(i, pl.after_year_11, u(), now, s);
        else if (yg >= 14) leave_school(i, pl.after_year_13, u(), now, s);
      } else if (school && is_special(setting) && yg >= 15) {
        leave_school(i, pl.after_special, u(), now, s);
      }
      return;
    }
  }

  if (setting == Setting::EarlyYears && yg >= 0) {
    // A child in the statutory process starts reception.
    setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
    if (status == SenStatus::None && (flags_[i] & kAppealMask) == 0) remove(i, s.tally);
    return;
  }
  if (!is_school(setting)) return;
  // Pupils without a plan: the school sixth form keeps a share of each year group.
  bool leaves = false;
  // The path drawn when the pupil was made; none (0), or a pupil who stayed in year 12 against
  // it (a plan holder then, say): drawn now.
  const std::uint8_t path = sixth_form_[i];
  if (yg == 12) leaves = path ? path == 1 : u() >= pop.share_y12;
  else if (yg == 13) leaves = path >= 2 ? path == 2 : u() >= pop.share_y13 / pop.share_y12;
  else if (yg >= 14) leaves = true;
  if (!leaves) return;
  if (status == SenStatus::Requested || status == SenStatus::Assessing) {
    // The statutory process carries on after the young person leaves school.
    setting_[i] = static_cast<std::uint8_t>(Setting::FurtherEducation);
    return;
  }
  remove(i, s.tally);
}

void SendModel::count_census(std::size_t i, std::uint32_t threshold, Census& c) const {
  const std::uint8_t status = status_[i], setting = setting_[i];
  ++c.by_status[status];
  const bool school = is_school(static_cast<Setting>(setting));
  c.pupils += school;
  if (status == static_cast<std::uint8_t>(SenStatus::None)) return;  // most agents
  if (school) {
    if (status == static_cast<std::uint8_t>(SenStatus::Plan)) {
      ++c.pupils_with_plan;
    } else {
      // Pupils waiting for an EHC decision are on SEN Support in the school census.
      ++c.sen_support;
      c.isps += holds_isp(i, threshold);
    }
  }
}

void SendModel::count_plans(const std::vector<std::uint32_t>& holders, std::size_t n, Month now, Census& c) const {
  // Three counters a plan rather than six: a counter bumped plan after plan chains each addition to
  // the last, and the placement, need and plan totals are the joint tables' sums.
  Census joint;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = holders[k];
    const std::uint8_t setting = setting_[i];
    const int age = age_on_31_august(decode(birth_[i]), now);  // as on 31 August before January
    ++joint.plans_by_age_band[age_band(age)];
    ++joint.plans_by_setting_age[setting][std::clamp(age, 0, kPlanAgeCount - 1)];
    ++joint.plans_by_setting_need[setting][need_[i]];
  }
  c.plans += static_cast<std::int64_t>(n);
  for (int b = 0; b < kAgeBandCount; ++b) c.plans_by_age_band[b] += joint.plans_by_age_band[b];
  for (int s = 0; s < kSettingCount; ++s) {
    for (int a = 0; a < kPlanAgeCount; ++a) {
      c.plans_by_setting_age[s][a] += joint.plans_by_setting_age[s][a];
      c.plans_by_setting[s] += joint.plans_by_setting_age[s][a];
    }
    for (int need = 0; need < kNeedTypeCount; ++need) {
      c.plans_by_setting_need[s][need] += joint.plans_by_setting_need[s][need];
      c.plans_by_need[need] += joint.plans_by_setting_need[s][need];
    }
  }
}

Census SendModel::census(Month now) const {
  Census c;
  const std::uint32_t threshold = isp_threshold(now);
  std::vector<std::uint32_t> plan_holders;
  for (std::size_t i = 0; i < population_.size(); ++i) {
    if (flags_[i] & kDead) continue;
    count_census(i, threshold, c);
    if (status_[i] == static_cast<std::uint8_t>(SenStatus::Plan)) plan_holders.push_back(static_cast<std::uint32_t>(i));
  }
  count_plans(plan_holders, plan_holders.size(), now, c);
  c.pupils += counted_;
  c.by_status[static_cast<int>(SenStatus::None)] += counted_;
  const auto [on_support, after_support] = support_totals();
  count_support(now, on_support, after_support, c);
  c.state_special_places = static_cast<std::int64_t>(special_places_);
  return c;
}

// The next month of each pending thing, and the hazard-driven event for the agent's state. Hazards
// that are constant within a calendar year are drawn by inversion across years
// (engine::first_event_month), so an agent is visited only in the months something happens to it.
void SendModel::schedule(std::size_t i, Month from, bool redraw, double u_wake) {
  if (flags_[i] & kDead) {
    wake_[i] = kFar;
    return;
  }
  // A hazard-driven event still ahead stays drawn while the state it was drawn for stands: the
  // hazards are memoryless, so keeping it and drawing afresh are the same in distribution.
  if (!redraw && event_[i] != kNever && event_[i] >= encode(from)) {
    set_wake(i);
    return;
  }
  const auto status = static_cast<SenStatus>(status_[i]);
  const auto setting = static_cast<Setting>(setting_[i]);
  const bool appeal_pending = (flags_[i] & kAppealMask) != 0;
  const int f = from.index();
  auto wake_uniform = [&] { return u_wake >= 0.0 ? u_wake : rng_->uniform(id_[i], f, kStreamWake); };
  // Pupils leave school by September of year 14 at the latest: no hazard beyond it matters.
  const Month born = decode(birth_[i]);
  const int leaves = Month(born.academic_year() + 5 + 14, 9).index();
  int hazard = kFar;
  switch (status) {
    case SenStatus::None:
      if (is_school(setting)) {
        hazard = identify_hazard_.first_event_month(f, leaves, wake_uniform());
      }
      break;
    case SenStatus::SenSupport:
      if (is_school(setting) && !appeal_pending) {
        // Competing risks: leaving SEN Support or asking for an assessment.
        const auto& h = (flags_[i] & kMale) ? support_hazard_male_ : support_hazard_female_;
        hazard = h.first_event_month(f, leaves, wake_uniform());
      }
      break;
    case SenStatus::Plan: {
      const engine::Geometric* wait = setting == Setting::Mainstream || setting == Setting::MainstreamUnit ? &to_special_
                                      : setting == Setting::StateSpecial ? &to_mainstream_
                                                                         : nullptr;
      if (wait) hazard = f + wait->months(wake_uniform());
      break;
    }
    default:
      break;
  }
  if (status == SenStatus::None || status == SenStatus::SenSupport || status == SenStatus::Plan) {
    // No event before the pupil leaves school (first_event_month returns the cap) or before the
    // end of any run: nothing is filed.
    const int encoded = hazard - kEpoch.index();
    const bool none = status != SenStatus::Plan && hazard >= leaves;
    event_[i] = none || encoded >= kFar ? kFar : static_cast<std::int16_t>(encoded);
  }
  set_wake(i);
}

double SendModel::request_age_share(std::size_t i, Month now) const {
  const int band = std::min(3, age_band(age_on_31_august(decode(birth_[i]), now)));
  return request_age_shares_[static_cast<std::size_t>(band)];
}

void SendModel::set_wake(std::size_t i) {
  int wake = event_[i] == kNever ? kFar : event_[i];
  if (status_[i] == static_cast<std::uint8_t>(SenStatus::Plan) && review_[i] != kNever)
    wake = std::min<int>(wake, review_[i]);
  if ((flags_[i] & kAppealMask) != 0 && appeal_[i] != kNever) wake = std::min<int>(wake, appeal_[i]);
  wake_[i] = static_cast<std::int16_t>(std::min<int>(wake, kFar));
}

double SendModel::review_held(int age, int year) const {
  const int band = age_band(age);
  return band == 1 || band == 2 ? std::clamp(params_.reform.school_age_reviews.at(year), 0.0, 1.0) : 1.0;
}

double SendModel::review_uneventful(int age, int year) const {
  const double held = review_held(age, year);
  const double p = std::min(1.0, params_.cease.at_review[age_band(age)] * params_.cease.effect.at(year)) * held;
  const double q = appeal_by_year_[static_cast<std::size_t>(std::max(year, kFirstYear) - kFirstYear)] * held;
  return (1.0 - p) * (1.0 - q);
}

std::int16_t SendModel::next_eventful_review(std::size_t i, Month first, double u) const {
  const Month born = decode(birth_[i]);
  double nothing = 1.0;  // the chance that every review so far decided nothing
  Month r = first;
  int age = age_on_31_august(born, r);
  // Under five (reviews may be more often) or before the tabulated years: review by review.
  while (age < 5 || r.year() < kFirstYear) {
    if (age > 25 || r.year() > kLastYear) return kFar;  // the plan has ended (at 25) by then
    const bool tabulated = age >= 0 && r.year() >= kFirstYear;
    nothing *= tabulated ? review_uneventful_[static_cast<std::size_t>((r.year() - kFirstYear) * kReviewAges + age)]
                         : review_uneventful(age, r.year());
    if (nothing <= u) return encode(r);
    r = r + rules::review_interval_months(age, params_.cease.under_five_review_months);
    age = age_on_31_august(born, r);
  }
  // From five the reviews are yearly (rules::review_interval_months): each one a year older in the
  // next calendar year, the next entry along the table's diagonal. The same products in the same
  // order as review by review, without working out the age and the interval at each; from the
  // first review on (nothing is still 1), read from the chain worked out with the model.
  const int last = std::min(25 - age, kLastYear - r.year());  // the plan has ended (at 25) after
  if (last < 0) return kFar;
  const auto start = static_cast<std::size_t>((r.year() - kFirstYear) * kReviewAges + age);
  if (nothing == 1.0) {
    const double* chain = &review_chains_[review_chain_at_[start]];
    for (int k = 0; k <= last; ++k)
      if (chain[k] <= u) return encode(r + k * rules::kReviewIntervalMonths);
    return kFar;
  }
  const double* chance = &review_uneventful_[start];
  for (int k = 0; k <= last; ++k, chance += kReviewAges + 1) {
    nothing *= *chance;
    if (nothing <= u) return encode(r + k * rules::kReviewIntervalMonths);
  }
  return kFar;
}

// September boundaries that need a decision: the ends of school phases, starting reception from
// early years, the move to secondary, the 25th birthday's academic year.
bool SendModel::september_matters(std::size_t i, int yg) const {
  const auto setting = static_cast<Setting>(setting_[i]);
  if (setting == Setting::EarlyYears) return yg >= 0;
  if (status_[i] == static_cast<std::uint8_t>(SenStatus::Plan)) return yg + 4 >= 25 || yg == 7 || yg >= 12;
  return is_school(setting) && yg >= 12;
}

void SendModel::prefetch(std::size_t i) const {
  __builtin_prefetch(&status_[i]);
  __builtin_prefetch(&setting_[i]);
  __builtin_prefetch(&flags_[i]);
  __builtin_prefetch(&records_.values[i]);
}

SendModel::VisitStart SendModel::visit_start(std::size_t i, const Scratch& s) const {
  return {s.special_place_wanted.size(), in_state_special(i), in_independent_special(i), status_[i], setting_[i]};
}

// A month's visit to one agent that is due: what happens to it, then its next month. `start` is
// the agent as it was when the month reached it (before any September move).
void SendModel::visit(std::size_t i, Month now, Scratch& s, const VisitStart& start) {
  if (!(flags_[i] & kDead)) {
    process(i, now, s, start.places_asked);
    schedule(i, now + 1, status_[i] != start.status || setting_[i] != start.setting, s.wake_u);
  }
  s.wake_u = -1.0;
  s.state_special_occupied += in_state_special(i) - start.in_state_special;
  s.independent_special_occupied += in_independent_special(i) - start.in_independent_special;
}

std::uint32_t SendModel::isp_threshold(Month now) const {
  return static_cast<std::uint32_t>(std::llround(std::clamp(params_.reform.isp.amount_at(now.year(), 0.0), 0.0, 1.0) * 1000.0));
}

namespace {

// A pupil's place (0-999) in the ISP share, fixed by its id (no draw). The id is mixed first (a
// bijection of 32 bits, MurmurHash3's finaliser): the pupils identified in a month are made agents
// together, with consecutive ids, and id % 1000 would put them in or out of the share together.
std::uint32_t isp_rank(std::uint32_t id) {
  id ^= id >> 16;
  id *= 0x85ebca6bu;
  id ^= id >> 13;
  id *= 0xc2b2ae35u;
  id ^= id >> 16;
  return id % 1000u;
}

}  // namespace

// Inline: the January census asks it of every agent under the White Paper's ISPs.
inline bool SendModel::holds_isp(std::size_t i, std::uint32_t threshold) const {
  const auto status = static_cast<SenStatus>(status_[i]);
  return !(flags_[i] & kDead) && is_school(static_cast<Setting>(setting_[i])) && status != SenStatus::None &&
         status != SenStatus::Plan && isp_rank(id_[i]) < threshold;
}

// The January census of the agents in `range`, added to s.tally.census.
void SendModel::take_census(engine::AgentRange range, Month now, Scratch& s) const {
  // The January census is the state at the start of the month, taken before anything in this
  // chunk moves; agents arriving this month (added by begin_month) are counted by the flows.
  // One branch-free pass counts every agent into registers (a counter in memory, bumped agent
  // after agent, would chain each addition to the last) and lists the plan holders, whose
  // placement, need and age are then counted one by one.
  const std::size_t end = std::min(range.end, std::max(range.begin, first_index_this_month_));
  auto& plan_holders = s.due;
  plan_holders.resize(end > range.begin ? end - range.begin : 0);
  std::size_t listed = 0;
  std::int64_t n[kSenStatusCount] = {}, pupils = 0, sen_support = 0, pupils_with_plan = 0;
  {
    const std::uint8_t* flags = flags_.values.data();
    const std::uint8_t* status = status_.values.data();
    const std::uint8_t* setting = setting_.values.data();
    std::size_t i = range.begin;
#if defined(__SSE2__)
    // Sixteen agents at a time: each count is a byte lane per agent slot, bumped by subtracting
    // the comparison mask (-1), and added up across lanes (psadbw) before a lane can overflow.
    const __m128i zero = _mm_setzero_si128(), dead = _mm_set1_epi8(static_cast<char>(kDead));
    const __m128i fe = _mm_set1_epi8(static_cast<char>(Setting::FurtherEducation));
    const __m128i early = _mm_set1_epi8(static_cast<char>(Setting::EarlyYears));
    const __m128i other = _mm_set1_epi8(static_cast<char>(Setting::Other));
    __m128i lanes[8] = {zero, zero, zero, zero, zero, zero, zero, zero};
    auto flush = [&] {
      std::int64_t* totals[8] = {&n[0], &n[1], &n[2], &n[3], &n[4], &pupils, &sen_support, &pupils_with_plan};
      for (int k = 0; k < 8; ++k) {
        const __m128i sums = _mm_sad_epu8(lanes[k], zero);
        *totals[k] += _mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8));
        lanes[k] = zero;
      }
    };
    int rounds = 0;
    for (; i + 16 <= end; i += 16) {
      const __m128i f = _mm_loadu_si128(reinterpret_cast<const __m128i*>(flags + i));
      const __m128i st = _mm_loadu_si128(reinterpret_cast<const __m128i*>(status + i));
      const __m128i se = _mm_loadu_si128(reinterpret_cast<const __m128i*>(setting + i));
      const __m128i alive = _mm_cmpeq_epi8(_mm_and_si128(f, dead), zero);
      const __m128i not_school = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(se, fe), _mm_cmpeq_epi8(se, early)),
                                              _mm_cmpeq_epi8(se, other));
      const __m128i in_school = _mm_andnot_si128(not_school, alive);
      __m128i of_status[kSenStatusCount];
      for (int k = 0; k < kSenStatusCount; ++k) {
        of_status[k] = _mm_and_si128(_mm_cmpeq_epi8(st, _mm_set1_epi8(static_cast<char>(k))), alive);
        lanes[k] = _mm_sub_epi8(lanes[k], of_status[k]);
      }
      const __m128i plan = of_status[static_cast<int>(SenStatus::Plan)];
      lanes[5] = _mm_sub_epi8(lanes[5], in_school);
      lanes[6] = _mm_sub_epi8(lanes[6], _mm_andnot_si128(_mm_or_si128(of_status[0], plan), in_school));
      lanes[7] = _mm_sub_epi8(lanes[7], _mm_and_si128(in_school, plan));
      for (unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(plan)); mask != 0; mask &= mask - 1)
        plan_holders[listed++] = static_cast<std::uint32_t>(i + static_cast<unsigned>(__builtin_ctz(mask)));
      if (++rounds == 255) {
        flush();
        rounds = 0;
      }
    }
    flush();
#endif
    for (; i < end; ++i) {
      const int alive = (flags[i] & kDead) == 0;
      const std::uint8_t st = status[i];
      const int in_school = alive & is_school(static_cast<Setting>(setting[i]));
      const int plan = st == static_cast<std::uint8_t>(SenStatus::Plan);
      n[0] += alive & (st == 0);
      n[1] += alive & (st == 1);
      n[2] += alive & (st == 2);
      n[3] += alive & (st == 3);
      n[4] += alive & plan;
      pupils += in_school;
      // Pupils waiting for an EHC decision are on SEN Support in the school census.
      sen_support += in_school & (st != 0) & !plan;
      pupils_with_plan += in_school & plan;
      plan_holders[listed] = static_cast<std::uint32_t>(i);
      listed += alive & plan;
    }
  }
  Census& c = s.tally.census;
  for (int k = 0; k < kSenStatusCount; ++k) c.by_status[k] += n[k];
  c.pupils += pupils;
  c.sen_support += sen_support;
  c.pupils_with_plan += pupils_with_plan;
  count_plans(plan_holders, listed, now, c);
  // White Paper: the ISPs, a share of SEN Support (a pass of its own, only when the tier exists).
  if (const std::uint32_t threshold = isp_threshold(now); threshold > 0)
    for (std::size_t i = range.begin; i < end; ++i) c.isps += holds_isp(i, threshold);
}

void SendModel::step_chunk(const engine::MonthContext& ctx, engine::AgentRange range, Scratch& s) {
  const Month now = ctx.month;
  const std::int16_t today = encode(now);
  const bool january = now.is_census_month();
  const bool september = now.starts_academic_year();  // the only month every agent is looked at
  const int academic_year = now.academic_year();
  const std::int16_t* const wake = wake_.values.data();
  // Year 12 in this academic year: born by August of (AY - 16).
  const std::int16_t born_by_year_12 = encode(Month(academic_year - 16, 8));
  if (january) take_census(range, now, s);
  if (!september) {
    // Most agents, most months: nothing is due. Find the due ones in the 16-bit wake column,
    // eight at a time, then visit them with their data fetched a few agents ahead (they are
    // scattered, so each visit would otherwise wait on memory).
    auto& due_list = s.due;
    due_list.clear();
    engine::list_due(wake, range.begin, range.end, today, due_list);
    constexpr std::size_t kAhead = 8;
    for (std::size_t k = 0; k < due_list.size(); ++k) {
      if (k + kAhead < due_list.size()) prefetch(due_list[k + kAhead]);
      visit(due_list[k], now, s, visit_start(due_list[k], s));
    }
    return;
  }
  // September, a new academic year: every agent is looked at. Those at the end of a phase move
  // on (on_september); then, as in any month, the due ones are visited, and so is anyone whom
  // September changed. Only plan holders, children in early years and pupils from year 12 have
  // a September decision: a branch-free pass over four columns lists them with the due ones,
  // and the rest (most agents) are passed over.
  auto& candidates = s.due;
  candidates.resize(range.end - range.begin);
  std::size_t found = 0;
  {
    const std::int16_t* birth = birth_.values.data();
    const std::uint8_t* status = status_.values.data();
    const std::uint8_t* setting = setting_.values.data();
    constexpr auto kPlan = static_cast<std::uint8_t>(SenStatus::Plan);
    constexpr auto kEarlyYears = static_cast<std::uint8_t>(Setting::EarlyYears);
    std::size_t i = range.begin;
#if defined(__SSE2__)
    // Eight agents at a time: one 16-bit lane each, two mask bits per agent.
    const __m128i today8 = _mm_set1_epi16(today), year_12 = _mm_set1_epi16(born_by_year_12);
    const __m128i plan8 = _mm_set1_epi16(kPlan), early8 = _mm_set1_epi16(kEarlyYears), zero = _mm_setzero_si128();
    for (; i + 8 <= range.end; i += 8) {
      const __m128i later = _mm_cmpgt_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(wake + i)), today8);
      const __m128i younger = _mm_cmpgt_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(birth + i)), year_12);
      const __m128i st = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(status + i)), zero);
      const __m128i se = _mm_unpacklo_epi8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(setting + i)), zero);
      const __m128i passed_over = _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi16(st, plan8), _mm_cmpeq_epi16(se, early8)),
                                                   _mm_and_si128(later, younger));
      unsigned mask = ~static_cast<unsigned>(_mm_movemask_epi8(passed_over)) & 0xFFFFu;
      while (mask != 0) {
        const unsigned bit = static_cast<unsigned>(__builtin_ctz(mask));
        candidates[found++] = static_cast<std::uint32_t>(i + bit / 2);
        mask &= ~(3u << (bit & ~1u));
      }
    }
#endif
    for (; i < range.end; ++i) {
      candidates[found] = static_cast<std::uint32_t>(i);
      found += (wake[i] <= today) | (birth[i] <= born_by_year_12) | (status[i] == kPlan) | (setting[i] == kEarlyYears);
    }
  }
  for (std::size_t k = 0; k < found; ++k) {
    const std::size_t i = candidates[k];
    if (flags_[i] & kDead) continue;  // dead agents are never due
    const VisitStart start = visit_start(i, s);
    bool due = wake[i] <= today;
    // Only plan holders, children in early years and pupils from year 12 have a September
    // decision; the rest are passed over by one comparison of the month of birth.
    if (birth_[i] <= born_by_year_12 || status_[i] == static_cast<std::uint8_t>(SenStatus::Plan) ||
        setting_[i] == static_cast<std::uint8_t>(Setting::EarlyYears)) {
      const int yg = academic_year - decode(birth_[i]).academic_year() - 5;
      if (september_matters(i, yg)) {
        on_september(i, now, s);
        due = due || status_[i] != start.status || setting_[i] != start.setting || (flags_[i] & kDead) ||
              s.special_place_wanted.size() != start.places_asked;
      }
    }
    if (due) visit(i, now, s, start);
  }
}

// Everything due to agent i this month.
void SendModel::process(std::size_t i, Month now, Scratch& s, std::size_t places_asked) {
  const std::int16_t today = encode(now);
  // Identification needs no draw; every other decision this month reads these four.
  const auto u = status_[i] == static_cast<std::uint8_t>(SenStatus::None) ? std::array<double, 4>{}
                                                                           : rng_->uniforms(id_[i], now.index(), kStreamMonthly);
  // The lane no decision below reads (plan holders' reviews read 1-3; the others 0 and 2) times
  // the agent's next hazard-driven event if this visit changes its state.
  if (status_[i] != static_cast<std::uint8_t>(SenStatus::None))
    s.wake_u = status_[i] == static_cast<std::uint8_t>(SenStatus::Plan) ? u[0] : u[1];
  if (appeal_[i] == today && (flags_[i] & kAppealMask)) {
    if (!(flags_[i] & kHearing)) {
      ++s.tally.flows.appeals_registered;
      flags_[i] |= kHearing;
      appeal_[i] = encode(now + params_.appeals.hearing_months);
    } else {
      on_hearing(i, now, rng_->uniform(id_[i], now.index(), kStreamAppeal), s);
      if (flags_[i] & kDead) return;
    }
  }
  const bool hazard_due = event_[i] == today;
  switch (static_cast<SenStatus>(status_[i])) {
    case SenStatus::None:
      if (hazard_due && is_school(static_cast<Setting>(setting_[i]))) {
        set_status(i, SenStatus::SenSupport, s.tally);
        ++s.tally.flows.identified;
      }
      break;
    case SenStatus::SenSupport: {
      if (!hazard_due || !is_school(static_cast<Setting>(setting_[i])) || (flags_[i] & kAppealMask)) break;
      // Which of the competing events happened, in proportion to their hazards this month. The
      // request hazard was drawn at the highest age band's rate: at the pupil's own band's share
      // of it the request is made, else nothing happens (thinning) and the next event is drawn.
      const double request = (flags_[i] & kMale) ? rates_.request_male : rates_.request_female;
      const double x = u[0] * (rates_.support_ends + request);
      if (x < rates_.support_ends) {
        set_status(i, SenStatus::None, s.tally);
        ++s.tally.flows.support_ended;
      } else if (x - rates_.support_ends < request * request_age_share(i, now)) {
        on_request(i, now, s.tally);
      }
      break;
    }
    case SenStatus::Requested:
      if (event_[i] <= today) on_decision(i, now, u, s);
      break;
    case SenStatus::Assessing:
      if (event_[i] <= today) on_assessment_end(i, now, u, s);
      break;
    case SenStatus::Plan: {
      if (review_[i] <= today) {
        // An annual review (CFA s.44) that decides something: it ceases the plan (probability p),
        // or the family appeals its decision (q), or both; next_eventful_review skipped the ones
        // that decided neither. Which, given that one did, by u[1].
        const int age = age_on_31_august(decode(birth_[i]), now);
        const double held = review_held(age, now.year());
        const double p = std::min(1.0, params_.cease.at_review[age_band(age)] * params_.cease.effect.at(now.year())) * held,
                     q = rates_.appeal * held;
        const double x = u[1] * (1.0 - (1.0 - p) * (1.0 - q));
        const bool cease_decided = x < p, appealed = x < p * q || x >= p;
        const double whether = appealed ? 0.0 : 1.0;  // consider_appeal appeals when below q
        if (cease_decided) {
          consider_appeal(i, kAppealCeasing, now, whether, s.tally);
          // The plan is maintained while a cease appeal is pending (domain.md 1.26).
          if ((flags_[i] & kAppealMask) == 0) {
            cease(i, now, s.tally, CeaseCause::AtReview);
            break;
          }
        } else {
          consider_appeal(i, u[3] < params_.appeals.placement_only_share ? kAppealPlacement : kAppealContents, now,
                          whether, s.tally);
        }
        review_[i] = next_eventful_review(
            i, now + rules::review_interval_months(age, params_.cease.under_five_review_months), u[2]);
      }
      if (!hazard_due || s.special_place_wanted.size() != places_asked) break;  // asked this month already
      const auto setting = static_cast<Setting>(setting_[i]);
      if (setting == Setting::Mainstream || setting == Setting::MainstreamUnit) {
        // Thinning: under a scenario's inclusion lever only this share of moves goes ahead (the
        // hazard is memoryless, so the next one is drawn afresh); no draw at all otherwise.
        if (rates_.moves_go_ahead >= 1.0 || rng_->uniform(id_[i], now.index(), kStreamInclusion) < rates_.moves_go_ahead)
          want_special_place(i, true, s);
      } else if (setting == Setting::StateSpecial) {
        setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
        ++s.tally.flows.special_to_mainstream;
      }
      break;
    }
  }
}

void SendModel::end_month(const engine::MonthContext& ctx, std::vector<Scratch>& scratches) {
  const Month now = ctx.month;
  Tally month = pending_;
  for (const auto& s : scratches) {
    month.add(s.tally);
    state_special_occupied_ += s.state_special_occupied;  // this month's changes
    independent_special_occupied_ += s.independent_special_occupied;
  }
  const std::int64_t occupied = state_special_occupied_;
  // Special places are granted in order of arrival (Record::batch), then of agent, until none is
  // free; then the placement is an independent or non-maintained special school (DESIGN.md §1,
  // capacity) while the LA's commissioned independent places last (CapacityParams::
  // independent_growth), and after them the child stays where the child is and waits: a move does
  // not go ahead, a new plan names the school the child attends (a child of school age in an early
  // years setting starts at a mainstream school), and the child takes the first place that comes
  // free in a later month, before those asking then. The chunks list their agents in agent order,
  // so a stable sort by batch gives it.
  std::int64_t free_places = static_cast<std::int64_t>(special_places_) - occupied;
  double free_independent = independent_places_ - static_cast<double>(independent_special_occupied_);
  const int longest_wait =
      params_.capacity.longest_wait_months < 0 ? params_.appeals.hearing_months : params_.capacity.longest_wait_months;
  auto& in_order = wanted_in_order_;
  in_order.clear();
  for (const auto& s : scratches) in_order.insert(in_order.end(), s.special_place_wanted.begin(), s.special_place_wanted.end());
  std::stable_sort(in_order.begin(), in_order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return batch_[a & 0x7FFFFFFFu] < batch_[b & 0x7FFFFFFFu];
  });
  // The waiting come first; one who asks again this month is served as one of them.
  auto& waited_before = waited_scratch_;
  waited_before.swap(place_waiting_);
  place_waiting_.clear();
  const std::size_t waited = waited_before.size();
  auto& waiters = waiters_sorted_;
  waiters.clear();
  for (const Waiter& w : waited_before) waiters.push_back(w.wanted & 0x7FFFFFFFu);
  std::sort(waiters.begin(), waiters.end());
  in_order.insert(in_order.begin(), waited, 0u);
  for (std::size_t k = 0; k < waited; ++k) in_order[k] = waited_before[k].wanted;
  for (std::size_t k = 0; k < in_order.size(); ++k) {
    const std::uint32_t wanted = in_order[k];
    const std::size_t i = wanted & 0x7FFFFFFFu;
    const bool transfer = wanted & 0x80000000u;
    if (flags_[i] & kDead) continue;
    if (k >= waited && std::binary_search(waiters.begin(), waiters.end(), static_cast<std::uint32_t>(i))) continue;
    // A child waiting since an earlier month who has been placed (asked twice), no longer holds a
    // plan or has left school age (19, when special schools' pupils leave) waits no longer.
    if (k < waited && (is_special(static_cast<Setting>(setting_[i])) || status_[i] != static_cast<std::uint8_t>(SenStatus::Plan))) continue;
    const int year_group = age_on_31_august(decode(birth_[i]), now) - 4;
    if (k < waited && year_group > 14) continue;
    if (free_places > 0) {
      setting_[i] = static_cast<std::uint8_t>(Setting::StateSpecial);
      --free_places;
      ++state_special_occupied_;
    } else if (free_independent >= 1.0 || (k < waited && now.index() - waited_before[k].since >= longest_wait)) {
      // A child who has waited as long as an appeal takes to be heard goes independent beyond the
      // commissioned places: the SEND Tribunal names the school the plan needs (appeals.upheld).
      setting_[i] = static_cast<std::uint8_t>(Setting::IndependentSpecial);
      free_independent -= 1.0;
      ++independent_special_occupied_;
      ++month.flows.independent_for_want_of_place;
    } else {
      if (k >= waited) {
        ++month.flows.no_special_place;
        if (static_cast<Setting>(setting_[i]) == Setting::EarlyYears && year_group >= 0) {
          setting_[i] = static_cast<std::uint8_t>(Setting::Mainstream);
          ++month.flows.placed_in[setting_[i]];
          schedule(i, now + 1, true);
        }
      }
      place_waiting_.push_back({wanted, k < waited ? waited_before[k].since : now.index()});
      continue;
    }
    if (transfer) ++month.flows.mainstream_to_special;
    ++month.flows.placed_in[setting_[i]];
    schedule(i, now + 1, true);  // the hazard of moving depends on the setting
  }
  month.census.state_special_places = static_cast<std::int64_t>(special_places_);

  if (years_.empty() || years_.back().year != now.year()) years_.push_back(YearTally{now.year(), false, false, {}, {}});
  YearTally& y = years_.back();
  if (now.is_census_month()) {
    // The counted pupils: at school, without SEN (none arrives or leaves in January).
    month.census.pupils += counted_at_census_;
    month.census.by_status[static_cast<int>(SenStatus::None)] += counted_at_census_;
    count_support(now, support_at_census_, after_support_at_census_, month.census);
    y.has_census = true;
    y.census = month.census;
  }
  y.flows.add(month.flows);
  departed_since_compaction_ += month.flows.departures;
  y.full_year = now.month() == 12 && (y.has_census);
}

}  // namespace sendtwin::model
