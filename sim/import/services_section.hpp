#pragma once
// The `resources:` section of an imported scenario in the schema of the services work
// (issue 3; internal to sim/import): SQS queues with their consumer (the function's SQS event
// source mapping) and dead-letter queue, SNS topics with their Lambda and SQS subscriptions.
// Written only with ImportOptions::services_schema.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "slsim/import/template_model.hpp"

namespace slsim::import {

// Scenario names of the template's functions, queues and topics (logical name -> name).
struct ScenarioNames {
  std::map<std::string, std::string> functions;
  std::map<std::string, std::string> queues;
  std::map<std::string, std::string> topics;
};

// One producer source to write: an external client feeding a queue or a topic.
struct ProducerSpec {
  std::string target;    // the scenario name of the queue or topic
  std::string resource;  // its logical name in the template
  SourceLocation where;
};

struct ServicesSection {
  std::string yaml;                      // "resources:\n  ..." or "" when there is nothing
  std::set<const EventModel*> consumed;  // events written as a consumer or a subscription
  std::vector<ProducerSpec> producers;   // queues and topics that need traffic
  std::vector<ImportNote> mapped;
  std::vector<ImportNote> guessed;
  std::vector<ImportNote> skipped;
};

ServicesSection write_services_section(const TemplateModel& model, const ScenarioNames& names);

}  // namespace slsim::import
