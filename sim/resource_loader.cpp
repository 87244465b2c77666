// `resources.<name>` of a scenario (README "Service resources"): the resource's `type:` decides
// its keys. Every default is the AWS default (facts 2).

#include "resource_loader.hpp"
#include "event_bus_loader.hpp"
#include "firehose_loader.hpp"
#include "workflow_loader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "dax_loader.hpp"
#include "loader_fields.hpp"
#include "stream_loader.hpp"
#include "yaml_text.hpp"

namespace slsim::loader {

namespace {

// facts 2: visibility timeout 0 s .. 12 h; retention 60 s .. 14 days.
constexpr Duration kMaxVisibilityTimeout = Duration::hours(12);
constexpr Duration kMinRetention = Duration::seconds(60);
constexpr Duration kMaxRetention = Duration::hours(std::int64_t{14} * 24);
// SQS redrive policy: maxReceiveCount 1..1,000 (SQS RedrivePolicy; AWS recommends >= 5, facts 2).
constexpr std::int64_t kMaxReceiveCount = 1'000;
// facts 2: batch size standard 1..10,000 (above 10 needs a batching window of at least 1 s),
// FIFO 1..10; batching window up to 300 s (standard only); maximum concurrency 2..1,000.
constexpr std::int64_t kMaxBatchStandard = 10'000;
constexpr std::int64_t kMaxBatchFifo = 10;
constexpr std::int64_t kMaxBatchWithoutWindow = 10;
constexpr Duration kMaxBatchingWindow = Duration::seconds(300);
constexpr std::int64_t kMinMaximumConcurrency = 2;
constexpr std::int64_t kMaxMaximumConcurrency = 1'000;
constexpr std::int64_t kMaxTableUnits = 40'000;
// facts 2: SQS's maximum message size, 1 MiB since 2025.
constexpr std::int64_t kMaxMessageBytes = std::int64_t{1024} * 1024;

std::uint32_t resolve_function(const YamlField& field, const ScenarioSpec& spec) {
  const std::string name = field.as_name();
  if (const auto index = spec.function_index(name)) return *index;
  std::vector<std::string> names;
  for (const FunctionSpec& function : spec.functions)
    names.push_back(function.name);
  const std::string suggestion = nearest_name(name, names);
  throw field.rule(fmt::format("unknown function {}{}", yaml_text::describe(field.node()),
                               suggestion.empty()
                                   ? fmt::format(" (functions: {})", fmt::join(names, ", "))
                                   : fmt::format(" (did you mean '{}'?)", suggestion)));
}

QueueConsumerSpec read_consumer(const YamlField& f, const QueueSpec& queue,
                                const ScenarioSpec& spec) {
  f.expect_map({"function", "batch_size", "batching_window", "maximum_concurrency",
                "report_batch_item_failures", "item_failure_probability"});
  QueueConsumerSpec consumer;
  consumer.where = f.location();
  const YamlField function = f.required("function");
  consumer.function_index = resolve_function(function, spec);
  consumer.function = spec.functions[consumer.function_index].name;
  consumer.function_where = function.location();
  if (f.has("batching_window")) {
    if (queue.fifo) {
      throw f["batching_window"].rule(
          "FIFO queues do not support a batching window (MaximumBatchingWindowInSeconds)");
    }
    consumer.batching_window = duration_in(f["batching_window"], Duration{0}, kMaxBatchingWindow);
  }
  if (f.has("batch_size")) {
    const YamlField size = f["batch_size"];
    consumer.batch_size = integer_in(size, 1, queue.fifo ? kMaxBatchFifo : kMaxBatchStandard);
    if (consumer.batch_size > kMaxBatchWithoutWindow && consumer.batching_window.us < 1'000'000) {
      throw size.rule(fmt::format(
          "a batch size over {} needs a batching_window of at least 1s (AWS rejects it)",
          kMaxBatchWithoutWindow));
    }
  }
  if (f.has("maximum_concurrency")) {
    consumer.maximum_concurrency =
        integer_in(f["maximum_concurrency"], kMinMaximumConcurrency, kMaxMaximumConcurrency);
  }
  if (f.has("report_batch_item_failures")) {
    consumer.report_batch_item_failures = f["report_batch_item_failures"].as_bool();
  }
  if (f.has("item_failure_probability")) {
    consumer.item_failure_probability = probability(f["item_failure_probability"]);
  }
  return consumer;
}

QueueSpec read_queue(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "fifo", "visibility_timeout", "retention", "max_receive_count",
                "dead_letter", "consumer"});
  QueueSpec queue;
  queue.name = entry.key;
  queue.where = entry.key_location;
  if (f.has("fifo")) queue.fifo = f["fifo"].as_bool();
  if (f.has("visibility_timeout")) {
    queue.visibility_timeout =
        duration_in(f["visibility_timeout"], Duration{0}, kMaxVisibilityTimeout);
  }
  if (f.has("retention"))
    queue.retention = duration_in(f["retention"], kMinRetention, kMaxRetention);
  if (f.has("dead_letter")) {
    queue.dead_letter = f["dead_letter"].as_name();
    queue.dead_letter_where = f["dead_letter"].location();
    if (!f.has("max_receive_count")) {
      throw f.rule("dead_letter needs max_receive_count (the redrive policy's maxReceiveCount)");
    }
  }
  if (f.has("max_receive_count")) {
    if (!f.has("dead_letter")) {
      throw f["max_receive_count"].rule("max_receive_count needs a dead_letter queue");
    }
    queue.max_receive_count = integer_in(f["max_receive_count"], 1, kMaxReceiveCount);
  }
  if (f.has("consumer")) queue.consumer = read_consumer(f["consumer"], queue, spec);
  return queue;
}

// SNS subscriptions are resolved once every resource is read (a queue may come later).
SubscriptionSpec read_subscription(const YamlField& f) {
  f.expect_map({"protocol", "target", "filter_match"});
  SubscriptionSpec sub;
  const std::string protocol = f.required("protocol").as_choice({"lambda", "sqs", "http"});
  sub.protocol = protocol == "lambda" ? Protocol::lambda
                 : protocol == "sqs"  ? Protocol::sqs
                                      : Protocol::http;
  const YamlField target = f.required("target");
  sub.target = target.as_name();
  sub.where = target.location();
  if (f.has("filter_match")) sub.filter_match = probability(f["filter_match"]);
  return sub;
}

TopicSpec read_topic(const YamlField::Entry& entry) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "fifo", "subscriptions"});
  TopicSpec topic;
  topic.name = entry.key;
  topic.where = entry.key_location;
  if (f.has("fifo")) topic.fifo = f["fifo"].as_bool();
  if (f.has("subscriptions")) {
    for (const YamlField& item : f["subscriptions"].items()) {
      topic.subscriptions.push_back(read_subscription(item));
    }
  }
  return topic;
}

// Subscriptions name functions and queues; AWS refuses an SQS FIFO queue on a standard topic,
// and a FIFO topic delivers only to SQS queues (SNS FIFO topics: no Lambda or HTTP endpoints).
void resolve_subscriptions(ScenarioSpec& spec) {
  for (TopicSpec& topic : spec.topics) {
    for (std::size_t i = 0; i < topic.subscriptions.size(); ++i) {
      SubscriptionSpec& sub = topic.subscriptions[i];
      const std::string path = fmt::format("resources.{}.subscriptions[{}].target", topic.name, i);
      if (topic.fifo && sub.protocol != Protocol::sqs) {
        throw ScenarioError::rule(sub.where, path,
                                  "a FIFO topic delivers only to SQS queues (SNS FIFO topics "
                                  "have no Lambda or HTTP subscriptions)");
      }
      if (sub.protocol == Protocol::lambda) {
        const auto index = spec.function_index(sub.target);
        if (!index) {
          throw ScenarioError::rule(sub.where, path,
                                    fmt::format("unknown function '{}'", sub.target));
        }
        sub.target_index = *index;
      } else if (sub.protocol == Protocol::sqs) {
        const auto index = spec.queue_index(sub.target);
        if (!index) {
          throw ScenarioError::rule(sub.where, path,
                                    fmt::format("unknown sqs queue '{}'", sub.target));
        }
        if (spec.queues[*index].fifo && !topic.fifo) {
          throw ScenarioError::rule(
              sub.where, path,
              fmt::format("queue '{}' is FIFO; a standard SNS topic cannot deliver to a FIFO "
                          "queue (AWS rejects the subscription)",
                          sub.target));
        }
        sub.target_index = *index;
      }
    }
  }
}

NotificationSpec read_notification(const YamlField& f) {
  f.expect_map({"event", "prefix", "suffix", "target"});
  NotificationSpec n;
  if (f.has("event")) {
    n.event = f["event"].as_choice({"created", "removed"}) == "created" ? S3Event::created
                                                                        : S3Event::removed;
  }
  if (f.has("prefix")) n.prefix = f["prefix"].as_string();
  if (f.has("suffix")) n.suffix = f["suffix"].as_string();
  const YamlField target = f.required("target");
  n.target = target.as_name();
  n.where = target.location();
  return n;
}

S3BucketSpec read_bucket(const YamlField::Entry& entry) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "notifications", "delivery_delay"});
  S3BucketSpec bucket;
  bucket.name = entry.key;
  bucket.where = entry.key_location;
  if (f.has("notifications")) {
    for (const YamlField& item : f["notifications"].items())
      bucket.notifications.push_back(read_notification(item));
  }
  if (f.has("delivery_delay")) bucket.delivery_delay = f["delivery_delay"].as_distribution();
  return bucket;
}

// A notification names a function (invoked asynchronously), a queue or a topic (facts 5).
void resolve_notifications(ScenarioSpec& spec) {
  for (S3BucketSpec& bucket : spec.buckets) {
    for (std::size_t i = 0; i < bucket.notifications.size(); ++i) {
      NotificationSpec& n = bucket.notifications[i];
      if (const auto f = spec.function_index(n.target)) {
        n.target_kind = TargetKind::function;
        n.target_index = *f;
      } else if (const auto q = spec.queue_index(n.target)) {
        if (spec.queues[*q].fifo) {
          throw ScenarioError::rule(
              n.where, fmt::format("resources.{}.notifications[{}].target", bucket.name, i),
              fmt::format("queue '{}' is FIFO; S3 event notifications go to standard queues only",
                          n.target));
        }
        n.target_kind = TargetKind::queue;
        n.target_index = *q;
      } else if (const auto t = spec.topic_index(n.target)) {
        n.target_kind = TargetKind::topic;
        n.target_index = *t;
      } else {
        throw ScenarioError::rule(
            n.where, fmt::format("resources.{}.notifications[{}].target", bucket.name, i),
            fmt::format("unknown function, sqs queue or sns topic '{}'", n.target));
      }
    }
  }
}

TableSpec read_table(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "mode", "read_capacity", "write_capacity", "latency", "stream", "dax"});
  TableSpec table;
  table.name = entry.key;
  table.where = entry.key_location;
  if (f.has("mode")) {
    table.mode = f["mode"].as_choice({"on_demand", "provisioned"}) == "on_demand"
                     ? CapacityMode::on_demand
                     : CapacityMode::provisioned;
  }
  if (table.mode == CapacityMode::provisioned) {
    // facts 7: the default table quota is 40,000 units/s each way.
    table.read_capacity = integer_in(f.required("read_capacity"), 1, kMaxTableUnits);
    table.write_capacity = integer_in(f.required("write_capacity"), 1, kMaxTableUnits);
  } else {
    for (const char* key : {"read_capacity", "write_capacity"}) {
      if (f.has(key)) throw f[key].rule(fmt::format("{} applies to mode provisioned", key));
    }
  }
  if (f.has("latency")) table.latency = f["latency"].as_distribution();
  if (f.has("stream")) table.stream = read_table_stream(f["stream"], spec);
  if (f.has("dax")) table.dax = read_dax(f["dax"]);
  return table;
}

ScheduleSpec read_schedule(const YamlField::Entry& entry) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "schedule", "targets"});
  ScheduleSpec schedule;
  schedule.name = entry.key;
  schedule.where = entry.key_location;
  const YamlField expression = f.required("schedule");
  schedule.expression = expression.as_string();
  std::string error;
  const std::optional<Schedule> parsed = parse_schedule(schedule.expression, error);
  if (!parsed) throw expression.invalid(error);
  schedule.schedule = *parsed;
  for (const YamlField& item : f.required("targets").items()) {
    ScheduleTarget target;
    target.name = item.as_name();
    target.where = item.location();
    schedule.targets.push_back(target);
  }
  if (schedule.targets.empty()) throw f["targets"].rule("needs at least one target");
  return schedule;
}

void resolve_schedule_targets(ScenarioSpec& spec) {
  for (ScheduleSpec& schedule : spec.schedules) {
    for (std::size_t i = 0; i < schedule.targets.size(); ++i) {
      resolve_event_target(schedule.targets[i], spec,
                           fmt::format("resources.{}.targets[{}]", schedule.name, i));
    }
  }
}

void check_unique_name(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  if (const auto index = spec.function_index(entry.key)) {
    throw ScenarioError::rule(
        entry.key_location, entry.value.path(),
        fmt::format("name '{}' is already used by function '{}' (line {}); names are unique "
                    "across functions, sources and resources",
                    entry.key, entry.key, spec.functions[*index].where.line));
  }
}

// A dead-letter queue must exist, differ from the queue and have the same type (SQS requires a
// FIFO queue's DLQ to be FIFO and a standard queue's to be standard).
void resolve_dead_letters(ScenarioSpec& spec) {
  for (QueueSpec& queue : spec.queues) {
    if (queue.dead_letter.empty()) continue;
    const auto index = spec.queue_index(queue.dead_letter);
    const std::string path = fmt::format("resources.{}.dead_letter", queue.name);
    if (!index) {
      throw ScenarioError::rule(queue.dead_letter_where, path,
                                fmt::format("unknown sqs queue '{}'", queue.dead_letter));
    }
    if (spec.queues[*index].name == queue.name) {
      throw ScenarioError::rule(queue.dead_letter_where, path,
                                "a queue cannot be its own dead-letter queue");
    }
    if (spec.queues[*index].fifo != queue.fifo) {
      throw ScenarioError::rule(
          queue.dead_letter_where, path,
          fmt::format("the dead-letter queue of a {} queue must be a {} queue too",
                      queue.fifo ? "FIFO" : "standard", queue.fifo ? "FIFO" : "standard"));
    }
    queue.dead_letter_index = *index;
  }
}

// AWS refuses to create an SQS event source mapping when the queue's visibility timeout is
// shorter than the function's timeout ("Queue visibility timeout ... is less than Function
// timeout"; facts 2 recommends 6 x the timeout).
void check_consumer_timeouts(const ScenarioSpec& spec) {
  for (const QueueSpec& queue : spec.queues) {
    if (!queue.consumer) continue;
    const FunctionSpec& fn = spec.functions[queue.consumer->function_index];
    if (queue.visibility_timeout < fn.timeout) {
      throw ScenarioError::rule(
          queue.consumer->function_where, fmt::format("resources.{}.consumer.function", queue.name),
          fmt::format("the queue's visibility_timeout {} is less than function {}'s timeout {}; "
                      "AWS rejects the event source mapping (use at least 6x the timeout)",
                      format_duration(queue.visibility_timeout), fn.name,
                      format_duration(fn.timeout)));
    }
  }
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

void resolve_event_target(ScheduleTarget& t, const ScenarioSpec& spec, const std::string& path) {
  if (const auto f = spec.function_index(t.name)) {
    t.kind = TargetKind::function;
    t.index = *f;
  } else if (const auto q = spec.queue_index(t.name)) {
    t.kind = TargetKind::queue;
    t.index = *q;
  } else if (const auto p = spec.topic_index(t.name)) {
    t.kind = TargetKind::topic;
    t.index = *p;
  } else if (const auto m = spec.state_machine_index(t.name)) {
    t.kind = TargetKind::state_machine;
    t.index = *m;
  } else {
    throw ScenarioError::rule(
        t.where, path,
        fmt::format("unknown function, sqs queue, sns topic or state machine '{}'", t.name));
  }
}

// Matched once at load time, so the simulation never compares strings.
std::vector<std::uint32_t> matching_notifications(const S3BucketSpec& bucket,
                                                  const std::string& key, S3Event event) {
  std::vector<std::uint32_t> matches;
  for (std::uint32_t i = 0; i < bucket.notifications.size(); ++i) {
    const NotificationSpec& n = bucket.notifications[i];
    if (n.event == event && key.rfind(n.prefix, 0) == 0 && ends_with(key, n.suffix)) {
      matches.push_back(i);
    }
  }
  return matches;
}

namespace {

// A call's target by its action: a function (invoke), a queue (sqs_send), a topic (sns_publish).
void resolve_calls(FunctionSpec& fn, const ScenarioSpec& spec) {
  for (std::size_t i = 0; i < fn.calls.size(); ++i) {
    CallSpec& call = fn.calls[i];
    const std::string path = fmt::format("functions.{}.calls[{}].target", fn.name, i);
    std::optional<std::uint32_t> index;
    const char* what = "";
    switch (call.action) {
      case CallAction::invoke_async:
      case CallAction::invoke_sync:
        index = spec.function_index(call.target);
        what = "function";
        break;
      case CallAction::sqs_send:
        index = spec.queue_index(call.target);
        what = "sqs queue";
        break;
      case CallAction::sns_publish:
        index = spec.topic_index(call.target);
        what = "sns topic";
        break;
      case CallAction::s3_put:
      case CallAction::s3_get:
      case CallAction::s3_delete:
        index = spec.bucket_index(call.target);
        what = "s3 bucket";
        break;
      case CallAction::dynamodb_read:
      case CallAction::dynamodb_write:
      case CallAction::dynamodb_query:
        index = spec.table_index(call.target);
        what = "dynamodb table";
        break;
      case CallAction::kinesis_put:
        index = spec.stream_index(call.target);
        what = "kinesis stream";
        break;
      case CallAction::start_execution:
        index = spec.state_machine_index(call.target);
        what = "state machine";
        break;
      case CallAction::put_events:
        index = spec.bus_index(call.target);
        what = "eventbridge bus";
        break;
      case CallAction::firehose_put:
        index = spec.firehose_index(call.target);
        what = "firehose stream";
        break;
    }
    if (!index) {
      throw ScenarioError::rule(call.where, path,
                                fmt::format("unknown {} '{}'", what, call.target));
    }
    if (call.action == CallAction::sqs_send && call.size > kMaxMessageBytes) {
      throw ScenarioError::rule(call.where, path,
                                "an SQS message is at most 1 MiB (facts 2); lower size");
    }
    call.target_index = *index;
    if (call.action == CallAction::firehose_put) {
      check_direct_put(spec.firehoses[*index], call.where, path);
    }
    if (call.action == CallAction::s3_put || call.action == CallAction::s3_delete) {
      call.notifications = matching_notifications(
          spec.buckets[*index], call.key,
          call.action == CallAction::s3_put ? S3Event::created : S3Event::removed);
    }
  }
}

}  // namespace

void read_resources(const YamlField& field, ScenarioSpec& spec) {
  field.expect_map_any_keys();
  for (const YamlField::Entry& entry : field.entries()) {
    check_unique_name(entry, spec);
    entry.value.expect_map_any_keys();
    const YamlField type = entry.value.required("type");
    // The service types of issue 3.
    const std::string kind = type.as_choice(
        {"s3", "sns", "sqs", "kinesis", "firehose", "dynamodb", "eventbridge", "step_functions"});
    if (kind == "sqs") {
      spec.queues.push_back(read_queue(entry, spec));
    } else if (kind == "sns") {
      spec.topics.push_back(read_topic(entry));
    } else if (kind == "s3") {
      spec.buckets.push_back(read_bucket(entry));
    } else if (kind == "dynamodb") {
      spec.tables.push_back(read_table(entry, spec));
    } else if (kind == "eventbridge" && entry.value.has("rules")) {
      spec.buses.push_back(read_event_bus(entry));
    } else if (kind == "eventbridge") {
      spec.schedules.push_back(read_schedule(entry));
    } else if (kind == "kinesis") {
      spec.streams.push_back(read_kinesis(entry, spec));
    } else if (kind == "firehose") {
      spec.firehoses.push_back(read_firehose(entry, spec));
    } else {
      spec.state_machines.push_back(read_state_machine(entry, spec));
    }
  }
  resolve_stream_destinations(spec);
  resolve_dead_letters(spec);
  resolve_subscriptions(spec);
  resolve_notifications(spec);
  resolve_firehose_destinations(spec);
  resolve_schedule_targets(spec);
  resolve_bus_targets(spec);
  check_consumer_timeouts(spec);
}

void resolve_function_destinations(ScenarioSpec& spec) {
  for (FunctionSpec& fn : spec.functions) {
    const std::string path = fmt::format("functions.{}.async.on_failure", fn.name);
    resolve_calls(fn, spec);
    if (fn.async.on_failure.empty()) continue;
    const auto index = spec.queue_index(fn.async.on_failure);
    if (!index) {
      throw ScenarioError::rule(fn.async.on_failure_where, path,
                                fmt::format("unknown sqs queue '{}' (declare it under resources: "
                                            "with type: sqs)",
                                            fn.async.on_failure));
    }
    // Lambda's async destinations and DLQs take standard queues only (facts 1.4: "SQS").
    if (spec.queues[*index].fifo) {
      throw ScenarioError::rule(
          fn.async.on_failure_where, path,
          fmt::format("queue '{}' is FIFO; Lambda's on-failure destination must be a standard "
                      "queue",
                      fn.async.on_failure));
    }
    fn.async.on_failure_queue = *index;
  }
}

}  // namespace slsim::loader
