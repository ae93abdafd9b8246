#include "http/router.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace convonet::http {
namespace {

Request make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

// Each handler answers with its own name so tests can see which one ran.
Handler named(std::string name) {
  return [name](Request& r) {
    nlohmann::json params = r.path_params;
    return json(200, {{"handler", name}, {"params", params}, {"route", r.route}});
  };
}

nlohmann::json body_of(const Response& r) {
  return nlohmann::json::parse(r.body);
}

class RouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router.add("GET", "/", named("root"));
    router.add("GET", "/api/v1/todos", named("list"));
    router.add("POST", "/api/v1/todos", named("create"));
    router.add("GET", "/api/v1/todos/{id}", named("get"));
    router.add("DELETE", "/api/v1/todos/{id}", named("delete"));
    router.add("GET", "/api/v1/todos/search", named("search"));
    router.add("GET", "/api/v1/teams/{team_id}/members/{user_id}", named("member"));
    router.add("PUT", "/api/v1/teams/{id}", named("team_put"));
  }
  Router router;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  Request r = make("GET", "/api/v1/todos");
  Response res = router.dispatch(r);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(body_of(res)["handler"], "list");
  EXPECT_EQ(r.route, "/api/v1/todos");

  Request post = make("POST", "/api/v1/todos");
  EXPECT_EQ(body_of(router.dispatch(post))["handler"], "create");
}

TEST_F(RouterTest, MatchesRoot) {
  Request r = make("GET", "/");
  EXPECT_EQ(body_of(router.dispatch(r))["handler"], "root");
}

TEST_F(RouterTest, CapturesParameters) {
  Request r = make("GET", "/api/v1/teams/12/members/34");
  Response res = router.dispatch(r);
  EXPECT_EQ(body_of(res)["handler"], "member");
  EXPECT_EQ(r.path_params,
            (std::map<std::string, std::string>{{"team_id", "12"}, {"user_id", "34"}}));
  EXPECT_EQ(r.route, "/api/v1/teams/{team_id}/members/{user_id}");
}

TEST_F(RouterTest, SamePositionMayUseDifferentNames) {
  Request r = make("PUT", "/api/v1/teams/5");
  router.dispatch(r);
  EXPECT_EQ(r.path_params, (std::map<std::string, std::string>{{"id", "5"}}));
}

TEST_F(RouterTest, LiteralBeatsCapture) {
  Request search = make("GET", "/api/v1/todos/search");
  EXPECT_EQ(body_of(router.dispatch(search))["handler"], "search");
  Request get = make("GET", "/api/v1/todos/7");
  EXPECT_EQ(body_of(router.dispatch(get))["handler"], "get");
  EXPECT_EQ(get.path_params.at("id"), "7");
}

TEST_F(RouterTest, CaptureServesMethodsTheLiteralLacks) {
  // "search" is also a valid {id}; the literal route has no DELETE, the capture does.
  Request r = make("DELETE", "/api/v1/todos/search");
  Response res = router.dispatch(r);
  EXPECT_EQ(body_of(res)["handler"], "delete");
  EXPECT_EQ(r.path_params.at("id"), "search");
}

TEST_F(RouterTest, UnknownPathIs404Json) {
  for (std::string path : {"/nope", "/api/v1", "/api/v1/todos/7/extra", "", "relative"}) {
    Request r = make("GET", path);
    Response res = router.dispatch(r);
    EXPECT_EQ(res.status, 404) << path;
    EXPECT_EQ(body_of(res)["error"]["code"], "not_found");
    EXPECT_TRUE(r.route.empty());
  }
}

TEST_F(RouterTest, TrailingSlashDoesNotMatch) {
  Request r = make("GET", "/api/v1/todos/");
  EXPECT_EQ(router.dispatch(r).status, 404);
  Request empty_segment = make("GET", "/api/v1//todos");
  EXPECT_EQ(router.dispatch(empty_segment).status, 404);
}

TEST_F(RouterTest, KnownPathWrongMethodIs405WithAllow) {
  Request r = make("PATCH", "/api/v1/todos/7");
  Response res = router.dispatch(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(body_of(res)["error"]["code"], "method_not_allowed");
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].first, "Allow");
  EXPECT_EQ(res.headers[0].second, "DELETE, GET");
}

TEST_F(RouterTest, AllowMergesLiteralAndCaptureRoutes) {
  Request r = make("POST", "/api/v1/todos/search");
  Response res = router.dispatch(r);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.headers.at(0).second, "DELETE, GET");
}

TEST_F(RouterTest, MethodIsCaseSensitive) {
  Request r = make("get", "/api/v1/todos");
  EXPECT_EQ(router.dispatch(r).status, 405);
}

TEST(RouterAdd, RejectsBadPatterns) {
  Router router;
  Handler h = [](Request&) { return no_content(); };
  EXPECT_THROW(router.add("GET", "no-slash", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{x}{y}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/x{y}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{x}/{x}", h), std::invalid_argument);
  EXPECT_THROW(router.add("GET", "/a/{bad-name}", h), std::invalid_argument);
}

TEST(RouterAdd, RejectsDuplicates) {
  Router router;
  Handler h = [](Request&) { return no_content(); };
  router.add("GET", "/a/{id}", h);
  EXPECT_THROW(router.add("GET", "/a/{other}", h), std::invalid_argument);
  EXPECT_NO_THROW(router.add("POST", "/a/{id}", h));
}

TEST(RouterDispatch, ExceptionsPropagateToTheCaller) {
  // The server turns them into 500s; the router itself stays transparent.
  Router router;
  router.add("GET", "/boom", [](Request&) -> Response { throw std::runtime_error("boom"); });
  Request r = make("GET", "/boom");
  EXPECT_THROW(router.dispatch(r), std::runtime_error);
}

}  // namespace
}  // namespace convonet::http
