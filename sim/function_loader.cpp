// `functions.<name>` of a scenario (README "Scenario format").

#include "function_loader.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "firehose_loader.hpp"
#include "loader_fields.hpp"
#include "slsim/cold_start_defaults.hpp"
#include "slsim/distribution.hpp"

namespace slsim::loader {

namespace {

// facts 1.5: 128..10,240 MB in 1 MB steps; timeout at most 900 s.
constexpr std::int64_t kMinMemoryMb = 128;
constexpr std::int64_t kMaxMemoryMb = 10'240;
constexpr Duration kMaxTimeout = Duration::seconds(900);
// facts 1.4: maximum event age 60 s .. 6 h; retry attempts 0..2.
constexpr Duration kMinEventAge = Duration::seconds(60);
constexpr Duration kMaxEventAge = Duration::hours(6);
constexpr std::int64_t kMaxAsyncRetries = 2;
// facts 1.1: at least 100 of the account's concurrency stays unreserved.
constexpr std::int64_t kMinUnreserved = 100;

std::string runtime_choices() {
  std::string text;
  for (std::string_view runtime : known_runtimes()) {
    text += fmt::format("{}{}", text.empty() ? "" : "|", runtime);
  }
  return text;
}

std::string read_runtime(const YamlField& field) {
  std::string runtime = field.as_string();
  if (is_known_runtime(runtime)) return runtime;
  const std::string suggestion = nearest_name(runtime, known_runtimes());
  std::string found = fmt::format("'{}'", runtime);
  if (!suggestion.empty()) found += fmt::format(" (did you mean '{}'?)", suggestion);
  throw ScenarioError::invalid(field.location(), field.path(), "one of " + runtime_choices(),
                               found);
}

std::int64_t read_memory(const YamlField& field) {
  const std::string expected = fmt::format(
      "a whole number of MB from {} to {} (such as 512 or 512MB)", kMinMemoryMb, kMaxMemoryMb);
  std::int64_t memory = 0;
  try {
    memory = field.as_memory_mb();
  } catch (const ScenarioError&) {
    throw field.invalid(expected);
  }
  if (memory < kMinMemoryMb || memory > kMaxMemoryMb) throw field.invalid(expected);
  return memory;
}

// facts 1.5: /tmp is 512 MB to 10,240 MB.
constexpr std::int64_t kMinEphemeralMb = 512;
constexpr std::int64_t kMaxEphemeralMb = 10'240;

std::int64_t read_ephemeral_storage(const YamlField& field) {
  const std::string expected = fmt::format("a whole number of MB from {} to {} (such as 2048MB)",
                                           kMinEphemeralMb, kMaxEphemeralMb);
  std::int64_t mb = 0;
  try {
    mb = field.as_memory_mb();
  } catch (const ScenarioError&) {
    throw field.invalid(expected);
  }
  if (mb < kMinEphemeralMb || mb > kMaxEphemeralMb) throw field.invalid(expected);
  return mb;
}

Duration read_timeout(const YamlField& field) {
  const Duration timeout = field.as_duration();
  if (timeout.us <= 0 || timeout > kMaxTimeout) {
    throw field.invalid("a duration greater than 0 and at most 900s");
  }
  return timeout;
}

// The runtime's measured INIT (facts 1.7), or an error asking for `cold_start`.
Distribution default_cold_start_for(const YamlField& function, const FunctionSpec& spec) {
  if (const std::optional<Duration> init =
          default_cold_start(spec.runtime, spec.arch, spec.package)) {
    return Distribution::fixed(*init);
  }
  if (spec.runtime.rfind("provided.", 0) == 0) {
    throw function.rule(fmt::format(
        "runtime {} has no default INIT time: it depends on the language (measured: Go 41-50 ms, "
        "Rust 14-18 ms); set cold_start",
        spec.runtime));
  }
  throw function.rule(
      fmt::format("runtime {} ({}, {}) has no measured default INIT time (see the README table); "
                  "set cold_start",
                  spec.runtime, to_string(spec.package), to_string(spec.arch)));
}

AsyncSpec read_async(const YamlField& field) {
  AsyncSpec async;
  field.expect_map({"max_event_age", "retries", "on_failure"});
  if (field.has("max_event_age")) {
    async.max_event_age = duration_in(field["max_event_age"], kMinEventAge, kMaxEventAge);
  }
  if (field.has("retries")) {
    async.retries = static_cast<int>(integer_in(field["retries"], 0, kMaxAsyncRetries));
  }
  // Resolved against the scenario's queues once resources are read (scenario_loader.cpp).
  if (field.has("on_failure")) {
    async.on_failure = field["on_failure"].as_name();
    async.on_failure_where = field["on_failure"].location();
  }
  return async;
}

// facts 1.5 has no call limit; 64 calls per function keeps the per-invocation record a bit mask.
constexpr std::size_t kMaxCalls = 64;
// A Query returns at most 1 MB per page; 10,000 items bounds what one call reads.
constexpr std::int64_t kMaxQueryItems = 10'000;
// DynamoDB's maximum item size, 400 KB (DynamoDB service quotas).
constexpr std::int64_t kMaxItemBytes = std::int64_t{400} * 1024;
// A Kinesis record is at most 1 MiB (Kinesis Data Streams quotas, facts 3); partition keys:
// any number in AWS, the cap keeps the key draw exact.
constexpr std::int64_t kMaxRecordBytes = std::int64_t{1024} * 1024;
constexpr std::int64_t kMaxPartitionKeys = std::int64_t{1} << 40;
// More than 1,000 of one call per invocation is surely a unit mistake.
constexpr std::int64_t kMaxCallCount = 1'000;

CallSpec read_call(const YamlField& f) {
  f.expect_map({"action", "target", "mode", "count", "probability", "size", "latency", "key",
                "items", "consistent", "error_probability", "partition_keys", "records"});
  CallSpec call;
  const YamlField action = f.required("action");
  const std::string name =
      action.as_choice({"invoke", "sqs_send", "sns_publish", "s3_put", "s3_get", "s3_delete",
                        "dynamodb_read", "dynamodb_write", "dynamodb_query", "kinesis_put",
                        "start_execution", "put_events", "firehose_put"});
  if (name == "invoke") {
    call.action = CallAction::invoke_async;
  } else if (name == "sqs_send") {
    call.action = CallAction::sqs_send;
  } else if (name == "sns_publish") {
    call.action = CallAction::sns_publish;
  } else if (name == "s3_put") {
    call.action = CallAction::s3_put;
  } else if (name == "s3_get") {
    call.action = CallAction::s3_get;
  } else if (name == "s3_delete") {
    call.action = CallAction::s3_delete;
  } else if (name == "dynamodb_read") {
    call.action = CallAction::dynamodb_read;
  } else if (name == "dynamodb_write") {
    call.action = CallAction::dynamodb_write;
  } else if (name == "dynamodb_query") {
    call.action = CallAction::dynamodb_query;
  } else if (name == "kinesis_put") {
    call.action = CallAction::kinesis_put;
  } else if (name == "start_execution") {
    call.action = CallAction::start_execution;
  } else if (name == "put_events") {
    call.action = CallAction::put_events;
  } else {
    call.action = CallAction::firehose_put;
  }
  if (f.has("mode")) {
    const YamlField mode = f["mode"];
    if (call.action != CallAction::invoke_async) throw mode.rule("mode applies to action invoke");
    if (mode.as_choice({"sync", "async"}) == "sync") call.action = CallAction::invoke_sync;
  }
  const YamlField target = f.required("target");
  call.target = target.as_name();
  call.where = target.location();
  if (f.has("count")) call.count = integer_in(f["count"], 1, kMaxCallCount);
  if (f.has("probability")) call.probability = probability(f["probability"]);
  if (f.has("size")) {
    call.size = f["size"].as_size();
    if (call.size < 1) throw f["size"].invalid("a size of at least 1B");
  }
  if (f.has("latency")) call.latency = f["latency"].as_distribution();
  const bool reads =
      call.action == CallAction::dynamodb_read || call.action == CallAction::dynamodb_query;
  if (f.has("items")) {
    if (call.action != CallAction::dynamodb_query) {
      throw f["items"].rule("items applies to action dynamodb_query");
    }
    call.items = integer_in(f["items"], 1, kMaxQueryItems);
  }
  if (f.has("consistent")) {
    if (!reads)
      throw f["consistent"].rule("consistent applies to dynamodb_read and dynamodb_query");
    call.consistent = f["consistent"].as_bool();
  }
  if (f.has("error_probability")) call.error_probability = probability(f["error_probability"]);
  if (f.has("partition_keys")) {
    if (call.action != CallAction::kinesis_put) {
      throw f["partition_keys"].rule("partition_keys applies to action kinesis_put");
    }
    call.partition_keys = integer_in(f["partition_keys"], 1, kMaxPartitionKeys);
  }
  // facts 3 / Kinesis quotas: a record (data and partition key) is at most 1 MiB.
  if (call.action == CallAction::kinesis_put && call.size > kMaxRecordBytes) {
    throw f["size"].invalid("a record size of at most 1MiB");
  }
  if (f.has("records")) {
    if (call.action != CallAction::firehose_put) {
      throw f["records"].rule("records applies to action firehose_put");
    }
    call.records = firehose_batch_records(f["records"]);
  }
  if (call.action == CallAction::firehose_put)
    check_firehose_put(f, "size", call.size, call.records);
  // facts 7 / DynamoDB limits: an item is at most 400 KB.
  if (call.action == CallAction::dynamodb_write || call.action == CallAction::dynamodb_read) {
    if (call.size > kMaxItemBytes) throw f["size"].invalid("an item size of at most 400KB");
  }
  if (f.has("key")) {
    if (call.action != CallAction::s3_put && call.action != CallAction::s3_delete) {
      throw f["key"].rule("key applies to actions s3_put and s3_delete");
    }
    call.key = f["key"].as_string();
  }
  return call;
}

std::vector<CallSpec> read_calls(const YamlField& field) {
  std::vector<CallSpec> calls;
  for (const YamlField& item : field.items())
    calls.push_back(read_call(item));
  if (calls.size() > kMaxCalls) {
    throw field.rule(fmt::format("at most {} calls per function", kMaxCalls));
  }
  return calls;
}

void read_concurrency(const YamlField& f, const AccountSpec& account, LoadedFunction& loaded) {
  FunctionSpec& spec = loaded.spec;
  if (f.has("reserved_concurrency")) {
    const YamlField field = f["reserved_concurrency"];
    spec.reserved_concurrency = integer_in(field, 0, kNoLimit);
    loaded.reserved_where = field.location();
    // Also keeps the sum in check_concurrency_allocation from overflowing.
    if (*spec.reserved_concurrency > account.concurrency_limit) {
      throw field.invalid(
          fmt::format("at most the account's concurrency_limit ({})", account.concurrency_limit));
    }
  }
  if (f.has("provisioned_concurrency")) {
    const YamlField field = f["provisioned_concurrency"];
    spec.provisioned_concurrency = integer_in(field, 0, kNoLimit);
    loaded.provisioned_where = field.location();
    // facts 1.1: provisioned concurrency counts toward the reservation and cannot exceed it.
    if (spec.reserved_concurrency && spec.provisioned_concurrency > *spec.reserved_concurrency) {
      throw field.invalid(
          fmt::format("at most reserved_concurrency ({})", *spec.reserved_concurrency));
    }
    if (spec.provisioned_concurrency > account.concurrency_limit) {
      throw field.invalid(
          fmt::format("at most the account's concurrency_limit ({})", account.concurrency_limit));
    }
  }
}

// cpu_bound_fraction (0..1), duration_memory (the memory `duration` was measured at) and
// threads (the vCPUs the handler can use): README "Workloads".
void read_cpu_scaling(const YamlField& f, FunctionSpec& spec) {
  constexpr std::int64_t kMaxThreads = 6;  // facts 1.5: at most 6 vCPUs
  if (f.has("cpu_bound_fraction")) {
    const YamlField field = f["cpu_bound_fraction"];
    spec.cpu_bound_fraction = field.as_number();
    if (spec.cpu_bound_fraction > 1) throw field.invalid("a number from 0 to 1");
  }
  if (f.has("duration_memory")) spec.duration_memory_mb = read_memory(f["duration_memory"]);
  if (f.has("threads")) spec.threads = integer_in(f["threads"], 1, kMaxThreads);
}

}  // namespace

LoadedFunction read_function(const YamlField::Entry& entry, const AccountSpec& account) {
  const YamlField& f = entry.value;
  f.expect_map({"runtime", "package", "memory", "arch", "timeout", "duration", "cold_start",
                "keep_alive", "reserved_concurrency", "provisioned_concurrency", "async",
                "error_probability", "calls", "cpu_bound_fraction", "duration_memory", "threads",
                "ephemeral_storage"});
  LoadedFunction loaded;
  FunctionSpec& spec = loaded.spec;
  spec.name = entry.key;
  spec.where = entry.key_location;
  if (f.has("runtime")) spec.runtime = read_runtime(f["runtime"]);
  if (f.has("package")) {
    spec.package =
        f["package"].as_choice({"zip", "image"}) == "zip" ? PackageType::zip : PackageType::image;
  }
  if (f.has("memory")) spec.memory_mb = read_memory(f["memory"]);
  if (f.has("ephemeral_storage")) {
    spec.ephemeral_storage_mb = read_ephemeral_storage(f["ephemeral_storage"]);
  }
  if (f.has("arch")) {
    spec.arch = f["arch"].as_choice({"x86_64", "arm64"}) == "x86_64" ? Architecture::x86_64
                                                                     : Architecture::arm64;
  }
  if (f.has("timeout")) spec.timeout = read_timeout(f["timeout"]);
  spec.duration = f.required("duration").as_distribution();
  read_cpu_scaling(f, spec);
  // INIT over 10 s is cut by Lambda (facts 1.5); the simulation applies that cap to every draw,
  // so a longer cold_start here is accepted and reads as "INIT always times out at 10 s".
  spec.cold_start =
      f.has("cold_start") ? f["cold_start"].as_distribution() : default_cold_start_for(f, spec);
  // facts 1.8: the newest measurement of idle lifetimes is 5 to 7 minutes.
  spec.keep_alive = f.has("keep_alive")
                        ? f["keep_alive"].as_distribution()
                        : Distribution::uniform(Duration::minutes(5), Duration::minutes(7));
  read_concurrency(f, account, loaded);
  if (f.has("async")) spec.async = read_async(f["async"]);
  if (f.has("error_probability")) spec.error_probability = probability(f["error_probability"]);
  // Targets are resolved once resources are read (resource_loader.cpp).
  if (f.has("calls")) spec.calls = read_calls(f["calls"]);
  return loaded;
}

void check_concurrency_allocation(const std::vector<LoadedFunction>& functions,
                                  const AccountSpec& account) {
  std::int64_t allocated = 0;
  for (const LoadedFunction& loaded : functions) {
    const FunctionSpec& spec = loaded.spec;
    const bool reserved = spec.reserved_concurrency.has_value();
    const std::int64_t amount =
        reserved ? *spec.reserved_concurrency : spec.provisioned_concurrency;
    if (amount == 0) continue;
    allocated += amount;
    const std::int64_t unreserved = account.concurrency_limit - allocated;
    if (unreserved >= kMinUnreserved) continue;
    const std::string path =
        fmt::format("functions.{}.{}", spec.name,
                    reserved ? "reserved_concurrency" : "provisioned_concurrency");
    throw ScenarioError::rule(
        reserved ? loaded.reserved_where : loaded.provisioned_where, path,
        fmt::format("reservations reach {} of the account's concurrency_limit {}, leaving {} "
                    "unreserved; AWS keeps at least {} unreserved",
                    allocated, account.concurrency_limit, unreserved, kMinUnreserved));
  }
}

}  // namespace slsim::loader
