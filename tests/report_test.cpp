// The report of a run, from a RunResult and costs built by hand: JSON keys and their order
// (a golden file of the key structure, not of the numbers), null for empty statistics,
// milliseconds from microsecond histograms, determinism, and a terminal summary whose every
// figure is also in the JSON.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "slsim/report.hpp"

using namespace slsim;
using Json = nlohmann::ordered_json;

namespace {

ScenarioSpec two_sources_scenario() {
  ScenarioSpec s;
  s.name = "report";
  s.file = "report.yaml";
  s.run_for = Duration::seconds(3600);
  FunctionSpec f;
  f.name = "hello";
  s.functions.push_back(f);
  f.name = "idle";
  s.functions.push_back(f);
  SourceSpec api;
  api.name = "api";
  api.type = SourceType::api_gateway;
  api.target = "hello";
  s.sources.push_back(api);
  SourceSpec batch;
  batch.name = "batch";
  batch.type = SourceType::invoke;
  batch.mode = InvokeMode::async;
  batch.target = "idle";
  batch.target_index = 1;
  s.sources.push_back(batch);
  return s;
}

// `hello` did work (latencies 10, 20, 30 us and one of 2.5 s); `idle` never ran, so every
// statistic of it is empty. Counts are chosen so that every column has a distinct figure.
RunResult two_sources_result() {
  RunResult r;
  r.scenario = "report";
  r.seed = 42;
  r.simulated = Duration::seconds(3600);
  r.engine.events = 1'234'567;
  FunctionResult hello;
  hello.name = "hello";
  hello.invocations = 180'004;
  hello.cold_starts = 17;
  hello.warm_starts = 179'987;
  hello.throttles = 12;
  hello.timeouts = 3;
  hello.completed = 180'001;
  hello.peak_concurrency = 23;
  hello.mean_concurrency = 5.0312345;
  hello.mean_environments = 9.1234;
  hello.mean_idle_environments = 4.0921;
  hello.environments_created = 17;
  for (std::int64_t us : {10, 20, 30, 2'500'000}) {
    hello.latency.record(us);
  }
  FunctionResult idle;
  idle.name = "idle";
  r.functions = {hello, idle};
  SourceResult api;
  api.name = "api";
  api.requests = 180'010;
  api.completed = 179'990;
  api.throttled = 12;
  api.gateway_throttled = 0;
  api.failed = 2;
  api.timed_out = 1;
  api.in_flight_at_end = 5;
  for (std::int64_t us : {40, 50, 60}) {
    api.latency.record(us);
  }
  SourceResult batch;
  batch.name = "batch";
  r.sources = {api, batch};
  QueueResult jobs;
  jobs.name = "jobs";
  jobs.sent = 7'001;
  jobs.received = 7'203;
  jobs.deleted = 6'950;
  jobs.dead_lettered = 41;
  jobs.in_queue_at_end = 10;
  jobs.batches = 733;
  jobs.failed_batches = 19;
  jobs.peak_depth = 88;
  jobs.mean_depth = 3.25;
  jobs.peak_pollers = 15;
  jobs.max_age_at_receive = Duration::seconds(95);
  jobs.mean_wait_seconds = 0.0625;
  jobs.waited_fraction = 0.375;
  for (std::int64_t us : {0, 125'000}) {
    jobs.wait.record(us);
  }
  r.queues = {jobs};
  r.topics = {TopicResult{"alerts", 300, 850, 50, 0}};
  r.buckets = {BucketResult{"photos", 120, 77, 3, 110, 104, 6}};
  r.tables = {TableResult{"tasks", 900, 400, 450.5, 800, 21, 2, std::nullopt}};
  r.schedules = {ScheduleResult{"nightly", "cron(0 2 * * ? *)", 1}};
  r.usage = {ResourceUsage{"jobs", "sqs", {Meter{"requests_64kb", 16'543}}}};
  return r;
}

BookCost book(const std::string& name, double total, std::vector<ServiceCost> by_service) {
  BookCost b;
  b.book = name;
  b.total_usd = total;
  b.by_service = std::move(by_service);
  return b;
}

std::vector<BookCost> two_books() {
  BookCost aws = book("aws", 1.2345678, {{"lambda", 0.5612}, {"api_gateway", 0.6733678}});
  aws.functions = {{"hello", 0.5612, 23456.789, 0}, {"idle", 0, 0, 0}};
  BookCost arm = book("aws-arm64", 0.00123, {{"lambda", 0.00081}, {"api_gateway", 0.00042}});
  arm.functions = {{"hello", 0.00081, 23456.789, 0}, {"idle", 0, 0, 0}};
  return {aws, arm};
}

Json report(bool timing = false) {
  ReportOptions options;
  options.timing = timing;
  RunResult r = two_sources_result();
  r.engine.wall_seconds = 0.5;
  return report_json(two_sources_scenario(), r, two_books(), options);
}

std::vector<std::string> keys_of(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& item : j.items()) {
    keys.push_back(item.key());
  }
  return keys;
}

// One line per leaf: "dotted.path: type" (the structure of the document, not its numbers).
void skeleton(const Json& j, const std::string& path, std::string& out) {
  if (j.is_object()) {
    for (const auto& item : j.items()) {
      skeleton(item.value(), path.empty() ? item.key() : path + "." + item.key(), out);
    }
    return;
  }
  out += path + ": " + j.type_name() + (j.is_number_float() ? " (float)" : "") + "\n";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The golden file without its '#' comment lines.
std::string golden_text(const std::string& path) {
  std::istringstream in(read_file(path));
  std::string text;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] != '#') text += line + "\n";
  }
  return text;
}

// SLSIM_UPDATE_GOLDEN=1 rewrites a golden file (keeping its comment lines) from the output.
void update_golden(const std::string& path, const std::string& text) {
  std::istringstream in(read_file(path));
  std::string comments;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '#') comments += line + "\n";
  }
  std::ofstream(path, std::ios::binary) << comments << text;
}

void all_numbers(const Json& j, std::vector<double>& out) {
  if (j.is_structured()) {
    for (const auto& item : j.items()) {
      all_numbers(item.value(), out);
    }
  } else if (j.is_number()) {
    out.push_back(j.get<double>());
  }
}

bool is_name_char(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

struct Figure {
  std::string text;  // as printed, without thousands separators
  double value = 0;
  int decimals = 0;
  bool percent = false;
};

// The numbers standing on their own in `text` (not part of a word such as "p99" or "aws2"),
// with their printed precision; "1,234.5" reads as 1234.5, "0.30%" as a percentage.
std::vector<Figure> figures_in(const std::string& text) {
  std::vector<Figure> figures;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    const bool in_word = i > 0 && (is_name_char(text[i - 1]) || text[i - 1] == '.');
    std::size_t end = i;
    Figure f;
    while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) ||
                                 text[end] == ',' || text[end] == '.')) {
      if (text[end] != ',') f.text += text[end];
      ++end;
    }
    while (!f.text.empty() && f.text.back() == '.') {
      f.text.pop_back();
    }
    const bool word_after = end < text.size() && is_name_char(text[end]);
    if (!in_word && !word_after) {
      f.value = std::strtod(f.text.c_str(), nullptr);
      const std::size_t dot = f.text.find('.');
      f.decimals = dot == std::string::npos ? 0 : static_cast<int>(f.text.size() - dot - 1);
      f.percent = end < text.size() && text[end] == '%';
      figures.push_back(f);
    }
    i = end;
  }
  return figures;
}

// Whether some JSON number, shown at the figure's precision, is the figure.
bool in_json(const Figure& f, const std::vector<double>& numbers) {
  const double tolerance = 0.5 * std::pow(10.0, -f.decimals) * (1 + 1e-9);
  for (double v : numbers) {
    if (std::abs((f.percent ? 100 * v : v) - f.value) <= tolerance) return true;
  }
  return false;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

TEST_CASE("report_json: top-level keys come in the documented order", "[report]") {
  const Json j = report();
  CHECK(keys_of(j) == std::vector<std::string>{"scenario", "seed", "simulated_seconds", "functions",
                                               "sources", "queues", "topics", "buckets", "tables",
                                               "streams", "firehose_streams", "schedules",
                                               "event_buses", "state_machines", "usage",
                                               "cold_start_distribution", "cost", "engine"});
  CHECK(keys_of(j["queues"]) == std::vector<std::string>{"jobs"});
  CHECK(keys_of(j["usage"]["jobs"]) == std::vector<std::string>{"type", "meters"});
  CHECK(keys_of(j["functions"]) == std::vector<std::string>{"hello", "idle"});
  CHECK(keys_of(j["sources"]) == std::vector<std::string>{"api", "batch"});
  CHECK(keys_of(j["cost"]) == std::vector<std::string>{"aws", "aws-arm64"});
  CHECK(keys_of(j["engine"]) ==
        std::vector<std::string>{"events", "fingerprint", "stopped_at_max_events", "partial"});
}

TEST_CASE("report_json: function, source and cost entries have the documented keys", "[report]") {
  const Json j = report();
  const Json& f = j["functions"]["hello"];
  CHECK(keys_of(f) == std::vector<std::string>{
                          "invocations", "cold_starts", "warm_starts", "provisioned_starts",
                          "throttles", "timeouts", "errors", "completed", "dropped",
                          "to_destination", "in_flight_at_end", "cold_start_rate", "concurrency",
                          "environments", "latency_ms", "async", "events", "sync_calls"});
  CHECK(keys_of(f["sync_calls"]) == std::vector<std::string>{"received", "completed", "failed",
                                                             "throttled", "retries", "abandoned",
                                                             "in_flight_at_end"});
  CHECK(keys_of(f["concurrency"]) == std::vector<std::string>{"peak", "mean"});
  CHECK(keys_of(f["environments"]) == std::vector<std::string>{"mean", "mean_idle", "created"});
  CHECK(keys_of(f["latency_ms"]) ==
        std::vector<std::string>{"mean", "p50", "p90", "p99", "p999", "max", "count"});
  const Json& s = j["sources"]["api"];
  CHECK(keys_of(s) == std::vector<std::string>{"type", "target", "requests", "completed",
                                               "throttled", "gateway_throttled", "failed",
                                               "timed_out", "dropped", "to_destination",
                                               "in_flight_at_end", "latency_ms"});
  CHECK(s["type"] == "api_gateway");
  CHECK(s["target"] == "hello");
  const Json& c = j["cost"]["aws"];
  CHECK(keys_of(c) == std::vector<std::string>{"total_usd", "free_tier", "month_hours", "per_month",
                                               "extrapolation", "by_service", "resources",
                                               "unpriced", "notes", "functions"});
  CHECK(keys_of(c["by_service"]) == std::vector<std::string>{"lambda", "api_gateway"});
  CHECK(keys_of(c["functions"]["hello"]) ==
        std::vector<std::string>{"usd", "billed_gb_seconds", "provisioned_gb_seconds"});
}

TEST_CASE("report_json: the key structure matches the golden file", "[report]") {
  std::string structure;
  skeleton(report(true), "", structure);
  const std::string path = SLSIM_SOURCE_DIR "/tests/golden/report_json_keys.txt";
  const char* update = std::getenv("SLSIM_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") update_golden(path, structure);
  CHECK(structure == golden_text(path));
}

TEST_CASE("report_json: an empty statistic is null, never NaN", "[report]") {
  const Json j = report();
  const Json& idle = j["functions"]["idle"];
  CHECK(idle["cold_start_rate"].is_null());
  for (const char* key : {"mean", "p50", "p90", "p99", "p999", "max"}) {
    CHECK(idle["latency_ms"][key].is_null());
    CHECK(j["sources"]["batch"]["latency_ms"][key].is_null());
  }
  CHECK(idle["invocations"] == 0);
  CHECK(j["sources"]["batch"]["type"] == "invoke");

  RunResult r = two_sources_result();
  r.engine.wall_seconds = 0;  // a rate over no time is empty too
  r.functions[1].mean_concurrency = std::nan("");
  ReportOptions timing;
  timing.timing = true;
  const Json t = report_json(two_sources_scenario(), r, two_books(), timing);
  CHECK(t["timing"]["events_per_second"].is_null());
  CHECK(t["timing"]["invocations_per_second"].is_null());
  CHECK(t["functions"]["idle"]["concurrency"]["mean"].is_null());
  CHECK(t.dump().find("NaN") == std::string::npos);
}

TEST_CASE("report_json: latencies are milliseconds from the microsecond histograms", "[report]") {
  const Json j = report();
  // Values below 64 us are recorded exactly: 40, 50, 60 us.
  const Json& api = j["sources"]["api"]["latency_ms"];
  CHECK(api["mean"].get<double>() == Approx(0.050));
  CHECK(api["p50"].get<double>() == Approx(0.050));
  CHECK(api["p99"].get<double>() == Approx(0.060));
  CHECK(api["max"].get<double>() == Approx(0.060));
  CHECK(api["count"] == 3);
  // 10, 20, 30 us and 2.5 s: the p99 is the 2.5 s one (clamped to the exact maximum).
  const Json& hello = j["functions"]["hello"]["latency_ms"];
  CHECK(hello["p50"].get<double>() == Approx(0.020));
  CHECK(hello["p99"].get<double>() == Approx(2500.0));
  CHECK(hello["mean"].get<double>() == Approx((10 + 20 + 30 + 2'500'000) / 4.0 / 1e3));
}

TEST_CASE("report_json: rates, full precision and counts", "[report]") {
  const Json j = report();
  const Json& hello = j["functions"]["hello"];
  CHECK(hello["cold_start_rate"].get<double>() == 17.0 / 180'004.0);
  CHECK(hello["concurrency"]["mean"].get<double>() == 5.0312345);
  CHECK(hello["concurrency"]["peak"] == 23);
  CHECK(j["cost"]["aws"]["total_usd"].get<double>() == 1.2345678);
  CHECK(j["simulated_seconds"].get<double>() == 3600.0);
  CHECK(j["seed"] == 42);
  CHECK(j["engine"]["events"] == 1'234'567);
  CHECK(j["engine"]["stopped_at_max_events"] == false);
}

TEST_CASE("report_json: the same inputs dump to the same bytes; timing only on request",
          "[report]") {
  CHECK(report().dump(2) == report().dump(2));
  CHECK_FALSE(report().contains("timing"));
  const Json t = report(true);
  REQUIRE(t.contains("timing"));
  CHECK(keys_of(t["timing"]) ==
        std::vector<std::string>{"wall_seconds", "events_per_second", "invocations_per_second"});
  CHECK(t["timing"]["events_per_second"].get<double>() == Approx(1'234'567 / 0.5));
  CHECK(t["timing"]["invocations_per_second"].get<double>() == Approx(180'004 / 0.5));
}

TEST_CASE("report_text: every figure printed is also in the JSON", "[report]") {
  for (bool timing : {false, true}) {
    ReportOptions options;
    options.timing = timing;
    RunResult r = two_sources_result();
    r.engine.wall_seconds = 0.5;
    const std::string text = report_text(two_sources_scenario(), r, two_books(), options);
    std::vector<double> numbers;
    all_numbers(report_json(two_sources_scenario(), r, two_books(), options), numbers);
    const std::vector<Figure> figures = figures_in(text);
    CHECK(figures.size() > 40);
    for (const Figure& f : figures) {
      INFO("figure " << f.text << (f.percent ? "%" : "") << " in\n" << text);
      CHECK(in_json(f, numbers));
    }
  }
}

TEST_CASE("report_text: the summary shows the main figures in readable units", "[report]") {
  const std::string text =
      report_text(two_sources_scenario(), two_sources_result(), two_books(), {});
  CHECK(text.find("180,004") != std::string::npos);  // invocations, grouped
  CHECK(text.find("0.0094%") != std::string::npos);  // cold start rate 17 / 180,004
  CHECK(text.find("$1.23") != std::string::npos);    // dollars and cents
  CHECK(text.find("$0.0012") != std::string::npos);  // below a cent: two digits
  CHECK(text.find("below one cent") != std::string::npos);
  CHECK(text.find("2,500.0") != std::string::npos);  // p99 of hello in ms
  CHECK(text.find("1,234,567") != std::string::npos);
}

TEST_CASE("report_text: fits in 100 columns, colours only on request", "[report]") {
  ScenarioSpec scenario = two_sources_scenario();
  RunResult r = two_sources_result();
  // A long name moves to a line of its own rather than widening the table.
  const std::string long_name(70, 'f');
  r.functions[1].name = long_name;
  const std::string plain = report_text(scenario, r, two_books(), {});
  for (const std::string& line : lines_of(plain)) {
    INFO(line);
    CHECK(line.size() <= 100);
  }
  CHECK(plain.find(long_name) != std::string::npos);
  CHECK(plain.find('\033') == std::string::npos);
  ReportOptions color;
  color.color = true;
  const std::string colored = report_text(scenario, r, two_books(), color);
  CHECK(colored.find("\033[") != std::string::npos);
}

TEST_CASE("report_text: a run cut at --max-events says so", "[report]") {
  RunResult r = two_sources_result();
  r.engine.stopped_at_max_events = true;
  const std::string text = report_text(two_sources_scenario(), r, two_books(), {});
  CHECK(text.find("--max-events") != std::string::npos);
}
