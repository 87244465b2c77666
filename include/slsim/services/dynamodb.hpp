#pragma once
// A DynamoDB table (facts 7). Requests consume capacity units by item size (reads in 4 KB units,
// halved when eventually consistent; writes in 1 KB units), counted here in half units so
// eventual reads stay integers. Capacity is a reservation bucket:
// - provisioned: refilled at the provisioned rate, holding up to 300 s of unused capacity (the
//   burst capacity, facts 7), full at the start;
// - on demand: refilled at twice the previous peak per second (1 s of burst), where the previous
//   peak is the busiest second at least 30 minutes old, at least half of a new table's
//   4,000 WRU / 12,000 RRU, and at most the 40,000 units/s table quota (facts 7).
// A request the bucket cannot serve is throttled; the SDK retries it after 50 ms, 100 ms, 200 ms,
// ... up to 10 attempts (botocore's DynamoDB retry config, facts 7). The simulation evaluates
// the retries at once: the request is served at the first retry by which the bucket has
// refilled enough (reserving that capacity), and the caller waits for the backoffs; after 10
// attempts it fails. Reservations ignore requests that arrive during the backoff, a slight
// underestimate of contention.
// A table with a DAX cluster (services/dax.hpp) serves eventually consistent reads that hit the
// cache without consuming capacity; the rest reach the table as above, plus the cache's hop.

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/services/dax.hpp"
#include "slsim/usage.hpp"

namespace slsim {

// What a function's call asks of a table: an eventually consistent read (GetItem,
// BatchGetItem) or query (Query, Scan), a strongly consistent read or query, or a write.
enum class TableOp : std::uint8_t { read, query, consistent_read, write };

struct TableCall {
  Duration latency;  // what the caller waits: attempts and backoffs
  bool failed = false;
};

class DynamoTable {
 public:
  DynamoTable(const TableSpec& spec, std::uint64_t seed);

  // One request at `now` of `half_units` read or write capacity units x 2: through the DAX
  // cluster if the table has one, else straight to the table.
  TableCall request(Time now, TableOp op, std::int64_t half_units);

  // Capacity units of one request (facts 7), in half units.
  static std::int64_t read_half_units(std::int64_t bytes, std::int64_t items, bool consistent);
  static std::int64_t write_half_units(std::int64_t bytes);
  static TableOp read_op(bool query, bool consistent) {
    return consistent ? TableOp::consistent_read : query ? TableOp::query : TableOp::read;
  }

  // The index of the table's stream in the simulation's record streams (kNoResource: none);
  // a successful write appends a record to it (facts 7).
  void set_stream(std::uint32_t stream) { stream_ = stream; }
  std::uint32_t stream() const { return stream_; }
  // The size of the stream record of a write of `item_bytes` (StreamView).
  std::uint32_t stream_record_bytes(std::int64_t item_bytes) const;

  TableResult result(Time end) const;
  ResourceUsage usage(Time end) const;

 private:
  // A reservation bucket in half units x 1e6 (so that a rate in half units per second refills
  // an integer amount per microsecond).
  struct Capacity {
    std::int64_t tokens = 0;
    std::int64_t cap = 0;
    std::int64_t rate = 0;  // half units per second
    Time last{0};
  };
  // On-demand: busiest seconds of the last 30 minutes, and the peak of older ones.
  struct PeakHistory {
    static constexpr std::size_t kSeconds = 1800;
    std::array<std::int64_t, kSeconds> per_second{};
    std::int64_t current_second = 0;  // index of the second being counted
    std::int64_t aged_peak = 0;       // half units in the busiest second >= 30 min old
  };

  TableCall serve(Time now, Capacity& c, PeakHistory& h, std::int64_t initial_peak,
                  std::int64_t half_units);
  void advance(PeakHistory& h, Time now) const;
  std::int64_t on_demand_rate(const PeakHistory& h, std::int64_t initial_peak) const;

  TableCall read_table(Time now, std::int64_t half_units);

  const TableSpec* spec_;
  std::optional<DaxCache> dax_;
  std::uint32_t stream_ = kNoResource;
  Rng latency_rng_;
  Capacity read_, write_;
  PeakHistory read_history_, write_history_;
  std::uint64_t reads_ = 0, writes_ = 0, throttled_attempts_ = 0, failed_ = 0;
  std::int64_t read_half_units_ = 0, write_half_units_ = 0;
};

}  // namespace slsim
