#pragma once

#include <memory>
#include <string_view>

#include "common/result.h"

namespace re2 {
class RE2;
}

namespace basalt::sql {

// A compiled RE2 pattern, shared through a small process-wide cache (patterns are usually
// constants, so each is compiled once). A bad pattern is a QUERY_ERROR naming `function`.
Result<std::shared_ptr<const re2::RE2>> CompiledRegex(std::string_view function,
                                                      std::string_view pattern);

}  // namespace basalt::sql
