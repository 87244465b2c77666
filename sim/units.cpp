#include "slsim/units.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <fmt/format.h>

namespace slsim {

namespace {

// 128-bit intermediates keep every conversion exact: a decimal with 18 integer digits and
// 9 decimals is below 1e27, and times the largest unit (1 d = 8.64e10 us) below 1e38.
__extension__ using Wide = __int128;

constexpr Wide kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr int kMaxIntegerDigits = 18;
constexpr int kMaxDecimals = 9;

// What the parsers say they expected (UnitError::what()); the caller prefixes "expected".
constexpr std::string_view kExpectNumber =
    "a plain decimal number such as 0.5 or 1000 (no sign, no exponent)";
constexpr std::string_view kExpectDuration =
    "a duration such as 250ms, 1.5s or 10m (units us|ms|s|m|min|h|d)";
constexpr std::string_view kExpectRate =
    "a rate such as 50/s, 3000/min or 1000/10s (units us|ms|s|m|min|h|d)";
constexpr std::string_view kExpectBucket =
    "a token bucket such as 1000/10s (a whole number of tokens, at least 1, per a positive "
    "duration)";
constexpr std::string_view kExpectSize = "a size such as 512B, 64KB or 6MB (units B|KB|MB|GB)";
constexpr std::string_view kExpectMemory = "a whole number of MB such as 512 or 512MB";
constexpr std::string_view kExpectInteger = "a non-negative integer such as 42";
constexpr std::string_view kExpectPrecision = "at most 9 decimal places";

// Why a piece of text was rejected; each public parser maps it to its own message, so the
// user reads what a *duration* (say) should look like, not what a number should.
enum class Failure { malformed, too_precise, too_large };

// Thrown by the helpers below and translated by `translate` at the public boundary.
struct ParseFailure {
  Failure reason;
};

struct Messages {
  std::string_view expected;   // malformed input
  std::string_view too_large;  // out of the 64-bit range of the result
};

[[noreturn]] void fail(Failure reason) {
  throw ParseFailure{reason};
}

// Runs `parse` and turns any ParseFailure into the UnitError that the caller will show.
template <typename Parse>
auto translate(const Messages& messages, Parse parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const ParseFailure& failure) {
    switch (failure.reason) {
      case Failure::too_precise:
        throw UnitError(std::string(kExpectPrecision));
      case Failure::too_large:
        throw UnitError(std::string(messages.too_large));
      case Failure::malformed:
        break;
    }
    throw UnitError(std::string(messages.expected));
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// A plain decimal, exactly: value * 1e9 as an integer.
struct Decimal {
  Wide nano = 0;
};

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

// Digits as an integer; the caller has bounded their number so this cannot overflow.
Wide digits_value(std::string_view digits) {
  Wide value = 0;
  for (char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

// A number's two parts: the digits before the '.' and those after (empty without a '.').
struct DecimalText {
  std::string_view whole;
  std::string_view fraction;
};

// digits [ '.' digits ]: no sign, no exponent, no leading or trailing '.'.
DecimalText check_decimal_syntax(std::string_view text) {
  const std::size_t dot = text.find('.');
  const bool has_dot = dot != std::string_view::npos;
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = has_dot ? text.substr(dot + 1) : std::string_view{};
  if (whole.empty() || (has_dot && fraction.empty())) fail(Failure::malformed);
  if (!all_digits(whole) || !all_digits(fraction)) fail(Failure::malformed);
  return {whole, fraction};
}

// An exact quantity's number: at most 18 integer digits and 9 decimals, as value * 1e9.
Decimal parse_decimal(std::string_view text) {
  // Syntax first, so "12x" is called malformed however long it is.
  const auto [whole, fraction] = check_decimal_syntax(text);
  if (fraction.size() > static_cast<std::size_t>(kMaxDecimals)) fail(Failure::too_precise);
  const std::size_t first_significant = whole.find_first_not_of('0');
  const std::string_view significant =
      first_significant == std::string_view::npos ? "" : whole.substr(first_significant);
  if (significant.size() > static_cast<std::size_t>(kMaxIntegerDigits)) fail(Failure::too_large);

  Wide nano_fraction = digits_value(fraction);
  for (std::size_t i = fraction.size(); i < static_cast<std::size_t>(kMaxDecimals); ++i) {
    nano_fraction *= 10;
  }
  return Decimal{digits_value(significant) * kNano + nano_fraction};
}

// round(numerator / denominator) for non-negative operands, halves rounded up. Written
// without 2 * numerator, which could overflow for 18-digit counts of days.
Wide divide_rounded(Wide numerator, Wide denominator) {
  const Wide remainder = numerator % denominator;
  return numerator / denominator + (remainder >= denominator - remainder ? 1 : 0);
}

std::int64_t checked_int64(Wide value) {
  if (value > kInt64Max) fail(Failure::too_large);
  return static_cast<std::int64_t>(value);
}

struct UnitScale {
  std::string_view name;
  std::int64_t factor;
};

// Duration units in microseconds. "m" and "min" are both minutes (README "Units").
constexpr UnitScale kDurationUnits[] = {
    {"us", 1},           {"ms", 1'000},          {"s", 1'000'000},        {"m", 60'000'000},
    {"min", 60'000'000}, {"h", 3'600'000'000LL}, {"d", 86'400'000'000LL},
};

constexpr UnitScale kSizeUnits[] = {
    {"B", 1}, {"KB", 1024}, {"MB", 1024LL * 1024}, {"GB", 1024LL * 1024 * 1024}};

template <std::size_t N>
std::optional<std::int64_t> unit_factor(const UnitScale (&units)[N], std::string_view name) {
  for (const UnitScale& unit : units) {
    if (unit.name == name) return unit.factor;
  }
  return std::nullopt;
}

// Splits "1.5s" into the number "1.5" and the unit "s".
std::pair<std::string_view, std::string_view> split_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) {
    ++i;
  }
  return {text.substr(0, i), text.substr(i)};
}

Duration duration_of(std::string_view text) {
  const auto [number, unit] = split_unit(text);
  const std::optional<std::int64_t> factor = unit_factor(kDurationUnits, unit);
  if (!factor) fail(Failure::malformed);
  const Decimal value = parse_decimal(number);
  return Duration{checked_int64(divide_rounded(value.nano * *factor, kNano))};
}

// The period after '/' in a rate or bucket: a bare unit ("s") or a duration ("10s").
Duration period_of(std::string_view text) {
  if (const std::optional<std::int64_t> factor = unit_factor(kDurationUnits, text)) {
    return Duration{*factor};
  }
  const Duration period = duration_of(text);
  if (period.us <= 0) fail(Failure::malformed);
  return period;
}

std::pair<std::string_view, std::string_view> split_slash(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) fail(Failure::malformed);
  return {text.substr(0, slash), text.substr(slash + 1)};
}

std::int64_t integer_of(std::string_view text) {
  if (text.empty() || !all_digits(text)) fail(Failure::malformed);
  const std::size_t first_significant = text.find_first_not_of('0');
  if (first_significant == std::string_view::npos) return 0;
  const std::string_view significant = text.substr(first_significant);
  // 19 digits fit in a Wide with room to spare; more cannot fit in an int64.
  if (significant.size() > 19) fail(Failure::too_large);
  return checked_int64(digits_value(significant));
}

// Exact decimal text of numerator / denominator (both non-negative, and the quotient
// a terminating decimal), without trailing zeros: "1.5", "250", "0.0019".
std::string exact_decimal(Wide numerator, Wide denominator) {
  std::string text = fmt::format("{}", static_cast<std::uint64_t>(numerator / denominator));
  Wide remainder = numerator % denominator;
  if (remainder == 0) return text;
  text += '.';
  while (remainder != 0) {
    remainder *= 10;
    text += static_cast<char>('0' + static_cast<int>(remainder / denominator));
    remainder %= denominator;
  }
  return text;
}

// Units used when formatting, largest first ("min" is written "m" in durations).
constexpr UnitScale kFormatUnits[] = {
    {"d", 86'400'000'000LL}, {"h", 3'600'000'000LL}, {"m", 60'000'000},
    {"s", 1'000'000},        {"ms", 1'000},          {"us", 1},
};

}  // namespace

double Rate::per_second() const {
  return static_cast<double>(count_nano) / (1e3 * static_cast<double>(per.us));
}

double Rate::mean_gap_us() const {
  if (count_nano <= 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(per.us) * 1e9 / static_cast<double>(count_nano);
}

Rate Rate::scaled(double factor) const {
  // factor == 1 must give back this exact rate, whatever double rounding would do.
  if (factor == 1.0) return *this;
  const double scaled = std::round(static_cast<double>(count_nano) * factor);
  // Saturate rather than overflow: a rate of 9.2e9 events per period is already absurd.
  if (!(scaled > 0)) return Rate{0, per};
  if (scaled >= 0x1.0p63) return Rate{std::numeric_limits<std::int64_t>::max(), per};
  return Rate{static_cast<std::int64_t>(scaled), per};
}

// Unlike the exact quantities, a plain number may have any number of decimals: prices
// such as 0.0000166667 USD per GB-second need ten. The grammar is checked here and the
// correctly rounded double comes from std::from_chars (locale-independent, unlike strtod).
double parse_number(std::string_view text) {
  return translate({kExpectNumber, "a number below 1.7e308"}, [&] {
    const DecimalText parts = check_decimal_syntax(text);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc::result_out_of_range) {
      // Below the smallest double is zero for every purpose; above the largest is an error.
      if (parts.whole.find_first_not_of('0') == std::string_view::npos) return 0.0;
      fail(Failure::too_large);
    }
    if (error != std::errc{} || end != text.data() + text.size()) fail(Failure::malformed);
    return value;
  });
}

Duration parse_duration(std::string_view text) {
  return translate({kExpectDuration, "a duration of at most 106751991d"},
                   [&] { return duration_of(text); });
}

Rate parse_rate(std::string_view text) {
  return translate({kExpectRate, "a rate of at most 9223372036 events per period"}, [&] {
    const auto [count, period] = split_slash(text);
    const Decimal value = parse_decimal(count);
    return Rate{checked_int64(value.nano), period_of(period)};
  });
}

BucketSpec parse_bucket(std::string_view text) {
  return translate({kExpectBucket, "a token bucket of at most 9223372036 tokens"}, [&] {
    const auto [count, period] = split_slash(text);
    const std::int64_t capacity = integer_of(count);
    if (capacity < 1) fail(Failure::malformed);
    const Duration per = period_of(period);
    return BucketSpec{capacity, Rate{checked_int64(Wide(capacity) * kNano), per}};
  });
}

std::int64_t parse_size(std::string_view text) {
  return translate({kExpectSize, "a size of at most 8589934591GB"}, [&] {
    const auto [number, unit] = split_unit(text);
    const std::optional<std::int64_t> factor = unit_factor(kSizeUnits, unit);
    if (!factor) fail(Failure::malformed);
    const Decimal value = parse_decimal(number);
    return checked_int64(divide_rounded(value.nano * *factor, kNano));
  });
}

std::int64_t parse_memory_mb(std::string_view text) {
  return translate({kExpectMemory, "a memory size of at most 9223372036854775807MB"}, [&] {
    std::string_view digits = text;
    if (digits.ends_with("MB")) digits.remove_suffix(2);
    return integer_of(digits);
  });
}

std::int64_t parse_integer(std::string_view text) {
  return translate({kExpectInteger, "an integer of at most 9223372036854775807"},
                   [&] { return integer_of(text); });
}

std::string format_duration(Duration d) {
  Wide us = d.us;
  const std::string_view sign = us < 0 ? "-" : "";
  if (us < 0) us = -us;  // Wide, so even the most negative int64 is safe
  if (us == 0) return "0s";
  // The largest unit in which the value is at least 1 with at most 3 decimals.
  for (const UnitScale& unit : kFormatUnits) {
    if (us >= unit.factor && (us * 1000) % unit.factor == 0) {
      return fmt::format("{}{}{}", sign, exact_decimal(us, unit.factor), unit.name);
    }
  }
  return fmt::format("{}{}us", sign, static_cast<std::uint64_t>(us));  // not reached
}

std::string format_rate(const Rate& r) {
  const Wide magnitude = r.count_nano < 0 ? -Wide(r.count_nano) : Wide(r.count_nano);
  const std::string count =
      fmt::format("{}{}", r.count_nano < 0 ? "-" : "", exact_decimal(magnitude, kNano));
  // "per one unit" reads as the unit alone: "50/s", "3000/min"; otherwise "1000/10s".
  constexpr UnitScale kRateUnits[] = {
      {"us", 1},           {"ms", 1'000},          {"s", 1'000'000},
      {"min", 60'000'000}, {"h", 3'600'000'000LL}, {"d", 86'400'000'000LL},
  };
  for (const UnitScale& unit : kRateUnits) {
    if (r.per.us == unit.factor) return fmt::format("{}/{}", count, unit.name);
  }
  return fmt::format("{}/{}", count, format_duration(r.per));
}

}  // namespace slsim
