// The pieces of template reading, each against hand-written expectations: CloudFormation
// intrinsics in short and long form, ARNs, Serverless variables, schedule expressions.

#include <catch2/catch.hpp>

#include <string>

#include <yaml-cpp/yaml.h>

#include "slsim/error.hpp"
#include "slsim/import/cfn_values.hpp"
#include "slsim/import/schedule_expression.hpp"
#include "slsim/import/serverless_variables.hpp"

using namespace slsim;
using namespace slsim::import;

namespace {

constexpr const char* kTemplate = R"(
Parameters:
  Stage: {Type: String, Default: prod}
  NoDefault: {Type: String}
Mappings:
  Sizes:
    prod: {Memory: 2048}
Resources:
  Orders:
    Type: AWS::SQS::Queue
    Properties: {QueueName: orders-prod}
  Table:
    Type: AWS::DynamoDB::Table
Values:
  short_sub: !Sub "orders-${Stage}-${AWS::Region}"
  long_sub: {"Fn::Sub": "${AWS::AccountId}/${Stage}"}
  sub_with_variables: !Sub ["${A}-${B}", {A: x, B: !Ref Stage}]
  literal: !Sub "${!NotAVariable}"
  join: !Join ["-", [a, !Ref Stage, c]]
  long_join: {"Fn::Join": ["", [a, b]]}
  select: !Select [1, [zero, one, two]]
  find: !FindInMap [Sizes, !Ref Stage, Memory]
  ref_resource: !Ref Orders
  getatt_dotted: !GetAtt Orders.Arn
  getatt_list: {"Fn::GetAtt": [Table, StreamArn]}
  sub_arn: !Sub "${Orders.Arn}"
  arn_text: arn:aws:sqs:us-east-1:123456789012:orders-prod
  external_arn: arn:aws:sqs:us-east-1:123456789012:elsewhere
  no_default: !Ref NoDefault
  no_value: !Ref AWS::NoValue
  import: !ImportValue shared-queue
  if: !If [IsProd, 1, 2]
  bad_ref: !Ref Ordres
  bad_getatt: !GetAtt Nothing.Arn
  not_number: abc
)";

struct Fixture {
  YAML::Node root = YAML::Load(kTemplate);
  TemplateModel model;
  CfnValues values{"t.yaml", root, model};
  YAML::Node value(const char* key) const { return root["Values"][key]; }
};

}  // namespace

TEST_CASE("CfnValues: Sub, Join, Select, FindInMap in short and long form", "[import]") {
  Fixture f;
  CHECK(f.values.text(f.value("short_sub"), "v") == "orders-prod-us-east-1");
  CHECK(f.values.text(f.value("long_sub"), "v") == "123456789012/prod");
  CHECK(f.values.text(f.value("sub_with_variables"), "v") == "x-prod");
  CHECK(f.values.text(f.value("literal"), "v") == "${NotAVariable}");
  CHECK(f.values.text(f.value("join"), "v") == "a-prod-c");
  CHECK(f.values.text(f.value("long_join"), "v") == "ab");
  CHECK(f.values.text(f.value("select"), "v") == "one");
  CHECK(f.values.integer(f.value("find"), "v", 128, 10240, "memory") == 2048);
  CHECK(f.model.guessed.empty());
}

TEST_CASE("CfnValues: references name resources, also through ARNs and physical names",
          "[import]") {
  Fixture f;
  f.values.add_physical_name("orders-prod", "Orders");
  const auto check_ref = [&](const char* key, const std::string& name, bool in_template) {
    const auto ref = f.values.resource_ref(f.value(key), "v");
    REQUIRE(ref);
    CHECK(ref->name == name);
    CHECK(ref->in_template == in_template);
  };
  check_ref("ref_resource", "Orders", true);
  check_ref("getatt_dotted", "Orders", true);
  check_ref("getatt_list", "Table", true);
  check_ref("sub_arn", "Orders", true);
  check_ref("arn_text", "Orders", true);
  check_ref("external_arn", "elsewhere", false);
}

TEST_CASE("CfnValues: unknowable values are left out and recorded as guesses", "[import]") {
  Fixture f;
  CHECK_FALSE(f.values.text(f.value("no_default"), "v"));
  CHECK_FALSE(f.values.text(f.value("no_value"), "v"));
  CHECK_FALSE(f.values.text(f.value("import"), "v"));
  CHECK(f.values.text(f.value("if"), "v") == "1");
  REQUIRE(f.model.guessed.size() == 3);
  CHECK(f.model.guessed[0].detail == "parameter NoDefault has no Default: value unknown, left out");
  CHECK(f.model.guessed[1].detail ==
        "ImportValue cannot be resolved from the template alone: left out");
  CHECK(f.model.guessed[2].detail == "If on condition IsProd: took the value if true");
}

TEST_CASE("CfnValues: a reference to nothing is an error naming the place", "[import]") {
  Fixture f;
  CHECK_THROWS_WITH(f.values.text(f.value("bad_ref"), "Values.bad_ref"),
                    "t.yaml:33:12: Values.bad_ref: Ref to 'Ordres', which is neither a parameter "
                    "nor a resource of the template (did you mean 'Orders'?)");
  CHECK_THROWS_WITH(f.values.text(f.value("bad_getatt"), "Values.bad_getatt"),
                    "t.yaml:34:15: Values.bad_getatt: GetAtt of 'Nothing', which is not a "
                    "resource of the template");
  CHECK_THROWS_WITH(f.values.integer(f.value("not_number"), "Values.not_number", 1, 10,
                                     "an integer from 1 to 10"),
                    "t.yaml:35:15: Values.not_number: expected an integer from 1 to 10, got 'abc'");
}

TEST_CASE("name_from_arn: the resource name of each service's ARN", "[import]") {
  CHECK(name_from_arn("arn:aws:sqs:us-east-1:123456789012:orders") == "orders");
  CHECK(name_from_arn("arn:aws:sns:us-east-1:123456789012:alerts") == "alerts");
  CHECK(name_from_arn("arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-01-01T00:"
                      "00:00.000") == "Orders");
  CHECK(name_from_arn("arn:aws:kinesis:us-east-1:123456789012:stream/clicks") == "clicks");
  CHECK(name_from_arn("arn:aws:firehose:us-east-1:123456789012:deliverystream/events-prod") ==
        "events-prod");
  CHECK(name_from_arn("arn:aws:s3:::my-bucket") == "my-bucket");
  CHECK(name_from_arn("arn:aws:lambda:us-east-1:123456789012:function:worker:live") == "worker");
  CHECK(name_from_arn("orders") == "");
}

TEST_CASE("Serverless variables: self, sls:stage, opt fallbacks, env fallbacks, whole nodes",
          "[import]") {
  YAML::Node root = YAML::Load(R"(
service: shop
custom:
  stage: ${opt:stage, self:provider.stage}
  table: ${self:service}-${self:custom.stage}-orders
  memory: ${env:MEMORY, 512}
  quoted: ${env:NAME, "a, b"}
  settings: {batch: 5}
  copied: ${self:custom.settings}
  secret: ${ssm:/shop/secret}
  region: ${aws:region}
provider:
  name: aws
  stage: staging
  region: eu-west-1
functions:
  f:
    environment: {STAGE: "${sls:stage}", ACCOUNT: "${aws:accountId}"}
)");
  TemplateModel model;
  resolve_serverless_variables(root, "s.yml", model);
  CHECK(root["custom"]["stage"].as<std::string>() == "staging");
  CHECK(root["custom"]["table"].as<std::string>() == "shop-staging-orders");
  CHECK(root["custom"]["memory"].as<std::string>() == "512");
  CHECK(root["custom"]["quoted"].as<std::string>() == "a, b");
  CHECK(root["custom"]["copied"]["batch"].as<int>() == 5);
  CHECK(root["custom"]["region"].as<std::string>() == "eu-west-1");
  CHECK(root["functions"]["f"]["environment"]["STAGE"].as<std::string>() == "staging");
  CHECK(root["functions"]["f"]["environment"]["ACCOUNT"].as<std::string>() == "123456789012");
  // No stage anywhere: the framework's default, dev.
  YAML::Node bare = YAML::Load("service: s\nprovider: {name: aws}\nx: ${sls:stage}\n");
  resolve_serverless_variables(bare, "b.yml", model);
  CHECK(bare["x"].as<std::string>() == "dev");
  // The ssm parameter is unknowable: kept as text, recorded once.
  CHECK(root["custom"]["secret"].as<std::string>() == "${ssm:/shop/secret}");
  REQUIRE(model.guessed.size() == 1);
  CHECK(model.guessed[0].subject == "custom.secret");
  CHECK(model.guessed[0].where.line == 10);
}

TEST_CASE("schedule_rate: rate and cron expressions as slsim rates", "[import]") {
  CHECK(schedule_rate("rate(5 minutes)")->rate == "1/5m");
  CHECK(schedule_rate("rate(1 minute)")->rate == "1/1m");
  CHECK(schedule_rate("rate(2 hours)")->rate == "1/2h");
  CHECK(schedule_rate("rate(1 day)")->rate == "1/1d");
  // Every 15 minutes of every hour: 4 x 24 = 96 a day.
  CHECK(schedule_rate("cron(0/15 * * * ? *)")->rate == "96/1d");
  CHECK_FALSE(schedule_rate("cron(0/15 * * * ? *)")->approximate);
  // 08:00..17:00 on weekdays: 10 a day, the weekday restriction not counted.
  const auto weekdays = schedule_rate("cron(0 8-17 ? * MON-FRI *)");
  REQUIRE(weekdays);
  CHECK(weekdays->rate == "10/1d");
  CHECK(weekdays->approximate);
  CHECK(schedule_rate("cron(0,30 9,21 * * ? *)")->rate == "4/1d");
  CHECK_FALSE(schedule_rate("rate(0 minutes)"));
  CHECK_FALSE(schedule_rate("rate(5 fortnights)"));
  CHECK_FALSE(schedule_rate("cron(0 12 * * ?)"));  // five fields: EventBridge wants six
  CHECK_FALSE(schedule_rate("cron(61 * * * ? *)"));
  CHECK_FALSE(schedule_rate("every 5 minutes"));
}
