#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace basalt::cli {

// Command-line helpers shared by the CLI commands (basalt sql, basalt import).

// Reads `--name value` or `--name=value` at args[*index]; advances *index past it.
// Sets *missing when the flag is there but its value is not.
bool TakeFlag(const std::vector<std::string>& args, size_t* index, std::string_view name,
              std::string* value, bool* missing);

// The environment variable's value; nullopt when unset or empty. Call before starting threads.
std::optional<std::string> EnvValue(const char* name);

}  // namespace basalt::cli
