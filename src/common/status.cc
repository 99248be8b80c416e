#include "common/status.h"

namespace basalt {
namespace {

const std::string& EmptyString() {
  static const std::string* const kEmpty = new std::string();
  return *kEmpty;
}

}  // namespace

int HttpStatusOf(ErrorCode code) {
  switch (code) {
#define BASALT_ERROR_CODE(name, number, http, type) \
  case ErrorCode::name:                             \
    return http;
#include "common/error_codes.def"
#undef BASALT_ERROR_CODE
  }
  return 500;
}

std::string_view ErrorTypeOf(ErrorCode code) {
  switch (code) {
#define BASALT_ERROR_CODE(name, number, http, type) \
  case ErrorCode::name:                             \
    return type;
#include "common/error_codes.def"
#undef BASALT_ERROR_CODE
  }
  return "INTERNALERROR";
}

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
#define BASALT_ERROR_CODE(name, number, http, type) \
  case ErrorCode::name:                             \
    return #name;
#include "common/error_codes.def"
#undef BASALT_ERROR_CODE
  }
  return "kUnknown";
}

Status::Status(ErrorCode code, std::string message, int line, int column) {
  if (code != ErrorCode::kOk) {
    state_ = std::make_shared<const State>(State{code, std::move(message), line, column, {}});
  }
}

const std::string& Status::message() const {
  return state_ ? state_->message : EmptyString();
}

const std::string& Status::error_id() const {
  return state_ ? state_->error_id : EmptyString();
}

Status Status::WithErrorId(std::string error_id) const {
  if (!state_) {
    return *this;
  }
  Status copy;
  State state = *state_;
  state.error_id = std::move(error_id);
  copy.state_ = std::make_shared<const State>(std::move(state));
  return copy;
}

Status Status::WithPosition(int line, int column) const {
  if (!state_) {
    return *this;
  }
  Status copy;
  State state = *state_;
  state.line = line;
  state.column = column;
  copy.state_ = std::make_shared<const State>(std::move(state));
  return copy;
}

std::string Status::ToString() const {
  if (ok()) {
    return "OK";
  }
  std::string out(ErrorTypeOf(code()));
  out += ": ";
  out += message();
  return out;
}

}  // namespace basalt
