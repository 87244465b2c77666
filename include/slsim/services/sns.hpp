#pragma once
// An SNS topic (facts 4): every publish fans out to all subscriptions whose filter policy
// accepts it, modelled as a match probability per subscription. Deliveries to Lambda are
// asynchronous invokes (facts 1.4 applies once Lambda has accepted them); when Lambda refuses
// one, SNS retries it by its delivery policy for AWS-managed endpoints (retry_delay below).
// SQS deliveries are immediate; HTTP/S endpoints are sinks that are only counted (and billed).
// The topic decides which subscriptions a publish reaches; the simulation delivers.

#include <cstdint>
#include <optional>
#include <vector>

#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/usage.hpp"

namespace slsim {

class SnsTopic {
 public:
  SnsTopic(const TopicSpec& spec, std::uint64_t seed);

  // A publish of `bytes`: fills matched() with the indices of the subscriptions it reaches.
  void publish(std::uint32_t bytes);
  const std::vector<std::uint32_t>& matched() const { return matched_; }
  const TopicSpec& spec() const { return *spec_; }

  // The delay before delivery retry number `retry` (1-based) to Lambda or SQS, or nullopt once
  // the policy is exhausted: 3 immediate retries, 2 one second apart, 10 with exponential
  // backoff from 1 s to 20 s, then 100,000 every 20 s: 100,015 retries over ~23 days (facts 4).
  static std::optional<Duration> retry_delay(std::uint32_t retry);

  TopicResult result() const;
  ResourceUsage usage() const;

 private:
  const TopicSpec* spec_;
  Rng filter_rng_;
  std::vector<std::uint32_t> matched_;
  std::uint64_t published_ = 0, publish_chunks_ = 0;
  std::uint64_t deliveries_ = 0, filtered_out_ = 0, http_deliveries_ = 0;
};

}  // namespace slsim
