// `slsim run --csv DIR` end to end: the files exist, parse back as CSV with one header, and
// agree with the JSON of the same run: per-interval counts add up to the totals, intervals
// tile the run, the summary rows are the JSON's figures, the cost rows add up to the total.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "report_fixture.hpp"

using namespace slsim::test;
using Json = nlohmann::ordered_json;

namespace {

double num(const std::string& cell) {
  REQUIRE_FALSE(cell.empty());
  return std::strtod(cell.c_str(), nullptr);
}

const std::string kLessonDir = SLSIM_SOURCE_DIR "/scenarios/";

}  // namespace

TEST_CASE("CSV: time series and summary agree with the JSON of the run", "[csv]") {
  ReportDir dir;
  const std::string scenario = kLessonDir + "cold-start-storm.yaml";
  const Outcome o = dir.slsim("run '" + scenario + "' --quiet --json run.json --csv out");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const Json j = Json::parse(read_text(dir.file("run.json")));
  const fs::path out = dir.path() / "out";
  for (const char* name :
       {"summary_functions.csv", "summary_sources.csv", "summary_cost.csv",
        "timeseries_concurrency.csv", "timeseries_invocations.csv", "timeseries_latency.csv"}) {
    INFO(name);
    CHECK(fs::exists(out / name));
  }

  // Per-interval counts sum to the totals of the JSON, per function.
  std::map<std::string, std::map<std::string, double>> sums;
  double end = 0;
  for (const auto& row : csv_records(read_text(out / "timeseries_invocations.csv"))) {
    CHECK(row.at("kind") == "function");
    for (const char* k : {"invocations", "cold_starts", "throttles", "errors", "dropped"})
      sums[row.at("component")][k] += num(row.at(k));
    CHECK(num(row.at("end_s")) > num(row.at("start_s")));
    end = std::max(end, num(row.at("end_s")));
  }
  CHECK(end == j["simulated_seconds"].get<double>());
  REQUIRE_FALSE(sums.empty());
  for (const auto& [name, s] : sums) {
    INFO(name);
    const Json& f = j["functions"][name];
    CHECK(s.at("invocations") == f["invocations"].get<double>());
    CHECK(s.at("cold_starts") == f["cold_starts"].get<double>());
    CHECK(s.at("throttles") == f["throttles"].get<double>());
    CHECK(s.at("errors") == f["timeouts"].get<double>());
    CHECK(s.at("dropped") == f["dropped"].get<double>());
  }

  // Concurrency: intervals tile [0, end] per function and the time average matches.
  std::map<std::string, double> integral;
  std::map<std::string, double> tiled;
  for (const auto& row : csv_records(read_text(out / "timeseries_concurrency.csv"))) {
    const std::string& fn = row.at("component");
    CHECK(num(row.at("start_s")) == Approx(tiled[fn]));
    const double width = num(row.at("end_s")) - num(row.at("start_s"));
    tiled[fn] = num(row.at("end_s"));
    integral[fn] += num(row.at("busy_mean")) * width;
    CHECK(num(row.at("busy")) <= num(row.at("limit")));
  }
  for (const auto& [fn, area] : integral) {
    INFO(fn);
    CHECK(area / end == Approx(j["functions"][fn]["concurrency"]["mean"].get<double>()));
  }

  // The summary rows carry the JSON's figures.
  for (const auto& row : csv_records(read_text(out / "summary_functions.csv"))) {
    const Json& f = j["functions"][row.at("function")];
    CHECK(num(row.at("invocations")) == f["invocations"].get<double>());
    CHECK(num(row.at("cold_starts")) == f["cold_starts"].get<double>());
    CHECK(num(row.at("latency_p99_ms")) == f["latency_ms"]["p99"].get<double>());
  }
  for (const auto& row : csv_records(read_text(out / "summary_sources.csv"))) {
    const Json& s = j["sources"][row.at("source")];
    CHECK(num(row.at("requests")) == s["requests"].get<double>());
    CHECK(num(row.at("completed")) == s["completed"].get<double>());
  }
  std::map<std::string, double> by_service;
  for (const auto& row : csv_records(read_text(out / "summary_cost.csv"))) {
    const Json& book = j["cost"][row.at("book")];
    if (row.at("kind") == "service") {
      by_service[row.at("book")] += num(row.at("usd"));
      CHECK(num(row.at("usd")) == book["by_service"][row.at("item")].get<double>());
    }
    if (row.at("kind") == "total") {
      CHECK(num(row.at("usd")) == book["total_usd"].get<double>());
      CHECK(by_service[row.at("book")] == Approx(num(row.at("usd"))));
    }
  }
}

TEST_CASE("CSV: --resolution sets the interval width", "[csv]") {
  ReportDir dir;
  const std::string scenario = kLessonDir + "hello-api.yaml";
  const Outcome o =
      dir.slsim("run '" + scenario + "' --quiet --run-for 2m --resolution 10s --csv out");
  INFO(o.err);
  REQUIRE(o.exit_code == 0);
  const auto rows = csv_records(read_text(dir.path() / "out" / "timeseries_latency.csv"));
  REQUIRE(rows.size() == 12);  // one function, 120 s / 10 s
  CHECK(rows[0].at("start_s") == "0");
  CHECK(rows[0].at("end_s") == "10");
  CHECK(rows[11].at("end_s") == "120");
}

TEST_CASE("CSV: bad --resolution and an unwritable --csv are usage errors", "[csv]") {
  ReportDir dir;
  const std::string scenario = kLessonDir + "hello-api.yaml";
  Outcome o = dir.slsim("run '" + scenario + "' --quiet --resolution 0s --csv out");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--resolution") != std::string::npos);
  dir.write("plain-file", "x");
  o = dir.slsim("run '" + scenario + "' --quiet --csv plain-file/sub");
  CHECK(o.exit_code == 2);
  CHECK(o.err.find("--csv plain-file/sub") != std::string::npos);
}
