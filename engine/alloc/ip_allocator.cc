#include "engine/alloc/ip_allocator.h"

#include <iterator>
#include <string>

#include "engine/base/explain_trace.h"

namespace kdual::alloc {
namespace {

constexpr const char* kErrFull = "range is full";
constexpr const char* kErrAllocated = "provided IP is already allocated";
constexpr const char* kErrMismatched = "the provided network does not match the current range";
constexpr const char* kErrNotReady = "allocator not ready";

IPAllocResult Fail(AllocError e, std::string msg, const net::IPAddress& ip = {}) {
  return IPAllocResult::Fail(e, std::move(msg), ip);
}

IPAllocResult Ok(const net::IPAddress& ip) { return IPAllocResult::Ok(ip); }

}  // namespace

IPAllocatorMode IPAllocatorModeFor(const version::Profile& profile) {
  if (!profile.multi_cidr_service_allocator) return IPAllocatorMode::kBitmap;
  return profile.dual_write_legacy_bitmap ? IPAllocatorMode::kMetaDualWrite
                                          : IPAllocatorMode::kMeta;
}

std::string NotInRangeMessage(const net::IPAddress& ip, const net::Cidr& cidr) {
  return "the provided IP (" + ip.ToString() +
         ") is not in the valid range. The range of valid IPs is " + cidr.ToString();
}

ClusterIPAllocator::ClusterIPAllocator(const net::Cidr& cidr, IPAllocatorMode mode,
                                       bool static_subrange)
    : cidr_(cidr), mode_(mode) {
  int h = cidr.host_bits();
  // bitmap.go New: max = RangeSize; IPv6 capped at 65536; IPv4 minus the
  // broadcast address; then minus the network address; at least 0.
  net::Uint128 size = net::AddressCount(cidr);
  if (h >= 63) size = static_cast<net::Uint128>(INT64_MAX);  // RangeSize saturates
  net::Uint128 max = size;
  if (cidr.family() == net::Family::kIPv6) {
    if (max > 65536) max = 65536;
  } else {
    max = max == 0 ? 0 : max - 1;
  }
  bitmap_max_ = max == 0 ? 0 : max - 1;
  // ipallocator.go: first = network + 1, last = broadcast (IPv6) or
  // broadcast - 1 (IPv4); size = hostsPerNetwork.
  last_ = cidr.Last();
  if (cidr.family() == net::Family::kIPv4) last_ = net::AddOffset(last_, ~net::Uint128{0});
  net::Uint128 all = net::AddressCount(cidr);
  ipaddr_size_ = all == 0 ? 0 : all - 1;
  if (cidr.family() == net::Family::kIPv4 && ipaddr_size_ > 0) ipaddr_size_ -= 1;
  if (h <= 0) ipaddr_size_ = 0;
  // ipallocator/allocator.go NewAllocatorCIDRRange (1.24): offset 0 unless
  // ServiceIPStaticSubrange is on.
  offset_ = (mode != IPAllocatorMode::kBitmap || static_subrange) ? ClusterIPRangeOffset(cidr) : 0;
  if (mode != IPAllocatorMode::kBitmap && cidr.family() == net::Family::kIPv6 &&
      cidr.prefix_length() < 64) {
    usable_ = false;  // "shortest allowed prefix length for service CIDR is 64"
  }
}

bool ClusterIPAllocator::BitmapContains(const net::IPAddress& ip) const {
  if (!cidr_.Contains(ip)) return false;
  net::IPAddress base = bitmap_base();
  if (ip.ToUint128() < base.ToUint128()) return false;  // the network address
  return net::Distance(base, ip) < bitmap_max_;
}

bool ClusterIPAllocator::PrefixContains(const net::IPAddress& ip) const {
  if (!cidr_.Contains(ip)) return false;
  net::Uint128 v = ip.ToUint128();
  return v >= first().ToUint128() && v <= last_.ToUint128() && ipaddr_size_ > 0;
}

bool ClusterIPAllocator::Has(const net::IPAddress& ip) const {
  return ip.family() == cidr_.family() && allocated_.Contains(ip.ToUint128());
}

IPAllocResult ClusterIPAllocator::Allocate(const net::IPAddress& ip, bool dry_run) {
  switch (mode_) {
    case IPAllocatorMode::kBitmap:
      if (!BitmapContains(ip)) {
        return Fail(AllocError::kNotInRange, NotInRangeMessage(ip, cidr_), ip);
      }
      if (dry_run) return Ok(ip);
      if (Has(ip)) return Fail(AllocError::kAllocated, kErrAllocated, ip);
      allocated_.Insert(ip.ToUint128());
      return Ok(ip);
    case IPAllocatorMode::kMetaDualWrite:
    case IPAllocatorMode::kMeta:
      if (dry_run) {
        // MetaAllocator.DryRun() is the IPAddress allocator's dry run: a
        // first..last range check with ErrNotInRange.
        if (!usable_) return Fail(AllocError::kNotReady, kErrNotReady, ip);
        if (!PrefixContains(ip))
          return Fail(AllocError::kNotInRange, NotInRangeMessage(ip, cidr_), ip);
        return Ok(ip);
      }
      if (!usable_ || !PrefixContains(ip)) {
        return Fail(AllocError::kMismatchedNetwork, kErrMismatched, ip);
      }
      if (mode_ == IPAllocatorMode::kMetaDualWrite) {
        // cidrallocator.go AllocateService: bitmap.Allocate first when the
        // bitmap's CIDR contains the address.
        if (!BitmapContains(ip))
          return Fail(AllocError::kNotInRange, NotInRangeMessage(ip, cidr_), ip);
      }
      if (Has(ip)) return Fail(AllocError::kAllocated, kErrAllocated, ip);
      allocated_.Insert(ip.ToUint128());
      return Ok(ip);
  }
  return Fail(AllocError::kNotReady, kErrNotReady, ip);
}

bool ClusterIPAllocator::FindFree(const net::IPAddress& from, net::Uint128 count,
                                  net::IPAddress* out) const {
  // The highest free address of [from, from + count).
  if (count == 0) return false;
  const net::Uint128 start = from.ToUint128();
  net::Uint128 free = 0;
  if (!allocated_.HighestFreeIn(start, start + (count - 1), &free)) return false;
  *out = net::AddOffset(from, free - start);
  return true;
}

IPAllocResult ClusterIPAllocator::AllocateNext(bool dry_run) {
  if (dry_run) {
    if (mode_ != IPAllocatorMode::kBitmap && !usable_)
      return Fail(AllocError::kNotReady, kErrNotReady);
    KDUAL_TRACE("ipallocator DryRun",
                "dry run: no address is taken; the answer shows the range's network address " +
                    cidr_.network().ToString());
    return Ok(cidr_.network());
  }
  net::IPAddress ip;
  const char* band = "upper (dynamic) band";
  auto bitmap_next = [&]() -> bool {
    // randomScanStrategyWithOffset: the upper band [offset, max) first, then
    // [0, offset). (An offset at or above max leaves only the lower band.)
    net::Uint128 max = bitmap_max_;
    net::Uint128 off = static_cast<net::Uint128>(offset_);
    if (off > max) off = max;
    if (FindFree(net::AddOffset(bitmap_base(), off), max - off, &ip)) return true;
    band = "lower (static) band, the upper band being full";
    return off > 0 && FindFree(bitmap_base(), off, &ip);
  };
  auto ipaddr_next = [&]() -> bool {
    // ipallocator.go allocateNextService: rangeSize = size - offset;
    // [first + offset, last], then [first, first + offset - 1].
    net::Uint128 off = static_cast<net::Uint128>(offset_);
    if (ipaddr_size_ <= off) return false;
    if (FindFree(net::AddOffset(first(), off), ipaddr_size_ - off, &ip)) return true;
    band = "lower (static) band, the upper band being full";
    return off > 0 && FindFree(first(), off, &ip);
  };
  bool found = false;
  switch (mode_) {
    case IPAllocatorMode::kBitmap: found = bitmap_next(); break;
    case IPAllocatorMode::kMetaDualWrite:
      // cidrallocator.go AllocateNextService: the bitmap first; when it is
      // full, the IPAddress allocators (which have no 65536 cap).
      found = bitmap_next() || (usable_ && ipaddr_next());
      break;
    case IPAllocatorMode::kMeta: found = usable_ && ipaddr_next(); break;
  }
  if (!found) {
    KDUAL_TRACE("ipallocator AllocateNext",
                cidr_.ToString() + " has no free address: range is full");
    return Fail(AllocError::kFull, kErrFull);
  }
  KDUAL_TRACE("ipallocator AllocateNext",
              ip.ToString() + " from the " + band + " of " + cidr_.ToString() +
                  " (the static band is the first " + std::to_string(offset_) +
                  " addresses; the server picks at random inside the band, the engine the "
                  "highest free)");
  allocated_.Insert(ip.ToUint128());
  return Ok(ip);
}

void ClusterIPAllocator::Release(const net::IPAddress& ip) {
  if (ip.family() == cidr_.family()) allocated_.Erase(ip.ToUint128());
}

}  // namespace kdual::alloc
