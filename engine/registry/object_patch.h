// Merge and JSON patches of the objects whose stored form the engine keeps
// as JSON (ServiceCIDRs, IPAddresses), as the patch handler applies them
// (apiserver pkg/endpoints/handlers/patch.go): the patch against the object
// as a GET shows it, then the update path with the result. Strategic merge
// and apply patches of these objects are not modelled.
#ifndef KDUAL_ENGINE_REGISTRY_OBJECT_PATCH_H_
#define KDUAL_ENGINE_REGISTRY_OBJECT_PATCH_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"

namespace kdual::registry {

struct ObjectPatchOutcome {
  std::optional<Answer> refused;      // the answer when the patch is refused
  nlohmann::json patched;             // the patched object otherwise
  std::vector<std::string> warnings;  // a JSON patch's unknown keys (Warn)
};

// `req` is a kPatch of `kind` ("ServiceCIDR"); `current` the stored object.
ObjectPatchOutcome PatchObject(const Request& req, const nlohmann::json& current,
                               const std::string& kind);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_OBJECT_PATCH_H_
