// The SEND model: what happens to every child and young person the system serves, month by month
// (DESIGN.md §1). This file says *what*; src/engine runs it.
//
// A pupil moves: no SEN -> SEN Support (graduated approach) -> request for an EHC needs assessment
// -> decision to assess or refusal (6-week clock) -> assessment -> plan issued or refused
// (20-week clock) -> placement named -> annual reviews, phase transfers -> plan ceased. Refusals,
// plans and review decisions can be appealed to the SEND Tribunal (mediation first where it
// applies); an upheld appeal changes the pupil's path. Special school places are scarce: when
// a state special school place is wanted and none is free, the placement is independent.
#pragma once
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "core/types.h"
#include "engine/distributions.h"
#include "engine/event_calendar.h"
#include "engine/population.h"
#include "engine/simulation.h"
#include "model/send/params.h"
#include "model/send/tally.h"

namespace sendtwin::model {

// A choice among N categories by their shares (which need not sum to one) from one uniform: the
// first category whose running share, each share divided by their total, exceeds u. The running
// shares are worked out once for shares that hold for a while (a run's needs of new plans, a
// month's placements), which spares a division per category at each choice.
template <std::size_t N>
class ShareChoice {
 public:
  ShareChoice() = default;
  explicit ShareChoice(const std::array<double, N>& shares) {
    double total = 0;
    for (double x : shares) total += x;
    double acc = 0;
    for (std::size_t k = 0; k < N; ++k) running_[k] = acc += shares[k] / total;
  }
  int operator()(double u) const {
    for (std::size_t k = 0; k < N; ++k)
      if (u < running_[k]) return static_cast<int>(k);
    return static_cast<int>(N) - 1;
  }

 private:
  std::array<double, N> running_{};
};

// Whether one table of plans by age band x setting meets both of the stock's margins under the
// cells the synthesis allows (an LA's own caseload, `la --local`, is checked before the run).
bool plan_margins_fit(const PlanStockParams& stock);
// Whether a plan of `age_band` can be in `setting` at the start (the relaxed cells of the fit: an
// LA's own joint table, `la --local` rows, may hold only these).
bool plan_cell_possible(int age_band, Setting setting);

// Random streams of the SEND model: each decision draws from its own address.
enum SendStream : engine::Stream {
  kStreamMonthly = 1,     // the monthly transition of an agent
  kStreamDurations = 2,   // the process durations of one request (addressed by request month)
  kStreamPlacement = 3,   // the setting named in a plan
  kStreamSynthesis = 4,   // population synthesis
  kStreamArrivals = 5,    // children arriving from early years (addressed by month)
  kStreamSeptember = 6,   // phase transfers and leaving at the start of an academic year
  kStreamAppeal = 7,      // appeals: whether, which kind, outcome
  kStreamWake = 8,        // the month of the next hazard-driven event
  kStreamReview = 9,      // the first eventful annual review of a plan in the stock at the start
  kStreamInclusion = 10,  // whether a move out of mainstream goes ahead under a scenario's inclusion lever
  // The White Paper's decisions (params.h ReformParams), one lane each: 0 a new plan's
  // eligibility, 1 reassessment at phase transfer, 2 whether an upheld placement appeal names the
  // school, 3 whether a reassessment is appealed.
  kStreamReform = 11,
  // Groups of new pupils without SEN (addressed by month, at kGroupAddress + the group): how many
  // take each sixth-form path and how many of those are identified before they leave school.
  kStreamCounts = 12,
  // Pupils on SEN Support held as counts (addressed by month, at kGroupAddress + a purpose): each
  // month's exits, requests and re-identifications, the split by sex of those who join, the ISPs
  // of a census.
  kStreamSupport = 13,
};

struct SendRunOptions {
  double scale = 1.0;  // agents per person: 0.01 simulates one in a hundred
  int threads = 1;     // for the model's own serial-phase work (compaction); results do not depend on it
  // Pupils on SEN Support are counts until they ask for an assessment (SendModel::step_support);
  // false makes each an agent from the start, as before issue 21's third step: the same law, kept
  // so that a test can compare the two (tests/model/support_counts_test.cpp).
  bool support_as_counts = true;
};

class SendModel {
 public:
  struct Scratch {
    Tally tally;
    // Agents that want a state special place this month, in agent order within the chunk.
    std::vector<std::uint32_t> special_place_wanted;
    std::int64_t state_special_occupied = 0;  // change in state special occupancy this month
    std::int64_t independent_special_occupied = 0;  // change in independent special occupancy this month
    std::vector<std::uint32_t> due;           // agents due this month (reused buffer)
    double wake_u = -1.0;  // a spare uniform the visit's draw leaves for rescheduling (schedule)
    void reset() {
      tally = Tally{};
      special_place_wanted.clear();
      state_special_occupied = 0;
      independent_special_occupied = 0;
    }
  };

  SendModel(const SendParams& params, SendRunOptions options);

  // Builds the January `start` population from the published totals (population synthesis).
  void synthesise(Month start, const engine::RandomStreams& rng);

  // Engine interface (engine/simulation.h).
  std::size_t agent_count() const { return population_.size(); }
  void begin_month(const engine::MonthContext& ctx);
  void step_chunk(const engine::MonthContext& ctx, engine::AgentRange range, Scratch& scratch);
  void end_month(const engine::MonthContext& ctx, std::vector<Scratch>& scratches);

  // Counts of the current state (what a January census would record), unscaled.
  Census census(Month now) const;
  // Flows and January stocks by calendar year, accumulated over the run, unscaled.
  const std::vector<YearTally>& years() const { return years_; }
  const YearTally* year(int calendar_year) const;

  double scale() const { return options_.scale; }
  std::size_t bytes_per_agent() const { return population_.bytes_per_agent(); }
  std::size_t allocated_bytes() const { return population_.allocated_bytes(); }
  double special_places() const { return special_places_; }

 private:
  // Agent flags (one byte).
  static constexpr std::uint8_t kMale = 1u << 0;
  static constexpr std::uint8_t kException = 1u << 1;  // a reg 13(3) exception applies
  static constexpr std::uint8_t kOrdered = 1u << 2;    // the tribunal ordered a plan
  static constexpr std::uint8_t kDead = 1u << 3;       // left the population
  static constexpr std::uint8_t kAppealShift = 4;      // bits 4-6: AppealKind of a pending appeal
  static constexpr std::uint8_t kAppealMask = 7u << kAppealShift;
  static constexpr std::uint8_t kHearing = 1u << 7;    // the pending appeal is registered

  std::size_t add_agents(std::size_t n);
  void add_year_group(int yg, int born_ay, std::int64_t pupils, std::int64_t supported, Month now,
                      double request_annual);
  // add_year_group's pupils on SEN Support when they are counts (SendRunOptions::support_as_counts).
  void add_supported_counts(int yg, int born_ay, std::int64_t supported, double asked_share, Month now,
                            engine::UniformSequence& draws);
  void start_school_year(const engine::MonthContext& ctx);  // September: leavers and the intake
  // `n` new pupils without SEN born in academic year `born_ay`, from `now` on: how many take each
  // sixth-form path (leaving at the start of year 12, 13, after 13; chances `paths`) and, of those,
  // how many are identified before they leave school, and in which month (waiting_). None is an
  // agent yet: each is counted until something happens to it (DESIGN.md §2), and one who is never
  // identified never becomes one (counted_leaving_).
  void add_without_sen(std::int64_t n, int born_ay, const std::array<double, 3>& paths, Month now,
                       engine::UniformSequence& draws);
  // The waiting pupils identified in `now`, made agents (due this month, without SEN yet).
  void make_identified(Month now);
  // Pupils without SEN who are not agents, by the academic year in whose September they leave
  // (index: that year - kEpochYear): each January census counts them as pupils without SEN, and
  // each September's leavers depart.
  static constexpr int kEpochYear = 1990;
  std::vector<std::int64_t> counted_leaving_ = std::vector<std::int64_t>(200, 0);
  std::int64_t counted_ = 0;  // their total, waiting_ included
  // Those of them identified before they leave, by month of identification (waiting_[k]: month
  // index waiting_first_month_ + k), groups of {batch, academic year of birth, sixth-form path,
  // how many}: made agents in that month (make_identified). A list by month rather than a map
  // keyed by all four, which allocated and searched a node for every group and month.
  struct Waiting {
    int batch, born_ay, path;
    std::int64_t n;
  };
  std::vector<std::vector<Waiting>> waiting_;
  int waiting_first_month_ = 0;
  // The batch agents made now arrive in (Record::batch). A pupil made an agent when identified
  // keeps its arrival's batch, so special places go to agents in the order they would have if
  // every pupil were an agent from arrival (as before issue 21; the order decides who gets the last
  // places, and so their ages and the places' turnover).
  std::uint16_t arriving_batch_ = 0;
  std::vector<std::uint32_t> wanted_in_order_;  // end_month: the month's special place requests, in batch order
  std::int64_t counted_at_census_ = 0;  // counted_ at the start of this month (the census's)
  // Pupils on SEN Support who have not asked for an assessment, and those of them who have left
  // SEN Support since, are counts by cohort and sex until one asks (SendRunOptions::
  // support_as_counts): their hazards depend on nothing else (the request's age band is the
  // cohort's; the sixth-form path only decides when they leave, and given that a pupil is still at
  // school it is drawn from the years left, sixth_form_shares). Each month draws how many of each
  // cohort leave SEN Support, ask, or are identified again (step_support); one who asks is made an
  // agent (make_requesting). The cohort keeps its arrival batch for those agents (Record::batch).
  struct SupportCohort {
    int born_ay;
    std::uint16_t batch;
    std::array<std::int64_t, 2> on_support{}, after_support{};  // [female, male]
  };
  std::vector<SupportCohort> support_;
  SupportCohort& support_cohort(int born_ay, std::uint16_t batch);
  // `n` pupils of a cohort join SEN Support, split by sex (male_share) with `draws`.
  void add_on_support(int born_ay, std::uint16_t batch, std::int64_t n, engine::UniformSequence& draws);
  void step_support(Month now);
  // September: the counted pupils whose sixth-form path ends now leave school.
  void support_leavers(Month now);
  // `n` pupils of cohort `c` ask for an assessment in `now`: made agents, the request begun.
  void make_requesting(const SupportCohort& c, bool male, std::int64_t n, Month now);
  std::int64_t support_at_census_ = 0, after_support_at_census_ = 0;  // their totals at the start of the month
  std::pair<std::int64_t, std::int64_t> support_totals() const;  // on SEN Support, and left it, over the cohorts
  // The counted pupils in a census: status, school pupils, SEN Support and (a binomial share of
  // those on it, as holds_isp gives agents by id) ISPs.
  void count_support(Month now, std::int64_t on_support, std::int64_t after_support, Census& c) const;
  void place_new_plan(std::size_t i, int age, double u, Scratch& scratch);
  const engine::RandomStreams* rng_ = nullptr;
  void consider_appeal(std::size_t i, int kind, Month now, double u_whether, Tally& tally);
  // A plan holder of the stock at the start `now`: the appeal against its last review's decision
  // still waiting for the tribunal, if any (lanes 1-3 of `u`).
  void seed_pending_appeal(std::size_t i, Month now, Month next_review, const std::array<double, 4>& u);
  void on_request(std::size_t i, Month now, Tally& tally);
  void set_status(std::size_t i, SenStatus to, Tally& tally);
  void remove(std::size_t i, Tally& tally);
  void on_decision(std::size_t i, Month now, const std::array<double, 4>& u, Scratch& s);
  void on_assessment_end(std::size_t i, Month now, const std::array<double, 4>& u, Scratch& s);
  void on_hearing(std::size_t i, Month now, double u, Scratch& s);
  void want_special_place(std::size_t i, bool transfer, Scratch& s);
  void leave_school(std::size_t i, const std::array<double, 4>& shares, double u, Month now, Scratch& s);
  void on_september(std::size_t i, Month now, Scratch& s);
  // White Paper: whether a plan for `need` meets a Specialist Provision Package (always, without it).
  bool meets_specialist_layer(std::size_t i, int need, Month now) const;
  // White Paper: a mainstream plan holder's reassessment at a phase transfer; true if the plan ended.
  bool reassess_at_phase_transfer(std::size_t i, Month now, Scratch& s);
  void cease(std::size_t i, Month now, Tally& tally, CeaseCause cause);
  // One agent's part of the census but its plan (count_plans); `threshold`: isp_threshold(now),
  // computed once by the caller.
  void count_census(std::size_t i, std::uint32_t threshold, Census& census) const;
  // The plans of the plan holders listed: the joint tables counted one by one, their margins from them.
  void count_plans(const std::vector<std::uint32_t>& holders, std::size_t n, Month now, Census& census) const;
  void take_census(engine::AgentRange range, Month now, Scratch& s) const;  // January, one chunk
  // Draws the month of the agent's next hazard-driven event (identification, leaving SEN Support
  // or asking for an assessment, moving between mainstream and special) from `from` on, and the
  // month it next needs attention (DESIGN.md §2: pupils with nothing to do cost next to nothing).
  // `u_wake`, if given (in [0, 1)), is the uniform for that draw: an unused lane of a block the
  // caller drew for the same agent and month, which saves a Philox block of its own.
  void schedule(std::size_t i, Month from, bool redraw, double u_wake = -1.0);
  void set_wake(std::size_t i);
  // The month of the first annual review, from the one due in `first` on, at which the review
  // decides anything (ceasing, or a decision the family appeals), by inversion with `u` of the
  // chance that each review in turn decides nothing; kFar if none before the plan ends at 25. A
  // review that decides nothing changes nothing, so only eventful ones are visited.
  std::int16_t next_eventful_review(std::size_t i, Month first, double u) const;
  // The chance that an annual review at `age` in `year` decides nothing (neither ceases the plan
  // nor is appealed), and the same tabulated for ages 0-25, kFirstYear..kLastYear at construction:
  // a plan's reviews are walked afresh after every eventful one, a twentieth of a run before.
  double review_uneventful(int age, int year) const;
  static constexpr int kReviewAges = 26;
  std::vector<double> review_uneventful_;  // [(year - kFirstYear) * kReviewAges + age]
  // For a plan whose reviews from (year, age) on are yearly (age 5 and over): the chance that every
  // review from the first to the k-th decided nothing, the products next_eventful_review would form
  // review by review; the chain of (year, age) starts at review_chain_at_[(year - kFirstYear) *
  // kReviewAges + age] and runs to the plan's end at 25 or to kLastYear.
  std::vector<double> review_chains_;
  std::vector<std::uint32_t> review_chain_at_;
  // The share of annual reviews at `age` in `year` that take place: 1, but for school-age plans
  // under the White Paper's phase-transfer reviews (params.h ReformParams).
  double review_held(int age, int year) const;
  // White Paper: whether agent i holds an ISP (on SEN Support at school, one of the share of them
  // the isp lever sets, fixed by its id: no draw), `threshold` being that share in thousandths
  // (isp_threshold; a census computes it once, not for every pupil: it rounds the lever's value).
  bool holds_isp(std::size_t i, std::uint32_t threshold) const;
  std::uint32_t isp_threshold(Month now) const;  // the lever's share in `now`, in thousandths
  // Runs visit(i) for agents [first, last), chunks in parallel (it may write agent i), and counts
  // those for which it returns true.
  template <class Visit>
  std::size_t count_over(std::size_t first, std::size_t last, Visit&& visit);
  bool september_matters(std::size_t i, int year_group) const;
  void process(std::size_t i, Month now, Scratch& s, std::size_t places_asked);
  struct VisitStart {
    std::size_t places_asked;  // special places asked for in the chunk before this agent
    int in_state_special, in_independent_special;
    std::uint8_t status, setting;
  };
  VisitStart visit_start(std::size_t i, const Scratch& s) const;
  void visit(std::size_t i, Month now, Scratch& s, const VisitStart& start);
  void prefetch(std::size_t i) const;

  // Hazards shared by every pupil in a state, tabulated by month from the parameters' trends:
  // identification, and leaving SEN Support or asking for an assessment (competing), by sex.
  static constexpr int kFirstYear = 2000, kLastYear = 2100;
  engine::YearlyHazard identify_hazard_, support_hazard_male_, support_hazard_female_;
  engine::Geometric to_special_{0.0}, to_mainstream_{0.0};  // plan holders' moves, constant hazards
  ShareChoice<14> new_need_;  // primary need of new plans (stock.new_need_shares)
  engine::Binomial male_;  // how many of a group of counted pupils are boys (population.male_share)
  std::vector<double> appeal_by_year_;  // appeals per appealable decision, kFirstYear..kLastYear
  void seed_early_years_requests(Month start, const engine::RandomStreams& rng);
  void make_early_years_child(std::size_t i, int academic_year, const std::array<double, 4>& u, double male_share);
  bool resume_request(std::size_t i, Month asked, Month start, const engine::RandomStreams& rng);
  void remove_before_start(std::size_t i);
  // Requests made this many months before the start may still be under way then (a late plan's
  // 20 weeks and its exponential delay, 15 weeks on average: 1 in 100 takes longer).
  static constexpr int kResumeMonths = 18;
  double request_age_top_ = 1.0;        // the highest of requests.age_relative
  std::array<double, 4> request_age_shares_{};  // each band's age_relative / request_age_top_, divided once
  // Agent i's request rate at its age band, as a share of the highest band's (thinning).
  double request_age_share(std::size_t i, Month now) const;

  SendParams params_;
  SendRunOptions options_;
  engine::Population population_;
  // What every pass reads (the monthly scan, the January census, the September year-group moves)
  // is kept in columns of its own; what only a visit to the agent reads is kept together in one
  // record, because a month visits few agents, scattered.
  engine::Column<std::int16_t>& birth_;    // month of birth, months since kEpoch
  engine::Column<std::uint8_t>& status_;   // SenStatus
  engine::Column<std::uint8_t>& setting_;  // Setting
  engine::Column<std::uint8_t>& flags_;
  struct Record {
    std::uint32_t id;
    std::int16_t event;    // next process event (decision, plan) or hazard-driven event
    std::int16_t request;  // month of the request being processed
    // Month of the next annual review of a plan; while a request is under way (no plan), what its
    // path keeps for its next stage (keep_decision, keep_outcome in send_model.cpp).
    std::int16_t review;
    std::int16_t appeal;   // month the pending appeal is registered / decided
    std::uint8_t need;     // NeedType (plan holders)
    // When a pupil without a plan leaves school, drawn when the pupil is made (fills padding):
    // 0 not drawn, 1 at the start of year 12, 2 of year 13, 3 after year 13.
    std::uint8_t sixth_form;
    // The batch the pupil arrived in (the start's plans, a year group of the start, an intake, a
    // month's early years requests; fills padding): special places go to agents in batch order.
    std::uint16_t batch;
  };
  // field_[i] reads and writes one field of agent i's record.
  template <class T, T Record::*Field>
  struct FieldOf {
    engine::Column<Record>* records;
    T& operator[](std::size_t i) { return records->values[i].*Field; }
    const T& operator[](std::size_t i) const { return records->values[i].*Field; }
  };
  engine::Column<Record>& records_;
  FieldOf<std::uint32_t, &Record::id> id_{&records_};
  FieldOf<std::uint8_t, &Record::need> need_{&records_};
  FieldOf<std::uint8_t, &Record::sixth_form> sixth_form_{&records_};
  FieldOf<std::uint16_t, &Record::batch> batch_{&records_};
  FieldOf<std::int16_t, &Record::event> event_{&records_};
  FieldOf<std::int16_t, &Record::request> request_{&records_};
  FieldOf<std::int16_t, &Record::review> review_{&records_};
  FieldOf<std::int16_t, &Record::appeal> appeal_{&records_};
  engine::Column<std::int16_t>& wake_;     // the next month anything happens to the agent

  // Hazards of the current month (set in begin_month, read by every chunk).
  struct MonthRates {
    double support_ends = 0, request_male = 0, request_female = 0;
    double to_special = 0, to_mainstream = 0, appeal = 0;
    ShareChoice<9> school_choice;           // placements of new school-age plans, this year
    double moves_go_ahead = 1.0;            // share of mainstream-to-special moves that go ahead
    double upheld = 0;                      // appeals decided for the appellant
    // White Paper (params.h ReformParams), this year: eligibility of new plans {packaged needs,
    // others}, the share reassessed out at a phase transfer, upheld placement appeals naming the school.
    std::array<double, 2> eligible{1.0, 1.0};
    double reassessed = 0, names_school = 1.0;
  };
  MonthRates rates_;
  Tally pending_;  // what begin_month did (arrivals), added to the month's tally in end_month
  std::uint32_t next_id_ = 0;
  std::size_t first_index_this_month_ = 0;  // agents from this index on arrived this month
  double special_places_ = 0;       // state special school places (agents)
  std::int64_t state_special_occupied_ = 0;  // agents in state special schools now
  // Independent special places the LA commissions (agents); infinite without a limit
  // (CapacityParams::independent_growth NaN).
  double independent_places_ = 0;
  std::int64_t independent_special_occupied_ = 0;  // agents in independent special schools now
  // Children who wanted a special place and found none, oldest first: they take the first places
  // that come free, or an independent one after CapacityParams::longest_wait_months (end_month).
  struct Waiter {
    std::uint32_t wanted;  // agent index | 0x80000000 for a move from mainstream
    int since;             // the month index the child began to wait
  };
  std::vector<Waiter> place_waiting_;
  std::vector<Waiter> waited_scratch_;         // end_month: last month's waiting, served first
  std::vector<std::uint32_t> waiters_sorted_;  // end_month: their agent indices, sorted
  std::int64_t departed_since_compaction_ = 0;
  int in_state_special(std::size_t i) const {
    return setting_[i] == static_cast<std::uint8_t>(Setting::StateSpecial) && !(flags_[i] & kDead);
  }
  int in_independent_special(std::size_t i) const {
    return setting_[i] == static_cast<std::uint8_t>(Setting::IndependentSpecial) && !(flags_[i] & kDead);
  }
  std::vector<YearTally> years_;
};

}  // namespace sendtwin::model
