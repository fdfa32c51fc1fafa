// A JSON patch (RFC 6902) as the patch handler applies one
// (apiserver pkg/endpoints/handlers/patch.go jsonPatcher.applyJSPatch):
// first the operations decoded as the handler's jsonPatchOp structs (type
// errors are a 400 "error decoding patch: ...", unknown keys are strict
// errors: warnings or, with fieldValidation=Strict, part of the refusal),
// then at most 10,000 of them applied by evanphx/json-patch v4
// (gopkg.in/evanphx/json-patch.v4; github.com/evanphx/json-patch v4.12.0 in
// 1.29, with the same texts), with its quirks kept:
//   - replace of a key an object lacks sets it (an object's get never fails);
//   - a test of a missing or null key against null (or no value) holds;
//   - list indexes may be negative (counted from the end), "-" appends;
//   - a null or absent parent, or one that is not an object or list, makes
//     the path missing.
// Any failure of the library is answered with the handler's fixed 422
// ("the server rejected our request due to an error in our request"); the
// library's own text does not reach the client.
#ifndef KDUAL_ENGINE_REGISTRY_JSON_PATCH_H_
#define KDUAL_ENGINE_REGISTRY_JSON_PATCH_H_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/registry/request.h"

namespace kdual::registry {

struct JsonPatchOutcome {
  std::optional<Answer> refused;  // the answer when the patch is refused
  nlohmann::json patched;         // the document, when not refused
  // The strict decoding errors of the operations ("json patch unknown field
  // \"[0].valeu\""), for warnings or a Strict refusal.
  std::vector<std::string> strict_errors;
  // The library's error text when it refused the patch (for the explain
  // trace and tests; the client never sees it).
  std::string library_error;
};

// Applies `patch` (the request body) to `document`. `validation` decides
// whether the operations are decoded strictly (Warn, Strict, and no
// parameter) or not (Ignore).
JsonPatchOutcome ApplyJsonPatch(const nlohmann::json& document, const nlohmann::json& patch,
                                FieldValidation validation);

}  // namespace kdual::registry

#endif  // KDUAL_ENGINE_REGISTRY_JSON_PATCH_H_
