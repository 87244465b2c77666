#include "slsim/topology.hpp"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/graphviz.hpp>

namespace slsim {

namespace {

// Found by the visitor below; turned into a ScenarioError once the search has unwound.
struct CycleFound {
  std::vector<TopologyVertex> cycle;  // v, ..., u, v for the back edge u -> v
};

// The links a request can follow round a loop undetected: all but on_failure, between sources,
// functions and state machines.
struct LoopLinks {
  const TopologyGraph* graph = nullptr;
  bool operator()(TopologyGraph::edge_descriptor e) const {
    const TopologyGraph& g = *graph;
    // State machines and buses too: Lambda's recursive loop detection does not follow Step
    // Functions or EventBridge (it covers SQS, SNS, S3 and Lambda, kRecursiveLoopLimit).
    const auto plain = [&g](TopologyVertex v) {
      return g[v].kind == NodeKind::source || g[v].kind == NodeKind::function ||
             g[v].kind == NodeKind::state_machine || g[v].kind == NodeKind::event_bus;
    };
    return g[e].kind != LinkKind::on_failure && !g[e].loop_detected && plain(boost::source(e, g)) &&
           plain(boost::target(e, g));
  }
};
using LoopGraph = boost::filtered_graph<TopologyGraph, LoopLinks>;

// Records the DFS tree; a back edge (to a vertex still on the DFS stack) closes a cycle.
class CycleVisitor : public boost::default_dfs_visitor {
 public:
  explicit CycleVisitor(std::vector<TopologyVertex>& parent) : parent_(&parent) {}

  void tree_edge(LoopGraph::edge_descriptor e, const LoopGraph& g) const {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }

  void back_edge(LoopGraph::edge_descriptor e, const LoopGraph& g) const {
    const TopologyVertex u = boost::source(e, g);
    const TopologyVertex v = boost::target(e, g);
    CycleFound found;
    for (TopologyVertex w = u; w != v; w = (*parent_)[w])
      found.cycle.push_back(w);
    found.cycle.push_back(v);
    std::reverse(found.cycle.begin(), found.cycle.end());
    found.cycle.push_back(v);
    throw found;
  }

 private:
  std::vector<TopologyVertex>* parent_;  // a pointer: Boost copies visitors
};

std::string path_of(const TopologyNode& node) {
  const char* section = node.kind == NodeKind::source     ? "sources"
                        : node.kind == NodeKind::function ? "functions"
                                                          : "resources";
  return fmt::format("{}.{}", section, node.name);
}

// Queues: their consumers are triggered by them, they redrive to their dead-letter queues, and
// functions send failed async events to them.
void add_queue_links(Topology& topology, const ScenarioSpec& spec,
                     const std::vector<TopologyVertex>& function_vertex,
                     const std::vector<TopologyVertex>& queue_vertex) {
  for (std::size_t q = 0; q < spec.queues.size(); ++q) {
    const QueueSpec& queue = spec.queues[q];
    if (queue.consumer) {
      add_link(topology, queue_vertex[q], function_vertex[queue.consumer->function_index],
               LinkKind::triggers, fmt::format("batch {}", queue.consumer->batch_size));
    }
    if (queue.dead_letter_index != kNoResource) {
      add_link(topology, queue_vertex[q], queue_vertex[queue.dead_letter_index], LinkKind::sends,
               "redrive");
    }
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    const std::uint32_t target = spec.functions[f].async.on_failure_queue;
    if (target != kNoResource) {
      add_link(topology, function_vertex[f], queue_vertex[target], LinkKind::on_failure,
               "on_failure");
    }
  }
}

// Topics deliver to their subscribers (HTTP endpoints are outside the graph); producers and
// function calls write to queues and topics; functions invoke functions.
void add_message_links(Topology& topology, const ScenarioSpec& spec,
                       const std::vector<TopologyVertex>& source_vertex,
                       const std::vector<TopologyVertex>& function_vertex,
                       const std::vector<TopologyVertex>& queue_vertex,
                       const std::vector<TopologyVertex>& topic_vertex,
                       const std::vector<TopologyVertex>& bucket_vertex,
                       const std::vector<TopologyVertex>& table_vertex) {
  for (std::size_t b = 0; b < spec.buckets.size(); ++b) {
    for (const NotificationSpec& n : spec.buckets[b].notifications) {
      const TopologyVertex to = n.target_kind == TargetKind::function
                                    ? function_vertex[n.target_index]
                                : n.target_kind == TargetKind::queue ? queue_vertex[n.target_index]
                                                                     : topic_vertex[n.target_index];
      add_link(topology, bucket_vertex[b], to,
               n.target_kind == TargetKind::function ? LinkKind::triggers : LinkKind::sends,
               n.event == S3Event::created ? "created" : "removed");
    }
  }
  for (std::size_t t = 0; t < spec.topics.size(); ++t) {
    for (const SubscriptionSpec& sub : spec.topics[t].subscriptions) {
      if (sub.protocol == Protocol::lambda) {
        add_link(topology, topic_vertex[t], function_vertex[sub.target_index], LinkKind::triggers,
                 "async");
      } else if (sub.protocol == Protocol::sqs) {
        add_link(topology, topic_vertex[t], queue_vertex[sub.target_index], LinkKind::sends,
                 "deliver");
      }
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    const SourceSpec& source = spec.sources[i];
    if ((source.type != SourceType::producer && !source.target_is_queue) ||
        source.target_is_stream || source.target_is_state_machine || source.target_is_bus ||
        source.target_is_firehose) {
      continue;
    }
    const TopologyVertex to = source.target_is_topic    ? topic_vertex[source.target_index]
                              : source.target_is_bucket ? bucket_vertex[source.target_index]
                                                        : queue_vertex[source.target_index];
    add_link(topology, source_vertex[i], to, LinkKind::sends,
             source.target_is_topic    ? "publish"
             : source.target_is_bucket ? "put"
                                       : "send");
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    for (const CallSpec& call : spec.functions[f].calls) {
      switch (call.action) {
        case CallAction::invoke_async:
          add_link(topology, function_vertex[f], function_vertex[call.target_index],
                   LinkKind::calls, "async", /*loop_detected=*/true);
          break;
        case CallAction::invoke_sync:
          // A cycle of sync invokes waits on itself (each caller holds its environment while
          // the next runs) and recursion detection does not cover it: refused by check_acyclic.
          add_link(topology, function_vertex[f], function_vertex[call.target_index],
                   LinkKind::calls, "sync");
          break;
        case CallAction::sqs_send:
          add_link(topology, function_vertex[f], queue_vertex[call.target_index], LinkKind::sends,
                   "send");
          break;
        case CallAction::sns_publish:
          add_link(topology, function_vertex[f], topic_vertex[call.target_index], LinkKind::sends,
                   "publish");
          break;
        case CallAction::s3_put:
        case CallAction::s3_delete:
          add_link(topology, function_vertex[f], bucket_vertex[call.target_index], LinkKind::sends,
                   call.action == CallAction::s3_put ? "put" : "delete");
          break;
        case CallAction::s3_get:
          add_link(topology, function_vertex[f], bucket_vertex[call.target_index], LinkKind::calls,
                   "get");
          break;
        case CallAction::dynamodb_read:
        case CallAction::dynamodb_write:
        case CallAction::dynamodb_query:
          add_link(topology, function_vertex[f], table_vertex[call.target_index], LinkKind::calls,
                   call.action == CallAction::dynamodb_read    ? "read"
                   : call.action == CallAction::dynamodb_write ? "write"
                                                               : "query");
          break;
        case CallAction::kinesis_put:      // add_stream_links
        case CallAction::start_execution:  // add_workflow_links
        case CallAction::put_events:       // add_bus_links
        case CallAction::firehose_put:     // add_firehose_links
          break;
      }
    }
  }
}

// Kinesis streams: producers and kinesis_put calls write to them, their event source mapping
// triggers its function, and discarded batches go to the on-failure destination. A table's
// DynamoDB stream does the same from the table's vertex.
std::vector<TopologyVertex> add_stream_links(Topology& topology, const ScenarioSpec& spec,
                                             const std::vector<TopologyVertex>& source_vertex,
                                             const std::vector<TopologyVertex>& function_vertex,
                                             const std::vector<TopologyVertex>& queue_vertex,
                                             const std::vector<TopologyVertex>& topic_vertex,
                                             const std::vector<TopologyVertex>& table_vertex) {
  std::vector<TopologyVertex> stream_vertex;
  for (const KinesisSpec& stream : spec.streams) {
    stream_vertex.push_back(add_node(topology, stream.name, NodeKind::stream, stream.where));
  }
  const auto consumer_links = [&](TopologyVertex from, const StreamConsumerSpec& c,
                                  const char* label) {
    add_link(topology, from, function_vertex[c.function_index], LinkKind::triggers,
             fmt::format("{}batch {}", label, c.batch_size));
    if (c.on_failure_index != kNoResource) {
      add_link(topology, from,
               c.on_failure_kind == TargetKind::topic ? topic_vertex[c.on_failure_index]
                                                      : queue_vertex[c.on_failure_index],
               LinkKind::on_failure, "on_failure");
    }
  };
  for (std::size_t s = 0; s < spec.streams.size(); ++s) {
    if (spec.streams[s].consumer) consumer_links(stream_vertex[s], *spec.streams[s].consumer, "");
  }
  for (std::size_t t = 0; t < spec.tables.size(); ++t) {  // DynamoDB Streams
    const std::optional<TableStreamSpec>& stream = spec.tables[t].stream;
    if (stream && stream->consumer) {
      consumer_links(table_vertex[t], *stream->consumer, "stream ");
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    const SourceSpec& source = spec.sources[i];
    if (source.type != SourceType::producer || !source.target_is_stream) continue;
    add_link(topology, source_vertex[i], stream_vertex[source.target_index], LinkKind::sends,
             "put");
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    for (const CallSpec& call : spec.functions[f].calls) {
      if (call.action != CallAction::kinesis_put) continue;
      add_link(topology, function_vertex[f], stream_vertex[call.target_index], LinkKind::sends,
               "put");
    }
  }
  return stream_vertex;
}

// State machines: sources, schedules and functions start them; their tasks invoke functions
// synchronously. None of these is covered by Lambda's recursive loop detection, so a loop
// through a state machine is an illegal cycle.
std::vector<TopologyVertex> add_workflow_links(Topology& topology, const ScenarioSpec& spec,
                                               const std::vector<TopologyVertex>& source_vertex,
                                               const std::vector<TopologyVertex>& function_vertex) {
  std::vector<TopologyVertex> machine_vertex;
  for (const StateMachineSpec& m : spec.state_machines)
    machine_vertex.push_back(add_node(topology, m.name, NodeKind::state_machine, m.where));
  for (std::size_t m = 0; m < spec.state_machines.size(); ++m) {
    std::vector<std::uint32_t> linked;
    for (const StateSpec& state : spec.state_machines[m].states) {
      if (state.type != StateType::task) continue;
      if (std::find(linked.begin(), linked.end(), state.function_index) != linked.end()) continue;
      linked.push_back(state.function_index);
      add_link(topology, machine_vertex[m], function_vertex[state.function_index], LinkKind::calls,
               "task");
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    const SourceSpec& source = spec.sources[i];
    if (!source.target_is_state_machine) continue;
    add_link(topology, source_vertex[i], machine_vertex[source.target_index], LinkKind::triggers,
             source.type == SourceType::producer ? "start" : to_string(source.flavor));
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    for (const CallSpec& call : spec.functions[f].calls) {
      if (call.action != CallAction::start_execution) continue;
      add_link(topology, function_vertex[f], machine_vertex[call.target_index], LinkKind::triggers,
               "start");
    }
  }
  return machine_vertex;
}

// Event buses: producers and functions put events; rules send them on to their targets.
void add_bus_links(Topology& topology, const ScenarioSpec& spec,
                   const std::vector<TopologyVertex>& source_vertex,
                   const std::vector<TopologyVertex>& function_vertex,
                   const std::vector<TopologyVertex>& queue_vertex,
                   const std::vector<TopologyVertex>& topic_vertex,
                   const std::vector<TopologyVertex>& machine_vertex) {
  std::vector<TopologyVertex> bus_vertex;
  for (const EventBusSpec& b : spec.buses)
    bus_vertex.push_back(add_node(topology, b.name, NodeKind::event_bus, b.where));
  for (std::size_t b = 0; b < spec.buses.size(); ++b) {
    for (const EventRuleSpec& rule : spec.buses[b].rules) {
      for (const ScheduleTarget& t : rule.targets) {
        const TopologyVertex to = t.kind == TargetKind::function ? function_vertex[t.index]
                                  : t.kind == TargetKind::queue  ? queue_vertex[t.index]
                                  : t.kind == TargetKind::topic  ? topic_vertex[t.index]
                                                                 : machine_vertex[t.index];
        add_link(topology, bus_vertex[b], to,
                 t.kind == TargetKind::function ? LinkKind::triggers : LinkKind::sends,
                 rule.match < 1 ? fmt::format("rule {:g}", rule.match) : std::string("rule"));
      }
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    if (!spec.sources[i].target_is_bus) continue;
    add_link(topology, source_vertex[i], bus_vertex[spec.sources[i].target_index], LinkKind::sends,
             "put");
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    for (const CallSpec& call : spec.functions[f].calls) {
      if (call.action != CallAction::put_events) continue;
      add_link(topology, function_vertex[f], bus_vertex[call.target_index], LinkKind::sends, "put");
    }
  }
}

// Firehose streams: producers and firehose_put calls write to them, or they read a Kinesis
// stream; they deliver objects to their bucket (whose notifications start new chains: no loop
// through a buffer is detected).
void add_firehose_links(Topology& topology, const ScenarioSpec& spec,
                        const std::vector<TopologyVertex>& source_vertex,
                        const std::vector<TopologyVertex>& function_vertex,
                        const std::vector<TopologyVertex>& bucket_vertex,
                        const std::vector<TopologyVertex>& stream_vertex) {
  std::vector<TopologyVertex> firehose_vertex;
  for (const FirehoseSpec& f : spec.firehoses) {
    firehose_vertex.push_back(add_node(topology, f.name, NodeKind::firehose, f.where));
    add_link(topology, firehose_vertex.back(), bucket_vertex[f.destination_index], LinkKind::sends,
             "deliver");
    if (f.source_index != kNoResource) {
      add_link(topology, stream_vertex[f.source_index], firehose_vertex.back(), LinkKind::sends,
               "read");
    }
    if (f.transform) {
      add_link(topology, firehose_vertex.back(), function_vertex[f.transform->function_index],
               LinkKind::triggers, "transform");
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    if (!spec.sources[i].target_is_firehose) continue;
    add_link(topology, source_vertex[i], firehose_vertex[spec.sources[i].target_index],
             LinkKind::sends, "put");
  }
  for (std::size_t f = 0; f < spec.functions.size(); ++f) {
    for (const CallSpec& call : spec.functions[f].calls) {
      if (call.action != CallAction::firehose_put) continue;
      add_link(topology, function_vertex[f], firehose_vertex[call.target_index], LinkKind::sends,
               "put");
    }
  }
}

// DOT double-quoted string: names are [A-Za-z0-9_-]+ in scenarios, but hand-built graphs
// may hold anything.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

TopologyVertex add_node(Topology& topology, std::string name, NodeKind kind, SourceLocation where) {
  return boost::add_vertex(TopologyNode{std::move(name), kind, std::move(where)}, topology.graph);
}

void add_link(Topology& topology, TopologyVertex from, TopologyVertex to, LinkKind kind,
              std::string label, bool loop_detected) {
  boost::add_edge(from, to, TopologyLink{kind, std::move(label), loop_detected}, topology.graph);
}

Topology build_topology(const ScenarioSpec& spec) {
  Topology topology;
  std::vector<TopologyVertex> source_vertex;
  for (const SourceSpec& source : spec.sources) {
    source_vertex.push_back(add_node(topology, source.name, NodeKind::source, source.where));
  }
  std::vector<TopologyVertex> function_vertex;
  for (const FunctionSpec& function : spec.functions) {
    function_vertex.push_back(
        add_node(topology, function.name, NodeKind::function, function.where));
  }
  std::vector<TopologyVertex> queue_vertex;
  for (const QueueSpec& queue : spec.queues) {
    queue_vertex.push_back(add_node(topology, queue.name, NodeKind::queue, queue.where));
  }
  std::vector<TopologyVertex> topic_vertex;
  for (const TopicSpec& topic : spec.topics) {
    topic_vertex.push_back(add_node(topology, topic.name, NodeKind::topic, topic.where));
  }
  add_queue_links(topology, spec, function_vertex, queue_vertex);
  std::vector<TopologyVertex> bucket_vertex;
  for (const S3BucketSpec& bucket : spec.buckets) {
    bucket_vertex.push_back(add_node(topology, bucket.name, NodeKind::bucket, bucket.where));
  }
  std::vector<TopologyVertex> table_vertex;
  for (const TableSpec& table : spec.tables) {
    table_vertex.push_back(add_node(topology, table.name, NodeKind::table, table.where));
  }
  add_message_links(topology, spec, source_vertex, function_vertex, queue_vertex, topic_vertex,
                    bucket_vertex, table_vertex);
  const std::vector<TopologyVertex> stream_vertex = add_stream_links(
      topology, spec, source_vertex, function_vertex, queue_vertex, topic_vertex, table_vertex);
  const std::vector<TopologyVertex> machine_vertex =
      add_workflow_links(topology, spec, source_vertex, function_vertex);
  add_bus_links(topology, spec, source_vertex, function_vertex, queue_vertex, topic_vertex,
                machine_vertex);
  add_firehose_links(topology, spec, source_vertex, function_vertex, bucket_vertex, stream_vertex);
  for (const ScheduleSpec& schedule : spec.schedules) {
    const TopologyVertex from =
        add_node(topology, schedule.name, NodeKind::schedule, schedule.where);
    for (const ScheduleTarget& t : schedule.targets) {
      const TopologyVertex to = t.kind == TargetKind::function ? function_vertex[t.index]
                                : t.kind == TargetKind::queue  ? queue_vertex[t.index]
                                : t.kind == TargetKind::topic  ? topic_vertex[t.index]
                                                               : machine_vertex[t.index];
      add_link(topology, from, to,
               t.kind == TargetKind::function ? LinkKind::triggers : LinkKind::sends,
               schedule.expression);
    }
  }
  for (std::size_t i = 0; i < spec.sources.size(); ++i) {
    const SourceSpec& source = spec.sources[i];
    if (source.type == SourceType::producer || source.target_is_state_machine ||
        source.target_is_queue) {
      continue;
    }
    if (source.target_index >= function_vertex.size()) {
      throw InternalError(fmt::format("source '{}' has target index {} of {} functions",
                                      source.name, source.target_index, function_vertex.size()));
    }
    const char* label =
        source.type == SourceType::api_gateway ? to_string(source.flavor) : to_string(source.mode);
    add_link(topology, source_vertex[i], function_vertex[source.target_index], LinkKind::triggers,
             label);
  }
  return topology;
}

void check_acyclic(const Topology& topology) {
  const TopologyGraph& g = topology.graph;
  std::vector<TopologyVertex> parent(boost::num_vertices(g));
  const LoopGraph loops(g, LoopLinks{&g});
  try {
    boost::depth_first_search(loops, boost::visitor(CycleVisitor(parent)));
  } catch (const CycleFound& found) {
    std::string names;
    for (TopologyVertex v : found.cycle) {
      names += fmt::format("{}{}", names.empty() ? "" : " -> ", g[v].name);
    }
    const TopologyNode& first = g[found.cycle.front()];
    throw ScenarioError::rule(
        first.where, path_of(first),
        fmt::format("illegal cycle {} (a request could loop forever)", names));
  }
}

std::string to_graphviz(const Topology& topology) {
  const TopologyGraph& g = topology.graph;
  std::ostringstream out;
  auto vertex_writer = [&g](std::ostream& os, TopologyVertex v) {
    os << "[label=" << quoted(g[v].name) << ", shape="
       << (g[v].kind == NodeKind::source          ? "box"
           : g[v].kind == NodeKind::function      ? "ellipse"
           : g[v].kind == NodeKind::queue         ? "cylinder"
           : g[v].kind == NodeKind::topic         ? "hexagon"
           : g[v].kind == NodeKind::bucket        ? "folder"
           : g[v].kind == NodeKind::table         ? "box3d"
           : g[v].kind == NodeKind::state_machine ? "doubleoctagon"
           : g[v].kind == NodeKind::stream        ? "cds"
           : g[v].kind == NodeKind::firehose      ? "cds"
           : g[v].kind == NodeKind::event_bus     ? "parallelogram"
                                                  : "octagon")
       << "]";
  };
  auto edge_writer = [&g](std::ostream& os, TopologyGraph::edge_descriptor e) {
    os << "[label=" << quoted(g[e].label) << "]";
  };
  auto graph_writer = [](std::ostream& os) { os << "rankdir=LR;\n"; };
  boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
  return out.str();
}

const char* to_string(NodeKind kind) {
  switch (kind) {
    case NodeKind::source:
      return "source";
    case NodeKind::function:
      return "function";
    case NodeKind::queue:
      return "queue";
    case NodeKind::topic:
      return "topic";
    case NodeKind::bucket:
      return "bucket";
    case NodeKind::table:
      return "table";
    case NodeKind::schedule:
      return "schedule";
    case NodeKind::stream:
      return "stream";
    case NodeKind::firehose:
      return "firehose";
    case NodeKind::state_machine:
      return "state_machine";
    case NodeKind::event_bus:
      return "event_bus";
  }
  return "?";
}

const char* to_string(LinkKind kind) {
  switch (kind) {
    case LinkKind::triggers:
      return "triggers";
    case LinkKind::calls:
      return "calls";
    case LinkKind::sends:
      return "sends";
    case LinkKind::on_failure:
      return "on_failure";
  }
  return "?";
}

}  // namespace slsim
