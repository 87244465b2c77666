#pragma once
// Account-wide (per Region) limits shared by every function and API of a scenario.

#include <cstdint>
#include <string_view>

#include "slsim/scenario.hpp"
#include "slsim/token_bucket.hpp"

namespace slsim {

struct AccountState {
  // Invocation request-rate quota: 10 x the concurrency quota per second (facts 1.1).
  // Front-door attempts only: sync calls, SDK retries, async accepts from direct invokes.
  TokenBucket request_rate;
  // Concurrency not reserved by any function and not provisioned by unreserved functions.
  std::int64_t unreserved_capacity = 0;
  std::int64_t unreserved_in_use = 0;
  // `scaling: legacy`: one account-wide bucket of new environments (facts 1.2, before Nov 2023).
  bool legacy_scaling = false;
  TokenBucket legacy_scale;
  // API Gateway's account-level throttle: 10,000 RPS with a 5,000 burst (facts 6).
  TokenBucket api_gateway;

  explicit AccountState(const ScenarioSpec& scenario);
};

// The account-wide initial burst of the legacy scaling rule by Region: 3,000 in us-east-1,
// us-west-2 and eu-west-1; 1,000 in ap-northeast-1, eu-central-1 and us-east-2; 500 elsewhere;
// then +500 environments per minute (facts 1.2, awsdocs invocation-scaling.md 2023-10-30).
std::int64_t legacy_burst_for_region(std::string_view region);
inline constexpr std::int64_t kLegacyScalePerMinute = 500;

}  // namespace slsim
