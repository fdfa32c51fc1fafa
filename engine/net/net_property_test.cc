#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "engine/net/cidr.h"

namespace kdual::net {
namespace {

RC_GTEST_PROP(NetProperty, IPv4RoundTrips, (uint32_t v)) {
  IPAddress ip = IPAddress::V4(v);
  auto back = ParseIPSloppy(ip.ToString());
  RC_ASSERT(back.ok());
  RC_ASSERT(*back == ip);
}

RC_GTEST_PROP(NetProperty, IPv6RoundTrips, (uint64_t hi, uint64_t lo)) {
  Uint128 v = (Uint128{hi} << 64) | lo;
  IPAddress ip = IPAddress::V6(v);
  auto back = ParseIPSloppy(ip.ToString());
  RC_ASSERT(back.ok());
  // Mapped values print as IPv4 and come back as IPv4 (Go's To4 rule).
  if ((v >> 32) == 0xFFFF) {
    RC_ASSERT(back->is_v4());
  } else {
    RC_ASSERT(*back == ip);
    auto strict = ParseAddrNetip(ip.ToString());
    RC_ASSERT(strict.ok());
    RC_ASSERT(strict->ToString() == ip.ToString());
  }
}

RC_GTEST_PROP(NetProperty, ArbitraryTextNeverCrashes, (const std::string& s)) {
  (void)ParseIPSloppy(s);
  (void)ParseAddrNetip(s);
  (void)ParseCIDRSloppy(s);
  (void)ParseCIDRSloppy(s + "/24");
}

RC_GTEST_PROP(NetProperty, CidrContainsItsNetworkAndLast, (uint32_t v, uint8_t len)) {
  Cidr c(IPAddress::V4(v), len % 33);
  RC_ASSERT(c.Contains(c.network()));
  RC_ASSERT(c.Contains(c.Last()));
  auto parsed = ParseCIDRSloppy(c.ToString());
  RC_ASSERT(parsed.ok());
  RC_ASSERT(*parsed == c);
}

}  // namespace
}  // namespace kdual::net
