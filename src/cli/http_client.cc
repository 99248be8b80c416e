#include "cli/http_client.h"

#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <utility>

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

}  // namespace

struct HttpConnection::Impl {
  ServerUrl server;
  std::string user_agent;
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout{0};

  Status Connect() {
    beast::error_code ec;
    tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(server.host, server.port, ec);
    if (ec) {
      return Unreachable(server, "cannot resolve", ec);
    }
    stream.emplace(io);
    stream->expires_after(kConnectTimeout);
    stream->connect(endpoints, ec);
    if (ec) {
      stream.reset();
      return Unreachable(server, "cannot connect to", ec);
    }
    if (timeout.count() > 0) {
      stream->expires_after(timeout);
    } else {
      stream->expires_never();
    }
    buffer.clear();
    return Status::Ok();
  }

  void Close() {
    if (stream) {
      beast::error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream.reset();
    }
  }

  // One exchange on the current connection. *sent_nothing tells whether the failure
  // happened before any of the reply arrived (then the request may be repeated).
  Result<HttpReply> Exchange(std::string_view method, std::string_view path,
                             const HttpHeaders& headers, std::string_view body,
                             bool* nothing_received) {
    *nothing_received = true;
    http::request<http::string_body> request(
        http::string_to_verb(beast::string_view(method.data(), method.size())),
        server.base_path + std::string(path), 11);
    bool default_port = server.port == "80";
    bool ipv6 = server.host.find(':') != std::string::npos;
    std::string host = ipv6 ? "[" + server.host + "]" : server.host;
    request.set(http::field::host, default_port ? host : host + ":" + server.port);
    request.set(http::field::user_agent, user_agent);
    request.set(http::field::accept, "application/json");
    request.keep_alive(true);
    for (const auto& [name, value] : headers) {
      request.set(name, value);
    }
    request.body() = std::string(body);
    request.prepare_payload();
    beast::error_code ec;
    http::write(*stream, request, ec);
    if (ec) {
      return Unreachable(server, "cannot send the request to", ec);
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // results can be large
    http::read_header(*stream, buffer, parser, ec);
    if (ec) {
      return Unreachable(server, "no reply from", ec);
    }
    *nothing_received = false;
    http::read(*stream, buffer, parser, ec);
    if (ec) {
      return Unreachable(server, "no complete reply from", ec);
    }
    HttpReply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    reply.body = std::move(parser.get().body());
    if (!parser.get().keep_alive()) {
      Close();
    }
    return reply;
  }

  Result<HttpReply> Send(std::string_view method, std::string_view path, const HttpHeaders& headers,
                         std::string_view body) {
    bool reused = stream.has_value();
    if (!reused) {
      BASALT_RETURN_IF_ERROR(Connect());
    }
    bool nothing_received = true;
    Result<HttpReply> reply = Exchange(method, path, headers, body, &nothing_received);
    if (reply.ok()) {
      return reply;
    }
    Close();
    if (!reused || !nothing_received) {
      return reply;
    }
    // The server had closed the idle connection: once more on a new one.
    BASALT_RETURN_IF_ERROR(Connect());
    reply = Exchange(method, path, headers, body, &nothing_received);
    if (!reply.ok()) {
      Close();
    }
    return reply;
  }
};

HttpConnection::HttpConnection(ServerUrl server, std::string user_agent)
    : impl_(std::make_unique<Impl>()) {
  impl_->server = std::move(server);
  impl_->user_agent = std::move(user_agent);
}

void HttpConnection::set_timeout(std::chrono::milliseconds timeout) {
  impl_->timeout = timeout;
}

HttpConnection::~HttpConnection() {
  impl_->Close();
}

Result<HttpReply> HttpConnection::Send(std::string_view method, std::string_view path,
                                       const HttpHeaders& headers, std::string_view body) {
  try {
    return impl_->Send(method, path, headers, body);
  } catch (const std::exception& e) {
    impl_->stream.reset();
    return Status(ErrorCode::kServiceUnavailable, "request to " + impl_->server.host + ":" +
                                                      impl_->server.port + " failed: " + e.what());
  }
}

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
                       std::string_view body, std::chrono::milliseconds timeout) {
  BASALT_ASSIGN_OR_RETURN(ServerUrl server, ParseServerUrl(url));
  HttpConnection connection(std::move(server), "basalt-sql");
  connection.set_timeout(timeout);
  return connection.Send("POST", path, headers, body);
}

}  // namespace basalt::cli
