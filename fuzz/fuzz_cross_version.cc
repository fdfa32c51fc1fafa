// The same cluster flags and request sequence on every pinned profile. No
// profile may crash, and while every profile has answered each request with
// the same HTTP code, two successful answers must agree on what the
// allocators decided: spec.clusterIPs, ipFamilies, ipFamilyPolicy, the node
// ports and the health-check node port. None of the profile switches
// (engine/version/profile.h) changes those on the ranges drawn here, except
// where the bitmap's IPv6 cap of 65536 addresses (1.29, and 1.33's dual
// write) and the IPAddress allocator's uncapped range (1.37) make the band's
// top differ: the addresses of a family whose range exceeds the cap are not
// compared. A restart onto other service ranges ends the shared history
// too: from 1.33 the default ServiceCIDR of the first start outlives it (the
// defaultservicecidr controller does not rewrite it), 1.29 follows the flags.
// Answers that differ in code are what the switches are for (stricter
// validation, new messages); from then on the histories diverge and only
// "no crash" is checked. One difference in what is decided is known and
// allowed: an update of a LoadBalancer Service with
// allocateLoadBalancerNodePorts: false (before or after the update, to a
// LoadBalancer or a NodePort) keeps its node ports before 1.30 and gives them back from 1.30
// (storage.go needsNodePort honours the field from 1.30, the profile's
// load_balancer_without_node_ports_needs_none, and patchAllocatedValues copies
// the old ports only when both the old and the new object need them;
// engine/families/ip_families.cc PatchAllocatedValues); it also ends the
// shared history. Captured on both servers:
// golden/<minor>/nodeport/loadbalancer-no-alloc-then-update-omitting-field.yaml.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/net/cidr.h"
#include "engine/registry/service_cluster.h"
#include "engine/shapes/byte_chooser.h"
#include "engine/testing/fuzz_cases.h"
#include "fuzz/fuzz_check.h"

namespace {

using nlohmann::json;

// Whether a range of `ranges` (comma-separated CIDRs) is IPv6 with more than
// 16 host bits: larger than the bitmap's cap.
bool OverBitmapCap(const std::string& ranges) {
  size_t start = 0;
  while (start <= ranges.size()) {
    size_t comma = ranges.find(',', start);
    std::string part =
        ranges.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    auto cidr = kdual::net::ParseCIDRSloppy(part);
    if (cidr.ok() && !cidr->network().is_v4() && cidr->prefix_length() < 112) return true;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return false;
}

// What the allocators decided, without the clusterIPs of families whose
// range is over the cap when `skip_v6` is set.
json Decided(const json& body, bool skip_v6 = false) {
  json spec = body.value("spec", json::object());
  json out = json::object();
  for (const char* key :
       {"clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy", "healthCheckNodePort", "type"}) {
    if (spec.contains(key)) out[key] = spec[key];
  }
  json ports = json::array();
  for (const auto& p : spec.value("ports", json::array()))
    ports.push_back(p.value("nodePort", json(nullptr)));
  out["nodePorts"] = ports;
  if (skip_v6) {
    json ips = json::array();
    for (const auto& ip : out.value("clusterIPs", json::array())) {
      ips.push_back(ip.is_string() && ip.get<std::string>().find(':') != std::string::npos
                        ? json("IPv6")
                        : ip);
    }
    if (out.contains("clusterIPs")) out["clusterIPs"] = ips;
    if (out.contains("clusterIP") && out["clusterIP"].is_string() &&
        out["clusterIP"].get<std::string>().find(':') != std::string::npos) {
      out["clusterIP"] = "IPv6";
    }
  }
  return out;
}

bool LoadBalancerWithoutNodePorts(const json& body) {
  const json spec = body.value("spec", json::object());
  return spec.value("type", "") == "LoadBalancer" &&
         !spec.value("allocateLoadBalancerNodePorts", true);
}

// The allowed difference described above, between profiles a and b;
// `before` is the stored object the update or patch replaced.
bool KnownNodePortDifference(const json& before, const json& a, const json& b,
                             const kdual::version::Release& ra, const kdual::version::Release& rb,
                             const kdual::test::Operation& op, bool skip_v6) {
  auto pa = kdual::version::ProfileFor(ra), pb = kdual::version::ProfileFor(rb);
  if (!pa.ok() || !pb.ok()) return false;
  if (pa->load_balancer_without_node_ports_needs_none ==
      pb->load_balancer_without_node_ports_needs_none)
    return false;
  if (op.kind != kdual::test::OpKind::kUpdate && op.kind != kdual::test::OpKind::kPatch)
    return false;
  // The new type needs node ports on both (NodePort, or a LoadBalancer):
  // 1.29 copies the old ones over, 1.30+ allocates anew.
  const std::string type = a.value("spec", json::object()).value("type", "");
  if (type != "LoadBalancer" && type != "NodePort") return false;
  if (!LoadBalancerWithoutNodePorts(before) && !LoadBalancerWithoutNodePorts(a) &&
      !LoadBalancerWithoutNodePorts(b)) {
    return false;
  }
  // Over the cap the IPv6 addresses differ anyway (see Decided).
  json da = Decided(a, skip_v6), db = Decided(b, skip_v6);
  // The ports kept on one side and allocated on the other move the
  // health-check port's pick too.
  for (json* d : {&da, &db}) {
    d->erase("nodePorts");
    d->erase("healthCheckNodePort");
  }
  return da == db;
}

// Whether a request body asks for an IPv6 cluster IP.
bool NamesIPv6ClusterIP(const json& body) {
  const json spec = body.is_object() ? body.value("spec", json::object()) : json::object();
  if (!spec.is_object()) return false;
  auto v6 = [](const json& v) {
    return v.is_string() && v.get<std::string>().find(':') != std::string::npos;
  };
  if (spec.contains("clusterIP") && v6(spec["clusterIP"])) return true;
  if (spec.contains("clusterIPs") && spec["clusterIPs"].is_array()) {
    for (const auto& ip : spec["clusterIPs"]) {
      if (v6(ip)) return true;
    }
  }
  return false;
}

// How many addresses of each family and node ports the allocators hold.
std::vector<size_t> AllocatorCounts(const kdual::registry::ServiceCluster& c) {
  std::vector<size_t> out;
  for (auto f : {kdual::net::Family::kIPv4, kdual::net::Family::kIPv6}) {
    const auto* a = c.ip_allocator(f);
    out.push_back(a ? a->Used() : 0);
  }
  out.push_back(c.port_allocator() ? c.port_allocator()->Used() : 0);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  kdual::test::ByteChooser c(data, size);
  kdual::test::RegistryCase drawn =
      kdual::test::DrawRegistryCase(c);  // every release, not drawn.release
  kdual::test::ClusterShape cluster = drawn.cluster;
  std::vector<std::unique_ptr<kdual::registry::ServiceCluster>> clusters;
  std::vector<std::string> names;
  std::vector<kdual::version::Release> releases;
  for (const auto& release : kdual::version::PinnedReleases()) {
    auto profile = kdual::version::ProfileFor(release);
    if (!profile.ok()) continue;
    auto started = kdual::registry::ServiceCluster::Create(cluster.Flags(), *profile);
    KDUAL_FUZZ_CHECK(started.ok(), "accepted flags refused by " + release.ToString());
    clusters.push_back(std::move(*started));
    names.push_back(release.ToString());
    releases.push_back(release);
  }
  bool same_history = true;
  for (size_t i = 0; i < drawn.ops.size(); ++i) {
    const kdual::test::Operation& op = drawn.ops[i];
    if (op.kind == kdual::test::OpKind::kRestart) {
      std::vector<bool> ok;
      for (auto& cl : clusters) ok.push_back(cl->Restart(op.restart.Flags()).ok());
      for (bool b : ok) same_history = same_history && b == ok[0];
      if (op.restart.service_cluster_ip_range != cluster.service_cluster_ip_range)
        same_history = false;
      cluster = op.restart;
      continue;
    }
    // The object an update or patch replaces (the same on every profile
    // while the histories agree).
    json before = json::object();
    if (same_history &&
        (op.kind == kdual::test::OpKind::kUpdate || op.kind == kdual::test::OpKind::kPatch)) {
      kdual::registry::Request get;
      get.op = kdual::registry::Op::kGet;
      get.name = op.request.name;
      get.namespace_name = op.request.namespace_name;
      kdual::registry::Answer got = clusters[0]->Handle(get);
      if (!got.is_error()) before = got.body;
    }
    std::vector<kdual::registry::Answer> answers;
    for (auto& cl : clusters) answers.push_back(cl->Handle(op.request));
    for (size_t k = 0; k < answers.size(); ++k) {
      KDUAL_FUZZ_CHECK(answers[k].code >= 200 && answers[k].code < 600, names[k] + ": no answer");
      KDUAL_FUZZ_CHECK(answers[k].body.value("message", "").rfind("kdual engine:", 0) != 0,
                       names[k] + ": exception inside the engine: " + answers[k].body.dump());
    }
    for (size_t k = 1; k < answers.size(); ++k) {
      if (answers[k].code != answers[0].code) same_history = false;
    }
    // The same answers can leave different state behind: a dual-stack
    // create refused by validation on one release and by the allocator of
    // its second family on another leaves the first family's address held
    // only on the second (alloc.go does not revert it). What no answer shows
    // ends the shared history too.
    for (size_t k = 1; k < clusters.size(); ++k) {
      if (AllocatorCounts(*clusters[k]) != AllocatorCounts(*clusters[0])) same_history = false;
    }
    const bool skip_v6 = OverBitmapCap(cluster.service_cluster_ip_range);
    // Over the cap the releases pick different IPv6 addresses, so a request
    // naming an IPv6 address may name one release's pick and not another's
    // (strategy.go dropTypeDependentFields then wipes the address on one
    // side only): the histories part there.
    if (skip_v6 && NamesIPv6ClusterIP(op.request.body)) same_history = false;
    if (!same_history || answers[0].is_error()) continue;
    for (size_t k = 1; k < answers.size(); ++k) {
      if (Decided(answers[k].body) != Decided(answers[0].body) &&
          KnownNodePortDifference(before, answers[0].body, answers[k].body, releases[0],
                                  releases[k], op, skip_v6)) {
        same_history = false;
        continue;
      }
      KDUAL_FUZZ_CHECK(Decided(answers[k].body, skip_v6) == Decided(answers[0].body, skip_v6),
                       "step " + std::to_string(i) + " (" + kdual::test::Describe(op) +
                           "): " + names[0] + " decided " + Decided(answers[0].body).dump() + ", " +
                           names[k] + " decided " + Decided(answers[k].body).dump());
    }
  }
  return 0;
}
