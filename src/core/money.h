// Money in whole pence, so that ledgers balance exactly. A pound cannot be added to a count.
#pragma once
#include <cstdint>
#include <compare>

namespace sendtwin {

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money pounds(double p) { return Money(static_cast<std::int64_t>(p * 100.0 + (p >= 0 ? 0.5 : -0.5))); }
  static constexpr Money pence(std::int64_t p) { return Money(p); }
  constexpr std::int64_t in_pence() const { return pence_; }
  constexpr double in_pounds() const { return static_cast<double>(pence_) / 100.0; }
  constexpr Money operator+(Money o) const { return Money(pence_ + o.pence_); }
  constexpr Money operator-(Money o) const { return Money(pence_ - o.pence_); }
  constexpr Money operator*(std::int64_t n) const { return Money(pence_ * n); }
  Money& operator+=(Money o) { pence_ += o.pence_; return *this; }
  Money& operator-=(Money o) { pence_ -= o.pence_; return *this; }
  constexpr auto operator<=>(const Money&) const = default;

 private:
  constexpr explicit Money(std::int64_t pence) : pence_(pence) {}
  std::int64_t pence_ = 0;
};

}  // namespace sendtwin
