// What an update that changes a Service's type drops (pkg/registry/core/
// service/strategy.go dropTypeDependentFields): fields the new type does not
// use, cleared only when the request left them as they were stored.
#ifndef KDUAL_ENGINE_REGISTRY_TYPE_DEPENDENT_FIELDS_H_
#define KDUAL_ENGINE_REGISTRY_TYPE_DEPENDENT_FIELDS_H_

#include "engine/api/service.h"
#include "engine/version/profile.h"

namespace kdual::registry {

void DropTypeDependentFields(api::Service& svc, const api::Service& old,
                             const version::Profile& profile);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_TYPE_DEPENDENT_FIELDS_H_
