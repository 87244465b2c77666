#pragma once
// Internal to the scenario loader: `resources.<name>` (service resources: queues, topics,
// buckets, ...) and the wiring between them and the functions.

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// Reads `resources:` into `spec` (functions are already read). Consumers are resolved to
// function indices and dead-letter queues to queue indices here.
void read_resources(const YamlField& field, ScenarioSpec& spec);

// Resolves each function's async on-failure destination to a queue and checks the rules AWS
// applies when the wiring is created (visibility timeout vs function timeout, FIFO DLQs, ...).
void resolve_function_destinations(ScenarioSpec& spec);

}  // namespace slsim::loader
