#include "slsim/arrival_generator.hpp"

#include <cmath>
#include <numbers>
#include <utility>

#include "slsim/portable_math.hpp"

namespace slsim {

namespace {

__extension__ using Wide = __int128;

constexpr double kTwoPi = 2 * std::numbers::pi;

// The k-th arrival of a constant process is at round(k / rate), exactly, in integer
// arithmetic: k * per / count, with count in units of 1e-9 events.
Time constant_arrival(std::uint64_t k, const Rate& rate) {
  const Wide numerator = Wide(k) * Wide(rate.per.us) * 1'000'000'000;
  const Wide count = rate.count_nano;
  const Wide rounded = (2 * numerator + count) / (2 * count);
  if (rounded > Wide(Time::never().us)) return Time::never();
  return Time{static_cast<std::int64_t>(rounded)};
}

double per_us(const Rate& r) {
  if (r.count_nano <= 0 || r.per.us <= 0) return 0;
  return static_cast<double>(r.count_nano) / 1e9 / static_cast<double>(r.per.us);
}

// cos(x) with IEEE +, -, *, / only (as portable_math.hpp, so thinning decisions are the same
// on every machine): x reduced to [-pi, pi], then the Taylor series to x^30, whose remainder
// there is below pi^32/32! < 1e-19.
double portable_cos(double x) {
  const double turns = x / kTwoPi;
  const auto whole =
      static_cast<double>(static_cast<std::int64_t>(turns + (turns < 0 ? -0.5 : 0.5)));
  const double r = x - whole * kTwoPi;
  const double r2 = r * r;
  double term = 1;
  double sum = 1;
  for (int n = 1; n <= 15; ++n) {
    term = -term * r2 / static_cast<double>((2 * n - 1) * (2 * n));
    sum += term;
  }
  return sum;
}

// The rate of a sinusoidal diurnal process at t (events per us).
double sinusoid_rate(const ArrivalSpec& s, double mean, double peak, double t_us) {
  const double phase =
      kTwoPi * (t_us - static_cast<double>(s.peak_at.us)) / static_cast<double>(s.period.us);
  return mean + (peak - mean) * portable_cos(phase);
}

}  // namespace

ArrivalGenerator::ArrivalGenerator(ArrivalSpec spec, Rng rng) : spec_(std::move(spec)), rng_(rng) {
  switch (spec_.process) {
    case ArrivalProcess::ramp:
      rate_ = per_us(spec_.from);
      rate2_ = per_us(spec_.to);
      break;
    case ArrivalProcess::diurnal:
      rate_ = per_us(spec_.mean);
      rate2_ = per_us(spec_.peak);
      break;
    case ArrivalProcess::bursts:
      rate_ = per_us(spec_.on_rate);
      rate2_ = per_us(spec_.off_rate);
      break;
    case ArrivalProcess::sum:
      // Each part draws from its own stream, seeded from this one in order.
      parts_.reserve(spec_.parts.size());
      for (const ArrivalSpec& part : spec_.parts)
        parts_.emplace_back(part, Rng(rng_.next_u64()));
      pending_.assign(parts_.size(), Time::never());
      break;
    default:
      rate_ = per_us(spec_.rate);
      break;
  }
}

Time ArrivalGenerator::next() {
  switch (spec_.process) {
    case ArrivalProcess::poisson:
      return next_poisson();
    case ArrivalProcess::constant:
      return next_constant();
    case ArrivalProcess::uniform:
      return next_uniform();
    case ArrivalProcess::ramp:
      return next_ramp();
    case ArrivalProcess::diurnal:
      return spec_.hourly.empty() ? next_sinusoid() : next_hourly();
    case ArrivalProcess::bursts:
      return next_bursts();
    case ArrivalProcess::spike:
      return next_spike();
    case ArrivalProcess::sum:
      return next_sum();
    case ArrivalProcess::counts:
      return spec_.spread == WindowSpread::poisson ? next_counts_poisson() : next_counts();
    case ArrivalProcess::trace:
      break;  // a trace's rows come from its reader (the simulation's trace feed)
  }
  return Time::never();
}

Time ArrivalGenerator::clock_time() const {
  return Time{round_to_micros(clock_us_).us};
}

Time ArrivalGenerator::next_poisson() {
  if (rate_ <= 0) return Time::never();
  // Exponential gaps, rounded to the microsecond; the first arrival is one gap after 0.
  last_ = saturating_add(last_, round_to_micros(rng_.exponential(spec_.rate.mean_gap_us())));
  ++count_;
  return last_;
}

Time ArrivalGenerator::next_constant() {
  if (rate_ <= 0) return Time::never();
  return constant_arrival(count_++, spec_.rate);
}

Time ArrivalGenerator::next_uniform() {
  if (rate_ <= 0) return Time::never();
  // Gaps uniform in [(1 - jitter), (1 + jitter)] / rate: the mean gap is exactly 1 / rate.
  const double mean_gap = 1 / rate_;
  clock_us_ += mean_gap * (1 + spec_.jitter * (2 * rng_.uniform01() - 1));
  return clock_time();
}

// Exact inversion of the cumulative rate: with E ~ Exp(1), the next arrival after t0 is the t
// with Lambda(t) - Lambda(t0) = E. Lambda is quadratic during the ramp, linear after it.
Time ArrivalGenerator::next_ramp() {
  double e = rng_.exponential(1.0);
  const double t0 = clock_us_;
  const auto end = static_cast<double>(spec_.over.us);
  if (t0 < end) {
    const double slope = (rate2_ - rate_) / end;  // events per us^2
    const double r0 = rate_ + slope * t0;
    const double mass = r0 * (end - t0) + 0.5 * slope * (end - t0) * (end - t0);
    if (e <= mass) {
      // r0 x + slope x^2 / 2 = e, in the form that is stable for slope near 0 or negative.
      const double root = std::sqrt(std::max(0.0, r0 * r0 + 2 * slope * e));
      clock_us_ = t0 + 2 * e / (r0 + root);
      return clock_time();
    }
    e -= mass;
    clock_us_ = end;
  }
  if (rate2_ <= 0) {
    clock_us_ = 0x1.0p63;
    return Time::never();
  }
  clock_us_ += e / rate2_;
  return clock_time();
}

// Thinning (Lewis and Shedler 1979): candidates at the peak rate, each kept with probability
// rate(t) / peak. The sinusoid's cumulative rate has no closed-form inverse; thinning is exact
// and keeps at least half of the candidates, since the loader requires peak <= 2 x mean.
Time ArrivalGenerator::next_sinusoid() {
  if (rate2_ <= 0) return Time::never();
  for (;;) {
    clock_us_ += rng_.exponential(1 / rate2_);
    if (clock_us_ >= 0x1.0p63) return Time::never();
    const double u = rng_.uniform01();
    if (u * rate2_ <= sinusoid_rate(spec_, rate_, rate2_, clock_us_)) return clock_time();
  }
}

// Exact inversion over the piecewise-constant hourly profile: walk the hours, spending the
// exponential mass E at each hour's rate.
Time ArrivalGenerator::next_hourly() {
  const double slot = static_cast<double>(spec_.period.us) / 24.0;
  double day_mass = 0;
  for (const Rate& r : spec_.hourly)
    day_mass += per_us(r) * slot;
  if (day_mass <= 0) return Time::never();
  double e = rng_.exponential(1.0);
  // Whole periods first, so a tiny rate does not walk hour by hour.
  const double days = std::floor(e / day_mass);
  e -= days * day_mass;
  clock_us_ += days * static_cast<double>(spec_.period.us);
  for (;;) {
    if (clock_us_ >= 0x1.0p63) return Time::never();
    double index = std::floor(clock_us_ / slot);
    if ((index + 1) * slot <= clock_us_) index += 1;  // a boundary rounded down
    const double slot_end = (index + 1) * slot;
    const auto hour = static_cast<std::size_t>(std::fmod(index, 24.0));
    const double rate = per_us(spec_.hourly[hour]);
    const double mass = rate * (slot_end - clock_us_);
    if (rate > 0 && e <= mass) {
      clock_us_ += e / rate;
      return clock_time();
    }
    e -= mass;
    clock_us_ = slot_end;
  }
}

// A Poisson process whose rate is on_rate or off_rate, switching at the ends of periods of
// fixed length (on/off) or of exponential length (a two-state MMPP). Exponential gaps are
// memoryless, so a gap that crosses a switch is redrawn from the switch at the new rate.
Time ArrivalGenerator::next_bursts() {
  if (rate_ <= 0 && rate2_ <= 0) return Time::never();
  const auto period_length = [this](bool on) {
    const auto mean = static_cast<double>((on ? spec_.on : spec_.off).us);
    return spec_.mmpp ? rng_.exponential(mean) : mean;
  };
  if (!started_) {
    started_ = true;
    switch_at_us_ = period_length(true);
  }
  for (;;) {
    if (clock_us_ >= 0x1.0p63) return Time::never();
    const double rate = on_ ? rate_ : rate2_;
    if (rate > 0) {
      const double gap = rng_.exponential(1 / rate);
      if (clock_us_ + gap < switch_at_us_) {
        clock_us_ += gap;
        return clock_time();
      }
    }
    clock_us_ = switch_at_us_;
    on_ = !on_;
    switch_at_us_ += period_length(on_);
  }
}

Time ArrivalGenerator::next_spike() {
  if (count_ >= static_cast<std::uint64_t>(spec_.count)) return Time::never();
  ++count_;
  return Time{0} + spec_.at;
}

// Merges the parts lazily: each keeps its own next arrival; the earliest is taken (the first
// part on ties) and replaced by that part's following one.
Time ArrivalGenerator::next_sum() {
  if (!started_) {
    started_ = true;
    for (std::size_t i = 0; i < parts_.size(); ++i)
      pending_[i] = parts_[i].next();
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < pending_.size(); ++i) {
    if (pending_[i] < pending_[best]) best = i;
  }
  if (pending_.empty() || pending_[best] == Time::never()) return Time::never();
  const Time t = pending_[best];
  pending_[best] = parts_[best].next();
  return t;
}

// A window's n arrivals at uniform times, generated in order without storing them: the next
// of n remaining order statistics on [t, end) is t + (end - t)(1 - U^(1/n)) (the minimum of n
// uniforms). With `start`, all n at the window's start.
Time ArrivalGenerator::next_counts() {
  const auto window = static_cast<double>(spec_.window.us);
  if (!started_) {
    started_ = true;
    window_index_ = 0;
    left_in_window_ = spec_.counts.empty() ? 0 : spec_.counts[0];
    clock_us_ = 0;
  }
  while (left_in_window_ <= 0) {
    if (++window_index_ >= spec_.counts.size()) return Time::never();
    left_in_window_ = spec_.counts[window_index_];
    clock_us_ = static_cast<double>(window_index_) * window;
  }
  const double begin = static_cast<double>(window_index_) * window;
  if (spec_.spread == WindowSpread::start) {
    --left_in_window_;
    return Time{round_to_micros(begin).us};
  }
  const double end = begin + window;
  const auto n = static_cast<double>(left_in_window_);
  const double u = rng_.uniform01_open_low();
  clock_us_ += (end - clock_us_) * (1 - portable_exp(portable_log(u) / n));
  --left_in_window_;
  // Rounding may reach the window's end; keep the arrival inside it.
  return Time{std::min(round_to_micros(clock_us_).us, static_cast<std::int64_t>(end) - 1)};
}

// A Poisson process whose rate is counts[i] / window in window i.
Time ArrivalGenerator::next_counts_poisson() {
  const auto window = static_cast<double>(spec_.window.us);
  for (;;) {
    const auto index = static_cast<std::size_t>(clock_us_ / window);
    if (index >= spec_.counts.size()) return Time::never();
    const double end = static_cast<double>(index + 1) * window;
    const double rate = static_cast<double>(spec_.counts[index]) / window;
    if (rate > 0) {
      const double gap = rng_.exponential(1 / rate);
      if (clock_us_ + gap < end) {
        clock_us_ += gap;
        return clock_time();
      }
    }
    clock_us_ = end;
  }
}

}  // namespace slsim
