#include "slsim/services/eventbridge.hpp"

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <vector>

namespace slsim {

namespace {

constexpr int kFirstYear = 1970;
constexpr int kLastYear = 2199;
// Simulated time 0: 2025-01-01T00:00:00Z.
constexpr std::int64_t kEpochDays = 20'089;  // days from 1970-01-01 to 2025-01-01
constexpr std::int64_t kMinuteUs = 60'000'000;
constexpr std::int64_t kSearchMinutes = 10LL * 366 * 24 * 60;

const char* const kMonthNames[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                   "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
const char* const kDayNames[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

bool parse_value(const std::string& text, int lo, const char* const* names, int count, int& out) {
  if (names != nullptr) {
    for (int i = 0; i < count; ++i) {
      if (text == names[i]) {
        out = lo + i;
        return true;
      }
    }
  }
  if (text.empty() || text.size() > 4) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  out = std::atoi(text.c_str());
  return true;
}

// One cron field: '*', '?', values, ranges a-b, steps x/n, lists; sets bits lo..hi of `bits`.
bool parse_field(const std::string& field, int lo, int hi, const char* const* names, int count,
                 std::vector<bool>& bits, bool& any, std::string& error) {
  bits.assign(static_cast<std::size_t>(hi) + 1, false);
  any = field == "*" || field == "?";
  std::stringstream items(field);
  std::string item;
  while (std::getline(items, item, ',')) {
    int step = 1;
    if (const auto slash = item.find('/'); slash != std::string::npos) {
      if (!parse_value(item.substr(slash + 1), 0, nullptr, 0, step) || step < 1) {
        error = "a bad step in '" + field + "'";
        return false;
      }
      item = item.substr(0, slash);
      any = false;
    }
    int from = lo;
    int to = hi;
    if (item != "*" && item != "?") {
      const auto dash = item.find('-');
      if (!parse_value(item.substr(0, dash), lo, names, count, from)) {
        error = "'" + field + "' (supported: *, ?, numbers, names, a-b, x/n, lists)";
        return false;
      }
      to = from;
      if (dash != std::string::npos && !parse_value(item.substr(dash + 1), lo, names, count, to)) {
        error = "a bad range in '" + field + "'";
        return false;
      }
      if (dash == std::string::npos && step > 1) to = hi;
    }
    if (from < lo || to > hi || from > to) {
      error = "'" + field + "' is outside " + std::to_string(lo) + ".." + std::to_string(hi);
      return false;
    }
    for (int v = from; v <= to; v += step)
      bits[static_cast<std::size_t>(v)] = true;
  }
  return true;
}

template <typename Bits>
Bits to_mask(const std::vector<bool>& bits) {
  Bits mask = 0;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    if (bits[i]) mask |= static_cast<Bits>(Bits{1} << i);
  }
  return mask;
}

std::optional<Schedule> parse_rate(const std::string& body, std::string& error) {
  std::stringstream in(body);
  std::int64_t n = 0;
  std::string unit;
  if (!(in >> n >> unit) || n < 1 || !in.eof()) {
    error = "rate(N unit) with N >= 1";
    return std::nullopt;
  }
  // EventBridge wants the singular for 1 and the plural otherwise.
  const bool one = n == 1;
  Schedule s;
  if (unit == (one ? "minute" : "minutes")) {
    s.rate = Duration::minutes(n);
  } else if (unit == (one ? "hour" : "hours")) {
    s.rate = Duration::hours(n);
  } else if (unit == (one ? "day" : "days")) {
    s.rate = Duration::hours(24 * n);
  } else {
    error = one ? "a unit of minute, hour or day (singular for 1)"
                : "a unit of minutes, hours or days (plural above 1)";
    return std::nullopt;
  }
  return s;
}

std::optional<Schedule> parse_cron(const std::string& body, std::string& error) {
  std::stringstream in(body);
  std::vector<std::string> fields;
  for (std::string f; in >> f;)
    fields.push_back(f);
  if (fields.size() != 6) {
    error = "6 fields: minutes hours day-of-month month day-of-week year";
    return std::nullopt;
  }
  Schedule s;
  std::vector<bool> bits;
  bool any = false;
  if (!parse_field(fields[0], 0, 59, nullptr, 0, bits, any, error)) return std::nullopt;
  s.minutes = to_mask<std::uint64_t>(bits);
  if (!parse_field(fields[1], 0, 23, nullptr, 0, bits, any, error)) return std::nullopt;
  s.hours = to_mask<std::uint32_t>(bits);
  if (!parse_field(fields[2], 1, 31, nullptr, 0, bits, s.any_day_of_month, error)) {
    return std::nullopt;
  }
  s.days_of_month = to_mask<std::uint32_t>(bits);
  if (!parse_field(fields[3], 1, 12, kMonthNames, 12, bits, any, error)) return std::nullopt;
  s.months = to_mask<std::uint16_t>(bits);
  if (!parse_field(fields[4], 1, 7, kDayNames, 7, bits, s.any_day_of_week, error)) {
    return std::nullopt;
  }
  s.days_of_week = to_mask<std::uint8_t>(bits);
  // EventBridge: one of day-of-month and day-of-week must be '?'.
  if ((fields[2] == "?") == (fields[4] == "?")) {
    error = "a cron expression with '?' in exactly one of day-of-month and day-of-week";
    return std::nullopt;
  }
  if (!parse_field(fields[5], kFirstYear, kLastYear, nullptr, 0, bits, any, error)) {
    return std::nullopt;
  }
  for (int y = kFirstYear; y <= kLastYear; ++y)
    s.years[static_cast<std::size_t>(y - kFirstYear)] = bits[static_cast<std::size_t>(y)];
  return s;
}

bool day_matches(const Schedule& s, std::int64_t day) {  // days since 1970-01-01
  using namespace std::chrono;
  const year_month_day ymd{sys_days{days{day}}};
  const int year = static_cast<int>(ymd.year());
  if (year < kFirstYear || year > kLastYear ||
      !s.years[static_cast<std::size_t>(year - kFirstYear)]) {
    return false;
  }
  if ((s.months >> static_cast<unsigned>(ymd.month()) & 1U) == 0) return false;
  if (!s.any_day_of_month && (s.days_of_month >> static_cast<unsigned>(ymd.day()) & 1U) == 0) {
    return false;
  }
  const unsigned dow = weekday{sys_days{days{day}}}.c_encoding() + 1;  // 1 = Sunday
  return s.any_day_of_week || (s.days_of_week >> dow & 1U) != 0;
}

}  // namespace

std::optional<Schedule> parse_schedule(const std::string& text, std::string& error) {
  const auto body = [&text](std::size_t prefix) {
    return text.substr(prefix, text.size() - prefix - 1);
  };
  if (text.size() > 6 && text.rfind("rate(", 0) == 0 && text.back() == ')') {
    return parse_rate(body(5), error);
  }
  if (text.size() > 6 && text.rfind("cron(", 0) == 0 && text.back() == ')') {
    return parse_cron(body(5), error);
  }
  error = "rate(...) or cron(...)";
  return std::nullopt;
}

Time next_fire(const Schedule& s, Time after) {
  if (s.rate.us > 0) return Time{(after.us / s.rate.us + 1) * s.rate.us};
  // Strictly after, on a whole minute (floor division: `after` may be -1 for "from 0").
  const std::int64_t floor_minute =
      after.us >= 0 ? after.us / kMinuteUs : -((-after.us + kMinuteUs - 1) / kMinuteUs);
  std::int64_t minute = floor_minute + 1;
  const std::int64_t limit = minute + kSearchMinutes;
  while (minute < limit) {
    const std::int64_t day = kEpochDays + minute / 1440;
    if (!day_matches(s, day)) {
      minute = (minute / 1440 + 1) * 1440;
      continue;
    }
    const std::int64_t hour = minute % 1440 / 60;
    if ((s.hours >> hour & 1U) == 0) {
      minute = (minute / 60 + 1) * 60;
      continue;
    }
    if ((s.minutes >> (minute % 60) & 1U) == 0) {
      ++minute;
      continue;
    }
    return Time{minute * kMinuteUs};
  }
  return Time::never();
}

}  // namespace slsim
