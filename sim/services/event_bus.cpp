#include "slsim/services/event_bus.hpp"

#include <algorithm>

namespace slsim {

namespace {

// facts 8: custom events are billed per 64 KB chunk.
constexpr std::uint64_t kChunkBytes = 64ULL * 1024;

}  // namespace

EventBus::EventBus(const EventBusSpec& spec, std::uint64_t seed)
    : spec_(&spec),
      match_rng_(Rng::stream(seed, "bus", spec.name, "match")),
      rule_matches_(spec.rules.size(), 0) {
  matched_.reserve(spec.rules.size());
}

void EventBus::put(std::uint32_t bytes) {
  ++events_;
  chunks_ += std::max<std::uint64_t>(1, (bytes + kChunkBytes - 1) / kChunkBytes);
  matched_.clear();
  for (std::uint32_t i = 0; i < spec_->rules.size(); ++i) {
    const EventRuleSpec& rule = spec_->rules[i];
    // A draw only for a partial match, so rules matching everything leave the stream alone.
    if (rule.match < 1 && !(match_rng_.uniform01() < rule.match)) continue;
    ++rule_matches_[i];
    deliveries_ += rule.targets.size();
    matched_.push_back(i);
  }
}

EventBusResult EventBus::result() const {
  return EventBusResult{spec_->name, events_, rule_matches_, deliveries_};
}

ResourceUsage EventBus::usage() const {
  return ResourceUsage{
      spec_->name, "eventbridge", {Meter{"custom_events_64kb", static_cast<double>(chunks_)}}};
}

}  // namespace slsim
