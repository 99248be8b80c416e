#include "server/http_server.h"

#include <array>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <condition_variable>
#include <deque>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "server/responses.h"

namespace basalt::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr size_t kHeaderLimitBytes = 64u << 10;
constexpr auto kBodyReadTimeout = std::chrono::seconds(300);
constexpr auto kLingerTimeout = std::chrono::seconds(10);
constexpr auto kStopGracePeriod = std::chrono::seconds(10);

bool EqualsIgnoreCase(beast::string_view a, beast::string_view b) {
  return beast::iequals(a, b);
}

// What the server and its connections share for a graceful stop.
// Declared before the io_context so that it outlives the connections the io_context's
// destruction destroys.
// A fixed set of threads that run request handlers, so that a slow query or a large write
// never holds an I/O thread (which keep accepting and reading other connections).
class HandlerPool {
 public:
  explicit HandlerPool(int threads) {
    for (int idx = 0; idx < threads; ++idx) {
      threads_.emplace_back([this] {
        while (true) {
          std::function<void()> task;
          {
            std::unique_lock<std::mutex> lock(mu_);
            ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) {
              return;  // stopping, and every queued request has been answered
            }
            task = std::move(tasks_.front());
            tasks_.pop_front();
          }
          task();
        }
      });
    }
  }
  ~HandlerPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) {
      thread.join();
    }
  }
  HandlerPool(const HandlerPool&) = delete;
  HandlerPool& operator=(const HandlerPool&) = delete;

  void Submit(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

struct ServerState {
  HandlerPool* handlers = nullptr;
  std::atomic<bool> stopping{false};
  std::atomic<bool> finished{false};  // the server is being destroyed
  std::atomic<int> live_sessions{0};
  // Stops the I/O threads if connections do not finish in time; cancelled (on the
  // io_context) when the last connection ends.
  asio::steady_timer* force_stop = nullptr;
};

// One client connection: reads requests one after another (keep-alive), answers each on
// the I/O thread that read it. Everything runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, Router& router, const HttpServerOptions& options,
          ServerState& state)
      : stream_(std::move(socket)), router_(router), options_(options), state_(state) {
    state_.live_sessions.fetch_add(1);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  Session(Session&&) = delete;
  Session& operator=(Session&&) = delete;

  ~Session() {
    if (state_.live_sessions.fetch_sub(1) == 1 && state_.stopping.load() &&
        !state_.finished.load()) {
      asio::steady_timer* timer = state_.force_stop;
      asio::post(timer->get_executor(), [timer] { timer->cancel(); });
    }
  }

  // Server stop: an idle connection closes now, a busy one after its current response.
  void Shutdown() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) {
        self->stream_.close();
      }
    });
  }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

 private:
  void ReadHeader() {
    if (state_.stopping.load()) {
      return Close();
    }
    idle_ = true;
    parser_.emplace();
    parser_->body_limit(options_.body_limit_bytes);
    parser_->header_limit(kHeaderLimitBytes);
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code ec, size_t /*bytes*/) {
    idle_ = false;
    if (ec) {
      return OnReadError(ec);
    }
    if (EqualsIgnoreCase(parser_->get()[http::field::expect], "100-continue")) {
      continue_ = http::response<http::empty_body>(http::status::continue_, 11);
      stream_.expires_after(kBodyReadTimeout);
      http::async_write(stream_, continue_,
                        beast::bind_front_handler(&Session::OnContinueSent, shared_from_this()));
      return;
    }
    ReadBody();
  }

  void OnContinueSent(beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return Close();
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(kBodyReadTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return OnReadError(ec);
    }
    http::request<http::string_body>& beast_request = parser_->get();
    HttpRequest request;
    request.method = std::string(beast_request.method_string());
    request.target = std::string(beast_request.target());
    request.authorization = std::string(beast_request[http::field::authorization]);
    request.content_type = std::string(beast_request[http::field::content_type]);
    request.host = std::string(beast_request[http::field::host]);
    request.body = std::move(beast_request.body());
    unsigned version = beast_request.version();
    bool keep_alive = beast_request.keep_alive();
    bool head = beast_request.method() == http::verb::head;
    // The handler runs on the handler pool; the response is sent back on this connection's
    // strand. The connection reads nothing more until then.
    state_.handlers->Submit([self = shared_from_this(), request = std::move(request), version,
                             keep_alive, head]() mutable {
      HttpResponse response = self->router_.Handle(request);
      asio::post(self->stream_.get_executor(), [self, response = std::move(response), version,
                                                keep_alive, head]() mutable {
        self->Send(std::move(response), version, keep_alive, /*linger=*/false, head);
      });
    });
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      Status status(ErrorCode::kContentTooLarge, "The request body is larger than " +
                                                     std::to_string(options_.body_limit_bytes) +
                                                     " bytes");
      return Send(ErrorResponse(status), 11, false, /*linger=*/true);
    }
    if (ec.category() == beast::http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      Status status(ErrorCode::kBadRequest, "Malformed HTTP request: " + ec.message());
      return Send(ErrorResponse(status), 11, false, /*linger=*/true);
    }
    Close();  // end of stream, timeout, reset: nobody to answer
  }

  // A response to HEAD carries the headers of the full response but no body.
  void Send(HttpResponse response, unsigned version, bool keep_alive, bool linger,
            bool head = false) {
    response_ = http::response<http::string_body>();
    response_.result(static_cast<unsigned>(response.status));
    response_.version(version);
    response_.set(http::field::server, "basalt");
    response_.set(http::field::content_type, "application/json");
    response_.set(http::field::access_control_allow_origin, "*");
    for (const auto& [name, value] : response.headers) {
      response_.set(name, value);
    }
    response_.keep_alive(keep_alive && !linger && !state_.stopping.load());
    response_.body() = std::move(response.body);
    response_.prepare_payload();
    if (head) {
      response_.body().clear();
    }
    stream_.expires_after(std::chrono::seconds(options_.idle_timeout_seconds));
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWritten, shared_from_this(),
                                                !response_.keep_alive(), linger));
  }

  void OnWritten(bool close, bool linger, beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return Close();
    }
    if (linger) {
      return Linger();
    }
    if (close) {
      return Close();
    }
    ReadHeader();
  }

  // After refusing a request whose body we did not read, read and discard what the client
  // still sends for a while, so that it gets to read our answer instead of a reset.
  void Linger() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTimeout);
    DrainSome();
  }

  void DrainSome() {
    stream_.async_read_some(asio::buffer(drain_),
                            beast::bind_front_handler(&Session::OnDrained, shared_from_this()));
  }

  void OnDrained(beast::error_code ec, size_t /*bytes*/) {
    if (ec) {
      return Close();
    }
    DrainSome();
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  Router& router_;
  const HttpServerOptions& options_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::empty_body> continue_;
  http::response<http::string_body> response_;
  std::array<char, 16 << 10> drain_;
  ServerState& state_;
  bool idle_ = false;  // waiting for the next request's header (on the strand only)
};

}  // namespace

class HttpServer::Impl {
  static constexpr int kHandlerThreads = 4;

 public:
  Impl(const HttpServerOptions& options, Router& router)
      : options_(options), router_(router), io_(options.io_threads), acceptor_(io_) {
    state_.force_stop = &force_stop_;
    state_.handlers = &handlers_;
  }

  ~Impl() { state_.finished.store(true); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;

  Status Listen() {
    beast::error_code ec;
    tcp::resolver resolver(io_);
    auto endpoints = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (ec || endpoints.empty()) {
      return Status(ErrorCode::kIoError,
                    "cannot resolve listen address '" + options_.host + "': " + ec.message());
    }
    tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
      acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    }
    if (!ec) {
      acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
      acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
      return Status(ErrorCode::kIoError, "cannot listen on " + options_.host + ":" +
                                             std::to_string(options_.port) + ": " + ec.message());
    }
    bound_ = acceptor_.local_endpoint(ec);
    Accept();
    return Status::Ok();
  }

  std::string endpoint() const {
    std::string address = bound_.address().to_string();
    if (bound_.address().is_v6()) {
      address = "[" + address + "]";
    }
    return address + ":" + std::to_string(bound_.port());
  }

  void Run(bool stop_on_signals) {
    if (stop_on_signals) {
      signals_.emplace(io_, SIGINT, SIGTERM);
      signals_->async_wait([this](beast::error_code ec, int /*signal*/) {
        if (!ec) {
          Stop();
        }
      });
    }
    std::vector<std::thread> threads;
    for (int thread_idx = 1; thread_idx < options_.io_threads; ++thread_idx) {
      threads.emplace_back([this] { RunLoop(); });
    }
    RunLoop();
    for (std::thread& thread : threads) {
      thread.join();
    }
  }

  // Stops accepting, closes idle connections, lets busy ones finish their response, and
  // stops the I/O threads when the last connection is gone (or after a grace period).
  void Stop() {
    asio::post(io_, [this] {
      if (state_.stopping.exchange(true)) {
        return;
      }
      beast::error_code ignored;
      acceptor_.close(ignored);
      if (signals_) {
        signals_->cancel(ignored);
      }
      std::vector<std::shared_ptr<Session>> live;
      {
        std::lock_guard lock(sessions_mu_);
        for (const std::weak_ptr<Session>& weak : sessions_) {
          if (std::shared_ptr<Session> session = weak.lock()) {
            live.push_back(std::move(session));
          }
        }
        sessions_.clear();
      }
      if (state_.live_sessions.load() == 0) {
        return;  // nothing left: run() returns
      }
      force_stop_.expires_after(kStopGracePeriod);
      force_stop_.async_wait([this](beast::error_code ec) {
        if (!ec) {
          io_.stop();
        }
      });
      for (const std::shared_ptr<Session>& session : live) {
        session->Shutdown();
      }
    });
  }

 private:
  void RunLoop() {
    // Handlers do not throw (the Router catches); this is the last line of defence.
    while (!io_.stopped()) {
      try {
        io_.run();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "basalt: unexpected error in the HTTP server: %s\n", e.what());
      }
    }
  }

  void Track(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(sessions_mu_);
    if (sessions_.size() >= 64) {
      std::erase_if(sessions_, [](const std::weak_ptr<Session>& weak) { return weak.expired(); });
    }
    sessions_.push_back(session);
  }

  void Accept() {
    acceptor_.async_accept(
        asio::make_strand(io_), [this](beast::error_code ec, tcp::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
            return;
          }
          if (!ec) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            auto session = std::make_shared<Session>(std::move(socket), router_, options_, state_);
            Track(session);
            session->Start();
          }
          Accept();
        });
  }

  HttpServerOptions options_;
  Router& router_;
  ServerState state_;
  asio::io_context io_;
  // After io_: destroyed first, so queued handlers finish while io_ can still take their
  // responses.
  HandlerPool handlers_{kHandlerThreads};
  tcp::acceptor acceptor_;
  asio::steady_timer force_stop_{io_};
  std::optional<asio::signal_set> signals_;
  tcp::endpoint bound_;
  std::mutex sessions_mu_;
  std::vector<std::weak_ptr<Session>> sessions_;  // guarded by sessions_mu_
};

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      Router& router) {
  try {
    auto impl = std::make_unique<Impl>(options, router);
    BASALT_RETURN_IF_ERROR(impl->Listen());
    return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
  } catch (const std::exception& e) {
    return Status(ErrorCode::kIoError, std::string("cannot start the HTTP server: ") + e.what());
  }
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

std::string HttpServer::endpoint() const {
  return impl_->endpoint();
}
void HttpServer::Run(bool stop_on_signals) {
  impl_->Run(stop_on_signals);
}
void HttpServer::Stop() {
  impl_->Stop();
}

}  // namespace basalt::server
