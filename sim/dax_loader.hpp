#pragma once
// Internal to the scenario loader: the `dax:` cluster of a DynamoDB table (services/dax.hpp).

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// `dax: {hit_ratio, query_hit_ratio, latency, nodes, node_type}` (README "DynamoDB Accelerator
// (DAX)").
DaxSpec read_dax(const YamlField& f);

}  // namespace slsim::loader
