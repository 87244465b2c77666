#include "slsim/distribution.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
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

// x^y for x > 0 through the portable log and exp (std::pow may differ between libms).
double portable_pow(double x, double y) {
  return portable_exp(y * portable_log(x));
}

// Marsaglia and Tsang, "A simple method for generating gamma variables" (ACM TOMS 2000): a
// squeeze and one log per accepted draw for shape >= 1; for shape < 1, Gamma(k) = Gamma(k + 1)
// x U^(1/k) (the same paper, section 6).
double sample_gamma(double shape, Rng& rng) {
  if (shape < 1) {
    const double u = rng.uniform01_open_low();
    return sample_gamma(shape + 1, rng) * portable_exp(portable_log(u) / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = rng.standard_normal();
    const double t = 1 + c * x;
    if (t <= 0) continue;
    const double v = t * t * t;
    const double u = rng.uniform01_open_low();
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (portable_log(u) < 0.5 * x2 + d * (1 - v + portable_log(v))) return d * v;
  }
}

double sample_empirical(const DistributionTable& t, Rng& rng) {
  const double p = 100 * rng.uniform01();
  // The segment [percents[i], percents[i + 1]) holding p.
  const auto upper = std::upper_bound(t.percents.begin(), t.percents.end(), p);
  const auto i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(upper - t.percents.begin(), 1)) - 1;
  if (i + 1 >= t.values.size()) return t.values.back();
  const double share = (p - t.percents[i]) / (t.percents[i + 1] - t.percents[i]);
  return t.values[i] + share * (t.values[i + 1] - t.values[i]);
}

double empirical_mean(const DistributionTable& t) {
  double mean = 0;
  for (std::size_t i = 0; i + 1 < t.values.size(); ++i)
    mean += (t.percents[i + 1] - t.percents[i]) / 100 * 0.5 * (t.values[i] + t.values[i + 1]);
  return mean;
}

}  // namespace

Distribution Distribution::lognormal_from_median_p99(Duration median, Duration p99) {
  const double mu = portable_log(static_cast<double>(median.us));
  const double sigma =
      portable_log(static_cast<double>(p99.us) / static_cast<double>(median.us)) / kZ99;
  return lognormal(mu, sigma);
}

Distribution Distribution::mixture(std::vector<Distribution> parts,
                                   const std::vector<double>& weights) {
  auto table = std::make_shared<DistributionTable>();
  double total = 0;
  for (double w : weights)
    total += w;
  double running = 0;
  for (double w : weights) {
    running += w / total;
    table->cumulative.push_back(running);
  }
  if (!table->cumulative.empty()) table->cumulative.back() = 1;
  table->parts = std::move(parts);
  Distribution d{DistributionKind::mixture, 0, 0};
  d.table = std::move(table);
  return d;
}

Distribution Distribution::empirical(std::vector<double> percents, std::vector<double> values_us) {
  auto table = std::make_shared<DistributionTable>();
  table->percents = std::move(percents);
  table->values = std::move(values_us);
  Distribution d{DistributionKind::empirical, 0, 0};
  d.table = std::move(table);
  return d;
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
    case DistributionKind::gamma:
      return to_duration(sample_gamma(a, rng) * b);
    case DistributionKind::weibull:
      // Inversion: lambda (-ln U)^(1/k), U in (0, 1].
      return to_duration(b * portable_pow(-portable_log(rng.uniform01_open_low()), 1 / a));
    case DistributionKind::pareto:
      // Inversion: x_m U^(-1/alpha), U in (0, 1].
      return to_duration(a * portable_exp(-portable_log(rng.uniform01_open_low()) / b));
    case DistributionKind::mixture: {
      const double u = rng.uniform01();
      const std::vector<double>& c = table->cumulative;
      const auto i = static_cast<std::size_t>(std::upper_bound(c.begin(), c.end(), u) - c.begin());
      return table->parts[std::min(i, c.size() - 1)].sample(rng);
    }
    case DistributionKind::empirical:
      return to_duration(sample_empirical(*table, rng));
  }
  return Duration{0};
}

double Distribution::quantile_us(double q) const {
  switch (kind) {
    case DistributionKind::fixed:
      return a;
    case DistributionKind::exponential:
      return -a * std::log1p(-q);
    case DistributionKind::uniform:
      return a + q * (b - a);
    case DistributionKind::lognormal:
    case DistributionKind::normal:
    case DistributionKind::gamma:
    case DistributionKind::mixture:
      return std::numeric_limits<double>::quiet_NaN();  // no closed form
    case DistributionKind::weibull:
      return b * std::pow(-std::log1p(-q), 1 / a);
    case DistributionKind::pareto:
      return a * std::pow(1 - q, -1 / b);
    case DistributionKind::empirical: {
      const DistributionTable& t = *table;
      const double p = 100 * q;
      for (std::size_t i = 0; i + 1 < t.percents.size(); ++i) {
        if (p <= t.percents[i + 1]) {
          const double share = (p - t.percents[i]) / (t.percents[i + 1] - t.percents[i]);
          return t.values[i] + share * (t.values[i + 1] - t.values[i]);
        }
      }
      return t.values.back();
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
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
    case DistributionKind::gamma:
      return a * b;
    case DistributionKind::weibull:
      return b * std::tgamma(1 + 1 / a);
    case DistributionKind::pareto:
      return b > 1 ? b * a / (b - 1) : std::numeric_limits<double>::infinity();
    case DistributionKind::mixture: {
      double mean = 0;
      double previous = 0;
      for (std::size_t i = 0; i < table->parts.size(); ++i) {
        mean += (table->cumulative[i] - previous) * table->parts[i].mean_us();
        previous = table->cumulative[i];
      }
      return mean;
    }
    case DistributionKind::empirical:
      return empirical_mean(*table);
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
    case DistributionKind::gamma:
      return fmt::format("gamma(shape {:g}, mean {})", a, us_text(a * b));
    case DistributionKind::weibull:
      return fmt::format("weibull(shape {:g}, scale {})", a, us_text(b));
    case DistributionKind::pareto:
      return fmt::format("pareto(min {}, alpha {:g})", us_text(a), b);
    case DistributionKind::mixture:
      return fmt::format("mixture of {} (mean {})", table->parts.size(), us_text(mean_us()));
    case DistributionKind::empirical:
      return fmt::format("empirical(p0 {}, p50 {}, p100 {})", us_text(table->values.front()),
                         us_text(quantile_us(0.5)), us_text(table->values.back()));
  }
  return "unknown distribution";
}

}  // namespace slsim
