#pragma once
// EventBridge schedules (facts 8): `rate(N minute|minutes|hour|hours|day|days)` and the 6-field
// `cron(minutes hours day-of-month month day-of-week year)` of EventBridge, in UTC, at most once
// a minute. Simulated time 0 is 2025-01-01T00:00:00Z (a Wednesday), so cron expressions have a
// calendar. Each firing invokes every target asynchronously (a function) or sends it a message
// (a queue). Parsing is done at load time (parse_schedule); next_fire() allocates nothing.

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>

#include "slsim/time.hpp"

namespace slsim {

struct Schedule {
  Duration rate{0};  // > 0 for rate(...)
  // cron(...): allowed values as bit sets (day of week 1 = Sunday .. 7 = Saturday, as AWS).
  std::uint64_t minutes = 0;
  std::uint32_t hours = 0;
  std::uint32_t days_of_month = 0;  // bits 1..31
  std::uint16_t months = 0;         // bits 1..12
  std::uint8_t days_of_week = 0;    // bits 1..7
  bool any_day_of_month = false;    // '?' or '*'
  bool any_day_of_week = false;
  std::bitset<230> years;  // 1970 .. 2199
};

// Parses a schedule expression; on error returns nullopt and sets `error` to what is wrong.
std::optional<Schedule> parse_schedule(const std::string& text, std::string& error);

// The first firing strictly after `after` (rate: multiples of the rate from time 0), or
// Time::never() if there is none within 10 years.
Time next_fire(const Schedule& schedule, Time after);

}  // namespace slsim
