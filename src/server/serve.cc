#include "server/serve.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "catalog/access.h"
#include "catalog/backend.h"
#include "catalog/catalog.h"
#include "catalog/integrations.h"
#include "catalog/lambdas.h"
#include "catalog/secret_box.h"
#include "catalog/virtual_instances.h"
#include "ingest/retention.h"
#include "ingest/transform/transform_cache.h"
#include "server/http_server.h"
#include "server/lambda_scheduler.h"
#include "server/query_registry.h"
#include "server/router.h"
#include "storage/store.h"

namespace basalt::server {
namespace {

std::string ErrnoMessage(int error) {
  return std::error_code(error, std::generic_category()).message();
}

Status WriteCredentials(const std::string& path, const std::string& key) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status(ErrorCode::kIoError, "cannot write " + path + ": " + ErrnoMessage(errno));
  }
  std::string line = key + "\n";
  bool ok = ::fchmod(fd, 0600) == 0 &&
            ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  int saved_errno = errno;
  ok = (::close(fd) == 0) && ok;
  if (!ok) {
    return Status(ErrorCode::kIoError, "cannot write " + path + ": " + ErrnoMessage(saved_errno));
  }
  return Status::Ok();
}

Result<HttpServerOptions> ParseListen(const std::string& listen, int io_threads) {
  HttpServerOptions options;
  options.io_threads = io_threads;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return InvalidInput("--listen must be HOST:PORT, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) {
    host = "0.0.0.0";
  }
  char* end = nullptr;
  long port = std::strtol(listen.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) {
    return InvalidInput("--listen has a bad port: '" + listen + "'");
  }
  options.host = host;
  options.port = static_cast<uint16_t>(port);
  return options;
}

int Fail(const Status& status) {
  std::fprintf(stderr, "basalt serve: %s\n", status.ToString().c_str());
  return 1;
}

}  // namespace

int RunServe(const ServeOptions& options) {
  Result<HttpServerOptions> http_options = ParseListen(options.listen, options.io_threads);
  if (!http_options.ok()) {
    return Fail(http_options.status());
  }

  std::error_code fs_error;
  std::filesystem::create_directories(options.data_dir, fs_error);
  if (fs_error) {
    return Fail(Status(ErrorCode::kIoError,
                       "cannot create " + options.data_dir + ": " + fs_error.message()));
  }
  storage::StoreOptions store_options;
  store_options.path = (std::filesystem::path(options.data_dir) / "db").string();
  Result<std::unique_ptr<storage::Store>> store = storage::Store::Open(store_options);
  if (!store.ok()) {
    return Fail(store.status());
  }
  std::unique_ptr<catalog::Backend> backend = catalog::NewStoreBackend(**store);

  Result<std::unique_ptr<catalog::AccessControl>> access = catalog::AccessControl::Open(*backend);
  if (!access.ok()) {
    return Fail(access.status());
  }
  std::optional<std::string> env_key;
  // Read once at startup, before any other thread exists.
  const char* env = std::getenv("BASALT_ROOT_API_KEY");  // NOLINT(concurrency-mt-unsafe)
  if (env != nullptr && *env != '\0') {
    env_key = env;
  }
  Result<std::optional<std::string>> made = (*access)->Bootstrap(env_key);
  if (!made.ok()) {
    return Fail(made.status());
  }
  std::string credentials = (std::filesystem::path(options.data_dir) / "credentials").string();
  bool credentials_missing = !std::filesystem::exists(credentials, fs_error);
  if (made->has_value() || (env_key && credentials_missing)) {
    const std::string& key = made->has_value() ? **made : *env_key;
    Status written = WriteCredentials(credentials, key);
    if (!written.ok()) {
      return Fail(written);
    }
    if (made->has_value() && !env_key) {
      std::printf("Admin API key (shown once; saved to %s):\n%s\n", credentials.c_str(),
                  key.c_str());
    }
  }

  catalog::Principal creator{
      .email = std::string(catalog::kAdminEmail), .apikey_name = "root", .key_role = "admin"};
  Result<std::unique_ptr<catalog::Catalog>> catalog = catalog::Catalog::Open(*backend, creator);
  if (!catalog.ok()) {
    return Fail(catalog.status());
  }

  // The organization's event log exists from the first start (api.md §6.5).
  Result<catalog::CollectionInfo> events = (*catalog)->EnsureEventsCollection(creator);
  if (!events.ok()) {
    return Fail(events.status());
  }

  Result<std::unique_ptr<catalog::QueryLambdas>> lambdas =
      catalog::QueryLambdas::Open(*backend, **catalog);
  if (!lambdas.ok()) {
    return Fail(lambdas.status());
  }
  Result<std::unique_ptr<catalog::VirtualInstances>> virtual_instances =
      catalog::VirtualInstances::Open(*backend, creator);
  if (!virtual_instances.ok()) {
    return Fail(virtual_instances.status());
  }

  // Integration secrets are sealed with a key that lives beside the store.
  Result<std::unique_ptr<catalog::SecretBox>> secret_box = catalog::SecretBox::OpenKeyFile(
      (std::filesystem::path(options.data_dir) / "secret.key").string());
  if (!secret_box.ok()) {
    return Fail(secret_box.status());
  }
  Result<std::unique_ptr<catalog::Integrations>> integrations =
      catalog::Integrations::Open(*backend, **secret_box);
  if (!integrations.ok()) {
    return Fail(integrations.status());
  }

  // Offsets of writes acknowledged before a restart have passed too.
  std::atomic<uint64_t> latest_sequence{(*store)->LatestSequence()};
  ingest::RetentionPurger purger(
      **catalog, *backend, **store,
      ingest::RetentionOptions{.interval = std::chrono::milliseconds(
                                   std::max<int64_t>(1, options.retention_interval_ms))});
  purger.Start();
  QueryRegistry queries;
  ingest::TransformCache transforms;
  ApiContext context{**catalog,    **access, *backend,   latest_sequence,
                     store->get(), &queries, &transforms};
  context.integrations = integrations->get();
  context.lambdas = lambdas->get();
  context.virtual_instances = virtual_instances->get();
  Result<std::unique_ptr<LambdaScheduler>> scheduler = LambdaScheduler::Open(*backend, context);
  if (!scheduler.ok()) {
    return Fail(scheduler.status());
  }
  context.scheduler = scheduler->get();
  Router router(context);
  Result<std::unique_ptr<HttpServer>> server = HttpServer::Start(*http_options, router);
  if (!server.ok()) {
    return Fail(server.status());
  }
  std::printf("basalt listening on http://%s (data in %s)\n", (*server)->endpoint().c_str(),
              options.data_dir.c_str());
  std::fflush(stdout);
  (*scheduler)->Start();
  (*server)->Run(/*stop_on_signals=*/true);
  // Scheduled runs and async queries still running reference the context: stop them first
  // (the registry's shutdown cancels a scheduled run in progress too).
  (*scheduler)->RequestStop();
  queries.Shutdown();
  (*scheduler)->Stop();
  purger.Stop();
  std::printf("basalt: shutting down\n");
  std::fflush(stdout);
  return 0;
}

}  // namespace basalt::server
