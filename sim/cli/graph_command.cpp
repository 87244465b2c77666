// `slsim graph FILE [--set ...]`: the scenario's topology (sources, functions, triggers) as
// Graphviz DOT on stdout, e.g. `slsim graph s.yaml | dot -Tsvg > s.svg`.

#include <string>

#include <fmt/format.h>

#include "commands.hpp"
#include "slsim/scenario_loader.hpp"
#include "slsim/topology.hpp"

namespace slsim::cli {

int graph_command(const ScenarioArgs& args) {
  const ScenarioSpec spec = load_scenario(args.file, args.sets);
  std::string dot = to_graphviz(build_topology(spec));
  if (dot.empty() || dot.back() != '\n') dot += '\n';
  fmt::print("{}", dot);
  return 0;
}

}  // namespace slsim::cli
