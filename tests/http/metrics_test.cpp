#include "http/metrics.hpp"

#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "http/prometheus_parse.hpp"

namespace convonet::http {
namespace {

using namespace std::chrono_literals;
using testing_support::Exposition;
using testing_support::parse_exposition;

TEST(Metrics, EmptyRegistryIsValid) {
  Metrics metrics;
  auto parsed = parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  EXPECT_TRUE(parsed.samples.empty());
  EXPECT_EQ(parsed.types.at("convonet_http_requests_total"), "counter");
  EXPECT_EQ(parsed.types.at("convonet_http_request_duration_seconds"), "histogram");
}

TEST(Metrics, CountsByRouteMethodAndStatus) {
  Metrics metrics;
  metrics.observe("/api/v1/todos/{id}", "GET", 200, 1ms);
  metrics.observe("/api/v1/todos/{id}", "GET", 200, 1ms);
  metrics.observe("/api/v1/todos/{id}", "GET", 404, 1ms);
  metrics.observe("/api/v1/todos", "POST", 201, 1ms);
  metrics.observe("unmatched", "GET", 999, 1ms);  // out of range: counted as 500

  auto parsed = parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  auto count = [&](std::string route, std::string method, std::string status) {
    return parsed.value("convonet_http_requests_total",
                        {{"route", route}, {"method", method}, {"status", status}});
  };
  EXPECT_EQ(count("/api/v1/todos/{id}", "GET", "200"), 2);
  EXPECT_EQ(count("/api/v1/todos/{id}", "GET", "404"), 1);
  EXPECT_EQ(count("/api/v1/todos", "POST", "201"), 1);
  EXPECT_EQ(count("unmatched", "GET", "500"), 1);
  EXPECT_FALSE(parsed.has("convonet_http_requests_total",
                          {{"route", "/api/v1/todos"}, {"method", "POST"}, {"status", "200"}}));
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  const std::map<std::string, std::string> series = {{"route", "/r"}, {"method", "GET"}};
  metrics.observe("/r", "GET", 200, 200us);  // <= 0.0005
  metrics.observe("/r", "GET", 200, 500us);  // exactly on a bound: <= 0.0005
  metrics.observe("/r", "GET", 200, 3ms);    // <= 0.005
  metrics.observe("/r", "GET", 200, 700ms);  // <= 1
  metrics.observe("/r", "GET", 200, 20s);    // +Inf only
  metrics.observe("/r", "GET", 200, -5ms);   // clock oddity: counted as zero

  auto parsed = parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  auto bucket = [&](std::string le) {
    auto labels = series;
    labels["le"] = le;
    return parsed.value("convonet_http_request_duration_seconds_bucket", labels);
  };
  EXPECT_EQ(bucket("0.0005"), 3);
  EXPECT_EQ(bucket("0.001"), 3);
  EXPECT_EQ(bucket("0.0025"), 3);
  EXPECT_EQ(bucket("0.005"), 4);
  EXPECT_EQ(bucket("0.5"), 4);
  EXPECT_EQ(bucket("1"), 5);
  EXPECT_EQ(bucket("10"), 5);
  EXPECT_EQ(bucket("+Inf"), 6);
  EXPECT_EQ(parsed.value("convonet_http_request_duration_seconds_count", series), 6);
  EXPECT_NEAR(parsed.value("convonet_http_request_duration_seconds_sum", series),
              0.0002 + 0.0005 + 0.003 + 0.7 + 20.0, 1e-9);

  // Every documented bound is present, in increasing order.
  std::vector<std::string> les;
  for (const auto& sample : parsed.samples) {
    if (sample.name == "convonet_http_request_duration_seconds_bucket")
      les.push_back(sample.labels.at("le"));
  }
  EXPECT_EQ(les,
            (std::vector<std::string>{"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
                                      "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}));
}

TEST(Metrics, EscapesLabelValues) {
  Metrics metrics;
  const std::string nasty = "/a\"b\\c\nd";
  metrics.observe(nasty, "GET", 200, 1ms);
  std::string text = metrics.prometheus_text();
  EXPECT_NE(text.find(R"(route="/a\"b\\c\nd")"), std::string::npos) << text;
  auto parsed = parse_exposition(text);
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  EXPECT_EQ(parsed.value("convonet_http_requests_total",
                         {{"route", nasty}, {"method", "GET"}, {"status", "200"}}),
            1);
}

TEST(Metrics, Gauges) {
  Metrics metrics;
  metrics.set_gauge("convonet_active_calls", "Calls in progress.\nSecond line", 3);
  metrics.set_gauge("convonet_active_calls", "Calls in progress.\nSecond line", 4.5);
  metrics.set_gauge("convonet_ready", "1 when ready", 1);
  auto text = metrics.prometheus_text();
  auto parsed = parse_exposition(text);
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  EXPECT_EQ(parsed.types.at("convonet_active_calls"), "gauge");
  EXPECT_EQ(parsed.value("convonet_active_calls", {}), 4.5);
  EXPECT_EQ(parsed.value("convonet_ready", {}), 1);
  EXPECT_NE(text.find("# HELP convonet_active_calls Calls in progress.\\nSecond line\n"),
            std::string::npos);
}

TEST(Metrics, RejectsInvalidGaugeNames) {
  Metrics metrics;
  EXPECT_THROW(metrics.set_gauge("1abc", "", 1), std::invalid_argument);
  EXPECT_THROW(metrics.set_gauge("has space", "", 1), std::invalid_argument);
  EXPECT_THROW(metrics.set_gauge("", "", 1), std::invalid_argument);
}

TEST(Metrics, ConcurrentObserversLoseNothing) {
  Metrics metrics;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      std::string route = "/r" + std::to_string(t % 2);
      for (int i = 0; i < kPerThread; ++i) {
        metrics.observe(route, "GET", 200, 1ms);
        if (i % 500 == 0) (void)metrics.prometheus_text();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  auto parsed = parse_exposition(metrics.prometheus_text());
  ASSERT_TRUE(parsed.ok) << parsed.problem;
  for (std::string route : {"/r0", "/r1"}) {
    EXPECT_EQ(parsed.value("convonet_http_requests_total",
                           {{"route", route}, {"method", "GET"}, {"status", "200"}}),
              2 * kPerThread);
    EXPECT_EQ(parsed.value("convonet_http_request_duration_seconds_count",
                           {{"route", route}, {"method", "GET"}}),
              2 * kPerThread);
  }
}

TEST(Metrics, ResponseCarriesTextContentType) {
  Metrics metrics;
  metrics.observe("/x", "GET", 200, 1ms);
  Response r = metrics_response(metrics);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type.rfind("text/plain; version=0.0.4", 0), 0u);
  EXPECT_EQ(r.body, metrics.prometheus_text());
}

}  // namespace
}  // namespace convonet::http
