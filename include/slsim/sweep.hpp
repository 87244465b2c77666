#pragma once
// What-if sweeps (README "What-if sweeps"): a grid of --set edits, one simulation per point on
// all cores, the same seed at every point (the RNG streams are seeded by component name, so
// every point sees the same arrivals: common random numbers), results in point order whatever
// the thread count; shards of a grid for several machines; replications (independent seeds)
// summarised as mean and 95 % Student-t confidence half-width.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "slsim/cost.hpp"
#include "slsim/time.hpp"

namespace slsim {

// One --vary: a scenario path (as in --set) and its values, in order.
struct Vary {
  std::string path;
  std::vector<std::string> values;
};

// "path=v1,v2,v3" or "path=a..b:step" (numbers with an optional shared unit suffix, e.g.
// 128..3008:128 or 50ms..200ms:50ms; the end is included when the steps land on it).
// A malformed --vary is a ScenarioError naming the option.
Vary parse_vary(const std::string& text);

// The grid's points, the last --vary changing fastest; each point is its --set edits.
std::vector<std::vector<std::string>> grid_points(const std::vector<Vary>& vary);

// Which points the K-th of N shards runs (1-based K): every N-th point starting at K-1.
struct Shard {
  std::size_t index = 1;
  std::size_t count = 1;
  bool owns(std::size_t point) const { return point % count == index - 1; }
};
Shard parse_shard(const std::string& text);  // "K/N", 1 <= K <= N

// How to run each point (the run command's options).
struct PointOptions {
  std::vector<std::string> sets;  // --set edits before the --vary ones
  std::optional<std::uint64_t> seed;
  std::optional<Duration> run_for;
  bool drain = false;
  bool check = false;
  std::uint64_t max_events = 0;
  std::size_t replications = 1;  // > 1: each point is a replicate() summary
  CostOptions cost;
};

// Loads the scenario with `sets`, simulates and prices it: the run report's JSON (no timing).
nlohmann::ordered_json evaluate_point(const std::string& file, const std::vector<std::string>& sets,
                                      const PointOptions& options,
                                      std::optional<std::uint64_t> seed_override);

// The seed a point runs with (--seed, else the scenario's): replication i uses it + i.
std::uint64_t point_seed(const std::string& file, const std::vector<std::string>& sets,
                         const PointOptions& options);

// Checks every point loads (bad --vary values fail before anything runs).
void validate_points(const std::string& file, const std::vector<std::vector<std::string>>& points,
                     const PointOptions& options);

// Reports of the points [selected], computed on `threads` threads, in the given order.
std::vector<nlohmann::ordered_json> evaluate_points(
    const std::string& file, const std::vector<std::vector<std::string>>& points,
    const std::vector<std::size_t>& selected, const PointOptions& options, unsigned threads);

// --replications N: the reports of seeds seed, seed+1, ..., seed+N-1 (on `threads` threads),
// summarised: every numeric leaf becomes {mean, ci95, n}; non-numeric leaves are kept when all
// replications agree and dropped otherwise; a leaf that is null in any replication stays null.
nlohmann::ordered_json replicate(const std::string& file, const std::vector<std::string>& sets,
                                 const PointOptions& options, std::size_t replications,
                                 unsigned threads);
nlohmann::ordered_json summarise_replications(const std::vector<nlohmann::ordered_json>& reports);
// The 95 % two-sided Student t half-width of a sample (0 for fewer than 2 values).
double ci95_half_width(const std::vector<double>& values);

// A metric by dotted JSON path ("sources.api.latency_ms.p99"); null when absent.
nlohmann::ordered_json metric_at(const nlohmann::ordered_json& report, const std::string& path);
// The key metrics of a run report: per source p50/p99 latency, failed and throttled; per
// function cold-start rate and throttles; per book the total cost.
std::vector<std::string> default_metrics(const nlohmann::ordered_json& report);

// The sweep's result document: vary, metrics, and per point its edits and metric values.
// Partial (shard) documents carry "shard" and only their points; merge_sweeps joins them.
nlohmann::ordered_json sweep_json(const std::string& scenario, const std::vector<Vary>& vary,
                                  const std::vector<std::string>& metrics,
                                  const std::vector<std::vector<std::string>>& points,
                                  const std::vector<std::size_t>& selected,
                                  const std::vector<nlohmann::ordered_json>& reports,
                                  std::optional<Shard> shard);
// Joins the shards of one sweep (any order) into the document one unsharded run writes; a
// missing, duplicated or foreign shard is a ScenarioError.
nlohmann::ordered_json merge_sweeps(const std::vector<nlohmann::ordered_json>& parts,
                                    const std::vector<std::string>& names);
std::string sweep_csv(const nlohmann::ordered_json& sweep);
std::string sweep_text(const nlohmann::ordered_json& sweep);
// The sweep as an offline HTML page: a chart per metric against the first varied parameter.
std::string sweep_html(const nlohmann::ordered_json& sweep);

}  // namespace slsim
