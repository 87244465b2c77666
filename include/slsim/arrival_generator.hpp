#pragma once
// A source's arrival process, generating lazily: one pending arrival per source (a `sum` keeps
// one pending arrival per part and merges them), so memory never grows with the number of
// requests. README "Workloads" gives the processes and how each is drawn.

#include <cstdint>
#include <vector>

#include "slsim/random.hpp"
#include "slsim/scenario.hpp"
#include "slsim/time.hpp"

namespace slsim {

class ArrivalGenerator {
 public:
  ArrivalGenerator(const ArrivalSpec& spec, Rng rng);

  // The time of the next arrival (Time::never() when there is none). Call once per
  // arrival; times never decrease.
  Time next();

 private:
  Time next_poisson();
  Time next_constant();
  Time next_uniform();
  Time next_ramp();
  Time next_sinusoid();
  Time next_hourly();
  Time next_bursts();
  Time next_spike();
  Time next_sum();
  // The time `clock_us_` as a Time (never when it ran past the end of representable time).
  Time clock_time() const;

  ArrivalSpec spec_;
  Rng rng_;
  Time last_{0};             // poisson: the previous arrival (gaps rounded one by one)
  double clock_us_ = 0;      // the other processes: the previous arrival, unrounded
  std::uint64_t count_ = 0;  // arrivals generated so far
  // rates in events per microsecond
  double rate_ = 0;
  double rate2_ = 0;
  // bursts
  bool on_ = true;
  double switch_at_us_ = 0;
  // sum
  std::vector<ArrivalGenerator> parts_;
  std::vector<Time> pending_;
  bool started_ = false;
};

}  // namespace slsim
