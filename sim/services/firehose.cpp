#include "slsim/services/firehose.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "slsim/sdk_retry.hpp"

namespace slsim {

namespace {

constexpr std::int64_t kScale = 1'000'000;
constexpr std::int64_t kMiB = std::int64_t{1024} * 1024;
// Firehose developer guide, "Quota" (Direct PUT, per stream, PutRecord and PutRecordBatch
// combined).
constexpr std::array<const char*, 3> kLargeQuotaRegions = {"us-east-1", "us-west-2", "eu-west-1"};
constexpr FirehoseQuota kLargeQuota{500'000, 2'000, 5 * kMiB};
constexpr FirehoseQuota kSmallQuota{100'000, 1'000, 1 * kMiB};
// Firehose pricing: ingestion is billed in 5 KB steps per record (KB = 1,024 bytes, GB = 2^30).
constexpr std::uint64_t kBillingStepBytes = 5ULL * 1024;
constexpr double kBytesPerGigabyte = 1024.0 * 1024.0 * 1024.0;

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
  return (a + b - 1) / b;
}

}  // namespace

FirehoseQuota firehose_quota(const std::string& region, std::int64_t quota_mib_per_second) {
  const bool large = std::find(kLargeQuotaRegions.begin(), kLargeQuotaRegions.end(), region) !=
                     kLargeQuotaRegions.end();
  const FirehoseQuota base = large ? kLargeQuota : kSmallQuota;
  if (quota_mib_per_second <= 0) return base;
  // "The three quota scale proportionally" (developer guide, "Quota").
  const std::int64_t base_mib = base.bytes / kMiB;
  return FirehoseQuota{base.records * quota_mib_per_second / base_mib,
                       base.requests * quota_mib_per_second / base_mib,
                       quota_mib_per_second * kMiB};
}

FirehoseStream::FirehoseStream(const FirehoseSpec& spec, std::uint32_t index,
                               const std::string& region, std::uint64_t seed)
    : spec_(&spec),
      index_(index),
      retry_rng_(Rng::stream(seed, "firehose", spec.name, "sdk_retries")) {
  const FirehoseQuota quota = firehose_quota(region, spec.quota_mib_per_second);
  records_ = Capacity{quota.records * kScale, quota.records};
  requests_ = Capacity{quota.requests * kScale, quota.requests};
  bytes_ = Capacity{quota.bytes * kScale, quota.bytes};
  result_.name = spec.name;
  result_.destination = spec.destination;
}

void FirehoseStream::refill(Time now) {
  if (now <= last_) return;
  // 128-bit: a rate per us times a long idle gap overflows 64 bits.
  __extension__ using Wide = __int128;
  const Wide dt = (now - last_).us;
  for (Capacity* c : {&records_, &requests_, &bytes_}) {
    c->tokens =
        static_cast<std::int64_t>(std::min<Wide>(Wide{c->rate} * kScale, c->tokens + dt * c->rate));
  }
  last_ = now;
}

FirehosePut FirehoseStream::put(Time now, std::uint32_t records, std::uint32_t bytes) {
  refill(now);
  const std::int64_t need_records = std::int64_t{records} * kScale;
  const std::int64_t need_bytes = std::int64_t{records} * bytes * kScale;
  // When the stream will hold enough of all three (0: now).
  const std::int64_t wait_us =
      std::max({std::int64_t{0}, ceil_div(need_records - records_.tokens, records_.rate),
                ceil_div(kScale - requests_.tokens, requests_.rate),
                ceil_div(need_bytes - bytes_.tokens, bytes_.rate)});
  const SdkRetries retries = standard_retries(Duration{wait_us}, retry_rng_);
  ++result_.requests;
  result_.put_attempts += retries.attempts;
  result_.throttled_attempts += retries.refused();
  if (retries.failed) {
    ++result_.failed_requests;
    result_.failed_records += records;
    return FirehosePut{retries.waited, true};
  }
  records_.tokens -= need_records;  // may go below zero: capacity reserved ahead
  requests_.tokens -= kScale;
  bytes_.tokens -= need_bytes;
  count_ingested(records, bytes);
  return FirehosePut{retries.waited, false};
}

void FirehoseStream::count_ingested(std::uint32_t records, std::uint32_t bytes) {
  result_.records_in += records;
  result_.bytes_in += std::uint64_t{records} * bytes;
  billed_5kb_units_ +=
      std::uint64_t{records} *
      std::max<std::uint64_t>(1, (bytes + kBillingStepBytes - 1) / kBillingStepBytes);
}

void FirehoseRecords::merge(const FirehoseRecords& other) {
  if (other.records == 0) return;
  if (records == 0 || other.first < first) first = other.first;
  records += other.records;
  bytes += other.bytes;
  arrival_sum_us += other.arrival_sum_us;
}

void FirehoseStream::read_from_stream(Time landed, std::uint32_t bytes, EventQueue& events) {
  constexpr std::int64_t kPollUs = 1'000'000;
  count_ingested(1, bytes);
  append_at(Time{(landed.us + kPollUs - 1) / kPollUs * kPollUs}, 1, bytes, events);
}

void FirehoseStream::append_at(Time at, std::uint32_t records, std::uint32_t bytes,
                               EventQueue& events) {
  const std::uint32_t id = held_.add(Held{records, bytes});
  held_records_ += records;
  events.push(at, EventKind::firehose_append, index_, id);
}

FirehoseDue FirehoseStream::on_append_event(Time now, std::uint32_t held, EventQueue& events) {
  const Held h = held_[held];
  held_.free(held);
  held_records_ -= h.records;
  const FirehoseRecords arrived{h.records, std::uint64_t{h.records} * h.bytes, now,
                                static_cast<double>(h.records) * static_cast<double>(now.us)};
  if (spec_->transform) {
    const FirehoseTransformSpec& t = *spec_->transform;
    return add(transform_buffer_, arrived, now, t.buffer_size, t.buffer_interval,
               EventKind::firehose_transform_flush, events)
               ? FirehoseDue::transform
               : FirehoseDue::nothing;
  }
  return add(delivery_, arrived, now, spec_->buffer_size, spec_->buffer_interval,
             EventKind::firehose_flush, events)
             ? FirehoseDue::deliver
             : FirehoseDue::nothing;
}

bool FirehoseStream::add(Buffer& buffer, const FirehoseRecords& records, Time now,
                         std::int64_t size, Duration interval, EventKind flush,
                         EventQueue& events) const {
  if (buffer.content.records == 0) {
    buffer.opened = now;
    ++buffer.generation;
    events.push(now + interval, flush, index_, buffer.generation);
  }
  buffer.content.merge(records);
  return buffer.content.bytes >= static_cast<std::uint64_t>(size);
}

void FirehoseStream::deliver(Time now, bool by_size) {
  const FirehoseRecords& c = delivery_.content;
  ++result_.objects;
  ++(by_size ? result_.objects_by_size : result_.objects_by_interval);
  result_.records_delivered += c.records;
  result_.bytes_delivered += c.bytes;
  result_.object_delay.record((now - c.first).us);
  delay_sum_us_ += static_cast<double>(c.records) * static_cast<double>(now.us) - c.arrival_sum_us;
  delivery_.content = FirehoseRecords{};
}

std::uint32_t FirehoseStream::take_transform_batch() {
  const std::uint32_t id = batches_.add(Batch{transform_buffer_.content, 0});
  in_transform_records_ += transform_buffer_.content.records;
  transform_buffer_.content = FirehoseRecords{};
  ++result_.transform_batches;
  return id;
}

bool FirehoseStream::transform_failed(std::uint32_t batch, Time /*now*/) {
  Batch& b = batches_[batch];
  ++result_.transform_failures;
  if (b.failures++ < spec_->transform->retries) {
    ++result_.transform_retries;
    return true;
  }
  in_transform_records_ -= b.content.records;
  result_.records_failed_processing += b.content.records;
  ++result_.failed_objects;
  batches_.free(batch);
  return false;
}

// Firehose does not document the delay before it retries a transformation invocation.
Duration FirehoseStream::transform_retry_delay() {
  return Duration::seconds(1);
}

FirehoseDue FirehoseStream::transformed(std::uint32_t batch, Time now, EventQueue& events) {
  FirehoseRecords out = batches_[batch].content;
  batches_.free(batch);
  in_transform_records_ -= out.records;
  out.bytes = static_cast<std::uint64_t>(
      std::llround(static_cast<double>(out.bytes) * spec_->transform->output_ratio));
  return add(delivery_, out, now, spec_->buffer_size, spec_->buffer_interval,
             EventKind::firehose_flush, events)
             ? FirehoseDue::deliver
             : FirehoseDue::nothing;
}

std::string FirehoseStream::check_invariants() const {
  const std::uint64_t accounted =
      result_.records_delivered + result_.records_failed_processing + pending_records();
  if (result_.records_in != accounted) {
    return fmt::format(
        "firehose {}: {} records accepted but {} delivered + {} failed processing + {} pending",
        spec_->name, result_.records_in, result_.records_delivered,
        result_.records_failed_processing, pending_records());
  }
  if (held_.live() > held_records_ || batches_.live() > in_transform_records_) {
    return fmt::format("firehose {}: {} puts held for {} records, {} batches for {} records",
                       spec_->name, held_.live(), held_records_, batches_.live(),
                       in_transform_records_);
  }
  return "";
}

FirehoseResult FirehoseStream::result() const {
  FirehoseResult r = result_;
  r.records_pending_at_end = pending_records();
  if (r.records_delivered > 0) {
    r.mean_record_delay_us = delay_sum_us_ / static_cast<double>(r.records_delivered);
  }
  return r;
}

ResourceUsage FirehoseStream::usage() const {
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "firehose";
  u.meters.push_back(Meter{"ingested_gb", static_cast<double>(billed_5kb_units_) *
                                              static_cast<double>(kBillingStepBytes) /
                                              kBytesPerGigabyte});
  return u;
}

}  // namespace slsim
