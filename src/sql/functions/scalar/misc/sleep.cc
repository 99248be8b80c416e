// SLEEP(ms) (sql.md §9.16, unv).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <thread>

#include "sql/functions/builtin_functions.h"
#include "sql/functions/function_util.h"

namespace basalt::sql {
namespace {

constexpr double kMaxSleepMillis = 10000;

Result<Value> Sleep(const Args& args, const FunctionContext&) {
  BASALT_ASSIGN_OR_RETURN(double millis, NumberArg("SLEEP", args, 0));
  if (!(millis >= 0)) {
    return FunctionError("SLEEP", "the duration must be a non-negative number of milliseconds");
  }
  millis = std::min(millis, kMaxSleepMillis);
  std::this_thread::sleep_for(std::chrono::microseconds(int64_t(std::llround(millis * 1000))));
  return Value::Null();
}

}  // namespace

FunctionDef SleepFunction() {
  return {.name = "SLEEP",
          .min_args = 1,
          .max_args = 1,
          .kernel = Sleep,
          .deterministic = false,
          .signature = "SLEEP(ms) -> null",
          .doc =
              "Pauses the calling query for ms milliseconds (int or float, at most 10000: "
              "longer durations sleep 10000 ms; negative is an error) and returns null. "
              "Evaluated once per row it appears in.",
          .example = "SLEEP(1) IS NULL"};
}

}  // namespace basalt::sql
