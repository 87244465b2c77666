#pragma once
// A distribution of durations (handler time, INIT time, keep-alive, ...), as a small value
// type: a kind and its parameters in microseconds. Samples are rounded to 1 us and are
// never negative.

#include <cstdint>
#include <string>

#include "slsim/random.hpp"
#include "slsim/time.hpp"

namespace slsim {

enum class DistributionKind : std::uint8_t {
  fixed,        // value
  exponential,  // mean
  uniform,      // min, max
  lognormal,    // mu, sigma of ln(microseconds)
  normal,       // mean, stddev; negative draws are resampled
};

struct Distribution {
  DistributionKind kind = DistributionKind::fixed;
  double a = 0;  // fixed: value; exponential: mean; uniform: min; lognormal: mu; normal: mean
  double b = 0;  // uniform: max; lognormal: sigma; normal: stddev

  static Distribution fixed(Duration v) { return {DistributionKind::fixed, double(v.us), 0}; }
  static Distribution exponential(Duration mean) {
    return {DistributionKind::exponential, double(mean.us), 0};
  }
  static Distribution uniform(Duration lo, Duration hi) {
    return {DistributionKind::uniform, double(lo.us), double(hi.us)};
  }
  // From the median and 99th percentile: sigma = ln(p99/median) / z(0.99), z(0.99) = 2.3263.
  static Distribution lognormal_from_median_p99(Duration median, Duration p99);
  static Distribution lognormal(double mu, double sigma) {
    return {DistributionKind::lognormal, mu, sigma};
  }
  static Distribution normal(Duration mean, Duration stddev) {
    return {DistributionKind::normal, double(mean.us), double(stddev.us)};
  }

  Duration sample(Rng& rng) const;
  // The exact mean in microseconds (for validation tests and reports). For `normal`, the
  // mean of the distribution truncated at zero.
  double mean_us() const;
  // A short description for messages and the narrated trace ("lognormal(median 80ms, ...)").
  std::string describe() const;
};

// z such that P(Z <= z) = 0.99 for a standard normal Z.
inline constexpr double kZ99 = 2.3263478740408408;

}  // namespace slsim
