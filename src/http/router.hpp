#pragma once
// Method + path-pattern routing. Patterns are split into a segment tree once, at wiring time,
// so a dispatch walks the request path a single time without allocating per route.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/message.hpp"

namespace convonet::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

  // pattern: "/api/v1/todos/{id}"; a "{name}" segment captures exactly one non-empty segment.
  // A literal segment wins over a capture at the same position. Paths with a trailing slash
  // do not match patterns without one. Throws std::invalid_argument on a malformed pattern or
  // a duplicate (method, pattern): both are wiring bugs.
  void add(std::string method, std::string pattern, Handler handler);

  // Fills request.path_params and request.route and calls the handler. An unknown path gives
  // 404 (code "not_found"); a known path without this method gives 405 with an Allow header.
  Response dispatch(Request& request) const;

  struct Route {
    std::string method;
    std::string pattern;
  };
  // Every registered route, in registration order (for documentation checks and listings).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Node;
  std::unique_ptr<Node> root_;
  std::vector<Route> routes_;
};

}  // namespace convonet::http
