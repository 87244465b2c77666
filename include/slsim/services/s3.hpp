#pragma once
// An S3 bucket (facts 5): object requests are counted by pricing tier, and object events whose
// key matches a notification's prefix and suffix (matched once at load time) are delivered to
// a function (async invoke), a queue or a topic after a drawn delivery delay ("typically in
// seconds, sometimes a minute or longer"). Pending deliveries live in a pool of records indexed
// by uint32; the s3_notify event carries the record's id. Every notification scheduled is
// delivered or still pending at the end (check_invariants).

#include <cstdint>
#include <string>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/slot_pool.hpp"
#include "slsim/usage.hpp"

namespace slsim {

// A notification on its way to its target.
struct S3Delivery {
  TargetKind kind = TargetKind::function;
  std::uint32_t target = 0;
  std::uint32_t bytes = 0;  // the event's size (the object's metadata, not its body)
  std::uint8_t hops = 0;    // invocations so far in its chain (recursive loop detection)
};

class S3Bucket {
 public:
  S3Bucket(const S3BucketSpec& spec, std::uint32_t index, std::uint64_t seed);

  // PutObject (tier 1) or DeleteObject (free) of an object whose key matched `notifications`
  // (indices into the spec's notifications): schedules their deliveries.
  void put(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
           EventQueue& events);
  void remove(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
              EventQueue& events);
  void get() { ++gets_; }  // GetObject (tier 2)

  // The s3_notify event of delivery `id`: returns it and frees its record.
  S3Delivery take(std::uint32_t id);

  std::uint64_t pending() const { return pending_.live(); }
  std::string check_invariants() const;
  BucketResult result() const;
  ResourceUsage usage() const;

 private:
  void notify(Time now, const std::vector<std::uint32_t>& notifications, std::uint8_t hops,
              EventQueue& events);

  const S3BucketSpec* spec_;
  std::uint32_t index_;
  Rng delay_rng_;
  SlotPool<S3Delivery> pending_;
  std::uint64_t puts_ = 0, gets_ = 0, deletes_ = 0;
  std::uint64_t scheduled_ = 0, delivered_ = 0;
};

}  // namespace slsim
