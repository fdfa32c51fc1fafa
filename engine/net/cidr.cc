#include "engine/net/cidr.h"

#include <cstdint>
#include <limits>

#include "engine/base/go_format.h"

namespace kdual::net {
namespace {

constexpr size_t kMaxCidrText = 300;

Uint128 HostMask(int host_bits) {
  if (host_bits <= 0) return 0;
  if (host_bits >= 128) return ~Uint128{0};
  return (Uint128{1} << host_bits) - 1;
}

IPAddress FromValue(Family f, Uint128 v) {
  if (f == Family::kIPv4) return IPAddress::V4(static_cast<uint32_t>(v & 0xFFFFFFFFu));
  return IPAddress::V6(v);
}

Status BadCidr(std::string_view text) {
  return InvalidArgument("invalid CIDR address: " + std::string(text.substr(0, kMaxCidrText)));
}

}  // namespace

Cidr::Cidr(IPAddress network, int prefix_length) : prefix_length_(prefix_length) {
  int bits = network.is_v4() ? 32 : 128;
  if (prefix_length_ < 0) prefix_length_ = 0;
  if (prefix_length_ > bits) prefix_length_ = bits;
  Uint128 v = network.ToUint128() & ~HostMask(bits - prefix_length_);
  network_ = FromValue(network.family(), v);
}

bool Cidr::Contains(const IPAddress& ip) const {
  if (ip.family() != family()) return false;
  Uint128 mask = ~HostMask(host_bits());
  return (ip.ToUint128() & mask) == (network_.ToUint128() & mask);
}

std::string Cidr::ToString() const {
  return network_.ToString() + "/" + std::to_string(prefix_length_);
}

IPAddress Cidr::Last() const {
  return FromValue(family(), network_.ToUint128() | HostMask(host_bits()));
}

Result<Cidr> ParseCIDRSloppy(std::string_view text) {
  if (text.size() > kMaxCidrText) return BadCidr(text);
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return BadCidr(text);
  std::string_view addr = text.substr(0, slash);
  std::string_view mask = text.substr(slash + 1);
  // Go 1.16 ParseCIDR: try IPv4 first, then IPv6 (no first-character
  // dispatch). A string with a '.' before any ':' is IPv4 in ParseIPSloppy
  // too, so the sloppy IP parser gives the same answer except for text that
  // only one of the two would try; handle both explicitly.
  bool is_v4_text = addr.find(':') == std::string_view::npos;
  auto ip = ParseIPSloppy(addr);
  if (!ip.ok()) return BadCidr(text);
  int iplen_bits = is_v4_text ? 32 : 128;
  // dtoi: decimal digits, leading zeros allowed, must consume all of mask.
  if (mask.empty()) return BadCidr(text);
  int n = 0;
  for (char c : mask) {
    if (c < '0' || c > '9') return BadCidr(text);
    n = n * 10 + (c - '0');
    if (n > 0xFFFF) return BadCidr(text);  // dtoi's overflow bound is larger; any such n fails
  }
  if (n > iplen_bits) return BadCidr(text);
  if (!is_v4_text && ip->is_v4()) {
    // IPv4-mapped IPv6 text: the network is IPv4 only if the mask keeps all
    // of the ::ffff: prefix (n >= 96); otherwise masking clears those bits
    // and the network is an IPv6 one.
    if (n >= 96) return Cidr(*ip, n - 96);
    Uint128 v = (Uint128{0xFFFF} << 32) | ip->ToUint128();
    return Cidr(IPAddress::V6(v), n);
  }
  return Cidr(*ip, n);
}

bool NetipPrefix::HasHostBits() const {
  // An Is4In6 address is a 128-bit netip address: its length counts from
  // the ::ffff: prefix.
  int addr_bits = (addr.ip.is_v6() || addr.is4in6) ? 128 : 32;
  return (addr.ip.ToUint128() & HostMask(addr_bits - bits)) != 0;
}

std::string NetipPrefix::ToString() const { return addr.ToString() + "/" + std::to_string(bits); }

// go/src/net/netip/netip.go ParsePrefix.
Result<NetipPrefix> ParsePrefixNetip(std::string_view text, NetipRules rules) {
  auto fail = [&](const std::string& msg) -> Result<NetipPrefix> {
    return InvalidArgument("netip.ParsePrefix(" + GoQuote(text.substr(0, kMaxCidrText)) +
                           "): " + msg);
  };
  size_t slash = text.rfind('/');
  if (slash == std::string_view::npos) return fail("no '/'");
  auto addr = ParseAddrNetip(text.substr(0, slash), rules);
  if (!addr.ok()) return fail(addr.status().message());
  bool is6 = addr->ip.is_v6() || addr->is4in6;
  if (is6 && !addr->zone.empty()) return fail("IPv6 zones cannot be present in a prefix");
  std::string_view bits = text.substr(slash + 1);
  if (bits.size() > 1 && (bits[0] < '1' || bits[0] > '9'))
    return fail("bad bits after slash: " + GoQuote(bits));
  auto n = GoAtoi(bits);
  if (!n.ok) return fail("bad bits after slash: " + GoQuote(bits));
  int max_bits = is6 ? 128 : 32;
  if (n.value < 0 || n.value > max_bits) return fail("prefix length out of range");
  NetipPrefix p;
  p.addr = *addr;
  p.bits = static_cast<int>(n.value);
  return p;
}

Uint128 AddressCount(const Cidr& cidr) {
  int h = cidr.host_bits();
  if (h >= 128) return ~Uint128{0};
  return Uint128{1} << h;
}

int64_t RangeSizeInt64(const Cidr& cidr) {
  int h = cidr.host_bits();
  // k8s.io/utils/net RangeSize: an IPv4 /0 or /1 and an IPv6 /0 or /1 count
  // as 0 addresses (so the apiserver refuses them as smaller than 8).
  if ((cidr.family() == Family::kIPv4 && h >= 31) || (cidr.family() == Family::kIPv6 && h >= 127))
    return 0;
  if (h >= 63) return std::numeric_limits<int64_t>::max();
  return int64_t{1} << h;
}

IPAddress AddOffset(const IPAddress& ip, Uint128 offset) {
  return FromValue(ip.family(), ip.ToUint128() + offset);
}

Uint128 Distance(const IPAddress& from, const IPAddress& to) {
  return to.ToUint128() - from.ToUint128();
}

std::optional<IPAddress> AddressOutside(Family family, const std::vector<Cidr>& ranges,
                                        const std::vector<IPAddress>& preferred) {
  auto outside = [&](const IPAddress& ip) {
    if (ip.family() != family) return false;
    for (const auto& r : ranges) {
      if (r.family() == family && r.Contains(ip)) return false;
    }
    return true;
  };
  for (const auto& ip : preferred) {
    if (outside(ip)) return ip;
  }
  // A gap in the ranges' union starts at the family's first address or
  // right after some range's last one, so those are the only candidates
  // needed; the lowest that qualifies is the answer.
  const IPAddress first = family == Family::kIPv4 ? IPAddress::V4(0) : IPAddress::V6(0);
  std::vector<IPAddress> candidates = {first};
  for (const auto& r : ranges) {
    if (r.family() != family) continue;
    IPAddress next = AddOffset(r.Last(), 1);
    if (!(next == first)) candidates.push_back(next);  // not past the family's end
  }
  std::optional<IPAddress> best;
  for (const auto& ip : candidates) {
    if (outside(ip) && (!best || ip.ToUint128() < best->ToUint128())) best = ip;
  }
  return best;
}

}  // namespace kdual::net
