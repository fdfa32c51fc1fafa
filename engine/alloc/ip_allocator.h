// The ClusterIP allocator of one IP family, as each modelled release runs it:
//   - bitmap Range (pkg/registry/core/service/ipallocator/bitmap.go), the only
//     allocator up to 1.32;
//   - the MetaAllocator over IPAddress objects (ipallocator/cidrallocator.go,
//     ipallocator.go), on by default from 1.33, still writing the bitmap in
//     1.33 (dual write) and alone from 1.34.
// Dynamic allocation is deterministic here (the highest free address of the
// band: the one least likely to be a literal someone asks for, since people
// and tests pick low addresses); the real allocators start at a random point
// inside the band, so golden cases use placeholders. The band rule is kept: the dynamic (upper)
// band first, the static (lower) band only when the upper one is full.
#ifndef KDUAL_ENGINE_ALLOC_IP_ALLOCATOR_H_
#define KDUAL_ENGINE_ALLOC_IP_ALLOCATOR_H_

#include <string>

#include "engine/alloc/alloc_result.h"
#include "engine/alloc/interval_set.h"
#include "engine/alloc/static_band.h"
#include "engine/base/status.h"
#include "engine/net/cidr.h"
#include "engine/version/profile.h"

namespace kdual::alloc {

enum class IPAllocatorMode {
  kBitmap,         // <= 1.32
  kMetaDualWrite,  // 1.33: IPAddress allocator, bitmap also written
  kMeta,           // 1.34+: IPAddress allocator only
};

IPAllocatorMode IPAllocatorModeFor(const version::Profile& profile);

class ClusterIPAllocator {
 public:
  // `static_subrange` false (ServiceIPStaticSubrange off, before 1.25):
  // the bitmap has no static band. The IPAddress allocator always has one.
  ClusterIPAllocator(const net::Cidr& cidr, IPAllocatorMode mode, bool static_subrange = true);

  const net::Cidr& cidr() const { return cidr_; }
  net::Family family() const { return cidr_.family(); }
  IPAllocatorMode mode() const { return mode_; }

  // Allocate(ip) / AllocateService(svc, ip). With dry_run, nothing is taken
  // and only the range is checked, as the dry-run allocators do.
  IPAllocResult Allocate(const net::IPAddress& ip, bool dry_run = false);
  // AllocateNext(); with dry_run, the network address (as the dry-run
  // allocators answer).
  IPAllocResult AllocateNext(bool dry_run = false);
  // Release: a no-op for addresses that are not allocated or not in range.
  void Release(const net::IPAddress& ip);
  bool Has(const net::IPAddress& ip) const;
  size_t Used() const { return allocated_.size(); }

  // Bitmap view: the first usable address (network + 1), how many addresses
  // the bitmap holds (IPv6 capped at 65536 - 1), and the static band size.
  net::IPAddress bitmap_base() const { return net::AddOffset(cidr_.network(), 1); }
  net::Uint128 bitmap_max() const { return bitmap_max_; }
  int64_t range_offset() const { return offset_; }
  // IPAddress allocator view: first and last usable address.
  net::IPAddress first() const { return bitmap_base(); }
  net::IPAddress last() const { return last_; }
  // False when the IPAddress allocator refuses the prefix (an IPv6 prefix
  // shorter than /64): every allocation then fails.
  bool usable() const { return usable_; }

 private:
  bool BitmapContains(const net::IPAddress& ip) const;
  bool PrefixContains(const net::IPAddress& ip) const;  // first..last
  // Lowest free address in [from, from + count), if any.
  bool FindFree(const net::IPAddress& from, net::Uint128 count, net::IPAddress* out) const;

  net::Cidr cidr_;
  IPAllocatorMode mode_;
  net::Uint128 bitmap_max_ = 0;
  net::Uint128 ipaddr_size_ = 0;
  net::IPAddress last_;
  int64_t offset_ = 0;
  bool usable_ = true;
  IntervalSet allocated_;  // the allocated addresses as integers
};

std::string NotInRangeMessage(const net::IPAddress& ip, const net::Cidr& cidr);

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_IP_ALLOCATOR_H_
