#pragma once
// Request counters and latency histograms in the Prometheus text exposition format (0.0.4).
// observe() is on every request: series are found under a shared lock and bumped with relaxed
// atomics, so concurrent requests only contend when a (route, method) is seen for the first time.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace convonet::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // route is the pattern ("/api/v1/todos/{id}") or "unmatched", never the raw path, so the
  // number of series stays bounded. Statuses outside 100-599 are counted as 500.
  void observe(std::string_view route, std::string_view method, int status,
               std::chrono::nanoseconds latency);

  // name must be a valid metric name ([a-zA-Z_:][a-zA-Z0-9_:]*); throws std::invalid_argument
  // otherwise (a wiring bug).
  void set_gauge(std::string name, std::string help, double value);

  // convonet_http_requests_total{route,method,status}, convonet_http_request_duration_seconds
  // {route,method} histogram, then the gauges.
  std::string prometheus_text() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A GET /metrics handler body: the exposition text with its content type.
Response metrics_response(const Metrics& metrics);

}  // namespace convonet::http
