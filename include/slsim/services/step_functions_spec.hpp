#pragma once
// A Step Functions state machine as the scenario declares it (resources.<name>: {type:
// step_functions}): a list of named states, run in order unless a state names its `next`;
// parallel states hold branches, each a list of states of its own. The loader flattens every
// branch into StateMachineSpec::states and resolves names to indices (README "Step Functions").

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/time.hpp"

namespace slsim {

enum class StateType : std::uint8_t { task, wait, choice, parallel, pass, succeed, fail };
enum class WorkflowKind : std::uint8_t { standard, express };

// No next state: the branch (or the execution) ends with success.
inline constexpr std::uint32_t kEndOfBranch = 0xffffffffu;

// Express workflows run at most 5 minutes (facts 8); standard ones a year.
inline constexpr Duration kExpressMaxDuration = Duration::minutes(5);

// A task's Retry (Amazon States Language): `max_attempts` retries after the first attempt,
// the n-th after interval x backoff_rate^(n-1). Defaults 3, 1 s, 2.0 ("Handling errors in
// Step Functions workflows", docs.aws.amazon.com/step-functions/latest/dg/
// concepts-error-handling.html: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0).
struct StateRetry {
  std::int64_t max_attempts = 3;  // 0..99999999 by ASL; slsim caps it at 100
  Duration interval = Duration::seconds(1);
  double backoff_rate = 2.0;  // >= 1.0 (ASL)
};

struct ChoiceSpec {
  double probability = 0;
  std::string next;
  SourceLocation where;
  std::uint32_t next_index = kEndOfBranch;
};

struct StateSpec {
  std::string name;
  SourceLocation where;
  StateType type = StateType::pass;
  std::uint32_t next_index = kEndOfBranch;   // the state after this one in its branch
  std::uint32_t function_index = 0;          // task: the Lambda function invoked synchronously
  Duration wait{0};                          // wait: how long
  std::vector<ChoiceSpec> choices;           // choice: probabilities summing to 1
  std::vector<std::uint32_t> branches;       // parallel: the first state of each branch
  std::optional<StateRetry> retry;           // task
  std::uint32_t catch_index = kEndOfBranch;  // task, parallel: the state after a failure
  bool has_catch = false;
};

struct StateMachineSpec {
  std::string name;
  SourceLocation where;
  WorkflowKind kind = WorkflowKind::standard;
  std::vector<StateSpec> states;  // states[0] starts the execution
};

const char* to_string(StateType t);
const char* to_string(WorkflowKind k);

}  // namespace slsim
