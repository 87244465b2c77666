#pragma once
// Internal to the scenario loader: one entry of `sources:` -> SourceSpec.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// Function name -> index in spec.functions. ScenarioSpec::function_index searches linearly,
// which is quadratic over a scenario with many thousands of functions and sources.
using FunctionIndex = std::unordered_map<std::string, std::uint32_t>;

// Reads `sources.<name>`; `spec.functions` is already read and indexed in `functions` (the
// target is resolved and target_index set).
SourceSpec read_source(const YamlField::Entry& entry, const ScenarioSpec& spec,
                       const FunctionIndex& functions);

}  // namespace slsim::loader
