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
  // Extrapolate the simulated period to a whole month (--per month): every quantity is
  // multiplied by month_hours / simulated hours and priced against unscaled monthly tiers.
  bool per_month = false;
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

// One service resource's bill (the resources of RunResult::usage).
struct ResourceCost {
  std::string resource;
  std::string type;
  double usd = 0;
};

struct BookCost {
  std::string book;
  double total_usd = 0;
  std::vector<ServiceCost> by_service;  // every service in the scenario, fixed order
  std::vector<FunctionCost> functions;  // in scenario order
  std::vector<ResourceCost> resources;  // in RunResult::usage order
  bool free_tier = false;               // the always-free tiers were applied (--free-tier)
  double month_hours = 730;             // the month monthly tiers were pro-rated against
  bool per_month = false;               // quantities extrapolated to a month (--per month)
  double extrapolation = 1;             // the factor they were multiplied by
  // Meters the run used that the book has no price for ("sqs.fifo_requests_64kb"): they cost
  // nothing here, and the reports say so.
  std::vector<std::string> unpriced;
  // Where the book's platform would behave differently from the simulation (a memory above
  // its maximum, no provisioned concurrency, no arm64): pricing never re-simulates.
  std::vector<std::string> notes;
};

// Prices `result` (whose FunctionResult::billing follows distinct_billing_rules(books)).
std::vector<BookCost> compute_costs(const ScenarioSpec& scenario, const RunResult& result,
                                    const std::vector<PriceBook>& books,
                                    const CostOptions& options);

}  // namespace slsim
