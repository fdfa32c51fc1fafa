// CIDR prefixes as Go's net.ParseCIDR / k8s.io/utils ParseCIDRSloppy read them.
#ifndef KDUAL_ENGINE_NET_CIDR_H_
#define KDUAL_ENGINE_NET_CIDR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/net/ip_address.h"

namespace kdual::net {

// A network: its (masked) network address and prefix length.
class Cidr {
 public:
  Cidr() = default;
  Cidr(IPAddress network, int prefix_length);  // masks host bits

  const IPAddress& network() const { return network_; }
  int prefix_length() const { return prefix_length_; }
  Family family() const { return network_.family(); }
  int address_bits() const { return network_.is_v4() ? 32 : 128; }
  int host_bits() const { return address_bits() - prefix_length_; }

  bool Contains(const IPAddress& ip) const;

  // "10.96.0.0/16", "fd00:10:96::/112", as Go's IPNet.String() prints.
  std::string ToString() const;

  // The last address of the network (the IPv4 broadcast address).
  IPAddress Last() const;

  friend bool operator==(const Cidr& a, const Cidr& b) {
    return a.network_ == b.network_ && a.prefix_length_ == b.prefix_length_;
  }

 private:
  IPAddress network_;
  int prefix_length_ = 0;
};

// ParseCIDRSloppy: host bits are masked off, IPv4 leading zeros are decimal.
// Errors read as Go's: `invalid CIDR address: <text>`. An IPv4-mapped IPv6
// network with a prefix of /96 or longer is an IPv4 network (prefix - 96),
// as Go's IPNet.String() and To4() see it.
Result<Cidr> ParseCIDRSloppy(std::string_view text);

// What Go's netip.ParsePrefix returns: the address as written (not masked;
// an IPv4-mapped address stays Is4In6) and the prefix length. Stricter than
// ParseCIDRSloppy: no leading zeros in octets or in the length, no zone.
// On failure the message is Go's `netip.ParsePrefix("x"): <reason>`.
struct NetipPrefix {
  NetipAddr addr;
  int bits = 0;
  // Whether the address has bits set beyond the prefix length.
  bool HasHostBits() const;
  // netip.Prefix.String(): "10.0.0.0/8", "::ffff:1.2.3.0/120".
  std::string ToString() const;
};
Result<NetipPrefix> ParsePrefixNetip(std::string_view text, NetipRules rules = NetipRules::kGo123);

// --- 128-bit address arithmetic ---

// The number of addresses in the network, 2^host_bits, saturating at the
// largest Uint128 for a /0 IPv6 network.
Uint128 AddressCount(const Cidr& cidr);

// k8s.io/utils/net RangeSize: 2^host_bits, or INT64_MAX when host_bits >= 63.
int64_t RangeSizeInt64(const Cidr& cidr);

// `ip` plus `offset`, wrapping within the family's address space (Go's
// netutils.AddIPOffset on the family's width).
IPAddress AddOffset(const IPAddress& ip, Uint128 offset);

// to - from as an unsigned 128-bit difference (same family expected).
Uint128 Distance(const IPAddress& from, const IPAddress& to);

// An address of `family` that none of `ranges` holds: the first of
// `preferred` that qualifies, else the lowest such address; nullopt when the
// ranges together hold every address of the family (a /0, or two /1s).
// Ranges of the other family are ignored.
std::optional<IPAddress> AddressOutside(Family family, const std::vector<Cidr>& ranges,
                                        const std::vector<IPAddress>& preferred = {});

}  // namespace kdual::net

#endif  // KDUAL_ENGINE_NET_CIDR_H_
