#pragma once
// The architecture diagram of the HTML report: the topology's DOT laid out by Graphviz's
// `dot -Tsvg` when it is installed (tools/setup.sh installs graphviz).

#include <optional>
#include <string>

namespace slsim::cli {

struct Diagram {
  std::optional<std::string> svg;
  std::string problem;  // why there is no SVG, for the report's fallback note
};

Diagram render_dot(const std::string& dot);

}  // namespace slsim::cli
