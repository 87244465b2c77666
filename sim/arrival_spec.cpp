// ArrivalSpec::scale and expected_arrivals: the integral of an arrival process's rate.

#include <cmath>
#include <numbers>

#include "slsim/scenario.hpp"

namespace slsim {

namespace {

double per_us(const Rate& r) {
  if (r.count_nano <= 0 || r.per.us <= 0) return 0;
  return static_cast<double>(r.count_nano) / 1e9 / static_cast<double>(r.per.us);
}

// The expected number of arrivals in [0, t) (t in microseconds).
double cumulative(const ArrivalSpec& s, double t);

double cumulative_ramp(const ArrivalSpec& s, double t) {
  const double a = per_us(s.from);
  const double b = per_us(s.to);
  const auto end = static_cast<double>(s.over.us);
  if (t <= end) return a * t + 0.5 * (b - a) / end * t * t;
  return 0.5 * (a + b) * end + b * (t - end);
}

double cumulative_sinusoid(const ArrivalSpec& s, double t) {
  const double mean = per_us(s.mean);
  const double amplitude = per_us(s.peak) - mean;
  const auto period = static_cast<double>(s.period.us);
  const double omega = 2 * std::numbers::pi / period;
  const auto shift = static_cast<double>(s.peak_at.us);
  return mean * t + amplitude / omega * (std::sin(omega * (t - shift)) - std::sin(-omega * shift));
}

double cumulative_hourly(const ArrivalSpec& s, double t) {
  const auto period = static_cast<double>(s.period.us);
  const double slot = period / 24;
  double day = 0;
  for (const Rate& r : s.hourly)
    day += per_us(r) * slot;
  const double days = std::floor(t / period);
  double total = days * day;
  double rest = t - days * period;
  for (std::size_t h = 0; h < 24 && rest > 0; ++h) {
    total += per_us(s.hourly[h]) * std::min(rest, slot);
    rest -= slot;
  }
  return total;
}

double cumulative_bursts(const ArrivalSpec& s, double t) {
  const double on_rate = per_us(s.on_rate);
  const double off_rate = per_us(s.off_rate);
  const auto on = static_cast<double>(s.on.us);
  const auto off = static_cast<double>(s.off.us);
  if (s.mmpp) return (on_rate * on + off_rate * off) / (on + off) * t;  // stationary rate
  const double cycle = on + off;
  const double cycles = std::floor(t / cycle);
  const double rest = t - cycles * cycle;
  return cycles * (on_rate * on + off_rate * off) + on_rate * std::min(rest, on) +
         off_rate * std::max(0.0, rest - on);
}

double cumulative(const ArrivalSpec& s, double t) {
  if (t <= 0) return 0;
  switch (s.process) {
    case ArrivalProcess::poisson:
    case ArrivalProcess::constant:
    case ArrivalProcess::uniform:
      return per_us(s.rate) * t;
    case ArrivalProcess::ramp:
      return cumulative_ramp(s, t);
    case ArrivalProcess::diurnal:
      return s.hourly.empty() ? cumulative_sinusoid(s, t) : cumulative_hourly(s, t);
    case ArrivalProcess::bursts:
      return cumulative_bursts(s, t);
    case ArrivalProcess::spike:
      return t > static_cast<double>(s.at.us) ? static_cast<double>(s.count) : 0;
    case ArrivalProcess::counts: {
      // Linear inside a window (exact in expectation for uniform and poisson spreading).
      const auto window = static_cast<double>(s.window.us);
      double total = 0;
      for (std::size_t i = 0; i < s.counts.size(); ++i) {
        const double begin = static_cast<double>(i) * window;
        if (t <= begin) break;
        const double share =
            s.spread == WindowSpread::start ? 1.0 : std::min(1.0, (t - begin) / window);
        total += static_cast<double>(s.counts[i]) * share;
      }
      return total;
    }
    case ArrivalProcess::trace:
      return 0;  // not known without reading the file
    case ArrivalProcess::sum: {
      double total = 0;
      for (const ArrivalSpec& part : s.parts)
        total += cumulative(part, t);
      return total;
    }
  }
  return 0;
}

}  // namespace

void ArrivalSpec::scale(double factor) {
  rate = rate.scaled(factor);
  from = from.scaled(factor);
  to = to.scaled(factor);
  mean = mean.scaled(factor);
  peak = peak.scaled(factor);
  for (Rate& r : hourly)
    r = r.scaled(factor);
  on_rate = on_rate.scaled(factor);
  off_rate = off_rate.scaled(factor);
  // A spike is load too: --scale 2 doubles it (rounded to the nearest request).
  count = std::llround(static_cast<double>(count) * factor);
  for (std::int64_t& c : counts)
    c = std::llround(static_cast<double>(c) * factor);
  for (ArrivalSpec& part : parts)
    part.scale(factor);
}

double expected_arrivals(const ArrivalSpec& spec, Time t0, Time t1) {
  return cumulative(spec, static_cast<double>(t1.us)) -
         cumulative(spec, static_cast<double>(t0.us));
}

}  // namespace slsim
