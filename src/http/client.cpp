#include "http/client.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace convonet::http {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::uint64_t kResponseBodyLimit = 64u << 20;

Error network_error(std::string_view what, const beast::error_code& ec) {
  return Error::unavailable("http client: " + std::string(what) + ": " + ec.message());
}

}  // namespace

std::optional<std::string_view> ClientResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

// Synchronous on the outside, asynchronous inside: only async operations honour tcp_stream's
// expiry, so each call runs its operation on a private io_context until it completes.
struct Connection::Impl {
  Impl(std::string h, unsigned short p, std::chrono::milliseconds t)
      : host(std::move(h)), port(p), timeout(t), stream(ioc) {}

  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result;
    stream.expires_after(timeout);
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void close() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    open = false;
  }

  std::string host;
  unsigned short port;
  std::chrono::milliseconds timeout;
  asio::io_context ioc;
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  bool open = false;
  bool expect_no_body = false;  // the last request was HEAD
};

Connection::Connection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Connection::~Connection() = default;
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;

Result<Connection> Connection::open(const std::string& host, unsigned short port,
                                    std::chrono::milliseconds timeout) {
  auto impl = std::make_unique<Impl>(host, port, timeout);
  tcp::resolver resolver(impl->ioc);
  beast::error_code ec;
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return network_error("resolve " + host, ec);
  ec = impl->run([&](auto handler) { impl->stream.async_connect(endpoints, handler); });
  if (ec) return network_error("connect to " + host + ":" + std::to_string(port), ec);
  impl->open = true;
  return Connection(std::move(impl));
}

bool Connection::is_open() const {
  return impl_ && impl_->open;
}

Status Connection::send_raw(std::string_view bytes) {
  if (!is_open()) return Error::unavailable("http client: connection is closed");
  auto ec = impl_->run([&](auto handler) {
    asio::async_write(impl_->stream, asio::buffer(bytes.data(), bytes.size()), handler);
  });
  if (ec) {
    impl_->close();
    return network_error("write", ec);
  }
  return {};
}

Result<ClientResponse> Connection::request(std::string_view method, std::string_view target,
                                           std::string_view body, const Headers& headers) {
  if (!is_open()) return Error::unavailable("http client: connection is closed");
  bhttp::request<bhttp::string_body> message;
  message.version(11);
  message.method_string(method);
  message.target(target);
  message.set(bhttp::field::host, impl_->host + ":" + std::to_string(impl_->port));
  message.set(bhttp::field::user_agent, "convonet-client");
  if (!body.empty()) message.set(bhttp::field::content_type, "application/json");
  for (const auto& [name, value] : headers) message.set(name, value);
  message.body() = std::string(body);
  message.prepare_payload();
  impl_->expect_no_body = method == "HEAD";

  auto ec = impl_->run([&](auto handler) { bhttp::async_write(impl_->stream, message, handler); });
  if (ec) {
    impl_->close();
    return network_error("write", ec);
  }
  return read_response();
}

Result<ClientResponse> Connection::read_response() {
  if (!is_open()) return Error::unavailable("http client: connection is closed");
  const bool skip_body = impl_->expect_no_body;
  impl_->expect_no_body = false;
  for (;;) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(kResponseBodyLimit);
    parser.skip(skip_body);
    auto ec = impl_->run(
        [&](auto handler) { bhttp::async_read(impl_->stream, impl_->buffer, parser, handler); });
    if (ec) {
      impl_->close();
      return network_error("read", ec);
    }
    auto message = parser.release();
    // An interim "100 Continue" precedes the real answer.
    if (message.result_int() >= 100 && message.result_int() < 200) continue;
    ClientResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    response.body = std::move(message.body());
    if (!message.keep_alive()) impl_->close();
    return response;
  }
}

Result<ClientResponse> request(const std::string& host, unsigned short port,
                               std::string_view method, std::string_view target,
                               std::string_view body, const Headers& headers) {
  auto connection = Connection::open(host, port);
  if (!connection) return std::move(connection).error();
  return connection->request(method, target, body, headers);
}

}  // namespace convonet::http
