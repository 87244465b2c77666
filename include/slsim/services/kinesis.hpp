#pragma once
// A Kinesis data stream's write side (facts 3): PutRecord admission per shard, the SDK's
// retries of throttled writes, and the stream's billable usage. The records, the shards' lanes
// and the Lambda event source mapping live in a RecordStream (services/stream.hpp).
//
// Each shard takes at most 1,000 records/s and 1 MB/s (facts 3; 1 MB = 1 MiB here, as the
// current Kinesis quotas page writes "1 MiB per second"), modelled as two reservation buckets
// holding one second of capacity, full at the start. A write the shard cannot take at once is
// refused (ProvisionedThroughputExceededException) and retried by the SDK in its standard
// retry mode (sdk_retry.hpp): the write is accepted at the first retry by whose time the shard
// has refilled enough (reserving that capacity), and the record enters the stream then; after
// the last attempt it fails.

#include <cstdint>
#include <vector>

#include "slsim/random.hpp"
#include "slsim/scenario.hpp"
#include "slsim/services/stream.hpp"
#include "slsim/usage.hpp"

namespace slsim {

// An accepted write goes into `lane` of the stream at now + latency (the caller appends it).
struct StreamPut {
  Duration latency{0};  // the SDK's backoffs the caller waited (the call's own latency aside)
  bool failed = false;
  std::uint32_t lane = 0;
};

class KinesisStream {
 public:
  // `stream` is the index of this stream's RecordStream in the simulation's streams.
  KinesisStream(const KinesisSpec& spec, std::uint32_t stream, std::uint64_t seed);

  // A PutRecord at `now` of `bytes` with a partition key hashing to `key_hash` (counted in
  // `stream`). `now` may lie ahead of the engine's clock (a call after a cold start's INIT);
  // a `now` behind the latest write is taken as that write's time.
  StreamPut put(Time now, std::uint64_t key_hash, std::uint32_t bytes, RecordStream& stream);

  std::uint32_t stream() const { return stream_; }
  // Firehose streams reading this stream (their indices): each gets every accepted record.
  void add_firehose_reader(std::uint32_t firehose) { firehose_readers_.push_back(firehose); }
  const std::vector<std::uint32_t>& firehose_readers() const { return firehose_readers_; }
  const KinesisSpec& spec() const { return *spec_; }
  // facts 3: provisioned shard-hours and PUT payload units (25 KB chunks); on demand,
  // stream-hours, GB written (records rounded up to 1 KB) and GB read.
  ResourceUsage usage(Time end, const StreamResult& result) const;

 private:
  // Reservation buckets in units x 1e6, so a per-second rate refills whole units per us.
  struct Shard {
    std::int64_t records = 0;
    std::int64_t bytes = 0;
    Time last{0};
  };

  const KinesisSpec* spec_;
  std::uint32_t stream_;
  Rng retry_rng_;
  std::vector<Shard> shards_;
  std::vector<std::uint32_t> firehose_readers_;
  std::uint64_t payload_units_ = 0;  // 25 KB chunks of accepted records
  std::uint64_t kilobytes_in_ = 0;   // accepted records rounded up to 1 KB each
};

}  // namespace slsim
