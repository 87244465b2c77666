// cold_start_distribution in the JSON report, against hand-computed nearest-rank percentiles
// and shares.

#include <catch2/catch.hpp>

#include "slsim/report.hpp"

using namespace slsim;

TEST_CASE("report_json: the distribution of per-function cold-start rates", "[report][trace]") {
  RunResult r;
  // Cold-start rates 0, 5 %, 20 %, 60 %, and one function that never ran (left out).
  const std::pair<std::uint64_t, std::uint64_t> runs[] = {
      {100, 0}, {100, 5}, {50, 10}, {10, 6}, {0, 0}};
  int i = 0;
  for (const auto& [invocations, cold] : runs) {
    FunctionResult f;
    f.name = "f" + std::to_string(i++);
    f.invocations = invocations;
    f.cold_starts = cold;
    r.functions.push_back(f);
  }
  const auto j = report_json(ScenarioSpec{}, r, {}, ReportOptions{});
  const auto& d = j["cold_start_distribution"];
  CHECK(d["functions"] == 4);
  CHECK(d["p25"].get<double>() == 0);     // rank ceil(1) = 1
  CHECK(d["p50"].get<double>() == 0.05);  // rank 2
  CHECK(d["p75"].get<double>() == 0.2);   // rank 3
  CHECK(d["p90"].get<double>() == 0.6);   // rank ceil(3.6) = 4
  CHECK(d["share_above_percent"]["1"].get<double>() == 0.75);
  CHECK(d["share_above_percent"]["10"].get<double>() == 0.5);
  CHECK(d["share_above_percent"]["50"].get<double>() == 0.25);
  CHECK(d["share_above_percent"]["75"].get<double>() == 0);
}
