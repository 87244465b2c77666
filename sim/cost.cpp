#include "slsim/cost.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

// How a run is billed (README "Cost"):
// - Lambda requests = FunctionResult::invocations (CloudWatch Invocations, retries included).
// - On-demand GB-s = billed microseconds of the book's BillingRule (INIT + handler as one
//   duration when init_billed, the handler only otherwise) x memory_mb / 1024 / 1e6, priced
//   on the volume tiers of the architecture the book bills the function at. Tiers count the
//   aggregate on-demand GB-s of that architecture across functions (facts 1.6); each
//   architecture's tiered cost is shared among its functions in proportion to their billed
//   (non-free) GB-s, i.e. every function pays the architecture's average price.
// - Executions on provisioned environments: GB-s at the flat provisioned duration rate.
//   Configured provisioned concurrency: provisioned_concurrency x memory / 1024 GB for the
//   simulated time rounded up to the book's provisioned_rounding (5 min; facts 1.1).
// - Monthly tier boundaries and free tiers are pro-rated: X per month -> X * hours / 730.
// - Free tier (--free-tier; facts 1.6): requests and on-demand GB-s of the functions without
//   provisioned concurrency, both architectures sharing one allowance. Free units are the
//   first units of an architecture's tiered schedule, and the allowance goes to x86_64 first,
//   then arm64; within an architecture it is shared in proportion to usage.
// - API Gateway: billed calls = requests - gateway_throttled (a call API Gateway rejects
//   with its own 429 is assumed not billed), tiered per flavor on the flavor's total.

namespace slsim {

namespace {

constexpr double kMicrosPerSecond = 1e6;
constexpr double kMicrosPerHour = 3.6e9;
constexpr double kMbPerGb = 1024;
constexpr Architecture kArchitectures[] = {Architecture::x86_64, Architecture::arm64};

// What one function used, in the units a book prices.
struct Usage {
  Architecture arch = Architecture::x86_64;  // the rates the book bills it at
  bool free_eligible = false;                // no provisioned concurrency
  double requests = 0;
  double on_demand_gb_s = 0;
  double provisioned_exec_gb_s = 0;
  double configured_gb_s = 0;
  double free_requests = 0;  // this function's share of the free tier
  double free_gb_s = 0;
};

// Cost of the units in (from, to] of `price`'s schedule, its boundaries scaled by `scale`.
double tiered_cost(const TieredPrice& price, double scale, double from, double to) {
  double cost = 0;
  double lower = 0;
  for (const PriceTier& tier : price.tiers) {
    const double upper = std::isinf(tier.up_to) ? tier.up_to : tier.up_to * scale;
    const double a = std::max(from, lower);
    const double b = std::min(to, upper);
    if (b > a) cost += (b - a) * tier.usd;
    lower = upper;
  }
  return cost;
}

Architecture billed_arch(ArchBilling billing, Architecture own) {
  switch (billing) {
    case ArchBilling::x86_64:
      return Architecture::x86_64;
    case ArchBilling::arm64:
      return Architecture::arm64;
    case ArchBilling::own:
      break;
  }
  return own;
}

const LambdaArchRates& rates_of(const LambdaPrices& p, Architecture a) {
  return a == Architecture::arm64 ? p.arm64 : p.x86_64;
}

// The simulated time rounded up to a multiple of `step`, in seconds.
double rounded_up_seconds(Duration d, Duration step) {
  // Not (d + step - 1) / step * step in integers: that overflows for a run_for near the
  // largest duration. The product in double is exact below 2^53 us (285 years).
  const std::int64_t steps = d.us / step.us + (d.us % step.us != 0 ? 1 : 0);
  return static_cast<double>(steps) * static_cast<double>(step.us) / kMicrosPerSecond;
}

Usage usage_of(const FunctionSpec& spec, const FunctionResult& r, const BillingTally& t,
               const LambdaPrices& p, Duration simulated) {
  const double gb = static_cast<double>(spec.memory_mb) / kMbPerGb;
  const std::int64_t on_demand_us =
      p.init_billed ? t.on_demand_us_with_init : t.on_demand_us_handler;
  Usage u;
  u.arch = billed_arch(p.arch_billing, spec.arch);
  u.free_eligible = spec.provisioned_concurrency == 0;
  u.requests = static_cast<double>(r.invocations);
  u.on_demand_gb_s = static_cast<double>(on_demand_us) * gb / kMicrosPerSecond;
  u.provisioned_exec_gb_s = static_cast<double>(t.provisioned_us) * gb / kMicrosPerSecond;
  if (spec.provisioned_concurrency > 0) {
    u.configured_gb_s = static_cast<double>(spec.provisioned_concurrency) * gb *
                        rounded_up_seconds(simulated, p.provisioned_rounding);
  }
  return u;
}

// Shares up to `budget` units of `field` among the eligible usages of `arch`, in proportion to
// their use; returns what is left of the budget. When the budget covers everything, each
// function gets exactly its own use (no rounding residue).
double allot(std::vector<Usage>& usages, Architecture arch, double budget, double Usage::*use,
             double Usage::*free) {
  double eligible = 0;
  for (const Usage& u : usages) {
    if (u.arch == arch && u.free_eligible) eligible += u.*use;
  }
  const double used = std::min(budget, eligible);
  for (Usage& u : usages) {
    if (u.arch != arch || !u.free_eligible) continue;
    u.*free = used >= eligible ? u.*use : std::min(u.*use, used * (u.*use / eligible));
  }
  return budget - used;
}

// The always-free tier (facts 1.6), pro-rated: x86_64 first, then arm64.
void allot_free_tier(std::vector<Usage>& usages, const LambdaPrices& p, double scale) {
  double requests = static_cast<double>(p.free_requests) * scale;
  double gb_s = p.free_gb_s * scale;
  for (Architecture a : kArchitectures) {
    requests = allot(usages, a, requests, &Usage::requests, &Usage::free_requests);
    gb_s = allot(usages, a, gb_s, &Usage::on_demand_gb_s, &Usage::free_gb_s);
  }
}

// Each function's share of its architecture's tiered on-demand duration cost.
std::vector<double> duration_costs(const std::vector<Usage>& usages, const LambdaPrices& p,
                                   double scale) {
  std::vector<double> costs(usages.size(), 0.0);
  for (Architecture a : kArchitectures) {
    double total = 0, free = 0, billed = 0;
    for (const Usage& u : usages) {
      if (u.arch != a) continue;
      total += u.on_demand_gb_s;
      free += u.free_gb_s;
      billed += u.on_demand_gb_s - u.free_gb_s;
    }
    if (!(billed > 0)) continue;
    const double cost = tiered_cost(rates_of(p, a).duration_gb_s, scale, free, total);
    for (std::size_t i = 0; i < usages.size(); ++i) {
      if (usages[i].arch != a) continue;
      costs[i] = cost * ((usages[i].on_demand_gb_s - usages[i].free_gb_s) / billed);
    }
  }
  return costs;
}

double other_lambda_cost(const Usage& u, const LambdaArchRates& r) {
  return (u.requests - u.free_requests) * r.request.usd +
         u.provisioned_exec_gb_s * r.provisioned_duration_gb_s.usd +
         u.configured_gb_s * r.provisioned_gb_s.usd;
}

void check_shapes(const ScenarioSpec& scenario, const RunResult& result, std::size_t rules) {
  if (result.functions.size() != scenario.functions.size() ||
      result.sources.size() != scenario.sources.size()) {
    throw InternalError(
        fmt::format("the run has {} functions and {} sources, the scenario {} "
                    "and {}",
                    result.functions.size(), result.sources.size(), scenario.functions.size(),
                    scenario.sources.size()));
  }
  for (const FunctionResult& f : result.functions) {
    if (f.billing.size() != rules) {
      throw InternalError(
          fmt::format("function '{}' has {} billing tallies, the price books "
                      "have {} distinct billing rules",
                      f.name, f.billing.size(), rules));
    }
  }
}

// Lambda's bill of every function under one book.
std::vector<FunctionCost> lambda_costs(const ScenarioSpec& scenario, const RunResult& result,
                                       const PriceBook& book, std::size_t rule, double scale,
                                       const CostOptions& options) {
  std::vector<Usage> usages;
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    usages.push_back(usage_of(scenario.functions[i], result.functions[i],
                              result.functions[i].billing[rule], book.lambda, result.simulated));
  }
  if (options.free_tier) allot_free_tier(usages, book.lambda, scale);
  const std::vector<double> duration = duration_costs(usages, book.lambda, scale);
  std::vector<FunctionCost> costs;
  for (std::size_t i = 0; i < usages.size(); ++i) {
    const Usage& u = usages[i];
    FunctionCost c;
    c.name = scenario.functions[i].name;
    c.usd = duration[i] + other_lambda_cost(u, rates_of(book.lambda, u.arch));
    c.billed_gb_seconds = u.on_demand_gb_s + u.provisioned_exec_gb_s;
    c.provisioned_gb_seconds = u.configured_gb_s;
    costs.push_back(c);
  }
  return costs;
}

double flavor_cost(const TieredPrice& price, double calls, double scale, const PriceBook& book,
                   const char* key) {
  if (calls == 0) return 0;
  if (price.tiers.empty()) {
    throw InternalError(
        fmt::format("price book '{}' has no api_gateway.{} price "
                    "(load_price_books checks this)",
                    book.name, key));
  }
  return tiered_cost(price, scale, 0, calls);
}

// API Gateway calls, tiered per flavor over all sources of that flavor (facts 6).
double api_gateway_cost(const ScenarioSpec& scenario, const RunResult& result,
                        const PriceBook& book, double scale) {
  double http = 0, rest = 0;
  for (std::size_t i = 0; i < scenario.sources.size(); ++i) {
    const SourceSpec& s = scenario.sources[i];
    if (s.type != SourceType::api_gateway) continue;
    const SourceResult& r = result.sources[i];
    const auto billed = static_cast<double>(r.requests - r.gateway_throttled);
    (s.flavor == ApiFlavor::rest ? rest : http) += billed;
  }
  return flavor_cost(book.api_gateway.http_requests, http, scale, book, "http_request") +
         flavor_cost(book.api_gateway.rest_requests, rest, scale, book, "rest_request");
}

bool has_api_gateway(const ScenarioSpec& scenario) {
  return std::any_of(scenario.sources.begin(), scenario.sources.end(),
                     [](const SourceSpec& s) { return s.type == SourceType::api_gateway; });
}

BookCost book_cost(const ScenarioSpec& scenario, const RunResult& result, const PriceBook& book,
                   std::size_t rule, const CostOptions& options) {
  const double hours = static_cast<double>(result.simulated.us) / kMicrosPerHour;
  const double scale = hours / book.month_hours;
  BookCost cost;
  cost.book = book.name;
  cost.free_tier = options.free_tier;
  cost.month_hours = book.month_hours;
  cost.functions = lambda_costs(scenario, result, book, rule, scale, options);
  double lambda = 0;
  for (const FunctionCost& f : cost.functions)
    lambda += f.usd;
  cost.by_service.push_back({"lambda", lambda});
  if (has_api_gateway(scenario)) {
    cost.by_service.push_back({"api_gateway", api_gateway_cost(scenario, result, book, scale)});
  }
  for (const ServiceCost& s : cost.by_service)
    cost.total_usd += s.usd;
  return cost;
}

}  // namespace

std::vector<BookCost> compute_costs(const ScenarioSpec& scenario, const RunResult& result,
                                    const std::vector<PriceBook>& books,
                                    const CostOptions& options) {
  const std::vector<BillingRule> rules = distinct_billing_rules(books);
  check_shapes(scenario, result, rules.size());
  std::vector<BookCost> costs;
  costs.reserve(books.size());
  for (const PriceBook& book : books) {
    costs.push_back(
        book_cost(scenario, result, book, billing_rule_index(rules, book.lambda.rule), options));
  }
  return costs;
}

}  // namespace slsim
