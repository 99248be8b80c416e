#include "catalog/names.h"

#include <string>

namespace basalt::catalog {
namespace {

bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsNameChar(char c) {
  return IsAlnum(c) || c == '_' || c == '-';
}

}  // namespace

Status ValidateName(std::string_view kind, std::string_view name) {
  if (name.empty()) {
    return InvalidInput(std::string(kind) + " name must not be empty");
  }
  if (name.size() > kMaxNameLength) {
    return InvalidInput(std::string(kind) + " name must be at most " +
                        std::to_string(kMaxNameLength) + " characters long");
  }
  bool valid = IsAlnum(name.front());
  for (char c : name) {
    valid = valid && IsNameChar(c);
  }
  if (!valid) {
    return InvalidInput(std::string(kind) + " name '" + std::string(name) +
                        "' is invalid: it must start with a letter or digit and contain only "
                        "letters, digits, '_' and '-'");
  }
  return Status::Ok();
}

Status ValidateWorkspaceName(std::string_view name) {
  if (name.find('.') == std::string_view::npos) {
    return ValidateName("workspace", name);
  }
  if (name.size() > kMaxNameLength) {
    return ValidateName("workspace", name);
  }
  size_t start = 0;
  while (true) {
    size_t dot = name.find('.', start);
    std::string_view segment =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    BASALT_RETURN_IF_ERROR(ValidateName("workspace", segment));
    if (dot == std::string_view::npos) {
      break;
    }
    start = dot + 1;
  }
  return Status::Ok();
}

Status ValidateRetentionSecs(int64_t retention_secs) {
  if (retention_secs < kMinRetentionSecs || retention_secs >= kMaxRetentionSecs) {
    return InvalidInput("retention_secs must be at least " + std::to_string(kMinRetentionSecs) +
                        " (one hour) and less than " + std::to_string(kMaxRetentionSecs) +
                        " (ten years), got " + std::to_string(retention_secs));
  }
  return Status::Ok();
}

}  // namespace basalt::catalog
