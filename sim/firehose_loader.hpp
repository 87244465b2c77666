#pragma once
// Internal to the scenario loader: Firehose streams (`type: firehose`, README "Kinesis Data
// Firehose").

#include "slsim/scenario.hpp"
#include "slsim/yaml_reader.hpp"

namespace slsim::loader {

// `records:` of a PutRecordBatch (a call or a producer): 1..500 (Firehose API reference).
std::int64_t firehose_batch_records(const YamlField& field);

// A put of `records` records of `size` bytes each, read from map `f` (its size under key
// `size_key`): a record is at most 1,000 KiB and a PutRecordBatch at most 4 MiB (Firehose API
// reference, PutRecord and PutRecordBatch).
void check_firehose_put(const YamlField& f, const char* size_key, std::int64_t size,
                        std::int64_t records);

// A PutRecord to `firehose` (a call's or a producer's target at `where`, path `path`): refused
// when the stream reads a Kinesis stream (Firehose: "PutRecord ... not supported" for a
// stream whose source is a Kinesis data stream).
void check_direct_put(const FirehoseSpec& firehose, const SourceLocation& where,
                      const std::string& path);

// `resources.<name>: {type: firehose, destination, ...}` (functions are read: a transform's
// function is resolved here). The destination is resolved later
// (resolve_firehose_destinations): the bucket may be declared after the stream.
FirehoseSpec read_firehose(const YamlField::Entry& entry, const ScenarioSpec& spec);

// Resolves every Firehose stream's source to a Kinesis stream (if it has one) and its
// destination to an S3 bucket, and matches the bucket's
// object-created notifications against the objects' keys.
void resolve_firehose_destinations(ScenarioSpec& spec);

}  // namespace slsim::loader
