// Addressed random numbers (STYLE.md §4). A draw is a pure function of
// (seed, replicate, agent, month, stream): nothing depends on thread count, iteration order or how
// many other draws were made, so a scenario and its baseline see the same draws for every agent.
//
// The generator is Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3",
// SC'11), the counter-based generator of Random123: ten rounds of a keyed bijection on a 128-bit
// counter. One call yields four independent 32-bit words.
#pragma once
#include <array>
#include <cmath>
#include <cstdint>

namespace sendtwin::engine {

inline std::array<std::uint32_t, 4> philox4x32_10(std::array<std::uint32_t, 4> ctr,
                                                   std::array<std::uint32_t, 2> key) {
  constexpr std::uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr std::uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = static_cast<std::uint64_t>(kMul0) * ctr[0];
    const std::uint64_t p1 = static_cast<std::uint64_t>(kMul1) * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
    key[0] += kWeyl0;
    key[1] += kWeyl1;
  }
  return ctr;
}

// A uniform double in [0, 1) from 32 random bits (2^-32 resolution is ample for monthly hazards).
constexpr double to_unit(std::uint32_t bits) { return bits * (1.0 / 4294967296.0); }

// Streams are small integers naming what a draw is for (each model declares its own).
using Stream = std::uint32_t;

class RandomStreams {
 public:
  // `domain` separates the streams of independent parts of one run (the local authorities of a
  // national run, each simulated on its own): the same agent, month and stream in two domains
  // draw under different keys. Domain 0 is the plain (seed, replicate) key.
  RandomStreams(std::uint64_t seed, std::uint32_t replicate, std::uint32_t domain = 0)
      : key_{static_cast<std::uint32_t>(seed),
             static_cast<std::uint32_t>(seed >> 32) ^ (domain * 0x9E3779B9u)},
        replicate_(replicate) {}

  // Four uniforms in [0,1) for one (agent, month, stream) address.
  std::array<double, 4> uniforms(std::uint32_t agent, std::int32_t month, Stream stream) const {
    const auto w = philox4x32_10(
        {agent, static_cast<std::uint32_t>(month), stream, replicate_}, key_);
    return {to_unit(w[0]), to_unit(w[1]), to_unit(w[2]), to_unit(w[3])};
  }
  double uniform(std::uint32_t agent, std::int32_t month, Stream stream) const {
    return to_unit(philox4x32_10({agent, static_cast<std::uint32_t>(month), stream, replicate_},
                                 key_)[0]);
  }

  // A Poisson count with mean `mean` at one address (for arrivals that are not yet agents).
  // Inversion for small means, a normal approximation for large ones.
  std::uint32_t poisson(double mean, std::uint32_t address, std::int32_t month, Stream stream) const;

  std::uint32_t replicate() const { return replicate_; }

 private:
  std::array<std::uint32_t, 2> key_;
  std::uint32_t replicate_;
};

inline std::uint32_t RandomStreams::poisson(double mean, std::uint32_t address, std::int32_t month,
                                            Stream stream) const {
  if (mean <= 0.0) return 0;
  if (mean > 200.0) {
    // Normal approximation via Box-Muller; adequate for counts in the hundreds and above.
    const auto u = uniforms(address, month, stream);
    const double z = std::sqrt(-2.0 * std::log(1.0 - u[0])) * std::cos(6.283185307179586 * u[1]);
    const double x = std::floor(mean + std::sqrt(mean) * z + 0.5);
    return x < 0 ? 0u : static_cast<std::uint32_t>(x);
  }
  // Inversion with one uniform from the address.
  double p = std::exp(-mean), cdf = p;
  const double u = uniform(address, month, stream);
  std::uint32_t k = 0;
  while (u > cdf && k < 10000) {
    ++k;
    p *= mean / k;
    cdf += p;
  }
  return k;
}

// Converts an annual probability to the monthly hazard with the same one-year survival.
inline double monthly_probability(double annual) {
  if (annual <= 0.0) return 0.0;
  if (annual >= 1.0) return 1.0;
  return 1.0 - std::pow(1.0 - annual, 1.0 / 12.0);
}

}  // namespace sendtwin::engine
