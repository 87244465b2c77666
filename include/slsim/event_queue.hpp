#pragma once
// The future event set: a 4-ary min-heap of small, trivially copyable events ordered by
// (time, sequence). The sequence number is assigned on push, so events at equal times run
// in FIFO order and a run never depends on heap layout or pointer values.
//
// Complexity: push O(log4 n), pop O(4 log4 n), top O(1). No allocation per event once the
// backing vector has grown to the peak number of pending events. A 4-ary heap keeps the
// hot top levels in a few cache lines and beats a binary heap here (DESIGN.md).
// Cancellation is lazy: the owner of an event recognises a stale one when it pops it.

#include <cstdint>
#include <type_traits>
#include <vector>

#include "slsim/time.hpp"

namespace slsim {

// What an event means is decided by its kind; the engine dispatches on it with a switch
// (no virtual call, no std::function).
enum class EventKind : std::uint8_t {
  source_arrival,    // target = source index: the source's next request arrives
  request_retry,     // payload = request id: a caller retries a throttled attempt
  request_invoke,    // payload = request id: API Gateway overhead elapsed, invoke now
  async_attempt,     // payload = request id: the async queue tries the event (again)
  request_timeout,   // payload = request id: API Gateway's integration timeout (504) fires
  invocation_end,    // target = function, payload = environment id: handler ends or times out
  env_expiry,        // target = function: the earliest idle environment's keep-alive ends
  sqs_visible,       // target = queue: messages whose visibility timeout ended reappear
  sqs_window,        // target = queue: the event source mapping's batching window ends
  sqs_scale,         // target = queue: the mapping's pollers may scale up (every second)
  event_delivery,    // payload = request id: SNS retries delivering an event to Lambda
  s3_notify,         // target = bucket, payload = delivery id: an event notification arrives
  schedule_fire,     // target = EventBridge schedule: it fires
  sync_call,         // target = function, payload = environment: its handler makes its next
                     // synchronous invoke (its own work is done)
  sync_retry,        // payload = request id: the caller's SDK retries a throttled sync invoke
  sync_deadline,     // payload = sync wait id: the waiting caller's timeout
  stream_poll,       // target = record stream, payload = lane: the mapping polls the lane
  stream_append,     // target = record stream, payload = held record: an accepted write lands
  workflow_step,     // payload = Step Functions thread: a wait or a retry backoff ended
  workflow_timeout,  // payload = Step Functions root thread: an express execution's 5 minutes
  firehose_append,   // target = Firehose stream, payload = held put: accepted records land
  firehose_flush,    // target = Firehose stream, payload = buffer generation: its interval ends
  firehose_transform_flush,  // target = Firehose stream, payload = transformation buffer
                             // generation: its interval ends
  firehose_transform,        // target = Firehose stream, payload = batch: invoke (retry) it
};

// 24 bytes: the kind shares a word with the sequence number (sequence << 8 | kind), so that
// four children of a heap node fit in 96 bytes. 56 bits of sequence outlast any run.
struct Event {
  Time time;
  std::uint64_t order = 0;    // sequence << 8 | kind; the sequence is assigned by push
  std::uint32_t target = 0;   // component index (meaning depends on kind)
  std::uint32_t payload = 0;  // request id, environment id, ...

  EventKind kind() const { return static_cast<EventKind>(order & 0xff); }
  std::uint64_t sequence() const { return order >> 8; }
};
static_assert(std::is_trivially_copyable_v<Event>);
static_assert(sizeof(Event) == 24);

class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  const Event& top() const { return heap_.front(); }
  std::uint64_t pushed() const { return next_sequence_; }

  void reserve(std::size_t n) { heap_.reserve(n); }

  void push(Time time, EventKind kind, std::uint32_t target, std::uint32_t payload = 0) {
    const Event e{time, (next_sequence_++ << 8) | static_cast<std::uint64_t>(kind), target,
                  payload};
    std::size_t i = heap_.size();
    heap_.push_back(e);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!before(e, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = e;
  }

  Event pop() {
    const Event result = heap_.front();
    const Event last = heap_.back();
    heap_.pop_back();
    const std::size_t n = heap_.size();
    if (n > 0) {
      std::size_t i = 0;
      for (;;) {
        const std::size_t first = i * kArity + 1;
        if (first >= n) break;
        std::size_t best = first;
        const std::size_t end = first + kArity < n ? first + kArity : n;
        for (std::size_t c = first + 1; c < end; ++c) {
          if (before(heap_[c], heap_[best])) best = c;
        }
        if (!before(heap_[best], last)) break;
        heap_[i] = heap_[best];
        i = best;
      }
      heap_[i] = last;
    }
    return result;
  }

 private:
  static constexpr std::size_t kArity = 4;
  static bool before(const Event& a, const Event& b) {
    // Comparing `order` compares sequences: they are unique and sit in the high bits.
    return a.time.us < b.time.us || (a.time.us == b.time.us && a.order < b.order);
  }

  std::vector<Event> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace slsim
