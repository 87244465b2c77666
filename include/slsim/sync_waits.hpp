#pragma once
// Handlers waiting on synchronous invokes (CallAction::invoke_sync): one record per waiting
// invocation, from its first sync call until both its deadline event has fired and no call of
// it is outstanding (so a stale deadline or a late answer always finds its record). Records
// are reused through a free list: no allocation per call once the pool has grown.

#include <cstdint>
#include "slsim/slot_pool.hpp"

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
    return records_.add(SyncWait{function, environment});
  }
  // Frees the record once nothing can refer to it any more.
  void release_if_done(std::uint32_t id) {
    const SyncWait& w = records_[id];
    if (!w.caller_waiting && w.deadline_passed && w.request == 0xffffffffu) records_.free(id);
  }
  SyncWait& operator[](std::uint32_t id) { return records_[id]; }

 private:
  SlotPool<SyncWait> records_;
};

}  // namespace slsim
