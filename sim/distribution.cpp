#include "slsim/distribution.hpp"

#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "slsim/portable_math.hpp"
#include "slsim/units.hpp"

namespace slsim {

namespace {

Duration to_duration(double us) {
  return round_to_micros(us);
}

// A normal truncated at zero by rejection. With mean >= 0 (every parsed distribution) at
// least half of the draws are accepted, so the bound is never reached in practice; it only
// stops a pathological negative mean from spinning forever.
Duration sample_truncated_normal(double mean, double stddev, Rng& rng) {
  if (!(stddev > 0)) return to_duration(mean);
  constexpr int kMaxTries = 1000;
  for (int i = 0; i < kMaxTries; ++i) {
    const double x = mean + stddev * rng.standard_normal();
    if (x >= 0) return to_duration(x);
  }
  return Duration{0};
}

// Mean of N(mean, stddev^2) conditioned on being >= 0:
// mean + stddev * phi(a) / (1 - Phi(a)), a = -mean / stddev, with 1 - Phi(a) = erfc(a/√2)/2.
double truncated_normal_mean(double mean, double stddev) {
  if (!(stddev > 0)) return mean > 0 ? mean : 0;
  const double a = -mean / stddev;
  const double pdf = std::exp(-0.5 * a * a) / std::sqrt(2.0 * std::numbers::pi);
  const double survival = 0.5 * std::erfc(a / std::numbers::sqrt2);
  if (survival <= 0) return 0;  // all the mass is far below zero
  return mean + stddev * pdf / survival;
}

std::string us_text(double us) {
  return format_duration(to_duration(us));
}

}  // namespace

Distribution Distribution::lognormal_from_median_p99(Duration median, Duration p99) {
  const double mu = portable_log(static_cast<double>(median.us));
  const double sigma =
      portable_log(static_cast<double>(p99.us) / static_cast<double>(median.us)) / kZ99;
  return lognormal(mu, sigma);
}

Duration Distribution::sample(Rng& rng) const {
  switch (kind) {
    case DistributionKind::fixed:
      return to_duration(a);
    case DistributionKind::exponential:
      return to_duration(rng.exponential(a));
    case DistributionKind::uniform:
      return to_duration(rng.uniform(a, b));
    case DistributionKind::lognormal:
      return to_duration(portable_exp(a + b * rng.standard_normal()));
    case DistributionKind::normal:
      return sample_truncated_normal(a, b, rng);
  }
  return Duration{0};
}

double Distribution::mean_us() const {
  switch (kind) {
    case DistributionKind::fixed:
    case DistributionKind::exponential:
      return a;
    case DistributionKind::uniform:
      return 0.5 * (a + b);
    case DistributionKind::lognormal:
      return std::exp(a + 0.5 * b * b);
    case DistributionKind::normal:
      return truncated_normal_mean(a, b);
  }
  return 0;
}

std::string Distribution::describe() const {
  switch (kind) {
    case DistributionKind::fixed:
      return fmt::format("fixed({})", us_text(a));
    case DistributionKind::exponential:
      return fmt::format("exponential(mean {})", us_text(a));
    case DistributionKind::uniform:
      return fmt::format("uniform({} to {})", us_text(a), us_text(b));
    case DistributionKind::lognormal:
      // Users give median and p99, so that is what they read back.
      return fmt::format("lognormal(median {}, p99 {})", us_text(std::exp(a)),
                         us_text(std::exp(a + kZ99 * b)));
    case DistributionKind::normal:
      return fmt::format("normal(mean {}, stddev {})", us_text(a), us_text(b));
  }
  return "unknown distribution";
}

}  // namespace slsim
