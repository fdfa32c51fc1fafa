// IPAddress objects (networking.k8s.io/v1, cluster-scoped, served from 1.33
// beside ServiceCIDRs): one per cluster IP the IPAddress allocator hands
// out, named by the address, and any a client creates to reserve one.
//
// What the API server does (v1.33.13 to v1.37.2):
//   - pkg/registry/core/service/ipallocator/ipallocator.go createIPAddress:
//     the allocator creates the object, labelled with the family and
//     "ipaddress.kubernetes.io/managed-by: ipallocator.k8s.io", its
//     parentRef the Service; an AlreadyExists answer is ErrAllocated, so an
//     address a client reserved is refused to a Service ("provided IP is
//     already allocated") and skipped by dynamic picks. A dry run checks
//     only the range (no object is created), as for any other address.
//     release deletes the object by name.
//   - pkg/apis/networking/validation ValidateIPAddress: the name must be an
//     IP in canonical form (apimachinery IsValidIP, strict), parentRef is
//     required with a resource and a name (path segment names), group a
//     DNS subdomain when given; on update parentRef is immutable.
//   - pkg/registry/networking/ipaddress: no status, no finalizer, no create
//     on update; a delete answers a Status Success (the store does not
//     return the deleted object).
//
// Kept here: the objects clients create. The allocator's objects are made
// from the stored Services when asked for (ServiceCluster), since each is
// exactly one Service's cluster IP.
//
// Not modelled (answered as such): writes to an allocator's object (the
// repair loop, pkg/registry/core/service/ipallocator/controller/repairip.go,
// puts back what a client changes or deletes on its own schedule),
// strategic merge and apply patches (merge and JSON patches go through
// engine/registry/object_patch.h), and the repair loop's deletion after
// 60 s of a client object labelled as the allocator's whose Service does not
// exist.
#ifndef KDUAL_ENGINE_REGISTRY_IP_ADDRESSES_H_
#define KDUAL_ENGINE_REGISTRY_IP_ADDRESSES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/net/ip_address.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

inline constexpr const char* kIPAddressFamilyLabel = "ipaddress.kubernetes.io/ip-family";
inline constexpr const char* kIPAddressManagedByLabel = "ipaddress.kubernetes.io/managed-by";
inline constexpr const char* kIPAllocatorName = "ipallocator.k8s.io";

// The object the allocator creates for `ip`, held by Service
// `namespace_name`/`name` (createIPAddress, serviceToRef).
nlohmann::json AllocatorIPAddress(const net::IPAddress& ip, const std::string& namespace_name,
                                  const std::string& name);

// errors.NewNotFound for ipaddresses.networking.k8s.io.
Answer IPAddressNotFound(const std::string& name);

class IPAddresses {
 public:
  // POST: 201 with the stored object, 422 when validation refuses it, 409
  // when the name exists here or `taken` (an allocator's object). A dry
  // run stores nothing. On success (not a dry run) `*created` is the
  // address.
  Answer Create(const nlohmann::json& body, bool dry_run, bool taken,
                const version::Profile& profile, net::IPAddress* created);
  // PUT of a client's object (a merge patch comes here patched): 404 when
  // it is not one; parentRef is immutable.
  Answer Update(const std::string& name, const nlohmann::json& body, bool dry_run,
                const version::Profile& profile);
  // DELETE of a client's object: Status Success. `*deleted` is the address
  // it reserved (not on a dry run).
  Answer Delete(const std::string& name, bool dry_run, std::optional<net::IPAddress>* deleted);

  // A client's object, or nullptr.
  const nlohmann::json* Find(const std::string& name) const;
  const std::map<std::string, nlohmann::json>& objects() const { return objects_; }
  // The addresses the clients' objects reserve.
  std::vector<net::IPAddress> Reserved() const;

 private:
  // ValidateIPAddress (and, with `old`, ValidateIPAddressUpdate).
  Answer Invalid(const std::string& name, const nlohmann::json& obj, const nlohmann::json* old,
                 const version::Profile& profile) const;

  std::map<std::string, nlohmann::json> objects_;
  int64_t next_resource_version_ = 7000;
  int64_t next_uid_ = 1;
};

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_IP_ADDRESSES_H_
