#include "cli/http_client.h"

#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace basalt::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr auto kConnectTimeout = std::chrono::seconds(10);

Status Unreachable(const ServerUrl& server, std::string_view what, const beast::error_code& ec) {
  return Status(ErrorCode::kServiceUnavailable,
                std::string(what) + " " + server.host + ":" + server.port + ": " + ec.message());
}

Result<HttpReply> PostOrThrow(const ServerUrl& server, std::string_view path,
                              const HttpHeaders& headers, std::string_view body) {
  asio::io_context io;
  beast::error_code ec;
  tcp::resolver resolver(io);
  auto endpoints = resolver.resolve(server.host, server.port, ec);
  if (ec) {
    return Unreachable(server, "cannot resolve", ec);
  }
  beast::tcp_stream stream(io);
  stream.expires_after(kConnectTimeout);
  stream.connect(endpoints, ec);
  if (ec) {
    return Unreachable(server, "cannot connect to", ec);
  }
  stream.expires_never();

  http::request<http::string_body> request(http::verb::post, server.base_path + std::string(path),
                                           11);
  bool default_port = server.port == "80";
  bool ipv6 = server.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + server.host + "]" : server.host;
  request.set(http::field::host, default_port ? host : host + ":" + server.port);
  request.set(http::field::user_agent, "basalt-sql");
  request.set(http::field::accept, "application/json");
  for (const auto& [name, value] : headers) {
    request.set(name, value);
  }
  request.body() = std::string(body);
  request.prepare_payload();
  http::write(stream, request, ec);
  if (ec) {
    return Unreachable(server, "cannot send the request to", ec);
  }

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // results can be large
  http::read(stream, buffer, parser, ec);
  if (ec) {
    return Unreachable(server, "no complete reply from", ec);
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  HttpReply reply;
  reply.status = static_cast<int>(parser.get().result_int());
  reply.body = std::move(parser.get().body());
  return reply;
}

}  // namespace

Result<ServerUrl> ParseServerUrl(std::string_view url) {
  std::string_view rest = url;
  if (rest.starts_with("https://")) {
    return InvalidInput("https is not supported by basalt sql: use an http:// URL (" +
                        std::string(url) + ")");
  }
  if (rest.starts_with("http://")) {
    rest.remove_prefix(7);
  } else if (rest.find("://") != std::string_view::npos) {
    return InvalidInput("unsupported URL scheme in '" + std::string(url) + "'");
  }
  ServerUrl server;
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) {
    std::string_view path = rest.substr(slash);
    while (!path.empty() && path.back() == '/') {
      path.remove_suffix(1);
    }
    server.base_path = std::string(path);
  }
  std::string_view port;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return InvalidInput("unbalanced '[' in URL '" + std::string(url) + "'");
    }
    server.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return InvalidInput("bad URL '" + std::string(url) + "'");
      }
      port = after.substr(1);
    }
  } else {
    size_t colon = authority.rfind(':');
    server.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
    }
  }
  if (server.host.empty()) {
    return InvalidInput("no host in URL '" + std::string(url) + "'");
  }
  if (!port.empty()) {
    for (char c : port) {
      if (c < '0' || c > '9') {
        return InvalidInput("bad port in URL '" + std::string(url) + "'");
      }
    }
    server.port = std::string(port);
  }
  return server;
}

Result<HttpReply> Post(std::string_view url, std::string_view path, const HttpHeaders& headers,
                       std::string_view body) {
  BASALT_ASSIGN_OR_RETURN(ServerUrl server, ParseServerUrl(url));
  try {
    return PostOrThrow(server, path, headers, body);
  } catch (const std::exception& e) {
    return Status(ErrorCode::kServiceUnavailable,
                  "request to " + server.host + ":" + server.port + " failed: " + e.what());
  }
}

}  // namespace basalt::cli
