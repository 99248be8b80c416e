#pragma once

#include <memory>
#include <string_view>

#include "sql/functions/function_util.h"
#include "sql/functions/time_zone.h"

// Argument helpers shared by the date/time kernels.
namespace basalt::sql {

// The zone of optional argument `index` (0-based), UTC when absent.
inline Result<std::shared_ptr<const TimeZone>> OptionalZoneArg(std::string_view fn,
                                                               const Args& args, size_t index) {
  if (index >= args.size()) {
    static const auto* const kUtc = new std::shared_ptr<const TimeZone>(TimeZone::Fixed(0, "UTC"));
    return *kUtc;
  }
  return TimeZoneArg(fn, args[index], int(index + 1));
}

// Requires a value of `type` at argument `index`; returns its payload.
inline Result<int64_t> TemporalArg(std::string_view fn, const Args& args, size_t index,
                                   ValueType type) {
  if (args[index].type() != type) {
    return ArgumentTypeError(fn, int(index + 1), args[index],
                             std::string("a ") + std::string(ValueTypeName(type)));
  }
  return args[index].int_value();
}

}  // namespace basalt::sql
