#pragma once
// A distribution of durations (handler time, INIT time, keep-alive, ...), as a small value
// type: a kind and its parameters in microseconds. Samples are rounded to 1 us and are
// never negative.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "slsim/random.hpp"
#include "slsim/time.hpp"

namespace slsim {

enum class DistributionKind : std::uint8_t {
  fixed,        // value
  exponential,  // mean
  uniform,      // min, max
  lognormal,    // mu, sigma of ln(microseconds)
  normal,       // mean, stddev; negative draws are resampled
  gamma,        // shape k, scale theta (mean k theta)
  weibull,      // shape k, scale lambda
  pareto,       // minimum x_m, tail index alpha (heavy tailed: infinite mean for alpha <= 1)
  mixture,      // weighted components (table->parts, table->cumulative)
  empirical,    // a percentile table, linearly interpolated (table->percents, table->values)
};

struct Distribution;

// The variable-size part of a mixture or an empirical table, immutable and shared by copies.
struct DistributionTable {
  std::vector<double> percents;  // empirical: 0 = p0 < ... < p_last = 100
  std::vector<double> values;    // empirical: microseconds, non-decreasing
  std::vector<Distribution> parts;
  std::vector<double> cumulative;  // mixture: cumulative normalised weights, last = 1
};

struct Distribution {
  DistributionKind kind = DistributionKind::fixed;
  double a = 0;  // fixed: value; exponential: mean; uniform: min; lognormal: mu; normal: mean
  double b = 0;  // uniform: max; lognormal: sigma; normal: stddev
  // gamma, weibull: a = shape, b = scale in us; pareto: a = minimum in us, b = alpha
  std::shared_ptr<const DistributionTable> table = nullptr;  // mixture, empirical

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

  static Distribution gamma(double shape, double scale_us) {
    return {DistributionKind::gamma, shape, scale_us};
  }
  static Distribution weibull(double shape, double scale_us) {
    return {DistributionKind::weibull, shape, scale_us};
  }
  static Distribution pareto(Duration minimum, double alpha) {
    return {DistributionKind::pareto, double(minimum.us), alpha};
  }
  // Components with positive weights (normalised here).
  static Distribution mixture(std::vector<Distribution> parts, const std::vector<double>& weights);
  // A percentile table: percents strictly increasing from 0 to 100, values (us) non-decreasing.
  static Distribution empirical(std::vector<double> percents, std::vector<double> values_us);

  Duration sample(Rng& rng) const;
  // The value below which a fraction q of the draws fall, in us (not for mixture; NaN there).
  double quantile_us(double q) const;
  // The exact mean in microseconds (for validation tests and reports). For `normal`, the
  // mean of the distribution truncated at zero.
  double mean_us() const;
  // A short description for messages and the narrated trace ("lognormal(median 80ms, ...)").
  std::string describe() const;
};

// z such that P(Z <= z) = 0.99 for a standard normal Z.
inline constexpr double kZ99 = 2.3263478740408408;

}  // namespace slsim
