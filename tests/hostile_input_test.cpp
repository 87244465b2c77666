// Hostile inputs, generated here rather than committed (the small malformed scenarios are in
// tests/bad/): a 100 MB file, nesting 10,000 levels deep, alias bombs, binary garbage, lines of
// a megabyte and 100,000 functions. Each must load or end in a ScenarioError with a clear
// message (exit code 2 through the CLI): never a crash, a hang, or another exception. The
// loader's limits (16 MB of input, 64 levels of nesting) are in sim/yaml_document.cpp.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/scenario_loader.hpp"

using namespace slsim;
namespace fs = std::filesystem;

namespace {

// Under AddressSanitizer the loader is ~10 times slower; the largest inputs are scaled down
// there, since the sanitizer run looks for memory errors, not for scale.
#if defined(__SANITIZE_ADDRESS__)
constexpr int kScaleDown = 10;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int kScaleDown = 10;
#else
constexpr int kScaleDown = 1;
#endif
#else
constexpr int kScaleDown = 1;
#endif

constexpr const char* kFile = "hostile.yaml";
constexpr std::size_t kMegabyte = 1024 * 1024;

// A valid scenario's first lines: hostile text is appended to it or put inside it.
constexpr const char* kValid = "run_for: 1h\nfunctions:\n  hello:\n    duration: 80ms\n";

// The message of the ScenarioError that loading `text` throws, or "" when it loads. Any other
// exception escapes and fails the test.
std::string error_of(const std::string& text) {
  try {
    load_scenario_text(text, kFile);
  } catch (const ScenarioError& e) {
    CHECK(e.exit_code() == kExitBadInput);
    return e.what();
  }
  return "";
}

std::string repeated(const std::string& text, std::size_t times) {
  std::string result;
  result.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i)
    result += text;
  return result;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal (a crash); 124: stopped by timeout (a hang)
  std::string err;
};

// A fresh directory under the system's temporary directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "slsim-hostile-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
    return (path_ / name).string();
  }

  // `slsim <args>` (args already shell-quoted; no quotes in the directory's name) in this
  // directory, stopped after 20 s; stdin from `input` (a shell command's output, or nothing),
  // stdout discarded.
  Outcome slsim(const std::string& args, const std::string& input = "true") const {
    const fs::path err = path_ / "stderr.txt";
    const std::string command = "cd '" + path_.string() + "' && " + input + " | timeout 20 '" +
                                SLSIM_BINARY + "' " + args + " >/dev/null 2>'" + err.string() + "'";
    const int status = std::system(command.c_str());
    Outcome outcome;
    if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
    outcome.err = read_file(err);
    return outcome;
  }

 private:
  fs::path path_;
};

std::string too_large(const std::string& where, std::uintmax_t bytes) {
  return where + ": input is " + std::to_string(bytes) +
         " bytes, more than the 16777216 bytes (16 MB) slsim reads";
}

}  // namespace

TEST_CASE("Hostile input: a 100 MB file is refused before it is read", "[loader][hostile]") {
  TempDir dir;
  // Sparse: 100 MB of zeros after a valid start, written in no time. The size alone refuses it.
  const std::string path = dir.write("huge.yaml", kValid);
  fs::resize_file(path, 100 * kMegabyte);
  const std::string expected = too_large(path, 100 * kMegabyte);
  std::string message;
  try {
    load_scenario(path);
  } catch (const ScenarioError& e) {
    message = e.what();
  }
  CHECK(message == expected);

  const Outcome cli = dir.slsim("validate huge.yaml");
  CHECK(cli.exit_code == kExitBadInput);
  CHECK(cli.err == "error: " + too_large("huge.yaml", 100 * kMegabyte) + "\n");
  // A pipe or a device has no size: refused after reading one byte too many, not all of it.
  const std::string endless = ": input is more than the 16777216 bytes (16 MB) slsim reads";
  const Outcome piped = dir.slsim("validate /dev/stdin", "cat huge.yaml");
  CHECK(piped.exit_code == kExitBadInput);
  CHECK(piped.err == "error: /dev/stdin" + endless + "\n");
  const Outcome zeros = dir.slsim("validate /dev/zero");
  CHECK(zeros.exit_code == kExitBadInput);
  CHECK(zeros.err == "error: /dev/zero" + endless + "\n");
  // Text just over the limit.
  CHECK(error_of(std::string(16 * kMegabyte + 1, '#')) == too_large(kFile, 16 * kMegabyte + 1));
}

TEST_CASE("Hostile input: nesting 10,000 levels deep is refused", "[loader][hostile]") {
  const std::string refused = ": nesting deeper than 64 levels; slsim refuses it";
  CHECK(error_of(repeated("[", 10'000)) == kFile + std::string(":1:1") + refused);
  CHECK(error_of(repeated("[", 10'000) + repeated("]", 10'000)) ==
        kFile + std::string(":1:1") + refused);
  CHECK(error_of(repeated("a: {", 10'000)) == kFile + std::string(":1:1995") + refused);
  CHECK(error_of(repeated("a: {", 10'000) + repeated("}", 10'000)) ==
        kFile + std::string(":1:1995") + refused);
  // Block style (the indentation grows quadratically): 1,000 levels stop yaml-cpp's own guard,
  // 100 levels pass it and stop at our limit, at the 65th level.
  std::string block;
  for (int level = 0; level < 1'000; ++level)
    block += std::string(2 * static_cast<std::size_t>(level), ' ') + "a:\n";
  CHECK(error_of(block) == kFile + std::string(":499:999") + refused);
  block.clear();
  for (int level = 0; level < 100; ++level)
    block += std::string(2 * static_cast<std::size_t>(level), ' ') + "a:\n";
  CHECK(error_of(block) == kFile + std::string(":65:129: ") + repeated("a.", 63) +
                               "a: nesting deeper than 64 levels (or a recursive alias); slsim "
                               "refuses it");
  // Inside a scenario, the message names the field.
  CHECK(error_of(std::string(kValid) + "description: " + repeated("[", 100) + repeated("]", 100)) ==
        kFile + std::string(":5:77: description") + repeated("[0]", 63) +
            ": nesting deeper than 64 levels (or a recursive alias); slsim refuses it");

  TempDir dir;
  dir.write("deep.yaml", repeated("a: {", 10'000));
  const Outcome cli = dir.slsim("validate deep.yaml");
  CHECK(cli.exit_code == kExitBadInput);
  CHECK(cli.err == "error: deep.yaml:1:1995" + refused + "\n");
}

TEST_CASE("Hostile input: alias bombs end quickly with a clear message", "[loader][hostile]") {
  // A "billion laughs": ten levels of ten aliases each, 10^10 leaves if walked naively.
  std::string bomb = "[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]";
  std::string previous = "a";
  for (const char* level : {"b", "c", "d", "e", "f", "g", "h", "i", "j"}) {
    bomb += std::string(", &") + level + " [" + repeated("*" + previous + ", ", 9) + "*" +
            previous + "]";
    previous = level;
  }
  bomb += "]";
  CHECK(error_of(std::string(kValid) + "description: " + bomb) ==
        kFile + std::string(":5:1: description: expected a string, got a list"));
  CHECK(error_of(std::string(kValid) + "account: " + bomb) ==
        kFile + std::string(":5:1: account: expected a map (keys: region, concurrency_limit, "
                            "request_rate, scale_rate, scaling, api_gateway), got a list"));
  // An alias of its own container: a cyclic tree, on which yaml-cpp's own walks never end.
  CHECK(error_of(std::string(kValid) + "description: &a [*a]") ==
        kFile + std::string(":5:14: description") + repeated("[0]", 63) +
            ": nesting deeper than 64 levels (or a recursive alias); slsim refuses it");

  TempDir dir;
  dir.write("bomb.yaml", std::string(kValid) + "description: " + bomb);
  const Outcome cli = dir.slsim("validate bomb.yaml");
  CHECK(cli.exit_code == kExitBadInput);
  CHECK(cli.err == "error: bomb.yaml:5:1: description: expected a string, got a list\n");
}

TEST_CASE("Hostile input: binary garbage is refused as not text", "[loader][hostile]") {
  CHECK(error_of(std::string(4096, '\0')) ==
        kFile + std::string(":1:1: expected printable UTF-8 text, got byte 0x00"));
  CHECK(error_of(std::string(kValid) + "    memory: 5" + std::string(1, '\0') + "12\n") ==
        kFile + std::string(":5:14: expected printable UTF-8 text, got byte 0x00"));

  // Random bytes, from generators fully specified by the standard (identical everywhere).
  std::mt19937 rng(42);
  std::string garbage(64 * 1024, '\0');
  for (char& c : garbage)
    c = static_cast<char>(rng() & 0xffU);
  CHECK(error_of(garbage) ==
        kFile + std::string(":1:2: expected printable UTF-8 text, got byte 0xb3"));
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    std::mt19937 short_rng(seed);
    std::string text(seed, '\0');
    for (char& c : text)
      c = static_cast<char>(short_rng() & 0xffU);
    INFO("seed " << seed);
    CHECK(error_of(text).rfind(kFile, 0) == 0);
  }

  TempDir dir;
  dir.write("garbage.yaml", garbage);
  const Outcome cli = dir.slsim("validate garbage.yaml");
  CHECK(cli.exit_code == kExitBadInput);
  CHECK(cli.err == "error: garbage.yaml:1:2: expected printable UTF-8 text, got byte 0xb3\n");
}

TEST_CASE("Hostile input: random YAML punctuation loads or fails cleanly", "[loader][hostile]") {
  // Not a fuzzer (tools/fuzz/ has those), a deterministic smoke test of the parser's edges:
  // short texts drawn from YAML's structural characters must give a ScenarioError, if any.
  const std::string alphabet = "ab1: -[]{},&*!|>'\"#?%@.\\/\n\n  \t";
  std::mt19937 rng(7);
  for (int i = 0; i < 2'000; ++i) {
    std::string text(1 + rng() % 60, ' ');
    for (char& c : text)
      c = alphabet[rng() % alphabet.size()];
    INFO("text: " << text);
    CHECK(error_of(text).rfind(kFile, 0) == 0);
  }
}

TEST_CASE("Hostile input: lines of a megabyte", "[loader][hostile]") {
  const std::string long_text(kMegabyte, 'x');
  // A long free text is fine, and so is a long comment.
  const ScenarioSpec spec = load_scenario_text(
      "# " + long_text + "\n" + kValid + "description: " + long_text + "\n", kFile);
  CHECK(spec.description == long_text);
  // Messages quote at most 60 characters of a value.
  const std::string shown = "'" + std::string(60, '9') + "...'";
  CHECK(error_of(std::string(kValid) + "    memory: " + std::string(kMegabyte, '9') + "\n") ==
        kFile +
            std::string(":5:13: functions.hello.memory: expected a whole number of MB from 128 "
                        "to 10240 (such as 512 or 512MB), got ") +
            shown);
  CHECK(error_of(std::string(kValid) + "sources:\n  api: {type: invoke, target: " +
                 std::string(kMegabyte, 't') + ", arrivals: {rate: 1/s}}\n") ==
        kFile + std::string(":6:31: sources.api.target: unknown function '") +
            std::string(60, 't') + "...' (functions: hello)");
  // yaml-cpp reads at most 1024 characters as an implicit key.
  CHECK(error_of(std::string(kValid) + "    " + std::string(kMegabyte, 'k') + ": 1\n") ==
        kFile + std::string(":5:") + std::to_string(kMegabyte + 5) +
            ": YAML syntax error: illegal map value");
}

TEST_CASE("Hostile input: 100,000 functions load", "[loader][hostile]") {
  // No limit of our own: the loader is linear in the number of functions and sources (AWS's
  // default code storage, 75 GB, allows many thousands).
  constexpr int kFunctions = 100'000 / kScaleDown;
  std::string text = "run_for: 1h\nfunctions:\n";
  text.reserve(static_cast<std::size_t>(kFunctions) * 24);
  for (int i = 0; i < kFunctions; ++i)
    text += "  f" + std::to_string(i) + ": {duration: 1ms}\n";
  text += "sources:\n  api: {type: invoke, target: f" + std::to_string(kFunctions - 1) +
          ", arrivals: {rate: 1/s}}\n";
  const ScenarioSpec spec = load_scenario_text(text, kFile);
  CHECK(spec.functions.size() == static_cast<std::size_t>(kFunctions));
  REQUIRE(spec.sources.size() == 1);
  CHECK(spec.sources[0].target_index == kFunctions - 1);
}
