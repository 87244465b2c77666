#pragma once
// Internal to the scenario loader: one entry of `sources:` -> SourceSpec.

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// Reads `sources.<name>`; `spec.functions` is already read (the target is resolved and
// target_index set).
SourceSpec read_source(const YamlField::Entry& entry, const ScenarioSpec& spec);

}  // namespace slsim::loader
