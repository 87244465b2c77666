// The quantity grammar of units.hpp: exact parses, exact rejections with the text the user
// will read, and formatting that parses back to the same value.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "slsim/random.hpp"
#include "slsim/units.hpp"

using namespace slsim;

namespace {

constexpr const char* kDurationText =
    "a duration such as 250ms, 1.5s or 10m (units us|ms|s|m|min|h|d)";
constexpr const char* kRateText =
    "a rate such as 50/s, 3000/min or 1000/10s (units us|ms|s|m|min|h|d)";
constexpr const char* kPrecisionText = "at most 9 decimal places";

bool same_rate(const Rate& a, const Rate& b) {
  return a.count_nano == b.count_nano && a.per == b.per;
}

}  // namespace

TEST_CASE("Units: plain numbers parse exactly", "[units]") {
  CHECK(parse_number("0.5") == 0.5);
  CHECK(parse_number("1000") == 1000.0);
  CHECK(parse_number("007") == 7.0);
  CHECK(parse_number("0.1") == 0.1);  // the correctly rounded double, as a literal gives
  CHECK(parse_number("0.000000001") == 1e-9);
  CHECK(parse_number("123456789.123456789") == 123456789.123456789);
  CHECK(parse_number("999999999999999999") == 999999999999999999.0);
  CHECK(parse_number("9007199254740993") == 9007199254740992.0);  // 2^53 + 1, ties to even
}

TEST_CASE("Units: numbers with a sign, an exponent or a stray dot are rejected", "[units]") {
  for (const char* bad : {"", "-1", "+1", "1e3", ".5", "5.", "1.2.3", " 1", "1 ", "1,000", "0x10",
                          "inf", "nan", "1_000"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_number(bad), UnitError);
  }
  CHECK_THROWS_WITH(parse_number("-1"),
                    "a plain decimal number such as 0.5 or 1000 (no sign, no exponent)");
}

TEST_CASE("Units: plain numbers take any number of decimals, unlike exact quantities", "[units]") {
  // Prices need them: 0.0000166667 USD per GB-second.
  CHECK(parse_number("0.0000166667") == 0.0000166667);
  CHECK(parse_number("0.1000000000000000055511151231257827") == 0.1);
  CHECK(parse_number("1000000000000000000000") == 1e21);
  CHECK(parse_number("0000000000000000000001") == 1.0);
  CHECK_THROWS_WITH(parse_number(std::string(400, '9')), "a number below 1.7e308");
  CHECK(parse_number("0." + std::string(400, '0') + "1") == 0.0);  // underflows to zero
}

TEST_CASE("Units: durations in every unit", "[units]") {
  CHECK(parse_duration("250us") == Duration{250});
  CHECK(parse_duration("250ms") == Duration::millis(250));
  CHECK(parse_duration("1.5s") == Duration::millis(1500));
  CHECK(parse_duration("10m") == Duration::minutes(10));
  CHECK(parse_duration("10min") == Duration::minutes(10));
  CHECK(parse_duration("2h") == Duration::hours(2));
  CHECK(parse_duration("1d") == Duration::hours(24));
  CHECK(parse_duration("0s") == Duration{0});
  CHECK(parse_duration("0.25h") == Duration::minutes(15));
  CHECK(parse_duration("106751991d") == Duration{106751991LL * 86'400'000'000LL});
}

TEST_CASE("Units: durations round to the nearest microsecond, halves up", "[units]") {
  CHECK(parse_duration("0.0004ms") == Duration{0});
  CHECK(parse_duration("0.0005ms") == Duration{1});
  CHECK(parse_duration("1.4us") == Duration{1});
  CHECK(parse_duration("1.5us") == Duration{2});
  CHECK(parse_duration("1.0000005s") == Duration{1'000'001});
  CHECK(parse_duration("0.000000001d") == Duration{86});  // 86.4 us
}

TEST_CASE("Units: malformed durations say what a duration looks like", "[units]") {
  for (const char* bad : {"10", "10S", "10 s", "-1s", "+1s", "1.5", "ms", "1e3ms", "10sec", "10M",
                          "10mins", "s10", "1.s", ".5s", "10ms ", "10hr", "1/s"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_duration(bad), kDurationText);
  }
  CHECK_THROWS_AS(parse_duration("oops"), UnitError);
}

TEST_CASE("Units: durations beyond 64-bit microseconds are rejected", "[units]") {
  CHECK_THROWS_WITH(parse_duration("106751992d"), "a duration of at most 106751991d");
  CHECK_THROWS_WITH(parse_duration("99999999999999999999999s"), "a duration of at most 106751991d");
  // The largest accepted number in the largest unit: no 128-bit overflow on the way.
  CHECK_THROWS_WITH(parse_duration("999999999999999999.999999999d"),
                    "a duration of at most 106751991d");
  CHECK_THROWS_WITH(parse_size("999999999999999999.999999999GB"), "a size of at most 8589934591GB");
  CHECK_THROWS_WITH(parse_duration("1.0000000001s"), kPrecisionText);
}

TEST_CASE("Units: rates are exact in units of 1e-9 events", "[units]") {
  CHECK(same_rate(parse_rate("50/s"), Rate{50 * kNano, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("3000/min"), Rate{3000 * kNano, Duration::minutes(1)}));
  CHECK(same_rate(parse_rate("3000/m"), Rate{3000 * kNano, Duration::minutes(1)}));
  CHECK(same_rate(parse_rate("2/h"), Rate{2 * kNano, Duration::hours(1)}));
  CHECK(same_rate(parse_rate("0.0019/s"), Rate{1'900'000, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("1000/10s"), Rate{1000 * kNano, Duration::seconds(10)}));
  CHECK(same_rate(parse_rate("5/1.5m"), Rate{5 * kNano, Duration::seconds(90)}));
  CHECK(same_rate(parse_rate("7/us"), Rate{7 * kNano, Duration{1}}));
  CHECK(same_rate(parse_rate("1/d"), Rate{kNano, Duration::hours(24)}));
  CHECK(same_rate(parse_rate("0/s"), Rate{0, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("0.000000001/s"), Rate{1, Duration::seconds(1)}));
}

TEST_CASE("Units: malformed rates say what a rate looks like", "[units]") {
  for (const char* bad : {"50", "50/", "/s", "50/0s", "50/0.1us", "50/x", "-5/s", "50/s/s", "50 /s",
                          "50/ s", "50/S", "50/sec", "5e1/s", "50//s", "50/-1s"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_rate(bad), kRateText);
  }
  CHECK_THROWS_WITH(parse_rate("0.0000000001/s"), kPrecisionText);
  CHECK_THROWS_WITH(parse_rate("10000000000/s"), "a rate of at most 9223372036 events per period");
  CHECK(parse_rate("9223372036/s").count_nano == 9223372036 * kNano);
}

TEST_CASE("Units: per_second and mean_gap_us of a rate", "[units]") {
  CHECK(parse_rate("50/s").per_second() == 50.0);
  CHECK(parse_rate("3000/min").per_second() == 50.0);
  CHECK(parse_rate("1000/10s").per_second() == 100.0);
  CHECK(parse_rate("0.0019/s").per_second() == Approx(0.0019).epsilon(1e-15));
  CHECK(parse_rate("2/h").per_second() == Approx(2.0 / 3600).epsilon(1e-15));
  CHECK(parse_rate("50/s").mean_gap_us() == 20'000.0);
  CHECK(parse_rate("1000/10s").mean_gap_us() == 10'000.0);
  CHECK(parse_rate("6/h").mean_gap_us() == 600e6);
  CHECK(std::isinf(parse_rate("0/s").mean_gap_us()));
  CHECK(parse_rate("0/s").per_second() == 0.0);
}

TEST_CASE("Units: scaling a rate rounds to the nearest 1e-9 events", "[units]") {
  const Rate r = parse_rate("50/s");
  CHECK(same_rate(r.scaled(2.0), Rate{100 * kNano, Duration::seconds(1)}));
  CHECK(same_rate(r.scaled(0.5), Rate{25 * kNano, Duration::seconds(1)}));
  CHECK(same_rate(r.scaled(1.0), r));
  CHECK(same_rate(r.scaled(0.0), Rate{0, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("0.0019/s").scaled(0.5), Rate{950'000, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("1/s").scaled(1e-10), Rate{0, Duration::seconds(1)}));
  CHECK(same_rate(parse_rate("1/s").scaled(1.6e-9), Rate{2, Duration::seconds(1)}));
  // Saturates instead of overflowing.
  CHECK(r.scaled(1e12).count_nano == std::numeric_limits<std::int64_t>::max());
  // The period is kept as written.
  CHECK(r.scaled(3.0).per == Duration::seconds(1));
  CHECK(parse_rate("1000/10s").scaled(3.0).per == Duration::seconds(10));
}

TEST_CASE("Units: buckets are a whole capacity refilled at capacity per period", "[units]") {
  const BucketSpec b = parse_bucket("1000/10s");
  CHECK(b.capacity == 1000);
  CHECK(same_rate(b.refill, Rate{1000 * kNano, Duration::seconds(10)}));
  const BucketSpec s = parse_bucket("500/s");
  CHECK(s.capacity == 500);
  CHECK(same_rate(s.refill, Rate{500 * kNano, Duration::seconds(1)}));
  CHECK(parse_bucket("1/1.5s").refill.per == Duration::millis(1500));
}

TEST_CASE("Units: buckets need N >= 1 whole tokens and a positive period", "[units]") {
  const std::string text =
      "a token bucket such as 1000/10s (a whole number of tokens, at least 1, per a positive "
      "duration)";
  for (const char* bad : {"0/s", "1.5/s", "10/0s", "10", "10/", "/10s", "-1/s", "10/x", "00/s"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_bucket(bad), text);
  }
  CHECK_THROWS_WITH(parse_bucket("9223372037/s"), "a token bucket of at most 9223372036 tokens");
}

TEST_CASE("Units: sizes use 1 KB = 1024 B", "[units]") {
  CHECK(parse_size("512B") == 512);
  CHECK(parse_size("64KB") == 65'536);
  CHECK(parse_size("6MB") == 6 * 1024 * 1024);
  CHECK(parse_size("1GB") == 1024LL * 1024 * 1024);
  CHECK(parse_size("1.5KB") == 1536);
  CHECK(parse_size("0.5B") == 1);  // rounded to the nearest byte, halves up
  CHECK(parse_size("0B") == 0);
  for (const char* bad : {"512", "512kb", "512 B", "1TB", "1Kb", "B", "-1B", "1.5"}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_size(bad), "a size such as 512B, 64KB or 6MB (units B|KB|MB|GB)");
  }
  CHECK_THROWS_WITH(parse_size("8589934592GB"), "a size of at most 8589934591GB");
}

TEST_CASE("Units: memory is whole MB, with or without the unit", "[units]") {
  CHECK(parse_memory_mb("512") == 512);
  CHECK(parse_memory_mb("512MB") == 512);
  CHECK(parse_memory_mb("10240") == 10240);
  for (const char* bad : {"512.5", "0.5GB", "1GB", "512mb", "MB", "512 MB", "-512", ""}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_memory_mb(bad), "a whole number of MB such as 512 or 512MB");
  }
}

TEST_CASE("Units: integers are non-negative and fit in 64 bits", "[units]") {
  CHECK(parse_integer("42") == 42);
  CHECK(parse_integer("0") == 0);
  CHECK(parse_integer("000") == 0);
  CHECK(parse_integer("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK_THROWS_WITH(parse_integer("9223372036854775808"),
                    "an integer of at most 9223372036854775807");
  CHECK_THROWS_WITH(parse_integer("123456789012345678901234567890"),
                    "an integer of at most 9223372036854775807");
  for (const char* bad : {"-1", "4.2", "", "+3", "1e3", "42 "}) {
    INFO(bad);
    CHECK_THROWS_WITH(parse_integer(bad), "a non-negative integer such as 42");
  }
}

TEST_CASE("Units: durations format in the largest unit with a short exact decimal", "[units]") {
  CHECK(format_duration(Duration::millis(1500)) == "1.5s");
  CHECK(format_duration(Duration::millis(250)) == "250ms");
  CHECK(format_duration(Duration::minutes(10)) == "10m");
  CHECK(format_duration(Duration::hours(2)) == "2h");
  CHECK(format_duration(Duration{250}) == "250us");
  CHECK(format_duration(Duration{0}) == "0s");
  CHECK(format_duration(Duration::seconds(90)) == "1.5m");
  CHECK(format_duration(Duration::hours(24)) == "1d");
  CHECK(format_duration(Duration::hours(36)) == "1.5d");
  CHECK(format_duration(Duration::seconds(1)) == "1s");
  CHECK(format_duration(Duration::millis(1001)) == "1.001s");
  CHECK(format_duration(Duration{1'234'567}) == "1234.567ms");
  CHECK(format_duration(Duration{1001}) == "1.001ms");
  CHECK(format_duration(Duration::seconds(7)) == "7s");
  CHECK(format_duration(Duration::seconds(-2)) == "-2s");
  CHECK(format_duration(Duration::max()) == "9223372036854775.807ms");
  CHECK(format_duration(Duration{1}) == "1us");
}

TEST_CASE("Units: formatted durations parse back to the same duration", "[units]") {
  Rng rng(7);
  for (int i = 0; i < 100'000; ++i) {
    // Log-uniform over 1 us .. ~7,000 years, then snapped to whole ms half of the time.
    auto us = static_cast<std::int64_t>(std::exp(rng.uniform(0, 40)));
    if (i % 2 == 0) us -= us % 1000;
    const Duration d{us};
    INFO(us);
    REQUIRE(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("Units: rates format as count per unit or per duration", "[units]") {
  CHECK(format_rate(parse_rate("50/s")) == "50/s");
  CHECK(format_rate(parse_rate("3000/min")) == "3000/min");
  CHECK(format_rate(parse_rate("3000/m")) == "3000/min");
  CHECK(format_rate(parse_rate("1000/10s")) == "1000/10s");
  CHECK(format_rate(parse_rate("0.0019/s")) == "0.0019/s");
  CHECK(format_rate(parse_rate("2/h")) == "2/h");
  CHECK(format_rate(parse_rate("5/90s")) == "5/1.5m");
  CHECK(format_rate(Rate{}) == "0/s");
  for (const char* text : {"50/s", "0.000000001/ms", "12.5/250us", "3/1.5d", "1000/10s"}) {
    INFO(text);
    CHECK(same_rate(parse_rate(format_rate(parse_rate(text))), parse_rate(text)));
  }
}
