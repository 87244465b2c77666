// EventBridge schedule expressions as slsim rates (schedule_expression.hpp).

#include "slsim/import/schedule_expression.hpp"

#include <charconv>
#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace slsim::import {

namespace {

std::optional<int> number(const std::string& s) {
  int value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

// How many values of [lo, hi] one cron field selects: *, a, a-b, */n, a/n, a-b/n, lists.
std::optional<int> count_field(const std::string& field, int lo, int hi) {
  int total = 0;
  std::stringstream parts(field);
  std::string part;
  while (std::getline(parts, part, ',')) {
    int step = 1;
    if (const auto slash = part.find('/'); slash != std::string::npos) {
      const auto parsed = number(part.substr(slash + 1));
      if (!parsed || *parsed <= 0) return std::nullopt;
      step = *parsed;
      part = part.substr(0, slash);
    }
    int first = lo;
    int last = hi;
    if (part != "*" && part != "?") {
      const auto dash = part.find('-');
      const auto a = number(part.substr(0, dash));
      if (!a) return std::nullopt;
      first = *a;
      last = *a;
      if (dash != std::string::npos) {
        const auto b = number(part.substr(dash + 1));
        if (!b) return std::nullopt;
        last = *b;
      } else if (step > 1) {
        last = hi;  // a/n: from a to the end
      }
    }
    if (first < lo || last > hi || first > last) return std::nullopt;
    total += (last - first) / step + 1;
  }
  return total;
}

bool unrestricted(const std::string& field) {
  return field == "*" || field == "?";
}

std::optional<ScheduleRate> from_rate(const std::string& body) {
  std::stringstream in(body);
  std::string value_text;
  std::string unit;
  in >> value_text >> unit;
  const auto value = number(value_text);
  if (!value || *value <= 0) return std::nullopt;
  std::string suffix;
  if (unit == "minute" || unit == "minutes") suffix = "m";
  if (unit == "hour" || unit == "hours") suffix = "h";
  if (unit == "day" || unit == "days") suffix = "d";
  if (suffix.empty()) return std::nullopt;
  return ScheduleRate{fmt::format("1/{}{}", *value, suffix), false};
}

std::optional<ScheduleRate> from_cron(const std::string& body) {
  std::stringstream in(body);
  std::vector<std::string> fields;
  for (std::string field; in >> field;)
    fields.push_back(field);
  if (fields.size() != 6) return std::nullopt;
  const auto minutes = count_field(fields[0], 0, 59);
  const auto hours = count_field(fields[1], 0, 23);
  if (!minutes || !hours) return std::nullopt;
  const bool approximate = !unrestricted(fields[2]) || !unrestricted(fields[3]) ||
                           !unrestricted(fields[4]) || !unrestricted(fields[5]);
  return ScheduleRate{fmt::format("{}/1d", *minutes * *hours), approximate};
}

}  // namespace

std::optional<ScheduleRate> schedule_rate(const std::string& expression) {
  const auto open = expression.find('(');
  if (open == std::string::npos || expression.back() != ')') return std::nullopt;
  const std::string kind = expression.substr(0, open);
  const std::string body = expression.substr(open + 1, expression.size() - open - 2);
  if (kind == "rate") return from_rate(body);
  if (kind == "cron") return from_cron(body);
  return std::nullopt;
}

}  // namespace slsim::import
