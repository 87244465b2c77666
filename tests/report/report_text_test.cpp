// The terminal summary puts the figures a reader looks for first: a "Key figures" table right
// after the overview line with the cold-start rate, throttles, p99 and cost of each function.

#include <catch2/catch.hpp>

#include <string>

#include "report_fixture.hpp"

using namespace slsim::test;

TEST_CASE("report_text: key figures come first, in 100 columns", "[report]") {
  ReportDir dir;
  const Outcome o =
      dir.slsim("run '" SLSIM_SOURCE_DIR "/scenarios/reserved-throttling.yaml' --json r.json");
  REQUIRE(o.exit_code == 0);
  const std::string& text = o.out;
  const std::size_t key = text.find("Key figures");
  REQUIRE(key != std::string::npos);
  CHECK(key < text.find("Functions"));
  CHECK(key < text.find("Latency (ms)"));
  // The row of `report`: rate, throttles, p99, errors, cost — as in the JSON.
  const std::string row = text.substr(text.find("\nreport", key) + 1, 100);
  CHECK(row.find("78,028") != std::string::npos);   // throttles
  CHECK(row.find("$0.11") != std::string::npos);    // cost under aws
  CHECK(row.find("1,138.7") != std::string::npos);  // p99 ms
  CHECK(text.find('\033') == std::string::npos);    // not a terminal: no colour
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos;
       start = end + 1, end = text.find('\n', start)) {
    CHECK(end - start <= 100);
  }
}
