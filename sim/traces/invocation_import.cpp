// `slsim import azure2021 FILE` and `slsim import csv FILE`: a per-invocation trace as a
// scenario whose sources replay the file (`arrivals: {process: trace}`), one Lambda function and
// one source per trace function (csv: per target). The file is streamed once; what is kept is
// per function (an invocation count and a histogram of its durations), never per row.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "slsim/histogram.hpp"
#include "slsim/traces/csv_reader.hpp"
#include "slsim/traces/importer.hpp"
#include "slsim/traces/invocation_trace.hpp"
#include "slsim/units.hpp"

namespace slsim::traces {

namespace {

// The percentiles written as each function's fallback duration distribution.
constexpr int kPercents[] = {0, 1, 25, 50, 75, 99, 100};
// Without trace durations (a csv without the column): Lambda's own default is not a duration,
// so the import writes this placeholder and says so in the scenario.
constexpr const char* kPlaceholderDuration = "100ms";

struct TraceFunction {
  std::string app;  // azure2021 only
  std::string id;   // the func hash, or the csv target
  std::uint64_t count = 0;
  std::unique_ptr<Histogram> durations;  // microseconds; null when the trace has none
};

// The larger count first; ties by id, so the choice never depends on file order.
bool more_invoked(const TraceFunction* a, const TraceFunction* b) {
  if (a->count != b->count) return a->count > b->count;
  if (a->app != b->app) return a->app < b->app;
  return a->id < b->id;
}

struct Scan {
  std::map<std::pair<std::string, std::string>, TraceFunction> functions;
  Time last_start{0};
  std::uint64_t rows = 0;
};

// One pass over the file: per function, its count and durations; rows that start before 0
// are not replayed, so not counted.
Scan scan(const ImportOptions& options, TraceFormat format, std::uint64_t& skipped) {
  CsvReader csv(options.input);
  // The header check is the replay reader's own.
  const InvocationTraceReader header(options.input, format, false, Duration{0});
  const bool azure = format == TraceFormat::azure2021;
  const std::size_t width = csv.header().size();
  const std::size_t key = csv.column(azure ? "func" : "target");
  const std::size_t app = azure ? csv.column("app") : 0;
  const std::size_t time = csv.column(azure ? "end_timestamp" : "timestamp");
  const auto has = [&](const char* name) {
    return std::find(csv.header().begin(), csv.header().end(), name) != csv.header().end();
  };
  const bool with_duration = has("duration");
  const std::size_t duration = with_duration ? csv.column("duration") : 0;
  const bool with_payload = has("payload");
  const std::size_t payload = with_payload ? csv.column("payload") : 0;
  const auto micros = [&](std::size_t column) {
    const double seconds = csv.number(column);
    if (seconds > kMaxTraceSeconds) {
      throw csv.bad(column, fmt::format("expected at most {:.0e} seconds, got '{}'",
                                        kMaxTraceSeconds, csv.field(column)));
    }
    return static_cast<std::int64_t>(std::llround(seconds * 1e6));
  };
  Scan out;
  for (;;) {
    try {
      if (!csv.next()) break;
      csv.expect_fields(width);
      // Names only: they are written into the scenario.
      const std::string id(csv.name(key));
      const std::string owner = azure ? std::string(csv.name(app)) : std::string();
      const std::int64_t t = micros(time);
      const std::int64_t d = with_duration ? micros(duration) : 0;
      if (with_payload) csv.integer(payload);
      const Time start{azure ? t - d : t};
      if (start < Time{0}) continue;
      if (!selected(options, id, "")) continue;
      TraceFunction& f = out.functions[{owner, id}];
      if (f.count == 0) {
        f.app = owner;
        f.id = id;
        if (with_duration) f.durations = std::make_unique<Histogram>();
      }
      ++f.count;
      if (f.durations) f.durations->record(d);
      out.last_start = std::max(out.last_start, start);
      ++out.rows;
    } catch (const BadRow&) {
      if (!options.lenient) throw;
      ++skipped;
    }
  }
  return out;
}

// The trace's path as the scenario will name it: relative to the scenario's directory when the
// scenario goes to a file, else absolute (a scenario on stdout may be saved anywhere).
std::string trace_path(const ImportOptions& options) {
  namespace fs = std::filesystem;
  const fs::path trace = fs::absolute(options.input).lexically_normal();
  if (options.output.empty() || options.output == "-") return trace.string();
  const fs::path dir = fs::absolute(options.output).lexically_normal().parent_path();
  const fs::path relative = trace.lexically_relative(dir);
  return relative.empty() ? trace.string() : relative.string();
}

// A millisecond figure with microsecond resolution, in fixed notation (the units grammar has
// no exponents) without trailing zeros.
std::string ms_text(double us) {
  std::string text = fmt::format("{:.3f}", std::round(us) / 1000);
  text.erase(text.find_last_not_of('0') + 1);
  if (text.back() == '.') text.pop_back();
  return text + "ms";
}

// The function's durations as an empirical distribution (percentiles from its histogram,
// within 1 %), non-decreasing.
std::string duration_yaml(const Histogram& h) {
  std::string out = "{dist: empirical, percentiles: {";
  double floor = 0;
  for (std::size_t i = 0; i < std::size(kPercents); ++i) {
    const int p = kPercents[i];
    const double us = p == 0 ? static_cast<double>(h.min())
                             : h.quantile(static_cast<double>(p) / 100).value_or(0);
    floor = std::max(floor, us);
    out += fmt::format("{}{}: {}", i == 0 ? "" : ", ", p, ms_text(floor));
  }
  return out + "}}";
}

std::string scenario_yaml(const std::vector<const TraceFunction*>& functions,
                          const ImportOptions& options, TraceFormat format, Time last_start) {
  const bool azure = format == TraceFormat::azure2021;
  const std::string path = trace_path(options);
  const std::int64_t run_for_s = last_start.us / 1'000'000 + 1;  // the last start included
  std::string out = fmt::format(
      "# Imported by `slsim import {} {}`{}.\n"
      "# Each source replays its function's rows of the trace, streamed: arrivals at the rows'\n"
      "# start times, each with its own duration (the trace's durations exclude cold starts, so\n"
      "# the model adds its INIT time); `duration` is a fallback for invocations without one.\n"
      "# The trace has no memory sizes: Lambda's 128 MB minimum. Edit freely.\n"
      "name: {}\n"
      "run_for: {}s\n"
      "functions:\n",
      to_string(format), options.input,
      azure ? " from the Azure Functions 2021 trace\n# (Zhang et al., SOSP 2021; Azure Public "
              "Dataset, CC-BY 4.0)"
            : "",
      to_string(format), run_for_s);
  std::vector<std::string> names;
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const TraceFunction& f = *functions[i];
    names.push_back(fmt::format("f{:03}-{}", i + 1, f.id.substr(0, 8)));
    const double longest_s = f.durations ? static_cast<double>(f.durations->max()) / 1e6 : 0;
    // Long enough that no trace duration is cut, within Lambda's 900 s (facts 1.5).
    const std::int64_t timeout_s =
        std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(longest_s)) + 1, 3, 900);
    out += fmt::format("  {}:  # trace function {}{}, {} invocations\n", names.back(), f.id,
                       azure ? ", app " + f.app : std::string(), f.count);
    out += fmt::format("    memory: {}\n", kLambdaMinMemoryMb);
    out += fmt::format("    timeout: {}s\n", timeout_s);
    out += fmt::format("    duration: {}\n", f.durations ? duration_yaml(*f.durations)
                                                         : std::string(kPlaceholderDuration) +
                                                               "  # the trace has no durations");
    if (options.keep_alive) {
      out += fmt::format("    keep_alive: {}\n", format_duration(*options.keep_alive));
    }
  }
  out += "sources:\n";
  for (std::size_t i = 0; i < functions.size(); ++i) {
    const TraceFunction& f = *functions[i];
    out += fmt::format("  {}:  # a direct synchronous invoke (the trace has no trigger)\n",
                       names[i] + "-trace");
    out += "    type: invoke\n";
    out += fmt::format("    target: {}\n", names[i]);
    out += fmt::format("    arrivals: {{process: trace, file: '{}', format: {}, function: {}{}}}\n",
                       path, to_string(format), azure ? f.app + "/" + f.id : f.id,
                       options.lenient ? ", lenient: true" : "");
  }
  return out;
}

ImportResult import_invocations(const ImportOptions& options, TraceFormat format) {
  if (!options.triggers.empty()) {
    throw ScenarioError(
        fmt::format("import {}: --trigger applies to azure2019 (this format has no "
                    "trigger column)",
                    to_string(format)));
  }
  if (options.output.find('\'') != std::string::npos ||
      options.input.find('\'') != std::string::npos) {
    throw ScenarioError(
        fmt::format("import {}: paths with a quote (') are not supported", to_string(format)));
  }
  ImportResult result;
  const Scan found = scan(options, format, result.skipped_rows);
  std::vector<const TraceFunction*> functions;
  for (const auto& [key, f] : found.functions)
    functions.push_back(&f);
  std::sort(functions.begin(), functions.end(), more_invoked);
  if (options.top && functions.size() > *options.top) functions.resize(*options.top);
  if (functions.empty()) {
    throw ScenarioError(fmt::format("{}: no function of the trace is selected", options.input));
  }
  result.functions = functions.size();
  for (const TraceFunction* f : functions)
    result.invocations += f->count;
  result.yaml = scenario_yaml(functions, options, format, found.last_start);
  return result;
}

}  // namespace

ImportResult import_azure2021(const ImportOptions& options) {
  return import_invocations(options, TraceFormat::azure2021);
}

ImportResult import_csv(const ImportOptions& options) {
  return import_invocations(options, TraceFormat::csv);
}

}  // namespace slsim::traces
