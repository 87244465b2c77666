#include "slsim/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace slsim {

namespace {

// The nearest rank ceil(q * n), in [1, n]. A product that lands a rounding error above an
// integer (0.07 * 100 = 7.000000000000001) is taken as that integer, as exact arithmetic
// would give.
std::uint64_t nearest_rank(double q, std::uint64_t n) {
  const double exact = q * static_cast<double>(n);
  const double nearest = std::round(exact);
  const double rank = std::abs(exact - nearest) <= 1e-9 * nearest ? nearest : std::ceil(exact);
  if (!(rank >= 1)) return 1;  // q <= 0 (or NaN) reads as the minimum
  if (rank >= static_cast<double>(n)) return n;
  return static_cast<std::uint64_t>(rank);
}

}  // namespace

std::optional<double> Histogram::mean() const {
  if (count_ == 0) return std::nullopt;
  return static_cast<double>(sum_) / static_cast<double>(count_);
}

std::optional<double> Histogram::quantile(double q) const {
  if (count_ == 0) return std::nullopt;
  const std::uint64_t rank = nearest_rank(q, count_);
  // The extreme ranks are known exactly; a midpoint would only blur them.
  if (rank == count_) return static_cast<double>(max_);
  if (rank == 1) return static_cast<double>(min_);
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen < rank) continue;
    // The bucket holds the integers [low, low + width - 1]; report their midpoint.
    const double midpoint =
        static_cast<double>(bucket_low(i)) + static_cast<double>(bucket_width(i) - 1) / 2.0;
    return std::clamp(midpoint, static_cast<double>(min_), static_cast<double>(max_));
  }
  return static_cast<double>(max_);  // not reached: the counts sum to count_
}

void Histogram::merge(const Histogram& other) {
  if (other.count_ == 0) return;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    counts_[i] += other.counts_[i];
  }
  min_ = count_ == 0 ? other.min_ : std::min(min_, other.min_);
  max_ = count_ == 0 ? other.max_ : std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
}

// Inverse of index_of: index = (shift + 1) * kSub + sub holds the values whose top
// kSubBits + 1 bits are (kSub + sub), i.e. [(kSub + sub) << shift, (kSub + sub + 1) << shift).
std::int64_t Histogram::bucket_low(std::size_t index) {
  if (index < static_cast<std::size_t>(kSub)) return static_cast<std::int64_t>(index);
  const auto shift = static_cast<int>(index / kSub) - 1;
  const auto sub = static_cast<std::int64_t>(index % kSub);
  return (kSub + sub) << shift;
}

std::int64_t Histogram::bucket_width(std::size_t index) {
  if (index < static_cast<std::size_t>(kSub)) return 1;
  const auto shift = static_cast<int>(index / kSub) - 1;
  return std::int64_t{1} << shift;
}

}  // namespace slsim
