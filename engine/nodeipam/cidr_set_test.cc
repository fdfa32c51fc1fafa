// Cases from pkg/controller/nodeipam/ipam/cidrset/cidr_set_test.go (the
// same in every pinned release), plus the allocation order the golden
// cases of golden/*/nodeipam show on the real controller.
#include "engine/nodeipam/cidr_set.h"

#include <gtest/gtest.h>

#include "engine/nodeipam/range_allocator.h"

namespace kdual::nodeipam {
namespace {

net::Cidr C(const char* text) { return *net::ParseCIDRSloppy(text); }

TEST(CidrSet, FullyAllocatedThenReleasedIsReused) {  // TestCIDRSetFullyAllocated
  auto set = CidrSet::Create(C("127.123.234.0/30"), 30);
  ASSERT_TRUE(set.ok());
  auto first = set->AllocateNext();
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->ToString(), "127.123.234.0/30");
  auto none = set->AllocateNext();
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(
      none.status().message(),
      "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range");
  ASSERT_TRUE(set->Release(*first).ok());
  EXPECT_EQ(set->AllocateNext()->ToString(), "127.123.234.0/30");
}

TEST(CidrSet, IndexToCidrBlock) {  // TestIndexToCIDRBlock
  struct Row {
    const char* cluster;
    int mask;
    int allocations;
    const char* last;
  };
  const Row rows[] = {
      {"127.123.3.0/16", 24, 1, "127.123.0.0/24"},
      {"127.123.3.0/16", 24, 3, "127.123.2.0/24"},
      {"2001:0db8:1234::/48", 64, 1, "2001:db8:1234::/64"},
      {"2001:0db8:1234::/48", 64, 4, "2001:db8:1234:3::/64"},
      {"2001:0db8:1234:3400::/56", 72, 257,
       "2001:db8:1234:3401::/72"},  // past one /64 of /72s: carries left
      {"2001:0db8::/30", 46, 3, "2001:db8:8::/46"},
  };
  for (const Row& r : rows) {
    auto set = CidrSet::Create(C(r.cluster), r.mask);
    ASSERT_TRUE(set.ok()) << r.cluster;
    Result<net::Cidr> got = InvalidArgument("none");
    for (int i = 0; i < r.allocations; ++i) got = set->AllocateNext();
    ASSERT_TRUE(got.ok()) << r.cluster;
    EXPECT_EQ(got->ToString(), r.last) << r.cluster << " after " << r.allocations;
  }
}

TEST(CidrSet, IPv6LimitButNoIPv4Limit) {  // TestCIDRSetv6 "Max cluster subnet size"
  EXPECT_EQ(CidrSet::Create(C("2001:beef::/32"), 64).status().message(),
            "New CIDR set failed; the node CIDR size is too big");
  EXPECT_TRUE(CidrSet::Create(C("2001:beef::/48"), 64).ok());
  auto v4 = CidrSet::Create(C("10.0.0.0/8"), 32);
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->max_cidrs(), uint64_t{1} << 24);
}

TEST(CidrSet, OccupyCountsEveryNodeCidrItCovers) {  // TestOccupy
  auto set = CidrSet::Create(C("2001:beef:7f00::/39"), 50);
  ASSERT_TRUE(set.ok());
  ASSERT_TRUE(set->Occupy(C("2001:beef:7f00::/47")).ok());
  EXPECT_EQ(set->allocated(), 8u);  // bits 1024..1031
  // "Occupy 1031st Bit with IPv4": the 1025th allocation skips 1024..1031.
  auto v4 = CidrSet::Create(C("127.0.0.0/7"), 18);
  ASSERT_TRUE(v4->Occupy(C("127.0.0.0/15")).ok());
  for (int i = 0; i < 1024; ++i) ASSERT_TRUE(v4->AllocateNext().ok());
  EXPECT_EQ(v4->AllocateNext()->ToString(), "127.2.0.0/18");
  auto whole = CidrSet::Create(C("10.0.0.0/16"), 24);
  ASSERT_TRUE(whole->Occupy(C("10.0.0.0/8")).ok());  // larger than the cluster: all of it
  EXPECT_EQ(whole->allocated(), 256u);
  auto out = whole->Occupy(C("11.0.0.0/24"));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.message(), "cidr 11.0.0.0/24 is out the range of cluster cidr 10.0.0.0/16");
  EXPECT_FALSE(whole->Occupy(C("fd00::/64")).ok());  // another family is out of range too
}

TEST(CidrSet, ReleasedCidrIsReusedOnlyAfterTheScanWraps) {
  auto set = CidrSet::Create(C("10.244.0.0/22"), 24);
  ASSERT_TRUE(set.ok());
  auto a = set->AllocateNext();
  auto b = set->AllocateNext();
  ASSERT_TRUE(set->Release(*a).ok());
  EXPECT_EQ(set->AllocateNext()->ToString(), "10.244.2.0/24");
  EXPECT_EQ(set->AllocateNext()->ToString(), "10.244.3.0/24");
  EXPECT_EQ(set->AllocateNext()->ToString(), "10.244.0.0/24");  // wrapped
  EXPECT_EQ(b->ToString(), "10.244.1.0/24");
}

TEST(RangeAllocator, PodCidrsAreMatchedByIndexNotFamily) {
  flags::NodeIpamConfig config;
  config.allocate_node_cidrs = true;
  config.cluster_cidrs = {{C("10.244.0.0/16"), 16, 24}, {C("fd00:10:244::/56"), 56, 64}};
  NodePodCidrs swapped{"n1", "fd00:10:244::/64", {"fd00:10:244::/64", "10.244.0.0/24"}};
  auto at_start = RangeAllocator::Create(config, {swapped});
  ASSERT_FALSE(at_start.ok());
  EXPECT_EQ(
      at_start.status().message(),
      "failed to mark cidr[fd00:10:244::/64] at idx [0] as occupied for node: n1: cidr fd00:10:244::/64 is out "
      "the range of cluster cidr 10.244.0.0/16");
  auto ra = RangeAllocator::Create(config, {});
  ASSERT_TRUE(ra.ok());
  SyncResult r = ra->Sync({"n2", "", {}});
  EXPECT_EQ(r.assigned, (std::vector<std::string>{"10.244.0.0/24", "fd00:10:244::/64"}));
}

}  // namespace
}  // namespace kdual::nodeipam
