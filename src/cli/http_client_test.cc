#include "cli/http_client.h"

#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace basalt::cli {
namespace {

TEST(ServerUrlTest, Forms) {
  Result<ServerUrl> full = ParseServerUrl("http://example.com:3000/base/");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(full->host, "example.com");
  EXPECT_EQ(full->port, "3000");
  EXPECT_EQ(full->base_path, "/base");

  Result<ServerUrl> bare = ParseServerUrl("localhost");
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->host, "localhost");
  EXPECT_EQ(bare->port, "80");
  EXPECT_EQ(bare->base_path, "");

  Result<ServerUrl> ipv6 = ParseServerUrl("http://[::1]:3000");
  ASSERT_TRUE(ipv6.ok());
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, "3000");
}

TEST(ServerUrlTest, Rejects) {
  EXPECT_EQ(ParseServerUrl("https://x").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseServerUrl("ftp://x").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseServerUrl("http://:3000").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseServerUrl("http://x:30a0").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(ParseServerUrl("http://[::1").status().code(), ErrorCode::kInvalidInput);
}

// A one-request HTTP server on a loopback port: records the request, sends `reply`.
class OneShotServer {
 public:
  explicit OneShotServer(std::string reply) : reply_(std::move(reply)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(::listen(listener_, 1), 0);
    socklen_t length = sizeof(address);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~OneShotServer() {
    thread_.join();
    ::close(listener_);
  }
  OneShotServer(const OneShotServer&) = delete;
  OneShotServer& operator=(const OneShotServer&) = delete;
  OneShotServer(OneShotServer&&) = delete;
  OneShotServer& operator=(OneShotServer&&) = delete;

  int Port() const { return port_; }
  // Valid after the client got its reply.
  const std::string& Request() const { return request_; }

 private:
  void Serve() {
    int connection = ::accept(listener_, nullptr, nullptr);
    if (connection < 0) {
      return;
    }
    char buffer[4096];
    while (true) {
      size_t head_end = request_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t at = request_.find("Content-Length: ");
        size_t length = at == std::string::npos ? 0 : std::stoul(request_.substr(at + 16));
        if (request_.size() >= head_end + 4 + length) {
          break;
        }
      }
      ssize_t got = ::read(connection, buffer, sizeof(buffer));
      if (got <= 0) {
        break;
      }
      request_.append(buffer, static_cast<size_t>(got));
    }
    ssize_t sent = ::write(connection, reply_.data(), reply_.size());
    EXPECT_EQ(sent, static_cast<ssize_t>(reply_.size()));
    ::close(connection);
  }

  std::string reply_;
  std::string request_;
  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
};

TEST(HttpClientTest, PostsAndReadsTheReply) {
  OneShotServer server(
      "HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nContent-Length: 13\r\n"
      "Connection: close\r\n\r\n{\"message\":1}");
  Result<HttpReply> reply = Post("http://localhost:" + std::to_string(server.Port()) + "/base",
                                 "/v1/q", {{"Authorization", "ApiKey k"}}, "{\"sql\":1}");
  ASSERT_TRUE(reply.ok()) << reply.status().ToString();
  EXPECT_EQ(reply->status, 400);
  EXPECT_EQ(reply->body, "{\"message\":1}");
  const std::string& request = server.Request();
  EXPECT_TRUE(request.starts_with("POST /base/v1/q HTTP/1.1\r\n")) << request;
  EXPECT_NE(request.find("Authorization: ApiKey k\r\n"), std::string::npos) << request;
  EXPECT_NE(request.find("Host: localhost:" + std::to_string(server.Port())), std::string::npos);
  EXPECT_TRUE(request.ends_with("\r\n\r\n{\"sql\":1}")) << request;
}

TEST(HttpClientTest, RefusedConnectionIsServiceUnavailable) {
  int port = 0;
  {
    // A port that was free a moment ago: nothing listens there now.
    int probe = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    socklen_t length = sizeof(address);
    ::getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
    port = ntohs(address.sin_port);
    ::close(probe);
  }
  Result<HttpReply> reply = Post("127.0.0.1:" + std::to_string(port), "/", {}, "");
  ASSERT_FALSE(reply.ok());
  EXPECT_EQ(reply.status().code(), ErrorCode::kServiceUnavailable);
}

}  // namespace
}  // namespace basalt::cli
