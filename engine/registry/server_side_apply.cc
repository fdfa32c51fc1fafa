// Server-side apply of a Service (PATCH with application/apply-patch+yaml):
// the handler's checks (apiserver endpoints/handlers/patch.go applyPatcher,
// rest.go), the field manager's (managers.h: version check, managedFields,
// the typed patch, merge, prune, conflicts), then the merged object takes
// the update path, or the create path when no Service has the name
// (forceAllowCreate).
#include <cstdio>
#include <optional>
#include <string>

#include "engine/base/explain_trace.h"
#include "engine/fieldmanager/managers.h"
#include "engine/fieldmanager/typed_value.h"
#include "engine/registry/service_cluster.h"
#include "engine/registry/service_internal.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {

using nlohmann::json;

namespace {

std::string StringAt(const json& obj, const char* key) {
  if (!obj.is_object()) return "";
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : "";
}

// schema.GroupVersionKind.String() of the applied object: "/v1, Kind=Service".
std::string GroupVersionKind(const std::string& api_version, const std::string& kind) {
  std::string group, version = api_version;
  if (auto slash = api_version.find('/'); slash != std::string::npos) {
    group = api_version.substr(0, slash);
    version = api_version.substr(slash + 1);
  }
  return group + "/" + version + ", Kind=" + kind;
}

// ValidatePatchOptions (apimachinery pkg/apis/meta/v1/validation): the
// field manager is required for apply, at most 128 bytes, and printable.
std::optional<json> PatchOptionsStatus(const std::string& manager, const version::Profile& p) {
  validation::ErrorList errs;
  if (manager.empty()) {
    errs.push_back(validation::Required("fieldManager", "is required for apply patch"));
  }
  if (manager.size() > 128) {
    validation::FieldError e = validation::TooLong("fieldManager", 128);
    if (!p.too_long_says_may_not_be_more) e.detail = "must have at most 128 bytes";
    errs.push_back(e);
  }
  for (size_t i = 0; i < manager.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(manager[i]);
    if (c < 0x20 || c == 0x7f) {  // unicode.IsPrint, for the ASCII range
      char rune[8];
      std::snprintf(rune, sizeof rune, "U+%04X", c);
      errs.push_back(validation::Invalid(
          "fieldManager", validation::FieldValue::String(manager),
          std::string("invalid character ") + rune + " (at position " + std::to_string(i) + ")"));
    }
  }
  if (errs.empty()) return std::nullopt;
  return validation::GroupedStatus(
      validation::InvalidStatus("PatchOptions.meta.k8s.io", "", errs, p.field_error_values_as_json),
      "meta.k8s.io", "PatchOptions");
}

}  // namespace

Answer ServiceCluster::HandleApply(const Request& req) {
  if (auto refused = PatchOptionsStatus(req.field_manager, profile_))
    return FromStatusJson(*refused);
  const json& config = req.body;
  if (!config.is_object()) {
    return FromStatusJson(validation::UnknownErrorStatus(
        "kdual engine: an apply body that is not a mapping is not modelled"));
  }
  const std::string api_version = StringAt(config, "apiVersion");
  const std::string kind = StringAt(config, "kind");
  // The field manager's checks, outermost first.
  if (profile_.apply_checks_kind) {
    if (api_version != "v1" || kind != "Service") {
      return FromStatusJson(validation::BadRequestStatus("invalid object type: " +
                                                         GroupVersionKind(api_version, kind)));
    }
  } else if (api_version != "v1") {
    // GroupVersion.String() prints the apiVersion as it was written.
    return FromStatusJson(validation::BadRequestStatus(
        "Incorrect version specified in apply patch. Specified patch version: " + api_version +
        ", expected: v1"));
  }
  const json* meta = config.contains("metadata") ? &config["metadata"] : nullptr;
  if (meta && meta->is_object() && meta->contains("managedFields") &&
      !(*meta)["managedFields"].is_null()) {
    return FromStatusJson(validation::BadRequestStatus("metadata.managedFields must be nil"));
  }
  // The typed patch: a field the schema does not declare, or a value of
  // the wrong type, is a plain error (a 500 without a reason).
  const std::string object_ref = StringAt(meta ? *meta : json(), "namespace") + "/" +
                                 StringAt(meta ? *meta : json(), "name") + "; " +
                                 GroupVersionKind(api_version, kind);
  if (kind != "Service") {
    if (kind.empty()) {
      return FromStatusJson(validation::UnknownErrorStatus(
          "failed to create typed patch object (" + object_ref + "): no corresponding type for " +
          GroupVersionKind(api_version, kind)));
    }
    return FromStatusJson(validation::UnknownErrorStatus("kdual engine: an apply of kind " + kind +
                                                         " to services is not modelled"));
  }
  const fieldmanager::Schema schema = ApplySchema();
  if (auto errors = fieldmanager::Validate(schema, config); !errors.empty()) {
    KDUAL_TRACE("fieldmanager structuredmerge.go Apply",
                "the typed patch does not fit the v1 Service schema");
    return FromStatusJson(
        validation::UnknownErrorStatus("failed to create typed patch object (" + object_ref +
                                       "): " + fieldmanager::ValidationErrorsText(errors)));
  }

  auto it = store_.find({req.namespace_name, req.name});
  const bool exists = it != store_.end();
  const json live = exists ? api::EncodeService(it->second) : json();
  const fieldmanager::ManagerId applier{req.field_manager, true, "v1", req.subresource};
  fieldmanager::ApplyOutcome outcome = fieldmanager::Apply(
      schema, exists ? it->second.managed_fields.Resolve(schema) : fieldmanager::Managers{},
      applier, live, config, req.force, profile_.apply_noop_by_equality);
  if (!outcome.conflicts.empty()) {
    KDUAL_TRACE("merge/update.go Updater.Apply",
                "another manager owns a field whose value the apply changes");
    return FromStatusJson(fieldmanager::ConflictStatus(outcome.conflicts));
  }
  // An apply that changes nothing goes on with the live object (its
  // managers may still have changed).
  json merged = outcome.object ? *outcome.object : live;
  if (!exists) {
    // patch.go applyPatch: a uid in what the apply creates has no object
    // to match.
    const std::string uid =
        StringAt(merged.contains("metadata") ? merged["metadata"] : json(), "uid");
    if (!uid.empty()) {
      return FromStatusJson(
          validation::ConflictStatus(kResource, req.name,
                                     "uid mismatch: the provided object specified uid " + uid +
                                         ", and no existing object was found"));
    }
  }
  return HandleUpdate(req, merged, exists, {}, &outcome.managers);
}

}  // namespace kdual::registry
