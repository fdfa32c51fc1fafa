// A Service delete: graceful deletion with finalizers (store.go Delete),
// and what storage.go afterDelete releases (alloc.go
// releaseAllocatedResources), address by address and port by port.
#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/registry/node_ports.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

void ServiceCluster::ReleaseIP(net::Family f, const net::IPAddress& ip) {
  auto a = ip_allocs_.find(f);
  if (a == ip_allocs_.end()) return;
  // cidrallocator.go Release: nothing at all when no ServiceCIDR holds it.
  if (!a->second->cidr().Contains(ip)) return;
  auto lb = legacy_bitmaps_.find(f);
  if (lb != legacy_bitmaps_.end() && !lb->second.stale() && lb->second.flag_range.Contains(ip)) {
    lb->second.stored->Release(ip);
  }
  a->second->Release(ip);
}

void ServiceCluster::ReleaseResources(const Service& svc) {
  // alloc.go releaseAllocatedResources.
  if (svc.type != api::kTypeExternalName &&
      !(svc.cluster_ips.size() > 0 && svc.cluster_ips[0] == api::kClusterIPNone)) {
    for (const auto& ip : svc.cluster_ips) {
      auto parsed = net::ParseIPSloppy(ip);
      if (!parsed.ok()) continue;
      ReleaseIP(parsed->family(), *parsed);
      KDUAL_TRACE("alloc.go releaseAllocatedResources",
                  std::string(parsed->family() == net::Family::kIPv4 ? "IPv4" : "IPv6") +
                      " address " + ip + " released");
    }
  }
  for (auto p : CollectNodePorts(svc)) {
    ports_->Release(static_cast<int>(p));
    KDUAL_TRACE("alloc.go releaseAllocatedResources",
                "node port " + std::to_string(p) + " released");
  }
  if (defaults::NeedsHealthCheck(svc) && svc.health_check_node_port > 0) {
    ports_->Release(static_cast<int>(svc.health_check_node_port));
    KDUAL_TRACE(
        "alloc.go releaseAllocatedResources",
        "health check node port " + std::to_string(svc.health_check_node_port) + " released");
  }
}

Answer ServiceCluster::HandleDelete(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  Service svc = it->second;
  families::DefaultOnRead(svc, families_);
  if (!req.dry_run) {
    if (HasFinalizers(it->second)) {
      // The generic store's graceful deletion with finalizers: the object
      // stays, marked with a deletionTimestamp, until an update removes the
      // last finalizer; its addresses and ports stay allocated meanwhile.
      KDUAL_TRACE("store.go Delete",
                  "the Service has finalizers: it is only marked for deletion "
                  "(deletionTimestamp); its addresses and node ports stay allocated until an "
                  "update removes the last finalizer");
      if (!IsBeingDeleted(it->second)) {
        it->second.raw["metadata"]["deletionTimestamp"] = "1970-01-01T00:00:00Z";
        it->second.raw["metadata"]["deletionGracePeriodSeconds"] = 0;
        it->second.resource_version = std::to_string(next_resource_version_++);
      }
      Service marked = it->second;
      families::DefaultOnRead(marked, families_);
      return ObjectAnswer(200, marked, {});
    }
    KDUAL_TRACE("storage.go afterDelete", "the Service is deleted; what it held is released");
    ReleaseResources(svc);
    store_.erase(it);
  } else {
    return DryRunDeleteAnswer(std::move(svc));
  }
  return ObjectAnswer(200, svc, {});
}

}  // namespace kdual::registry
