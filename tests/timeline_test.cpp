// Time series of a run (timeline.hpp): sampling leaves the run unchanged (fingerprint and
// every reported number), per-interval counts add up to the run's totals, a hand-computed
// steady state, the resolution chosen from the run length, and decimation of long runs.

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "sim/scenario_fixture.hpp"
#include "slsim/cost.hpp"
#include "slsim/price_book.hpp"
#include "slsim/report.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"
#include "slsim/timeline.hpp"

using namespace slsim;

namespace {

const char* const kLessons[] = {"hello-api", "cold-start-storm", "provisioned-concurrency",
                                "reserved-throttling"};

ScenarioSpec lesson(const std::string& name) {
  return load_scenario(std::string(SLSIM_SOURCE_DIR) + "/scenarios/" + name + ".yaml");
}

std::string json_of(const ScenarioSpec& spec, const RunResult& result) {
  const std::vector<BookCost> costs = compute_costs(spec, result, load_price_books(spec), {});
  return report_json(spec, result, costs, {}).dump(2);
}

double sum_of(const Series& s) {
  double total = 0;
  for (const double v : s.values)
    total += v;
  return total;
}

const Series& series(const RunResult& r, const std::string& component, const std::string& name) {
  REQUIRE(r.timeline);
  const ComponentTimeline* c = r.timeline->find(component);
  REQUIRE(c != nullptr);
  const Series* s = c->find(name);
  REQUIRE(s != nullptr);
  return *s;
}

void check_totals(const RunResult& r) {
  REQUIRE(r.timeline);
  for (const FunctionResult& f : r.functions) {
    CHECK(sum_of(series(r, f.name, "invocations")) == f.invocations);
    CHECK(sum_of(series(r, f.name, "cold_starts")) == f.cold_starts);
    CHECK(sum_of(series(r, f.name, "throttles")) == f.throttles);
    CHECK(sum_of(series(r, f.name, "errors")) == f.timeouts);
    CHECK(sum_of(series(r, f.name, "dropped")) == f.dropped);
    // The time average over the run, from the per-interval means weighted by their widths.
    const Series& mean = series(r, f.name, "busy_mean");
    double integral = 0;
    for (std::size_t i = 0; i < mean.values.size(); ++i)
      integral +=
          mean.values[i] * static_cast<double>((r.timeline->ends[i] - r.timeline->start_of(i)).us);
    CHECK(integral / static_cast<double>(r.simulated.us) ==
          Approx(f.mean_concurrency).epsilon(1e-9).margin(1e-12));
  }
  CHECK(r.timeline->ends.back() == Time::zero() + r.simulated);
}

}  // namespace

TEST_CASE("Timeline: sampling leaves every number and the fingerprint unchanged", "[timeline]") {
  for (const char* name : kLessons) {
    INFO(name);
    const ScenarioSpec spec = lesson(name);
    for (const bool drain : {false, true}) {
      RunOptions plain;
      plain.drain = drain;
      const RunResult without = run_simulation(spec, plain);
      for (const Duration resolution : {Duration{0}, Duration::millis(100)}) {
        RunOptions sampled = plain;
        sampled.timeline = true;
        sampled.timeline_resolution = resolution;
        const RunResult with = run_simulation(spec, sampled);
        CHECK(with.engine.fingerprint == without.engine.fingerprint);
        CHECK(with.engine.events == without.engine.events);
        CHECK(json_of(spec, with) == json_of(spec, without));
        CHECK_FALSE(without.timeline);
        check_totals(with);
      }
    }
  }
}

TEST_CASE("Timeline: a steady state computed by hand", "[timeline]") {
  // 10 arrivals/s at t = 0, 0.1, 0.2, ..., each running exactly 250 ms: in every second
  // 10 invocations and a busy integral of 10 x 0.25 s, so a mean concurrency of 2.5 — but
  // for the first, which inherits nothing (the runs from 0.8 and 0.9 spill 0.05 + 0.15 s
  // into the next second): 2.3. Three
  // environments serve everything (t=0.3 reuses the one from t=0): three cold starts, all in
  // the first second. At an instant boundary t = k s: the arrival at k is not yet processed,
  // the ones at k-0.1 and k-0.2 run: busy 2, the third environment idle.
  ScenarioSpec s = test::one_function(10, Duration::millis(250), Duration::seconds(10));
  RunOptions options;
  options.timeline = true;
  options.timeline_resolution = Duration::seconds(1);
  const RunResult r = run_simulation(s, options);
  REQUIRE(r.timeline);
  CHECK(r.timeline->resolution == Duration::seconds(1));
  REQUIRE(r.timeline->ends.size() == 10);
  const Series& cold = series(r, "fn", "cold_starts");
  CHECK(cold.values[0] == 3);
  for (std::size_t i = 0; i < 10; ++i) {
    INFO(i);
    CHECK(series(r, "fn", "invocations").values[i] == 10);
    CHECK(series(r, "fn", "busy_mean").values[i] == Approx(i == 0 ? 2.3 : 2.5));
    CHECK(series(r, "fn", "busy").values[i] == 2);
    CHECK(series(r, "fn", "idle").values[i] == 1);
    CHECK(series(r, "fn", "latency_p50_ms").values[i] == Approx(250));
    CHECK(series(r, "fn", "latency_p99_ms").values[i] == Approx(250));
    CHECK(series(r, "fn", "throttles").values[i] == 0);
    if (i > 0) CHECK(cold.values[i] == 0);
  }
  // Unreserved: the limit is the whole unreserved pool (the account's 1,000).
  CHECK(series(r, "fn", "limit").values[0] == 1000);
}

TEST_CASE("Timeline: the limit line is the reserved concurrency", "[timeline]") {
  const ScenarioSpec spec = lesson("reserved-throttling");
  RunOptions options;
  options.timeline = true;
  const RunResult r = run_simulation(spec, options);
  const Series& limit = series(r, "report", "limit");
  const Series& busy = series(r, "report", "busy");
  for (std::size_t i = 0; i < limit.values.size(); ++i) {
    CHECK(limit.values[i] == 20);
    CHECK(busy.values[i] <= 20);
  }
  CHECK(sum_of(series(r, "report", "throttles")) > 0);
  // 20 minutes: 5 s intervals (at most kTargetIntervals).
  CHECK(r.timeline->resolution == Duration::seconds(5));
  CHECK(r.timeline->ends.size() == 240);
}

TEST_CASE("Timeline: the resolution is chosen from the run length", "[timeline]") {
  CHECK(choose_resolution(Duration::seconds(30)) == Duration::millis(100));
  CHECK(choose_resolution(Duration::minutes(10)) == Duration::seconds(1));
  CHECK(choose_resolution(Duration::minutes(20)) == Duration::seconds(5));
  CHECK(choose_resolution(Duration::hours(1)) == Duration::seconds(10));
  CHECK(choose_resolution(Duration::hours(24)) == Duration::minutes(5));
  CHECK(choose_resolution(Duration::hours(24 * 365)) == Duration::hours(24));
}

TEST_CASE("Timeline: decimation merges pairs by each series' rule", "[timeline]") {
  TimelineRecorder recorder(Duration::seconds(1), 4);
  const std::size_t c = recorder.add_component("q", "queue");
  const auto count = recorder.add_series(c, "x", "count", "count", SeriesMerge::sum);
  const auto mean = recorder.add_series(c, "x", "mean", "messages", SeriesMerge::mean);
  const auto last = recorder.add_series(c, "x", "depth", "messages", SeriesMerge::last);
  const auto peak = recorder.add_series(c, "x", "p99", "ms", SeriesMerge::maximum);
  for (int i = 1; i <= 5; ++i) {
    recorder.set(count, i);
    recorder.set(mean, 10.0 * i);
    recorder.set(last, 100.0 * i);
    if (i != 2) recorder.set(peak, i == 1 ? 7 : i);  // interval 2: no value (NaN)
    recorder.close_interval(recorder.next_boundary());
  }
  // After 4 intervals: (1,2) (3,4) merged at 2 s resolution; the 5th is [4 s, 6 s).
  const Timeline t = std::move(recorder).finish();
  CHECK(t.resolution == Duration::seconds(2));
  REQUIRE(t.ends.size() == 3);
  CHECK(t.ends[0] == Time::zero() + Duration::seconds(2));
  CHECK(t.ends[2] == Time::zero() + Duration::seconds(6));
  const ComponentTimeline& q = t.components[0];
  CHECK(q.find("count")->values == std::vector<double>{3, 7, 5});
  CHECK(q.find("mean")->values == std::vector<double>{15, 35, 50});
  CHECK(q.find("depth")->values == std::vector<double>{200, 400, 500});
  CHECK(q.find("p99")->values == std::vector<double>{7, 4, 5});
}

TEST_CASE("Timeline: a long run at a fine resolution stays bounded and adds up", "[timeline]") {
  // 3 h at 1 s would be 10,800 intervals: decimated twice (to 4 s) under 4,096.
  ScenarioSpec s = test::one_function(2, Duration::millis(300), Duration::hours(3));
  s.functions[0].keep_alive = Distribution::fixed(Duration::seconds(1));
  RunOptions options;
  options.timeline = true;
  options.timeline_resolution = Duration::seconds(1);
  const RunResult r = run_simulation(s, options);
  REQUIRE(r.timeline);
  CHECK(r.timeline->resolution == Duration::seconds(4));
  CHECK(r.timeline->ends.size() == 2700);
  check_totals(r);
}

TEST_CASE("Timeline: thinning weights means by interval width and keeps a last odd one",
          "[timeline]") {
  // Intervals [0,2) [2,4) [4,5): the last is short (the run ended at 5 s).
  TimelineRecorder recorder(Duration::seconds(2));
  const std::size_t c = recorder.add_component("f", "function");
  const auto mean = recorder.add_series(c, "x", "mean", "environments", SeriesMerge::mean);
  const auto count = recorder.add_series(c, "x", "count", "count", SeriesMerge::sum);
  const double means[] = {1, 4, 10};
  for (int i = 0; i < 3; ++i) {
    recorder.set(mean, means[i]);
    recorder.set(count, 1);
    recorder.close_interval(i < 2 ? recorder.next_boundary() : Time::zero() + Duration::seconds(5));
  }
  Timeline t = std::move(recorder).finish();
  merge_pairs(t);
  REQUIRE(t.ends.size() == 2);
  CHECK(t.components[0].find("mean")->values == std::vector<double>{2.5, 10});
  CHECK(t.components[0].find("count")->values == std::vector<double>{2, 1});
  t = thinned(std::move(t), 1);
  REQUIRE(t.ends.size() == 1);
  // (2.5 x 4 s + 10 x 1 s) / 5 s = 4.
  CHECK(t.components[0].find("mean")->values[0] == Approx(4));
  CHECK(t.components[0].find("count")->values[0] == 3);
  CHECK(t.ends[0] == Time::zero() + Duration::seconds(5));
}
