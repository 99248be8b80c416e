#include "sql/functions/scalar/regex/regex_cache.h"

#include <mutex>
#include <string>
#include <unordered_map>

#include <re2/re2.h>

#include "sql/functions/function.h"

namespace basalt::sql {

Result<std::shared_ptr<const re2::RE2>> CompiledRegex(std::string_view function,
                                                      std::string_view pattern) {
  static std::mutex mu;
  static auto* cache = new std::unordered_map<std::string, std::shared_ptr<const re2::RE2>>();
  std::string key(pattern);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto found = cache->find(key);
    if (found != cache->end()) {
      return found->second;
    }
  }
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const re2::RE2>(key, options);
  if (!re->ok()) {
    return FunctionError(function, "invalid regular expression '" + key + "': " + re->error());
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache->size() > 1000) {
    cache->clear();
  }
  cache->emplace(key, re);
  return std::shared_ptr<const re2::RE2>(re);
}

}  // namespace basalt::sql
