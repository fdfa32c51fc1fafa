#include "engine/families/ip_families.h"

#include <map>
#include <set>

#include "engine/base/explain_trace.h"
#include "engine/validation/service_validation.h"

namespace kdual::families {
namespace {

using api::Service;
using validation::ErrorList;
using validation::FieldValue;

std::string Other(const std::string& f) { return f == "IPv4" ? "IPv6" : "IPv4"; }

FieldValue PolicyValue(const Service& s) { return FieldValue::NamedPtr(s.ip_family_policy); }

}  // namespace

bool ClusterFamilies::Has(const std::string& family) const {
  for (auto f : configured) {
    if (family == net::FamilyName(f)) return true;
  }
  return false;
}

std::string FamilyOf(const std::string& ip) {
  auto r = net::ParseIPSloppy(ip);
  if (!r.ok()) return "unknown";
  return r->is_v4() ? "IPv4" : "IPv6";
}

bool SameClusterIPs(const Service& a, const Service& b) { return a.cluster_ips == b.cluster_ips; }
bool SameIPFamilies(const Service& a, const Service& b) { return a.ip_families == b.ip_families; }

bool IsMatchingPreferDualStackClusterIPFields(const Service& svc, const Service* old) {
  if (old == nullptr || !svc.ip_family_policy) return false;
  if (old->type != svc.type) return false;
  if (svc.type != api::kTypeClusterIP && svc.type != api::kTypeNodePort &&
      svc.type != api::kTypeLoadBalancer) {
    return false;
  }
  if (*svc.ip_family_policy != api::kPreferDualStack) return false;
  if (old->ip_family_policy && *old->ip_family_policy != api::kPreferDualStack) return false;
  return SameClusterIPs(*old, svc) && SameIPFamilies(*old, svc);
}

std::optional<ErrorList> InitIPFamilyFields(Service& svc, const Service* old,
                                            const ClusterFamilies& cluster,
                                            const version::Profile& profile) {
  if (svc.type == api::kTypeExternalName) {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "type ExternalName: the IP family fields are left alone");
    return std::nullopt;
  }
  if (IsMatchingPreferDualStackClusterIPFields(svc, old)) {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "PreferDualStack with clusterIPs and ipFamilies as stored "
                "(isMatchingPreferDualStackClusterIPFields): nothing to do");
    return std::nullopt;
  }

  if (!svc.ip_family_policy) {
    if (old != nullptr && old->ip_family_policy) {
      svc.ip_family_policy = old->ip_family_policy;
      KDUAL_TRACE("alloc.go initIPFamilyFields",
                  "ipFamilyPolicy unset: " + *svc.ip_family_policy + ", the stored object's");
    } else if (svc.cluster_ip == api::kClusterIPNone && svc.selector.empty()) {
      svc.ip_family_policy = api::kRequireDualStack;
      KDUAL_TRACE("alloc.go initIPFamilyFields",
                  "ipFamilyPolicy unset: RequireDualStack, because the Service is headless "
                  "(clusterIP None) and has no selector");
    } else {
      svc.ip_family_policy = api::kSingleStack;
      KDUAL_TRACE("alloc.go initIPFamilyFields", "ipFamilyPolicy unset: SingleStack, the default");
    }
  } else {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "ipFamilyPolicy " + *svc.ip_family_policy + " as given");
  }

  // Loose pre-validation (alloc.go; from 1.33 it takes the old object).
  ErrorList pre = validation::ValidateServiceClusterIPsRelatedFields(
      svc, profile.alloc_prevalidation_sees_old ? old : nullptr, profile);
  if (!pre.empty()) {
    KDUAL_TRACE(
        "alloc.go initIPFamilyFields",
        "the loose pre-validation of clusterIPs, ipFamilies and the policy fails "
        "(validation.ValidateServiceClusterIPsRelatedFields): answered before any allocation");
    return pre;
  }

  ErrorList el;
  const std::string policy = *svc.ip_family_policy;
  if (old != nullptr) {
    if (policy == api::kSingleStack) {
      if (SameClusterIPs(*old, svc) && svc.cluster_ips.size() > 1) svc.cluster_ips.resize(1);
      if (SameIPFamilies(*old, svc) && svc.ip_families.size() > 1) svc.ip_families.resize(1);
    } else {
      if (!svc.cluster_ips.empty() && svc.cluster_ips.size() < old->cluster_ips.size()) {
        el.push_back(
            validation::Invalid("spec.ipFamilyPolicy", PolicyValue(svc),
                                "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if (!svc.ip_families.empty() && svc.ip_families.size() < old->ip_families.size()) {
        el.push_back(
            validation::Invalid("spec.ipFamilyPolicy", PolicyValue(svc),
                                "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }
  if (policy == api::kSingleStack) {
    if (svc.cluster_ips.size() == 2) {
      el.push_back(validation::Invalid(
          "spec.ipFamilyPolicy", PolicyValue(svc),
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    }
    if (svc.ip_families.size() == 2) {
      el.push_back(validation::Invalid(
          "spec.ipFamilyPolicy", PolicyValue(svc),
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
    }
  }
  for (size_t i = 0; i < svc.cluster_ips.size(); ++i) {
    const auto& ip = svc.cluster_ips[i];
    if (ip == api::kClusterIPNone) break;
    std::string fam = FamilyOf(ip);
    if (i >= svc.ip_families.size()) {
      if (!cluster.Has(fam)) {
        el.push_back(
            validation::Invalid("spec.clusterIPs[" + std::to_string(i) + "]",
                                FieldValue::List(svc.cluster_ips, "[]string",
                                                 svc.cluster_ips_nil && svc.cluster_ips.empty()),
                                fam + " is not configured on this cluster"));
      } else {
        svc.ip_families.push_back(fam);
        svc.ip_families_nil = false;
        KDUAL_TRACE("alloc.go initIPFamilyFields",
                    "ipFamilies[" + std::to_string(i) + "] = " + fam +
                        ", the family of clusterIPs[" + std::to_string(i) + "] " + ip);
      }
    }
  }
  if (!el.empty()) {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "the given clusterIPs or the policy do not fit the cluster: " +
                    std::to_string(el.size()) + " error(s)");
    return el;
  }

  if (svc.cluster_ip == api::kClusterIPNone && svc.selector.empty()) {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "headless without selector: families need not be configured on the cluster");
    if (svc.ip_families.empty()) {
      svc.ip_families = {net::FamilyName(cluster.primary())};
      svc.ip_families_nil = false;
    }
    if (svc.ip_families.size() < 2 && *svc.ip_family_policy != api::kSingleStack) {
      svc.ip_families.push_back(Other(svc.ip_families[0]));
    }
    return std::nullopt;
  }

  if (policy == api::kRequireDualStack && !cluster.dual()) {
    el.push_back(validation::Invalid("spec.ipFamilyPolicy", PolicyValue(svc),
                                     "this cluster is not configured for dual-stack services"));
  }
  for (size_t i = 0; i < svc.ip_families.size(); ++i) {
    if (!cluster.Has(svc.ip_families[i])) {
      el.push_back(validation::Invalid("spec.ipFamilies[" + std::to_string(i) + "]",
                                       FieldValue::Named(svc.ip_families[i]),
                                       "not configured on this cluster"));
    }
  }
  if (!el.empty()) {
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                "the policy or families are not available on this cluster: " +
                    std::to_string(el.size()) + " error(s)");
    return el;
  }
  if (svc.ip_families.empty()) {
    svc.ip_families = {net::FamilyName(cluster.primary())};
    svc.ip_families_nil = false;
    KDUAL_TRACE("alloc.go initIPFamilyFields", "ipFamilies empty: [" + svc.ip_families[0] +
                                                   "], the cluster's primary family "
                                                   "(the first --service-cluster-ip-range)");
  }
  if (*svc.ip_family_policy != api::kSingleStack && svc.ip_families.size() == 1 && cluster.dual()) {
    if (svc.ip_families[0] == "IPv4") {
      svc.ip_families.push_back("IPv6");
    } else if (svc.ip_families[0] == "IPv6") {
      svc.ip_families.push_back("IPv4");
    }
    KDUAL_TRACE("alloc.go initIPFamilyFields",
                *svc.ip_family_policy +
                    " on a dual-stack cluster: the other family appended, "
                    "ipFamilies [" +
                    svc.ip_families[0] + ", " + svc.ip_families.back() + "]");
  }
  return std::nullopt;
}

void NormalizeClusterIPs(Service& svc, const Service* old) {
  if (old == nullptr) {
    if (!svc.cluster_ip.empty() && svc.cluster_ips.empty()) {
      svc.cluster_ips = {svc.cluster_ip};
      svc.cluster_ips_nil = false;
    }
    return;
  }
  if (!old->cluster_ips.empty() && svc.cluster_ips.empty()) {
    if (old->cluster_ip == svc.cluster_ip) {
      svc.cluster_ips = old->cluster_ips;
      svc.cluster_ips_nil = false;
    }
  }
  if (old->cluster_ip != svc.cluster_ip) {
    if (!old->cluster_ip.empty() && svc.cluster_ip.empty()) {
      if (SameClusterIPs(*old, svc)) {
        svc.cluster_ips.clear();
        svc.cluster_ips_nil = true;
      }
    } else if (SameClusterIPs(*old, svc)) {
      svc.cluster_ips = {svc.cluster_ip};
      svc.cluster_ips_nil = false;
    }
  }
}

void PatchAllocatedValues(Service& svc, const Service& old, const version::Profile& profile) {
  auto needs_cluster_ip = [](const Service& s) { return s.type != api::kTypeExternalName; };
  if (needs_cluster_ip(old) && needs_cluster_ip(svc)) {
    if (svc.cluster_ip.empty()) svc.cluster_ip = old.cluster_ip;
    if (svc.cluster_ips.empty() && !old.cluster_ips.empty()) {
      svc.cluster_ips = old.cluster_ips;
      svc.cluster_ips_nil = false;
    }
  }
  // storage.go needsNodePort (1.33+: a LoadBalancer with
  // allocateLoadBalancerNodePorts false does not; 1.29: any LoadBalancer).
  const bool lb_always = !profile.load_balancer_without_node_ports_needs_none;
  auto needs_node_port = [lb_always](const Service& s) {
    if (s.type == api::kTypeNodePort) return true;
    if (s.type != api::kTypeLoadBalancer) return false;
    return lb_always || s.allocate_load_balancer_node_ports.value_or(true);
  };
  if (needs_node_port(old) && needs_node_port(svc)) {
    std::set<int64_t> old_used, new_used;
    for (const auto& p : old.ports) {
      if (p.node_port) old_used.insert(p.node_port);
    }
    for (const auto& p : svc.ports) {
      if (p.node_port) new_used.insert(p.node_port);
    }
    std::map<std::string, int64_t> by_name;
    for (const auto& p : old.ports) by_name[p.name] = p.node_port;
    for (auto& p : svc.ports) {
      if (p.node_port == 0) {
        int64_t v = by_name.count(p.name) ? by_name[p.name] : 0;
        bool used = old_used.count(v) && new_used.count(v);
        if (!used) p.node_port = v;
      }
    }
  }
  auto needs_hc = [](const Service& s) {
    return s.type == api::kTypeLoadBalancer && s.external_traffic_policy == "Local";
  };
  if (needs_hc(old) && needs_hc(svc) && svc.health_check_node_port == 0) {
    svc.health_check_node_port = old.health_check_node_port;
  }
}

void DefaultOnRead(Service& svc, const ClusterFamilies& cluster, const version::Profile& profile) {
  NormalizeClusterIPs(svc, nullptr);
  if (svc.type != api::kTypeExternalName && svc.ip_families.empty()) {
    std::string primary = net::FamilyName(cluster.primary());
    if (svc.cluster_ip == api::kClusterIPNone) {
      if (svc.selector.empty()) {
        svc.ip_family_policy = api::kRequireDualStack;
        svc.ip_families = {primary, Other(primary)};
      } else {
        svc.ip_family_policy = api::kSingleStack;
        svc.ip_families = {primary};
      }
    } else if (!svc.cluster_ips.empty()) {
      svc.ip_families.clear();
      for (const auto& ip : svc.cluster_ips) {
        svc.ip_families.push_back(validation::IsIPv6String(ip) ? "IPv6" : "IPv4");
      }
      if (svc.ip_families.size() == 1) svc.ip_family_policy = api::kSingleStack;
      if (svc.ip_families.size() == 2) svc.ip_family_policy = api::kRequireDualStack;
    }
  }
  // storage.go defaultOnReadInternalTrafficPolicy (1.24): 1.23 defaulted
  // it on ExternalName Services too, and stored objects keep it.
  if (profile.internal_traffic_policy_type_scoped && svc.type == api::kTypeExternalName)
    svc.internal_traffic_policy.reset();
}

}  // namespace kdual::families
