#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/result_format.h"
#include "common/result.h"

namespace basalt::cli {

// One `--param name=type:value`, sent as a Query API parameter.
struct QueryParameter {
  std::string name;
  std::string type;  // empty: the server takes the value as JSON, else as a string
  std::string value;
};

// Parses "name=type:value" (the value may hold ':' and '='); "name=value" leaves the type
// empty. INVALIDINPUT without a name or '='.
Result<QueryParameter> ParseParameterFlag(std::string_view text);

// The Query API request body: {"sql":{"query":...,"parameters":[...]}}.
std::string BuildQueryBody(std::string_view sql, const std::vector<QueryParameter>& parameters);

// Finds the API key: `flag_value` if set, else `env_value` (BASALT_API_KEY) if set, else the
// first line of `credentials_path`. INVALIDINPUT naming every place it looked when none has one.
Result<std::string> ResolveApiKey(const std::optional<std::string>& flag_value,
                                  const std::optional<std::string>& env_value,
                                  const std::string& credentials_path);

struct SqlShellOptions {
  std::string server = "http://127.0.0.1:3000";
  std::string api_key;
  std::optional<std::string> command;  // -c: run these statements and exit
  OutputFormat format = OutputFormat::kTable;
  std::vector<QueryParameter> parameters;
};

// Parses the arguments after `basalt sql`, reading BASALT_API_KEY and ./data/credentials
// when --api-key is absent. On failure prints the problem to stderr and returns the exit
// code to use (0 after --help, 2 otherwise).
Result<SqlShellOptions> ParseSqlShellArgs(const std::vector<std::string>& args, int* exit_code);

// Runs the shell: the -c statements, else statements read from stdin (a prompt, line editing
// and history on a terminal). Returns the process exit code: with -c, 1 at the first failed
// statement; reading a pipe, 1 if any statement failed; on a terminal, 0.
int RunSqlShell(const SqlShellOptions& options);

// `basalt sql ARGS...`: ParseSqlShellArgs, then RunSqlShell.
int SqlMain(const std::vector<std::string>& args);

}  // namespace basalt::cli
