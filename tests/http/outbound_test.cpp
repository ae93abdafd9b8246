// The outbound client against real servers on loopback: the project's own HTTP server for
// plain http, and a small TLS server with a certificate made here for https (verification,
// host names, SNI).
#include "http/outbound.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "http/server.hpp"

namespace convonet::http {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
namespace bhttp = boost::beast::http;

std::string at(unsigned short port, std::string_view path, std::string_view host = "127.0.0.1",
               std::string_view scheme = "http") {
  return std::string(scheme)
      .append("://")
      .append(host)
      .append(":")
      .append(std::to_string(port))
      .append(path);
}

TEST(ParseUrl, SplitsAbsoluteUrls) {
  auto u = parse_url("https://api.openai.com/v1/chat/completions?x=1#frag");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->scheme, "https");
  EXPECT_EQ(u->host, "api.openai.com");
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/v1/chat/completions?x=1");
  EXPECT_EQ(u->origin(), "https://api.openai.com:443");

  auto local = parse_url("HTTP://LocalHost:8000");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->scheme, "http");
  EXPECT_EQ(local->host, "localhost");
  EXPECT_EQ(local->port, 8000);
  EXPECT_EQ(local->target, "/");

  auto v6 = parse_url("http://[::1]:9000?q");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->target, "/?q");
  EXPECT_EQ(v6->origin(), "http://[::1]:9000");

  for (const char* bad :
       {"", "api.openai.com/v1", "ftp://host/", "https://", "https://:443/", "https://host:0/",
        "https://host:65536/", "https://host:/", "https://user:pw@host/", "https://ho st/",
        "https://host/a\r\nX: y", "http://[::1/", "http://[nonsense]/"}) {
    auto r = parse_url(bad);
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().code, "invalid_url") << bad;
    }
  }
}

// The project's server on an ephemeral loopback port.
class OutboundHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("POST", "/echo", [](Request& r) {
      nlohmann::json headers = nlohmann::json::object();
      for (const char* name : {"Host", "User-Agent", "Content-Type", "X-Custom", "Authorization"}) {
        if (auto v = r.header(name)) headers[name] = std::string(*v);
      }
      return json(
          201,
          {{"method", r.method}, {"target", r.target}, {"body", r.body}, {"headers", headers}});
    });
    router_.add("GET", "/redirect", [](Request&) {
      Response response;
      response.status = 302;
      response.content_type.clear();
      response.headers.emplace_back("Location", "http://127.0.0.1:1/elsewhere");
      return response;
    });
    router_.add("GET", "/big", [](Request&) {
      Response response;
      response.content_type = "text/plain";
      response.body.assign(4096, 'x');
      return response;
    });
    router_.add("GET", "/slow", [this](Request&) {
      std::unique_lock lock(mutex_);
      released_cv_.wait(lock, [this] { return released_; });
      return json(200, {{"late", true}});
    });
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, router_, metrics_);
    auto port = server_->start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
  }

  void TearDown() override {
    release();
    server_.reset();
  }

  void release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    released_cv_.notify_all();
  }

  Router router_;
  Metrics metrics_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::mutex mutex_;
  std::condition_variable released_cv_;
  bool released_ = false;
  OutboundClient client_;
};

TEST_F(OutboundHttp, PostsAndReadsTheAnswer) {
  OutboundRequest request;
  request.method = "POST";
  request.url = at(port_, "/echo?a=1");
  request.headers = {{"Content-Type", "application/json"},
                     {"X-Custom", "yes"},
                     {"Authorization", "Bearer secret"}};
  request.body = R"({"hello":"world"})";
  auto response = client_.send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->header("content-type"), "application/json");
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["method"], "POST");
  EXPECT_EQ(body["target"], "/echo?a=1");
  EXPECT_EQ(body["body"], R"({"hello":"world"})");
  EXPECT_EQ(body["headers"]["X-Custom"], "yes");
  EXPECT_EQ(body["headers"]["Authorization"], "Bearer secret");
  EXPECT_EQ(body["headers"]["Host"], std::string("127.0.0.1:").append(std::to_string(port_)));
  EXPECT_EQ(body["headers"]["User-Agent"], "convonet");
}

TEST_F(OutboundHttp, LocalhostByName) {
  OutboundRequest request;
  request.method = "POST";
  request.url = at(port_, "/echo", "localhost");
  auto response = client_.send(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 201);
}

TEST_F(OutboundHttp, ErrorStatusesAndRedirectsAreResponsesNotFollowed) {
  auto missing = client_.send({"GET", at(port_, "/nothing-here"), {}, {}, 5s});
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_EQ(missing->status, 404);

  auto redirect = client_.send({"GET", at(port_, "/redirect"), {}, {}, 5s});
  ASSERT_TRUE(redirect) << redirect.error().message;
  EXPECT_EQ(redirect->status, 302);
  EXPECT_EQ(redirect->header("Location"), "http://127.0.0.1:1/elsewhere");
}

TEST_F(OutboundHttp, ResponsesAreCapped) {
  OutboundOptions options;
  options.max_response_bytes = 1024;
  OutboundClient small(options);
  auto big = small.send({"GET", at(port_, "/big"), {}, {}, 5s});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, "upstream_response_too_large");

  auto fits = client_.send({"GET", at(port_, "/big"), {}, {}, 5s});
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->body.size(), 4096u);
}

TEST_F(OutboundHttp, TheDeadlineBoundsTheWholeExchange) {
  const auto start = std::chrono::steady_clock::now();
  auto slow = client_.send({"GET", at(port_, "/slow"), {}, {}, 200ms});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(slow);
  EXPECT_EQ(slow.error().code, "upstream_timeout");
  EXPECT_EQ(slow.error().kind, ErrorKind::unavailable);
  EXPECT_LT(elapsed, 5s);  // did not wait for the handler, which only returns at teardown
}

TEST_F(OutboundHttp, ErrorsAreClearAndNeverQuoteThePathOrHeaders) {
  auto refused = client_.send({"GET",
                               "http://127.0.0.1:1/v1/x?key=sk-secret",
                               {{"Authorization", "Bearer sk-secret"}},
                               {},
                               5s});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "upstream_unavailable");
  EXPECT_NE(refused.error().message.find("connect to http://127.0.0.1:1"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("sk-secret"), std::string::npos);

  auto injected =
      client_.send({"GET", at(port_, "/echo"), {{"X-Bad", "a\r\nInjected: 1"}}, {}, 5s});
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().code, "invalid_request");
}

TEST_F(OutboundHttp, PlainHttpOffLoopbackIsRefused) {
  for (const char* url :
       {"http://example.com/v1", "http://10.0.0.5:8000/v1", "http://[2001:db8::1]/"}) {
    auto r = client_.send({"POST", url, {{"Authorization", "Bearer k"}}, "{}", 5s});
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, "insecure_url") << url;
  }
}

TEST_F(OutboundHttp, HttpsToAPlainServerFailsTheHandshake) {
  auto r = client_.send({"GET", at(port_, "/echo", "127.0.0.1", "https"), {}, {}, 5s});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "upstream_unavailable");
  EXPECT_NE(r.error().message.find("TLS handshake with https://127.0.0.1:"), std::string::npos)
      << r.error().message;

  auto refused = client_.send({"GET", "https://127.0.0.1:1/", {}, {}, 5s});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("connect to https://127.0.0.1:1"), std::string::npos)
      << refused.error().message;
}

TEST(OutboundClient, TheDeadlineCoversTheTlsHandshake) {
  // A listener that never accepts: the kernel completes the TCP handshake, nobody speaks TLS.
  asio::io_context ioc;
  asio::ip::tcp::acceptor silent(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  OutboundClient client;
  auto r = client.send(
      {"GET", at(silent.local_endpoint().port(), "/", "127.0.0.1", "https"), {}, {}, 200ms});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "upstream_timeout");
  EXPECT_NE(r.error().message.find("timed out after 200 ms"), std::string::npos)
      << r.error().message;
}

TEST(OutboundClient, AnUnresolvableHostIsAClearError) {
  // .invalid never resolves (RFC 6761); without DNS at all the lookup may time out instead.
  OutboundClient client;
  auto r = client.send({"GET", "https://convonet-test.invalid/v1?key=sk-secret", {}, {}, 3s});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::unavailable);
  if (r.error().code == "upstream_unavailable") {
    EXPECT_NE(r.error().message.find("resolve https://convonet-test.invalid:443"),
              std::string::npos)
        << r.error().message;
  } else {
    EXPECT_EQ(r.error().code, "upstream_timeout");
  }
  EXPECT_EQ(r.error().message.find("sk-secret"), std::string::npos);
}

TEST(OutboundClient, AnUnreadableCaFileFailsAtConstruction) {
  OutboundOptions options;
  options.ca_file = "/nonexistent/ca.pem";
  EXPECT_THROW(OutboundClient{options}, std::runtime_error);
}

// --- https against a real TLS server ---------------------------------------------------------

// A self-signed P-256 certificate for the given subjectAltName ("DNS:localhost").
struct Credentials {
  std::string cert_pem;
  std::string key_pem;
};

Credentials make_certificate(const char* san) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) throw std::runtime_error("openssl allocation failed");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("convonet test"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509_set_pubkey(cert, key);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, san},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());

  auto pem = [](auto write) {
    BIO* bio = BIO_new(BIO_s_mem());
    write(bio);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return text;
  };
  Credentials out;
  out.cert_pem = pem([&](BIO* bio) { PEM_write_bio_X509(bio, cert); });
  out.key_pem = pem(
      [&](BIO* bio) { PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr); });
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

// Serves "tls ok" to each connection, one at a time, on its own thread; remembers the SNI name.
class TlsServer {
 public:
  explicit TlsServer(const Credentials& credentials)
      : tls_(ssl::context::tls_server), acceptor_(ioc_, {asio::ip::make_address("127.0.0.1"), 0}) {
    tls_.use_certificate_chain(asio::buffer(credentials.cert_pem));
    tls_.use_private_key(asio::buffer(credentials.key_pem), ssl::context::pem);
    port_ = acceptor_.local_endpoint().port();
    accept();
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~TlsServer() {
    asio::post(ioc_, [this] { acceptor_.close(); });
    thread_.join();
  }

  unsigned short port() const { return port_; }
  std::string last_sni() const {
    std::lock_guard lock(mutex_);
    return sni_;
  }

 private:
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, asio::ip::tcp::socket socket) {
      if (ec) return;
      serve(std::move(socket));
      accept();
    });
  }

  // Synchronous: the client under test is the only one and always bounded by its deadline.
  void serve(asio::ip::tcp::socket socket) {
    ssl::stream<asio::ip::tcp::socket> stream(std::move(socket), tls_);
    boost::system::error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (ec) return;  // the client refused our certificate
    if (const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) {
      std::lock_guard lock(mutex_);
      sni_ = name;
    }
    boost::beast::flat_buffer buffer;
    bhttp::request<bhttp::string_body> request;
    bhttp::read(stream, buffer, request, ec);
    if (ec) return;
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, 11};
    response.set(bhttp::field::content_type, "text/plain");
    response.body() = "tls ok";
    response.prepare_payload();
    bhttp::write(stream, response, ec);
    stream.shutdown(ec);
  }

  asio::io_context ioc_;
  ssl::context tls_;
  asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::string sni_;
};

class OutboundHttps : public ::testing::Test {
 protected:
  void SetUp() override {
    credentials_ = make_certificate("DNS:localhost");
    ca_file_ =
        std::filesystem::temp_directory_path() /
        std::string("convonet-outbound-ca-").append(std::to_string(::getpid())).append(".pem");
    std::ofstream(ca_file_) << credentials_.cert_pem;
    server_ = std::make_unique<TlsServer>(credentials_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(ca_file_);
  }

  OutboundClient trusting() const {
    OutboundOptions options;
    options.ca_file = ca_file_.string();
    return OutboundClient(options);
  }

  Credentials credentials_;
  std::filesystem::path ca_file_;
  std::unique_ptr<TlsServer> server_;
};

TEST_F(OutboundHttps, VerifiesTheCertificateAgainstTheSystemStore) {
  OutboundClient system;
  auto r = system.send({"GET", at(server_->port(), "/", "localhost", "https"), {}, {}, 5s});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "upstream_unavailable");
  EXPECT_NE(r.error().message.find("certificate verify failed"), std::string::npos)
      << r.error().message;
}

TEST_F(OutboundHttps, TrustedCertificateAndMatchingNameSucceedWithSni) {
  auto client = trusting();
  auto r = client.send({"GET", at(server_->port(), "/", "localhost", "https"), {}, {}, 5s});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "tls ok");
  EXPECT_EQ(server_->last_sni(), "localhost");
}

TEST_F(OutboundHttps, TheHostNameMustMatchTheCertificate) {
  // Trusted issuer, but the certificate names localhost, not 127.0.0.1.
  auto client = trusting();
  auto r = client.send({"GET", at(server_->port(), "/", "127.0.0.1", "https"), {}, {}, 5s});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("TLS handshake"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("mismatch"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace convonet::http
