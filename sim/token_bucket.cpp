#include "slsim/token_bucket.hpp"

#include <fmt/format.h>

#include "slsim/error.hpp"

namespace slsim {

// One token is refill.per.us * 1e9 units and refill.count_nano units arrive per
// microsecond: count_nano / 1e9 tokens per `per` microseconds, with no division anywhere.
TokenBucket::TokenBucket(std::int64_t capacity, Rate refill)
    : capacity_(capacity),
      per_token_(Wide(refill.per.us) * kNano),
      per_us_(refill.count_nano),
      level_(Wide(capacity) * per_token_),
      full_(level_) {
  // A zero or negative period or count would hand out tokens for free or take them back.
  if (capacity < 0 || refill.per.us <= 0 || refill.count_nano < 0) {
    throw InternalError(
        fmt::format("token bucket with capacity {} and refill {}", capacity, format_rate(refill)));
  }
}

void TokenBucket::refill(Time now) {
  // Time never goes back; an earlier `now` is treated as `last_` (nothing to add).
  if (now <= last_) return;
  // elapsed < 2^63 and per_us_ < 2^63, so the product fits in 127 bits.
  const Wide added = Wide(now.us - last_.us) * per_us_;
  level_ = added >= full_ - level_ ? full_ : level_ + added;
  last_ = now;
}

bool TokenBucket::try_take(Time now) {
  refill(now);
  if (level_ < per_token_) return false;
  level_ -= per_token_;
  return true;
}

std::int64_t TokenBucket::available(Time now) {
  refill(now);
  return static_cast<std::int64_t>(level_ / per_token_);
}

}  // namespace slsim
