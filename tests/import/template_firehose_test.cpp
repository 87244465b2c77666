// `slsim import` of Firehose streams (AWS::KinesisFirehose::DeliveryStream): the S3 destination
// (ExtendedS3DestinationConfiguration, the legacy S3DestinationConfiguration) with its
// buffering hints, prefix and file extension; a Kinesis data stream as the source; a bucket of
// another stack; what is not simulated (an HTTP endpoint destination, Lambda transformation,
// compression, dynamic partitioning, an extension Firehose refuses) listed in the summary; the
// SAM policy templates FirehoseWritePolicy / FirehoseCrudPolicy as suggested firehose_put
// calls. Checked against tests/import/templates/sam-firehose.yaml and serverless-firehose.yml,
// loaded with the project's loader and run to the end under the invariant checks.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "import_fixture.hpp"
#include "slsim/import/sam_reader.hpp"
#include "slsim/import/template_import.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/simulation.hpp"

using namespace slsim;
using namespace slsim::import;

namespace {

using test::has_note;
using test::named;
using test::run_to_the_end;
using test::services;
using test::template_path;
using test::text_of;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("Import Firehose: a Direct PUT stream to a bucket of the template", "[import]") {
  const std::string file = template_path("sam-firehose.yaml");
  const TemplateModel model = read_sam_template(file);
  const ResourceModel* events = model.find_resource("EventsDeliveryStream");
  REQUIRE(events);
  CHECK(events->kind == ResourceKind::firehose);
  CHECK(events->source_type == "DirectPut");
  CHECK(events->destination_type == "ExtendedS3DestinationConfiguration");
  CHECK(events->destination == "LakeBucket");

  const ImportResult result = import_sam(file, services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node f = root["resources"]["EventsDeliveryStream"];
  CHECK(text_of(f["type"]) == "firehose");
  CHECK(text_of(f["destination"]) == "LakeBucket");
  CHECK_FALSE(f["source"]);
  CHECK(text_of(f["buffer_size"]) == "64MB");
  CHECK(text_of(f["buffer_interval"]) == "60s");
  CHECK(text_of(f["prefix"]) == "raw/");
  CHECK(text_of(f["file_extension"]) == ".json.gz");
  CHECK(has_note(result.mapped, "resource EventsDeliveryStream (Firehose stream)",
                 "-> resources.EventsDeliveryStream (type firehose, to bucket LakeBucket, "
                 "buffer 64 MB, interval 60s)"));
  // What the stream asks that the simulator does not model, each said once.
  const std::string subject = "resource EventsDeliveryStream (Firehose stream)";
  CHECK(has_note(result.skipped, subject, "CompressionFormat GZIP"));
  // The Lambda processor is a function of the template: the stream's transform.
  const YAML::Node t = f["transform"];
  CHECK(text_of(t["function"]) == "EnrichFunction");
  CHECK(text_of(t["buffer_size"]) == "512KB");
  CHECK(text_of(t["buffer_interval"]) == "30s");
  CHECK(text_of(t["retries"]) == "2");
  CHECK(text_of(t["output_ratio"]) == "1");
  CHECK(has_note(result.mapped, subject,
                 "ProcessingConfiguration Lambda EnrichFunction -> "
                 "resources.EventsDeliveryStream.transform"));
  CHECK(has_note(result.guessed, subject, "transform output_ratio 1"));
  // A producer of records feeds it; the bucket's notification filter (raw/, .gz) matches the
  // stream's objects, so the bucket gets no producer of its own.
  CHECK(text_of(root["sources"]["EventsDeliveryStream-producer"]["target"]) ==
        "EventsDeliveryStream");
  CHECK_FALSE(root["sources"]["LakeBucket-producer"]);
  CHECK(has_note(result.mapped, "resource LakeBucket (S3 bucket)",
                 "come from Firehose stream EventsDeliveryStream"));
  CHECK(text_of(root["resources"]["LakeBucket"]["notifications"][0]["target"]) == "LoaderFunction");
  // FirehoseWritePolicy suggests a firehose_put.
  CHECK(contains(result.scenario_yaml, "{action: firehose_put, target: EventsDeliveryStream}"));
}

TEST_CASE("Import Firehose: a Kinesis stream as the source, the legacy S3 destination",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-firehose.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node f = root["resources"]["ArchiveDeliveryStream"];
  CHECK(text_of(f["type"]) == "firehose");
  // Both named by ARN text with physical names (clicks-prod, acme-archive-prod).
  CHECK(text_of(f["source"]) == "ClickStream");
  CHECK(text_of(f["destination"]) == "ArchiveBucket");
  CHECK(text_of(f["buffer_size"]) == "128MB");
  CHECK(text_of(f["buffer_interval"]) == "900s");
  CHECK(text_of(f["prefix"]) == "clicks/");
  CHECK_FALSE(f["file_extension"]);
  // The stream has no Lambda consumer but feeds the Firehose stream: it gets a producer; the
  // Firehose stream takes no PutRecord, so none of its own and no suggested call.
  CHECK(text_of(root["sources"]["ClickStream-producer"]["target"]) == "ClickStream");
  CHECK_FALSE(root["sources"]["ArchiveDeliveryStream-producer"]);
  CHECK_FALSE(contains(result.scenario_yaml, "target: ArchiveDeliveryStream}"));
  CHECK(has_note(result.guessed, "function CollectorFunction",
                 "firehose_put to ArchiveDeliveryStream, whose source is a Kinesis stream"));
  CHECK(has_note(result.mapped, "resource ArchiveDeliveryStream (Firehose stream)",
                 "from Kinesis stream ClickStream"));
}

TEST_CASE("Import Firehose: a bucket of another stack, a partitioned prefix, a bad extension",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-firehose.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node f = root["resources"]["AuditDeliveryStream"];
  const std::string subject = "resource AuditDeliveryStream (Firehose stream)";
  // The bucket arn:aws:s3:::corp-audit-logs is simulated as an existing bucket.
  CHECK(text_of(f["destination"]) == "corp-audit-logs");
  CHECK(text_of(root["resources"]["corp-audit-logs"]["type"]) == "s3");
  CHECK(has_note(result.guessed, subject,
                 "bucket corp-audit-logs is not in the template: simulated as an existing "
                 "bucket"));
  CHECK(has_note(result.mapped, "resource corp-audit-logs (S3 bucket)",
                 "an existing bucket, not created by the stack"));
  // Defaults are AWS's: no buffering hints written.
  CHECK_FALSE(f["buffer_size"]);
  CHECK_FALSE(f["buffer_interval"]);
  CHECK(text_of(f["prefix"]) == "audit/!{partitionKeyFromQuery:tenant}/");
  CHECK(has_note(result.guessed, subject, "its !{...} expressions are not evaluated"));
  // .JSON (capitals) is not an extension Firehose accepts: dropped, said.
  CHECK_FALSE(f["file_extension"]);
  CHECK(has_note(result.skipped, subject, "FileExtension '.JSON' dropped"));
  CHECK(has_note(result.skipped, subject, "DynamicPartitioningConfiguration"));
  CHECK(has_note(result.skipped, subject,
                 "ProcessingConfiguration processor AppendDelimiterToRecord"));
  CHECK(
      has_note(result.skipped, subject, "transformation function redactor is not in the template"));
  CHECK_FALSE(f["transform"]);
  // Format conversion is configured but disabled: nothing to say.
  CHECK_FALSE(has_note(result.skipped, subject, "DataFormatConversionConfiguration"));
  // FirehoseCrudPolicy names it by its DeliveryStreamName (audit-prod).
  CHECK(contains(result.scenario_yaml, "{action: firehose_put, target: AuditDeliveryStream}"));
}

TEST_CASE("Import Firehose: an HTTP endpoint destination is listed, not simulated", "[import]") {
  const ImportResult result = import_sam(template_path("sam-firehose.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  CHECK_FALSE(root["resources"]["MetricsDeliveryStream"]);
  CHECK_FALSE(root["sources"]["MetricsDeliveryStream-producer"]);
  CHECK(has_note(result.skipped, "resource MetricsDeliveryStream (Firehose stream)",
                 "destination HttpEndpointDestinationConfiguration not simulated (slsim's "
                 "Firehose delivers to S3 only)"));
  CHECK(contains(result.scenario_yaml, "#   MetricsDeliveryStream: Firehose stream"));
  CHECK_FALSE(contains(result.scenario_yaml, "target: MetricsDeliveryStream}"));
  // Without the services schema every Firehose stream is listed as not simulated.
  const ImportResult plain = import_sam(template_path("sam-firehose.yaml"));
  for (const char* name : {"EventsDeliveryStream", "ArchiveDeliveryStream", "AuditDeliveryStream",
                           "MetricsDeliveryStream"}) {
    INFO(name);
    CHECK(has_note(plain.skipped, fmt::format("resource {} (Firehose stream)", name),
                   "not simulated by this build"));
  }
}

TEST_CASE("Import Firehose: the imported scenario runs, every record delivered once", "[import]") {
  const ImportResult result = import_sam(template_path("sam-firehose.yaml"), services());
  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  REQUIRE(spec.firehoses.size() == 3);
  const RunResult run = run_to_the_end(spec);
  // Direct PUT: one record per producer request; drained, every accepted record delivered.
  const FirehoseResult& events = named(run.firehoses, "EventsDeliveryStream");
  const SourceResult& producer = named(run.sources, "EventsDeliveryStream-producer");
  CHECK(producer.requests > 3000);  // Poisson 1/s for an hour
  CHECK(events.records_in == producer.completed);
  CHECK(events.records_delivered == events.records_in);
  CHECK(events.records_pending_at_end == 0);
  // 1 KB records never fill 64 MB: every object is cut by the 60 s interval, about one a
  // minute, each one PutObject on the lake notifying the loader once.
  CHECK(events.objects == events.objects_by_interval);
  CHECK(events.objects >= 55);
  CHECK(events.objects <= 62);
  // Every record went through the enrichment function, in batches of at most 0.5 MB or 30 s.
  CHECK(events.records_failed_processing == 0);
  CHECK(named(run.functions, "EnrichFunction").invocations > 0);
  const BucketResult& lake = named(run.buckets, "LakeBucket");
  CHECK(lake.puts == events.objects);
  CHECK(lake.notifications == events.objects);
  CHECK(named(run.functions, "LoaderFunction").invocations == events.objects);
  // Kinesis source: every record the click stream accepted reaches the archive.
  const FirehoseResult& archive = named(run.firehoses, "ArchiveDeliveryStream");
  const StreamResult& clicks = named(run.streams, "ClickStream");
  CHECK(clicks.written > 3000);
  CHECK(archive.records_in == clicks.written);
  CHECK(archive.records_delivered == archive.records_in);
  CHECK(named(run.buckets, "ArchiveBucket").puts == archive.objects);
}

TEST_CASE("Import Firehose: a transformation function waiting over 5 minutes is not mapped",
          "[import]") {
  const std::string text = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Slow:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: h.h, Timeout: 600}
  Lake:
    Type: AWS::S3::Bucket
  Events:
    Type: AWS::KinesisFirehose::DeliveryStream
    Properties:
      ExtendedS3DestinationConfiguration:
        BucketARN: !GetAtt Lake.Arn
        ProcessingConfiguration:
          Enabled: true
          Processors:
            - Type: Lambda
              Parameters:
                - {ParameterName: LambdaArn, ParameterValue: !GetAtt Slow.Arn}
)";
  const ImportResult result = write_scenario(read_sam_template_text(text, "slow.yaml"), services());
  CHECK_FALSE(YAML::Load(result.scenario_yaml)["resources"]["Events"]["transform"]);
  CHECK(has_note(result.skipped, "resource Events (Firehose stream)",
                 "function Slow's timeout 600s is over the 5 minutes Firehose waits"));
  // The scenario loads: the loader would refuse the transformation.
  CHECK_NOTHROW(load_scenario_text(result.scenario_yaml, "imported.yaml"));
}

TEST_CASE("Import Firehose: a serverless.yml's resources map the same way", "[import]") {
  const ImportResult result =
      import_template("serverless", template_path("serverless-firehose.yml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node f = root["resources"]["EventsFirehose"];
  CHECK(text_of(f["type"]) == "firehose");
  CHECK(text_of(f["destination"]) == "EventsBucket");
  CHECK(text_of(f["buffer_size"]) == "16MB");
  CHECK(text_of(f["buffer_interval"]) == "120s");
  CHECK(text_of(f["prefix"]) == "events/");
  CHECK(text_of(f["file_extension"]) == ".ndjson");
  CHECK(has_note(result.mapped, "resource EventsFirehose (Firehose stream)",
                 "-> resources.EventsFirehose (type firehose, to bucket EventsBucket"));
  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  const RunResult run = run_to_the_end(spec);
  const FirehoseResult& events = named(run.firehoses, "EventsFirehose");
  CHECK(events.records_in > 0);
  CHECK(events.records_delivered == events.records_in);
}
