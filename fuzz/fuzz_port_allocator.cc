// The NodePort allocator and its operations (allocate, allocate-next,
// deferred release, commit, rollback, dry run) driven by the fuzzer's bytes.
// Ports are unique, inside the range, from the upper band while it has room;
// a rollback restores the allocator, a commit applies exactly what the
// operation did, a dry run touches nothing.
#include <cstdint>
#include <set>
#include <string>

#include "engine/alloc/port_allocator.h"
#include "engine/shapes/byte_chooser.h"
#include "engine/shapes/shapes.h"
#include "fuzz/fuzz_check.h"

using kdual::alloc::PortAllocator;
using kdual::alloc::PortOperation;

namespace {

// Whether the allocator holds exactly `held`: as many ports, each of them
// (not a scan of the range: that was most of an input's time).
bool HoldsExactly(const PortAllocator& pa, const std::set<int>& held) {
  if (pa.Used() != held.size()) return false;
  for (int p : held) {
    if (!pa.Has(p)) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  kdual::shapes::ByteChooser c(data, size);
  kdual::flags::PortRange range;
  range.base = static_cast<int>(c.Below(65536));
  range.size = 1 + static_cast<int>(c.Below(kdual::shapes::Coin(c) ? 64 : 4096));
  if (range.base + range.size > 65536) range.size = 65536 - range.base;
  PortAllocator pa(range, kdual::shapes::Coin(c));
  std::set<int> held;
  while (!c.exhausted()) {
    bool dry = kdual::shapes::OneIn(c, 4);
    PortOperation op(&pa, dry);
    std::set<int> taken, deferred;
    int steps = static_cast<int>(c.Below(8));
    for (int i = 0; i < steps; ++i) {
      switch (c.Below(3)) {
        case 0: {
          auto r = op.AllocateNext();
          if (!r.ok()) {
            KDUAL_FUZZ_CHECK(r.full() && !r.message.empty(),
                             "allocate-next failed without saying full");
            break;
          }
          if (dry) break;
          KDUAL_FUZZ_CHECK(range.Contains(r.value),
                           "port " + std::to_string(r.value) + " outside the range");
          KDUAL_FUZZ_CHECK(!held.count(r.value) && taken.insert(r.value).second,
                           "port " + std::to_string(r.value) + " allocated twice");
          if (r.value - range.base < pa.offset()) {
            for (int p = range.base + pa.offset(); p <= range.last(); ++p) {
              KDUAL_FUZZ_CHECK(pa.Has(p), "lower band used while the upper band has room");
            }
          }
          break;
        }
        case 1: {
          int p = range.base - 1 + static_cast<int>(c.Below(static_cast<uint64_t>(range.size) + 2));
          auto r = op.Allocate(p);
          if (r.ok() && !dry) {
            KDUAL_FUZZ_CHECK(range.Contains(p), "out-of-range port accepted");
            KDUAL_FUZZ_CHECK(!held.count(p) && taken.insert(p).second, "port allocated twice");
          }
          if (!r.ok()) KDUAL_FUZZ_CHECK(!r.message.empty(), "error without a message");
          break;
        }
        default:
          if (!held.empty()) {
            auto it = held.begin();
            std::advance(it, c.Below(held.size()));
            op.ReleaseDeferred(*it);
            deferred.insert(*it);
          }
          break;
      }
    }
    if (kdual::shapes::Coin(c)) {
      op.Commit();
      if (!dry) {
        for (int p : deferred) held.erase(p);
        for (int p : taken) held.insert(p);
      }
    } else {
      op.Rollback();
    }
    KDUAL_FUZZ_CHECK(HoldsExactly(pa, held), "allocator differs from what the operations did");
  }
  return 0;
}
