#include "slsim/services/dax.hpp"

namespace slsim {

DaxCache::DaxCache(const DaxSpec& spec, std::string_view table, std::uint64_t seed)
    : spec_(&spec),
      hit_rng_(Rng::stream(seed, "dax", table, "hits")),
      latency_rng_(Rng::stream(seed, "dax", table, "latency")) {}

bool DaxCache::hits(DaxCacheKind kind) {
  const double u = hit_rng_.uniform01();
  if (kind == DaxCacheKind::item) {
    const bool hit = u < spec_->hit_ratio;
    ++(hit ? item_hits_ : item_misses_);
    return hit;
  }
  const bool hit = u < spec_->query_hit_ratio;
  ++(hit ? query_hits_ : query_misses_);
  return hit;
}

TableCacheResult DaxCache::result() const {
  TableCacheResult r;
  r.node_type = std::string(kDaxNodeTypes[spec_->node_type]);
  r.nodes = spec_->nodes;
  r.item_hits = item_hits_;
  r.item_misses = item_misses_;
  r.query_hits = query_hits_;
  r.query_misses = query_misses_;
  r.passed_through = passed_through_;
  return r;
}

// AWS bills node-hours, a partial hour as a full one; a run is a window of a cluster that runs
// before and after it, so its node-hours are pro-rated like provisioned capacity (README).
double DaxCache::node_hours(Time end) const {
  return static_cast<double>(spec_->nodes) * static_cast<double>(end.us) / 3.6e9;
}

}  // namespace slsim
