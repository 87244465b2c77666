#include "diagram.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

#include <fmt/format.h>

namespace slsim::cli {

namespace {

// `dot` on the PATH, or "" (no shell lookup: a missing program must not print errors).
std::string find_dot() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string_view rest(path);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string dir(rest.substr(0, colon));
    rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
    const std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / "dot";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

}  // namespace

Diagram render_dot(const std::string& dot) {
  Diagram d;
  const std::string program = find_dot();
  if (program.empty()) {
    d.problem =
        "Graphviz's dot was not found on the PATH (tools/setup.sh installs graphviz), so the "
        "diagram is shown as its DOT source; paste it into any Graphviz viewer.";
    return d;
  }
  std::string input = (std::filesystem::temp_directory_path() / "slsim-dot-XXXXXX").string();
  const int fd = ::mkstemp(input.data());
  if (fd < 0) {
    d.problem = "could not create a temporary file for Graphviz";
    return d;
  }
  ::close(fd);
  std::ofstream(input, std::ios::binary) << dot;
  const std::string command = fmt::format("'{}' -Tsvg '{}' 2>/dev/null", program, input);
  std::string svg;
  if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
      svg.append(buffer, n);
    const int status = ::pclose(pipe);
    if (status == 0 && svg.find("<svg") != std::string::npos) d.svg = std::move(svg);
  }
  std::filesystem::remove(input);
  if (!d.svg) d.problem = fmt::format("{} -Tsvg failed, so the diagram is shown as DOT.", program);
  return d;
}

}  // namespace slsim::cli
