// The topology: built from a scenario, checked for cycles, printed as Graphviz DOT.

#include <catch2/catch.hpp>

#include <string>

#include "slsim/scenario_loader.hpp"
#include "slsim/topology.hpp"

using namespace slsim;

namespace {

const char* const kTwoSources = R"(run_for: 1m
functions:
  hello: {duration: 10ms}
  world: {duration: 10ms}
sources:
  api: {type: api_gateway, flavor: rest, target: hello, arrivals: {rate: 1/s}}
  batch: {type: invoke, mode: async, target: world, arrivals: {rate: 1/s}}
)";

SourceLocation at_line(int line) {
  SourceLocation where;
  where.file = "t.yaml";
  where.line = line;
  where.column = 3;
  return where;
}

}  // namespace

TEST_CASE("Topology: sources and functions are vertices, triggers are edges", "[topology]") {
  const Topology t = build_topology(load_scenario_text(kTwoSources, "t.yaml"));
  const TopologyGraph& g = t.graph;
  REQUIRE(boost::num_vertices(g) == 4);
  CHECK(g[0].name == "api");
  CHECK(g[0].kind == NodeKind::source);
  CHECK(g[1].name == "batch");
  CHECK(g[2].name == "hello");
  CHECK(g[2].kind == NodeKind::function);
  CHECK(g[3].where.to_string() == "t.yaml:4:3");
  REQUIRE(boost::num_edges(g) == 2);
  auto [edge, found] = boost::edge(0, 2, g);
  REQUIRE(found);
  CHECK(g[edge].kind == LinkKind::triggers);
  CHECK(g[edge].label == "rest");
  REQUIRE(boost::edge(1, 3, g).second);
  CHECK(g[boost::edge(1, 3, g).first].label == "async");
  CHECK_NOTHROW(check_acyclic(t));
}

TEST_CASE("Topology: DOT output labels vertices and edges, shaped by kind", "[topology]") {
  const Topology t = build_topology(load_scenario_text(kTwoSources, "t.yaml"));
  CHECK(to_graphviz(t) ==
        "digraph G {\n"
        "rankdir=LR;\n"
        "0[label=\"api\", shape=box];\n"
        "1[label=\"batch\", shape=box];\n"
        "2[label=\"hello\", shape=ellipse];\n"
        "3[label=\"world\", shape=ellipse];\n"
        "0->2 [label=\"rest\"];\n"
        "1->3 [label=\"async\"];\n"
        "}\n");
}

TEST_CASE("Topology: a cycle of calls is reported with its names", "[topology]") {
  Topology t;
  const TopologyVertex src = add_node(t, "src", NodeKind::source, at_line(2));
  const TopologyVertex a = add_node(t, "a", NodeKind::function, at_line(5));
  const TopologyVertex b = add_node(t, "b", NodeKind::function, at_line(7));
  const TopologyVertex c = add_node(t, "c", NodeKind::function, at_line(9));
  add_link(t, src, a, LinkKind::triggers, "sync");
  add_link(t, a, b, LinkKind::calls, "sync");
  add_link(t, b, c, LinkKind::calls, "async");
  CHECK_NOTHROW(check_acyclic(t));
  add_link(t, a, c, LinkKind::calls, "sync");  // a diamond is not a cycle
  CHECK_NOTHROW(check_acyclic(t));
  add_link(t, c, a, LinkKind::calls, "sync");
  REQUIRE_THROWS_WITH(check_acyclic(t),
                      "t.yaml:5:3: functions.a: illegal cycle a -> b -> c -> a (a request could "
                      "loop forever)");
}

TEST_CASE("Topology: a function calling itself is a cycle", "[topology]") {
  Topology t;
  const TopologyVertex f = add_node(t, "f", NodeKind::function);
  add_link(t, f, f, LinkKind::calls, "sync");
  REQUIRE_THROWS_WITH(check_acyclic(t),
                      "functions.f: illegal cycle f -> f (a request could loop forever)");
  CHECK(to_graphviz(t).find("0->0 [label=\"sync\"];") != std::string::npos);
}

TEST_CASE("Topology: DOT labels are escaped", "[topology]") {
  Topology t;
  add_node(t, "say \"hi\"", NodeKind::function);
  CHECK(to_graphviz(t).find("0[label=\"say \\\"hi\\\"\", shape=ellipse];") != std::string::npos);
}
