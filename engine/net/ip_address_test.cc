#include "engine/net/ip_address.h"

#include <gtest/gtest.h>

namespace kdual::net {
namespace {

std::string Sloppy(std::string_view s) {
  auto r = ParseIPSloppy(s);
  return r.ok() ? std::string(FamilyName(r->family())) + " " + r->ToString() : "error";
}

TEST(ParseIPSloppy, LeadingZerosAreDecimal) {
  // k8s.io/utils net_test / the forked parser: "010.000.000.001" is 10.0.0.1.
  EXPECT_EQ(Sloppy("010.000.000.001"), "IPv4 10.0.0.1");
  EXPECT_EQ(Sloppy("1.2.3.0255"), "IPv4 1.2.3.255");
  EXPECT_EQ(Sloppy("1.2.3.256"), "error");
  EXPECT_EQ(Sloppy("1.2.3"), "error");
  EXPECT_EQ(Sloppy("1.2.3.4."), "error");
}

TEST(ParseIPSloppy, MappedIsIPv4CompatibleIsIPv6) {
  EXPECT_EQ(Sloppy("::ffff:1.2.3.4"), "IPv4 1.2.3.4");
  EXPECT_EQ(Sloppy("0:0:0:0:0:ffff:1.2.3.4"), "IPv4 1.2.3.4");
  EXPECT_EQ(Sloppy("::ffff:0102:0304"), "IPv4 1.2.3.4");
  EXPECT_EQ(Sloppy("::1.2.3.4"), "IPv6 ::102:304");
}

TEST(ParseIPSloppy, RejectsZonesBracketsAndSpace) {
  EXPECT_EQ(Sloppy("fe80::1%eth0"), "error");
  EXPECT_EQ(Sloppy("[::1]"), "error");
  EXPECT_EQ(Sloppy(" 10.0.0.1"), "error");
  EXPECT_EQ(Sloppy(""), "error");
  EXPECT_EQ(Sloppy("None"), "error");
  EXPECT_EQ(Sloppy(std::string(100000, '1')), "error");
}

TEST(ParseIPSloppy, IPv6Grammar) {
  EXPECT_EQ(Sloppy("::"), "IPv6 ::");
  EXPECT_EQ(Sloppy("2001:DB8::1"), "IPv6 2001:db8::1");
  EXPECT_EQ(Sloppy("00001::1"), "IPv6 1::1");  // no digit-count limit in the fork
  EXPECT_EQ(Sloppy("1:2:3:4:5:6:7:8"), "IPv6 1:2:3:4:5:6:7:8");
  EXPECT_EQ(Sloppy("1:2:3:4:5:6:7::"), "IPv6 1:2:3:4:5:6:7:0");
  EXPECT_EQ(Sloppy("1:2:3:4:5:6:7:8::"), "error");  // :: must stand for a group
  EXPECT_EQ(Sloppy("1::2::3"), "error");
  EXPECT_EQ(Sloppy("1:2:3:4:5:6:1.2.3.4"), "IPv6 1:2:3:4:5:6:102:304");
  EXPECT_EQ(Sloppy("1:2:3:4:5:1.2.3.4"), "error");
  EXPECT_EQ(Sloppy("10000::"), "error");
}

TEST(IPAddressToString, RFC5952) {
  // Go net.IP.String(): the longest zero run, the first on ties, never one group.
  EXPECT_EQ(Sloppy("2001:0db8:0000:0000:0001:0000:0000:0001"), "IPv6 2001:db8::1:0:0:1");
  EXPECT_EQ(Sloppy("2001:db8:0:1:0:0:0:1"), "IPv6 2001:db8:0:1::1");
  EXPECT_EQ(Sloppy("2001:db8:0:1:1:1:1:1"), "IPv6 2001:db8:0:1:1:1:1:1");
  EXPECT_EQ(Sloppy("fd00:10:96::"), "IPv6 fd00:10:96::");
  EXPECT_EQ(Sloppy("0:0:0:0:0:0:0:1"), "IPv6 ::1");
}

TEST(ParseAddrNetip, ErrorTextsAreGos) {
  auto msg = [](std::string_view s) {
    auto r = ParseAddrNetip(s);
    return r.ok() ? std::string("ok ") + r->ToString() : r.status().message();
  };
  EXPECT_EQ(msg("010.0.0.1"), "ParseAddr(\"010.0.0.1\"): IPv4 field has octet with leading zero");
  EXPECT_EQ(msg("1.2.3.256"), "ParseAddr(\"1.2.3.256\"): IPv4 field has value >255");
  EXPECT_EQ(msg("1.2.3"), "ParseAddr(\"1.2.3\"): IPv4 address too short");
  EXPECT_EQ(msg("abc"), "ParseAddr(\"abc\"): unable to parse IP");
  EXPECT_EQ(msg("1..2.3"),
            "ParseAddr(\"1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")");
  EXPECT_EQ(msg("::ffff:1.2.3.4"), "ok ::ffff:1.2.3.4");
  EXPECT_EQ(msg("2001:DB8::1"), "ok 2001:db8::1");
  EXPECT_EQ(msg("1::2::3"), "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")");
  EXPECT_EQ(msg("00001::1"),
            "ParseAddr(\"00001::1\"): each group must have 4 or less digits (at \"00001::1\")");
  EXPECT_TRUE(ParseAddrNetip("::ffff:1.2.3.4")->is4in6);
}

TEST(ParseAddrNetip, Go122Rules) {
  // Kubernetes 1.27 and 1.28 are built with Go 1.22 (captured:
  // golden/1.28/strict-ip/externalip-leading-zero-and-mapped.yaml).
  auto msg = [](std::string_view s, NetipRules rules) {
    auto r = ParseAddrNetip(s, rules);
    return r.ok() ? std::string("ok ") + r->ToString() : r.status().message();
  };
  EXPECT_EQ(
      msg("::ffff:001.002.003.004", NetipRules::kGo122),
      "ParseAddr(\"::ffff:001.002.003.004\"): ParseAddr(\"001.002.003.004\"): IPv4 field has octet "
      "with leading zero (at \"001.002.003.004\")");
  EXPECT_EQ(msg("::ffff:001.002.003.004", NetipRules::kGo123),
            "ParseAddr(\"::ffff:001.002.003.004\"): IPv4 field has octet with leading zero");
  EXPECT_EQ(
      msg("::1.2..3%eth0", NetipRules::kGo122),
      "ParseAddr(\"::1.2..3%eth0\"): ParseAddr(\"1.2..3\"): IPv4 field must have at least one digit (at "
      "\".3\") (at \"1.2..3\")");
  EXPECT_EQ(msg("00001::1", NetipRules::kGo122), "ok 1::1");
  EXPECT_EQ(msg("00001::1", NetipRules::kGo123),
            "ParseAddr(\"00001::1\"): each group must have 4 or less digits (at \"00001::1\")");
}

TEST(ParseIPStrict, RejectsLeadingZerosAndZones) {
  EXPECT_FALSE(ParseIPStrict("010.0.0.1").ok());
  EXPECT_FALSE(ParseIPStrict("fe80::1%eth0").ok());
  EXPECT_EQ(ParseIPStrict("10.0.0.1")->ToString(), "10.0.0.1");
  EXPECT_TRUE(ParseIPStrict("::ffff:10.0.0.1")->is_v4());
}

TEST(ParseIPSloppy, ErrorNamesTheInput) {
  auto r = ParseIPSloppy("10.0.0.x");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("10.0.0.x"), std::string::npos);
}

}  // namespace
}  // namespace kdual::net
