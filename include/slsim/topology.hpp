#pragma once
// The scenario's wiring as a directed graph (Boost.Graph): vertices are sources and functions
// (later issues add queues, topics, ...); an edge says who can start whom: a source triggers a
// function, a function calls another (later issues). The loader builds it and checks it: a
// cycle of calls would let one request fan out forever, so cycles are reported with their
// names. `slsim graph` prints it as Graphviz DOT.

#include <cstdint>
#include <string>

#include <boost/graph/adjacency_list.hpp>

#include "slsim/error.hpp"
#include "slsim/scenario.hpp"

namespace slsim {

enum class NodeKind : std::uint8_t {
  source,
  function,
  queue,
  topic,
  bucket,
  table,
  schedule,
  state_machine,
  event_bus,
  stream,
  firehose
};
// triggers: a source or an event source mapping starts a function; calls: a function calls
// another; sends: a message is written to a queue (a producer, a redrive to a dead-letter
// queue); on_failure: a function's failed async events go to its destination.
enum class LinkKind : std::uint8_t { triggers, calls, sends, on_failure };

struct TopologyNode {
  std::string name;
  NodeKind kind = NodeKind::function;
  SourceLocation where;  // where the scenario defines it, for messages
};

struct TopologyLink {
  LinkKind kind = LinkKind::triggers;
  std::string label;  // shown on the DOT edge: "http", "rest", "sync", "async", ...
  // AWS's recursive loop detection stops a loop through this link at runtime (async invokes;
  // links through queues, topics and buckets are always so): the cycle check leaves it out.
  bool loop_detected = false;
};

// vecS storage: vertex and edge order is insertion order (sources, then functions, each in
// file order), so traversal, error messages and DOT output are deterministic.
using TopologyGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, TopologyNode, TopologyLink>;
using TopologyVertex = TopologyGraph::vertex_descriptor;

struct Topology {
  TopologyGraph graph;
};

// Adds a vertex or an edge (the builder below uses these; tests build graphs by hand).
TopologyVertex add_node(Topology& topology, std::string name, NodeKind kind,
                        SourceLocation where = {});
void add_link(Topology& topology, TopologyVertex from, TopologyVertex to, LinkKind kind,
              std::string label, bool loop_detected = false);

// Sources and functions of a loaded scenario, an edge from each source to its target
// (target_index must be set).
Topology build_topology(const ScenarioSpec& spec);

// Throws ScenarioError if the graph has a directed cycle. Left out: on_failure links (a failed
// event sent to a queue its own function consumes is retried a bounded number of times), links
// through queues, topics and buckets and loop_detected links (AWS's recursive loop detection
// stops such loops after 16 invocations, and the simulation does too). Names the cycle from
// the first vertex of the cycle that a depth-first search in vertex
// order meets:
//   "<where>: functions.a: illegal cycle a -> b -> a (a request could loop forever)".
void check_acyclic(const Topology& topology);

// The graph in Graphviz DOT (boost::write_graphviz): vertices labelled with their names,
// sources as boxes and functions as ellipses, edges labelled.
std::string to_graphviz(const Topology& topology);

const char* to_string(NodeKind kind);  // "source", "function", "queue", "topic", "bucket", "table",
                                       // "schedule", "state_machine", "event_bus", "stream",
                                       // "firehose"
const char* to_string(LinkKind kind);  // "triggers", "calls", "sends", "on_failure"

}  // namespace slsim
