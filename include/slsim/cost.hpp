#pragma once
// The bill of a run under one or several price books. Monthly volume tiers and free tiers
// are pro-rated to the simulated time with a month of 730 h (the AWS pricing calculator's):
// a tier of X units per month becomes X * simulated_hours / 730 units.

#include <string>
#include <vector>

#include "slsim/price_book.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct CostOptions {
  bool free_tier = false;  // apply the always-free tiers (never the 12-month ones)
};

struct FunctionCost {
  std::string name;
  double usd = 0;                // requests + duration + provisioned concurrency of this function
  double billed_gb_seconds = 0;  // on-demand + executed-on-provisioned GB-s
  double provisioned_gb_seconds = 0;  // configured provisioned concurrency GB-s
};

struct ServiceCost {
  std::string service;  // the service type name: "lambda", "api_gateway", ...
  double usd = 0;
};

struct BookCost {
  std::string book;
  double total_usd = 0;
  std::vector<ServiceCost> by_service;  // every service in the scenario, fixed order
  std::vector<FunctionCost> functions;  // in scenario order
  bool free_tier = false;               // the always-free tiers were applied (--free-tier)
  double month_hours = 730;             // the month monthly tiers were pro-rated against
};

// Prices `result` (whose FunctionResult::billing follows distinct_billing_rules(books)).
std::vector<BookCost> compute_costs(const ScenarioSpec& scenario, const RunResult& result,
                                    const std::vector<PriceBook>& books,
                                    const CostOptions& options);

}  // namespace slsim
