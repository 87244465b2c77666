#pragma once
// An exact token bucket in integer arithmetic: `capacity` tokens, refilled continuously at
// a Rate, starting full. Tokens are kept in units of 1e-9 token-microseconds so refills of
// any Rate are exact; a run never depends on floating-point rounding of the bucket.
// Used for Lambda's per-function scale rate (1,000 environments per 10 s, facts 1.2), the
// account request-rate quota (facts 1.1) and API Gateway throttles (facts 6).

#include <cstdint>

#include "slsim/time.hpp"
#include "slsim/units.hpp"

namespace slsim {

class TokenBucket {
 public:
  TokenBucket() = default;
  TokenBucket(std::int64_t capacity, Rate refill);
  explicit TokenBucket(const BucketSpec& spec) : TokenBucket(spec.capacity, spec.refill) {}

  // Takes one token at `now` if one is available. `now` must not go back in time.
  bool try_take(Time now);
  // Whole tokens available at `now` (for reports and the narrated trace).
  std::int64_t available(Time now);
  std::int64_t capacity() const { return capacity_; }

 private:
  void refill(Time now);

  __extension__ using Wide = __int128;
  std::int64_t capacity_ = 0;
  Wide per_token_ = 1;  // units in one token: refill.per.us * 1e9
  Wide per_us_ = 0;     // units added per microsecond: refill.count_nano
  Wide level_ = 0;      // current level in units
  Wide full_ = 0;       // capacity in units
  Time last_{0};
};

}  // namespace slsim
