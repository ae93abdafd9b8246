// Health, readiness, metrics and the API description.
#include "api/handler.hpp"
#include "api/route_groups.hpp"

namespace convonet::api {

void add_operations_routes(http::Router& router, const ApiServices& api) {
  router.add("GET", "/healthz", [](http::Request&) { return http::json(200, {{"status", "ok"}}); });

  router.add("GET", "/readyz", [&api](http::Request&) {
    const bool database = api.db.ping();
    const bool cache = api.cache.ping();
    const nlohmann::json checks = {{"database", database ? "ok" : "unreachable"},
                                   {"cache", cache ? "ok" : "unreachable"}};
    const bool ready = database && cache;
    return http::json(ready ? 200 : 503,
                      {{"status", ready ? "ready" : "not_ready"}, {"checks", checks}});
  });

  router.add("GET", "/metrics", [&api](http::Request&) {
    http::Response response;
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    response.body = api.metrics.prometheus_text();
    return response;
  });

  router.add("GET", "/api/v1/openapi.yaml", [](http::Request&) {
    http::Response response;
    response.content_type = "application/yaml";
    response.body = kOpenApiYaml;
    return response;
  });
}

}  // namespace convonet::api
