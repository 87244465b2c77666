// `slsim import` with the services schema: S3 buckets (with their notifications), DynamoDB
// tables and EventBridge schedules written as `resources:`, checked field by field against the
// templates of tests/import/templates/, loaded with the project's loader and run to the end;
// and every resource of every realistic template accounted for in the summary.

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
using test::named;
using test::run_to_the_end;
using test::services;
using test::template_path;
using test::text_of;

const std::vector<std::pair<std::string, std::string>> kTemplates = {
    {"sam", "sam-hello-world.yaml"},
    {"sam", "sam-s3-sqs-streams.yaml"},
    {"sam", "cfn-clickstream.yaml"},
    {"sam", "sam-media-library.yaml"},
    {"sam", "sam-kinesis.yaml"},
    {"sam", "sam-state-machine.yaml"},
    {"sam", "sam-firehose.yaml"},
    {"serverless", "serverless-todo-api.yml"},
    {"serverless", "serverless-csv-import.yml"},
    {"serverless", "serverless-notifications.yml"},
    {"serverless", "serverless-image-resize.yml"},
    {"serverless", "serverless-files/serverless.yml"},
    {"serverless", "serverless-firehose.yml"}};

}  // namespace

TEST_CASE("Import services: a bucket's notifications to a function, a queue and a topic",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-media-library.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node bucket = root["resources"]["MediaBucket"];
  CHECK(text_of(bucket["type"]) == "s3");
  const YAML::Node n = bucket["notifications"];
  REQUIRE(n.size() == 3);
  // The SAM S3 event: two created events (Put, CompleteMultipartUpload), one notification
  // with the event's key filter (one write is one event).
  CHECK(text_of(n[0]["event"]) == "created");
  CHECK(text_of(n[0]["prefix"]) == "uploads/");
  CHECK(text_of(n[0]["suffix"]) == ".jpg");
  CHECK(text_of(n[0]["target"]) == "ResizeFunction");
  // QueueConfigurations: created, suffix .mp4, no prefix.
  CHECK(text_of(n[1]["event"]) == "created");
  CHECK_FALSE(n[1]["prefix"]);
  CHECK(text_of(n[1]["suffix"]) == ".mp4");
  CHECK(text_of(n[1]["target"]) == "TranscodeQueue");
  // TopicConfigurations: removed, no filter.
  CHECK(text_of(n[2]["event"]) == "removed");
  CHECK(text_of(n[2]["target"]) == "AuditTopic");
  // One producer per key filter of the created notifications, writing a key it matches.
  CHECK(text_of(root["sources"]["MediaBucket-producer"]["type"]) == "producer");
  CHECK(text_of(root["sources"]["MediaBucket-producer"]["target"]) == "MediaBucket");
  CHECK(text_of(root["sources"]["MediaBucket-producer"]["key"]) == "object.mp4");
  CHECK(text_of(root["sources"]["MediaBucket-producer-2"]["key"]) == "uploads/object.jpg");
  CHECK_FALSE(root["sources"]["MediaBucket-producer-3"]);
  // The queue and the topic are fed by the bucket and the schedules: no producers of theirs,
  // and the S3 event is no direct invocation any more.
  CHECK_FALSE(root["sources"]["TranscodeQueue-producer"]);
  CHECK_FALSE(root["sources"]["AuditTopic-producer"]);
  CHECK_FALSE(root["sources"]["ResizeFunction-Upload"]);
  CHECK(has_note(result.mapped, "event Upload of function ResizeFunction",
                 "-> resources.MediaBucket.notifications (s3:ObjectCreated:Put, "
                 "s3:ObjectCreated:CompleteMultipartUpload -> created; prefix uploads/, suffix "
                 ".jpg)"));
  CHECK(has_note(result.mapped, "notification of bucket MediaBucket to TranscodeQueue",
                 "s3:ObjectCreated:* -> created"));
  CHECK(has_note(result.mapped, "resource MediaBucket (S3 bucket)",
                 "-> resources.MediaBucket (type s3, 3 notifications)"));
  CHECK(has_note(result.guessed, "source MediaBucket-producer-2", "objects written to"));

  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  const auto b = spec.bucket_index("MediaBucket");
  REQUIRE(b);
  REQUIRE(spec.buckets[*b].notifications.size() == 3);
  CHECK(spec.buckets[*b].notifications[1].target_kind == TargetKind::queue);
  CHECK(spec.buckets[*b].notifications[2].event == S3Event::removed);
  CHECK(spec.buckets[*b].notifications[2].target_kind == TargetKind::topic);
  // Run: every object written matches exactly one created notification (the producers' keys
  // object.mp4 and uploads/object.jpg), and each notification ends delivered or pending.
  const RunResult run = run_to_the_end(spec);
  const BucketResult& media = named(run.buckets, "MediaBucket");
  const SourceResult& videos = named(run.sources, "MediaBucket-producer");
  const SourceResult& photos = named(run.sources, "MediaBucket-producer-2");
  CHECK(photos.requests > 0);
  CHECK(media.puts == videos.requests + photos.requests);
  CHECK(media.notifications == videos.requests + photos.requests);
  CHECK(media.delivered + media.pending_at_end == media.notifications);
}

TEST_CASE("Import services: DynamoDB tables, provisioned and on demand", "[import]") {
  const ImportResult result = import_sam(template_path("sam-media-library.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node catalog = root["resources"]["CatalogTable"];
  CHECK(text_of(catalog["type"]) == "dynamodb");
  CHECK(text_of(catalog["mode"]) == "provisioned");
  CHECK(text_of(catalog["read_capacity"]) == "50");
  CHECK(text_of(catalog["write_capacity"]) == "20");
  // A SimpleTable without ProvisionedThroughput is on demand.
  const YAML::Node sessions = root["resources"]["SessionsTable"];
  CHECK(text_of(sessions["type"]) == "dynamodb");
  CHECK(text_of(sessions["mode"]) == "on_demand");
  CHECK_FALSE(sessions["read_capacity"]);
  CHECK(has_note(result.mapped, "resource CatalogTable (DynamoDB table)",
                 "-> resources.CatalogTable (type dynamodb, provisioned, 50 RCU, 20 WCU)"));
  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  const auto t = spec.table_index("CatalogTable");
  REQUIRE(t);
  CHECK(spec.tables[*t].mode == CapacityMode::provisioned);
  CHECK(spec.tables[*t].read_capacity == 50);
  CHECK(spec.tables[*t].write_capacity == 20);
  CHECK(spec.tables[*spec.table_index("SessionsTable")].mode == CapacityMode::on_demand);

  // BillingMode PAY_PER_REQUEST with a stream: on demand, with its DynamoDB stream and the
  // function of the table's DynamoDB event as the stream's consumer (no direct source).
  const ImportResult orders = import_sam(template_path("sam-s3-sqs-streams.yaml"), services());
  const YAML::Node table = YAML::Load(orders.scenario_yaml)["resources"]["OrdersTable"];
  CHECK(text_of(table["mode"]) == "on_demand");
  CHECK(text_of(table["stream"]["view"]) == "new_and_old_images");
  const YAML::Node consumer = table["stream"]["consumer"];
  CHECK(text_of(consumer["function"]) == "NotifierFunction");
  CHECK(text_of(consumer["batch_size"]) == "100");
  CHECK(text_of(consumer["maximum_retry_attempts"]) == "3");
  CHECK(text_of(consumer["starting_position"]) == "trim_horizon");
  CHECK(has_note(orders.mapped, "resource OrdersTable (DynamoDB table)",
                 "stream NEW_AND_OLD_IMAGES -> resources.OrdersTable.stream"));
  CHECK(has_note(orders.mapped, "event TableStream of function NotifierFunction",
                 "-> resources.OrdersTable.stream.consumer"));
  const ScenarioSpec with_stream = load_scenario_text(orders.scenario_yaml, "imported.yaml");
  const auto orders_table = with_stream.table_index("OrdersTable");
  REQUIRE(orders_table);
  REQUIRE(with_stream.tables[*orders_table].stream);
  for (const SourceSpec& source : with_stream.sources)
    CHECK(source.name != "NotifierFunction-TableStream");
  // A Table without BillingMode is PROVISIONED (serverless TODO API: 5 and 5).
  const ImportResult todo =
      import_template("serverless", template_path("serverless-todo-api.yml"), services());
  const YAML::Node tasks = YAML::Load(todo.scenario_yaml)["resources"]["TasksTable"];
  CHECK(text_of(tasks["mode"]) == "provisioned");
  CHECK(text_of(tasks["read_capacity"]) == "5");
  CHECK(text_of(tasks["write_capacity"]) == "5");
}

TEST_CASE("Import services: capacity the template does not say, or over the quota, is a guess",
          "[import]") {
  const std::string text = R"(Transform: AWS::Serverless-2016-10-31
Parameters:
  Reads:
    Type: Number
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b}
  Big:
    Type: AWS::DynamoDB::Table
    Properties:
      ProvisionedThroughput: {ReadCapacityUnits: !Ref Reads, WriteCapacityUnits: 50000}
)";
  const ImportResult result = write_scenario(read_sam_template_text(text, "t.yaml"), services());
  const YAML::Node big = YAML::Load(result.scenario_yaml)["resources"]["Big"];
  CHECK(text_of(big["mode"]) == "provisioned");
  CHECK(text_of(big["read_capacity"]) == "5");
  CHECK(text_of(big["write_capacity"]) == "40000");
  CHECK(has_note(result.guessed, "resource Big (DynamoDB table)",
                 "read_capacity 5: the template does not say"));
  CHECK(has_note(result.guessed, "resource Big (DynamoDB table)",
                 "write_capacity 50000 lowered to the default table quota 40000"));
  load_scenario_text(result.scenario_yaml, "imported.yaml");
}

TEST_CASE("Import services: schedules become eventbridge resources with exact expressions",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-media-library.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node resources = root["resources"];
  // ScheduleV2 event: its expression, the function as target; time zone and window said.
  const YAML::Node nightly = resources["CompactFunction-Nightly"];
  CHECK(text_of(nightly["type"]) == "eventbridge");
  CHECK(text_of(nightly["schedule"]) == "cron(30 1 * * ? *)");
  REQUIRE(nightly["targets"].size() == 1);
  CHECK(text_of(nightly["targets"][0]) == "CompactFunction");
  CHECK(has_note(result.guessed, "event Nightly of function CompactFunction",
                 "time zone Europe/Paris: simulated in UTC"));
  CHECK(has_note(result.skipped, "event Nightly of function CompactFunction",
                 "flexible time window not simulated"));
  // AWS::Scheduler::Schedule to a queue; AWS::Events::Rule to a topic.
  CHECK(text_of(resources["ReindexSchedule"]["schedule"]) == "rate(6 hours)");
  CHECK(text_of(resources["ReindexSchedule"]["targets"][0]) == "TranscodeQueue");
  CHECK(text_of(resources["HeartbeatRule"]["schedule"]) == "rate(5 minutes)");
  CHECK(text_of(resources["HeartbeatRule"]["targets"][0]) == "AuditTopic");
  CHECK(has_note(result.mapped, "resource HeartbeatRule (AWS::Events::Rule)",
                 "-> resources.HeartbeatRule (type eventbridge, rate(5 minutes), targets "
                 "AuditTopic)"));
  // cron with L (last day of the month) is outside the simulator's subset: today's fallback,
  // a direct invocation at the mean rate, said in the summary.
  CHECK_FALSE(resources["CompactFunction-MonthEnd"]);
  const YAML::Node month_end = root["sources"]["CompactFunction-MonthEnd"];
  CHECK(text_of(month_end["type"]) == "invoke");
  CHECK(text_of(month_end["mode"]) == "async");
  CHECK(has_note(result.skipped, "event MonthEnd of function CompactFunction",
                 "cron(0 18 L * ? *) is outside the simulator's schedule expressions"));

  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  // rate(5 minutes) fires at 5, 10, ... from time 0; rate(6 hours) not within the first hour;
  // cron(30 1 * * ? *) not before 01:30.
  const RunResult run = run_to_the_end(spec);
  const ScheduleResult& heartbeat = named(run.schedules, "HeartbeatRule");
  CHECK(heartbeat.expression == "rate(5 minutes)");
  CHECK(heartbeat.fires == 11);
  CHECK(named(run.topics, "AuditTopic").published == heartbeat.fires);
  CHECK(named(run.schedules, "ReindexSchedule").fires == 0);
  CHECK(named(run.schedules, "CompactFunction-Nightly").fires == 0);
}

TEST_CASE("Import services: the schedules and buckets of the other templates", "[import]") {
  // SAM Schedule event (cron) and a disabled one; the S3 event with a suffix filter.
  const ImportResult orders = import_sam(template_path("sam-s3-sqs-streams.yaml"), services());
  const YAML::Node o = YAML::Load(orders.scenario_yaml);
  CHECK(text_of(o["resources"]["ReportFunction-Nightly"]["schedule"]) == "cron(0 2 * * ? *)");
  CHECK_FALSE(o["resources"]["ReportFunction-Hourly"]);
  CHECK(has_note(orders.skipped, "event Hourly of function ReportFunction", "disabled"));
  CHECK(text_of(o["resources"]["UploadBucket"]["notifications"][0]["suffix"]) == ".json");
  CHECK(text_of(o["resources"]["UploadBucket"]["notifications"][0]["target"]) == "IngestFunction");
  CHECK(text_of(o["sources"]["UploadBucket-producer"]["key"]) == "object.json");

  // Plain CloudFormation: a bucket's LambdaConfigurations; a rule with a cron.
  const ImportResult clicks = import_sam(template_path("cfn-clickstream.yaml"), services());
  const YAML::Node c = YAML::Load(clicks.scenario_yaml);
  const YAML::Node image = c["resources"]["ImageBucket"]["notifications"][0];
  CHECK(text_of(image["event"]) == "created");
  CHECK(text_of(image["target"]) == "Thumbnailer");
  CHECK(text_of(c["resources"]["NightlyRule"]["schedule"]) == "cron(0 3 * * ? *)");
  CHECK(text_of(c["resources"]["NightlyRule"]["targets"][0]) == "Exporter");
  CHECK_FALSE(c["sources"]["Exporter-NightlyRule"]);

  // Serverless: rules prefix and suffix, a rate schedule.
  const ImportResult csv =
      import_template("serverless", template_path("serverless-csv-import.yml"), services());
  const YAML::Node v = YAML::Load(csv.scenario_yaml);
  const YAML::Node uploads = v["resources"]["csv-import-prod-uploads"];
  CHECK(text_of(uploads["notifications"][0]["prefix"]) == "incoming/");
  CHECK(text_of(uploads["notifications"][0]["suffix"]) == ".csv");
  CHECK(text_of(uploads["notifications"][0]["target"]) == "parseCsv");
  CHECK(text_of(v["sources"]["csv-import-prod-uploads-producer"]["key"]) == "incoming/object.csv");
  CHECK(text_of(v["resources"]["cleanup-schedule"]["schedule"]) == "rate(1 hour)");
  CHECK_FALSE(v["sources"]["parseCsv-s3"]);
  CHECK_FALSE(v["sources"]["cleanup-schedule"]);

  // Serverless `existing: true`: the bucket is simulated all the same, and said to exist.
  const ImportResult resize =
      import_template("serverless", template_path("serverless-image-resize.yml"), services());
  const YAML::Node r = YAML::Load(resize.scenario_yaml);
  const YAML::Node photos = r["resources"]["photos-prod"];
  CHECK(text_of(photos["type"]) == "s3");
  REQUIRE(photos["notifications"].size() == 2);
  CHECK(text_of(photos["notifications"][0]["prefix"]) == "originals/");
  CHECK(text_of(photos["notifications"][0]["suffix"]) == ".png");
  CHECK(text_of(photos["notifications"][1]["event"]) == "removed");
  CHECK(text_of(photos["notifications"][1]["target"]) == "purge");
  CHECK(has_note(resize.mapped, "resource photos-prod (S3 bucket)", "an existing bucket"));
  CHECK(text_of(r["resources"]["purge-schedule"]["schedule"]) == "cron(0/15 8-17 ? * MON-FRI *)");
  CHECK(text_of(r["resources"]["ThumbnailsTable"]["read_capacity"]) == "10");
}

TEST_CASE("Import services: DynamoDB and S3 policies suggest calls, commented out", "[import]") {
  const ImportResult result = import_sam(template_path("sam-media-library.yaml"), services());
  const std::string& text = result.scenario_yaml;
  const std::string resize =
      "    # calls: [{action: s3_get, target: MediaBucket}, {action: s3_put, target: "
      "MediaBucket}, {action: dynamodb_read, target: CatalogTable}, {action: dynamodb_write, "
      "target: CatalogTable}]\n";
  CHECK(text.find(resize) != std::string::npos);
  CHECK(text.find("    # calls: [{action: dynamodb_read, target: CatalogTable}, {action: "
                  "dynamodb_write, target: SessionsTable}]\n") != std::string::npos);
  CHECK(has_note(result.guessed, "function ResizeFunction", "may call: s3_put MediaBucket"));
  // Uncommented, the suggestions are valid calls of the scenario.
  std::string uncommented = text;
  const std::string commented = "    # calls: [{action: dynamodb_read, target: CatalogTable}, {";
  uncommented.replace(uncommented.find(commented), 6, "    ");
  const ScenarioSpec spec = load_scenario_text(uncommented, "imported.yaml");
  CHECK(spec.functions[*spec.function_index("CompactFunction")].calls.size() == 2);
}

TEST_CASE("Import: every resource of every realistic template is in the summary", "[import]") {
  for (const ImportOptions& options : {ImportOptions{}, services()}) {
    for (const auto& [format, name] : kTemplates) {
      const ImportResult result = import_template(format, template_path(name), options);
      const YAML::Node root = YAML::LoadFile(template_path(name));
      const YAML::Node resources =
          format == "sam" ? root["Resources"] : root["resources"]["Resources"];
      if (name == "serverless-files/serverless.yml") continue;  // resources in fragments
      REQUIRE(resources);
      for (const auto& entry : resources) {
        const std::string logical = entry.first.as<std::string>();
        INFO(name << ": " << logical << " (services " << options.services_schema << ")");
        bool said = false;
        for (const auto* notes : {&result.mapped, &result.guessed, &result.skipped}) {
          for (const ImportNote& n : *notes) {
            said = said || n.subject.find(logical) != std::string::npos ||
                   n.detail.find(logical) != std::string::npos;
          }
        }
        CHECK(said);
      }
    }
  }
}

TEST_CASE("Import services: every realistic template loads and runs under --check", "[import]") {
  for (const auto& [format, name] : kTemplates) {
    INFO(name);
    const ImportResult result = import_template(format, template_path(name), services());
    const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
    run_to_the_end(spec);
  }
}

TEST_CASE("Import services: a DAX cluster is attached to the only table, its hit ratio a guess",
          "[import][dax]") {
  const std::string text = R"(Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.b}
  Orders:
    Type: AWS::DynamoDB::Table
    Properties: {BillingMode: PAY_PER_REQUEST}
  Cache:
    Type: AWS::DAX::Cluster
    Properties: {NodeType: NODE, ReplicationFactor: 5, IAMRoleARN: arn:aws:iam::1:role/dax}
SECOND)";
  const auto import_text = [&](const std::string& node, const std::string& second) {
    std::string t = text;
    t.replace(t.find("NODE"), 4, node);
    t.replace(t.find("SECOND"), 6, second);
    return write_scenario(read_sam_template_text(t, "t.yaml"), services());
  };
  const ImportResult result = import_text("dax.r5.large", "");
  const YAML::Node dax = YAML::Load(result.scenario_yaml)["resources"]["Orders"]["dax"];
  CHECK(text_of(dax["hit_ratio"]) == "0.8");
  CHECK(text_of(dax["nodes"]) == "5");
  CHECK(text_of(dax["node_type"]) == "dax.r5.large");
  CHECK(has_note(result.guessed, "resource Cache (AWS::DAX::Cluster)",
                 "attached to the only DynamoDB table, Orders; hit_ratio 0.8 is a placeholder"));
  CHECK(has_note(result.mapped, "resource Cache (AWS::DAX::Cluster)",
                 "-> resources.Orders.dax (5 x dax.r5.large)"));
  const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
  REQUIRE(spec.tables[0].dax);
  CHECK(spec.tables[0].dax->nodes == 5);
  CHECK(spec.tables[0].dax->hit_ratio == 0.8);

  // A node type slsim does not simulate, or two tables: no dax:, said in the summary.
  const ImportResult old_type = import_text("dax.r4.large", "");
  CHECK_FALSE(YAML::Load(old_type.scenario_yaml)["resources"]["Orders"]["dax"]);
  CHECK(has_note(old_type.skipped, "resource Cache (AWS::DAX::Cluster)",
                 "node type 'dax.r4.large' is not simulated"));
  const ImportResult two =
      import_text("dax.r5.large",
                  "  Users:\n    Type: AWS::DynamoDB::Table\n    Properties: {BillingMode: "
                  "PAY_PER_REQUEST}\n");
  CHECK_FALSE(YAML::Load(two.scenario_yaml)["resources"]["Orders"]["dax"]);
  CHECK(has_note(two.skipped, "resource Cache (AWS::DAX::Cluster)",
                 "the template has not exactly one DynamoDB table"));
  load_scenario_text(two.scenario_yaml, "imported.yaml");
}
