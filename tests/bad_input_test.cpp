// Every loader error message, asserted exactly: each tests/bad/*.yaml starts with
//   # error: <the message, with the file's path written FILE and its directory DIR>
// optionally followed by `# set: path=value` lines, passed as --set options. Each file is
// loaded as `slsim validate` loads it (the scenario, then its price books), and each is also
// run through the built binary, which must print the same message and exit with code 2.
// Inputs too large to commit (100 MB, deep nesting, alias bombs) are in hostile_input_test.cpp.

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/price_book.hpp"
#include "slsim/scenario_loader.hpp"

using namespace slsim;

namespace {

struct BadInput {
  std::string path;
  std::string expected;  // FILE and DIR already replaced
  std::vector<std::string> sets;
};

// `text` with the tokens FILE and DIR replaced in one pass (so a path that happens to contain
// one of them is not replaced again).
std::string expand(const std::string& text, const std::string& file, const std::string& dir) {
  std::string result;
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 4, "FILE") == 0) {
      result += file;
      i += 4;
    } else if (text.compare(i, 3, "DIR") == 0) {
      result += dir;
      i += 3;
    } else {
      result += text[i++];
    }
  }
  return result;
}

BadInput read_header(const std::string& path) {
  BadInput input{path, "", {}};
  std::ifstream in(path, std::ios::binary);
  std::string line;
  const std::string error_tag = "# error: ";
  const std::string set_tag = "# set: ";
  const std::string dir = std::filesystem::path(path).parent_path().string();
  while (std::getline(in, line) && line.rfind("# ", 0) == 0) {
    if (line.rfind(error_tag, 0) == 0) {
      input.expected = expand(line.substr(error_tag.size()), path, dir);
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

// The message `slsim validate` would report, or "" when the input loads.
std::string load_error(const BadInput& input, int& exit_code) {
  try {
    load_price_books(load_scenario(input.path, input.sets));
  } catch (const ScenarioError& e) {
    exit_code = e.exit_code();
    return e.what();
  }
  return "";
}

std::string shell_quoted(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct Outcome {
  int exit_code = -1;  // -1: killed by a signal (a crash), 124: timed out (a hang)
  std::string err;
};

// `slsim validate FILE --set ...`, stopped after 20 s.
Outcome validate(const BadInput& input, const std::string& err_path) {
  std::string command =
      "timeout 20 " + shell_quoted(SLSIM_BINARY) + " validate " + shell_quoted(input.path);
  for (const std::string& set : input.sets)
    command += " --set " + shell_quoted(set);
  command += " >/dev/null 2>" + shell_quoted(err_path) + " </dev/null";
  const int status = std::system(command.c_str());
  Outcome outcome;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  outcome.err = read_file(err_path);
  return outcome;
}

}  // namespace

TEST_CASE("Bad input: every tests/bad file fails with its exact message", "[loader][bad]") {
  const std::vector<std::string> files = bad_files();
  CHECK(files.size() >= 70);
  for (const std::string& file : files) {
    const BadInput input = read_header(file);
    DYNAMIC_SECTION(std::filesystem::path(file).filename().string()) {
      REQUIRE_FALSE(input.expected.empty());
      int exit_code = 0;
      CHECK(load_error(input, exit_code) == input.expected);
      CHECK(exit_code == kExitBadInput);
    }
  }
}

TEST_CASE("Bad input: the CLI prints each message and exits with code 2", "[cli][bad]") {
  const std::string err_path = (std::filesystem::temp_directory_path() /
                                ("slsim-bad-input-" + std::to_string(::getpid()) + ".txt"))
                                   .string();
  for (const std::string& file : bad_files()) {
    const BadInput input = read_header(file);
    DYNAMIC_SECTION(std::filesystem::path(file).filename().string()) {
      const Outcome outcome = validate(input, err_path);
      CHECK(outcome.exit_code == kExitBadInput);
      CHECK(outcome.err == "error: " + input.expected + "\n");
    }
  }
  std::filesystem::remove(err_path);
}
