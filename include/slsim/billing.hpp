#pragma once
// How a provider turns an execution's duration into billed time. The simulation keeps one
// tally per distinct rule of the price books in the run, so pricing never re-simulates and
// never changes the simulated behaviour.

#include <cstdint>
#include <vector>

#include "slsim/time.hpp"

namespace slsim {

struct BillingRule {
  Duration granularity = Duration::millis(1);  // round up to a multiple of this (facts 1.6)
  Duration minimum{0};                         // bill at least this much per execution

  friend bool operator==(const BillingRule&, const BillingRule&) = default;

  Duration billed(Duration d) const {
    if (d < minimum) d = minimum;
    const std::int64_t g = granularity.us > 0 ? granularity.us : 1;
    return {(d.us + g - 1) / g * g};
  }
};

// Billed time of one function under one rule, split the ways price books distinguish.
struct BillingTally {
  // Executions on on-demand environments (spillover from provisioned included).
  std::int64_t on_demand_us_with_init = 0;  // INIT + handler rounded as one duration
  std::int64_t on_demand_us_handler = 0;    // handler only (books where INIT is free)
  // Executions on provisioned environments (never INIT on the request path).
  std::int64_t provisioned_us = 0;
};

}  // namespace slsim
