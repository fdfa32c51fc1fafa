// The NodePort allocator (pkg/registry/core/service/portallocator): a bitmap
// over --service-node-port-range with a static band of
// min(max(16, size/32), 128) ports at the bottom (none when size <= 16).
// Dynamic allocation takes the highest free port of the upper band first,
// then of the lower band (the real allocator starts at a random point of the
// band; the highest is the one least likely to be a literal nodePort that a
// later port of the same Service asks for, as people pick low ones).
#ifndef KDUAL_ENGINE_ALLOC_PORT_ALLOCATOR_H_
#define KDUAL_ENGINE_ALLOC_PORT_ALLOCATOR_H_

#include <set>
#include <string>
#include <vector>

#include "engine/alloc/alloc_result.h"
#include "engine/alloc/static_band.h"
#include "engine/flags/apiserver_flags.h"

namespace kdual::alloc {

class PortAllocator {
 public:
  PortAllocator(const flags::PortRange& range, bool static_subrange);

  const flags::PortRange& range() const { return range_; }
  PortAllocResult Allocate(int port);
  // `avoid`: ports to take only when nothing else is free (the ones a
  // request names explicitly, which the server's random pick would almost
  // never hit).
  PortAllocResult AllocateNext(const std::set<int>* avoid = nullptr);
  void Release(int port);
  bool Has(int port) const { return allocated_.count(port) > 0; }
  int offset() const { return offset_; }
  size_t Used() const { return allocated_.size(); }

 private:
  flags::PortRange range_;
  int offset_ = 0;
  std::set<int> allocated_;
};

// portallocator/operation.go PortAllocationOperation: allocations are kept
// for rollback, releases are deferred to Commit; a dry-run operation takes
// nothing and answers AllocateNext with 32769, 32770, ...
class PortOperation {
 public:
  PortOperation(PortAllocator* allocator, bool dry_run) : pa_(allocator), dry_run_(dry_run) {}
  PortAllocResult Allocate(int port);
  PortAllocResult AllocateNext(const std::set<int>* avoid = nullptr);
  void ReleaseDeferred(int port) { release_deferred_.push_back(port); }
  void Commit();
  void Rollback();

 private:
  PortAllocator* pa_;
  bool dry_run_;
  std::vector<int> allocated_;
  std::vector<int> release_deferred_;
};

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_PORT_ALLOCATOR_H_
