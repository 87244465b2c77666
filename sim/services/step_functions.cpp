#include "slsim/services/step_functions.hpp"

#include <fmt/format.h>

#include <cmath>

namespace slsim {

StepFunctions::StepFunctions(const std::vector<StateMachineSpec>& machines, std::uint64_t seed)
    : machines_(&machines), express_billed_us_(machines.size(), 0) {
  for (const StateMachineSpec& m : machines) {
    choice_rngs_.push_back(Rng::stream(seed, "state_machine", m.name, "choices"));
    StateMachineResult r;
    r.name = m.name;
    r.kind = m.kind;
    results_.push_back(r);
  }
}

std::uint32_t StepFunctions::new_thread(std::uint32_t machine, std::uint32_t root,
                                        std::uint32_t parent) {
  Thread t;
  t.machine = machine;
  t.root = root;
  t.parent = parent;
  if (parent != kNoThread) {
    t.parent_epoch = threads_[parent].epoch;
    ++threads_[parent].children_alive;
  }
  const std::uint32_t id = threads_.add(t);
  if (root == kNoThread) threads_[id].root = id;  // a new execution: its own root
  return id;
}

void StepFunctions::start(std::uint32_t machine, std::uint32_t request, Time now,
                          EventQueue& queue) {
  const std::uint32_t root = new_thread(machine, kNoThread, kNoThread);
  Thread& t = threads_[root];
  t.started = now;
  t.request = request;
  t.state = 0;
  ++results_[machine].started;
  ++in_flight_;
  if ((*machines_)[machine].kind == WorkflowKind::express) {
    // Express executions stop at 5 minutes (facts 8).
    t.deadline_pending = true;
    queue.push(now + kExpressMaxDuration, EventKind::workflow_timeout, 0, root);
  }
  advance(root, now, queue);
}

// A branch whose parallel state already failed (or whose execution ended) stops.
bool StepFunctions::is_orphan(const Thread& t) const {
  if (threads_[t.root].done) return true;
  return t.parent != kNoThread && threads_[t.parent].epoch != t.parent_epoch;
}

// Runs the thread from its current state until it waits (a task, a wait) or ends. Holds no
// reference into threads_ across calls that may grow it.
void StepFunctions::advance(std::uint32_t id, Time now, EventQueue& queue) {
  for (;;) {
    if (is_orphan(threads_[id])) {
      threads_[id].finished = true;
      maybe_free(id);
      return;
    }
    const std::uint32_t machine = threads_[id].machine;
    if (threads_[id].state == kEndOfBranch) {
      finish_thread(id, /*succeeded=*/true, now, queue);
      return;
    }
    const StateSpec& s = (*machines_)[machine].states[threads_[id].state];
    ++results_[machine].transitions;  // every state entered, retries too (facts 8)
    switch (s.type) {
      case StateType::pass:
        threads_[id].state = s.next_index;
        continue;
      case StateType::wait:
        threads_[id].state = s.next_index;
        queue.push(now + s.wait, EventKind::workflow_step, 0, id);
        return;
      case StateType::choice: {
        const double u = choice_rngs_[machine].uniform01();
        double cumulative = 0;
        std::uint32_t next = s.choices.back().next_index;
        for (const ChoiceSpec& c : s.choices) {
          cumulative += c.probability;
          if (u < cumulative) {
            next = c.next_index;
            break;
          }
        }
        threads_[id].state = next;
        continue;
      }
      case StateType::succeed:
        finish_thread(id, /*succeeded=*/true, now, queue);
        return;
      case StateType::fail:
        finish_thread(id, /*succeeded=*/false, now, queue);
        return;
      case StateType::task:
        tasks_.push_back(WorkflowTask{id, s.function_index});
        return;
      case StateType::parallel: {
        threads_[id].pending = static_cast<std::uint32_t>(s.branches.size());
        const std::uint32_t root = threads_[id].root;
        // Branches start one by one; one that fails at once bumps the epoch, and the ones
        // after it, started for the old epoch, stop at once.
        // A hold on the record keeps it while the loop runs (a branch failing at once could
        // otherwise end and free this thread).
        const std::uint32_t epoch = threads_[id].epoch;
        ++threads_[id].children_alive;
        for (const std::uint32_t first : s.branches) {
          const std::uint32_t child = new_thread(machine, root, id);
          threads_[child].state = first;
          threads_[child].parent_epoch = epoch;
          advance(child, now, queue);
        }
        --threads_[id].children_alive;
        maybe_free(id);
        return;
      }
    }
  }
}

void StepFunctions::on_step(std::uint32_t thread, Time now, EventQueue& queue) {
  advance(thread, now, queue);
}

void StepFunctions::task_done(std::uint32_t id, bool failed, Time now, EventQueue& queue) {
  if (is_orphan(threads_[id])) {
    threads_[id].finished = true;
    maybe_free(id);
    return;
  }
  Thread& t = threads_[id];
  const StateSpec& s = (*machines_)[t.machine].states[t.state];
  if (!failed) {
    t.retries = 0;
    t.state = s.next_index;
    advance(id, now, queue);
    return;
  }
  ++results_[t.machine].task_failures;
  // Retry (ASL): the n-th retry after interval x backoff_rate^(n-1); re-entering the state is
  // a transition again.
  if (s.retry && t.retries < s.retry->max_attempts) {
    const double factor = std::pow(s.retry->backoff_rate, static_cast<double>(t.retries));
    const Duration delay = round_to_micros(static_cast<double>(s.retry->interval.us) * factor);
    ++t.retries;
    ++results_[t.machine].task_retries;
    queue.push(now + delay, EventKind::workflow_step, 0, id);
    return;
  }
  fail_state(id, now, queue);
}

// The current state failed for good: to its catch state, else the branch (or execution) fails.
void StepFunctions::fail_state(std::uint32_t id, Time now, EventQueue& queue) {
  Thread& t = threads_[id];
  const StateSpec& s = (*machines_)[t.machine].states[t.state];
  t.retries = 0;
  if (s.has_catch) {
    t.state = s.catch_index;
    advance(id, now, queue);
    return;
  }
  finish_thread(id, /*succeeded=*/false, now, queue);
}

void StepFunctions::finish_thread(std::uint32_t id, bool succeeded, Time now, EventQueue& queue) {
  threads_[id].finished = true;
  const std::uint32_t parent = threads_[id].parent;
  if (parent == kNoThread) {
    end_execution(id, succeeded ? ExecutionOutcome::succeeded : ExecutionOutcome::failed, now);
  } else if (!is_orphan(threads_[id])) {
    Thread& p = threads_[parent];
    const StateSpec& parallel = (*machines_)[p.machine].states[p.state];
    if (succeeded) {
      if (--p.pending == 0) {  // every branch ended: the parallel state is done
        ++p.epoch;
        p.state = parallel.next_index;
        advance(parent, now, queue);
      }
    } else {  // a failed branch fails the parallel state; the others are left behind
      ++p.epoch;
      fail_state(parent, now, queue);
    }
  }
  maybe_free(id);
}

void StepFunctions::end_execution(std::uint32_t root, ExecutionOutcome outcome, Time now) {
  Thread& t = threads_[root];
  t.done = true;
  --in_flight_;
  StateMachineResult& r = results_[t.machine];
  switch (outcome) {
    case ExecutionOutcome::succeeded:
      ++r.succeeded;
      break;
    case ExecutionOutcome::failed:
      ++r.failed;
      break;
    case ExecutionOutcome::timed_out:
      ++r.timed_out;
      break;
  }
  const Duration latency = now - t.started;
  r.latency.record(latency.us);
  if ((*machines_)[t.machine].kind == WorkflowKind::express) {
    // Duration rounded up to the next 100 ms (facts 8).
    const std::int64_t step = kExpressBillingStep.us;
    express_billed_us_[t.machine] += (latency.us + step - 1) / step * step;
  }
  ended_.push_back(EndedExecution{t.request, outcome, latency});
}

void StepFunctions::on_timeout(std::uint32_t root, Time now, EventQueue& queue) {
  (void)queue;
  threads_[root].deadline_pending = false;
  if (!threads_[root].done) end_execution(root, ExecutionOutcome::timed_out, now);
  maybe_free(root);
}

void StepFunctions::maybe_free(std::uint32_t id) {
  for (;;) {
    const Thread& t = threads_[id];
    if (!t.finished || t.children_alive > 0 || t.deadline_pending) return;
    if (t.parent == kNoThread && !t.done) return;
    const std::uint32_t parent = t.parent;
    threads_.free(id);
    threads_[id].finished = false;  // freed: never freed twice
    threads_[id].done = false;
    threads_[id].deadline_pending = true;
    if (parent == kNoThread) return;
    --threads_[parent].children_alive;
    id = parent;
  }
}

std::vector<StateMachineResult> StepFunctions::results() const {
  std::vector<StateMachineResult> out = results_;
  for (std::size_t m = 0; m < out.size(); ++m) {
    StateMachineResult& r = out[m];
    r.in_flight_at_end = r.started - r.succeeded - r.failed - r.timed_out;
    r.express_billed_seconds = static_cast<double>(express_billed_us_[m]) / 1e6;
  }
  return out;
}

// facts 8: standard bills state transitions; express bills requests and GB-s.
std::vector<ResourceUsage> StepFunctions::usage() const {
  std::vector<ResourceUsage> out;
  for (std::size_t m = 0; m < results_.size(); ++m) {
    const StateMachineResult& r = results_[m];
    if (r.kind == WorkflowKind::standard) {
      out.push_back(
          ResourceUsage{r.name,
                        "step_functions",
                        {Meter{"state_transitions", static_cast<double>(r.transitions)}}});
    } else {
      const double billed_s = static_cast<double>(express_billed_us_[m]) / 1e6;
      out.push_back(ResourceUsage{r.name,
                                  "step_functions",
                                  {Meter{"express_requests", static_cast<double>(r.started)},
                                   Meter{"express_gb_s", billed_s * kExpressBilledGb}}});
    }
  }
  return out;
}

std::string StepFunctions::check_invariants() const {
  std::uint64_t running = 0;
  for (const StateMachineResult& r : results_) {
    const std::uint64_t ended = r.succeeded + r.failed + r.timed_out;
    if (ended > r.started) {
      return fmt::format("state machine {}: {} executions ended of {} started", r.name, ended,
                         r.started);
    }
    running += r.started - ended;
  }
  if (running != in_flight_) {
    return fmt::format("state machines: {} executions running but {} in flight", running,
                       in_flight_);
  }
  return "";
}

}  // namespace slsim
