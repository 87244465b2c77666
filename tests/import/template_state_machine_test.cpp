// `slsim import` of Step Functions state machines (AWS::Serverless::StateMachine,
// AWS::StepFunctions::StateMachine) from their Amazon States Language definition: a local
// DefinitionUri file, a DefinitionString JSON, an inline YAML Definition. Checked state by state
// against tests/import/templates/sam-state-machine.yaml and statemachine/order.asl.json, loaded
// with the project's loader and run to the end.

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

// The state named `name` in a scenario's list of states.
YAML::Node state_named(const YAML::Node& states, const std::string& name) {
  for (const YAML::Node& s : states)
    if (text_of(s["name"]) == name) return s;
  FAIL("no state " << name);
  return YAML::Node();
}

}  // namespace

TEST_CASE("Import state machines: the ASL of a DefinitionUri file, state by state", "[import]") {
  const ImportResult result = import_sam(template_path("sam-state-machine.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node order = root["resources"]["OrderWorkflow"];
  CHECK(text_of(order["type"]) == "step_functions");
  CHECK_FALSE(order["kind"]);  // STANDARD, the default
  const YAML::Node states = order["states"];
  REQUIRE(states.size() == 9);
  // StartAt first: the scenario's branch starts at its first state.
  CHECK(text_of(states[0]["name"]) == "Validate");
  // lambda:invoke with Parameters.FunctionName ${ValidateArn} -> !GetAtt ValidateFunction.Arn;
  // its first Retry.
  const YAML::Node validate = states[0];
  CHECK(text_of(validate["type"]) == "task");
  CHECK(text_of(validate["function"]) == "ValidateFunction");
  CHECK(text_of(validate["next"]) == "Valid-");  // "Valid?" made a scenario name
  CHECK(text_of(validate["retry"]["max_attempts"]) == "6");
  CHECK(text_of(validate["retry"]["interval"]) == "2s");
  CHECK(text_of(validate["retry"]["backoff_rate"]) == "2");
  // Choice: its rule's Next and its Default, equal probabilities, a guess.
  const YAML::Node choice = state_named(states, "Valid-");
  CHECK(text_of(choice["type"]) == "choice");
  REQUIRE(choice["choices"].size() == 2);
  CHECK(text_of(choice["choices"][0]["next"]) == "Charge");
  CHECK(text_of(choice["choices"][0]["probability"]) == "0.5");
  CHECK(text_of(choice["choices"][1]["next"]) == "Rejected");
  CHECK(has_note(result.guessed, "state Valid? of state machine OrderWorkflow",
                 "2 next states, each with probability 0.5"));
  // A function ARN as the Resource, with a Catch.
  const YAML::Node charge = state_named(states, "Charge");
  CHECK(text_of(charge["function"]) == "ChargeFunction");
  CHECK(text_of(charge["catch"]) == "Refund");
  CHECK(text_of(charge["next"]) == "Fulfil");
  // Parallel: a Lambda branch and a DynamoDB integration (a pass state, said).
  const YAML::Node fulfil = state_named(states, "Fulfil");
  CHECK(text_of(fulfil["type"]) == "parallel");
  REQUIRE(fulfil["branches"].size() == 2);
  CHECK(text_of(fulfil["branches"][0][0]["function"]) == "ShipFunction");
  CHECK(text_of(fulfil["branches"][1][0]["type"]) == "pass");
  CHECK(has_note(result.skipped, "state Record of state machine OrderWorkflow",
                 "arn:aws:states:::dynamodb:putItem is not a function of the template"));
  CHECK(text_of(fulfil["next"]) == "Cool-down");
  // Wait Seconds; Pass; Fail; Succeed; a Task that ends the execution.
  CHECK(text_of(state_named(states, "Cool-down")["duration"]) == "30s");
  CHECK(text_of(state_named(states, "Refund")["type"]) == "pass");
  CHECK(text_of(state_named(states, "Failed")["type"]) == "fail");
  CHECK(text_of(state_named(states, "Rejected")["type"]) == "succeed");
  CHECK_FALSE(state_named(states, "Notify")["next"]);
  // Its Api event: API Gateway's integration with the state machine.
  const YAML::Node api = root["sources"]["OrderWorkflow-PlaceOrder"];
  CHECK(text_of(api["type"]) == "api_gateway");
  CHECK(text_of(api["target"]) == "OrderWorkflow");
  CHECK(has_note(result.mapped, "resource OrderWorkflow (AWS::Serverless::StateMachine)",
                 "-> resources.OrderWorkflow (type step_functions, standard, 9 states)"));
}

TEST_CASE("Import state machines: DefinitionString with a Map, started by a scheduled rule",
          "[import]") {
  const ImportResult result = import_sam(template_path("sam-state-machine.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node nightly = root["resources"]["NightlyReconcile"];
  CHECK(text_of(nightly["kind"]) == "express");
  const YAML::Node states = nightly["states"];
  REQUIRE(states.size() == 2);
  CHECK(text_of(states[0]["function"]) == "ReconcileFunction");  // !Sub "${ReconcileFunction.Arn}"
  // Map: a one-branch parallel running its iteration once, said as a guess.
  const YAML::Node each = states[1];
  CHECK(text_of(each["name"]) == "Each-order");
  CHECK(text_of(each["type"]) == "parallel");
  REQUIRE(each["branches"].size() == 1);
  CHECK(text_of(each["branches"][0][0]["function"]) == "ReconcileFunction");
  CHECK(has_note(result.guessed, "state Each order of state machine NightlyReconcile",
                 "one-branch parallel"));
  CHECK(text_of(root["resources"]["ReconcileRule"]["targets"][0]) == "NightlyReconcile");
  CHECK_FALSE(root["sources"]["NightlyReconcile-producer"]);
}

TEST_CASE("Import state machines: an inline YAML definition, started by a producer", "[import]") {
  const ImportResult result = import_sam(template_path("sam-state-machine.yaml"), services());
  const YAML::Node root = YAML::Load(result.scenario_yaml);
  const YAML::Node states = root["resources"]["AuditWorkflow"]["states"];
  REQUIRE(states.size() == 2);
  CHECK(text_of(states[0]["name"]) == "Hold");
  CHECK(text_of(states[0]["duration"]) == "1s");  // SecondsPath: a placeholder
  CHECK(has_note(result.guessed, "state Hold of state machine AuditWorkflow",
                 "Wait SecondsPath: 1s"));
  // Resource: !GetAtt ValidateFunction.Arn, resolved; MaxAttempts 2 with ASL's defaults.
  CHECK(text_of(states[1]["function"]) == "ValidateFunction");
  CHECK(text_of(states[1]["retry"]["max_attempts"]) == "2");
  CHECK(text_of(states[1]["retry"]["interval"]) == "1s");
  CHECK(text_of(states[1]["retry"]["backoff_rate"]) == "2");
  CHECK(text_of(root["sources"]["AuditWorkflow-producer"]["target"]) == "AuditWorkflow");
  // StepFunctionsExecutionPolicy (StateMachineName: !GetAtt AuditWorkflow.Name) suggests it.
  CHECK(result.scenario_yaml.find("# calls: [{action: start_execution, target: AuditWorkflow}]") !=
        std::string::npos);
}

TEST_CASE("Import state machines: the imported workflows load and run", "[import]") {
  for (const char* name :
       {"sam-state-machine.yaml", "sam-s3-sqs-streams.yaml", "cfn-clickstream.yaml"}) {
    INFO(name);
    const ImportResult result = import_sam(template_path(name), services());
    const ScenarioSpec spec = load_scenario_text(result.scenario_yaml, "imported.yaml");
    RunOptions options;
    options.drain = true;
    options.check = true;
    const RunResult run = run_simulation(spec, options);
    for (const SourceResult& s : run.sources) {
      INFO(s.name);
      CHECK(s.requests == s.completed + s.throttled + s.failed + s.timed_out + s.dropped);
    }
  }
}
