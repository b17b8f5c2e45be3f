// Promises of engine/distributions.h: each sampler has the mean and variance of its distribution
// (checked against 5-standard-error bands over many addressed draws), draws are pure functions of
// their address, and the urn and rate-then-count routes of the compound draws agree.
#include "engine/distributions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <vector>

namespace sendtwin::engine {
namespace {

struct Moments {
  double mean = 0, variance = 0;
};

// `n` draws of `draw(u)`, each from its own address (agent i, month 0, stream 1).
Moments moments(int n, const std::function<double(UniformSequence&)>& draw, std::uint64_t seed = 42) {
  const RandomStreams rng(seed, 0);
  double sum = 0, squares = 0;
  for (int i = 0; i < n; ++i) {
    UniformSequence u(rng, static_cast<std::uint32_t>(i), 0, 1);
    const double x = draw(u);
    sum += x;
    squares += x * x;
  }
  Moments m;
  m.mean = sum / n;
  m.variance = squares / n - m.mean * m.mean;
  return m;
}

// The sample mean lies within 5 standard errors of `mean`, and the sample variance within 10% of
// `variance` (at n = 200,000 its standard error is far below that for these distributions).
void expect_moments(const Moments& m, double mean, double variance, int n) {
  EXPECT_NEAR(m.mean, mean, 5.0 * std::sqrt(variance / n)) << "mean";
  EXPECT_NEAR(m.variance, variance, 0.1 * variance) << "variance";
}

constexpr int kDraws = 200000;

TEST(Distributions, UniformSequenceIsAPureFunctionOfItsAddress) {
  const RandomStreams rng(7, 3);
  UniformSequence a(rng, 5, 2020, 4), b(rng, 5, 2020, 4), other(rng, 5, 2020, 5);
  for (int i = 0; i < 10; ++i) {
    const double x = a.next();
    EXPECT_EQ(x, b.next());
    EXPECT_NE(x, other.next());
    EXPECT_GE(x, 0.0);
    EXPECT_LT(x, 1.0);
  }
}

TEST(Distributions, StandardNormalHasMeanZeroVarianceOne) {
  expect_moments(moments(kDraws, [](UniformSequence& u) { return standard_normal(u); }), 0.0, 1.0, kDraws);
}

TEST(Distributions, GammaHasMeanAndVarianceOfItsShape) {
  for (const double shape : {0.01, 0.3, 1.0, 2.5, 40.0, 5000.0}) {
    SCOPED_TRACE(shape);
    expect_moments(moments(kDraws, [shape](UniformSequence& u) { return gamma_variate(shape, u); }), shape, shape, kDraws);
  }
}

TEST(Distributions, TinyGammaShapesStayFiniteInLogs) {
  const RandomStreams rng(1, 0);
  UniformSequence u(rng, 0, 0, 1);
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(std::isfinite(log_gamma_variate(1e-4, u)));
}

TEST(Distributions, BetaHasItsMeanAndVariance) {
  for (const auto& [a, b] : std::vector<std::pair<double, double>>{{0.5, 0.5}, {2.0, 30.0}, {20.0, 9000.0}, {0.02, 0.98}}) {
    SCOPED_TRACE(a);
    const double mean = a / (a + b), variance = a * b / ((a + b) * (a + b) * (a + b + 1));
    expect_moments(moments(kDraws, [a, b](UniformSequence& u) { return beta_variate(a, b, u); }), mean, variance, kDraws);
  }
}

TEST(Distributions, BinomialHasItsMeanAndVarianceByInversionAndBySplitting) {
  // n p below 20 (inversion), above (Knuth's split), and p above 1/2 (the symmetric count).
  for (const auto& [n, p] : std::vector<std::pair<std::int64_t, double>>{
           {10, 0.3}, {50, 0.1}, {9000, 0.002}, {9000, 0.3}, {1000000, 0.45}, {400, 0.9}, {7, 1.0}, {7, 0.0}}) {
    SCOPED_TRACE(n);
    const double mean = n * p, variance = n * p * (1 - p);
    const auto m = moments(kDraws, [n, p](UniformSequence& u) { return static_cast<double>(binomial_variate(n, p, u)); });
    if (variance == 0) {
      EXPECT_EQ(m.mean, mean);
      EXPECT_EQ(m.variance, 0.0);
    } else {
      expect_moments(m, mean, variance, kDraws);
    }
  }
}

TEST(Distributions, BinomialStaysWithinZeroAndN) {
  const RandomStreams rng(3, 0);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    UniformSequence u(rng, i, 0, 1);
    const auto k = binomial_variate(37, 0.5, u);
    EXPECT_GE(k, 0);
    EXPECT_LE(k, 37);
  }
}

// Pearson's chi-square of `draws` draws of `draw(u)` against Binomial(n, p)'s exact probabilities
// (by the recurrence from (1 - p)^n, in long double), the tail bins pooled until each expects at
// least 20; with its degrees of freedom.
std::pair<double, int> binomial_chi_square(std::int64_t n, double p, int draws,
                                           const std::function<std::int64_t(UniformSequence&)>& draw) {
  std::vector<long double> pmf(static_cast<std::size_t>(n) + 1);
  pmf[0] = std::pow(1.0L - p, static_cast<long double>(n));
  for (std::int64_t k = 1; k <= n; ++k)
    pmf[static_cast<std::size_t>(k)] = pmf[static_cast<std::size_t>(k - 1)] * (n - k + 1) / k * p / (1.0L - p);
  std::vector<double> observed(pmf.size(), 0.0);
  const RandomStreams rng(11, 0);
  for (int i = 0; i < draws; ++i) {
    UniformSequence u(rng, static_cast<std::uint32_t>(i), 0, 1);
    observed[static_cast<std::size_t>(draw(u))] += 1.0;
  }
  // Bins of consecutive counts, each closed once it expects 20 draws; the remainder joins the last.
  std::vector<std::pair<double, double>> bins;  // expected, observed
  double expected = 0.0, seen = 0.0;
  for (std::size_t k = 0; k < pmf.size(); ++k) {
    expected += static_cast<double>(pmf[k]) * draws;
    seen += observed[k];
    if (expected >= 20.0) {
      bins.emplace_back(expected, seen);
      expected = seen = 0.0;
    }
  }
  if (!bins.empty()) {
    bins.back().first += expected;
    bins.back().second += seen;
  }
  double statistic = 0.0;
  for (const auto& [e, o] : bins) statistic += (o - e) * (o - e) / e;
  return {statistic, static_cast<int>(bins.size()) - 1};
}

// The chi-square's 0.999 quantile for `dof` degrees of freedom (Wilson and Hilferty's cube).
double chi_square_999(int dof) {
  const double d = dof, z = 3.090;
  const double c = 1.0 - 2.0 / (9.0 * d) + z * std::sqrt(2.0 / (9.0 * d));
  return d * c * c * c;
}

TEST(Distributions, BinomialLawHasTheExactProbabilitiesByChiSquare) {
  // Small n p (inversion from exp(n log q)), p above 1/2 (the symmetric count), and n p above 20.
  for (const auto& [n, p] : std::vector<std::pair<std::int64_t, double>>{
           {12, 0.3}, {300, 0.02}, {2500, 0.004}, {60, 0.85}, {400, 0.2}}) {
    SCOPED_TRACE(n);
    const Binomial law(p);
    const auto [statistic, dof] = binomial_chi_square(n, p, kDraws, [&](UniformSequence& u) { return law(n, u); });
    ASSERT_GT(dof, 2);
    EXPECT_LT(statistic, chi_square_999(dof)) << "dof " << dof;
  }
}

TEST(Distributions, BinomialChiSquareFindsAChanceFivePercentOff) {
  // The check above can fail: draws at 1.05 p are told apart from the law at p.
  const std::int64_t n = 300;
  const double p = 0.02;
  const Binomial off(p * 1.05);
  const auto [statistic, dof] = binomial_chi_square(n, p, kDraws, [&](UniformSequence& u) { return off(n, u); });
  EXPECT_GT(statistic, chi_square_999(dof));
}

TEST(Distributions, BinomialLawDrawsAsBinomialVariate) {
  // The same uniforms used the same way: identical counts (a difference would need a uniform
  // within about 1e-15 of a boundary, which these addresses do not give).
  const RandomStreams rng(5, 0);
  for (const auto& [n, p] : std::vector<std::pair<std::int64_t, double>>{
           {0, 0.3}, {9, 0.0}, {9, 1.0}, {40, 0.5}, {300, 0.02}, {60, 0.85}, {5000, 0.3}, {77, 0.999}}) {
    SCOPED_TRACE(n);
    const Binomial law(p);
    for (std::uint32_t i = 0; i < 5000; ++i) {
      UniformSequence a(rng, i, 0, 1), b(rng, i, 0, 1);
      ASSERT_EQ(law(n, a), binomial_variate(n, p, b)) << "address " << i;
    }
  }
}

TEST(Distributions, DirichletSumsToOneWithBetaMarginals) {
  const std::vector<double> alphas{0.05, 2.0, 0.0, 7.95};
  const double total = 10.0;
  std::vector<double> p;
  for (std::size_t k : {0u, 1u, 3u}) {
    SCOPED_TRACE(k);
    const auto m = moments(kDraws, [&](UniformSequence& u) {
      dirichlet_variate(alphas, u, p);
      EXPECT_NEAR(p[0] + p[1] + p[2] + p[3], 1.0, 1e-12);
      EXPECT_EQ(p[2], 0.0);
      return p[k];
    });
    const double a = alphas[k] / total;
    expect_moments(m, a, a * (1 - a) / (total + 1), kDraws);
  }
}

TEST(Distributions, MultinomialCountsAddUpAndHaveBinomialMarginals) {
  const std::vector<double> probabilities{0.2, 0.0, 0.5, 0.3};
  std::vector<std::int64_t> counts;
  const auto m = moments(kDraws, [&](UniformSequence& u) {
    multinomial_variate(40, probabilities, u, counts);
    EXPECT_EQ(counts[0] + counts[1] + counts[2] + counts[3], 40);
    EXPECT_EQ(counts[1], 0);
    return static_cast<double>(counts[2]);
  });
  expect_moments(m, 20.0, 10.0, kDraws);
}

// Beta-binomial(n, a, b): mean n a / (a + b), variance n a b (a + b + n) / ((a + b)^2 (a + b + 1)).
TEST(Distributions, BetaBinomialHasItsMomentsByUrnAndByRate) {
  for (const std::int64_t n : {3, 8, 9, 60, 2000}) {  // up to 8 by the urn, then the rate first
    SCOPED_TRACE(n);
    const double a = 1.5, b = 6.0;
    const double mean = n * a / (a + b), variance = n * a * b * (a + b + n) / ((a + b) * (a + b) * (a + b + 1));
    expect_moments(moments(kDraws, [&](UniformSequence& u) { return static_cast<double>(beta_binomial_variate(n, a, b, u)); }),
                   mean, variance, kDraws);
  }
}

// Dirichlet-multinomial(n, alphas): component k has mean n p_k and variance
// n p_k (1 - p_k) (n + A) / (1 + A), p_k = alpha_k / A.
TEST(Distributions, DirichletMultinomialHasItsMomentsByUrnAndByRate) {
  const std::vector<double> alphas{0.25, 0.25, 3.0, 0.5};
  const double total = 4.0;
  std::vector<std::int64_t> counts;
  std::vector<double> scratch;
  for (const std::int64_t n : {5, 16, 17, 500}) {  // up to 16 (4 per category) by the urn
    SCOPED_TRACE(n);
    const auto m = moments(kDraws, [&](UniformSequence& u) {
      dirichlet_multinomial_variate(n, alphas, u, counts, scratch);
      EXPECT_EQ(counts[0] + counts[1] + counts[2] + counts[3], n);
      return static_cast<double>(counts[2]);
    });
    const double p = alphas[2] / total;
    expect_moments(m, n * p, n * p * (1 - p) * (n + total) / (1 + total), kDraws);
  }
}

}  // namespace
}  // namespace sendtwin::engine
