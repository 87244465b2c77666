#pragma once
// DynamoDB Accelerator (DAX): a write-through cache cluster in front of one table. Per the
// DynamoDB developer guide, "DAX and DynamoDB consistency models"
// (docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.consistency.html):
// - eventually consistent GetItem/BatchGetItem are served by the item cache and Query/Scan by
//   the query cache; a miss is read from the table (consuming its read capacity) and cached;
// - strongly consistent reads are passed through to the table and not cached;
// - writes go to the table first and then to the item cache, so they take at least the table's
//   latency (write-through).
// Whether a read hits is drawn per request with the configured ratio, from the cache's own
// random stream: what is in the cache (keys, TTLs, evictions) is not simulated.

#include <array>
#include <cstdint>
#include <string_view>

#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/time.hpp"

namespace slsim {

// The node types a cluster can use (the current T3 and R5 families, DAX "Nodes" in the
// developer guide), and the price book meter of each: node-hours, in the dynamodb section.
inline constexpr std::array<std::string_view, 10> kDaxNodeTypes = {
    "dax.t3.small",   "dax.t3.medium",  "dax.r5.large",    "dax.r5.xlarge",   "dax.r5.2xlarge",
    "dax.r5.4xlarge", "dax.r5.8xlarge", "dax.r5.12xlarge", "dax.r5.16xlarge", "dax.r5.24xlarge"};
inline constexpr std::array<std::string_view, 10> kDaxNodeMeters = {
    "dax_t3_small_node_hours",   "dax_t3_medium_node_hours",   "dax_r5_large_node_hours",
    "dax_r5_xlarge_node_hours",  "dax_r5_2xlarge_node_hours",  "dax_r5_4xlarge_node_hours",
    "dax_r5_8xlarge_node_hours", "dax_r5_12xlarge_node_hours", "dax_r5_16xlarge_node_hours",
    "dax_r5_24xlarge_node_hours"};

// Which DAX cache an eventually consistent read consults.
enum class DaxCacheKind : std::uint8_t { item, query };

class DaxCache {
 public:
  // `spec` must outlive the cache; `table` names its random streams.
  DaxCache(const DaxSpec& spec, std::string_view table, std::uint64_t seed);

  // Whether one eventually consistent read hits the `kind` cache: one draw per call, whatever
  // the ratio, so that runs differing only in a ratio see the same draws.
  bool hits(DaxCacheKind kind);
  // A strongly consistent read, passed through to the table.
  void pass_through() { ++passed_through_; }
  // The time of one hop to the cluster and back.
  Duration hop() { return spec_->latency.sample(latency_rng_); }

  TableCacheResult result() const;
  // Node-hours of the whole cluster over [0, end), pro-rated (README).
  double node_hours(Time end) const;
  std::string_view meter() const { return kDaxNodeMeters[spec_->node_type]; }

 private:
  const DaxSpec* spec_;
  Rng hit_rng_;
  Rng latency_rng_;
  std::uint64_t item_hits_ = 0, item_misses_ = 0, query_hits_ = 0, query_misses_ = 0,
                passed_through_ = 0;
};

}  // namespace slsim
