#pragma once
// The scenario as plain, validated structs: what the loader produces from YAML and what the
// simulation compiles into its flat model. Every default here is the AWS default, with its
// source in README ("Model assumptions") and at the constant.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slsim/distribution.hpp"
#include "slsim/error.hpp"
#include "slsim/services/eventbridge.hpp"
#include "slsim/services/step_functions_spec.hpp"
#include "slsim/time.hpp"
#include "slsim/units.hpp"

namespace slsim {

// How new execution environments are rate-limited.
enum class ScalingRule : std::uint8_t {
  current,  // per function: 1,000 new environments per 10 s (since 26 Nov 2023; facts 1.2)
  legacy,   // account-wide regional burst (500/1,000/3,000), then +500 per minute (facts 1.2)
};

struct AccountSpec {
  std::string region = "us-east-1";
  std::int64_t concurrency_limit = 1000;  // facts 1.1: default regional quota
  // Default 10 x concurrency_limit per second (facts 1.1); the loader rescales it when the
  // limit is changed and the rate is not given.
  BucketSpec request_rate{10'000, Rate{10'000 * kNano, Duration::seconds(1)}};
  // 1,000 new environments per 10 s per function (facts 1.2).
  BucketSpec scale_rate{1'000, Rate{1'000 * kNano, Duration::seconds(10)}};
  ScalingRule scaling = ScalingRule::current;
  // 10,000 requests per second steady, burst 5,000 (facts 6).
  BucketSpec api_gateway{5'000, Rate{10'000 * kNano, Duration::seconds(1)}};
};

enum class Architecture : std::uint8_t { x86_64, arm64 };
enum class PackageType : std::uint8_t { zip, image };

inline constexpr std::uint32_t kNoResource = 0xffffffffu;

struct AsyncSpec {
  Duration max_event_age = Duration::hours(6);  // facts 1.4: 60 s .. 6 h, default 6 h
  int retries = 2;                              // facts 1.4: 0..2, default 2
  // On-failure destination (or DLQ) for events that failed every attempt or passed the
  // maximum age: an SQS queue of the scenario (facts 1.4). Unset: such events are dropped.
  std::string on_failure;
  SourceLocation on_failure_where;
  std::uint32_t on_failure_queue = kNoResource;  // index into ScenarioSpec::queues
};

// A downstream action of a function (`calls:`), made `count` times with probability
// `probability` per invocation. Its `latency` (an SDK call the handler waits for) adds to the
// handler's duration, and so to the bill; its effect (a message sent, an event published, an
// async invoke accepted) happens when the handler ends, unless it timed out.
enum class CallAction : std::uint8_t {
  invoke_async,
  sqs_send,
  sns_publish,
  s3_put,
  s3_get,
  s3_delete,
  dynamodb_read,
  dynamodb_write,
  dynamodb_query,
  kinesis_put,
  // A synchronous Invoke (RequestResponse): the handler waits for the callee's whole answer
  // (README "Synchronous invokes"), made after the handler's own time, one call at a time.
  invoke_sync,
  // PutEvents of one event of `size` to an EventBridge bus: its rules' targets get it when the
  // handler ends.
  put_events,
  // StartExecution of a state machine: returns at once; the execution starts when the handler
  // ends (README "Step Functions").
  start_execution,
  // PutRecord (records 1) or PutRecordBatch of `records` records of `size` each to a Firehose
  // stream, when the handler starts, like kinesis_put (README "Kinesis Data Firehose").
  firehose_put
};

struct CallSpec {
  CallAction action = CallAction::invoke_async;
  std::string target;
  SourceLocation where;
  std::uint32_t target_index = 0;  // a function, queue or topic index by action
  std::int64_t count = 1;
  double probability = 1;
  std::int64_t size = 1024;  // payload bytes
  Distribution latency = Distribution::fixed(Duration{0});
  std::int64_t items = 1;        // dynamodb_query: items read per query
  bool consistent = false;       // dynamodb_read / query: strongly consistent (default eventual)
  double error_probability = 0;  // the call fails (and so does the invocation)
  std::string key;  // s3_put / s3_delete: the object key written (matched against filters)
  std::vector<std::uint32_t> notifications;  // s3: the bucket's notifications the key matches
  std::int64_t partition_keys = 0;           // kinesis_put: as SourceSpec::partition_keys
  std::int64_t records = 1;                  // firehose_put: records per request (a batch > 1)
};

struct FunctionSpec {
  std::string name;
  SourceLocation where;  // the function's key in the file
  std::string runtime = "python3.12";
  PackageType package = PackageType::zip;
  std::int64_t memory_mb = 128;  // facts 1.5: 128..10,240 MB
  // /tmp: 512..10,240 MB, the first 512 MB free (facts 1.5); priced, it changes no timing.
  std::int64_t ephemeral_storage_mb = 512;
  Architecture arch = Architecture::x86_64;
  Duration timeout = Duration::seconds(3);  // Lambda default 3 s; max 900 s (facts 1.5)
  Distribution duration;                    // handler time per invocation (required)
  // Memory-aware duration (README "Workloads"): `duration` was measured at
  // duration_memory_mb; the cpu_bound_fraction of it scales with the vCPUs the handler can use
  // (memory / 1,769 MB, at most `threads` and 6; facts 1.5), the rest does not.
  double cpu_bound_fraction = 0;
  std::int64_t duration_memory_mb = 1769;
  std::int64_t threads = 1;
  Distribution cold_start;  // INIT time: explicit, or the runtime default (README table)
  Distribution keep_alive;  // idle lifetime, drawn at the start of each idle period
  std::optional<std::int64_t> reserved_concurrency;
  std::int64_t provisioned_concurrency = 0;
  AsyncSpec async;
  // Probability that an invocation ends in a function error (an exception after its drawn
  // duration, unless the timeout cuts it first: then it is a timeout, not an error).
  double error_probability = 0;
  std::vector<CallSpec> calls;  // at most 64
};

// An SQS event source mapping: Lambda's pollers reading a queue and invoking a function
// synchronously with batches (facts 2).
struct QueueConsumerSpec {
  std::string function;
  SourceLocation function_where;
  std::uint32_t function_index = 0;
  std::int64_t batch_size = 10;             // facts 2: default 10; standard <= 10,000, FIFO <= 10
  Duration batching_window{0};              // facts 2: up to 300 s (standard only)
  std::int64_t maximum_concurrency = 0;     // facts 2: 2..1,000; 0 = not set
  bool report_batch_item_failures = false;  // partial batch response (facts 2)
  // Probability that the handler fails one message of a batch (with a partial batch response
  // only that message returns to the queue; without, the whole batch does).
  double item_failure_probability = 0;
  SourceLocation where;
};

enum class Protocol : std::uint8_t { lambda, sqs, http };

// An SNS subscription; filter_match is the share of messages its filter policy accepts.
struct SubscriptionSpec {
  Protocol protocol = Protocol::lambda;
  std::string target;  // a function (lambda), a queue (sqs); a label for http
  SourceLocation where;
  std::uint32_t target_index = 0;
  double filter_match = 1;
};

struct TopicSpec {
  std::string name;
  SourceLocation where;
  bool fifo = false;
  std::vector<SubscriptionSpec> subscriptions;
};

enum class CapacityMode : std::uint8_t { on_demand, provisioned };

enum class S3Event : std::uint8_t { created, removed };
enum class TargetKind : std::uint8_t { function, queue, topic, state_machine };

struct ScheduleTarget {
  std::string name;
  SourceLocation where;
  TargetKind kind = TargetKind::function;
  std::uint32_t index = 0;
};

// An EventBridge schedule (facts 8): fires by its expression and invokes every target
// asynchronously (a function), or sends it a message (a queue) or publishes (a topic).
struct ScheduleSpec {
  std::string name;
  SourceLocation where;
  std::string expression;  // as written, for reports
  Schedule schedule;
  std::vector<ScheduleTarget> targets;
};

// A rule of an EventBridge event bus: it matches a share `match` of the events put on the bus
// (its event pattern, as a probability) and sends each match to every target: functions
// (async), queues, topics or state machines (facts 8).
struct EventRuleSpec {
  double match = 1;
  SourceLocation where;
  std::vector<ScheduleTarget> targets;
};

struct EventBusSpec {
  std::string name;
  SourceLocation where;
  std::vector<EventRuleSpec> rules;
};

// An S3 event notification: object events whose key matches prefix and suffix go to a
// function (async), a queue or a topic (facts 5).
struct NotificationSpec {
  S3Event event = S3Event::created;
  std::string prefix;
  std::string suffix;
  std::string target;
  SourceLocation where;
  TargetKind target_kind = TargetKind::function;
  std::uint32_t target_index = 0;
};

struct S3BucketSpec {
  std::string name;
  SourceLocation where;
  std::vector<NotificationSpec> notifications;
  // facts 5: "typically delivered in seconds but can sometimes take a minute or longer";
  // the default is lognormal with median 1 s and p99 60 s (README "Service resources").
  Distribution delivery_delay =
      Distribution::lognormal_from_median_p99(Duration::seconds(1), Duration::seconds(60));
};

struct QueueSpec {
  std::string name;
  SourceLocation where;
  bool fifo = false;
  Duration visibility_timeout = Duration::seconds(30);  // facts 2: default 30 s, 0 s .. 12 h
  Duration retention = Duration::hours(96);             // facts 2: default 4 days, 60 s .. 14 d
  std::int64_t max_receive_count = 0;                   // redrive policy; 0 = no DLQ
  std::string dead_letter;                              // the DLQ, another queue
  SourceLocation dead_letter_where;
  std::uint32_t dead_letter_index = kNoResource;
  std::optional<QueueConsumerSpec> consumer;
};

// Where a stream's event source mapping starts reading (required by the AWS API, no default).
// The simulated stream starts empty together with its mapping, so both read every record.
enum class StartingPosition : std::uint8_t { latest, trim_horizon };

// A Lambda event source mapping on a stream: a Kinesis data stream (facts 3) or a DynamoDB
// stream (facts 7, "same ESM model as Kinesis"). Lambda reads each shard in order and invokes
// the function synchronously with batches; a failed batch blocks its shard (its lane) until it
// succeeds, passes maximum_retry_attempts or maximum_record_age, or expires (facts 3, 12).
struct StreamConsumerSpec {
  std::string function;
  SourceLocation function_where;
  std::uint32_t function_index = 0;
  std::int64_t batch_size = 100;                // facts 3: default 100, 1..10,000
  Duration batching_window{0};                  // facts 3: default 0, up to 300 s
  std::int64_t parallelization_factor = 1;      // facts 3: 1..10 concurrent batches per shard
  std::int64_t maximum_retry_attempts = -1;     // facts 3: -1 = infinite (default), 0..10,000
  std::optional<Duration> maximum_record_age;   // facts 3: unset = -1 (infinite), 60 s..7 days
  bool bisect_batch_on_function_error = false;  // facts 3: default false
  bool report_batch_item_failures = false;
  // Probability that a record is bad (a "poison" record): every batch holding it fails, on
  // every retry, until it is skipped (bisect + retry limit, record age or expiry).
  double item_failure_probability = 0;
  StartingPosition starting_position = StartingPosition::latest;
  // On-failure destination: metadata of discarded batches (not the records) to an SQS queue
  // (standard) or an SNS topic of the scenario (facts 3). Unset: discarded records are dropped.
  std::string on_failure;
  SourceLocation on_failure_where;
  TargetKind on_failure_kind = TargetKind::queue;
  std::uint32_t on_failure_index = kNoResource;
  SourceLocation where;
};

enum class StreamMode : std::uint8_t { provisioned, on_demand };

// A Kinesis data stream (facts 3).
struct KinesisSpec {
  std::string name;
  SourceLocation where;
  StreamMode mode = StreamMode::provisioned;
  // Provisioned: the shard count (required). On demand: the write capacity of a new on-demand
  // stream, 4 MB/s and 4,000 records/s (facts 3), as 4 shards (README "Kinesis").
  std::int64_t shards = 4;
  Duration retention = Duration::hours(24);  // facts 3: 24 h default, up to 1 year
  std::optional<StreamConsumerSpec> consumer;
};

// Firehose data transformation (ProcessingConfiguration, a Lambda processor): records are
// buffered for the function (its own size and interval hints), which Firehose invokes
// synchronously with each batch; transformed records go on to the delivery buffer (README
// "Kinesis Data Firehose").
struct FirehoseTransformSpec {
  std::string function;
  SourceLocation function_where;
  std::uint32_t function_index = 0;
  // Firehose developer guide, "Transform source data": size hint 0.2..3 MB, default 1 MB;
  // interval hint 0..900 s, default 60 s. NumberOfRetries 0..300, default 3.
  std::int64_t buffer_size = std::int64_t{1024} * 1024;
  Duration buffer_interval = Duration::seconds(60);
  std::int64_t retries = 3;
  double output_ratio = 1;  // transformed bytes per input byte
  SourceLocation where;
};

// A Firehose stream (Amazon Data Firehose, formerly Kinesis Data Firehose) with Direct PUT as
// its source and an S3 bucket as its destination: records are buffered and delivered as one
// object when the buffer holds `buffer_size` bytes or its first record has waited
// `buffer_interval`, whichever comes first (README "Kinesis Data Firehose").
struct FirehoseSpec {
  std::string name;
  SourceLocation where;
  std::string destination;  // an s3 bucket of the scenario
  SourceLocation destination_where;
  std::uint32_t destination_index = kNoResource;
  // A Kinesis data stream of the scenario as the source (KinesisStreamAsSource): Firehose
  // reads every record written to it and takes no PutRecord. Empty: Direct PUT.
  std::string source;
  SourceLocation source_where;
  std::uint32_t source_index = kNoResource;
  // BufferingHints (Firehose API reference): SizeInMBs 1..128, default 5 MiB;
  // IntervalInSeconds 0..900, default 300 s.
  std::int64_t buffer_size = std::int64_t{5} * 1024 * 1024;
  Duration buffer_interval = Duration::seconds(300);
  std::string prefix;          // the objects' S3 key prefix (ExtendedS3 Prefix)
  std::string file_extension;  // the objects' key suffix (ExtendedS3 FileExtension)
  // The bucket's object-created notifications the delivered objects match (resolved at load).
  std::vector<std::uint32_t> notifications;
  // The Direct PUT throughput quota in MiB/s; 0: the region's default (5 or 1 MiB/s). The
  // records/s and requests/s quotas scale with it, as AWS raises the three together.
  std::int64_t quota_mib_per_second = 0;
  std::optional<FirehoseTransformSpec> transform;
};

// What a DynamoDB stream record holds (StreamViewType: required when a stream is enabled, no
// default). It sets the record's size: the keys (counted as 100 B), one image (the item's
// size) or both (twice).
enum class StreamView : std::uint8_t { keys_only, new_image, old_image, new_and_old_images };

// A table's DynamoDB stream: every successful write appends a record (facts 7), read by an
// optional event source mapping (the same model as Kinesis: facts 7, 12).
struct TableStreamSpec {
  StreamView view = StreamView::new_and_old_images;
  std::optional<StreamConsumerSpec> consumer;
  SourceLocation where;
};

// A DAX cluster in front of a table (README "DynamoDB Accelerator (DAX)"): the table's reads
// and writes go through it. Eventually consistent GetItem/BatchGetItem hit its item cache and
// Query/Scan its query cache with the given ratios; strongly consistent reads and writes pass
// through to the table.
struct DaxSpec {
  double hit_ratio = 0;        // item cache hits per eventually consistent read (required)
  double query_hit_ratio = 0;  // query cache hits per eventually consistent query (hit_ratio)
  // The cache hop: AWS says DAX cuts reads "by an order of magnitude from single-digit
  // milliseconds to microseconds"; the default is a tenth of the table's (README).
  Distribution latency =
      Distribution::lognormal_from_median_p99(Duration::micros(500), Duration::millis(2));
  std::int64_t nodes = 3;       // AWS recommends at least 3 for production; 1..11
  std::uint32_t node_type = 0;  // index in kDaxNodeTypes (services/dax.hpp; required)
  SourceLocation where;
};

// A DynamoDB table (facts 7).
struct TableSpec {
  std::string name;
  SourceLocation where;
  CapacityMode mode = CapacityMode::on_demand;
  std::int64_t read_capacity = 0;   // provisioned RCU
  std::int64_t write_capacity = 0;  // provisioned WCU
  // Request latency without throttling: AWS says "single-digit milliseconds"; the default is
  // lognormal with median 5 ms and p99 20 ms (README "Service resources").
  Distribution latency =
      Distribution::lognormal_from_median_p99(Duration::millis(5), Duration::millis(20));
  std::optional<TableStreamSpec> stream;  // DynamoDB Streams (facts 7)
  std::optional<DaxSpec> dax;             // DynamoDB Accelerator in front of the table
};

// The vCPUs a handler using `threads` threads gets at `memory_mb` (facts 1.5: 1,769 MB = one
// vCPU, proportional; at most 6 vCPUs).
double usable_vcpus(std::int64_t memory_mb, std::int64_t threads);
// The factor applied to each drawn duration of `f` at its memory:
// (1 - cpu_bound_fraction) + cpu_bound_fraction x vcpus(duration_memory) / vcpus(memory).
double duration_factor(const FunctionSpec& f);

enum class SourceType : std::uint8_t { api_gateway, invoke, producer };
enum class ApiFlavor : std::uint8_t { http, rest };
enum class InvokeMode : std::uint8_t { sync, async };
// Arrival processes of a source (README "Workloads").
enum class ArrivalProcess : std::uint8_t {
  poisson,   // exponential gaps at `rate`
  constant,  // the k-th arrival at round(k / rate)
  uniform,   // gaps uniform in [(1 - jitter), (1 + jitter)] x 1/rate
  ramp,      // Poisson, rate linear from `from` to `to` over `over`, then `to`
  diurnal,   // Poisson, a sinusoid (mean, peak, period, peak_at) or 24 hourly rates
  bursts,    // Poisson at on_rate / off_rate, alternating on / off periods (fixed or MMPP)
  spike,     // `count` arrivals at time `at`
  sum,       // the superposition of `parts`
  counts,    // a trace's counts per window (Azure 2019: per minute), spread inside each window
  trace,     // a per-invocation trace file, replayed row by row (TraceSpec)
};

// The layout of a per-invocation trace file (README "Trace replay").
enum class TraceFormat : std::uint8_t {
  azure2021,  // app,func,end_timestamp,duration (seconds; start = end - duration)
  csv,        // timestamp,target[,duration][,payload] (seconds, bytes)
};

// `arrivals: {process: trace, ...}`: each row of `file` for `function` is one arrival at its
// start time, with the invocation's own duration (and payload) where the trace has them.
struct TraceSpec {
  std::string file;      // resolved relative to the scenario file
  SourceLocation where;  // the `file:` key, for errors
  TraceFormat format = TraceFormat::azure2021;
  std::string function;  // the trace's function id; empty: every row no other source selects
  bool lenient = false;  // skip bad rows (counted) instead of failing
  // Rows may be out of start order by this much (the 2021 trace is ordered by end time): a
  // default of 10 min, the longest Azure Functions Consumption-plan timeout (README).
  Duration reorder_window = Duration::minutes(10);
};

// How a `counts` process places a window's arrivals inside it.
enum class WindowSpread : std::uint8_t {
  uniform,  // the window's count, at independent uniform times (exactly that many)
  poisson,  // a Poisson process at count / window (the count varies around the trace's)
  start,    // all at the window's start
};

struct ArrivalSpec {
  ArrivalProcess process = ArrivalProcess::poisson;
  Rate rate;          // poisson, constant, uniform
  double jitter = 1;  // uniform: 0 (constant gaps) .. 1 (gaps uniform in [0, 2/rate])
  // ramp
  Rate from;
  Rate to;
  Duration over{0};
  // diurnal: a sinusoid, or (when `hourly` has 24 rates) a 24-hour piecewise-constant profile
  Rate mean;
  Rate peak;
  Duration period = Duration::hours(24);
  Duration peak_at = Duration::hours(12);  // a time at which the rate is at its peak
  std::vector<Rate> hourly;
  // bursts: on/off with fixed period lengths, or a two-state MMPP (exponential sojourns)
  Rate on_rate;
  Rate off_rate;
  Duration on{0};   // on-period length (MMPP: its mean)
  Duration off{0};  // off-period length (MMPP: its mean)
  bool mmpp = false;
  // spike
  Duration at{0};
  std::int64_t count = 0;
  // sum
  std::vector<ArrivalSpec> parts;
  // counts: counts[i] arrivals in [i x window, (i + 1) x window)
  std::vector<std::int64_t> counts;
  Duration window = Duration::minutes(1);
  WindowSpread spread = WindowSpread::uniform;
  // trace
  TraceSpec trace;

  // Multiplies every rate (and a spike's count) by factor >= 0: `--scale`.
  void scale(double factor);
};

// The expected number of arrivals in [t0, t1) (the integral of the rate; for an MMPP, its
// stationary rate times the length; 0 for a trace, which is not read to know). For reports, the
// size guard and tests.
double expected_arrivals(const ArrivalSpec& spec, Time t0, Time t1);

struct ThrottleSpec {
  Rate rate;
  std::int64_t burst = 0;
};

struct SourceSpec {
  std::string name;
  SourceLocation where;
  SourceType type = SourceType::invoke;
  std::string target;              // a function name (a resource name for a producer)
  SourceLocation target_where;     // for "unknown target" errors
  std::uint32_t target_index = 0;  // index into ScenarioSpec::functions (queues for a producer)

  // api_gateway
  ApiFlavor flavor = ApiFlavor::http;
  Duration overhead{0};
  // The integration timeout: HTTP API 30 s (fixed), REST 50 ms..29 s, default 29 s (facts 6).
  Duration integration_timeout = Duration::seconds(30);
  std::optional<ThrottleSpec> throttle;

  // invoke
  InvokeMode mode = InvokeMode::sync;
  int retries = 0;  // SDK retries of a 429 at the front door

  // producer: an external client writing to a resource (SendMessage to a queue, Publish to a
  // topic); target_index then indexes ScenarioSpec::queues or ::topics.
  bool target_is_topic = false;
  bool target_is_bucket = false;  // PutObject of `key` (indexes ScenarioSpec::buckets)
  bool s3_get = false;            // GetObject instead (operation: get): no notification
  bool target_is_stream = false;  // PutRecord to a Kinesis stream (indexes ScenarioSpec::streams)
  // Kinesis: records carry one of this many partition keys, uniformly; 0 = a new random key
  // per record (spread evenly over shards).
  std::int64_t partition_keys = 0;
  // A producer or API Gateway source whose target is a state machine (indexes
  // ScenarioSpec::state_machines): StartExecution, or for API Gateway and an express machine
  // StartSyncExecution, the API waiting for the result (README "Step Functions").
  bool target_is_state_machine = false;
  bool target_is_bus = false;  // a producer's PutEvents to an EventBridge bus (::buses)
  // A producer's PutRecord / PutRecordBatch to a Firehose stream (indexes
  // ScenarioSpec::firehoses) of `records` records of message_size each.
  bool target_is_firehose = false;
  std::int64_t records = 1;
  // An API Gateway source whose target is an SQS queue (indexes ScenarioSpec::queues): the
  // direct integration, each request a SendMessage (README "API Gateway direct integrations").
  bool target_is_queue = false;
  std::string key;
  std::vector<std::uint32_t> notifications;  // the bucket's notifications the key matches
  std::int64_t message_size = 1024;          // bytes per message
  std::int64_t message_groups = 1;  // FIFO queues: messages spread evenly over this many groups

  ArrivalSpec arrivals;
  // Request payload size in bytes (a size distribution), drawn per request and carried on it
  // for services that bill or limit by size. Absent: 0 bytes.
  std::optional<Distribution> payload;
};

struct PricingRef {
  std::string name;  // a built-in book's name, or a path as written
  std::string path;  // resolved path (relative to the scenario) when it names a file
  SourceLocation where;
};

struct ScenarioSpec {
  std::string file;  // as given on the command line
  std::string name;  // default: the file's stem
  std::string description;
  Duration run_for{0};  // required; arrivals fall in [0, run_for)
  // Statistics cover [warmup, end): requests arriving and executions starting before it are
  // simulated but not counted; time averages start at it (README "Workloads").
  Duration warmup{0};
  std::uint64_t seed = 1;
  AccountSpec account;
  std::vector<PricingRef> pricing;  // default [aws]
  std::vector<FunctionSpec> functions;
  std::vector<SourceSpec> sources;
  std::vector<QueueSpec> queues;                 // resources of type sqs
  std::vector<TopicSpec> topics;                 // resources of type sns
  std::vector<S3BucketSpec> buckets;             // resources of type s3
  std::vector<TableSpec> tables;                 // resources of type dynamodb
  std::vector<ScheduleSpec> schedules;           // resources of type eventbridge
  std::vector<StateMachineSpec> state_machines;  // resources of type step_functions
  std::vector<KinesisSpec> streams;              // resources of type kinesis
  std::vector<EventBusSpec> buses;               // resources of type eventbridge with rules
  std::vector<FirehoseSpec> firehoses;           // resources of type firehose

  // Index of the function named `name`, or nullopt.
  std::optional<std::uint32_t> function_index(const std::string& name) const;
  std::optional<std::uint32_t> queue_index(const std::string& name) const;
  std::optional<std::uint32_t> topic_index(const std::string& name) const;
  std::optional<std::uint32_t> bucket_index(const std::string& name) const;
  std::optional<std::uint32_t> table_index(const std::string& name) const;
  std::optional<std::uint32_t> schedule_index(const std::string& name) const;
  std::optional<std::uint32_t> stream_index(const std::string& name) const;
  std::optional<std::uint32_t> state_machine_index(const std::string& name) const;
  std::optional<std::uint32_t> bus_index(const std::string& name) const;
  std::optional<std::uint32_t> firehose_index(const std::string& name) const;
};

// Names as written in scenarios and reports.
const char* to_string(Architecture a);
const char* to_string(PackageType p);
const char* to_string(SourceType t);
const char* to_string(ApiFlavor f);
const char* to_string(InvokeMode m);
const char* to_string(ArrivalProcess p);
const char* to_string(TraceFormat f);
const char* to_string(ScalingRule s);

}  // namespace slsim
