// AWS::KinesisFirehose::DeliveryStream read into the model (cfn_firehose.hpp).

#include "cfn_firehose.hpp"

#include <algorithm>
#include <array>
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

// The functions of a ProcessingConfiguration's Lambda processors (LambdaArn parameters).
std::vector<std::string> processor_functions(const YAML::Node& config, const std::string& path,
                                             CfnValues& values) {
  std::vector<std::string> functions;
  const YAML::Node processors = lookup(config, "Processors");
  for (std::size_t i = 0; processors.IsSequence() && i < processors.size(); ++i) {
    const YAML::Node parameters = lookup(processors[i], "Parameters");
    for (std::size_t j = 0; parameters.IsSequence() && j < parameters.size(); ++j) {
      const std::string at = fmt::format("{}.Processors[{}].Parameters[{}]", path, i, j);
      const auto name = values.text(lookup(parameters[j], "ParameterName"), at + ".ParameterName");
      if (name != std::optional<std::string>("LambdaArn")) continue;
      if (const auto ref = values.resource_ref(lookup(parameters[j], "ParameterValue"),
                                               at + ".ParameterValue")) {
        functions.push_back(ref->name);
      }
    }
  }
  return functions;
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
    const auto functions =
        processor_functions(lookup(s3, "ProcessingConfiguration"), processing, values);
    r.unmodelled.emplace_back(
        fmt::format("ProcessingConfiguration (data transformation{}{}): records reach the buffer "
                    "untransformed and no function is invoked",
                    functions.empty() ? "" : " by Lambda function ", fmt::join(functions, ", ")));
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
