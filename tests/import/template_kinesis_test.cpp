// `slsim import` of Kinesis streams (AWS::Kinesis::Stream) with their consumer: a SAM Kinesis
// event, an AWS::Lambda::EventSourceMapping, a Serverless `stream` event. Checked field by field
// against tests/import/templates/sam-kinesis.yaml and the other templates, loaded with the
// project's loader and run to the end under the invariant checks.

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

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
using test::services;
using test::template_path;
using test::text_of;

}  // namespace

TEST_CASE("Import Kinesis: a provisioned stream and its SAM Kinesis event as the consumer",
          "[import]") {
  const std::string file = template_path("sam-kinesis.yaml");
  const TemplateModel model = read_sam_template(file);
  const FunctionModel* aggregate = model.find_function("AggregateFunction");
  REQUIRE(aggregate);
  REQUIRE(aggregate->events.size() == 1);
  const EventModel& e = aggregate->events[0];
  CHECK(e.maximum_record_age_s == 3600);
  CHECK(e.bisect_on_error);
  CHECK(e.on_failure == "ClicksFailures");
  CHECK(model.find_resource("ClicksStream")->retention_hours == 48);

  const ImportResult result = import_sam(file, services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node clicks = root["resources"]["ClicksStream"];
  CHECK(text_of(clicks["type"]) == "kinesis");
  CHECK(text_of(clicks["mode"]) == "provisioned");
  CHECK(text_of(clicks["shards"]) == "4");
  CHECK(text_of(clicks["retention"]) == "48h");
  const YAML::Node c = clicks["consumer"];
  CHECK(text_of(c["function"]) == "AggregateFunction");
  CHECK(text_of(c["batch_size"]) == "500");
  CHECK(text_of(c["batching_window"]) == "5s");
  CHECK(text_of(c["parallelization_factor"]) == "2");
  CHECK(text_of(c["maximum_retry_attempts"]) == "3");
  CHECK(text_of(c["maximum_record_age"]) == "3600s");
  CHECK(text_of(c["bisect_batch_on_function_error"]) == "true");
  CHECK(text_of(c["report_batch_item_failures"]) == "true");
  CHECK(text_of(c["starting_position"]) == "latest");
  CHECK(text_of(c["on_failure"]) == "ClicksFailures");
  CHECK(has_note(result.mapped, "event Clicks of function AggregateFunction",
                 "-> resources.ClicksStream.consumer"));
  CHECK(has_note(result.mapped, "resource ClicksStream (Kinesis stream)",
                 "-> resources.ClicksStream (type kinesis, provisioned, 4 shards)"));
  // The stream is fed by a producer, not by a direct invocation of its consumer.
  CHECK(text_of(root["sources"]["ClicksStream-producer"]["target"]) == "ClicksStream");
  CHECK_FALSE(root["sources"]["AggregateFunction-Clicks"]);
  // KinesisCrudPolicy suggests a kinesis_put.
  CHECK(result.scenario_yaml.find("# calls: [{action: kinesis_put, target: ClicksStream}]") !=
        std::string::npos);
}

TEST_CASE("Import Kinesis: an on-demand stream and an AWS::Lambda::EventSourceMapping",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-kinesis.yaml"), services());
  const YAML::Node audit = YAML::Load(result.scenario_yaml)["resources"]["AuditStream"];
  CHECK(text_of(audit["mode"]) == "on_demand");
  CHECK_FALSE(audit["shards"]);
  const YAML::Node c = audit["consumer"];
  CHECK(text_of(c["function"]) == "ArchiveFunction");
  CHECK(text_of(c["batch_size"]) == "1000");
  CHECK(text_of(c["starting_position"]) == "trim_horizon");
  // -1 (infinite) is the default of both: not written.
  CHECK_FALSE(c["maximum_retry_attempts"]);
  CHECK_FALSE(c["maximum_record_age"]);
  CHECK(has_note(result.skipped, "event ArchiveMapping of function ArchiveFunction",
                 "tumbling window of 60s not simulated"));
  CHECK(has_note(result.mapped, "event ArchiveMapping of function ArchiveFunction",
                 "-> resources.AuditStream.consumer"));
}

TEST_CASE("Import Kinesis: the other templates' streams", "[import]") {
  // Plain CloudFormation: ClickStream (4 shards) read through an event source mapping.
  const ImportResult clicks = import_sam(template_path("cfn-clickstream.yaml"), services());
  const YAML::Node c = YAML::Load(clicks.scenario_yaml)["resources"]["ClickStream"];
  CHECK(text_of(c["type"]) == "kinesis");
  CHECK(text_of(c["shards"]) == "4");
  CHECK(text_of(c["consumer"]["function"]) == "Aggregator");
  CHECK(text_of(c["consumer"]["batch_size"]) == "500");
  CHECK(text_of(c["consumer"]["parallelization_factor"]) == "2");
  // Serverless: a stream event on an on-demand stream of resources.Resources.
  const ImportResult audit =
      import_template("serverless", template_path("serverless-notifications.yml"), services());
  const YAML::Node a = YAML::Load(audit.scenario_yaml)["resources"]["AuditStream"];
  CHECK(text_of(a["mode"]) == "on_demand");
  CHECK(text_of(a["consumer"]["function"]) == "audit");
  CHECK(text_of(a["consumer"]["batching_window"]) == "3s");
}

TEST_CASE("Import Kinesis: the imported stream loads and runs, every record accounted for",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-kinesis.yaml"), services());
  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  RunOptions options;
  options.drain = true;
  options.check = true;
  const RunResult run = run_simulation(spec, options);
  for (const SourceResult& s : run.sources) {
    INFO(s.name);
    CHECK(s.requests == s.completed + s.throttled + s.failed + s.timed_out + s.dropped);
  }
  const auto aggregate =
      std::find_if(run.functions.begin(), run.functions.end(),
                   [](const FunctionResult& f) { return f.name == "AggregateFunction"; });
  REQUIRE(aggregate != run.functions.end());
  // Poisson 1/s records for an hour, read in batches: the consumer ran.
  CHECK(aggregate->invocations > 0);
}
