#pragma once
// A streaming histogram of non-negative integer values (microseconds) with log-spaced
// buckets, as HdrHistogram does: the bucket index comes from the value's bit pattern
// (position of the highest set bit, then the next kSubBits bits), never from log().
// Values below 2^kSubBits are exact; above, each power-of-two range is split into
// 2^kSubBits equal buckets, so a bucket spans at most 1/64 of its lower bound and the
// reported midpoint is within 0.8 % of any value in it (README states "<= 1 %").
// Memory is fixed (about 3,600 counters), whatever the number of values recorded.

#include <array>
#include <bit>
#include <cstdint>
#include <optional>

namespace slsim {

class Histogram {
 public:
  static constexpr int kSubBits = 6;
  static constexpr std::int64_t kSub = std::int64_t{1} << kSubBits;
  static constexpr int kMaxBits = 56;  // values up to 2^56 us (~2,280 years)
  static constexpr std::size_t kBuckets = std::size_t(kMaxBits - kSubBits + 1) * kSub;

  void record(std::int64_t value) {
    if (value < 0) value = 0;
    ++counts_[index_of(value)];
    ++count_;
    sum_ += value;
    if (value > max_) max_ = value;
    if (count_ == 1 || value < min_) min_ = value;
  }

  std::uint64_t count() const { return count_; }
  // Exact mean of the recorded values, or nullopt if none.
  std::optional<double> mean() const;
  // The q-quantile (0 < q <= 1) by nearest rank over buckets, reported as the bucket's
  // midpoint clamped to the exact [min, max] (ranks 1 and n are min and max exactly);
  // nullopt if empty.
  std::optional<double> quantile(double q) const;
  std::int64_t min() const { return min_; }
  std::int64_t max() const { return max_; }
  void merge(const Histogram& other);
  // How many values fell in bucket `index` (< kBuckets): for CDFs and per-interval deltas.
  std::uint64_t bucket_count(std::size_t index) const { return counts_[index]; }

  static std::size_t index_of(std::int64_t value) {
    const auto v = static_cast<std::uint64_t>(value);
    if (v < static_cast<std::uint64_t>(kSub)) return static_cast<std::size_t>(v);
    const int top = 63 - std::countl_zero(v);  // >= kSubBits
    const int shift = top - kSubBits;
    const std::uint64_t sub = (v >> shift) & static_cast<std::uint64_t>(kSub - 1);
    std::size_t index = static_cast<std::size_t>(shift + 1) * kSub + sub;
    return index < kBuckets ? index : kBuckets - 1;
  }
  // The smallest value that falls in bucket `index`, and the bucket's width.
  static std::int64_t bucket_low(std::size_t index);
  static std::int64_t bucket_width(std::size_t index);

 private:
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  // Sum in microseconds, 128-bit: values go up to 2^56 us (saturated heavy-tail draws), so
  // 128 of them would overflow 64 bits; 2^71 values of 2^56 would overflow this one.
  __extension__ using Sum = __int128;
  Sum sum_ = 0;
  std::int64_t min_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace slsim
