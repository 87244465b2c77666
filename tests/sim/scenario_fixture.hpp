#pragma once
// Scenarios built in code for the simulation tests: one function behind one source, with
// every limit at the AWS default unless a test changes it.

#include "slsim/scenario.hpp"

namespace slsim::test {

inline Rate per_second(double events) {
  return Rate{static_cast<std::int64_t>(events * 1e9 + 0.5), Duration::seconds(1)};
}

inline BucketSpec bucket(std::int64_t capacity, Duration period) {
  return BucketSpec{capacity, Rate{capacity * kNano, period}};
}

// One function `fn` (128 MB, no cold start, keep-alive 1 h, durations fixed `duration`)
// driven by one source `src` (a sync direct invoke with constant arrivals at `rate`/s).
inline ScenarioSpec one_function(double rate, Duration duration, Duration run_for) {
  ScenarioSpec s;
  s.name = "test";
  s.file = "test.yaml";
  s.run_for = run_for;
  s.seed = 7;
  FunctionSpec f;
  f.name = "fn";
  f.duration = Distribution::fixed(duration);
  f.cold_start = Distribution::fixed(Duration{0});
  f.keep_alive = Distribution::fixed(Duration::hours(1));
  f.timeout = Duration::seconds(900);
  s.functions.push_back(f);
  SourceSpec src;
  src.name = "src";
  src.type = SourceType::invoke;
  src.target = "fn";
  src.target_index = 0;
  src.arrivals.process = ArrivalProcess::constant;
  src.arrivals.rate = per_second(rate);
  s.sources.push_back(src);
  return s;
}

}  // namespace slsim::test
