#pragma once
// The `states:` of an imported state machine (internal to sim/import): the Amazon States
// Language states of the template (asl_reader.hpp) in the scenario's step_functions schema
// (README "Step Functions"). Task states that invoke a function of the template become `task`
// states (with their first Retry and Catch); other Tasks (service integrations, functions
// outside the template) become `pass` states, said as skipped; Wait Seconds a `wait` duration;
// a Choice equal-probability `choices` (its rules cannot be evaluated: PLACEHOLDERs, said as
// guesses); Parallel its branches; Map a one-branch `parallel` running its iteration once (said
// as a guess); Pass, Succeed and Fail as they are. State names are made scenario names, unique
// in the machine.

#include <map>
#include <string>
#include <vector>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

struct StatesSection {
  std::string yaml;  // "states:" and its list, indented by `indent`
  std::vector<ImportNote> guessed;
  std::vector<ImportNote> skipped;
};

// `functions`: the template's functions (logical name -> scenario name).
StatesSection write_states(const ResourceModel& machine,
                           const std::map<std::string, std::string>& functions,
                           const std::string& indent);

}  // namespace slsim::import
