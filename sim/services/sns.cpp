#include "slsim/services/sns.hpp"

#include <algorithm>

namespace slsim {

namespace {

// facts 4: each 64 KB chunk of a publish is billed as one request.
constexpr std::uint64_t kChunkBytes = 64ULL * 1024;

// facts 4: the delivery policy for AWS-managed endpoints (Lambda, SQS).
constexpr std::uint32_t kImmediateRetries = 3;
constexpr std::uint32_t kPreBackoffRetries = 2;
constexpr std::uint32_t kBackoffRetries = 10;
constexpr std::uint32_t kPostBackoffRetries = 100'000;
constexpr Duration kPreBackoffDelay = Duration::seconds(1);
constexpr Duration kMinBackoff = Duration::seconds(1);
constexpr Duration kMaxBackoff = Duration::seconds(20);

}  // namespace

SnsTopic::SnsTopic(const TopicSpec& spec, std::uint64_t seed)
    : spec_(&spec), filter_rng_(Rng::stream(seed, "topic", spec.name, "filter")) {
  matched_.reserve(spec.subscriptions.size());
}

void SnsTopic::publish(std::uint32_t bytes) {
  ++published_;
  publish_chunks_ += std::max<std::uint64_t>(1, (bytes + kChunkBytes - 1) / kChunkBytes);
  matched_.clear();
  for (std::uint32_t i = 0; i < spec_->subscriptions.size(); ++i) {
    const SubscriptionSpec& sub = spec_->subscriptions[i];
    // A draw only for a real filter, so unfiltered subscriptions leave the stream alone.
    if (sub.filter_match < 1 && !(filter_rng_.uniform01() < sub.filter_match)) {
      ++filtered_out_;
      continue;
    }
    ++deliveries_;
    if (sub.protocol == Protocol::http) ++http_deliveries_;
    matched_.push_back(i);
  }
}

std::optional<Duration> SnsTopic::retry_delay(std::uint32_t retry) {
  if (retry <= kImmediateRetries) return Duration{0};
  if (retry <= kImmediateRetries + kPreBackoffRetries) return kPreBackoffDelay;
  const std::uint32_t backoff_end = kImmediateRetries + kPreBackoffRetries + kBackoffRetries;
  if (retry <= backoff_end) {
    const std::uint32_t step = retry - (kImmediateRetries + kPreBackoffRetries) - 1;  // 0..9
    return Duration{std::min(kMaxBackoff.us, kMinBackoff.us << step)};
  }
  if (retry <= backoff_end + kPostBackoffRetries) return kMaxBackoff;
  return std::nullopt;
}

TopicResult SnsTopic::result() const {
  TopicResult r;
  r.name = spec_->name;
  r.published = published_;
  r.deliveries = deliveries_;
  r.filtered_out = filtered_out_;
  r.http_deliveries = http_deliveries_;
  return r;
}

ResourceUsage SnsTopic::usage() const {
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "sns";
  u.meters.push_back(Meter{"publishes_64kb", static_cast<double>(publish_chunks_)});
  u.meters.push_back(Meter{"http_deliveries", static_cast<double>(http_deliveries_)});
  return u;
}

}  // namespace slsim
