#include "conformance/golden/case_writer.h"

#include <sstream>

#include "conformance/golden/yaml_writer.h"

namespace kdual::golden {
namespace {

using nlohmann::json;

json FlagsToJson(const flags::ComponentFlags& f) {
  json out = json::object();
  for (const auto& [component, values] : f.components) {
    json flags = json::object();
    for (const auto& [k, v] : values) flags[k] = v;
    out[component] = flags;
  }
  return out;
}

const char* PatchTypeName(registry::PatchType t) {
  switch (t) {
    case registry::PatchType::kMerge: return "merge";
    case registry::PatchType::kStrategic: return "strategic";
    case registry::PatchType::kJson: return "json";
  }
  return "merge";
}

std::vector<std::string> Split(const std::string& pointer) {
  std::vector<std::string> parts;
  std::stringstream in(pointer);
  std::string part;
  while (std::getline(in, part, '/')) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts;
}

bool IsIndex(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The format's field order, by where an object sits in the case.
std::vector<std::string> CaseKeyOrder(const std::string& pointer) {
  static const std::vector<std::string> kExpect = {"match",        "object", "error",
                                                   "startupError", "anyOf",  "warnings"};
  std::vector<std::string> p = Split(pointer);
  if (p.empty())
    return {"apiVersion", "kind", "name", "description", "source", "cluster", "requires", "steps"};
  if (p.size() == 1 && p[0] == "source") return {"from", "kubernetes", "ref"};
  if (p.size() == 2 && p[0] == "steps") {
    return {"op",
            "kind",
            "name",
            "namespace",
            "for",
            "dryRun",
            "fieldValidation",
            "patchType",
            "fieldManager",
            "force",
            "cluster",
            "subresource",
            "labelSelector",
            "fieldSelector",
            "object",
            "patch",
            "deleteOptions",
            "expect"};
  }
  // .../expect, .../expect/anyOf/N
  if (p.size() >= 3 && p[0] == "steps" && p[2] == "expect") {
    std::vector<std::string> rest(p.begin() + 3, p.end());
    if (rest.size() >= 2 && rest[0] == "anyOf" && IsIndex(rest[1]))
      rest.erase(rest.begin(), rest.begin() + 2);
    if (rest.empty()) return kExpect;
    if (rest.size() == 1 && rest[0] == "error") return {"code", "reason", "message", "causes"};
    if (rest.size() == 3 && rest[0] == "error" && rest[1] == "causes")
      return {"field", "reason", "message"};
  }
  return {};
}

}  // namespace

json ExpectationToJson(const Expectation& e) {
  json out = json::object();
  if (e.match == Match::kSubset) out["match"] = "subset";
  switch (e.kind) {
    case Expectation::Kind::kObject: out["object"] = e.object; break;
    case Expectation::Kind::kStartupError: out["startupError"] = e.startup_error; break;
    case Expectation::Kind::kError: {
      json err = {{"code", e.error.code}, {"reason", e.error.reason}};
      if (e.error.message) err["message"] = *e.error.message;
      if (e.error.causes) {
        json causes = json::array();
        for (const auto& c : *e.error.causes) {
          json cause = json::object();
          if (c.field) cause["field"] = *c.field;
          if (c.reason) cause["reason"] = *c.reason;
          if (c.message) cause["message"] = *c.message;
          causes.push_back(cause);
        }
        err["causes"] = causes;
      }
      out["error"] = err;
      break;
    }
    case Expectation::Kind::kAnyOf: {
      json alts = json::array();
      for (const auto& alt : e.any_of) alts.push_back(ExpectationToJson(alt));
      out["anyOf"] = alts;
      break;
    }
  }
  if (e.warnings) out["warnings"] = *e.warnings;
  return out;
}

nlohmann::json CaseToJson(const GoldenCase& c) {
  json out = {{"apiVersion", kCaseApiVersion}, {"kind", kCaseKind}, {"name", c.name}};
  if (!c.description.empty()) out["description"] = c.description;
  json source = {{"from", SourceName(c.source)}, {"kubernetes", c.kubernetes}};
  if (!c.ref.empty()) source["ref"] = c.ref;
  out["source"] = source;
  if (!c.cluster.components.empty()) out["cluster"] = FlagsToJson(c.cluster);
  if (!c.requires_.empty()) out["requires"] = c.requires_;
  json steps = json::array();
  for (const Step& s : c.steps) {
    json step = {{"op", StepOpName(s.op)}};
    if (s.name) step["name"] = *s.name;
    if (s.namespace_name) step["namespace"] = *s.namespace_name;
    if (s.kind) step["kind"] = *s.kind;
    if (!s.wait_for.empty()) step["for"] = s.wait_for;
    if (s.dry_run) step["dryRun"] = true;
    if (s.field_validation != registry::FieldValidation::kUnset) {
      step["fieldValidation"] = registry::FieldValidationName(s.field_validation);
    }
    if (s.patch_type_given) step["patchType"] = PatchTypeName(s.patch_type);
    if (s.field_manager) step["fieldManager"] = *s.field_manager;
    if (s.force) step["force"] = *s.force;
    if (s.cluster) step["cluster"] = FlagsToJson(*s.cluster);
    if (!s.subresource.empty()) step["subresource"] = s.subresource;
    if (s.label_selector) step["labelSelector"] = *s.label_selector;
    if (s.field_selector) step["fieldSelector"] = *s.field_selector;
    if (!s.object.is_null()) step["object"] = s.object;
    if (!s.patch.is_null()) step["patch"] = s.patch;
    if (!s.delete_options.is_null()) step["deleteOptions"] = s.delete_options;
    if (s.expect) step["expect"] = ExpectationToJson(*s.expect);
    steps.push_back(step);
  }
  out["steps"] = steps;
  return out;
}

std::string WriteCase(const GoldenCase& golden_case) {
  return EmitYaml(CaseToJson(golden_case), CaseKeyOrder);
}

}  // namespace kdual::golden
