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
// - Memory: the book's MemoryBilling turns configured memory into billed memory (Azure rounds
//   up to 128 MB with a 128 MB minimum; facts 9). CPU-second prices (GCF 1st gen GHz-s, Cloud
//   Run vCPU-s; facts 9) bill the same billed time x the CPU units of the function's memory.
// - A book without provisioned concurrency prices configured PC at nothing and executions on
//   it at the on-demand rates (noted as a behaviour difference).
// - Services (RunResult::usage): each meter priced by the book's section of the resource's
//   type, tiers and free allowances on the total of the meter over all resources of the type
//   (AWS tiers are per account), shared among resources in proportion to use.
// - --per month: every quantity x month_hours / simulated hours, tiers not pro-rated.
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
  double cpu_s = 0;          // CPU unit-seconds (GHz-s, vCPU-s) when the book prices them
  double storage_gb_s = 0;   // /tmp above the free 512 MB x billed seconds (facts 1.5)
  double free_requests = 0;  // this function's share of the free tier
  double free_gb_s = 0;
  double free_cpu_s = 0;
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

// `m` multiplies every quantity (--per month; 1 otherwise).
Usage usage_of(const FunctionSpec& spec, const FunctionResult& r, const BillingTally& t,
               const LambdaPrices& p, Duration simulated, double m) {
  const double gb = static_cast<double>(p.memory.billed_mb(spec.memory_mb)) / kMbPerGb;
  const bool init_billed =
      p.init_billed || (p.init_billed_images && spec.package == PackageType::image);
  const std::int64_t on_demand_us = init_billed ? t.on_demand_us_with_init : t.on_demand_us_handler;
  Usage u;
  u.arch = billed_arch(p.arch_billing, spec.arch);
  const bool provisioned = rates_of(p, u.arch).has_provisioned;
  u.free_eligible = spec.provisioned_concurrency == 0 || !provisioned;
  u.requests = static_cast<double>(r.invocations) * m;
  const double od_seconds = static_cast<double>(on_demand_us) / kMicrosPerSecond * m;
  const double pc_seconds = static_cast<double>(t.provisioned_us) / kMicrosPerSecond * m;
  u.on_demand_gb_s = od_seconds * gb;
  u.provisioned_exec_gb_s = pc_seconds * gb;
  if (!provisioned) {
    u.on_demand_gb_s += u.provisioned_exec_gb_s;
    u.provisioned_exec_gb_s = 0;
  }
  if (spec.provisioned_concurrency > 0 && provisioned) {
    u.configured_gb_s = static_cast<double>(spec.provisioned_concurrency) * gb *
                        rounded_up_seconds(simulated, p.provisioned_rounding) * m;
  }
  if (!p.cpu_by_memory.rows.empty()) {
    u.cpu_s = (od_seconds + pc_seconds) * p.cpu_by_memory.units_for(spec.memory_mb);
  }
  // facts 1.5: 512 MB of /tmp is free; the rest is billed over the billed duration.
  constexpr std::int64_t kFreeEphemeralMb = 512;
  u.storage_gb_s = (od_seconds + pc_seconds) *
                   static_cast<double>(spec.ephemeral_storage_mb - kFreeEphemeralMb) / kMbPerGb;
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
  double cpu_s = p.free_cpu_s * scale;
  for (Architecture a : kArchitectures) {
    requests = allot(usages, a, requests, &Usage::requests, &Usage::free_requests);
    gb_s = allot(usages, a, gb_s, &Usage::on_demand_gb_s, &Usage::free_gb_s);
    cpu_s = allot(usages, a, cpu_s, &Usage::cpu_s, &Usage::free_cpu_s);
  }
}

// Each function's share of its architecture's tiered cost of one quantity (on-demand GB-s,
// CPU-s), added to `costs`.
void add_tiered_costs(const std::vector<Usage>& usages, const LambdaPrices& p, double scale,
                      double Usage::*use, double Usage::*free_use,
                      TieredPrice LambdaArchRates::*price, std::vector<double>& costs) {
  for (Architecture a : kArchitectures) {
    const TieredPrice& rates = rates_of(p, a).*price;
    if (rates.tiers.empty()) continue;
    double total = 0, free = 0, billed = 0;
    for (const Usage& u : usages) {
      if (u.arch != a) continue;
      total += u.*use;
      free += u.*free_use;
      billed += u.*use - u.*free_use;
    }
    if (!(billed > 0)) continue;
    const double cost = tiered_cost(rates, scale, free, total);
    for (std::size_t i = 0; i < usages.size(); ++i) {
      if (usages[i].arch != a) continue;
      costs[i] += cost * ((usages[i].*use - usages[i].*free_use) / billed);
    }
  }
}

std::vector<double> duration_costs(const std::vector<Usage>& usages, const LambdaPrices& p,
                                   double scale) {
  std::vector<double> costs(usages.size(), 0.0);
  add_tiered_costs(usages, p, scale, &Usage::on_demand_gb_s, &Usage::free_gb_s,
                   &LambdaArchRates::duration_gb_s, costs);
  add_tiered_costs(usages, p, scale, &Usage::cpu_s, &Usage::free_cpu_s, &LambdaArchRates::cpu_s,
                   costs);
  return costs;
}

double other_lambda_cost(const Usage& u, const LambdaArchRates& r) {
  const double requests = (u.requests - u.free_requests) * r.request.usd +
                          u.storage_gb_s * r.ephemeral_storage_gb_s.usd;
  if (!r.has_provisioned) return requests;
  return requests + u.provisioned_exec_gb_s * r.provisioned_duration_gb_s.usd +
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
                                       double m, const CostOptions& options) {
  std::vector<Usage> usages;
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    usages.push_back(usage_of(scenario.functions[i], result.functions[i],
                              result.functions[i].billing[rule], book.lambda, result.simulated, m));
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
                        const PriceBook& book, double scale, double m) {
  double http = 0, rest = 0;
  for (std::size_t i = 0; i < scenario.sources.size(); ++i) {
    const SourceSpec& s = scenario.sources[i];
    if (s.type != SourceType::api_gateway) continue;
    const SourceResult& r = result.sources[i];
    const double billed = static_cast<double>(r.requests - r.gateway_throttled) * m;
    (s.flavor == ApiFlavor::rest ? rest : http) += billed;
  }
  return flavor_cost(book.api_gateway.http_requests, http, scale, book, "http_request") +
         flavor_cost(book.api_gateway.rest_requests, rest, scale, book, "rest_request");
}

bool has_api_gateway(const ScenarioSpec& scenario) {
  return std::any_of(scenario.sources.begin(), scenario.sources.end(),
                     [](const SourceSpec& s) { return s.type == SourceType::api_gateway; });
}

// The total of every meter of one service type over its resources.
struct MeterTotal {
  std::string name;
  double quantity = 0;
  double free = 0;  // units covered by free allowances
};

std::vector<MeterTotal> meter_totals(const std::vector<ResourceUsage>& usage,
                                     const std::string& type, double m) {
  std::vector<MeterTotal> totals;
  for (const ResourceUsage& r : usage) {
    if (r.type != type) continue;
    for (const Meter& meter : r.meters) {
      auto it = std::find_if(totals.begin(), totals.end(),
                             [&](const MeterTotal& t) { return t.name == meter.name; });
      if (it == totals.end()) it = totals.insert(totals.end(), MeterTotal{meter.name, 0, 0});
      it->quantity += meter.quantity * m;
    }
  }
  return totals;
}

// Each allowance covers its meters in the order listed (SQS: standard first, then FIFO).
void apply_free_allowances(const ServicePrices& prices, double scale,
                           std::vector<MeterTotal>& totals) {
  for (const FreeAllowance& a : prices.free_tier) {
    double left = a.units * scale;
    for (const std::string& name : a.meters) {
      for (MeterTotal& t : totals) {
        if (t.name != name) continue;
        const double take = std::min(left, t.quantity - t.free);
        t.free += take;
        left -= take;
      }
    }
  }
}

// The costs of the service resources of one type, shared meter by meter in proportion to use.
void service_costs(const RunResult& result, const PriceBook& book, const std::string& type,
                   double scale, double m, const CostOptions& options, BookCost& cost) {
  std::vector<MeterTotal> totals = meter_totals(result.usage, type, m);
  const ServicePrices* prices = book.service(type);
  if (prices != nullptr && options.free_tier) apply_free_allowances(*prices, scale, totals);
  double service_usd = 0;
  for (const MeterTotal& t : totals) {
    const TieredPrice* price = prices == nullptr ? nullptr : prices->price_of(t.name);
    if (price == nullptr) {
      if (t.quantity > 0) cost.unpriced.push_back(type + "." + t.name);
      continue;
    }
    if (!(t.quantity > t.free)) continue;
    const double usd = tiered_cost(*price, scale, t.free, t.quantity);
    service_usd += usd;
    for (std::size_t i = 0; i < result.usage.size(); ++i) {
      const ResourceUsage& r = result.usage[i];
      if (r.type != type) continue;
      for (const Meter& meter : r.meters) {
        if (meter.name == t.name) cost.resources[i].usd += usd * (meter.quantity * m / t.quantity);
      }
    }
  }
  cost.by_service.push_back({type, service_usd});
}

void add_service_costs(const RunResult& result, const PriceBook& book, double scale, double m,
                       const CostOptions& options, BookCost& cost) {
  for (const ResourceUsage& r : result.usage) {
    cost.resources.push_back({r.resource, r.type, 0});
  }
  for (const auto& entry : service_meter_names()) {
    const std::string& type = entry.first;
    const bool used = std::any_of(result.usage.begin(), result.usage.end(),
                                  [&](const ResourceUsage& r) { return r.type == type; });
    if (used) service_costs(result, book, type, scale, m, options, cost);
  }
}

// Where the book's platform differs from what was simulated (pricing never re-simulates).
std::vector<std::string> behaviour_notes(const ScenarioSpec& scenario, const PriceBook& book) {
  std::vector<std::string> notes;
  const LambdaPrices& p = book.lambda;
  for (const FunctionSpec& f : scenario.functions) {
    if (p.memory.maximum_mb > 0 && f.memory_mb > p.memory.maximum_mb) {
      notes.push_back(fmt::format(
          "function '{}' has {} MB, above {}'s maximum of {} MB: that platform would refuse it "
          "(priced at {} MB)",
          f.name, f.memory_mb, book.name, p.memory.maximum_mb, p.memory.billed_mb(f.memory_mb)));
    }
    const Architecture arch = billed_arch(p.arch_billing, f.arch);
    if (arch != f.arch) {
      notes.push_back(fmt::format("function '{}' is {} but {} bills it at {} rates", f.name,
                                  to_string(f.arch), book.name, to_string(arch)));
    }
    if (f.provisioned_concurrency > 0 && !rates_of(p, arch).has_provisioned) {
      notes.push_back(fmt::format(
          "function '{}' has provisioned concurrency, which {} does not price: its executions "
          "are priced on demand and the configured concurrency at nothing",
          f.name, book.name));
    }
    const std::int64_t billed = p.memory.billed_mb(f.memory_mb);
    if (billed != f.memory_mb) {
      notes.push_back(fmt::format("function '{}': {} MB billed as {} MB ({}'s memory rounding)",
                                  f.name, f.memory_mb, billed, book.name));
    }
  }
  return notes;
}

BookCost book_cost(const ScenarioSpec& scenario, const RunResult& result, const PriceBook& book,
                   std::size_t rule, const CostOptions& options) {
  const double hours = static_cast<double>(result.simulated.us) / kMicrosPerHour;
  // --per month: quantities x m, tiers at their monthly size (scale 1).
  const double m = options.per_month && hours > 0 ? book.month_hours / hours : 1.0;
  const double scale = hours * m / book.month_hours;
  BookCost cost;
  cost.book = book.name;
  cost.free_tier = options.free_tier;
  cost.month_hours = book.month_hours;
  cost.per_month = options.per_month;
  cost.extrapolation = m;
  cost.notes = behaviour_notes(scenario, book);
  cost.functions = lambda_costs(scenario, result, book, rule, scale, m, options);
  double lambda = 0;
  for (const FunctionCost& f : cost.functions)
    lambda += f.usd;
  cost.by_service.push_back({"lambda", lambda});
  if (has_api_gateway(scenario)) {
    cost.by_service.push_back({"api_gateway", api_gateway_cost(scenario, result, book, scale, m)});
  }
  add_service_costs(result, book, scale, m, options, cost);
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
