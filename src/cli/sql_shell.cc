#include "cli/sql_shell.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <utility>

#include "cli/args.h"
#include "cli/http_client.h"
#include "cli/line_reader.h"
#include "cli/statement_splitter.h"
#include "common/json.h"
#include "common/value.h"

namespace basalt::cli {
namespace {

constexpr char kQueryPath[] = "/v1/orgs/self/queries";
constexpr char kDefaultCredentials[] = "./data/credentials";
constexpr char kPrompt[] = "basalt> ";
constexpr char kContinuationPrompt[] = "     -> ";

constexpr char kUsage[] =
    "usage: basalt sql [options]\n"
    "\n"
    "Runs SQL against a Basalt server: the statements given with -c, else statements read\n"
    "from stdin (an interactive shell on a terminal). Statements end with ';'.\n"
    "\n"
    "options:\n"
    "  --server URL             server to query (default http://127.0.0.1:3000)\n"
    "  --api-key KEY            API key (default: $BASALT_API_KEY, else ./data/credentials)\n"
    "  -c SQL                   run SQL (one or more statements) and exit\n"
    "  --format table|json|csv  output format (default table)\n"
    "  --param name=type:value  a query parameter (:name in SQL); repeatable;\n"
    "                           type is int, float, bool, string, date, datetime, time,\n"
    "                           timestamp; name=value sends the value untyped (as JSON)\n";

constexpr char kHelp[] =
    "Statements end with ';' and may span lines. Meta-commands:\n"
    "  \\q                      quit (Ctrl-D too)\n"
    "  \\format table|json|csv  set the output format (no argument: show it)\n"
    "  \\timing [on|off]        show query times (no argument: toggle)\n"
    "  \\help                   this help\n";

std::string Trim(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) {
    return "";
  }
  size_t end = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(start, end - start + 1));
}

// Writes to stdout and flushes, so output and errors (stderr) interleave in order.
void Print(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void PrintError(std::string_view text) {
  std::fflush(stdout);
  std::fprintf(stderr, "%.*s\n", static_cast<int>(text.size()), text.data());
  std::fflush(stderr);
}

// One shell session: the current format and timing switch, and how statements went.
class Shell {
 public:
  explicit Shell(const SqlShellOptions& options, bool interactive)
      : options_(options), format_(options.format), interactive_(interactive) {}

  // Sends one statement and prints its rows or its error; returns whether it succeeded.
  bool RunStatement(const std::string& sql);

  // Handles a line starting with '\'; returns whether it was valid. Sets *quit for \q.
  bool RunMetaCommand(std::string_view line, bool* quit);

 private:
  const SqlShellOptions& options_;
  OutputFormat format_;
  bool timing_ = true;
  bool interactive_;
};

bool Shell::RunStatement(const std::string& sql) {
  auto started = std::chrono::steady_clock::now();
  HttpHeaders headers = {{"Authorization", "ApiKey " + options_.api_key},
                         {"Content-Type", "application/json"}};
  Result<HttpReply> reply =
      Post(options_.server, kQueryPath, headers, BuildQueryBody(sql, options_.parameters));
  if (!reply.ok()) {
    PrintError("ERROR " + std::string(ErrorTypeOf(reply.status().code())) + ": " +
               reply.status().message());
    return false;
  }
  if (reply->status < 200 || reply->status >= 300) {
    PrintError(FormatErrorReply(reply->status, reply->body));
    return false;
  }
  Result<QueryResult> result = ParseQueryReply(reply->body);
  if (!result.ok()) {
    PrintError("ERROR " + std::string(ErrorTypeOf(result.status().code())) + ": " +
               result.status().message());
    return false;
  }
  if (result->elapsed_ms < 0) {
    result->elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - started)
                             .count();
  }
  switch (format_) {
    case OutputFormat::kTable:
      Print(FormatTable(*result, timing_));
      return true;
    case OutputFormat::kJson:
      Print(FormatJsonLines(*result));
      break;
    case OutputFormat::kCsv:
      Print(FormatCsv(*result));
      break;
  }
  if (interactive_ && timing_) {
    // stderr, so that redirected json/csv output stays clean.
    PrintError("Time: " + std::to_string(result->elapsed_ms) + " ms");
  }
  return true;
}

bool Shell::RunMetaCommand(std::string_view line, bool* quit) {
  std::string text = Trim(line);
  while (!text.empty() && text.back() == ';') {
    text.pop_back();  // "\format json;" reads as "\format json"
  }
  size_t space = text.find_first_of(" \t");
  std::string name = text.substr(0, space);
  std::string argument = space == std::string::npos ? "" : Trim(text.substr(space));
  if (name == "\\q" || name == "\\quit") {
    *quit = true;
    return true;
  }
  if (name == "\\help" || name == "\\h" || name == "\\?") {
    Print(kHelp);
    return true;
  }
  if (name == "\\format") {
    if (argument.empty()) {
      Print("format is " + std::string(OutputFormatName(format_)) + "\n");
      return true;
    }
    Result<OutputFormat> format = ParseOutputFormat(argument);
    if (!format.ok()) {
      PrintError("ERROR " + std::string(ErrorTypeOf(format.status().code())) + ": " +
                 format.status().message());
      return false;
    }
    format_ = *format;
    if (interactive_) {
      Print("format is " + argument + "\n");
    }
    return true;
  }
  if (name == "\\timing") {
    if (argument.empty()) {
      timing_ = !timing_;
    } else if (argument == "on" || argument == "off") {
      timing_ = argument == "on";
    } else {
      PrintError("ERROR INVALIDINPUT: \\timing takes on or off, not '" + argument + "'");
      return false;
    }
    if (interactive_) {
      Print(std::string("timing is ") + (timing_ ? "on" : "off") + "\n");
    }
    return true;
  }
  PrintError("ERROR INVALIDINPUT: unknown command '" + name + "'; \\help lists the commands");
  return false;
}

int RunCommand(const SqlShellOptions& options) {
  Shell shell(options, /*interactive=*/false);
  std::vector<std::string> statements = SplitStatements(*options.command);
  for (const std::string& statement : statements) {
    if (!shell.RunStatement(statement)) {
      return 1;
    }
  }
  return 0;
}

int RunInput(const SqlShellOptions& options) {
  bool interactive = ::isatty(STDIN_FILENO) == 1;
  LineReader reader(interactive, DefaultHistoryPath());
  Shell shell(options, interactive);
  if (interactive) {
    Print("basalt sql on " + options.server + " (\\help for help, \\q or Ctrl-D to quit)\n");
  }
  StatementSplitter splitter;
  bool failed = false;
  while (true) {
    std::optional<std::string> line =
        reader.ReadLine(splitter.Pending() ? kContinuationPrompt : kPrompt);
    if (!line) {
      break;
    }
    // A meta-command may come in the middle of a statement, which then carries on (or is
    // dropped by \q), except inside a literal or comment where '\' is just text.
    if (!splitter.InQuoteOrComment() && Trim(*line).starts_with("\\")) {
      bool quit = false;
      reader.AddHistory(Trim(*line));
      failed = !shell.RunMetaCommand(*line, &quit) || failed;
      if (quit) {
        return interactive || !failed ? 0 : 1;
      }
      continue;
    }
    for (const std::string& statement : splitter.AddLine(*line)) {
      reader.AddHistory(statement + ";");
      failed = !shell.RunStatement(statement) || failed;
    }
  }
  if (interactive) {
    Print("\n");  // Ctrl-D leaves the cursor after the prompt
  }
  // A script's last statement may lack its ';'; on a terminal, Ctrl-D drops an unfinished one.
  std::optional<std::string> rest = splitter.Finish();
  if (rest && !interactive) {
    failed = !shell.RunStatement(*rest) || failed;
  }
  return interactive || !failed ? 0 : 1;
}

}  // namespace

Result<QueryParameter> ParseParameterFlag(std::string_view text) {
  size_t equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) {
    return InvalidInput("--param takes name=type:value, not '" + std::string(text) + "'");
  }
  QueryParameter parameter;
  parameter.name = std::string(text.substr(0, equals));
  std::string_view rest = text.substr(equals + 1);
  size_t colon = rest.find(':');
  if (colon == std::string_view::npos) {
    parameter.value = std::string(rest);
    return parameter;
  }
  parameter.type = std::string(rest.substr(0, colon));
  parameter.value = std::string(rest.substr(colon + 1));
  return parameter;
}

std::string BuildQueryBody(std::string_view sql, const std::vector<QueryParameter>& parameters) {
  Object query = {{"query", Value::String(sql)}};
  if (!parameters.empty()) {
    Array list;
    for (const QueryParameter& parameter : parameters) {
      Object entry = {{"name", Value::String(parameter.name)}};
      if (!parameter.type.empty()) {
        entry.emplace_back("type", Value::String(parameter.type));
      }
      entry.emplace_back("value", Value::String(parameter.value));
      list.push_back(Value::MakeObject(std::move(entry)));
    }
    query.emplace_back("parameters", Value::MakeArray(std::move(list)));
  }
  return ToJson(Value::MakeObject({{"sql", Value::MakeObject(std::move(query))}}));
}

Result<std::string> ResolveApiKey(const std::optional<std::string>& flag_value,
                                  const std::optional<std::string>& env_value,
                                  const std::string& credentials_path) {
  if (flag_value) {
    return *flag_value;
  }
  if (env_value) {
    return *env_value;
  }
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::absolute(credentials_path, ec);
  std::string where =
      ec ? credentials_path : credentials_path + " = " + absolute.lexically_normal().string();
  std::ifstream in(credentials_path);
  std::string problem;
  if (!in) {
    problem = std::strerror(errno);  // NOLINT(concurrency-mt-unsafe): single-threaded here
  } else {
    std::string line;
    std::getline(in, line);
    std::string key = Trim(line);
    if (!key.empty()) {
      return key;
    }
    problem = "empty file";
  }
  return InvalidInput(
      "no API key found. Looked at: --api-key (not given), BASALT_API_KEY (not set), " + where +
      " (" + problem +
      "). Pass --api-key KEY, set BASALT_API_KEY, or run from the directory that holds the "
      "server's data/ (`basalt serve` writes data/credentials on first start).");
}

Result<SqlShellOptions> ParseSqlShellArgs(const std::vector<std::string>& args, int* exit_code) {
  SqlShellOptions options;
  std::optional<std::string> api_key;
  *exit_code = 2;
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "basalt sql: %s\n%s", message.c_str(), kUsage);
    return InvalidInput(message);
  };
  for (size_t arg_idx = 0; arg_idx < args.size(); ++arg_idx) {
    const std::string& arg = args[arg_idx];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      *exit_code = 0;
      return InvalidInput("help shown");
    }
    std::string value;
    bool missing = false;
    if (TakeFlag(args, &arg_idx, "--server", &options.server, &missing)) {
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--api-key", &value, &missing)) {
      api_key = value;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "-c", &value, &missing) ||
        TakeFlag(args, &arg_idx, "--command", &value, &missing)) {
      options.command = value;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--format", &value, &missing)) {
      Result<OutputFormat> format = ParseOutputFormat(value);
      if (!format.ok()) {
        return fail(format.status().message());
      }
      options.format = *format;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--param", &value, &missing)) {
      Result<QueryParameter> parameter = ParseParameterFlag(value);
      if (!parameter.ok()) {
        return fail(parameter.status().message());
      }
      options.parameters.push_back(std::move(parameter).value());
      continue;
    }
    return fail(missing ? "option '" + arg + "' needs a value" : "unknown option '" + arg + "'");
  }
  Result<ServerUrl> url = ParseServerUrl(options.server);
  if (!url.ok()) {
    return fail(url.status().message());
  }
  Result<std::string> key = ResolveApiKey(api_key, EnvValue("BASALT_API_KEY"), kDefaultCredentials);
  if (!key.ok()) {
    std::fprintf(stderr, "basalt sql: %s\n", key.status().message().c_str());
    return key.status();
  }
  options.api_key = std::move(key).value();
  *exit_code = 0;
  return options;
}

int RunSqlShell(const SqlShellOptions& options) {
  return options.command ? RunCommand(options) : RunInput(options);
}

int SqlMain(const std::vector<std::string>& args) {
  int exit_code = 0;
  Result<SqlShellOptions> options = ParseSqlShellArgs(args, &exit_code);
  if (!options.ok()) {
    return exit_code;
  }
  return RunSqlShell(*options);
}

}  // namespace basalt::cli
