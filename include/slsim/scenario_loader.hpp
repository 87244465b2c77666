#pragma once
// YAML scenario -> validated ScenarioSpec. Every error names file:line:col, the field path,
// what was expected and what was found (ScenarioError, exit code 2). Unknown and duplicate
// keys are errors, with a "did you mean" suggestion. `--set path=value` options are applied to
// the YAML tree before it is read. The topology (Boost.Graph) is built and checked here too:
// unknown targets and illegal cycles are reported.

#include <string>
#include <vector>

#include "slsim/scenario.hpp"

namespace slsim {

// Loads and validates the scenario in `path`, after applying `sets` ("path=value").
ScenarioSpec load_scenario(const std::string& path, const std::vector<std::string>& sets = {});
// The same from text; `file` is used in messages and to resolve relative pricing paths.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file,
                                const std::vector<std::string>& sets = {});

}  // namespace slsim
