// scenarios/README.md, the course: every lesson has its question, command, notice and
// exercise; every command in it runs, and every `--set` what-if is valid for its lesson.

#include <catch2/catch.hpp>

#include <regex>
#include <string>
#include <vector>

#include "report_fixture.hpp"

using namespace slsim::test;

TEST_CASE("Lessons: every lesson has its parts and every what-if is valid", "[lessons]") {
  const std::string text = read_text(SLSIM_SOURCE_DIR "/scenarios/README.md");
  const std::regex heading(R"(\n## \d+\. `([a-z0-9-]+\.yaml)`)");
  std::vector<std::pair<std::size_t, std::string>> lessons;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), heading);
       it != std::sregex_iterator(); ++it)
    lessons.emplace_back(static_cast<std::size_t>(it->position()), (*it)[1]);
  REQUIRE(lessons.size() >= 4);
  ReportDir dir;
  fs::create_directory_symlink(SLSIM_SOURCE_DIR "/scenarios", dir.path() / "scenarios");
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    const std::string& file = lessons[i].second;
    INFO(file);
    const std::size_t end =
        i + 1 < lessons.size() ? lessons[i + 1].first : text.find("\n## ", lessons[i].first + 1);
    const std::string body = text.substr(lessons[i].first, end - lessons[i].first);
    for (const char* part : {"**Question.**", "**Notice.**", "**Exercise", "*What should change:*"})
      CHECK(body.find(part) != std::string::npos);
    // Each `--set ...` of the lesson, as written (optionally single-quoted), on its scenario.
    const std::regex set(R"(--set\s+('[^']+'|[^\s`]+))");
    std::size_t sets = 0;
    for (auto it = std::sregex_iterator(body.begin(), body.end(), set);
         it != std::sregex_iterator(); ++it) {
      ++sets;
      const std::string edit = (*it)[1];
      INFO(edit);
      const Outcome o = dir.slsim("validate scenarios/" + file + " --set " + edit);
      CHECK(o.exit_code == 0);
      CHECK(o.err.empty());
    }
    CHECK(sets >= 1);
    // Each command line in the lesson's code blocks runs.
    const std::regex command(R"(\nbuild/slsim ([^\n#]+))");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), command);
         it != std::sregex_iterator(); ++it) {
      const std::string args = (*it)[1];
      INFO(args);
      const Outcome o = dir.slsim(args + " >/dev/null");
      CHECK(o.exit_code == 0);
    }
  }
}
