#include "slsim/services/kinesis.hpp"

#include <algorithm>

#include "slsim/sdk_retry.hpp"

namespace slsim {

namespace {

constexpr std::int64_t kScale = 1'000'000;
// facts 3: per shard, 1,000 records/s and 1 MB/s of writes (1 MiB: the quotas page).
constexpr std::int64_t kShardRecordsPerSecond = 1'000;
constexpr std::int64_t kShardBytesPerSecond = std::int64_t{1024} * 1024;
// facts 3: a PUT payload unit is a 25 KB chunk of a record; on demand, records are rounded up
// to 1 KB. KB = 1,024 bytes, GB = 2^30 bytes.
constexpr std::uint64_t kPayloadUnitBytes = 25ULL * 1024;
constexpr double kKilobytesPerGigabyte = 1024.0 * 1024.0;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

}  // namespace

KinesisStream::KinesisStream(const KinesisSpec& spec, std::uint32_t stream, std::uint64_t seed)
    : spec_(&spec),
      stream_(stream),
      retry_rng_(Rng::stream(seed, "stream", spec.name, "sdk_retries")),
      shards_(static_cast<std::size_t>(spec.shards),
              Shard{kShardRecordsPerSecond * kScale, kShardBytesPerSecond * kScale, Time{0}}) {}

StreamPut KinesisStream::put(Time now, std::uint64_t key_hash, std::uint32_t bytes,
                             RecordStream& stream) {
  Shard& s = shards_[stream.shard_of(key_hash)];
  if (now > s.last) {
    // 128-bit: a rate per us times a long idle gap overflows 64 bits.
    __extension__ using Wide = __int128;
    const Wide dt = (now - s.last).us;
    s.records = static_cast<std::int64_t>(std::min<Wide>(Wide{kShardRecordsPerSecond} * kScale,
                                                         s.records + dt * kShardRecordsPerSecond));
    s.bytes = static_cast<std::int64_t>(
        std::min<Wide>(Wide{kShardBytesPerSecond} * kScale, s.bytes + dt * kShardBytesPerSecond));
    s.last = now;
  }
  const std::int64_t need_records = kScale;
  const std::int64_t need_bytes = std::int64_t{bytes} * kScale;
  // When the shard will hold enough of both (0: now).
  const std::int64_t wait_us =
      std::max({std::int64_t{0}, ceil_div(need_records - s.records, kShardRecordsPerSecond),
                ceil_div(need_bytes - s.bytes, kShardBytesPerSecond)});
  const SdkRetries retries = standard_retries(Duration{wait_us}, retry_rng_);
  StreamPut put;
  put.latency = retries.waited;
  if (retries.failed) {
    put.failed = true;
    stream.count_write(true, retries.attempts, retries.refused());
    return put;
  }
  s.records -= need_records;  // may go below zero: capacity reserved ahead
  s.bytes -= need_bytes;
  payload_units_ += std::max<std::uint64_t>(1, (bytes + kPayloadUnitBytes - 1) / kPayloadUnitBytes);
  kilobytes_in_ += std::max<std::uint64_t>(1, (bytes + 1023) / 1024);
  stream.count_write(false, retries.attempts, retries.refused());
  put.lane = stream.lane_of(key_hash);
  return put;
}

ResourceUsage KinesisStream::usage(Time end, const StreamResult& result) const {
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "kinesis";
  const double hours = static_cast<double>(end.us) / 3.6e9;
  if (spec_->mode == StreamMode::provisioned) {
    u.meters.push_back(Meter{"shard_hours", static_cast<double>(spec_->shards) * hours});
    u.meters.push_back(Meter{"put_payload_units", static_cast<double>(payload_units_)});
  } else {
    u.meters.push_back(Meter{"on_demand_stream_hours", hours});
    u.meters.push_back(
        Meter{"on_demand_gb_written", static_cast<double>(kilobytes_in_) / kKilobytesPerGigabyte});
    u.meters.push_back(Meter{"on_demand_gb_read", static_cast<double>(result.bytes_read) /
                                                      (kKilobytesPerGigabyte * 1024.0)});
  }
  return u;
}

}  // namespace slsim
