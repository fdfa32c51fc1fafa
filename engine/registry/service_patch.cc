// A Service patch (handlers/patch.go): the patch applied to the stored
// object (JSON merge, strategic merge: strategic_merge.h, or JSON patch),
// then the update path with the result.
#include "engine/registry/service_cluster.h"

#include <cmath>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/registry/json_patch.h"
#include "engine/registry/service_internal.h"
#include "engine/registry/strategic_merge.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

namespace {

void IntegralFloatsToIntegers(json& v) {
  if (v.is_structured()) {
    for (auto& e : v) IntegralFloatsToIntegers(e);
  } else if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18)
      v = static_cast<int64_t>(d);
  }
}

}  // namespace

Answer ServiceCluster::HandlePatch(const Request& req) {
  auto it = store_.find({req.namespace_name, req.name});
  if (it == store_.end()) return FromStatusJson(validation::NotFoundStatus(kResource, req.name));
  json current = api::EncodeService(it->second);
  json patched;
  switch (req.patch_type) {
    case PatchType::kStrategic: {
      // strategicPatchObject: the patch decoded into a map (a non-object is
      // the decoder's 400, without the merge patch's "error decoding patch"
      // prefix; null is an empty patch), then mergeMap (strategic_merge.h).
      if (!req.body.is_object() && !req.body.is_null()) {
        return FromStatusJson(
            validation::BadRequestStatus("json: cannot unmarshal " +
                                         std::string(req.body.is_array()     ? "array"
                                                     : req.body.is_string()  ? "string"
                                                     : req.body.is_boolean() ? "bool"
                                                                             : "number") +
                                         " into Go value of type map[string]interface {}"));
      }
      StrategicMergeResult merged =
          StrategicMerge(current, req.body,
                         {profile_.smp_delete_list_on_any_list,
                          profile_.smp_directives_removed_from_taken_values});
      if (merged.refused) return *merged.refused;
      patched = std::move(merged.merged);
      // The merged map reaches the Service through the unstructured
      // converter (FromUnstructuredWithValidation), not the JSON decoder: a
      // number written 80.0 fills an integer field as 80.
      IntegralFloatsToIntegers(patched);
      break;
    }
    case PatchType::kMerge:
      if (!req.body.is_object()) {
        return FromStatusJson(
            validation::BadRequestStatus("error decoding patch: json: cannot unmarshal " +
                                         std::string(req.body.is_array() ? "array" : "value") +
                                         " into Go value of type map[string]interface {}"));
      }
      patched = current;
      patched.merge_patch(req.body);
      break;
    case PatchType::kJson: {
      JsonPatchOutcome outcome = ApplyJsonPatch(current, req.body, req.field_validation);
      if (outcome.refused) {
        KDUAL_TRACE("patch.go applyJSPatch",
                    "the JSON patch is refused" +
                        (outcome.library_error.empty()
                             ? std::string()
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
