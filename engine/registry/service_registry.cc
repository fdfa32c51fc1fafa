#include "engine/registry/service_registry.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <optional>
#include <set>

#include "engine/base/go_format.h"
#include "engine/base/trace.h"
#include "engine/defaults/service_defaults.h"
#include "engine/flags/feature_gates.h"
#include "engine/flags/flag_names.h"
#include "engine/validation/field_error.h"
#include "engine/validation/rest_validation.h"
#include "engine/validation/service_validation.h"

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
//   delete: ReturnDeletedObject is true for Services in all three releases,
//           so a delete answers 200 with the deleted object; afterDelete
//           releases ClusterIPs and node ports (not on dry-run).

namespace kdual::registry {
namespace {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

constexpr const char* kResource = "services";
constexpr const char* kCreationTimestamp = "2024-01-01T00:00:00Z";

Answer FromStatusJson(const json& status, std::vector<std::string> warnings = {}) {
  Answer a;
  a.code = status.value("code", 500);
  a.body = status;
  a.warnings = std::move(warnings);
  return a;
}

std::string UidFor(int64_t n) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "6b1d2c3e-0000-4000-8000-%012llx", static_cast<unsigned long long>(n));
  return buf;
}

FieldValue ClusterIPsValue(const Service& s) {
  return FieldValue::List(s.cluster_ips, "[]string", s.cluster_ips_nil && s.cluster_ips.empty());
}

bool NeedsNodePortType(const Service& s) {
  return s.type == api::kTypeNodePort || s.type == api::kTypeLoadBalancer;
}

bool ShouldAllocateNodePorts(const Service& s) {
  if (s.type == api::kTypeNodePort) return true;
  if (s.type == api::kTypeLoadBalancer) return s.allocate_load_balancer_node_ports.value_or(true);
  return false;
}

// The node ports a request names itself (ports and healthCheckNodePort):
// the engine's deterministic pick avoids them, as the server's random pick
// almost always does, so a later port asking for one is not refused.
std::set<int> RequestedNodePorts(const Service& s) {
  std::set<int> out;
  for (const auto& p : s.ports) {
    if (p.node_port != 0) out.insert(static_cast<int>(p.node_port));
  }
  if (s.health_check_node_port != 0) out.insert(static_cast<int>(s.health_check_node_port));
  return out;
}

std::vector<int64_t> CollectNodePorts(const Service& s) {
  std::vector<int64_t> out;
  for (const auto& p : s.ports) {
    if (p.node_port != 0) out.push_back(p.node_port);
  }
  return out;
}

// strategy.go dropTypeDependentFields (update only).
void DropTypeDependentFields(Service& svc, const Service& old) {
  auto needs_cluster_ip = [](const Service& s) { return s.type != api::kTypeExternalName; };
  if (needs_cluster_ip(old) && !needs_cluster_ip(svc)) {
    // strategy.go sameClusterIPs compares the singular and the plural.
    if (old.cluster_ip == svc.cluster_ip && old.cluster_ips == svc.cluster_ips) {
      svc.cluster_ip.clear();
      svc.cluster_ips.clear();
      svc.cluster_ips_nil = true;
    }
    if (old.ip_families == svc.ip_families) {
      svc.ip_families.clear();
      svc.ip_families_nil = true;
    }
    if (old.ip_family_policy.value_or("") == svc.ip_family_policy.value_or("")) svc.ip_family_policy.reset();
  }
  if (NeedsNodePortType(old) && !NeedsNodePortType(svc)) {
    std::set<int64_t> o, n;
    for (auto p : CollectNodePorts(old)) o.insert(p);
    for (auto p : CollectNodePorts(svc)) n.insert(p);
    if (std::includes(o.begin(), o.end(), n.begin(), n.end())) {
      for (auto& p : svc.ports) p.node_port = 0;
    }
  }
  if (defaults::NeedsHealthCheck(old) && !defaults::NeedsHealthCheck(svc) &&
      old.health_check_node_port == svc.health_check_node_port) {
    svc.health_check_node_port = 0;
  }
  if (old.type == api::kTypeLoadBalancer && svc.type != api::kTypeLoadBalancer) {
    if (svc.allocate_load_balancer_node_ports && old.allocate_load_balancer_node_ports &&
        *svc.allocate_load_balancer_node_ports == *old.allocate_load_balancer_node_ports) {
      svc.allocate_load_balancer_node_ports.reset();
    }
    if (old.load_balancer_class == svc.load_balancer_class) svc.load_balancer_class.reset();
  }
  if (defaults::ExternallyAccessible(old) && !defaults::ExternallyAccessible(svc) &&
      old.external_traffic_policy == svc.external_traffic_policy) {
    svc.external_traffic_policy.clear();
  }
  if (svc.type != api::kTypeLoadBalancer && svc.raw.contains("status")) {
    svc.raw["status"]["loadBalancer"] = json::object();
  }
}

// The ClusterIP half of an allocation transaction.
struct IPTxn {
  std::vector<std::pair<net::Family, net::IPAddress>> allocated;
  std::vector<std::pair<net::Family, std::string>> to_release;
  bool dry_run = false;
};

// A strategic merge patch for a Service (see HandlePatch).
// A JSON value as Go's %v prints the interface{} json.Unmarshal made of it:
// map[k:v ...] with sorted keys, [a b] for lists, numbers as float64's %v
// (as int64's with `preserve_ints`, as kjson.UnmarshalStrict decodes them).
std::string GoValueText(const json& v, bool preserve_ints = false) {
  if (v.is_object()) {
    std::string out = "map[";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {  // nlohmann keeps keys sorted, as fmt sorts them
      if (!first) out += " ";
      first = false;
      out += it.key() + ":" + GoValueText(it.value(), preserve_ints);
    }
    return out + "]";
  }
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + GoValueText(v[i], preserve_ints);
    return out + "]";
  }
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "<nil>";
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  // Decoded with PreserveInts (the strict decoders), an integer is an int64.
  if (preserve_ints && (v.is_number_integer() || v.is_number_unsigned())) return v.dump();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v.get<double>());  // %v of a float64 is %g
  return buf;
}

// strategicpatch normalizeElementOrder without $setElementOrder: the merged
// ports split into those the patch names (in patch order) and the others
// (in the original's order), then interleaved as mergeSortedSlice does:
// an original element goes first only while both it and the next patch
// element were in the original and it came earlier there; so new elements
// come before the original ones still waiting.
json NormalizeElementOrder(const json& merged, const json& patch, const json& original) {
  auto index_in = [](const json& list, const json& item) -> long {
    if (!item.is_object() || !item.contains("port")) return -1;
    for (size_t i = 0; i < list.size(); ++i) {
      if (list[i].is_object() && list[i].contains("port") && list[i]["port"] == item["port"]) return static_cast<long>(i);
    }
    return -1;
  };
  std::vector<json> patch_items, server_only;
  for (const auto& m : merged) (index_in(patch, m) >= 0 ? patch_items : server_only).push_back(m);
  std::stable_sort(patch_items.begin(), patch_items.end(),
                   [&](const json& a, const json& b) { return index_in(patch, a) < index_in(patch, b); });
  std::stable_sort(server_only.begin(), server_only.end(),
                   [&](const json& a, const json& b) { return index_in(original, a) < index_in(original, b); });
  json out = json::array();
  size_t i = 0, j = 0;
  while (i < server_only.size() || j < patch_items.size()) {
    if (j >= patch_items.size()) {
      out.push_back(server_only[i++]);
    } else if (i >= server_only.size()) {
      out.push_back(patch_items[j++]);
    } else {
      long li = index_in(original, server_only[i]), ri = index_in(original, patch_items[j]);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push_back(server_only[i++]);
      } else {
        out.push_back(patch_items[j++]);
      }
    }
  }
  return out;
}

// The strategic merge of a Service. `*error` is set, and the result is not
// to be used, when a spec.ports element of the patch lacks the merge key:
// strategicpatch's mergeSlice returns mergepatch.ErrNoMergeKey, which the
// patch handler answers with a plain 500.
json StrategicMerge(const json& current, const json& patch, std::string* error, const std::string& path = "") {
  if (!patch.is_object()) return patch;
  json out = current.is_object() ? current : json::object();
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    const std::string child = path.empty() ? it.key() : path + "." + it.key();
    if (it.key() == "$patch") continue;
    if (it->is_null()) {
      out.erase(it.key());
    } else if (child == "spec.ports" && it->is_array() && out.contains("ports") && out["ports"].is_array()) {
      json merged = out["ports"];
      bool replace = false;
      for (const auto& e : *it) {
        if (e.is_object() && e.value("$patch", "") == "replace") replace = true;
      }
      if (replace) {
        merged = json::array();
        for (const auto& e : *it) {
          if (!(e.is_object() && e.contains("$patch"))) merged.push_back(e);
        }
      } else {
        for (const auto& e : *it) {
          if (e.is_object() && !e.contains("port")) {
            *error = "map: " + GoValueText(e) + " does not contain declared merge key: port";
            return out;
          }
          if (!e.is_object()) {
            merged.push_back(e);
            continue;
          }
          auto found = std::find_if(merged.begin(), merged.end(), [&](const json& m) {
            return m.is_object() && m.contains("port") && m["port"] == e["port"];
          });
          if (e.value("$patch", "") == "delete") {
            if (found != merged.end()) merged.erase(found);
          } else if (found != merged.end()) {
            *found = StrategicMerge(*found, e, error, child + "[]");
          } else {
            json clean = e;
            clean.erase("$patch");
            merged.push_back(clean);
          }
        }
        merged = NormalizeElementOrder(merged, *it, out["ports"]);
      }
      out["ports"] = merged;
    } else if (it->is_object()) {
      out[it.key()] = StrategicMerge(out.contains(it.key()) ? out[it.key()] : json::object(), *it, error, child);
      if (!error->empty()) return out;
    } else {
      out[it.key()] = *it;
    }
  }
  return out;
}

}  // namespace

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
  }
  for (const auto& cidr : alloc_cidrs) {
    // 1.33 also writes the bitmap of the flag's range, which only has a say
    // over addresses inside that range.
    bool from_flags = std::find(network_.service_cidrs.begin(), network_.service_cidrs.end(), cidr) !=
                      network_.service_cidrs.end();
    auto m = (mode == alloc::IPAllocatorMode::kMetaDualWrite && !from_flags) ? alloc::IPAllocatorMode::kMeta : mode;
    ip_allocs_[cidr.family()] = std::make_unique<alloc::ClusterIPAllocator>(cidr, m);
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
      if (!stored) stored = std::make_unique<alloc::ClusterIPAllocator>(flag, alloc::IPAllocatorMode::kBitmap);
      auto sc = ip_allocs_.find(flag.family());
      if (sc != ip_allocs_.end() && sc->second->cidr() == flag && stored->cidr() == flag) continue;
      legacy_bitmaps_[flag.family()] = alloc::LegacyBitmap{stored.get(), flag};
      if (sc != ip_allocs_.end() && sc->second->mode() == alloc::IPAllocatorMode::kMetaDualWrite) {
        sc->second = std::make_unique<alloc::ClusterIPAllocator>(sc->second->cidr(), alloc::IPAllocatorMode::kMeta);
      }
    }
  }
  ports_ = std::make_unique<alloc::PortAllocator>(network_.node_ports, profile_.node_port_static_subrange);
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
        if (lb != legacy_bitmaps_.end() && !lb->second.stale()) (void)lb->second.stored->Allocate(*parsed);
      }
    }
    for (auto p : CollectNodePorts(svc)) (void)ports_->Allocate(static_cast<int>(p));
    if (defaults::NeedsHealthCheck(svc) && svc.health_check_node_port > 0) {
      (void)ports_->Allocate(static_cast<int>(svc.health_check_node_port));
    }
  }
  return Status::Ok();
}

Status ServiceCluster::EnsureKubernetesService() {
  if (store_.count({"default", "kubernetes"})) return Status::Ok();
  // pkg/controlplane/controller/kubernetesservice: created through the API
  // with a fixed clusterIP (the first address of the primary range).
  json body = {{"apiVersion", "v1"},
               {"kind", "Service"},
               {"metadata",
                {{"name", "kubernetes"},
                 {"namespace", "default"},
                 {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
               {"spec",
                {{"clusterIP", network_.kubernetes_service_ip.ToString()},
                 {"ipFamilyPolicy", "SingleStack"},
                 {"sessionAffinity", "None"},
                 {"type", network_.kubernetes_service_node_port > 0 ? "NodePort" : "ClusterIP"},
                 {"ports", json::array({{{"name", "https"},
                                         {"port", 443},
                                         {"protocol", "TCP"},
                                         {"targetPort", 6443}}})}}}};
  if (network_.kubernetes_service_node_port > 0) {
    body["spec"]["ports"][0]["nodePort"] = network_.kubernetes_service_node_port;
  }
  Request req;
  req.op = Op::kCreate;
  req.namespace_name = "default";
  req.body = body;
  Answer a = HandleCreate(req);
  // controller/kubernetesservice Start: the first sync failing is fatal
  // ("unable to sync kubernetes service: %v"); in 1.37 an IPv6 primary range
  // shorter than /64 gets there, because the IPAddress allocator refuses it
  // and the static address then matches no range.
  if (a.is_error() && a.body.is_object() && a.body.contains("message") && a.body["message"].is_string()) {
    return InvalidArgument("unable to sync kubernetes service: " + a.body["message"].get<std::string>());
  }
  return Status::Ok();
}

Status ServiceCluster::Restart(const flags::ComponentFlags& flags) {
  KDUAL_RETURN_IF_ERROR(Configure(flags));
  return EnsureKubernetesService();
}

Answer ServiceCluster::Handle(const Request& request) {
  try {
    if (request.resource == Resource::kNamespaces) return HandleNamespace(request);
    switch (request.op) {
      case Op::kCreate: return HandleCreate(request);
      case Op::kGet: return HandleGet(request);
      case Op::kList: return HandleList(request);
      case Op::kDelete: return HandleDelete(request);
      case Op::kUpdate: return HandleUpdate(request, request.body, false);
      case Op::kPatch: return HandlePatch(request);
      case Op::kApply:
        return FromStatusJson(validation::UnknownErrorStatus(
            "server-side apply is not modelled by the kdual engine yet"));
    }
  } catch (const std::exception& e) {
    return FromStatusJson(validation::InternalErrorStatus(std::string("kdual engine: ") + e.what()));
  }
  return FromStatusJson(validation::InternalErrorStatus("kdual engine: unknown operation"));
}

Answer ServiceCluster::ObjectAnswer(int code, Service svc, std::vector<std::string> warnings) const {
  families::DefaultOnRead(svc, families_);
  Answer a;
  a.code = code;
  a.body = api::EncodeService(svc);
  a.warnings = std::move(warnings);
  return a;
}

Answer ServiceCluster::HandleGet(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  return ObjectAnswer(200, it->second, {});
}

Answer ServiceCluster::HandleNamespace(const Request& req) {
  switch (req.op) {
    case Op::kCreate: return namespaces_.Create(req.body, req.dry_run);
    case Op::kGet: return namespaces_.Get(req.name);
    case Op::kList: return namespaces_.List();
    case Op::kDelete: {
      Answer a = namespaces_.Delete(req.name, req.dry_run);
      if (a.is_error() || req.dry_run) return a;
      // The namespace controller's work, done at once: every Service in it
      // is deleted and its addresses and node ports released.
      KDUAL_TRACE("namespace controller", "namespace " + req.name +
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
  std::vector<std::pair<std::string, const Service*>> keyed;
  for (const auto& [key, svc] : store_) {
    if (!req.namespace_name.empty() && key.first != req.namespace_name) continue;
    keyed.emplace_back(key.first + "/" + key.second, &svc);
  }
  std::sort(keyed.begin(), keyed.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  json items = json::array();
  for (const auto& entry : keyed) items.push_back(ObjectAnswer(200, *entry.second, {}).body);
  Answer a;
  a.code = 200;
  a.body = {{"apiVersion", "v1"},
            {"kind", "ServiceList"},
            {"metadata", {{"resourceVersion", std::to_string(next_resource_version_ - 1)}}},
            {"items", std::move(items)}};
  return a;
}

namespace {

const json* MetaField(const Service& svc, const char* key) {
  auto m = svc.raw.find("metadata");
  if (m == svc.raw.end() || !m->is_object()) return nullptr;
  auto it = m->find(key);
  if (it == m->end() || it->is_null()) return nullptr;
  return &*it;
}

bool HasFinalizers(const Service& svc) {
  const json* f = MetaField(svc, "finalizers");
  return f != nullptr && f->is_array() && !f->empty();
}

bool IsBeingDeleted(const Service& svc) { return MetaField(svc, "deletionTimestamp") != nullptr; }

}  // namespace

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
  if (svc.type != api::kTypeExternalName && !(svc.cluster_ips.size() > 0 && svc.cluster_ips[0] == api::kClusterIPNone)) {
    for (const auto& ip : svc.cluster_ips) {
      auto parsed = net::ParseIPSloppy(ip);
      if (!parsed.ok()) continue;
      ReleaseIP(parsed->family(), *parsed);
      KDUAL_TRACE("alloc.go releaseAllocatedResources",
                  std::string(parsed->family() == net::Family::kIPv4 ? "IPv4" : "IPv6") + " address " + ip +
                      " released");
    }
  }
  for (auto p : CollectNodePorts(svc)) {
    ports_->Release(static_cast<int>(p));
    KDUAL_TRACE("alloc.go releaseAllocatedResources", "node port " + std::to_string(p) + " released");
  }
  if (defaults::NeedsHealthCheck(svc) && svc.health_check_node_port > 0) {
    ports_->Release(static_cast<int>(svc.health_check_node_port));
    KDUAL_TRACE("alloc.go releaseAllocatedResources",
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
      KDUAL_TRACE("store.go Delete", "the Service has finalizers: it is only marked for deletion "
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
    KDUAL_TRACE("store.go Delete", "dry run: nothing is deleted or released");
  }
  return ObjectAnswer(200, svc, {});
}

namespace {

// The namespace check of the create and update handlers
// (rest.EnsureObjectNamespaceMatchesRequestNamespace).
std::optional<Answer> CheckNamespace(json& body, const std::string& ns) {
  if (!body.is_object()) return std::nullopt;
  if (!body.contains("metadata") || !body["metadata"].is_object()) {
    if (body.contains("metadata") && !body["metadata"].is_null()) return std::nullopt;  // decode error later
    body["metadata"] = json::object();
  }
  json& meta = body["metadata"];
  if (!meta.contains("namespace") || meta["namespace"].is_null() ||
      (meta["namespace"].is_string() && meta["namespace"].get<std::string>().empty())) {
    meta["namespace"] = ns;
    return std::nullopt;
  }
  if (meta["namespace"].is_string() && meta["namespace"].get<std::string>() != ns) {
    return FromStatusJson(validation::BadRequestStatus(
        "the namespace of the provided object does not match the namespace sent on the request"));
  }
  return std::nullopt;
}

}  // namespace

// What ?fieldValidation= makes of the unknown fields the decoder found
// (apiserver pkg/endpoints/handlers create.go, update.go, patch.go):
// Warn (and no parameter) turns each into a warning, Ignore drops them, and
// Strict refuses the request. A create or update is refused as the decode
// error it is (transformDecodeError: 400 "Service in version "v1" cannot be
// handled as a Service: strict decoding error: ..."); a patch as an Invalid
// `patch` field whose value is the strategic patch as Go's %+v prints the map
// (applyPatchToObject), or the patched object's JSON for merge and JSON
// patches (jsonPatcher.applyPatchToCurrentObject). The server's patched JSON
// carries its own uid, timestamps and managedFields; the engine's carries
// what it stores, so only the message's tail is exact there.
std::optional<Answer> ServiceCluster::ApplyFieldValidation(const Request& req, const json& patched,
                                                           std::vector<std::string>* unknown_fields) const {
  if (unknown_fields->empty()) return std::nullopt;
  if (req.field_validation == FieldValidation::kIgnore) {
    unknown_fields->clear();
    return std::nullopt;
  }
  // Server-side apply refuses unknown fields through its typed converter
  // with other words; not modelled, so apply keeps the warnings.
  if (req.field_validation != FieldValidation::kStrict || req.op == Op::kApply) return std::nullopt;
  std::string strict = "strict decoding error: ";
  for (size_t i = 0; i < unknown_fields->size(); ++i) strict += (i ? ", " : "") + (*unknown_fields)[i];
  if (req.op == Op::kCreate || req.op == Op::kUpdate) {
    KDUAL_TRACE("create.go/update.go", "fieldValidation=Strict: the decoder's unknown fields refuse the request");
    return FromStatusJson(
        validation::BadRequestStatus("Service in version \"v1\" cannot be handled as a Service: " + strict));
  }
  KDUAL_TRACE("patch.go", "fieldValidation=Strict: the patched object's unknown fields make the patch invalid");
  std::string value = req.patch_type == PatchType::kStrategic ? GoValueText(req.body, /*preserve_ints=*/true)
                                                              : patched.dump();
  validation::ErrorList errs = {validation::Invalid("patch", validation::FieldValue::String(value), strict)};
  return FromStatusJson(validation::InvalidStatus("", "", errs, json_values()));
}

Answer ServiceCluster::HandleCreate(const Request& req) {
  json body = req.body;
  if (!body.is_object()) {
    return FromStatusJson(validation::BadRequestStatus(
        "the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse "
        "error: json: cannot unmarshal " +
        std::string(body.is_array() ? "array" : body.is_string() ? "string" : body.is_null() ? "null" : "number") +
        " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
        "\"json:\\\"kind,omitempty\\\"\" }"));
  }
  if (auto bad = CheckNamespace(body, req.namespace_name)) return *bad;
  if (auto tm = api::CheckServiceTypeMeta(body, profile_.release.minor); !tm.ok()) {
    return FromStatusJson(validation::BadRequestStatus(tm.message()));
  }
  auto decoded = api::DecodeService(body, profile_.release.minor);
  if (!decoded.ok()) return FromStatusJson(validation::BadRequestStatus(decoded.status().message()));
  if (auto strict = ApplyFieldValidation(req, body, &decoded->warnings)) return *strict;
  api::Service svc = std::move(decoded->service);
  // Admission (NamespaceLifecycle) runs before the registry: a create in a
  // namespace that does not exist is 404.
  if (!namespaces_.Exists(req.namespace_name)) {
    return FromStatusJson(validation::NotFoundStatus("namespaces", req.namespace_name));
  }
  defaults::SetDefaultsService(svc, profile_);
  return CreateDecoded(std::move(svc), req.dry_run, std::move(decoded->warnings));
}

namespace {

// allocIPs: the families in ipFamilies order (the server walks a Go map, so
// the order between two families is random there).
std::optional<Answer> AllocIPsInOrder(Service& svc, const std::vector<std::pair<std::string, std::string>>& to_alloc,
                                      bool dry_run,
                                      std::map<net::Family, std::unique_ptr<alloc::ClusterIPAllocator>>& allocs,
                                      const std::map<net::Family, alloc::LegacyBitmap>& bitmaps,
                                      const version::Profile& profile, IPTxn* txn,
                                      std::map<std::string, std::string>* allocated) {
  for (const auto& fam_ip : to_alloc) {
    // Named copies, not a structured binding: the fail_static lambda below
    // captures `ip`, and clang-14 (the asan and fuzz presets) refuses a
    // lambda capture of a structured binding.
    const std::string& fam = fam_ip.first;
    const std::string& ip = fam_ip.second;
    net::Family f = fam == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6;
    auto it = allocs.find(f);
    // The allocator of the family's ServiceCIDR: none when the default
    // ServiceCIDR kept another family.
    alloc::ClusterIPAllocator* a = it == allocs.end() ? nullptr : it->second.get();
    auto lb = bitmaps.find(f);
    const alloc::LegacyBitmap* bitmap = lb == bitmaps.end() ? nullptr : &lb->second;
    if (ip.empty()) {
      alloc::IPAllocResult r;
      bool decided = false;
      if (bitmap != nullptr && !bitmap->stale() && !dry_run) {
        // cidrallocator.go AllocateNextService (1.33): the flag's bitmap
        // first; its pick must lie in a ServiceCIDR, or the call fails with
        // the pick left taken in the bitmap. A full bitmap falls through.
        auto picked = bitmap->stored->AllocateNext();
        if (picked.ok()) {
          decided = true;
          if (a == nullptr || !a->cidr().Contains(picked.ip)) {
            KDUAL_TRACE("cidrallocator.go AllocateNextService",
                        fam + " address " + picked.ip.ToString() + " from the bitmap of " +
                            bitmap->flag_range.ToString() + " lies in no ServiceCIDR: it stays taken in the bitmap");
            r.error = alloc::IPAllocError::kMismatchedNetwork;
            r.message = "the provided network does not match the current range";
          } else {
            r = a->Allocate(picked.ip);
          }
        }
      }
      if (!decided) {
        if (a == nullptr) {
          // No ServiceCIDR of that family: MetaAllocator.AllocateNextService
          // finds no allocator to try.
          r.error = alloc::IPAllocError::kFull;
          r.message = "range is full";
        } else {
          r = a->AllocateNext(dry_run);
        }
      }
      if (r.ok() && !dry_run && a->mode() != alloc::IPAllocatorMode::kBitmap && svc.name.empty()) {
        // As for a static address: the IPAddress object for the chosen
        // address fails validation (no parentRef name), and AllocateNext
        // returns that error instead of trying another address.
        // Unlike a static address, 1.33's bitmap does not keep it either
        // (captured: a named create afterwards gets the same address).
        a->Release(r.ip);
        r.error = alloc::IPAllocError::kNotReady;
        r.message = "IPAddress.networking.k8s.io " + GoQuote(r.ip.ToString()) +
                    " is invalid: spec.parentRef.name: Required value";
      }
      if (!r.ok()) {
        if (profile.range_full_message_names_service) {
          if (r.error != alloc::IPAllocError::kFull) {
            ErrorList el = {validation::Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                                                "failed to allocate IP: " + r.message)};
            return FromStatusJson(validation::InvalidStatus("Service", svc.name, el, profile.field_error_values_as_json));
          }
          return FromStatusJson(validation::InternalErrorStatus("failed to allocate a serviceIP for Service " +
                                                                GoQuote(svc.name) + ": " + r.message));
        }
        return FromStatusJson(validation::InternalErrorStatus("failed to allocate a serviceIP: " + r.message));
      }
      if (!dry_run) txn->allocated.emplace_back(f, r.ip);
      (*allocated)[fam] = r.ip.ToString();
    } else {
      auto parsed = net::ParseIPSloppy(ip);
      if (!parsed.ok()) {
        return FromStatusJson(validation::InternalErrorStatus("failed to parse service IP " + GoQuote(ip)));
      }
      auto fail_static = [&](const std::string& why) {
        ErrorList el = {validation::Invalid("spec.clusterIPs", ClusterIPsValue(svc),
                                            "failed to allocate IP " + ip + ": " + why)};
        return FromStatusJson(validation::InvalidStatus("Service", svc.name, el, profile.field_error_values_as_json));
      };
      if (a == nullptr) {
        // MetaAllocator.AllocateService: getAllocator finds no ServiceCIDR
        // holding the address (captured on 1.33 and 1.37:
        // golden/<minor>/restart/primary-family-changed-default-servicecidr-kept.yaml).
        KDUAL_TRACE("cidrallocator.go getAllocator", fam + " address " + ip + ": no ServiceCIDR of that family");
        return fail_static("the provided network does not match the current range");
      }
      if (bitmap != nullptr && !dry_run && a->cidr().Contains(*parsed) && bitmap->flag_range.Contains(*parsed)) {
        // cidrallocator.go AllocateService (1.33): the flag's bitmap is
        // written first when its CIDR holds the address.
        if (bitmap->stale()) return fail_static(alloc::kErrRangeMismatch);
        auto b = bitmap->stored->Allocate(*parsed);
        if (!b.ok()) return fail_static(b.message);
      }
      auto r = a->Allocate(*parsed, dry_run);
      KDUAL_TRACE("alloc.go allocClusterIPs",
                  fam + " address " + ip + " asked for: taken as given, from either band" +
                      (r.ok() ? std::string(dry_run ? " (dry run: only the range is checked)" : "")
                              : ": " + r.message));
      if (!r.ok() && r.error != alloc::IPAllocError::kAllocated) return fail_static(r.message);
      if (!dry_run && a->mode() != alloc::IPAllocatorMode::kBitmap && svc.name.empty()) {
        // ipallocator.go createIPAddress: the IPAddress object names the
        // Service as its parentRef, and the apiserver validates it before it
        // checks whether the address is taken; a Service with neither name
        // nor generateName (expanded earlier, in Store.create) fails.
        // The IPAddress object was never created; in 1.33 the legacy bitmap,
        // written first, keeps the address (cidrallocator.go does not undo it).
        if (r.ok() && a->mode() == alloc::IPAllocatorMode::kMeta) a->Release(*parsed);
        return fail_static("IPAddress.networking.k8s.io " + GoQuote(parsed->ToString()) +
                           " is invalid: spec.parentRef.name: Required value");
      }
      if (!r.ok()) return fail_static(r.message);
      if (!dry_run) txn->allocated.emplace_back(f, *parsed);
      (*allocated)[fam] = ip;
    }
  }
  return std::nullopt;
}

std::optional<Answer> AllocIPs(Service& svc, const std::vector<std::pair<std::string, std::string>>& to_alloc,
                               bool dry_run, std::map<net::Family, std::unique_ptr<alloc::ClusterIPAllocator>>& allocs,
                               const std::map<net::Family, alloc::LegacyBitmap>& bitmaps,
                               const version::Profile& profile, IPTxn* txn,
                               std::map<std::string, std::string>* allocated) {
  // alloc.go txnAllocClusterIPs returns allocIPs' error without reverting:
  // the families allocated before the failing one stay allocated (until the
  // repair loop frees them). Go walks a map, so which family goes first is
  // random; kdual takes ipFamilies order, which is what the captured
  // dual-stack answers show.
  const size_t before = txn->allocated.size();
  std::optional<Answer> result = AllocIPsInOrder(svc, to_alloc, dry_run, allocs, bitmaps, profile, txn, allocated);
  if (result) txn->allocated.resize(before);  // kept: not released by the caller's revert
  return result;
}


// allocHealthCheckNodePort of pkg/registry/core/service/storage/alloc.go,
// used on create and on an update that starts needing one. Returns the
// Status to answer with when the port cannot be had.
std::optional<json> AllocateHealthCheckNodePort(alloc::PortOperation& port_op, Service& svc) {
  if (svc.health_check_node_port != 0) {
    auto r = port_op.Allocate(static_cast<int>(svc.health_check_node_port));
    if (!r.ok) {
      return validation::InternalErrorStatus("failed to allocate requested HealthCheck NodePort " +
                                             std::to_string(svc.health_check_node_port) + ": " + r.message);
    }
    return std::nullopt;
  }
  auto r = port_op.AllocateNext();
  if (!r.ok) {
    // The server prints the shadowed variable, always 0.
    return validation::InternalErrorStatus("failed to allocate a HealthCheck NodePort 0: " + r.message);
  }
  svc.health_check_node_port = r.port;
  return std::nullopt;
}

}  // namespace

Answer ServiceCluster::CreateDecoded(Service svc, bool dry_run, std::vector<std::string> warnings) {
  const bool jv = json_values();
  // Store.create: metadata init as early as possible.
  svc.uid.clear();
  svc.creation_timestamp.clear();
  std::string requested_rv = svc.resource_version;
  if (!svc.generate_name.empty() && svc.name.empty()) {
    // names.SimpleNameGenerator: prefix (cut to 58) + 5 random characters.
    static const char kAlphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    std::string suffix;
    int64_t n = next_generated_name_++;
    for (int i = 0; i < 5; ++i) {
      suffix += kAlphabet[n % 27];
      n /= 27;
    }
    std::string prefix = svc.generate_name.substr(0, std::min<size_t>(svc.generate_name.size(), 58));
    svc.name = prefix + suffix;
  }
  svc.uid = UidFor(next_uid_++);
  svc.creation_timestamp = kCreationTimestamp;

  // BeginCreate.
  KDUAL_TRACE("storage.go beginCreate", "allocation comes first, before validation (since 1.23): an allocation "
                                        "error hides validation errors");
  families::NormalizeClusterIPs(svc, nullptr);
  if (auto el = families::InitIPFamilyFields(svc, nullptr, families_, profile_)) {
    return FromStatusJson(validation::InvalidStatus("Service", svc.name, *el, jv));
  }
  IPTxn ip_txn;
  ip_txn.dry_run = dry_run;
  auto revert_ips = [&]() {
    for (const auto& [f, ip] : ip_txn.allocated) ReleaseIP(f, ip);
    ip_txn.allocated.clear();
  };
  // allocClusterIPs.
  if (svc.type != api::kTypeExternalName &&
      !(!svc.cluster_ips.empty() && svc.cluster_ips[0] == api::kClusterIPNone)) {
    std::vector<std::pair<std::string, std::string>> to_alloc;
    for (size_t i = 0; i < svc.ip_families.size(); ++i) {
      if (i >= svc.cluster_ips.size()) {
        svc.cluster_ips.push_back("");
        svc.cluster_ips_nil = false;
      }
      to_alloc.emplace_back(svc.ip_families[i], svc.cluster_ips[i]);
    }
    std::map<std::string, std::string> allocated;
    if (auto err = AllocIPs(svc, to_alloc, dry_run, ip_allocs_, legacy_bitmaps_, profile_, &ip_txn, &allocated)) {
      // AllocIPs keeps what the failing call took, as the server does (it
      // leaks until the repair loop runs); nothing else is held yet.
      revert_ips();
      err->warnings = warnings;
      KDUAL_TRACE("alloc.go txnAllocClusterIPs",
                  "allocation failed; addresses taken for earlier families stay allocated (not reverted) until "
                  "the repair loop frees them");
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
  if (NeedsNodePortType(svc)) {
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
          if (!r.ok) {
            ErrorList el = {validation::Invalid(path, FieldValue::Int(np), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
          sp.node_port = np;
          svc_port_to_node_port[sp.port] = np;
        } else {
          auto r = port_op.AllocateNext(&requested);
          if (!r.ok) {
            return fail(FromStatusJson(validation::InternalErrorStatus("failed to allocate a nodePort: " + r.message)));
          }
          sp.node_port = r.port;
          svc_port_to_node_port[sp.port] = r.port;
        }
      } else if (sp.node_port != allocated) {
        if (sp.node_port == 0) {
          sp.node_port = allocated;
        } else {
          auto r = port_op.Allocate(static_cast<int>(sp.node_port));
          if (!r.ok) {
            ErrorList el = {validation::Invalid(path, FieldValue::Int(sp.node_port), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
        }
      }
    }
  }
  if (defaults::NeedsHealthCheck(svc)) {
    if (auto error = AllocateHealthCheckNodePort(port_op, svc)) return fail(FromStatusJson(*error));
  }

  // rest.BeforeCreate: PrepareForCreate (status = {}), ValidateServiceCreate.
  svc.raw["status"] = json::object();
  ErrorList errs = validation::ValidateCreate(svc, profile_);
  if (!errs.empty()) {
    KDUAL_TRACE("validation.go ValidateServiceCreate",
                std::to_string(errs.size()) + " error(s), first " + errs[0].field + ": the allocations are released");
    return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, errs, jv)));
  }
  KDUAL_TRACE("validation.go ValidateServiceCreate", "passes");
  auto w = validation::GetWarningsForService(svc, nullptr, profile_);
  warnings.insert(warnings.end(), w.begin(), w.end());

  // Storage.
  auto key = std::make_pair(svc.namespace_name, svc.name);
  if (store_.count(key)) {
    KDUAL_TRACE("store.go create", "a Service of that name exists: AlreadyExists, the allocations are released");
    return fail(FromStatusJson(validation::AlreadyExistsStatus(kResource, svc.name)));
  }
  if (!requested_rv.empty()) {
    return fail(FromStatusJson(validation::UnknownErrorStatus("resourceVersion should not be set on objects to be created")));
  }
  port_op.Commit();
  if (dry_run) {
    svc.resource_version.clear();
    return ObjectAnswer(201, svc, std::move(warnings));
  }
  svc.resource_version = std::to_string(next_resource_version_++);
  store_[key] = svc;
  return ObjectAnswer(201, svc, std::move(warnings));
}

Answer ServiceCluster::HandleUpdate(const Request& req, const json& in_body, bool from_patch) {
  const bool jv = json_values();
  json body = in_body;
  if (!body.is_object()) {
    return FromStatusJson(validation::BadRequestStatus(
        "the object provided is unrecognized (must be of type Service): couldn't get version/kind"));
  }
  if (auto bad = CheckNamespace(body, req.namespace_name)) return *bad;
  if (auto tm = api::CheckServiceTypeMeta(body, profile_.release.minor); !tm.ok()) {
    return FromStatusJson(validation::BadRequestStatus(tm.message()));
  }
  auto decoded = api::DecodeService(body, profile_.release.minor);
  if (!decoded.ok()) return FromStatusJson(validation::BadRequestStatus(decoded.status().message()));
  if (auto strict = ApplyFieldValidation(req, from_patch ? in_body : json(), &decoded->warnings)) return *strict;
  Service svc = std::move(decoded->service);
  std::vector<std::string> warnings = std::move(decoded->warnings);
  if (svc.name.empty()) svc.name = req.name;
  if (svc.name != req.name) {
    return FromStatusJson(validation::BadRequestStatus("the name of the object (" + svc.name +
                                                       ") does not match the name on the URL (" + req.name + ")"));
  }
  defaults::SetDefaultsService(svc, profile_);

  auto key = std::make_pair(req.namespace_name, req.name);
  auto it = store_.find(key);
  if (it == store_.end()) {
    if (from_patch) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
    // AllowCreateOnUpdate: a PUT of a missing Service creates it.
    svc.resource_version.clear();
    return CreateDecoded(std::move(svc), req.dry_run, std::move(warnings));
  }
  Service old = it->second;
  if (!svc.resource_version.empty() && svc.resource_version != old.resource_version) {
    return FromStatusJson(validation::ConflictStatus(
        kResource, req.name, "the object has been modified; please apply your changes to the latest version and try again"));
  }
  svc.resource_version = old.resource_version;

  // BeginUpdate.
  KDUAL_TRACE("storage.go beginUpdate", "patchAllocatedValues: cluster IPs and node ports the request leaves out "
                                        "are kept from the stored object where the type still uses them");
  families::DefaultOnRead(old, families_);
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
        std::vector<std::pair<std::string, std::string>> to_alloc;
        for (size_t i = 0; i < svc.ip_families.size(); ++i) {
          if (i >= svc.cluster_ips.size()) {
            svc.cluster_ips.push_back("");
            svc.cluster_ips_nil = false;
          }
          to_alloc.emplace_back(svc.ip_families[i], svc.cluster_ips[i]);
        }
        err = AllocIPs(svc, to_alloc, req.dry_run, ip_allocs_, legacy_bitmaps_, profile_, &ip_txn, &allocated);
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
        ip_txn.to_release.emplace_back(old.ip_families[i] == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6,
                                       old.cluster_ips[i]);
        KDUAL_TRACE("alloc.go txnUpdateClusterIPs", "the type becomes ExternalName: " + old.ip_families[i] +
                                                        " address " + old.cluster_ips[i] +
                                                        " is released once the update is stored");
      }
    } else if (old.ip_families.size() == 1 && svc.ip_families.size() == 2) {
      if (svc.cluster_ips.size() < 2) {
        svc.cluster_ips.push_back("");
        svc.cluster_ips_nil = false;
      }
      err = AllocIPs(svc, {{svc.ip_families[1], svc.cluster_ips[1]}}, req.dry_run, ip_allocs_, legacy_bitmaps_, profile_, &ip_txn,
                     &allocated);
      if (!err) svc.cluster_ips[1] = allocated[svc.ip_families[1]];
    } else if (old.ip_families.size() == 2 && svc.ip_families.size() == 1 && old.cluster_ips.size() > 1) {
      ip_txn.to_release.emplace_back(old.ip_families[1] == "IPv4" ? net::Family::kIPv4 : net::Family::kIPv6,
                                     old.cluster_ips[1]);
      KDUAL_TRACE("alloc.go txnUpdateClusterIPs",
                  "downgrade to single-stack: the secondary family " + old.ip_families[1] + " and its address " +
                      old.cluster_ips[1] + " are trimmed (ipFamilies and clusterIPs keep " + old.ip_families[0] +
                      " " + (old.cluster_ips.empty() ? std::string() : old.cluster_ips[0]) +
                      "); the address is released once the update is stored");
    }
    if (err) {
      revert_ips();
      err->warnings = warnings;
      KDUAL_TRACE("alloc.go txnAllocClusterIPs",
                  "allocation failed; addresses taken for earlier families stay allocated (not reverted) until "
                  "the repair loop frees them");
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
  if (NeedsNodePortType(old) && (svc.type == api::kTypeExternalName || svc.type == api::kTypeClusterIP)) {
    for (auto p : CollectNodePorts(old)) {
      port_op.ReleaseDeferred(static_cast<int>(p));
      KDUAL_TRACE("alloc.go txnUpdateNodePorts", "the type " + svc.type + " has no node ports: node port " +
                                                     std::to_string(p) + " is released once the update is stored");
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
          if (!r.ok) {
            ErrorList el = {validation::Invalid("spec.ports[" + std::to_string(i) + "].nodePort",
                                                FieldValue::Int(np.second), r.message)};
            return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, el, jv)));
          }
          allocated_here.insert(np.second);
        }
      } else {
        auto r = port_op.AllocateNext(&requested);
        if (!r.ok) {
          return fail(FromStatusJson(validation::InternalErrorStatus("failed to allocate a nodePort: " + r.message)));
        }
        sp.node_port = r.port;
        np.second = r.port;
      }
      if (std::find(new_node_ports.begin(), new_node_ports.end(), np) != new_node_ports.end()) {
        // A plain error: the handler answers 500 with the text.
        return fail(FromStatusJson(validation::UnknownErrorStatus("duplicate nodePort: {" + np.first + " " +
                                                                  std::to_string(np.second) + "}")));
      }
      new_node_ports.push_back(np);
    }
    auto new_ports = CollectNodePorts(svc);
    for (auto p : old_ports) {
      if (std::find(new_ports.begin(), new_ports.end(), p) == new_ports.end()) {
        port_op.ReleaseDeferred(static_cast<int>(p));
        KDUAL_TRACE("alloc.go updateNodePorts", "node port " + std::to_string(p) +
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
                    std::to_string(old.health_check_node_port) + " is released once the update is stored");
  }

  // rest.BeforeUpdate.
  svc.raw["status"] = old.raw.contains("status") ? old.raw["status"] : json::object();
  DropTypeDependentFields(svc, old);
  svc.uid = old.uid;
  svc.creation_timestamp = old.creation_timestamp;
  // An update can never remove or change a deletion timestamp.
  for (const char* key : {"deletionTimestamp", "deletionGracePeriodSeconds"}) {
    if (const json* v = MetaField(old, key)) svc.raw["metadata"][key] = *v;
  }
  ErrorList errs = validation::ValidateUpdate(svc, old, profile_);
  KDUAL_TRACE("validation.go ValidateServiceUpdate",
              errs.empty() ? std::string("passes") : std::to_string(errs.size()) + " error(s), first " + errs[0].field);
  if (!errs.empty()) return fail(FromStatusJson(validation::InvalidStatus("Service", svc.name, errs, jv)));
  auto w = validation::GetWarningsForService(svc, &old, profile_);
  warnings.insert(warnings.end(), w.begin(), w.end());

  // Write and commit.
  port_op.Commit();
  if (req.dry_run) return ObjectAnswer(200, svc, std::move(warnings));
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

Answer ServiceCluster::HandlePatch(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  json current = api::EncodeService(it->second);
  json patched;
  switch (req.patch_type) {
    case PatchType::kStrategic:
      // A strategic merge patch is applied as a JSON merge patch, except that
      // spec.ports is merged by its merge key `port` (the only list of a
      // Service with patchStrategy merge) and `$patch: delete` / `replace`
      // work on its elements. Other directives ($retainKeys,
      // $setElementOrder, $deleteFromPrimitiveList) are not understood yet.
      if (!req.body.is_object()) {
        return FromStatusJson(validation::BadRequestStatus(
            "error decoding patch: json: cannot unmarshal " +
            std::string(req.body.is_array() ? "array" : "value") + " into Go value of type map[string]interface {}"));
      }
      {
        std::string merge_error;
        patched = StrategicMerge(current, req.body, &merge_error);
        if (!merge_error.empty()) return FromStatusJson(validation::UnknownErrorStatus(merge_error));
      }
      break;
    case PatchType::kMerge:
      if (!req.body.is_object()) {
        return FromStatusJson(validation::BadRequestStatus(
            "error decoding patch: json: cannot unmarshal " +
            std::string(req.body.is_array() ? "array" : "value") + " into Go value of type map[string]interface {}"));
      }
      patched = current;
      patched.merge_patch(req.body);
      break;
    case PatchType::kJson:
      try {
        patched = current.patch(req.body);
      } catch (const std::exception& e) {
        return FromStatusJson(validation::UnknownErrorStatus(std::string("the server rejected our request due to an error in our request: ") + e.what()));
      }
      break;
  }
  return HandleUpdate(req, patched, true);
}

}  // namespace kdual::registry
