// The status subresource of a Service (PUT and PATCH of
// .../services/NAME/status): pkg/registry/core/service/storage/storage.go
// gives it a copy of the Service store with serviceStatusStrategy
// (strategy.go) and no BeginUpdate, so nothing is allocated or released by
// it; its PrepareForUpdate puts the stored spec back (the request's metadata
// and status stay), ValidateServiceStatusUpdate checks the metadata update
// and the load balancer status, and it shares afterDelete, so a status
// write that clears the last finalizer of a Service being deleted deletes
// it and frees what it held.
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/net/ip_address.h"
#include "engine/registry/service_cluster.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/validation/ip_validation.h"
#include "engine/validation/name_validation.h"
#include "engine/validation/object_meta_validation.h"
#include "engine/validation/rest_validation.h"

namespace kdual::registry {
namespace {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

json* Ingresses(json& raw) {
  if (!raw.contains("status") || !raw["status"].is_object()) return nullptr;
  json& st = raw["status"];
  if (!st.contains("loadBalancer") || !st["loadBalancer"].is_object()) return nullptr;
  json& lb = st["loadBalancer"];
  if (!lb.contains("ingress") || !lb["ingress"].is_array()) return nullptr;
  return &lb["ingress"];
}

std::string Text(const json& ing, const char* key) {
  auto it = ing.find(key);
  return it != ing.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// strategy.go loadbalancerIPModeInUse.
bool IPModeInUse(const Service& svc) {
  json raw = svc.raw;
  const json* ingresses = Ingresses(raw);
  if (ingresses == nullptr) return false;
  for (const json& ing : *ingresses) {
    if (ing.is_object() && ing.contains("ipMode") && !ing["ipMode"].is_null()) return true;
  }
  return false;
}

// The status as it reads back from its Go types (v1.ServiceStatus):
// omitempty drops an empty ingress list, an empty ip or hostname and an
// empty port list; a port status always has port and protocol.
void AsGoEncodesIt(json& raw) {
  json* ingresses = Ingresses(raw);
  if (ingresses == nullptr) return;
  if (ingresses->empty()) {
    raw["status"]["loadBalancer"].erase("ingress");
    return;
  }
  for (json& ing : *ingresses) {
    if (!ing.is_object()) continue;
    for (const char* key : {"ip", "hostname"}) {
      if (ing.contains(key) && ing[key].is_string() && ing[key].get<std::string>().empty())
        ing.erase(key);
    }
    if (ing.contains("ports") && ing["ports"].is_array()) {
      if (ing["ports"].empty()) {
        ing.erase("ports");
        continue;
      }
      for (json& port : ing["ports"]) {
        if (!port.is_object()) continue;
        if (!port.contains("port")) port["port"] = 0;
        if (!port.contains("protocol")) port["protocol"] = "";
      }
    }
  }
}

// ValidateLoadBalancerStatus (pkg/apis/core/validation), as each release
// has it.
ErrorList ValidateLoadBalancerStatus(const Service& svc, const Service& old,
                                     const version::Profile& profile) {
  ErrorList errs;
  json raw = svc.raw;
  const json* ingresses = Ingresses(raw);
  if (ingresses == nullptr || ingresses->empty()) return errs;
  const std::string path = "status.loadBalancer.ingress";
  // From 1.29 (kubernetes/kubernetes#119789) ingress is for LoadBalancer
  // Services only, unless AllowServiceLBStatusOnNonLB (deprecated, off; gone
  // from 1.35) turns that back.
  if (profile.lb_status_ingress_only_on_load_balancer && svc.type != api::kTypeLoadBalancer) {
    errs.push_back(
        validation::Forbidden(path, "may only be used when `spec.type` is 'LoadBalancer'"));
    return errs;
  }
  // 1.33+: addresses the old status held stay valid (validOldIPs).
  std::vector<std::string> existing;
  json old_raw = old.raw;
  if (const json* old_ingresses = Ingresses(old_raw)) {
    for (const json& ing : *old_ingresses) {
      std::string ip = ing.is_object() ? Text(ing, "ip") : "";
      if (!ip.empty()) existing.push_back(ip);
    }
  }
  for (size_t i = 0; i < ingresses->size(); ++i) {
    const json& ing = (*ingresses)[i];
    if (!ing.is_object()) continue;
    const std::string idx = path + "[" + std::to_string(i) + "]";
    const std::string ip = Text(ing, "ip");
    if (!ip.empty()) {
      if (!profile.lb_status_ip_is_valid_ip) {
        // 1.29: netutils.ParseIPSloppy and a message of its own.
        if (!net::ParseIPSloppy(ip).ok()) {
          errs.push_back(validation::Invalid(idx + ".ip", FieldValue::String(ip),
                                             "must be a valid IP address"));
        }
      } else {
        auto e = validation::IsValidIPForLegacyField(idx + ".ip", ip, profile, existing);
        errs.insert(errs.end(), e.begin(), e.end());
      }
    }
    const bool has_mode = ing.contains("ipMode") && !ing["ipMode"].is_null();
    if (profile.load_balancer_ip_mode && !has_mode) {
      if (!ip.empty())
        errs.push_back(validation::Required(idx + ".ipMode", "must be specified when `ip` is set"));
    } else if (has_mode && ip.empty()) {
      errs.push_back(
          validation::Forbidden(idx + ".ipMode", "may not be specified when `ip` is not set"));
    } else if (has_mode) {
      std::string mode = ing["ipMode"].is_string() ? ing["ipMode"].get<std::string>() : "";
      if (mode != "VIP" && mode != "Proxy") {
        errs.push_back(validation::NotSupported(idx + ".ipMode", FieldValue::NamedPtr(mode),
                                                {"Proxy", "VIP"}));
      }
    }
    const std::string hostname = Text(ing, "hostname");
    if (!hostname.empty()) {
      for (const auto& m : validation::IsDNS1123Subdomain(hostname)) {
        errs.push_back(validation::Invalid(idx + ".hostname", FieldValue::String(hostname), m));
      }
      if (net::ParseIPSloppy(hostname).ok()) {
        errs.push_back(validation::Invalid(idx + ".hostname", FieldValue::String(hostname),
                                           "must be a DNS name, not an IP address"));
      }
    }
  }
  return errs;
}

}  // namespace

Answer ServiceCluster::UpdateStatus(const Request& req, Service svc, const Service& old,
                                    std::vector<std::string> warnings) {
  const bool jv = json_values();
  // serviceStatusStrategy.PrepareForUpdate: the stored spec is put back;
  // the request's metadata and status stay.
  KDUAL_TRACE("strategy.go serviceStatusStrategy.PrepareForUpdate",
              "a status write keeps the stored spec: nothing is allocated or released");
  Service out = old;
  out.name = svc.name;
  out.generate_name = svc.generate_name;
  out.namespace_name = svc.namespace_name;
  out.uid = svc.uid;
  out.labels = svc.labels;
  out.annotations = svc.annotations;
  out.raw["metadata"] = svc.raw.contains("metadata") ? svc.raw["metadata"] : json::object();
  out.raw["status"] = svc.raw.contains("status") ? svc.raw["status"] : json::object();
  AsGoEncodesIt(out.raw);
  // dropServiceStatusDisabledFields: ipMode goes while LoadBalancerIPMode
  // is off (1.29), unless the stored status uses it.
  if (!profile_.load_balancer_ip_mode && !IPModeInUse(old)) {
    if (json* ingresses = Ingresses(out.raw)) {
      for (json& ing : *ingresses) {
        if (ing.is_object()) ing.erase("ipMode");
      }
    }
  }
  // rest.BeforeUpdate: the system fields the client cannot change.
  DropDeprecatedClusterName(out, profile_.cluster_name_warning, &warnings);
  KeepSystemFieldsOnUpdate(out, old);
  // rest.BeforeUpdate's common checks, then ValidateServiceStatusUpdate.
  ErrorList strategy = validation::ValidateObjectMetaUpdate(out, old, profile_);
  ErrorList lb = ValidateLoadBalancerStatus(out, old, profile_);
  strategy.insert(strategy.end(), lb.begin(), lb.end());
  ErrorList errs = validation::ValidateStatusUpdate(out, old, strategy, profile_);
  KDUAL_TRACE("validation.go ValidateServiceStatusUpdate",
              errs.empty() ? std::string("passes")
                           : std::to_string(errs.size()) + " error(s), first " + errs[0].field);
  if (!errs.empty()) {
    Answer a = FromStatusJson(validation::InvalidStatus("Service", out.name, errs, jv));
    a.warnings = warnings;
    return a;
  }
  // serviceStatusStrategy.WarningsOnUpdate (1.33+): each ingress address.
  if (profile_.status_update_ip_warnings) {
    if (json* ingresses = Ingresses(out.raw)) {
      for (size_t i = 0; i < ingresses->size(); ++i) {
        std::string ip = (*ingresses)[i].is_object() ? Text((*ingresses)[i], "ip") : "";
        if (ip.empty()) continue;
        auto w = validation::GetWarningsForIP(
            "status.loadBalancer.ingress[" + std::to_string(i) + "]", ip, profile_);
        warnings.insert(warnings.end(), w.begin(), w.end());
      }
    }
  }
  auto it = store_.find({req.namespace_name, req.name});
  if (req.dry_run) return StoredObjectAnswer(200, out, std::move(warnings));
  if (api::EncodeService(it->second) != api::EncodeService(out))
    out.resource_version = std::to_string(next_resource_version_++);
  it->second = out;
  if (IsBeingDeleted(out) && !HasFinalizers(out)) {
    if (profile_.status_delete_releases_allocations) {
      KDUAL_TRACE("storage.go afterDelete",
                  "the status write removed the last finalizer: the Service is deleted and what "
                  "it held is released");
      ReleaseResources(out);
    } else {
      KDUAL_TRACE("storage.go NewREST",
                  "the status write removed the last finalizer: the Service is deleted, but the "
                  "status store has no AfterDelete before 1.25: its addresses and ports stay "
                  "allocated until the repair loops run");
    }
    store_.erase(it);
  }
  return StoredObjectAnswer(200, out, std::move(warnings));
}

}  // namespace kdual::registry
