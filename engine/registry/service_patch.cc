// A Service patch (handlers/patch.go): the patch applied to the stored
// object (JSON merge, strategic merge: strategic_merge.h, or JSON patch),
// then the update path with the result.
#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/go_format.h"
#include "engine/base/trace.h"
#include "engine/defaults/service_defaults.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"
#include "engine/registry/json_patch.h"
#include "engine/registry/strategic_merge.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

Answer ServiceCluster::HandlePatch(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  json current = api::EncodeService(it->second);
  json patched;
  switch (req.patch_type) {
    case PatchType::kStrategic:
      // A strategic merge patch is applied as a JSON merge patch, except that
      // spec.ports is merged by its merge key `port` (the only list of a
      // Service with patchStrategy merge) and `$patch: delete` / `replace`
      // work on its elements. Other directives ($retainKeys,
      // $setElementOrder, $deleteFromPrimitiveList) are not understood yet.
      if (!req.body.is_object()) {
        return FromStatusJson(validation::BadRequestStatus(
            "error decoding patch: json: cannot unmarshal " +
            std::string(req.body.is_array() ? "array" : "value") + " into Go value of type map[string]interface {}"));
      }
      {
        std::string merge_error;
        patched = StrategicMerge(current, req.body, &merge_error);
        if (!merge_error.empty()) return FromStatusJson(validation::UnknownErrorStatus(merge_error));
      }
      break;
    case PatchType::kMerge:
      if (!req.body.is_object()) {
        return FromStatusJson(validation::BadRequestStatus(
            "error decoding patch: json: cannot unmarshal " +
            std::string(req.body.is_array() ? "array" : "value") + " into Go value of type map[string]interface {}"));
      }
      patched = current;
      patched.merge_patch(req.body);
      break;
    case PatchType::kJson: {
      JsonPatchOutcome outcome = ApplyJsonPatch(current, req.body, req.field_validation);
      if (outcome.refused) {
        KDUAL_TRACE("patch.go applyJSPatch",
                    "the JSON patch is refused" +
                        (outcome.library_error.empty() ? std::string()
                                                       : " (evanphx/json-patch: " + outcome.library_error +
                                                             "; the client sees only the handler's fixed message)"));
        return *outcome.refused;
      }
      return HandleUpdate(req, outcome.patched, true, outcome.strict_errors);
    }
  }
  return HandleUpdate(req, patched, true);
}

}  // namespace kdual::registry
