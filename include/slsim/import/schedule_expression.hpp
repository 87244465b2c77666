#pragma once
// EventBridge schedule expressions as slsim rates. `rate(5 minutes)` fires every 5 minutes:
// rate "1/5m". `cron(Minutes Hours Day-of-month Month Day-of-week Year)` fires on the listed
// minutes of the listed hours: its mean rate per day is (minutes listed) x (hours listed) per
// day; day-of-month, month, day-of-week and year restrictions are not counted (the result is
// then approximate, and said so). Syntax: EventBridge User Guide, "Schedule expressions".

#include <optional>
#include <string>

namespace slsim::import {

struct ScheduleRate {
  std::string rate;          // a slsim rate: "1/5m", "24/1d"
  bool approximate = false;  // cron with day or month restrictions
};

// nullopt when the expression is neither rate(...) nor cron(...) as documented.
std::optional<ScheduleRate> schedule_rate(const std::string& expression);

}  // namespace slsim::import
