#include "slsim/services/dynamodb.hpp"

#include <algorithm>

namespace slsim {

namespace {

constexpr std::int64_t kScale = 1'000'000;  // tokens are half units x 1e6
// facts 7: read units of 4 KB, write units of 1 KB; eventually consistent reads cost half.
constexpr std::int64_t kReadUnitBytes = std::int64_t{4} * 1024;
constexpr std::int64_t kWriteUnitBytes = 1024;
// facts 7: provisioned tables keep up to 300 s of unused capacity (burst capacity).
constexpr std::int64_t kBurstSeconds = 300;
// facts 7: a new on-demand table serves 4,000 WRU/s and 12,000 RRU/s at once (twice a previous
// peak of half that); the default table quota is 40,000 units/s each way.
constexpr std::int64_t kNewTableWriteHalfUnits = std::int64_t{2} * 4'000;
constexpr std::int64_t kNewTableReadHalfUnits = std::int64_t{2} * 12'000;
constexpr std::int64_t kTableQuotaHalfUnits = std::int64_t{2} * 40'000;
// facts 7: botocore's DynamoDB retries: 10 attempts, 50 ms doubling.
constexpr int kMaxAttempts = 10;
constexpr Duration kFirstBackoff = Duration::millis(50);

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

}  // namespace

DynamoTable::DynamoTable(const TableSpec& spec, std::uint64_t seed)
    : spec_(&spec), latency_rng_(Rng::stream(seed, "table", spec.name, "latency")) {
  if (spec.mode == CapacityMode::provisioned) {
    read_.rate = 2 * spec.read_capacity;
    write_.rate = 2 * spec.write_capacity;
    read_.cap = read_.rate * kBurstSeconds * kScale;
    write_.cap = write_.rate * kBurstSeconds * kScale;
  } else {
    read_.rate = kNewTableReadHalfUnits;
    write_.rate = kNewTableWriteHalfUnits;
    read_.cap = read_.rate * kScale;
    write_.cap = write_.rate * kScale;
  }
  read_.tokens = read_.cap;
  write_.tokens = write_.cap;
  if (spec.dax) dax_.emplace(*spec.dax, spec.name, seed);
}

std::int64_t DynamoTable::read_half_units(std::int64_t bytes, std::int64_t items, bool consistent) {
  const std::int64_t units = std::max<std::int64_t>(1, ceil_div(bytes * items, kReadUnitBytes));
  return consistent ? 2 * units : units;
}

std::int64_t DynamoTable::write_half_units(std::int64_t bytes) {
  return 2 * std::max<std::int64_t>(1, ceil_div(bytes, kWriteUnitBytes));
}

TableCall DynamoTable::read_table(Time now, std::int64_t half_units) {
  return serve(now, read_, read_history_, kNewTableReadHalfUnits / 2, half_units);
}

// Through DAX (services/dax.hpp): a hit costs the hop alone; a miss, a strongly consistent read
// (passed through) and a write (to the table, then the item cache) cost the table's request
// plus the hop.
TableCall DynamoTable::request(Time now, TableOp op, std::int64_t half_units) {
  TableCall done;
  if (op == TableOp::write) {
    ++writes_;
    done = serve(now, write_, write_history_, kNewTableWriteHalfUnits / 2, half_units);
  } else {
    ++reads_;
    if (!dax_) return read_table(now, half_units);
    if (op == TableOp::consistent_read) {
      dax_->pass_through();
    } else if (dax_->hits(op == TableOp::query ? DaxCacheKind::query : DaxCacheKind::item)) {
      return {dax_->hop(), false};
    }
    done = read_table(now, half_units);
  }
  if (dax_) done.latency = done.latency + dax_->hop();
  return done;
}

// Seconds that leave the 30-minute window fold into the aged peak.
void DynamoTable::advance(PeakHistory& h, Time now) const {
  const std::int64_t second = now.us / 1'000'000;
  const std::int64_t steps =
      std::min<std::int64_t>(second - h.current_second, PeakHistory::kSeconds);
  for (std::int64_t k = 0; k < steps; ++k) {
    const std::size_t slot =
        static_cast<std::size_t>(h.current_second + 1 + k) % PeakHistory::kSeconds;
    h.aged_peak = std::max(h.aged_peak, h.per_second[slot]);
    h.per_second[slot] = 0;
  }
  if (second > h.current_second) h.current_second = second;
}

std::int64_t DynamoTable::on_demand_rate(const PeakHistory& h, std::int64_t initial_peak) const {
  return std::min(kTableQuotaHalfUnits, 2 * std::max(initial_peak, h.aged_peak));
}

TableCall DynamoTable::serve(Time now, Capacity& c, PeakHistory& h, std::int64_t initial_peak,
                             std::int64_t half_units) {
  if (now > c.last) {
    // 128-bit: rate (units per us, scaled) x a long idle gap overflows 64 bits.
    __extension__ using Wide = __int128;
    const Wide refill = static_cast<Wide>(c.rate) * (now - c.last).us;
    c.tokens = static_cast<std::int64_t>(std::min<Wide>(c.cap, c.tokens + refill));
    c.last = now;
  }
  if (spec_->mode == CapacityMode::on_demand) {
    advance(h, now);
    c.rate = on_demand_rate(h, initial_peak);
    c.cap = c.rate * kScale;
  }
  const std::int64_t need = half_units * kScale;
  Duration waited{0};
  int attempt = 1;
  if (c.tokens < need) {
    // The first retry by whose time the bucket holds enough (refilling at the current rate).
    const std::int64_t wait_us = c.rate > 0 ? ceil_div(need - c.tokens, c.rate) : -1;
    Duration backoff = kFirstBackoff;
    while (true) {
      ++throttled_attempts_;
      waited = waited + spec_->latency.sample(latency_rng_);
      if (attempt == kMaxAttempts) {
        ++failed_;
        return {waited, true};
      }
      waited = waited + backoff;
      backoff = backoff + backoff;
      ++attempt;
      if (wait_us >= 0 && waited.us >= wait_us) break;
    }
  }
  c.tokens -= need;  // may go below zero: capacity reserved ahead
  (&c == &read_ ? read_half_units_ : write_half_units_) += half_units;
  h.per_second[static_cast<std::size_t>(h.current_second) % PeakHistory::kSeconds] += half_units;
  return {waited + spec_->latency.sample(latency_rng_), false};
}

std::uint32_t DynamoTable::stream_record_bytes(std::int64_t item_bytes) const {
  constexpr std::int64_t kKeysBytes = 100;  // keys only: a small record (README)
  switch (spec_->stream ? spec_->stream->view : StreamView::keys_only) {
    case StreamView::keys_only:
      return static_cast<std::uint32_t>(kKeysBytes);
    case StreamView::new_image:
    case StreamView::old_image:
      return static_cast<std::uint32_t>(item_bytes);
    case StreamView::new_and_old_images:
      return static_cast<std::uint32_t>(2 * item_bytes);
  }
  return static_cast<std::uint32_t>(item_bytes);
}

TableResult DynamoTable::result(Time /*end*/) const {
  TableResult r;
  r.name = spec_->name;
  r.reads = reads_;
  r.writes = writes_;
  r.read_units = static_cast<double>(read_half_units_) / 2;
  r.write_units = static_cast<double>(write_half_units_) / 2;
  r.throttled_attempts = throttled_attempts_;
  r.failed = failed_;
  if (dax_) r.dax = dax_->result();
  return r;
}

// facts 7: on demand, request units; provisioned, capacity-unit hours for the whole run.
ResourceUsage DynamoTable::usage(Time end) const {
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "dynamodb";
  if (spec_->mode == CapacityMode::on_demand) {
    u.meters.push_back(Meter{"read_request_units", static_cast<double>(read_half_units_) / 2});
    u.meters.push_back(Meter{"write_request_units", static_cast<double>(write_half_units_) / 2});
  } else {
    const double hours = static_cast<double>(end.us) / 3.6e9;
    u.meters.push_back(Meter{"rcu_hours", static_cast<double>(spec_->read_capacity) * hours});
    u.meters.push_back(Meter{"wcu_hours", static_cast<double>(spec_->write_capacity) * hours});
  }
  if (dax_) u.meters.push_back(Meter{std::string(dax_->meter()), dax_->node_hours(end)});
  return u;
}

}  // namespace slsim
