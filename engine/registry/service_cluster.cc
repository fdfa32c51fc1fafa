// ServiceCluster: start-up (flags, allocators, ServiceCIDRs), restart,
// request dispatch, reads (get, list) and namespaces. Writes live in
// service_create.cc, service_update.cc, service_patch.cc and
// service_delete.cc, in the order of the server's flow:
//
// The request flow follows the pinned releases' sources:
//   create: handlers/create.go -> Store.create: metadata init (generateName),
//           BeginCreate (storage.go beginCreate: normalizeClusterIPs,
//           alloc.go allocateCreate: initIPFamilyFields, ClusterIPs, node
//           ports), rest.BeforeCreate (PrepareForCreate, ValidateServiceCreate),
//           storage create (AlreadyExists), finish (commit or revert),
//           Decorator (defaultOnRead).
//   update: Store.Update: create-on-update when missing (AllowCreateOnUpdate),
//           resourceVersion precondition, BeginUpdate (defaultOnRead(old),
//           patchAllocatedValues, normalizeClusterIPs, allocateUpdate),
//           rest.BeforeUpdate (PrepareForUpdate: status from old,
//           dropTypeDependentFields; ValidateServiceUpdate), write, finish.
//   delete: ReturnDeletedObject is true for Services in every pinned release,
//           so a delete answers 200 with the deleted object; afterDelete
//           releases ClusterIPs and node ports (not on dry-run).

#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/flags/controller_manager_flags.h"
#include "engine/flags/feature_gates.h"
#include "engine/flags/flag_names.h"
#include "engine/flags/kube_proxy_flags.h"
#include "engine/registry/field_selector.h"
#include "engine/registry/label_selector.h"
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

Result<std::unique_ptr<Cluster>> Cluster::Start(const flags::ComponentFlags& flags,
                                                const version::Profile& profile) {
  auto c = ServiceCluster::Create(flags, profile);
  if (!c.ok()) return c.status();
  return std::unique_ptr<Cluster>(std::move(c).value());
}

Result<std::unique_ptr<ServiceCluster>> ServiceCluster::Create(const flags::ComponentFlags& flags,
                                                               const version::Profile& profile) {
  std::unique_ptr<ServiceCluster> c(new ServiceCluster(profile));
  KDUAL_RETURN_IF_ERROR(c->Configure(flags));
  KDUAL_RETURN_IF_ERROR(c->EnsureKubernetesService());
  return c;
}

const alloc::ClusterIPAllocator* ServiceCluster::ip_allocator(net::Family f) const {
  auto it = ip_allocs_.find(f);
  return it == ip_allocs_.end() ? nullptr : it->second.get();
}

Status ServiceCluster::Configure(const flags::ComponentFlags& flags) {
  // Flag parsing (cobra/pflag) comes before the Service network checks: a
  // flag the release does not have stops the start first.
  KDUAL_RETURN_IF_ERROR(flags::CheckKubeApiserverFlagNames(flags, profile_.release));
  // Flag parsing (pflag) comes before the Service network checks.
  auto gated = flags::ApplyFeatureGates(flags, base_profile_);
  if (!gated.ok()) return gated.status();
  profile_ = *gated;
  auto net = flags::ParseServiceNetwork(flags, profile_);
  if (!net.ok()) return InvalidArgument(net.status().message());
  // MultiCIDRServiceAllocator switched on before it is GA (1.33), with its
  // networking.k8s.io API (v1alpha1, v1beta1 from 1.31) not enabled: the
  // repair controllers' post-start hook cannot list ServiceCIDRs and
  // IPAddresses, so the apiserver never becomes ready (pkg/controlplane
  // instance.go, registry/core/rest/storage_core.go). Captured on v1.29.15;
  // with a --runtime-config that enables the API it starts (not modelled).
  if (profile_.multi_cidr_forced_on && !flags.Get(flags::kApiserver, "runtime-config")) {
    if (!profile_.repair_check_in_post_start_hook) {
      // 1.27 pkg/controlplane/controller.go: the bootstrap controller's
      // first repair, klog.Fatalf.
      return InvalidArgument("Unable to perform initial IP and Port allocation check");
    }
    return InvalidArgument(
        "PostStartHook \"start-service-ip-repair-controllers\" failed: unable to perform initial "
        "IP and Port allocation check");
  }
  // kube-controller-manager starts once the apiserver is up; its refusal
  // stops the control plane as well.
  auto ipam = flags::ParseNodeIpamConfig(flags::LaunchedControllerManagerFlags(flags), profile_);
  if (!ipam.ok()) return InvalidArgument(ipam.status().message());
  // Node IPAM starts with the Nodes that exist (NewCIDRRangeAllocator):
  // one whose pod CIDRs it cannot occupy stops the controller manager.
  std::optional<nodeipam::RangeAllocator> allocator;
  if (ipam->allocate_node_cidrs) {
    auto created = nodeipam::RangeAllocator::Create(*ipam, nodes_.PodCidrs());
    if (!created.ok()) return flags::ControllerStartError(created.status().message(), profile_);
    allocator = std::move(created).value();
  }
  node_ipam_ = *ipam;
  // kube-proxy, when the case gives its flags, is checked last (it runs
  // beside the control plane, offline: local-cluster kube-proxy-config).
  if (auto proxy = flags.components.find(flags::kKubeProxy); proxy != flags.components.end()) {
    auto kp = flags::ParseKubeProxyConfig(proxy->second, profile_, std::nullopt);
    if (!kp.ok()) return InvalidArgument(kp.status().message());
  }
  // The controller then syncs every Node its informer lists (name order).
  node_allocator_ = std::move(allocator);
  for (const auto& node : nodes_.PodCidrs()) SyncNode(node.name);
  network_ = *net;
  families_.configured.clear();
  ip_allocs_.clear();
  auto mode = alloc::IPAllocatorModeFor(profile_);
  for (const auto& cidr : network_.service_cidrs) families_.configured.push_back(cidr.family());
  std::vector<net::Cidr> alloc_cidrs = network_.service_cidrs;
  if (profile_.multi_cidr_service_allocator) {
    // The default ServiceCIDR object outlives a restart
    // (controller/defaultservicecidr sync): created from the first flags,
    // later only upgraded from single- to dual-stack with the same primary;
    // other flag changes leave it as it was. Addresses come from it.
    const auto& flag_cidrs = network_.service_cidrs;
    if (default_service_cidrs_.empty()) {
      default_service_cidrs_ = flag_cidrs;
    } else if (flag_cidrs.size() == 2 && default_service_cidrs_.size() == 1 &&
               flag_cidrs[0] == default_service_cidrs_[0]) {
      default_service_cidrs_ = flag_cidrs;
    }
    alloc_cidrs = default_service_cidrs_;
    service_cidrs_.SetDefault(default_service_cidrs_, profile_);
  }
  for (const auto& cidr : alloc_cidrs) {
    // 1.33 also writes the bitmap of the flag's range, which only has a say
    // over addresses inside that range.
    bool from_flags = std::find(network_.service_cidrs.begin(), network_.service_cidrs.end(),
                                cidr) != network_.service_cidrs.end();
    auto m = (mode == alloc::IPAllocatorMode::kMetaDualWrite && !from_flags)
                 ? alloc::IPAllocatorMode::kMeta
                 : mode;
    ip_allocs_[cidr.family()] =
        std::make_unique<alloc::ClusterIPAllocator>(cidr, m, profile_.cluster_ip_static_subrange);
  }
  // 1.33's bitmaps: storage_core.go creates a key from the flag when etcd
  // has none and leaves a stored one as it is. Where a family's bitmap and
  // its ServiceCIDR part ways, the bitmap is modelled apart
  // (engine/alloc/legacy_bitmap.h) and the ServiceCIDR's allocator is the
  // IPAddress allocator alone.
  legacy_bitmaps_.clear();
  if (mode == alloc::IPAllocatorMode::kMetaDualWrite) {
    for (size_t k = 0; k < network_.service_cidrs.size() && k < 2; ++k) {
      const net::Cidr& flag = network_.service_cidrs[k];
      auto& stored = stored_bitmaps_[static_cast<int>(k)];
      if (!stored)
        stored = std::make_unique<alloc::ClusterIPAllocator>(flag, alloc::IPAllocatorMode::kBitmap);
      auto sc = ip_allocs_.find(flag.family());
      if (sc != ip_allocs_.end() && sc->second->cidr() == flag && stored->cidr() == flag) continue;
      legacy_bitmaps_[flag.family()] = alloc::LegacyBitmap{stored.get(), flag};
      if (sc != ip_allocs_.end() && sc->second->mode() == alloc::IPAllocatorMode::kMetaDualWrite) {
        sc->second = std::make_unique<alloc::ClusterIPAllocator>(sc->second->cidr(),
                                                                 alloc::IPAllocatorMode::kMeta);
      }
    }
  }
  ports_ = std::make_unique<alloc::PortAllocator>(network_.node_ports,
                                                  profile_.node_port_static_subrange);
  // Stored objects keep their addresses and ports (the allocations are
  // persisted; the repair loops re-add any that are in range).
  for (const auto& [key, svc] : store_) {
    if (svc.type != api::kTypeExternalName && !validation::IsHeadlessService(svc)) {
      for (const auto& ip : svc.cluster_ips) {
        auto parsed = net::ParseIPSloppy(ip);
        if (!parsed.ok()) continue;
        auto it = ip_allocs_.find(parsed->family());
        if (it != ip_allocs_.end()) (void)it->second->Allocate(*parsed);
        // A bitmap that serves again holds what the stored Services hold
        // (it was written beside them), besides what it kept of its own.
        auto lb = legacy_bitmaps_.find(parsed->family());
        if (lb != legacy_bitmaps_.end() && !lb->second.stale())
          (void)lb->second.stored->Allocate(*parsed);
      }
    }
    for (auto p : CollectNodePorts(svc)) (void)ports_->Allocate(static_cast<int>(p));
    if (defaults::NeedsHealthCheck(svc) && svc.health_check_node_port > 0) {
      (void)ports_->Allocate(static_cast<int>(svc.health_check_node_port));
    }
  }
  // So do the addresses clients' IPAddress objects reserve.
  for (const auto& ip : ip_addresses_.Reserved()) ReserveAddress(ip);
  return Status::Ok();
}

Status ServiceCluster::Restart(const flags::ComponentFlags& flags) {
  KDUAL_RETURN_IF_ERROR(Configure(flags));
  return EnsureKubernetesService();
}

Answer ServiceCluster::Handle(const Request& in_request) {
  Answer a = HandleRequest(in_request);
  // The service-cidr-controller looks again at the ServiceCIDRs being
  // deleted whenever an address is freed (an IPAddress delete event).
  if (released_since_sync_) {
    released_since_sync_ = false;
    service_cidrs_.Sync(AddressesInUse());
  }
  return a;
}

Answer ServiceCluster::HandleRequest(const Request& in_request) {
  // ServerSideFieldValidation off (before 1.25): the handlers decode every
  // write as fieldValidation=Ignore, whatever the request asks
  // (apiserver pkg/endpoints/handlers/rest.go fieldValidation).
  std::optional<Request> ignoring;
  if (!profile_.server_side_field_validation &&
      in_request.field_validation != FieldValidation::kIgnore &&
      (in_request.op == Op::kCreate || in_request.op == Op::kUpdate ||
       in_request.op == Op::kPatch || in_request.op == Op::kApply)) {
    ignoring = in_request;
    ignoring->field_validation = FieldValidation::kIgnore;
  }
  const Request& request = ignoring ? *ignoring : in_request;
  try {
    if (request.resource == Resource::kNamespaces) return HandleNamespace(request);
    if (request.resource == Resource::kNodes) return HandleNode(request);
    if (request.resource == Resource::kServiceCIDRs) return HandleServiceCIDR(request);
    if (request.resource == Resource::kIPAddresses) return HandleIPAddress(request);
    switch (request.op) {
      case Op::kCreate: return HandleCreate(request);
      case Op::kGet: return HandleGet(request);
      case Op::kList: return HandleList(request);
      case Op::kDelete: return HandleDelete(request);
      case Op::kUpdate: return HandleUpdate(request, request.body, false);
      case Op::kPatch: return HandlePatch(request);
      case Op::kApply: return HandleApply(request);
      case Op::kWait: return FromStatusJson(validation::BadRequestStatus("op wait is for Nodes"));
    }
  } catch (const std::exception& e) {
    return FromStatusJson(
        validation::InternalErrorStatus(std::string("kdual engine: ") + e.what()));
  }
  return FromStatusJson(validation::InternalErrorStatus("kdual engine: unknown operation"));
}

std::unique_ptr<Cluster> ServiceCluster::Clone() const {
  auto copy = std::make_unique<ServiceCluster>(*this);
  // The legacy bitmaps point into stored_bitmaps_: into the copy's own.
  for (auto& [family, legacy] : copy->legacy_bitmaps_) {
    for (const auto& [key, stored] : stored_bitmaps_) {
      if (legacy.stored == stored.get()) legacy.stored = copy->stored_bitmaps_.at(key).get();
    }
  }
  return copy;
}

Answer ServiceCluster::ObjectAnswer(int code, Service svc,
                                    std::vector<std::string> warnings) const {
  families::DefaultOnRead(svc, families_, profile_);
  return StoredObjectAnswer(code, std::move(svc), std::move(warnings));
}

Answer ServiceCluster::StoredObjectAnswer(int code, const Service& svc,
                                          std::vector<std::string> warnings) const {
  Answer a;
  a.code = code;
  a.body = api::EncodeService(svc);
  a.warnings = std::move(warnings);
  return a;
}

Answer ServiceCluster::HandleGet(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  if (req.subresource == "status") return StoredObjectAnswer(200, it->second, {});
  return ObjectAnswer(200, it->second, {});
}

Answer ServiceCluster::HandleNamespace(const Request& req) {
  switch (req.op) {
    case Op::kCreate:
      return namespaces_.Create(req.body, req.dry_run, profile_.dns_label_dots_message);
    case Op::kGet: return namespaces_.Get(req.name);
    case Op::kList: return namespaces_.List();
    case Op::kDelete: {
      Answer a = namespaces_.Delete(req.name, req.dry_run);
      if (a.is_error() || req.dry_run) return a;
      // The namespace controller's work, done at once: every Service in it
      // is deleted and its addresses and node ports released.
      KDUAL_TRACE("namespace controller",
                  "namespace " + req.name +
                      " deleted: its Services are deleted and their cluster IPs and node "
                      "ports released");
      for (auto it = store_.begin(); it != store_.end();) {
        if (it->first.first == req.name) {
          ReleaseResources(it->second);
          it = store_.erase(it);
        } else {
          ++it;
        }
      }
      return a;
    }
    default:
      return FromStatusJson(validation::UnknownErrorStatus(
          std::string("the kdual engine models create, get, list and delete of namespaces, not ") +
          OpName(req.op)));
  }
}

// The store lists in etcd key order, /registry/services/specs/<ns>/<name>:
// byte order of "ns/name", which is not (ns, name) order ("a-b" sorts
// before "a/"), so the keys are compared as the store's strings.
Answer ServiceCluster::HandleList(const Request& req) {
  // handlers/get.go ListResource: the query decodes into ListOptions (the
  // label selector parsed first, then the field selector), then the field
  // selector's labels are converted for the kind; any error is a 400.
  auto labels = LabelSelector::Parse(req.label_selector, profile_);
  if (!labels.ok()) return FromStatusJson(validation::BadRequestStatus(labels.status().message()));
  auto fields = FieldSelector::ParseForServices(req.field_selector, profile_);
  if (!fields.ok()) return FromStatusJson(validation::BadRequestStatus(fields.status().message()));
  std::vector<std::pair<std::string, const Service*>> keyed;
  for (const auto& [key, svc] : store_) {
    if (!req.namespace_name.empty() && key.first != req.namespace_name) continue;
    if (!labels->Matches(svc.labels)) continue;
    // strategy.go SelectableFields: the object meta fields, and from 1.31
    // spec.clusterIP and spec.type (only reachable where the conversion
    // let them through).
    std::map<std::string, std::string> selectable = {{"metadata.name", svc.name},
                                                     {"metadata.namespace", svc.namespace_name},
                                                     {"spec.clusterIP", svc.cluster_ip},
                                                     {"spec.type", svc.type}};
    if (!fields->Matches(selectable)) continue;
    keyed.emplace_back(key.first + "/" + key.second, &svc);
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json items = json::array();
  // Items carry no kind and apiVersion: the list's TypeMeta is the only one
  // the encoder writes (the internal items convert without theirs).
  for (const auto& entry : keyed) {
    json item = ObjectAnswer(200, *entry.second, {}).body;
    item.erase("kind");
    item.erase("apiVersion");
    items.push_back(std::move(item));
  }
  Answer a;
  a.code = 200;
  a.body = {{"apiVersion", "v1"},
            {"kind", "ServiceList"},
            {"metadata", {{"resourceVersion", std::to_string(next_resource_version_ - 1)}}},
            {"items", std::move(items)}};
  return a;
}

Answer ServiceCluster::HandleNode(const Request& req) {
  switch (req.op) {
    case Op::kCreate: {
      std::string created;
      Answer a = nodes_.Create(req.body, req.dry_run, profile_, &created);
      if (!created.empty()) SyncNode(created);
      return a;
    }
    case Op::kGet: return nodes_.Get(req.name);
    case Op::kList: return nodes_.List();
    case Op::kWait: return nodes_.Wait(req.name, req.wait_for);
    case Op::kDelete: {
      nodeipam::NodePodCidrs gone;
      Answer a = nodes_.Delete(req.name, req.dry_run, &gone);
      // The informer's delete handler releases the Node's CIDRs at once.
      if (!a.is_error() && !req.dry_run && node_allocator_) (void)node_allocator_->Release(gone);
      return a;
    }
    default:
      return FromStatusJson(validation::UnknownErrorStatus(
          std::string("kdual engine: ") + OpName(req.op) + " of a Node is not modelled"));
  }
}

void ServiceCluster::SyncNode(const std::string& name) {
  if (!node_allocator_) {
    KDUAL_TRACE("node_ipam_controller.go", "node IPAM is off (no --allocate-node-cidrs): Node " +
                                               name +
                                               " gets no pod CIDRs from the controller manager");
    return;
  }
  nodeipam::NodePodCidrs before = nodes_.PodCidrsOf(name);
  nodeipam::SyncResult r = node_allocator_->Sync(before);
  if (!before.pod_cidrs.empty()) {
    KDUAL_TRACE("range_allocator.go occupyCIDRs",
                r.error.empty()
                    ? "Node " + name + " brings its pod CIDRs; they are marked used"
                    : "Node " + name +
                          " keeps its pod CIDRs; marking them used failed (logged): " + r.error);
  }
  if (!r.assigned.empty()) {
    std::string list;
    for (const auto& c : r.assigned) list += (list.empty() ? "" : ", ") + c;
    KDUAL_TRACE("range_allocator.go AllocateOrOccupyCIDR",
                "Node " + name + " gets " + list +
                    " (the next free node CIDR of each cluster CIDR, in --cluster-cidr order)");
    nodes_.SetPodCidrs(name, r.assigned);
  }
  if (!r.event_reason.empty()) {
    KDUAL_TRACE("range_allocator.go AllocateOrOccupyCIDR",
                r.error + "; event " + r.event_reason + " on Node " + name);
    nodes_.RecordEvent(name, "Normal", r.event_reason,
                       "Node " + name + " status is now: " + r.event_reason);
  }
}

}  // namespace kdual::registry
