// ServiceCluster's ServiceCIDR requests (networking.k8s.io/v1
// servicecidrs) and how the ServiceCIDRs a client creates take part in
// allocation: service_cidrs.h says what is modelled.
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "engine/api/service.h"
#include "engine/base/json_access.h"
#include "engine/registry/object_patch.h"
#include "engine/registry/service_cluster.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/validation/service_validation.h"

namespace kdual::registry {

using nlohmann::json;

Answer ServiceCluster::HandleServiceCIDR(const Request& req) {
  if (!profile_.service_cidr_v1_served) {
    // No servicecidrs in networking.k8s.io/v1: the group version's handler
    // answers as for any resource it does not serve.
    return StatusAnswer(404, "NotFound", "the server could not find the requested resource");
  }
  if (!req.subresource.empty() || req.op == Op::kApply ||
      ((req.op == Op::kUpdate || req.op == Op::kPatch) && req.name == kDefaultServiceCIDRName)) {
    return FromStatusJson(validation::UnknownErrorStatus(
        std::string("this ServiceCIDR ") + (req.subresource.empty() ? "" : "status ") +
        OpName(req.op) + " is not modelled by the kdual engine yet"));
  }
  switch (req.op) {
    case Op::kCreate: {
      std::string created;
      return service_cidrs_.Create(req.body, req.dry_run, profile_, &created);
    }
    case Op::kUpdate: return service_cidrs_.Update(req.name, req.body, req.dry_run, profile_);
    case Op::kPatch: {
      // On the object as a GET shows it.
      Answer current = service_cidrs_.Get(req.name);
      if (current.is_error()) return current;
      ObjectPatchOutcome patch = PatchObject(req, current.body, "ServiceCIDR");
      if (patch.refused) return *patch.refused;
      Answer a = service_cidrs_.Update(req.name, patch.patched, req.dry_run, profile_);
      a.warnings.insert(a.warnings.begin(), patch.warnings.begin(), patch.warnings.end());
      return a;
    }
    case Op::kGet: return service_cidrs_.Get(req.name);
    case Op::kList: return service_cidrs_.List();
    case Op::kDelete: return service_cidrs_.Delete(req.name, req.dry_run, AddressesInUse());
    case Op::kWait: return service_cidrs_.Wait(req.name, req.wait_for);
    default: break;
  }
  return FromStatusJson(validation::InternalErrorStatus("kdual engine: unknown operation"));
}

std::vector<alloc::ClusterIPAllocator*> ServiceCluster::ExtraAllocators() {
  std::vector<alloc::ClusterIPAllocator*> out;
  if (!profile_.multi_cidr_service_allocator) return out;
  const std::vector<net::Cidr> ready = service_cidrs_.ExtraReadyCidrs(profile_);
  // An allocator whose ServiceCIDR went (or is being deleted) goes: made
  // again, from the stored Services, if its CIDR serves again.
  for (auto it = extra_ip_allocs_.begin(); it != extra_ip_allocs_.end();) {
    bool kept = false;
    for (const auto& c : ready) kept = kept || c.ToString() == it->first;
    it = kept ? std::next(it) : extra_ip_allocs_.erase(it);
  }
  for (const auto& cidr : ready) {
    auto& a = extra_ip_allocs_[cidr.ToString()];
    if (!a) {
      a = std::make_unique<alloc::ClusterIPAllocator>(cidr, alloc::IPAllocatorMode::kMeta,
                                                      profile_.cluster_ip_static_subrange);
      // An address a stored Service holds is already taken there.
      for (const auto& ip : AddressesInUse()) {
        if (cidr.Contains(ip)) (void)a->Allocate(ip);
      }
      for (const auto& ip : ip_addresses_.Reserved()) {
        if (cidr.Contains(ip)) (void)a->Allocate(ip);
      }
    }
    out.push_back(a.get());
  }
  return out;
}

std::vector<net::IPAddress> ServiceCluster::AddressesInUse() const {
  std::vector<net::IPAddress> out;
  for (const auto& [key, svc] : store_) {
    if (svc.type == api::kTypeExternalName || validation::IsHeadlessService(svc)) continue;
    for (const auto& ip : svc.cluster_ips) {
      auto parsed = net::ParseIPSloppy(ip);
      if (parsed.ok()) out.push_back(*parsed);
    }
  }
  for (const auto& [name, obj] : ip_addresses_.objects()) {
    const json* labels = JsonAt(obj, {"metadata", "labels"});
    auto ip = net::ParseIPSloppy(name);
    if (labels == nullptr || !labels->is_object() || !ip.ok()) continue;
    const std::string family = ip->family() == net::Family::kIPv4 ? "IPv4" : "IPv6";
    if (labels->value(kIPAddressManagedByLabel, "") == kIPAllocatorName &&
        labels->value(kIPAddressFamilyLabel, "") == family)
      out.push_back(*ip);
  }
  return out;
}

}  // namespace kdual::registry
