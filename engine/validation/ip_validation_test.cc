#include "engine/validation/ip_validation.h"

#include <gtest/gtest.h>

namespace kdual::validation {
namespace {

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

using W = std::vector<std::string>;

TEST(CIDRWarnings, AmbiguousNonStandardAndNonCanonical) {
  // apimachinery util/validation/ip_test.go TestGetWarningsForCIDR rows.
  const std::string f = "spec.loadBalancerSourceRanges[0]";
  EXPECT_EQ(
      GetWarningsForCIDR(f, "1.2.3.4/24", P("v1.33.13")),
      (W{f +
         ": CIDR value \"1.2.3.4/24\" is ambiguous in this context (should be \"1.2.3.0/24\" or "
         "\"1.2.3.4/32\"?)"}));
  EXPECT_EQ(
      GetWarningsForCIDR(f, "001.002.003.000/24", P("v1.33.13")),
      (W{f +
         ": non-standard CIDR value \"001.002.003.000/24\" will be considered invalid in a future "
         "Kubernetes release: use \"1.2.3.0/24\""}));
  EXPECT_EQ(
      GetWarningsForCIDR(f, "001.002.003.000/24", P("v1.37.2")),
      (W{f + ": non-standard CIDR value \"001.002.003.000/24\" is invalid: use \"1.2.3.0/24\""}));
  EXPECT_EQ(
      GetWarningsForCIDR(f, "2001:DB8::/64", P("v1.37.2")),
      (W{f +
         ": IPv6 CIDR value \"2001:DB8::/64\" should be in RFC 5952 canonical format (\"2001:db8::/64\")"}));
  EXPECT_TRUE(GetWarningsForCIDR(f, "10.0.0.0/8", P("v1.37.2")).empty());
  // <= 1.32 words it with netip's own error.
  EXPECT_EQ(GetWarningsForCIDR(f, "10.0.0.0/08", P("v1.29.15")),
            (W{f + ": IP prefix was accepted, but will be invalid in a future Kubernetes release: "
                   "netip.ParsePrefix(\"10.0.0.0/08\"): bad bits after slash: \"08\""}));
}

TEST(LegacyCIDR, StrictErrorsAndKeptValues) {
  auto p = P("v1.37.2");
  EXPECT_EQ(IsValidCIDRForLegacyField("f", "1.2.3.4/24", p, {})[0].detail,
            "must not have bits set beyond the prefix length");
  EXPECT_EQ(IsValidCIDRForLegacyField("f", "::ffff:1.2.3.0/120", p, {})[0].detail,
            "must not have an IPv4-mapped IPv6 address");
  EXPECT_EQ(IsValidCIDRForLegacyField("f", "1.2.3.0/024", p, {})[0].detail,
            "must not have leading 0s in IP or prefix length");
  EXPECT_TRUE(IsValidCIDRForLegacyField("f", "1.2.3.4/24", p, {"1.2.3.4/24"}).empty());
  EXPECT_TRUE(IsValidCIDRForLegacyField("f", "1.2.3.4/24", P("v1.33.13"), {}).empty());
  EXPECT_EQ(IsValidCIDRForLegacyField("f", "1.2.3.4/33", P("v1.33.13"), {})[0].detail,
            "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
}

TEST(NonSpecialIP, MappedLoopbackIsLoopback) {
  // ParseIPSloppy reads ::ffff:127.0.0.1 as IPv4, so it is loopback.
  auto el = ValidateNonSpecialIP("f", "::ffff:127.0.0.1");
  ASSERT_EQ(el.size(), 1u);
  EXPECT_EQ(el[0].detail, "may not be in the loopback range (127.0.0.0/8, ::1/128)");
  EXPECT_EQ(ValidateNonSpecialIP("f", "::")[0].detail, "may not be unspecified (::)");
  EXPECT_EQ(ValidateNonSpecialIP("f", "ff02::1")[0].detail,
            "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
  EXPECT_TRUE(ValidateNonSpecialIP("f", "ff05::1").empty());
}

}  // namespace
}  // namespace kdual::validation
