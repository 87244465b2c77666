#pragma once
// Helpers shared by the template-import tests: the realistic templates' paths, the import
// options, reading the written scenario, finding summary notes, and running an imported
// scenario to the end with every request accounted for, finding a result by name.

#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "slsim/import/template_import.hpp"
#include "slsim/simulation.hpp"

namespace slsim::import::test {

inline std::string template_path(const std::string& name) {
  return std::string(SLSIM_SOURCE_DIR) + "/tests/import/templates/" + name;
}

// The options `slsim import` uses: queues, topics, buckets, tables, streams, schedules and
// state machines written as resources.
inline ImportOptions services() {
  ImportOptions options;
  options.services_schema = true;
  return options;
}

inline std::string text_of(const YAML::Node& node) {
  return node && node.IsScalar() ? node.Scalar() : std::string("<absent>");
}

inline bool has_note(const std::vector<ImportNote>& notes, const std::string& subject,
                     const std::string& detail_part) {
  return std::any_of(notes.begin(), notes.end(), [&](const ImportNote& n) {
    return n.subject == subject && n.detail.find(detail_part) != std::string::npos;
  });
}

// The result named `name` in a run's results (functions, sources, buckets, streams, ...).
template <typename Result>
const Result& named(const std::vector<Result>& results, const std::string& name) {
  const auto found =
      std::find_if(results.begin(), results.end(), [&](const Result& r) { return r.name == name; });
  REQUIRE(found != results.end());
  return *found;
}

// Runs to the end (drained, invariants checked after every event); every request of every
// source ended once.
inline RunResult run_to_the_end(const ScenarioSpec& spec) {
  RunOptions options;
  options.drain = true;
  options.check = true;
  RunResult result = run_simulation(spec, options);
  for (const SourceResult& s : result.sources) {
    INFO(s.name);
    CHECK(s.in_flight_at_end == 0);
    CHECK(s.requests == s.completed + s.throttled + s.failed + s.timed_out + s.dropped);
  }
  return result;
}

}  // namespace slsim::import::test
