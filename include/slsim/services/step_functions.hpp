#pragma once
// Step Functions executions (facts 8; README "Step Functions"): every execution is a tree of
// threads (the root, and one per branch of a running parallel state), each at one state.
// Instant states (pass, choice, succeed, fail) run at once; a wait or a task retry's backoff is
// a workflow_step event; a task is a synchronous Lambda invoke that the simulation makes and
// reports back (task_done). Like SnsTopic, this component decides and the simulation acts:
// after each call, tasks() lists the Lambda invokes to make and ended() the executions that
// ended (for a caller waiting on StartSyncExecution).
//
// Records are reused through free lists; a thread's record lives until it has ended, its
// children have too, and (express roots) its 5-minute timeout event has fired, so a stale
// event always finds its own record. A parallel state that fails (a branch failed) leaves its
// other branches behind: each stops at its next state, and a running task's answer is ignored
// (its Lambda invocation still runs and is billed).

#include <cstdint>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/slot_pool.hpp"
#include "slsim/usage.hpp"

namespace slsim {

inline constexpr std::uint32_t kNoThread = 0xffffffffu;

// Express workflows bill duration rounded up to 100 ms and memory in 64 MB chunks (facts 8);
// slsim bills the minimum chunk (a small definition and payload).
inline constexpr Duration kExpressBillingStep = Duration::millis(100);
inline constexpr double kExpressBilledGb = 64.0 / 1024.0;

struct WorkflowTask {
  std::uint32_t thread;
  std::uint32_t function;
};

enum class ExecutionOutcome : std::uint8_t { succeeded, failed, timed_out };

struct EndedExecution {
  std::uint32_t request;  // the caller's request waiting on the result, or kNoThread
  ExecutionOutcome outcome;
  Duration latency;
};

class StepFunctions {
 public:
  StepFunctions(const std::vector<StateMachineSpec>& machines, std::uint64_t seed);

  // Starts an execution of `machine`; `request` (or kNoThread) is the caller waiting for its
  // result (API Gateway's StartSyncExecution).
  void start(std::uint32_t machine, std::uint32_t request, Time now, EventQueue& queue);
  // The workflow_step event: a wait ended or a retry's backoff did.
  void on_step(std::uint32_t thread, Time now, EventQueue& queue);
  // The workflow_timeout event of an express execution's root.
  void on_timeout(std::uint32_t root, Time now, EventQueue& queue);
  // The Lambda invoke of a task ended (failed: its function error or timeout, or a 429).
  void task_done(std::uint32_t thread, bool failed, Time now, EventQueue& queue);

  // What the simulation must do next; it clears them once done.
  std::vector<WorkflowTask>& tasks() { return tasks_; }
  std::vector<EndedExecution>& ended() { return ended_; }

  // Executions started and not ended (for --drain).
  std::uint64_t in_flight() const { return in_flight_; }

  std::vector<StateMachineResult> results() const;
  std::vector<ResourceUsage> usage() const;
  // --check: started = ended + in flight for every machine; "" when so.
  std::string check_invariants() const;

 private:
  struct Thread {
    Time started;  // root: the execution's start
    std::uint32_t machine = 0;
    std::uint32_t root = 0;
    std::uint32_t parent = kNoThread;
    std::uint32_t state = kEndOfBranch;
    std::uint32_t parent_epoch = 0;  // the parent's epoch when this branch started
    std::uint32_t epoch = 0;         // bumped each time this thread leaves a parallel state
    std::uint32_t pending = 0;       // branches of its running parallel state not yet done
    std::uint32_t children_alive = 0;
    std::uint32_t request = kNoThread;  // root: the waiting caller
    std::uint16_t retries = 0;          // retries made at the current task
    bool finished = false;
    bool done = false;              // root: the execution has ended
    bool deadline_pending = false;  // root: its express timeout event has not fired yet
  };

  std::uint32_t new_thread(std::uint32_t machine, std::uint32_t root, std::uint32_t parent);
  void advance(std::uint32_t thread, Time now, EventQueue& queue);
  bool is_orphan(const Thread& t) const;
  void finish_thread(std::uint32_t thread, bool succeeded, Time now, EventQueue& queue);
  void fail_state(std::uint32_t thread, Time now, EventQueue& queue);
  void end_execution(std::uint32_t root, ExecutionOutcome outcome, Time now);
  void maybe_free(std::uint32_t thread);

  const std::vector<StateMachineSpec>* machines_;
  std::vector<Rng> choice_rngs_;  // per machine
  SlotPool<Thread> threads_;
  std::vector<WorkflowTask> tasks_;
  std::vector<EndedExecution> ended_;
  std::vector<StateMachineResult> results_;
  std::vector<std::int64_t> express_billed_us_;
  std::uint64_t in_flight_ = 0;
};

}  // namespace slsim
