#pragma once
// What a run measured: plain structs that pricing and the reports read. Definitions (README
// "JSON keys"): invocations = executions started, retries included (CloudWatch Invocations);
// throttles = rejected attempts (CloudWatch Throttles); concurrency counts environments in
// INIT or handler; environments include provisioned ones.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slsim/billing.hpp"
#include "slsim/histogram.hpp"
#include "slsim/scenario.hpp"
#include "slsim/timeline.hpp"
#include "slsim/usage.hpp"

namespace slsim {

struct FunctionResult {
  std::string name;
  std::uint64_t invocations = 0;
  std::uint64_t cold_starts = 0;
  std::uint64_t warm_starts = 0;         // on an idle on-demand environment
  std::uint64_t provisioned_starts = 0;  // on a provisioned environment
  std::uint64_t throttles = 0;
  std::uint64_t timeouts = 0;
  std::uint64_t errors = 0;          // executions that ended in a function error (not a timeout)
  std::uint64_t completed = 0;       // executions that ended without an error or a timeout
  std::uint64_t dropped = 0;         // async events discarded (max age or retries exhausted)
  std::uint64_t to_destination = 0;  // async events sent to the on-failure destination
  std::uint64_t in_flight_at_end = 0;
  // Async events on Lambda's internal queue (accepted, not running, not ended): peak and time
  // average; the age of an event (since its accept) at each attempt that started.
  std::uint64_t peak_async_queue = 0;
  double mean_async_queue = 0;
  Histogram async_event_age;
  // Async events from services and calls (SNS deliveries, invokes by other functions):
  // received = completed + dropped + to_destination + rejected + in flight.
  struct Events {
    std::uint64_t received = 0;
    std::uint64_t completed = 0;
    std::uint64_t dropped = 0;
    std::uint64_t to_destination = 0;
    std::uint64_t rejected = 0;  // never accepted: throttled (SNS after its retry policy)
    // Of dropped + to_destination: stopped by recursive loop detection (16 invocations in a
    // chain).
    std::uint64_t loop_stopped = 0;
    std::uint64_t in_flight_at_end = 0;
  } events;
  // Synchronous invokes from other functions' handlers (calls with mode: sync): received =
  // completed + failed + throttled + abandoned + in_flight_at_end.
  struct SyncCalls {
    std::uint64_t received = 0;
    std::uint64_t completed = 0;
    std::uint64_t failed = 0;     // the callee's function error or timeout, returned to the caller
    std::uint64_t throttled = 0;  // 429 on every attempt the caller's SDK made
    std::uint64_t retries = 0;    // SDK retries of a 429 (each also counts in throttles)
    std::uint64_t abandoned = 0;  // the caller timed out first: nobody read the answer
    std::uint64_t in_flight_at_end = 0;
  } sync_calls;
  std::int64_t peak_concurrency = 0;
  double mean_concurrency = 0;
  double mean_environments = 0;  // time average of live environments, provisioned included
  double mean_idle_environments = 0;
  std::uint64_t environments_created = 0;  // on-demand environments (cold starts)
  Histogram latency;                       // INIT (if cold) + handler, microseconds
  std::vector<BillingTally> billing;       // one per RunOptions::billing_rules entry
};

struct SourceResult {
  std::string name;
  std::uint64_t requests = 0;
  std::uint64_t completed = 0;
  std::uint64_t throttled = 0;          // ended with a 429 (after the caller's retries)
  std::uint64_t gateway_throttled = 0;  // of those, rejected by API Gateway's own limits
  std::uint64_t failed = 0;          // a sync caller saw a function timeout, or API Gateway's 500
                                     // for Lambda's 429 (later: function errors)
  std::uint64_t timed_out = 0;       // API Gateway integration timeout (504)
  std::uint64_t dropped = 0;         // async events discarded by Lambda's internal queue
  std::uint64_t to_destination = 0;  // async events given up and sent to the function's
                                     // on-failure destination
  std::uint64_t in_flight_at_end = 0;
  Histogram latency;  // what the caller sees, over completed and failed requests
  // A trace source (lenient): its function's bad rows skipped, not replayed.
  std::uint64_t trace_skipped_rows = 0;
};

// An SQS queue and its event source mapping (services/sqs.hpp). Messages: sent = deleted +
// dead_lettered + expired + loop_stopped + in_queue_at_end.
struct QueueResult {
  std::string name;
  bool fifo = false;
  std::uint64_t sent = 0;           // messages that entered the queue
  std::uint64_t received = 0;       // receives, redeliveries included
  std::uint64_t deleted = 0;        // processed by a successful batch
  std::uint64_t dead_lettered = 0;  // moved to the dead-letter queue (maxReceiveCount)
  std::uint64_t expired = 0;        // older than the retention period
  std::uint64_t loop_stopped = 0;   // dropped by recursive loop detection (no DLQ to take it)
  std::uint64_t in_queue_at_end = 0;
  std::uint64_t batches = 0;            // invocations of the consumer
  std::uint64_t failed_batches = 0;     // function error, timeout or failed items
  std::uint64_t throttled_batches = 0;  // Lambda refused the invocation
  std::uint64_t peak_depth = 0;         // messages in the queue, in flight included
  double mean_depth = 0;
  std::int64_t peak_pollers = 0;   // concurrent batches the mapping scaled to
  Duration max_age_at_receive{0};  // the oldest message's age when it was received
  // Wait before the first receive, over first receives: exact mean and share that waited.
  double mean_wait_seconds = 0;
  double waited_fraction = 0;
  Histogram wait;  // microseconds
};

// An SNS topic (services/sns.hpp).
struct TopicResult {
  std::string name;
  std::uint64_t published = 0;
  std::uint64_t deliveries = 0;    // to subscriptions whose filter matched
  std::uint64_t filtered_out = 0;  // (publish, subscription) pairs the filter refused
  std::uint64_t http_deliveries = 0;
};

// An S3 bucket (services/s3.hpp): notifications = delivered + pending_at_end.
struct BucketResult {
  std::string name;
  std::uint64_t puts = 0;
  std::uint64_t gets = 0;
  std::uint64_t deletes = 0;
  std::uint64_t notifications = 0;  // event notifications scheduled
  std::uint64_t delivered = 0;
  std::uint64_t pending_at_end = 0;
};

// A DynamoDB table (services/dynamodb.hpp).
// A table's DAX cluster (services/dax.hpp; the JSON's `tables.<t>.dax`): every read request of
// the table is a hit, a miss or passed through (strongly consistent).
struct TableCacheResult {
  std::string node_type;
  std::int64_t nodes = 0;
  std::uint64_t item_hits = 0, item_misses = 0;    // eventually consistent reads
  std::uint64_t query_hits = 0, query_misses = 0;  // eventually consistent queries
  std::uint64_t passed_through = 0;                // strongly consistent reads and queries
};

struct TableResult {
  std::string name;
  std::uint64_t reads = 0;               // read and query requests (DAX hits included)
  std::uint64_t writes = 0;              // write requests
  double read_units = 0;                 // RCU/RRU consumed (by the table: not by DAX hits)
  double write_units = 0;                // WCU/WRU consumed
  std::uint64_t throttled_attempts = 0;  // attempts refused (retried by the SDK)
  std::uint64_t failed = 0;              // requests that failed after the SDK's 10 attempts
  std::optional<TableCacheResult> dax;   // a table with a DAX cluster
};

// A Kinesis stream or a DynamoDB table's stream (services/stream.hpp; the JSON's `streams.<name>`,
// README "JSON keys"). Records: written = processed + to_destination + dropped + expired +
// in_stream_at_end.
struct StreamResult {
  std::string name;
  std::string type;  // "kinesis" or "dynamodb" (a table's stream)
  std::int64_t shards = 0;
  std::int64_t lanes = 0;  // shards x parallelization factor
  // Writes (Kinesis PutRecord calls; a table's stream takes every successful write):
  // writes = written + failed_writes.
  std::uint64_t writes = 0;
  std::uint64_t put_attempts = 0;        // attempts, SDK retries included
  std::uint64_t throttled_attempts = 0;  // refused (ProvisionedThroughputExceeded)
  std::uint64_t failed_writes = 0;       // refused by every attempt
  std::uint64_t written = 0;             // records accepted into the stream
  std::uint64_t processed = 0;           // by a successful batch (or checkpointed)
  std::uint64_t to_destination = 0;      // discarded, metadata to the on-failure destination
  std::uint64_t dropped = 0;             // discarded without an on-failure destination
  std::uint64_t expired = 0;             // older than the retention period
  std::uint64_t in_stream_at_end = 0;
  std::uint64_t bad_records = 0;  // written records drawn bad (item_failure_probability)
  std::uint64_t batches = 0;      // invocations of the consumer, retries included
  std::uint64_t failed_batches = 0;
  std::uint64_t throttled_batches = 0;  // Lambda refused the invocation
  std::uint64_t destination_messages = 0;
  std::uint64_t bytes_written = 0;
  std::uint64_t bytes_read = 0;  // by the consumer's batches
  // IteratorAge (facts 3): when a batch finishes, the age of its last record; microseconds.
  Histogram iterator_age;
};

// A Firehose stream (services/firehose.hpp; the JSON's `firehose_streams.<name>`). Records:
// records_in = records_delivered + records_failed_processing + records_pending_at_end;
// requests = accepted + failed_requests.
struct FirehoseResult {
  std::string name;
  std::string destination;               // the S3 bucket
  std::uint64_t requests = 0;            // PutRecord / PutRecordBatch calls
  std::uint64_t put_attempts = 0;        // attempts, SDK retries included
  std::uint64_t throttled_attempts = 0;  // refused (ServiceUnavailable: over a quota)
  std::uint64_t failed_requests = 0;     // refused by every attempt
  std::uint64_t failed_records = 0;      // the records of the failed requests
  std::uint64_t records_in = 0;          // accepted
  std::uint64_t bytes_in = 0;
  std::uint64_t objects = 0;              // delivered to the bucket (PutObject each)
  std::uint64_t objects_by_size = 0;      // the buffer reached buffer_size
  std::uint64_t objects_by_interval = 0;  // its first record had waited buffer_interval
  std::uint64_t records_delivered = 0;
  std::uint64_t bytes_delivered = 0;
  std::uint64_t records_pending_at_end = 0;  // accepted, not yet delivered
  // Transformation (a Lambda processor): batches invoked, failed invocations (throttled, error
  // or timeout), retries made, and the records of skipped batches (written as failed objects).
  std::uint64_t transform_batches = 0;
  std::uint64_t transform_failures = 0;
  std::uint64_t transform_retries = 0;
  std::uint64_t records_failed_processing = 0;
  std::uint64_t failed_objects = 0;
  double mean_record_delay_us = 0;  // acceptance to delivery, over delivered records
  // Per object: how long its first (oldest) record waited, microseconds.
  Histogram object_delay;
};

// An EventBridge schedule.
struct ScheduleResult {
  std::string name;
  std::string expression;
  std::uint64_t fires = 0;
};

// An EventBridge bus with rules (services/event_bus.hpp).
struct EventBusResult {
  std::string name;
  std::uint64_t events = 0;                 // events put on the bus
  std::vector<std::uint64_t> rule_matches;  // per rule, in scenario order
  std::uint64_t deliveries = 0;             // (match, target) pairs sent on
};

// A Step Functions state machine (services/step_functions.hpp): started = succeeded + failed +
// timed_out + in_flight_at_end.
struct StateMachineResult {
  std::string name;
  WorkflowKind kind = WorkflowKind::standard;
  std::uint64_t started = 0;
  std::uint64_t succeeded = 0;
  std::uint64_t failed = 0;     // a fail state, or a task failure no retry or catch absorbed
  std::uint64_t timed_out = 0;  // express: past 5 minutes (facts 8)
  std::uint64_t in_flight_at_end = 0;
  std::uint64_t transitions = 0;      // states entered, retries included (standard's bill)
  std::uint64_t task_retries = 0;     // retries made by tasks' retry policies
  std::uint64_t task_failures = 0;    // task attempts that failed (error, timeout or throttle)
  double express_billed_seconds = 0;  // express: durations rounded up to 100 ms
  Histogram latency;                  // start to end of ended executions, microseconds
};

struct EngineStats {
  std::uint64_t events = 0;
  // A hash of the sequence of events processed (time, kind, target, payload): two runs with
  // the same fingerprint simulated the same thing.
  std::uint64_t fingerprint = 0;
  bool stopped_at_max_events = false;  // --max-events cut the run short
  bool interrupted = false;            // Ctrl-C (RunOptions::stop) cut the run short
  double wall_seconds = 0;             // only reported with --timing
};

struct RunResult {
  std::string scenario;
  std::uint64_t seed = 0;
  Duration simulated{0};                  // run_for, or the drain end with --drain
  std::vector<FunctionResult> functions;  // in scenario order
  std::vector<SourceResult> sources;      // in scenario order
  std::vector<QueueResult> queues;        // resources of type sqs, in scenario order
  std::vector<TopicResult> topics;        // resources of type sns, in scenario order
  std::vector<BucketResult> buckets;      // resources of type s3, in scenario order
  std::vector<TableResult> tables;        // resources of type dynamodb, in scenario order
  std::vector<ScheduleResult> schedules;  // resources of type eventbridge, in scenario order
  std::vector<StreamResult> streams;      // kinesis streams, then tables' streams, in order
  std::vector<StateMachineResult> state_machines;  // resources of type step_functions
  std::vector<EventBusResult> buses;               // eventbridge resources with rules
  std::vector<FirehoseResult> firehoses;           // resources of type firehose
  std::vector<ResourceUsage> usage;  // billable usage of service resources (usage.hpp)
  EngineStats engine;
  std::optional<Timeline> timeline;  // only with RunOptions::timeline
};

}  // namespace slsim
