// ipFamilyPolicy / ipFamilies defaulting on create and update: the
// registry's initIPFamilyFields, normalizeClusterIPs, patchAllocatedValues and
// the read decorator's defaultOnReadIPFamilies
// (pkg/registry/core/service/storage/alloc.go and storage.go; the same text in
// v1.29.15, v1.33.13 and v1.37.2 apart from the old-object argument of the
// pre-validation, which ratchets IP validation from 1.33).
#ifndef KDUAL_ENGINE_FAMILIES_IP_FAMILIES_H_
#define KDUAL_ENGINE_FAMILIES_IP_FAMILIES_H_

#include <optional>
#include <vector>

#include "engine/api/service.h"
#include "engine/net/ip_address.h"
#include "engine/validation/field_error.h"
#include "engine/version/profile.h"

namespace kdual::families {

// The cluster's configured Service families, primary first.
struct ClusterFamilies {
  std::vector<net::Family> configured;  // one or two
  net::Family primary() const { return configured.front(); }
  bool Has(const std::string& family) const;
  bool dual() const { return configured.size() >= 2; }
};

// initIPFamilyFields(after=svc, before=old). On failure, the field errors of
// the 422 the server answers (errors.NewInvalid(Service, name, errs)).
std::optional<validation::ErrorList> InitIPFamilyFields(api::Service& svc, const api::Service* old,
                                                        const ClusterFamilies& cluster,
                                                        const version::Profile& profile);

// normalizeClusterIPs(after=svc, before=old); old may be null (create).
void NormalizeClusterIPs(api::Service& svc, const api::Service* old);

// patchAllocatedValues(after=svc, before=old) (update only).
void PatchAllocatedValues(api::Service& svc, const api::Service& old,
                          const version::Profile& profile);

// defaultOnReadService: normalize, defaultOnReadIPFamilies, and the
// ExternalName internalTrafficPolicy reset (from 1.24).
void DefaultOnRead(api::Service& svc, const ClusterFamilies& cluster,
                   const version::Profile& profile);

// isMatchingPreferDualStackClusterIPFields(after, before).
bool IsMatchingPreferDualStackClusterIPFields(const api::Service& svc, const api::Service* old);

bool SameClusterIPs(const api::Service& a, const api::Service& b);
bool SameIPFamilies(const api::Service& a, const api::Service& b);

// familyOf(ip): "IPv4", "IPv6" or "unknown".
std::string FamilyOf(const std::string& ip);

}  // namespace kdual::families

#endif  // KDUAL_ENGINE_FAMILIES_IP_FAMILIES_H_
