// IP addresses as Go's net and net/netip packages (and k8s.io/utils/net)
// read and print them.
#ifndef KDUAL_ENGINE_NET_IP_ADDRESS_H_
#define KDUAL_ENGINE_NET_IP_ADDRESS_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/base/status.h"

namespace kdual::net {

enum class Family { kIPv4, kIPv6 };

// "IPv4" or "IPv6", as Kubernetes spells the families.
const char* FamilyName(Family family);

// A 128-bit unsigned integer for address arithmetic (no heap allocation).
using Uint128 = unsigned __int128;

// An IPv4 or IPv6 address. An IPv4 address is held as 4 bytes; IPv4-mapped
// IPv6 forms (::ffff:1.2.3.4) parse to IPv4, as Go's net.ParseIP does.
class IPAddress {
 public:
  IPAddress() = default;
  static IPAddress V4(uint32_t host_order);
  static IPAddress V6(Uint128 host_order);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kIPv4; }
  bool is_v6() const { return family_ == Family::kIPv6; }

  // The address as an integer (32 significant bits for IPv4).
  Uint128 ToUint128() const;
  // Go's net.IP.IsUnspecified: 0.0.0.0 or ::.
  bool IsUnspecified() const { return ToUint128() == 0; }

  // Printed as Go's net.IP.String() prints: dotted quad for IPv4, RFC 5952
  // for IPv6 (lower case, longest run of zero groups as ::).
  std::string ToString() const;

  // The raw bytes: 4 for IPv4, 16 for IPv6 (the rest are zero).
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }

  friend bool operator==(const IPAddress& a, const IPAddress& b) {
    return a.family_ == b.family_ && a.bytes_ == b.bytes_;
  }
  friend bool operator<(const IPAddress& a, const IPAddress& b) {
    if (a.family_ != b.family_) return a.family_ < b.family_;
    return a.bytes_ < b.bytes_;
  }

 private:
  Family family_ = Family::kIPv4;
  std::array<uint8_t, 16> bytes_{};  // IPv4 uses the first 4
};

// k8s.io/utils/net ParseIPSloppy (Go's pre-1.17 net.ParseIP): IPv4 octets
// with leading zeros are read as decimal. Fails with a message naming `text`.
Result<IPAddress> ParseIPSloppy(std::string_view text);

// Go's netip.ParseAddr rules (the strict form): no leading zeros in IPv4
// octets, no zones accepted here (a zone is an error).
Result<IPAddress> ParseIPStrict(std::string_view text);

// What Go's netip.ParseAddr returns: the address as netip keeps it (an
// IPv4-mapped IPv6 address stays IPv6, Is4In6) and an optional zone. On
// failure the message is exactly Go's: `ParseAddr("x"): <reason>[ (at "y")]`.
struct NetipAddr {
  IPAddress ip;         // IPv4 for a dotted quad; IPv4 also for ::ffff:a.b.c.d
  bool is4in6 = false;  // written as ::ffff:a.b.c.d (netip's Is4In6)
  std::string zone;
  // netip.Addr.String(): "::ffff:1.2.3.4" for Is4In6, RFC 5952 otherwise.
  std::string ToString() const;
};
// Which Go release's netip: kGo122 (Kubernetes 1.27 and 1.28 are built
// with Go 1.22) reads an IPv6 group of five or more digits as long as its
// value fits, and words an embedded IPv4 address's error as a ParseAddr of
// that part inside the whole: `ParseAddr("::ffff:01.2.3.4"): ParseAddr(
// "01.2.3.4"): <reason> (at "01.2.3.4")`; from Go 1.23 the reason is the
// whole address's own.
enum class NetipRules { kGo122, kGo123 };
Result<NetipAddr> ParseAddrNetip(std::string_view text, NetipRules rules = NetipRules::kGo123);

}  // namespace kdual::net

#endif  // KDUAL_ENGINE_NET_IP_ADDRESS_H_
