#pragma once

#include <memory>
#include <string_view>

#include "common/result.h"

namespace re2 {
class RE2;
}

namespace basalt::sql {

// Compiled RE2 patterns, cached per thread: patterns are usually constants, so each is
// compiled once per thread, and no lock or RE2 (whose DFA cache has a lock of its own) is
// shared between the threads of a parallel scan. A bad pattern is a QUERY_ERROR naming
// `function`.
Result<std::shared_ptr<const re2::RE2>> CompiledRegex(std::string_view function,
                                                      std::string_view pattern);

// Whether `pattern` matches somewhere in `text` (RE2::PartialMatch), after ruling out texts
// that lack the literals every match contains (RegexPrefilter).
Result<bool> RegexPartialMatch(std::string_view function, std::string_view pattern,
                               std::string_view text);

}  // namespace basalt::sql
