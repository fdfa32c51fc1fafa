// A Service update (PUT, and the second half of every patch): decoding,
// create-on-update, the resourceVersion precondition, storage.go beginUpdate
// (patchAllocatedValues, family changes, txnUpdateClusterIPs and node
// ports), strategy.go PrepareForUpdate, ValidateServiceUpdate, then the
// write and the deferred releases.
#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/families/ip_families.h"
#include "engine/registry/cluster_ip_allocation.h"
#include "engine/registry/health_check_node_port.h"
#include "engine/registry/node_ports.h"
#include "engine/registry/service_internal.h"
#include "engine/registry/type_dependent_fields.h"
#include "engine/validation/field_error.h"
#include "engine/validation/rest_validation.h"
#include "engine/validation/service_validation.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

Answer ServiceCluster::HandleUpdate(const Request& req, const json& in_body, bool from_patch,
                                    const std::vector<std::string>& patch_strict_errors,
                                    const fieldmanager::Managers* applied) {
  const bool jv = json_values();
  auto decoded = std::make_optional<api::DecodeResult>();
  if (auto bad =
          DecodeBody(req, in_body, from_patch ? in_body : json(), &*decoded, patch_strict_errors)) {
    return *bad;
  }
  Service svc = std::move(decoded->service);
  std::vector<std::string> warnings = std::move(decoded->warnings);
  // The decoder's warnings go out with whatever the request is answered
  // (update.go adds them to the request's context before anything else).
  auto Refused = [&warnings](const json& status) {
    Answer a = FromStatusJson(status);
    a.warnings = warnings;
    return a;
  };
  // handlers checkName (update.go, patch.go): the object must name itself,
  // and as the URL does.
  if (svc.name.empty()) {
    return Refused(
        validation::BadRequestStatus("the name of the object (" + req.name +
                                     " based on URL) was undeterminable: name must be provided"));
  }
  if (svc.name != req.name) {
    return Refused(validation::BadRequestStatus("the name of the object (" + svc.name +
                                                ") does not match the name on the URL (" +
                                                req.name + ")"));
  }
  // 1.23: checkName's own namespace check (from 1.24 the handler refused a
  // different namespace before).
  if (!svc.namespace_name.empty() && svc.namespace_name != req.namespace_name) {
    return Refused(validation::BadRequestStatus(
        "the namespace of the object (" + svc.namespace_name +
        ") does not match the namespace on the request (" + req.namespace_name + ")"));
  }
  defaults::SetDefaultsService(svc, profile_);

  auto key = std::make_pair(req.namespace_name, req.name);
  auto it = store_.find(key);
  if (it == store_.end() && from_patch)
    return Refused(validation::NotFoundStatus(kResource, req.name));
  // The field manager's view (update.go, patch.go): the stored object
  // against the decoded, defaulted request; an apply brings its own. The
  // status subresource's managers are not kept (they own status fields,
  // which the main resource's writes reset).
  if (applied) {
    svc.managed_fields = fieldmanager::ManagedFields(*applied);
  } else if (it == store_.end()) {
    svc.managed_fields.Clear();
    svc.managed_fields.DeferUpdate(UpdateManager(req), nullptr, api::EncodeService(svc));
  } else {
    svc.managed_fields = it->second.managed_fields;
    if (req.subresource != "status") {
      svc.managed_fields.DeferUpdate(UpdateManager(req), api::EncodeService(it->second),
                                     api::EncodeService(svc));
    }
  }

  // store.go Update, in GuaranteedUpdate's order. A PUT's own uid is a
  // precondition on the stored object (defaultUpdatedObjectInfo.
  // Preconditions); a patch carries none (its uid is validated instead).
  const std::string stored_uid = it == store_.end() ? std::string() : it->second.uid;
  if (!from_patch && !svc.uid.empty() && svc.uid != stored_uid) {
    KDUAL_TRACE("store.go Update", "the request's uid is a precondition the stored object fails");
    return Refused(validation::ConflictStatus(
        kResource, req.name,
        // A dry run checks the precondition in DryRunnableStorage, on the
        // key before the etcd3 store prefixes it with /registry.
        "StorageError: invalid object, Code: 4, Key: " +
            std::string(req.dry_run ? "/services/specs/" : "/registry/services/specs/") +
            req.namespace_name + "/" + req.name +
            ", ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: " +
            svc.uid + ", UID in object meta: " + stored_uid));
  }
  if (it == store_.end() && !namespaces_.Exists(req.namespace_name)) {
    // The create-on-update is admitted as a create: NamespaceLifecycle.
    return Refused(validation::NotFoundStatus("namespaces", req.namespace_name));
  }
  uint64_t new_rv = 0;
  std::string rv_error;
  if (!ParseResourceVersion(svc.resource_version, &new_rv, &rv_error)) {
    // The versioner's error, returned as is: a 500 without a reason.
    return Refused(validation::UnknownErrorStatus(rv_error));
  }
  if (it == store_.end()) {
    // AllowCreateOnUpdate: a PUT of a missing Service creates it, its system
    // fields wiped first (rest.WipeObjectMetaSystemFields).
    svc.resource_version.clear();
    svc.uid.clear();
    svc.creation_timestamp.clear();
    if (svc.raw.contains("metadata") && svc.raw["metadata"].is_object()) {
      svc.raw["metadata"].erase("deletionTimestamp");
      svc.raw["metadata"].erase("deletionGracePeriodSeconds");
    }
    // Through the status subresource (AllowCreateOnUpdate comes from the
    // Service strategy it embeds) the create runs without BeginCreate: a
    // Service without cluster IPs, families or policy is stored.
    return CreateDecoded(std::move(svc), req.dry_run, std::move(warnings),
                         req.subresource != "status");
  }
  Service old = it->second;
  uint64_t old_rv = 0;
  ParseResourceVersion(old.resource_version, &old_rv, &rv_error);
  // resourceVersion 0 (or none) is an unconditional update for Services.
  if (new_rv != 0 && new_rv != old_rv) {
    return Refused(validation::ConflictStatus(
        kResource, req.name,
        "the object has been modified; please apply your changes to the latest version and try again"));
  }
  svc.resource_version = old.resource_version;
  if (req.subresource == "status") return UpdateStatus(req, std::move(svc), old, warnings);

  // BeginUpdate.
  KDUAL_TRACE("storage.go beginUpdate",
              "patchAllocatedValues: cluster IPs and node ports the request leaves out "
              "are kept from the stored object where the type still uses them");
  families::DefaultOnRead(old, families_, profile_);
  families::PatchAllocatedValues(svc, old, profile_);
  families::NormalizeClusterIPs(svc, &old);
  if (auto el = families::InitIPFamilyFields(svc, &old, families_, profile_)) {
    Answer a = FromStatusJson(validation::InvalidStatus("Service", svc.name, *el, jv));
    a.warnings = warnings;
    return a;
  }
  IPTxn ip_txn;
  auto revert_ips = [&]() {
    for (const auto& [f, ip] : ip_txn.allocated) ReleaseIP(f, ip);
    ip_txn.allocated.clear();
  };
  // updateClusterIPs.
  if (!families::IsMatchingPreferDualStackClusterIPFields(svc, &old)) {
    std::map<std::string, std::string> allocated;
    std::optional<Answer> err;
    bool old_headless = !old.cluster_ips.empty() && old.cluster_ips[0] == api::kClusterIPNone;
    if (old.type == api::kTypeExternalName && svc.type != api::kTypeExternalName) {
      if (!(!svc.cluster_ips.empty() && svc.cluster_ips[0] == api::kClusterIPNone)) {
        std::vector<std::pair<std::string, std::string>> to_alloc = FamiliesToAllocate(svc);
        err = AllocIPs(svc, to_alloc, req.dry_run, ip_allocs_, legacy_bitmaps_, profile_, &ip_txn,
                       &allocated, ExtraAllocators());
        for (const auto& ip : ip_txn.bitmap_kept) bitmap_kept_.insert(ip.ToString());
        if (!err) {
          for (const auto& [fam, ip] : allocated) {
            for (size_t i = 0; i < svc.ip_families.size(); ++i) {
              if (svc.ip_families[i] == fam) {
                svc.cluster_ips[i] = ip;
                if (i == 0) svc.cluster_ip = ip;
              }
            }
          }
        }
      }
    } else if (old_headless) {
      // headless: no ClusterIP management.
    } else if (old.type != api::kTypeExternalName && svc.type == api::kTypeExternalName) {
      for (size_t i = 0; i < old.ip_families.size() && i < old.cluster_ips.size(); ++i) {
        ip_txn.to_release.emplace_back(
            old.ip_families[i] == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6,
            old.cluster_ips[i]);
        KDUAL_TRACE("alloc.go txnUpdateClusterIPs",
                    "the type becomes ExternalName: " + old.ip_families[i] + " address " +
                        old.cluster_ips[i] + " is released once the update is stored");
      }
    } else if (old.ip_families.size() == 1 && svc.ip_families.size() == 2) {
      if (svc.cluster_ips.size() < 2) {
        svc.cluster_ips.push_back("");
        svc.cluster_ips_nil = false;
      }
      err = AllocIPs(svc, {{svc.ip_families[1], svc.cluster_ips[1]}}, req.dry_run, ip_allocs_,
                     legacy_bitmaps_, profile_, &ip_txn, &allocated, ExtraAllocators());
      for (const auto& ip : ip_txn.bitmap_kept) bitmap_kept_.insert(ip.ToString());
      if (!err) svc.cluster_ips[1] = allocated[svc.ip_families[1]];
    } else if (old.ip_families.size() == 2 && svc.ip_families.size() == 1 &&
               old.cluster_ips.size() > 1) {
      ip_txn.to_release.emplace_back(
          old.ip_families[1] == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6,
          old.cluster_ips[1]);
      KDUAL_TRACE("alloc.go txnUpdateClusterIPs",
                  "downgrade to single-stack: the secondary family " + old.ip_families[1] +
                      " and its address " + old.cluster_ips[1] +
                      " are trimmed (ipFamilies and clusterIPs keep " + old.ip_families[0] + " " +
                      (old.cluster_ips.empty() ? std::string() : old.cluster_ips[0]) +
                      "); the address is released once the update is stored");
    }
    if (err) {
      revert_ips();
      err->warnings = warnings;
      return *err;
    }
  }

  // txnUpdateNodePorts.
  alloc::PortOperation port_op(ports_.get(), req.dry_run);
  auto fail = [&](Answer a) {
    port_op.Rollback();
    revert_ips();
    a.warnings = warnings;
    return a;
  };
  if (NeedsNodePortType(old) &&
      (svc.type == api::kTypeExternalName || svc.type == api::kTypeClusterIP)) {
    for (auto p : CollectNodePorts(old)) {
      port_op.ReleaseDeferred(static_cast<int>(p));
      KDUAL_TRACE("alloc.go txnUpdateNodePorts",
                  "the type " + svc.type + " has no node ports: node port " + std::to_string(p) +
                      " is released once the update is stored");
    }
  }
  if (NeedsNodePortType(svc)) {
    const std::set<int> requested = RequestedNodePorts(svc);
    auto old_ports = CollectNodePorts(old);
    std::set<int64_t> allocated_here;
    std::vector<std::pair<std::string, int64_t>> new_node_ports;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      auto& sp = svc.ports[i];
      if (sp.node_port == 0 && !ShouldAllocateNodePorts(svc)) continue;
      std::pair<std::string, int64_t> np{sp.protocol, sp.node_port};
      if (np.second != 0) {
        if (std::find(old_ports.begin(), old_ports.end(), np.second) == old_ports.end() &&
            !allocated_here.count(np.second)) {
          auto r = port_op.Allocate(static_cast<int>(np.second));
          if (!r.ok()) {
            ErrorList el = {validation::Invalid("spec.ports[" + std::to_string(i) + "].nodePort",
                                                FieldValue::Int(np.second), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
          allocated_here.insert(np.second);
        }
      } else {
        auto r = port_op.AllocateNext(&requested);
        if (!r.ok()) {
          return fail(FromStatusJson(NodePortAllocationFailedStatus(r.message)));
        }
        sp.node_port = r.value;
        np.second = r.value;
      }
      if (std::find(new_node_ports.begin(), new_node_ports.end(), np) != new_node_ports.end()) {
        // A plain error: the handler answers 500 with the text.
        return fail(FromStatusJson(validation::UnknownErrorStatus(
            "duplicate nodePort: {" + np.first + " " + std::to_string(np.second) + "}")));
      }
      new_node_ports.push_back(np);
    }
    auto new_ports = CollectNodePorts(svc);
    for (auto p : old_ports) {
      if (std::find(new_ports.begin(), new_ports.end(), p) == new_ports.end()) {
        port_op.ReleaseDeferred(static_cast<int>(p));
        KDUAL_TRACE("alloc.go updateNodePorts",
                    "node port " + std::to_string(p) +
                        " is no longer used by any port: released once the update is "
                        "stored");
      }
    }
  }
  bool needed_hc = defaults::NeedsHealthCheck(old);
  bool needs_hc = defaults::NeedsHealthCheck(svc);
  if (!needed_hc && needs_hc) {
    if (auto error = AllocateHealthCheckNodePort(port_op, svc)) return fail(FromStatusJson(*error));
  } else if (needed_hc && !needs_hc) {
    port_op.ReleaseDeferred(static_cast<int>(old.health_check_node_port));
    KDUAL_TRACE("alloc.go updateHealthCheckNodePort",
                "the Service no longer needs a health check node port: " +
                    std::to_string(old.health_check_node_port) +
                    " is released once the update is stored");
  }

  // rest.BeforeUpdate.
  svc.raw["status"] = old.raw.contains("status") ? old.raw["status"] : json::object();
  // strategy.go dropServiceDisabledFields: trafficDistribution is dropped
  // while ServiceTrafficDistribution is off, unless the old object uses it.
  if (!profile_.traffic_distribution_enabled && !old.traffic_distribution)
    svc.traffic_distribution.reset();
  if (!profile_.internal_traffic_policy_enabled && !old.internal_traffic_policy)
    svc.internal_traffic_policy.reset();
  DropTypeDependentFields(svc, old, profile_);
  DropDeprecatedClusterName(svc, profile_.cluster_name_warning, &warnings);
  KeepSystemFieldsOnUpdate(svc, old);
  ErrorList errs = validation::ValidateUpdate(svc, old, profile_);
  KDUAL_TRACE("validation.go ValidateServiceUpdate",
              errs.empty() ? std::string("passes")
                           : std::to_string(errs.size()) + " error(s), first " + errs[0].field);
  if (!errs.empty())
    return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, errs, jv)));
  auto w = validation::GetWarningsForService(svc, &old, profile_);
  warnings.insert(warnings.end(), w.begin(), w.end());

  // Write and commit.
  port_op.Commit();
  if (req.dry_run) return DryRunUpdateAnswer(std::move(svc), std::move(warnings));
  for (const auto& [f, ip] : ip_txn.to_release) {
    auto parsed = net::ParseIPSloppy(ip);
    if (parsed.ok()) ReleaseIP(f, *parsed);
  }
  // GuaranteedUpdate skips the write (and keeps the resourceVersion) when
  // nothing changed.
  Service before = it->second;
  json a = api::EncodeService(before);
  json b = api::EncodeService(svc);
  if (a != b) svc.resource_version = std::to_string(next_resource_version_++);
  it->second = svc;
  if (IsBeingDeleted(svc) && !HasFinalizers(svc)) {
    // The last finalizer is gone: the store deletes the object now.
    ReleaseResources(svc);
    store_.erase(it);
  }
  return ObjectAnswer(200, svc, std::move(warnings));
}

}  // namespace kdual::registry
