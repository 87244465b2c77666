// User-facing errors: one message shape, exit codes, and the "did you mean" machinery.

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "slsim/error.hpp"

using namespace slsim;

namespace {

SourceLocation file_at(int line, int column) {
  SourceLocation where;
  where.file = "scenario.yaml";
  where.line = line;
  where.column = column;
  return where;
}

SourceLocation option(std::string text) {
  SourceLocation where;
  where.option = std::move(text);
  return where;
}

}  // namespace

TEST_CASE("Error: a source location prints as file:line:col, the option, or the file", "[error]") {
  CHECK(file_at(3, 7).to_string() == "scenario.yaml:3:7");
  CHECK(file_at(0, 0).to_string() == "scenario.yaml");
  CHECK(file_at(12, 0).to_string() == "scenario.yaml:12");
  CHECK(option("--set functions.hello.memory=abc").to_string() ==
        "--set functions.hello.memory=abc");
  // An option wins over a file position: the value came from the command line.
  SourceLocation both = file_at(3, 7);
  both.option = "--set a.b=c";
  CHECK(both.to_string() == "--set a.b=c");
}

TEST_CASE("Error: invalid values read 'where: path: expected X, got Y'", "[error]") {
  const ScenarioError e = ScenarioError::invalid(file_at(3, 7), "functions.hello.memory",
                                                 "an integer in MB between 128 and 10240", "99999");
  CHECK(std::string(e.what()) ==
        "scenario.yaml:3:7: functions.hello.memory: expected an integer in MB between 128 and "
        "10240, got 99999");
  CHECK(e.exit_code() == kExitBadInput);
  CHECK(e.exit_code() == 2);

  const ScenarioError from_cli =
      ScenarioError::invalid(option("--set functions.hello.memory=abc"), "functions.hello.memory",
                             "a whole number of MB such as 512 or 512MB", "abc");
  CHECK(std::string(from_cli.what()) ==
        "--set functions.hello.memory=abc: functions.hello.memory: expected a whole number of MB "
        "such as 512 or 512MB, got abc");
}

TEST_CASE("Error: unknown keys suggest the nearest known key when there is one", "[error]") {
  CHECK(std::string(ScenarioError::unknown_key(file_at(5, 5), "functions.hello", "memroy", "memory")
                        .what()) ==
        "scenario.yaml:5:5: functions.hello: unknown key 'memroy' (did you mean 'memory'?)");
  CHECK(
      std::string(ScenarioError::unknown_key(file_at(5, 5), "functions.hello", "zzz", "").what()) ==
      "scenario.yaml:5:5: functions.hello: unknown key 'zzz'");
}

TEST_CASE("Error: duplicate, missing, rule and unreadable messages", "[error]") {
  CHECK(std::string(ScenarioError::duplicate_key(file_at(9, 3), "functions", "hello", 4).what()) ==
        "scenario.yaml:9:3: functions: duplicate key 'hello' (first at line 4)");
  CHECK(std::string(ScenarioError::missing(file_at(2, 1), "sources.api", "target").what()) ==
        "scenario.yaml:2:1: sources.api: missing required key 'target'");
  CHECK(std::string(ScenarioError::rule(file_at(7, 3), "functions",
                                        "reserved concurrency leaves 50 unreserved; at least "
                                        "100 must stay unreserved")
                        .what()) ==
        "scenario.yaml:7:3: functions: reserved concurrency leaves 50 unreserved; at least 100 "
        "must stay unreserved");
  CHECK(
      std::string(ScenarioError::unreadable("missing.yaml", "No such file or directory").what()) ==
      "missing.yaml: cannot read: No such file or directory");
}

TEST_CASE("Error: an empty location or path leaves no dangling separator", "[error]") {
  CHECK(std::string(ScenarioError::invalid(SourceLocation{}, "seed", "an integer", "x").what()) ==
        "seed: expected an integer, got x");
  CHECK(std::string(ScenarioError::invalid(file_at(1, 1), "", "a map", "3").what()) ==
        "scenario.yaml:1:1: expected a map, got 3");
}

TEST_CASE("Error: internal errors exit with code 3 and say so", "[error]") {
  const InternalError e("event queue went back in time");
  CHECK(std::string(e.what()) == "internal error: event queue went back in time");
  CHECK(e.exit_code() == kExitInternal);
  CHECK(e.exit_code() == 3);
}

TEST_CASE("Error: every error is catchable as slsim::Error and std::runtime_error", "[error]") {
  CHECK_THROWS_AS(throw ScenarioError::missing(file_at(1, 1), "a", "b"), Error);
  CHECK_THROWS_AS(throw InternalError("x"), std::runtime_error);
}

TEST_CASE("Error: edit_distance is the Levenshtein distance", "[error]") {
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("flaw", "lawn") == 2);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("memory", "memory") == 0);
  CHECK(edit_distance("memroy", "memory") == 2);  // a transposition costs two edits
  CHECK(edit_distance("timeout", "timeouts") == 1);
  CHECK(edit_distance("Memory", "memory") == 1);  // case-sensitive, like the keys
}

TEST_CASE("Error: nearest_name suggests only close candidates", "[error]") {
  const std::vector<std::string> keys{"memory", "timeout", "runtime", "duration"};
  CHECK(nearest_name("memroy", keys) == "memory");
  CHECK(nearest_name("timout", keys) == "timeout");
  CHECK(nearest_name("xyz", keys).empty());
  // Threshold max(2, |word| / 3): "durationss" (10 letters) allows 3 edits.
  CHECK(nearest_name("durationss", keys) == "duration");
  CHECK(nearest_name("dxrxtxon", keys).empty());  // 4 edits from "duration": too far
  // The first of equally close candidates wins (deterministic suggestions).
  const std::vector<std::string_view> tied{"ab", "ba"};
  CHECK(nearest_name("aa", tied) == "ab");
  CHECK(nearest_name("anything", std::vector<std::string>{}).empty());
}
