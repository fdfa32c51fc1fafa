// What the node IPAM configuration holds once accepted: the refusals
// themselves are checked against the real kube-controller-manager by the
// golden cases in golden/*/nodeipamflags/.
#include "engine/flags/controller_manager_flags.h"

#include <gtest/gtest.h>

namespace kdual::flags {
namespace {

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

TEST(NodeIpamConfig, MasksFollowClusterCidrOrderAndFamily) {
  FlagMap kcm = {{"allocate-node-cidrs", "true"},
                 {"cluster-cidr", "fd00:10:244::/56,10.244.0.0/16"},
                 {"node-cidr-mask-size-ipv4", "26"}};
  auto c = ParseNodeIpamConfig(kcm, P("v1.33.13"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->cluster_cidrs.size(), 2u);
  EXPECT_EQ(c->cluster_cidrs[0].cidr.ToString(), "fd00:10:244::/56");
  EXPECT_EQ(c->cluster_cidrs[0].node_mask_size, 64);
  EXPECT_EQ(c->cluster_cidrs[1].node_mask_size, 26);
}

TEST(NodeIpamConfig, OffMeansNothingElseIsRead) {
  FlagMap kcm = {{"cluster-cidr", "not-a-cidr"}};
  auto c = ParseNodeIpamConfig(kcm, P("v1.29.15"));
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->allocate_node_cidrs);
  EXPECT_TRUE(c->cluster_cidrs.empty());
}

TEST(NodeIpamConfig, ServiceRangeThatDoesNotParseIsOnlyLogged) {
  FlagMap kcm = {{"allocate-node-cidrs", "true"},
                 {"cluster-cidr", "10.244.0.0/16"},
                 {"service-cluster-ip-range", "garbage,fd00:10:96::/112"}};
  auto c = ParseNodeIpamConfig(kcm, P("v1.37.2"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_FALSE(c->service_cidr.has_value());
  ASSERT_TRUE(c->secondary_service_cidr.has_value());
  EXPECT_EQ(c->secondary_service_cidr->ToString(), "fd00:10:96::/112");
}

TEST(LaunchedControllerManagerFlags, TakesTheApiserversRangeAndTurnsOnAllocation) {
  ComponentFlags f;
  f.components[kApiserver] = {{"service-cluster-ip-range", "10.96.0.0/16"},
                              {"feature-gates", "A=true"}};
  f.components[kControllerManager] = {{"cluster-cidr", "10.244.0.0/16"},
                                      {"feature-gates", "B=false"}};
  FlagMap kcm = LaunchedControllerManagerFlags(f);
  EXPECT_EQ(kcm["service-cluster-ip-range"], "10.96.0.0/16");
  EXPECT_EQ(kcm["feature-gates"], "B=false");
  EXPECT_EQ(kcm["allocate-node-cidrs"], "true");

  f.components[kControllerManager] = {{"cluster-cidr", ""}};
  EXPECT_EQ(LaunchedControllerManagerFlags(f).count("allocate-node-cidrs"), 0u);
  f.components[kControllerManager] = {{"cluster-cidr", "10.244.0.0/16"},
                                      {"allocate-node-cidrs", "false"}};
  EXPECT_EQ(LaunchedControllerManagerFlags(f)["allocate-node-cidrs"], "false");
}

}  // namespace
}  // namespace kdual::flags
