// Firehose streams (README "Kinesis Data Firehose"). Every default is the AWS default, from
// the Firehose API reference (BufferingHints, ExtendedS3DestinationConfiguration).

#include "firehose_loader.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "loader_fields.hpp"

namespace slsim::loader {

namespace {

constexpr std::int64_t kMiB = std::int64_t{1024} * 1024;
// BufferingHints: SizeInMBs 1..128 (whole MiB), IntervalInSeconds 0..900 (whole seconds).
constexpr std::int64_t kMaxBufferMiB = 128;
constexpr Duration kMaxBufferInterval = Duration::seconds(900);
// ExtendedS3DestinationConfiguration: Prefix 0..1,024 characters; FileExtension 0..128
// characters matching ^$|\.[0-9a-z!\-_.*'()]+ (a dot, then those characters).
constexpr std::size_t kMaxPrefixLength = 1'024;
constexpr std::size_t kMaxExtensionLength = 128;
// PutRecord / PutRecordBatch: a record is at most 1,000 KiB; a batch holds at most 500
// records and 4 MiB.
constexpr std::int64_t kMaxRecordBytes = std::int64_t{1000} * 1024;
constexpr std::int64_t kMaxBatchRecords = 500;
constexpr std::int64_t kMaxBatchBytes = std::int64_t{4} * kMiB;
// Transform source data (developer guide): the Lambda buffering size hint 0.2..3 MB, interval
// 0..900 s; invocations of up to 5 minutes; NumberOfRetries 0..300 (ProcessorParameter).
constexpr std::int64_t kMinTransformBuffer = kMiB / 5;
constexpr std::int64_t kMaxTransformBuffer = 3 * kMiB;
constexpr Duration kMaxTransformTimeout = Duration::minutes(5);
constexpr std::int64_t kMaxTransformRetries = 300;
// A transformation that inflates its input tenfold is surely a mistake in the ratio.
constexpr double kMaxOutputRatio = 10;
// A quota increase beyond 1 GiB/s per stream is not something a scenario means.
constexpr std::int64_t kMaxQuotaMiB = 1'024;

bool extension_character(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         std::string_view("!-_.*'()").find(c) != std::string_view::npos;
}

std::string read_extension(const YamlField& f) {
  std::string text = f.as_string();
  const std::string expected =
      "'' or a file extension such as '.json': a dot, then lowercase letters, digits or "
      "!-_.*'() (at most 128 characters)";
  if (text.empty()) return text;
  if (text.size() > kMaxExtensionLength || text[0] != '.' || text.size() < 2) {
    throw f.invalid(expected);
  }
  for (const char c : text) {
    if (!extension_character(c)) throw f.invalid(expected);
  }
  return text;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

FirehoseTransformSpec read_transform(const YamlField& f, const ScenarioSpec& spec) {
  f.expect_map({"function", "buffer_size", "buffer_interval", "retries", "output_ratio"});
  FirehoseTransformSpec t;
  t.where = f.location();
  const YamlField function = f.required("function");
  const std::string name = function.as_name();
  const auto index = spec.function_index(name);
  if (!index) {
    std::vector<std::string> names;
    for (const FunctionSpec& fn : spec.functions)
      names.push_back(fn.name);
    const std::string suggestion = nearest_name(name, names);
    throw function.rule(fmt::format(
        "unknown function '{}'{}", name,
        suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion)));
  }
  t.function = name;
  t.function_where = function.location();
  t.function_index = *index;
  // "Firehose supports a Lambda invocation time of up to 5 minutes" (Transform source data):
  // a longer timeout would let invocations run past what Firehose waits for.
  if (spec.functions[*index].timeout > kMaxTransformTimeout) {
    throw function.rule(fmt::format(
        "function {}'s timeout {} is over the 5 minutes Firehose waits for a transformation "
        "(lower the function's timeout to 5m or less)",
        name, format_duration(spec.functions[*index].timeout)));
  }
  if (f.has("buffer_size")) {
    const YamlField size = f["buffer_size"];
    const std::int64_t bytes = size.as_size();
    if (bytes < kMinTransformBuffer || bytes > kMaxTransformBuffer) {
      throw size.invalid("a size from 205KB (0.2 MB) to 3MB (the Lambda buffering size hint)");
    }
    t.buffer_size = bytes;
  }
  if (f.has("buffer_interval")) {
    t.buffer_interval = duration_in(f["buffer_interval"], Duration{0}, kMaxBufferInterval);
  }
  if (f.has("retries")) t.retries = integer_in(f["retries"], 0, kMaxTransformRetries);
  if (f.has("output_ratio")) {
    const YamlField ratio = f["output_ratio"];
    double value = -1;
    try {
      value = ratio.as_number();
    } catch (const ScenarioError&) {
      throw ratio.invalid("a ratio from 0 to 10 (transformed bytes per input byte)");
    }
    if (!(value >= 0 && value <= kMaxOutputRatio)) {
      throw ratio.invalid("a ratio from 0 to 10 (transformed bytes per input byte)");
    }
    t.output_ratio = value;
  }
  return t;
}

}  // namespace

std::int64_t firehose_batch_records(const YamlField& field) {
  return integer_in(field, 1, kMaxBatchRecords);
}

void check_firehose_put(const YamlField& f, const char* size_key, std::int64_t size,
                        std::int64_t records) {
  if (size > kMaxRecordBytes) {
    throw f[size_key].invalid("a record size of at most 1000KB (Firehose PutRecord)");
  }
  if (size * records > kMaxBatchBytes) {
    throw f.rule(fmt::format(
        "a PutRecordBatch of {} records of {} bytes is over its 4MB limit (Firehose API "
        "reference)",
        records, size));
  }
}

void check_direct_put(const FirehoseSpec& firehose, const SourceLocation& where,
                      const std::string& path) {
  if (firehose.source.empty()) return;
  throw ScenarioError::rule(
      where, path,
      fmt::format("firehose stream '{}' reads kinesis stream '{}' and takes no PutRecord "
                  "(write to the kinesis stream instead)",
                  firehose.name, firehose.source));
}

FirehoseSpec read_firehose(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "destination", "source", "buffer_size", "buffer_interval", "prefix",
                "file_extension", "quota_mib_per_second", "transform"});
  FirehoseSpec firehose;
  firehose.name = entry.key;
  firehose.where = entry.key_location;
  const YamlField destination = f.required("destination");
  firehose.destination = destination.as_name();
  firehose.destination_where = destination.location();
  if (f.has("source")) {
    firehose.source = f["source"].as_name();
    firehose.source_where = f["source"].location();
    if (f.has("quota_mib_per_second")) {
      throw f["quota_mib_per_second"].rule(
          "quota_mib_per_second is the Direct PUT quota; a stream with a Kinesis source reads "
          "at the source stream's pace");
    }
  }
  if (f.has("buffer_size")) {
    const YamlField size = f["buffer_size"];
    const std::int64_t bytes = size.as_size();
    if (bytes % kMiB != 0 || bytes < kMiB || bytes > kMaxBufferMiB * kMiB) {
      throw size.invalid("a whole number of MB from 1MB to 128MB (BufferingHints SizeInMBs)");
    }
    firehose.buffer_size = bytes;
  }
  if (f.has("buffer_interval")) {
    const YamlField interval = f["buffer_interval"];
    firehose.buffer_interval = duration_in(interval, Duration{0}, kMaxBufferInterval);
    if (firehose.buffer_interval.us % 1'000'000 != 0) {
      throw interval.invalid("whole seconds from 0s to 900s (BufferingHints IntervalInSeconds)");
    }
  }
  if (f.has("prefix")) {
    firehose.prefix = f["prefix"].as_string();
    if (firehose.prefix.size() > kMaxPrefixLength) {
      throw f["prefix"].invalid("an S3 key prefix of at most 1,024 characters");
    }
  }
  if (f.has("file_extension")) firehose.file_extension = read_extension(f["file_extension"]);
  if (f.has("quota_mib_per_second")) {
    firehose.quota_mib_per_second = integer_in(f["quota_mib_per_second"], 1, kMaxQuotaMiB);
  }
  if (f.has("transform")) firehose.transform = read_transform(f["transform"], spec);
  return firehose;
}

// An object's key is <prefix>YYYY/MM/dd/HH/<stream>-<version>-<timestamp>-<uuid><extension>
// (the S3 destination's default key format): a notification matches every object when the
// stream's prefix starts with the notification's prefix and its extension ends with the
// notification's suffix, and none otherwise (a notification prefix reaching into the date is
// not matched: the simulated objects carry no dates).
void resolve_firehose_destinations(ScenarioSpec& spec) {
  for (FirehoseSpec& firehose : spec.firehoses) {
    const auto bucket = spec.bucket_index(firehose.destination);
    if (!bucket) {
      std::vector<std::string> names;
      for (const S3BucketSpec& b : spec.buckets)
        names.push_back(b.name);
      const std::string suggestion = nearest_name(firehose.destination, names);
      throw ScenarioError::rule(
          firehose.destination_where, fmt::format("resources.{}.destination", firehose.name),
          fmt::format("unknown s3 bucket '{}' ({})", firehose.destination,
                      suggestion.empty()
                          ? std::string("Firehose delivers to an s3 bucket of the scenario")
                          : fmt::format("did you mean '{}'?", suggestion)));
    }
    firehose.destination_index = *bucket;
    if (!firehose.source.empty()) {
      const auto stream = spec.stream_index(firehose.source);
      if (!stream) {
        throw ScenarioError::rule(firehose.source_where,
                                  fmt::format("resources.{}.source", firehose.name),
                                  fmt::format("unknown kinesis stream '{}' (a Firehose source is "
                                              "a Kinesis data stream of the scenario)",
                                              firehose.source));
      }
      firehose.source_index = *stream;
    }
    const S3BucketSpec& b = spec.buckets[*bucket];
    for (std::uint32_t i = 0; i < b.notifications.size(); ++i) {
      const NotificationSpec& n = b.notifications[i];
      if (n.event == S3Event::created && starts_with(firehose.prefix, n.prefix) &&
          ends_with(firehose.file_extension, n.suffix)) {
        firehose.notifications.push_back(i);
      }
    }
  }
}

}  // namespace slsim::loader
