#pragma once

#include <cstdint>
#include <string>

namespace basalt::server {

struct ServeOptions {
  std::string data_dir = "./data";
  std::string listen = "127.0.0.1:3000";  // HOST:PORT, IPv6 as [::1]:3000; port 0 = any
  int io_threads = 2;
  // Time between two retention passes (ingest.md §5: at least every minute).
  int64_t retention_interval_ms = 30'000;
};

// `basalt serve`: opens (or creates) the data directory, makes the admin API key on first
// start (BASALT_ROOT_API_KEY, else a random one printed once; either way saved to
// <data-dir>/credentials with mode 0600), serves the REST API until SIGINT/SIGTERM, then
// shuts down cleanly. Purges documents past their collection's retention in the background. Prints
// "basalt listening on http://HOST:PORT" once ready. Returns the process exit code; errors go to
// stderr.
int RunServe(const ServeOptions& options);

}  // namespace basalt::server
