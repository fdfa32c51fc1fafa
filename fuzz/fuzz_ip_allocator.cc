// The ClusterIP allocator in each mode (bitmap, IPAddress with dual write,
// IPAddress alone) driven by operation sequences from the fuzzer's bytes:
// allocate-next, allocate-specific, release, dry runs. A plain set tracks what
// is taken; every allocation must be unique, inside the range, never the
// network address nor the IPv4 broadcast, from the upper band while it has
// room, and the allocator's count must match the set.
#include <cstdint>
#include <set>
#include <string>

#include "engine/alloc/ip_allocator.h"
#include "engine/shapes/byte_chooser.h"
#include "engine/shapes/shapes.h"
#include "fuzz/fuzz_check.h"

using kdual::alloc::ClusterIPAllocator;
using kdual::alloc::IPAllocatorMode;
using kdual::net::Uint128;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  kdual::shapes::ByteChooser c(data, size);
  auto mode = kdual::shapes::PickOf<kdual::shapes::ByteChooser, IPAllocatorMode>(
      c, {IPAllocatorMode::kBitmap, IPAllocatorMode::kMetaDualWrite, IPAllocatorMode::kMeta});
  bool v6 = kdual::shapes::Coin(c);
  int host_bits = static_cast<int>(c.Below(v6 ? 129 : 33));
  if (kdual::shapes::Coin(c))
    host_bits = static_cast<int>(c.Below(12));  // small ranges are the interesting ones
  kdual::net::IPAddress base = v6 ? kdual::shapes::DrawIPv6(c) : kdual::shapes::DrawIPv4(c);
  kdual::net::Cidr cidr(base, (v6 ? 128 : 32) - host_bits);
  ClusterIPAllocator a(cidr, mode);
  std::set<kdual::net::IPAddress> taken;
  Uint128 span = host_bits >= 20 ? (Uint128{1} << 20) : (Uint128{1} << host_bits);
  while (!c.exhausted()) {
    switch (c.Below(4)) {
      case 0: {  // allocate-next
        bool dry = kdual::shapes::OneIn(c, 6);
        auto r = a.AllocateNext(dry);
        if (dry || !r.ok()) {
          if (!r.ok()) KDUAL_FUZZ_CHECK(!r.message.empty(), "error without a message");
          break;
        }
        KDUAL_FUZZ_CHECK(cidr.Contains(r.value),
                         r.value.ToString() + " outside " + cidr.ToString());
        KDUAL_FUZZ_CHECK(r.value != cidr.network(),
                         "network address allocated in " + cidr.ToString());
        if (!v6)
          KDUAL_FUZZ_CHECK(r.value != cidr.Last(), "broadcast allocated in " + cidr.ToString());
        KDUAL_FUZZ_CHECK(taken.insert(r.value).second, r.value.ToString() + " allocated twice");
        Uint128 index = kdual::net::Distance(a.bitmap_base(), r.value);
        auto band = static_cast<Uint128>(a.range_offset());
        if (index < band && a.bitmap_max() <= 4096) {
          for (Uint128 i = band; i < a.bitmap_max(); ++i) {
            KDUAL_FUZZ_CHECK(a.Has(kdual::net::AddOffset(a.bitmap_base(), i)),
                             "lower band used while the upper band has room in " + cidr.ToString());
          }
        }
        break;
      }
      case 1: {  // allocate-specific
        Uint128 off = c.Below(static_cast<uint64_t>(span) + 2);
        kdual::net::IPAddress ip = kdual::net::AddOffset(cidr.network(), off);
        bool dry = kdual::shapes::OneIn(c, 5);
        auto r = a.Allocate(ip, dry);
        if (r.ok() && !dry) {
          KDUAL_FUZZ_CHECK(taken.insert(ip).second, ip.ToString() + " allocated twice");
          KDUAL_FUZZ_CHECK(ip != cidr.network(), "network address allocated");
        }
        if (!r.ok()) KDUAL_FUZZ_CHECK(!r.message.empty(), "error without a message");
        break;
      }
      case 2: {  // release one taken, or anything
        if (!taken.empty() && kdual::shapes::Coin(c)) {
          auto it = taken.begin();
          std::advance(it, c.Below(taken.size()));
          a.Release(*it);
          taken.erase(it);
        } else {
          kdual::net::IPAddress ip =
              kdual::net::AddOffset(cidr.network(), c.Below(static_cast<uint64_t>(span) + 2));
          a.Release(ip);
          taken.erase(ip);
        }
        break;
      }
      default: {  // allocate until full (small ranges)
        if (a.bitmap_max() > 300) break;
        for (int i = 0; i < 300; ++i) {
          auto r = a.AllocateNext();
          if (!r.ok()) break;
          KDUAL_FUZZ_CHECK(taken.insert(r.value).second, r.value.ToString() + " allocated twice");
        }
        break;
      }
    }
    KDUAL_FUZZ_CHECK(a.Used() == taken.size(), "allocator count differs from what was taken");
  }
  for (const auto& ip : taken) KDUAL_FUZZ_CHECK(a.Has(ip), ip.ToString() + " taken but not held");
  return 0;
}
