#include "http/message.hpp"

#include <set>

#include <gtest/gtest.h>

namespace convonet::http {
namespace {

Request with_target(std::string_view target) {
  Request request;
  auto status = parse_target(target, request);
  EXPECT_TRUE(status.ok()) << target;
  return request;
}

TEST(ParseTarget, SplitsPathAndDecodesQuery) {
  Request r = with_target("/api/v1/todos?q=buy+milk&tag=a%26b&empty=&flag&tag=second");
  EXPECT_EQ(r.target, "/api/v1/todos?q=buy+milk&tag=a%26b&empty=&flag&tag=second");
  EXPECT_EQ(r.path, "/api/v1/todos");
  ASSERT_EQ(r.query.size(), 5u);
  EXPECT_EQ(r.query[0], (std::pair<std::string, std::string>{"q", "buy milk"}));
  EXPECT_EQ(r.query[1], (std::pair<std::string, std::string>{"tag", "a&b"}));
  EXPECT_EQ(r.query[2], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ(r.query[3], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(r.query_param("tag"), "a&b");  // the first value
  EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(ParseTarget, DecodesPathButKeepsPlus) {
  Request r = with_target("/files/a%20b+c%C3%A9");
  EXPECT_EQ(r.path, "/files/a b+c\xC3\xA9");
  EXPECT_TRUE(r.query.empty());
}

TEST(ParseTarget, IgnoresEmptyPairsAndFragment) {
  Request r = with_target("/x?&&a=1&#frag");
  ASSERT_EQ(r.query.size(), 1u);
  EXPECT_EQ(r.query_param("a"), "1");
}

TEST(ParseTarget, RejectsMalformedTargets) {
  for (std::string_view bad :
       {"", "api/v1", "*", "/a%2", "/a%zz", "/a%00b", "/x?a=%G1", "/x?%=1", "http://host/x"}) {
    Request r;
    auto status = parse_target(bad, r);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().kind, ErrorKind::bad_request);
    EXPECT_EQ(status.error().code, "invalid_target");
  }
}

TEST(PercentDecode, PlusOnlyInQueryMode) {
  EXPECT_EQ(percent_decode("a+b%2B", true), "a b+");
  EXPECT_EQ(percent_decode("a+b%2B", false), "a+b+");
  EXPECT_EQ(percent_decode("%", false), std::nullopt);
}

TEST(RequestHeader, LookupIsCaseInsensitive) {
  Request r;
  r.headers = {{"Content-Type", "application/json"}, {"X-Thing", "1"}, {"x-thing", "2"}};
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("X-THING"), "1");
  EXPECT_EQ(r.header("Authorization"), std::nullopt);
}

TEST(RequestId, SanityRules) {
  EXPECT_TRUE(is_sane_request_id("abc-123_x.y"));
  EXPECT_TRUE(is_sane_request_id(std::string(64, 'a')));
  EXPECT_FALSE(is_sane_request_id(std::string(65, 'a')));
  EXPECT_FALSE(is_sane_request_id(""));
  EXPECT_FALSE(is_sane_request_id("has space"));
  EXPECT_FALSE(is_sane_request_id("new\nline"));
  EXPECT_FALSE(is_sane_request_id("semi;colon"));
}

TEST(RequestId, GeneratedIdsAreSaneAndDistinct) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = generate_request_id();
    EXPECT_EQ(id.size(), 32u);
    EXPECT_TRUE(is_sane_request_id(id));
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(Responses, JsonSerialisesBody) {
  Response r = json(201, {{"id", 7}});
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(r.body), (nlohmann::json{{"id", 7}}));
}

TEST(Responses, JsonReplacesInvalidUtf8InsteadOfThrowing) {
  Response r = json(200, {{"name", std::string("bad\xFF")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(nlohmann::json::accept(r.body));
}

TEST(Responses, ErrorHasEnvelopeAndStatus) {
  Response r = error(Error::conflict("already there", "duplicate_email"));
  EXPECT_EQ(r.status, 409);
  auto body = nlohmann::json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "duplicate_email");
  EXPECT_EQ(body["error"]["message"], "already there");
  EXPECT_TRUE(r.headers.empty());
}

TEST(Responses, ErrorAddsRetryAfter) {
  Response r = error(Error::too_many_requests("slow down", 12));
  EXPECT_EQ(r.status, 429);
  ASSERT_EQ(r.headers.size(), 1u);
  EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Retry-After", "12"}));
}

TEST(Responses, NoContent) {
  Response r = no_content();
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_TRUE(r.content_type.empty());
}

Request json_request(std::string content_type, std::string body) {
  Request r;
  r.method = "POST";
  if (!content_type.empty()) r.headers.emplace_back("content-type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

TEST(ParseJsonBody, AcceptsAnObject) {
  auto parsed = parse_json_body(json_request("application/json", R"({"title":"x","n":[1,2]})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ((*parsed)["title"], "x");
}

TEST(ParseJsonBody, AcceptsMediaTypeParameters) {
  auto parsed = parse_json_body(json_request("Application/JSON ; charset=utf-8", "{}"));
  EXPECT_TRUE(parsed.ok());
}

void expect_bad_request(const Request& r, std::string_view code) {
  auto parsed = parse_json_body(r);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().kind, ErrorKind::bad_request);
  EXPECT_EQ(parsed.error().code, code);
}

TEST(ParseJsonBody, RejectsWrongOrMissingContentTypeAsUnsupportedMediaType) {
  for (const char* type : {"", "text/plain", "application/jsonx"}) {
    auto parsed = parse_json_body(json_request(type, "{}"));
    ASSERT_FALSE(parsed.ok()) << type;
    EXPECT_EQ(parsed.error().kind, ErrorKind::unsupported_media_type) << type;
    EXPECT_EQ(http_status(parsed.error().kind), 415);
    EXPECT_EQ(parsed.error().code, "invalid_content_type");
  }
}

TEST(ParseJsonBody, RejectsInvalidJson) {
  expect_bad_request(json_request("application/json", R"({"a":)"), "invalid_json");
  expect_bad_request(json_request("application/json", ""), "invalid_json");
  expect_bad_request(json_request("application/json", "{} trailing"), "invalid_json");
}

TEST(ParseJsonBody, RejectsNonObjects) {
  expect_bad_request(json_request("application/json", "[1,2]"), "invalid_json");
  expect_bad_request(json_request("application/json", "\"text\""), "invalid_json");
  expect_bad_request(json_request("application/json", "null"), "invalid_json");
}

TEST(ParseJsonBody, RejectsInvalidUtf8) {
  expect_bad_request(json_request("application/json", "{\"a\":\"\xC3\x28\"}"), "invalid_utf8");
}

TEST(ParseJsonBody, RejectsHostileNesting) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  expect_bad_request(json_request("application/json", deep), "invalid_json");
  // Brackets inside strings do not count.
  std::string quoted = "{\"a\":\"" + std::string(100, '[') + "\"}";
  EXPECT_TRUE(parse_json_body(json_request("application/json", quoted)).ok());
}

}  // namespace
}  // namespace convonet::http
