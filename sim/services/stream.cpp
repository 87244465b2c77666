#include "slsim/services/stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <utility>

namespace slsim {

namespace {

// facts 3: a batch is cut at 6 MB of payload (Lambda's synchronous invocation payload limit,
// facts 1.3).
constexpr std::uint64_t kMaxBatchBytes = 6ULL * 1024 * 1024;

}  // namespace

std::uint64_t partition_key_hash(std::int64_t keys, Rng& rng) {
  if (keys <= 0) return rng.next_u64();
  std::uint64_t state = rng.below(static_cast<std::uint64_t>(keys));
  return splitmix64(state);
}

RecordStream::RecordStream(std::string name, std::string type, std::int64_t shards,
                           Duration retention, Duration poll_interval,
                           const StreamConsumerSpec* consumer, std::uint32_t index,
                           std::uint64_t seed)
    : name_(std::move(name)),
      type_(std::move(type)),
      shards_(shards),
      factor_(consumer ? consumer->parallelization_factor : 1),
      retention_(retention),
      poll_interval_(poll_interval),
      consumer_(consumer),
      index_(index),
      bad_rng_(Rng::stream(seed, "stream", name_, "bad_records")),
      lanes_(static_cast<std::size_t>(shards * factor_)) {
  r_.name = name_;
  r_.type = type_;
  r_.shards = shards_;
  r_.lanes = shards_ * factor_;
}

std::uint32_t RecordStream::lane_of(std::uint64_t key_hash) const {
  const auto shards = static_cast<std::uint64_t>(shards_);
  const std::uint64_t lane = (key_hash / shards) % static_cast<std::uint64_t>(factor_);
  return static_cast<std::uint32_t>((key_hash % shards) * static_cast<std::uint64_t>(factor_) +
                                    lane);
}

void RecordStream::count_write(bool failed, std::uint64_t attempts, std::uint64_t throttled) {
  ++r_.writes;
  r_.put_attempts += attempts;
  r_.throttled_attempts += throttled;
  if (failed) ++r_.failed_writes;
}

void RecordStream::append(Time now, std::uint32_t lane, std::uint32_t bytes, EventQueue& events) {
  ++r_.written;
  ++in_stream_;
  r_.bytes_written += bytes;
  land(now, lane, bytes, events);
}

void RecordStream::append_at(Time at, std::uint32_t lane, std::uint32_t bytes, EventQueue& events) {
  const std::uint32_t id = held_.add(Held{lane, bytes});
  ++r_.written;  // accepted: in the stream from now on
  ++in_stream_;
  r_.bytes_written += bytes;
  events.push(at, EventKind::stream_append, index_, id);
}

void RecordStream::on_append_event(Time now, std::uint32_t held, EventQueue& events) {
  const Held h = held_[held];
  held_.free(held);
  land(now, h.lane, h.bytes, events);
}

// The record joins its lane; the lane's poll is scheduled.
void RecordStream::land(Time now, std::uint32_t lane, std::uint32_t bytes, EventQueue& events) {
  Lane& l = lanes_[lane];
  const bool bad = consumer_ != nullptr && consumer_->item_failure_probability > 0 &&
                   bad_rng_.uniform01() < consumer_->item_failure_probability;
  l.records.push_back(Record{now, bytes, l.next_sequence++, bad});
  if (bad) ++r_.bad_records;
  if (consumer_ == nullptr) {
    expire_head(now, l);  // nobody polls: records expire as new ones arrive
    return;
  }
  if (l.busy) return;  // the batch's end decides the next poll
  // With a batching window a full batch goes at once; otherwise the next poll takes it.
  const bool full = consumer_->batching_window.us > 0 &&
                    l.records.size() >= static_cast<std::size_t>(consumer_->batch_size);
  schedule_poll(lane, full ? now : next_tick(now), events);
}

Time RecordStream::next_tick(Time now) const {
  const std::int64_t p = poll_interval_.us;
  return Time{(now.us + p - 1) / p * p};
}

// One pending poll per lane: an earlier or equal one already pending covers `at`; a later one
// is superseded (its event finds poll_at changed and is ignored).
void RecordStream::schedule_poll(std::uint32_t lane, Time at, EventQueue& events) {
  Lane& l = lanes_[lane];
  if (l.poll_at <= at) return;
  l.poll_at = at;
  events.push(at, EventKind::stream_poll, index_, lane);
}

// `n` records leave the head of `lane` into `outcome`, checking their order.
void RecordStream::leave(Lane& lane, std::uint32_t n, std::uint64_t& outcome) {
  for (std::uint32_t i = 0; i < n; ++i) {
    const Record rec = lane.records.pop_front();
    if (rec.sequence != lane.done_sequence) ++lane.out_of_order;
    lane.done_sequence = rec.sequence + 1;
  }
  outcome += n;
  in_stream_ -= n;
}

// A discarded batch: its metadata to the on-failure destination, else the records are dropped.
void RecordStream::discard(Lane& lane, std::uint32_t n) {
  if (n == 0) return;
  if (consumer_->on_failure_index != kNoResource) {
    leave(lane, n, r_.to_destination);
    ++r_.destination_messages;
    ++pending_destination_;
  } else {
    leave(lane, n, r_.dropped);
  }
}

// Retention (facts 3: 24 h by default) and maximum_record_age (facts 3), when the lane polls.
// A lane holds its records in write order, so the old ones are at its head.
void RecordStream::expire_head(Time now, Lane& lane) {
  bool changed = false;
  while (!lane.records.empty() && now - lane.records.front().written >= retention_) {
    leave(lane, 1, r_.expired);
    changed = true;
  }
  if (consumer_ != nullptr && consumer_->maximum_record_age) {
    const Duration max_age = *consumer_->maximum_record_age;
    std::uint32_t n = 0;
    while (n < lane.records.size() && now - lane.records[n].written > max_age)
      ++n;
    // Records past the maximum age are skipped as one discarded batch (facts 3).
    discard(lane, n);
    changed = changed || n > 0;
  }
  if (changed) {  // the batch being retried is gone, in part or whole: start afresh
    lane.attempts = 0;
    lane.limit = 0;
    lane.split_rest.clear();
  }
}

std::uint32_t RecordStream::first_bad(const Lane& lane, std::uint32_t n) const {
  for (std::uint32_t i = 0; i < n; ++i) {
    if (lane.records[i].bad) return i;
  }
  return n;
}

bool RecordStream::take_batch(Time now, std::uint32_t lane, EventQueue& events) {
  Lane& l = lanes_[lane];
  if (now != l.poll_at) return false;  // superseded by an earlier poll
  l.poll_at = Time::never();
  if (l.busy || consumer_ == nullptr) return false;
  expire_head(now, l);
  if (l.records.empty()) return false;
  const StreamConsumerSpec& c = *consumer_;
  const bool retry = l.attempts > 0 || l.limit > 0;
  const auto size = static_cast<std::uint32_t>(c.batch_size);
  // facts 3: with a batching window, a fresh batch waits for the batch size or the window.
  if (!retry && c.batching_window.us > 0 && l.records.size() < size) {
    const Time due = l.records.front().written + c.batching_window;
    if (now < due) {
      schedule_poll(lane, due, events);
      return false;
    }
  }
  const std::uint32_t max = l.limit > 0 ? l.limit : size;
  std::uint32_t n = 0;
  std::uint64_t bytes = 0;
  while (n < max && n < l.records.size()) {
    const std::uint32_t b = l.records[n].bytes;
    if (n > 0 && bytes + b > kMaxBatchBytes) break;  // one record always fits (<= 1 MiB)
    bytes += b;
    ++n;
  }
  l.in_batch = n;
  l.busy = true;
  ++in_flight_;
  ++r_.batches;
  r_.bytes_read += bytes;
  return true;
}

// A failed batch of the `n` records at the head: split it (bisect) or count a retry, and
// discard it past maximum_retry_attempts (facts 3). True if it was discarded.
bool RecordStream::fail_batch(Lane& lane, std::uint32_t n) {
  ++r_.failed_batches;
  if (consumer_->bisect_batch_on_function_error && n > 1) {
    lane.split_rest.push_back(n - n / 2);  // retried after the first half
    lane.limit = n / 2;
    return false;
  }
  ++lane.attempts;
  const std::int64_t max = consumer_->maximum_retry_attempts;
  if (max < 0 || lane.attempts <= static_cast<std::uint64_t>(max)) {
    lane.limit = n;  // the same records again
    return false;
  }
  discard(lane, n);
  lane.attempts = 0;
  lane.limit = 0;
  if (!lane.split_rest.empty()) {  // the other halves of a bisected batch come next
    lane.limit = lane.split_rest.back();
    lane.split_rest.pop_back();
  }
  return true;
}

void RecordStream::finish_batch(Time now, std::uint32_t lane, bool failed, bool throttled,
                                EventQueue& events) {
  Lane& l = lanes_[lane];
  const std::uint32_t n = l.in_batch;
  l.busy = false;
  l.in_batch = 0;
  --in_flight_;
  if (throttled) {
    // facts 3: throttles before the function runs are retried and do not count as retries.
    ++r_.throttled_batches;
    schedule_poll(lane, now + poll_interval_, events);
    return;
  }
  const std::int64_t age = (now - l.records[n - 1].written).us;
  r_.iterator_age.record(age);
  interval_max_age_us_ = std::max(interval_max_age_us_, age);
  const std::uint32_t bad = failed ? 0 : first_bad(l, n);
  if (!failed && bad == n) {
    leave(l, n, r_.processed);
    l.attempts = 0;
    l.limit = 0;
    if (!l.split_rest.empty()) {
      l.limit = l.split_rest.back();
      l.split_rest.pop_back();
    }
    if (!l.records.empty()) schedule_poll(lane, now, events);
    return;
  }
  std::uint32_t failing = n;
  if (!failed && consumer_->report_batch_item_failures && bad > 0) {
    // The function reported the first failed record: the ones before it are checkpointed.
    leave(l, bad, r_.processed);
    failing = n - bad;
    l.attempts = 0;
  }
  const bool discarded = fail_batch(l, failing);
  if (l.records.empty()) return;
  // Retried after one poll interval (README: model assumption); after a discard the lane moves
  // on at once.
  schedule_poll(lane, discarded ? now : now + poll_interval_, events);
}

double RecordStream::take_interval_iterator_age_ms() {
  const std::int64_t us = interval_max_age_us_;
  interval_max_age_us_ = -1;
  return us < 0 ? 0.0 : static_cast<double>(us) / 1e3;
}

std::string RecordStream::check_invariants() const {
  const auto broken = [this](const std::string& what) {
    return fmt::format("stream {}: {}", name_, what);
  };
  const StreamResult& r = r_;
  if (r.written != r.processed + r.to_destination + r.dropped + r.expired + in_stream_) {
    return broken(
        fmt::format("{} written but {} processed + {} to the destination + {} dropped "
                    "+ {} expired + {} in the stream",
                    r.written, r.processed, r.to_destination, r.dropped, r.expired, in_stream_));
  }
  std::uint64_t queued = held_.live();
  std::int64_t busy = 0;
  for (const Lane& l : lanes_) {
    queued += l.records.size();
    if (l.busy) ++busy;
    if (l.out_of_order != 0) return broken("records of a lane left out of order");
    if (l.busy && (l.in_batch == 0 || l.in_batch > l.records.size())) {
      return broken(
          fmt::format("a batch of {} records in a lane of {}", l.in_batch, l.records.size()));
    }
  }
  if (queued != in_stream_) {
    return broken(fmt::format("{} records held or in lanes but {} counted", queued, in_stream_));
  }
  if (busy != in_flight_) {
    return broken(fmt::format("{} busy lanes but {} batches in flight", busy, in_flight_));
  }
  return "";
}

StreamResult RecordStream::result() const {
  StreamResult r = r_;
  r.in_stream_at_end = in_stream_;
  return r;
}

}  // namespace slsim
