#include "engine/distributions.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace sendtwin::engine {

namespace {

constexpr double kTwoPi = 6.283185307179586;
// Below this mean, the binomial is drawn by inversion (expected steps about the mean).
constexpr double kInversionMean = 20.0;
constexpr std::uint32_t kBlocksPerAddress = 1u << 16;
// Pólya's urn for a compound draw when there are at most this many trials per category (and at
// most kUrnMaxTrials in all); otherwise the rate first, then the count.
constexpr std::int64_t kUrnTrialsPerCategory = 4;
constexpr std::int64_t kUrnMaxTrials = 64;

// Inversion for Binomial(n, p), p <= 1/2 and n p small: walk the probabilities from k = 0, whose
// probability (1 - p)^n is `f`; `ratio` is p / (1 - p).
std::int64_t binomial_inversion_from(std::int64_t n, double f, double ratio, UniformSequence& u) {
  double v = u.next();
  std::int64_t k = 0;
  while (v >= f && k < n) {
    v -= f;
    ++k;
    f *= ratio * static_cast<double>(n - k + 1) / static_cast<double>(k);
    // Rounding can leave v above what is left of the distribution; f then vanishes and the walk
    // would run to n: stop at the last k with a probability that counts.
    if (f <= 0.0) break;
  }
  return k;
}

std::int64_t binomial_inversion(std::int64_t n, double p, UniformSequence& u) {
  const double q = 1.0 - p;
  return binomial_inversion_from(n, std::pow(q, static_cast<double>(n)), p / q, u);
}

}  // namespace

UniformSequence::UniformSequence(const RandomStreams& rng, std::uint32_t agent, std::int32_t month, Stream stream)
    : rng_(rng), agent_(agent), month_(month), stream_(stream << 16) {
  if (stream >= (1u << 16)) throw std::invalid_argument("UniformSequence: stream must be below 2^16");
}

double UniformSequence::refill() {
  if (block_ >= kBlocksPerAddress) throw std::length_error("UniformSequence: more than 2^18 uniforms at one address");
  buffer_ = rng_.uniforms(agent_, month_, stream_ | block_);
  ++block_;
  used_ = 1;
  return buffer_[0];
}

double standard_normal(UniformSequence& u) {
  // Box-Muller: sqrt(-2 ln U1) (cos, sin)(2 pi U2), U1 in (0, 1]; the second of the pair is kept.
  if (u.has_spare_) {
    u.has_spare_ = false;
    return u.spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(u.next_open()));
  const double angle = kTwoPi * u.next();
  u.spare_normal_ = r * std::sin(angle);
  u.has_spare_ = true;
  return r * std::cos(angle);
}

double log_gamma_variate(double shape, UniformSequence& u) {
  if (!(shape > 0.0)) throw std::invalid_argument("gamma shape must be positive");
  if (shape < 1.0) {
    // Gamma(a) = Gamma(a + 1) U^(1/a) (Marsaglia & Tsang 2000, section 4).
    const double boost = std::log(u.next_open()) / shape;
    return log_gamma_variate(shape + 1.0, u) + boost;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  while (true) {
    double x, v;
    do {
      x = standard_normal(u);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double w = u.next_open();
    const double x2 = x * x;
    // The squeeze accepts most draws without a logarithm (Marsaglia & Tsang 2000, step 4).
    if (w < 1.0 - 0.0331 * x2 * x2) return std::log(d * v);
    if (std::log(w) < 0.5 * x2 + d - d * v + d * std::log(v)) return std::log(d * v);
  }
}

double gamma_variate(double shape, UniformSequence& u) { return std::exp(log_gamma_variate(shape, u)); }

double beta_variate(double a, double b, UniformSequence& u) {
  if (!(a > 0.0)) return 0.0;
  if (!(b > 0.0)) return 1.0;
  const double lx = log_gamma_variate(a, u);
  const double ly = log_gamma_variate(b, u);
  // X / (X + Y) = 1 / (1 + exp(ln Y - ln X)).
  return 1.0 / (1.0 + std::exp(ly - lx));
}

void dirichlet_variate(const std::vector<double>& alphas, UniformSequence& u, std::vector<double>& probabilities) {
  probabilities.assign(alphas.size(), 0.0);
  double top = -INFINITY;
  for (std::size_t i = 0; i < alphas.size(); ++i) {
    if (!(alphas[i] > 0.0)) continue;
    probabilities[i] = log_gamma_variate(alphas[i], u);
    top = std::max(top, probabilities[i]);
  }
  if (top == -INFINITY) return;
  double sum = 0.0;
  for (std::size_t i = 0; i < alphas.size(); ++i) {
    if (!(alphas[i] > 0.0)) continue;
    probabilities[i] = std::exp(probabilities[i] - top);
    sum += probabilities[i];
  }
  for (double& p : probabilities) p /= sum;
}

std::int64_t binomial_variate(std::int64_t n, double p, UniformSequence& u) {
  std::int64_t count = 0;
  // Knuth's split, unrolled: `count` holds the uniforms known to lie below p; `sign` flips when
  // the symmetric count n - Binomial(n, 1 - p) is drawn instead (keeping p <= 1/2).
  std::int64_t sign = 1;
  while (n > 0) {
    if (!(p > 0.0)) break;
    if (p >= 1.0) {
      count += sign * n;
      break;
    }
    if (p > 0.5) {
      count += sign * n;
      sign = -sign;
      p = 1.0 - p;
      continue;
    }
    if (static_cast<double>(n) * p < kInversionMean) {
      count += sign * binomial_inversion(n, p, u);
      break;
    }
    const std::int64_t a = n / 2 + 1;
    const std::int64_t b = n + 1 - a;
    const double x = beta_variate(static_cast<double>(a), static_cast<double>(b), u);
    if (x >= p) {
      n = a - 1;
      p = p / x;
    } else {
      count += sign * a;
      n = b - 1;
      p = (p - x) / (1.0 - x);
    }
  }
  return count;
}

Binomial::Binomial(double p) : p_(std::clamp(p, 0.0, 1.0)) {
  if (!(p_ > 0.0) || p_ >= 1.0) return;  // no draw is needed (see operator())
  flipped_ = p_ > 0.5;
  small_ = flipped_ ? 1.0 - p_ : p_;
  log_q_ = std::log(1.0 - small_);
  ratio_ = small_ / (1.0 - small_);
}

std::int64_t Binomial::operator()(std::int64_t n, UniformSequence& u) const {
  // The same branches as binomial_variate's first step, so that the uniforms are used alike.
  if (n <= 0 || !(p_ > 0.0)) return 0;
  if (p_ >= 1.0) return n;
  if (!(static_cast<double>(n) * small_ < kInversionMean)) return binomial_variate(n, p_, u);
  const std::int64_t k = binomial_inversion_from(n, std::exp(static_cast<double>(n) * log_q_), ratio_, u);
  return flipped_ ? n - k : k;
}

void multinomial_variate(std::int64_t n, const std::vector<double>& probabilities, UniformSequence& u,
                         std::vector<std::int64_t>& counts) {
  counts.assign(probabilities.size(), 0);
  double left = 0.0;
  std::size_t last = probabilities.size();
  for (std::size_t i = 0; i < probabilities.size(); ++i)
    if (probabilities[i] > 0.0) {
      left += probabilities[i];
      last = i;
    }
  if (last == probabilities.size()) return;
  // Component i takes Binomial(what is left, p_i / the mass left); the last takes the rest.
  for (std::size_t i = 0; i < last && n > 0; ++i) {
    const double p = probabilities[i];
    if (!(p > 0.0)) continue;
    const std::int64_t k = binomial_variate(n, p / left, u);
    counts[i] = k;
    n -= k;
    left -= p;
  }
  counts[last] = n;
}

std::int64_t beta_binomial_variate(std::int64_t n, double a, double b, UniformSequence& u) {
  if (n <= 0 || !(a > 0.0)) return 0;
  if (!(b > 0.0)) return n;
  if (n <= std::min<std::int64_t>(2 * kUrnTrialsPerCategory, kUrnMaxTrials)) {
    std::int64_t k = 0;
    for (std::int64_t i = 0; i < n; ++i)
      if (u.next() * (a + b + static_cast<double>(i)) < a + static_cast<double>(k)) ++k;
    return k;
  }
  return binomial_variate(n, beta_variate(a, b, u), u);
}

void dirichlet_multinomial_variate(std::int64_t n, const std::vector<double>& alphas, UniformSequence& u,
                                   std::vector<std::int64_t>& counts, std::vector<double>& scratch) {
  counts.assign(alphas.size(), 0);
  if (n <= 0) return;
  double total = 0.0;
  std::size_t categories = 0;
  for (const double a : alphas)
    if (a > 0.0) {
      total += a;
      ++categories;
    }
  if (categories == 0) return;
  const auto k = static_cast<std::int64_t>(categories);
  if (n <= std::min(kUrnTrialsPerCategory * k, kUrnMaxTrials)) {
    // Pólya's urn: the weights grow by one for each trial that falls in them.
    scratch.assign(alphas.begin(), alphas.end());
    for (double& w : scratch) w = std::max(w, 0.0);
    std::size_t last = 0;
    for (std::size_t i = 0; i < scratch.size(); ++i)
      if (scratch[i] > 0.0) last = i;
    for (std::int64_t i = 0; i < n; ++i) {
      double target = u.next() * (total + static_cast<double>(i));
      std::size_t pick = last;  // rounding past the end falls in the last category with weight
      for (std::size_t c = 0; c < scratch.size(); ++c) {
        if (target < scratch[c]) {
          pick = c;
          break;
        }
        target -= scratch[c];
      }
      ++counts[pick];
      scratch[pick] += 1.0;
    }
    return;
  }
  dirichlet_variate(alphas, u, scratch);
  multinomial_variate(n, scratch, u, counts);
}

}  // namespace sendtwin::engine
