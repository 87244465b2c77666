#pragma once
// An SQS queue (standard or FIFO) and its Lambda event source mapping (facts 2).
//
// Messages live in a pool of records indexed by uint32 (no allocation per message once the
// pool has grown). A message is visible (waiting to be received), in flight (received into a
// batch that a Lambda invocation processes) or invisible until its visibility timeout ends
// after a failed or throttled batch. The mapping's pollers receive batches: at most
// min(pollers, maximum concurrency) batches in flight; pollers start at 5 and grow by 300 a
// minute (60 with account.scaling: legacy) up to 1,000 while messages wait (facts 2, facts 10).
// A standard batch is cut at the batch size, the 6 MB payload limit or the end of the batching
// window; a FIFO batch holds messages of one message group, and each group has at most one
// batch in flight (or waiting to be redelivered), so a group is processed in order.
//
// Every message ends exactly once: deleted after a successful batch, moved to the dead-letter
// queue after max_receive_count receives, expired after the retention period, or still in the
// queue at the end (visible, in flight or invisible): check_invariants() verifies the sum.
//
// The queue does not call Lambda itself: the simulation asks it for the next batch to invoke
// (take_batch) and tells it how the invocation ended (finish_batch), so the engine's dispatch
// stays in simulation.cpp.

#include <cstdint>
#include <string>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/ring_queue.hpp"
#include "slsim/scenario.hpp"
#include "slsim/slot_pool.hpp"
#include "slsim/usage.hpp"

namespace slsim {

inline constexpr std::uint32_t kNoBatch = 0xffffffffu;

// A message leaving for another queue (the redrive to a dead-letter queue).
struct Redrive {
  std::uint32_t queue;  // target queue index
  std::uint32_t bytes;
  std::uint32_t group;
  Time sent;
};

class SqsQueue {
 public:
  SqsQueue(const QueueSpec& spec, std::uint32_t index, std::uint64_t seed, ScalingRule scaling);

  // A message arrives (SendMessage, an on-failure record, a redrive). `sent` is its original
  // enqueue time (a redrive keeps it: SQS ages a standard DLQ message from its first enqueue).
  // `hops` counts the Lambda invocations of its chain so far (recursive loop detection).
  void send(Time now, std::uint32_t bytes, std::uint32_t group, Time sent, std::uint8_t hops = 0);

  // The next batch the mapping's pollers receive at `now`, or kNoBatch. Schedules the batching
  // window and poller scale-up events it needs (kinds sqs_window and sqs_scale, target = the
  // queue). Messages past the retention period expire and messages received max_receive_count
  // times move to `redrives()` on the way.
  std::uint32_t take_batch(Time now, EventQueue& events);
  // The invocation of `batch` ended; `failed` = a function error or timeout (the whole batch
  // fails, facts 2), `throttled` = Lambda refused the invocation (the messages stay invisible
  // until the visibility timeout ends, facts 2).
  void finish_batch(Time now, std::uint32_t batch, bool failed, bool throttled, EventQueue& events);

  // Event handlers.
  void on_visibility_event(Time now, EventQueue& events);  // sqs_visible
  void on_scale_event(Time now);                           // sqs_scale

  // Messages to hand to their dead-letter queue (cleared by the caller).
  std::vector<Redrive>& redrives() { return redrives_; }

  // The longest chain among the batch's messages: the invocation's place in its chain.
  std::uint8_t batch_hops(std::uint32_t batch) const { return batches_[batch].hops; }

  bool has_consumer() const { return spec_->consumer.has_value(); }
  std::uint32_t consumer_function() const { return spec_->consumer->function_index; }
  std::uint64_t messages() const { return in_queue_; }  // visible + in flight + invisible
  // The timeline's view (read-only): concurrent batches and the pollers the mapping has now.
  std::int64_t batches_in_flight() const { return in_flight_batches_; }
  std::int64_t pollers() const { return pollers_; }
  const QueueSpec& spec() const { return *spec_; }

  // --check: counts add up, pollers within their limits. Returns what is broken, or "".
  std::string check_invariants() const;

  QueueResult result(Time end) const;
  ResourceUsage usage(Time end) const;

 private:
  struct Message {
    Time sent;
    std::uint32_t bytes = 0;
    std::uint32_t group = 0;
    std::uint32_t receives = 0;
    std::uint8_t hops = 0;
  };
  struct Batch {
    std::vector<std::uint32_t> messages;  // capacity kept across reuse
    std::uint32_t group = 0;
    Time received;
    std::uint8_t hops = 0;
    bool live = false;
  };
  struct Group {
    RingQueue<std::uint32_t> messages;  // visible, in order
    bool busy = false;                  // a batch in flight or waiting for redelivery
    bool ready = false;                 // in ready_groups_
  };
  struct Hidden {  // waiting for its visibility timeout to end
    Time visible_at;
    std::uint32_t id;  // message (standard) or group (FIFO)
  };

  std::uint32_t new_message(Time sent, std::uint32_t bytes, std::uint32_t group);
  void free_message(std::uint32_t id, Time now);
  std::uint32_t new_batch(Time now);
  // Receives message `id` into `batch`, or expires / redrives it; false if it left the queue.
  bool receive_into(std::uint32_t id, Batch& batch, Time now);
  std::uint32_t take_standard(Time now, EventQueue& events);
  std::uint32_t take_fifo(Time now);
  std::size_t returned_from(std::vector<std::uint32_t>& ids, bool whole_batch_failed);
  void make_ready(std::uint32_t group);
  void hide(Time visible_at, std::uint32_t id, EventQueue& events);
  void maybe_schedule_scale(Time now, EventQueue& events);
  std::int64_t batch_limit() const;
  void set_depth(Time now, std::int64_t delta);
  void set_in_flight(Time now, std::int64_t delta);
  bool backlog() const;

  const QueueSpec* spec_;
  std::uint32_t index_;
  std::int64_t scale_step_;  // pollers added per second while messages wait
  std::int64_t poller_cap_;
  Rng item_rng_;

  SlotPool<Message> messages_;
  std::vector<Batch> batches_;
  std::vector<std::uint32_t> free_batches_;
  RingQueue<std::uint32_t> visible_;  // standard queues
  std::vector<Group> groups_;         // FIFO queues
  RingQueue<std::uint32_t> ready_groups_;
  std::vector<Hidden> hidden_;  // min-heap on (visible_at, id)
  Time visible_event_at_ = Time::never();
  Time window_at_ = Time::never();
  bool scale_pending_ = false;
  std::vector<Redrive> redrives_;
  std::vector<std::uint8_t> item_failed_;  // scratch of finish_batch
  std::vector<std::uint32_t> reordered_;   // scratch of finish_batch

  // Mapping state and metrics.
  std::int64_t pollers_;
  std::int64_t peak_pollers_;
  std::int64_t in_flight_batches_ = 0;
  std::uint64_t in_queue_ = 0, visible_count_ = 0, peak_depth_ = 0;
  Time depth_since_{0}, pollers_since_{0};
  __extension__ using Integral = __int128;
  Integral depth_integral_ = 0;
  Integral idle_poller_integral_ = 0;
  std::uint64_t sent_ = 0, received_ = 0, deleted_ = 0, dead_lettered_ = 0, expired_ = 0;
  std::uint64_t loop_stopped_ = 0;
  std::uint64_t batches_started_ = 0, batches_failed_ = 0, batches_throttled_ = 0;
  std::uint64_t first_receives_ = 0, waited_ = 0;
  Integral wait_sum_us_ = 0;
  Duration max_age_{0};
  Histogram wait_;
  // Billable requests in 64 KB chunks (facts 2).
  std::uint64_t send_chunks_ = 0, receive_chunks_ = 0, delete_requests_ = 0;
};

}  // namespace slsim
