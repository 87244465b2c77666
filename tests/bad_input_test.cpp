// Every loader error message, asserted exactly: each tests/bad/*.yaml starts with
//   # error: <the message, with the file's path written FILE>
// optionally followed by `# set: path=value` lines, passed as --set options.

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/scenario_loader.hpp"

using namespace slsim;

namespace {

struct BadInput {
  std::string path;
  std::string expected;  // FILE already replaced by `path`
  std::vector<std::string> sets;
};

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

BadInput read_header(const std::string& path) {
  BadInput input{path, "", {}};
  std::ifstream in(path);
  std::string line;
  const std::string error_tag = "# error: ";
  const std::string set_tag = "# set: ";
  while (std::getline(in, line) && line.rfind("# ", 0) == 0) {
    if (line.rfind(error_tag, 0) == 0) {
      input.expected = replace_all(line.substr(error_tag.size()), "FILE", path);
    } else if (line.rfind(set_tag, 0) == 0) {
      input.sets.push_back(line.substr(set_tag.size()));
    }
  }
  return input;
}

std::vector<std::string> bad_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(SLSIM_SOURCE_DIR "/tests/bad")) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("Bad input: every tests/bad file fails with its exact message", "[loader][bad]") {
  const std::vector<std::string> files = bad_files();
  CHECK(files.size() >= 20);
  for (const std::string& file : files) {
    const BadInput input = read_header(file);
    DYNAMIC_SECTION(std::filesystem::path(file).filename().string()) {
      REQUIRE_FALSE(input.expected.empty());
      std::string message;
      try {
        load_scenario(file, input.sets);
      } catch (const ScenarioError& e) {
        message = e.what();
        CHECK(e.exit_code() == kExitBadInput);
      }
      CHECK(message == input.expected);
    }
  }
}
