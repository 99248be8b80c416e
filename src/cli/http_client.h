#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace basalt::cli {

// A server address parsed from a URL such as "http://127.0.0.1:3000" or "localhost:3000/api".
struct ServerUrl {
  std::string host;         // name or address; IPv6 without brackets
  std::string port = "80";  // service for getaddrinfo
  std::string base_path;    // prefix put before every request path; no trailing '/'
};

// Accepts "http://" URLs and bare "host[:port][/path]"; "https://" is INVALIDINPUT (no TLS
// in the client: put a TLS-terminating proxy in front or use plain http on loopback).
Result<ServerUrl> ParseServerUrl(std::string_view url);

struct HttpReply {
  int status = 0;
  std::string body;
};

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// Sends one HTTP/1.1 POST of `body` to `url` + `path` over a new connection and returns the
// reply, whatever its status. Host names resolve through getaddrinfo. Blocks until the reply
// is read; connecting has a timeout, and so has the whole exchange when `timeout` is
// positive. Fails with SERVICEUNAVAILABLE when the server cannot be reached, the connection
// breaks or the time runs out, INVALIDINPUT for a bad URL. Never throws.
Result<HttpReply> Post(std::string_view url, std::string_view path, const HttpHeaders& headers,
                       std::string_view body,
                       std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

// One keep-alive HTTP/1.1 connection to `server`, for many requests in a row (basalt
// import). Connects on first use; when the server closed a kept connection before answering,
// reconnects and sends the request once more (callers send only requests that are safe to
// repeat). Errors as for Post. Not thread-safe: one connection per thread.
class HttpConnection {
 public:
  explicit HttpConnection(ServerUrl server, std::string user_agent = "basalt-cli");
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  Result<HttpReply> Send(std::string_view method, std::string_view path, const HttpHeaders& headers,
                         std::string_view body);

  // Limits the life of each connection made from now on (after connecting) to `timeout`;
  // zero (the default) means no limit.
  void set_timeout(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace basalt::cli
