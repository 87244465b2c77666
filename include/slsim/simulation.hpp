#pragma once
// One run of a scenario: compiles the ScenarioSpec into flat component vectors (no strings
// on the hot path), replays the workload through the event queue and returns what it
// measured. A run is a pure function of (scenario, seed, options).

#include <atomic>
#include <cstdint>
#include <vector>

#include "slsim/billing.hpp"
#include "slsim/narrator.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

struct RunOptions {
  // Go on after run_for without arrivals until nothing is in flight.
  bool drain = false;
  // One BillingTally per rule is kept for every function (see distinct_billing_rules).
  std::vector<BillingRule> billing_rules{BillingRule{}};
  // Stop after this many events (0 = no limit); the result says it stopped early.
  std::uint64_t max_events = 0;
  // Verify the invariants after every event (--check): time never goes back, concurrency
  // never over its limits, counts never negative, every request and invocation accounted
  // for exactly once. A violation is an InternalError naming the event. Slower; the results
  // are identical.
  bool check = false;
  // Called about every 2^20 events with the simulated time reached and the events so far
  // (may be null).
  void (*progress)(void* context, Time now, Time end, std::uint64_t events) = nullptr;
  void* progress_context = nullptr;
  // Record time series into RunResult::timeline (timeline.hpp), at this resolution (0 =
  // chosen from run_for). Sampling reads state between events: the run is otherwise
  // identical, fingerprint included.
  bool timeline = false;
  Duration timeline_resolution{0};
  // Ctrl-C: when it becomes true the run stops within a few thousand events and the result
  // says so (EngineStats::interrupted); null = never.
  const std::atomic<bool>* stop = nullptr;
  // `slsim trace`: told what happens (narrator.hpp); null = no narration, no cost.
  Narrator* narrator = nullptr;
};

// Runs the scenario. Throws InternalError (exit 3) if a conservation check fails.
RunResult run_simulation(const ScenarioSpec& scenario, const RunOptions& options);

}  // namespace slsim
