#include "api/api_fixture.hpp"

namespace convonet::testing {
namespace {

TEST_F(ApiTest, RefreshRotatesAndReuseRevokesTheFamily) {
  auto first = register_user("dave");
  const std::string r1 = first["refresh_token"];

  auto second = call("POST", "/api/v1/auth/refresh", {{"refresh_token", r1}});
  ASSERT_EQ(second.status, 200) << second.raw.body;
  const std::string r2 = second.body["refresh_token"];
  EXPECT_NE(r2, r1);
  EXPECT_EQ(call("GET", "/api/v1/me", nullptr, second.body["access_token"]).status, 200);

  // Presenting the spent r1 again: refused, and the whole family (r2 too) is revoked.
  auto reuse = call("POST", "/api/v1/auth/refresh", {{"refresh_token", r1}});
  EXPECT_EQ(reuse.status, 401);
  EXPECT_EQ(reuse.body["error"]["code"], "token_reused");
  auto after = call("POST", "/api/v1/auth/refresh", {{"refresh_token", r2}});
  EXPECT_EQ(after.status, 401);

  // Another login is a new family and still works.
  auto login = call("POST", "/api/v1/auth/login",
                    {{"email", "dave@example.com"}, {"password", "correct horse battery"}});
  ASSERT_EQ(login.status, 200);
  EXPECT_EQ(
      call("POST", "/api/v1/auth/refresh", {{"refresh_token", login.body["refresh_token"]}}).status,
      200);
}

TEST_F(ApiTest, LogoutEndsTheRefreshFamily) {
  auto user = register_user("erin");
  const std::string access = user["access_token"];
  const std::string refresh = user["refresh_token"];
  EXPECT_EQ(call("POST", "/api/v1/auth/logout", {{"refresh_token", refresh}}).status,
            401);  // needs a bearer
  EXPECT_EQ(call("POST", "/api/v1/auth/logout", {{"refresh_token", refresh}}, access).status, 204);
  EXPECT_EQ(call("POST", "/api/v1/auth/refresh", {{"refresh_token", refresh}}).status, 401);
}

TEST_F(ApiTest, ExpiredRefreshAndAccessTokensAreRefused) {
  auto user = register_user("frank");
  clock_.advance(std::chrono::minutes{16});
  auto me = call("GET", "/api/v1/me", nullptr, user["access_token"]);
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(me.body["error"]["code"], "token_expired");
  EXPECT_EQ(call("POST", "/api/v1/auth/refresh", {{"refresh_token", user["refresh_token"]}}).status,
            200);
  clock_.advance(std::chrono::hours{24 * 31});
  EXPECT_EQ(call("POST", "/api/v1/auth/refresh", {{"refresh_token", user["refresh_token"]}}).status,
            401);
}

TEST_F(ApiTest, UnauthenticatedRequestsGet401WithChallenge) {
  for (const auto& header : std::vector<http::Headers>{{},
                                                       {{"Authorization", "Basic abc"}},
                                                       {{"Authorization", "Bearer "}},
                                                       {{"Authorization", "Bearer not.a.jwt"}},
                                                       {{"Authorization", "Bearer a.b.c"}}}) {
    auto reply = call("GET", "/api/v1/todos", nullptr, "", header);
    EXPECT_EQ(reply.status, 401);
    EXPECT_TRUE(reply.raw.header("WWW-Authenticate").has_value());
    EXPECT_TRUE(reply.body["error"].contains("code"));
    EXPECT_TRUE(reply.body["error"].contains("message"));
  }
}

TEST_F(ApiTest, WrongPasswordsAreThrottledPerAccount) {
  register_user("gina");
  for (int i = 0; i < 5; ++i) {
    auto r = call("POST", "/api/v1/auth/login",
                  {{"email", "gina@example.com"}, {"password", "wrong password!"}});
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.body["error"]["code"], "invalid_credentials");
  }
  auto limited = call("POST", "/api/v1/auth/login",
                      {{"email", "gina@example.com"}, {"password", "correct horse battery"}});
  EXPECT_EQ(limited.status, 429);
  ASSERT_TRUE(limited.raw.header("Retry-After").has_value());
  EXPECT_GT(std::stoi(std::string(*limited.raw.header("Retry-After"))), 0);
  // An unknown account answers exactly like a wrong password.
  auto unknown = call("POST", "/api/v1/auth/login",
                      {{"email", "nobody@example.com"}, {"password", "whatever123"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body["error"]["code"], "invalid_credentials");
}

TEST_F(ApiTest, RegistrationValidation) {
  register_user("henry");
  auto duplicate =
      call("POST", "/api/v1/auth/register",
           {{"email", "HENRY@example.com"}, {"password", "another password"}, {"name", "H"}});
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(duplicate.body["error"]["code"], "email_taken");
  const nlohmann::json bad_bodies[] = {
      {{"email", "not-an-email"}, {"password", "long enough pw"}, {"name", "x"}},
      {{"email", "a@example.com"}, {"password", "short"}, {"name", "x"}},
      {{"email", "a@example.com"}, {"password", "long enough pw"}, {"name", ""}},
      {{"email", "a@example.com"},
       {"password", "long enough pw"},
       {"name", "x"},
       {"timezone", "Mars/Base"}},
      {{"email", "a@example.com"}, {"password", "long enough pw"}},
      {{"email", 5}, {"password", "long enough pw"}, {"name", "x"}},
      {{"email", "a@example.com"}, {"password", "long enough pw"}, {"name", "x"}, {"admin", true}},
  };
  for (const auto& body : bad_bodies) {
    auto r = call("POST", "/api/v1/auth/register", body);
    EXPECT_EQ(r.status, 422) << body.dump() << " -> " << r.raw.body;
  }
  // None of the rejected registrations left a user behind.
  EXPECT_EQ(call("POST", "/api/v1/auth/login",
                 {{"email", "a@example.com"}, {"password", "long enough pw"}})
                .status,
            401);
}

}  // namespace
}  // namespace convonet::testing
