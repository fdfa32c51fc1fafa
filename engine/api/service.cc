#include "engine/api/service.h"

#include <cmath>
#include <limits>

#include "engine/base/go_format.h"
#include "engine/base/json_access.h"

namespace kdual::api {
namespace {

using nlohmann::json;

enum class K {
  kString,
  kInt32,
  kInt64,
  kBool,
  kStringMap,
  kStringList,
  kIntOrString,
  kObject,
  kList,
  kAny
};

struct Node;
struct Field {
  const char* name;
  const Node* node;
  int since_minor = 0;  // the first minor whose v1 type has the field
  int until_minor = 0;  // the last minor that has it (0: still there)
};
struct Node {
  K kind;
  const char* go_type;      // as Go's %v of reflect.Type prints it
  const char* struct_name;  // for kObject: the struct's own name
  std::vector<Field> fields;
  const Node* elem = nullptr;           // kList
  const char* elem_go_type = "string";  // kStringList, kStringMap: the element's type
};

// The schema, one Go type a definition, packed as the struct reads; not reflowed.
// clang-format off
const Node kString{K::kString, "string", "", {}};
const Node kInt32{K::kInt32, "int32", "", {}};
const Node kInt64{K::kInt64, "int64", "", {}};
const Node kBool{K::kBool, "bool", "", {}};
const Node kStringMap{K::kStringMap, "map[string]string", "", {}};
const Node kStringList{K::kStringList, "[]string", "", {}};
const Node kIntOrString{K::kIntOrString, "intstr.IntOrString", "", {}};
const Node kAny{K::kAny, "", "", {}};
// Named string types print with their package in decode errors.
const Node kUID{K::kString, "types.UID", "", {}};
const Node kServiceType{K::kString, "v1.ServiceType", "", {}};
const Node kServiceAffinity{K::kString, "v1.ServiceAffinity", "", {}};
const Node kExternalTrafficPolicy{K::kString, "v1.ServiceExternalTrafficPolicy", "", {}};
const Node kInternalTrafficPolicy{K::kString, "v1.ServiceInternalTrafficPolicy", "", {}};
const Node kIPFamilyPolicy{K::kString, "v1.IPFamilyPolicy", "", {}};
const Node kIPFamilies{K::kStringList, "[]v1.IPFamily", "", {}, nullptr, "v1.IPFamily"};
const Node kProtocol{K::kString, "v1.Protocol", "", {}};
const Node kIPMode{K::kString, "v1.LoadBalancerIPMode", "", {}};
const Node kTime{K::kAny, "v1.Time", "", {}};

const Node kObjectMeta{K::kObject, "v1.ObjectMeta", "ObjectMeta",
                       {{"name", &kString}, {"generateName", &kString}, {"namespace", &kString},
                        {"selfLink", &kString}, {"uid", &kUID}, {"resourceVersion", &kString},
                        {"generation", &kInt64}, {"creationTimestamp", &kTime},
                        {"deletionTimestamp", &kTime}, {"deletionGracePeriodSeconds", &kInt64},
                        {"labels", &kStringMap}, {"annotations", &kStringMap},
                        {"ownerReferences", &kAny}, {"finalizers", &kStringList},
                        {"clusterName", &kString, 0, 24}, {"managedFields", &kAny}}};
const Node kServicePort{K::kObject, "v1.ServicePort", "ServicePort",
                        {{"name", &kString}, {"protocol", &kProtocol}, {"appProtocol", &kString},
                         {"port", &kInt32}, {"targetPort", &kIntOrString}, {"nodePort", &kInt32}}};
const Node kServicePorts{K::kList, "[]v1.ServicePort", "", {}, &kServicePort};
const Node kClientIPConfig{K::kObject, "v1.ClientIPConfig", "ClientIPConfig", {{"timeoutSeconds", &kInt32}}};
const Node kSessionAffinityConfig{K::kObject, "v1.SessionAffinityConfig", "SessionAffinityConfig",
                                  {{"clientIP", &kClientIPConfig}}};
const Node kServiceSpec{K::kObject, "v1.ServiceSpec", "ServiceSpec",
                        {{"ports", &kServicePorts}, {"selector", &kStringMap}, {"clusterIP", &kString},
                         {"clusterIPs", &kStringList}, {"type", &kServiceType}, {"externalIPs", &kStringList},
                         {"sessionAffinity", &kServiceAffinity}, {"loadBalancerIP", &kString},
                         {"loadBalancerSourceRanges", &kStringList}, {"externalName", &kString},
                         {"externalTrafficPolicy", &kExternalTrafficPolicy}, {"healthCheckNodePort", &kInt32},
                         {"publishNotReadyAddresses", &kBool},
                         {"sessionAffinityConfig", &kSessionAffinityConfig},
                         {"ipFamilies", &kIPFamilies}, {"ipFamilyPolicy", &kIPFamilyPolicy},
                         {"allocateLoadBalancerNodePorts", &kBool}, {"loadBalancerClass", &kString},
                         {"internalTrafficPolicy", &kInternalTrafficPolicy},
                         {"trafficDistribution", &kString, 30}}};
const Node kPortStatus{K::kObject, "v1.PortStatus", "PortStatus",
                       {{"port", &kInt32}, {"protocol", &kProtocol}, {"error", &kString}}};
const Node kPortStatuses{K::kList, "[]v1.PortStatus", "", {}, &kPortStatus};
const Node kIngress{K::kObject, "v1.LoadBalancerIngress", "LoadBalancerIngress",
                    {{"ip", &kString}, {"hostname", &kString}, {"ipMode", &kIPMode, 29}, {"ports", &kPortStatuses}}};
const Node kIngresses{K::kList, "[]v1.LoadBalancerIngress", "", {}, &kIngress};
const Node kLBStatus{K::kObject, "v1.LoadBalancerStatus", "LoadBalancerStatus", {{"ingress", &kIngresses}}};
const Node kServiceStatus{K::kObject, "v1.ServiceStatus", "ServiceStatus",
                          {{"loadBalancer", &kLBStatus}, {"conditions", &kAny}}};
const Node kServiceRoot{K::kObject, "v1.Service", "Service",
                        {{"apiVersion", &kString}, {"kind", &kString}, {"metadata", &kObjectMeta},
                         {"spec", &kServiceSpec}, {"status", &kServiceStatus}}};
// clang-format on

constexpr int kMaxDepth = 64;

std::string NumberText(const json& v) {
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e21) {
      // Go keeps the literal; a float-typed integral value printed plainly.
      return v.dump();
    }
    return v.dump();
  }
  return v.dump();
}

struct Walker {
  int minor = 0;            // fields newer than this minor are unknown
  bool field_paths = true;  // "spec.foo", or before 1.24 the key alone
  std::vector<std::string> warnings;
  std::string type_error;  // the first one, as Go keeps the first

  void TypeError(const json& v, const std::string& value_desc, const std::string& struct_name,
                 const std::string& field_stack, const std::string& go_type) {
    (void)v;
    if (!type_error.empty()) return;
    if (struct_name.empty() && field_stack.empty()) {
      type_error = "json: cannot unmarshal " + value_desc + " into Go value of type " + go_type;
    } else {
      type_error = "json: cannot unmarshal " + value_desc + " into Go struct field " + struct_name +
                   "." + field_stack + " of type " + go_type;
    }
  }

  bool CheckInt(const json& v, int64_t lo, int64_t hi, const std::string& st, const std::string& fs,
                const char* go_type) {
    if (!v.is_number()) {
      TypeError(v, GoJsonKind(v), st, fs, go_type);
      return false;
    }
    if (v.is_number_float()) {
      TypeError(v, "number " + NumberText(v), st, fs, go_type);
      return false;
    }
    if (v.is_number_unsigned()) {
      uint64_t u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(hi)) {
        TypeError(v, "number " + v.dump(), st, fs, go_type);
        return false;
      }
      return true;
    }
    int64_t i = v.get<int64_t>();
    if (i < lo || i > hi) {
      TypeError(v, "number " + v.dump(), st, fs, go_type);
      return false;
    }
    return true;
  }

  // Checks `v` against `node`; removes unknown fields and nulls in place.
  void Walk(json& v, const Node& node, const std::string& st, const std::string& fs,
            const std::string& strict_path, int depth) {
    if (depth > kMaxDepth) {
      if (type_error.empty()) type_error = "json: exceeded max depth";
      return;
    }
    if (v.is_null()) return;
    switch (node.kind) {
      case K::kAny: return;
      case K::kString:
        if (!v.is_string()) TypeError(v, GoJsonKind(v), st, fs, node.go_type);
        return;
      case K::kBool:
        if (!v.is_boolean()) TypeError(v, GoJsonKind(v), st, fs, node.go_type);
        return;
      case K::kInt32:
        CheckInt(v, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), st,
                 fs, "int32");
        return;
      case K::kInt64:
        CheckInt(v, std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), st,
                 fs, "int64");
        return;
      case K::kIntOrString:
        if (v.is_string()) return;
        // intstr.IntOrString.UnmarshalJSON decodes anything else as int32.
        CheckInt(v, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(), st,
                 fs, "int32");
        return;
      case K::kStringMap:
        if (!v.is_object()) {
          TypeError(v, GoJsonKind(v), st, fs, node.go_type);
          return;
        }
        for (auto it = v.begin(); it != v.end();) {
          if (it->is_null()) {
            // A null map value decodes to "" in Go.
            *it = "";
          } else if (!it->is_string()) {
            TypeError(*it, GoJsonKind(*it), st, fs, "string");
          }
          ++it;
        }
        return;
      case K::kStringList:
        if (!v.is_array()) {
          TypeError(v, GoJsonKind(v), st, fs, node.go_type);
          return;
        }
        for (auto& e : v) {
          if (e.is_null()) {
            e = "";
          } else if (!e.is_string()) {
            TypeError(e, GoJsonKind(e), st, fs, node.elem_go_type);
          }
        }
        return;
      case K::kList:
        if (!v.is_array()) {
          TypeError(v, GoJsonKind(v), st, fs, node.go_type);
          return;
        }
        for (size_t i = 0; i < v.size(); ++i) {
          json& e = v[i];
          if (e.is_null()) {
            e = json::object();
            continue;
          }
          if (!e.is_object()) {
            TypeError(e, GoJsonKind(e), st, fs, node.elem->go_type);
            continue;
          }
          Walk(e, *node.elem, st, fs, strict_path + "[" + std::to_string(i) + "]", depth + 1);
        }
        return;
      case K::kObject: {
        if (!v.is_object()) {
          TypeError(v, GoJsonKind(v), st, fs, node.go_type);
          return;
        }
        for (auto it = v.begin(); it != v.end();) {
          const Field* f = nullptr;
          for (const auto& cand : node.fields) {
            if (it.key() == cand.name && minor >= cand.since_minor &&
                (cand.until_minor == 0 || minor <= cand.until_minor)) {
              f = &cand;
              break;
            }
          }
          std::string sp = strict_path.empty() ? it.key() : strict_path + "." + it.key();
          if (f == nullptr) {
            warnings.push_back("unknown field " + GoQuote(field_paths ? sp : it.key()));
            it = v.erase(it);
            continue;
          }
          if (it->is_null()) {
            it = v.erase(it);
            continue;
          }
          std::string child_fs = fs.empty() ? it.key() : fs + "." + it.key();
          Walk(*it, *f->node, node.struct_name, child_fs, sp, depth + 1);
          ++it;
        }
        return;
      }
    }
  }
};

std::optional<std::string> OptStr(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

int64_t Int(const json& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_number_integer()) return 0;
  return it->get<int64_t>();
}

std::vector<std::string> StrList(const json& obj, const char* key, bool* is_nil) {
  std::vector<std::string> out;
  auto it = obj.find(key);
  if (is_nil) *is_nil = (it == obj.end() || !it->is_array());
  if (it == obj.end() || !it->is_array()) return out;
  for (const auto& e : *it) out.push_back(e.is_string() ? e.get<std::string>() : "");
  return out;
}

std::map<std::string, std::string> StrMap(const json& obj, const char* key) {
  std::map<std::string, std::string> out;
  auto it = obj.find(key);
  if (it == obj.end() || !it->is_object()) return out;
  for (auto e = it->begin(); e != it->end(); ++e) {
    out[e.key()] = e->is_string() ? e->get<std::string>() : "";
  }
  return out;
}

// The kinds the legacy scheme registers for core/v1 (pkg/apis/core/v1
// register.go addKnownTypes), each also as <Kind>List where it has one.
const char* const kCoreV1Kinds[] = {"Pod",
                                    "PodList",
                                    "PodStatusResult",
                                    "PodTemplate",
                                    "PodTemplateList",
                                    "ReplicationController",
                                    "ReplicationControllerList",
                                    "Service",
                                    "ServiceProxyOptions",
                                    "ServiceList",
                                    "Endpoints",
                                    "EndpointsList",
                                    "Node",
                                    "NodeList",
                                    "NodeProxyOptions",
                                    "Binding",
                                    "Event",
                                    "EventList",
                                    "List",
                                    "LimitRange",
                                    "LimitRangeList",
                                    "ResourceQuota",
                                    "ResourceQuotaList",
                                    "Namespace",
                                    "NamespaceList",
                                    "Secret",
                                    "SecretList",
                                    "ServiceAccount",
                                    "ServiceAccountList",
                                    "PersistentVolume",
                                    "PersistentVolumeList",
                                    "PersistentVolumeClaim",
                                    "PersistentVolumeClaimList",
                                    "PodAttachOptions",
                                    "PodLogOptions",
                                    "PodExecOptions",
                                    "PodPortForwardOptions",
                                    "PodProxyOptions",
                                    "ComponentStatus",
                                    "ComponentStatusList",
                                    "SerializedReference",
                                    "RangeAllocation",
                                    "ConfigMap",
                                    "ConfigMapList",
                                    "EphemeralContainers"};

}  // namespace

Status CheckServiceTypeMeta(const nlohmann::json& body, int scheme_go_line) {
  if (!body.is_object()) return Status::Ok();
  // An empty apiVersion or kind is filled from the request path.
  std::string api_version = StringField(body, "apiVersion");
  std::string kind = StringField(body, "kind");
  if (api_version.empty()) api_version = "v1";
  if (kind.empty()) kind = "Service";
  if (api_version == "v1" && kind == "Service") return Status::Ok();
  // runtime.Scheme's errors name the line of scheme.go that built the
  // scheme, which moved between releases.
  const std::string line = std::to_string(scheme_go_line);
  std::string prefix =
      kind + " in version " + GoQuote(api_version) + " cannot be handled as a Service: ";
  bool known = false;
  if (api_version == "v1") {
    for (const char* k : kCoreV1Kinds) known = known || kind == k;
  }
  if (!known) {
    return InvalidArgument(prefix + "no kind " + GoQuote(kind) + " is registered for version " +
                           GoQuote(api_version) + " in scheme \"pkg/runtime/scheme.go:" + line +
                           "\"");
  }
  return InvalidArgument(prefix + "converting (v1." + kind +
                         ") to (core.Service): unknown conversion");
}

Result<DecodeResult> DecodeService(const nlohmann::json& body, int minor, bool field_paths) {
  DecodeResult out;
  json raw = body;
  Walker w;
  w.minor = minor;
  w.field_paths = field_paths;
  if (!raw.is_object()) {
    return InvalidArgument(
        std::string("Service in version \"v1\" cannot be handled as a Service: ") +
        "json: cannot unmarshal " + GoJsonKind(raw) + " into Go value of type v1.Service");
  }
  w.Walk(raw, kServiceRoot, "", "", "", 0);
  if (!w.type_error.empty()) {
    return InvalidArgument("Service in version \"v1\" cannot be handled as a Service: " +
                           w.type_error);
  }
  out.warnings = std::move(w.warnings);
  Service& s = out.service;
  const json meta = raw.value("metadata", json::object());
  s.name = StringField(meta, "name");
  s.generate_name = StringField(meta, "generateName");
  s.namespace_name = StringField(meta, "namespace");
  s.uid = StringField(meta, "uid");
  s.resource_version = StringField(meta, "resourceVersion");
  s.creation_timestamp = StringField(meta, "creationTimestamp");
  s.labels = StrMap(meta, "labels");
  s.annotations = StrMap(meta, "annotations");
  const json spec = raw.value("spec", json::object());
  s.type = StringField(spec, "type");
  s.cluster_ip = StringField(spec, "clusterIP");
  s.cluster_ips = StrList(spec, "clusterIPs", &s.cluster_ips_nil);
  s.ip_families = StrList(spec, "ipFamilies", &s.ip_families_nil);
  s.ip_family_policy = OptStr(spec, "ipFamilyPolicy");
  s.selector_set = spec.contains("selector");
  s.selector = StrMap(spec, "selector");
  s.session_affinity = StringField(spec, "sessionAffinity");
  s.has_session_affinity_config = spec.contains("sessionAffinityConfig");
  s.external_ips = StrList(spec, "externalIPs", nullptr);
  s.external_name = StringField(spec, "externalName");
  s.external_traffic_policy = StringField(spec, "externalTrafficPolicy");
  s.internal_traffic_policy = OptStr(spec, "internalTrafficPolicy");
  s.health_check_node_port = Int(spec, "healthCheckNodePort");
  if (spec.contains("allocateLoadBalancerNodePorts") &&
      spec["allocateLoadBalancerNodePorts"].is_boolean()) {
    s.allocate_load_balancer_node_ports = spec["allocateLoadBalancerNodePorts"].get<bool>();
  }
  s.load_balancer_class = OptStr(spec, "loadBalancerClass");
  s.load_balancer_ip = StringField(spec, "loadBalancerIP");
  s.load_balancer_source_ranges = StrList(spec, "loadBalancerSourceRanges", nullptr);
  s.traffic_distribution = OptStr(spec, "trafficDistribution");
  if (spec.contains("ports") && spec["ports"].is_array()) {
    for (const auto& p : spec["ports"]) {
      ServicePort port;
      port.name = StringField(p, "name");
      port.protocol = StringField(p, "protocol");
      port.app_protocol = OptStr(p, "appProtocol");
      port.port = Int(p, "port");
      port.node_port = Int(p, "nodePort");
      if (p.contains("targetPort")) port.target_port = p["targetPort"];
      s.ports.push_back(std::move(port));
    }
  }
  s.raw = std::move(raw);
  return out;
}

namespace {

// obj[key], an empty object when obj has no such key (json::value's default
// without its copy).
json& Member(json& obj, const char* key) {
  auto it = obj.find(key);
  if (it != obj.end()) return *it;
  return obj[key] = json::object();
}

}  // namespace

nlohmann::json EncodeService(const Service& s) {
  json out = s.raw.is_object() ? s.raw : json::object();
  out["apiVersion"] = "v1";
  out["kind"] = "Service";
  // Edited in place: a get encodes every stored object, so no part of it is
  // copied more than once (the raw object itself).
  json& meta = Member(out, "metadata");
  auto set_or_erase = [](json& obj, const char* key, const std::string& v) {
    if (v.empty()) {
      obj.erase(key);
    } else {
      obj[key] = v;
    }
  };
  set_or_erase(meta, "name", s.name);
  set_or_erase(meta, "generateName", s.generate_name);
  set_or_erase(meta, "namespace", s.namespace_name);
  set_or_erase(meta, "uid", s.uid);
  set_or_erase(meta, "resourceVersion", s.resource_version);
  if (s.creation_timestamp.empty()) {
    meta["creationTimestamp"] = nullptr;
  } else {
    meta["creationTimestamp"] = s.creation_timestamp;
  }
  if (s.labels.empty()) {
    meta.erase("labels");
  } else {
    meta["labels"] = s.labels;
  }
  if (s.annotations.empty()) {
    meta.erase("annotations");
  } else {
    meta["annotations"] = s.annotations;
  }

  json& spec = Member(out, "spec");
  auto set_list = [](json& obj, const char* key, const std::vector<std::string>& v) {
    if (v.empty()) {
      obj.erase(key);
    } else {
      obj[key] = v;
    }
  };
  auto set_opt = [](json& obj, const char* key, const std::optional<std::string>& v) {
    if (v) {
      obj[key] = *v;
    } else {
      obj.erase(key);
    }
  };
  set_or_erase(spec, "type", s.type);
  set_or_erase(spec, "clusterIP", s.cluster_ip);
  set_list(spec, "clusterIPs", s.cluster_ips);
  set_list(spec, "ipFamilies", s.ip_families);
  set_opt(spec, "ipFamilyPolicy", s.ip_family_policy);
  if (s.selector.empty()) {
    spec.erase("selector");
  } else {
    spec["selector"] = s.selector;
  }
  set_or_erase(spec, "sessionAffinity", s.session_affinity);
  if (!s.has_session_affinity_config) spec.erase("sessionAffinityConfig");
  set_list(spec, "externalIPs", s.external_ips);
  set_or_erase(spec, "externalName", s.external_name);
  set_or_erase(spec, "externalTrafficPolicy", s.external_traffic_policy);
  set_opt(spec, "internalTrafficPolicy", s.internal_traffic_policy);
  if (s.health_check_node_port == 0) {
    spec.erase("healthCheckNodePort");
  } else {
    spec["healthCheckNodePort"] = s.health_check_node_port;
  }
  if (s.allocate_load_balancer_node_ports) {
    spec["allocateLoadBalancerNodePorts"] = *s.allocate_load_balancer_node_ports;
  } else {
    spec.erase("allocateLoadBalancerNodePorts");
  }
  set_opt(spec, "loadBalancerClass", s.load_balancer_class);
  set_or_erase(spec, "loadBalancerIP", s.load_balancer_ip);
  set_list(spec, "loadBalancerSourceRanges", s.load_balancer_source_ranges);
  set_opt(spec, "trafficDistribution", s.traffic_distribution);
  if (spec.contains("publishNotReadyAddresses") && spec["publishNotReadyAddresses"] == false) {
    spec.erase("publishNotReadyAddresses");
  }
  if (s.ports.empty()) {
    spec.erase("ports");
  } else {
    json ports = json::array();
    for (const auto& p : s.ports) {
      json jp = json::object();
      if (!p.name.empty()) jp["name"] = p.name;
      if (!p.protocol.empty()) jp["protocol"] = p.protocol;
      if (p.app_protocol) jp["appProtocol"] = *p.app_protocol;
      jp["port"] = p.port;
      jp["targetPort"] = p.target_port.is_null() ? json(0) : p.target_port;
      if (p.node_port != 0) jp["nodePort"] = p.node_port;
      ports.push_back(std::move(jp));
    }
    spec["ports"] = std::move(ports);
  }

  json& status = Member(out, "status");
  if (!status.is_object()) status = json::object();
  if (!status.contains("loadBalancer") || !status["loadBalancer"].is_object()) {
    status["loadBalancer"] = json::object();
  }
  return out;
}

}  // namespace kdual::api
