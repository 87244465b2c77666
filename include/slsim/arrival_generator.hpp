#pragma once
// A source's arrival process, generating lazily: one pending arrival per source, so memory
// never grows with the number of requests.

#include <cstdint>

#include "slsim/random.hpp"
#include "slsim/scenario.hpp"
#include "slsim/time.hpp"

namespace slsim {

class ArrivalGenerator {
 public:
  ArrivalGenerator(const ArrivalSpec& spec, Rng rng);

  // The time of the next arrival (Time::never() when the rate is zero). Call once per
  // arrival, in order.
  Time next();

 private:
  ArrivalSpec spec_;
  Rng rng_;
  Time last_{0};
  std::uint64_t count_ = 0;  // arrivals generated so far
  double mean_gap_us_ = 0;
};

}  // namespace slsim
