// A real server on an ephemeral port, exercised with the real client.
#include "http/server.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/client.hpp"
#include "http/prometheus_parse.hpp"

namespace convonet::http {
namespace {

using namespace std::chrono_literals;

const std::string kHost = "127.0.0.1";

nlohmann::json body_of(const ClientResponse& r) {
  return nlohmann::json::parse(r.body);
}

// Lets a test hold a handler inside the worker pool until it says so.
struct Gate {
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> entered_once{false};
  std::atomic<bool> opened{false};

  // Idempotent, so a failed test can still let its handlers go before the server stops.
  void open() {
    if (!opened.exchange(true)) release.set_value();
  }

  void enter_and_wait() {
    if (!entered_once.exchange(true)) entered.set_value();
    released.wait();
  }
};

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/hello", [](Request& r) {
      return json(200, {{"hello", "world"},
                        {"remote", r.remote_address},
                        {"name", r.query_param("name").value_or("")},
                        {"request_id", r.request_id}});
    });
    router.add("POST", "/echo", [](Request& r) {
      auto body = parse_json_body(r);
      if (!body) return error(body.error());
      return json(201, {{"got", *body}});
    });
    router.add("GET", "/items/{id}", [](Request& r) {
      return json(200, {{"id", r.path_params.at("id")}});
    });
    router.add("GET", "/throw",
               [](Request&) -> Response { throw std::runtime_error("secret detail"); });
    router.add("GET", "/throw-int", [](Request&) -> Response { throw 42; });
    router.add("GET", "/empty", [](Request&) { return no_content(); });
    router.add("HEAD", "/head", [](Request&) { return json(200, {{"size", "matters"}}); });
    router.add("GET", "/gate", [this](Request&) {
      gate.enter_and_wait();
      return json(200, {{"done", true}});
    });
  }

  void TearDown() override {
    gate.open();
    server.reset();
  }

  void start(ServerOptions options = {}) {
    options.host = kHost;
    options.port = 0;
    options.body_limit = 1024;
    server = std::make_unique<Server>(options, router, metrics);
    auto started = server->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    port = *started;
    ASSERT_NE(port, 0);
  }

  Connection connect() {
    auto connection = Connection::open(kHost, port, 20s);
    EXPECT_TRUE(connection.ok());
    return std::move(connection).value();
  }

  Result<ClientResponse> get(std::string_view target, const Headers& headers = {}) {
    return request(kHost, port, "GET", target, {}, headers);
  }

  Router router;
  Metrics metrics;
  Gate gate;
  std::unique_ptr<Server> server;
  unsigned short port = 0;
};

TEST_F(ServerTest, GetReturnsJsonWithStandardHeaders) {
  start();
  auto r = get("/hello?name=J%C3%BCrgen+X");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  auto body = body_of(*r);
  EXPECT_EQ(body["hello"], "world");
  EXPECT_EQ(body["name"], "J\xC3\xBCrgen X");
  EXPECT_EQ(body["remote"], "127.0.0.1");
  EXPECT_EQ(r->header("content-type"), "application/json");
  EXPECT_EQ(r->header("Cache-Control"), "no-store");
  EXPECT_EQ(r->header("Server"), "convonet");
  auto id = r->header("X-Request-Id");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(id->size(), 32u);
  EXPECT_EQ(body["request_id"], std::string(*id));
}

TEST_F(ServerTest, ForwardedForCountsOnlyBehindATrustedProxy) {
  start();  // no trusted proxies: the header is only a header
  auto direct = get("/hello", {{"X-Forwarded-For", "203.0.113.9"}});
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(body_of(*direct)["remote"], "127.0.0.1");
  server.reset();

  start(ServerOptions{.trusted_proxies = {"127.0.0.1"}});
  auto proxied = get("/hello", {{"X-Forwarded-For", "198.51.100.7, 203.0.113.9"}});
  ASSERT_TRUE(proxied.ok());
  EXPECT_EQ(body_of(*proxied)["remote"], "203.0.113.9");  // the hop the proxy saw
}

TEST(ClientAddress, WalksForwardedForFromTheRightPastTrustedProxies) {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2", "::1"};
  EXPECT_EQ(client_address("192.0.2.1", "203.0.113.9", proxies), "192.0.2.1");  // not a proxy
  EXPECT_EQ(client_address("10.0.0.1", "", proxies), "10.0.0.1");               // no header
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.9", proxies), "203.0.113.9");
  // A chain of our own proxies, and a client-supplied (spoofable) left part that is not read.
  EXPECT_EQ(client_address("10.0.0.1", "1.2.3.4, 203.0.113.9, 10.0.0.2", proxies), "203.0.113.9");
  // Everything trusted: the left-most address.
  EXPECT_EQ(client_address("10.0.0.1", "10.0.0.2,10.0.0.1", proxies), "10.0.0.2");
  // A malformed entry stops the walk at the last address read.
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.9, unknown", proxies), "10.0.0.1");
  EXPECT_EQ(client_address("10.0.0.1", "garbage, 10.0.0.2", proxies), "10.0.0.2");
  // IPv6, compared in canonical form.
  EXPECT_EQ(client_address("::1", " 2001:db8:0:0::1 ", proxies), "2001:db8::1");  // canonical
  EXPECT_EQ(client_address("10.0.0.1", "203.0.113.9", {}), "10.0.0.1");
}

TEST_F(ServerTest, PostWithJsonBody) {
  start();
  auto r = request(kHost, port, "POST", "/echo", R"({"title":"milk"})");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(body_of(*r)["got"]["title"], "milk");

  auto bad = request(kHost, port, "POST", "/echo", "{not json");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(body_of(*bad)["error"]["code"], "invalid_json");
}

TEST_F(ServerTest, ExpectContinueIsHonoured) {
  start();
  auto r = request(kHost, port, "POST", "/echo", R"({"a":1})", {{"Expect", "100-continue"}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 201);
}

TEST_F(ServerTest, RequestIdIsEchoedWhenSaneAndReplacedOtherwise) {
  start();
  auto sane = get("/hello", {{"X-Request-Id", "abc-123.x_y"}});
  ASSERT_TRUE(sane.ok());
  EXPECT_EQ(sane->header("X-Request-Id"), "abc-123.x_y");
  EXPECT_EQ(body_of(*sane)["request_id"], "abc-123.x_y");

  auto insane = get("/hello", {{"X-Request-Id", "bad id;<script>"}});
  ASSERT_TRUE(insane.ok());
  auto id = insane->header("X-Request-Id");
  ASSERT_TRUE(id.has_value());
  EXPECT_NE(*id, "bad id;<script>");
  EXPECT_TRUE(is_sane_request_id(*id));
}

TEST_F(ServerTest, KeepAliveServesManyRequestsOnOneConnection) {
  start();
  Connection connection = connect();
  for (int i = 0; i < 5; ++i) {
    auto r = connection.request("GET", "/items/" + std::to_string(i));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(body_of(*r)["id"], std::to_string(i));
    EXPECT_TRUE(connection.is_open());
  }
  // 204 has no body and must not break framing for the next request.
  auto empty = connection.request("GET", "/empty");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->status, 204);
  EXPECT_TRUE(empty->body.empty());
  EXPECT_FALSE(empty->header("Content-Length").has_value());
  EXPECT_FALSE(empty->header("Content-Type").has_value());

  auto last = connection.request("GET", "/hello", {}, {{"Connection", "close"}});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->status, 200);
  EXPECT_FALSE(connection.is_open());
}

TEST_F(ServerTest, HeadResponsesCarryNoBody) {
  start();
  Connection connection = connect();
  auto head = connection.request("HEAD", "/head");
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->status, 200);
  EXPECT_TRUE(head->body.empty());
  EXPECT_EQ(head->header("Content-Length"),
            std::to_string(json(200, {{"size", "matters"}}).body.size()));
  // An error answer to HEAD is body-less too, so the connection stays in sync.
  auto not_allowed = connection.request("HEAD", "/hello");
  ASSERT_TRUE(not_allowed.ok()) << not_allowed.error().message;
  EXPECT_EQ(not_allowed->status, 405);
  auto next = connection.request("GET", "/hello");
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(body_of(*next)["hello"], "world");
}

TEST_F(ServerTest, IdleConnectionIsClosedAfterIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = 1s;
  start(options);
  Connection connection = connect();
  ASSERT_TRUE(connection.request("GET", "/hello").ok());
  // Blocks until the server hangs up; the client's own 20 s timeout would report differently.
  auto r = connection.read_response();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("end of stream"), std::string::npos) << r.error().message;
}

TEST_F(ServerTest, IncompleteRequestIsClosedAfterReadTimeout) {
  ServerOptions options;
  options.read_timeout = 1s;
  start(options);
  Connection connection = connect();
  ASSERT_TRUE(connection.send_raw("GET /hello HTTP/1.1\r\nHost: x\r\n").ok());
  auto r = connection.read_response();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("end of stream"), std::string::npos) << r.error().message;
}

TEST_F(ServerTest, UnknownPathAndWrongMethodAreJsonErrors) {
  start();
  auto missing = get("/nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(body_of(*missing)["error"]["code"], "not_found");
  EXPECT_EQ(missing->header("Content-Type"), "application/json");

  auto wrong = request(kHost, port, "DELETE", "/hello");
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(body_of(*wrong)["error"]["code"], "method_not_allowed");
  EXPECT_EQ(wrong->header("Allow"), "GET");
}

TEST_F(ServerTest, MalformedTargetIs400) {
  start();
  auto r = get("/items/%zz");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(*r)["error"]["code"], "invalid_target");
}

TEST_F(ServerTest, HandlerExceptionIs500AndServerKeepsServing) {
  start();
  Connection connection = connect();
  for (std::string target : {"/throw", "/throw-int"}) {
    auto r = connection.request("GET", target);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->status, 500);
    EXPECT_EQ(body_of(*r)["error"]["code"], "internal");
    EXPECT_EQ(r->body.find("secret"), std::string::npos);
  }
  auto after = connection.request("GET", "/hello");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, OverLimitBodyIs413AndCloses) {
  start();
  Connection connection = connect();
  auto r = connection.request("POST", "/echo", std::string(4096, 'x'));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(body_of(*r)["error"]["code"], "payload_too_large");
  EXPECT_FALSE(connection.is_open());

  auto within = request(kHost, port, "POST", "/echo", R"({"ok":true})");
  ASSERT_TRUE(within.ok());
  EXPECT_EQ(within->status, 201);
}

TEST_F(ServerTest, OverLimitChunkedBodyIs413) {
  start();
  Connection connection = connect();
  std::string chunk(800, 'x');
  std::string raw =
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) raw += "320\r\n" + chunk + "\r\n";
  raw += "0\r\n\r\n";
  ASSERT_TRUE(connection.send_raw(raw).ok());
  auto r = connection.read_response();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 413);
}

TEST_F(ServerTest, GarbageBytesAre400AndClose) {
  start();
  Connection connection = connect();
  ASSERT_TRUE(connection.send_raw(std::string("\x01\x02\x03 garbage\r\n\r\n")).ok());
  auto r = connection.read_response();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(*r)["error"]["code"], "malformed_request");
  EXPECT_FALSE(connection.is_open());

  auto after = get("/hello");
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->status, 200);
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  start();
  auto r = get("/hello", {{"X-Big", std::string(16 * 1024, 'a')}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(body_of(*r)["error"]["code"], "header_too_large");
}

TEST_F(ServerTest, ConcurrentClients) {
  ServerOptions options;
  options.io_threads = 2;
  start(options);
  constexpr int kClients = 4;
  constexpr int kRequests = 25;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      auto connection = Connection::open(kHost, port, 20s);
      if (!connection) return;
      for (int i = 0; i < kRequests; ++i) {
        std::string id = std::to_string(c) + "-" + std::to_string(i);
        auto r = connection->request("GET", "/items/" + id);
        if (r && r->status == 200 && body_of(*r)["id"] == id) ++ok;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);

  server->stop();  // joins the io threads, so every observation is recorded
  auto parsed = testing_support::parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  EXPECT_EQ(parsed.value("convonet_http_requests_total",
                         {{"route", "/items/{id}"}, {"method", "GET"}, {"status", "200"}}),
            kClients * kRequests);
}

TEST_F(ServerTest, MetricsUseRoutePatternsAndUnmatched) {
  start();
  ASSERT_TRUE(get("/items/1").ok());
  ASSERT_TRUE(get("/items/2").ok());
  ASSERT_TRUE(get("/nope/1").ok());
  ASSERT_TRUE(request(kHost, port, "BREW", "/hello").ok());
  server->stop();
  auto parsed = testing_support::parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  EXPECT_EQ(parsed.value("convonet_http_requests_total",
                         {{"route", "/items/{id}"}, {"method", "GET"}, {"status", "200"}}),
            2);
  EXPECT_EQ(parsed.value("convonet_http_requests_total",
                         {{"route", "unmatched"}, {"method", "GET"}, {"status", "404"}}),
            1);
  // Unknown methods share one label value so clients cannot grow the series count.
  EXPECT_EQ(parsed.value("convonet_http_requests_total",
                         {{"route", "unmatched"}, {"method", "OTHER"}, {"status", "405"}}),
            1);
  EXPECT_EQ(parsed.value("convonet_http_request_duration_seconds_count",
                         {{"route", "/items/{id}"}, {"method", "GET"}}),
            2);
}

TEST_F(ServerTest, BlockingHandlerDoesNotStallTheIoThread) {
  ServerOptions options;
  options.io_threads = 1;
  options.worker_threads = 2;
  start(options);
  auto blocked = std::async(std::launch::async, [&] { return get("/gate"); });
  gate.entered.get_future().wait();
  auto r = get("/hello");  // would time out if the handler above held the only io thread
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  gate.open();
  auto done = blocked.get();
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, 200);
}

TEST_F(ServerTest, GracefulStopLetsInFlightRequestFinish) {
  ServerOptions options;
  options.shutdown_timeout = 120s;  // a hang here shows up as a test timeout, not a pass
  start(options);
  Connection idle = connect();
  ASSERT_TRUE(idle.request("GET", "/hello").ok());  // now an idle keep-alive connection

  auto in_flight = std::async(std::launch::async, [&] { return get("/gate"); });
  gate.entered.get_future().wait();
  auto stopper = std::async(std::launch::async, [&] { server->stop(); });

  // Stop has begun once new connections are refused.
  bool refused = false;
  for (int i = 0; i < 1000 && !refused; ++i) {
    refused = !Connection::open(kHost, port, 2s).ok();
    if (!refused) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(refused);
  gate.open();

  auto r = in_flight.get();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Connection"), "close");
  stopper.get();
  server->wait();  // returns at once after stop

  EXPECT_FALSE(idle.request("GET", "/hello").ok());
  EXPECT_FALSE(get("/hello").ok());
}

TEST_F(ServerTest, StopPastTheShutdownTimeoutIsSafe) {
  ServerOptions options;
  options.shutdown_timeout = 0s;
  start(options);
  auto in_flight = std::async(std::launch::async, [&] { return get("/gate"); });
  gate.entered.get_future().wait();
  auto stopper = std::async(std::launch::async, [&] { server->stop(); });
  bool refused = false;
  for (int i = 0; i < 1000 && !refused; ++i) {
    refused = !Connection::open(kHost, port, 2s).ok();
    if (!refused) std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(refused);
  gate.open();
  stopper.get();   // returns once the abandoned handler has left the pool
  server.reset();  // destroys the abandoned session; the client sees the connection drop
  auto r = in_flight.get();
  if (r.ok()) {
    EXPECT_EQ(r->status, 200);  // the response may have beaten ioc.stop()
  }
}

TEST_F(ServerTest, StartFailsWhenThePortIsTaken) {
  start();
  Server second(ServerOptions{.host = kHost, .port = port}, router, metrics);
  auto started = second.start();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find(std::to_string(port)), std::string::npos);
  second.wait();  // never started: returns at once
}

TEST(ServerLifecycle, StopWithoutStartAndRepeatedStopAreHarmless) {
  Router router;
  Metrics metrics;
  Server never(ServerOptions{.port = 0}, router, metrics);
  never.stop();
  never.wait();

  Server twice(ServerOptions{.port = 0}, router, metrics);
  ASSERT_TRUE(twice.start().ok());
  twice.stop();
  twice.stop();
  twice.wait();
}

}  // namespace
}  // namespace convonet::http
