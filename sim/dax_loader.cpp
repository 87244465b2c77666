#include "dax_loader.hpp"

#include <algorithm>

#include "loader_fields.hpp"
#include "slsim/services/dax.hpp"

namespace slsim::loader {

namespace {

// DAX cluster components, "Clusters": one primary node and up to 10 read replicas
// (docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.concepts.cluster.html).
constexpr std::int64_t kMaxNodes = 11;

}  // namespace

DaxSpec read_dax(const YamlField& f) {
  f.expect_map({"hit_ratio", "query_hit_ratio", "latency", "nodes", "node_type"});
  DaxSpec dax;
  dax.where = f.location();
  // No AWS default: what share of reads the cache serves is the user's workload.
  dax.hit_ratio = probability(f.required("hit_ratio"));
  dax.query_hit_ratio =
      f.has("query_hit_ratio") ? probability(f["query_hit_ratio"]) : dax.hit_ratio;
  if (f.has("latency")) dax.latency = f["latency"].as_distribution();
  if (f.has("nodes")) dax.nodes = integer_in(f["nodes"], 1, kMaxNodes);
  // CreateCluster requires a node type: no default.
  const std::string type = f.required("node_type").as_choice(kDaxNodeTypes);
  dax.node_type = static_cast<std::uint32_t>(
      std::find(kDaxNodeTypes.begin(), kDaxNodeTypes.end(), type) - kDaxNodeTypes.begin());
  return dax;
}

}  // namespace slsim::loader
