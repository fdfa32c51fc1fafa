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
#include "engine/registry/delete_options.h"
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
  // cidrallocator.go Release: to any ServiceCIDR's allocator that holds
  // it, and nothing at all when none does.
  if (!a->second->cidr().Contains(ip)) {
    for (auto& [cidr, extra] : extra_ip_allocs_) {
      if (extra->cidr().Contains(ip)) extra->Release(ip);
    }
    return;
  }
  auto lb = legacy_bitmaps_.find(f);
  if (lb != legacy_bitmaps_.end() && !lb->second.stale() && lb->second.flag_range.Contains(ip)) {
    lb->second.stored->Release(ip);
  }
  a->second->Release(ip);
}

void ServiceCluster::ReleaseResources(const Service& svc) {
  released_since_sync_ = true;
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

namespace {

// deletionFinalizersForGarbageCollection (generic/registry/store.go) for a
// Service: its strategy declares no default garbage-collection policy, so
// only the options (orphanDependents first, then propagationPolicy) or a
// finalizer already there ask to orphan or to delete in the foreground.
// Returns whether the finalizers change, and the new list.
bool GarbageCollectorFinalizers(const json& current, const DeleteOptions& o,
                                std::vector<std::string>* out) {
  std::vector<std::string> existing;
  if (current.is_array()) {
    for (const json& f : current)
      if (f.is_string()) existing.push_back(f.get<std::string>());
  }
  bool orphan = false, foreground = false;
  if (o.orphan_dependents) {
    orphan = *o.orphan_dependents;  // and never foreground
  } else if (o.propagation_policy) {
    orphan = *o.propagation_policy == kPropagationOrphan;
    foreground = *o.propagation_policy == kPropagationForeground;
  } else {
    // The first of the two finalizers present decides (shouldOrphan... and
    // shouldDeleteDependentsInForeground walk the list).
    for (const auto& f : existing) {
      if (f == kFinalizerOrphan || f == kFinalizerForeground) {
        orphan = f == kFinalizerOrphan;
        foreground = f == kFinalizerForeground;
        break;
      }
    }
  }
  out->clear();
  for (const auto& f : existing) {
    if (f != kFinalizerOrphan && f != kFinalizerForeground) out->push_back(f);
  }
  if (orphan) out->push_back(kFinalizerOrphan);
  if (foreground) out->push_back(kFinalizerForeground);
  std::set<std::string> before(existing.begin(), existing.end());
  std::set<std::string> after(out->begin(), out->end());
  return before != after;
}

}  // namespace

Answer ServiceCluster::HandleDelete(const Request& req) {
  // The handler reads and validates the options before the object is read.
  DeleteOptionsOutcome read = ReadDeleteOptions(req, profile_);
  if (read.refused) return *read.refused;
  const DeleteOptions& options = read.options;
  const bool dry_run = options.DryRun();
  if (options.from_body && req.dry_run && !dry_run) {
    KDUAL_TRACE("handlers/delete.go DeleteResource",
                "the request has a body: its query (?dryRun=All) is not read, so this is no dry "
                "run");
  }
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  // rest.BeforeDelete: preconditions against the stored object.
  if (options.precondition_uid && *options.precondition_uid != it->second.uid) {
    return FromStatusJson(
        validation::ConflictStatus("Service", req.name,
                                   "the UID in the precondition (" + *options.precondition_uid +
                                       ") does not match the UID in record (" + it->second.uid +
                                       "). The object might have been deleted and then recreated"));
  }
  if (options.precondition_resource_version &&
      *options.precondition_resource_version != it->second.resource_version) {
    return FromStatusJson(validation::ConflictStatus(
        "Service", req.name,
        "the ResourceVersion in the precondition (" + *options.precondition_resource_version +
            ") does not match the ResourceVersion in record (" + it->second.resource_version +
            "). The object might have been modified"));
  }
  Service svc = it->second;
  families::DefaultOnRead(svc, families_, profile_);
  std::vector<std::string> finalizers;
  const json* current = MetaField(it->second, "finalizers");
  const bool change_finalizers =
      GarbageCollectorFinalizers(current ? *current : json(), options, &finalizers);
  if (HasFinalizers(it->second) || change_finalizers) {
    // updateForGracefulDeletionAndFinalizers: the garbage collector's
    // finalizers set as the options ask, then, with any finalizer left, the
    // object only marked (deletionTimestamp) and kept with what it holds.
    if (finalizers.empty()) {
      KDUAL_TRACE("store.go updateForGracefulDeletionAndFinalizers",
                  "the options remove the garbage collector's finalizer and none is left: the "
                  "Service is deleted now");
      if (dry_run && !profile_.dry_run_delete_answers_empty_object) {
        // 1.27 dryrun.go GuaranteedUpdate copies the updated object (its
        // finalizers gone) into the output, which Delete returns.
        Service updated = svc;
        if (updated.raw.contains("metadata")) updated.raw["metadata"].erase("finalizers");
        return ObjectAnswer(200, updated, {});
      }
      if (dry_run) {
        // The update's output object was never filled: a dry run answers
        // an empty Service (store.go Delete returns `out` as it is).
        return Answer{200,
                      json{{"apiVersion", "v1"},
                           {"kind", "Service"},
                           {"metadata", json::object()},
                           {"spec", json::object()},
                           {"status", {{"loadBalancer", json::object()}}}},
                      {}};
      }
      KDUAL_TRACE("storage.go afterDelete", "the Service is deleted; what it held is released");
      ReleaseResources(svc);
      store_.erase(it);
      return ObjectAnswer(200, svc, {});
    }
    KDUAL_TRACE("store.go Delete",
                "the Service has finalizers: it is only marked for deletion "
                "(deletionTimestamp); its addresses and node ports stay allocated until an "
                "update removes the last finalizer");
    Service marked = it->second;
    bool changed = false;
    if (change_finalizers) {
      marked.raw["metadata"]["finalizers"] = finalizers;
      changed = true;
    }
    if (!IsBeingDeleted(marked)) {
      marked.raw["metadata"]["deletionTimestamp"] = "1970-01-01T00:00:00Z";
      marked.raw["metadata"]["deletionGracePeriodSeconds"] = 0;
      changed = true;
    }
    if (dry_run) {
      KDUAL_TRACE("store.go Delete", "dry run: the marked object is answered, not stored");
    } else if (changed) {
      marked.resource_version = std::to_string(next_resource_version_++);
      it->second = marked;
    }
    families::DefaultOnRead(marked, families_, profile_);
    return ObjectAnswer(200, marked, {});
  }
  if (dry_run) return DryRunDeleteAnswer(std::move(svc));
  KDUAL_TRACE("storage.go afterDelete", "the Service is deleted; what it held is released");
  ReleaseResources(svc);
  store_.erase(it);
  return ObjectAnswer(200, svc, {});
}

}  // namespace kdual::registry
