// The ClusterIP half of alloc.go (pkg/registry/core/service/storage):
// allocClusterIPs / txnAllocClusterIPs for the families a Service asks,
// through the ServiceCIDR allocators (and, in 1.33, the flag's legacy
// bitmap first: engine/alloc/legacy_bitmap.h). The NodePort band split and
// the pick inside a band are engine/alloc/ip_allocator.h.
#ifndef KDUAL_ENGINE_REGISTRY_CLUSTER_IP_ALLOCATION_H_
#define KDUAL_ENGINE_REGISTRY_CLUSTER_IP_ALLOCATION_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/alloc/ip_allocator.h"
#include "engine/alloc/legacy_bitmap.h"
#include "engine/api/service.h"
#include "engine/base/deep_copy_ptr.h"
#include "engine/net/ip_address.h"
#include "engine/registry/request.h"
#include "engine/version/profile.h"

namespace kdual::registry {

// What one request allocated (to release if it fails) and what it frees
// once it is stored.
struct IPTxn {
  std::vector<std::pair<net::Family, net::IPAddress>> allocated;
  std::vector<std::pair<net::Family, std::string>> to_release;
  bool dry_run = false;
  // 1.33 (dual write): static addresses refused as taken after the flag's
  // bitmap took them. cidrallocator.go AllocateService writes the bitmap
  // first and does not undo it when the IPAddress create fails, so the
  // address stays taken there once a client's IPAddress that held it goes.
  std::vector<net::IPAddress> bitmap_kept;
};

// (family, requested address) for each of ipFamilies, in order, with an
// empty address where clusterIPs has none yet (its slot added, so that the
// allocated address lands at the family's index): what allocClusterIPs
// asks for on a create, or on an update from ExternalName.
std::vector<std::pair<std::string, std::string>> FamiliesToAllocate(api::Service& svc);

// Allocates `to_alloc` (family, requested address or "" for any) in
// ipFamilies order; a requested address outside the family's allocator may
// come from one of `extra` (the other ready ServiceCIDRs'; dynamic picks
// stay with the default's: Go picks among ServiceCIDRs in map order, at
// random); `*allocated` maps family to address. On failure the
// answer is returned and, as txnAllocClusterIPs does, the families
// allocated before the failing one stay allocated (they are not in `txn`).
std::optional<Answer> AllocIPs(
    api::Service& svc, const std::vector<std::pair<std::string, std::string>>& to_alloc,
    bool dry_run, std::map<net::Family, DeepCopyPtr<alloc::ClusterIPAllocator>>& allocs,
    const std::map<net::Family, alloc::LegacyBitmap>& bitmaps, const version::Profile& profile,
    IPTxn* txn, std::map<std::string, std::string>* allocated,
    const std::vector<alloc::ClusterIPAllocator*>& extra = {});

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_CLUSTER_IP_ALLOCATION_H_
