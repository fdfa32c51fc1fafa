// A Service create: handlers/create.go decoding and fieldValidation, the
// namespace and NamespaceLifecycle checks, then the store's create with
// storage.go beginCreate (allocation first, then validation).
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
#include "engine/validation/field_error.h"
#include "engine/validation/rest_validation.h"
#include "engine/validation/service_validation.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

Answer ServiceCluster::HandleCreate(const Request& req) {
  auto decoded = std::make_optional<api::DecodeResult>();
  if (auto bad = DecodeBody(req, req.body, json(), &*decoded)) return *bad;
  api::Service svc = std::move(decoded->service);
  // Admission (NamespaceLifecycle) runs before the registry: a create in a
  // namespace that does not exist is 404.
  if (!namespaces_.Exists(req.namespace_name)) {
    return FromStatusJson(validation::NotFoundStatus("namespaces", req.namespace_name));
  }
  defaults::SetDefaultsService(svc, profile_);
  // The field manager sees the decoded, defaulted object (create.go runs it
  // before admission and the registry): what the allocators add later is
  // owned by no one.
  svc.managed_fields.Clear();
  svc.managed_fields.DeferUpdate(UpdateManager(req), nullptr, api::EncodeService(svc));
  return CreateDecoded(std::move(svc), req.dry_run, std::move(decoded->warnings), true,
                       &req.namespace_name);
}

Answer ServiceCluster::CreateDecoded(Service svc, bool dry_run, std::vector<std::string> warnings,
                                     bool begin_create, const std::string* request_namespace) {
  const bool jv = json_values();
  // Store.create: metadata init as early as possible.
  svc.uid.clear();
  svc.creation_timestamp.clear();
  // rest.FillObjectMetaSystemFields (registry/rest/meta.go): a create
  // never starts deleted, whatever the client sent.
  if (svc.raw.contains("metadata") && svc.raw["metadata"].is_object()) {
    svc.raw["metadata"].erase("deletionTimestamp");
    svc.raw["metadata"].erase("deletionGracePeriodSeconds");
  }
  std::string requested_rv = svc.resource_version;
  // The name from generateName: made in Store.Create before BeginCreate from
  // 1.26; before, in rest.BeforeCreate, after allocation (whose errors then
  // name Service "").
  std::string generated_name;
  if (!svc.generate_name.empty() && svc.name.empty()) {
    // names.SimpleNameGenerator: prefix (cut to 58) + 5 random characters.
    static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string suffix;
    int64_t n = next_generated_name_++;
    for (int i = 0; i < 5; ++i) {
      suffix += kAlphabet[n % 27];
      n /= 27;
    }
    std::string prefix =
        svc.generate_name.substr(0, std::min<size_t>(svc.generate_name.size(), 58));
    generated_name = prefix + suffix;
    if (profile_.generate_name_before_begin_create) svc.name = generated_name;
  }
  svc.uid = UidFor(next_uid_++);
  svc.creation_timestamp = kCreationTimestamp;

  // BeginCreate.
  KDUAL_TRACE("storage.go beginCreate",
              "allocation comes first, before validation (since 1.23): an allocation "
              "error hides validation errors");
  if (!begin_create) {
    KDUAL_TRACE("storage.go NewREST",
                "the status store has no BeginCreate: no families are set and nothing is "
                "allocated");
  } else {
    families::NormalizeClusterIPs(svc, nullptr);
    if (auto el = families::InitIPFamilyFields(svc, nullptr, families_, profile_)) {
      return FromStatusJson(validation::InvalidStatus("Service", svc.name, *el, jv));
    }
  }
  IPTxn ip_txn;
  ip_txn.dry_run = dry_run;
  auto revert_ips = [&]() {
    for (const auto& [f, ip] : ip_txn.allocated) ReleaseIP(f, ip);
    ip_txn.allocated.clear();
  };
  // allocClusterIPs.
  if (begin_create && svc.type != api::kTypeExternalName &&
      !(!svc.cluster_ips.empty() && svc.cluster_ips[0] == api::kClusterIPNone)) {
    std::vector<std::pair<std::string, std::string>> to_alloc = FamiliesToAllocate(svc);
    std::map<std::string, std::string> allocated;
    auto err = AllocIPs(svc, to_alloc, dry_run, ip_allocs_, legacy_bitmaps_, profile_, &ip_txn,
                        &allocated, ExtraAllocators());
    for (const auto& ip : ip_txn.bitmap_kept) bitmap_kept_.insert(ip.ToString());
    if (err) {
      // AllocIPs keeps what the failing call took, as the server does (it
      // leaks until the repair loop runs); nothing else is held yet.
      revert_ips();
      err->warnings = warnings;
      return *err;
    }
    for (const auto& [fam, ip] : allocated) {
      for (size_t i = 0; i < svc.ip_families.size(); ++i) {
        if (svc.ip_families[i] == fam) {
          svc.cluster_ips[i] = ip;
          if (i == 0) svc.cluster_ip = ip;
        }
      }
    }
  }
  // txnAllocNodePorts.
  alloc::PortOperation port_op(ports_.get(), dry_run);
  auto fail = [&](Answer a) {
    port_op.Rollback();
    revert_ips();
    a.warnings = warnings;
    return a;
  };
  if (begin_create && NeedsNodePortType(svc)) {
    const std::set<int> requested = RequestedNodePorts(svc);
    std::map<int64_t, int64_t> svc_port_to_node_port;
    for (size_t i = 0; i < svc.ports.size(); ++i) {
      auto& sp = svc.ports[i];
      if (sp.node_port == 0 && !ShouldAllocateNodePorts(svc)) continue;
      int64_t allocated = svc_port_to_node_port.count(sp.port) ? svc_port_to_node_port[sp.port] : 0;
      std::string path = "spec.ports[" + std::to_string(i) + "].nodePort";
      if (allocated == 0) {
        int64_t np = 0;
        for (const auto& other : svc.ports) {
          if (other.port == sp.port && other.node_port != 0) {
            np = other.node_port;
            break;
          }
        }
        if (np != 0) {
          auto r = port_op.Allocate(static_cast<int>(np));
          if (!r.ok()) {
            ErrorList el = {validation::Invalid(path, FieldValue::Int(np), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
          sp.node_port = np;
          svc_port_to_node_port[sp.port] = np;
        } else {
          auto r = port_op.AllocateNext(&requested);
          if (!r.ok()) {
            return fail(FromStatusJson(NodePortAllocationFailedStatus(r.message)));
          }
          sp.node_port = r.value;
          svc_port_to_node_port[sp.port] = r.value;
        }
      } else if (sp.node_port != allocated) {
        if (sp.node_port == 0) {
          sp.node_port = allocated;
        } else {
          auto r = port_op.Allocate(static_cast<int>(sp.node_port));
          if (!r.ok()) {
            ErrorList el = {validation::Invalid(path, FieldValue::Int(sp.node_port), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
        }
      }
    }
  }
  if (begin_create && defaults::NeedsHealthCheck(svc)) {
    if (auto error = AllocateHealthCheckNodePort(port_op, svc)) return fail(FromStatusJson(*error));
  }

  // rest.BeforeCreate: PrepareForCreate (status = {}; dropServiceDisabledFields:
  // trafficDistribution while ServiceTrafficDistribution is off), the name
  // from generateName before 1.26, ValidateServiceCreate.
  if (!generated_name.empty() && svc.name.empty()) svc.name = generated_name;
  // 1.23 rest.BeforeCreate ValidNamespace: the handler did not check it.
  if (request_namespace != nullptr && !profile_.namespace_checked_by_handlers &&
      svc.namespace_name != *request_namespace) {
    return fail(FromStatusJson(validation::BadRequestStatus(
        "the namespace of the provided object does not match the namespace sent on the request")));
  }
  svc.raw["status"] = json::object();
  if (!profile_.traffic_distribution_enabled) svc.traffic_distribution.reset();
  if (!profile_.internal_traffic_policy_enabled) svc.internal_traffic_policy.reset();
  DropDeprecatedClusterName(svc, profile_.cluster_name_warning, &warnings);
  ErrorList errs = validation::ValidateCreate(svc, profile_);
  if (!errs.empty()) {
    KDUAL_TRACE("validation.go ValidateServiceCreate", std::to_string(errs.size()) +
                                                           " error(s), first " + errs[0].field +
                                                           ": the allocations are released");
    return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, errs, jv)));
  }
  KDUAL_TRACE("validation.go ValidateServiceCreate", "passes");
  auto w = validation::GetWarningsForService(svc, nullptr, profile_);
  warnings.insert(warnings.end(), w.begin(), w.end());

  // Storage.
  // The storage's create: a resourceVersion that reads as a number other
  // than 0 is refused before the key is tried (etcd3 store.go Create); a dry
  // run only looks the key up (DryRunnableStorage.Create).
  uint64_t rv_number = 0;
  std::string rv_error;
  if (!dry_run && ParseResourceVersion(requested_rv, &rv_number, &rv_error) && rv_number != 0) {
    KDUAL_TRACE("etcd3 store.go Create",
                "resourceVersion " + requested_rv + " on a create is refused");
    return fail(FromStatusJson(validation::UnknownErrorStatus(
        "resourceVersion should not be set on objects to be created")));
  }
  auto key = std::make_pair(svc.namespace_name, svc.name);
  if (auto existing = store_.find(key); existing != store_.end()) {
    KDUAL_TRACE("store.go create",
                "a Service of that name exists: AlreadyExists, the allocations are released");
    json status = validation::AlreadyExistsStatus(kResource, svc.name);
    // store.go create: the message says so when the existing object is
    // being deleted (a finalizer holds it).
    if (IsBeingDeleted(existing->second)) {
      status["message"] = "object is being deleted: " + status["message"].get<std::string>();
    }
    return fail(FromStatusJson(status));
  }
  port_op.Commit();
  if (dry_run) return DryRunCreateAnswer(std::move(svc), std::move(warnings));
  svc.resource_version = std::to_string(next_resource_version_++);
  store_[key] = svc;
  // The status store's create-on-update answers undecorated, as its updates.
  if (!begin_create) return StoredObjectAnswer(201, svc, std::move(warnings));
  return ObjectAnswer(201, svc, std::move(warnings));
}

}  // namespace kdual::registry
