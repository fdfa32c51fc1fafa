// 1.33's dual write where the bitmap and the ServiceCIDR part ways.
//
// In v1.33 the MetaAllocator (ipallocator/cidrallocator.go) allocates
// IPAddress objects from the ServiceCIDRs and also writes the legacy bitmap
// of the flag's range, a RangeAllocation stored in etcd under
// /ranges/serviceips (the primary range) and /ranges/secondaryserviceips
// (the secondary). registry/core/rest/storage_core.go creates a key from the
// flag when it is missing and otherwise leaves it as stored, so after a
// restart onto other ranges:
//   - a key stored with another range is stale: every bitmap call fails in
//     storage.go tryUpdate/Restore ("the provided range does not match the
//     current range"); AllocateNextService then falls back to the
//     ServiceCIDRs, and a static address inside the flag's range fails;
//   - a fresh key serves addresses of the flag's range that no ServiceCIDR
//     holds (the default ServiceCIDR keeps the first start's range):
//     AllocateNextService takes one from the bitmap, finds no ServiceCIDR
//     for it and fails with ErrMismatchedNetwork, the address staying taken
//     in the bitmap; once the bitmap is full it falls back to the
//     ServiceCIDRs.
// Where the bitmap's range is the ServiceCIDR's (every start that keeps its
// ranges) the ClusterIPAllocator's kMetaDualWrite mode models both as one.
#ifndef KDUAL_ENGINE_ALLOC_LEGACY_BITMAP_H_
#define KDUAL_ENGINE_ALLOC_LEGACY_BITMAP_H_

#include "engine/alloc/ip_allocator.h"
#include "engine/net/cidr.h"

namespace kdual::alloc {

// The text of allocator/bitmap.go Restore when the stored range differs.
inline constexpr const char* kErrRangeMismatch =
    "the provided range does not match the current range";

struct LegacyBitmap {
  // The RangeAllocation as stored (kBitmap mode over the stored range); it
  // outlives restarts, as etcd does. Not owned.
  ClusterIPAllocator* stored = nullptr;
  // The range this start's flags give the key: the bitmap's CIDR() in memory.
  net::Cidr flag_range;

  bool stale() const { return stored == nullptr || !(stored->cidr() == flag_range); }
};

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_LEGACY_BITMAP_H_
