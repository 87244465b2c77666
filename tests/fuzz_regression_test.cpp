// Every input the fuzzers found a bug with, kept in tests/fuzz/<target>/, replayed through the
// body of that target (tools/fuzz/fuzz_bodies.hpp) so the bug stays fixed. A body throws on
// anything but success or bad input reported as such; under SLSIM_SANITIZE the sanitizers also
// check each replay for the memory errors and undefined behaviour the fuzzer saw.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "../tools/fuzz/fuzz_bodies.hpp"
#include "../tools/fuzz/trace_fuzz_body.hpp"

namespace {

namespace fs = std::filesystem;

struct Target {
  const char* name;  // the directory under tests/fuzz/, named after the fuzz target
  std::function<void(std::string_view)> body;
};

const Target kTargets[] = {
    {"scenario_loader_fuzz", slsim::fuzz::scenario_loader_body},
    {"units_fuzz", slsim::fuzz::units_body},
    {"price_book_fuzz", slsim::fuzz::price_book_body},
    {"set_option_fuzz", slsim::fuzz::set_option_body},
    {"azure2019_fuzz", slsim::fuzz::azure2019_body},
    {"azure2021_fuzz", slsim::fuzz::azure2021_body},
    {"trace_csv_fuzz", slsim::fuzz::trace_csv_body},
};

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  if (!fs::is_directory(dir)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("Fuzz regressions: every kept reproducer runs clean", "[fuzz]") {
  const fs::path root = fs::path(SLSIM_SOURCE_DIR) / "tests" / "fuzz";
  // A directory of reproducers that matches no target would silently never run.
  for (const fs::directory_entry& entry : fs::directory_iterator(root)) {
    const std::string name = entry.path().filename().string();
    const bool known = std::any_of(std::begin(kTargets), std::end(kTargets),
                                   [&](const Target& t) { return name == t.name; });
    INFO("tests/fuzz/" << name);
    CHECK(known);
  }
  std::size_t replayed = 0;
  for (const Target& target : kTargets) {
    for (const fs::path& file : files_in(root / target.name)) {
      const std::string data = read_bytes(file);
      DYNAMIC_SECTION(target.name << "/" << file.filename().string()) {
        REQUIRE_NOTHROW(target.body(data));
      }
      ++replayed;
    }
  }
  CHECK(replayed > 0);
}

TEST_CASE("Fuzz bodies accept the example scenarios and price books", "[fuzz]") {
  // The seeds of tools/fuzz.sh: if these failed, the fuzzer would report them before fuzzing.
  const fs::path source(SLSIM_SOURCE_DIR);
  for (const fs::path& file : files_in(source / "scenarios")) {
    if (file.extension() != ".yaml") continue;
    DYNAMIC_SECTION(file.filename().string()) {
      REQUIRE_NOTHROW(slsim::fuzz::scenario_loader_body(read_bytes(file)));
    }
  }
  for (const fs::path& file : files_in(source / "scenarios" / "pricing")) {
    DYNAMIC_SECTION("pricing/" << file.filename().string()) {
      REQUIRE_NOTHROW(slsim::fuzz::price_book_body(read_bytes(file)));
    }
  }
  REQUIRE_NOTHROW(slsim::fuzz::set_option_body("functions.hello.memory=1024"));
  REQUIRE_NOTHROW(slsim::fuzz::units_body("1000/10s"));
}

namespace {

std::string load_error(const std::string& text, const std::vector<std::string>& sets = {}) {
  try {
    slsim::load_scenario_text(text, "f.yaml", sets);
  } catch (const slsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

std::string book_error(const std::string& billing_line) {
  const std::string text =
      "inherits: aws\ndescription: d\nlambda:\n  billing:\n    granularity: 1ms\n"
      "    init_billed: true\n    source: s\n    date: 2024-01\n" +
      billing_line + "\n";
  try {
    slsim::parse_price_book(text, "b.yaml");
  } catch (const slsim::ScenarioError& e) {
    return e.what();
  }
  return "";
}

constexpr const char* kMinimalScenario =
    "run_for: 1s\nfunctions:\n  f: {duration: 1ms}\nsources:\n"
    "  api: {type: api_gateway, target: f, arrivals: {rate: 1/s}, overhead: 31s}\n";

}  // namespace

TEST_CASE("Fuzz regressions: the limits the fuzzers called for say what they refuse", "[fuzz]") {
  // yaml-cpp 0.7 loops forever on a stray ',' (jbeder/yaml-cpp#1040).
  CHECK(load_error(",") == "f.yaml:1:1: YAML syntax error: unexpected token ','");
  CHECK(load_error("{a: 1} ,") == "f.yaml:1:8: YAML syntax error: unexpected token ','");
  CHECK(load_error(kMinimalScenario) ==
        "f.yaml:5:72: sources.api.overhead: expected a duration from 0s to 30s, got '31s'");
  CHECK(book_error("    minimum: 2m") ==
        "b.yaml:9:14: lambda.billing.minimum: expected a duration of at most 1m, got '2m'");
  CHECK(book_error("    provisioned_rounding: 2d") ==
        "b.yaml:9:27: lambda.billing.provisioned_rounding: expected a duration of at most 1d, "
        "got '2d'");
  CHECK(load_error("run_for: 1s\naccount: {api_gateway: {burst: 1000000001}}\n") ==
        "f.yaml:2:32: account.api_gateway.burst: expected an integer from 1 to 1000000000, got "
        "'1000000001'");
  std::string deep_path;
  for (int i = 0; i < 65; ++i)
    deep_path += "a.";
  deep_path += "a=1";
  CHECK(load_error("run_for: 1s", {deep_path}) ==
        "--set " + deep_path + ": a path of more than 64 keys; slsim refuses it");
}
