// Every example scenario runs (examples as tests): it loads, simulates with the end-of-run
// conservation check (an InternalError would fail the test), prices under its books, and
// gives the same JSON twice. Numbers are checked against truth elsewhere; here the examples
// must keep working as the lessons they are.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/report.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;

namespace {

std::vector<std::string> example_files() {
  std::vector<std::string> files;
  const std::filesystem::path root = std::filesystem::path(SLSIM_SOURCE_DIR) / "scenarios";
  for (const auto& entry : std::filesystem::directory_iterator(root)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string run_to_json(const ScenarioSpec& spec, bool drain, bool check = false) {
  const std::vector<PriceBook> books = load_price_books(spec);
  RunOptions options;
  options.drain = drain;
  options.check = check;
  options.billing_rules = distinct_billing_rules(books);
  const RunResult result = run_simulation(spec, options);
  const std::vector<BookCost> costs = compute_costs(spec, result, books, CostOptions{});
  return report_json(spec, result, costs, ReportOptions{}).dump();
}

}  // namespace

TEST_CASE("Examples: every lesson in scenarios/ runs, conserves requests and reproduces") {
  const std::vector<std::string> files = example_files();
  REQUIRE(files.size() >= 4);
  for (const std::string& file : files) {
    INFO(file);
    ScenarioSpec spec = load_scenario(file);
    // Ten simulated minutes are enough to exercise every path of the lesson.
    if (spec.run_for > Duration::minutes(10)) spec.run_for = Duration::minutes(10);
    const std::string first = run_to_json(spec, /*drain=*/false);
    CHECK(first == run_to_json(spec, /*drain=*/false));
    // --check verifies the invariants after every event and changes nothing.
    CHECK(first == run_to_json(spec, /*drain=*/false, /*check=*/true));
    CHECK_NOTHROW(run_to_json(spec, /*drain=*/true, /*check=*/true));
  }
}

TEST_CASE("Examples: hello-api shows Little's law and rare cold starts") {
  const ScenarioSpec spec =
      load_scenario(std::string(SLSIM_SOURCE_DIR) + "/scenarios/hello-api.yaml");
  const RunResult r = run_simulation(spec, RunOptions{});
  const FunctionResult& f = r.functions[0];
  // 50/s x E[S]: lognormal(median 80 ms, p99 400 ms) has mean 80 ms x exp(sigma^2/2) =
  // 101.6 ms, so ~5.08 concurrent (sampling error ~1 % over an hour).
  CHECK(f.mean_concurrency == Approx(50 * 0.1016).epsilon(0.03));
  CHECK(static_cast<double>(f.cold_starts) / static_cast<double>(f.invocations) < 0.01);
}

TEST_CASE("Examples: reserved-throttling is an Erlang loss system; retries add load") {
  // Two Poisson callers of 50/s share a ceiling of 20 with exponential 250 ms calls: offered
  // load 25 Erlang. Without retries each loses B(20, 25) = 0.2799 of its calls (120,000
  // calls in 20 min: standard error ~0.002; allow 0.015).
  ScenarioSpec spec =
      load_scenario(std::string(SLSIM_SOURCE_DIR) + "/scenarios/reserved-throttling.yaml");
  const auto loss = [](const SourceResult& s) {
    return static_cast<double>(s.throttled) / static_cast<double>(s.requests);
  };
  spec.sources[1].retries = 0;
  RunResult r = run_simulation(spec, RunOptions{});
  CHECK(loss(r.sources[0]) == Approx(0.2799).margin(0.015));
  CHECK(loss(r.sources[1]) == Approx(0.2799).margin(0.015));
  CHECK(r.functions[0].peak_concurrency == 20);

  // With the SDK's 3 retries the retried calls add load: the dashboard loses more, while
  // the retrying caller ends fewer requests throttled than the dashboard does.
  spec.sources[1].retries = 3;
  r = run_simulation(spec, RunOptions{});
  CHECK(loss(r.sources[0]) > 0.30);
  CHECK(loss(r.sources[1]) < loss(r.sources[0]));
}
