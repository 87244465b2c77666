#include "slsim/sdk_retry.hpp"

#include <algorithm>

namespace slsim {

namespace {

// AWS SDKs standard retry mode: 3 attempts; full-jitter backoff from 100 ms, capped at 20 s
// (SDKs and Tools Reference Guide, "Retry behavior").
constexpr std::uint32_t kMaxAttempts = 3;
constexpr std::int64_t kBackoffBaseUs = 100'000;
constexpr std::int64_t kBackoffCapUs = 20'000'000;

}  // namespace

SdkRetries standard_retries(Duration ready_in, Rng& rng) {
  SdkRetries r;
  if (ready_in.us <= 0) return r;
  std::int64_t waited = 0;
  for (;;) {
    if (r.attempts == kMaxAttempts) {
      r.failed = true;
      break;
    }
    const std::int64_t ceiling = std::min(kBackoffCapUs, kBackoffBaseUs << (r.attempts - 1));
    waited += static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(ceiling) + 1));
    ++r.attempts;
    if (waited >= ready_in.us) break;
  }
  r.waited = Duration{waited};
  return r;
}

}  // namespace slsim
