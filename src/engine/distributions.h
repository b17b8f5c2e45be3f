// Draws from the distributions a Markov model of counts needs (gamma, beta, Dirichlet, binomial,
// multinomial), built on addressed uniforms (rng.h, STYLE.md §4): every draw comes from one
// `UniformSequence`, a sequence of uniforms at one (agent, month, stream) address, so what a
// draw gives depends only on its address — not on threads, order, or other draws.
//
// Methods (each checked statistically in tests/engine/distributions_test.cpp):
//   - gamma: Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 26(3),
//     2000 (squeeze-free form), with Gamma(a) = Gamma(a + 1) U^(1/a) for a < 1; computed as a
//     logarithm so that the tiny shapes of a Dirichlet prior (1/K of a unit mass) never underflow;
//   - beta: X / (X + Y) for X ~ Gamma(a), Y ~ Gamma(b) (from the logarithms);
//   - Dirichlet: normalised gammas (from the logarithms);
//   - binomial: exact. Inversion (sequential search from 0) when the mean n min(p, 1-p) is below
//     20; otherwise Knuth's recursive split (TAOCP vol. 2, 3.4.1 F): the a-th smallest of n
//     uniforms, a = n/2 + 1, is Beta(a, n + 1 - a); the uniforms below p are then a binomial
//     count over the a - 1 below it or the n - a above it, so n halves at each step, O(log n)
//     beta draws. No normal approximation is used at any n;
//   - multinomial: sequential conditional binomials;
//   - beta-binomial and Dirichlet-multinomial (a rate drawn, then a count): for few trials, by
//     Pólya's urn — trial i falls in category k with probability (α_k + n_k) / (Σα + i), which is
//     exactly the compound distribution and needs one uniform and no logarithm per trial; for many
//     trials, the rate is drawn (beta or Dirichlet) and then the binomial or multinomial count.
//     Which method is used depends only on n and the number of categories, never on the draws.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "engine/rng.h"

namespace sendtwin::engine {

class UniformSequence {
 public:
  // `stream` must be below 2^16: its low 16 bits of the counter word count blocks of four.
  UniformSequence(const RandomStreams& rng, std::uint32_t agent, std::int32_t month, Stream stream);
  // The next uniform in [0, 1). Inline: the counted pupils' binomials take one uniform a step.
  double next() { return used_ < 4 ? buffer_[used_++] : refill(); }
  // The next uniform in (0, 1] (for logarithms).
  double next_open() { return 1.0 - next(); }

 private:
  double refill();  // draws the next block of four and returns its first
  const RandomStreams& rng_;
  std::uint32_t agent_;
  std::int32_t month_;
  Stream stream_;
  std::uint32_t block_ = 0;
  int used_ = 4;
  std::array<double, 4> buffer_{};
  friend double standard_normal(UniformSequence& u);
  double spare_normal_ = 0.0;  // Box-Muller gives normals in pairs
  bool has_spare_ = false;
};

double standard_normal(UniformSequence& u);
// The natural logarithm of a Gamma(shape, 1) draw; shape > 0.
double log_gamma_variate(double shape, UniformSequence& u);
double gamma_variate(double shape, UniformSequence& u);
// Beta(a, b); a <= 0 gives 0 and b <= 0 gives 1 (the limits), a, b both <= 0 gives 0.
double beta_variate(double a, double b, UniformSequence& u);
// Dirichlet(alphas) into `probabilities` (same size); an alpha <= 0 has probability 0. All alphas
// <= 0 give all zeros.
void dirichlet_variate(const std::vector<double>& alphas, UniformSequence& u, std::vector<double>& probabilities);
// Binomial(n, p), exact; p is clamped to [0, 1].
std::int64_t binomial_variate(std::int64_t n, double p, UniformSequence& u);
// Binomial(n, p) for many n at one p: what the draw needs of p alone (which side of one half, the
// logarithm of the chance of a failure) is computed once. A month's counted cohorts share their
// chances, and std::pow inside the inversion was most of their draws' time. The same law and the
// same use of the uniforms as binomial_variate(n, p, u); the inversion's first probability is
// exp(n log q) rather than pow(q, n), which can differ in the last bits, so a draw can differ only
// when its uniform falls within about 1e-15 of a boundary of the cumulative distribution.
class Binomial {
 public:
  Binomial() : Binomial(0.0) {}  // always 0
  explicit Binomial(double p);
  std::int64_t operator()(std::int64_t n, UniformSequence& u) const;

 private:
  double p_;              // clamped to [0, 1]
  double small_ = 0.0;    // min(p, 1 - p): the inversion walks from the rarer outcome
  double log_q_ = 0.0;    // log(1 - small_)
  double ratio_ = 0.0;    // small_ / (1 - small_)
  bool flipped_ = false;  // small_ = 1 - p: the count is n minus the inversion's
};
// Multinomial(n, probabilities) into `counts` (same size); the probabilities need not sum to one
// exactly (they are taken relative to their sum); a zero sum gives all zeros.
void multinomial_variate(std::int64_t n, const std::vector<double>& probabilities, UniformSequence& u,
                         std::vector<std::int64_t>& counts);

// Beta-binomial(n, a, b): Binomial(n, p) with p ~ Beta(a, b).
std::int64_t beta_binomial_variate(std::int64_t n, double a, double b, UniformSequence& u);
// Dirichlet-multinomial(n, alphas) into `counts` (same size): Multinomial(n, p) with
// p ~ Dirichlet(alphas). `scratch` is working space.
void dirichlet_multinomial_variate(std::int64_t n, const std::vector<double>& alphas, UniformSequence& u,
                                   std::vector<std::int64_t>& counts, std::vector<double>& scratch);

}  // namespace sendtwin::engine
