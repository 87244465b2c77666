#pragma once
// In-flight requests live in a pool of records reused through a free list: no allocation
// per request once the pool has grown to the peak number in flight.

#include <cstdint>
#include <vector>

#include "slsim/time.hpp"

namespace slsim {

// Who started an invocation: a source's request, a queue's batch (an event source mapping), or
// an async event from a function's call or an SNS delivery (`source` is then the function), or
// a synchronous invoke from a function's handler (`source` is the callee, `batch` the caller's
// sync wait), or a Step Functions task (`source` is the function, `batch` the thread), or a
// stream's batch (`source` is the record stream, `batch` the lane).
enum class Origin : std::uint8_t {
  source,
  queue_batch,
  call_event,
  sns_event,
  sync_call,
  workflow_task,
  stream_batch,
  firehose_batch  // a Firehose transformation batch (source = the Firehose stream)
};

struct Request {
  Time arrived;                     // when the caller sent it: the start of its latency
  Time accepted;                    // async: when Lambda accepted it (the start of its event age)
  Time deadline;                    // API Gateway: when the integration timeout fires
  std::uint32_t source = 0;         // the source, or the queue for a batch
  std::uint32_t batch = 0;          // the queue's batch id, or the SNS delivery retries made so far
  std::uint32_t payload_bytes = 0;  // drawn from the source's payload distribution
  // The invocation's own handler time (a trace row's duration), used instead of a draw from
  // the function's distribution; negative: none, draw it.
  Duration duration{-1};
  Origin origin = Origin::source;
  std::uint16_t retries = 0;       // caller (SDK) retries of a 429 made so far
  std::uint16_t backoffs = 0;      // async: throttled attempts requeued so far
  std::uint8_t error_retries = 0;  // async: retries after a function error made so far
  std::uint8_t hops = 0;           // invocations before this one in its chain (loop detection)
  bool caller_done = false;        // the caller already has its answer (API Gateway 504)
  bool counted = true;             // arrived inside the statistics window (warmup)
  bool live = false;
};

class RequestPool {
 public:
  std::uint32_t acquire() {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
      records_[id] = Request{};
    } else {
      id = static_cast<std::uint32_t>(records_.size());
      records_.emplace_back();
    }
    records_[id].live = true;
    ++live_;
    return id;
  }
  void release(std::uint32_t id) {
    records_[id].live = false;
    free_.push_back(id);
    --live_;
  }
  Request& operator[](std::uint32_t id) { return records_[id]; }
  const Request& operator[](std::uint32_t id) const { return records_[id]; }
  std::size_t live() const { return live_; }
  const std::vector<Request>& records() const { return records_; }

 private:
  std::vector<Request> records_;
  std::vector<std::uint32_t> free_;
  std::size_t live_ = 0;
};

}  // namespace slsim
