// Helpers the Service handler files share (service_create.cc,
// service_update.cc, ...): answers from Status bodies, the stored object's
// metadata, the namespace check of the handlers. Internal to
// engine/registry; not part of the engine's interface.
#ifndef KDUAL_ENGINE_REGISTRY_SERVICE_INTERNAL_H_
#define KDUAL_ENGINE_REGISTRY_SERVICE_INTERNAL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/service.h"
#include "engine/registry/request.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

inline constexpr const char* kResource = "services";
// The engine has no clock: every object is created at this instant.
inline constexpr const char* kCreationTimestamp = "2024-01-01T00:00:00Z";

// An answer carrying a metav1.Status body (its code is the HTTP status).

// The engine's deterministic uid for the n-th object.
std::string UidFor(int64_t n);

// spec.clusterIPs as a field error's value ([]string, nil when unset).
validation::FieldValue ClusterIPsValue(const api::Service& s);

// metadata.<key> of the stored object, null when absent or null.
const nlohmann::json* MetaField(const api::Service& svc, const char* key);

// rest.BeforeUpdate on the system fields: the request's uid is kept
// (validated as immutable later), none given takes the stored one;
// creationTimestamp is the stored one; an update can never remove or change
// a deletion timestamp, nor remove the grace period.
void KeepSystemFieldsOnUpdate(api::Service& svc, const api::Service& old);
bool HasFinalizers(const api::Service& svc);

// metadata.clusterName, a field of ObjectMeta until 1.25 (the decoder knows
// it only there): rest.BeforeCreate and BeforeUpdate clear it, in 1.24 with
// a warning when it was set (`warn`: "metadata.clusterName was specified. ...").
void DropDeprecatedClusterName(api::Service& svc, bool warn, std::vector<std::string>* warnings);
bool IsBeingDeleted(const api::Service& svc);

// The storage versioner's ObjectResourceVersion: "" is 0, else
// strconv.ParseUint(rv, 10, 64), whose error text is `*error`.
bool ParseResourceVersion(const std::string& rv, uint64_t* out, std::string* error);

// The namespace check of the create and update handlers
// (rest.EnsureObjectNamespaceMatchesRequestNamespace): fills an empty
// metadata.namespace from the request; a different one is a 400.
// Before 1.24 (`refuse_mismatch` false) the handlers only fill an empty one:
// a different one is refused later (checkName on update and patch,
// rest.BeforeCreate on create).
std::optional<Answer> CheckNamespace(nlohmann::json& body, const std::string& ns,
                                     bool refuse_mismatch = true);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_SERVICE_INTERNAL_H_
