#pragma once
// A stream of records and its Lambda event source mapping, shared by Kinesis data streams
// (services/kinesis.hpp) and DynamoDB Streams (facts 3, 7, 12).
//
// Shards and lanes. A record goes to shard (key hash % shards). With parallelization factor F,
// each shard has F lanes and a record goes to lane (key hash / shards) % F, so the records of
// one partition key stay in one lane, in order (facts 3: up to 10 concurrent batches per shard,
// in order "at the shard level (in practice, per partition key)"). A lane is an ordered queue
// of records; its batch in flight is always a prefix of it, and at most one batch per lane is
// in flight (facts 3: one batch per shard at a time, per lane with F > 1).
//
// Polling (README "Kinesis data streams", model assumptions). An idle lane is polled on a grid
// of the poll interval (1 s for Kinesis, 250 ms for DynamoDB Streams: facts 3, 7, 12); while a
// lane has records after a successful batch, the next batch starts at once (the poller reads
// on while behind). A batch holds up to batch_size records and 6 MB (facts 3); with a batching
// window it waits until the batch is full or the oldest record has waited the window.
//
// Failures (facts 3). A failed batch (function error, timeout, or a bad record in it) blocks
// its lane and is retried after one poll interval. With bisect_batch_on_function_error it is
// split in two halves retried one after the other (splitting does not count as a retry);
// otherwise each failure counts one retry, and past maximum_retry_attempts the batch is
// discarded: its metadata goes to the on-failure destination (one message per batch), else the
// records are dropped. With report_batch_item_failures, the records before the first bad one
// are checkpointed (processed) and the retry starts at the bad one. A throttled invocation is
// retried after one poll interval and does not count as a retry. Records older than the
// retention period expire, and records older than maximum_record_age are discarded like a
// failed batch, when their lane polls.
//
// Every record written ends once: processed, discarded to the on-failure destination, dropped
// (discarded without one), expired, or still in the stream at the end (held for a delayed
// append, in a lane, or in a batch in flight); check_invariants() verifies the sum. The stream
// schedules its own poll and append events (kinds stream_poll and stream_append, target = the
// stream's index); the simulation invokes the function for a batch (take_batch) and reports how
// the invocation ended (finish_batch), as with SQS.

#include <cstdint>
#include <string>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/histogram.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/ring_queue.hpp"
#include "slsim/scenario.hpp"
#include "slsim/slot_pool.hpp"

namespace slsim {

// The hash of a record's partition key: one of `keys` keys drawn uniformly (hashed, so that
// keys spread over shards as MD5 spreads them over hash ranges), or with keys = 0 a new random
// key per record.
std::uint64_t partition_key_hash(std::int64_t keys, Rng& rng);

class RecordStream {
 public:
  // `consumer` may be null (no event source mapping); it must outlive the stream.
  RecordStream(std::string name, std::string type, std::int64_t shards, Duration retention,
               Duration poll_interval, const StreamConsumerSpec* consumer, std::uint32_t index,
               std::uint64_t seed);

  // The lane of a record whose partition key hashes to `key_hash`.
  std::uint32_t lane_of(std::uint64_t key_hash) const;
  std::uint32_t shard_of(std::uint64_t key_hash) const {
    return static_cast<std::uint32_t>(key_hash % static_cast<std::uint64_t>(shards_));
  }

  // A record accepted at `now` (append) or at `at` > now (append_at: held until then, the
  // stream_append event; a throttled write the SDK retried, or a table write's latency).
  void append(Time now, std::uint32_t lane, std::uint32_t bytes, EventQueue& events);
  void append_at(Time at, std::uint32_t lane, std::uint32_t bytes, EventQueue& events);
  void on_append_event(Time now, std::uint32_t held, EventQueue& events);

  // The stream_poll event of `lane`: true if a batch was taken (the caller invokes the
  // consumer for it now). Expires and discards old records on the way.
  bool take_batch(Time now, std::uint32_t lane, EventQueue& events);
  // The invocation of `lane`'s batch ended: `failed` = a function error or timeout,
  // `throttled` = Lambda refused the invocation.
  void finish_batch(Time now, std::uint32_t lane, bool failed, bool throttled, EventQueue& events);
  // Discarded batches whose metadata is to be sent to the on-failure destination since the
  // last call (the caller sends them).
  std::uint32_t take_destination_messages() {
    const std::uint32_t n = pending_destination_;
    pending_destination_ = 0;
    return n;
  }

  // Counted by the writer (Kinesis PutRecord admission).
  void count_write(bool failed, std::uint64_t attempts, std::uint64_t throttled);

  bool has_consumer() const { return consumer_ != nullptr; }
  std::uint32_t consumer_function() const { return consumer_->function_index; }
  const StreamConsumerSpec* consumer() const { return consumer_; }
  const std::string& name() const { return name_; }
  std::uint64_t records() const { return in_stream_; }  // held + in lanes
  std::int64_t batches_in_flight() const { return in_flight_; }
  // The largest IteratorAge since the last call (the timeline's per-interval maximum), ms.
  double take_interval_iterator_age_ms();

  // --check: counts add up, lanes in order. Returns what is broken, or "".
  std::string check_invariants() const;
  StreamResult result() const;

 private:
  struct Record {
    Time written;
    std::uint32_t bytes = 0;
    std::uint32_t sequence = 0;  // per lane, for the in-order check
    bool bad = false;
  };
  struct Lane {
    RingQueue<Record> records;
    std::vector<std::uint32_t> split_rest;  // bisect: sizes of halves still to retry
    std::uint32_t in_batch = 0;             // the batch in flight: records[0, in_batch)
    std::uint32_t limit = 0;                // the next batch's size after a bisect (0: none)
    std::uint32_t attempts = 0;             // failed attempts of the batch at the head
    std::uint32_t next_sequence = 0;
    std::uint32_t done_sequence = 0;  // the sequence the next record to leave must carry
    std::uint32_t out_of_order = 0;
    Time poll_at = Time::never();  // the pending stream_poll event (never: none)
    bool busy = false;
  };
  struct Held {
    std::uint32_t lane = 0;
    std::uint32_t bytes = 0;
  };

  void land(Time now, std::uint32_t lane, std::uint32_t bytes, EventQueue& events);
  void schedule_poll(std::uint32_t lane, Time at, EventQueue& events);
  Time next_tick(Time now) const;
  void expire_head(Time now, Lane& lane);
  void leave(Lane& lane, std::uint32_t n, std::uint64_t& outcome);
  void discard(Lane& lane, std::uint32_t n);
  bool fail_batch(Lane& lane, std::uint32_t n);
  std::uint32_t first_bad(const Lane& lane, std::uint32_t n) const;

  std::string name_;
  std::string type_;
  std::int64_t shards_;
  std::int64_t factor_;
  Duration retention_;
  Duration poll_interval_;
  const StreamConsumerSpec* consumer_;
  std::uint32_t index_;
  Rng bad_rng_;
  std::vector<Lane> lanes_;
  SlotPool<Held> held_;
  std::uint64_t in_stream_ = 0;
  std::int64_t in_flight_ = 0;
  std::uint32_t pending_destination_ = 0;
  std::int64_t interval_max_age_us_ = -1;
  StreamResult r_;
};

}  // namespace slsim
