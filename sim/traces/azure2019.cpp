// `slsim import azure2019 DIR`: the Azure Functions 2019 trace (Shahrad et al., "Serverless in
// the Wild", USENIX ATC 2020) as a scenario: one Lambda function and one source per trace
// function, arrivals from the per-minute counts, durations from the percentile table, memory
// from the memory percentiles (README "Trace replay"). The invocation file is streamed row by
// row; only the selected functions are kept (top-N in a bounded heap).

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "slsim/random.hpp"
#include "slsim/traces/csv_reader.hpp"
#include "slsim/traces/importer.hpp"
#include "slsim/units.hpp"

namespace slsim::traces {

namespace {

constexpr std::size_t kFirstMinuteColumn = 4;  // HashOwner,HashApp,HashFunction,Trigger,...
constexpr const char* kPercentileColumns[] = {"percentile_Average_0",  "percentile_Average_1",
                                              "percentile_Average_25", "percentile_Average_50",
                                              "percentile_Average_75", "percentile_Average_99",
                                              "percentile_Average_100"};
constexpr int kPercents[] = {0, 1, 25, 50, 75, 99, 100};
// The memory percentile used as the function's size: its 99th percentile of allocated memory.
constexpr const char* kMemoryColumn = "AverageAllocatedMb_pct99";

struct TraceFunction {
  std::string owner;
  std::string app;
  std::string hash;
  std::string trigger;
  std::vector<std::int64_t> counts;
  std::int64_t total = 0;
  std::vector<double> percentiles_ms;  // empty when durations.csv has no row
  std::optional<double> memory_mb;
};

// The larger total first; ties by hash, so the choice never depends on file order.
bool more_invoked(const TraceFunction& a, const TraceFunction& b) {
  if (a.total != b.total) return a.total > b.total;
  return a.hash < b.hash;
}

// Keeps every selected row, or with --top N the N most invoked (a min-heap of N).
class Selection {
 public:
  explicit Selection(std::optional<std::size_t> top) : top_(top) {}
  void offer(TraceFunction f) {
    kept_.push_back(std::move(f));
    std::push_heap(kept_.begin(), kept_.end(), more_invoked);
    if (top_ && kept_.size() > *top_) {
      std::pop_heap(kept_.begin(), kept_.end(), more_invoked);
      kept_.pop_back();
    }
  }
  std::vector<TraceFunction> take() {
    std::sort(kept_.begin(), kept_.end(), more_invoked);
    return std::move(kept_);
  }

 private:
  std::optional<std::size_t> top_;
  std::vector<TraceFunction> kept_;  // a heap whose top is the least invoked
};

// Runs `read_row` on every data row; a bad row fails, or with lenient is skipped and counted.
template <typename ReadRow>
void for_each_row(CsvReader& csv, bool lenient, std::uint64_t& skipped, ReadRow read_row) {
  for (;;) {
    try {
      if (!csv.next()) return;
      read_row();
    } catch (const BadRow&) {
      if (!lenient) throw;
      ++skipped;
    }
  }
}

// The first minute column is named by its minute of the day (480 in the sample): it goes into
// the scenario's header comment, so it must be a number (a fuzzed name with stray bytes made
// the written scenario unreadable).
void check_minute_name(const std::string& path, const std::vector<std::string>& header,
                       const std::string& name) {
  constexpr std::size_t kMaxDigits = 6;
  const bool digits =
      !name.empty() && name.size() <= kMaxDigits &&
      std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) return;
  std::size_t column = 1;
  for (std::size_t i = 0; i < kFirstMinuteColumn; ++i)
    column += header[i].size() + 1;
  const bool printable =
      std::all_of(name.begin(), name.end(), [](char c) { return c >= ' ' && c <= '~'; });
  throw ScenarioError(fmt::format(
      "{}:1:{}: column {} of the header: expected the minute of the day (a whole number), got {}",
      path, column, kFirstMinuteColumn + 1,
      printable ? "'" + name + "'" : "bytes that are not text"));
}

std::vector<TraceFunction> read_invocations(const std::string& path, const ImportOptions& options,
                                            std::uint64_t& skipped, std::string& first_minute) {
  CsvReader csv(path);
  const std::size_t width = csv.header().size();
  if (width <= kFirstMinuteColumn || csv.header()[3] != "Trigger") {
    throw ScenarioError(fmt::format(
        "{}:1:1: expected the header HashOwner,HashApp,HashFunction,Trigger,<minute>,...", path));
  }
  first_minute = csv.header()[kFirstMinuteColumn];
  check_minute_name(path, csv.header(), first_minute);
  Selection selection(options.top);
  for_each_row(csv, options.lenient, skipped, [&] {
    csv.expect_fields(width);
    TraceFunction f;
    // Names only: they are written into the scenario (as names and in comments).
    f.hash = std::string(csv.name(2));
    f.trigger = std::string(csv.name(3));
    if (!selected(options, f.hash, f.trigger)) return;
    f.owner = std::string(csv.name(0));
    f.app = std::string(csv.name(1));
    f.counts.reserve(width - kFirstMinuteColumn);
    for (std::size_t i = kFirstMinuteColumn; i < width; ++i) {
      f.counts.push_back(csv.integer(i));
      f.total += f.counts.back();
    }
    selection.offer(std::move(f));
  });
  return selection.take();
}

void read_durations(const std::string& path, const ImportOptions& options, std::uint64_t& skipped,
                    std::unordered_map<std::string, TraceFunction*>& by_hash) {
  CsvReader csv(path);
  const std::size_t hash = csv.column("HashFunction");
  std::vector<std::size_t> columns;
  for (const char* name : kPercentileColumns)
    columns.push_back(csv.column(name));
  const std::size_t width = csv.header().size();
  for_each_row(csv, options.lenient, skipped, [&] {
    csv.expect_fields(width);
    const auto found = by_hash.find(std::string(csv.field(hash)));
    if (found == by_hash.end()) return;
    std::vector<double> ms;
    ms.reserve(columns.size());
    for (std::size_t c : columns)
      ms.push_back(csv.number(c));
    found->second->percentiles_ms = std::move(ms);
  });
}

void read_memory(const std::string& path, const ImportOptions& options, std::uint64_t& skipped,
                 std::unordered_map<std::string, TraceFunction*>& by_hash,
                 std::vector<TraceFunction>& functions) {
  CsvReader csv(path);
  const std::size_t memory = csv.column(kMemoryColumn);
  const std::size_t width = csv.header().size();
  // Per function in this copy; per app in the official release.
  const bool per_function =
      std::find(csv.header().begin(), csv.header().end(), "HashFunction") != csv.header().end();
  const std::size_t key = csv.column(per_function ? "HashFunction" : "HashApp");
  for_each_row(csv, options.lenient, skipped, [&] {
    csv.expect_fields(width);
    const std::string id(csv.field(key));
    const double mb = csv.number(memory);
    if (per_function) {
      if (const auto found = by_hash.find(id); found != by_hash.end())
        found->second->memory_mb = mb;
      return;
    }
    for (TraceFunction& f : functions) {
      if (f.app == id) f.memory_mb = mb;
    }
  });
}

// The trigger's AWS counterpart (README "Trace replay"). Queue, storage and event triggers go
// through the modelled service (a producer writes to an SQS queue, an S3 bucket or an SNS
// topic that invokes the function as AWS does, facts 2, 5, 4); http through API Gateway. Timer
// functions stay direct async invokes replaying the trace's per-minute counts (an EventBridge
// schedule fires at fixed times and would not reproduce them); orchestration (Step Functions)
// and unknown triggers are direct invokes, sync or async as that service invokes Lambda
// (facts 1.4).
enum class Via : std::uint8_t { api_gateway, invoke, sqs, s3, sns };

struct TriggerMapping {
  const char* aws;   // the service that would trigger it on AWS
  Via via;           // how the scenario triggers it
  const char* mode;  // invoke mode (Via::invoke only)
};

TriggerMapping map_trigger(const std::string& trigger) {
  if (trigger == "http") return {"API Gateway", Via::api_gateway, ""};
  if (trigger == "queue") return {"SQS", Via::sqs, ""};
  if (trigger == "timer") return {"EventBridge schedule", Via::invoke, "async"};
  if (trigger == "storage") return {"S3", Via::s3, ""};
  if (trigger == "event") return {"SNS/EventBridge", Via::sns, ""};
  if (trigger == "orchestration") return {"Step Functions", Via::invoke, "sync"};
  return {"unknown trigger", Via::invoke, "async"};
}

// The service resource a queue, storage or event function is triggered through ("" for none).
std::string resource_yaml(const std::string& function, Via via, std::int64_t timeout_s) {
  switch (via) {
    case Via::sqs:
      // One message per invocation (batch_size 1), as the trace counts invocations; the
      // visibility timeout at 6 x the function's timeout, as AWS recommends (facts 2).
      return fmt::format(
          "  {}-sqs:\n    type: sqs\n    visibility_timeout: {}s\n"
          "    consumer: {{function: {}, batch_size: 1}}\n",
          function, 6 * timeout_s, function);
    case Via::s3:
      return fmt::format("  {}-s3:\n    type: s3\n    notifications:\n      - {{target: {}}}\n",
                         function, function);
    case Via::sns:
      return fmt::format(
          "  {}-sns:\n    type: sns\n    subscriptions:\n      - {{protocol: lambda, target: "
          "{}}}\n",
          function, function);
    case Via::api_gateway:
    case Via::invoke:
      break;
  }
  return "";
}

// The source's type, target and mode lines.
std::string source_yaml(const std::string& function, const TriggerMapping& m) {
  switch (m.via) {
    case Via::api_gateway:
      return fmt::format("    type: api_gateway\n    target: {}\n", function);
    case Via::invoke:
      return fmt::format("    type: invoke\n    target: {}\n    mode: {}\n", function, m.mode);
    case Via::sqs:
      return fmt::format("    type: producer\n    target: {}-sqs\n", function);
    case Via::s3:
      return fmt::format("    type: producer\n    target: {}-s3\n    key: trace/object\n",
                         function);
    case Via::sns:
      return fmt::format("    type: producer\n    target: {}-sns\n", function);
  }
  return "";
}

std::string duration_yaml(const std::vector<double>& ms) {
  // Percentiles of 30-second averages (the trace's README); a running maximum keeps the table
  // non-decreasing where rounding in the trace made it dip.
  std::string out = "{dist: empirical, percentiles: {";
  double floor = 0;
  for (std::size_t i = 0; i < ms.size(); ++i) {
    floor = std::max(floor, ms[i]);
    out += fmt::format("{}{}: {}ms", i == 0 ? "" : ", ", kPercents[i], floor);
  }
  return out + "}}";
}

std::string counts_yaml(const std::vector<std::int64_t>& counts) {
  std::string out = "[";
  for (std::size_t i = 0; i < counts.size(); ++i)
    out += fmt::format("{}{}", i == 0 ? "" : ", ", counts[i]);
  return out + "]";
}

const char* spread_name(WindowSpread s) {
  switch (s) {
    case WindowSpread::uniform:
      return "uniform";
    case WindowSpread::poisson:
      return "poisson";
    case WindowSpread::start:
      return "start";
  }
  return "uniform";
}

std::string scenario_yaml(const std::vector<TraceFunction>& functions, const ImportOptions& options,
                          const std::string& first_minute, std::size_t minutes) {
  std::string out = fmt::format(
      "# Imported by `slsim import azure2019 {}` from the Azure Functions 2019 trace\n"
      "# (Shahrad et al., \"Serverless in the Wild\", USENIX ATC 2020; Azure Public Dataset,\n"
      "# CC-BY 4.0). t = 0 is the trace's minute {}. Durations are percentiles of 30-second\n"
      "# averages and exclude cold starts; memory is the 99th percentile of allocated memory,\n"
      "# raised to Lambda's 128 MB minimum. Edit freely.\n"
      "name: azure2019\n"
      "run_for: {}m\n"
      "functions:\n",
      options.input, first_minute, minutes);
  std::vector<std::string> names;
  std::string resources;
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const TraceFunction& f = functions[i];
    names.push_back(fmt::format("f{:03}-{}", i + 1, f.hash.substr(0, 8)));
    double longest_ms = 0;
    for (double ms : f.percentiles_ms)
      longest_ms = std::max(longest_ms, ms);
    // Long enough that no trace duration is cut, within Lambda's 900 s (facts 1.5).
    const std::int64_t timeout_s = std::clamp<std::int64_t>(
        static_cast<std::int64_t>(std::ceil(longest_ms / 1000)) + 1, 3, 900);
    out += fmt::format("  {}:  # trace function {}, app {}\n", names.back(), f.hash, f.app);
    out += fmt::format("    memory: {}\n", lambda_memory_mb(f.memory_mb.value_or(0)));
    out += fmt::format("    timeout: {}s\n", timeout_s);
    out += fmt::format("    duration: {}\n", duration_yaml(f.percentiles_ms));
    if (options.keep_alive) {
      out += fmt::format("    keep_alive: {}\n", format_duration(*options.keep_alive));
    }
    resources += resource_yaml(names.back(), map_trigger(f.trigger).via, timeout_s);
  }
  if (!resources.empty()) out += "resources:\n" + resources;
  out += "sources:\n";
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const TraceFunction& f = functions[i];
    const TriggerMapping m = map_trigger(f.trigger);
    const bool direct = m.via == Via::invoke && std::string(m.aws) != "EventBridge schedule";
    out += fmt::format("  {}-{}:  # {} on AWS{}\n", names[i], f.trigger, m.aws,
                       m.via == Via::invoke
                           ? (direct ? " (not modelled yet: a direct invoke)"
                                     : " (a direct async invoke replays the per-minute counts)")
                           : "");
    out += source_yaml(names[i], m);
    out += fmt::format("    arrivals: {{process: counts, window: 1m, spread: {}, counts: {}}}\n",
                       spread_name(options.spread), counts_yaml(f.counts));
  }
  return out;
}

}  // namespace

std::int64_t lambda_memory_mb(double trace_mb) {
  const double up = std::ceil(trace_mb);
  if (!(up >= static_cast<double>(kLambdaMinMemoryMb))) return kLambdaMinMemoryMb;
  if (up >= static_cast<double>(kLambdaMaxMemoryMb)) return kLambdaMaxMemoryMb;
  return static_cast<std::int64_t>(up);
}

bool selected(const ImportOptions& options, const std::string& hash, const std::string& trigger) {
  if (!options.triggers.empty() && std::find(options.triggers.begin(), options.triggers.end(),
                                             trigger) == options.triggers.end()) {
    return false;
  }
  if (!options.hashes.empty() &&
      std::none_of(options.hashes.begin(), options.hashes.end(),
                   [&](const std::string& prefix) { return hash.rfind(prefix, 0) == 0; })) {
    return false;
  }
  if (options.sample < 1) {
    // A deterministic sample: the same functions for the same fraction, on every machine.
    std::uint64_t state = fnv1a(hash);
    const double u = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
    if (u >= options.sample) return false;
  }
  return true;
}

ImportResult import_azure2019(const ImportOptions& options) {
  const std::filesystem::path dir(options.input);
  ImportResult result;
  std::string first_minute;
  std::vector<TraceFunction> functions = read_invocations(
      (dir / "invocations.csv").string(), options, result.skipped_rows, first_minute);
  std::unordered_map<std::string, TraceFunction*> by_hash;
  for (TraceFunction& f : functions)
    by_hash.emplace(f.hash, &f);
  read_durations((dir / "durations.csv").string(), options, result.skipped_rows, by_hash);
  const std::filesystem::path memory = dir / "memory.csv";
  if (std::filesystem::exists(memory)) {
    read_memory(memory.string(), options, result.skipped_rows, by_hash, functions);
  }
  // A function without a duration row cannot be simulated; it is left out (and counted).
  const auto no_duration = [](const TraceFunction& f) { return f.percentiles_ms.empty(); };
  result.without_durations =
      static_cast<std::size_t>(std::count_if(functions.begin(), functions.end(), no_duration));
  functions.erase(std::remove_if(functions.begin(), functions.end(), no_duration), functions.end());
  if (functions.empty()) {
    throw ScenarioError(fmt::format("{}: no function of the trace is selected", options.input));
  }
  const std::size_t minutes = functions.front().counts.size();
  result.functions = functions.size();
  for (const TraceFunction& f : functions)
    result.invocations += static_cast<std::uint64_t>(f.total);
  result.yaml = scenario_yaml(functions, options, first_minute, minutes);
  return result;
}

}  // namespace slsim::traces
