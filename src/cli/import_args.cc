// The command line of `basalt import` (importer.h).
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli/args.h"
#include "cli/importer.h"
#include "cli/sql_shell.h"
#include "common/hash.h"

namespace basalt::cli {
namespace {

constexpr char kDefaultCredentials[] = "./data/credentials";

constexpr char kUsage[] =
    "usage: basalt import [options] --collection WS.NAME FILE...\n"
    "\n"
    "Loads documents from NDJSON, JSON (an array, or objects one after another) or CSV files\n"
    "into a collection through the Write API, in parallel batches. FILE '-' reads stdin.\n"
    "An interrupted import resumes where it stopped when run again with the same arguments\n"
    "(a checkpoint file keeps the position; records without an _id get deterministic ids).\n"
    "\n"
    "options:\n"
    "  --server URL             server (default http://127.0.0.1:3000)\n"
    "  --api-key KEY            API key (default: $BASALT_API_KEY, else ./data/credentials)\n"
    "  --collection WS.NAME     target collection; NAME alone means commons.NAME\n"
    "  --create                 create the collection if it does not exist\n"
    "  --format F               auto (default: by file name, else content), ndjson, json, csv\n"
    "  --delimiter C            CSV field delimiter (default ',', '\\t' or 'tab' for tabs;\n"
    "                           .tsv files default to tab)\n"
    "  --no-type-inference      CSV values stay strings (default: numbers, true/false, and\n"
    "                           empty values as null are recognised in unquoted fields)\n"
    "  --batch-size N           documents per request (default 1000)\n"
    "  --parallel N             requests in flight (default 3)\n"
    "  --checkpoint FILE        where the position is kept (default\n"
    "                           ./.basalt-import-<hash>.json; removed when the import ends)\n"
    "  --restart                ignore an existing checkpoint and start from the beginning\n"
    "  --progress MODE          auto (bar on a terminal, else a line every 5 s), bar, plain, "
    "none\n";

Result<int64_t> PositiveNumber(std::string_view flag, const std::string& text, int64_t max) {
  char* end = nullptr;
  long long number = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || number < 1 || number > max) {
    return InvalidInput(std::string(flag) + " takes a number from 1 to " + std::to_string(max) +
                        ", not '" + text + "'");
  }
  return static_cast<int64_t>(number);
}

}  // namespace

std::string DefaultCheckpointPath(const ImportOptions& options) {
  uint64_t hash = HashBytes(0, options.workspace + "." + options.collection);
  for (const std::string& file : options.files) {
    std::error_code ec;
    std::filesystem::path absolute =
        file == "-" ? std::filesystem::path(file) : std::filesystem::absolute(file, ec);
    hash = HashBytes(hash, absolute.lexically_normal().string());
  }
  char name[64];
  std::snprintf(name, sizeof(name), ".basalt-import-%016llx.json",
                static_cast<unsigned long long>(hash));
  return name;
}

Result<ImportOptions> ParseImportArgs(const std::vector<std::string>& args, int* exit_code) {
  ImportOptions options;
  std::optional<std::string> api_key;
  std::optional<std::string> delimiter;
  std::string collection;
  *exit_code = 2;
  auto fail = [](const std::string& message) {
    std::fprintf(stderr, "basalt import: %s\n%s", message.c_str(), kUsage);
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
    if (TakeFlag(args, &arg_idx, "--server", &options.server, &missing) ||
        TakeFlag(args, &arg_idx, "--collection", &collection, &missing) ||
        TakeFlag(args, &arg_idx, "--checkpoint", &options.checkpoint, &missing)) {
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--api-key", &value, &missing)) {
      api_key = value;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--delimiter", &value, &missing)) {
      delimiter = value;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--format", &value, &missing)) {
      Result<ImportFormat> format = ParseImportFormat(value);
      if (!format.ok()) {
        return fail(format.status().message());
      }
      options.format = *format;
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--batch-size", &value, &missing)) {
      Result<int64_t> number = PositiveNumber("--batch-size", value, 20'000);
      if (!number.ok()) {
        return fail(number.status().message());
      }
      options.batch_docs = static_cast<size_t>(*number);
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--parallel", &value, &missing)) {
      Result<int64_t> number = PositiveNumber("--parallel", value, 64);
      if (!number.ok()) {
        return fail(number.status().message());
      }
      options.parallel = static_cast<int>(*number);
      continue;
    }
    if (TakeFlag(args, &arg_idx, "--progress", &value, &missing)) {
      if (value == "auto") {
        options.progress = ProgressMode::kAuto;
      } else if (value == "bar") {
        options.progress = ProgressMode::kBar;
      } else if (value == "plain") {
        options.progress = ProgressMode::kPlain;
      } else if (value == "none") {
        options.progress = ProgressMode::kNone;
      } else {
        return fail("--progress takes auto, bar, plain or none");
      }
      continue;
    }
    if (arg == "--no-type-inference") {
      options.csv.infer_types = false;
      continue;
    }
    if (arg == "--restart") {
      options.restart = true;
      continue;
    }
    if (arg == "--create") {
      options.create = true;
      continue;
    }
    if (missing) {
      return fail(arg + " needs a value");
    }
    if (arg.starts_with("-") && arg != "-") {
      return fail("unknown option '" + arg + "'");
    }
    options.files.push_back(arg);
  }
  if (collection.empty()) {
    return fail("--collection WS.NAME is required");
  }
  size_t dot = collection.find('.');
  options.workspace = dot == std::string::npos ? "commons" : collection.substr(0, dot);
  options.collection = dot == std::string::npos ? collection : collection.substr(dot + 1);
  if (options.workspace.empty() || options.collection.empty()) {
    return fail("--collection takes WS.NAME, not '" + collection + "'");
  }
  if (options.files.empty()) {
    return fail("no input: name one or more files, or '-' for stdin");
  }
  if (delimiter) {
    if (*delimiter == "tab" || *delimiter == "\\t") {
      *delimiter = "\t";
    }
    if (delimiter->size() != 1 || *delimiter == "\"" || *delimiter == "\n") {
      return fail("--delimiter takes one character (or 'tab'), not '" + *delimiter + "'");
    }
    options.csv.delimiter = (*delimiter)[0];
  } else if (options.files.size() == 1 && options.files[0].ends_with(".tsv")) {
    options.csv.delimiter = '\t';
  }
  Result<std::string> key = ResolveApiKey(api_key, EnvValue("BASALT_API_KEY"), kDefaultCredentials);
  if (!key.ok()) {
    std::fprintf(stderr, "basalt import: %s\n", key.status().message().c_str());
    return key.status();
  }
  options.api_key = *key;
  *exit_code = 0;
  return options;
}

int ImportMain(const std::vector<std::string>& args) {
  int exit_code = 0;
  Result<ImportOptions> options = ParseImportArgs(args, &exit_code);
  if (!options.ok()) {
    return exit_code;
  }
  return RunImport(*options);
}

}  // namespace basalt::cli
