// --node-ip per release, from the releases' source (the kubelet cannot be
// captured here: see kubelet_flags.h): 1.26's own checks in
// cmd/kubelet/app/server.go, then component-helpers ParseNodeIPArgument with
// CloudDualStackNodeIPs alpha and off (1.27, 1.28), beta and on (1.29), GA.
#include "engine/flags/kubelet_flags.h"

#include <gtest/gtest.h>

namespace kdual::flags {
namespace {

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

std::string Refusal(const FlagMap& f, const char* release) {
  auto r = ParseKubeletNodeIPs(f, P(release));
  return r.ok() ? "accepted" : r.status().message();
}

const FlagMap kDualExternal = {{"node-ip", "10.0.0.5,fd00::5"}, {"cloud-provider", "external"}};

TEST(KubeletNodeIPs, ReleaseOneTwentySixHasItsOwnWordsAndNoCloudDualStack) {
  EXPECT_EQ(Refusal({{"node-ip", "10.0.0.5,10.0.0.6"}}, "v1.26.13"),
            "bad --node-ip \"10.0.0.5,10.0.0.6\"; must contain either a single IP or a dual-stack "
            "pair of IPs");
  EXPECT_EQ(Refusal(kDualExternal, "v1.26.13"),
            "dual-stack --node-ip \"10.0.0.5,fd00::5\" not supported when using a cloud provider");
  EXPECT_EQ(Refusal({{"node-ip", "0.0.0.0,fd00::5"}}, "v1.26.13"),
            "dual-stack --node-ip \"0.0.0.0,fd00::5\" cannot include '0.0.0.0' or '::'");
  EXPECT_EQ(Refusal({{"node-ip", "10.0.0.5,fd00::5"}}, "v1.26.13"), "accepted");
}

TEST(KubeletNodeIPs, ExternalCloudDualStackFollowsTheGate) {
  const std::string refused =
      "bad --node-ip \"10.0.0.5,fd00::5\": dual-stack not supported in this configuration";
  // Alpha and off in 1.27 and 1.28: only with the gate turned on.
  EXPECT_EQ(Refusal(kDualExternal, "v1.27.16"), refused);
  EXPECT_EQ(Refusal(kDualExternal, "v1.28.15"), refused);
  FlagMap on = kDualExternal;
  on["feature-gates"] = "CloudDualStackNodeIPs=true";
  EXPECT_EQ(Refusal(on, "v1.28.15"), "accepted");
  // Beta and on in 1.29: unless turned off.
  EXPECT_EQ(Refusal(kDualExternal, "v1.29.15"), "accepted");
  FlagMap off = kDualExternal;
  off["feature-gates"] = "CloudDualStackNodeIPs=false";
  EXPECT_EQ(Refusal(off, "v1.29.15"), refused);
  // GA: always, and a legacy cloud provider never.
  EXPECT_EQ(Refusal(off, "v1.33.13"), "accepted");
  FlagMap legacy = kDualExternal;
  legacy["cloud-provider"] = "gce";
  EXPECT_EQ(Refusal(legacy, "v1.33.13"),
            "bad --node-ip \"10.0.0.5,fd00::5\": dual-stack not supported in this configuration");
}

}  // namespace
}  // namespace kdual::flags
