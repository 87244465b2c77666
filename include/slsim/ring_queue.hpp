#pragma once
// A double-ended FIFO of small trivially copyable values in one growable ring buffer: no
// allocation once it has grown to its peak size (std::deque frees and reallocates blocks).

#include <cstddef>
#include <type_traits>
#include <vector>

namespace slsim {

template <typename T>
class RingQueue {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const T& front() const { return slots_[head_]; }
  // The i-th value from the front (i < size()).
  const T& operator[](std::size_t i) const { return slots_[(head_ + i) & (slots_.size() - 1)]; }

  void push_back(T value) {
    grow_if_full();
    slots_[(head_ + size_) & (slots_.size() - 1)] = value;
    ++size_;
  }
  void push_front(T value) {
    grow_if_full();
    head_ = (head_ + slots_.size() - 1) & (slots_.size() - 1);
    slots_[head_] = value;
    ++size_;
  }
  T pop_front() {
    const T value = slots_[head_];
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
    return value;
  }

 private:
  // Capacity stays a power of two so positions wrap with a mask.
  void grow_if_full() {
    if (size_ < slots_.size()) return;
    std::vector<T> bigger(slots_.empty() ? 8 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i)
      bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_.swap(bigger);
    head_ = 0;
  }

  std::vector<T> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace slsim
