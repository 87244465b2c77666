#include "slsim/services/s3.hpp"

#include <fmt/format.h>

namespace slsim {

namespace {

// The notification's own size: S3 event records are about a kilobyte of JSON.
constexpr std::uint32_t kEventRecordBytes = 1024;

}  // namespace

S3Bucket::S3Bucket(const S3BucketSpec& spec, std::uint32_t index, std::uint64_t seed)
    : spec_(&spec), index_(index), delay_rng_(Rng::stream(seed, "bucket", spec.name, "delay")) {}

void S3Bucket::put(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
                   EventQueue& events) {
  ++puts_;
  notify(now, notifications, hops, events);
}

void S3Bucket::remove(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
                      EventQueue& events) {
  ++deletes_;
  notify(now, notifications, hops, events);
}

void S3Bucket::notify(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
                      EventQueue& events) {
  for (const std::uint32_t n : notifications) {
    const NotificationSpec& spec = spec_->notifications[n];
    const std::uint32_t id =
        pending_.add(S3Delivery{spec.target_kind, spec.target_index, kEventRecordBytes, hops});
    ++scheduled_;
    events.push(saturating_add(now, spec_->delivery_delay.sample(delay_rng_)), EventKind::s3_notify,
                index_, id);
  }
}

S3Delivery S3Bucket::take(std::uint32_t id) {
  pending_.free(id);
  ++delivered_;
  return pending_[id];
}

std::string S3Bucket::check_invariants() const {
  const std::uint64_t pending = pending_.live();
  if (scheduled_ != delivered_ + pending) {
    return fmt::format("bucket {}: {} notifications scheduled but {} delivered + {} pending",
                       spec_->name, scheduled_, delivered_, pending);
  }
  return "";
}

BucketResult S3Bucket::result() const {
  BucketResult r;
  r.name = spec_->name;
  r.puts = puts_;
  r.gets = gets_;
  r.deletes = deletes_;
  r.notifications = scheduled_;
  r.delivered = delivered_;
  r.pending_at_end = scheduled_ - delivered_;
  return r;
}

// facts 5: tier 1 = PUT/COPY/POST/LIST, tier 2 = GET and the rest; DELETE requests are free
// (S3 pricing page: "DELETE and CANCEL requests are free").
ResourceUsage S3Bucket::usage() const {
  ResourceUsage u;
  u.resource = spec_->name;
  u.type = "s3";
  u.meters.push_back(Meter{"put_requests", static_cast<double>(puts_)});
  u.meters.push_back(Meter{"get_requests", static_cast<double>(gets_)});
  return u;
}

}  // namespace slsim
