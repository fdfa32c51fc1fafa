#include "conformance/live/discovery.h"
#include "engine/flags/command_line.h"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/live/test_http_server.h"

namespace kdual::live {
namespace {

using nlohmann::json;

std::string Ok(const json& body) {
  return Response(200, "Content-Type: application/json\r\n", body.dump());
}
std::string Status(int code, const std::string& reason, const std::string& message) {
  json s = {{"kind", "Status"},   {"apiVersion", "v1"}, {"status", "Failure"},
            {"message", message}, {"reason", reason},   {"code", code}};
  return Response(code, "Content-Type: application/json\r\n", s.dump());
}
std::string NotServed() { return Response(404, "", "404 page not found"); }
std::string Forbidden(const std::string& what) {
  return Status(403, "Forbidden", what + " is forbidden: User \"u\" cannot list resource");
}
std::string Version(const std::string& v) { return Ok({{"major", "1"}, {"gitVersion", v}}); }

json ServiceCidr(const std::string& name, std::vector<std::string> cidrs) {
  return {{"metadata", {{"name", name}}},
          {"spec", {{"cidrs", cidrs}}},
          {"status", {{"conditions", json::array({json{{"type", "Ready"}, {"status", "True"}}})}}}};
}
json ApiserverPod(std::vector<std::string> command) {
  return {
      {"metadata", {{"name", "kube-apiserver-kind-control-plane"}, {"namespace", "kube-system"}}},
      {"spec",
       {{"containers", json::array({json{{"name", "kube-apiserver"}, {"command", command}}})}}}};
}
// Takes the items as a vector: a braced single json would not become a list
// with every compiler.
json List(std::vector<json> items, const std::string& continue_token = "") {
  json l = {{"kind", "List"}, {"metadata", json::object()}, {"items", json::array()}};
  for (auto& item : items) l["items"].push_back(std::move(item));
  if (!continue_token.empty()) l["metadata"]["continue"] = continue_token;
  return l;
}
json Service(const std::string& ns, const std::string& name, const std::string& type,
             std::vector<std::string> ips, std::vector<int> node_ports = {}) {
  json ports = json::array();
  for (int p : node_ports) ports.push_back({{"port", 80}, {"nodePort", p}});
  if (ports.empty()) ports.push_back({{"port", 443}});
  return {{"metadata", {{"namespace", ns}, {"name", name}}},
          {"spec",
           {{"type", type},
            {"clusterIP", ips.empty() ? "None" : ips[0]},
            {"clusterIPs", ips},
            {"ports", ports}}}};
}
std::string KubeadmConfig(const std::string& cluster_configuration) {
  return Ok({{"kind", "ConfigMap"},
             {"metadata", {{"name", "kubeadm-config"}}},
             {"data", {{"ClusterConfiguration", cluster_configuration}}}});
}

std::unique_ptr<HttpClient> ClientFor(const CannedServer& server) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:" + std::to_string(server.port());
  HttpOptions options;
  options.max_attempts = 2;
  options.initial_backoff_ms = 1;
  auto client = HttpClient::Create(access, options);
  EXPECT_TRUE(client.ok()) << client.status().message();
  return client.ok() ? std::move(client).value() : nullptr;
}

bool HasNote(const ClusterInfo& info, const std::string& part) {
  for (const auto& n : info.notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

TEST(DiscoveryTest, ServiceCidrWinsOverTheStaticPodAndSaysWhy) {
  CannedServer server({
      Version("v1.33.13"),
      Ok(List({ServiceCidr("kubernetes", {"10.96.0.0/16", "fd00:10:96::/112"}),
               ServiceCidr("extra", {"10.97.0.0/24"})})),
      Ok(List({ApiserverPod({"kube-apiserver", "--advertise-address=172.18.0.2",
                             "--service-cluster-ip-range=10.96.0.0/12", "--service-node-port-range",
                             "30000-31000"})})),
      NotServed(),
      Ok(List({Service("default", "kubernetes", "ClusterIP", {"10.96.0.1", "fd00:10:96::1"})},
              "tok/en=")),
      Ok(List({Service("web", "headless", "ClusterIP", {}),
               Service("web", "np", "NodePort", {"10.96.4.2"}, {30080, 30443})})),
  });
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  DiscoveryOptions options;
  options.page_size = 1;
  auto info = Discover(*client, options);
  ASSERT_TRUE(info.ok()) << info.status().message();

  EXPECT_EQ(info->git_version, "v1.33.13");
  EXPECT_EQ(info->profile, "1.33");
  EXPECT_EQ(info->profile_note, "the pinned release v1.33.13");

  ASSERT_NE(info->service_cidrs.winner(), nullptr);
  EXPECT_EQ(info->service_cidrs.winner()->value, "10.96.0.0/16,fd00:10:96::/112");
  EXPECT_EQ(info->service_cidrs.winner()->source, "ServiceCIDR kubernetes (networking.k8s.io/v1)");
  ASSERT_EQ(info->service_cidrs.found.size(), 2u);
  EXPECT_EQ(info->service_cidrs.found[1].value, "10.96.0.0/12");
  EXPECT_EQ(
      info->service_cidrs.found[1].source,
      "static pod kube-system/kube-apiserver-kind-control-plane (--service-cluster-ip-range)");
  EXPECT_NE(info->service_cidrs.resolution.find("says 10.96.0.0/12; the ServiceCIDR objects win"),
            std::string::npos)
      << info->service_cidrs.resolution;
  ASSERT_EQ(info->service_cidr_objects.size(), 2u);
  EXPECT_EQ(info->service_cidr_objects[1].name, "extra");
  EXPECT_EQ(info->service_cidr_objects[1].ready, "True");

  ASSERT_NE(info->node_port_range.winner(), nullptr);
  EXPECT_EQ(info->node_port_range.winner()->value, "30000-31000");
  EXPECT_EQ(info->node_port_range.found.size(), 1u);
  EXPECT_TRUE(info->node_port_range.resolution.empty());

  ASSERT_TRUE(info->services_listed);
  ASSERT_EQ(info->services.size(), 2u);  // the headless one holds nothing
  EXPECT_EQ(info->services[0].cluster_ips,
            (std::vector<std::string>{"10.96.0.1", "fd00:10:96::1"}));
  EXPECT_EQ(info->services[1].name, "np");
  EXPECT_EQ(info->services[1].node_ports, (std::vector<int>{30080, 30443}));
  EXPECT_TRUE(HasNote(*info, "kubeadm-config: not found (404)"));

  EXPECT_EQ(info->http_requests, 6);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[1], "GET /apis/networking.k8s.io/v1/servicecidrs HTTP/1.1");
  EXPECT_EQ(
      requests[2],
      "GET /api/v1/namespaces/kube-system/pods?labelSelector=component%3Dkube-apiserver HTTP/1.1");
  EXPECT_EQ(requests[3], "GET /api/v1/namespaces/kube-system/configmaps/kubeadm-config HTTP/1.1");
  EXPECT_EQ(requests[4], "GET /api/v1/services?limit=1 HTTP/1.1");
  EXPECT_EQ(requests[5], "GET /api/v1/services?limit=1&continue=tok%2Fen%3D HTTP/1.1");
}

TEST(DiscoveryTest, ForbiddenPodsFallThroughToKubeadmConfigWithListExtraArgs) {
  CannedServer server({
      Version("v1.29.15"),
      NotServed(),
      NotServed(),
      NotServed(),  // no ServiceCIDR API in any version
      Forbidden("pods"),
      KubeadmConfig("apiVersion: kubeadm.k8s.io/v1beta4\n"
                    "kind: ClusterConfiguration\n"
                    "networking:\n  serviceSubnet: 10.96.0.0/12,fd00:10:96::/108\n"
                    "apiServer:\n  extraArgs:\n"
                    "  - name: service-node-port-range\n    value: 30000-30100\n"
                    "  - name: service-node-port-range\n    value: 30000-30200\n"),
      Ok(List({})),
  });
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto info = Discover(*client);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->profile, "1.29");
  ASSERT_NE(info->service_cidrs.winner(), nullptr);
  EXPECT_EQ(info->service_cidrs.winner()->value, "10.96.0.0/12,fd00:10:96::/108");
  EXPECT_EQ(info->service_cidrs.winner()->source,
            "ConfigMap kube-system/kubeadm-config (networking.serviceSubnet)");
  ASSERT_NE(info->node_port_range.winner(), nullptr);
  EXPECT_EQ(info->node_port_range.winner()->value, "30000-30200");
  EXPECT_TRUE(
      HasNote(*info, "ServiceCIDRs: networking.k8s.io v1, v1beta1 and v1alpha1 are not served"));
  EXPECT_TRUE(
      HasNote(*info, "kube-apiserver pods in kube-system: forbidden (403): pods is forbidden"));
  EXPECT_TRUE(HasNote(*info, "using the next source"));
  EXPECT_TRUE(info->services_listed);
  EXPECT_TRUE(info->services.empty());
  EXPECT_EQ(info->http_requests, 7);
}

TEST(DiscoveryTest, KubeadmMapExtraArgsBeatServiceSubnetAndTheUsersFlags) {
  CannedServer server({
      Version("v1.33.1+k3s1"),
      Forbidden("servicecidrs.networking.k8s.io"),
      Ok(List({})),  // no apiserver pods
      KubeadmConfig("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                    "networking:\n  serviceSubnet: 10.96.0.0/12\n"
                    "apiServer:\n  extraArgs:\n    service-cluster-ip-range: 10.100.0.0/16\n"
                    "    service-node-port-range: 20000-22767\n"),
      Forbidden("services"),
  });
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  DiscoveryOptions options;
  options.service_cluster_ip_range = "10.0.0.0/16";
  options.service_node_port_range = "20000-22767";
  auto info = Discover(*client, options);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->profile, "1.33");
  EXPECT_NE(info->profile_note.find("the server runs v1.33.1+k3s1"), std::string::npos)
      << info->profile_note;
  ASSERT_EQ(info->service_cidrs.found.size(), 2u);
  EXPECT_EQ(info->service_cidrs.winner()->value, "10.100.0.0/16");
  EXPECT_EQ(info->service_cidrs.winner()->source,
            "ConfigMap kube-system/kubeadm-config (apiServer.extraArgs service-cluster-ip-range)");
  EXPECT_NE(info->service_cidrs.resolution.find(
                "--service-cluster-ip-range given to kdual says 10.0.0.0/16; "
                "the value found on the cluster wins"),
            std::string::npos)
      << info->service_cidrs.resolution;
  // The user's node-port flag agrees: no resolution needed.
  EXPECT_EQ(info->node_port_range.found.size(), 2u);
  EXPECT_TRUE(info->node_port_range.resolution.empty());
  EXPECT_TRUE(HasNote(*info, "ServiceCIDRs (networking.k8s.io/v1): forbidden (403)"));
  EXPECT_TRUE(HasNote(*info, "kube-apiserver pods in kube-system: none"));
  EXPECT_FALSE(info->services_listed);
  EXPECT_TRUE(HasNote(*info, "Services in all namespaces: forbidden (403)"));
}

TEST(DiscoveryTest, NothingFoundGivesTheUsersFlagsAndTheDefaultNodePortRange) {
  CannedServer server({
      Version("v1.38.0"),
      NotServed(),
      Ok(List({})),  // v1beta1 served, no objects
      Ok(List({})),
      NotServed(),
      Status(410, "Expired", "The provided continue parameter is too old"),
      Ok(List({})),
  });
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  DiscoveryOptions options;
  options.service_cluster_ip_range = "10.0.0.0/16";
  auto info = Discover(*client, options);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->profile, "");
  EXPECT_NE(info->profile_note.find("no engine profile for v1.38.0"), std::string::npos)
      << info->profile_note;
  EXPECT_EQ(info->service_cidrs.winner()->source, "--service-cluster-ip-range given to kdual");
  EXPECT_TRUE(
      HasNote(*info, "ServiceCIDRs (networking.k8s.io/v1beta1): no `kubernetes` ServiceCIDR"));
  ASSERT_EQ(info->node_port_range.found.size(), 1u);
  EXPECT_EQ(info->node_port_range.winner()->value, "30000-32767");
  EXPECT_EQ(info->node_port_range.winner()->source,
            "default (no source gave --service-node-port-range)");
  EXPECT_TRUE(info->services_listed);
  EXPECT_TRUE(HasNote(*info, "continue token expired (410)"));
}

TEST(DiscoveryTest, WithoutAnySourceTheKubernetesServiceHintsAtTheRange) {
  CannedServer server({
      Version("v1.29.15"),
      NotServed(),
      NotServed(),
      NotServed(),
      Ok(List({})),
      NotServed(),
      Ok(List({Service("default", "kubernetes", "ClusterIP", {"10.96.0.1"})})),
  });
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto info = Discover(*client);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->service_cidrs.winner(), nullptr);
  EXPECT_TRUE(
      HasNote(*info, "default/kubernetes holds 10.96.0.1, the first address of the primary range"));
  EXPECT_EQ(info->http_requests, 7);
}

TEST(DiscoveryTest, AnUnreachableServerIsAnErrorNamingIt) {
  ClusterAccess access;
  access.server = "http://127.0.0.1:1";
  HttpOptions options;
  options.max_attempts = 1;
  auto client = HttpClient::Create(access, options);
  ASSERT_TRUE(client.ok());
  auto info = Discover(**client);
  ASSERT_FALSE(info.ok());
  EXPECT_EQ(info.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(info.status().message().find("cannot reach http://127.0.0.1:1: "), std::string::npos)
      << info.status().message();
}

TEST(DiscoveryTest, RefusedCredentialsAreAnError) {
  CannedServer server({Status(401, "Unauthorized", "Unauthorized")});
  auto client = ClientFor(server);
  ASSERT_NE(client, nullptr);
  auto info = Discover(*client);
  ASSERT_FALSE(info.ok());
  EXPECT_NE(info.status().message().find("answered /version with unauthorized (401)"),
            std::string::npos)
      << info.status().message();
}

TEST(DiscoveryTest, CommandLineFlags) {
  std::vector<std::string> argv = {"kube-apiserver", "--service-node-port-range", "1-2",
                                   "-service-cluster-ip-range=10.0.0.0/8",
                                   "--service-node-port-range=3-4"};
  EXPECT_EQ(flags::FindFlagValue(argv, "service-node-port-range"), "3-4");
  EXPECT_EQ(flags::FindFlagValue(argv, "service-cluster-ip-range"), "10.0.0.0/8");
  EXPECT_EQ(flags::FindFlagValue(argv, "etcd-servers"), std::nullopt);
  EXPECT_EQ(flags::FindFlagValue({"x", "--service-node-port-range"}, "service-node-port-range"),
            std::nullopt);
}

TEST(DiscoveryTest, JsonKeepsEveryFinding) {
  ClusterInfo info;
  info.server = "https://127.0.0.1:6443";
  info.git_version = "v1.37.2";
  info.profile = "1.37";
  info.service_cidrs.found = {
      {"10.96.0.0/16", "ServiceCIDR kubernetes (networking.k8s.io/v1)"},
      {"10.96.0.0/12", "static pod kube-system/x (--service-cluster-ip-range)"}};
  info.service_cidrs.resolution = "why";
  json j = ClusterInfoJson(info);
  EXPECT_EQ(j["serviceCIDRs"]["value"], "10.96.0.0/16");
  EXPECT_EQ(j["serviceCIDRs"]["alsoFound"][0]["value"], "10.96.0.0/12");
  EXPECT_EQ(j["serviceCIDRs"]["resolution"], "why");
  EXPECT_EQ(j["version"]["engineProfile"], "1.37");
  EXPECT_TRUE(j["services"].is_null());
}

}  // namespace
}  // namespace kdual::live
