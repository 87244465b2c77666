#pragma once
// Internal to the scenario loader: `resources.<name>` of type step_functions (README "Step
// Functions"). Functions are read before resources, so tasks resolve their function here.

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// Reads one state machine, checking what Step Functions' validation refuses: unknown or
// duplicate state names, transitions out of a branch, unreachable states, `next` on choice or
// terminal states, and (slsim's own) choice probabilities that do not sum to 1.
StateMachineSpec read_state_machine(const YamlField::Entry& entry, const ScenarioSpec& spec);

}  // namespace slsim::loader
