// Every template error message, asserted exactly: each tests/import/templates/bad/* starts
// with `# error: <message>` (the file's path written FILE, its directory DIR). sam_* files are read
// as SAM templates, serverless_* as serverless.yml. Each is imported as a library call and through
// the built binary, which must print "error: <message>" and exit with code 2.

#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/import/template_import.hpp"

using namespace slsim;

namespace {

std::vector<std::string> bad_templates() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(SLSIM_SOURCE_DIR "/tests/import/templates/bad")) {
    files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string expected_error(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  const std::string tag = "# error: ";
  REQUIRE(line.rfind(tag, 0) == 0);
  std::string message = line.substr(tag.size());
  const auto file = message.find("FILE");
  if (file != std::string::npos) message.replace(file, 4, path);
  const auto dir = message.find("DIR");
  if (dir != std::string::npos) {
    message.replace(dir, 3, std::filesystem::path(path).parent_path().string());
  }
  return message;
}

std::string format_of(const std::string& path) {
  return std::filesystem::path(path).filename().string().rfind("sam_", 0) == 0 ? "sam"
                                                                               : "serverless";
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("Bad templates: every error message, exactly, from the library", "[import][bad]") {
  const auto files = bad_templates();
  REQUIRE(files.size() >= 20);
  for (const std::string& path : files) {
    INFO(path);
    const std::string expected = expected_error(path);
    std::string message;
    int exit_code = 0;
    try {
      import::import_template_checked(format_of(path), path, "<stdout>");
    } catch (const Error& e) {
      message = e.what();
      exit_code = e.exit_code();
    }
    CHECK(message == expected);
    CHECK(exit_code == kExitBadInput);
  }
}

TEST_CASE("Bad templates: slsim import prints the error and exits with code 2",
          "[import][bad][cli]") {
  const std::string err =
      (std::filesystem::temp_directory_path() / "slsim_import_err.txt").string();
  for (const std::string& path : bad_templates()) {
    INFO(path);
    const std::string command = std::string("'") + SLSIM_BINARY + "' import " + format_of(path) +
                                " '" + path + "' >/dev/null 2>'" + err + "'";
    const int status = std::system(command.c_str());
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    // The last line: a template that imports but does not validate has its summary first.
    std::string text = read_all(err);
    const std::size_t last = text.rfind('\n', text.size() >= 2 ? text.size() - 2 : 0);
    if (last != std::string::npos && last + 1 < text.size()) text = text.substr(last + 1);
    CHECK(text == "error: " + expected_error(path) + "\n");
  }
  std::filesystem::remove(err);
}

TEST_CASE("slsim import: writes a scenario that validates and runs, and prints the summary",
          "[import][cli]") {
  const auto dir = std::filesystem::temp_directory_path() / "slsim_import_cli";
  std::filesystem::create_directories(dir);
  const std::string out = (dir / "scenario.yaml").string();
  const std::string summary = (dir / "summary.txt").string();
  const std::string bin = std::string("'") + SLSIM_BINARY + "'";
  const std::string tmpl = SLSIM_SOURCE_DIR "/tests/import/templates/sam-hello-world.yaml";
  int status = std::system(
      (bin + " import sam '" + tmpl + "' -o '" + out + "' >'" + summary + "' 2>&1").c_str());
  REQUIRE(WEXITSTATUS(status) == 0);
  const std::string text = read_all(summary);
  CHECK(text.rfind("imported: ", 0) == 0);
  CHECK(text.find("wrote " + out) != std::string::npos);
  status = std::system((bin + " validate '" + out + "' >/dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(status) == 0);
  status = std::system((bin + " run '" + out + "' --quiet >/dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(status) == 0);
  // Without -o: the scenario on stdout, the summary on stderr.
  const std::string stdout_file = (dir / "stdout.yaml").string();
  status = std::system((bin +
                        " import serverless '" SLSIM_SOURCE_DIR
                        "/tests/import/templates/serverless-todo-api.yml' >'" +
                        stdout_file + "' 2>'" + summary + "'")
                           .c_str());
  REQUIRE(WEXITSTATUS(status) == 0);
  CHECK(read_all(stdout_file).find("name: todo-api") != std::string::npos);
  CHECK(read_all(summary).rfind("imported: ", 0) == 0);
  // An output that cannot be written is an error naming it.
  status = std::system(
      (bin + " import sam '" + tmpl + "' -o /nonexistent-dir/s.yaml >/dev/null 2>'" + summary + "'")
          .c_str());
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(read_all(summary) ==
        "error: /nonexistent-dir/s.yaml: cannot write the scenario: No such file or directory\n");
  // An unknown format is bad usage.
  status = std::system((bin + " import cdk '" + tmpl + "' >/dev/null 2>&1").c_str());
  CHECK(WEXITSTATUS(status) == 2);
  std::filesystem::remove_all(dir);
}
