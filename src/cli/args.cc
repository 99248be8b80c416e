#include "cli/args.h"

#include <cstdlib>

namespace basalt::cli {

bool TakeFlag(const std::vector<std::string>& args, size_t* index, std::string_view name,
              std::string* value, bool* missing) {
  std::string_view arg = args[*index];
  if (arg == name) {
    if (*index + 1 >= args.size()) {
      *missing = true;
      return false;
    }
    *value = args[++*index];
    return true;
  }
  if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
    *value = std::string(arg.substr(name.size() + 1));
    return true;
  }
  return false;
}

std::optional<std::string> EnvValue(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): before any thread
  if (value == nullptr || *value == '\0') {
    return std::nullopt;
  }
  return std::string(value);
}

}  // namespace basalt::cli
