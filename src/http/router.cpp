#include "http/router.hpp"

#include <array>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

namespace convonet::http {

namespace {

// Deeper request paths cannot match any pattern (patterns are held to the same bound).
constexpr std::size_t kMaxSegments = 32;

struct Endpoint {
  std::string method;
  std::string pattern;
  std::vector<std::pair<std::size_t, std::string>> params;  // segment index -> name
  Handler handler;
};

struct Segments {
  std::array<std::string_view, kMaxSegments> items;
  std::size_t count = 0;
  std::span<const std::string_view> view() const { return {items.data(), count}; }
};

// "/a/b" -> {"a","b"}; "/" -> {}; "/a/" -> {"a",""}. Fails past kMaxSegments.
bool split_path(std::string_view path, Segments& out) {
  if (path.empty() || path.front() != '/') return false;
  path.remove_prefix(1);
  if (path.empty()) return true;
  while (true) {
    if (out.count == kMaxSegments) return false;
    auto slash = path.find('/');
    out.items[out.count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) return true;
    path.remove_prefix(slash + 1);
  }
}

bool is_capture(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

struct Router::Node {
  std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
  std::unique_ptr<Node> capture;
  std::vector<Endpoint> endpoints;

  // Visits, most specific first (literal before capture), every node whose path matches the
  // segments and that has endpoints. Stops as soon as visit returns true.
  template <class Visit>
  bool walk(std::span<const std::string_view> segments, Visit& visit) const {
    if (segments.empty()) return !endpoints.empty() && visit(*this);
    std::string_view head = segments.front();
    auto rest = segments.subspan(1);
    if (auto it = literals.find(head); it != literals.end()) {
      if (it->second->walk(rest, visit)) return true;
    }
    return capture && !head.empty() && capture->walk(rest, visit);
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::add(std::string method, std::string pattern, Handler handler) {
  Segments segments;
  if (!split_path(pattern, segments)) {
    throw std::invalid_argument("route pattern must start with '/' and be at most 32 segments: " +
                                pattern);
  }
  Endpoint endpoint{std::move(method), pattern, {}, std::move(handler)};
  Node* node = root_.get();
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < segments.count; ++i) {
    std::string_view segment = segments.items[i];
    if (is_capture(segment)) {
      std::string_view name = segment.substr(1, segment.size() - 2);
      if (!valid_param_name(name) || !names.insert(name).second) {
        throw std::invalid_argument("bad or repeated parameter name in route: " + pattern);
      }
      endpoint.params.emplace_back(i, std::string(name));
      if (!node->capture) node->capture = std::make_unique<Node>();
      node = node->capture.get();
      continue;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) {
      throw std::invalid_argument("braces must enclose a whole segment in route: " + pattern);
    }
    auto& child = node->literals[std::string(segment)];
    if (!child) child = std::make_unique<Node>();
    node = child.get();
  }
  for (const auto& existing : node->endpoints) {
    if (existing.method == endpoint.method) {
      throw std::invalid_argument("route registered twice: " + endpoint.method + " " + pattern);
    }
  }
  routes_.push_back({endpoint.method, endpoint.pattern});
  node->endpoints.push_back(std::move(endpoint));
}

Response Router::dispatch(Request& request) const {
  Segments segments;
  if (!split_path(request.path, segments)) {
    return error(Error::not_found("no such resource"));
  }

  const Endpoint* found = nullptr;
  std::set<std::string> allowed;
  auto visit = [&](const Node& node) {
    for (const auto& endpoint : node.endpoints) {
      if (endpoint.method == request.method) {
        found = &endpoint;
        return true;
      }
    }
    for (const auto& endpoint : node.endpoints) allowed.insert(endpoint.method);
    return false;
  };
  root_->walk(segments.view(), visit);

  if (!found) {
    if (allowed.empty()) return error(Error::not_found("no such resource"));
    std::string allow;
    for (const auto& method : allowed) {
      if (!allow.empty()) allow += ", ";
      allow += method;
    }
    Response response = error(Error::method_not_allowed("method not allowed for this resource"));
    response.headers.emplace_back("Allow", std::move(allow));
    return response;
  }

  request.route = found->pattern;
  request.path_params.clear();
  for (const auto& [index, name] : found->params) {
    request.path_params.emplace(name, std::string(segments.items[index]));
  }
  return found->handler(request);
}

}  // namespace convonet::http
