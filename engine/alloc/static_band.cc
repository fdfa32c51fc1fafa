#include "engine/alloc/static_band.h"

namespace kdual::alloc {

int64_t ClusterIPRangeOffset(const net::Cidr& cidr) {
  // bitmap.go calculateRangeOffset: cidrSize = RangeSize(cidr) (int64,
  // saturating); <= 16 -> 0; else clamp(cidrSize/16, 16, 256).
  int64_t size = net::RangeSizeInt64(cidr);
  if (size <= 16) return 0;
  int64_t offset = size / 16;
  if (offset < 16) return 16;
  if (offset > 256) return 256;
  return offset;
}

int PortRangeOffset(const flags::PortRange& range) {
  // portallocator/allocator.go calculateRangeOffset.
  int size = range.size;
  if (size <= 16) return 0;
  int offset = size / 32;
  if (offset < 16) return 16;
  if (offset > 128) return 128;
  return offset;
}

}  // namespace kdual::alloc
