#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "cli/importer.h"
#include "cli/sql_shell.h"
#include "server/serve.h"
#include "storage/store.h"

namespace {

constexpr char kUsage[] =
    "usage: basalt <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve   run the database server\n"
    "          --data-dir DIR      data directory (default ./data)\n"
    "          --listen HOST:PORT  address to listen on (default 127.0.0.1:3000)\n"
    "          --retention-interval SECONDS\n"
    "                              time between retention passes (default 30)\n"
    "  compact compact a stopped server's data directory (benchmarks, disk size)\n"
    "          --data-dir DIR      data directory (default ./data)\n"
    "  sql     SQL shell, or one-shot with -c (basalt sql --help for its options)\n"
    "          --server URL        server (default http://127.0.0.1:3000)\n"
    "          -c SQL              run SQL and exit; --format table|json|csv\n"
    "  import  load NDJSON, JSON or CSV files into a collection, resumably\n"
    "          --collection WS.NAME FILE...  (basalt import --help for its options)\n";

// Reads `--name value` or `--name=value` at argv[*index]; advances *index past it.
bool TakeFlag(int argc, char** argv, int* index, std::string_view name, std::string* value) {
  std::string_view arg = argv[*index];
  if (arg == name) {
    if (*index + 1 >= argc) {
      return false;
    }
    *value = argv[++*index];
    return true;
  }
  if (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=') {
    *value = std::string(arg.substr(name.size() + 1));
    return true;
  }
  return false;
}

int Serve(int argc, char** argv) {
  basalt::server::ServeOptions options;
  for (int arg_idx = 2; arg_idx < argc; ++arg_idx) {
    std::string_view arg = argv[arg_idx];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (TakeFlag(argc, argv, &arg_idx, "--data-dir", &options.data_dir) ||
        TakeFlag(argc, argv, &arg_idx, "--listen", &options.listen)) {
      continue;
    }
    std::string interval;
    if (TakeFlag(argc, argv, &arg_idx, "--retention-interval", &interval)) {
      char* end = nullptr;
      double seconds = std::strtod(interval.c_str(), &end);
      if (interval.empty() || *end != '\0' || !(seconds > 0) || seconds > 86400) {
        std::fprintf(
            stderr, "basalt serve: --retention-interval takes seconds (0 < s <= 86400), got '%s'\n",
            interval.c_str());
        return 2;
      }
      options.retention_interval_ms = static_cast<int64_t>(seconds * 1000 + 0.5);
      continue;
    }
    std::fprintf(stderr, "basalt serve: unknown or incomplete option '%s'\n%s", argv[arg_idx],
                 kUsage);
    return 2;
  }
  return basalt::server::RunServe(options);
}

// Opens the data directory of a stopped server and compacts every column family.
int Compact(int argc, char** argv) {
  std::string data_dir = "./data";
  for (int arg_idx = 2; arg_idx < argc; ++arg_idx) {
    if (TakeFlag(argc, argv, &arg_idx, "--data-dir", &data_dir)) {
      continue;
    }
    std::fprintf(stderr, "basalt compact: unknown or incomplete option '%s'\n%s", argv[arg_idx],
                 kUsage);
    return 2;
  }
  auto store = basalt::storage::Store::Open({.path = data_dir + "/db"});
  if (!store.ok()) {
    std::fprintf(stderr, "basalt compact: %s\n", store.status().ToString().c_str());
    return 1;
  }
  basalt::Status status = (*store)->CompactAll();
  if (!status.ok()) {
    std::fprintf(stderr, "basalt compact: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  std::string_view command = argv[1];
  if (command == "serve") {
    return Serve(argc, argv);
  }
  if (command == "compact") {
    return Compact(argc, argv);
  }
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "sql") {
    return basalt::cli::SqlMain(std::vector<std::string>(argv + 2, argv + argc));
  }
  if (command == "import") {
    return basalt::cli::ImportMain(std::vector<std::string>(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "basalt: unknown command '%s'\n%s", argv[1], kUsage);
  return 2;
}
