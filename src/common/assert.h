#pragma once

#include <sstream>

namespace basalt::internal {

// Collects the streamed message of a failed check and aborts when destroyed.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition);
  [[noreturn]] ~CheckFailure();
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;

  template <typename T>
  CheckFailure& operator<<(const T& value) {
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
};

// Swallows the streamed message of a check that passed.
struct CheckVoidify {
  void operator&(const CheckFailure&) {}
};

}  // namespace basalt::internal

// Aborts with a message when `cond` is false, in every build: use where continuing would
// corrupt data. User input must never trip it.
#define BASALT_CHECK(cond)                      \
  (cond) ? (void)0                              \
         : ::basalt::internal::CheckVoidify() & \
               ::basalt::internal::CheckFailure(__FILE__, __LINE__, #cond)

#ifdef NDEBUG
#define BASALT_DCHECK(cond)                   \
  true ? (void)0                              \
       : ::basalt::internal::CheckVoidify() & \
             ::basalt::internal::CheckFailure(__FILE__, __LINE__, #cond)
#else
#define BASALT_DCHECK(cond) BASALT_CHECK(cond)
#endif
