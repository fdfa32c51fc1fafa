#include "engine/registry/delete_options.h"

#include <algorithm>
#include <limits>

#include "engine/base/json_access.h"
#include "engine/validation/field_error.h"

namespace kdual::registry {
namespace {

using nlohmann::json;

// The decode into metav1.DeleteOptions (sigs.k8s.io/json, case-sensitive):
// like encoding/json it keeps going after a type error and reports the first
// one, in the order the body's keys come (the JSON text as sent).
class Decoder {
 public:
  // Go names the innermost struct and the whole field path:
  // "Preconditions.preconditions.uid".
  void TypeError(const std::string& value, const std::string& field, const std::string& type) {
    if (error_.empty()) {
      const bool nested = field.rfind("preconditions.", 0) == 0;
      error_ = "json: cannot unmarshal " + value + " into Go struct field " +
               (nested ? "Preconditions." : "DeleteOptions.") + field + " of type " + type;
    }
  }

  std::optional<std::string> String(const json& v, const std::string& field,
                                    const std::string& type) {
    if (v.is_null()) return std::nullopt;
    if (!v.is_string()) {
      TypeError(GoJsonKind(v), field, type);
      return std::nullopt;
    }
    return v.get<std::string>();
  }

  void Decode(const json& body, DeleteOptions* out) {
    for (auto it = body.begin(); it != body.end(); ++it) {
      const std::string& key = it.key();
      const json& v = it.value();
      if (key == "propagationPolicy") {
        out->propagation_policy = String(v, key, "v1.DeletionPropagation");
      } else if (key == "orphanDependents") {
        if (v.is_boolean())
          out->orphan_dependents = v.get<bool>();
        else if (!v.is_null())
          TypeError(GoJsonKind(v), key, "bool");
      } else if (key == "gracePeriodSeconds") {
        if (v.is_number_integer() &&
            (!v.is_number_unsigned() ||
             v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))) {
          out->grace_period_seconds = v.get<int64_t>();
        } else if (v.is_number()) {
          TypeError("number " + v.dump(), key, "int64");  // a fraction, or past int64
        } else if (!v.is_null()) {
          TypeError(GoJsonKind(v), key, "int64");
        }
      } else if (key == "dryRun") {
        if (v.is_array()) {
          for (const json& item : v) {
            auto s = String(item, key, "string");
            out->dry_run.push_back(s.value_or(""));
          }
        } else if (!v.is_null()) {
          TypeError(GoJsonKind(v), key, "[]string");
        }
      } else if (key == "preconditions") {
        if (v.is_object()) {
          for (auto p = v.begin(); p != v.end(); ++p) {
            if (p.key() == "uid") {
              out->precondition_uid = String(p.value(), "preconditions.uid", "types.UID");
            } else if (p.key() == "resourceVersion") {
              out->precondition_resource_version =
                  String(p.value(), "preconditions.resourceVersion", "string");
            }
          }
        } else if (!v.is_null()) {
          TypeError(GoJsonKind(v), key, "v1.Preconditions");
        }
      }
      // Any other key (a wrong case included) is dropped: no strict mode.
    }
  }

  const std::string& error() const { return error_; }

 private:
  std::string error_;
};

// The handler's answer to a decode error: errors.NewBadRequest since 1.35
// (kubernetes/kubernetes#133358); before, the plain error went out as a
// 500 with no reason.
Answer DecodeError(const std::string& message, const version::Profile& profile) {
  if (profile.delete_options_decode_bad_request)
    return FromStatusJson(validation::BadRequestStatus(message));
  return FromStatusJson(validation::UnknownErrorStatus(message));
}

const char* const kTypeMetaStruct =
    "struct { APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string "
    "\"json:\\\"kind,omitempty\\\"\" }";

// runtime.Decode's first step reads apiVersion and kind alone
// (json.DefaultMetaFactory.Interpret) into an anonymous struct; "" when
// they read, else the decoder's error.
std::string CheckTypeMeta(const json& body, int scheme_line) {
  const std::string prefix = "couldn't get version/kind; json parse error: json: cannot unmarshal ";
  if (!body.is_object()) {
    return prefix + GoJsonKind(body) + " into Go value of type " + kTypeMetaStruct;
  }
  std::string version, kind;
  for (auto it = body.begin(); it != body.end(); ++it) {
    if (it.key() != "apiVersion" && it.key() != "kind") continue;
    if (it->is_null()) continue;
    if (!it->is_string()) {
      return prefix + GoJsonKind(*it) + " into Go struct field ." + it.key() + " of type string";
    }
    (it.key() == "kind" ? kind : version) = it->get<std::string>();
  }
  // The handler decodes into a DeleteOptions whatever version the body
  // names; a body of another kind has no type in the meta scheme.
  if (!kind.empty() && kind != "DeleteOptions") {
    if (version.empty()) version = "meta.k8s.io/v1";
    return "no kind \"" + kind + "\" is registered for version \"" + version +
           "\" in scheme \"pkg/runtime/scheme.go:" + std::to_string(scheme_line) + "\"";
  }
  return "";
}

}  // namespace

DeleteOptionsOutcome ReadDeleteOptions(const Request& request, const version::Profile& profile) {
  DeleteOptionsOutcome out;
  DeleteOptions& o = out.options;
  if (request.body.is_null()) {
    // No body: the query (DecodeParameters); runners send only dryRun there.
    if (request.dry_run) o.dry_run = {"All"};
  } else {
    o.from_body = true;
    std::string error = CheckTypeMeta(request.body, profile.decode_scheme_go_line);
    if (error.empty()) {
      Decoder d;
      d.Decode(request.body, &o);
      error = d.error();
    }
    if (!error.empty()) {
      out.refused = DecodeError(error, profile);
      return out;
    }
  }
  // ValidateDeleteOptions (apimachinery pkg/apis/meta/v1/validation).
  validation::ErrorList errs;
  if (o.orphan_dependents && o.propagation_policy) {
    errs.push_back(validation::Invalid(
        "propagationPolicy", validation::FieldValue::NamedPtr(o.propagation_policy),
        "orphanDependents and deletionPropagation cannot be both set"));
  }
  if (o.propagation_policy && *o.propagation_policy != kPropagationForeground &&
      *o.propagation_policy != kPropagationBackground &&
      *o.propagation_policy != kPropagationOrphan) {
    errs.push_back(validation::NotSupported(
        "propagationPolicy", validation::FieldValue::NamedPtr(o.propagation_policy),
        {kPropagationForeground, kPropagationBackground, kPropagationOrphan, "nil"}));
  }
  // ValidateDryRun: every value is All (allowedDryRunValues.HasAll), so
  // [All, All] is a dry run too; an empty list is none.
  if (std::any_of(o.dry_run.begin(), o.dry_run.end(),
                  [](const std::string& v) { return v != "All"; })) {
    errs.push_back(
        validation::NotSupported("dryRun", validation::FieldValue::List(o.dry_run), {"All"}));
  }
  if (!errs.empty()) {
    // errors.NewInvalid(schema.GroupKind{Group: "meta.k8s.io", Kind:
    // "DeleteOptions"}, "", errs).
    json status = validation::InvalidStatus("DeleteOptions.meta.k8s.io", "", errs,
                                            profile.field_error_values_as_json);
    status["details"]["kind"] = "DeleteOptions";
    status["details"]["group"] = "meta.k8s.io";
    out.refused = FromStatusJson(status);
  }
  return out;
}

}  // namespace kdual::registry
