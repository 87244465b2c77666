#pragma once
// Serverless vs always-on (README "Comparing pricing models"): what the same workload would
// cost on Fargate tasks or EC2 instances sized to carry the run's observed peak concurrency,
// the request rate at which Lambda costs as much, and when provisioned concurrency pays.
//
// Sizing rule: every concurrent execution needs the function's memory and the CPU Lambda gives
// that memory (memory / 1,769 MB of a vCPU; facts 1.5). The fleet holds, for every function at
// once, its peak concurrency of such slots: vCPU = sum(peak x memory / 1769), GB = sum(peak x
// memory / 1024). Fargate bills exactly that (per vCPU-hour and GB-hour, at least its minimum);
// EC2 needs max(ceil(vCPU / instance vCPUs), ceil(GB / instance GB)) instances. Both run for the
// whole simulated time: no autoscaling, no headroom, no load balancer.

#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct AlwaysOnOption {
  std::string name;  // "fargate", "ec2 m5.large"
  double usd = 0;    // for the simulated (or extrapolated) period
  double usd_per_hour = 0;
  double instances = 0;  // EC2 instances (0 for Fargate)
  // Requests per second at which Lambda, at this run's cost per request, costs as much per
  // hour as this fleet; above it the fleet is cheaper, as long as it can carry the load.
  double break_even_rps = 0;
};

struct AlwaysOnComparison {
  double fleet_vcpus = 0;
  double fleet_gb = 0;
  double lambda_usd_per_request = 0;  // the book's Lambda cost / invocations, no free tier
  double observed_rps = 0;            // invocations per simulated second
  // What the fleet can carry: sum over functions of peak / mean execution time (Little's law).
  double fleet_capacity_rps = 0;
  std::vector<AlwaysOnOption> options;
};

// Provisioned concurrency pays when an environment is busy more than this fraction of the time:
// PC GB-s / (on-demand GB-s - PC execution GB-s), first tier (about 60 % on x86; facts 1.1).
struct ProvisionedBreakEven {
  Architecture arch = Architecture::x86_64;
  double utilisation = 0;
};

struct FunctionUtilisation {
  std::string name;
  double mean_concurrency = 0;
  std::int64_t peak_concurrency = 0;
  double utilisation_at_peak = 0;  // mean / peak: how busy PC sized to the peak would be
  bool provisioned_pays = false;   // utilisation_at_peak above the break-even of its arch
};

// `lambda` is the book's bill of the run without the free tier (the marginal price).
AlwaysOnComparison compare_always_on(const ScenarioSpec& scenario, const RunResult& result,
                                     const PriceBook& book, const BookCost& lambda,
                                     double extrapolation);
std::vector<ProvisionedBreakEven> provisioned_break_even(const PriceBook& book);
std::vector<FunctionUtilisation> function_utilisation(const ScenarioSpec& scenario,
                                                      const RunResult& result,
                                                      const PriceBook& book);

}  // namespace slsim
