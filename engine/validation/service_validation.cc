#include "engine/validation/service_validation.h"

#include <algorithm>
#include <set>

#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"

namespace kdual::validation {
namespace {

using api::Service;

std::string Idx(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLower(c) || IsDigit(c); }

// [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool IsDNS1123LabelText(const std::string& s) {
  if (s.empty() || !IsAlnum(s.front()) || !IsAlnum(s.back())) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return IsAlnum(c) || c == '-'; });
}

bool IsDNS1123SubdomainText(const std::string& s) {
  if (s.empty()) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string label = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!IsDNS1123LabelText(label)) return false;
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

std::string RegexError(const std::string& msg, const std::string& fmt, const std::string& e1,
                       const std::string& e2) {
  // Go's RegexError joins examples as "'a', " + " or " + "'b', ".
  return msg + " (e.g. '" + e1 + "',  or '" + e2 + "', regex used for validation is '" + fmt + "')";
}

std::vector<std::string> IsDNS1123Label(const std::string& v) {
  std::vector<std::string> errs;
  if (v.size() > 63) errs.push_back("must be no more than 63 characters");
  if (!IsDNS1123LabelText(v)) {
    if (IsDNS1123SubdomainText(v)) {
      errs.push_back("must not contain dots");
    } else {
      errs.push_back(RegexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must "
          "start and end with an alphanumeric character",
          "[a-z0-9]([-a-z0-9]*[a-z0-9])?", "my-name", "123-abc"));
    }
  }
  return errs;
}

std::vector<std::string> IsDNS1035Label(const std::string& v) {
  std::vector<std::string> errs;
  if (v.size() > 63) errs.push_back("must be no more than 63 characters");
  bool ok = !v.empty() && IsLower(v.front()) && IsAlnum(v.back()) &&
            std::all_of(v.begin(), v.end(), [](char c) { return IsAlnum(c) || c == '-'; });
  if (!ok) {
    errs.push_back(RegexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
        "alphabetic character, and end with an alphanumeric character",
        "[a-z]([-a-z0-9]*[a-z0-9])?", "my-name", "abc-123"));
  }
  return errs;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

std::vector<std::string> IsValidPortName(const std::string& port) {
  std::vector<std::string> errs;
  if (port.size() > 15) errs.push_back("must be no more than 15 characters");
  bool charset = !port.empty() && std::all_of(port.begin(), port.end(), [](char c) { return IsAlnum(c) || c == '-'; });
  if (!charset) errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (std::none_of(port.begin(), port.end(), IsLower)) errs.push_back("must contain at least one letter (a-z)");
  if (port.find("--") != std::string::npos) errs.push_back("must not contain consecutive hyphens");
  if (!port.empty() && (port.front() == '-' || port.back() == '-')) {
    errs.push_back("must not begin or end with a hyphen");
  }
  return errs;
}

constexpr const char* kPortRangeMsg = "must be between 1 and 65535, inclusive";

FieldValue ClusterIPsValue(const Service& s) {
  return FieldValue::List(s.cluster_ips, "[]string", s.cluster_ips_nil && s.cluster_ips.empty());
}
FieldValue FamiliesValue(const Service& s) {
  return FieldValue::List(s.ip_families, "[]core.IPFamily", s.ip_families_nil && s.ip_families.empty());
}

ErrorList ValidateObjectMeta(const Service& svc, const version::Profile& profile) {
  ErrorList errs;
  if (!svc.generate_name.empty()) {
    std::string g = svc.generate_name;
    // maskTrailingDash: a trailing '-' is replaced by 'a' before the check.
    if (g.size() > 1 && g.back() == '-') g.back() = 'a';
    for (const auto& m : ValidateServiceName(g, profile)) {
      errs.push_back(Invalid("metadata.generateName", FieldValue::String(svc.generate_name), m));
    }
  }
  if (svc.name.empty()) {
    errs.push_back(Required("metadata.name", "name or generateName is required"));
  } else {
    for (const auto& m : ValidateServiceName(svc.name, profile)) {
      errs.push_back(Invalid("metadata.name", FieldValue::String(svc.name), m));
    }
  }
  if (svc.namespace_name.empty()) {
    errs.push_back(Required("metadata.namespace"));
  } else {
    for (const auto& m : IsDNS1123Label(svc.namespace_name)) {
      errs.push_back(Invalid("metadata.namespace", FieldValue::String(svc.namespace_name), m));
    }
  }
  return errs;
}

ErrorList ValidateServicePort(const api::ServicePort& sp, bool require_name, std::set<std::string>* names,
                              const std::string& path) {
  ErrorList errs;
  if (require_name && sp.name.empty()) {
    errs.push_back(Required(path + ".name"));
  } else if (!sp.name.empty()) {
    auto msgs = IsDNS1123Label(sp.name);
    if (!msgs.empty()) errs.push_back(Invalid(path + ".name", FieldValue::String(sp.name), Join(msgs, ",")));
    if (names->count(sp.name)) {
      errs.push_back(Duplicate(path + ".name", FieldValue::String(sp.name)));
    } else {
      names->insert(sp.name);
    }
  }
  if (sp.port < 1 || sp.port > 65535) errs.push_back(Invalid(path + ".port", FieldValue::Int(sp.port), kPortRangeMsg));
  if (sp.protocol.empty()) {
    errs.push_back(Required(path + ".protocol"));
  } else if (sp.protocol != "TCP" && sp.protocol != "UDP" && sp.protocol != "SCTP") {
    errs.push_back(NotSupported(path + ".protocol", FieldValue::Named(sp.protocol), {"SCTP", "TCP", "UDP"}));
  }
  if (sp.target_port.is_string()) {
    std::string name = sp.target_port.get<std::string>();
    for (const auto& m : IsValidPortName(name)) {
      errs.push_back(Invalid(path + ".targetPort", FieldValue::String(name), m));
    }
  } else {
    int64_t v = sp.target_port.is_number_integer() ? sp.target_port.get<int64_t>() : 0;
    if (v < 1 || v > 65535) errs.push_back(Invalid(path + ".targetPort", FieldValue::Int(v), kPortRangeMsg));
  }
  return errs;
}

ErrorList ValidateUpgradeDowngradeClusterIPs(const Service& old, const Service& svc) {
  ErrorList errs;
  if (svc.type == api::kTypeExternalName || old.type == api::kTypeExternalName) return errs;
  if (IsHeadlessService(old) && IsHeadlessService(svc)) return errs;
  const auto& o = old.cluster_ips;
  const auto& n = svc.cluster_ips;
  if (o.size() == n.size()) {
    for (size_t i = 0; i < o.size(); ++i) {
      if (o[i] != n[i]) errs.push_back(Invalid(Idx("spec.clusterIPs", i), ClusterIPsValue(svc), "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (n.empty()) errs.push_back(Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc), "primary clusterIP can not be unset"));
    if (!o.empty() && !n.empty() && n[0] != o[0]) {
      errs.push_back(Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc), "may not change once set"));
    }
    if (n.size() == 1 && svc.ip_family_policy.value_or("") != api::kSingleStack) {
      errs.push_back(Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(svc.ip_family_policy),
                             "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else {
    if (!o.empty() && n[0] != o[0]) {
      errs.push_back(Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc), "may not change once set"));
    }
  }
  return errs;
}

ErrorList ValidateUpgradeDowngradeIPFamilies(const Service& old, const Service& svc) {
  ErrorList errs;
  if (svc.type == api::kTypeExternalName || old.type == api::kTypeExternalName) return errs;
  bool oh = IsHeadlessService(old), nh = IsHeadlessService(svc);
  if (oh != nh || nh) return errs;
  const auto& o = old.ip_families;
  const auto& n = svc.ip_families;
  if (o.size() == n.size()) {
    for (size_t i = 0; i < o.size(); ++i) {
      if (o[i] != n[i]) errs.push_back(Invalid("spec.ipFamilies[0]", FamiliesValue(svc), "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (svc.cluster_ips.empty()) {
      errs.push_back(Invalid("spec.ipFamilies[0]", FamiliesValue(svc), "primary ipFamily can not be unset"));
    }
    if (!n.empty() && n[0] != o[0]) {
      // The source passes ClusterIPs as the value here.
      errs.push_back(Invalid("spec.ipFamilies[0]", ClusterIPsValue(svc), "may not change once set"));
    }
    if (n.size() == 1 && svc.ip_family_policy.value_or("") != api::kSingleStack) {
      errs.push_back(Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(svc.ip_family_policy),
                             "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else {
    if (!o.empty() && !n.empty() && n[0] != o[0]) {
      errs.push_back(Invalid("spec.ipFamilies[0]", ClusterIPsValue(svc), "may not change once set"));
    }
  }
  return errs;
}

ErrorList ValidateServiceSpec(const Service& svc, const Service* old, const version::Profile& profile) {
  ErrorList errs;
  const bool headless = IsHeadlessService(svc);
  if (svc.ports.empty() && !headless && svc.type != api::kTypeExternalName) {
    errs.push_back(Required("spec.ports"));
  }
  if (svc.type == api::kTypeLoadBalancer) {
    if (profile.forbid_kubelet_port_on_load_balancer) {
      for (size_t i = 0; i < svc.ports.size(); ++i) {
        if (svc.ports[i].port == 10250) {
          errs.push_back(Invalid(Idx("spec.ports", i), FieldValue::Int(10250),
                                 "may not expose port 10250 externally since it is used by kubelet"));
        }
      }
    }
    if (headless) {
      errs.push_back(Invalid("spec.clusterIPs[0]", FieldValue::String(svc.cluster_ips[0]),
                             "may not be set to 'None' for LoadBalancer services"));
    }
  } else if (svc.type == api::kTypeNodePort) {
    if (headless) {
      errs.push_back(Invalid("spec.clusterIPs[0]", FieldValue::String(svc.cluster_ips[0]),
                             "may not be set to 'None' for NodePort services"));
    }
  } else if (svc.type == api::kTypeExternalName) {
    if (!svc.cluster_ips.empty()) errs.push_back(Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (!svc.ip_families.empty()) errs.push_back(Forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (svc.ip_family_policy) errs.push_back(Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    std::string cname = svc.external_name;
    if (!cname.empty() && cname.back() == '.') cname.pop_back();
    if (!cname.empty()) {
      if (cname.size() > 253) errs.push_back(Invalid("spec.externalName", FieldValue::String(cname), "must be no more than 253 characters"));
      if (!IsDNS1123SubdomainText(cname)) {
        errs.push_back(Invalid(
            "spec.externalName", FieldValue::String(cname),
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and "
            "must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
      }
    } else {
      errs.push_back(Required("spec.externalName"));
    }
  }
  std::set<std::string> names;
  for (size_t i = 0; i < svc.ports.size(); ++i) {
    auto pe = ValidateServicePort(svc.ports[i], svc.ports.size() > 1, &names, Idx("spec.ports", i));
    errs.insert(errs.end(), pe.begin(), pe.end());
  }
  if (svc.session_affinity.empty()) {
    errs.push_back(Required("spec.sessionAffinity"));
  } else if (svc.session_affinity != "ClientIP" && svc.session_affinity != "None") {
    errs.push_back(NotSupported("spec.sessionAffinity", FieldValue::Named(svc.session_affinity), {"ClientIP", "None"}));
  }
  auto ipe = ValidateServiceClusterIPsRelatedFields(svc, old, profile);
  errs.insert(errs.end(), ipe.begin(), ipe.end());
  std::vector<std::string> old_external = old ? old->external_ips : std::vector<std::string>{};
  for (size_t i = 0; i < svc.external_ips.size(); ++i) {
    auto e = IsValidIPForLegacyField(Idx("spec.externalIPs", i), svc.external_ips[i], profile, old_external);
    errs.insert(errs.end(), e.begin(), e.end());
  }
  if (svc.type.empty()) {
    errs.push_back(Required("spec.type"));
  } else if (svc.type != api::kTypeClusterIP && svc.type != api::kTypeNodePort && svc.type != api::kTypeLoadBalancer &&
             svc.type != api::kTypeExternalName) {
    errs.push_back(NotSupported("spec.type", FieldValue::Named(svc.type),
                                {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
  }
  if (svc.type == api::kTypeClusterIP) {
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      if (svc.ports[i].node_port != 0) {
        errs.push_back(Forbidden(Idx("spec.ports", i) + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
      }
    }
  }
  {
    std::set<std::pair<std::string, int64_t>> seen;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      const auto& p = svc.ports[i];
      if (p.node_port == 0) continue;
      auto key = std::make_pair(p.protocol, p.node_port);
      if (seen.count(key)) errs.push_back(Duplicate(Idx("spec.ports", i) + ".nodePort", FieldValue::Int(p.node_port)));
      seen.insert(key);
    }
  }
  {
    std::set<std::pair<std::string, int64_t>> seen;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      const auto& p = svc.ports[i];
      auto key = std::make_pair(p.protocol, p.port);
      if (seen.count(key)) {
        // Go prints the core.ServicePort key struct with %#v (1.37: as JSON).
        std::string go = "core.ServicePort{Name:\"\", Protocol:" + GoQuote(p.protocol) +
                         ", AppProtocol:(*string)(nil), Port:" + std::to_string(p.port) +
                         ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
        std::string js = "{\"Name\":\"\",\"Protocol\":" + GoJSONString(p.protocol) +
                         ",\"AppProtocol\":null,\"Port\":" + std::to_string(p.port) +
                         ",\"TargetPort\":0,\"NodePort\":0}";
        errs.push_back(Duplicate(Idx("spec.ports", i), FieldValue::Raw(go, js)));
      }
      seen.insert(key);
    }
  }
  if (!svc.load_balancer_source_ranges.empty() && svc.type != api::kTypeLoadBalancer) {
    errs.push_back(Forbidden("spec.LoadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (svc.allocate_load_balancer_node_ports && svc.type != api::kTypeLoadBalancer) {
    errs.push_back(Forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  if (svc.type == api::kTypeLoadBalancer && !svc.allocate_load_balancer_node_ports) {
    errs.push_back(Required("allocateLoadBalancerNodePorts"));
  }
  if (svc.load_balancer_class && svc.type != api::kTypeLoadBalancer) {
    errs.push_back(Forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  // validateServiceExternalTrafficPolicy
  if (!defaults::ExternallyAccessible(svc)) {
    if (!svc.external_traffic_policy.empty()) {
      errs.push_back(Invalid("spec.externalTrafficPolicy", FieldValue::Named(svc.external_traffic_policy),
                             "may only be set for externally-accessible services"));
    }
  } else {
    if (svc.external_traffic_policy.empty()) {
      errs.push_back(Required("spec.externalTrafficPolicy"));
    } else if (svc.external_traffic_policy != "Cluster" && svc.external_traffic_policy != "Local") {
      errs.push_back(NotSupported("spec.externalTrafficPolicy", FieldValue::Named(svc.external_traffic_policy),
                                  {"Cluster", "Local"}));
    }
  }
  if (!defaults::NeedsHealthCheck(svc)) {
    if (svc.health_check_node_port != 0) {
      errs.push_back(Invalid("spec.healthCheckNodePort", FieldValue::Int(svc.health_check_node_port),
                             "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (svc.health_check_node_port == 0) {
    errs.push_back(Required("spec.healthCheckNodePort"));
  } else if (svc.health_check_node_port < 1 || svc.health_check_node_port > 65535) {
    errs.push_back(Invalid("spec.healthCheckNodePort", FieldValue::Int(svc.health_check_node_port), kPortRangeMsg));
  }
  // validateServiceInternalTrafficFieldsValue
  if (!svc.internal_traffic_policy) {
    if (svc.type == api::kTypeNodePort || svc.type == api::kTypeLoadBalancer || svc.type == api::kTypeClusterIP) {
      errs.push_back(Required("spec.internalTrafficPolicy"));
    }
  } else if (*svc.internal_traffic_policy != "Cluster" && *svc.internal_traffic_policy != "Local") {
    errs.push_back(NotSupported("spec.internalTrafficPolicy", FieldValue::Named(*svc.internal_traffic_policy),
                                {"Cluster", "Local"}));
  }
  if (profile.validate_traffic_distribution && svc.traffic_distribution) {
    std::vector<std::string> supported = {"PreferClose"};
    if (profile.release.minor >= 35) supported = {"PreferClose", "PreferSameZone", "PreferSameNode"};
    if (std::find(supported.begin(), supported.end(), *svc.traffic_distribution) == supported.end()) {
      errs.push_back(NotSupported("spec.trafficDistribution", FieldValue::String(*svc.traffic_distribution), supported));
    }
  }
  return errs;
}

}  // namespace

bool IsHeadlessService(const Service& svc) {
  return svc.cluster_ips.size() == 1 && svc.cluster_ips[0] == api::kClusterIPNone;
}

bool IsIPv6String(const std::string& ip) {
  auto r = net::ParseIPSloppy(ip);
  return r.ok() && r->is_v6();
}

bool IsIPv4String(const std::string& ip) {
  auto r = net::ParseIPSloppy(ip);
  return r.ok() && r->is_v4();
}

std::vector<std::string> ValidateServiceName(const std::string& name, const version::Profile& profile) {
  return profile.relaxed_service_name_validation ? IsDNS1123Label(name) : IsDNS1035Label(name);
}

ErrorList IsValidIPForLegacyField(const std::string& path, const std::string& value, const version::Profile& profile,
                                  const std::vector<std::string>& valid_old) {
  ErrorList errs;
  bool ratchet = profile.release.minor >= 33;  // validOldIPs exists from 1.33
  if (ratchet && std::find(valid_old.begin(), valid_old.end(), value) != valid_old.end()) return errs;
  auto ip = net::ParseIPSloppy(value);
  if (!ip.ok()) {
    errs.push_back(Invalid(path, FieldValue::String(value), "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
    return errs;
  }
  if (profile.strict_ip_cidr_validation) {
    auto a = net::ParseAddrNetip(value);
    if (!a.ok()) errs.push_back(Invalid(path, FieldValue::String(value), "must not have leading 0s"));
    if (a.ok() && a->is4in6) errs.push_back(Invalid(path, FieldValue::String(value), "must not be an IPv4-mapped IPv6 address"));
  }
  return errs;
}

ErrorList ValidateServiceClusterIPsRelatedFields(const Service& svc, const Service* old,
                                                 const version::Profile& profile) {
  ErrorList errs;
  if (svc.type == api::kTypeExternalName) return errs;
  bool has_invalid = false;
  if (!svc.cluster_ip.empty()) {
    if (svc.cluster_ips.empty()) {
      errs.push_back(Required("spec.clusterIPs"));
    } else if (svc.cluster_ips[0] != svc.cluster_ip) {
      errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc), "first value must match `clusterIP`"));
    }
  } else if (!svc.cluster_ips.empty()) {
    errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc), "must be empty when `clusterIP` is not specified"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < svc.ip_families.size(); ++i) {
    const auto& f = svc.ip_families[i];
    if (f != "IPv4" && f != "IPv6") {
      errs.push_back(NotSupported(Idx("spec.ipFamilies", i), FieldValue::Named(f), {"IPv4", "IPv6"}));
    }
    if (seen.count(f)) errs.push_back(Duplicate(Idx("spec.ipFamilies", i), FieldValue::Named(f)));
    seen.insert(f);
  }
  if (svc.ip_family_policy) {
    const auto& p = *svc.ip_family_policy;
    if (p != api::kSingleStack && p != api::kPreferDualStack && p != api::kRequireDualStack) {
      errs.push_back(NotSupported("spec.ipFamilyPolicy", FieldValue::NamedPtr(svc.ip_family_policy),
                                  {"PreferDualStack", "RequireDualStack", "SingleStack"}));
    }
  }
  std::vector<std::string> existing = old ? old->cluster_ips : std::vector<std::string>{};
  for (size_t i = 0; i < svc.cluster_ips.size(); ++i) {
    const auto& ip = svc.cluster_ips[i];
    if (i == 0 && ip == api::kClusterIPNone) {
      if (svc.cluster_ips.size() > 1) {
        has_invalid = true;
        errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc), "'None' must be the first and only value"));
      }
      continue;
    }
    auto e = IsValidIPForLegacyField(Idx("spec.clusterIPs", i), ip, profile, existing);
    if (!e.empty()) has_invalid = true;
    errs.insert(errs.end(), e.begin(), e.end());
  }
  if (svc.cluster_ips.size() > 2) {
    errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc), "may only hold up to 2 values"));
  }
  if (has_invalid) return errs;
  if (svc.cluster_ips.size() > 1) {
    bool v4 = false, v6 = false;
    for (const auto& ip : svc.cluster_ips) {
      if (IsIPv6String(ip)) {
        v6 = true;
      } else {
        v4 = true;
      }
    }
    if (!(v4 && v6)) {
      errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc), "may specify no more than one IP for each IP family"));
    }
  }
  if (!IsHeadlessService(svc) && !svc.cluster_ips.empty() && !svc.ip_families.empty()) {
    for (size_t i = 0; i < svc.cluster_ips.size() && i < svc.ip_families.size(); ++i) {
      const auto& ip = svc.cluster_ips[i];
      const auto& fam = svc.ip_families[i];
      if (fam == "IPv4" && IsIPv6String(ip)) {
        errs.push_back(Invalid(Idx("spec.clusterIPs", i), FieldValue::String(ip),
                               "expected an IPv4 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
      if (fam == "IPv6" && !IsIPv6String(ip)) {
        errs.push_back(Invalid(Idx("spec.clusterIPs", i), FieldValue::String(ip),
                               "expected an IPv6 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
    }
  }
  return errs;
}

ErrorList ValidateServiceCreate(const Service& svc, const version::Profile& profile) {
  ErrorList errs = ValidateObjectMeta(svc, profile);
  auto spec = ValidateServiceSpec(svc, nullptr, profile);
  errs.insert(errs.end(), spec.begin(), spec.end());
  return errs;
}

ErrorList ValidateServiceUpdate(const Service& svc, const Service& old, const version::Profile& profile) {
  ErrorList errs;
  if (svc.resource_version.empty()) {
    errs.push_back(Invalid("metadata.resourceVersion", FieldValue::String(""), "must be specified for an update"));
  }
  auto a = ValidateUpgradeDowngradeClusterIPs(old, svc);
  errs.insert(errs.end(), a.begin(), a.end());
  auto b = ValidateUpgradeDowngradeIPFamilies(old, svc);
  errs.insert(errs.end(), b.begin(), b.end());
  if (old.type == api::kTypeLoadBalancer && svc.type == api::kTypeLoadBalancer &&
      old.load_balancer_class != svc.load_balancer_class) {
    errs.push_back(Invalid("spec.loadBalancerClass", FieldValue::NamedPtr(svc.load_balancer_class), "may not change once set"));
  }
  if (defaults::NeedsHealthCheck(old) && defaults::NeedsHealthCheck(svc) &&
      old.health_check_node_port != svc.health_check_node_port) {
    errs.push_back(Forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  if (profile.release.minor < 37) {
    // <= 1.36 ValidateService re-validates ObjectMeta on update as well.
    auto m = ValidateObjectMeta(svc, profile);
    errs.insert(errs.end(), m.begin(), m.end());
  }
  auto spec = ValidateServiceSpec(svc, &old, profile);
  errs.insert(errs.end(), spec.begin(), spec.end());
  return errs;
}

std::vector<std::string> GetWarningsForService(const Service& svc, const Service* old,
                                               const version::Profile& profile) {
  (void)old;
  std::vector<std::string> w;
  auto ip_warnings = [&](const std::string& path, const std::string& value) {
    auto sloppy = net::ParseIPSloppy(value);
    auto a = net::ParseAddrNetip(value);
    if (profile.ip_warning_style == version::IPWarningStyle::kServiceNetip) {
      if (!a.ok()) {
        w.push_back(path + ": IP address was accepted, but will be invalid in a future Kubernetes release: " +
                    a.status().message());
      } else if ((a->ip.is_v6() || a->is4in6) && a->ToString() != value) {
        w.push_back(path + ": IPv6 address " + GoQuote(value) + " is not in RFC 5952 canonical format (" +
                    GoQuote(a->ToString()) + "), which may cause controller apply-loops");
      }
      return;
    }
    if (!sloppy.ok()) return;
    if (!a.ok() || a->is4in6) {
      std::string tail = profile.ip_warning_style == version::IPWarningStyle::kApimachineryFuture
                             ? " will be considered invalid in a future Kubernetes release: use "
                             : " is invalid: use ";
      w.push_back(path + ": non-standard IP address " + GoQuote(value) + tail + GoQuote(sloppy->ToString()));
      return;
    }
    if (a->ip.is_v6() && a->ToString() != value) {
      w.push_back(path + ": IPv6 address " + GoQuote(value) + " should be in RFC 5952 canonical format (" +
                  GoQuote(a->ToString()) + ")");
    }
  };
  if (svc.annotations.count("service.kubernetes.io/topology-aware-hints")) {
    w.push_back("annotation service.kubernetes.io/topology-aware-hints is deprecated, please use "
                "service.kubernetes.io/topology-mode instead");
  }
  // helper.IsServiceIPSet: clusterIP neither "" nor "None".
  if (!svc.cluster_ip.empty() && svc.cluster_ip != api::kClusterIPNone) {
    for (size_t i = 0; i < svc.cluster_ips.size(); ++i) ip_warnings(Idx("spec.clusterIPs", i), svc.cluster_ips[i]);
  }
  bool headless137 = svc.type == api::kTypeClusterIP && svc.cluster_ip == api::kClusterIPNone;
  if (profile.external_ips_deprecation_warning && headless137) {
    if (!svc.load_balancer_ip.empty()) w.push_back("spec.loadBalancerIP is ignored for headless services");
    if (!svc.external_ips.empty()) w.push_back("spec.externalIPs is ignored for headless services");
    if (svc.session_affinity != "None") w.push_back("spec.SessionAffinity is ignored for headless services");
  }
  for (size_t i = 0; i < svc.external_ips.size(); ++i) ip_warnings(Idx("spec.externalIPs", i), svc.external_ips[i]);
  if (profile.external_ips_deprecation_warning && !svc.external_ips.empty() && !headless137 &&
      svc.type != api::kTypeExternalName) {
    w.push_back("spec.externalIPs is deprecated and may no longer be implemented in some clusters");
  }
  if (!svc.load_balancer_ip.empty()) ip_warnings("spec.loadBalancerIP", svc.load_balancer_ip);
  if (svc.type == api::kTypeExternalName && !svc.external_ips.empty()) {
    w.push_back("spec.externalIPs is ignored when spec.type is \"ExternalName\"");
  }
  if (svc.type != api::kTypeExternalName && !svc.external_name.empty()) {
    w.push_back("spec.externalName is ignored when spec.type is not \"ExternalName\"");
  }
  if (profile.external_ips_deprecation_warning && svc.traffic_distribution && *svc.traffic_distribution == "PreferClose") {
    w.push_back("spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\"");
  }
  return w;
}

}  // namespace kdual::validation
