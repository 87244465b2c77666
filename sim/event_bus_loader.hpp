#pragma once
// Internal to the scenario loader: `resources.<name>` of type eventbridge with `rules:` (an
// event bus; README "EventBridge buses"). Targets are resolved once every resource is read.

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

EventBusSpec read_event_bus(const YamlField::Entry& entry);

// Resolves every bus rule's targets: functions, sqs queues, sns topics or state machines.
void resolve_bus_targets(ScenarioSpec& spec);

}  // namespace slsim::loader
