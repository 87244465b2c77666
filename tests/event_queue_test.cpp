// The future event set: (time, sequence) order, FIFO among equal times, against a sorted
// reference under random pushes and interleaved pops.

#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "slsim/event_queue.hpp"
#include "slsim/random.hpp"

using namespace slsim;

namespace {

bool before(const Event& a, const Event& b) {
  return a.time.us < b.time.us || (a.time.us == b.time.us && a.sequence() < b.sequence());
}

}  // namespace

TEST_CASE("EventQueue: equal times pop in FIFO order", "[event_queue]") {
  EventQueue q;
  for (std::uint32_t i = 0; i < 100; ++i) {
    q.push(Time{5}, EventKind::request_invoke, i, i * 2);
  }
  for (std::uint32_t i = 0; i < 100; ++i) {
    const Event e = q.pop();
    REQUIRE(e.target == i);
    REQUIRE(e.payload == i * 2);
    REQUIRE(e.sequence() == i);
    REQUIRE(e.kind() == EventKind::request_invoke);
  }
  CHECK(q.empty());
}

TEST_CASE("EventQueue: push assigns sequence numbers and top is the earliest", "[event_queue]") {
  EventQueue q;
  CHECK(q.empty());
  q.push(Time{30}, EventKind::env_expiry, 1);
  q.push(Time{10}, EventKind::source_arrival, 2);
  q.push(Time{20}, EventKind::invocation_end, 3, 7);
  CHECK(q.size() == 3);
  CHECK(q.pushed() == 3);
  CHECK(q.top().time == Time{10});
  CHECK(q.top().sequence() == 1);
  CHECK(q.pop().target == 2);
  CHECK(q.pop().target == 3);
  CHECK(q.pop().target == 1);
  CHECK(q.empty());
  CHECK(q.pushed() == 3);  // a count of pushes, not of pending events
}

TEST_CASE("EventQueue: random pushes pop in the order of a stable sort", "[event_queue]") {
  Rng rng(31);
  EventQueue q;
  std::vector<Event> reference;
  for (std::uint32_t i = 0; i < 20'000; ++i) {
    // Few distinct times, so ties are common and FIFO order is exercised throughout.
    const Time t{static_cast<std::int64_t>(rng.below(500))};
    q.push(t, EventKind::request_retry, i, i);
    reference.push_back(
        Event{t, (std::uint64_t{i} << 8) | std::uint64_t(EventKind::request_retry), i, i});
  }
  std::stable_sort(reference.begin(), reference.end(),
                   [](const Event& a, const Event& b) { return a.time < b.time; });
  for (const Event& expected : reference) {
    const Event e = q.pop();
    REQUIRE(e.time == expected.time);
    REQUIRE(e.sequence() == expected.sequence());
    REQUIRE(e.target == expected.target);
  }
  CHECK(q.empty());
}

TEST_CASE("EventQueue: interleaved pushes and pops match a sorted reference", "[event_queue]") {
  // As in a run: each pop may schedule events at or after the popped time.
  Rng rng(32);
  EventQueue q;
  std::vector<Event> pending;  // the reference: pop its minimum by (time, sequence)
  std::uint64_t sequence = 0;
  Time now{0};
  const auto push = [&](Time t) {
    const auto id = static_cast<std::uint32_t>(sequence);
    q.push(t, EventKind::async_attempt, id, id);
    pending.push_back(
        Event{t, (sequence++ << 8) | std::uint64_t(EventKind::async_attempt), id, id});
  };
  for (int i = 0; i < 100; ++i) {
    push(Time{static_cast<std::int64_t>(rng.below(1000))});
  }
  for (int step = 0; step < 50'000 && !pending.empty(); ++step) {
    const auto expected = std::min_element(pending.begin(), pending.end(), before);
    const Event e = q.pop();
    REQUIRE(e.time == expected->time);
    REQUIRE(e.sequence() == expected->sequence());
    REQUIRE(e.time >= now);
    now = e.time;
    pending.erase(expected);
    const auto children = rng.below(3);  // 0, 1 or 2: the queue grows and shrinks
    for (std::uint64_t c = 0; c < children; ++c) {
      push(now + Duration{static_cast<std::int64_t>(rng.below(100))});
    }
  }
  CHECK(q.size() == pending.size());
}
