#include "conformance/golden/json_schema.h"

#include <regex>
#include <set>

namespace kdual::golden {
namespace {

using nlohmann::json;

const std::set<std::string>& KnownKeywords() {
  static const std::set<std::string> k = {
      "$schema", "$id",      "title",     "description", "$defs",    "$ref",
      "type",    "enum",     "const",     "properties",  "required", "additionalProperties",
      "items",   "minItems", "minLength", "minimum",     "maximum",  "pattern",
      "oneOf",   "anyOf"};
  return k;
}

Status CheckKeywords(const json& schema, const std::string& at) {
  if (schema.is_boolean()) return Status::Ok();
  if (!schema.is_object()) return InvalidArgument("schema at " + at + " is not an object");
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    if (!KnownKeywords().count(it.key())) {
      return InvalidArgument("schema keyword \"" + it.key() + "\" at " + at + " is not supported");
    }
  }
  for (const char* key : {"properties", "$defs"}) {
    if (schema.contains(key)) {
      for (auto it = schema[key].begin(); it != schema[key].end(); ++it) {
        KDUAL_RETURN_IF_ERROR(CheckKeywords(it.value(), at + "/" + key + "/" + it.key()));
      }
    }
  }
  for (const char* key : {"items", "additionalProperties"}) {
    if (schema.contains(key)) KDUAL_RETURN_IF_ERROR(CheckKeywords(schema[key], at + "/" + key));
  }
  for (const char* key : {"oneOf", "anyOf"}) {
    if (schema.contains(key)) {
      for (size_t i = 0; i < schema[key].size(); ++i) {
        KDUAL_RETURN_IF_ERROR(
            CheckKeywords(schema[key][i], at + "/" + key + "/" + std::to_string(i)));
      }
    }
  }
  return Status::Ok();
}

bool HasType(const json& v, const std::string& type) {
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_number_integer() || v.is_number_unsigned();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_boolean();
  if (type == "null") return v.is_null();
  return false;
}

std::string Short(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 60 ? s.substr(0, 60) + "..." : s;
}

class Validator {
 public:
  explicit Validator(const json& root) : root_(root) {}

  void Check(const json& schema, const json& v, const std::string& at,
             std::vector<SchemaError>* out) {
    if (schema.is_boolean()) {
      if (!schema.get<bool>()) out->push_back({at, "is not allowed here"});
      return;
    }
    if (schema.contains("$ref")) {
      std::string ref = schema["$ref"].get<std::string>();
      const std::string prefix = "#/$defs/";
      if (ref.rfind(prefix, 0) == 0 && root_.contains("$defs") &&
          root_["$defs"].contains(ref.substr(prefix.size()))) {
        Check(root_["$defs"][ref.substr(prefix.size())], v, at, out);
      } else {
        out->push_back({at, "schema reference " + ref + " cannot be resolved"});
      }
    }
    if (schema.contains("type")) {
      const json& t = schema["type"];
      bool ok = false;
      std::string names;
      if (t.is_string()) {
        ok = HasType(v, t.get<std::string>());
        names = t.get<std::string>();
      } else {
        for (const auto& one : t) {
          ok = ok || HasType(v, one.get<std::string>());
          names += (names.empty() ? "" : " or ") + one.get<std::string>();
        }
      }
      if (!ok) {
        out->push_back({at, "must be " + names + ", not " + Short(v)});
        return;
      }
    }
    if (schema.contains("const") && v != schema["const"]) {
      out->push_back({at, "must be " + Short(schema["const"]) + ", not " + Short(v)});
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == v;
      if (!found)
        out->push_back({at, "must be one of " + Short(schema["enum"]) + ", not " + Short(v)});
    }
    if (v.is_string()) {
      const std::string& s = v.get_ref<const std::string&>();
      if (schema.contains("minLength") && s.size() < schema["minLength"].get<size_t>()) {
        out->push_back(
            {at, "must not be shorter than " + schema["minLength"].dump() + " characters"});
      }
      if (schema.contains("pattern") &&
          !std::regex_search(s, std::regex(schema["pattern"].get<std::string>()))) {
        out->push_back(
            {at, "must match " + schema["pattern"].get<std::string>() + ", not " + Short(v)});
      }
    }
    if (v.is_number()) {
      if (schema.contains("minimum") && v.get<double>() < schema["minimum"].get<double>()) {
        out->push_back({at, "must be at least " + schema["minimum"].dump()});
      }
      if (schema.contains("maximum") && v.get<double>() > schema["maximum"].get<double>()) {
        out->push_back({at, "must be at most " + schema["maximum"].dump()});
      }
    }
    if (v.is_array()) {
      if (schema.contains("minItems") && v.size() < schema["minItems"].get<size_t>()) {
        out->push_back({at, "must have at least " + schema["minItems"].dump() + " items"});
      }
      if (schema.contains("items")) {
        for (size_t i = 0; i < v.size(); ++i)
          Check(schema["items"], v[i], at + "/" + std::to_string(i), out);
      }
    }
    if (v.is_object()) {
      if (schema.contains("required")) {
        for (const auto& r : schema["required"]) {
          if (!v.contains(r.get<std::string>())) {
            out->push_back({at, "missing required field \"" + r.get<std::string>() + "\""});
          }
        }
      }
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string child = at + "/" + it.key();
        if (schema.contains("properties") && schema["properties"].contains(it.key())) {
          Check(schema["properties"][it.key()], it.value(), child, out);
        } else if (schema.contains("additionalProperties")) {
          const json& ap = schema["additionalProperties"];
          if (ap.is_boolean() && !ap.get<bool>())
            out->push_back({child, "unknown field"});
          else
            Check(ap, it.value(), child, out);
        }
      }
    }
    if (schema.contains("oneOf") || schema.contains("anyOf")) {
      bool one = schema.contains("oneOf");
      const json& alts = one ? schema["oneOf"] : schema["anyOf"];
      int matched = 0;
      for (const auto& alt : alts) {
        std::vector<SchemaError> errors;
        Check(alt, v, at, &errors);
        matched += errors.empty();
      }
      if (one && matched != 1) {
        out->push_back({at, "must match exactly one of " + std::to_string(alts.size()) +
                                " alternatives " + Short(alts) + "; matched " +
                                std::to_string(matched)});
      } else if (!one && matched == 0) {
        out->push_back({at, "must match at least one of " + Short(alts)});
      }
    }
  }

 private:
  const json& root_;
};

}  // namespace

Result<JsonSchema> JsonSchema::Load(const nlohmann::json& schema) {
  KDUAL_RETURN_IF_ERROR(CheckKeywords(schema, "#"));
  return JsonSchema(schema);
}

std::vector<SchemaError> JsonSchema::Validate(const nlohmann::json& instance) const {
  std::vector<SchemaError> errors;
  Validator(schema_).Check(schema_, instance, "", &errors);
  return errors;
}

namespace {
#include "golden_case_schema.inc"  // kGoldenCaseSchemaText, generated by CMake
}  // namespace

const JsonSchema& GoldenCaseSchema() {
  static const JsonSchema schema = [] {
    auto loaded = JsonSchema::Load(json::parse(kGoldenCaseSchemaText));
    // The schema is part of the build; a schema the validator cannot read is
    // a build defect that the unit tests catch.
    if (!loaded.ok()) std::abort();
    return std::move(loaded).value();
  }();
  return schema;
}

}  // namespace kdual::golden
