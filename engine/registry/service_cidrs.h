// ServiceCIDR objects (networking.k8s.io/v1, cluster-scoped): the ranges
// Service cluster IPs come from once MetaAllocator serves them (1.33+).
//
// What the API server does (pkg/registry/networking/servicecidr: strategy,
// validation in pkg/apis/networking/validation ValidateServiceCIDR) and what
// two controllers do, done at once here as the engine does node IPAM's
// work:
//   - kube-apiserver's default-servicecidr controller keeps a ServiceCIDR
//     named "kubernetes" with the --service-cluster-ip-range CIDRs
//     (pkg/controlplane/controller/defaultservicecidr);
//   - kube-controller-manager's service-cidr-controller puts its finalizer
//     on every ServiceCIDR and sets Ready, and on a delete either lets the
//     object go or, while an address only it holds is in use, keeps it with
//     Ready False "Terminating" (pkg/controller/servicecidrs).
// A live capture waits for the controllers with `op: wait` (Ready,
// Terminating, deleted).
//
// Merge and JSON patches go through engine/registry/object_patch.h.
// Random on a server, and answered by the engine with one of the server's
// possible answers: a dry run's check of a static cluster IP once a client
// has made a ServiceCIDR of its family (MetaAllocator.DryRun takes a random
// one of the family's allocators, cidrallocator.go; the engine checks the
// address against every ready one), and a dynamic pick across several.
// Not modelled: status writes (the status subresource), strategic-merge
// and apply patches of a ServiceCIDR, any write to the default one after
// start, v1beta1 and v1alpha1; those requests answer that the engine does
// not model them.
#ifndef KDUAL_ENGINE_REGISTRY_SERVICE_CIDRS_H_
#define KDUAL_ENGINE_REGISTRY_SERVICE_CIDRS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/net/cidr.h"
#include "engine/net/ip_address.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

inline constexpr const char* kDefaultServiceCIDRName = "kubernetes";
inline constexpr const char* kServiceCIDRFinalizer = "networking.k8s.io/service-cidr-finalizer";

class ServiceCidrs {
 public:
  // The default ServiceCIDR as the default-servicecidr controller leaves it
  // after a start with these CIDRs (created, or upgraded to dual-stack).
  void SetDefault(const std::vector<net::Cidr>& cidrs, const version::Profile& profile);

  // POST: 201 with the object as stored before the controllers see it,
  // 409 when the name exists, 422 when validation refuses it. On success
  // (not a dry run) `*created` is its name.
  Answer Create(const nlohmann::json& body, bool dry_run, const version::Profile& profile,
                std::string* created);
  // PUT (a merge patch comes here patched): the spec may only gain a
  // second CIDR of the other family (ValidateServiceCIDRUpdate); the status
  // the client sends is kept until 1.35 and the stored one after.
  Answer Update(const std::string& name, const nlohmann::json& body, bool dry_run,
                const version::Profile& profile);
  Answer Get(const std::string& name) const;
  Answer List() const;  // a ServiceCIDRList, name order
  // DELETE: the object with its deletion timestamp (the finalizer holds it
  // for the controller); then the controller's decision (Sync).
  // `in_use`: the cluster IPs stored Services hold (their IPAddress
  // objects).
  Answer Delete(const std::string& name, bool dry_run, const std::vector<net::IPAddress>& in_use);
  // The controller's pass over the objects being deleted: each goes unless
  // another ServiceCIDR contains its CIDRs or no address in use lies only
  // in it; a kept one shows Ready False, reason Terminating.
  void Sync(const std::vector<net::IPAddress>& in_use);
  // op wait: "Ready" (the object once the controller set Ready True),
  // "Terminating" (once a delete is held), "deleted" (the 404 once gone); a
  // 504 Status when that does not hold.
  Answer Wait(const std::string& name, const std::string& wait_for) const;

  // The CIDRs of the ServiceCIDRs other than the default that allocate:
  // ready and not being deleted (MetaAllocator's ready allocators).
  std::vector<net::Cidr> ExtraReadyCidrs(const version::Profile& profile) const;

 private:
  // canDeleteCIDR: another ServiceCIDR contains every CIDR of `name`, or
  // no address in use lies in `name` alone.
  bool CanDelete(const std::string& name, const std::vector<net::IPAddress>& in_use) const;
  std::vector<net::Cidr> CidrsOf(const nlohmann::json& obj) const;

  std::map<std::string, nlohmann::json> objects_;
  int64_t next_resource_version_ = 5000;
  int64_t next_uid_ = 1;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_SERVICE_CIDRS_H_
