// Status and Result<T>: explicit outcomes across module boundaries.
//
// kdual never lets an exception cross a module boundary. A function that can
// fail returns Status (no value) or Result<T> (a value or a Status). The
// message is for people: it names the input and the problem.
#ifndef KDUAL_ENGINE_BASE_STATUS_H_
#define KDUAL_ENGINE_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kdual {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the input is malformed
  kNotFound,         // a file, object or profile does not exist
  kOutOfRange,       // a limit (size, depth, budget) was passed
  kFailedPrecondition,
  kUnavailable,  // a server or process could not be reached
  kInternal,     // a bug in kdual
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "message" for errors, "OK" otherwise.
  std::string ToString() const { return ok() ? "OK" : message_; }

  // Returns a copy whose message is "prefix: message".
  Status WithPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(code_, prefix + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return Status(StatusCode::kInvalidArgument, std::move(m));
}
inline Status NotFound(std::string m) { return Status(StatusCode::kNotFound, std::move(m)); }
inline Status OutOfRange(std::string m) { return Status(StatusCode::kOutOfRange, std::move(m)); }
inline Status FailedPrecondition(std::string m) {
  return Status(StatusCode::kFailedPrecondition, std::move(m));
}
inline Status Unavailable(std::string m) { return Status(StatusCode::kUnavailable, std::move(m)); }
inline Status Internal(std::string m) { return Status(StatusCode::kInternal, std::move(m)); }

// A value of T, or the Status that says why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(state_).ok() && "Result from an OK status");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(state_);
  }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace kdual

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define KDUAL_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::kdual::Status kdual_status_ = (expr);        \
    if (!kdual_status_.ok()) return kdual_status_; \
  } while (0)

// Evaluates `rexpr` (a Result<T>); returns its Status from the enclosing
// function when it is not OK, else moves its value into `lhs`, which may
// declare a variable: KDUAL_ASSIGN_OR_RETURN(auto cidr, ParseCIDR(text));
// `lhs` cannot be parenthesized (it may be a declaration), nor `result` (a
// name made by the macro).
// NOLINTBEGIN(bugprone-macro-parentheses)
#define KDUAL_ASSIGN_OR_RETURN(lhs, rexpr) \
  KDUAL_ASSIGN_OR_RETURN_IMPL_(KDUAL_STATUS_CONCAT_(kdual_result_, __LINE__), lhs, rexpr)
#define KDUAL_ASSIGN_OR_RETURN_IMPL_(result, lhs, rexpr) \
  auto result = (rexpr);                                 \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()
#define KDUAL_STATUS_CONCAT_INNER_(a, b) a##b
#define KDUAL_STATUS_CONCAT_(a, b) KDUAL_STATUS_CONCAT_INNER_(a, b)
// NOLINTEND(bugprone-macro-parentheses)

#endif  // KDUAL_ENGINE_BASE_STATUS_H_
