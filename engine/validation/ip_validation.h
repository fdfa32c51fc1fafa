// IP and CIDR checks of the legacy Service fields (apimachinery
// pkg/util/validation/ip.go, pkg/apis/core/validation ValidateEndpointIP /
// ValidateNonSpecialIP) and the warnings for non-standard forms, per release.
// KEP-4858 (StrictIPCIDRValidation) turns leading zeros, IPv4-mapped forms
// and CIDR host bits into errors, but a value the old object already held
// stays valid on update (from 1.33, where validOld lists exist).
#ifndef KDUAL_ENGINE_VALIDATION_IP_VALIDATION_H_
#define KDUAL_ENGINE_VALIDATION_IP_VALIDATION_H_

#include <string>
#include <vector>

#include "engine/validation/field_error.h"
#include "engine/version/profile.h"

namespace kdual::validation {

// IsValidIPForLegacyField; before 1.33 (validation.IsValidIP) there is no
// strict mode and no list of old values.
ErrorList IsValidIPForLegacyField(const std::string& path, const std::string& value,
                                  const version::Profile& profile,
                                  const std::vector<std::string>& valid_old);

// IsValidCIDRForLegacyField (1.33+).
ErrorList IsValidCIDRForLegacyField(const std::string& path, const std::string& value,
                                    const version::Profile& profile,
                                    const std::vector<std::string>& valid_old);

// apimachinery validation.IsValidIP (1.33+): strict (no leading zeros, no
// IPv4-mapped form) and canonical ("must be in canonical form"); the fields
// of newer APIs (an IPAddress's name).
ErrorList IsValidIP(const std::string& path, const std::string& value);

// apimachinery validation.IsValidCIDR: strict (no leading zeros, no
// IPv4-mapped form, no host bits) and canonical; the fields of newer APIs
// (ServiceCIDR spec.cidrs).
ErrorList IsValidCIDR(const std::string& path, const std::string& value);

// ValidateEndpointIP (1.33+) / ValidateNonSpecialIP (1.29): unspecified,
// loopback, link-local and link-local multicast addresses are refused.
ErrorList ValidateNonSpecialIP(const std::string& path, const std::string& value);

// GetWarningsForIP / GetWarningsForCIDR as the release words them.
std::vector<std::string> GetWarningsForIP(const std::string& path, const std::string& value,
                                          const version::Profile& profile);
std::vector<std::string> GetWarningsForCIDR(const std::string& path, const std::string& value,
                                            const version::Profile& profile);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_IP_VALIDATION_H_
