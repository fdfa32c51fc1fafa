// Field errors (apimachinery pkg/util/validation/field) and the metav1.Status
// answers built from them (apimachinery pkg/api/errors NewInvalid & co.).
#ifndef KDUAL_ENGINE_VALIDATION_FIELD_ERROR_H_
#define KDUAL_ENGINE_VALIDATION_FIELD_ERROR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kdual::validation {

enum class ErrorType {
  kNotFound,
  kRequired,
  kDuplicate,
  kInvalid,
  kNotSupported,
  kForbidden,
  kTooLong,
  kInternal,
};

// "FieldValueInvalid", ... (the Status cause reason).
const char* ErrorTypeReason(ErrorType t);
// "Invalid value", ... (ErrorType.String()).
const char* ErrorTypeText(ErrorType t);

// A field error's BadValue, typed as the Go value it stands for, because Go
// prints each kind differently (and 1.37 prints them as JSON).
struct FieldValue {
  enum class Kind { kOmit, kString, kNamedString, kNamedStringPtr, kInt, kStringList, kRaw };
  Kind kind = Kind::kOmit;
  std::string str;
  bool is_nil = false;  // nil pointer / nil slice
  int64_t integer = 0;
  std::vector<std::string> list;
  std::string go_type;           // "[]string", "[]core.IPFamily"
  std::string raw_go, raw_json;  // kRaw: pre-rendered forms

  static FieldValue Omit() { return {}; }
  // A Go `string`.
  static FieldValue String(std::string s);
  // A named string type (core.IPFamily, core.Protocol, ...).
  static FieldValue Named(std::string s);
  // A pointer to a named string type (*core.IPFamilyPolicy); nullopt is nil.
  static FieldValue NamedPtr(const std::optional<std::string>& s);
  static FieldValue Int(int64_t v);
  // A slice of strings; `go_type` is "[]string" or "[]core.IPFamily".
  static FieldValue List(std::vector<std::string> v, std::string go_type = "[]string",
                         bool is_nil = false);
  // A value rendered by the caller: Go %#v form and json.Marshal form.
  static FieldValue Raw(std::string go, std::string json);
};

struct FieldError {
  ErrorType type = ErrorType::kInvalid;
  std::string field;
  FieldValue value;
  std::string detail;

  // ErrorBody(): "Invalid value: \"x\": detail". `json_values` selects the
  // 1.37 rendering (json.Marshal) instead of Go's %#v.
  std::string Body(bool json_values) const;
  // Error(): "field: body".
  std::string Message(bool json_values) const;
};

using ErrorList = std::vector<FieldError>;

FieldError Invalid(std::string field, FieldValue value, std::string detail);
FieldError Required(std::string field, std::string detail = "");
FieldError Forbidden(std::string field, std::string detail);
FieldError Duplicate(std::string field, FieldValue value);
FieldError NotSupported(std::string field, FieldValue value, const std::vector<std::string>& valid);
FieldError InternalErr(std::string field, std::string detail);
FieldError TooLong(std::string field, int max_length);

// ErrorList.ToAggregate().Error(): one error as is; several as "[a, b]" with
// duplicate messages dropped.
std::string AggregateMessage(const ErrorList& errs, bool json_values);

// The metav1.Status body of errors.NewInvalid(kind, name, errs).
nlohmann::json InvalidStatus(const std::string& kind, const std::string& name,
                             const ErrorList& errs, bool json_values);
// errors.NewInternalError(err): 500 "Internal error occurred: <msg>".
nlohmann::json InternalErrorStatus(const std::string& message);
// errors.NewNotFound / NewAlreadyExists for resource "services".
nlohmann::json NotFoundStatus(const std::string& resource, const std::string& name);
nlohmann::json AlreadyExistsStatus(const std::string& resource, const std::string& name);
nlohmann::json ConflictStatus(const std::string& resource, const std::string& name,
                              const std::string& err);
nlohmann::json BadRequestStatus(const std::string& message);
// `status` for a resource of an API group (networking.k8s.io): its details
// name the group and `kind` (the resource, or the kind for Invalid).
nlohmann::json GroupedStatus(nlohmann::json status, const std::string& group,
                             const std::string& kind);
// A plain error the handler turns into a 500 without a reason.
nlohmann::json UnknownErrorStatus(const std::string& message);

}  // namespace kdual::validation

#endif  // KDUAL_ENGINE_VALIDATION_FIELD_ERROR_H_
