#include "http/server.hpp"
#include "core/text.hpp"
#include "http/detail/stream_writer.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <charconv>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace convonet::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using BeastRequest = bhttp::request<bhttp::string_body>;

// Network failures are ordinary values here, not exceptions.
constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);

constexpr std::size_t kFirstReadBytes = 4096;
// After an error response the client may still be sending; reading a little of it before
// closing keeps the kernel from answering with a RST that would destroy our response.
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr std::chrono::seconds kLingerTime{1};

// One per TCP connection; shared between the session coroutine and stop().
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  bool idle = false;  // waiting for the next request; only touched on the stream's strand
};

// Metrics labels must stay bounded: clients may send any token as a method.
std::string_view method_label(std::string_view method) {
  static constexpr std::array<std::string_view, 9> kKnown = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"};
  for (auto known : kKnown) {
    if (method == known) return known;
  }
  return "OTHER";
}

bool is_framing_header(std::string_view name) {
  return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
         iequals(name, "Connection");
}

bool is_safe_header(std::string_view name, std::string_view value) {
  auto bad = [](char c) { return c == '\r' || c == '\n' || c == '\0'; };
  return !name.empty() && std::none_of(name.begin(), name.end(), bad) &&
         name.find(':') == std::string_view::npos && std::none_of(value.begin(), value.end(), bad);
}

std::string request_id_from(const BeastRequest& message) {
  auto it = message.find("X-Request-Id");
  if (it != message.end() && is_sane_request_id(it->value())) return std::string(it->value());
  return generate_request_id();
}

Request to_request(BeastRequest&& message, const std::string& peer,
                   const std::vector<std::string>& trusted_proxies) {
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.request_id = request_id_from(message);
  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  std::string forwarded_for;  // several headers read as one list, in order
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    if (!trusted_proxies.empty() && beast::iequals(field.name_string(), "X-Forwarded-For")) {
      if (!forwarded_for.empty()) forwarded_for += ',';
      forwarded_for.append(field.value());
    }
  }
  request.body = std::move(message.body());
  request.remote_address = client_address(peer, forwarded_for, trusted_proxies);
  return request;
}

std::optional<std::string> canonical_address(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return std::nullopt;
  text = text.substr(first, text.find_last_not_of(" \t") - first + 1);
  beast::error_code ec;
  const auto address = asio::ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return address.to_string();
}

// Never throws: a handler's failure becomes a generic 500, and its message stays in the log.
Response dispatch_safely(const Router& router, Request& request) noexcept {
  try {
    Response response = router.dispatch(request);
    if (response.status < 200 || response.status > 599) {
      spdlog::error("http handler returned an invalid status request_id={} route={} status={}",
                    request.request_id, request.route, response.status);
      return error(Error::internal("internal server error"));
    }
    return response;
  } catch (const std::exception& e) {
    spdlog::error("http handler failed request_id={} route={} error={}", request.request_id,
                  request.route, e.what());
  } catch (...) {
    spdlog::error("http handler failed request_id={} route={} error=unknown", request.request_id,
                  request.route);
  }
  return error(Error::internal("internal server error"));
}

// Runs on the worker pool. A co_spawn onto the pool (rather than co_await post(pool)) is what
// moves the work there: post() completes through the awaiting coroutine's own executor, so
// the handler would run back on the io strand.
asio::awaitable<Response> dispatch_on_pool(const Router& router, Request& request) {
  co_return dispatch_safely(router, request);
}

// What the session knows about the request a response answers. Passed to coroutines by value:
// GCC 12 can end a temporary's life early when a coroutine takes it by reference.
struct Reply {
  const std::string& request_id;
  bool keep_alive = false;
  bool head = false;  // HEAD: announce the length, send no body
};

// Calls emit(name, value) for each header a response carries besides the framing ones
// (Content-Length, Connection), in order: Server, X-Request-Id, Content-Type, the handler's
// own headers that are safe to send, and Cache-Control: no-store for JSON unless the handler
// chose a policy.
template <class Emit>
void for_each_header(Response& response, const std::string& request_id, Emit&& emit) {
  emit(std::string_view("Server"), std::string_view("convonet"));
  emit(std::string_view("X-Request-Id"), std::string_view(request_id));
  if (!is_safe_header("Content-Type", response.content_type)) {
    spdlog::warn("http dropped an unsafe content type request_id={}", request_id);
    response.content_type.clear();
  }
  if (!response.content_type.empty()) {
    emit(std::string_view("Content-Type"), std::string_view(response.content_type));
  }
  bool has_cache_control = false;
  for (const auto& [name, value] : response.headers) {
    if (is_framing_header(name) || iequals(name, "Server") || iequals(name, "X-Request-Id")) {
      continue;
    }
    if (!is_safe_header(name, value)) {
      spdlog::warn("http dropped an unsafe response header request_id={}", request_id);
      continue;
    }
    has_cache_control = has_cache_control || iequals(name, "Cache-Control");
    emit(std::string_view(name), std::string_view(value));
  }
  if (!has_cache_control && response.content_type.starts_with("application/json")) {
    emit(std::string_view("Cache-Control"), std::string_view("no-store"));
  }
}

bool has_no_body(int status) {
  // These carry no body and, per RFC 9110, no Content-Length either.
  return status == 204 || status == 304;
}

bhttp::response<bhttp::string_body> to_beast(Response&& response, const Reply& reply) {
  bhttp::response<bhttp::string_body> out;
  out.version(11);
  out.result(static_cast<unsigned>(response.status));
  for_each_header(response, reply.request_id,
                  [&](std::string_view name, std::string_view value) { out.insert(name, value); });
  out.keep_alive(reply.keep_alive);
  if (has_no_body(response.status)) return out;
  out.body() = std::move(response.body);
  out.prepare_payload();
  if (reply.head) out.body().clear();  // Content-Length stays that of the GET
  return out;
}

// The status line and header block of an ordinary (not streamed) response, written by hand:
// the same bytes Beast's serializer would send, without a separately allocated field per
// header. Sent with the body in one gathered write.
std::string response_head(Response& response, const Reply& reply) {
  std::string head;
  head.reserve(192 + reply.request_id.size());
  const auto status = static_cast<unsigned>(response.status);
  head += "HTTP/1.1 ";
  const char digits[3] = {static_cast<char>('0' + status / 100 % 10),
                          static_cast<char>('0' + status / 10 % 10),
                          static_cast<char>('0' + status % 10)};
  head.append(digits, 3);
  head += ' ';
  head += bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  head += "\r\n";
  for_each_header(response, reply.request_id, [&](std::string_view name, std::string_view value) {
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  });
  if (!reply.keep_alive) head += "Connection: close\r\n";
  if (!has_no_body(response.status)) {
    char length[24];
    const auto [end, ec] = std::to_chars(length, length + sizeof length, response.body.size());
    head += "Content-Length: ";
    head.append(length, end);
    head += "\r\n";
  }
  head += "\r\n";
  return head;
}

// The error answer for a failed read, or nothing when the peer is simply gone.
std::optional<Response> read_error_response(const beast::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return error(Error::payload_too_large("request body too large"));
  }
  if (ec == bhttp::error::header_limit) {
    return json(
        431, {{"error", {{"code", "header_too_large"}, {"message", "request header too large"}}}});
  }
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return std::nullopt;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
    return error(Error::bad_request("malformed HTTP request", "malformed_request"));
  }
  return std::nullopt;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& r, Metrics& m)
      : options(std::move(opts)),
        router(r),
        metrics(m),
        ioc(std::max(1, options.io_threads)),
        pool(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

  Result<unsigned short> start();
  void stop();
  void wait();

  asio::awaitable<void> listen();
  asio::awaitable<void> session(std::shared_ptr<Connection> connection);
  asio::awaitable<bool> write(Connection& connection, Response response, Reply reply);
  asio::awaitable<void> lingering_close(Connection& connection);
  void finish(std::string_view route, std::string_view method, int status,
              const std::string& request_id, Clock::time_point started);
  void forget(const std::shared_ptr<Connection>& connection);
  void run_io();

  // Removes a connection from the registry when its session coroutine ends, however it ends.
  struct Registration {
    Impl* impl;
    std::shared_ptr<Connection> connection;
    ~Registration() { impl->forget(connection); }
  };

  ServerOptions options;
  const Router& router;
  Metrics& metrics;

  // Declared before the io_context: destroying it destroys suspended sessions, which
  // unregister themselves here.
  std::mutex mutex;
  std::condition_variable changed;
  std::set<std::shared_ptr<Connection>> connections;
  bool started = false;
  bool stop_begun = false;
  bool stopped = false;
  std::atomic<bool> stopping{false};

  asio::io_context ioc;
  asio::thread_pool pool;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> io_threads;
};

Result<unsigned short> Server::Impl::start() {
  std::lock_guard lock(mutex);
  if (started) return Error::internal("server already started");

  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(options.host, std::to_string(options.port), ec);
    if (ec || results.empty()) {
      return Error::unavailable("cannot resolve listen host " + options.host);
    }
    endpoint = results.begin()->endpoint();
  }

  acceptor.emplace(asio::make_strand(ioc));
  auto fail = [&](std::string_view what) -> Error {
    std::string message = std::string(what) + " " + options.host + ":" +
                          std::to_string(options.port) + ": " + ec.message();
    acceptor.reset();
    return Error::unavailable(std::move(message));
  };
  acceptor->open(endpoint.protocol(), ec);
  if (ec) return fail("cannot open a socket for");
  acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("cannot set options for");
  acceptor->bind(endpoint, ec);
  if (ec) return fail("cannot bind");
  acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("cannot listen on");
  unsigned short port = acceptor->local_endpoint(ec).port();
  if (ec) return fail("cannot read the local address of");

  work.emplace(ioc.get_executor());
  asio::co_spawn(acceptor->get_executor(), listen(), [](std::exception_ptr e) {
    if (e) spdlog::error("http listener stopped by an exception");
  });
  for (int i = 0; i < std::max(1, options.io_threads); ++i) {
    io_threads.emplace_back([this] { run_io(); });
  }
  started = true;
  spdlog::info("http listening host={} port={}", options.host, port);
  return port;
}

void Server::Impl::run_io() {
  for (;;) {
    try {
      ioc.run();
      return;
    } catch (const std::exception& e) {
      // Handlers are written not to throw; keep serving if one does anyway.
      spdlog::error("http io thread caught an exception error={}", e.what());
    }
  }
}

void Server::Impl::stop() {
  std::vector<std::shared_ptr<Connection>> snapshot;
  {
    std::unique_lock lock(mutex);
    if (!started) return;
    if (stop_begun) {
      // Another thread is stopping: return when it is done, as a single call would.
      changed.wait(lock, [&] { return stopped; });
      return;
    }
    stop_begun = true;
    snapshot.assign(connections.begin(), connections.end());
  }
  stopping = true;
  asio::post(acceptor->get_executor(), [this] {
    beast::error_code ignored;
    acceptor->close(ignored);
  });
  // A busy session sees `stopping` after its response and closes; an idle one is woken here.
  // The check runs on the connection's strand, so it cannot race the session's own state.
  for (auto& connection : snapshot) {
    asio::post(connection->stream.get_executor(), [connection] {
      if (connection->idle) connection->stream.cancel();
    });
  }
  {
    std::unique_lock lock(mutex);
    if (!changed.wait_for(lock, options.shutdown_timeout, [&] { return connections.empty(); })) {
      spdlog::warn("http stop timed out open_connections={}", connections.size());
    }
  }
  work.reset();
  ioc.stop();
  for (auto& thread : io_threads) thread.join();
  io_threads.clear();
  // ioc.stop() may have won the race with the posted close; no io thread runs now, so closing
  // here is safe, and new connections are refused while abandoned handlers finish.
  beast::error_code ignored;
  acceptor->close(ignored);
  pool.join();
  {
    std::lock_guard lock(mutex);
    stopped = true;
  }
  changed.notify_all();
  spdlog::info("http stopped");
}

void Server::Impl::wait() {
  std::unique_lock lock(mutex);
  changed.wait(lock, [&] { return !started || stopped; });
}

void Server::Impl::forget(const std::shared_ptr<Connection>& connection) {
  {
    std::lock_guard lock(mutex);
    connections.erase(connection);
  }
  changed.notify_all();
}

asio::awaitable<void> Server::Impl::listen() {
  for (;;) {
    auto [ec, socket] = co_await acceptor->async_accept(asio::make_strand(ioc), use_nothrow);
    if (ec) {
      if (!acceptor->is_open() || ec == asio::error::operation_aborted) co_return;
      // E.g. out of file descriptors: back off rather than spin.
      spdlog::warn("http accept failed error={}", ec.message());
      asio::steady_timer timer(acceptor->get_executor(), std::chrono::milliseconds(100));
      co_await timer.async_wait(use_nothrow);
      if (!acceptor->is_open()) co_return;
      continue;
    }
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(mutex);
      connections.insert(connection);
    }
    asio::co_spawn(connection->stream.get_executor(), session(connection),
                   [](std::exception_ptr e) {
                     if (!e) return;
                     try {
                       std::rethrow_exception(e);
                     } catch (const std::exception& ex) {
                       spdlog::error("http session failed error={}", ex.what());
                     } catch (...) {
                       spdlog::error("http session failed error=unknown");
                     }
                   });
  }
}

asio::awaitable<void> Server::Impl::session(std::shared_ptr<Connection> connection) {
  Registration registration{this, connection};
  Connection& conn = *connection;
  beast::error_code ec;
  auto peer = conn.stream.socket().remote_endpoint(ec);
  const std::string remote_address = ec ? std::string() : peer.address().to_string();
  beast::flat_buffer buffer;

  // A WebSocket upgrade would branch off after async_read_header below, handing conn.stream
  // and buffer to a websocket session.
  for (;;) {
    if (stopping) break;
    if (buffer.size() == 0) {
      conn.idle = true;
      conn.stream.expires_after(options.idle_timeout);
      auto [read_ec, n] =
          co_await conn.stream.async_read_some(buffer.prepare(kFirstReadBytes), use_nothrow);
      conn.idle = false;
      if (read_ec) break;  // peer closed, idle timeout, or stop()
      buffer.commit(n);
    }

    const auto started = Clock::now();
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(options.body_limit);
    conn.stream.expires_after(options.read_timeout);
    auto [header_ec, header_n] =
        co_await bhttp::async_read_header(conn.stream, buffer, parser, use_nothrow);
    beast::error_code read_ec = header_ec;
    if (!read_ec && parser.get()[bhttp::field::expect] == "100-continue") {
      bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
      auto [write_ec, write_n] = co_await bhttp::async_write(conn.stream, go_on, use_nothrow);
      read_ec = write_ec;
    }
    // Most requests (GET) end with their header: skip the body read's round through the
    // executor then.
    if (!read_ec && !parser.is_done()) {
      auto [body_ec, body_n] = co_await bhttp::async_read(conn.stream, buffer, parser, use_nothrow);
      read_ec = body_ec;
    }
    if (read_ec) {
      auto response = read_error_response(read_ec);
      if (!response) break;
      const bool have_header = parser.is_header_done();
      const std::string request_id =
          have_header ? request_id_from(parser.get()) : generate_request_id();
      const std::string method =
          have_header ? std::string(method_label(parser.get().method_string())) : "OTHER";
      const int status = response->status;
      co_await write(conn, std::move(*response), Reply{request_id, false, false});
      finish("unmatched", method, status, request_id, started);
      co_await lingering_close(conn);
      co_return;
    }

    const bool keep_alive = parser.get().keep_alive();
    Request request = to_request(parser.release(), remote_address, options.trusted_proxies);
    Response response;
    if (auto target = parse_target(request.target, request); !target) {
      response = error(target.error());
    } else {
      response =
          co_await asio::co_spawn(pool, dispatch_on_pool(router, request), asio::use_awaitable);
    }
    const int status = response.status;
    if (response.stream) {
      // A streamed body (e.g. Server-Sent Events) ends the connection when it ends.
      auto body = std::move(response.stream);
      co_await detail::write_stream(conn.stream,
                                    to_beast(std::move(response), Reply{request.request_id, false}),
                                    std::move(body), stopping, options.read_timeout);
      finish(request.route, method_label(request.method), status, request.request_id, started);
      break;
    }
    const bool again = keep_alive && !stopping;
    const bool written = co_await write(conn, std::move(response),
                                        Reply{request.request_id, again, request.method == "HEAD"});
    finish(request.route.empty() ? std::string_view("unmatched") : std::string_view(request.route),
           method_label(request.method), status, request.request_id, started);
    if (!written) break;
    if (!again) {
      conn.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      break;
    }
  }
  conn.stream.close();
}

asio::awaitable<bool> Server::Impl::write(Connection& conn, Response response, Reply reply) {
  const std::string head = response_head(response, reply);
  std::array<asio::const_buffer, 2> buffers = {asio::buffer(head), asio::const_buffer()};
  if (!has_no_body(response.status) && !reply.head) buffers[1] = asio::buffer(response.body);
  conn.stream.expires_after(options.read_timeout);
  auto [ec, n] = co_await asio::async_write(conn.stream, buffers, use_nothrow);
  co_return !ec;
}

asio::awaitable<void> Server::Impl::lingering_close(Connection& conn) {
  beast::error_code ignored;
  conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  conn.stream.expires_after(kLingerTime);
  std::array<char, 4096> sink{};
  std::size_t drained = 0;
  while (drained < kLingerBytes) {
    auto [ec, n] = co_await conn.stream.async_read_some(asio::buffer(sink), use_nothrow);
    if (ec) break;
    drained += n;
  }
  conn.stream.close();
}

void Server::Impl::finish(std::string_view route, std::string_view method, int status,
                          const std::string& request_id, Clock::time_point started) {
  auto latency = Clock::now() - started;
  metrics.observe(route, method, status, latency);
  spdlog::debug("http request request_id={} method={} route={} status={} micros={}", request_id,
                method, route, status,
                std::chrono::duration_cast<std::chrono::microseconds>(latency).count());
}

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() {
  stop();
  wait();
}

Result<unsigned short> Server::start() {
  return impl_->start();
}
void Server::stop() {
  impl_->stop();
}
void Server::wait() {
  impl_->wait();
}

std::string client_address(const std::string& peer, std::string_view forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  const auto trusted = [&](const std::string& address) {
    return std::any_of(trusted_proxies.begin(), trusted_proxies.end(),
                       [&](const std::string& p) { return canonical_address(p) == address; });
  };
  std::string client = peer;
  while (trusted(client) && !forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    const auto address = canonical_address(entry);
    if (!address) break;
    client = *address;
  }
  return client;
}

}  // namespace convonet::http
