#include "http/metrics.hpp"

#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <utility>

namespace convonet::http {

namespace {

constexpr std::array<std::int64_t, 14> kBucketBoundsNs = {
    500'000,       1'000'000,     2'500'000,     5'000'000,     10'000'000,
    25'000'000,    50'000'000,    100'000'000,   250'000'000,   500'000'000,
    1'000'000'000, 2'500'000'000, 5'000'000'000, 10'000'000'000};
constexpr std::array<std::string_view, 14> kBucketLabels = {
    "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05",
    "0.1",    "0.25",  "0.5",    "1",     "2.5",  "5",     "10"};

constexpr int kMinStatus = 100;
constexpr int kMaxStatus = 599;

constexpr std::string_view kRequestsName = "convonet_http_requests_total";
constexpr std::string_view kDurationName = "convonet_http_request_duration_seconds";

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  std::array<char, 64> buffer{};
  auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc{}) return "NaN";
  return std::string(buffer.data(), end);
}

bool valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

struct Series {
  // Per-bucket (not cumulative) counts; the last one is +Inf. _count is their total, so a
  // scrape can never show _count disagreeing with the +Inf bucket.
  std::array<std::atomic<std::uint64_t>, kBucketBoundsNs.size() + 1> buckets{};
  std::atomic<std::uint64_t> sum_ns{0};
  std::array<std::atomic<std::uint64_t>, kMaxStatus - kMinStatus + 1> statuses{};
};

struct SeriesLess {
  using is_transparent = void;
  template <class A, class B>
  bool operator()(const A& a, const B& b) const {
    return std::pair<std::string_view, std::string_view>(a.first, a.second) <
           std::pair<std::string_view, std::string_view>(b.first, b.second);
  }
};

using SeriesKey = std::pair<std::string, std::string>;  // route, method
using SeriesView = std::pair<std::string_view, std::string_view>;

}  // namespace

struct Metrics::State {
  mutable std::shared_mutex series_mutex;
  std::map<SeriesKey, std::unique_ptr<Series>, SeriesLess> series;
  mutable std::mutex gauges_mutex;
  std::map<std::string, std::pair<std::string, double>> gauges;  // name -> help, value

  Series& find_or_add(std::string_view route, std::string_view method) {
    SeriesView key{route, method};
    {
      std::shared_lock lock(series_mutex);
      if (auto it = series.find(key); it != series.end()) return *it->second;
    }
    std::unique_lock lock(series_mutex);
    auto& slot = series[SeriesKey(route, method)];
    if (!slot) slot = std::make_unique<Series>();
    return *slot;
  }
};

Metrics::Metrics() : state_(std::make_unique<State>()) {}
Metrics::~Metrics() = default;

void Metrics::observe(std::string_view route, std::string_view method, int status,
                      std::chrono::nanoseconds latency) {
  Series& s = state_->find_or_add(route, method);
  std::int64_t ns = std::max<std::int64_t>(0, latency.count());
  std::size_t bucket = 0;
  while (bucket < kBucketBoundsNs.size() && ns > kBucketBoundsNs[bucket]) ++bucket;
  s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<std::uint64_t>(ns), std::memory_order_relaxed);
  if (status < kMinStatus || status > kMaxStatus) status = 500;
  s.statuses[static_cast<std::size_t>(status - kMinStatus)].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::set_gauge(std::string name, std::string help, double value) {
  if (!valid_metric_name(name)) throw std::invalid_argument("invalid metric name: " + name);
  std::lock_guard lock(state_->gauges_mutex);
  state_->gauges[std::move(name)] = {std::move(help), value};
}

std::string Metrics::prometheus_text() const {
  std::string out;
  {
    std::shared_lock lock(state_->series_mutex);
    out += "# HELP " + std::string(kRequestsName) + " HTTP requests by route, method and status.\n";
    out += "# TYPE " + std::string(kRequestsName) + " counter\n";
    for (const auto& [key, s] : state_->series) {
      std::string labels = "route=\"" + escape_label_value(key.first) + "\",method=\"" +
                           escape_label_value(key.second) + "\"";
      for (std::size_t i = 0; i < s->statuses.size(); ++i) {
        auto count = s->statuses[i].load(std::memory_order_relaxed);
        if (count == 0) continue;
        out += std::string(kRequestsName) + "{" + labels + ",status=\"" +
               std::to_string(kMinStatus + static_cast<int>(i)) + "\"} " + std::to_string(count) +
               "\n";
      }
    }

    out += "# HELP " + std::string(kDurationName) + " HTTP request latency by route and method.\n";
    out += "# TYPE " + std::string(kDurationName) + " histogram\n";
    for (const auto& [key, s] : state_->series) {
      std::string labels = "route=\"" + escape_label_value(key.first) + "\",method=\"" +
                           escape_label_value(key.second) + "\"";
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < s->buckets.size(); ++i) {
        cumulative += s->buckets[i].load(std::memory_order_relaxed);
        std::string_view le = i < kBucketLabels.size() ? kBucketLabels[i] : "+Inf";
        out += std::string(kDurationName) + "_bucket{" + labels + ",le=\"" + std::string(le) +
               "\"} " + std::to_string(cumulative) + "\n";
      }
      double sum_seconds = static_cast<double>(s->sum_ns.load(std::memory_order_relaxed)) / 1e9;
      out +=
          std::string(kDurationName) + "_sum{" + labels + "} " + format_number(sum_seconds) + "\n";
      out += std::string(kDurationName) + "_count{" + labels + "} " + std::to_string(cumulative) +
             "\n";
    }
  }

  std::lock_guard lock(state_->gauges_mutex);
  for (const auto& [name, gauge] : state_->gauges) {
    out += "# HELP " + name + " " + escape_help(gauge.first) + "\n";
    out += "# TYPE " + name + " gauge\n";
    out += name + " " + format_number(gauge.second) + "\n";
  }
  return out;
}

Response metrics_response(const Metrics& metrics) {
  Response response;
  response.content_type = "text/plain; version=0.0.4; charset=utf-8";
  response.body = metrics.prometheus_text();
  return response;
}

}  // namespace convonet::http
