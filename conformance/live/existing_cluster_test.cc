#include "conformance/live/existing_cluster.h"

#include <gtest/gtest.h>

namespace kdual::live {
namespace {

golden::GoldenCase Case(flags::FlagMap apiserver) {
  golden::GoldenCase c;
  c.cluster.components[flags::kApiserver] = std::move(apiserver);
  golden::Step create;
  create.op = golden::StepOp::kCreate;
  c.steps.push_back(create);
  return c;
}

const flags::FlagMap kKindDual = {{"service-cluster-ip-range", "10.96.0.0/16,fd00:10:96::/112"}};

TEST(ExistingClusterMismatchTest, TheClustersOwnFlagsFit) {
  EXPECT_FALSE(ExistingClusterMismatch(Case(kKindDual), kKindDual));
  // The node-port range at its default, named or not.
  auto with_default = kKindDual;
  with_default["service-node-port-range"] = "30000-32767";
  EXPECT_FALSE(ExistingClusterMismatch(Case(with_default), kKindDual));
  EXPECT_FALSE(ExistingClusterMismatch(Case(kKindDual), with_default));
}

TEST(ExistingClusterMismatchTest, OtherFlagsDoNotFit) {
  auto single =
      ExistingClusterMismatch(Case({{"service-cluster-ip-range", "10.96.0.0/16"}}), kKindDual);
  ASSERT_TRUE(single);
  EXPECT_EQ(*single,
            "it needs --service-cluster-ip-range=10.96.0.0/16, the cluster has "
            "10.96.0.0/16,fd00:10:96::/112");
  auto unknown = kKindDual;
  unknown["service-node-port-range"] = "30000-30100";
  EXPECT_TRUE(ExistingClusterMismatch(Case(unknown), kKindDual));
  // The cluster's range differs from the default the case relies on.
  auto narrow = kKindDual;
  narrow["service-node-port-range"] = "30000-30100";
  EXPECT_TRUE(ExistingClusterMismatch(Case(kKindDual), narrow));
  // A flag of the cluster that is not known.
  auto gates = kKindDual;
  gates["feature-gates"] = "MultiCIDRServiceAllocator=true";
  auto m = ExistingClusterMismatch(Case(gates), kKindDual);
  ASSERT_TRUE(m);
  EXPECT_NE(m->find("--apiserver-flag feature-gates=V"), std::string::npos) << *m;
}

TEST(ExistingClusterMismatchTest, RestartsStartsAndFreshClustersDoNotFit) {
  auto restart = Case(kKindDual);
  golden::Step step;
  step.op = golden::StepOp::kRestart;
  restart.steps.push_back(step);
  EXPECT_TRUE(ExistingClusterMismatch(restart, kKindDual));

  auto start = Case(kKindDual);
  start.steps[0].op = golden::StepOp::kStart;
  EXPECT_TRUE(ExistingClusterMismatch(start, kKindDual));

  auto fresh = Case(kKindDual);
  fresh.requires_.push_back("fresh-cluster");
  auto m = ExistingClusterMismatch(fresh, kKindDual);
  ASSERT_TRUE(m);
  EXPECT_NE(m->find("fresh-cluster"), std::string::npos);

  auto kcm = Case(kKindDual);
  kcm.cluster.components[flags::kControllerManager] = {{"cluster-cidr", "10.244.0.0/16"}};
  EXPECT_TRUE(ExistingClusterMismatch(kcm, kKindDual));
}

}  // namespace
}  // namespace kdual::live
