#pragma once
// One Lambda function's execution environments and the admission rules (facts 1.1, 1.2,
// 1.5, 1.8). Environments are provisioned (ready at t = 0, used first, never reclaimed),
// busy (in INIT or in the handler) or idle. Idle on-demand environments are reused most
// recently used first while now < their expiry; the keep-alive is drawn when an idle
// period starts. They sit in a doubly linked MRU list and in a min-heap on expiry; at most
// one expiry event per function is pending in the global queue, and an environment that
// expired before that event fires is never reused (purged first) and is accounted up to
// its exact expiry time.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "slsim/account.hpp"
#include "slsim/event_queue.hpp"
#include "slsim/histogram.hpp"
#include "slsim/narrator.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/services/dynamodb.hpp"
#include "slsim/services/firehose.hpp"
#include "slsim/services/kinesis.hpp"
#include "slsim/services/stream.hpp"
#include "slsim/timeline.hpp"
#include "slsim/token_bucket.hpp"

namespace slsim {

inline constexpr std::uint32_t kNone = 0xffffffffu;
// Recursive loop detection: "If a function is invoked by the same triggering event more than
// 16 times, Lambda will stop the next invocation and sends the event to a Dead-Letter Queue or
// on-failure destination, if configured" (AWS What's New, 13 Jul 2023, "AWS Lambda detects and
// stops recursive loops"; SQS, SNS and the Invoke API; S3 added on 8 Jul 2024, "after
// approximately 16 recursive invocations", cloudexpat.com "Lambda recursive loop
// termination"). An invocation that is the 17th of its chain (16 before it) is stopped.
inline constexpr std::uint8_t kRecursiveLoopLimit = 16;
// On-demand INIT can last at most 10 s (facts 1.5).
inline constexpr Duration kMaxInit = Duration::seconds(10);

enum class StartKind : std::uint8_t { provisioned, warm, cold };

// An execution that has started: when it ends and how.
struct Execution {
  std::uint32_t environment = kNone;  // kNone: the attempt was throttled
  // When it ends; for a handler that will wait on synchronous invokes, the latest it can end
  // (its start + INIT + timeout).
  Time end;
  bool timed_out = false;
  bool errored = false;
};

// An execution that has ended.
struct Finished {
  std::uint32_t request = kNone;
  bool timed_out = false;
  bool errored = false;     // a function error (not a timeout)
  std::uint64_t calls = 0;  // bit i: spec().calls[i] was made by this invocation
  Duration latency;         // INIT (if cold) + handler, as the function reports it
};

class LambdaFunction {
 public:
  // `spec` must outlive this object. Random streams are keyed by the function's name.
  // `scale_rate` is the per-function bucket of new environments (account.scale_rate).
  LambdaFunction(const FunctionSpec& spec, std::uint32_t index, std::uint64_t seed,
                 const BucketSpec& scale_rate, const std::vector<BillingRule>& rules);

  // Admission of one attempt at `now` for `request`, in AWS's order: the account
  // request-rate bucket (front-door attempts only), then concurrency (reserved concurrency
  // as floor and ceiling, else the unreserved pool), then, for a cold start only, the
  // scale bucket. A rejected attempt is counted as a throttle and consumes nothing further.
  // An admitted one schedules its invocation_end event. `own_duration` (>= 0) is the
  // invocation's own handler time (a trace row's), used instead of a draw from the function's
  // duration distribution; the cold start and the memory factor still apply.
  Execution try_start(Time now, std::uint32_t request, bool front_door, AccountState& account,
                      EventQueue& queue, Duration own_duration = Duration{-1});

  // The invocation_end event of `environment`: the environment becomes idle.
  Finished finish(std::uint32_t environment, Time now, AccountState& account, EventQueue& queue);

  // Synchronous invokes (CallAction::invoke_sync). An invocation that made some, and whose
  // own work ended before its timeout, gets a sync_call event (not invocation_end) when that
  // work is done; the simulation then makes its calls one after the other, and ends it with
  // end_wait. The calls in spec order, each `count` times: the index into spec().calls of
  // the next one, or kNone when all were made (each answer moves the cursor on).
  std::uint32_t next_sync_call(std::uint32_t environment);
  // The latest the waiting handler of `environment` may run: start + INIT + timeout.
  Time deadline(std::uint32_t environment) const;
  std::uint32_t request_of(std::uint32_t environment) const { return envs_[environment].request; }
  // Ends the handler of `environment` at `now`: a failed sync call (an unhandled exception,
  // facts 1.3) makes it a function error, the deadline a timeout. Schedules invocation_end.
  void end_wait(std::uint32_t environment, Time now, bool failed, bool timed_out,
                EventQueue& queue);
  // The env_expiry event: drops idle environments whose keep-alive has ended.
  void on_expiry_event(Time now, EventQueue& queue);

  // The scenario's DynamoDB tables, which the function's calls use when it starts (must
  // outlive the function; the simulation owns them).
  void bind_tables(std::vector<DynamoTable>* tables) { tables_ = tables; }
  // The scenario's Kinesis streams and the record streams they write to (kinesis_put calls),
  // likewise.
  void bind_streams(std::vector<KinesisStream>* kinesis, std::vector<RecordStream>* streams) {
    kinesis_ = kinesis;
    streams_ = streams;
  }
  // The scenario's Firehose streams (firehose_put calls), likewise.
  void bind_firehoses(std::vector<FirehoseStream>* firehoses) { firehoses_ = firehoses; }

  // An async event given up (max event age or retries exhausted).
  void count_dropped() { ++dropped_; }
  // An attempt rejected before admission (an async accept refused by the request-rate quota).
  void count_throttle() { ++throttles_; }
  // An async event given up and sent to the on-failure destination.
  void count_to_destination() { ++to_destination_; }
  // Lambda's internal async queue: an event joins it (accepted or requeued) or leaves it (an
  // attempt starts, or it is given up). `age` is the event's age when an attempt starts.
  void async_queue_add(Time now, std::int64_t delta);
  void record_async_age(Duration age) { async_age_.record(age.us); }
  // Async events from services and calls (FunctionResult::events).
  FunctionResult::Events& events() { return events_; }
  const FunctionResult::Events& events() const { return events_; }
  // Synchronous invokes from other functions' handlers (FunctionResult::sync_calls).
  FunctionResult::SyncCalls& sync_calls() { return sync_calls_; }

  std::int64_t concurrency() const { return busy_; }
  // `slsim trace`: narrate starts, ends, throttles and expiries (null: none).
  void set_narrator(Narrator* narrator) { narrator_ = narrator; }
  // Counters and environments at `now`, for the timeline (read-only: sampling changes
  // nothing). O(idle environments).
  FunctionProbe probe(Time now, const AccountState& account) const;

  // --check: the function's invariants (counts never negative, reserved concurrency never
  // exceeded, provisioned environments all accounted for, the idle list and the expiry heap
  // holding the same environments in heap order, every invocation started once and ended
  // at most once). Returns what is broken, or "" — O(idle environments).
  std::string check_invariants() const;
  const FunctionSpec& spec() const { return *spec_; }

  // Final figures over [0, end]; in-flight executions are billed for their elapsed time.
  FunctionResult result(Time end) const;
  // Sets the start of the statistics window (the scenario's warmup), before the run: time
  // averages and the peak cover [start, end]; executions, throttles and environments count
  // when they start at or after it.
  void set_statistics_start(Time start) { stats_from_ = start; }
  // Called when the run reaches the window's start: the concurrency carried into the window
  // counts toward its peak.
  void enter_statistics_window() { peak_busy_ = std::max(peak_busy_, busy_); }

 private:
  struct Environment {
    Time created;
    Time expiry;
    // While busy: the execution.
    Time started;
    Duration init{0};
    Duration handler{0};  // already cut at the timeout
    std::uint32_t request = kNone;
    // Idle MRU list links and position in the expiry heap.
    std::uint32_t prev = kNone;
    std::uint32_t next = kNone;
    std::uint32_t heap_pos = kNone;
    bool provisioned = false;
    bool live = false;  // false once retired (the slot waits in free_envs_)
    bool timed_out = false;
    bool errored = false;
    std::uint64_t calls = 0;
    std::uint16_t sync_call = 0;  // the next synchronous invoke: index into spec().calls
    std::uint16_t sync_made = 0;  // and how many of its `count` were made
    bool counted = true;          // the execution started inside the statistics window (warmup)
  };
  Duration draw_calls(Environment& e, Time now, EventQueue& queue);

  bool concurrency_allows(bool on_provisioned, const AccountState& account) const;
  void narrate_throttle(Time now, ThrottleCause cause, const AccountState& account) const;
  std::int64_t idle_count(Time now) const;
  bool scale_allows(Time now, AccountState& account);
  std::uint32_t take_idle();
  std::uint32_t new_environment(Time now);
  void make_idle(std::uint32_t env, Time now, EventQueue& queue);
  void purge_expired(Time now);
  void retire(std::uint32_t env);
  void set_busy(std::int64_t busy, Time now);
  bool heap_less(std::size_t a, std::size_t b) const;
  static void add_bill(std::vector<BillingTally>& tallies, const std::vector<BillingRule>& rules,
                       bool provisioned, Duration init, Duration handler);

  // Idle list and expiry heap.
  void list_push_front(std::uint32_t env);
  void list_remove(std::uint32_t env);
  void heap_push(std::uint32_t env);
  void heap_remove(std::uint32_t env);
  void heap_swap(std::size_t a, std::size_t b);
  void heap_up(std::size_t pos);
  void heap_down(std::size_t pos);

  const FunctionSpec* spec_;
  std::uint32_t index_;
  std::vector<BillingRule> rules_;
  Rng duration_rng_;
  double duration_factor_ = 1;     // memory-aware duration (scenario.hpp duration_factor)
  Time stats_from_{0};             // the start of the statistics window (warmup)
  std::int64_t busy_counted_ = 0;  // running executions that started inside the window
  Rng cold_start_rng_;
  Rng keep_alive_rng_;
  Rng error_rng_;
  Rng calls_rng_;
  std::uint64_t sync_mask_ = 0;  // bit i: spec().calls[i] is a synchronous invoke
  std::vector<DynamoTable>* tables_ = nullptr;
  std::vector<KinesisStream>* kinesis_ = nullptr;
  std::vector<RecordStream>* streams_ = nullptr;
  std::vector<FirehoseStream>* firehoses_ = nullptr;
  TokenBucket scale_bucket_;

  std::vector<Environment> envs_;
  std::vector<std::uint32_t> free_envs_;         // recycled slots of retired environments
  std::vector<std::uint32_t> provisioned_free_;  // idle provisioned environments
  std::vector<std::uint32_t> expiry_heap_;       // idle on-demand environments by expiry
  std::uint32_t idle_head_ = kNone;              // most recently used idle environment
  Time expiry_event_at_ = Time::never();         // the pending env_expiry event, if any

  // Metrics.
  std::int64_t busy_ = 0;
  std::int64_t busy_on_demand_ = 0;
  std::int64_t peak_busy_ = 0;
  Time busy_since_{0};
  // Time integrals in 128 bits: a million environments over a year is 3e19 us, past int64.
  __extension__ using Integral = __int128;
  Integral busy_integral_ = 0;  // sum of busy x microseconds
  Integral env_lifetime_ = 0;   // microseconds lived by retired on-demand environments
  std::int64_t live_on_demand_ = 0;
  std::uint64_t invocations_ = 0, cold_ = 0, warm_ = 0, provisioned_starts_ = 0;
  std::uint64_t throttles_ = 0, timeouts_ = 0, completed_ = 0, dropped_ = 0, created_ = 0;
  std::uint64_t errors_ = 0, to_destination_ = 0;
  std::int64_t async_queue_ = 0, peak_async_queue_ = 0;
  Time async_queue_since_{0};
  Integral async_queue_integral_ = 0;
  Histogram async_age_;
  FunctionResult::Events events_;
  FunctionResult::SyncCalls sync_calls_;
  Histogram latency_;
  std::vector<BillingTally> billing_;
  Narrator* narrator_ = nullptr;
};

}  // namespace slsim
