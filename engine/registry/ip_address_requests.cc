// ServiceCluster's IPAddress requests (networking.k8s.io/v1 ipaddresses)
// and how a client's IPAddress reserves its address: ip_addresses.h says
// what is modelled.
#include <string>
#include <vector>

#include "engine/api/service.h"
#include "engine/base/json_access.h"
#include "engine/registry/label_selector.h"
#include "engine/registry/object_patch.h"
#include "engine/registry/service_cluster.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/validation/service_validation.h"

namespace kdual::registry {

using nlohmann::json;

std::map<std::string, json> ServiceCluster::AllocatorIPAddresses() const {
  std::map<std::string, json> out;
  if (!profile_.multi_cidr_service_allocator) return out;
  for (const auto& [key, svc] : store_) {
    if (svc.type == api::kTypeExternalName || validation::IsHeadlessService(svc)) continue;
    for (const auto& ip : svc.cluster_ips) {
      auto parsed = net::ParseIPSloppy(ip);
      if (!parsed.ok()) continue;
      out[parsed->ToString()] = AllocatorIPAddress(*parsed, svc.namespace_name, svc.name);
    }
  }
  return out;
}

void ServiceCluster::ReserveAddress(const net::IPAddress& ip) {
  // Only the IPAddress allocator creates objects, and so only it meets a
  // client's as AlreadyExists (ipallocator.go createIPAddress).
  if (!profile_.multi_cidr_service_allocator) return;
  bitmap_kept_.erase(ip.ToString());
  auto a = ip_allocs_.find(ip.family());
  if (a != ip_allocs_.end() && a->second->cidr().Contains(ip)) (void)a->second->Allocate(ip);
  for (auto& [cidr, extra] : extra_ip_allocs_) {
    if (extra->cidr().Contains(ip)) (void)extra->Allocate(ip);
  }
}

void ServiceCluster::FreeReservedAddress(const net::IPAddress& ip) {
  if (!profile_.multi_cidr_service_allocator) return;
  auto a = ip_allocs_.find(ip.family());
  // 1.33's allocator is the flag's bitmap and the IPAddress objects at
  // once: an address the bitmap kept stays taken (until the bitmap's
  // repair loop, which the engine does not run).
  const bool kept = bitmap_kept_.erase(ip.ToString()) > 0;
  if (a != ip_allocs_.end() && a->second->cidr().Contains(ip) && !kept) a->second->Release(ip);
  for (auto& [cidr, extra] : extra_ip_allocs_) {
    if (extra->cidr().Contains(ip)) extra->Release(ip);
  }
}

Answer ServiceCluster::HandleIPAddress(const Request& req) {
  if (!profile_.service_cidr_v1_served) {
    // networking.k8s.io/v1 serves ipaddresses from the same release as
    // servicecidrs (both GA in 1.33); before, the group version's handler
    // answers as for any resource it does not serve.
    return StatusAnswer(404, "NotFound", "the server could not find the requested resource");
  }
  if (req.op != Op::kCreate && req.op != Op::kList && req.name.find('/') != std::string::npos) {
    // A name with a slash (a CIDR, say) is more path segments than the
    // resource has: the router finds no handler (captured on 1.37).
    return StatusAnswer(404, "NotFound", "the server could not find the requested resource");
  }
  const std::map<std::string, json> allocated = AllocatorIPAddresses();
  const bool allocators = allocated.count(req.name) > 0;
  if (!req.subresource.empty() || req.op == Op::kApply || req.op == Op::kWait ||
      ((req.op == Op::kUpdate || req.op == Op::kPatch || req.op == Op::kDelete) && allocators)) {
    return FromStatusJson(
        validation::UnknownErrorStatus(std::string("this IPAddress ") + OpName(req.op) +
                                       (allocators ? " of an address the allocator holds" : "") +
                                       " is not modelled by the kdual engine yet"));
  }
  switch (req.op) {
    case Op::kCreate: {
      std::string name =
          req.body.is_object() ? req.body.value("/metadata/name"_json_pointer, "") : std::string();
      if (name.empty() && req.body.is_object())
        name = req.body.value("/metadata/generateName"_json_pointer, "");
      net::IPAddress created;
      Answer a = ip_addresses_.Create(req.body, req.dry_run, allocated.count(name) > 0, profile_,
                                      &created);
      if (a.code == 201 && !req.dry_run) ReserveAddress(created);
      return a;
    }
    case Op::kUpdate: return ip_addresses_.Update(req.name, req.body, req.dry_run, profile_);
    case Op::kPatch: {
      const json* current = ip_addresses_.Find(req.name);
      if (current == nullptr) return IPAddressNotFound(req.name);
      ObjectPatchOutcome patch = PatchObject(req, *current, "IPAddress");
      if (patch.refused) return *patch.refused;
      Answer a = ip_addresses_.Update(req.name, patch.patched, req.dry_run, profile_);
      a.warnings.insert(a.warnings.begin(), patch.warnings.begin(), patch.warnings.end());
      return a;
    }
    case Op::kGet: {
      if (auto it = allocated.find(req.name); it != allocated.end()) {
        Answer a;
        a.body = it->second;
        return a;
      }
      const json* mine = ip_addresses_.Find(req.name);
      if (mine == nullptr) return IPAddressNotFound(req.name);
      Answer a;
      a.body = *mine;
      return a;
    }
    case Op::kList: {
      auto selector = LabelSelector::Parse(req.label_selector, profile_);
      if (!selector.ok())
        return FromStatusJson(validation::BadRequestStatus(selector.status().message()));
      if (!req.field_selector.empty()) {
        return FromStatusJson(validation::UnknownErrorStatus(
            "a field selector on IPAddresses is not modelled by the kdual engine yet"));
      }
      // Name order, as etcd keeps the keys; a typed list's items carry no
      // apiVersion or kind.
      std::map<std::string, json> all = allocated;
      for (const auto& [name, obj] : ip_addresses_.objects()) all.emplace(name, obj);
      json items = json::array();
      for (auto& [name, obj] : all) {
        std::map<std::string, std::string> labels;
        if (const json* l = JsonAt(obj, {"metadata", "labels"}); l != nullptr && l->is_object()) {
          for (const auto& [k, v] : l->items())
            labels[k] = v.is_string() ? v.get<std::string>() : "";
        }
        if (!selector->Matches(labels)) continue;
        json item = obj;
        item.erase("apiVersion");
        item.erase("kind");
        items.push_back(std::move(item));
      }
      Answer a;
      a.body = {{"apiVersion", "networking.k8s.io/v1"},
                {"kind", "IPAddressList"},
                {"metadata", {{"resourceVersion", std::to_string(next_resource_version_)}}},
                {"items", items}};
      return a;
    }
    case Op::kDelete: {
      std::optional<net::IPAddress> freed;
      Answer a = ip_addresses_.Delete(req.name, req.dry_run, &freed);
      if (freed) {
        FreeReservedAddress(*freed);
        released_since_sync_ = true;
      }
      return a;
    }
    default: break;
  }
  return FromStatusJson(validation::InternalErrorStatus("kdual engine: unknown operation"));
}

}  // namespace kdual::registry
