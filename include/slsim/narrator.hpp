#pragma once
// The teaching mode's hook (`slsim trace`): the engine tells a Narrator what happens, in
// words' worth of facts, at a few points (a start, an end, a throttle, an expiry, a request's
// fate). RunOptions::narrator is null in every other run, and then each hook costs one
// pointer test. A narrator only observes: it cannot change the run.

#include <cstdint>
#include <string_view>

#include "slsim/time.hpp"

namespace slsim {

// Why an attempt was rejected with a 429.
enum class ThrottleCause : std::uint8_t {
  request_rate,  // the account's invocation request-rate quota (facts 1.1)
  reserved,      // the function's reserved concurrency
  unreserved,    // the account's unreserved concurrency pool
  scale_rate,    // the scaling rate of new environments (facts 1.2)
};

// What happened to a request at its source.
enum class RequestFate : std::uint8_t {
  retry_scheduled,    // a throttled caller will retry after `delay`
  throttled,          // the caller gets its 429 (retries exhausted)
  gateway_throttled,  // API Gateway's own limit answered 429
  gateway_500,        // API Gateway turned Lambda's 429 into a 500
  gateway_timeout,    // API Gateway's integration timeout: 504
  async_requeued,     // Lambda's internal queue will try the event again after `delay`
  async_dropped,      // the event was discarded (max age or retries exhausted)
};

class Narrator {
 public:
  virtual ~Narrator() = default;
  // An execution started on environment `env` (init > 0: a cold start). busy and idle are
  // the function's environments right after the start.
  virtual void started(Time now, std::string_view function, std::uint32_t env, Duration init,
                       bool provisioned, std::int64_t busy, std::int64_t idle) = 0;
  virtual void ended(Time now, std::string_view function, std::uint32_t env, Duration latency,
                     bool timed_out, std::int64_t busy) = 0;
  virtual void throttled(Time now, std::string_view function, ThrottleCause cause,
                         std::int64_t limit) = 0;
  virtual void expired(Time now, std::string_view function, std::uint32_t env) = 0;
  virtual void request(Time now, std::string_view source, RequestFate fate, Duration delay) = 0;
};

}  // namespace slsim
