#pragma once
// The AWS SDKs' standard retry mode for a request a service refuses because of its throughput
// limits (a Kinesis shard's ProvisionedThroughputExceeded, Firehose's ServiceUnavailable): at
// most 3 attempts (AWS SDKs and Tools Reference Guide, "Retry behavior": "standard ... makes
// three attempts"), with exponential backoff and full jitter, base 100 ms, capped at 20 s (the
// SDK backoff simulation.cpp uses for Lambda's 429s).
//
// The retries are evaluated at once, when the first attempt is made: the service will have the
// capacity `ready_in` from now (it reserves it for this request), so the request succeeds at
// the first retry made at or after that, or fails after the last attempt. Requests arriving
// during the backoff are not seen by it, a slight underestimate of contention.

#include <cstdint>

#include "slsim/random.hpp"
#include "slsim/time.hpp"

namespace slsim {

struct SdkRetries {
  Duration waited{0};          // the backoffs the caller slept through
  std::uint32_t attempts = 1;  // attempts made, the first included
  bool failed = false;         // every attempt was refused

  // Attempts the service refused.
  std::uint32_t refused() const { return failed ? attempts : attempts - 1; }
};

// The standard retries of a request first made when the service has capacity for it only
// `ready_in` later (0 or less: at once, one attempt). Draws its jitter from `rng`.
SdkRetries standard_retries(Duration ready_in, Rng& rng);

}  // namespace slsim
