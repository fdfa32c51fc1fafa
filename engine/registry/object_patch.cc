#include "engine/registry/object_patch.h"

#include "engine/registry/json_patch.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using nlohmann::json;

ObjectPatchOutcome PatchObject(const Request& req, const json& current, const std::string& kind) {
  ObjectPatchOutcome out;
  switch (req.patch_type) {
    case PatchType::kMerge:
      // jsonPatcher.applyJSPatch, merge: the patch decoded into a map first.
      if (!req.body.is_object()) {
        out.refused = FromStatusJson(
            validation::BadRequestStatus("error decoding patch: json: cannot unmarshal " +
                                         std::string(req.body.is_array() ? "array" : "value") +
                                         " into Go value of type map[string]interface {}"));
        return out;
      }
      out.patched = current;
      out.patched.merge_patch(req.body);
      return out;
    case PatchType::kJson: {
      JsonPatchOutcome applied = ApplyJsonPatch(current, req.body, req.field_validation);
      if (applied.refused) {
        out.refused = *applied.refused;
        return out;
      }
      if (!applied.strict_errors.empty() && req.field_validation != FieldValidation::kIgnore) {
        if (req.field_validation == FieldValidation::kStrict) {
          out.refused = FromStatusJson(
              validation::UnknownErrorStatus("a Strict refusal of a " + kind +
                                             " JSON patch's unknown keys is not modelled by "
                                             "the kdual engine yet"));
          return out;
        }
        out.warnings = applied.strict_errors;
      }
      out.patched = std::move(applied.patched);
      return out;
    }
    case PatchType::kStrategic: break;
  }
  out.refused = FromStatusJson(validation::UnknownErrorStatus(
      "a strategic merge patch of a " + kind + " is not modelled by the kdual engine yet"));
  return out;
}

}  // namespace kdual::registry
