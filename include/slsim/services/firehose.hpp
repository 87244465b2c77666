#pragma once
// A Firehose stream (Amazon Data Firehose, formerly Kinesis Data Firehose) with Direct PUT as
// its source and an S3 bucket as its destination (README "Kinesis Data Firehose").
//
// Admission: PutRecord and PutRecordBatch share the stream's Direct PUT quotas (Firehose
// developer guide, "Quota"): in us-east-1, us-west-2 and eu-west-1 500,000 records/s,
// 2,000 requests/s and 5 MiB/s; in other regions 1,000 requests/s and 1 MiB/s (and, by the
// current page, 100,000 records/s); AWS raises the three together. Each is a reservation
// bucket holding one second, full at the start, as for a Kinesis shard (services/kinesis.hpp).
// A request the stream cannot take at once is refused (ServiceUnavailableException) and
// retried by the SDK (sdk_retry.hpp); a batch is taken or refused whole.
//
// Buffering: accepted records wait in one buffer, delivered to the bucket as one object (one
// PutObject, which may notify) as soon as it holds buffer_size bytes, or buffer_interval after
// its first record arrived, whichever comes first (BufferingHints, Firehose API reference: "the
// condition satisfied first triggers data delivery"; the interval is counted from the first
// record of the buffer, README).
//
// Kinesis source: a stream reading a Kinesis data stream gets every record written to it, read
// at the next whole second (Firehose calls GetRecords once per second per shard: Firehose
// developer guide, reading from Kinesis Data Streams); no Direct PUT quota applies.
//
// Transformation (a Lambda processor): records first wait in a transformation buffer (its own
// size and interval hints, by the same rule); each full or timed-out buffer is a batch that
// Firehose invokes the function with synchronously ("Transform source data", developer guide).
// A throttled, failed or timed-out invocation is retried NumberOfRetries times (default 3),
// each after kTransformRetryDelay, then the batch is skipped: its records are written to the
// bucket as a processing-failed object. A successful batch's records, resized by the output
// ratio, join the delivery buffer.
//
// Billing: ingestion per GB, each record rounded up to 5 KB (aws.amazon.com/firehose/pricing:
// "a 3KB record is billed as 5KB"; the rounding is per record, not per PutRecordBatch call).
// The deliveries' PutObject requests are the bucket's (priced as S3 requests).

#include <cstdint>
#include <string>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/histogram.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/slot_pool.hpp"
#include "slsim/usage.hpp"

namespace slsim {

// Records moving through the stream together, with what the delay statistics need.
struct FirehoseRecords {
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  Time first{0};              // the earliest arrival in the stream among them
  double arrival_sum_us = 0;  // sum over the records of their arrivals (us)

  void merge(const FirehoseRecords& other);
};

// What a Firehose event asks of the simulation.
enum class FirehoseDue : std::uint8_t {
  nothing,
  deliver,    // the delivery buffer is full: deliver it now
  transform,  // the transformation buffer is full: invoke the function with it now
};

struct FirehosePut {
  Duration latency{0};  // the SDK's backoffs the caller waited (the call's own latency aside)
  bool failed = false;
};

// The Direct PUT quotas of one stream, per second.
struct FirehoseQuota {
  std::int64_t records = 0;
  std::int64_t requests = 0;
  std::int64_t bytes = 0;
};

// The quotas of a stream in `region`; quota_mib_per_second > 0 replaces the region's MiB/s and
// scales the other two with it.
FirehoseQuota firehose_quota(const std::string& region, std::int64_t quota_mib_per_second);

class FirehoseStream {
 public:
  // `index` is the stream's index in the scenario (the target of its events).
  FirehoseStream(const FirehoseSpec& spec, std::uint32_t index, const std::string& region,
                 std::uint64_t seed);

  // A PutRecord (records = 1) or PutRecordBatch at `now` of `records` records of `bytes` each.
  // `now` may lie ahead of the engine's clock (a call after a cold start's INIT); a `now`
  // behind the latest request is taken as that request's time.
  FirehosePut put(Time now, std::uint32_t records, std::uint32_t bytes);

  // A record of `bytes` accepted by the source Kinesis stream at `landed` (not before the
  // engine's clock): counted and billed as ingested, and read into the stream at the next
  // whole second.
  void read_from_stream(Time landed, std::uint32_t bytes, EventQueue& events);

  // An accepted put's records reach the stream at `at` (not before the engine's clock): a
  // firehose_append event whose payload is the held put.
  void append_at(Time at, std::uint32_t records, std::uint32_t bytes, EventQueue& events);
  // The firehose_append event: the records join the first buffer (transformation or delivery).
  FirehoseDue on_append_event(Time now, std::uint32_t held, EventQueue& events);
  // Whether the firehose_flush (delivery) or firehose_transform_flush event of `generation` is
  // its buffer's interval (not a stale one, whose buffer left by size).
  bool interval_due(std::uint32_t generation) const { return delivery_.due(generation); }
  bool transform_interval_due(std::uint32_t generation) const {
    return transform_buffer_.due(generation);
  }
  // Empties the delivery buffer into one object for the destination bucket.
  void deliver(Time now, bool by_size);

  // Transformation: empties the transformation buffer into a batch (its id) to invoke.
  std::uint32_t take_transform_batch();
  // The batch's invocation failed (throttled, error or timeout): true if Firehose retries it
  // (after transform_retry_delay()), false if it is skipped (written as a failed object).
  bool transform_failed(std::uint32_t batch, Time now);
  static Duration transform_retry_delay();
  // The batch's invocation succeeded: its records join the delivery buffer.
  FirehoseDue transformed(std::uint32_t batch, Time now, EventQueue& events);

  const FirehoseSpec& spec() const { return *spec_; }
  // Records accepted but not delivered or failed yet (held, buffered or being transformed).
  std::uint64_t pending_records() const {
    return held_records_ + transform_buffer_.content.records + in_transform_records_ +
           delivery_.content.records;
  }
  std::string check_invariants() const;
  FirehoseResult result() const;
  ResourceUsage usage() const;

 private:
  // A reservation bucket in units x 1e6, refilled at `rate` units per second.
  struct Capacity {
    std::int64_t tokens = 0;
    std::int64_t rate = 0;
  };
  struct Held {
    std::uint32_t records = 0;
    std::uint32_t bytes = 0;
  };
  // A buffer: delivered (or transformed) when it holds `size` bytes or `interval` after it
  // opened, whichever comes first.
  struct Buffer {
    FirehoseRecords content;
    Time opened{0};
    std::uint32_t generation = 0;  // buffers opened so far: tells stale interval events

    bool due(std::uint32_t g) const { return g == generation && content.records > 0; }
  };
  struct Batch {
    FirehoseRecords content;
    std::int64_t failures = 0;  // failed invocations so far
  };

  void refill(Time now);
  // Adds `records` to `buffer`; true when it holds `size` bytes.
  bool add(Buffer& buffer, const FirehoseRecords& records, Time now, std::int64_t size,
           Duration interval, EventKind flush, EventQueue& events) const;
  void count_ingested(std::uint32_t records, std::uint32_t bytes);
  void finish(const FirehoseRecords& records, Time now);

  const FirehoseSpec* spec_;
  std::uint32_t index_;
  Rng retry_rng_;
  Capacity records_, requests_, bytes_;
  Time last_{0};
  SlotPool<Held> held_;  // puts accepted, on their way to the first buffer
  std::uint64_t held_records_ = 0;
  Buffer transform_buffer_;
  SlotPool<Batch> batches_;  // transformation batches being invoked (or waiting to retry)
  std::uint64_t in_transform_records_ = 0;
  Buffer delivery_;
  FirehoseResult result_;
  double delay_sum_us_ = 0;             // sum over delivered records of (delivery - arrival)
  std::uint64_t billed_5kb_units_ = 0;  // accepted records rounded up to 5 KB each
};

}  // namespace slsim
