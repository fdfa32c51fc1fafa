// Address and CIDR parsing over the awkward spellings (leading zeros,
// IPv4-mapped and embedded IPv4, zones, upper case, long and over-long
// forms): the sloppy parser, the strict one and the C library's inet_pton
// agree on every text they all accept, and what a parser prints it reads
// back unchanged.
#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <optional>

#include <gtest/gtest.h>
#include <rapidcheck.h>

#include "engine/net/cidr.h"
#include "engine/testing/generators.h"
#include "engine/testing/seeded_property.h"

namespace kdual::net {
namespace {

// The 16-byte IPv6 form, IPv4 as ::ffff:a.b.c.d, so families compare.
std::array<uint8_t, 16> As16(const IPAddress& ip) {
  std::array<uint8_t, 16> out{};
  if (ip.is_v4()) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, ip.bytes().data(), 4);
  } else {
    out = ip.bytes();
  }
  return out;
}

std::optional<std::array<uint8_t, 16>> InetPton(const std::string& text) {
  if (text.find('\0') != std::string::npos) return std::nullopt;
  std::array<uint8_t, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, text.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, text.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return out;
  }
  return std::nullopt;
}

KDUAL_PROP(AddressParsing, ParsersAgreeWhereAllAccept, 1000, ()) {
  std::string text = *testing::GenAddressText();
  auto sloppy = ParseIPSloppy(text);
  auto strict = ParseIPStrict(text);
  auto netip = ParseAddrNetip(text);
  auto libc = InetPton(text);
  RC_TAG(sloppy.ok() ? "sloppy" : "-", strict.ok() ? "strict" : "-", libc ? "inet_pton" : "-");
  if (!sloppy.ok()) RC_ASSERT(!sloppy.status().message().empty());
  // The strict parser accepts a subset of what the sloppy one does, with
  // the same answer.
  if (strict.ok()) {
    RC_ASSERT(sloppy.ok());
    RC_ASSERT(As16(*strict) == As16(*sloppy));
  }
  if (netip.ok() && netip->zone.empty()) {
    RC_ASSERT(sloppy.ok());
    RC_ASSERT(As16(netip->ip) == As16(*sloppy));
  }
  if (sloppy.ok() && libc) RC_ASSERT(*libc == As16(*sloppy));
  if (strict.ok() && libc) RC_ASSERT(*libc == As16(*strict));
}

KDUAL_PROP(AddressParsing, PrintedFormReadsBack, 1000, ()) {
  std::string text = *testing::GenAddressText();
  auto ip = ParseIPSloppy(text);
  RC_PRE(ip.ok());
  std::string printed = ip->ToString();
  auto again = ParseIPSloppy(printed);
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *ip);
  RC_ASSERT(again->ToString() == printed);
  // The printed form is canonical: the strict parser takes it too.
  RC_ASSERT(ParseIPStrict(printed).ok());
}

KDUAL_PROP(CidrParsing, ParsedNetworkIsMaskedAndReadsBack, 1000, ()) {
  std::string text = *testing::GenCidrText();
  auto cidr = ParseCIDRSloppy(text);
  if (!cidr.ok()) {
    RC_ASSERT(!cidr.status().message().empty());
    return;
  }
  RC_ASSERT(cidr->prefix_length() >= 0 && cidr->prefix_length() <= cidr->address_bits());
  RC_ASSERT(cidr->Contains(cidr->network()));
  RC_ASSERT(cidr->Contains(cidr->Last()));
  // No host bits: the network is the first address.
  RC_ASSERT(Cidr(cidr->network(), cidr->prefix_length()).network() == cidr->network());
  auto again = ParseCIDRSloppy(cidr->ToString());
  RC_ASSERT(again.ok());
  RC_ASSERT(*again == *cidr);
  // AddressCount saturates for ::/0 (2^128 does not fit), as documented.
  if (cidr->host_bits() < 128) RC_ASSERT(Distance(cidr->network(), cidr->Last()) == AddressCount(*cidr) - 1);
}

}  // namespace
}  // namespace kdual::net
