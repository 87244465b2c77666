// AWS::KinesisFirehose::DeliveryStream read into the model (cfn_firehose.hpp).

#include "cfn_firehose.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "yaml_lookup.hpp"

namespace slsim::import {

namespace {

// The destinations of a delivery stream, one per stream (AWS CloudFormation template
// reference, AWS::KinesisFirehose::DeliveryStream): only S3 is simulated.
constexpr std::array<std::string_view, 10> kDestinations = {
    "ExtendedS3DestinationConfiguration",
    "S3DestinationConfiguration",
    "RedshiftDestinationConfiguration",
    "ElasticsearchDestinationConfiguration",
    "AmazonopensearchserviceDestinationConfiguration",
    "AmazonOpenSearchServerlessDestinationConfiguration",
    "SplunkDestinationConfiguration",
    "HttpEndpointDestinationConfiguration",
    "SnowflakeDestinationConfiguration",
    "IcebergDestinationConfiguration"};
// DeliveryStreamType: DirectPut when unsaid.
constexpr std::array<std::string_view, 4> kSourceTypes = {"DirectPut", "KinesisStreamAsSource",
                                                          "MSKAsSource", "DatabaseAsSource"};
// BufferingHints (Firehose API reference): SizeInMBs 1..128, IntervalInSeconds 0..900.
constexpr std::int64_t kMaxBufferMb = 128;
constexpr std::int64_t kMaxBufferIntervalS = 900;

// A configuration that is present and not `Enabled: false`.
bool enabled(const YAML::Node& config, const std::string& path, CfnValues& values) {
  if (!config) return false;
  return values.boolean(lookup(config, "Enabled"), path + ".Enabled").value_or(true);
}

// Transform source data (Firehose developer guide; ProcessorParameter, Firehose API
// reference): BufferSizeInMBs 0.2..3, BufferIntervalInSeconds 0..900, NumberOfRetries 0..300.
constexpr double kMinTransformBufferMb = 0.2;
constexpr double kMaxTransformBufferMb = 3;
constexpr std::int64_t kMaxTransformRetries = 300;

std::optional<double> read_megabytes(const YAML::Node& node, const std::string& path,
                                     CfnValues& values) {
  const auto text = values.text(node, path);
  if (!text) return std::nullopt;
  double mb = 0;
  const char* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, mb);
  if (ec != std::errc{} || ptr != end || mb < kMinTransformBufferMb || mb > kMaxTransformBufferMb) {
    throw ScenarioError::invalid(values.at(node), path, "a number of MB from 0.2 to 3",
                                 "'" + *text + "'");
  }
  return mb;
}

// One parameter of a Lambda processor.
void read_lambda_parameter(const YAML::Node& parameter, const std::string& path, CfnValues& values,
                           ResourceModel& r) {
  const auto name = values.text(lookup(parameter, "ParameterName"), path + ".ParameterName");
  const YAML::Node value = lookup(parameter, "ParameterValue");
  const std::string at = path + ".ParameterValue";
  if (name == std::optional<std::string>("LambdaArn")) {
    if (const auto ref = values.resource_ref(value, at)) r.transform_function = ref->name;
  } else if (name == std::optional<std::string>("NumberOfRetries")) {
    r.transform_retries =
        values.integer(value, at, 0, kMaxTransformRetries, "an integer from 0 to 300");
  } else if (name == std::optional<std::string>("BufferSizeInMBs")) {
    r.transform_buffer_mb = read_megabytes(value, at, values);
  } else if (name == std::optional<std::string>("BufferIntervalInSeconds")) {
    r.transform_interval_s = values.integer(value, at, 0, kMaxBufferIntervalS,
                                            "an integer number of seconds from 0 to 900");
  }
}

// A ProcessingConfiguration's processors: the first Lambda processor is the transformation;
// the others (a second Lambda, RecordDeAggregation, AppendDelimiterToRecord, Decompression,
// CloudWatchLogProcessing, MetadataExtraction) are not simulated.
void read_processors(const YAML::Node& config, const std::string& path, CfnValues& values,
                     ResourceModel& r) {
  const YAML::Node processors = lookup(config, "Processors");
  for (std::size_t i = 0; processors.IsSequence() && i < processors.size(); ++i) {
    const std::string at = fmt::format("{}.Processors[{}]", path, i);
    const std::string type = values.text(lookup(processors[i], "Type"), at + ".Type").value_or("?");
    if (type != "Lambda" || !r.transform_function.empty()) {
      r.unmodelled.push_back(
          fmt::format("ProcessingConfiguration processor {}: records pass through it unchanged",
                      type == "Lambda" ? std::string("Lambda (a second one)") : type));
      continue;
    }
    const YAML::Node parameters = lookup(processors[i], "Parameters");
    for (std::size_t j = 0; parameters.IsSequence() && j < parameters.size(); ++j) {
      read_lambda_parameter(parameters[j], fmt::format("{}.Parameters[{}]", at, j), values, r);
    }
  }
}

// What an S3 destination asks that the simulator does not model.
void read_unmodelled(const YAML::Node& s3, const std::string& path, CfnValues& values,
                     ResourceModel& r) {
  const auto compression =
      values.text(lookup(s3, "CompressionFormat"), path + ".CompressionFormat");
  if (compression && *compression != "UNCOMPRESSED") {
    r.unmodelled.emplace_back(
        fmt::format("CompressionFormat {}: objects are written uncompressed (sized as the records)",
                    *compression));
  }
  const std::string processing = path + ".ProcessingConfiguration";
  if (enabled(lookup(s3, "ProcessingConfiguration"), processing, values)) {
    read_processors(lookup(s3, "ProcessingConfiguration"), processing, values, r);
  }
  if (enabled(lookup(s3, "DataFormatConversionConfiguration"),
              path + ".DataFormatConversionConfiguration", values)) {
    r.unmodelled.emplace_back(
        "DataFormatConversionConfiguration (JSON to Parquet/ORC): records are delivered as "
        "written");
  }
  if (enabled(lookup(s3, "DynamicPartitioningConfiguration"),
              path + ".DynamicPartitioningConfiguration", values)) {
    r.unmodelled.emplace_back(
        "DynamicPartitioningConfiguration: one buffer for the stream, not one per partition key");
  }
  if (values.text(lookup(s3, "S3BackupMode"), path + ".S3BackupMode") ==
      std::optional<std::string>("Enabled")) {
    r.unmodelled.emplace_back("S3BackupMode Enabled: the backup copy of the source records");
  }
}

void read_s3_destination(const YAML::Node& s3, const std::string& path, bool extended,
                         CfnValues& values, ResourceModel& r) {
  const YAML::Node bucket = lookup(s3, "BucketARN");
  if (!bucket) throw ScenarioError::missing(values.at(s3), path, "BucketARN");
  if (const auto ref = values.resource_ref(bucket, path + ".BucketARN")) r.destination = ref->name;
  const YAML::Node hints = lookup(s3, "BufferingHints");
  r.buffer_size_mb = values.integer(lookup(hints, "SizeInMBs"), path + ".BufferingHints.SizeInMBs",
                                    1, kMaxBufferMb, "an integer number of MB from 1 to 128");
  r.buffer_interval_s =
      values.integer(lookup(hints, "IntervalInSeconds"), path + ".BufferingHints.IntervalInSeconds",
                     0, kMaxBufferIntervalS, "an integer number of seconds from 0 to 900");
  r.prefix = values.text(lookup(s3, "Prefix"), path + ".Prefix").value_or("");
  if (extended) {
    r.file_extension =
        values.text(lookup(s3, "FileExtension"), path + ".FileExtension").value_or("");
  }
  read_unmodelled(s3, path, values, r);
}

}  // namespace

ResourceModel read_firehose(ResourceModel r, const YAML::Node& p, const std::string& path,
                            CfnValues& values) {
  const YAML::Node type = lookup(p, "DeliveryStreamType");
  r.source_type = values.text(type, path + ".DeliveryStreamType").value_or("DirectPut");
  if (std::find(kSourceTypes.begin(), kSourceTypes.end(), r.source_type) == kSourceTypes.end()) {
    throw values.invalid(type, path + ".DeliveryStreamType",
                         "DirectPut, KinesisStreamAsSource, MSKAsSource or DatabaseAsSource");
  }
  if (r.source_type == "KinesisStreamAsSource") {
    const YAML::Node config = lookup(p, "KinesisStreamSourceConfiguration");
    if (!config)
      throw ScenarioError::missing(values.at(p), path, "KinesisStreamSourceConfiguration");
    const YAML::Node arn = lookup(config, "KinesisStreamARN");
    const std::string at = path + ".KinesisStreamSourceConfiguration";
    if (!arn) throw ScenarioError::missing(values.at(config), at, "KinesisStreamARN");
    if (const auto ref = values.resource_ref(arn, at + ".KinesisStreamARN")) r.source = ref->name;
  }
  for (const std::string_view key : kDestinations) {
    const YAML::Node config = lookup(p, std::string(key));
    if (!config) continue;
    if (!r.destination_type.empty()) {
      throw values.rule(config, path + "." + std::string(key),
                        fmt::format("a delivery stream has one destination; {} is its second "
                                    "(after {})",
                                    key, r.destination_type));
    }
    r.destination_type = std::string(key);
    const bool extended = key == kDestinations[0];
    if (extended || key == kDestinations[1]) {
      read_s3_destination(config, path + "." + std::string(key), extended, values, r);
    }
  }
  return r;
}

void add_firehose_bucket(const ResourceModel& firehose, const CfnValues& values,
                         TemplateModel& model) {
  if (firehose.destination.empty() || values.is_resource(firehose.destination) ||
      model.find_resource(firehose.destination) != nullptr) {
    return;
  }
  if (firehose.destination_type != kDestinations[0] &&
      firehose.destination_type != kDestinations[1]) {
    return;
  }
  ResourceModel bucket;
  bucket.name = firehose.destination;
  bucket.kind = ResourceKind::s3_bucket;
  bucket.type = "AWS::S3::Bucket";
  bucket.where = firehose.where;
  bucket.existing = true;
  model.resources.push_back(std::move(bucket));
}

}  // namespace slsim::import
