// The engine's Cluster: Services held in memory, handled in the order the
// kube-apiserver's generic registry store and Service storage run
// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry/store.go,
// pkg/registry/core/service/storage/storage.go and alloc.go).
#ifndef KDUAL_ENGINE_REGISTRY_SERVICE_CLUSTER_H_
#define KDUAL_ENGINE_REGISTRY_SERVICE_CLUSTER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/alloc/ip_allocator.h"
#include "engine/alloc/legacy_bitmap.h"
#include "engine/alloc/port_allocator.h"
#include "engine/api/service.h"
#include "engine/base/deep_copy_ptr.h"
#include "engine/families/ip_families.h"
#include "engine/flags/apiserver_flags.h"
#include "engine/flags/controller_manager_flags.h"
#include "engine/registry/cluster.h"
#include "engine/registry/ip_addresses.h"
#include "engine/registry/namespaces.h"
#include "engine/registry/nodes.h"
#include "engine/registry/service_cidrs.h"

namespace kdual::registry {

class ServiceCluster : public Cluster {
 public:
  static Result<std::unique_ptr<ServiceCluster>> Create(const flags::ComponentFlags& flags,
                                                        const version::Profile& profile);

  Answer Handle(const Request& request) override;
  Status Restart(const flags::ComponentFlags& flags) override;
  // A copy of the whole control plane (stored objects, allocators, counters).
  std::unique_ptr<Cluster> Clone() const override;
  const version::Profile& profile() const override { return profile_; }

  // For tests: the allocators' view.
  const alloc::ClusterIPAllocator* ip_allocator(net::Family f) const;
  const alloc::PortAllocator* port_allocator() const { return ports_.get(); }
  // For tests: whether a Service of that name is stored (a GET answers it).
  bool Stores(const std::string& namespace_name, const std::string& name) const {
    return store_.count({namespace_name, name}) > 0;
  }

 private:
  explicit ServiceCluster(version::Profile profile) : base_profile_(profile), profile_(profile) {}

  Status Configure(const flags::ComponentFlags& flags);
  // Creates default/kubernetes as the apiserver's controller does; its
  // failure is the apiserver's fatal start-up error.
  Status EnsureKubernetesService();

  Answer HandleCreate(const Request& req);
  Answer HandleGet(const Request& req);
  Answer HandleList(const Request& req);
  // Namespaces: create, get, list, and delete with its Services.
  Answer HandleNamespace(const Request& req);
  // Handle's dispatch, before the controllers' follow-up.
  Answer HandleRequest(const Request& request);
  // ServiceCIDRs (service_cidrs.cc): create, get, list, delete, wait.
  Answer HandleServiceCIDR(const Request& req);
  // The allocators of the ready ServiceCIDRs a client created, made on
  // first use and kept with what they hold.
  std::vector<alloc::ClusterIPAllocator*> ExtraAllocators();
  // The addresses the servicecidrs controller sees in use: the cluster IPs
  // stored Services hold and the clients' IPAddress objects labelled as the
  // allocator's (canDeleteCIDR lists IPAddresses by those labels).
  std::vector<net::IPAddress> AddressesInUse() const;
  // IPAddresses (ip_address_requests.cc): get, list, and a client's
  // create, update, merge patch and delete.
  Answer HandleIPAddress(const Request& req);
  // The allocator's IPAddress objects, by name: one per cluster IP of the
  // stored Services, while the IPAddress allocator serves.
  std::map<std::string, nlohmann::json> AllocatorIPAddresses() const;
  // An address a client's IPAddress reserves (or frees): taken in (or
  // given back to) every allocator whose range holds it.
  void ReserveAddress(const net::IPAddress& ip);
  void FreeReservedAddress(const net::IPAddress& ip);
  // Nodes: create, get, delete, wait; node IPAM runs after each write.
  Answer HandleNode(const Request& req);
  // Node IPAM's work on one Node (AllocateOrOccupyCIDR), done at once.
  void SyncNode(const std::string& name);
  Answer HandleDelete(const Request& req);
  // Frees the Service's cluster IPs and node ports (releaseAllocatedResources).
  void ReleaseResources(const api::Service& svc);
  // MetaAllocator.Release: the address goes back to its ServiceCIDR and, in
  // 1.33, to the flag's bitmap (only when a ServiceCIDR holds it).
  void ReleaseIP(net::Family f, const net::IPAddress& ip);
  // `patch_strict_errors`: a JSON patch's own strict decoding errors, which
  // come before the patched object's (patch.go applyPatchToCurrentObject).
  // `applied`: the managers a server-side apply leaves (an apply's merged
  // object takes the update path, or the create path when it creates).
  Answer HandleUpdate(const Request& req, const nlohmann::json& body, bool from_patch,
                      const std::vector<std::string>& patch_strict_errors = {},
                      const fieldmanager::Managers* applied = nullptr);
  // Server-side apply (server_side_apply.cc): the handler's checks, the
  // field manager's merge, prune and conflicts, then the update (or create).
  Answer HandleApply(const Request& req);
  // The schema structured-merge-diff holds for this release's v1 Service.
  fieldmanager::Schema ApplySchema() const {
    return fieldmanager::ServiceSchema(profile_.api_fields_minor);
  }
  // The manager of a write that is not an apply: the client's name (the
  // user agent's, up to its first "/"), an Update at v1.
  static fieldmanager::ManagerId UpdateManager(const Request& req) {
    return fieldmanager::ManagerId{req.field_manager, false, "v1", req.subresource};
  }
  Answer HandlePatch(const Request& req);
  // The status subresource's update (service_status.cc): the decoded,
  // defaulted request against the stored `old`.
  Answer UpdateStatus(const Request& req, api::Service svc, const api::Service& old,
                      std::vector<std::string> warnings);

  // The create pipeline on a decoded, defaulted object. Without
  // `begin_create` (a PUT to the status subresource of a missing Service:
  // the status store has no BeginCreate hook) no families are set and
  // nothing is allocated.
  // `request_namespace`: a create's URL namespace, which 1.23 checks only
  // in rest.BeforeCreate (after allocation); null where the handler has
  // checked it already.
  Answer CreateDecoded(api::Service svc, bool dry_run, std::vector<std::string> warnings,
                       bool begin_create = true, const std::string* request_namespace = nullptr);

  // The decode preamble of create and update (service_decode.cc): an answer
  // when the body is refused, else the decoded Service in `*out`.
  std::optional<Answer> DecodeBody(const Request& req, const nlohmann::json& in_body,
                                   const nlohmann::json& patched, api::DecodeResult* out,
                                   const std::vector<std::string>& patch_strict_errors = {}) const;
  // ?fieldValidation= applied to the decoder's unknown-field texts (which it
  // clears for Ignore); an answer when Strict refuses the request. `patched`
  // is the patched object's JSON for a patch, null otherwise.
  std::optional<Answer> ApplyFieldValidation(const Request& req, const nlohmann::json& patched,
                                             std::vector<std::string>* unknown_fields) const;

  Answer ObjectAnswer(int code, api::Service svc, std::vector<std::string> warnings) const;
  // The object as stored, without the read decorator (defaultOnRead): what
  // the status subresource answers, since storage.go copies the status
  // store before it sets store.Decorator (every pinned release). An
  // ExternalName Service's internalTrafficPolicy shows there, and so do the
  // families of a Service stored without them.
  Answer StoredObjectAnswer(int code, const api::Service& svc,
                            std::vector<std::string> warnings) const;
  // What a dry run answers where the write would store (dry_run_answer.cc).
  Answer DryRunCreateAnswer(api::Service svc, std::vector<std::string> warnings) const;
  Answer DryRunUpdateAnswer(api::Service svc, std::vector<std::string> warnings) const;
  Answer DryRunDeleteAnswer(api::Service svc) const;
  bool json_values() const { return profile_.field_error_values_as_json; }

  version::Profile base_profile_;  // the release's, before --feature-gates
  version::Profile profile_;
  flags::ServiceNetwork network_;
  // kube-controller-manager's node IPAM as last started.
  flags::NodeIpamConfig node_ipam_;
  families::ClusterFamilies families_;
  std::map<net::Family, DeepCopyPtr<alloc::ClusterIPAllocator>> ip_allocs_;
  // The CIDRs of the default ServiceCIDR object (IPAddress allocator only).
  std::vector<net::Cidr> default_service_cidrs_;
  // 1.33: the bitmaps stored in etcd, by key (0 primary, 1 secondary), as
  // first written; and, per family, the bitmap this start writes where it
  // parts ways with the ServiceCIDR (engine/alloc/legacy_bitmap.h).
  std::map<int, DeepCopyPtr<alloc::ClusterIPAllocator>> stored_bitmaps_;
  std::map<net::Family, alloc::LegacyBitmap> legacy_bitmaps_;
  DeepCopyPtr<alloc::PortAllocator> ports_;
  std::map<std::pair<std::string, std::string>, api::Service> store_;
  Namespaces namespaces_;
  ServiceCidrs service_cidrs_;
  IPAddresses ip_addresses_;  // the clients' (ip_addresses.h)
  // 1.33: addresses a client's IPAddress held when a Service asked for
  // them, which the flag's bitmap then kept (IPTxn::bitmap_kept).
  std::set<std::string> bitmap_kept_;
  bool released_since_sync_ = false;  // ReleaseResources ran: Sync the ServiceCIDRs
  // By CIDR: the allocators of ServiceCIDRs other than the default.
  std::map<std::string, DeepCopyPtr<alloc::ClusterIPAllocator>> extra_ip_allocs_;
  Nodes nodes_;
  // kube-controller-manager's range allocator while node IPAM runs.
  std::optional<nodeipam::RangeAllocator> node_allocator_;
  int64_t next_resource_version_ = 100;
  int64_t next_uid_ = 1;
  int64_t next_generated_name_ = 0;

  friend class Cluster;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_SERVICE_CLUSTER_H_
