#pragma once

#include <optional>
#include <utility>

#include "common/assert.h"
#include "common/status.h"

namespace basalt {

// A value of type T or an error Status. Never holds an ok Status without a value.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : status_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    BASALT_CHECK(!status_.ok()) << "Result constructed from an ok Status";
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & {
    BASALT_CHECK(ok()) << status_.ToString();
    return *value_;
  }
  const T& value() const& {
    BASALT_CHECK(ok()) << status_.ToString();
    return *value_;
  }
  T&& value() && {
    BASALT_CHECK(ok()) << status_.ToString();
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace basalt

#define BASALT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok())                                      \
    return tmp.status();                              \
  lhs = std::move(tmp).value()

#define BASALT_ASSIGN_OR_RETURN(lhs, expr) \
  BASALT_ASSIGN_OR_RETURN_IMPL_(BASALT_CONCAT_(basalt_result_, __LINE__), lhs, expr)
