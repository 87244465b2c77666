#pragma once
// Firehose streams of a CloudFormation template (internal to sim/import):
// AWS::KinesisFirehose::DeliveryStream read into the model (README "Simulate your own
// template"). What the simulator cannot hold (other destinations, other sources, Lambda
// transformation, compression, format conversion, dynamic partitioning, backups) is recorded
// on the resource for the summary, not refused: CloudFormation accepts it.

#include <string>

#include <yaml-cpp/yaml.h>

#include "slsim/import/cfn_values.hpp"
#include "slsim/import/template_model.hpp"

namespace slsim::import {

// The stream's source, its destination (the S3 bucket of ExtendedS3DestinationConfiguration
// or of the legacy S3DestinationConfiguration), buffering hints, prefix and file extension.
// `p` is the resource's Properties, `path` their place ("Resources.Logs.Properties").
ResourceModel read_firehose(ResourceModel r, const YAML::Node& p, const std::string& path,
                            CfnValues& values);

// A stream delivering to a bucket the template does not declare: the bucket is added to the
// model as an existing bucket (as a Serverless `existing: true` bucket), so the stream and its
// writers are simulated, and the summary says so.
void add_firehose_bucket(const ResourceModel& firehose, const CfnValues& values,
                         TemplateModel& model);

}  // namespace slsim::import
