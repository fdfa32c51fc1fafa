#include "engine/net/cidr.h"

#include <gtest/gtest.h>

namespace kdual::net {
namespace {

std::string Parse(std::string_view s) {
  auto r = ParseCIDRSloppy(s);
  return r.ok() ? std::string(FamilyName(r->family())) + " " + r->ToString() : r.status().message();
}

TEST(ParseCIDRSloppy, MasksHostBitsAndReadsLeadingZeros) {
  EXPECT_EQ(Parse("10.0.0.5/24"), "IPv4 10.0.0.0/24");
  EXPECT_EQ(Parse("10.0.0.0/024"), "IPv4 10.0.0.0/24");
  EXPECT_EQ(Parse("010.096.0.0/12"), "IPv4 10.96.0.0/12");
  EXPECT_EQ(Parse("fd00:10:96::1/112"), "IPv6 fd00:10:96::/112");
  EXPECT_EQ(Parse("2001:db8::/0"), "IPv6 ::/0");
}

TEST(ParseCIDRSloppy, ErrorsAreGos) {
  EXPECT_EQ(Parse("10.0.0.0"), "invalid CIDR address: 10.0.0.0");
  EXPECT_EQ(Parse("10.0.0.0/33"), "invalid CIDR address: 10.0.0.0/33");
  EXPECT_EQ(Parse("10.0.0.0/"), "invalid CIDR address: 10.0.0.0/");
  EXPECT_EQ(Parse("10.0.0.0/2a"), "invalid CIDR address: 10.0.0.0/2a");
  EXPECT_EQ(Parse("fd00::/129"), "invalid CIDR address: fd00::/129");
  EXPECT_EQ(Parse(" 10.0.0.0/8"), "invalid CIDR address:  10.0.0.0/8");
}

TEST(ParseCIDRSloppy, MappedIPv6IsIPv4WhenTheMaskKeepsTheMarker) {
  // Go IPNet.String(): ::ffff:192.168.0.1/120 prints 192.168.0.0/24.
  EXPECT_EQ(Parse("::ffff:192.168.0.1/120"), "IPv4 192.168.0.0/24");
  EXPECT_EQ(Parse("::ffff:10.0.0.0/80"), "IPv6 ::/80");
}

TEST(CidrArithmetic, SizesAndOffsets) {
  auto c = *ParseCIDRSloppy("10.96.0.0/16");
  EXPECT_EQ(AddressCount(c), Uint128{65536});
  EXPECT_EQ(RangeSizeInt64(c), 65536);
  EXPECT_EQ(c.Last().ToString(), "10.96.255.255");
  EXPECT_EQ(AddOffset(c.network(), 257).ToString(), "10.96.1.1");
  auto v6 = *ParseCIDRSloppy("fd00::/64");
  EXPECT_EQ(RangeSizeInt64(v6), INT64_MAX);
  // utils/net RangeSize: a /0 or /1 of either family counts as 0.
  for (const char* text : {"0.0.0.0/0", "128.0.0.0/1", "::/0", "8000::/1"})
    EXPECT_EQ(RangeSizeInt64(*ParseCIDRSloppy(text)), 0) << text;
  EXPECT_EQ(RangeSizeInt64(*ParseCIDRSloppy("0.0.0.0/2")), int64_t{1} << 30);
  EXPECT_EQ(v6.Last().ToString(), "fd00::ffff:ffff:ffff:ffff");
  EXPECT_EQ(AddOffset(*ParseIPSloppy("255.255.255.255"), 1).ToString(), "0.0.0.0");
  EXPECT_EQ(Distance(*ParseIPSloppy("fd00::1"), *ParseIPSloppy("fd00::1:0")), Uint128{65535});
  EXPECT_TRUE(c.Contains(*ParseIPSloppy("10.96.3.4")));
  EXPECT_FALSE(c.Contains(*ParseIPSloppy("10.97.0.0")));
  EXPECT_FALSE(c.Contains(*ParseIPSloppy("fd00::1")));
}

TEST(AddressOutside, PrefersTheGivenAddressThenTheLowestFreeOne) {
  auto c = [](const char* s) { return *ParseCIDRSloppy(s); };
  auto ip = [](const char* s) { return *ParseIPSloppy(s); };
  // The preferred address when it is free.
  EXPECT_EQ(AddressOutside(Family::kIPv4, {c("10.0.0.0/8")}, {ip("192.0.2.10")})->ToString(),
            "192.0.2.10");
  // Taken: the lowest free address, right after a range or at the start.
  EXPECT_EQ(AddressOutside(Family::kIPv4, {c("128.0.0.0/1")}, {ip("192.0.2.10")})->ToString(),
            "0.0.0.0");
  EXPECT_EQ(AddressOutside(Family::kIPv4, {c("0.0.0.0/1"), c("128.0.0.0/2")}, {})->ToString(),
            "192.0.0.0");
  // Other families' ranges do not count.
  EXPECT_EQ(AddressOutside(Family::kIPv6, {c("0.0.0.0/0")}, {})->ToString(), "::");
  // Ranges that hold every address of the family leave none.
  EXPECT_FALSE(AddressOutside(Family::kIPv4, {c("10.244.0.1/0")}, {ip("192.0.2.10")}));
  EXPECT_FALSE(AddressOutside(Family::kIPv4, {c("0.0.0.0/1"), c("128.0.0.0/1")}, {}));
  EXPECT_FALSE(AddressOutside(Family::kIPv6, {c("::/1"), c("8000::/1")}, {}));
  EXPECT_EQ(AddressOutside(Family::kIPv6, {c("::/1"), c("8000::/2")}, {})->ToString(), "c000::");
}

}  // namespace
}  // namespace kdual::net
