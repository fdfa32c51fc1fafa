#include "engine/alloc/ip_allocator.h"

#include <gtest/gtest.h>

namespace kdual::alloc {
namespace {

net::Cidr C(const char* s) { return *net::ParseCIDRSloppy(s); }
net::IPAddress I(const char* s) { return *net::ParseIPSloppy(s); }

TEST(BitmapAllocator, IPv4ExcludesNetworkAndBroadcast) {
  ClusterIPAllocator a(C("192.168.1.0/24"), IPAllocatorMode::kBitmap);
  EXPECT_EQ(a.bitmap_max(), net::Uint128{254});
  auto r = a.Allocate(I("192.168.1.0"));
  EXPECT_EQ(r.error, AllocError::kNotInRange);
  EXPECT_EQ(
      r.message,
      "the provided IP (192.168.1.0) is not in the valid range. The range of valid IPs is 192.168.1.0/24");
  EXPECT_EQ(a.Allocate(I("192.168.1.255")).error, AllocError::kNotInRange);
  EXPECT_TRUE(a.Allocate(I("192.168.1.254")).ok());
  EXPECT_EQ(a.Allocate(I("192.168.1.254")).message, "provided IP is already allocated");
  EXPECT_EQ(a.Allocate(I("10.0.0.1")).error, AllocError::kNotInRange);
}

TEST(BitmapAllocator, DynamicUpperBandFirstThenLower) {
  // /24: offset 16, static band .1-.16, dynamic band .17-.254 (238).
  ClusterIPAllocator a(C("10.0.0.0/24"), IPAllocatorMode::kBitmap);
  auto first = a.AllocateNext();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value.ToString(), "10.0.0.254");  // the highest free of the dynamic band
  for (int i = 1; i < 238; ++i) {
    auto r = a.AllocateNext();
    ASSERT_TRUE(r.ok());
    ASSERT_GE(r.value.bytes()[3], 17);
  }
  auto lower = a.AllocateNext();
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower.value.ToString(),
            "10.0.0.16");  // upper band full: the highest of the static band
  for (int i = 1; i < 16; ++i) ASSERT_TRUE(a.AllocateNext().ok());
  auto full = a.AllocateNext();
  EXPECT_EQ(full.error, AllocError::kFull);
  EXPECT_EQ(full.message, "range is full");
  a.Release(I("10.0.0.100"));
  EXPECT_EQ(a.AllocateNext().value.ToString(), "10.0.0.100");
}

TEST(BitmapAllocator, NoStaticBandWithoutServiceIPStaticSubrange) {
  // 1.24 (the gate alpha and off): offset 0, so once the addresses above .16
  // are taken the next dynamic one is still found, with no band to fall
  // back to; the IPAddress allocator keeps its band whatever it is told.
  ClusterIPAllocator off(C("10.0.0.0/24"), IPAllocatorMode::kBitmap, /*static_subrange=*/false);
  EXPECT_EQ(off.range_offset(), 0);
  ClusterIPAllocator on(C("10.0.0.0/24"), IPAllocatorMode::kBitmap, /*static_subrange=*/true);
  EXPECT_EQ(on.range_offset(), 16);
  ClusterIPAllocator meta(C("10.0.0.0/24"), IPAllocatorMode::kMeta, /*static_subrange=*/false);
  EXPECT_EQ(meta.range_offset(), 16);
  for (int i = 0; i < 254; ++i) ASSERT_TRUE(off.AllocateNext().ok()) << i;
  EXPECT_EQ(off.AllocateNext().error, AllocError::kFull);
}

TEST(BitmapAllocator, Slash28HasNoStaticBand) {
  // The 1.25 regression (offset 16 > max 14) is fixed: size <= 16 -> offset 0.
  ClusterIPAllocator a(C("10.0.0.0/28"), IPAllocatorMode::kBitmap);
  EXPECT_EQ(a.range_offset(), 0);
  EXPECT_EQ(a.bitmap_max(), net::Uint128{14});
  for (int i = 14; i >= 1; --i)
    EXPECT_EQ(a.AllocateNext().value.ToString(), "10.0.0." + std::to_string(i));
  EXPECT_EQ(a.AllocateNext().error, AllocError::kFull);
}

TEST(BitmapAllocator, Slash124IPv6UsesTheAllOnesAddress) {
  ClusterIPAllocator a(C("2001:db8::/124"), IPAllocatorMode::kBitmap);
  EXPECT_EQ(a.range_offset(), 0);
  EXPECT_EQ(a.bitmap_max(), net::Uint128{15});  // ::1 .. ::f
  EXPECT_TRUE(a.Allocate(I("2001:db8::f")).ok());
  EXPECT_EQ(a.Allocate(I("2001:db8::")).error, AllocError::kNotInRange);
  for (int i = 0; i < 14; ++i) ASSERT_TRUE(a.AllocateNext().ok());
  EXPECT_EQ(a.AllocateNext().error, AllocError::kFull);
}

TEST(BitmapAllocator, IPv6CappedAt65536) {
  ClusterIPAllocator a(C("fd00::/108"), IPAllocatorMode::kBitmap);
  EXPECT_EQ(a.bitmap_max(), net::Uint128{65535});
  EXPECT_TRUE(a.Allocate(I("fd00::ffff")).ok());
  auto r = a.Allocate(I("fd00::1:0"));
  EXPECT_EQ(r.error, AllocError::kNotInRange);
  EXPECT_EQ(
      r.message,
      "the provided IP (fd00::1:0) is not in the valid range. The range of valid IPs is fd00::/108");
  // The dynamic band is base+256 .. base+65535; fd00::ffff is taken.
  EXPECT_EQ(a.AllocateNext().value.ToString(), "fd00::fffe");
}

TEST(BitmapAllocator, DryRun) {
  ClusterIPAllocator a(C("10.0.0.0/16"), IPAllocatorMode::kBitmap);
  EXPECT_EQ(a.AllocateNext(true).value.ToString(), "10.0.0.0");
  ASSERT_TRUE(a.Allocate(I("10.0.0.10")).ok());
  EXPECT_TRUE(a.Allocate(I("10.0.0.10"), true).ok());  // in use, but dry-run only checks the range
  EXPECT_EQ(a.Allocate(I("10.1.0.10"), true).error, AllocError::kNotInRange);
  EXPECT_EQ(a.Used(), 1u);
}

TEST(MetaAllocator, MismatchedNetworkOutsideThePrefix) {
  ClusterIPAllocator a(C("10.0.0.0/16"), IPAllocatorMode::kMeta);
  auto r = a.Allocate(I("192.168.0.5"));
  EXPECT_EQ(r.error, AllocError::kMismatchedNetwork);
  EXPECT_EQ(r.message, "the provided network does not match the current range");
  EXPECT_EQ(a.Allocate(I("10.0.0.0")).error, AllocError::kMismatchedNetwork);
  EXPECT_EQ(a.Allocate(I("10.0.255.255")).error, AllocError::kMismatchedNetwork);
  EXPECT_TRUE(a.Allocate(I("10.0.255.254")).ok());
  EXPECT_EQ(a.Allocate(I("10.0.255.254")).error, AllocError::kAllocated);
}

TEST(MetaAllocator, DualWriteKeepsTheBitmapCap) {
  ClusterIPAllocator dw(C("fd00::/108"), IPAllocatorMode::kMetaDualWrite);
  EXPECT_EQ(dw.Allocate(I("fd00::1:0")).error, AllocError::kNotInRange);
  ClusterIPAllocator meta(C("fd00::/108"), IPAllocatorMode::kMeta);
  EXPECT_TRUE(meta.Allocate(I("fd00::1:0")).ok());
}

TEST(MetaAllocator, IPv6PrefixShorterThan64IsUnusable) {
  ClusterIPAllocator a(C("fd00::/48"), IPAllocatorMode::kMeta);
  EXPECT_FALSE(a.usable());
  EXPECT_EQ(a.AllocateNext().error, AllocError::kFull);
  EXPECT_EQ(a.Allocate(I("fd00::5")).error, AllocError::kMismatchedNetwork);
}

TEST(MetaAllocator, LargeIPv6RangeBand) {
  ClusterIPAllocator a(C("fd00::/64"), IPAllocatorMode::kMeta);
  // No 65536 cap: the dynamic band reaches the last address.
  EXPECT_EQ(a.AllocateNext().value.ToString(), "fd00::ffff:ffff:ffff:ffff");
  EXPECT_EQ(a.last().ToString(), "fd00::ffff:ffff:ffff:ffff");
}

}  // namespace
}  // namespace kdual::alloc
