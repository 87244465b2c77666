#pragma once
// The one grammar for quantities in scenarios, price books and the CLI (README "Units"):
//   number   plain decimal: digits, optionally '.' and digits ("0.5", "1000"); no sign, no exponent
//   duration number + us|ms|s|m|min|h|d      ("250us", "1.5s", "10m"), rounded to 1 us
//   rate     number + '/' + unit or duration  ("50/s", "3000/min", "2/h", "0.0019/s", "1000/10s")
//   bucket   integer N + '/' + unit or duration: N tokens, refilled at N per D ("1000/10s")
//   size     number + B|KB|MB|GB, 1 KB = 1024 B  ("512B", "64KB", "6MB")
//   memory   integer MB ("512") or integer + "MB" ("512MB")
// Units are case-sensitive. Every parser throws UnitError whose text says what was expected;
// the caller adds the file position and field path.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "slsim/time.hpp"

namespace slsim {

// Thrown by the parsers below; what() completes "expected ...".
class UnitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Rate::count_nano counts events in units of 1e-9, so "0.0019/s" is exact.
inline constexpr std::int64_t kNano = 1'000'000'000;

// An exact rate: `count` events per `per` (both exact; no floating point).
struct Rate {
  std::int64_t count_nano = 0;  // events per `per`, in units of 1e-9 events
  Duration per{1'000'000};

  // Events per second, for reports and Poisson draws.
  double per_second() const;
  // Mean gap between events in microseconds (infinite if the rate is zero).
  double mean_gap_us() const;
  // This rate multiplied by a factor (>= 0), rounded to the nearest 1e-9 events.
  Rate scaled(double factor) const;
};

// A token bucket specification: `capacity` tokens, refilled continuously at `refill`.
struct BucketSpec {
  std::int64_t capacity = 0;
  Rate refill;
};

double parse_number(std::string_view text);           // "0.5", "1000"
Duration parse_duration(std::string_view text);       // "250us", "1.5s", "10m"
Rate parse_rate(std::string_view text);               // "50/s", "0.0019/s", "1000/10s"
BucketSpec parse_bucket(std::string_view text);       // "1000/10s": capacity 1000, 1000 per 10 s
std::int64_t parse_size(std::string_view text);       // bytes: "512B", "64KB", "6MB", "1GB"
std::int64_t parse_memory_mb(std::string_view text);  // "512" or "512MB"
std::int64_t parse_integer(std::string_view text);    // "42" (non-negative, fits int64)

// Human-readable forms used in messages and reports ("1.5s", "250ms", "50/s").
std::string format_duration(Duration d);
std::string format_rate(const Rate& r);

}  // namespace slsim
