#include "workflow_loader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "loader_fields.hpp"

namespace slsim::loader {

namespace {

// ASL allows MaxAttempts up to 99999999; more than 100 retries of one task is surely a typo.
constexpr std::int64_t kMaxRetryAttempts = 100;
// Probabilities are written with at most 9 decimals; their sum may be off by rounding only.
constexpr double kSumTolerance = 1e-9;

class BranchReader {
 public:
  BranchReader(const ScenarioSpec& spec, StateMachineSpec& machine) : spec_(spec), m_(machine) {}

  // Reads a list of states; returns the index of its first state.
  std::uint32_t read_branch(const YamlField& list) {
    const std::vector<YamlField> items = list.items();
    if (!list.is_sequence() || items.empty()) throw list.rule("needs at least one state");
    std::vector<std::uint32_t> members;
    std::vector<PendingName> pending;
    members.reserve(items.size());
    for (const YamlField& item : items)
      members.push_back(read_state(item, pending));
    // `next` defaults to the following state; the last one ends the branch.
    for (std::size_t i = 0; i + 1 < members.size(); ++i) {
      StateSpec& s = m_.states[members[i]];
      if (s.type != StateType::choice && s.type != StateType::succeed &&
          s.type != StateType::fail) {
        s.next_index = members[i + 1];
      }
    }
    for (const PendingName& p : pending)
      resolve(p, members);
    check_reachable(members);
    return members.front();
  }

 private:
  struct PendingName {
    std::string name;
    SourceLocation where;
    std::string path;
    std::uint32_t state;
    int choice;  // -1: next, -2: catch, else the choice's index
  };

  std::uint32_t read_state(const YamlField& f, std::vector<PendingName>& pending) {
    f.expect_map(
        {"name", "type", "function", "duration", "choices", "branches", "next", "retry", "catch"});
    StateSpec s;
    const YamlField name = f.required("name");
    s.name = name.as_name();
    s.where = name.location();
    for (const StateSpec& other : m_.states) {
      if (other.name == s.name) {
        throw name.rule(fmt::format(
            "state name '{}' is already used (line {}); state names are unique in a state "
            "machine",
            s.name, other.where.line));
      }
    }
    const std::string type = f.required("type").as_choice(
        {"task", "wait", "choice", "parallel", "pass", "succeed", "fail"});
    s.type = type == "task"       ? StateType::task
             : type == "wait"     ? StateType::wait
             : type == "choice"   ? StateType::choice
             : type == "parallel" ? StateType::parallel
             : type == "pass"     ? StateType::pass
             : type == "succeed"  ? StateType::succeed
                                  : StateType::fail;
    check_keys_for_type(f, s.type);
    const auto index = static_cast<std::uint32_t>(m_.states.size());
    if (s.type == StateType::task) s.function_index = resolve_function(f.required("function"));
    if (s.type == StateType::wait) s.wait = f.required("duration").as_duration();
    if (f.has("retry")) s.retry = read_retry(f["retry"]);
    m_.states.push_back(s);
    if (f.has("next")) pending.push_back(pending_name(f["next"], index, -1));
    if (f.has("catch")) pending.push_back(pending_name(f["catch"], index, -2));
    if (s.type == StateType::choice) read_choices(f.required("choices"), index, pending);
    if (s.type == StateType::parallel) {
      const YamlField branches = f.required("branches");
      const std::vector<YamlField> lists = branches.items();
      if (!branches.is_sequence() || lists.empty()) {
        throw branches.rule("needs at least one branch (a list of states)");
      }
      std::vector<std::uint32_t> starts;
      starts.reserve(lists.size());
      for (const YamlField& list : lists)
        starts.push_back(read_branch(list));
      m_.states[index].branches = std::move(starts);
    }
    return index;
  }

  // Keys that belong to another state type are refused by name.
  static void check_keys_for_type(const YamlField& f, StateType type) {
    const auto refuse = [&](const char* key, const char* applies) {
      if (f.has(key)) throw f[key].rule(fmt::format("{} applies to {}", key, applies));
    };
    if (type != StateType::task) refuse("function", "task states");
    if (type != StateType::wait) refuse("duration", "wait states");
    if (type != StateType::choice) refuse("choices", "choice states");
    if (type != StateType::parallel) refuse("branches", "parallel states");
    if (type != StateType::task) refuse("retry", "task states");
    if (type != StateType::task && type != StateType::parallel) {
      refuse("catch", "task and parallel states");
    }
    // ASL: a Choice state picks its next state itself; Succeed and Fail end the execution.
    if (type == StateType::choice || type == StateType::succeed || type == StateType::fail) {
      refuse("next",
             "task, wait, parallel and pass states (a choice names its next states; "
             "succeed and fail end the execution)");
    }
  }

  std::uint32_t resolve_function(const YamlField& field) const {
    const std::string name = field.as_name();
    if (const auto index = spec_.function_index(name)) return *index;
    std::vector<std::string> names;
    for (const FunctionSpec& f : spec_.functions)
      names.push_back(f.name);
    const std::string suggestion = nearest_name(name, names);
    throw field.rule(fmt::format(
        "unknown function '{}'{}", name,
        suggestion.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", suggestion)));
  }

  static StateRetry read_retry(const YamlField& f) {
    f.expect_map({"max_attempts", "interval", "backoff_rate"});
    StateRetry retry;
    if (f.has("max_attempts"))
      retry.max_attempts = integer_in(f["max_attempts"], 0, kMaxRetryAttempts);
    if (f.has("interval")) {
      retry.interval = f["interval"].as_duration();
      if (retry.interval < Duration::seconds(1)) {
        throw f["interval"].invalid("a duration of at least 1s (ASL IntervalSeconds >= 1)");
      }
    }
    if (f.has("backoff_rate")) {
      retry.backoff_rate = f["backoff_rate"].as_number();
      if (!(retry.backoff_rate >= 1.0 && retry.backoff_rate <= 100.0)) {
        throw f["backoff_rate"].invalid("a number from 1.0 to 100 (ASL BackoffRate >= 1.0)");
      }
    }
    return retry;
  }

  void read_choices(const YamlField& list, std::uint32_t state, std::vector<PendingName>& pending) {
    const std::vector<YamlField> items = list.items();
    if (!list.is_sequence() || items.empty()) throw list.rule("needs at least one choice");
    double sum = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      items[i].expect_map({"probability", "next"});
      ChoiceSpec c;
      c.probability = probability(items[i].required("probability"));
      sum += c.probability;
      m_.states[state].choices.push_back(c);
      pending.push_back(pending_name(items[i].required("next"), state, static_cast<int>(i)));
    }
    if (std::fabs(sum - 1.0) > kSumTolerance) {
      throw list.rule(fmt::format("the choices' probabilities sum to {}, expected 1", sum));
    }
  }

  static PendingName pending_name(const YamlField& field, std::uint32_t state, int choice) {
    return PendingName{field.as_name(), field.location(), field.path(), state, choice};
  }

  // Transitions stay inside their branch (ASL: a Parallel branch's states cannot reach out).
  void resolve(const PendingName& p, const std::vector<std::uint32_t>& members) {
    const auto found = std::find_if(members.begin(), members.end(),
                                    [&](std::uint32_t i) { return m_.states[i].name == p.name; });
    if (found == members.end()) {
      std::vector<std::string> names;
      names.reserve(members.size());
      for (const std::uint32_t i : members)
        names.push_back(m_.states[i].name);
      throw ScenarioError::rule(p.where, p.path,
                                fmt::format("unknown state '{}' in this branch (states: {})",
                                            p.name, fmt::join(names, ", ")));
    }
    StateSpec& s = m_.states[p.state];
    if (p.choice == -1) {
      s.next_index = *found;
    } else if (p.choice == -2) {
      s.catch_index = *found;
      s.has_catch = true;
    } else {
      s.choices[static_cast<std::size_t>(p.choice)].next_index = *found;
    }
  }

  // Step Functions refuses a definition with a state no transition reaches.
  void check_reachable(const std::vector<std::uint32_t>& members) const {
    std::vector<std::uint32_t> stack{members.front()};
    std::vector<std::uint32_t> seen;
    while (!stack.empty()) {
      const std::uint32_t i = stack.back();
      stack.pop_back();
      if (i == kEndOfBranch || std::find(seen.begin(), seen.end(), i) != seen.end()) continue;
      seen.push_back(i);
      const StateSpec& s = m_.states[i];
      stack.push_back(s.next_index);
      if (s.has_catch) stack.push_back(s.catch_index);
      for (const ChoiceSpec& c : s.choices)
        stack.push_back(c.next_index);
    }
    for (const std::uint32_t i : members) {
      if (std::find(seen.begin(), seen.end(), i) == seen.end()) {
        throw ScenarioError::rule(m_.states[i].where, fmt::format("resources.{}.states", m_.name),
                                  fmt::format("state '{}' is not reachable from its branch's "
                                              "first state (Step Functions refuses such a "
                                              "definition)",
                                              m_.states[i].name));
      }
    }
  }

  const ScenarioSpec& spec_;
  StateMachineSpec& m_;
};

}  // namespace

StateMachineSpec read_state_machine(const YamlField::Entry& entry, const ScenarioSpec& spec) {
  const YamlField& f = entry.value;
  f.expect_map({"type", "kind", "states"});
  StateMachineSpec machine;
  machine.name = entry.key;
  machine.where = entry.key_location;
  // CreateStateMachine's type defaults to STANDARD.
  if (f.has("kind")) {
    machine.kind = f["kind"].as_choice({"standard", "express"}) == "express"
                       ? WorkflowKind::express
                       : WorkflowKind::standard;
  }
  BranchReader reader(spec, machine);
  reader.read_branch(f.required("states"));
  return machine;
}

}  // namespace slsim::loader
