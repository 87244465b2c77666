#pragma once
// Handlers waiting on synchronous invokes (CallAction::invoke_sync): one record per waiting
// invocation, from its first sync call until both its deadline event has fired and no call of
// it is outstanding (so a stale deadline or a late answer always finds its record). Records
// are reused through a free list: no allocation per call once the pool has grown.

#include <cstdint>
#include <vector>

namespace slsim {

struct SyncWait {
  std::uint32_t function = 0;           // the caller
  std::uint32_t environment = 0;        // the caller's environment
  std::uint32_t request = 0xffffffffu;  // the outstanding call's request, or none
  bool caller_waiting = true;           // false once the caller ended (answer, failure or deadline)
  bool deadline_passed = false;         // the sync_deadline event has fired
};

class SyncWaits {
 public:
  std::uint32_t acquire(std::uint32_t function, std::uint32_t environment) {
    std::uint32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = static_cast<std::uint32_t>(records_.size());
      records_.emplace_back();
    }
    records_[id] = SyncWait{function, environment};
    return id;
  }
  // Frees the record once nothing can refer to it any more.
  void release_if_done(std::uint32_t id) {
    const SyncWait& w = records_[id];
    if (!w.caller_waiting && w.deadline_passed && w.request == 0xffffffffu) free_.push_back(id);
  }
  SyncWait& operator[](std::uint32_t id) { return records_[id]; }

 private:
  std::vector<SyncWait> records_;
  std::vector<std::uint32_t> free_;
};

}  // namespace slsim
