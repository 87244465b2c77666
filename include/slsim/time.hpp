#pragma once
// Simulated time: an integer count of microseconds (never floating point, so that
// ordering and billing rounding are exact and identical on every compiler).

#include <compare>
#include <cstdint>
#include <limits>

namespace slsim {

// A span of simulated time in microseconds. May be negative only as an intermediate.
struct Duration {
  std::int64_t us = 0;

  static constexpr Duration micros(std::int64_t v) { return {v}; }
  static constexpr Duration millis(std::int64_t v) { return {v * 1'000}; }
  static constexpr Duration seconds(std::int64_t v) { return {v * 1'000'000}; }
  static constexpr Duration minutes(std::int64_t v) { return {v * 60'000'000}; }
  static constexpr Duration hours(std::int64_t v) { return {v * 3'600'000'000}; }
  static constexpr Duration max() { return {std::numeric_limits<std::int64_t>::max()}; }

  constexpr double to_seconds() const { return static_cast<double>(us) / 1e6; }
  constexpr double to_millis() const { return static_cast<double>(us) / 1e3; }

  // clang-tidy 14 takes the 0 of `(a <=> b) < 0` for a null pointer (llvm-project issue 53961,
  // fixed in clang-tidy 18).
  // NOLINTNEXTLINE(modernize-use-nullptr)
  friend constexpr auto operator<=>(Duration, Duration) = default;
  friend constexpr Duration operator+(Duration a, Duration b) { return {a.us + b.us}; }
  friend constexpr Duration operator-(Duration a, Duration b) { return {a.us - b.us}; }
  friend constexpr Duration operator*(Duration a, std::int64_t k) { return {a.us * k}; }
  constexpr Duration& operator+=(Duration o) {
    us += o.us;
    return *this;
  }
};

// A point in simulated time: microseconds since the start of the run (t = 0).
struct Time {
  std::int64_t us = 0;

  static constexpr Time zero() { return {0}; }
  static constexpr Time never() { return {std::numeric_limits<std::int64_t>::max()}; }
  constexpr double to_seconds() const { return static_cast<double>(us) / 1e6; }

  // NOLINTNEXTLINE(modernize-use-nullptr): as for Duration above
  friend constexpr auto operator<=>(Time, Time) = default;
  friend constexpr Time operator+(Time t, Duration d) { return {t.us + d.us}; }
  friend constexpr Time operator-(Time t, Duration d) { return {t.us - d.us}; }
  friend constexpr Duration operator-(Time a, Time b) { return {a.us - b.us}; }
  constexpr Time& operator+=(Duration d) {
    us += d.us;
    return *this;
  }
};

// A non-negative draw in microseconds as a Duration: rounded half up to the nearest
// microsecond, 0 for negative or NaN input, saturated instead of overflowing for the far tail
// of a heavy distribution. (A cast, not std::round: this is on the hot path of every draw.)
constexpr Duration round_to_micros(double us) {
  if (!(us > 0)) return Duration{0};  // also catches NaN
  if (us >= 0x1.0p63 - 1024) return Duration::max();
  // us > 0 here, so adding 0.5 and truncating rounds half up; the exact result is part of every
  // pinned draw, and std::llround is neither constexpr nor as fast.
  // NOLINTNEXTLINE(bugprone-incorrect-roundings)
  return Duration{static_cast<std::int64_t>(us + 0.5)};
}

// t + d for d >= 0, saturating at Time::never() instead of overflowing: a draw from a heavy
// tail may saturate at Duration::max(), and must then mean "never", not a time in the past.
constexpr Time saturating_add(Time t, Duration d) {
  return d.us > Time::never().us - t.us ? Time::never() : t + d;
}

constexpr Time min(Time a, Time b) {
  return a < b ? a : b;
}
constexpr Time max(Time a, Time b) {
  return a < b ? b : a;
}
constexpr Duration min(Duration a, Duration b) {
  return a < b ? a : b;
}
constexpr Duration max(Duration a, Duration b) {
  return a < b ? b : a;
}

}  // namespace slsim
