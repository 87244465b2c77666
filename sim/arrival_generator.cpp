#include "slsim/arrival_generator.hpp"

#include <cmath>

namespace slsim {

namespace {

__extension__ using Wide = __int128;

// The k-th arrival of a constant process is at round(k / rate), exactly, in integer
// arithmetic: k * per / count, with count in units of 1e-9 events.
Time constant_arrival(std::uint64_t k, const Rate& rate) {
  const Wide numerator = Wide(k) * Wide(rate.per.us) * 1'000'000'000;
  const Wide count = rate.count_nano;
  const Wide rounded = (2 * numerator + count) / (2 * count);
  if (rounded > Wide(Time::never().us)) return Time::never();
  return Time{static_cast<std::int64_t>(rounded)};
}

}  // namespace

ArrivalGenerator::ArrivalGenerator(const ArrivalSpec& spec, Rng rng)
    : spec_(spec), rng_(rng), mean_gap_us_(spec.rate.mean_gap_us()) {}

Time ArrivalGenerator::next() {
  if (spec_.rate.count_nano <= 0) return Time::never();
  switch (spec_.process) {
    case ArrivalProcess::constant:
      return constant_arrival(count_++, spec_.rate);
    case ArrivalProcess::poisson: {
      // Exponential gaps, rounded to the microsecond; the first arrival is one gap after 0.
      last_ = saturating_add(last_, round_to_micros(rng_.exponential(mean_gap_us_)));
      ++count_;
      return last_;
    }
  }
  return Time::never();
}

}  // namespace slsim
