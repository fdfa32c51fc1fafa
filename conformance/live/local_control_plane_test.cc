#include "conformance/live/local_control_plane.h"

#include <gtest/gtest.h>

#include "conformance/live/test_flags.h"

namespace kdual::live {
namespace {

TEST(LocalClusterArgsTest, KnownFlagsDirectlyOthersAsComponentArgs) {
  auto args = LocalClusterArgs(Flags({{"service-cluster-ip-range", "10.96.0.0/16,fd00:10:96::/112"},
                                      {"service-node-port-range", "30000-30100"},
                                      {"kubernetes-service-node-port", "30005"}},
                                     {{"cluster-cidr", "10.244.0.0/16"},
                                      {"service-cluster-ip-range", "10.96.0.0/16,fd00:10:96::/112"},
                                      {"node-monitor-period", "5s"}}));
  ASSERT_TRUE(args.ok()) << args.status().message();
  EXPECT_EQ(*args, (std::vector<std::string>{
                       "--exact-flags",
                       "--apiserver-arg=--kubernetes-service-node-port=30005",
                       "--service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112",
                       "--service-node-port-range=30000-30100",
                       "--cluster-cidr=10.244.0.0/16",
                       "--kcm-arg=--node-monitor-period=5s",
                   }));
}

TEST(LocalClusterArgsTest, RefusesComponentsItCannotRun) {
  flags::ComponentFlags f;
  f.components["kubelet"] = {{"node-ip", "10.0.0.1"}};
  EXPECT_FALSE(LocalClusterArgs(f).ok());
  // kube-proxy runs offline beside the control plane, not through `up`.
  f.components.clear();
  f.components["kube-proxy"] = {{"cluster-cidr", "10.0.0.0/8"}};
  ASSERT_TRUE(LocalClusterArgs(f).ok());
  EXPECT_EQ(*LocalClusterArgs(f), std::vector<std::string>{"--exact-flags"});
}

TEST(LocalClusterArgsTest, ExplicitAllocateNodeCidrsAsksForTheController) {
  flags::ComponentFlags f;
  f.components["kube-controller-manager"] = {{"allocate-node-cidrs", "true"}};
  auto args = LocalClusterArgs(f);
  ASSERT_TRUE(args.ok());
  EXPECT_EQ(args->back(), "--kcm-arg=--controllers=namespace,nodeipam");
}

TEST(FatalMessageTest, KlogErrAttributeIsUnquoted) {
  std::string err =
      "local-cluster: starting kube-apiserver on https://127.0.0.1:29573\n"
      "local-cluster: kube-apiserver exited (status 1); its last error lines (from x.log):\n"
      "E1126 08:13:09.818562   30690 run.go:72] \"command failed\" err=\"--service-cluster-ip-range[0] "
      "and --service-cluster-ip-range[1] must be of different IP family\"\n"
      "local-cluster: error: kube-apiserver did not start\n";
  EXPECT_EQ(
      FatalMessage(err),
      "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
}

TEST(FatalMessageTest, CobraErrorAndLauncherFallback) {
  EXPECT_EQ(FatalMessage("local-cluster: x\nError: invalid argument \"a\" for \"--b\"\nUsage:\n"),
            "invalid argument \"a\" for \"--b\"");
  EXPECT_EQ(FatalMessage("F0101 00:00:00.000000 1 x.go:1] \"quoted \\\"msg\\\"\"\n"),
            "quoted \"msg\"");
  EXPECT_EQ(FatalMessage("local-cluster: error: etcd did not start\n"), "etcd did not start");
}

}  // namespace
}  // namespace kdual::live
