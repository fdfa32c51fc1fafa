#include "engine/flags/apiserver_flags.h"

#include <gtest/gtest.h>

namespace kdual::flags {
namespace {

version::Profile P(const char* r) { return *version::ProfileFor(*version::ParseRelease(r)); }

Result<ServiceNetwork> Net(const std::string& range, const char* release = "v1.33.13",
                           const std::string& ports = "") {
  ComponentFlags f;
  if (!range.empty()) f.components[kApiserver]["service-cluster-ip-range"] = range;
  if (!ports.empty()) f.components[kApiserver]["service-node-port-range"] = ports;
  return ParseServiceNetwork(f, P(release));
}

std::string Err(const Result<ServiceNetwork>& r) { return r.ok() ? "ok" : r.status().message(); }

TEST(PortRange, Forms) {
  EXPECT_EQ(ParsePortRange("30000-32767")->size, 2768);
  EXPECT_EQ(ParsePortRange("30000+2767")->last(), 32767);
  EXPECT_EQ(ParsePortRange(" 30000 ")->size, 1);
  EXPECT_EQ(ParsePortRange("")->size, 0);
  EXPECT_EQ(ParsePortRange("1-2+3").status().message(), "unable to parse port range: 1-2+3");
  EXPECT_EQ(ParsePortRange("30000-70000").status().message(),
            "the port range cannot be greater than 65535: 30000-70000");
  EXPECT_EQ(ParsePortRange("32767-30000").status().message(),
            "end port cannot be less than start port: 32767-30000");
  EXPECT_EQ(ParsePortRange("-5").status().message(), "strconv.Atoi: parsing \"\": invalid syntax");
  EXPECT_EQ(ParsePortRange("30000-x").status().message(),
            "strconv.Atoi: parsing \"x\": invalid syntax");
}

TEST(ServiceNetwork, DefaultsAndKubernetesIP) {
  auto n = Net("");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->service_cidrs[0].ToString(), "10.0.0.0/24");
  EXPECT_EQ(n->kubernetes_service_ip.ToString(), "10.0.0.1");
  EXPECT_EQ(n->node_ports.ToString(), "30000-32767");
  auto d = Net("10.96.0.0/16,fd00:10:96::/112");
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->service_cidrs.size(), 2u);
  EXPECT_EQ(d->service_cidrs[1].ToString(), "fd00:10:96::/112");
  EXPECT_EQ(Net("fd00:10:96::/112,10.96.0.0/16")->kubernetes_service_ip.ToString(),
            "fd00:10:96::1");
}

TEST(ServiceNetwork, FatalMessages) {
  EXPECT_EQ(Err(Net("10.96.0.0")), "service-cluster-ip-range[0] is not a valid cidr");
  EXPECT_EQ(Err(Net("10.96.0.0/16,fd00::")), "service-cluster-ip-range[1] is not an ip net");
  EXPECT_EQ(Err(Net("10.96.0.0/16,")), "service-cluster-ip-range[1] is not an ip net");
  EXPECT_EQ(
      Err(Net("10.96.0.0/30")),
      "error determining service IP ranges for primary service cidr: the service cluster IP range must be at "
      "least 8 IP addresses");
  EXPECT_EQ(
      Err(Net("10.96.0.0/16,10.97.0.0/16")),
      "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family");
  EXPECT_EQ(
      Err(Net("10.0.0.0/8")),
      "specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12");
  EXPECT_EQ(
      Err(Net("10.0.0.0/16,fd00::/64")),
      "specified --service-cluster-ip-range[1] is too large; for 128-bit addresses, the mask must be >= 108");
  EXPECT_EQ(Err(Net("10.0.0.0/16,fd00::/108,10.1.0.0/16")),
            "--service-cluster-ip-range must not contain more than two entries");
  EXPECT_EQ(
      Err(Net("10.0.0.0/8,10.1.0.0/16")),
      "[specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12, "
      "--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family]");
  EXPECT_EQ(
      Err(Net("10.0.0.0/16", "v1.33.13", "x")),
      "invalid argument \"x\" for \"--service-node-port-range\" flag: strconv.Atoi: parsing \"x\": invalid syntax");
}

// --advertise-address of the other family than the primary Service range:
// no check before 1.24; the bootstrap controller's error 1.24-1.27; with
// the other flag errors from 1.28.
TEST(ServiceNetwork, AdvertiseAddressFamilyPerVersion) {
  auto with_advertise = [](const char* release) {
    ComponentFlags f;
    f.components[kApiserver]["service-cluster-ip-range"] = "fd00:10:96::/108";
    f.components[kApiserver]["advertise-address"] = "192.168.0.10";
    return ParseServiceNetwork(f, P(release));
  };
  EXPECT_EQ(Err(with_advertise("v1.23.17")), "ok");
  EXPECT_EQ(
      Err(with_advertise("v1.24.17")),
      "error creating bootstrap controller: service IP family \"fd00:10:96::/108\" must match "
      "public address family \"192.168.0.10\"");
  EXPECT_EQ(
      Err(with_advertise("v1.28.15")),
      "service IP family \"fd00:10:96::/108\" must match public address family \"192.168.0.10\"");
}

TEST(ServiceNetwork, SizeLimitPerVersion) {
  // 1.29 and 1.33: 20 host bits at most; 1.37 (DisableAllocatorDualWrite): no limit.
  EXPECT_EQ(Err(Net("10.0.0.0/12", "v1.29.15")), "ok");
  EXPECT_NE(Err(Net("10.0.0.0/11", "v1.29.15")), "ok");
  EXPECT_EQ(Err(Net("fd00::/108", "v1.33.13")), "ok");
  EXPECT_NE(Err(Net("fd00::/107", "v1.33.13")), "ok");
  EXPECT_EQ(Err(Net("10.0.0.0/8,fd00::/64", "v1.37.2")), "ok");
}

}  // namespace
}  // namespace kdual::flags
