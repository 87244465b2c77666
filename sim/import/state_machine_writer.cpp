// The states of an imported state machine (state_machine_writer.hpp).

#include "state_machine_writer.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

namespace slsim::import {

namespace {

// The scenario's retry bounds (README "Step Functions"): at most 100 attempts, an interval of
// at least 1 s, a backoff rate from 1 to 100.
constexpr std::int64_t kMaxRetryAttempts = 100;
constexpr double kMinRetryInterval = 1;
constexpr double kMaxBackoffRate = 100;
// A Wait state whose time comes from the input or a timestamp: a placeholder.
constexpr const char* kPlaceholderWait = "1s";

// [A-Za-z0-9_-]+: other characters (spaces of state names, ...) become '-'.
std::string scenario_name(const std::string& name) {
  std::string out;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    out += ok ? c : '-';
  }
  return out.empty() ? std::string("state") : out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

class StatesWriter {
 public:
  StatesWriter(const ResourceModel& machine, const std::map<std::string, std::string>& functions)
      : machine_(machine), functions_(functions) {}

  StatesSection write(const std::string& indent) {
    name_states(machine_.states);
    line(indent + "states:");
    branch(machine_.start_at, machine_.states, indent + "  ");
    return out_;
  }

 private:
  void line(const std::string& text) { out_.yaml += text + "\n"; }
  void guessed(const StateModel& s, const std::string& detail) {
    out_.guessed.push_back(ImportNote{subject(s), detail, machine_.where});
  }
  void skipped(const StateModel& s, const std::string& detail) {
    out_.skipped.push_back(ImportNote{subject(s), detail, machine_.where});
  }
  std::string subject(const StateModel& s) const {
    return fmt::format("state {} of state machine {}", s.name, machine_.name);
  }

  // Every state of the machine, branches included, gets a unique scenario name (Step Functions
  // requires state names unique in the whole machine; the scenario too).
  void name_states(const std::vector<StateModel>& states) {
    for (const StateModel& s : states) {
      std::string name = scenario_name(s.name);
      for (int n = 2; used_.count(name) > 0; ++n)
        name = fmt::format("{}-{}", scenario_name(s.name), n);
      used_.insert(name);
      names_[s.name] = name;
      for (const BranchModel& b : s.branches)
        name_states(b.states);
    }
  }

  std::string name_of(const std::string& state) const {
    const auto found = names_.find(state);
    return found == names_.end() ? scenario_name(state) : found->second;
  }

  // The scenario runs a branch's states in order unless a state names its `next`, and its
  // last state ends the branch (README "Step Functions"): StartAt goes first, and a state that
  // ends the branch (ASL End) goes last. When several do, they all go to a `succeed` state
  // added at the end (one more transition on their paths, said as a guess).
  void branch(const std::string& start_at, const std::vector<StateModel>& states,
              const std::string& indent) {
    std::vector<const StateModel*> enders;
    for (const StateModel& s : states) {
      if (s.next.empty() && s.type != "Choice" && s.type != "Succeed" && s.type != "Fail") {
        enders.push_back(&s);
      }
    }
    const StateModel* last = enders.size() == 1 && enders[0]->name != start_at && states.size() > 1
                                 ? enders[0]
                                 : nullptr;
    std::vector<const StateModel*> ordered;
    for (const StateModel& s : states)
      if (s.name == start_at) ordered.push_back(&s);
    for (const StateModel& s : states)
      if (s.name != start_at && &s != last) ordered.push_back(&s);
    if (last != nullptr) ordered.push_back(last);
    // Enders that are not last need a state to go to.
    std::string end_state;
    const bool needs_end =
        !ordered.empty() && std::any_of(enders.begin(), enders.end(),
                                        [&](const StateModel* s) { return s != ordered.back(); });
    if (needs_end) {
      end_state = "End";
      for (int n = 2; used_.count(end_state) > 0; ++n)
        end_state = fmt::format("End-{}", n);
      used_.insert(end_state);
      for (const StateModel* s : enders) {
        guessed(*s, fmt::format("ends its branch: goes to the added succeed state {} (one more "
                                "state transition)",
                                end_state));
      }
    }
    for (const StateModel* s : ordered)
      state(*s, indent, end_state);
    if (needs_end) {
      line(fmt::format("{}- name: {}", indent, end_state));
      line(fmt::format("{}  type: succeed", indent));
    }
  }

  // `end_state`: where a state that ends its branch goes ("" = nowhere: it is last).
  void state(const StateModel& s, const std::string& indent, const std::string& end_state) {
    const std::string at = indent + "  ";
    line(fmt::format("{}- name: {}", indent, name_of(s.name)));
    const bool task = s.type == "Task" && functions_.count(s.resource) > 0;
    const bool map = s.type == "Map" && !s.branches.empty();
    std::string type = lower(s.type);
    if (s.type == "Task" && !task) {
      type = "pass";
      skipped(s, fmt::format("Task {} is not a function of the template: a pass state (no time, "
                             "no cost)",
                             s.resource.empty() ? std::string("without a Resource") : s.resource));
    } else if (s.type == "Map") {
      type = map ? "parallel" : "pass";
      guessed(s, map ? "Map: its iteration runs once per execution (a one-branch parallel); "
                       "items per execution are not simulated"
                     : "Map without an ItemProcessor: a pass state");
    } else if (!task && type != "wait" && type != "choice" && type != "parallel" &&
               type != "pass" && type != "succeed" && type != "fail") {
      skipped(s, fmt::format("state type {} not simulated: a pass state", s.type));
      type = "pass";
    }
    line(fmt::format("{}type: {}", at, type));
    if (task) line(fmt::format("{}function: {}", at, functions_.at(s.resource)));
    if (type == "wait") wait(s, at);
    if (type == "choice") choices(s, at);
    if (type == "parallel") branches(s, at);
    if (type != "choice" && type != "succeed" && type != "fail") {
      if (!s.next.empty()) {
        line(fmt::format("{}next: {}", at, name_of(s.next)));
      } else if (!end_state.empty()) {
        line(fmt::format("{}next: {}", at, end_state));
      }
    }
    retry(s, task, at);
    if (!s.catch_next.empty()) {
      if (task || type == "parallel") {
        line(fmt::format("{}catch: {}", at, name_of(s.catch_next)));
        if (s.catchers > 1) skipped(s, "only the first Catch is simulated (any error goes there)");
      } else {
        skipped(s, "its Catch is not simulated (a pass state does not fail)");
      }
    }
  }

  void wait(const StateModel& s, const std::string& at) {
    if (s.wait_s) {
      line(fmt::format("{}duration: {}s", at, *s.wait_s));
      return;
    }
    line(fmt::format("{}duration: {}  # PLACEHOLDER: the wait comes from {}", at, kPlaceholderWait,
                     s.wait_field.empty() ? "the input" : s.wait_field));
    guessed(s,
            fmt::format("Wait {}: {} (a placeholder)",
                        s.wait_field.empty() ? "without Seconds" : s.wait_field, kPlaceholderWait));
  }

  // A Choice's rules read the execution's input, which a template does not have: each next
  // state is taken with equal probability, a placeholder.
  void choices(const StateModel& s, const std::string& at) {
    line(fmt::format("{}choices:  # PLACEHOLDER: the share of executions taking each branch", at));
    const double share = 1.0 / static_cast<double>(std::max<std::size_t>(s.choices.size(), 1));
    for (const std::string& next : s.choices) {
      line(fmt::format("{}  - {{probability: {}, next: {}}}", at, share, name_of(next)));
    }
    guessed(s, fmt::format("Choice: {} next states, each with probability {:.3g} (its rules read "
                           "the input)",
                           s.choices.size(), share));
  }

  void branches(const StateModel& s, const std::string& at) {
    line(fmt::format("{}branches:", at));
    for (const BranchModel& b : s.branches) {
      line(fmt::format("{}  -", at));
      branch(b.start_at, b.states, at + "    ");
    }
  }

  void retry(const StateModel& s, bool task, const std::string& at) {
    if (!s.retry) return;
    if (!task) {
      skipped(s, "its Retry is not simulated (only a Task's)");
      return;
    }
    const std::int64_t attempts =
        std::clamp<std::int64_t>(s.retry->max_attempts, 0, kMaxRetryAttempts);
    const double interval = std::max(std::round(s.retry->interval_s), kMinRetryInterval);
    const double rate = std::clamp(s.retry->backoff_rate, 1.0, kMaxBackoffRate);
    line(fmt::format("{}retry: {{max_attempts: {}, interval: {}s, backoff_rate: {}}}", at, attempts,
                     interval, rate));
    if (s.retriers > 1) skipped(s, "only the first Retry is simulated (for every error)");
  }

  const ResourceModel& machine_;
  const std::map<std::string, std::string>& functions_;
  StatesSection out_;
  std::set<std::string> used_;
  std::map<std::string, std::string> names_;  // ASL name -> scenario name
};

}  // namespace

StatesSection write_states(const ResourceModel& machine,
                           const std::map<std::string, std::string>& functions,
                           const std::string& indent) {
  return StatesWriter(machine, functions).write(indent);
}

}  // namespace slsim::import
