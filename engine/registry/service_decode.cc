#include "engine/registry/service_cluster.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/base/explain_trace.h"
#include "engine/base/go_format.h"
#include "engine/defaults/service_defaults.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using api::Service;
using nlohmann::json;
using validation::ErrorList;
using validation::FieldValue;

// What ?fieldValidation= makes of the unknown fields the decoder found
// (apiserver pkg/endpoints/handlers create.go, update.go, patch.go):
// Warn (and no parameter) turns each into a warning, Ignore drops them, and
// Strict refuses the request. A create or update is refused as the decode
// error it is (transformDecodeError: 400 "Service in version "v1" cannot be
// handled as a Service: strict decoding error: ..."); a patch as an Invalid
// `patch` field whose value is the strategic patch as Go's %+v prints the map
// (applyPatchToObject), or the patched object's JSON for merge and JSON
// patches (jsonPatcher.applyPatchToCurrentObject). The server's patched JSON
// carries its own uid, timestamps and managedFields; the engine's carries
// what it stores, so only the message's tail is exact there.
std::optional<Answer> ServiceCluster::ApplyFieldValidation(
    const Request& req, const json& patched, std::vector<std::string>* unknown_fields) const {
  if (unknown_fields->empty()) return std::nullopt;
  if (req.field_validation == FieldValidation::kIgnore) {
    unknown_fields->clear();
    return std::nullopt;
  }
  // Server-side apply refuses unknown fields through its typed converter
  // with other words; not modelled, so apply keeps the warnings.
  if (req.field_validation != FieldValidation::kStrict || req.op == Op::kApply) return std::nullopt;
  std::string strict = "strict decoding error: ";
  for (size_t i = 0; i < unknown_fields->size(); ++i)
    strict += (i ? ", " : "") + (*unknown_fields)[i];
  if (req.op == Op::kCreate || req.op == Op::kUpdate) {
    KDUAL_TRACE("create.go/update.go",
                "fieldValidation=Strict: the decoder's unknown fields refuse the request");
    return FromStatusJson(validation::BadRequestStatus(
        "Service in version \"v1\" cannot be handled as a Service: " + strict));
  }
  KDUAL_TRACE("patch.go",
              "fieldValidation=Strict: the patched object's unknown fields make the patch invalid");
  std::string value = req.patch_type == PatchType::kStrategic
                          ? GoValueText(req.body, /*preserve_ints=*/true)
                          : patched.dump();
  validation::ErrorList errs = {
      validation::Invalid("patch", validation::FieldValue::String(value), strict)};
  return FromStatusJson(validation::InvalidStatus("", "", errs, json_values()));
}

// A Service body as handlers/create.go and update.go decode it: not an
// object is a 400 (each handler in its own words), then the namespace check,
// apiVersion and kind, the decode itself (a type error is a 400) and
// ?fieldValidation=. `patched` is the patched object for a patch (quoted by
// a Strict refusal), null otherwise.
std::optional<Answer> ServiceCluster::DecodeBody(
    const Request& req, const json& in_body, const json& patched, api::DecodeResult* out,
    const std::vector<std::string>& patch_strict_errors) const {
  json body = in_body;
  if (!body.is_object()) {
    if (req.op == Op::kCreate) {
      return FromStatusJson(validation::BadRequestStatus(
          "the object provided is unrecognized (must be of type Service): couldn't get version/kind; json parse "
          "error: json: cannot unmarshal " +
          std::string(body.is_array()    ? "array"
                      : body.is_string() ? "string"
                      : body.is_null()   ? "null"
                                         : "number") +
          " into Go value of type struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
          "\"json:\\\"kind,omitempty\\\"\" }"));
    }
    return FromStatusJson(validation::BadRequestStatus(
        "the object provided is unrecognized (must be of type Service): couldn't get version/kind"));
  }
  if (auto bad = CheckNamespace(body, req.namespace_name, profile_.namespace_checked_by_handlers))
    return *bad;
  if (auto tm = api::CheckServiceTypeMeta(body, profile_.decode_scheme_go_line); !tm.ok()) {
    return FromStatusJson(validation::BadRequestStatus(tm.message()));
  }
  auto decoded =
      api::DecodeService(body, profile_.api_fields_minor, profile_.strict_decode_field_paths);
  if (!decoded.ok())
    return FromStatusJson(validation::BadRequestStatus(decoded.status().message()));
  decoded->warnings.insert(decoded->warnings.begin(), patch_strict_errors.begin(),
                           patch_strict_errors.end());
  if (auto strict = ApplyFieldValidation(req, patched, &decoded->warnings)) return *strict;
  *out = std::move(decoded).value();
  return std::nullopt;
}

}  // namespace kdual::registry
