#include "slsim/account.hpp"

namespace slsim {

namespace {

std::int64_t unreserved_capacity(const ScenarioSpec& scenario) {
  // Reserved concurrency (which includes a function's provisioned concurrency) and the
  // provisioned concurrency of functions without a reservation both leave the shared pool
  // (facts 1.1).
  std::int64_t claimed = 0;
  for (const FunctionSpec& f : scenario.functions) {
    claimed += f.reserved_concurrency ? *f.reserved_concurrency : f.provisioned_concurrency;
  }
  return scenario.account.concurrency_limit - claimed;
}

}  // namespace

AccountState::AccountState(const ScenarioSpec& scenario)
    : request_rate(scenario.account.request_rate),
      unreserved_capacity(slsim::unreserved_capacity(scenario)),
      legacy_scaling(scenario.account.scaling == ScalingRule::legacy),
      legacy_scale(legacy_burst_for_region(scenario.account.region),
                   Rate{kLegacyScalePerMinute * 1'000'000'000, Duration::minutes(1)}),
      api_gateway(scenario.account.api_gateway) {}

std::int64_t legacy_burst_for_region(std::string_view region) {
  if (region == "us-east-1" || region == "us-west-2" || region == "eu-west-1") return 3000;
  if (region == "ap-northeast-1" || region == "eu-central-1" || region == "us-east-2") {
    return 1000;
  }
  return 500;
}

}  // namespace slsim
