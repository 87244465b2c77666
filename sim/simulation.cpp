#include "slsim/simulation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "slsim/account.hpp"
#include "slsim/arrival_generator.hpp"
#include "slsim/error.hpp"
#include "slsim/event_queue.hpp"
#include "slsim/lambda_function.hpp"
#include "slsim/request_pool.hpp"
#include "slsim/services/event_bus.hpp"
#include "slsim/services/firehose.hpp"
#include "slsim/services/kinesis.hpp"
#include "slsim/services/s3.hpp"
#include "slsim/services/sns.hpp"
#include "slsim/services/sqs.hpp"
#include "slsim/services/step_functions.hpp"
#include "slsim/services/stream.hpp"
#include "slsim/sync_waits.hpp"
#include "slsim/traces/invocation_trace.hpp"

namespace slsim {

namespace {

// SDK retries of a throttled call: exponential backoff with full jitter, base 100 ms,
// capped at 20 s (the AWS SDKs' standard retry mode; issue 2 fixes these values).
constexpr Duration kSdkBackoffBase = Duration::millis(100);
constexpr Duration kSdkBackoffCap = Duration::seconds(20);
// A function's synchronous invokes go through its SDK in standard retry mode: three attempts
// in all (AWS SDKs and Tools Reference Guide, "Retry behavior": "standard ... The default
// maximum number of attempts with this mode is three"). Only 429s are retried: a function
// error or timeout is an answer, not a retryable error (facts 1.3).
constexpr std::uint16_t kSdkStandardAttempts = 3;
// Lambda's internal queue retries throttled async events from 1 s, doubling up to 5 min
// (facts 1.4).
constexpr Duration kAsyncBackoffFirst = Duration::seconds(1);
constexpr Duration kAsyncBackoffCap = Duration::minutes(5);
// Function errors of async events are retried about 1 min, then about 2 min later (facts 1.4).
constexpr Duration kAsyncErrorRetryDelays[] = {Duration::minutes(1), Duration::minutes(2)};
constexpr std::uint64_t kProgressEvery = std::uint64_t{1} << 20;
// The record Lambda sends to an on-failure destination (the event plus request and response
// context, facts 1.4): counted as 1 KB.
constexpr std::uint32_t kDestinationRecordBytes = 1024;
// Lambda polls each Kinesis shard about once per second (facts 3), each DynamoDB stream shard 4
// times per second (facts 7); DynamoDB stream records expire after 24 h (facts 7).
constexpr Duration kKinesisPollInterval = Duration::seconds(1);
constexpr Duration kTableStreamPollInterval = Duration::millis(250);
constexpr Duration kTableStreamRetention = Duration::hours(24);
// A table's stream has one shard per table partition (README "DynamoDB Streams"): a partition
// serves at most 3,000 RCU and 1,000 WCU (facts 7), and a new on-demand table starts with
// 4,000 WRU / 12,000 RRU, 4 partitions' worth (facts 7).
constexpr std::int64_t kPartitionRcu = 3'000;
constexpr std::int64_t kPartitionWcu = 1'000;
constexpr std::int64_t kOnDemandPartitions = 4;

std::int64_t table_partitions(const TableSpec& t) {
  if (t.mode == CapacityMode::on_demand) return kOnDemandPartitions;
  return std::max<std::int64_t>({1, (t.read_capacity + kPartitionRcu - 1) / kPartitionRcu,
                                 (t.write_capacity + kPartitionWcu - 1) / kPartitionWcu});
}

enum class Outcome : std::uint8_t {
  completed,
  throttled,
  gateway_throttled,
  failed,
  dropped,
  to_destination
};

struct SourceModel {
  const SourceSpec* spec;
  ArrivalGenerator arrivals;
  Rng retry_rng;
  Rng payload_rng;
  std::optional<TokenBucket> throttle;
  SourceResult result;
  std::uint64_t waiting = 0;     // requests whose caller has no answer yet (for --check)
  std::uint32_t feed = kNoFeed;  // a trace source: its file's feed
  static constexpr std::uint32_t kNoFeed = 0xffffffffu;
};

// A per-invocation trace file and the sources replaying it: one reader and one pending row
// for all of them, so the file is read once, streamed, whatever the number of sources.
struct TraceFeed {
  explicit TraceFeed(const TraceSpec& t)
      : spec(&t), reader(t.file, t.format, t.lenient, t.reorder_window) {}
  // Whether a source with trace `t` shares this feed (same file, read the same way).
  bool reads(const TraceSpec& t) const {
    return t.file == spec->file && t.format == spec->format && t.lenient == spec->lenient &&
           t.reorder_window == spec->reorder_window;
  }
  const TraceSpec* spec;
  traces::InvocationTraceReader reader;
  std::optional<traces::TraceRow> pending;  // the row whose arrival is scheduled
};

// FNV-1a style mixing of an event into the run's fingerprint (one multiply per word).
std::uint64_t mix_event(std::uint64_t hash, const Event& e) {
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  hash = (hash ^ static_cast<std::uint64_t>(e.time.us)) * kPrime;
  hash = (hash ^ (e.order & 0xff)) * kPrime;  // the kind; the sequence adds nothing
  hash = (hash ^ ((std::uint64_t{e.target} << 32) | e.payload)) * kPrime;
  return hash;
}

class Simulation {
 public:
  Simulation(const ScenarioSpec& scenario, const RunOptions& options)
      : scenario_(scenario),
        options_(options),
        account_(scenario),
        workflows_(scenario.state_machines, scenario.seed) {
    functions_.reserve(scenario.functions.size());
    for (std::uint32_t i = 0; i < scenario.functions.size(); ++i) {
      functions_.emplace_back(scenario.functions[i], i, scenario.seed, scenario.account.scale_rate,
                              options.billing_rules);
    }
    for (LambdaFunction& fn : functions_)
      fn.set_statistics_start(Time{0} + scenario.warmup);
    sources_.reserve(scenario.sources.size());
    for (const SourceSpec& s : scenario.sources) {
      SourceModel m{
          &s,
          ArrivalGenerator(s.arrivals, Rng::stream(scenario.seed, "source", s.name, "arrivals")),
          Rng::stream(scenario.seed, "source", s.name, "retry"),
          Rng::stream(scenario.seed, "source", s.name, "payload"),
          std::nullopt,
          {}};
      if (s.throttle) m.throttle.emplace(s.throttle->burst, s.throttle->rate);
      m.result.name = s.name;
      if (s.arrivals.process == ArrivalProcess::trace) m.feed = feed_for(s, sources_.size());
      sources_.push_back(std::move(m));
    }
    queues_.reserve(scenario.queues.size());
    for (std::uint32_t q = 0; q < scenario.queues.size(); ++q) {
      queues_.emplace_back(scenario.queues[q], q, scenario.seed, scenario.account.scaling);
    }
    topics_.reserve(scenario.topics.size());
    for (const TopicSpec& t : scenario.topics)
      topics_.emplace_back(t, scenario.seed);
    tables_.reserve(scenario.tables.size());
    for (const TableSpec& t : scenario.tables)
      tables_.emplace_back(t, scenario.seed);
    for (LambdaFunction& fn : functions_)
      fn.bind_tables(&tables_);
    make_streams();
    for (LambdaFunction& fn : functions_)
      fn.bind_streams(&kinesis_, &streams_);
    firehoses_.reserve(scenario.firehoses.size());
    for (std::uint32_t f = 0; f < scenario.firehoses.size(); ++f) {
      firehoses_.emplace_back(scenario.firehoses[f], f, scenario.account.region, scenario.seed);
      if (scenario.firehoses[f].source_index != kNoResource)
        kinesis_[scenario.firehoses[f].source_index].add_firehose_reader(f);
    }
    for (LambdaFunction& fn : functions_)
      fn.bind_firehoses(&firehoses_);
    buses_.reserve(scenario.buses.size());
    for (const EventBusSpec& b : scenario.buses)
      buses_.emplace_back(b, scenario.seed);
    buckets_.reserve(scenario.buckets.size());
    for (std::uint32_t b = 0; b < scenario.buckets.size(); ++b)
      buckets_.emplace_back(scenario.buckets[b], b, scenario.seed);
    if (options.timeline) start_timeline();
    for (LambdaFunction& fn : functions_)
      fn.set_narrator(options.narrator);
    for (const FunctionSpec& f : scenario.functions)
      sync_retry_rngs_.push_back(Rng::stream(scenario.seed, "function", f.name, "sync_retry"));
  }

  RunResult run();

 private:
  std::uint32_t feed_for(const SourceSpec& source, std::size_t index);
  void advance_feed(std::uint32_t feed);
  void schedule_arrival(std::uint32_t source);
  void on_arrival(std::uint32_t source);
  void front_door(std::uint32_t request);
  void invoke_from_gateway(std::uint32_t request);
  void async_attempt(std::uint32_t request);
  void on_request_timeout(std::uint32_t request);
  void on_invocation_end(std::uint32_t function, std::uint32_t environment);
  void retry_or_throttle(std::uint32_t request);
  void end_request(std::uint32_t request, Outcome outcome, std::optional<Duration> latency);
  void give_up_async(std::uint32_t request, LambdaFunction& fn);
  void on_batch_end(std::uint32_t request, const Finished& done);
  void make_streams();
  void on_stream_poll(std::uint32_t stream, std::uint32_t lane);
  void on_stream_batch_end(std::uint32_t request, const Finished& done);
  void send_stream_failures(std::uint32_t stream);
  void put_record(SourceModel& source, bool counted);
  void put_firehose_records(SourceModel& source, bool counted);
  void deliver_firehose(std::uint32_t firehose, bool by_size);
  void on_firehose_due(std::uint32_t firehose, FirehoseDue due);
  void invoke_transform(std::uint32_t firehose, std::uint32_t batch);
  void transform_batch_failed(std::uint32_t firehose, std::uint32_t batch);
  void on_transform_end(std::uint32_t request, const Finished& done);
  void pump_queue(std::uint32_t queue);
  void deliver_redrives(std::uint32_t queue);
  bool messages_pending() const;
  void make_calls(std::uint32_t function, std::uint64_t calls, std::uint8_t hops);
  void publish(std::uint32_t topic, std::uint32_t bytes, std::uint8_t hops);
  void deliver_event(std::uint32_t function, Origin origin, std::uint8_t hops);
  void on_s3_notify(std::uint32_t bucket, std::uint32_t delivery);
  void on_schedule_fire(std::uint32_t schedule);
  void on_sync_call(std::uint32_t function, std::uint32_t environment);
  void next_sync_call(std::uint32_t wait);
  void sync_attempt(std::uint32_t request);
  void on_sync_retry(std::uint32_t request);
  void on_sync_answer(std::uint32_t request, const Finished& done);
  void on_sync_deadline(std::uint32_t wait);
  void end_caller_wait(std::uint32_t wait, bool failed, bool timed_out);
  void start_workflow(std::uint32_t machine, std::uint32_t request);
  void put_event(std::uint32_t bus, std::uint32_t bytes, std::uint8_t hops);
  void run_workflow_actions();
  void on_workflow_arrival(SourceModel& s, bool counted);
  void on_api_send_message(SourceModel& s, bool counted);
  void accept_event(std::uint32_t request);
  void end_event(std::uint32_t request, Outcome outcome);
  LambdaFunction& async_function(const Request& r) {
    return r.origin == Origin::source ? target_of(sources_[r.source]) : functions_[r.source];
  }
  void dispatch(const Event& e);
  void check_invariants(const Event& e) const;
  void check_conservation(RunResult& result) const;
  void start_timeline();
  void narrate(std::uint32_t request, RequestFate fate, Duration delay = Duration{0}) {
    if (options_.narrator) options_.narrator->request(now_, origin_name(request), fate, delay);
  }
  // Who sent a request: its source, the queue of a batch, or (an event from a call or a
  // service) the function it is for.
  const std::string& origin_name(std::uint32_t request) const {
    const Request& r = requests_[request];
    switch (r.origin) {
      case Origin::source:
        return sources_[r.source].spec->name;
      case Origin::queue_batch:
        return queues_[r.source].spec().name;
      case Origin::stream_batch:
        return streams_[r.source].name();
      case Origin::firehose_batch:
        return firehoses_[r.source].spec().name;
      case Origin::call_event:
      case Origin::sns_event:
      case Origin::sync_call:
      case Origin::workflow_task:
        break;
    }
    return functions_[r.source].spec().name;
  }
  void sample_until(Time t);
  void take_sample(Time at);

  SourceModel& source_of(std::uint32_t request) { return sources_[requests_[request].source]; }
  LambdaFunction& target_of(const SourceModel& s) { return functions_[s.spec->target_index]; }

  const ScenarioSpec& scenario_;
  const RunOptions& options_;
  AccountState account_;
  StepFunctions workflows_;
  std::vector<LambdaFunction> functions_;
  std::vector<SourceModel> sources_;
  // Readers hold views into their own line buffer: kept in place, behind pointers.
  std::vector<std::unique_ptr<TraceFeed>> feeds_;
  std::vector<SqsQueue> queues_;
  std::vector<SnsTopic> topics_;
  std::vector<S3Bucket> buckets_;
  std::vector<DynamoTable> tables_;
  std::vector<KinesisStream> kinesis_;
  std::vector<RecordStream> streams_;  // Kinesis streams first, then tables' streams
  std::vector<EventBus> buses_;
  std::vector<FirehoseStream> firehoses_;
  const std::vector<std::uint32_t> no_notifications_;  // a failed Firehose object notifies none
  std::vector<std::uint64_t> schedule_fires_;          // per EventBridge schedule
  SyncWaits sync_waits_;
  std::vector<Rng> sync_retry_rngs_;  // per callee: its callers' SDK backoff draws
  RequestPool requests_;
  EventQueue queue_;
  Time now_{0};
  std::optional<TimelineRecorder> timeline_;
  // Per queue: the timeline's depth, batches-in-flight and pollers series.
  std::vector<std::array<TimelineRecorder::SeriesId, 3>> queue_series_;
  // Per stream: records in the stream, batches in flight, the interval's largest iterator age.
  std::vector<std::array<TimelineRecorder::SeriesId, 3>> stream_series_;
};

// The feed of the source's trace file (a new one for the first source replaying it), with the
// source's function selected.
std::uint32_t Simulation::feed_for(const SourceSpec& source, std::size_t index) {
  const TraceSpec& t = source.arrivals.trace;
  std::size_t f = 0;
  while (f < feeds_.size() && !feeds_[f]->reads(t))
    ++f;
  if (f == feeds_.size()) feeds_.push_back(std::make_unique<TraceFeed>(t));
  feeds_[f]->reader.select(t.function, static_cast<std::uint32_t>(index));
  return static_cast<std::uint32_t>(f);
}

// Schedules the feed's next row as its source's arrival; the file is read no further than the
// first row at or after run_for.
void Simulation::advance_feed(std::uint32_t feed) {
  TraceFeed& f = *feeds_[feed];
  f.pending = f.reader.next();
  if (!f.pending || f.pending->start >= Time{0} + scenario_.run_for) {
    f.pending.reset();
    return;
  }
  queue_.push(f.pending->start, EventKind::source_arrival, f.pending->source);
}

void Simulation::schedule_arrival(std::uint32_t source) {
  if (sources_[source].feed != SourceModel::kNoFeed) return;  // its feed schedules it
  const Time t = sources_[source].arrivals.next();
  // Arrivals fall in [0, run_for).
  if (t < Time{0} + scenario_.run_for) queue_.push(t, EventKind::source_arrival, source);
}

void Simulation::on_arrival(std::uint32_t source) {
  SourceModel& s = sources_[source];
  std::optional<traces::TraceRow> row;
  if (s.feed != SourceModel::kNoFeed) {
    row = feeds_[s.feed]->pending;
    advance_feed(s.feed);
  } else {
    schedule_arrival(source);
  }
  const bool counted = now_ >= Time{0} + scenario_.warmup;
  if (counted) ++s.result.requests;
  if (s.spec->type == SourceType::producer && s.spec->target_is_topic) {
    publish(s.spec->target_index, static_cast<std::uint32_t>(s.spec->message_size), 0);
    if (counted) ++s.result.completed;
    return;
  }
  if (s.spec->target_is_state_machine) {
    on_workflow_arrival(s, counted);
    return;
  }
  if (s.spec->target_is_queue) {
    on_api_send_message(s, counted);
    return;
  }
  if (s.spec->target_is_bus) {
    put_event(s.spec->target_index, static_cast<std::uint32_t>(s.spec->message_size), 0);
    if (counted) ++s.result.completed;
    return;
  }
  if (s.spec->type == SourceType::producer && s.spec->target_is_bucket) {
    if (s.spec->s3_get) {
      buckets_[s.spec->target_index].get();
    } else {
      buckets_[s.spec->target_index].put(now_, s.spec->notifications, 0, queue_);
    }
    if (counted) ++s.result.completed;
    return;
  }
  if (s.spec->type == SourceType::producer && s.spec->target_is_stream) {
    put_record(s, counted);
    return;
  }
  if (s.spec->type == SourceType::producer && s.spec->target_is_firehose) {
    put_firehose_records(s, counted);
    return;
  }
  if (s.spec->type == SourceType::producer) {
    // SendMessage: the producer has its answer once SQS has the message. A producer never
    // retries, so its retry stream draws the message groups.
    const auto group = s.spec->message_groups > 1
                           ? static_cast<std::uint32_t>(s.retry_rng.below(
                                 static_cast<std::uint64_t>(s.spec->message_groups)))
                           : 0U;
    queues_[s.spec->target_index].send(now_, static_cast<std::uint32_t>(s.spec->message_size),
                                       group, now_);
    if (counted) ++s.result.completed;
    pump_queue(s.spec->target_index);
    return;
  }
  if (counted) ++s.waiting;
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.counted = counted;
  r.arrived = now_;
  r.source = source;
  constexpr std::int64_t kMaxPayload = 0xffff'ffff;  // 4 GB, far above any service's limit
  if (row && row->payload >= 0) {
    r.payload_bytes = static_cast<std::uint32_t>(std::min(row->payload, kMaxPayload));
  } else if (s.spec->payload) {
    r.payload_bytes = static_cast<std::uint32_t>(
        std::min(s.spec->payload->sample(s.payload_rng).us, kMaxPayload));
  }
  if (row) r.duration = row->duration;
  if (s.spec->type == SourceType::invoke) {
    front_door(id);
    return;
  }
  // API Gateway: the account-level throttle, then the stage's own limit (facts 6); either
  // answers 429 at once, before any Lambda quota is touched.
  const bool admitted =
      account_.api_gateway.try_take(now_) && (!s.throttle || s.throttle->try_take(now_));
  if (!admitted) {
    narrate(id, RequestFate::gateway_throttled);
    end_request(id, Outcome::gateway_throttled, std::nullopt);
  } else if (s.spec->overhead.us > 0) {
    queue_.push(now_ + s.spec->overhead, EventKind::request_invoke, 0, id);
  } else {
    invoke_from_gateway(id);
  }
}

// A direct SDK call (or its retry): a sync invocation, or the accept of an async one.
void Simulation::front_door(std::uint32_t request) {
  SourceModel& s = source_of(request);
  LambdaFunction& fn = target_of(s);
  if (s.spec->mode == InvokeMode::sync) {
    const Execution ex = fn.try_start(now_, request, /*front_door=*/true, account_, queue_,
                                      requests_[request].duration);
    if (ex.environment == kNone) retry_or_throttle(request);
    return;
  }
  // Async accepts from direct invokes count against the request-rate quota (facts 1.1).
  if (!account_.request_rate.try_take(now_)) {
    if (requests_[request].counted) fn.count_throttle();
    retry_or_throttle(request);
    return;
  }
  requests_[request].accepted = now_;
  fn.async_queue_add(now_, +1);
  async_attempt(request);
}

void Simulation::retry_or_throttle(std::uint32_t request) {
  Request& r = requests_[request];
  SourceModel& s = sources_[r.source];
  if (r.retries >= s.spec->retries) {
    narrate(request, RequestFate::throttled);
    end_request(request, Outcome::throttled, std::nullopt);
    return;
  }
  // Full jitter: uniform in [0, min(cap, base * 2^attempt)].
  const int shift = r.retries < 30 ? r.retries : 30;
  const std::int64_t ceiling = std::min(kSdkBackoffCap.us, kSdkBackoffBase.us << shift);
  const Duration delay{
      static_cast<std::int64_t>(s.retry_rng.below(static_cast<std::uint64_t>(ceiling) + 1))};
  ++r.retries;
  queue_.push(now_ + delay, EventKind::request_retry, 0, request);
  narrate(request, RequestFate::retry_scheduled, delay);
}

void Simulation::invoke_from_gateway(std::uint32_t request) {
  SourceModel& s = source_of(request);
  const Execution ex = target_of(s).try_start(now_, request, /*front_door=*/true, account_, queue_,
                                              requests_[request].duration);
  if (ex.environment == kNone) {
    // API Gateway does not retry Lambda's 429 and cannot pass it on through a proxy
    // integration: the client gets a 500 (INTEGRATION_FAILURE) at once — a failure, not a
    // throttle, for the caller (re:Post "API Gateway proxy integration does not forward
    // Lambda throttling (HTTP 429)", 2025; AWS forum answer quoted on Stack Overflow q/36363280).
    narrate(request, RequestFate::gateway_500);
    end_request(request, Outcome::failed, now_ - requests_[request].arrived);
    return;
  }
  // The integration timeout clock starts at the invoke. Past it the caller gets a 504
  // while the function runs on and is billed (facts 6).
  const Time deadline = now_ + s.spec->integration_timeout;
  if (ex.end > deadline) {
    requests_[request].deadline = deadline;
    queue_.push(deadline, EventKind::request_timeout, 0, request);
  }
}

void Simulation::async_attempt(std::uint32_t request) {
  Request& r = requests_[request];
  LambdaFunction& fn = async_function(r);
  const Execution ex =
      fn.try_start(now_, request, /*front_door=*/false, account_, queue_, r.duration);
  if (ex.environment != kNone) {
    fn.async_queue_add(now_, -1);
    fn.record_async_age(now_ - r.accepted);
    return;
  }
  // With reserved concurrency 0, async events are not retried (facts 1.4).
  if (fn.spec().reserved_concurrency == 0) {
    fn.async_queue_add(now_, -1);
    narrate(request, RequestFate::async_dropped);
    give_up_async(request, fn);
    return;
  }
  // Throttled: back on the internal queue with exponential backoff until the maximum event
  // age (facts 1.4). An event whose next try would be past its age is dropped now.
  const int shift = r.backoffs < 20 ? r.backoffs : 20;
  const Duration delay{std::min(kAsyncBackoffCap.us, kAsyncBackoffFirst.us << shift)};
  ++r.backoffs;
  const Time next = now_ + delay;
  if (next - r.accepted > fn.spec().async.max_event_age) {
    fn.async_queue_add(now_, -1);
    narrate(request, RequestFate::async_dropped);
    give_up_async(request, fn);
    return;
  }
  queue_.push(next, EventKind::async_attempt, 0, request);
  narrate(request, RequestFate::async_requeued, delay);
}

// An async event that failed every attempt or passed its maximum age: to the on-failure
// destination (an SQS queue) if the function has one, else discarded (facts 1.4).
void Simulation::give_up_async(std::uint32_t request, LambdaFunction& fn) {
  const std::uint32_t target = fn.spec().async.on_failure_queue;
  if (target == kNoResource) {
    if (requests_[request].counted) fn.count_dropped();
    end_request(request, Outcome::dropped, std::nullopt);
    return;
  }
  fn.count_to_destination();
  end_request(request, Outcome::to_destination, std::nullopt);
  queues_[target].send(now_, kDestinationRecordBytes, 0, now_);
  pump_queue(target);
}

// The event source mapping's pollers start every batch they may: each is a synchronous
// invocation of the consumer (facts 2).
void Simulation::pump_queue(std::uint32_t queue) {
  for (;;) {
    const std::uint32_t batch = queues_[queue].take_batch(now_, queue_);
    deliver_redrives(queue);
    if (batch == kNoBatch) return;
    const std::uint32_t id = requests_.acquire();
    Request& r = requests_[id];
    r.arrived = now_;
    r.origin = Origin::queue_batch;
    r.source = queue;
    r.batch = batch;
    r.hops = queues_[queue].batch_hops(batch);
    LambdaFunction& fn = functions_[queues_[queue].consumer_function()];
    const Execution ex = fn.try_start(now_, id, /*front_door=*/false, account_, queue_);
    if (ex.environment == kNone) {
      requests_.release(id);
      queues_[queue].finish_batch(now_, batch, /*failed=*/false, /*throttled=*/true, queue_);
    }
  }
}

// Messages a queue's redrive policy moved to its dead-letter queue.
void Simulation::deliver_redrives(std::uint32_t queue) {
  std::vector<Redrive>& out = queues_[queue].redrives();
  if (out.empty()) return;
  const std::uint32_t target = out.front().queue;  // a queue has one dead-letter queue
  for (const Redrive& m : out)
    queues_[target].send(now_, m.bytes, m.group, m.sent);
  out.clear();
  pump_queue(target);
}

void Simulation::on_batch_end(std::uint32_t request, const Finished& done) {
  const Request r = requests_[request];
  requests_.release(request);
  queues_[r.source].finish_batch(now_, r.batch, done.errored || done.timed_out,
                                 /*throttled=*/false, queue_);
  pump_queue(r.source);
}

// Kinesis streams (facts 3): a RecordStream each, polled every second, then the write side;
// then the tables' streams (facts 7), polled 4 times a second.
void Simulation::make_streams() {
  const std::size_t n = scenario_.streams.size();
  streams_.reserve(n);
  kinesis_.reserve(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    const KinesisSpec& k = scenario_.streams[i];
    streams_.emplace_back(k.name, "kinesis", k.shards, k.retention, kKinesisPollInterval,
                          k.consumer ? &*k.consumer : nullptr, i, scenario_.seed);
    kinesis_.emplace_back(k, i, scenario_.seed);
  }
  for (std::uint32_t t = 0; t < scenario_.tables.size(); ++t) {
    const TableSpec& table = scenario_.tables[t];
    if (!table.stream) continue;
    const auto index = static_cast<std::uint32_t>(streams_.size());
    const std::optional<StreamConsumerSpec>& c = table.stream->consumer;
    streams_.emplace_back(table.name, "dynamodb", table_partitions(table), kTableStreamRetention,
                          kTableStreamPollInterval, c ? &*c : nullptr, index, scenario_.seed);
    tables_[t].set_stream(index);
  }
}

// A producer's PutRecord (facts 3): accepted (at once or after the SDK's retries) or failed.
// A producer never retries a 429 itself, so its retry stream draws the partition keys.
void Simulation::put_record(SourceModel& s, bool counted) {
  KinesisStream& k = kinesis_[s.spec->target_index];
  RecordStream& stream = streams_[k.stream()];
  const auto bytes = static_cast<std::uint32_t>(s.spec->message_size);
  const StreamPut put =
      k.put(now_, partition_key_hash(s.spec->partition_keys, s.retry_rng), bytes, stream);
  if (put.failed) {
    if (counted) ++s.result.failed;
    return;
  }
  if (put.latency.us > 0) {
    stream.append_at(now_ + put.latency, put.lane, bytes, queue_);
  } else {
    stream.append(now_, put.lane, bytes, queue_);
  }
  for (const std::uint32_t f : k.firehose_readers())
    firehoses_[f].read_from_stream(now_ + put.latency, bytes, queue_);
  if (counted) ++s.result.completed;
}

// A producer's PutRecord / PutRecordBatch to a Firehose stream: accepted (at once or after the
// SDK's retries; the records reach the buffer then) or failed.
void Simulation::put_firehose_records(SourceModel& s, bool counted) {
  FirehoseStream& f = firehoses_[s.spec->target_index];
  const auto records = static_cast<std::uint32_t>(s.spec->records);
  const auto bytes = static_cast<std::uint32_t>(s.spec->message_size);
  const FirehosePut put = f.put(now_, records, bytes);
  if (put.failed) {
    if (counted) ++s.result.failed;
    return;
  }
  f.append_at(now_ + put.latency, records, bytes, queue_);
  if (counted) ++s.result.completed;
}

// A Firehose buffer becomes one object in the destination bucket: a PutObject, whose
// notifications start new chains (Lambda's recursive loop detection does not follow records
// through a Firehose buffer).
void Simulation::deliver_firehose(std::uint32_t firehose, bool by_size) {
  FirehoseStream& f = firehoses_[firehose];
  f.deliver(now_, by_size);
  buckets_[f.spec().destination_index].put(now_, f.spec().notifications, 0, queue_);
}

void Simulation::on_firehose_due(std::uint32_t firehose, FirehoseDue due) {
  switch (due) {
    case FirehoseDue::nothing:
      break;
    case FirehoseDue::deliver:
      deliver_firehose(firehose, /*by_size=*/true);
      break;
    case FirehoseDue::transform:
      invoke_transform(firehose, firehoses_[firehose].take_transform_batch());
      break;
  }
}

// Firehose invokes the transformation function synchronously with a batch (README "Kinesis
// Data Firehose"); a throttle fails the attempt like an error.
void Simulation::invoke_transform(std::uint32_t firehose, std::uint32_t batch) {
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.arrived = now_;
  r.origin = Origin::firehose_batch;
  r.source = firehose;
  r.batch = batch;
  LambdaFunction& fn = functions_[firehoses_[firehose].spec().transform->function_index];
  const Execution ex = fn.try_start(now_, id, /*front_door=*/false, account_, queue_);
  if (ex.environment == kNone) {
    requests_.release(id);
    transform_batch_failed(firehose, batch);
  }
}

void Simulation::transform_batch_failed(std::uint32_t firehose, std::uint32_t batch) {
  FirehoseStream& f = firehoses_[firehose];
  if (f.transform_failed(batch, now_)) {
    queue_.push(now_ + FirehoseStream::transform_retry_delay(), EventKind::firehose_transform,
                firehose, batch);
    return;
  }
  // The skipped batch goes to the bucket's processing-failed prefix: a PutObject that matches
  // no notification of the stream's objects.
  buckets_[f.spec().destination_index].put(now_, no_notifications_, 0, queue_);
}

void Simulation::on_transform_end(std::uint32_t request, const Finished& done) {
  const Request r = requests_[request];
  requests_.release(request);
  if (done.errored || done.timed_out) {
    transform_batch_failed(r.source, r.batch);
    return;
  }
  on_firehose_due(r.source, firehoses_[r.source].transformed(r.batch, now_, queue_));
}

// A lane's poll: a batch is a synchronous invocation of the consumer (facts 3).
void Simulation::on_stream_poll(std::uint32_t stream, std::uint32_t lane) {
  RecordStream& s = streams_[stream];
  const bool batch = s.take_batch(now_, lane, queue_);
  send_stream_failures(stream);
  if (!batch) return;
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.arrived = now_;
  r.origin = Origin::stream_batch;
  r.source = stream;
  r.batch = lane;
  LambdaFunction& fn = functions_[s.consumer_function()];
  const Execution ex = fn.try_start(now_, id, /*front_door=*/false, account_, queue_);
  if (ex.environment == kNone) {
    requests_.release(id);
    s.finish_batch(now_, lane, /*failed=*/false, /*throttled=*/true, queue_);
  }
}

void Simulation::on_stream_batch_end(std::uint32_t request, const Finished& done) {
  const Request r = requests_[request];
  requests_.release(request);
  streams_[r.source].finish_batch(now_, r.batch, done.errored || done.timed_out,
                                  /*throttled=*/false, queue_);
  send_stream_failures(r.source);
}

// Discarded batches: their metadata (facts 3: not the records) to the on-failure destination.
void Simulation::send_stream_failures(std::uint32_t stream) {
  const std::uint32_t n = streams_[stream].take_destination_messages();
  if (n == 0) return;
  const StreamConsumerSpec& c = *streams_[stream].consumer();
  for (std::uint32_t i = 0; i < n; ++i) {
    if (c.on_failure_kind == TargetKind::topic) {
      publish(c.on_failure_index, kDestinationRecordBytes, 0);
    } else {
      queues_[c.on_failure_index].send(now_, kDestinationRecordBytes, 0, now_);
    }
  }
  if (c.on_failure_kind == TargetKind::queue) pump_queue(c.on_failure_index);
}

// The effects of the calls an invocation made (Finished::calls), when its handler ends.
// `hops` is the calling invocation's place in its chain; what it triggers comes one later.
void Simulation::make_calls(std::uint32_t function, std::uint64_t calls, std::uint8_t hops) {
  const std::vector<CallSpec>& specs = functions_[function].spec().calls;
  const auto next = static_cast<std::uint8_t>(hops < 255 ? hops + 1 : 255);
  for (std::size_t i = 0; calls != 0; ++i, calls >>= 1) {
    if ((calls & 1) == 0) continue;
    const CallSpec& call = specs[i];
    for (std::int64_t k = 0; k < call.count; ++k) {
      switch (call.action) {
        case CallAction::invoke_async:
          deliver_event(call.target_index, Origin::call_event, next);
          break;
        case CallAction::sqs_send:
          queues_[call.target_index].send(now_, static_cast<std::uint32_t>(call.size), 0, now_,
                                          next);
          break;
        case CallAction::sns_publish:
          publish(call.target_index, static_cast<std::uint32_t>(call.size), next);
          break;
        case CallAction::s3_put:
          buckets_[call.target_index].put(now_, call.notifications, next, queue_);
          break;
        case CallAction::s3_get:
          buckets_[call.target_index].get();
          break;
        case CallAction::s3_delete:
          buckets_[call.target_index].remove(now_, call.notifications, next, queue_);
          break;
        case CallAction::dynamodb_read:  // made when the handler started (LambdaFunction)
        case CallAction::dynamodb_write:
        case CallAction::dynamodb_query:
        case CallAction::kinesis_put:
        case CallAction::firehose_put:
        case CallAction::invoke_sync:  // made while the handler waited (on_sync_call)
          break;
        case CallAction::start_execution:
          start_workflow(call.target_index, kNoThread);
          break;
        case CallAction::put_events:
          put_event(call.target_index, static_cast<std::uint32_t>(call.size), next);
          break;
      }
    }
    if (call.action == CallAction::sqs_send) pump_queue(call.target_index);
  }
}

// SNS fan-out to the subscriptions the publish matched (facts 4).
void Simulation::publish(std::uint32_t topic, std::uint32_t bytes, std::uint8_t hops) {
  SnsTopic& t = topics_[topic];
  t.publish(bytes);
  for (const std::uint32_t i : t.matched()) {
    const SubscriptionSpec& sub = t.spec().subscriptions[i];
    switch (sub.protocol) {
      case Protocol::lambda:
        deliver_event(sub.target_index, Origin::sns_event, hops);
        break;
      case Protocol::sqs:
        queues_[sub.target_index].send(now_, bytes, 0, now_, hops);
        pump_queue(sub.target_index);
        break;
      case Protocol::http:  // a sink: counted by the topic
        break;
    }
  }
}

// An async event for `function` from a call or a service, `hops` invocations deep in its chain.
// Recursive loop detection stops it at kRecursiveLoopLimit: to the on-failure destination if
// the function has one, else dropped.
void Simulation::deliver_event(std::uint32_t function, Origin origin, std::uint8_t hops) {
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.arrived = now_;
  r.origin = origin;
  r.source = function;
  r.hops = hops;
  LambdaFunction& fn = functions_[function];
  ++fn.events().received;
  if (hops >= kRecursiveLoopLimit) {
    ++fn.events().loop_stopped;
    give_up_async(id, fn);
    return;
  }
  accept_event(id);
}

// S3 delivers an event notification (facts 5): an async invoke (refused ones are counted as
// rejected: S3's retries to Lambda are not documented), a message, or a publish.
void Simulation::on_s3_notify(std::uint32_t bucket, std::uint32_t delivery) {
  const S3Delivery d = buckets_[bucket].take(delivery);
  switch (d.kind) {
    case TargetKind::function:
      deliver_event(d.target, Origin::call_event, d.hops);
      break;
    case TargetKind::queue:
      queues_[d.target].send(now_, d.bytes, 0, now_, d.hops);
      pump_queue(d.target);
      break;
    case TargetKind::topic:
      publish(d.target, d.bytes, d.hops);
      break;
    case TargetKind::state_machine:  // not an S3 notification target (resource_loader)
      break;
  }
}

// Lambda's async accept counts against the request-rate quota (facts 1.1). A refused SNS
// delivery is retried by SNS's policy (facts 4); a refused Invoke from a call is counted as
// rejected (its caller's handler has already ended).
void Simulation::accept_event(std::uint32_t request) {
  Request& r = requests_[request];
  LambdaFunction& fn = functions_[r.source];
  if (!account_.request_rate.try_take(now_)) {
    fn.count_throttle();
    if (r.origin == Origin::sns_event) {
      if (const auto delay = SnsTopic::retry_delay(++r.batch)) {
        queue_.push(now_ + *delay, EventKind::event_delivery, 0, request);
        return;
      }
    }
    end_event(request, Outcome::throttled);
    return;
  }
  r.accepted = now_;
  fn.async_queue_add(now_, +1);
  async_attempt(request);
}

void Simulation::end_event(std::uint32_t request, Outcome outcome) {
  FunctionResult::Events& events = functions_[requests_[request].source].events();
  switch (outcome) {
    case Outcome::completed:
      ++events.completed;
      break;
    case Outcome::dropped:
      ++events.dropped;
      break;
    case Outcome::to_destination:
      ++events.to_destination;
      break;
    default:
      ++events.rejected;
      break;
  }
  requests_.release(request);
}

// An EventBridge schedule fires (facts 8): async invokes, messages or publishes to its targets,
// then the next firing if it falls within the run.
void Simulation::on_schedule_fire(std::uint32_t schedule) {
  const ScheduleSpec& spec = scenario_.schedules[schedule];
  ++schedule_fires_[schedule];
  for (const ScheduleTarget& t : spec.targets) {
    switch (t.kind) {
      case TargetKind::function:
        deliver_event(t.index, Origin::call_event, 0);
        break;
      case TargetKind::queue:
        queues_[t.index].send(now_, 1024, 0, now_, 0);
        pump_queue(t.index);
        break;
      case TargetKind::topic:
        publish(t.index, 1024, 0);
        break;
      case TargetKind::state_machine:
        start_workflow(t.index, kNoThread);
        break;
    }
  }
  const Time next = next_fire(spec.schedule, now_);
  if (next < Time{0} + scenario_.run_for) queue_.push(next, EventKind::schedule_fire, schedule);
}

// ---- synchronous invokes from a handler (README "Synchronous invokes"; facts 1.3) ----

// The handler's own work is done: it makes its sync invokes one after the other, and its
// timeout still runs (the deadline event cuts the wait).
void Simulation::on_sync_call(std::uint32_t function, std::uint32_t environment) {
  const std::uint32_t wait = sync_waits_.acquire(function, environment);
  queue_.push(functions_[function].deadline(environment), EventKind::sync_deadline, 0, wait);
  next_sync_call(wait);
}

void Simulation::next_sync_call(std::uint32_t wait) {
  LambdaFunction& caller = functions_[sync_waits_[wait].function];
  const std::uint32_t environment = sync_waits_[wait].environment;
  const std::uint32_t call = caller.next_sync_call(environment);
  if (call == kNone) {
    end_caller_wait(wait, /*failed=*/false, /*timed_out=*/false);
    return;
  }
  const std::uint8_t hops = requests_[caller.request_of(environment)].hops;
  const std::uint32_t callee = caller.spec().calls[call].target_index;
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.arrived = now_;
  r.origin = Origin::sync_call;
  r.source = callee;
  r.batch = wait;
  r.hops = static_cast<std::uint8_t>(hops < 255 ? hops + 1 : 255);
  sync_waits_[wait].request = id;
  ++functions_[callee].sync_calls().received;
  sync_attempt(id);
}

// One attempt of the Invoke API (a front-door call: the request-rate quota applies). A 429 is
// retried by the caller's SDK with full-jitter backoff, up to kSdkStandardAttempts in all;
// then the call fails.
void Simulation::sync_attempt(std::uint32_t request) {
  Request& r = requests_[request];
  LambdaFunction& callee = functions_[r.source];
  const Execution ex = callee.try_start(now_, request, /*front_door=*/true, account_, queue_);
  if (ex.environment != kNone) return;
  if (r.retries + 1 < kSdkStandardAttempts) {
    const std::int64_t ceiling = std::min(kSdkBackoffCap.us, kSdkBackoffBase.us << r.retries);
    const Duration delay{static_cast<std::int64_t>(
        sync_retry_rngs_[r.source].below(static_cast<std::uint64_t>(ceiling) + 1))};
    ++r.retries;
    ++callee.sync_calls().retries;
    queue_.push(now_ + delay, EventKind::sync_retry, 0, request);
    return;
  }
  ++callee.sync_calls().throttled;
  const std::uint32_t wait = r.batch;
  requests_.release(request);
  sync_waits_[wait].request = kNone;
  end_caller_wait(wait, /*failed=*/true, /*timed_out=*/false);
}

void Simulation::on_sync_retry(std::uint32_t request) {
  const std::uint32_t wait = requests_[request].batch;
  if (sync_waits_[wait].caller_waiting) {
    sync_attempt(request);
    return;
  }
  // The caller timed out during the backoff: its SDK is gone, so is the retry.
  ++functions_[requests_[request].source].sync_calls().abandoned;
  requests_.release(request);
  sync_waits_[wait].request = kNone;
  sync_waits_.release_if_done(wait);
}

// The callee's answer: a function error or timeout fails the call (and its caller's handler);
// otherwise the caller makes its next call or ends.
void Simulation::on_sync_answer(std::uint32_t request, const Finished& done) {
  const std::uint32_t wait = requests_[request].batch;
  FunctionResult::SyncCalls& calls = functions_[requests_[request].source].sync_calls();
  requests_.release(request);
  SyncWait& w = sync_waits_[wait];
  w.request = kNone;
  const bool failed = done.errored || done.timed_out;
  if (!w.caller_waiting) {
    ++calls.abandoned;
    sync_waits_.release_if_done(wait);
    return;
  }
  if (failed) {
    ++calls.failed;
    end_caller_wait(wait, /*failed=*/true, /*timed_out=*/false);
    return;
  }
  ++calls.completed;
  next_sync_call(wait);
}

void Simulation::on_sync_deadline(std::uint32_t wait) {
  sync_waits_[wait].deadline_passed = true;
  if (sync_waits_[wait].caller_waiting) {
    end_caller_wait(wait, /*failed=*/false, /*timed_out=*/true);
  } else {
    sync_waits_.release_if_done(wait);
  }
}

void Simulation::end_caller_wait(std::uint32_t wait, bool failed, bool timed_out) {
  SyncWait& w = sync_waits_[wait];
  w.caller_waiting = false;
  functions_[w.function].end_wait(w.environment, now_, failed, timed_out, queue_);
  sync_waits_.release_if_done(wait);
}

// ---- Step Functions (README "Step Functions"; facts 8) ----

// A producer's StartExecution, or API Gateway's direct integration: standard machines answer
// StartExecution at once; express machines behind API Gateway answer StartSyncExecution when
// the execution ends (or the integration timeout gives a 504 first).
void Simulation::on_workflow_arrival(SourceModel& s, bool counted) {
  const std::uint32_t machine = s.spec->target_index;
  if (s.spec->type == SourceType::producer) {
    start_workflow(machine, kNoThread);
    if (counted) ++s.result.completed;
    return;
  }
  const bool admitted =
      account_.api_gateway.try_take(now_) && (!s.throttle || s.throttle->try_take(now_));
  if (counted && !admitted) {
    ++s.result.gateway_throttled;
    ++s.result.throttled;
  }
  if (!admitted) return;
  if (scenario_.state_machines[machine].kind == WorkflowKind::standard) {
    start_workflow(machine, kNoThread);
    if (counted) {
      ++s.result.completed;
      s.result.latency.record(0);
    }
    return;
  }
  const std::uint32_t id = requests_.acquire();
  Request& r = requests_[id];
  r.counted = counted;
  r.arrived = now_;
  r.source = static_cast<std::uint32_t>(&s - sources_.data());
  if (counted) ++s.waiting;
  r.deadline = now_ + s.spec->integration_timeout;
  queue_.push(r.deadline, EventKind::request_timeout, 0, id);
  start_workflow(machine, id);
}

// SendMessage's own latency as API Gateway's SQS integration sees it: SQS publishes in under
// 10 ms (a 2017 benchmark, softwaremill.com/amazon-sqs-performance-latency; README "API
// Gateway direct integrations").
constexpr Duration kSendMessageLatency = Duration::millis(10);

// API Gateway's direct SQS integration: each admitted request is a SendMessage of its payload
// (1 KB without one), answered once SQS has the message: the API's overhead plus
// kSendMessageLatency. The message is in the queue from the arrival (the answer's latency is
// the client's view; the few milliseconds do not move the consumer).
void Simulation::on_api_send_message(SourceModel& s, bool counted) {
  const bool admitted =
      account_.api_gateway.try_take(now_) && (!s.throttle || s.throttle->try_take(now_));
  if (!admitted) {
    if (counted) {
      ++s.result.gateway_throttled;
      ++s.result.throttled;
    }
    return;
  }
  constexpr std::int64_t kMaxMessage = 0xffff'ffff;
  const auto bytes = static_cast<std::uint32_t>(
      s.spec->payload ? std::min(s.spec->payload->sample(s.payload_rng).us, kMaxMessage)
                      : s.spec->message_size);
  queues_[s.spec->target_index].send(now_, bytes, 0, now_);
  pump_queue(s.spec->target_index);
  if (counted) {
    ++s.result.completed;
    s.result.latency.record((s.spec->overhead + kSendMessageLatency).us);
  }
}

// PutEvents to a bus (facts 8): each matching rule sends the event to all its targets, functions
// asynchronously (README "EventBridge buses").
void Simulation::put_event(std::uint32_t bus, std::uint32_t bytes, std::uint8_t hops) {
  EventBus& b = buses_[bus];
  b.put(bytes);
  for (const std::uint32_t rule : b.matched()) {
    for (const ScheduleTarget& t : b.spec().rules[rule].targets) {
      switch (t.kind) {
        case TargetKind::function:
          deliver_event(t.index, Origin::call_event, hops);
          break;
        case TargetKind::queue:
          queues_[t.index].send(now_, bytes, 0, now_, hops);
          pump_queue(t.index);
          break;
        case TargetKind::topic:
          publish(t.index, bytes, hops);
          break;
        case TargetKind::state_machine:
          start_workflow(t.index, kNoThread);
          break;
      }
    }
  }
}

void Simulation::start_workflow(std::uint32_t machine, std::uint32_t request) {
  workflows_.start(machine, request, now_, queue_);
  run_workflow_actions();
}

// What the executions asked for: Lambda invokes for their tasks (Step Functions' Invoke is a
// front-door call; a 429 fails the task attempt at once, for its retry policy), and answers to
// callers waiting on StartSyncExecution. Both may ask for more, so until there is nothing left.
void Simulation::run_workflow_actions() {
  for (;;) {
    std::vector<WorkflowTask>& tasks = workflows_.tasks();
    if (!tasks.empty()) {
      const WorkflowTask task = tasks.back();
      tasks.pop_back();
      const std::uint32_t id = requests_.acquire();
      Request& r = requests_[id];
      r.arrived = now_;
      r.origin = Origin::workflow_task;
      r.source = task.function;
      r.batch = task.thread;
      const Execution ex =
          functions_[task.function].try_start(now_, id, /*front_door=*/true, account_, queue_);
      if (ex.environment == kNone) {
        requests_.release(id);
        workflows_.task_done(task.thread, /*failed=*/true, now_, queue_);
      }
      continue;
    }
    std::vector<EndedExecution>& ended = workflows_.ended();
    if (ended.empty()) return;
    const EndedExecution e = ended.back();
    ended.pop_back();
    if (e.request == kNoThread) continue;
    if (requests_[e.request].caller_done) {  // API Gateway already answered 504
      requests_.release(e.request);
      continue;
    }
    end_request(e.request,
                e.outcome == ExecutionOutcome::succeeded ? Outcome::completed : Outcome::failed,
                e.latency);
  }
}

bool Simulation::messages_pending() const {
  if (workflows_.in_flight() > 0) return true;
  for (const SqsQueue& q : queues_) {
    if (q.has_consumer() && q.messages() > 0) return true;
  }
  for (const S3Bucket& b : buckets_) {
    if (b.pending() > 0) return true;
  }
  for (const RecordStream& s : streams_) {
    if (s.has_consumer() && s.records() > 0) return true;
  }
  for (const FirehoseStream& f : firehoses_) {
    if (f.pending_records() > 0) return true;
  }
  return false;
}

void Simulation::on_request_timeout(std::uint32_t request) {
  Request& r = requests_[request];
  // A handler waiting on sync invokes has no known end, so its timeout event may outlive it
  // (the request then ended, or was reused with another deadline): stale, skipped.
  if (!r.live || r.origin != Origin::source || r.caller_done || r.deadline != now_) return;
  r.caller_done = true;
  narrate(request, RequestFate::gateway_timeout);
  if (!r.counted) return;
  ++sources_[r.source].result.timed_out;
  --sources_[r.source].waiting;
}

void Simulation::on_invocation_end(std::uint32_t function, std::uint32_t environment) {
  LambdaFunction& fn = functions_[function];
  const Finished done = fn.finish(environment, now_, account_, queue_);
  // Calls first: they may grow the request pool, so no reference into it is held yet.
  if (done.calls != 0) make_calls(function, done.calls, requests_[done.request].hops);
  Request& r = requests_[done.request];
  if (r.origin == Origin::queue_batch) {
    on_batch_end(done.request, done);
    return;
  }
  if (r.origin == Origin::stream_batch) {
    on_stream_batch_end(done.request, done);
    return;
  }
  if (r.origin == Origin::firehose_batch) {
    on_transform_end(done.request, done);
    return;
  }
  if (r.origin == Origin::sync_call) {
    on_sync_answer(done.request, done);
    return;
  }
  if (r.origin == Origin::workflow_task) {
    const std::uint32_t thread = r.batch;
    requests_.release(done.request);
    workflows_.task_done(thread, done.errored || done.timed_out, now_, queue_);
    run_workflow_actions();
    return;
  }
  if (r.caller_done) {  // API Gateway already answered 504
    requests_.release(done.request);
    return;
  }
  const SourceSpec* spec = r.origin == Origin::source ? sources_[r.source].spec : nullptr;
  const bool async =
      spec == nullptr || (spec->type == SourceType::invoke && spec->mode == InvokeMode::async);
  if (!async) {
    // A sync caller sees a function error or timeout as a failure.
    end_request(done.request, done.timed_out || done.errored ? Outcome::failed : Outcome::completed,
                now_ - r.arrived);
    return;
  }
  if (!done.timed_out && !done.errored) {
    end_request(done.request, Outcome::completed, now_ - r.accepted);
    return;
  }
  // A function error: retried `retries` times, ~1 min then ~2 min later (facts 1.4).
  if (r.error_retries < fn.spec().async.retries) {
    const Time next = now_ + kAsyncErrorRetryDelays[r.error_retries];
    ++r.error_retries;
    if (next - r.accepted <= fn.spec().async.max_event_age) {
      fn.async_queue_add(now_, +1);
      queue_.push(next, EventKind::async_attempt, 0, done.request);
      return;
    }
  }
  give_up_async(done.request, fn);
}

void Simulation::end_request(std::uint32_t request, Outcome outcome,
                             std::optional<Duration> latency) {
  if (requests_[request].origin != Origin::source) {
    end_event(request, outcome);
    return;
  }
  SourceModel& source = sources_[requests_[request].source];
  if (!requests_[request].counted) {
    requests_.release(request);
    return;
  }
  --source.waiting;
  SourceResult& result = source.result;
  switch (outcome) {
    case Outcome::completed:
      ++result.completed;
      break;
    case Outcome::gateway_throttled:
      ++result.gateway_throttled;
      ++result.throttled;
      break;
    case Outcome::throttled:
      ++result.throttled;
      break;
    case Outcome::failed:
      ++result.failed;
      break;
    case Outcome::dropped:
      ++result.dropped;
      break;
    case Outcome::to_destination:
      ++result.to_destination;
      break;
  }
  if (latency) result.latency.record(latency->us);
  requests_.release(request);
}

void Simulation::dispatch(const Event& e) {
  switch (e.kind()) {
    case EventKind::source_arrival:
      on_arrival(e.target);
      break;
    case EventKind::request_retry:
      front_door(e.payload);
      break;
    case EventKind::request_invoke:
      invoke_from_gateway(e.payload);
      break;
    case EventKind::async_attempt:
      async_attempt(e.payload);
      break;
    case EventKind::request_timeout:
      on_request_timeout(e.payload);
      break;
    case EventKind::invocation_end:
      on_invocation_end(e.target, e.payload);
      break;
    case EventKind::env_expiry:
      functions_[e.target].on_expiry_event(now_, queue_);
      break;
    case EventKind::sqs_visible:
      queues_[e.target].on_visibility_event(now_, queue_);
      pump_queue(e.target);
      break;
    case EventKind::sqs_window:
      pump_queue(e.target);
      break;
    case EventKind::schedule_fire:
      on_schedule_fire(e.target);
      break;
    case EventKind::s3_notify:
      on_s3_notify(e.target, e.payload);
      break;
    case EventKind::event_delivery:
      accept_event(e.payload);
      break;
    case EventKind::sqs_scale:
      queues_[e.target].on_scale_event(now_);
      pump_queue(e.target);
      break;
    case EventKind::stream_poll:
      on_stream_poll(e.target, e.payload);
      break;
    case EventKind::stream_append:
      streams_[e.target].on_append_event(now_, e.payload, queue_);
      break;
    case EventKind::sync_call:
      on_sync_call(e.target, e.payload);
      break;
    case EventKind::sync_retry:
      on_sync_retry(e.payload);
      break;
    case EventKind::sync_deadline:
      on_sync_deadline(e.payload);
      break;
    case EventKind::workflow_step:
      workflows_.on_step(e.payload, now_, queue_);
      run_workflow_actions();
      break;
    case EventKind::workflow_timeout:
      workflows_.on_timeout(e.payload, now_, queue_);
      run_workflow_actions();
      break;
    case EventKind::firehose_append:
      on_firehose_due(e.target, firehoses_[e.target].on_append_event(now_, e.payload, queue_));
      break;
    case EventKind::firehose_flush:
      if (firehoses_[e.target].interval_due(e.payload)) deliver_firehose(e.target, false);
      break;
    case EventKind::firehose_transform_flush:
      if (firehoses_[e.target].transform_interval_due(e.payload))
        on_firehose_due(e.target, FirehoseDue::transform);
      break;
    case EventKind::firehose_transform:
      invoke_transform(e.target, e.payload);
      break;
  }
}

RunResult Simulation::run() {
  for (std::uint32_t s = 0; s < sources_.size(); ++s)
    schedule_arrival(s);
  for (std::uint32_t f = 0; f < feeds_.size(); ++f)
    advance_feed(f);
  schedule_fires_.assign(scenario_.schedules.size(), 0);
  for (std::uint32_t s = 0; s < scenario_.schedules.size(); ++s) {
    const Time first = next_fire(scenario_.schedules[s].schedule, Time{-1});
    if (first < Time{0} + scenario_.run_for) queue_.push(first, EventKind::schedule_fire, s);
  }
  const Time run_end = Time{0} + scenario_.run_for;
  RunResult result;
  result.engine.fingerprint = 0xcbf29ce484222325ULL;
  std::uint64_t events = 0;
  const Time window_start = Time{0} + scenario_.warmup;
  bool in_window = false;
  while (!queue_.empty()) {
    const Event& top = queue_.top();
    // Without --drain the run stops at run_for; with it, once nothing is in flight.
    if (top.time >= run_end &&
        (!options_.drain || (requests_.live() == 0 && !messages_pending()))) {
      break;
    }
    if (options_.max_events != 0 && events >= options_.max_events) {
      result.engine.stopped_at_max_events = true;
      break;
    }
    if (options_.stop && (events & 0xfff) == 0 && options_.stop->load(std::memory_order_relaxed)) {
      result.engine.interrupted = true;
      break;
    }
    if (timeline_) sample_until(top.time);
    const Event e = queue_.pop();
    if (e.time < now_) {
      throw InternalError(fmt::format("time went back from {} us to {} us", now_.us, e.time.us));
    }
    now_ = e.time;
    if (!in_window && now_ >= window_start) {
      in_window = true;
      for (LambdaFunction& fn : functions_)
        fn.enter_statistics_window();
    }
    ++events;
    result.engine.fingerprint = mix_event(result.engine.fingerprint, e);
    dispatch(e);
    if (options_.check) check_invariants(e);
    if (options_.progress && events % kProgressEvery == 0) {
      options_.progress(options_.progress_context, now_, run_end, events);
    }
  }
  Time end = run_end;
  if (result.engine.stopped_at_max_events || result.engine.interrupted ||
      (options_.drain && now_ > run_end)) {
    end = now_;
  }

  result.scenario = scenario_.name;
  result.seed = scenario_.seed;
  // The measured window: [warmup, end) (README "Workloads").
  result.simulated = end - window_start;
  result.engine.events = events;
  for (const LambdaFunction& fn : functions_)
    result.functions.push_back(fn.result(end));
  for (std::uint32_t i = 0; i < sources_.size(); ++i) {
    SourceModel& s = sources_[i];
    if (s.feed != SourceModel::kNoFeed)
      s.result.trace_skipped_rows = feeds_[s.feed]->reader.skipped(i);
    result.sources.push_back(s.result);
  }
  for (const SqsQueue& q : queues_) {
    result.queues.push_back(q.result(end));
    result.usage.push_back(q.usage(end));
  }
  for (const SnsTopic& t : topics_) {
    result.topics.push_back(t.result());
    result.usage.push_back(t.usage());
  }
  for (const S3Bucket& b : buckets_) {
    result.buckets.push_back(b.result());
    result.usage.push_back(b.usage());
  }
  for (const DynamoTable& t : tables_) {
    result.tables.push_back(t.result(end));
    result.usage.push_back(t.usage(end));
  }
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    result.streams.push_back(streams_[i].result());
    if (i < kinesis_.size()) result.usage.push_back(kinesis_[i].usage(end, result.streams.back()));
  }
  // facts 8: EventBridge Scheduler bills each invocation of a target.
  for (std::size_t s = 0; s < scenario_.schedules.size(); ++s) {
    const ScheduleSpec& spec = scenario_.schedules[s];
    result.schedules.push_back(ScheduleResult{spec.name, spec.expression, schedule_fires_[s]});
    result.usage.push_back(
        ResourceUsage{spec.name,
                      "eventbridge",
                      {Meter{"scheduler_invocations",
                             static_cast<double>(schedule_fires_[s] * spec.targets.size())}}});
  }
  for (const EventBus& b : buses_) {
    result.buses.push_back(b.result());
    result.usage.push_back(b.usage());
  }
  for (const FirehoseStream& f : firehoses_) {
    result.firehoses.push_back(f.result());
    result.usage.push_back(f.usage());
  }
  result.state_machines = workflows_.results();
  for (ResourceUsage& u : workflows_.usage())
    result.usage.push_back(std::move(u));
  for (const Request& r : requests_.records()) {
    if (!r.live) continue;
    if (r.origin == Origin::source && !r.caller_done && r.counted)
      ++result.sources[r.source].in_flight_at_end;
    if (r.origin == Origin::call_event || r.origin == Origin::sns_event) {
      ++result.functions[r.source].events.in_flight_at_end;
    }
    if (r.origin == Origin::sync_call) ++result.functions[r.source].sync_calls.in_flight_at_end;
  }
  if (timeline_) {
    sample_until(end);
    if (timeline_->closed_until() < end) take_sample(end);  // a last, shorter interval
    result.timeline = std::move(*timeline_).finish();
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    if (sources_[i].waiting != result.sources[i].in_flight_at_end) {
      throw InternalError(fmt::format("source {}: {} requests waiting but {} in flight",
                                      sources_[i].result.name, sources_[i].waiting,
                                      result.sources[i].in_flight_at_end));
    }
  }
  check_conservation(result);
  return result;
}

void Simulation::check_invariants(const Event& e) const {
  const auto fail = [&](const std::string& what) {
    throw InternalError(
        fmt::format("--check: after the event at t={} us (kind {}, target {}, "
                    "payload {}): {}",
                    e.time.us, static_cast<int>(e.kind()), e.target, e.payload, what));
  };
  std::int64_t busy = 0;
  for (const LambdaFunction& fn : functions_) {
    const std::string broken = fn.check_invariants();
    if (!broken.empty()) fail(broken);
    busy += fn.concurrency();
  }
  if (busy > scenario_.account.concurrency_limit) {
    fail(fmt::format("account concurrency {} over the limit {}", busy,
                     scenario_.account.concurrency_limit));
  }
  if (account_.unreserved_in_use < 0 || account_.unreserved_in_use > account_.unreserved_capacity) {
    fail(fmt::format("unreserved pool use {} outside [0, {}]", account_.unreserved_in_use,
                     account_.unreserved_capacity));
  }
  for (const SqsQueue& q : queues_) {
    const std::string broken = q.check_invariants();
    if (!broken.empty()) fail(broken);
  }
  for (const S3Bucket& b : buckets_) {
    const std::string broken = b.check_invariants();
    if (!broken.empty()) fail(broken);
  }
  for (const RecordStream& s : streams_) {
    const std::string broken = s.check_invariants();
    if (!broken.empty()) fail(broken);
  }
  for (const FirehoseStream& f : firehoses_) {
    const std::string broken = f.check_invariants();
    if (!broken.empty()) fail(broken);
  }
  if (const std::string broken = workflows_.check_invariants(); !broken.empty()) fail(broken);
  std::uint64_t waiting = 0;
  for (const SourceModel& s : sources_) {
    const SourceResult& r = s.result;
    const std::uint64_t ended =
        r.completed + r.throttled + r.failed + r.timed_out + r.dropped + r.to_destination;
    if (ended + s.waiting != r.requests) {
      fail(fmt::format("source {}: {} requests, {} ended and {} waiting", r.name, r.requests, ended,
                       s.waiting));
    }
    waiting += s.waiting;
  }
  // Requests whose caller has its 504 stay pooled until their invocation ends.
  if (waiting > requests_.live()) {
    fail(fmt::format("{} requests waiting but {} pooled", waiting, requests_.live()));
  }
}

// ---- timeline: read between events, never pushes one, so the run is unchanged ----

void Simulation::start_timeline() {
  const Duration resolution = options_.timeline_resolution.us > 0
                                  ? options_.timeline_resolution
                                  : choose_resolution(scenario_.run_for);
  timeline_.emplace(resolution);
  for (const FunctionSpec& f : scenario_.functions)
    timeline_->add_function(f.name);
  for (const QueueSpec& q : scenario_.queues) {
    const std::size_t c = timeline_->add_component(q.name, "queue");
    queue_series_.push_back(
        {timeline_->add_series(c, "queues", "depth", "messages", SeriesMerge::last),
         timeline_->add_series(c, "queues", "batches_in_flight", "batches", SeriesMerge::last),
         timeline_->add_series(c, "queues", "pollers", "pollers", SeriesMerge::last)});
  }
  for (const RecordStream& s : streams_) {
    const std::size_t c = timeline_->add_component(s.name(), "stream");
    stream_series_.push_back(
        {timeline_->add_series(c, "streams", "records", "records", SeriesMerge::last),
         timeline_->add_series(c, "streams", "batches_in_flight", "batches", SeriesMerge::last),
         timeline_->add_series(c, "streams", "iterator_age_max_ms", "ms", SeriesMerge::maximum)});
  }
}

// Samples every boundary up to t: the state then is the state after all events before t.
void Simulation::sample_until(Time t) {
  while (timeline_->next_boundary() <= t)
    take_sample(timeline_->next_boundary());
}

void Simulation::take_sample(Time at) {
  for (std::size_t i = 0; i < functions_.size(); ++i)
    timeline_->sample_function(i, functions_[i].probe(at, account_), at);
  for (std::size_t q = 0; q < queues_.size(); ++q) {
    timeline_->set(queue_series_[q][0], static_cast<double>(queues_[q].messages()));
    timeline_->set(queue_series_[q][1], static_cast<double>(queues_[q].batches_in_flight()));
    timeline_->set(queue_series_[q][2], static_cast<double>(queues_[q].pollers()));
  }
  for (std::size_t i = 0; i < streams_.size(); ++i) {
    timeline_->set(stream_series_[i][0], static_cast<double>(streams_[i].records()));
    timeline_->set(stream_series_[i][1], static_cast<double>(streams_[i].batches_in_flight()));
    timeline_->set(stream_series_[i][2], streams_[i].take_interval_iterator_age_ms());
  }
  timeline_->close_interval(at);
}

// Every request ends exactly once at its source, and every invocation once at its function.
void Simulation::check_conservation(RunResult& result) const {
  for (const SourceResult& s : result.sources) {
    const std::uint64_t ended = s.completed + s.throttled + s.failed + s.timed_out + s.dropped +
                                s.to_destination + s.in_flight_at_end;
    if (ended != s.requests) {
      throw InternalError(fmt::format(
          "source {}: {} requests but {} outcomes (completed {}, throttled {}, failed {}, "
          "timed out {}, dropped {}, to destination {}, in flight {})",
          s.name, s.requests, ended, s.completed, s.throttled, s.failed, s.timed_out, s.dropped,
          s.to_destination, s.in_flight_at_end));
    }
  }
  for (const FunctionResult& f : result.functions) {
    const FunctionResult::Events& e = f.events;
    if (e.completed + e.dropped + e.to_destination + e.rejected + e.in_flight_at_end !=
        e.received) {
      throw InternalError(fmt::format(
          "function {}: {} async events received but {} completed + {} dropped + {} to the "
          "destination + {} rejected + {} in flight",
          f.name, e.received, e.completed, e.dropped, e.to_destination, e.rejected,
          e.in_flight_at_end));
    }
  }
  for (const FunctionResult& f : result.functions) {
    const FunctionResult::SyncCalls& c = f.sync_calls;
    if (c.completed + c.failed + c.throttled + c.abandoned + c.in_flight_at_end != c.received) {
      throw InternalError(fmt::format(
          "function {}: {} sync calls received but {} completed + {} failed + {} throttled + {} "
          "abandoned + {} in flight",
          f.name, c.received, c.completed, c.failed, c.throttled, c.abandoned, c.in_flight_at_end));
    }
  }
  for (const StateMachineResult& m : result.state_machines) {
    if (m.succeeded + m.failed + m.timed_out + m.in_flight_at_end != m.started) {
      throw InternalError(fmt::format(
          "state machine {}: {} executions started but {} succeeded + {} failed + {} timed out + "
          "{} in flight",
          m.name, m.started, m.succeeded, m.failed, m.timed_out, m.in_flight_at_end));
    }
  }
  for (const QueueResult& q : result.queues) {
    if (q.deleted + q.dead_lettered + q.expired + q.loop_stopped + q.in_queue_at_end != q.sent) {
      throw InternalError(fmt::format(
          "queue {}: {} messages sent but {} deleted + {} dead-lettered + {} expired + {} "
          "loop-stopped + {} in the queue",
          q.name, q.sent, q.deleted, q.dead_lettered, q.expired, q.loop_stopped,
          q.in_queue_at_end));
    }
  }
  for (const StreamResult& s : result.streams) {
    if (s.processed + s.to_destination + s.dropped + s.expired + s.in_stream_at_end != s.written ||
        s.written + s.failed_writes != s.writes) {
      throw InternalError(fmt::format(
          "stream {}: {} writes, {} failed, {} records written but {} processed + {} to the "
          "destination + {} dropped + {} expired + {} in the stream",
          s.name, s.writes, s.failed_writes, s.written, s.processed, s.to_destination, s.dropped,
          s.expired, s.in_stream_at_end));
    }
  }
  for (const TableResult& t : result.tables) {
    if (!t.dax) continue;
    const TableCacheResult& d = *t.dax;
    if (d.item_hits + d.item_misses + d.query_hits + d.query_misses + d.passed_through != t.reads) {
      throw InternalError(fmt::format(
          "table {}: {} reads but {} item hits + {} item misses + {} query hits + {} query "
          "misses + {} passed through DAX",
          t.name, t.reads, d.item_hits, d.item_misses, d.query_hits, d.query_misses,
          d.passed_through));
    }
  }
  for (const FirehoseResult& f : result.firehoses) {
    if (f.records_delivered + f.records_failed_processing + f.records_pending_at_end !=
            f.records_in ||
        f.put_attempts + f.failed_requests != f.requests + f.throttled_attempts ||
        f.objects_by_size + f.objects_by_interval != f.objects) {
      throw InternalError(fmt::format(
          "firehose {}: {} records in but {} delivered + {} failed processing + {} pending; {} "
          "requests, {} attempts, {} throttled; {} objects, {} by size + {} by interval",
          f.name, f.records_in, f.records_delivered, f.records_failed_processing,
          f.records_pending_at_end, f.requests, f.put_attempts, f.throttled_attempts, f.objects,
          f.objects_by_size, f.objects_by_interval));
    }
  }
  for (const FunctionResult& f : result.functions) {
    const std::uint64_t ended = f.completed + f.errors + f.timeouts + f.in_flight_at_end;
    if (ended != f.invocations ||
        f.cold_starts + f.warm_starts + f.provisioned_starts != f.invocations) {
      throw InternalError(fmt::format(
          "function {}: {} invocations but {} ends (completed {}, errors {}, timeouts {}, in "
          "flight {}) and {} starts",
          f.name, f.invocations, ended, f.completed, f.errors, f.timeouts, f.in_flight_at_end,
          f.cold_starts + f.warm_starts + f.provisioned_starts));
    }
  }
}

}  // namespace

RunResult run_simulation(const ScenarioSpec& scenario, const RunOptions& options) {
  Simulation simulation(scenario, options);
  return simulation.run();
}

}  // namespace slsim
