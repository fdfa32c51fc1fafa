#include "engine/defaults/service_defaults.h"

namespace kdual::defaults {

bool ExternallyAccessible(const api::Service& svc, const version::Profile& profile) {
  return svc.type == api::kTypeLoadBalancer || svc.type == api::kTypeNodePort ||
         (profile.external_ips_externally_accessible && svc.type == api::kTypeClusterIP &&
          !svc.external_ips.empty());
}

bool NeedsHealthCheck(const api::Service& svc) {
  return svc.type == api::kTypeLoadBalancer && svc.external_traffic_policy == "Local";
}

void SetDefaultsService(api::Service& svc, const version::Profile& profile) {
  (void)profile;
  if (svc.session_affinity.empty()) svc.session_affinity = "None";
  if (svc.session_affinity == "None") {
    svc.has_session_affinity_config = false;
    if (svc.raw.contains("spec")) svc.raw["spec"].erase("sessionAffinityConfig");
  }
  if (svc.session_affinity == "ClientIP") {
    // Missing config or timeout: {clientIP: {timeoutSeconds: 10800}}.
    nlohmann::json& spec = svc.raw["spec"];
    bool has_timeout = spec.contains("sessionAffinityConfig") &&
                       spec["sessionAffinityConfig"].contains("clientIP") &&
                       spec["sessionAffinityConfig"]["clientIP"].contains("timeoutSeconds");
    if (!has_timeout) {
      spec["sessionAffinityConfig"] = {{"clientIP", {{"timeoutSeconds", 10800}}}};
    }
    svc.has_session_affinity_config = true;
  }
  if (svc.type.empty()) svc.type = api::kTypeClusterIP;
  for (auto& p : svc.ports) {
    if (p.protocol.empty()) p.protocol = "TCP";
    bool zero = p.target_port.is_null() ||
                (p.target_port.is_number() && p.target_port.get<int64_t>() == 0) ||
                (p.target_port.is_string() && p.target_port.get<std::string>().empty());
    if (zero) p.target_port = p.port;
  }
  if (ExternallyAccessible(svc, profile) && svc.external_traffic_policy.empty()) {
    svc.external_traffic_policy = "Cluster";
  }
  // defaults.go: only while ServiceInternalTrafficPolicy is on (a gate
  // until 1.26).
  // Before 1.24 on every type, ExternalName too.
  if (profile.internal_traffic_policy_enabled && !svc.internal_traffic_policy &&
      (!profile.internal_traffic_policy_type_scoped || svc.type == api::kTypeNodePort ||
       svc.type == api::kTypeLoadBalancer || svc.type == api::kTypeClusterIP)) {
    svc.internal_traffic_policy = "Cluster";
  }
  if (svc.type == api::kTypeLoadBalancer && !svc.allocate_load_balancer_node_ports) {
    svc.allocate_load_balancer_node_ports = true;
  }
  // LoadBalancer ingress ipMode VIP (pkg/apis/core/v1/defaults.go), under
  // LoadBalancerIPMode: alpha and off in 1.29, on from 1.30. Only status
  // writes show it: every other write resets status.
  if (profile.load_balancer_ip_mode && svc.type == api::kTypeLoadBalancer &&
      svc.raw.contains("status")) {
    auto& st = svc.raw["status"];
    if (st.contains("loadBalancer") && st["loadBalancer"].contains("ingress") &&
        st["loadBalancer"]["ingress"].is_array()) {
      for (auto& ing : st["loadBalancer"]["ingress"]) {
        if (ing.is_object() && ing.contains("ip") && ing["ip"].is_string() &&
            !ing["ip"].get<std::string>().empty() && !ing.contains("ipMode")) {
          ing["ipMode"] = "VIP";
        }
      }
    }
  }
}

}  // namespace kdual::defaults
