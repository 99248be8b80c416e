#pragma once

#include <map>
#include <string>

#include "common/result.h"
#include "common/value.h"

namespace basalt::server {

// Parses a Query API parameter list `[{name, type, value}]` (api.md §3): `value` is a string
// parsed by `type`; no type means a JSON literal, else the string itself. Unknown types and
// bad values are INVALIDINPUT.
Result<std::map<std::string, Value>> ParseQueryParameters(const Value& parameters);

}  // namespace basalt::server
