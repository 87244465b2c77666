// `sources.<name>` of a scenario (README "Scenario format").

#include "source_loader.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "slsim/traces/invocation_trace.hpp"

#include "firehose_loader.hpp"
#include "loader_fields.hpp"
#include "resource_loader.hpp"
#include "yaml_text.hpp"

namespace slsim::loader {

namespace {

// facts 6: REST integration timeout 50 ms .. 29 s (default 29 s); HTTP APIs 30 s, fixed.
constexpr Duration kRestMinTimeout = Duration::millis(50);
constexpr Duration kRestMaxTimeout = Duration::seconds(29);
constexpr Duration kHttpTimeout = Duration::seconds(30);
// SDK retries of a 429 at the front door; more than 20 is surely a mistake.
constexpr std::int64_t kMaxSdkRetries = 20;
// API Gateway's own latency before the invoke: milliseconds in practice. The bound (its longest
// integration timeout) is generous; without one, an overhead near the largest duration
// overflowed the sum of latencies (a UBSan report) and, in a long run, arrival + overhead.
constexpr Duration kMaxOverhead = Duration::seconds(30);

constexpr std::string_view kApiKeys[] = {"type",     "target",   "arrivals", "flavor",
                                         "overhead", "throttle", "timeout",  "payload"};
constexpr std::string_view kInvokeKeys[] = {"type", "target",  "arrivals",
                                            "mode", "retries", "payload"};
constexpr std::string_view kProducerKeys[] = {"type",         "target",         "arrivals",
                                              "message_size", "message_groups", "key",
                                              "operation",    "partition_keys", "records"};
// A message of at most 1 MiB (facts 2: SQS's maximum since 2025).
constexpr std::int64_t kMaxMessageSize = std::int64_t{1024} * 1024;
// A trace's reorder window: rows out of start order by more than a day are not a trace's.
constexpr Duration kMaxReorderWindow = Duration::hours(24);
// FIFO message groups: any number in AWS; the cap bounds the per-group state.
constexpr std::int64_t kMaxMessageGroups = 1'000'000;
// Kinesis partition keys: any number in AWS; the cap keeps the key draw exact.
constexpr std::int64_t kMaxPartitionKeys = std::int64_t{1} << 40;

bool contains(std::span<const std::string_view> keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::span<const std::string_view> keys_of(SourceType type) {
  switch (type) {
    case SourceType::api_gateway:
      return kApiKeys;
    case SourceType::invoke:
      return kInvokeKeys;
    case SourceType::producer:
      return kProducerKeys;
  }
  return kInvokeKeys;
}

// Keys of another source type get their own message rather than "unknown key".
void check_source_keys(const YamlField& f, SourceType type) {
  const std::span<const std::string_view> own = keys_of(type);
  for (const YamlField::Entry& entry : f.entries()) {
    if (contains(own, entry.key)) continue;
    for (const SourceType other :
         {SourceType::api_gateway, SourceType::invoke, SourceType::producer}) {
      if (other == type || !contains(keys_of(other), entry.key)) continue;
      throw ScenarioError::rule(entry.key_location, f.path(),
                                fmt::format("key '{}' applies only to sources of type {}, not {}",
                                            entry.key, to_string(other), to_string(type)));
    }
    throw unknown_key_error(entry.key_location, f.path(), entry.key, own);
  }
}

std::uint32_t resolve_target(const YamlField& field, const ScenarioSpec& spec,
                             const FunctionIndex& functions) {
  const std::string target = field.as_name();
  if (const auto found = functions.find(target); found != functions.end()) return found->second;
  std::vector<std::string> names;
  for (const FunctionSpec& function : spec.functions)
    names.push_back(function.name);
  const std::string shown = yaml_text::describe(field.node());  // quoted, long ones cut
  const std::string suggestion = nearest_name(target, names);
  if (!suggestion.empty()) {
    throw field.rule(fmt::format("unknown function {} (did you mean '{}'?)", shown, suggestion));
  }
  constexpr std::size_t kMaxListed = 10;
  const std::string more =
      names.size() > kMaxListed ? fmt::format(", ... ({} in all)", names.size()) : std::string();
  names.resize(std::min(names.size(), kMaxListed));
  throw field.rule(
      fmt::format("unknown function {} (functions: {}{})", shown, fmt::join(names, ", "), more));
}

// A rate that may be 0 ("0/s"), for the parts of a profile.
Rate non_negative_rate(const YamlField& field) {
  return field.as_rate();
}

// The largest number of parts of a `sum` and of requests in one spike: far beyond any real
// use, and a bound on the memory a scenario can ask for.
constexpr std::int64_t kMaxSumParts = 1000;
constexpr std::int64_t kMaxSpike = 1'000'000'000;
constexpr std::size_t kHours = 24;

ArrivalSpec read_arrivals(const YamlField& field);

void read_ramp(const YamlField& field, ArrivalSpec& a) {
  field.expect_map({"process", "from", "to", "over"});
  a.from = non_negative_rate(field.required("from"));
  const YamlField to = field.required("to");
  a.to = non_negative_rate(to);
  if (a.from.count_nano == 0 && a.to.count_nano == 0) {
    throw to.invalid("a rate greater than 0 (from and to are both 0)");
  }
  a.over = positive_duration(field.required("over"));
}

void read_diurnal(const YamlField& field, ArrivalSpec& a) {
  field.expect_map({"process", "mean", "peak", "period", "peak_at", "hourly"});
  if (field.has("hourly")) {
    for (const char* key : {"mean", "peak", "peak_at"}) {
      if (field.has(key)) {
        throw field[key].rule("diurnal takes either hourly, or mean and peak, not both");
      }
    }
    const YamlField hourly = field["hourly"];
    const std::vector<YamlField> items = hourly.items();
    if (!hourly.is_sequence()) throw hourly.invalid("a list of 24 rates, one per hour from 00:00");
    if (items.size() != kHours) {
      throw hourly.rule(fmt::format(
          "expected a list of 24 rates, one per hour from 00:00, got {} rates", items.size()));
    }
    for (const YamlField& item : items) {
      a.hourly.push_back(non_negative_rate(item));
    }
    const bool any = std::any_of(a.hourly.begin(), a.hourly.end(),
                                 [](const Rate& r) { return r.count_nano > 0; });
    if (!any) throw hourly.invalid("at least one rate greater than 0");
  } else {
    a.mean = positive_rate(field.required("mean"));
    const YamlField peak = field.required("peak");
    a.peak = positive_rate(peak);
    // The rate must stay >= 0: mean - (peak - mean) >= 0.
    const double mean = a.mean.per_second();
    const double top = a.peak.per_second();
    if (top < mean || top > 2 * mean) {
      throw peak.invalid(
          fmt::format("a rate from mean ({}) to twice the mean, so the rate "
                      "never falls below 0",
                      format_rate(a.mean)));
    }
    if (field.has("peak_at")) a.peak_at = field["peak_at"].as_duration();
  }
  if (field.has("period")) a.period = positive_duration(field["period"]);
}

void read_bursts(const YamlField& field, ArrivalSpec& a) {
  field.expect_map({"process", "on_rate", "off_rate", "on", "off", "switching"});
  a.on_rate = positive_rate(field.required("on_rate"));
  if (field.has("off_rate")) a.off_rate = non_negative_rate(field["off_rate"]);
  a.on = positive_duration(field.required("on"));
  a.off = positive_duration(field.required("off"));
  if (field.has("switching")) {
    a.mmpp = field["switching"].as_choice({"fixed", "exponential"}) == "exponential";
  }
}

void read_sum(const YamlField& field, ArrivalSpec& a) {
  field.expect_map({"process", "of"});
  const YamlField of = field.required("of");
  const std::vector<YamlField> items = of.items();
  if (!of.is_sequence()) throw of.invalid("a list of arrival processes");
  if (items.empty()) throw of.rule("expected a list of arrival processes, got an empty list");
  if (static_cast<std::int64_t>(items.size()) > kMaxSumParts) {
    throw of.invalid(fmt::format("a list of at most {} arrival processes", kMaxSumParts));
  }
  for (const YamlField& item : items) {
    a.parts.push_back(read_arrivals(item));
    // A trace's rows go to its sources from one shared reader, not through a sum's merge.
    if (a.parts.back().process == ArrivalProcess::trace) {
      throw item.rule("a trace cannot be part of a sum (give it a source of its own)");
    }
  }
}

// counts: [n0, n1, ...] per window (default 1m), spread uniform | poisson | start.
void read_counts(const YamlField& field, ArrivalSpec& a) {
  constexpr std::size_t kMaxWindows = 10'000'000;  // 19 years of minutes
  field.expect_map({"process", "counts", "window", "spread"});
  const YamlField list = field.required("counts");
  if (!list.is_sequence()) throw list.invalid("a list of counts per window such as [3, 0, 5]");
  const std::vector<YamlField> items = list.items();
  if (items.size() > kMaxWindows) {
    throw list.rule(fmt::format("expected at most {} windows, got {}", kMaxWindows, items.size()));
  }
  a.counts.reserve(items.size());
  for (const YamlField& item : items)
    a.counts.push_back(integer_in(item, 0, kMaxSpike));
  if (field.has("window")) a.window = positive_duration(field["window"]);
  if (field.has("spread")) {
    const std::string spread = field["spread"].as_choice({"uniform", "poisson", "start"});
    a.spread = spread == "uniform"   ? WindowSpread::uniform
               : spread == "poisson" ? WindowSpread::poisson
                                     : WindowSpread::start;
  }
}

// process: trace — a per-invocation trace file, checked here (it opens and its header fits the
// format); its rows are read during the run.
void read_trace(const YamlField& field, ArrivalSpec& a) {
  field.expect_map({"process", "file", "format", "function", "lenient", "reorder_window"});
  TraceSpec& t = a.trace;
  const YamlField file = field.required("file");
  t.where = file.location();
  std::filesystem::path path(file.as_string());
  if (path.is_relative()) path = std::filesystem::path(t.where.file).parent_path() / path;
  t.file = path.lexically_normal().string();
  t.format = field.required("format").as_choice({"azure2021", "csv"}) == "azure2021"
                 ? TraceFormat::azure2021
                 : TraceFormat::csv;
  if (field.has("function")) {
    const YamlField function = field["function"];
    t.function = function.as_string();
    if (t.function.empty()) throw function.invalid("a function id of the trace");
  }
  if (field.has("lenient")) t.lenient = field["lenient"].as_bool();
  if (field.has("reorder_window")) {
    t.reorder_window = duration_in(field["reorder_window"], Duration{0}, kMaxReorderWindow);
  }
  // A device or a pipe (/dev/zero, /dev/stdin) would be read without end or block.
  std::error_code error;
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    throw file.rule(fmt::format(
        "{}: expected a regular file (a directory, device or pipe cannot be replayed)", t.file));
  }
  try {
    traces::InvocationTraceReader check(t.file, t.format, t.lenient, t.reorder_window);
  } catch (const ScenarioError& e) {
    throw file.rule(e.what());
  }
}

ArrivalSpec read_arrivals(const YamlField& field) {
  if (!field.is_map()) throw field.invalid("a map with process: and its parameters");
  field.expect_map_any_keys();
  ArrivalSpec a;
  const std::string process =
      field.has("process")
          ? field["process"].as_choice({"poisson", "constant", "uniform", "ramp", "diurnal",
                                        "bursts", "spike", "sum", "counts", "trace"})
          : std::string("poisson");
  if (process == "poisson" || process == "constant") {
    field.expect_map({"process", "rate"});
    a.process = process == "poisson" ? ArrivalProcess::poisson : ArrivalProcess::constant;
    a.rate = positive_rate(field.required("rate"));
  } else if (process == "uniform") {
    field.expect_map({"process", "rate", "jitter"});
    a.process = ArrivalProcess::uniform;
    a.rate = positive_rate(field.required("rate"));
    if (field.has("jitter")) {
      const YamlField jitter = field["jitter"];
      a.jitter = jitter.as_number();
      if (a.jitter > 1) throw jitter.invalid("a number from 0 to 1");
    }
  } else if (process == "ramp") {
    a.process = ArrivalProcess::ramp;
    read_ramp(field, a);
  } else if (process == "diurnal") {
    a.process = ArrivalProcess::diurnal;
    read_diurnal(field, a);
  } else if (process == "bursts") {
    a.process = ArrivalProcess::bursts;
    read_bursts(field, a);
  } else if (process == "spike") {
    field.expect_map({"process", "at", "count"});
    a.process = ArrivalProcess::spike;
    a.at = field.required("at").as_duration();
    a.count = integer_in(field.required("count"), 1, kMaxSpike);
  } else if (process == "counts") {
    a.process = ArrivalProcess::counts;
    read_counts(field, a);
  } else if (process == "trace") {
    a.process = ArrivalProcess::trace;
    read_trace(field, a);
  } else {
    a.process = ArrivalProcess::sum;
    read_sum(field, a);
  }
  return a;
}

ThrottleSpec read_throttle(const YamlField& field) {
  field.expect_map({"rate", "burst"});
  ThrottleSpec throttle;
  throttle.rate = positive_rate(field.required("rate"));
  throttle.burst = integer_in(field.required("burst"), 1, kMaxBurst);
  return throttle;
}

void read_api_gateway(const YamlField& f, SourceSpec& source) {
  if (f.has("flavor")) {
    source.flavor =
        f["flavor"].as_choice({"http", "rest"}) == "http" ? ApiFlavor::http : ApiFlavor::rest;
  }
  if (source.flavor == ApiFlavor::http) {
    if (f.has("timeout")) {
      throw f["timeout"].rule(
          "HTTP APIs have a fixed 30s integration timeout; timeout applies to flavor rest");
    }
    source.integration_timeout = kHttpTimeout;
  } else {
    source.integration_timeout = f.has("timeout")
                                     ? duration_in(f["timeout"], kRestMinTimeout, kRestMaxTimeout)
                                     : kRestMaxTimeout;
  }
  if (f.has("overhead")) source.overhead = duration_in(f["overhead"], Duration{0}, kMaxOverhead);
  if (f.has("throttle")) source.throttle = read_throttle(f["throttle"]);
}

void read_invoke(const YamlField& f, SourceSpec& source) {
  if (f.has("mode")) {
    source.mode =
        f["mode"].as_choice({"sync", "async"}) == "sync" ? InvokeMode::sync : InvokeMode::async;
  }
  if (f.has("retries")) {
    source.retries = static_cast<int>(integer_in(f["retries"], 0, kMaxSdkRetries));
  }
}

// API Gateway integrates with a function, a state machine or a queue (README "API Gateway
// direct integrations"); a source naming another kind of resource is told so (an unknown name
// is left to resolve_target, which suggests a function).
void reject_api_target(const YamlField& field, const ScenarioSpec& spec) {
  const std::string name = field.as_name();
  const char* kind = spec.topic_index(name)      ? "an sns topic"
                     : spec.bucket_index(name)   ? "an s3 bucket"
                     : spec.table_index(name)    ? "a dynamodb table"
                     : spec.bus_index(name)      ? "an eventbridge bus"
                     : spec.schedule_index(name) ? "an eventbridge schedule"
                     : spec.stream_index(name)   ? "a kinesis stream"
                     : spec.firehose_index(name) ? "a firehose stream"
                                                 : nullptr;
  if (kind == nullptr) return;
  throw field.rule(fmt::format(
      "an api_gateway source targets a function, a step_functions state machine or an sqs "
      "queue; {} is {}",
      yaml_text::describe(field.node()), kind));
}

// A producer writes to a resource: a queue, a topic, a bucket, a Kinesis or Firehose stream, an
// event bus, or starts a state machine.
void resolve_resource(const YamlField& field, const ScenarioSpec& spec, SourceSpec& source) {
  const std::string target = field.as_name();
  if (const auto index = spec.queue_index(target)) {
    source.target_index = *index;
    return;
  }
  if (const auto index = spec.topic_index(target)) {
    source.target_index = *index;
    source.target_is_topic = true;
    return;
  }
  if (const auto index = spec.bucket_index(target)) {
    source.target_index = *index;
    source.target_is_bucket = true;
    return;
  }
  if (const auto index = spec.stream_index(target)) {
    source.target_index = *index;
    source.target_is_stream = true;
    return;
  }
  if (const auto index = spec.state_machine_index(target)) {
    source.target_index = *index;
    source.target_is_state_machine = true;
    return;
  }
  if (const auto index = spec.bus_index(target)) {
    source.target_index = *index;
    source.target_is_bus = true;
    return;
  }
  if (const auto index = spec.firehose_index(target)) {
    source.target_index = *index;
    source.target_is_firehose = true;
    return;
  }
  std::vector<std::string> names;
  for (const QueueSpec& queue : spec.queues)
    names.push_back(queue.name);
  for (const TopicSpec& topic : spec.topics)
    names.push_back(topic.name);
  for (const S3BucketSpec& bucket : spec.buckets)
    names.push_back(bucket.name);
  for (const KinesisSpec& stream : spec.streams)
    names.push_back(stream.name);
  for (const StateMachineSpec& machine : spec.state_machines)
    names.push_back(machine.name);
  for (const EventBusSpec& bus : spec.buses)
    names.push_back(bus.name);
  for (const FirehoseSpec& firehose : spec.firehoses)
    names.push_back(firehose.name);
  const std::string suggestion = nearest_name(target, names);
  throw field.rule(fmt::format("unknown resource {}{}", yaml_text::describe(field.node()),
                               suggestion.empty()
                                   ? fmt::format(" (resources: {})", fmt::join(names, ", "))
                                   : fmt::format(" (did you mean '{}'?)", suggestion)));
}

void read_producer(const YamlField& f, const ScenarioSpec& spec, SourceSpec& source) {
  if (f.has("key")) {
    if (!source.target_is_bucket) throw f["key"].rule("key applies to producers writing to s3");
    source.key = f["key"].as_string();
  }
  if (f.has("operation")) {
    if (!source.target_is_bucket) {
      throw f["operation"].rule("operation applies to producers writing to s3");
    }
    source.s3_get = f["operation"].as_choice({"put", "get"}) == "get";
  }
  if (source.target_is_bucket && !source.s3_get) {
    source.notifications =
        matching_notifications(spec.buckets[source.target_index], source.key, S3Event::created);
  }
  if (f.has("message_size")) {
    const YamlField size = f["message_size"];
    source.message_size = size.as_size();
    if (source.message_size < 1 || source.message_size > kMaxMessageSize) {
      throw size.invalid("a size from 1B to 1MiB (the SQS maximum message size)");
    }
  }
  if (f.has("message_groups")) {
    if (source.target_is_topic || source.target_is_bucket || source.target_is_stream ||
        source.target_is_state_machine || source.target_is_bus || source.target_is_firehose ||
        !spec.queues[source.target_index].fifo) {
      throw f["message_groups"].rule(
          fmt::format("message_groups applies to FIFO queues; '{}' is not one", source.target));
    }
    source.message_groups = integer_in(f["message_groups"], 1, kMaxMessageGroups);
  }
  if (f.has("partition_keys")) {
    if (!source.target_is_stream) {
      throw f["partition_keys"].rule("partition_keys applies to producers writing to kinesis");
    }
    source.partition_keys = integer_in(f["partition_keys"], 1, kMaxPartitionKeys);
  }
  if (f.has("records")) {
    if (!source.target_is_firehose) {
      throw f["records"].rule("records applies to producers writing to firehose");
    }
    source.records = firehose_batch_records(f["records"]);
  }
  if (source.target_is_firehose) {
    check_direct_put(spec.firehoses[source.target_index], source.target_where,
                     fmt::format("sources.{}.target", source.name));
    check_firehose_put(f, "message_size", source.message_size, source.records);
  }
}

}  // namespace

SourceSpec read_source(const YamlField::Entry& entry, const ScenarioSpec& spec,
                       const FunctionIndex& functions) {
  const YamlField& f = entry.value;
  f.expect_map_any_keys();  // a map without duplicates; the keys depend on the type
  SourceSpec source;
  source.name = entry.key;
  source.where = entry.key_location;
  const std::string type = f.required("type").as_choice({"api_gateway", "invoke", "producer"});
  source.type = type == "api_gateway" ? SourceType::api_gateway
                : type == "invoke"    ? SourceType::invoke
                                      : SourceType::producer;
  check_source_keys(f, source.type);
  const YamlField target = f.required("target");
  source.target_where = target.location();
  if (source.type == SourceType::producer) {
    resolve_resource(target, spec, source);
    source.target = target.as_name();
    read_producer(f, spec, source);
  } else if (const auto machine = spec.state_machine_index(target.as_name());
             machine && source.type == SourceType::api_gateway) {
    // A direct integration: StartExecution, or StartSyncExecution for an express machine.
    source.target_index = *machine;
    source.target_is_state_machine = true;
    source.target = target.as_name();
    read_api_gateway(f, source);
  } else if (const auto queue = spec.queue_index(target.as_name());
             queue && source.type == SourceType::api_gateway) {
    // A direct integration: each request a SendMessage (README "API Gateway direct
    // integrations").
    source.target_index = *queue;
    source.target_is_queue = true;
    source.target = target.as_name();
    read_api_gateway(f, source);
  } else {
    if (source.type == SourceType::api_gateway) reject_api_target(target, spec);
    source.target_index = resolve_target(target, spec, functions);
    source.target = spec.functions[source.target_index].name;
    if (source.type == SourceType::api_gateway) {
      read_api_gateway(f, source);
    } else {
      read_invoke(f, source);
    }
  }
  source.arrivals = read_arrivals(f.required("arrivals"));
  if (f.has("payload")) source.payload = f["payload"].as_size_distribution();
  return source;
}

}  // namespace slsim::loader
