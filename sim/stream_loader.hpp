#pragma once
// Internal to the scenario loader: Kinesis data streams (`type: kinesis`) and the event source
// mapping of a stream (`consumer:` of a Kinesis stream or of a DynamoDB table's stream).

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// A stream's `consumer:` (facts 3): function and batching, retry and failure fields. The
// on-failure destination is resolved later (resolve_stream_destinations), since a queue or
// topic may be declared after the stream.
StreamConsumerSpec read_stream_consumer(const YamlField& f, const ScenarioSpec& spec);

// `resources.<name>: {type: kinesis, ...}`.
KinesisSpec read_kinesis(const YamlField::Entry& entry, const ScenarioSpec& spec);

// `stream:` of a DynamoDB table (facts 7).
TableStreamSpec read_table_stream(const YamlField& f, const ScenarioSpec& spec);

// Resolves every stream consumer's on_failure to a standard SQS queue or an SNS topic.
void resolve_stream_destinations(ScenarioSpec& spec);

}  // namespace slsim::loader
