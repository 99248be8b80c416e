#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "server/serve.h"

namespace {

constexpr char kUsage[] =
    "usage: basalt <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve   run the database server\n"
    "          --data-dir DIR      data directory (default ./data)\n"
    "          --listen HOST:PORT  address to listen on (default 127.0.0.1:3000)\n"
    "  sql     interactive SQL shell (not built yet)\n"
    "  import  bulk load files (not built yet)\n";

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
    std::fprintf(stderr, "basalt serve: unknown or incomplete option '%s'\n%s", argv[arg_idx],
                 kUsage);
    return 2;
  }
  return basalt::server::RunServe(options);
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
  if (command == "-h" || command == "--help" || command == "help") {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (command == "sql" || command == "import") {
    std::fprintf(stderr, "basalt %s: not implemented yet\n", argv[1]);
    return 2;
  }
  std::fprintf(stderr, "basalt: unknown command '%s'\n%s", argv[1], kUsage);
  return 2;
}
