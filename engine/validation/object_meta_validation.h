// ObjectMeta validation of a namespaced object (apimachinery
// pkg/api/validation/objectmeta.go plus the core wrappers in
// pkg/apis/core/validation/validation.go that add the finalizer-name check),
// as each modelled release words it.
#ifndef KDUAL_ENGINE_VALIDATION_OBJECT_META_VALIDATION_H_
#define KDUAL_ENGINE_VALIDATION_OBJECT_META_VALIDATION_H_

#include <functional>
#include <string>
#include <vector>

#include "engine/api/service.h"
#include "engine/validation/field_error.h"
#include "engine/version/profile.h"

namespace kdual::validation {

// ValidateNameFunc(name, prefix): the messages for a name or (prefix) a
// generateName.
using NameFunc = std::function<std::vector<std::string>(const std::string& name, bool prefix)>;

// apimachinery ValidateObjectMetaAccessor(meta, namespaced, nameFn, "metadata").
ErrorList ValidateObjectMetaAccessor(const api::Service& svc, const NameFunc& name_fn,
                                     const version::Profile& profile);

// apimachinery ValidateObjectMetaAccessorUpdate(new, old, "metadata").
ErrorList ValidateObjectMetaAccessorUpdate(const api::Service& svc, const api::Service& old,
                                           const version::Profile& profile);

// core ValidateObjectMeta(meta, requiresNamespace=true, nameFn, "metadata"):
// the accessor checks plus validateKubeFinalizerName per finalizer.
ErrorList ValidateObjectMeta(const api::Service& svc, const NameFunc& name_fn,
                             const version::Profile& profile);

// core ValidateObjectMetaUpdate(new, old, "metadata"): the accessor update
// checks plus validateKubeFinalizerName per finalizer.
ErrorList ValidateObjectMetaUpdate(const api::Service& svc, const api::Service& old,
                                   const version::Profile& profile);

// The name part of ValidateObjectMeta for an object named by
// NameIsDNSSubdomain that is given no generateName (Nodes, ServiceCIDRs):
// Required when empty, else the subdomain messages on metadata.name.
ErrorList ValidateSubdomainName(const std::string& name);

// ValidateLabels(labels, path) and ValidateAnnotations(annotations, path).
// Go walks the maps in random order; kdual walks them sorted by key.
ErrorList ValidateLabels(const std::map<std::string, std::string>& labels, const std::string& path,
                         const version::Profile& profile);
ErrorList ValidateAnnotations(const std::map<std::string, std::string>& annotations,
                              const std::string& path, const version::Profile& profile);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_OBJECT_META_VALIDATION_H_
