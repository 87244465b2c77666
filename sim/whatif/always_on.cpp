#include "slsim/always_on.hpp"

#include <algorithm>
#include <cmath>

// The sizing rule and the break-even definitions are in always_on.hpp and README "Comparing
// pricing models".

namespace slsim {

namespace {

constexpr double kMbPerVcpu = 1769;  // Lambda: 1,769 MB = one vCPU (facts 1.5)
constexpr double kMbPerGb = 1024;
constexpr double kSecondsPerHour = 3600;

double lambda_usd(const BookCost& cost) {
  for (const ServiceCost& s : cost.by_service) {
    if (s.service == "lambda") return s.usd;
  }
  return 0;
}

std::uint64_t invocations(const RunResult& result) {
  std::uint64_t n = 0;
  for (const FunctionResult& f : result.functions)
    n += f.invocations;
  return n;
}

// Invocations per second a function's peak concurrency sustains: peak / mean time in execution
// (Little's law: mean concurrency = rate x mean time).
double capacity_rps(const FunctionResult& f, double seconds) {
  if (f.invocations == 0 || !(f.mean_concurrency > 0)) return 0;
  const double mean_time = f.mean_concurrency * seconds / static_cast<double>(f.invocations);
  return static_cast<double>(f.peak_concurrency) / mean_time;
}

double break_even(double fleet_per_hour, double usd_per_request) {
  if (!(usd_per_request > 0)) return 0;
  return fleet_per_hour / (usd_per_request * kSecondsPerHour);
}

}  // namespace

AlwaysOnComparison compare_always_on(const ScenarioSpec& scenario, const RunResult& result,
                                     const PriceBook& book, const BookCost& lambda,
                                     double extrapolation) {
  AlwaysOnComparison c;
  const double seconds = result.simulated.to_seconds();
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    const auto peak = static_cast<double>(result.functions[i].peak_concurrency);
    const auto memory = static_cast<double>(scenario.functions[i].memory_mb);
    c.fleet_vcpus += peak * memory / kMbPerVcpu;
    c.fleet_gb += peak * memory / kMbPerGb;
    c.fleet_capacity_rps += capacity_rps(result.functions[i], seconds);
  }
  const std::uint64_t n = invocations(result);
  c.observed_rps = seconds > 0 ? static_cast<double>(n) / seconds : 0;
  c.lambda_usd_per_request = n > 0 ? lambda_usd(lambda) / static_cast<double>(n) : 0;
  const AlwaysOnPrices& p = book.always_on;
  if (!p.present()) return c;
  const double hours = seconds * extrapolation / kSecondsPerHour;

  AlwaysOnOption fargate;
  fargate.name = "fargate";
  fargate.usd_per_hour =
      c.fleet_vcpus * p.fargate_vcpu_hour.usd + c.fleet_gb * p.fargate_gb_hour.usd;
  const double fargate_hours = std::max(hours, p.fargate_minimum.to_seconds() / kSecondsPerHour);
  fargate.usd = fargate.usd_per_hour * fargate_hours;
  fargate.break_even_rps = break_even(fargate.usd_per_hour, c.lambda_usd_per_request);
  c.options.push_back(fargate);

  AlwaysOnOption ec2;
  ec2.name = "ec2 " + p.ec2_instance;
  ec2.instances =
      std::max(std::ceil(c.fleet_vcpus / p.ec2_vcpus), std::ceil(c.fleet_gb / p.ec2_memory_gb));
  ec2.usd_per_hour = ec2.instances * p.ec2_hour.usd;
  ec2.usd = ec2.usd_per_hour * hours;
  ec2.break_even_rps = break_even(ec2.usd_per_hour, c.lambda_usd_per_request);
  c.options.push_back(ec2);
  return c;
}

std::vector<ProvisionedBreakEven> provisioned_break_even(const PriceBook& book) {
  std::vector<ProvisionedBreakEven> out;
  for (Architecture arch : {Architecture::x86_64, Architecture::arm64}) {
    const LambdaArchRates& r = arch == Architecture::arm64 ? book.lambda.arm64 : book.lambda.x86_64;
    if (!r.has_provisioned || r.duration_gb_s.tiers.empty()) continue;
    const double saving = r.duration_gb_s.tiers.front().usd - r.provisioned_duration_gb_s.usd;
    if (!(saving > 0)) continue;
    out.push_back({arch, r.provisioned_gb_s.usd / saving});
  }
  return out;
}

std::vector<FunctionUtilisation> function_utilisation(const ScenarioSpec& scenario,
                                                      const RunResult& result,
                                                      const PriceBook& book) {
  const std::vector<ProvisionedBreakEven> thresholds = provisioned_break_even(book);
  std::vector<FunctionUtilisation> out;
  for (std::size_t i = 0; i < scenario.functions.size(); ++i) {
    const FunctionResult& r = result.functions[i];
    FunctionUtilisation u;
    u.name = r.name;
    u.mean_concurrency = r.mean_concurrency;
    u.peak_concurrency = r.peak_concurrency;
    u.utilisation_at_peak =
        r.peak_concurrency > 0 ? r.mean_concurrency / static_cast<double>(r.peak_concurrency) : 0;
    for (const ProvisionedBreakEven& t : thresholds) {
      const bool arm = book.lambda.arch_billing == ArchBilling::arm64 ||
                       (book.lambda.arch_billing == ArchBilling::own &&
                        scenario.functions[i].arch == Architecture::arm64);
      if ((t.arch == Architecture::arm64) == arm) {
        u.provisioned_pays = u.utilisation_at_peak > t.utilisation;
      }
    }
    out.push_back(u);
  }
  return out;
}

}  // namespace slsim
