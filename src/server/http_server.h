#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "common/result.h"
#include "server/router.h"

namespace basalt::server {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // an IP address or a resolvable name
  uint16_t port = 3000;            // 0 picks a free port (see endpoint())
  int io_threads = 2;
  // Larger bodies are refused with 413 before they are read into memory. A bit above the
  // Write API's 10 MiB so that its own limit answers with the exact message.
  size_t body_limit_bytes = 11u << 20;
  // A keep-alive connection idle this long is closed.
  int idle_timeout_seconds = 300;
};

// The HTTP/1.1 transport (Boost.Beast; its headers stay in http_server.cc): keep-alive
// connections served by a fixed pool of I/O threads, each request handed to the Router on
// the thread that read it. Answers `Expect: 100-continue`, refuses oversized bodies with
// 413 CONTENTTOOLARGE and unparseable requests with 400 BADREQUEST, adds
// `Access-Control-Allow-Origin: *` to every response.
//
// Thread-safety: Stop may be called from any thread; Run from one.
class HttpServer {
 public:
  // Binds and listens; fails with IOERROR when the address cannot be used.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   Router& router);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;
  HttpServer(HttpServer&&) = delete;
  HttpServer& operator=(HttpServer&&) = delete;

  // "host:port" actually bound.
  std::string endpoint() const;

  // Serves until Stop is called or, with `stop_on_signals`, SIGINT or SIGTERM arrives; then
  // stops accepting, lets running handlers finish and returns.
  void Run(bool stop_on_signals);
  void Stop();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace basalt::server
