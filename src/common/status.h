#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace basalt {

// Error codes, from the one list in error_codes.def.
enum class ErrorCode : uint16_t {
#define BASALT_ERROR_CODE(name, number, http, type) name = number,
#include "common/error_codes.def"
#undef BASALT_ERROR_CODE
};

// HTTP status and Rockset error `type` of a code.
int HttpStatusOf(ErrorCode code);
std::string_view ErrorTypeOf(ErrorCode code);
std::string_view ErrorCodeName(ErrorCode code);

// Result of an operation that can fail: ok, or a code with a message. SQL errors also carry
// a 1-based line and column (0 when unknown). Cheap to copy when ok (one null pointer).
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message, int line = 0, int column = 0);

  static Status Ok() { return Status(); }

  bool ok() const { return state_ == nullptr; }
  ErrorCode code() const { return state_ ? state_->code : ErrorCode::kOk; }
  const std::string& message() const;
  int line() const { return state_ ? state_->line : 0; }
  int column() const { return state_ ? state_->column : 0; }
  // Snake-case reason such as "function_not_found"; empty when not set.
  const std::string& error_id() const;
  Status WithErrorId(std::string error_id) const;
  Status WithPosition(int line, int column) const;

  // "NOTFOUND: message" for logs and test failures.
  std::string ToString() const;

  // Makes ignoring an error explicit and greppable.
  void IgnoreError() const {}

 private:
  struct State {
    ErrorCode code;
    std::string message;
    int line;
    int column;
    std::string error_id;
  };
  std::shared_ptr<const State> state_;
};

inline Status NotFound(std::string msg) {
  return Status(ErrorCode::kNotFound, std::move(msg));
}
inline Status InvalidInput(std::string msg) {
  return Status(ErrorCode::kInvalidInput, std::move(msg));
}
inline Status BadRequest(std::string msg) {
  return Status(ErrorCode::kBadRequest, std::move(msg));
}
inline Status AlreadyExists(std::string msg) {
  return Status(ErrorCode::kAlreadyExists, std::move(msg));
}
inline Status Internal(std::string msg) {
  return Status(ErrorCode::kInternal, std::move(msg));
}
inline Status Corruption(std::string msg) {
  return Status(ErrorCode::kCorruption, std::move(msg));
}
inline Status NotImplemented(std::string msg) {
  return Status(ErrorCode::kNotImplemented, std::move(msg));
}

}  // namespace basalt

#define BASALT_CONCAT_INNER_(a, b) a##b
#define BASALT_CONCAT_(a, b) BASALT_CONCAT_INNER_(a, b)

#define BASALT_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::basalt::Status basalt_status_ = (expr); \
    if (!basalt_status_.ok())                 \
      return basalt_status_;                  \
  } while (0)
