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
#include "engine/testing/ip_oracle.h"
#include "engine/testing/seeded_property.h"

namespace kdual::net {
namespace {

using test::As16;
using test::InetPton;

KDUAL_PROP(AddressParsing, ParsersAgreeWhereAllAccept, 1000, ()) {
  std::string text = *test::GenAddressText();
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
  std::string text = *test::GenAddressText();
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
  std::string text = *test::GenCidrText();
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
  if (cidr->host_bits() < 128)
    RC_ASSERT(Distance(cidr->network(), cidr->Last()) == AddressCount(*cidr) - 1);
}

}  // namespace
}  // namespace kdual::net
