// Service validation (pkg/apis/core/validation/validation.go): ValidateService,
// ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate and the
// upgrade/downgrade rules, plus GetWarningsForService
// (pkg/api/service/warnings.go), per modelled release.
#ifndef KDUAL_ENGINE_VALIDATION_SERVICE_VALIDATION_H_
#define KDUAL_ENGINE_VALIDATION_SERVICE_VALIDATION_H_

#include <string>
#include <vector>

#include "engine/api/service.h"
#include "engine/validation/field_error.h"
#include "engine/validation/ip_validation.h"
#include "engine/version/profile.h"

namespace kdual::validation {

// Used both by the allocation code's "loose pre-validation" and by
// ValidateService. `old` may be null.
ErrorList ValidateServiceClusterIPsRelatedFields(const api::Service& svc, const api::Service* old,
                                                 const version::Profile& profile);

// ValidateConditionalService: the MixedProtocolLBService check (a no-op
// while the gate is on, from 1.24).
ErrorList ValidateConditionalService(const api::Service& svc, const api::Service* old,
                                     const version::Profile& profile);

// ValidateServiceCreate (ObjectMeta + ValidateService).
ErrorList ValidateServiceCreate(const api::Service& svc, const version::Profile& profile);

// ValidateServiceUpdate: ObjectMetaUpdate, upgrade/downgrade rules, then
// ValidateService(new, old).
ErrorList ValidateServiceUpdate(const api::Service& svc, const api::Service& old,
                                const version::Profile& profile);

// The Warning header texts for a create/update.
std::vector<std::string> GetWarningsForService(const api::Service& svc, const api::Service* old,
                                               const version::Profile& profile);

bool IsHeadlessService(const api::Service& svc);  // clusterIPs == ["None"]

// netutils.IsIPv6String / IsIPv4String (sloppy parse).
bool IsIPv6String(const std::string& ip);
bool IsIPv4String(const std::string& ip);

// ObjectMeta name checks (DNS-1035 label, or RFC 1123 label with
// RelaxedServiceNameValidation).
std::vector<std::string> ValidateServiceName(const std::string& name,
                                             const version::Profile& profile);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_SERVICE_VALIDATION_H_
