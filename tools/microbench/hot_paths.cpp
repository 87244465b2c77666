// Google Benchmark of slsim's hot paths: the event queue, the histogram, random draws and a
// whole warm invocation cycle. Build target `slsim_microbench`; run
//   build/slsim_microbench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include "slsim/distribution.hpp"
#include "slsim/event_queue.hpp"
#include "slsim/histogram.hpp"
#include "slsim/random.hpp"

namespace {

using namespace slsim;

// A queue holding `state.range(0)` pending events, one pushed per one popped: the steady
// state of a run with that many components and requests in flight.
void BM_EventQueuePushPop(benchmark::State& state) {
  EventQueue queue;
  Rng rng(1);
  const auto pending = static_cast<std::size_t>(state.range(0));
  for (std::size_t i = 0; i < pending; ++i) {
    queue.push(Time{static_cast<std::int64_t>(rng.below(1'000'000))}, EventKind::invocation_end, 0);
  }
  for (auto _ : state) {
    const Event e = queue.pop();
    queue.push(e.time + Duration{static_cast<std::int64_t>(rng.below(1'000'000))},
               EventKind::invocation_end, e.target);
  }
}
BENCHMARK(BM_EventQueuePushPop)->Arg(16)->Arg(256)->Arg(4096);

void BM_HistogramRecord(benchmark::State& state) {
  Histogram h;
  Rng rng(2);
  for (auto _ : state)
    h.record(static_cast<std::int64_t>(rng.below(10'000'000)));
  benchmark::DoNotOptimize(h.count());
}
BENCHMARK(BM_HistogramRecord);

void BM_ExponentialDraw(benchmark::State& state) {
  Rng rng(3);
  const Distribution d = Distribution::exponential(Duration::millis(100));
  for (auto _ : state)
    benchmark::DoNotOptimize(d.sample(rng));
}
BENCHMARK(BM_ExponentialDraw);

void BM_LognormalDraw(benchmark::State& state) {
  Rng rng(4);
  const Distribution d =
      Distribution::lognormal_from_median_p99(Duration::millis(80), Duration::millis(400));
  for (auto _ : state)
    benchmark::DoNotOptimize(d.sample(rng));
}
BENCHMARK(BM_LognormalDraw);

}  // namespace

BENCHMARK_MAIN();
