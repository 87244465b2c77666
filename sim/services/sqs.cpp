#include "slsim/services/sqs.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "slsim/lambda_function.hpp"

namespace slsim {

namespace {

// facts 2: the pollers start with 5 concurrent batches and add up to 300 a minute (since
// 6 Nov 2023; 60 a minute before, account.scaling: legacy), to at most 1,000 concurrent
// batches (the current Lambda docs; the Knowledge Center says 1,250, facts 10). Modelled as
// +5 (legacy +1) each second while messages wait and every poller is busy.
constexpr std::int64_t kInitialPollers = 5;
constexpr std::int64_t kMaxPollers = 1'000;
constexpr std::int64_t kScaleStepPerSecond = 300 / 60;
constexpr std::int64_t kLegacyScaleStepPerSecond = 60 / 60;
constexpr Duration kScaleInterval = Duration::seconds(1);
// facts 2: a batch is cut at 6 MB of payload.
constexpr std::uint64_t kMaxBatchBytes = 6ULL * 1024 * 1024;
// facts 2: every 64 KB chunk of a payload is billed as one request.
constexpr std::uint64_t kChunkBytes = 64ULL * 1024;
// SQS returns at most 10 messages per ReceiveMessage and deletes at most 10 per
// DeleteMessageBatch (SQS API limits), so a batch of n messages costs ceil(n/10) of each.
constexpr std::uint64_t kMessagesPerCall = 10;
// Idle pollers long-poll with the longest wait SQS allows (WaitTimeSeconds 20 s): each idle
// poller makes one (billed, empty) receive per 20 s.
constexpr std::int64_t kLongPollUs = 20'000'000;

std::uint64_t chunks(std::uint64_t bytes) {
  return std::max<std::uint64_t>(1, (bytes + kChunkBytes - 1) / kChunkBytes);
}

std::uint64_t calls_for(std::uint64_t messages) {
  return (messages + kMessagesPerCall - 1) / kMessagesPerCall;
}

bool later(const auto& a, const auto& b) {
  return a.visible_at > b.visible_at || (a.visible_at == b.visible_at && a.id > b.id);
}

}  // namespace

SqsQueue::SqsQueue(const QueueSpec& spec, std::uint32_t index, std::uint64_t seed,
                   ScalingRule scaling)
    : spec_(&spec),
      index_(index),
      scale_step_(scaling == ScalingRule::legacy ? kLegacyScaleStepPerSecond : kScaleStepPerSecond),
      poller_cap_(spec.consumer && spec.consumer->maximum_concurrency > 0
                      ? std::min(kMaxPollers, spec.consumer->maximum_concurrency)
                      : kMaxPollers),
      item_rng_(Rng::stream(seed, "queue", spec.name, "item_failures")),
      pollers_(spec.consumer ? std::min(kInitialPollers, poller_cap_) : 0),
      peak_pollers_(pollers_) {}

void SqsQueue::send(Time now, std::uint32_t bytes, std::uint32_t group, Time sent,
                    std::uint8_t hops) {
  const std::uint32_t id = new_message(sent, bytes, group);
  messages_[id].hops = hops;
  ++sent_;
  send_chunks_ += chunks(bytes);
  set_depth(now, +1);
  ++visible_count_;
  if (!spec_->fifo) {
    visible_.push_back(id);
    return;
  }
  if (group >= groups_.size()) groups_.resize(group + 1);
  groups_[group].messages.push_back(id);
  make_ready(group);
}

std::uint32_t SqsQueue::new_message(Time sent, std::uint32_t bytes, std::uint32_t group) {
  return messages_.add(Message{sent, bytes, group, 0, 0});
}

void SqsQueue::free_message(std::uint32_t id, Time now) {
  messages_.free(id);
  set_depth(now, -1);
}

std::uint32_t SqsQueue::new_batch(Time now) {
  std::uint32_t id;
  if (!free_batches_.empty()) {
    id = free_batches_.back();
    free_batches_.pop_back();
  } else {
    id = static_cast<std::uint32_t>(batches_.size());
    batches_.emplace_back();
  }
  Batch& b = batches_[id];
  b.messages.clear();
  b.received = now;
  b.hops = 0;
  b.live = true;
  return id;
}

void SqsQueue::make_ready(std::uint32_t group) {
  Group& g = groups_[group];
  if (g.busy || g.ready || g.messages.empty()) return;
  g.ready = true;
  ready_groups_.push_back(group);
}

bool SqsQueue::backlog() const {
  return spec_->fifo ? !ready_groups_.empty() : !visible_.empty();
}

std::int64_t SqsQueue::batch_limit() const {
  return std::min(pollers_, poller_cap_);
}

bool SqsQueue::receive_into(std::uint32_t id, Batch& batch, Time now) {
  Message& m = messages_[id];
  --visible_count_;
  // Retention is counted from the first enqueue (facts 2: 60 s .. 14 days, default 4 days).
  if (now - m.sent >= spec_->retention) {
    ++expired_;
    free_message(id, now);
    return false;
  }
  // Redrive policy: a message already received maxReceiveCount times goes to the DLQ instead
  // of being received again (facts 2).
  if (spec_->max_receive_count > 0 && m.receives >= spec_->max_receive_count) {
    ++dead_lettered_;
    redrives_.push_back(Redrive{spec_->dead_letter_index, m.bytes, m.group, m.sent});
    free_message(id, now);
    return false;
  }
  // Recursive loop detection (kRecursiveLoopLimit): Lambda refuses to invoke the consumer for a
  // message 16 invocations deep in its chain; it goes to the DLQ if there is one, else it is
  // dropped and counted.
  if (m.hops >= kRecursiveLoopLimit) {
    if (spec_->dead_letter_index != kNoResource) {
      ++dead_lettered_;
      redrives_.push_back(Redrive{spec_->dead_letter_index, m.bytes, m.group, m.sent});
    } else {
      ++loop_stopped_;
    }
    free_message(id, now);
    return false;
  }
  if (m.receives == 0) {
    const Duration wait = now - m.sent;
    ++first_receives_;
    if (wait.us > 0) ++waited_;
    wait_sum_us_ += wait.us;
    wait_.record(wait.us);
  }
  ++m.receives;
  ++received_;
  max_age_ = std::max(max_age_, now - m.sent);
  batch.hops = std::max(batch.hops, m.hops);
  batch.messages.push_back(id);
  return true;
}

std::uint32_t SqsQueue::take_batch(Time now, EventQueue& events) {
  if (!spec_->consumer || !backlog()) return kNoBatch;
  if (in_flight_batches_ >= batch_limit()) {
    maybe_schedule_scale(now, events);
    return kNoBatch;
  }
  const std::uint32_t batch = spec_->fifo ? take_fifo(now) : take_standard(now, events);
  if (batch == kNoBatch) return kNoBatch;
  ++batches_started_;
  set_in_flight(now, +1);
  const std::uint64_t n = batches_[batch].messages.size();
  std::uint64_t bytes = 0;
  for (const std::uint32_t id : batches_[batch].messages)
    bytes += messages_[id].bytes;
  receive_chunks_ += std::max(calls_for(n), chunks(bytes));
  return batch;
}

std::uint32_t SqsQueue::take_standard(Time now, EventQueue& events) {
  const QueueConsumerSpec& c = *spec_->consumer;
  const auto size = static_cast<std::uint64_t>(c.batch_size);
  // facts 2: with a batching window the batch waits for the batch size or the window's end.
  if (c.batching_window.us > 0 && visible_.size() < size && !(now >= window_at_)) {
    if (window_at_ == Time::never()) {
      window_at_ = now + c.batching_window;
      events.push(window_at_, EventKind::sqs_window, index_);
    }
    return kNoBatch;
  }
  window_at_ = Time::never();
  const std::uint32_t batch = new_batch(now);
  Batch& b = batches_[batch];
  std::uint64_t bytes = 0;
  while (!visible_.empty() && b.messages.size() < size) {
    const std::uint32_t id = visible_.front();
    // The 6 MB payload limit cuts the batch (one message always fits: it is at most 1 MiB).
    if (!b.messages.empty() && bytes + messages_[id].bytes > kMaxBatchBytes) break;
    visible_.pop_front();
    const std::uint32_t bytes_of = messages_[id].bytes;
    if (receive_into(id, b, now)) bytes += bytes_of;
  }
  if (b.messages.empty()) {  // all expired or redriven
    b.live = false;
    free_batches_.push_back(batch);
    return kNoBatch;
  }
  return batch;
}

std::uint32_t SqsQueue::take_fifo(Time now) {
  const auto size = static_cast<std::uint64_t>(spec_->consumer->batch_size);
  while (!ready_groups_.empty()) {
    const std::uint32_t group = ready_groups_.pop_front();
    Group& g = groups_[group];
    g.ready = false;
    const std::uint32_t batch = new_batch(now);
    Batch& b = batches_[batch];
    b.group = group;
    while (!g.messages.empty() && b.messages.size() < size) {
      receive_into(g.messages.pop_front(), b, now);
    }
    if (!b.messages.empty()) {
      g.busy = true;  // facts 2: one batch in flight per message group
      return batch;
    }
    b.live = false;
    free_batches_.push_back(batch);
    make_ready(group);
  }
  return kNoBatch;
}

// Orders `ids` so that the messages that return to the queue are [result, end): all after a
// function error, timeout or throttle; after failed items only those with a partial batch
// response (facts 2), else all. In a FIFO queue a failed item returns with every later message
// of its group, which keeps the group's order.
std::size_t SqsQueue::returned_from(std::vector<std::uint32_t>& ids, bool whole_batch_failed) {
  if (whole_batch_failed) return 0;
  const QueueConsumerSpec& c = *spec_->consumer;
  if (c.item_failure_probability <= 0) return ids.size();
  item_failed_.clear();
  std::size_t failures = 0;
  std::size_t first_failure = ids.size();
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const bool f = item_rng_.uniform01() < c.item_failure_probability;
    item_failed_.push_back(f ? 1 : 0);
    if (f && failures++ == 0) first_failure = i;
  }
  if (failures == 0) return ids.size();
  if (!c.report_batch_item_failures) return 0;
  if (spec_->fifo) return first_failure;
  // Successes first, failures last, each in their original order.
  reordered_.clear();
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (item_failed_[i] == 0) reordered_.push_back(ids[i]);
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (item_failed_[i] != 0) reordered_.push_back(ids[i]);
  ids.swap(reordered_);
  return ids.size() - failures;
}

void SqsQueue::finish_batch(Time now, std::uint32_t batch, bool failed, bool throttled,
                            EventQueue& events) {
  Batch& b = batches_[batch];
  set_in_flight(now, -1);
  if (throttled) ++batches_throttled_;
  // Which messages return to the queue: all after a function error, timeout or throttle;
  // after failed items, only those with a partial batch response (facts 2), else all. In a FIFO
  // queue a failed item returns with every later message of its group, to keep the order.
  std::vector<std::uint32_t>& ids = b.messages;
  const std::size_t keep_from = returned_from(ids, failed || throttled);
  std::uint64_t done = 0;
  for (std::size_t i = 0; i < keep_from; ++i) {
    ++deleted_;
    ++done;
    free_message(ids[i], now);
  }
  if (done > 0) delete_requests_ += calls_for(done);
  const bool any_returned = keep_from < ids.size();
  if (any_returned && !throttled) ++batches_failed_;
  // Returned messages reappear when the visibility timeout, counted from the receive, ends.
  const Time visible_at = max(b.received + spec_->visibility_timeout, now);
  if (spec_->fifo) {
    Group& g = groups_[b.group];
    for (std::size_t i = ids.size(); i > keep_from; --i)
      g.messages.push_front(ids[i - 1]);
    visible_count_ += ids.size() - keep_from;
    if (any_returned) {
      hide(visible_at, b.group, events);  // the group waits, blocked, in order
    } else {
      g.busy = false;
      make_ready(b.group);
    }
  } else {
    for (std::size_t i = keep_from; i < ids.size(); ++i)
      hide(visible_at, ids[i], events);
  }
  b.live = false;
  free_batches_.push_back(batch);
}

void SqsQueue::hide(Time visible_at, std::uint32_t id, EventQueue& events) {
  hidden_.push_back(Hidden{visible_at, id});
  std::push_heap(hidden_.begin(), hidden_.end(),
                 [](const Hidden& a, const Hidden& b) { return later(a, b); });
  if (visible_at < visible_event_at_) {
    visible_event_at_ = visible_at;
    events.push(visible_at, EventKind::sqs_visible, index_);
  }
}

void SqsQueue::on_visibility_event(Time now, EventQueue& events) {
  const auto cmp = [](const Hidden& a, const Hidden& b) { return later(a, b); };
  while (!hidden_.empty() && hidden_.front().visible_at <= now) {
    std::pop_heap(hidden_.begin(), hidden_.end(), cmp);
    const std::uint32_t id = hidden_.back().id;
    hidden_.pop_back();
    if (spec_->fifo) {
      groups_[id].busy = false;
      make_ready(id);
    } else {
      ++visible_count_;
      visible_.push_back(id);
    }
  }
  // Only the earliest pending event reschedules; later ones find nothing due or more due.
  if (now >= visible_event_at_) {
    visible_event_at_ = Time::never();
    if (!hidden_.empty()) {
      visible_event_at_ = hidden_.front().visible_at;
      events.push(visible_event_at_, EventKind::sqs_visible, index_);
    }
  }
}

void SqsQueue::maybe_schedule_scale(Time now, EventQueue& events) {
  if (scale_pending_ || pollers_ >= poller_cap_) return;
  scale_pending_ = true;
  events.push(now + kScaleInterval, EventKind::sqs_scale, index_);
}

void SqsQueue::on_scale_event(Time now) {
  scale_pending_ = false;
  // Scale up only while messages still wait with every poller busy. Scale-down (AWS: back to
  // 5 when traffic is low) is not modelled: pollers stay at their peak.
  if (backlog() && in_flight_batches_ >= pollers_) {
    set_in_flight(now, 0);  // close the idle-poller integral at the old poller count
    pollers_ = std::min(poller_cap_, pollers_ + scale_step_);
    peak_pollers_ = std::max(peak_pollers_, pollers_);
  }
}

void SqsQueue::set_depth(Time now, std::int64_t delta) {
  depth_integral_ += Integral{static_cast<std::int64_t>(in_queue_)} * (now - depth_since_).us;
  depth_since_ = now;
  in_queue_ = static_cast<std::uint64_t>(static_cast<std::int64_t>(in_queue_) + delta);
  peak_depth_ = std::max(peak_depth_, in_queue_);
}

void SqsQueue::set_in_flight(Time now, std::int64_t delta) {
  const std::int64_t idle = std::max<std::int64_t>(0, pollers_ - in_flight_batches_);
  idle_poller_integral_ += Integral{idle} * (now - pollers_since_).us;
  pollers_since_ = now;
  in_flight_batches_ += delta;
}

std::string SqsQueue::check_invariants() const {
  const auto broken = [this](const std::string& what) {
    return fmt::format("queue {}: {}", spec_->name, what);
  };
  if (sent_ != deleted_ + dead_lettered_ + expired_ + loop_stopped_ + in_queue_) {
    return broken(
        fmt::format("{} sent but {} deleted + {} dead-lettered + {} expired + {} "
                    "loop-stopped + {} in the queue",
                    sent_, deleted_, dead_lettered_, expired_, loop_stopped_, in_queue_));
  }
  if (in_flight_batches_ < 0 || in_flight_batches_ > batch_limit()) {
    return broken(fmt::format("{} batches in flight, limit {}", in_flight_batches_, batch_limit()));
  }
  if (pollers_ > poller_cap_)
    return broken(fmt::format("{} pollers over {}", pollers_, poller_cap_));
  std::uint64_t in_batches = 0;
  for (const Batch& b : batches_) {
    if (b.live) in_batches += b.messages.size();
  }
  std::uint64_t hidden = 0;
  if (spec_->fifo) {
    std::uint64_t queued = 0;
    for (const Group& g : groups_)
      queued += g.messages.size();
    if (queued != visible_count_) {
      return broken(fmt::format("{} messages in groups but {} counted", queued, visible_count_));
    }
  } else {
    hidden = hidden_.size();
    if (visible_.size() != visible_count_) {
      return broken(fmt::format("{} visible but {} counted", visible_.size(), visible_count_));
    }
  }
  if (visible_count_ + hidden + in_batches != in_queue_) {
    return broken(fmt::format("{} visible + {} invisible + {} in batches != {} in the queue",
                              visible_count_, hidden, in_batches, in_queue_));
  }
  return "";
}

QueueResult SqsQueue::result(Time end) const {
  QueueResult r;
  r.name = spec_->name;
  r.fifo = spec_->fifo;
  r.sent = sent_;
  r.received = received_;
  r.deleted = deleted_;
  r.dead_lettered = dead_lettered_;
  r.expired = expired_;
  r.loop_stopped = loop_stopped_;
  r.in_queue_at_end = in_queue_;
  r.batches = batches_started_;
  r.failed_batches = batches_failed_;
  r.throttled_batches = batches_throttled_;
  r.peak_depth = peak_depth_;
  r.peak_pollers = peak_pollers_;
  r.max_age_at_receive = max_age_;
  r.wait = wait_;
  if (end.us > 0) {
    const Integral depth =
        depth_integral_ + Integral{static_cast<std::int64_t>(in_queue_)} * (end - depth_since_).us;
    r.mean_depth = static_cast<double>(depth) / static_cast<double>(end.us);
  }
  if (first_receives_ > 0) {
    r.mean_wait_seconds =
        static_cast<double>(wait_sum_us_) / 1e6 / static_cast<double>(first_receives_);
    r.waited_fraction = static_cast<double>(waited_) / static_cast<double>(first_receives_);
  }
  return r;
}

ResourceUsage SqsQueue::usage(Time end) const {
  const std::int64_t idle = std::max<std::int64_t>(0, pollers_ - in_flight_batches_);
  const Integral idle_us = idle_poller_integral_ + Integral{idle} * (end - pollers_since_).us;
  const auto empty_receives = static_cast<std::uint64_t>(idle_us / kLongPollUs);
  const std::uint64_t requests = send_chunks_ + receive_chunks_ + delete_requests_ + empty_receives;
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "sqs";
  u.meters.push_back(
      Meter{spec_->fifo ? "fifo_requests_64kb" : "requests_64kb", static_cast<double>(requests)});
  return u;
}

}  // namespace slsim
