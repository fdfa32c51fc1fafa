#include "engine/validation/field_error.h"

#include <algorithm>

#include "engine/base/go_format.h"

namespace kdual::validation {

const char* ErrorTypeReason(ErrorType t) {
  switch (t) {
    case ErrorType::kNotFound: return "FieldValueNotFound";
    case ErrorType::kRequired: return "FieldValueRequired";
    case ErrorType::kDuplicate: return "FieldValueDuplicate";
    case ErrorType::kInvalid: return "FieldValueInvalid";
    case ErrorType::kNotSupported: return "FieldValueNotSupported";
    case ErrorType::kForbidden: return "FieldValueForbidden";
    case ErrorType::kTooLong: return "FieldValueTooLong";
    case ErrorType::kInternal: return "InternalError";
  }
  return "";
}

const char* ErrorTypeText(ErrorType t) {
  switch (t) {
    case ErrorType::kNotFound: return "Not found";
    case ErrorType::kRequired: return "Required value";
    case ErrorType::kDuplicate: return "Duplicate value";
    case ErrorType::kInvalid: return "Invalid value";
    case ErrorType::kNotSupported: return "Unsupported value";
    case ErrorType::kForbidden: return "Forbidden";
    case ErrorType::kTooLong: return "Too long";
    case ErrorType::kInternal: return "Internal error";
  }
  return "";
}

FieldValue FieldValue::String(std::string s) {
  FieldValue v;
  v.kind = Kind::kString;
  v.str = std::move(s);
  return v;
}
FieldValue FieldValue::Named(std::string s) {
  FieldValue v;
  v.kind = Kind::kNamedString;
  v.str = std::move(s);
  return v;
}
FieldValue FieldValue::NamedPtr(const std::optional<std::string>& s) {
  FieldValue v;
  v.kind = Kind::kNamedStringPtr;
  v.is_nil = !s.has_value();
  v.str = s.value_or("");
  return v;
}
FieldValue FieldValue::Int(int64_t i) {
  FieldValue v;
  v.kind = Kind::kInt;
  v.integer = i;
  return v;
}
FieldValue FieldValue::Raw(std::string go, std::string json) {
  FieldValue v;
  v.kind = Kind::kRaw;
  v.raw_go = std::move(go);
  v.raw_json = std::move(json);
  return v;
}
FieldValue FieldValue::List(std::vector<std::string> l, std::string go_type, bool is_nil) {
  FieldValue v;
  v.kind = Kind::kStringList;
  v.list = std::move(l);
  v.go_type = std::move(go_type);
  v.is_nil = is_nil;
  return v;
}

namespace {

// field/errors.go ErrorBody, value part (without the type text).
std::string RenderValue(const FieldValue& v, bool json_values) {
  using K = FieldValue::Kind;
  switch (v.kind) {
    case K::kOmit: return "";
    case K::kString: return GoQuote(v.str);
    case K::kNamedString:
      // <= 1.36: %#v of a named string is its quoted form; 1.37: json.Marshal.
      return json_values ? GoJSONString(v.str) : GoQuote(v.str);
    case K::kNamedStringPtr:
      if (v.is_nil) return json_values ? "null" : "\"null\"";
      return json_values ? GoJSONString(v.str) : GoQuote(v.str);
    case K::kInt: return std::to_string(v.integer);
    case K::kRaw: return json_values ? v.raw_json : v.raw_go;
    case K::kStringList: {
      if (json_values) {
        if (v.is_nil) return "null";
        std::string out = "[";
        for (size_t i = 0; i < v.list.size(); ++i) {
          if (i) out += ",";
          out += GoJSONString(v.list[i]);
        }
        return out + "]";
      }
      if (v.is_nil) return v.go_type + "(nil)";
      std::string out = v.go_type + "{";
      for (size_t i = 0; i < v.list.size(); ++i) {
        if (i) out += ", ";
        out += GoQuote(v.list[i]);
      }
      return out + "}";
    }
  }
  return "";
}

}  // namespace

std::string FieldError::Body(bool json_values) const {
  std::string s = ErrorTypeText(type);
  switch (type) {
    case ErrorType::kRequired:
    case ErrorType::kForbidden:
    case ErrorType::kTooLong:
    case ErrorType::kInternal: break;
    default:
      if (value.kind != FieldValue::Kind::kOmit) s += ": " + RenderValue(value, json_values);
  }
  if (!detail.empty()) s += ": " + detail;
  return s;
}

std::string FieldError::Message(bool json_values) const { return field + ": " + Body(json_values); }

FieldError Invalid(std::string field, FieldValue value, std::string detail) {
  return {ErrorType::kInvalid, std::move(field), std::move(value), std::move(detail)};
}
FieldError Required(std::string field, std::string detail) {
  return {ErrorType::kRequired, std::move(field), FieldValue::String(""), std::move(detail)};
}
FieldError Forbidden(std::string field, std::string detail) {
  return {ErrorType::kForbidden, std::move(field), FieldValue::String(""), std::move(detail)};
}
FieldError Duplicate(std::string field, FieldValue value) {
  return {ErrorType::kDuplicate, std::move(field), std::move(value), ""};
}
FieldError NotSupported(std::string field, FieldValue value,
                        const std::vector<std::string>& valid) {
  std::string detail;
  if (!valid.empty()) {
    detail = "supported values: ";
    for (size_t i = 0; i < valid.size(); ++i) {
      if (i) detail += ", ";
      detail += GoQuote(valid[i]);
    }
  }
  return {ErrorType::kNotSupported, std::move(field), std::move(value), detail};
}
FieldError InternalErr(std::string field, std::string detail) {
  return {ErrorType::kInternal, std::move(field), FieldValue::Omit(), std::move(detail)};
}
FieldError TooLong(std::string field, int max_length) {
  std::string msg = max_length >= 0 ? "may not be more than " + std::to_string(max_length) +
                                          (max_length == 1 ? " byte" : " bytes")
                                    : "value is too long";
  return {ErrorType::kTooLong, std::move(field), FieldValue::Omit(), msg};
}

std::string AggregateMessage(const ErrorList& errs, bool json_values) {
  // ToAggregate drops duplicate messages; aggregate.Error() then prints one
  // as is and several in brackets.
  std::vector<std::string> msgs;
  for (const auto& e : errs) {
    std::string m = e.Message(json_values);
    if (std::find(msgs.begin(), msgs.end(), m) == msgs.end()) msgs.push_back(m);
  }
  if (msgs.size() == 1) return msgs[0];
  std::string out;
  for (size_t i = 0; i < msgs.size(); ++i) {
    if (i) out += ", ";
    out += msgs[i];
  }
  return "[" + out + "]";
}

namespace {

nlohmann::json BaseStatus(int code, const std::string& reason, const std::string& message) {
  nlohmann::json s = {
      {"kind", "Status"},    {"apiVersion", "v1"}, {"metadata", nlohmann::json::object()},
      {"status", "Failure"}, {"message", message}, {"code", code}};
  if (!reason.empty()) s["reason"] = reason;
  return s;
}

}  // namespace

nlohmann::json InvalidStatus(const std::string& kind, const std::string& name,
                             const ErrorList& errs, bool json_values) {
  std::string msg = kind + " " + GoQuote(name) + " is invalid";
  if (!errs.empty()) msg += ": " + AggregateMessage(errs, json_values);
  nlohmann::json s = BaseStatus(422, "Invalid", msg);
  nlohmann::json causes = nlohmann::json::array();
  for (const auto& e : errs) {
    nlohmann::json c = {{"reason", ErrorTypeReason(e.type)}};
    std::string body = e.Body(json_values);
    if (!body.empty()) c["message"] = body;
    if (!e.field.empty()) c["field"] = e.field;
    causes.push_back(c);
  }
  // StatusDetails' fields are omitempty: errors.NewInvalid(schema.GroupKind{},
  // "", errs) (a patch the handler refuses) carries causes only.
  nlohmann::json details = nlohmann::json::object();
  if (!kind.empty()) details["kind"] = kind;
  if (!name.empty()) details["name"] = name;
  if (!causes.empty()) details["causes"] = causes;
  s["details"] = details;
  return s;
}

nlohmann::json InternalErrorStatus(const std::string& message) {
  nlohmann::json s = BaseStatus(500, "InternalError", "Internal error occurred: " + message);
  s["details"] = {{"causes", nlohmann::json::array({{{"message", message}}})}};
  return s;
}

nlohmann::json NotFoundStatus(const std::string& resource, const std::string& name) {
  nlohmann::json s = BaseStatus(404, "NotFound", resource + " " + GoQuote(name) + " not found");
  nlohmann::json d = {{"kind", resource}};
  if (!name.empty()) d["name"] = name;
  s["details"] = d;
  return s;
}

nlohmann::json AlreadyExistsStatus(const std::string& resource, const std::string& name) {
  nlohmann::json s =
      BaseStatus(409, "AlreadyExists", resource + " " + GoQuote(name) + " already exists");
  nlohmann::json d = {{"kind", resource}};
  if (!name.empty()) d["name"] = name;
  s["details"] = d;
  return s;
}

nlohmann::json ConflictStatus(const std::string& resource, const std::string& name,
                              const std::string& err) {
  nlohmann::json s =
      BaseStatus(409, "Conflict",
                 "Operation cannot be fulfilled on " + resource + " " + GoQuote(name) + ": " + err);
  nlohmann::json d = {{"kind", resource}};
  if (!name.empty()) d["name"] = name;
  s["details"] = d;
  return s;
}

nlohmann::json BadRequestStatus(const std::string& message) {
  return BaseStatus(400, "BadRequest", message);
}

nlohmann::json UnknownErrorStatus(const std::string& message) {
  return BaseStatus(500, "", message);
}

nlohmann::json GroupedStatus(nlohmann::json status, const std::string& group,
                             const std::string& kind) {
  if (status.contains("details") && status["details"].is_object()) {
    status["details"]["group"] = group;
    status["details"]["kind"] = kind;
  }
  return status;
}

}  // namespace kdual::validation
