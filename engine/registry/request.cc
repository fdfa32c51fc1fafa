#include "engine/registry/request.h"

namespace kdual::registry {

const char* OpName(Op op) {
  switch (op) {
    case Op::kCreate: return "create";
    case Op::kUpdate: return "update";
    case Op::kPatch: return "patch";
    case Op::kApply: return "apply";
    case Op::kDelete: return "delete";
    case Op::kGet: return "get";
    case Op::kList: return "list";
    case Op::kWait: return "wait";
  }
  return "unknown";
}

const char* FieldValidationName(FieldValidation v) {
  switch (v) {
    case FieldValidation::kUnset: return "";
    case FieldValidation::kIgnore: return "Ignore";
    case FieldValidation::kWarn: return "Warn";
    case FieldValidation::kStrict: return "Strict";
  }
  return "";
}

bool ParseFieldValidation(const std::string& text, FieldValidation* out) {
  for (FieldValidation v :
       {FieldValidation::kIgnore, FieldValidation::kWarn, FieldValidation::kStrict}) {
    if (text == FieldValidationName(v)) {
      *out = v;
      return true;
    }
  }
  return false;
}

Answer StatusAnswer(int code, const std::string& reason, const std::string& message,
                    nlohmann::json details) {
  Answer a;
  a.code = code;
  a.body = {{"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
            {"status", "Failure"}, {"message", message}, {"code", code}};
  if (!reason.empty()) a.body["reason"] = reason;
  if (!details.is_null()) a.body["details"] = std::move(details);
  return a;
}

Answer FromStatusJson(const nlohmann::json& status, std::vector<std::string> warnings) {
  Answer a;
  a.code = status.value("code", 500);
  a.body = status;
  a.warnings = std::move(warnings);
  return a;
}

Answer PatchNotApplicableAnswer() {
  return StatusAnswer(422, "Invalid",
                      "the server rejected our request due to an error in our request",
                      nlohmann::json::object());
}

}  // namespace kdual::registry
