// Promises of engine/event_calendar.h: the calendar files agents under the month of their next
// event and hands them back in order; geometric_months draws the wait for a constant monthly
// hazard by inversion, and its draws follow the geometric law.
#include "engine/event_calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/calendar.h"
#include "engine/distributions.h"
#include "engine/rng.h"

namespace sendtwin::engine {
namespace {

using Agents = std::vector<std::uint32_t>;

// --- The calendar -------------------------------------------------------------------------------

TEST(EngineCalendar, AnEventBeyondTheHorizonIsDropped) {
  EventCalendar calendar(10, 5);  // months 10..14
  ASSERT_EQ(calendar.end_month(), 15);
  calendar.schedule(1, 15);
  calendar.schedule(2, 1000);
  EXPECT_EQ(calendar.pending(), 0u);
  EXPECT_FALSE(calendar.in_horizon(15));
  calendar.schedule(3, 14);  // the last month of the horizon is kept
  EXPECT_EQ(calendar.pending(), 1u);
  EXPECT_EQ(calendar.due(14), Agents({3}));
}

TEST(EngineCalendar, SchedulingBeforeTheFirstMonthThrows) {
  EventCalendar calendar(10, 5);
  EXPECT_THROW(calendar.schedule(1, 9), std::logic_error);
  EXPECT_THROW(calendar.schedule(1, -100), std::logic_error);
  EXPECT_EQ(calendar.pending(), 0u);
  EXPECT_NO_THROW(calendar.schedule(1, 10));  // the first month itself is not the past
  EXPECT_EQ(calendar.due(10), Agents({1}));
}

TEST(EngineCalendar, DueListsAgentsInTheOrderTheyWereScheduled) {
  EventCalendar calendar(1, 12);
  const Agents order = {42, 7, 99, 0, 7000000, 3};
  for (std::size_t i = 0; i < order.size(); ++i) {
    calendar.schedule(order[i], 6);
    calendar.schedule(static_cast<std::uint32_t>(100 + i), 5 + 2 * static_cast<int>(i % 2));  // months 5 and 7
  }
  EXPECT_EQ(calendar.due(6), order);
  EXPECT_EQ(calendar.due(5), Agents({100, 102, 104}));
  EXPECT_EQ(calendar.due(7), Agents({101, 103, 105}));
}

TEST(EngineCalendar, AnAgentAppendedWhileVisitingAMonthByIndexIsVisitedInTheSamePass) {
  EventCalendar calendar(1, 3);
  calendar.schedule(10, 2);
  calendar.schedule(20, 2);
  Agents visited;
  auto& due = calendar.due(2);
  for (std::size_t e = 0; e < due.size(); ++e) {
    const std::uint32_t agent = due[e];
    visited.push_back(agent);
    // Each of the first agents files a follow-up event in this same month (enough of them to
    // make the list reallocate), and the follow-ups file nothing.
    if (agent < 100) {
      for (std::uint32_t j = 1; j <= 40; ++j) calendar.schedule(agent * 100 + j, 2);
    }
  }
  Agents expected = {10, 20};
  for (std::uint32_t j = 1; j <= 40; ++j) expected.push_back(1000 + j);
  for (std::uint32_t j = 1; j <= 40; ++j) expected.push_back(2000 + j);
  EXPECT_EQ(visited, expected);
}

TEST(EngineCalendar, ReleaseFreesAVisitedMonthAndLeavesTheOthers) {
  EventCalendar calendar(1, 4);
  for (std::uint32_t a = 0; a < 10000; ++a) calendar.schedule(a, 2);
  calendar.schedule(5, 3);
  const std::size_t before = calendar.allocated_bytes();
  calendar.release(2);
  EXPECT_TRUE(calendar.due(2).empty());
  EXPECT_EQ(calendar.due(2).capacity(), 0u);
  EXPECT_LE(calendar.allocated_bytes() + 10000 * sizeof(std::uint32_t), before);
  EXPECT_EQ(calendar.pending(), 1u);
  EXPECT_EQ(calendar.due(3), Agents({5}));
}

TEST(EngineCalendar, PendingCountsEveryKeptEventAcrossMonths) {
  EventCalendar calendar(0, 24);
  EXPECT_EQ(calendar.pending(), 0u);
  std::size_t kept = 0;
  for (std::uint32_t a = 0; a < 1000; ++a) {
    const int month = static_cast<int>(a % 37);  // months 24..36 fall beyond the horizon
    calendar.schedule(a, month);
    if (month < 24) ++kept;
  }
  EXPECT_EQ(calendar.pending(), kept);
  const std::size_t in_month_3 = calendar.due(3).size();
  calendar.release(3);
  EXPECT_EQ(calendar.pending(), kept - in_month_3);
}

// --- geometric_months ---------------------------------------------------------------------------

constexpr std::size_t kDraws = 1'000'000;

// 10^6 uniforms from the engine's own generator, four per address.
const std::vector<double>& uniforms() {
  static const std::vector<double> u = [] {
    const RandomStreams rng(20240917, 0);
    std::vector<double> out;
    out.reserve(kDraws);
    for (std::uint32_t a = 0; out.size() < kDraws; ++a)
      for (double x : rng.uniforms(a, 0, 7)) out.push_back(x);
    return out;
  }();
  return u;
}

std::vector<int> draws(double p) {
  std::vector<int> g;
  g.reserve(kDraws);
  for (double u : uniforms()) g.push_back(geometric_months(p, u));
  return g;
}

const double kHazards[] = {0.004, 0.0125, 0.3};

TEST(EngineCalendar, GeometricMonthsIsZeroWithProbabilityP) {
  for (double p : kHazards) {
    std::size_t zeros = 0;
    for (int g : draws(p)) zeros += g == 0;
    const double share = static_cast<double>(zeros) / kDraws;
    EXPECT_NEAR(share, p, 5 * std::sqrt(p * (1 - p) / kDraws)) << "p = " << p;
  }
}

TEST(EngineCalendar, GeometricMonthsHasMeanOneMinusPOverP) {
  for (double p : kHazards) {
    double sum = 0;
    for (int g : draws(p)) sum += g;
    const double variance = (1 - p) / (p * p);
    EXPECT_NEAR(sum / kDraws, (1 - p) / p, 5 * std::sqrt(variance / kDraws)) << "p = " << p;
  }
}

// Chi-square against P(G = k) = (1 - p)^k p: one bin per k while its expected count is at least
// 20, and one bin for the tail; the bound is the chi-square quantile five standard deviations out
// (Wilson-Hilferty), so a correct draw fails about once in three million runs.
TEST(EngineCalendar, GeometricMonthsFollowsTheGeometricLaw) {
  for (double p : kHazards) {
    std::vector<double> expected;
    double tail = 1.0;  // P(G >= k)
    while (kDraws * tail * p >= 20) {
      expected.push_back(kDraws * tail * p);
      tail *= 1 - p;
    }
    const std::size_t bins = expected.size();
    expected.push_back(kDraws * tail);
    std::vector<double> observed(bins + 1, 0.0);
    for (int g : draws(p)) {
      ASSERT_GE(g, 0);
      ++observed[std::min(static_cast<std::size_t>(g), bins)];
    }
    double chi2 = 0;
    for (std::size_t k = 0; k <= bins; ++k) chi2 += (observed[k] - expected[k]) * (observed[k] - expected[k]) / expected[k];
    const double df = static_cast<double>(bins);
    const double z = 5.0, h = 2.0 / (9.0 * df);
    const double bound = df * std::pow(1 - h + z * std::sqrt(h), 3);
    EXPECT_LT(chi2, bound) << "p = " << p << ", " << bins + 1 << " bins";
  }
}

TEST(EngineCalendar, GeometricMonthsWithZeroHazardIsBeyondAnyHorizonYetSafeToAdd) {
  for (double u : {0.0, 0.5, 1.0 - 1.0 / 4294967296.0}) {
    const int g = geometric_months(0.0, u);
    EXPECT_GE(g, 1'000'000'000) << "u = " << u;
    EXPECT_LE(g, std::numeric_limits<int>::max() - 1'000'000) << "u = " << u;  // month + g does not overflow
  }
}

TEST(EngineCalendar, GeometricMonthsWithCertainHazardIsZero) {
  for (double u : {0.0, 0.25, 0.5, 0.999, 1.0 - 1.0 / 4294967296.0}) EXPECT_EQ(geometric_months(1.0, u), 0) << "u = " << u;
}

TEST(EngineCalendar, GeometricMonthsTooLongForAnIntIsCappedNotOverflowed) {
  // The largest uniform the engine makes and a tiny hazard: the wait is about 2e13 months.
  const int g = geometric_months(1e-12, 1.0 - 1.0 / 4294967296.0);
  EXPECT_GE(g, 1'000'000'000);
  EXPECT_LE(g, std::numeric_limits<int>::max() - 1'000'000);
}


// A hazard of 2% a month in 2020 and 5% a month from 2021 on, drawn from January 2020 with a cap
// in June 2022: the exact law is P(month m) = prod_{k<m}(1 - h_k) h_m.
std::vector<double> exact_month_law(int months, int cap_offset) {
  std::vector<double> p(static_cast<std::size_t>(cap_offset) + 1, 0.0);
  double survive = 1.0;
  for (int k = 0; k < cap_offset; ++k) {
    const double h = k < 12 ? 0.02 : 0.05;
    p[static_cast<std::size_t>(k)] = survive * h;
    survive *= 1.0 - h;
  }
  p[static_cast<std::size_t>(cap_offset)] = survive;  // no event before the cap
  (void)months;
  return p;
}

TEST(EngineCalendar, YearlyHazard_MatchesTheDiscreteMonthlyLawAcrossYears) {
  const YearlyHazard hazard(2020, {cumulative_hazard(0.02), cumulative_hazard(0.05)});
  const int from = Month(2020, 1).index(), cap = Month(2022, 6).index();
  const int span = cap - from;
  const auto law = exact_month_law(span, span);
  const RandomStreams rng(42, 0);
  constexpr int kDraws = 400000;
  std::vector<int> seen(law.size(), 0);
  for (int d = 0; d < kDraws; ++d) {
    const int m = hazard.first_event_month(from, cap, rng.uniform(static_cast<std::uint32_t>(d), 0, 1));
    ASSERT_GE(m, from);
    ASSERT_LE(m, cap);
    ++seen[static_cast<std::size_t>(m - from)];
  }
  for (std::size_t k = 0; k < law.size(); ++k) {
    const double expected = kDraws * law[k];
    EXPECT_NEAR(seen[k], expected, 5.0 * std::sqrt(expected) + 1.0) << "month offset " << k;
  }
}

TEST(EngineCalendar, FirstEventMonth_AgreesWithTheTabulatedYearlyHazard) {
  const std::vector<double> rates = {cumulative_hazard(0.01), cumulative_hazard(0.03), cumulative_hazard(0.002)};
  const YearlyHazard table(2019, rates);
  const RandomStreams rng(7, 0);
  for (std::uint32_t d = 0; d < 20000; ++d) {
    const double u = rng.uniform(d, 0, 2);
    const int from = Month(2019, 1).index() + static_cast<int>(d % 30), cap = Month(2030, 1).index();
    const int walked = first_event_month(from, cap, u, [&](int year) {
      return rates[static_cast<std::size_t>(std::clamp(year - 2019, 0, 2))];
    });
    EXPECT_EQ(table.first_event_month(from, cap, u), walked) << "draw " << d;
  }
}

// The search for the month is guided (a table of where each bucket of survival values begins):
// it must give the month a plain walk through the tabulated survival gives, for hazards that are
// flat for years (a zero rate), steep enough to underflow, or mixed, from any month to any cap.
int walked_month(const YearlyHazard& h, int first_month, int last, int from, int cap, double u) {
  const auto survival = [&](int m) { return m <= first_month ? 1.0 : h.survival(first_month, m); };  // S(m) exactly
  const int start = std::clamp(from, first_month, last);
  const double target = (1.0 - u) * survival(start);
  for (int m = start + 1; m <= cap; ++m)
    if (survival(m) <= target) return std::min(std::max(m - 1, from), cap);
  return cap;
}

TEST(EngineCalendar, YearlyHazard_GuidedSearch_GivesThePlainWalksMonth) {
  const std::vector<std::vector<double>> cases = {
      {cumulative_hazard(0.002), cumulative_hazard(0.004), 0.0, 0.0, cumulative_hazard(0.006), 0.0},
      {cumulative_hazard(0.05), 0.0, cumulative_hazard(0.3), 2.0, 5.0, 0.0},
      {cumulative_hazard(0.03), cumulative_hazard(0.031), cumulative_hazard(0.0005), cumulative_hazard(0.9), 40.0, 1.0}};
  const RandomStreams rng(11, 0);
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const YearlyHazard h(2020, cases[c]);
    const int first_month = Month(2020, 1).index(), last = first_month + 12 * static_cast<int>(cases[c].size());
    for (std::uint32_t d = 0; d < 20000; ++d) {
      const auto u = rng.uniforms(d, static_cast<std::int32_t>(c), 3);
      const int from = first_month - 3 + static_cast<int>(u[1] * (last - first_month));
      const int cap = std::min(last, std::max(from, first_month) + 1 + static_cast<int>(u[2] * 40));  // in the table
      // Some draws at the extremes: a certain event, and survival far in the tail.
      const double v = d % 97 == 0 ? 0.0 : d % 89 == 0 ? 1.0 - 0x1p-32 : u[0];
      EXPECT_EQ(h.first_event_month(from, cap, v), walked_month(h, first_month, last, from, cap, v))
          << "case " << c << ", draw " << d << ", from " << from << ", cap " << cap;
    }
  }
}

// list_due lists the due agents of a wake column eight at a time: the same indices, in the same
// order, as a plain loop, whatever the range's start and length (a tail shorter than eight).
TEST(EngineCalendar, ListDue_GivesThePlainLoopsIndicesInOrder) {
  const RandomStreams rng(5, 0);
  std::vector<std::int16_t> wake(203);
  for (std::size_t i = 0; i < wake.size(); ++i)
    wake[i] = static_cast<std::int16_t>(-40 + static_cast<int>(rng.uniform(static_cast<std::uint32_t>(i), 0, 1) * 80));
  wake[17] = std::numeric_limits<std::int16_t>::min();
  wake[18] = std::numeric_limits<std::int16_t>::max();
  for (const std::int16_t today : {std::int16_t{-50}, std::int16_t{-3}, std::int16_t{0}, std::int16_t{39}, std::int16_t{40}})
    for (std::size_t begin = 0; begin < 12; ++begin)
      for (const std::size_t end : {begin, begin + 7, begin + 8, begin + 9, std::size_t{150}, wake.size()}) {
        std::vector<std::uint32_t> listed = {999}, expected = {999};  // appended after what is there
        list_due(wake.data(), begin, end, today, listed);
        for (std::size_t i = begin; i < end; ++i)
          if (wake[i] <= today) expected.push_back(static_cast<std::uint32_t>(i));
        EXPECT_EQ(listed, expected) << "today " << today << ", [" << begin << ", " << end << ")";
      }
}

// --- Counting a group's first events (first_event_counts) ----------------------------------------
// A group of n pupils without SEN is drawn at once: how many are identified before they leave
// school (`cap`) and in which months. The law must be that of drawing each pupil's month by
// inversion (first_event_month) and counting those before `cap` — the model's per-pupil draw
// before issue 21. Both are drawn for many groups and compared month by month (a two-sample
// chi-square), and the spread of the count per group too (both binomial).

// Per month offset from `from` (the last slot: no event before `cap`), over `groups` groups of `n`.
struct GroupDraws {
  std::vector<double> months;
  double mean_before_cap = 0, variance_before_cap = 0;  // of the count before `cap` per group
};

template <class Draw>
GroupDraws draw_groups(int groups, std::int64_t n, int span, Draw&& draw) {
  GroupDraws out;
  out.months.assign(static_cast<std::size_t>(span) + 1, 0.0);
  std::vector<double> per_group;
  for (int g = 0; g < groups; ++g) {
    std::vector<std::int64_t> counts = draw(static_cast<std::uint32_t>(g));
    std::int64_t before = 0;
    for (int k = 0; k < span; ++k) {
      out.months[static_cast<std::size_t>(k)] += static_cast<double>(counts[static_cast<std::size_t>(k)]);
      before += counts[static_cast<std::size_t>(k)];
    }
    out.months.back() += static_cast<double>(n - before);
    per_group.push_back(static_cast<double>(before));
  }
  for (double x : per_group) out.mean_before_cap += x / groups;
  for (double x : per_group) out.variance_before_cap += (x - out.mean_before_cap) * (x - out.mean_before_cap) / (groups - 1);
  return out;
}

// The two-sample chi-square of two histograms of equal totals, over bins holding at least 20
// between them (the sparse tail pooled), and its degrees of freedom.
std::pair<double, int> two_sample_chi_square(const std::vector<double>& a, const std::vector<double>& b) {
  double chi = 0, pooled_a = 0, pooled_b = 0;
  int bins = 0;
  auto add = [&](double x, double y) {
    chi += (x - y) * (x - y) / (x + y);
    ++bins;
  };
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] + b[k] >= 20) {
      add(a[k], b[k]);
    } else {
      pooled_a += a[k];
      pooled_b += b[k];
    }
  }
  if (pooled_a + pooled_b > 0) add(pooled_a, pooled_b);
  return {chi, bins - 1};
}

// Identification-like hazards that change by year (monthly 0.2% to 0.6%), from a September over
// 11 years and a half to the cap (a reception pupil leaving after year 11, say).
struct GroupCase {
  YearlyHazard hazard{2020, {cumulative_hazard(0.002), cumulative_hazard(0.004), cumulative_hazard(0.006),
                             cumulative_hazard(0.003), cumulative_hazard(0.005)}};
  int from = Month(2020, 9).index(), cap = Month(2032, 9).index();
  static constexpr int kGroups = 3000;
  static constexpr std::int64_t kPupils = 60;
};

GroupDraws per_pupil(const GroupCase& c, const YearlyHazard& hazard) {
  const RandomStreams rng(11, 0);
  const int span = c.cap - c.from;
  return draw_groups(GroupCase::kGroups, GroupCase::kPupils, span, [&](std::uint32_t g) {
    std::vector<std::int64_t> counts(static_cast<std::size_t>(span), 0);
    for (std::int64_t i = 0; i < GroupCase::kPupils; ++i) {
      const auto id = static_cast<std::uint32_t>(g * GroupCase::kPupils + static_cast<std::uint32_t>(i));
      const int m = hazard.first_event_month(c.from, c.cap, rng.uniform(id, c.from, 1));
      if (m < c.cap) ++counts[static_cast<std::size_t>(m - c.from)];
    }
    return counts;
  });
}

GroupDraws grouped(const GroupCase& c) {
  const RandomStreams rng(12, 0);
  return draw_groups(GroupCase::kGroups, GroupCase::kPupils, c.cap - c.from, [&](std::uint32_t g) {
    UniformSequence u(rng, g, c.from, 2);
    std::vector<std::int64_t> counts;
    first_event_counts(c.hazard, GroupCase::kPupils, c.from, c.cap, u, counts);
    EXPECT_EQ(counts.size(), static_cast<std::size_t>(c.cap - c.from));
    return counts;
  });
}

TEST(EngineCalendar, FirstEventCounts_HaveTheLawOfDrawingEachPupil) {
  const GroupCase c;
  const GroupDraws a = per_pupil(c, c.hazard), b = grouped(c);
  const auto [chi, df] = two_sample_chi_square(a.months, b.months);
  ASSERT_GT(df, 50);  // most months hold enough draws to compare
  // The chi-square's mean is df and its sd sqrt(2 df): 5 sd is a false alarm once in millions.
  EXPECT_LT(chi, df + 5.0 * std::sqrt(2.0 * df)) << "df " << df;
  // The count before the cap per group: both Binomial(n, 1 - S(cap)); its mean within 5 standard
  // errors and its variance within 15% (the variance's own relative sd here is about 3%).
  const double p = 1.0 - c.hazard.survival(c.from, c.cap);
  const double mean = GroupCase::kPupils * p, variance = GroupCase::kPupils * p * (1.0 - p);
  for (const GroupDraws* d : {&a, &b}) {
    EXPECT_NEAR(d->mean_before_cap, mean, 5.0 * std::sqrt(variance / GroupCase::kGroups));
    EXPECT_NEAR(d->variance_before_cap / variance, 1.0, 0.15);
  }
}

// The comparison above can fail: the per-pupil draws under hazards a tenth higher are told apart.
TEST(EngineCalendar, FirstEventCounts_ComparisonTellsAWrongLawApart) {
  const GroupCase c;
  const YearlyHazard higher(2020, {cumulative_hazard(0.0022), cumulative_hazard(0.0044), cumulative_hazard(0.0066),
                                   cumulative_hazard(0.0033), cumulative_hazard(0.0055)});
  const auto [chi, df] = two_sample_chi_square(per_pupil(c, higher).months, grouped(c).months);
  EXPECT_GT(chi, df + 5.0 * std::sqrt(2.0 * df)) << "df " << df;
}

TEST(EngineCalendar, FirstEventCounts_NoneBeforeACapAtOrBeforeTheStart) {
  const GroupCase c;
  const RandomStreams rng(1, 0);
  UniformSequence u(rng, 0, c.from, 2);
  std::vector<std::int64_t> counts{5};
  first_event_counts(c.hazard, 100, c.from, c.from, u, counts);
  EXPECT_TRUE(counts.empty());
  EXPECT_DOUBLE_EQ(c.hazard.survival(c.from, c.from - 3), 1.0);
}

TEST(EngineCalendar, Geometric_DrawsWhatGeometricMonthsDraws) {
  const RandomStreams rng(3, 0);
  // 0.0001: most waits lie beyond the 1,024-month table and take the logarithm instead.
  for (const double p : {0.0001, 0.004, 0.0125, 0.3}) {
    const Geometric g(p);
    int differ = 0;
    for (std::uint32_t d = 0; d < 100000; ++d) {
      const double u = rng.uniform(d, 0, 4);
      differ += g.months(u) != geometric_months(p, u);  // only a rounding tie could differ
    }
    EXPECT_LE(differ, 2) << "p = " << p;
  }
  EXPECT_EQ(Geometric(1.0).months(0.5), 0);
  EXPECT_GE(Geometric(0.0).months(0.5), 1'000'000'000);
}

TEST(EngineCalendar, Geometric_CappedWaitIsTheWaitOrTheCap) {
  const RandomStreams rng(5, 0);
  const Geometric g(0.004);
  for (std::uint32_t d = 0; d < 20000; ++d) {
    const double u = rng.uniform(d, 0, 4);
    const int cap = static_cast<int>(d % 2000);  // below, inside and beyond the table
    EXPECT_EQ(g.months_within(u, cap), std::min(cap, geometric_months(0.004, u))) << "draw " << d;
  }
}

}  // namespace
}  // namespace sendtwin::engine
