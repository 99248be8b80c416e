#include "sql/functions/scalar/regex/regex_cache.h"

#include <string>
#include <vector>

#include <re2/re2.h>

#include "sql/functions/function.h"
#include "sql/functions/scalar/regex/regex_prefilter.h"

namespace basalt::sql {
namespace {

constexpr size_t kMaxPatternsPerThread = 64;

struct CachedPattern {
  std::string pattern;
  std::shared_ptr<const re2::RE2> re;
  std::unique_ptr<RegexPrefilter> prefilter;  // made on first use by RegexPartialMatch
};

// Most recently compiled last; the pointers stay valid until the next Lookup on the thread.
thread_local std::vector<std::unique_ptr<CachedPattern>> cached_patterns;

Result<CachedPattern*> Lookup(std::string_view function, std::string_view pattern) {
  for (auto it = cached_patterns.rbegin(); it != cached_patterns.rend(); ++it) {
    if ((*it)->pattern == pattern) {
      return it->get();
    }
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto entry = std::make_unique<CachedPattern>();
  entry->pattern = std::string(pattern);
  entry->re = std::make_shared<const re2::RE2>(entry->pattern, options);
  if (!entry->re->ok()) {
    return FunctionError(
        function, "invalid regular expression '" + entry->pattern + "': " + entry->re->error());
  }
  if (cached_patterns.size() >= kMaxPatternsPerThread) {
    cached_patterns.erase(cached_patterns.begin());
  }
  cached_patterns.push_back(std::move(entry));
  return cached_patterns.back().get();
}

}  // namespace

Result<std::shared_ptr<const re2::RE2>> CompiledRegex(std::string_view function,
                                                      std::string_view pattern) {
  BASALT_ASSIGN_OR_RETURN(CachedPattern * entry, Lookup(function, pattern));
  return entry->re;
}

Result<bool> RegexPartialMatch(std::string_view function, std::string_view pattern,
                               std::string_view text) {
  BASALT_ASSIGN_OR_RETURN(CachedPattern * entry, Lookup(function, pattern));
  if (entry->prefilter == nullptr) {
    entry->prefilter = std::make_unique<RegexPrefilter>(entry->pattern);
  }
  if (!entry->prefilter->MayMatch(text)) {
    return false;
  }
  return RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *entry->re);
}

}  // namespace basalt::sql
