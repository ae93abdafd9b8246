#include "http/outbound.hpp"

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <initializer_list>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "core/text.hpp"

namespace convonet::http {

namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Deadline = std::chrono::steady_clock::time_point;

constexpr std::size_t kHeaderLimit = 64u << 10;

// Joins pieces without `"literal" + std::string`, which GCC 12 -O3 flags (-Wrestrict).
std::string concat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (auto part : parts) text.append(part);
  return text;
}

Error invalid_url(std::string_view message) {
  return Error::bad_request(concat({"outbound request: ", message}), "invalid_url");
}

Error upstream(std::string code, std::string message) {
  return Error{ErrorKind::unavailable, std::move(code), std::move(message), std::nullopt};
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// Before resolving: an IP literal must be a loopback address; "localhost" is checked again
// after resolving (every address it gives must be loopback).
bool names_loopback(const std::string& host) {
  if (iequals(host, "localhost")) return true;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

// Runs one asynchronous operation on the private io_context until it completes or the deadline
// passes. start(done) begins the operation and arranges for done(ec) to be called; on the
// deadline cancel() closes what the operation waits on, and the aborted handler is drained so
// nothing refers to this frame afterwards.
template <class Start, class Cancel>
beast::error_code step(asio::io_context& ioc, Deadline deadline, Start start, Cancel cancel,
                       bool& timed_out) {
  bool finished = false;
  beast::error_code result;
  start([&finished, &result](beast::error_code ec) {
    finished = true;
    result = ec;
  });
  ioc.restart();
  ioc.run_until(deadline);
  if (finished) return result;
  timed_out = true;
  cancel();
  ioc.restart();
  ioc.run();
  return asio::error::timed_out;
}

// Name lookup is getaddrinfo on a thread, which nothing can interrupt (asio's async_resolve
// included: its io_context cannot even be destroyed before the lookup ends). So the lookup runs
// on a detached thread that owns its state, and the caller stops waiting at the deadline. IP
// literals need no lookup.
struct LookupResult {
  boost::system::error_code error;
  std::vector<tcp::endpoint> endpoints;
};

LookupResult resolve(const std::string& host, unsigned short port, Deadline deadline) {
  LookupResult out;
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) {
    out.endpoints.emplace_back(address, port);
    return out;
  }
  struct Shared {
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    LookupResult result;
  };
  auto shared = std::make_shared<Shared>();
  try {
    std::thread([shared, host, port] {
      LookupResult result;
      asio::io_context local;
      tcp::resolver resolver(local);
      const auto entries = resolver.resolve(host, std::to_string(port), result.error);
      for (const auto& entry : entries) result.endpoints.push_back(entry.endpoint());
      {
        std::lock_guard lock(shared->mutex);
        shared->result = std::move(result);
        shared->done = true;
      }
      shared->cv.notify_all();
    }).detach();
  } catch (const std::system_error&) {
    out.error = asio::error::no_memory;  // no thread to spare: fail this request, not the process
    return out;
  }
  std::unique_lock lock(shared->mutex);
  if (!shared->cv.wait_until(lock, deadline, [&] { return shared->done; })) {
    out.error = asio::error::timed_out;
    return out;
  }
  return std::move(shared->result);
}

OutboundResponse to_response(bhttp::response<bhttp::string_body>&& message) {
  OutboundResponse response;
  response.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(message.body());
  return response;
}

}  // namespace

std::optional<std::string_view> OutboundResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::string Url::origin() const {
  std::string text = scheme;
  text.append("://");
  if (host.find(':') != std::string::npos) {
    text.append("[").append(host).append("]");
  } else {
    text.append(host);
  }
  text.append(":").append(std::to_string(port));
  return text;
}

Result<Url> parse_url(std::string_view text) {
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return invalid_url("URL contains spaces or control characters");
  }
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) return invalid_url("URL must be absolute");
  Url url;
  url.scheme = to_lower_ascii(text.substr(0, scheme_end));
  if (url.scheme == "http") {
    url.port = 80;
  } else if (url.scheme == "https") {
    url.port = 443;
  } else {
    return invalid_url("URL scheme must be http or https");
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view after =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return invalid_url("URL must not contain user info");
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return invalid_url("URL has an unclosed IPv6 literal");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view tail = authority.substr(close + 1);
    if (!tail.empty()) {
      if (tail.front() != ':') return invalid_url("URL has junk after the IPv6 literal");
      port_text = tail.substr(1);
      if (port_text.empty()) return invalid_url("URL has an empty port");
    }
    if (!is_ip_literal(url.host)) return invalid_url("URL has a malformed IPv6 literal");
  } else {
    const auto colon = authority.rfind(':');
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return invalid_url("URL has an empty port");
      authority = authority.substr(0, colon);
    }
    url.host = to_lower_ascii(authority);
  }
  if (url.host.empty()) return invalid_url("URL has no host");
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto* end = port_text.data() + port_text.size();
    const auto [ptr, ec] = std::from_chars(port_text.data(), end, port);
    if (ec != std::errc{} || ptr != end || port == 0 || port > 65535) {
      return invalid_url("URL port must be 1..65535");
    }
    url.port = static_cast<unsigned short>(port);
  }
  // The fragment never goes on the wire.
  after = after.substr(0, after.find('#'));
  if (after.empty() || after.front() == '?') url.target = "/";
  url.target.append(after);
  return url;
}

struct OutboundClient::Impl {
  explicit Impl(OutboundOptions o) : options(std::move(o)), tls(ssl::context::tls_client) {
    boost::system::error_code ec;
    if (options.ca_file.empty()) {
      tls.set_default_verify_paths(ec);
    } else {
      tls.load_verify_file(options.ca_file, ec);
    }
    if (ec)
      throw std::runtime_error(
          concat({"outbound TLS: cannot load CA certificates: ", ec.message()}));
    tls.set_verify_mode(ssl::verify_peer);
    tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                    ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    SSL_CTX_set_min_proto_version(tls.native_handle(), TLS1_2_VERSION);
  }

  template <class Stream>
  Result<OutboundResponse> exchange(asio::io_context& ioc, Stream& stream, tcp::socket& socket,
                                    const Url& url, const OutboundRequest& request,
                                    Deadline deadline) const {
    bhttp::request<bhttp::string_body> message;
    message.version(11);
    message.method_string(request.method);
    message.target(url.target);
    const bool default_port =
        (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
    std::string host_header =
        url.host.find(':') != std::string::npos ? concat({"[", url.host, "]"}) : url.host;
    if (!default_port) host_header.append(":").append(std::to_string(url.port));
    message.set(bhttp::field::host, host_header);
    message.set(bhttp::field::user_agent, options.user_agent);
    for (const auto& [name, value] : request.headers) {
      if (iequals(name, "host") || iequals(name, "user-agent") || iequals(name, "content-length")) {
        message.set(name, value);
      } else {
        message.insert(name, value);
      }
    }
    message.keep_alive(false);  // one request per connection
    message.body() = request.body;
    message.prepare_payload();

    bool timed_out = false;
    auto close = [&socket] {
      boost::system::error_code ignored;
      socket.close(ignored);
    };
    auto ec = step(
        ioc, deadline,
        [&](auto done) {
          bhttp::async_write(stream, message,
                             [done](beast::error_code e, std::size_t) mutable { done(e); });
        },
        close, timed_out);
    if (timed_out) return timeout(url, request);
    if (ec)
      return upstream("upstream_unavailable",
                      concat({"write to ", url.origin(), ": ", ec.message()}));

    beast::flat_buffer buffer;
    for (;;) {
      bhttp::response_parser<bhttp::string_body> parser;
      parser.header_limit(kHeaderLimit);
      parser.body_limit(options.max_response_bytes);
      parser.skip(request.method == "HEAD");
      ec = step(
          ioc, deadline,
          [&](auto done) {
            bhttp::async_read(stream, buffer, parser,
                              [done](beast::error_code e, std::size_t) mutable { done(e); });
          },
          close, timed_out);
      if (timed_out) return timeout(url, request);
      // A TLS peer that closes without close_notify ends a close-delimited body that way.
      if (ec == ssl::error::stream_truncated && parser.is_header_done()) parser.put_eof(ec);
      if (ec == bhttp::error::body_limit || ec == bhttp::error::header_limit) {
        return upstream("upstream_response_too_large",
                        concat({"response from ", url.origin(), " exceeds ",
                                std::to_string(options.max_response_bytes), " bytes"}));
      }
      if (ec) {
        return upstream("upstream_unavailable",
                        concat({"read from ", url.origin(), ": ", ec.message()}));
      }
      auto response = parser.release();
      // An interim 1xx ("100 Continue") precedes the real answer.
      if (response.result_int() >= 100 && response.result_int() < 200) continue;
      close();
      return to_response(std::move(response));
    }
  }

  static Error timeout(const Url& url, const OutboundRequest& request) {
    return upstream("upstream_timeout",
                    concat({request.method, " ", url.origin(), " timed out after ",
                            std::to_string(request.timeout.count()), " ms"}));
  }

  OutboundOptions options;
  ssl::context tls;
};

OutboundClient::OutboundClient(OutboundOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
OutboundClient::~OutboundClient() = default;

Result<OutboundResponse> OutboundClient::send(const OutboundRequest& request) const {
  auto url = parse_url(request.url);
  if (!url) return std::move(url).error();
  if (request.method.empty() || std::any_of(request.method.begin(), request.method.end(),
                                            [](char c) { return c < 'A' || c > 'Z'; })) {
    return Error::bad_request("outbound request: method must be upper-case letters",
                              "invalid_request");
  }
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || name.find_first_of(":\r\n \t") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      return Error::bad_request(concat({"outbound request: malformed header ", name}),
                                "invalid_request");
    }
  }
  const bool tls = url->scheme == "https";
  if (!tls && !names_loopback(url->host)) {
    return Error::bad_request(
        concat({"outbound request: plain http is only allowed to loopback; use https for ",
                url->host}),
        "insecure_url");
  }
  const Deadline deadline = std::chrono::steady_clock::now() + request.timeout;

  asio::io_context ioc;  // declared before the sockets, so they close (releasing handlers) first
  bool timed_out = false;

  const auto lookup = resolve(url->host, url->port, deadline);
  if (lookup.error == asio::error::timed_out) return Impl::timeout(*url, request);
  if (lookup.error) {
    return upstream("upstream_unavailable",
                    concat({"resolve ", url->origin(), ": ", lookup.error.message()}));
  }
  boost::system::error_code ec;
  std::vector<tcp::endpoint> endpoints;
  for (const auto& endpoint : lookup.endpoints) {
    if (tls || endpoint.address().is_loopback()) endpoints.push_back(endpoint);
  }
  if (endpoints.empty()) {
    return Error::bad_request(
        concat({"outbound request: ", url->host, " is not a loopback address"}), "insecure_url");
  }

  if (!tls) {
    tcp::socket socket(ioc);
    ec = step(
        ioc, deadline,
        [&](auto done) {
          asio::async_connect(
              socket, endpoints,
              [done](beast::error_code e, const tcp::endpoint&) mutable { done(e); });
        },
        [&socket] {
          boost::system::error_code ignored;
          socket.close(ignored);
        },
        timed_out);
    if (timed_out) return Impl::timeout(*url, request);
    if (ec) {
      return upstream("upstream_unavailable",
                      concat({"connect to ", url->origin(), ": ", ec.message()}));
    }
    return impl_->exchange(ioc, socket, socket, *url, request, deadline);
  }

  ssl::stream<tcp::socket> stream(ioc, impl_->tls);
  tcp::socket& socket = stream.next_layer();
  auto close = [&socket] {
    boost::system::error_code ignored;
    socket.close(ignored);
  };
  ec = step(
      ioc, deadline,
      [&](auto done) {
        asio::async_connect(socket, endpoints,
                            [done](beast::error_code e, const tcp::endpoint&) mutable { done(e); });
      },
      close, timed_out);
  if (timed_out) return Impl::timeout(*url, request);
  if (ec) {
    return upstream("upstream_unavailable",
                    concat({"connect to ", url->origin(), ": ", ec.message()}));
  }

  // SNI for names (never for IP literals), and the certificate must match the host.
  SSL* handle = stream.native_handle();
  if (is_ip_literal(url->host)) {
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), url->host.c_str());
  } else {
    SSL_set_tlsext_host_name(handle, url->host.c_str());
    SSL_set1_host(handle, url->host.c_str());
  }
  ec = step(
      ioc, deadline,
      [&](auto done) {
        stream.async_handshake(ssl::stream_base::client,
                               [done](beast::error_code e) mutable { done(e); });
      },
      close, timed_out);
  if (timed_out) return Impl::timeout(*url, request);
  if (ec) {
    std::string message = concat({"TLS handshake with ", url->origin(), " failed: ", ec.message()});
    if (const long verify = SSL_get_verify_result(handle); verify != X509_V_OK) {
      message.append(" (").append(X509_verify_cert_error_string(verify)).append(")");
    }
    return upstream("upstream_unavailable", std::move(message));
  }
  return impl_->exchange(ioc, stream, socket, *url, request, deadline);
}

}  // namespace convonet::http
