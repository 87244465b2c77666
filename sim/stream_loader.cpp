// Kinesis data streams and stream event source mappings (README "Kinesis data streams").
// Every default is the AWS default (facts 3).

#include "stream_loader.hpp"

#include <cstdint>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "loader_fields.hpp"
#include "yaml_text.hpp"

namespace slsim::loader {

namespace {

// facts 3: BatchSize 1..10,000; MaximumBatchingWindowInSeconds 0..300; ParallelizationFactor
// 1..10; MaximumRetryAttempts -1 (infinite) or 0..10,000; MaximumRecordAgeInSeconds -1
// (infinite) or 60..604,800.
constexpr std::int64_t kMaxBatch = 10'000;
constexpr Duration kMaxBatchingWindow = Duration::seconds(300);
constexpr std::int64_t kMaxParallelization = 10;
constexpr std::int64_t kMaxRetryAttempts = 10'000;
constexpr Duration kMinRecordAge = Duration::seconds(60);
constexpr Duration kMaxRecordAge = Duration::seconds(604'800);
// facts 3: the default shard quota is 20,000 per account in us-east-1; one stream can hold
// them all.
constexpr std::int64_t kMaxShards = 20'000;
// facts 3: retention 24 h by default, extended up to 7 days and long-term up to 1 year.
constexpr Duration kMinRetention = Duration::hours(24);
constexpr Duration kMaxRetention = Duration::hours(std::int64_t{365} * 24);
// facts 3: a new on-demand stream writes 4 MB/s (4,000 records/s): 4 shards' worth.
constexpr std::int64_t kOnDemandShards = 4;

std::uint32_t resolve_consumer_function(const YamlField& field, const ScenarioSpec& spec) {
  const std::string name = field.as_name();
  if (const auto index = spec.function_index(name)) return *index;
  std::vector<std::string> names;
  for (const FunctionSpec& function : spec.functions)
    names.push_back(function.name);
  const std::string suggestion = nearest_name(name, names);
  throw field.rule(fmt::format(
      "unknown function {}{}", yaml_text::describe(field.node()),
      suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion)));
}

// -1 (infinite, the default) or a duration from 60 s to 7 days.
std::optional<Duration> record_age(const YamlField& field) {
  if (field.is_scalar() && field.as_string() == "-1") return std::nullopt;
  const std::string expected = "-1 (infinite) or a duration from 1m to 7d";
  Duration value{0};
  try {
    value = field.as_duration();
  } catch (const ScenarioError&) {
    throw field.invalid(expected);
  }
  if (value < kMinRecordAge || value > kMaxRecordAge) throw field.invalid(expected);
  return value;
}

void resolve_destination(StreamConsumerSpec& c, const std::string& owner, ScenarioSpec& spec) {
  if (c.on_failure.empty()) return;
  const std::string path = fmt::format("resources.{}.consumer.on_failure", owner);
  if (const auto q = spec.queue_index(c.on_failure)) {
    // facts 3: an SQS queue or an SNS topic; Lambda's destinations take standard queues.
    if (spec.queues[*q].fifo) {
      throw ScenarioError::rule(
          c.on_failure_where, path,
          fmt::format("queue '{}' is FIFO; a stream's on-failure destination must be a standard "
                      "SQS queue or an SNS topic",
                      c.on_failure));
    }
    c.on_failure_kind = TargetKind::queue;
    c.on_failure_index = *q;
    return;
  }
  if (const auto t = spec.topic_index(c.on_failure)) {
    if (spec.topics[*t].fifo) {
      throw ScenarioError::rule(
          c.on_failure_where, path,
          fmt::format("topic '{}' is FIFO; a stream's on-failure destination must be a standard "
                      "SQS queue or an SNS topic",
                      c.on_failure));
    }
    c.on_failure_kind = TargetKind::topic;
    c.on_failure_index = *t;
    return;
  }
  throw ScenarioError::rule(c.on_failure_where, path,
                            fmt::format("unknown sqs queue or sns topic '{}'", c.on_failure));
}

}  // namespace

StreamConsumerSpec read_stream_consumer(const YamlField& f, const ScenarioSpec& spec) {
  f.expect_map({"function", "batch_size", "batching_window", "parallelization_factor",
                "maximum_retry_attempts", "maximum_record_age", "bisect_batch_on_function_error",
                "report_batch_item_failures", "item_failure_probability", "on_failure",
                "starting_position"});
  StreamConsumerSpec c;
  c.where = f.location();
  const YamlField function = f.required("function");
  c.function_index = resolve_consumer_function(function, spec);
  c.function = spec.functions[c.function_index].name;
  c.function_where = function.location();
  if (f.has("batch_size")) c.batch_size = integer_in(f["batch_size"], 1, kMaxBatch);
  if (f.has("batching_window")) {
    c.batching_window = duration_in(f["batching_window"], Duration{0}, kMaxBatchingWindow);
  }
  if (f.has("parallelization_factor")) {
    c.parallelization_factor = integer_in(f["parallelization_factor"], 1, kMaxParallelization);
  }
  if (f.has("maximum_retry_attempts")) {
    c.maximum_retry_attempts = integer_in(f["maximum_retry_attempts"], -1, kMaxRetryAttempts);
  }
  if (f.has("maximum_record_age")) c.maximum_record_age = record_age(f["maximum_record_age"]);
  if (f.has("bisect_batch_on_function_error")) {
    c.bisect_batch_on_function_error = f["bisect_batch_on_function_error"].as_bool();
  }
  if (f.has("report_batch_item_failures")) {
    c.report_batch_item_failures = f["report_batch_item_failures"].as_bool();
  }
  if (f.has("item_failure_probability")) {
    c.item_failure_probability = probability(f["item_failure_probability"]);
  }
  if (f.has("starting_position")) {
    c.starting_position = f["starting_position"].as_choice({"latest", "trim_horizon"}) == "latest"
                              ? StartingPosition::latest
                              : StartingPosition::trim_horizon;
  }
  if (f.has("on_failure")) {
    c.on_failure = f["on_failure"].as_name();
    c.on_failure_where = f["on_failure"].location();
  }
  return c;
}

KinesisSpec read_kinesis(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "mode", "shards", "retention", "consumer"});
  KinesisSpec stream;
  stream.name = entry.key;
  stream.where = entry.key_location;
  if (f.has("mode")) {
    stream.mode = f["mode"].as_choice({"provisioned", "on_demand"}) == "provisioned"
                      ? StreamMode::provisioned
                      : StreamMode::on_demand;
  }
  if (stream.mode == StreamMode::provisioned) {
    stream.shards = integer_in(f.required("shards"), 1, kMaxShards);
  } else {
    stream.shards = f.has("shards") ? integer_in(f["shards"], 1, kMaxShards) : kOnDemandShards;
  }
  if (f.has("retention"))
    stream.retention = duration_in(f["retention"], kMinRetention, kMaxRetention);
  if (f.has("consumer")) stream.consumer = read_stream_consumer(f["consumer"], spec);
  return stream;
}

TableStreamSpec read_table_stream(const YamlField& f, const ScenarioSpec& spec) {
  f.expect_map({"view", "consumer"});
  TableStreamSpec stream;
  stream.where = f.location();
  const std::string view =
      f.required("view").as_choice({"keys_only", "new_image", "old_image", "new_and_old_images"});
  stream.view = view == "keys_only"   ? StreamView::keys_only
                : view == "new_image" ? StreamView::new_image
                : view == "old_image" ? StreamView::old_image
                                      : StreamView::new_and_old_images;
  if (f.has("consumer")) stream.consumer = read_stream_consumer(f["consumer"], spec);
  return stream;
}

void resolve_stream_destinations(ScenarioSpec& spec) {
  for (KinesisSpec& stream : spec.streams) {
    if (stream.consumer) resolve_destination(*stream.consumer, stream.name, spec);
  }
  for (TableSpec& table : spec.tables) {
    if (table.stream && table.stream->consumer) {
      resolve_destination(*table.stream->consumer, table.name + ".stream", spec);
    }
  }
}

}  // namespace slsim::loader
