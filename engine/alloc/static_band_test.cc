#include "engine/alloc/static_band.h"

#include <gtest/gtest.h>

namespace kdual::alloc {
namespace {

net::Cidr C(const char* s) { return *net::ParseCIDRSloppy(s); }
flags::PortRange R(const char* s) { return *flags::ParsePortRange(s); }

TEST(StaticBand, ClusterIPRangeOffsetTable) {
  // ipallocator bitmap_test.go Test_calculateRangeOffset.
  EXPECT_EQ(ClusterIPRangeOffset(C("192.168.1.0/24")), 16);
  EXPECT_EQ(ClusterIPRangeOffset(C("192.168.1.0/28")), 0);  // size 16: none (fixed in 1.27)
  EXPECT_EQ(ClusterIPRangeOffset(C("192.168.1.0/27")), 16);
  EXPECT_EQ(ClusterIPRangeOffset(C("192.168.0.0/20")), 256);
  EXPECT_EQ(ClusterIPRangeOffset(C("192.168.0.0/21")), 128);
  EXPECT_EQ(ClusterIPRangeOffset(C("10.0.0.0/8")), 256);
  EXPECT_EQ(ClusterIPRangeOffset(C("2001:db8::/124")), 0);
  EXPECT_EQ(ClusterIPRangeOffset(C("2001:db8::/120")), 16);
  EXPECT_EQ(ClusterIPRangeOffset(C("2001:db8::/64")), 256);
}

TEST(StaticBand, PortRangeOffsetTable) {
  // portallocator allocator_test.go Test_calculateRangeOffset.
  EXPECT_EQ(PortRangeOffset(R("30000-32767")), 86);
  EXPECT_EQ(PortRangeOffset(R("30000-30009")), 0);
  EXPECT_EQ(PortRangeOffset(R("30000-30015")), 0);
  EXPECT_EQ(PortRangeOffset(R("30000-30127")), 16);
  EXPECT_EQ(PortRangeOffset(R("30000-32047")), 64);
  EXPECT_EQ(PortRangeOffset(R("30000-34095")), 128);
  EXPECT_EQ(PortRangeOffset(R("30000-38191")), 128);
}

}  // namespace
}  // namespace kdual::alloc
