#include "engine/registry/type_dependent_fields.h"

#include <set>

#include "engine/defaults/service_defaults.h"
#include "engine/registry/node_ports.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;

void DropTypeDependentFields(Service& svc, const Service& old, const version::Profile& profile) {
  auto needs_cluster_ip = [](const Service& s) { return s.type != api::kTypeExternalName; };
  if (needs_cluster_ip(old) && !needs_cluster_ip(svc)) {
    // strategy.go sameClusterIPs compares the singular and the plural.
    if (old.cluster_ip == svc.cluster_ip && old.cluster_ips == svc.cluster_ips) {
      svc.cluster_ip.clear();
      svc.cluster_ips.clear();
      svc.cluster_ips_nil = true;
    }
    if (old.ip_families == svc.ip_families) {
      svc.ip_families.clear();
      svc.ip_families_nil = true;
    }
    if (old.ip_family_policy.value_or("") == svc.ip_family_policy.value_or(""))
      svc.ip_family_policy.reset();
  }
  if (NeedsNodePortType(old) && !NeedsNodePortType(svc)) {
    std::set<int64_t> o, n;
    for (auto p : CollectNodePorts(old)) o.insert(p);
    for (auto p : CollectNodePorts(svc)) n.insert(p);
    if (std::includes(o.begin(), o.end(), n.begin(), n.end())) {
      for (auto& p : svc.ports) p.node_port = 0;
    }
  }
  if (defaults::NeedsHealthCheck(old) && !defaults::NeedsHealthCheck(svc) &&
      old.health_check_node_port == svc.health_check_node_port) {
    svc.health_check_node_port = 0;
  }
  if (old.type == api::kTypeLoadBalancer && svc.type != api::kTypeLoadBalancer) {
    if (svc.allocate_load_balancer_node_ports && old.allocate_load_balancer_node_ports &&
        *svc.allocate_load_balancer_node_ports == *old.allocate_load_balancer_node_ports) {
      svc.allocate_load_balancer_node_ports.reset();
    }
    if (old.load_balancer_class == svc.load_balancer_class) svc.load_balancer_class.reset();
  }
  if (defaults::ExternallyAccessible(old, profile) &&
      !defaults::ExternallyAccessible(svc, profile) &&
      old.external_traffic_policy == svc.external_traffic_policy) {
    svc.external_traffic_policy.clear();
  }
  if (svc.type != api::kTypeLoadBalancer && svc.raw.contains("status")) {
    svc.raw["status"]["loadBalancer"] = json::object();
  }
}

}  // namespace kdual::registry
