#include "event_bus_loader.hpp"

#include <fmt/format.h>

#include "loader_fields.hpp"
#include "resource_loader.hpp"

namespace slsim::loader {

namespace {

// At most 5 targets per rule, not adjustable (Amazon EventBridge quotas,
// docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html, "Targets per rule").
constexpr std::size_t kMaxTargetsPerRule = 5;

}  // namespace

EventBusSpec read_event_bus(const YamlField::Entry& entry) {
  const YamlField& f = entry.value;
  for (const char* key : {"schedule", "targets"}) {
    if (f.has(key)) {
      throw f[key].rule(
          "an eventbridge resource is a schedule (schedule, targets) or a bus (rules), not both");
    }
  }
  f.expect_map({"type", "rules"});
  EventBusSpec bus;
  bus.name = entry.key;
  bus.where = entry.key_location;
  const YamlField rules = f.required("rules");
  for (const YamlField& item : rules.items()) {
    item.expect_map({"match", "targets"});
    EventRuleSpec rule;
    rule.where = item.location();
    if (item.has("match")) rule.match = probability(item["match"]);
    const YamlField targets = item.required("targets");
    for (const YamlField& t : targets.items()) {
      ScheduleTarget target;
      target.name = t.as_name();
      target.where = t.location();
      rule.targets.push_back(target);
    }
    if (rule.targets.empty()) throw targets.rule("needs at least one target");
    if (rule.targets.size() > kMaxTargetsPerRule) {
      throw targets.rule(
          fmt::format("at most {} targets per rule (EventBridge quotas)", kMaxTargetsPerRule));
    }
    bus.rules.push_back(rule);
  }
  if (bus.rules.empty()) throw rules.rule("needs at least one rule");
  return bus;
}

void resolve_bus_targets(ScenarioSpec& spec) {
  for (EventBusSpec& bus : spec.buses) {
    for (std::size_t r = 0; r < bus.rules.size(); ++r) {
      for (std::size_t i = 0; i < bus.rules[r].targets.size(); ++i) {
        resolve_event_target(bus.rules[r].targets[i], spec,
                             fmt::format("resources.{}.rules[{}].targets[{}]", bus.name, r, i));
      }
    }
  }
}

}  // namespace slsim::loader
