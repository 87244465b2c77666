#pragma once
// A pool of records addressed by uint32 ids, the payloads events carry: the id of a freed
// record is reused by the next one (last freed, first reused, so runs stay deterministic), and
// once the pool has grown to its peak nothing is allocated per record.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace slsim {

template <class T>
class SlotPool {
 public:
  // Stores `value` in a free slot (or a new one) and returns its id.
  std::uint32_t add(const T& value) {
    if (free_.empty()) {
      records_.push_back(value);
      return static_cast<std::uint32_t>(records_.size() - 1);
    }
    const std::uint32_t id = free_.back();
    free_.pop_back();
    records_[id] = value;
    return id;
  }
  // The slot of `id` may be reused; its record stays readable until then.
  void free(std::uint32_t id) { free_.push_back(id); }

  T& operator[](std::uint32_t id) { return records_[id]; }
  const T& operator[](std::uint32_t id) const { return records_[id]; }
  // Records added and not freed.
  std::size_t live() const { return records_.size() - free_.size(); }

 private:
  std::vector<T> records_;
  std::vector<std::uint32_t> free_;
};

}  // namespace slsim
