// README is user documentation that must stay true: the tables it copies from the code are
// checked here, and so are its first two commands.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "slsim/cold_start_defaults.hpp"

namespace {

std::string read_readme() {
  std::ifstream in(std::string(SLSIM_SOURCE_DIR) + "/README.md");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("README: the cold-start table is the one in the code") {
  const std::string readme = read_readme();
  REQUIRE_FALSE(readme.empty());
  const std::string table = slsim::cold_start_table_markdown();
  // The Markdown table itself (the explanatory line after it may be worded differently).
  const std::string rows = table.substr(0, table.find("\n\n"));
  CHECK(readme.find(rows) != std::string::npos);
}

TEST_CASE("README: opens with the set-up-and-run command and the test command") {
  const std::string readme = read_readme();
  const std::size_t first =
      readme.find("tools/setup.sh && build/slsim run scenarios/hello-api.yaml");
  const std::size_t second = readme.find("tools/test.sh");
  REQUIRE(first != std::string::npos);
  REQUIRE(second != std::string::npos);
  CHECK(first < 400);
  CHECK(second < 600);
}
