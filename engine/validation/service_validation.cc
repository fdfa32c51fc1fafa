#include "engine/validation/service_validation.h"

#include <algorithm>
#include <set>

#include "engine/base/go_format.h"
#include "engine/base/strings.h"
#include "engine/defaults/service_defaults.h"
#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"
#include "engine/validation/ip_validation.h"
#include "engine/validation/name_validation.h"
#include "engine/validation/object_meta_validation.h"

namespace kdual::validation {
namespace {

// One port as Go's %#v prints core.ServicePort (a set appProtocol is a
// pointer: its address, which no two runs share, is printed as zero).
std::string GoServicePort(const api::ServicePort& p) {
  std::string target = "intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}";
  if (p.target_port.is_string()) {
    target =
        "intstr.IntOrString{Type:1, IntVal:0, StrVal:" + GoQuote(p.target_port.get<std::string>()) +
        "}";
  } else if (p.target_port.is_number_integer()) {
    target = "intstr.IntOrString{Type:0, IntVal:" + std::to_string(p.target_port.get<int64_t>()) +
             ", StrVal:\"\"}";
  }
  return "core.ServicePort{Name:" + GoQuote(p.name) + ", Protocol:" + GoQuote(p.protocol) +
         ", AppProtocol:(*string)(" + (p.app_protocol ? "0xc000000000" : "nil") +
         "), Port:" + std::to_string(p.port) + ", TargetPort:" + target +
         ", NodePort:" + std::to_string(p.node_port) + "}";
}

using api::Service;
using nlohmann::json;

constexpr const char* kAnnotationTopologyMode = "service.kubernetes.io/topology-mode";
constexpr const char* kAnnotationTopologyAwareHints = "service.kubernetes.io/topology-aware-hints";
constexpr const char* kAnnotationLBSourceRanges =
    "service.beta.kubernetes.io/load-balancer-source-ranges";
constexpr int64_t kMaxClientIPServiceAffinitySeconds = 86400;

std::string Idx(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

void Append(ErrorList& to, const ErrorList& from) { to.insert(to.end(), from.begin(), from.end()); }

std::string TrimSpace(const std::string& s) {
  // strings.TrimSpace (ASCII white space is all a CIDR field can carry).
  size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\n\r\v\f");
  return s.substr(b, e - b + 1);
}

FieldValue ClusterIPsValue(const Service& s) {
  return FieldValue::List(s.cluster_ips, "[]string", s.cluster_ips_nil && s.cluster_ips.empty());
}
FieldValue FamiliesValue(const Service& s) {
  return FieldValue::List(s.ip_families, "[]core.IPFamily",
                          s.ip_families_nil && s.ip_families.empty());
}

// The validation ValidateNameFunc for Service names: NameIsDNS1035Label, or
// NameIsDNSLabel with RelaxedServiceNameValidation.
NameFunc ServiceNameFunc(const version::Profile& profile) {
  bool relaxed = profile.relaxed_service_name_validation;
  return [relaxed](const std::string& name, bool prefix) {
    std::string n = prefix ? MaskTrailingDash(name) : name;
    return relaxed ? IsDNS1123Label(n) : IsDNS1035Label(n);
  };
}

ErrorList ValidateQualifiedName(const std::string& value, const std::string& path,
                                const version::Profile& profile) {
  ErrorList errs;
  for (const auto& m : IsQualifiedName(value, profile))
    errs.push_back(Invalid(path, FieldValue::String(value), m));
  return errs;
}

ErrorList ValidateServicePort(const api::ServicePort& sp, bool require_name,
                              std::set<std::string>* names, const std::string& path,
                              const version::Profile& profile) {
  ErrorList errs;
  if (require_name && sp.name.empty()) {
    errs.push_back(Required(path + ".name"));
  } else if (!sp.name.empty()) {
    for (const auto& m : IsDNS1123Label(sp.name, profile.dns_label_dots_message))
      errs.push_back(Invalid(path + ".name", FieldValue::String(sp.name), m));
    if (names->count(sp.name)) {
      errs.push_back(Duplicate(path + ".name", FieldValue::String(sp.name)));
    } else {
      names->insert(sp.name);
    }
  }
  for (const auto& m : IsValidPortNum(sp.port))
    errs.push_back(Invalid(path + ".port", FieldValue::Int(sp.port), m));
  if (sp.protocol.empty()) {
    errs.push_back(Required(path + ".protocol"));
  } else if (sp.protocol != "TCP" && sp.protocol != "UDP" && sp.protocol != "SCTP") {
    errs.push_back(
        NotSupported(path + ".protocol", FieldValue::Named(sp.protocol), {"SCTP", "TCP", "UDP"}));
  }
  // ValidatePortNumOrName.
  if (sp.target_port.is_string()) {
    std::string name = sp.target_port.get<std::string>();
    for (const auto& m : IsValidPortName(name, profile.port_name_letter_message))
      errs.push_back(Invalid(path + ".targetPort", FieldValue::String(name), m));
  } else {
    int64_t v = sp.target_port.is_number_integer() ? sp.target_port.get<int64_t>() : 0;
    for (const auto& m : IsValidPortNum(v))
      errs.push_back(Invalid(path + ".targetPort", FieldValue::Int(v), m));
  }
  if (sp.app_protocol)
    Append(errs, ValidateQualifiedName(*sp.app_protocol, path + ".appProtocol", profile));
  return errs;
}

// validateClientIPAffinityConfig.
ErrorList ValidateClientIPAffinityConfig(const Service& svc) {
  ErrorList errs;
  const std::string path = "spec.sessionAffinityConfig";
  const std::string when = "when session affinity type is ClientIP";
  const json* spec =
      svc.raw.contains("spec") && svc.raw["spec"].is_object() ? &svc.raw["spec"] : nullptr;
  const json* config =
      spec && spec->contains("sessionAffinityConfig") ? &(*spec)["sessionAffinityConfig"] : nullptr;
  if (config == nullptr || !config->is_object()) {
    errs.push_back(Required(path, when));
    return errs;
  }
  const json* client = config->contains("clientIP") ? &(*config)["clientIP"] : nullptr;
  if (client == nullptr || !client->is_object()) {
    errs.push_back(Required(path + ".clientIP", when));
    return errs;
  }
  auto t = client->find("timeoutSeconds");
  if (t == client->end() || !t->is_number_integer()) {
    errs.push_back(Required(path + ".clientIP.timeoutSeconds", when));
    return errs;
  }
  int64_t v = t->get<int64_t>();
  if (v <= 0 || v > kMaxClientIPServiceAffinitySeconds) {
    errs.push_back(Invalid(path + ".clientIP.timeoutSeconds", FieldValue::Int(v),
                           "must be greater than 0 and less than " +
                               std::to_string(kMaxClientIPServiceAffinitySeconds)));
  }
  return errs;
}

// validateLoadBalancerClassField(old, svc).
ErrorList ValidateLoadBalancerClassField(const Service* old, const Service& svc,
                                         const version::Profile& profile) {
  ErrorList errs;
  if (old != nullptr && old->type == api::kTypeLoadBalancer && svc.type == api::kTypeLoadBalancer &&
      old->load_balancer_class != svc.load_balancer_class) {
    errs.push_back(Invalid("spec.loadBalancerClass", FieldValue::NamedPtr(svc.load_balancer_class),
                           "may not change once set"));
  }
  if (svc.type == api::kTypeLoadBalancer) {
    if (svc.load_balancer_class)
      Append(errs,
             ValidateQualifiedName(*svc.load_balancer_class, "spec.loadBalancerClass", profile));
  } else if (svc.load_balancer_class) {
    errs.push_back(
        Forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
  }
  return errs;
}

// LoadBalancerSourceRanges, the field or the annotation.
ErrorList ValidateSourceRanges(const Service& svc, const Service* old,
                               const version::Profile& profile) {
  ErrorList errs;
  auto ann = svc.annotations.find(kAnnotationLBSourceRanges);
  const bool annotation_set = ann != svc.annotations.end();
  if (!profile.source_ranges_validated_per_item) {
    // 1.29: one check of the whole list with apiservice.GetLoadBalancerSourceRanges
    // (utilnet.ParseIPNets: each value trimmed, then ParseCIDRSloppy). From
    // 1.30 each value (IsValidCIDR; 1.33+ IsValidCIDRForLegacyField, the
    // same words unless strict).
    if (svc.load_balancer_source_ranges.empty() && !annotation_set) return errs;
    std::string path;
    std::string val;
    std::vector<std::string> specs;
    if (!svc.load_balancer_source_ranges.empty()) {
      path = "spec.LoadBalancerSourceRanges";
      val = "[" + Join(svc.load_balancer_source_ranges, " ") + "]";  // fmt %v of a []string
      specs = svc.load_balancer_source_ranges;
    } else {
      path = "metadata.annotations[" + std::string(kAnnotationLBSourceRanges) + "]";
      val = ann->second;
      std::string v = TrimSpace(ann->second);
      if (v.empty()) v = "0.0.0.0/0";
      size_t start = 0;
      while (true) {
        size_t comma = v.find(',', start);
        specs.push_back(
            v.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (svc.type != api::kTypeLoadBalancer) {
      errs.push_back(Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    }
    bool ok = std::all_of(specs.begin(), specs.end(), [](const std::string& c) {
      return net::ParseCIDRSloppy(TrimSpace(c)).ok();
    });
    if (!ok) {
      errs.push_back(
          Invalid(path, FieldValue::String(val),
                  "must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24 "));
    }
    return errs;
  }
  if (!svc.load_balancer_source_ranges.empty()) {
    const std::string path = "spec.LoadBalancerSourceRanges";
    if (svc.type != api::kTypeLoadBalancer) {
      errs.push_back(Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    }
    std::vector<std::string> existing;
    if (old != nullptr) {
      for (const auto& v : old->load_balancer_source_ranges) existing.push_back(TrimSpace(v));
    }
    for (size_t i = 0; i < svc.load_balancer_source_ranges.size(); ++i) {
      Append(errs,
             IsValidCIDRForLegacyField(Idx(path, i), TrimSpace(svc.load_balancer_source_ranges[i]),
                                       profile, existing));
    }
  } else if (annotation_set) {
    const std::string path = "metadata.annotations[" + std::string(kAnnotationLBSourceRanges) + "]";
    if (svc.type != api::kTypeLoadBalancer) {
      errs.push_back(Forbidden(path, "may only be used when `type` is 'LoadBalancer'"));
    }
    // 1.33+ (KEP-4858) re-validates the annotation only when it changed.
    bool changed = true;
    if (old != nullptr && profile.ip_validation_ratchets_old_values) {
      auto o = old->annotations.find(kAnnotationLBSourceRanges);
      changed = (o == old->annotations.end() ? std::string() : o->second) != ann->second;
    }
    if (changed) {
      std::string val = TrimSpace(ann->second);
      if (!val.empty()) {
        size_t start = 0;
        while (true) {
          size_t comma = val.find(',', start);
          std::string c = TrimSpace(
              val.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
          Append(errs, IsValidCIDRForLegacyField(path, c, profile, {}));
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
      }
    }
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
      if (o[i] != n[i])
        errs.push_back(
            Invalid(Idx("spec.clusterIPs", i), ClusterIPsValue(svc), "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (n.empty())
      errs.push_back(Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc),
                             "primary clusterIP can not be unset"));
    if (!o.empty() && !n.empty() && n[0] != o[0]) {
      errs.push_back(
          Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc), "may not change once set"));
    }
    if (n.size() == 1 && svc.ip_family_policy.value_or("") != api::kSingleStack) {
      errs.push_back(
          Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(svc.ip_family_policy),
                  "must be set to 'SingleStack' when releasing the secondary clusterIP"));
    }
  } else {
    if (!o.empty() && n[0] != o[0]) {
      errs.push_back(
          Invalid("spec.clusterIPs[0]", ClusterIPsValue(svc), "may not change once set"));
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
      if (o[i] != n[i])
        errs.push_back(
            Invalid("spec.ipFamilies[0]", FamiliesValue(svc), "may not change once set"));
    }
  } else if (o.size() > n.size()) {
    if (svc.cluster_ips.empty()) {
      errs.push_back(
          Invalid("spec.ipFamilies[0]", FamiliesValue(svc), "primary ipFamily can not be unset"));
    }
    if (!n.empty() && n[0] != o[0]) {
      // The source passes ClusterIPs as the value here.
      errs.push_back(
          Invalid("spec.ipFamilies[0]", ClusterIPsValue(svc), "may not change once set"));
    }
    if (n.size() == 1 && svc.ip_family_policy.value_or("") != api::kSingleStack) {
      errs.push_back(Invalid("spec.ipFamilyPolicy", FieldValue::NamedPtr(svc.ip_family_policy),
                             "must be set to 'SingleStack' when releasing the secondary ipFamily"));
    }
  } else {
    if (!o.empty() && !n.empty() && n[0] != o[0]) {
      errs.push_back(
          Invalid("spec.ipFamilies[0]", ClusterIPsValue(svc), "may not change once set"));
    }
  }
  return errs;
}

// validateService (1.37; ValidateService without the ObjectMeta part before),
// pkg/apis/core/validation/validation.go, in the order it appends errors.
ErrorList ValidateServiceSpec(const Service& svc, const Service* old,
                              const version::Profile& profile) {
  ErrorList errs;
  const bool headless = IsHeadlessService(svc);

  // The topology annotations must agree (1.27+).
  auto mode = svc.annotations.find(kAnnotationTopologyMode);
  auto hints = svc.annotations.find(kAnnotationTopologyAwareHints);
  if (profile.validate_topology_mode_annotation && mode != svc.annotations.end() &&
      hints != svc.annotations.end() && mode->second != hints->second) {
    errs.push_back(Invalid("metadata.annotations[" + std::string(kAnnotationTopologyMode) + "]",
                           FieldValue::String(mode->second),
                           "must match annotations[" + std::string(kAnnotationTopologyAwareHints) +
                               "] when both are specified"));
  }

  if (svc.ports.empty() && !headless && svc.type != api::kTypeExternalName) {
    errs.push_back(Required("spec.ports"));
  }
  if (svc.type == api::kTypeLoadBalancer) {
    if (profile.forbid_kubelet_port_on_load_balancer) {
      for (size_t i = 0; i < svc.ports.size(); ++i) {
        if (svc.ports[i].port == 10250) {
          errs.push_back(
              Invalid(Idx("spec.ports", i), FieldValue::Int(10250),
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
    if (!svc.cluster_ips.empty())
      errs.push_back(Forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if (!svc.ip_families.empty())
      errs.push_back(Forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (svc.ip_family_policy)
      errs.push_back(Forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    // A CNAME may end in a dot (fully qualified).
    std::string cname = svc.external_name;
    if (!cname.empty() && cname.back() == '.') cname.pop_back();
    if (!cname.empty()) {
      for (const auto& m : IsDNS1123Subdomain(cname)) {
        errs.push_back(Invalid("spec.externalName", FieldValue::String(cname), m));
      }
    } else {
      errs.push_back(Required("spec.externalName"));
    }
  }

  std::set<std::string> names;
  for (size_t i = 0; i < svc.ports.size(); ++i) {
    Append(errs, ValidateServicePort(svc.ports[i], svc.ports.size() > 1, &names,
                                     Idx("spec.ports", i), profile));
  }

  if (svc.selector_set) Append(errs, ValidateLabels(svc.selector, "spec.selector", profile));

  if (svc.session_affinity.empty()) {
    errs.push_back(Required("spec.sessionAffinity"));
  } else if (svc.session_affinity != "ClientIP" && svc.session_affinity != "None") {
    errs.push_back(NotSupported("spec.sessionAffinity", FieldValue::Named(svc.session_affinity),
                                {"ClientIP", "None"}));
  }
  if (svc.session_affinity == "ClientIP") {
    Append(errs, ValidateClientIPAffinityConfig(svc));
  } else if (svc.session_affinity == "None" && svc.has_session_affinity_config) {
    errs.push_back(
        Forbidden("spec.sessionAffinityConfig", "must not be set when session affinity is None"));
  }

  Append(errs, ValidateServiceClusterIPsRelatedFields(svc, old, profile));

  // externalIPs: valid (old values may stay from 1.33) and not special.
  std::vector<std::string> old_external = old ? old->external_ips : std::vector<std::string>{};
  for (size_t i = 0; i < svc.external_ips.size(); ++i) {
    std::string path = Idx("spec.externalIPs", i);
    ErrorList e = IsValidIPForLegacyField(path, svc.external_ips[i], profile, old_external);
    if (!e.empty()) {
      Append(errs, e);
    } else {
      Append(errs, ValidateNonSpecialIP(path, svc.external_ips[i]));
    }
  }

  if (svc.type.empty()) {
    errs.push_back(Required("spec.type"));
  } else if (svc.type != api::kTypeClusterIP && svc.type != api::kTypeNodePort &&
             svc.type != api::kTypeLoadBalancer && svc.type != api::kTypeExternalName) {
    errs.push_back(NotSupported("spec.type", FieldValue::Named(svc.type),
                                {"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"}));
  }
  if (svc.type == api::kTypeClusterIP) {
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      if (svc.ports[i].node_port != 0) {
        errs.push_back(Forbidden(Idx("spec.ports", i) + ".nodePort",
                                 "may not be used when `type` is 'ClusterIP'"));
      }
    }
  }
  {
    std::set<std::pair<std::string, int64_t>> seen;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      const auto& p = svc.ports[i];
      if (p.node_port == 0) continue;
      auto key = std::make_pair(p.protocol, p.node_port);
      if (seen.count(key))
        errs.push_back(Duplicate(Idx("spec.ports", i) + ".nodePort", FieldValue::Int(p.node_port)));
      seen.insert(key);
    }
  }
  {
    std::set<std::pair<std::string, int64_t>> seen;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      const auto& p = svc.ports[i];
      auto key = std::make_pair(p.protocol, p.port);
      if (seen.count(key)) {
        // The key is a core.ServicePort holding only Protocol and Port:
        // %#v before 1.37, json.Marshal of the internal struct in 1.37.
        api::ServicePort key_only;
        key_only.protocol = p.protocol;
        key_only.port = p.port;
        std::string go = GoServicePort(key_only);
        std::string js = "{\"Name\":\"\",\"Protocol\":" + GoJSONString(p.protocol) +
                         ",\"AppProtocol\":null,\"Port\":" + std::to_string(p.port) +
                         ",\"TargetPort\":0,\"NodePort\":0}";
        errs.push_back(Duplicate(Idx("spec.ports", i), FieldValue::Raw(go, js)));
      }
      seen.insert(key);
    }
  }

  Append(errs, ValidateSourceRanges(svc, old, profile));

  if (svc.allocate_load_balancer_node_ports && svc.type != api::kTypeLoadBalancer) {
    errs.push_back(Forbidden("spec.allocateLoadBalancerNodePorts",
                             "may only be used when `type` is 'LoadBalancer'"));
  }
  if (svc.type == api::kTypeLoadBalancer && !svc.allocate_load_balancer_node_ports) {
    errs.push_back(Required("allocateLoadBalancerNodePorts"));
  }
  Append(errs, ValidateLoadBalancerClassField(nullptr, svc, profile));

  // validateServiceExternalTrafficPolicy
  if (!defaults::ExternallyAccessible(svc, profile)) {
    if (!svc.external_traffic_policy.empty()) {
      errs.push_back(Invalid("spec.externalTrafficPolicy",
                             FieldValue::Named(svc.external_traffic_policy),
                             profile.external_ips_externally_accessible
                                 ? "may only be set for externally-accessible services"
                                 : "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
    }
  } else {
    if (svc.external_traffic_policy.empty()) {
      errs.push_back(Required("spec.externalTrafficPolicy"));
    } else if (svc.external_traffic_policy != "Cluster" && svc.external_traffic_policy != "Local") {
      errs.push_back(NotSupported("spec.externalTrafficPolicy",
                                  FieldValue::Named(svc.external_traffic_policy),
                                  {"Cluster", "Local"}));
    }
  }
  if (!defaults::NeedsHealthCheck(svc)) {
    if (svc.health_check_node_port != 0) {
      errs.push_back(Invalid(
          "spec.healthCheckNodePort", FieldValue::Int(svc.health_check_node_port),
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    }
  } else if (svc.health_check_node_port == 0) {
    errs.push_back(Required("spec.healthCheckNodePort"));
  } else {
    for (const auto& m : IsValidPortNum(svc.health_check_node_port)) {
      errs.push_back(
          Invalid("spec.healthCheckNodePort", FieldValue::Int(svc.health_check_node_port), m));
    }
  }
  // validateServiceInternalTrafficFieldsValue
  if (!svc.internal_traffic_policy) {
    // Required only while ServiceInternalTrafficPolicy is on (1.25: a gate).
    // Before 1.24 on every type.
    if (profile.internal_traffic_policy_enabled &&
        (!profile.internal_traffic_policy_type_scoped || svc.type == api::kTypeNodePort ||
         svc.type == api::kTypeLoadBalancer || svc.type == api::kTypeClusterIP)) {
      errs.push_back(Required("spec.internalTrafficPolicy"));
    }
  } else if (*svc.internal_traffic_policy != "Cluster" && *svc.internal_traffic_policy != "Local") {
    errs.push_back(NotSupported("spec.internalTrafficPolicy",
                                FieldValue::Named(*svc.internal_traffic_policy),
                                {"Cluster", "Local"}));
  }
  // validateServiceTrafficDistribution (1.30+); PreferSameTrafficDistribution
  // is on by default from 1.34.
  if (profile.validate_traffic_distribution && svc.traffic_distribution) {
    std::vector<std::string> supported = {"PreferClose"};
    if (profile.prefer_same_traffic_distribution)
      supported = {"PreferClose", "PreferSameZone", "PreferSameNode"};
    if (std::find(supported.begin(), supported.end(), *svc.traffic_distribution) ==
        supported.end()) {
      errs.push_back(NotSupported("spec.trafficDistribution",
                                  FieldValue::String(*svc.traffic_distribution), supported));
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

std::vector<std::string> ValidateServiceName(const std::string& name,
                                             const version::Profile& profile) {
  return ServiceNameFunc(profile)(name, false);
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
      errs.push_back(
          Invalid("spec.clusterIPs", ClusterIPsValue(svc), "first value must match `clusterIP`"));
    }
  } else if (!svc.cluster_ips.empty()) {
    errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                           "must be empty when `clusterIP` is not specified"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < svc.ip_families.size(); ++i) {
    const auto& f = svc.ip_families[i];
    if (f != "IPv4" && f != "IPv6") {
      errs.push_back(
          NotSupported(Idx("spec.ipFamilies", i), FieldValue::Named(f), {"IPv4", "IPv6"}));
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
        errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                               "'None' must be the first and only value"));
      }
      continue;
    }
    auto e = IsValidIPForLegacyField(Idx("spec.clusterIPs", i), ip, profile, existing);
    if (!e.empty()) has_invalid = true;
    errs.insert(errs.end(), e.begin(), e.end());
  }
  if (svc.cluster_ips.size() > 2) {
    errs.push_back(
        Invalid("spec.clusterIPs", ClusterIPsValue(svc), "may only hold up to 2 values"));
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
      errs.push_back(Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                             "may specify no more than one IP for each IP family"));
    }
  }
  if (!IsHeadlessService(svc) && !svc.cluster_ips.empty() && !svc.ip_families.empty()) {
    for (size_t i = 0; i < svc.cluster_ips.size() && i < svc.ip_families.size(); ++i) {
      const auto& ip = svc.cluster_ips[i];
      const auto& fam = svc.ip_families[i];
      if (fam == "IPv4" && IsIPv6String(ip)) {
        errs.push_back(Invalid(
            Idx("spec.clusterIPs", i), FieldValue::String(ip),
            "expected an IPv4 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
      if (fam == "IPv6" && !IsIPv6String(ip)) {
        errs.push_back(Invalid(
            Idx("spec.clusterIPs", i), FieldValue::String(ip),
            "expected an IPv6 value as indicated by `ipFamilies[" + std::to_string(i) + "]`"));
      }
    }
  }
  return errs;
}

namespace {

bool HasMixedProtocols(const Service* svc) {
  if (svc == nullptr) return false;
  std::set<std::string> protocols;
  for (const auto& p : svc->ports) protocols.insert(p.protocol);
  return protocols.size() > 1;
}

// The ports as Go's %#v prints []core.ServicePort.
std::string GoServicePorts(const Service& svc) {
  std::string out = "[]core.ServicePort{";
  for (size_t i = 0; i < svc.ports.size(); ++i)
    out += (i ? ", " : "") + GoServicePort(svc.ports[i]);
  return out + "}";
}

}  // namespace

// ValidateConditionalService (pkg/apis/core/validation/conditional_validation.go,
// called by the strategy after ValidateService*): with MixedProtocolLBService
// off (alpha until 1.24), a LoadBalancer may not mix protocols unless the
// old object already did.
ErrorList ValidateConditionalService(const Service& svc, const Service* old,
                                     const version::Profile& profile) {
  ErrorList errs;
  if (svc.type != api::kTypeLoadBalancer || profile.mixed_protocol_lb_service) return errs;
  if (HasMixedProtocols(&svc) && !HasMixedProtocols(old)) {
    errs.push_back(Invalid("spec.ports", FieldValue::Raw(GoServicePorts(svc), "null"),
                           "may not contain more than 1 protocol when type is 'LoadBalancer'"));
  }
  return errs;
}

ErrorList ValidateServiceCreate(const Service& svc, const version::Profile& profile) {
  ErrorList errs = ValidateObjectMeta(svc, ServiceNameFunc(profile), profile);
  Append(errs, ValidateServiceSpec(svc, nullptr, profile));
  Append(errs, ValidateConditionalService(svc, nullptr, profile));
  return errs;
}

ErrorList ValidateServiceUpdate(const Service& svc, const Service& old,
                                const version::Profile& profile) {
  ErrorList errs = ValidateObjectMetaUpdate(svc, old, profile);
  Append(errs, ValidateUpgradeDowngradeClusterIPs(old, svc));
  Append(errs, ValidateUpgradeDowngradeIPFamilies(old, svc));
  Append(errs, ValidateLoadBalancerClassField(&old, svc, profile));
  // validateServiceExternalTrafficFieldsUpdate
  if (defaults::NeedsHealthCheck(old) && defaults::NeedsHealthCheck(svc) &&
      old.health_check_node_port != svc.health_check_node_port) {
    errs.push_back(Forbidden("spec.healthCheckNodePort", "field is immutable"));
  }
  if (!profile.update_skips_object_meta_revalidation) {
    // <= 1.36 ValidateService re-validates ObjectMeta as for a create.
    Append(errs, ValidateObjectMeta(svc, ServiceNameFunc(profile), profile));
  }
  Append(errs, ValidateServiceSpec(svc, &old, profile));
  Append(errs, ValidateConditionalService(svc, &old, profile));
  return errs;
}

// pkg/api/service/warnings.go GetWarningsForService.
std::vector<std::string> GetWarningsForService(const Service& svc, const Service* old,
                                               const version::Profile& profile) {
  (void)old;
  std::vector<std::string> w;
  if (!profile.service_warnings) return w;  // 1.26: WarningsOnCreate/Update return nil
  auto add = [&w](const std::vector<std::string>& more) {
    w.insert(w.end(), more.begin(), more.end());
  };
  if (svc.annotations.count(kAnnotationTopologyAwareHints)) {
    w.push_back(
        "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use "
        "service.kubernetes.io/topology-mode instead");
  }
  // helper.IsServiceIPSet: clusterIP neither "" nor "None".
  if (!svc.cluster_ip.empty() && svc.cluster_ip != api::kClusterIPNone) {
    for (size_t i = 0; i < svc.cluster_ips.size(); ++i) {
      add(GetWarningsForIP(Idx("spec.clusterIPs", i), svc.cluster_ips[i], profile));
    }
  }
  // 1.34+ warnings.go isHeadlessService: type ClusterIP and clusterIP None.
  bool headless = svc.type == api::kTypeClusterIP && svc.cluster_ip == api::kClusterIPNone;
  if (profile.headless_ignored_field_warnings && headless) {
    if (!svc.load_balancer_ip.empty())
      w.push_back("spec.loadBalancerIP is ignored for headless services");
    if (!svc.external_ips.empty()) w.push_back("spec.externalIPs is ignored for headless services");
    // 1.34.0-1.34.1 tested `!= ""`, and defaulting sets "None".
    if (svc.session_affinity != "None" ||
        (profile.headless_session_affinity_warning_always && !svc.session_affinity.empty())) {
      w.push_back("spec.SessionAffinity is ignored for headless services");
    }
  }
  for (size_t i = 0; i < svc.external_ips.size(); ++i) {
    add(GetWarningsForIP(Idx("spec.externalIPs", i), svc.external_ips[i], profile));
  }
  if (profile.external_ips_deprecation_warning && !svc.external_ips.empty() && !headless &&
      svc.type != api::kTypeExternalName) {
    w.push_back("spec.externalIPs is deprecated and may no longer be implemented in some clusters");
  }
  if (!svc.load_balancer_ip.empty())
    add(GetWarningsForIP("spec.loadBalancerIP", svc.load_balancer_ip, profile));
  for (size_t i = 0; i < svc.load_balancer_source_ranges.size(); ++i) {
    add(GetWarningsForCIDR(Idx("spec.loadBalancerSourceRanges", i),
                           svc.load_balancer_source_ranges[i], profile));
  }
  if (profile.external_name_ignored_field_warnings && svc.type == api::kTypeExternalName &&
      !svc.external_ips.empty()) {
    w.push_back("spec.externalIPs is ignored when spec.type is \"ExternalName\"");
  }
  if (profile.external_name_ignored_field_warnings && svc.type != api::kTypeExternalName &&
      !svc.external_name.empty()) {
    w.push_back("spec.externalName is ignored when spec.type is not \"ExternalName\"");
  }
  if (profile.prefer_close_deprecation_warning && svc.traffic_distribution &&
      *svc.traffic_distribution == "PreferClose") {
    w.push_back("spec.trafficDistribution: \"PreferClose\" is deprecated; use \"PreferSameZone\"");
  }
  return w;
}

}  // namespace kdual::validation
