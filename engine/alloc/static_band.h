// The band split of the Service allocators (KEP-3070 for ClusterIPs, KEP-3668
// for NodePorts): the bottom of a range is a static band that dynamic
// allocation leaves for last, so that an address or port a user writes down
// there is unlikely to be taken already. Dynamic allocation picks in the
// upper (dynamic) band first and in the static band only when the upper one
// is full; a literal request may take any free value of either band.
//
// These functions are calculateRangeOffset of each allocator, the one place
// the band's size is computed: the allocators (ip_allocator.h,
// port_allocator.h) split their ranges with them, and `kdual diff`'s case
// generator puts its literal addresses and ports inside the static band.
#ifndef KDUAL_ENGINE_ALLOC_STATIC_BAND_H_
#define KDUAL_ENGINE_ALLOC_STATIC_BAND_H_

#include <cstdint>

#include "engine/flags/apiserver_flags.h"
#include "engine/net/cidr.h"

namespace kdual::alloc {

// ipallocator/bitmap.go calculateRangeOffset: the size of a ClusterIP range's
// static band, min(max(16, size/16), 256) where size = 2^host_bits (int64,
// saturating); 0 when size <= 16 (fixed in 1.27).
int64_t ClusterIPRangeOffset(const net::Cidr& cidr);

// portallocator/allocator.go calculateRangeOffset: the size of a NodePort
// range's static band, min(max(16, size/32), 128); 0 when size <= 16.
int PortRangeOffset(const flags::PortRange& range);

}  // namespace kdual::alloc

#endif  // KDUAL_ENGINE_ALLOC_STATIC_BAND_H_
