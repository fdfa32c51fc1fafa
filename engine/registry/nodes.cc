#include "engine/registry/nodes.h"

#include <set>

#include "engine/base/go_format.h"
#include "engine/validation/field_error.h"
#include "engine/validation/ip_validation.h"
#include "engine/validation/object_meta_validation.h"

// Sources (v1.29.15, v1.33.13, v1.37.2):
//   pkg/apis/core/v1/conversion.go  Convert_v1_NodeSpec_To_core_NodeSpec:
//       podCIDR wins over a different podCIDRs[0]; podCIDR alone fills
//       podCIDRs; on the way out podCIDR is podCIDRs[0]
//   pkg/apis/core/validation/validation.go  ValidateNode (podCIDRs: 1.29
//       ValidateCIDR with the whole list as the value and a Duplicate
//       check; 1.33+ IsValidCIDRForLegacyField per entry)
//   plugin/pkg/admission/nodetaint  the not-ready NoSchedule taint on create
//   pkg/registry/core/node/storage: no ReturnDeletedObject, so a delete
//       answers a Status

namespace kdual::registry {
namespace {

using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

json NodeInfoDefaults() {
  json info = json::object();
  for (const char* k :
       {"machineID", "systemUUID", "bootID", "kernelVersion", "osImage", "containerRuntimeVersion",
        "kubeletVersion", "kubeProxyVersion", "operatingSystem", "architecture"}) {
    info[k] = "";
  }
  return info;
}

std::vector<std::string> StringList(const json& v) {
  std::vector<std::string> out;
  if (!v.is_array()) return out;
  for (const auto& x : v) out.push_back(x.is_string() ? x.get<std::string>() : x.dump());
  return out;
}

ErrorList ValidatePodCidrs(const std::vector<std::string>& cidrs, const version::Profile& profile) {
  ErrorList errs;
  if (cidrs.empty()) return errs;
  const std::string field = "spec.podCIDRs";
  const bool legacy = !profile.node_pod_cidrs_legacy_field_rules;
  for (size_t i = 0; i < cidrs.size(); ++i) {
    std::string path = field + "[" + std::to_string(i) + "]";
    if (legacy) {
      if (!net::ParseCIDRSloppy(cidrs[i]).ok()) {
        errs.push_back(validation::Invalid(path, FieldValue::List(cidrs), "must be valid CIDR"));
      }
    } else {
      auto more = validation::IsValidCIDRForLegacyField(path, cidrs[i], profile, {});
      errs.insert(errs.end(), more.begin(), more.end());
    }
  }
  if (cidrs.size() > 1) {
    std::vector<net::Family> fams;
    bool parse_failed = false;
    for (const auto& c : cidrs) {
      auto p = net::ParseCIDRSloppy(c);
      if (!p.ok()) {
        parse_failed = true;
        break;
      }
      fams.push_back(p->family());
    }
    if (parse_failed) {
      // IsDualStackCIDRStrings -> ParseCIDRs: "invalid CIDR[%d]: %v (%v)"
      // for the first entry that does not parse.
      for (size_t i = 0; i < cidrs.size(); ++i) {
        auto bad = net::ParseCIDRSloppy(cidrs[i]);
        if (!bad.ok()) {
          // Before k8s.io/utils' 2023 pin: "failed to parse cidr value:%q with error:%v".
          const std::string why = profile.parse_cidrs_indexed_errors
                                      ? "invalid CIDR[" + std::to_string(i) + "]: <nil> (" +
                                            bad.status().message() + ")"
                                      : "failed to parse cidr value:" + GoQuote(cidrs[i]) +
                                            " with error:" + bad.status().message();
          errs.push_back(validation::InternalErr(
              field, "invalid PodCIDRs. failed to check with dual stack with error:" + why));
          break;
        }
      }
    }
    bool v4 = false, v6 = false;
    for (auto f : fams) (f == net::Family::kIPv4 ? v4 : v6) = true;
    bool dual = !parse_failed && v4 && v6;
    if (!dual || cidrs.size() > 2) {
      errs.push_back(validation::Invalid(field, FieldValue::List(cidrs),
                                         "may specify no more than one CIDR for each IP family"));
    }
    // Through 1.32 (validation.go ValidateNode): duplicates are refused too.
    if (!profile.node_pod_cidr_duplicates_allowed) {
      std::set<std::string> seen;
      for (size_t i = 0; i < cidrs.size(); ++i) {
        if (!seen.insert(cidrs[i]).second) {
          errs.push_back(validation::Duplicate(field + "[" + std::to_string(i) + "]",
                                               FieldValue::String(cidrs[i])));
        }
      }
    }
  }
  return errs;
}

}  // namespace

Answer Nodes::Create(const json& body, bool dry_run, const version::Profile& profile,
                     std::string* created) {
  if (!body.is_object())
    return FromStatusJson(validation::BadRequestStatus("the Node is not a JSON object"));
  json node = body;
  json meta = node.value("metadata", json::object());
  std::string name = meta.value("name", "");
  ErrorList errs = validation::ValidateSubdomainName(name);
  json spec = node.value("spec", json::object());
  // v1 -> internal: podCIDR is authoritative, and fills an empty podCIDRs.
  std::string pod_cidr = spec.value("podCIDR", "");
  std::vector<std::string> pod_cidrs = StringList(spec.value("podCIDRs", json::array()));
  if (!pod_cidr.empty() && (pod_cidrs.empty() || pod_cidrs[0] != pod_cidr)) pod_cidrs = {pod_cidr};
  auto more = ValidatePodCidrs(pod_cidrs, profile);
  errs.insert(errs.end(), more.begin(), more.end());
  if (!errs.empty()) {
    return FromStatusJson(
        validation::InvalidStatus("Node", name, errs, profile.field_error_values_as_json));
  }
  if (nodes_.count(name)) return FromStatusJson(validation::AlreadyExistsStatus("nodes", name));

  // internal -> v1.
  spec.erase("podCIDR");
  spec.erase("podCIDRs");
  if (!pod_cidrs.empty()) {
    spec["podCIDR"] = pod_cidrs[0];
    spec["podCIDRs"] = pod_cidrs;
  }
  json taint = {{"key", "node.kubernetes.io/not-ready"}, {"effect", "NoSchedule"}};
  json taints = spec.value("taints", json::array());
  bool has = false;
  for (const auto& t : taints) has = has || (t.value("key", "") == "node.kubernetes.io/not-ready");
  if (!has) taints.push_back(taint);
  spec["taints"] = taints;
  json status = node.value("status", json::object());
  if (!status.contains("daemonEndpoints"))
    status["daemonEndpoints"] = {{"kubeletEndpoint", {{"Port", 0}}}};
  json info = NodeInfoDefaults();
  if (status.contains("nodeInfo") && status["nodeInfo"].is_object())
    info.update(status["nodeInfo"]);
  status["nodeInfo"] = info;
  meta.erase("namespace");  // a cluster-scoped object's namespace is cleared
  json out = {{"kind", "Node"},
              {"apiVersion", "v1"},
              {"metadata", meta},
              {"spec", spec},
              {"status", status}};
  out["metadata"]["resourceVersion"] = std::to_string(next_resource_version_++);
  if (!dry_run) {
    nodes_[name] = out;
    *created = name;
  }
  Answer a;
  a.code = 201;
  a.body = out;
  // WarningsOnCreate (pkg/registry/core/node/strategy.go): 1.29's
  // fieldIsDeprecatedWarnings; 1.33+ nodeWarnings adds the pod CIDRs'.
  if (node.value("spec", json::object()).contains("configSource"))
    a.warnings.push_back("spec.configSource: the feature is removed");
  if (!node.value("spec", json::object()).value("externalID", std::string()).empty()) {
    a.warnings.push_back("spec.externalID: this field is deprecated, and is unused by Kubernetes");
  }
  if (profile.node_pod_cidr_warnings) {
    for (size_t i = 0; i < pod_cidrs.size(); ++i) {
      auto w = validation::GetWarningsForCIDR("spec.podCIDRs[" + std::to_string(i) + "]",
                                              pod_cidrs[i], profile);
      a.warnings.insert(a.warnings.end(), w.begin(), w.end());
    }
  }
  return a;
}

Answer Nodes::Get(const std::string& name) const {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return FromStatusJson(validation::NotFoundStatus("nodes", name));
  Answer a;
  a.body = it->second;
  return a;
}

Answer Nodes::List() const {
  Answer a;
  a.body = {{"kind", "NodeList"},
            {"apiVersion", "v1"},
            {"metadata", json::object()},
            {"items", json::array()}};
  for (const auto& entry : nodes_) a.body["items"].push_back(entry.second);
  return a;
}

Answer Nodes::Delete(const std::string& name, bool dry_run, nodeipam::NodePodCidrs* deleted) {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return FromStatusJson(validation::NotFoundStatus("nodes", name));
  *deleted = PodCidrsOf(name);
  if (!dry_run) {
    nodes_.erase(it);
    events_.erase(name);
  }
  Answer a;
  a.body = {{"kind", "Status"},
            {"apiVersion", "v1"},
            {"metadata", json::object()},
            {"status", "Success"},
            {"details", {{"name", name}, {"kind", "nodes"}}}};
  return a;
}

Answer Nodes::Wait(const std::string& name, const std::string& wait_for) const {
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return FromStatusJson(validation::NotFoundStatus("nodes", name));
  if (wait_for == "podCIDRs") {
    Answer a;
    a.body = it->second;
    if (!it->second["spec"].contains("podCIDRs")) {
      a = StatusAnswer(504, "Timeout", "Node " + name + " got no podCIDRs within the wait");
    }
    return a;
  }
  std::string reason = wait_for.rfind("event/", 0) == 0 ? wait_for.substr(6) : wait_for;
  auto ev = events_.find(name);
  if (ev != events_.end()) {
    for (const auto& e : ev->second) {
      if (e.value("reason", "") == reason) {
        Answer a;
        a.body = e;
        return a;
      }
    }
  }
  return StatusAnswer(504, "Timeout",
                      "no " + reason + " event about Node " + name + " within the wait");
}

nodeipam::NodePodCidrs Nodes::PodCidrsOf(const std::string& name) const {
  nodeipam::NodePodCidrs out;
  out.name = name;
  auto it = nodes_.find(name);
  if (it == nodes_.end()) return out;
  const json& spec = it->second["spec"];
  out.pod_cidr = spec.value("podCIDR", "");
  out.pod_cidrs = StringList(spec.value("podCIDRs", json::array()));
  return out;
}

std::vector<nodeipam::NodePodCidrs> Nodes::PodCidrs() const {
  std::vector<nodeipam::NodePodCidrs> out;
  for (const auto& entry : nodes_) out.push_back(PodCidrsOf(entry.first));
  return out;
}

void Nodes::SetPodCidrs(const std::string& name, const std::vector<std::string>& cidrs) {
  auto it = nodes_.find(name);
  if (it == nodes_.end() || cidrs.empty()) return;
  it->second["spec"]["podCIDR"] = cidrs[0];
  it->second["spec"]["podCIDRs"] = cidrs;
  it->second["metadata"]["resourceVersion"] = std::to_string(next_resource_version_++);
}

void Nodes::RecordEvent(const std::string& name, const std::string& type, const std::string& reason,
                        const std::string& message) {
  auto& list = events_[name];
  for (const auto& e : list) {
    if (e.value("reason", "") == reason && e.value("message", "") == message)
      return;  // counted, not repeated
  }
  list.push_back({{"type", type}, {"reason", reason}, {"message", message}});
}

}  // namespace kdual::registry
