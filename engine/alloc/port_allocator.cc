#include "engine/alloc/port_allocator.h"

#include <algorithm>
#include <string>

#include "engine/base/explain_trace.h"

namespace kdual::alloc {

PortAllocator::PortAllocator(const flags::PortRange& range, bool static_subrange)
    : range_(range), offset_(static_subrange ? PortRangeOffset(range) : 0) {}

PortAllocResult PortAllocator::Allocate(int port) {
  if (!(port >= range_.base && port - range_.base < range_.size)) {
    return PortAllocResult::Fail(
        AllocError::kNotInRange,
        "provided port is not in the valid range. The range of valid ports is " + range_.ToString(),
        port);
  }
  if (Has(port)) {
    return PortAllocResult::Fail(AllocError::kAllocated, "provided port is already allocated",
                                 port);
  }
  allocated_.insert(port);
  return PortAllocResult::Ok(port);
}

PortAllocResult PortAllocator::AllocateNext(const std::set<int>* avoid) {
  bool avoiding = avoid != nullptr && !avoid->empty();
  auto scan = [&](int from, int count) {  // the highest free of [from, from + count)
    for (int i = count - 1; i >= 0; --i) {
      if (!Has(from + i) && !(avoiding && avoid->count(from + i))) return from + i;
    }
    return -1;
  };
  int size = std::max(0, range_.size);
  int off = std::min(offset_, size);
  int p = scan(range_.base + off, size - off);
  bool upper = p >= 0;
  if (p < 0 && off > 0) p = scan(range_.base, off);
  if (p < 0 && avoiding) {
    avoiding = false;  // only avoided ports are free: the server would pick one
    p = scan(range_.base + off, size - off);
    upper = p >= 0;
    if (p < 0 && off > 0) p = scan(range_.base, off);
  }
  if (p < 0) {
    KDUAL_TRACE("portallocator AllocateNext", "node-port range " + range_.ToString() + " is full");
    return PortAllocResult::Fail(AllocError::kFull, "range is full");
  }
  KDUAL_TRACE("portallocator AllocateNext",
              "node port " + std::to_string(p) + " from the " +
                  (upper ? std::string("upper (dynamic) band")
                         : std::string("lower (static) band, the upper being full")) +
                  " of " + range_.ToString() + " (static band: the first " +
                  std::to_string(offset_) + " ports)");
  allocated_.insert(p);
  return PortAllocResult::Ok(p);
}

void PortAllocator::Release(int port) { allocated_.erase(port); }

PortAllocResult PortOperation::Allocate(int port) {
  if (dry_run_) {
    // No range check in dry-run: only "already allocated".
    if (pa_->Has(port) ||
        std::find(allocated_.begin(), allocated_.end(), port) != allocated_.end()) {
      return PortAllocResult::Fail(AllocError::kAllocated, "provided port is already allocated",
                                   port);
    }
    allocated_.push_back(port);
    return PortAllocResult::Ok(port);
  }
  PortAllocResult r = pa_->Allocate(port);
  if (r.ok()) allocated_.push_back(port);
  return r;
}

PortAllocResult PortOperation::AllocateNext(const std::set<int>* avoid) {
  if (dry_run_) {
    int last = 32768;
    if (!allocated_.empty()) {
      last = 0;
      for (int p : allocated_) last = std::max(last, p);
    }
    allocated_.push_back(last + 1);
    return PortAllocResult::Ok(last + 1);
  }
  PortAllocResult r = pa_->AllocateNext(avoid);
  if (r.ok()) allocated_.push_back(r.value);
  return r;
}

void PortOperation::Commit() {
  if (!dry_run_) {
    for (int p : release_deferred_) pa_->Release(p);
  }
  allocated_.clear();
  release_deferred_.clear();
}

void PortOperation::Rollback() {
  if (!dry_run_) {
    for (int p : allocated_) pa_->Release(p);
  }
  allocated_.clear();
  release_deferred_.clear();
}

}  // namespace kdual::alloc
