#pragma once
// Internal to the scenario loader: reads with a range, so every range error has one wording
// ("expected an integer from 0 to 2, got '5'").

#include <cstdint>
#include <limits>
#include <string>

#include <fmt/format.h>

#include "slsim/units.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

inline constexpr std::int64_t kNoLimit = std::numeric_limits<std::int64_t>::max();
// The largest API Gateway burst (token bucket capacity): far above any quota AWS grants (5,000
// by default, facts 6). TokenBucket keeps capacity x period x 1e9 in 128 bits, which a burst
// near 2^63 with a long period overflowed (found by reading, confirmed by UBSan).
inline constexpr std::int64_t kMaxBurst = 1'000'000'000;

// An integer in [lo, hi] (hi = kNoLimit for "at least lo").
inline std::int64_t integer_in(const YamlField& field, std::int64_t lo, std::int64_t hi) {
  const std::string expected = hi == kNoLimit ? fmt::format("an integer of at least {}", lo)
                                              : fmt::format("an integer from {} to {}", lo, hi);
  std::int64_t value = 0;
  try {
    value = field.as_integer();
  } catch (const ScenarioError&) {
    throw field.invalid(expected);
  }
  if (value < lo || value > hi) throw field.invalid(expected);
  return value;
}

// A duration in [lo, hi].
inline Duration duration_in(const YamlField& field, Duration lo, Duration hi) {
  const Duration value = field.as_duration();
  if (value < lo || value > hi) {
    throw field.invalid(
        fmt::format("a duration from {} to {}", format_duration(lo), format_duration(hi)));
  }
  return value;
}

inline Duration positive_duration(const YamlField& field) {
  const Duration value = field.as_duration();
  if (value.us <= 0) throw field.invalid("a duration greater than 0");
  return value;
}

// A probability in [0, 1].
inline double probability(const YamlField& field) {
  double value = -1;
  try {
    value = field.as_number();
  } catch (const ScenarioError&) {
    throw field.invalid("a probability from 0 to 1");
  }
  if (!(value >= 0 && value <= 1)) throw field.invalid("a probability from 0 to 1");
  return value;
}

inline Rate positive_rate(const YamlField& field) {
  const Rate value = field.as_rate();
  if (value.count_nano <= 0) throw field.invalid("a rate greater than 0 such as 50/s");
  return value;
}

}  // namespace slsim::loader
