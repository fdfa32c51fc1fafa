// v1 defaulting of a Service (pkg/apis/core/v1/defaults.go SetDefaults_Service
// and zz_generated.defaults.go SetObjectDefaults_Service); the same text in
// v1.29.15, v1.33.13 and v1.37.2 as far as these fields go.
#ifndef KDUAL_ENGINE_DEFAULTS_SERVICE_DEFAULTS_H_
#define KDUAL_ENGINE_DEFAULTS_SERVICE_DEFAULTS_H_

#include "engine/api/service.h"
#include "engine/version/profile.h"

namespace kdual::defaults {

// ExternallyAccessible (pkg/api/v1/service/util.go): LoadBalancer, NodePort,
// or ClusterIP with at least one externalIP; before 1.29
// (Profile::external_ips_externally_accessible) needsExternalTrafficPolicy,
// LoadBalancer or NodePort only.
bool ExternallyAccessible(const api::Service& svc, const version::Profile& profile);

// NeedsHealthCheck: LoadBalancer with externalTrafficPolicy Local.
bool NeedsHealthCheck(const api::Service& svc);

void SetDefaultsService(api::Service& svc, const version::Profile& profile);

}  // namespace kdual::defaults

#endif  // KDUAL_ENGINE_DEFAULTS_SERVICE_DEFAULTS_H_
