#pragma once
// An EventBridge event bus with rules (facts 8): each event put on the bus is matched by every
// rule with the rule's probability (its event pattern), and each match goes to all of the
// rule's targets: an async invoke of a function, a message to a queue, a publish to a topic, a
// state machine's execution. The bus decides which rules match; the simulation delivers.
// Billing: custom events in 64 KB chunks (meter custom_events_64kb).

#include <cstdint>
#include <vector>

#include "slsim/random.hpp"
#include "slsim/results.hpp"
#include "slsim/scenario.hpp"
#include "slsim/usage.hpp"

namespace slsim {

class EventBus {
 public:
  EventBus(const EventBusSpec& spec, std::uint64_t seed);

  // A PutEvents of one event of `bytes`: fills matched() with the indices of the rules it
  // matches.
  void put(std::uint32_t bytes);
  const std::vector<std::uint32_t>& matched() const { return matched_; }
  const EventBusSpec& spec() const { return *spec_; }

  EventBusResult result() const;
  ResourceUsage usage() const;

 private:
  const EventBusSpec* spec_;
  Rng match_rng_;
  std::vector<std::uint32_t> matched_;
  std::vector<std::uint64_t> rule_matches_;
  std::uint64_t events_ = 0, chunks_ = 0, deliveries_ = 0;
};

}  // namespace slsim
