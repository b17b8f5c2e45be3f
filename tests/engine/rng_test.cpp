// Promises of engine/rng.h: the generator is Philox4x32-10 as published with Random123; a draw is
// a pure function of its address (seed, replicate, agent, month, stream); uniforms and Poisson
// counts have the right distribution; annual probabilities become monthly hazards with the same
// one-year survival.
#include "engine/rng.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

namespace sendtwin::engine {
namespace {

using Words = std::array<std::uint32_t, 4>;

// --- Known-answer tests (Random123 kat_vectors, philox4x32 with 10 rounds) -----------------------

TEST(RngPhilox, MatchesRandom123KnownAnswerForZeroCounterAndKey) {
  EXPECT_EQ(philox4x32_10({0, 0, 0, 0}, {0, 0}), (Words{0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}));
}

TEST(RngPhilox, MatchesRandom123KnownAnswerForAllOnesCounterAndKey) {
  EXPECT_EQ(philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}, {0xffffffffu, 0xffffffffu}),
            (Words{0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}));
}

TEST(RngPhilox, MatchesRandom123KnownAnswerForPiDigits) {
  EXPECT_EQ(philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}, {0xa4093822u, 0x299f31d0u}),
            (Words{0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}));
}

// --- Addressing ---------------------------------------------------------------------------------

TEST(RngAddress, SameAddressGivesTheSameDraw) {
  const RandomStreams a(12345, 7), b(12345, 7);
  EXPECT_EQ(a.uniform(42, 300, 3), b.uniform(42, 300, 3));
  EXPECT_EQ(a.uniforms(42, 300, 3), b.uniforms(42, 300, 3));
}

TEST(RngAddress, ADrawDoesNotDependOnOtherDrawsMadeBefore) {
  const RandomStreams r(99, 0);
  const double first = r.uniform(5, 24180, 1);
  for (std::uint32_t agent = 0; agent < 1000; ++agent) (void)r.uniform(agent, 24180, 1);
  (void)r.poisson(50.0, 5, 24180, 1);
  EXPECT_EQ(r.uniform(5, 24180, 1), first);
}

TEST(RngAddress, UniformIsTheFirstOfTheFourUniformsAtItsAddress) {
  const RandomStreams r(2024, 1);
  EXPECT_EQ(r.uniform(17, 24200, 4), r.uniforms(17, 24200, 4)[0]);
}

TEST(RngAddress, DifferentSeedsGiveDifferentDraws) {
  EXPECT_NE(RandomStreams(1, 0).uniforms(10, 100, 2), RandomStreams(2, 0).uniforms(10, 100, 2));
}

TEST(RngAddress, TheHighHalfOfTheSeedMatters) {
  const std::uint64_t low = 1, high = low + (std::uint64_t{1} << 32);
  EXPECT_NE(RandomStreams(low, 0).uniforms(10, 100, 2), RandomStreams(high, 0).uniforms(10, 100, 2));
}

TEST(RngAddress, DifferentReplicatesGiveDifferentDraws) {
  EXPECT_NE(RandomStreams(1, 0).uniforms(10, 100, 2), RandomStreams(1, 1).uniforms(10, 100, 2));
}

TEST(RngAddress, DifferentAgentsGiveDifferentDraws) {
  const RandomStreams r(1, 0);
  EXPECT_NE(r.uniforms(10, 100, 2), r.uniforms(11, 100, 2));
}

TEST(RngAddress, DifferentMonthsGiveDifferentDraws) {
  const RandomStreams r(1, 0);
  EXPECT_NE(r.uniforms(10, 100, 2), r.uniforms(10, 101, 2));
}

TEST(RngAddress, DifferentStreamsGiveDifferentDraws) {
  const RandomStreams r(1, 0);
  EXPECT_NE(r.uniforms(10, 100, 2), r.uniforms(10, 100, 3));
}

TEST(RngAddress, ReplicateIsReported) { EXPECT_EQ(RandomStreams(1, 9).replicate(), 9u); }

// --- Uniforms -----------------------------------------------------------------------------------

TEST(RngUniform, ToUnitMapsTheExtremeWordsIntoZeroToOne) {
  EXPECT_EQ(to_unit(0), 0.0);
  EXPECT_LT(to_unit(std::numeric_limits<std::uint32_t>::max()), 1.0);
  EXPECT_EQ(to_unit(0x80000000u), 0.5);
}

TEST(RngUniform, DrawsLieInZeroToOne) {
  const RandomStreams r(7, 0);
  for (std::uint32_t agent = 0; agent < 100000; ++agent)
    for (double u : r.uniforms(agent, 24180, 0)) {
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
    }
}

TEST(RngUniform, MeanAndVarianceOfAMillionDrawsAreThoseOfUniformZeroOne) {
  constexpr int kN = 1000000;
  const RandomStreams r(20150101, 3);
  double sum = 0, sum_sq = 0;
  for (std::uint32_t agent = 0; agent < kN; ++agent) {
    const double u = r.uniform(agent, 24180, 5);
    sum += u;
    sum_sq += u * u;
  }
  const double mean = sum / kN;
  const double variance = sum_sq / kN - mean * mean;
  // Standard errors: sqrt(1/12 / n) for the mean; sqrt((1/80 - 1/144) / n) for the variance.
  const double se_mean = std::sqrt(1.0 / 12.0 / kN);
  const double se_var = std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / kN);
  EXPECT_NEAR(mean, 0.5, 5 * se_mean);
  EXPECT_NEAR(variance, 1.0 / 12.0, 5 * se_var);
}

TEST(RngUniform, AllFourWordsOfADrawAreUniform) {
  constexpr int kN = 250000;
  const RandomStreams r(31, 0);
  std::array<double, 4> sum{};
  for (std::uint32_t agent = 0; agent < kN; ++agent) {
    const auto u = r.uniforms(agent, 24000, 9);
    for (int k = 0; k < 4; ++k) sum[k] += u[k];
  }
  const double se_mean = std::sqrt(1.0 / 12.0 / kN);
  for (int k = 0; k < 4; ++k) EXPECT_NEAR(sum[k] / kN, 0.5, 5 * se_mean) << "word " << k;
}

// --- Poisson ------------------------------------------------------------------------------------

struct Moments {
  double mean, variance, third;  // mean and second and third central moments
};

Moments poisson_moments(double lambda, int n) {
  const RandomStreams r(424242, 0);
  double s1 = 0, s2 = 0, s3 = 0;
  for (std::uint32_t address = 0; address < static_cast<std::uint32_t>(n); ++address) {
    const double k = r.poisson(lambda, address, 24180, 11);
    s1 += k;
    s2 += k * k;
    s3 += k * k * k;
  }
  const double mean = s1 / n, e2 = s2 / n, e3 = s3 / n;
  return {mean, e2 - mean * mean, e3 - 3 * mean * e2 + 2 * mean * mean * mean};
}

constexpr int kPoissonDraws = 200000;

// Poisson(lambda): Var(mean) = lambda / n; Var(sample variance) ~ (mu4 - sigma^4) / n with
// mu4 = lambda (1 + 3 lambda), sigma^4 = lambda^2.
void expect_poisson_mean_and_variance(double lambda) {
  const Moments m = poisson_moments(lambda, kPoissonDraws);
  const double se_mean = std::sqrt(lambda / kPoissonDraws);
  const double se_var = std::sqrt((lambda + 2 * lambda * lambda) / kPoissonDraws);
  EXPECT_NEAR(m.mean, lambda, 5 * se_mean) << "lambda " << lambda;
  EXPECT_NEAR(m.variance, lambda, 5 * se_var) << "lambda " << lambda;
}

TEST(RngPoisson, MeanAndVarianceMatchForMeanOneHalf) { expect_poisson_mean_and_variance(0.5); }
TEST(RngPoisson, MeanAndVarianceMatchForMeanTwenty) { expect_poisson_mean_and_variance(20.0); }
TEST(RngPoisson, MeanAndVarianceMatchForMeanOneThousand) { expect_poisson_mean_and_variance(1000.0); }

// Below the normal approximation's threshold the counts are exact Poisson, skewed with third
// central moment lambda: Var(sample m3) ~ (mu6 - mu3^2 - 6 mu4 mu2 + 9 mu2^3) / n
// = (lambda + 18 lambda^2 + 6 lambda^3) / n.
TEST(RngPoisson, SmallMeansHaveThePoissonSkew) {
  for (double lambda : {0.5, 20.0}) {
    const Moments m = poisson_moments(lambda, kPoissonDraws);
    const double se = std::sqrt((lambda + 18 * lambda * lambda + 6 * lambda * lambda * lambda) / kPoissonDraws);
    EXPECT_NEAR(m.third, lambda, 5 * se) << "lambda " << lambda;
  }
}

TEST(RngPoisson, ZeroOrNegativeMeanGivesZero) {
  const RandomStreams r(1, 0);
  EXPECT_EQ(r.poisson(0.0, 1, 1, 1), 0u);
  EXPECT_EQ(r.poisson(-3.0, 1, 1, 1), 0u);
}

TEST(RngPoisson, SameAddressGivesTheSameCount) {
  const RandomStreams a(5, 2), b(5, 2);
  for (double lambda : {0.5, 20.0, 1000.0}) EXPECT_EQ(a.poisson(lambda, 8, 24100, 3), b.poisson(lambda, 8, 24100, 3));
}

// --- Annual to monthly --------------------------------------------------------------------------

TEST(RngMonthlyProbability, CompoundsBackToTheAnnualProbabilityOverTwelveMonths) {
  for (double annual : {0.001, 0.05, 0.2, 0.5, 0.9, 0.999}) {
    const double monthly = monthly_probability(annual);
    EXPECT_NEAR(1.0 - std::pow(1.0 - monthly, 12), annual, 1e-12) << annual;
  }
}

TEST(RngMonthlyProbability, IsBelowTheAnnualProbability) {
  for (double annual : {0.05, 0.5, 0.9}) {
    EXPECT_GT(monthly_probability(annual), 0.0);
    EXPECT_LT(monthly_probability(annual), annual);
  }
}

TEST(RngMonthlyProbability, ClampsImpossibleAndCertainEvents) {
  EXPECT_EQ(monthly_probability(0.0), 0.0);
  EXPECT_EQ(monthly_probability(-0.1), 0.0);
  EXPECT_EQ(monthly_probability(1.0), 1.0);
  EXPECT_EQ(monthly_probability(1.5), 1.0);
}

}  // namespace
}  // namespace sendtwin::engine
