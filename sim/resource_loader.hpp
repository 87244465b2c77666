#pragma once
// Internal to the scenario loader: `resources.<name>` (service resources: queues, topics,
// buckets, ...) and the wiring between them and the functions.

#include <cstdint>
#include <string>
#include <vector>

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// Reads `resources:` into `spec` (functions are already read). Consumers are resolved to
// function indices and dead-letter queues to queue indices here.
void read_resources(const YamlField& field, ScenarioSpec& spec);

// Resolves each function's async on-failure destination to a queue and checks the rules AWS
// applies when the wiring is created (visibility timeout vs function timeout, FIFO DLQs, ...).
void resolve_function_destinations(ScenarioSpec& spec);

// An EventBridge target (of a schedule or of a bus rule) resolved by name to a function
// (async invoke), an SQS queue, an SNS topic or a state machine (facts 8); `path` names it in
// the error for an unknown name.
void resolve_event_target(ScheduleTarget& target, const ScenarioSpec& spec,
                          const std::string& path);

// The notifications of `bucket` that an object event of `key` triggers (prefix and suffix).
std::vector<std::uint32_t> matching_notifications(const S3BucketSpec& bucket,
                                                  const std::string& key, S3Event event);

}  // namespace slsim::loader
