// Damaged templates never crash the import: every realistic template of the tests, cut short
// at many places and with lines removed, is imported; the only acceptable failure is a
// slsim::Error (a located message, exit code 2). A yaml-cpp exception escaping (an invalid
// node read without a check) or a crash fails the test.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "slsim/error.hpp"
#include "slsim/import/sam_reader.hpp"
#include "slsim/import/scenario_writer.hpp"
#include "slsim/import/serverless_reader.hpp"

using namespace slsim;
using namespace slsim::import;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

// "" when the import succeeded or failed with a slsim::Error; otherwise what escaped.
std::string import_failure(const std::string& text, bool sam) {
  try {
    const TemplateModel model = sam ? read_sam_template_text(text, "t.yaml")
                                    : read_serverless_template_text(text, "serverless.yml");
    write_scenario(model, ImportOptions{false, "slsim import"});
    write_scenario(model, ImportOptions{true, "slsim import"});
  } catch (const Error&) {
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("Damaged templates: truncated and with lines removed, only located errors",
          "[import][slow]") {
  const std::vector<std::pair<std::string, bool>> templates = {
      {"sam-hello-world.yaml", true},       {"sam-s3-sqs-streams.yaml", true},
      {"cfn-clickstream.yaml", true},       {"serverless-todo-api.yml", false},
      {"serverless-csv-import.yml", false}, {"serverless-notifications.yml", false},
      {"sam-media-library.yaml", true},     {"serverless-image-resize.yml", false},
      {"sam-kinesis.yaml", true},           {"sam-state-machine.yaml", true},
      {"sam-firehose.yaml", true},          {"serverless-firehose.yml", false}};
  for (const auto& [name, sam] : templates) {
    const std::string text =
        read_all(std::string(SLSIM_SOURCE_DIR) + "/tests/import/templates/" + name);
    const std::vector<std::string> lines = lines_of(text);
    for (std::size_t cut = 0; cut < text.size(); cut += 7) {
      INFO(name << " cut at byte " << cut);
      CHECK(import_failure(text.substr(0, cut), sam).empty());
    }
    for (std::size_t removed = 0; removed < lines.size(); ++removed) {
      std::string damaged;
      for (std::size_t i = 0; i < lines.size(); ++i)
        if (i != removed) damaged += lines[i] + "\n";
      INFO(name << " without line " << removed + 1);
      CHECK(import_failure(damaged, sam).empty());
    }
    // Every line's indentation removed in turn: values become keys, maps become scalars.
    for (std::size_t flattened = 0; flattened < lines.size(); ++flattened) {
      std::string damaged;
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        damaged += (i == flattened ? line.substr(line.find_first_not_of(' ') == std::string::npos
                                                     ? line.size()
                                                     : line.find_first_not_of(' '))
                                   : line) +
                   "\n";
      }
      INFO(name << " line " << flattened + 1 << " unindented");
      CHECK(import_failure(damaged, sam).empty());
    }
  }
}
