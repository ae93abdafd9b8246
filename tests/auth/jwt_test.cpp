#include "auth/jwt.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <stdexcept>
#include <string>

#include "auth/crypto.hpp"
#include "auth/detail/digest.hpp"

namespace convonet::auth {
namespace {

using json = nlohmann::json;
using std::chrono::seconds;

const JwtKey kKey1{"k1", "0123456789abcdef0123456789abcdef-one"};
const JwtKey kKey2{"k2", "0123456789abcdef0123456789abcdef-two"};
const Timestamp kNow{seconds{1'800'000'000}};

std::int64_t unix_seconds(Timestamp t) {
  return t.time_since_epoch().count();
}

// Signs whatever we like with a real key, to reach the claim checks behind the signature.
std::string sign(const json& header, const json& payload, std::string_view secret = kKey1.secret) {
  const auto input = base64url_encode(header.dump()) + "." + base64url_encode(payload.dump());
  return input + "." + base64url_encode(detail::hmac_sha256(secret, input));
}

json good_header() {
  return {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}};
}

json good_payload() {
  const auto now = unix_seconds(kNow);
  return {{"iss", "convonet"}, {"aud", "convonet-api"}, {"sub", "42"}, {"iat", now},
          {"nbf", now},        {"exp", now + 900},      {"jti", "abc"}};
}

json decode_segment(const std::string& token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  const auto end = token.find('.', start);
  return json::parse(*base64url_decode(token.substr(start, end - start)));
}

class JwtTest : public ::testing::Test {
 protected:
  JwtSigner signer_{kKey1, {}, JwtSettings{}};

  void expect_invalid(std::string_view token, Timestamp at = kNow) const {
    Result<AccessClaims> result = AccessClaims{};
    EXPECT_NO_THROW(result = signer_.verify(token, at));
    ASSERT_FALSE(result.ok()) << token.substr(0, 200);
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
    EXPECT_EQ(result.error().code, "invalid_token") << result.error().message;
  }
};

TEST_F(JwtTest, RoundTripsTheClaims) {
  const auto token = signer_.issue(42, kNow, {"todos:read", "calendar:write"});
  const auto claims = signer_.verify(token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(claims->user_id, 42);
  EXPECT_EQ(claims->issued_at, kNow);
  EXPECT_EQ(claims->expires_at, kNow + seconds{900});
  EXPECT_EQ(claims->scopes, (std::vector<std::string>{"todos:read", "calendar:write"}));
  EXPECT_FALSE(claims->jti.empty());
  EXPECT_EQ(signer_.ttl(), seconds{900});
}

TEST_F(JwtTest, WritesTheDocumentedHeaderAndClaims) {
  const auto token = signer_.issue(42, kNow);
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
  EXPECT_EQ(token.find('='), std::string::npos);
  const auto header = decode_segment(token, 0);
  EXPECT_EQ(header, (json{{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "k1"}}));
  const auto payload = decode_segment(token, 1);
  EXPECT_EQ(payload["iss"], "convonet");
  EXPECT_EQ(payload["aud"], "convonet-api");
  EXPECT_EQ(payload["sub"], "42");  // a string, as RFC 7519 requires
  EXPECT_EQ(payload["iat"], unix_seconds(kNow));
  EXPECT_EQ(payload["nbf"], unix_seconds(kNow));
  EXPECT_EQ(payload["exp"], unix_seconds(kNow) + 900);
  EXPECT_TRUE(payload["jti"].is_string());
  EXPECT_FALSE(payload.contains("scopes"));
  EXPECT_TRUE(signer_.verify(token, kNow)->scopes.empty());
}

TEST_F(JwtTest, GivesEveryTokenItsOwnId) {
  const auto a = signer_.verify(signer_.issue(1, kNow), kNow);
  const auto b = signer_.verify(signer_.issue(1, kNow), kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(a->jti, b->jti);
}

TEST_F(JwtTest, ExpiresAfterTtlPlusLeeway) {
  const auto token = signer_.issue(42, kNow);
  EXPECT_TRUE(signer_.verify(token, kNow + seconds{929}).ok());
  for (const auto later : {seconds{930}, seconds{931}, seconds{86400 * 365}}) {
    const auto result = signer_.verify(token, kNow + later);
    ASSERT_FALSE(result.ok()) << later.count();
    EXPECT_EQ(result.error().kind, ErrorKind::unauthorized);
    EXPECT_EQ(result.error().code, "token_expired");
  }
}

TEST_F(JwtTest, HonoursNotBeforeWithLeeway) {
  auto payload = good_payload();
  payload["nbf"] = unix_seconds(kNow) + 60;
  const auto token = sign(good_header(), payload);
  expect_invalid(token, kNow);
  expect_invalid(token, kNow + seconds{29});
  EXPECT_TRUE(signer_.verify(token, kNow + seconds{30}).ok());
}

TEST_F(JwtTest, RejectsTokensIssuedInTheFuture) {
  const auto token = signer_.issue(42, kNow);
  EXPECT_TRUE(signer_.verify(token, kNow - seconds{30}).ok());  // clock skew within leeway
  expect_invalid(token, kNow - seconds{31});

  auto payload = good_payload();
  payload["iat"] = unix_seconds(kNow) + 3600;  // nbf alone is fine, iat is not
  expect_invalid(sign(good_header(), payload));
}

TEST_F(JwtTest, RejectsWrongAudienceOrIssuer) {
  JwtSettings other_audience;
  other_audience.audience = "someone-else";
  JwtSettings other_issuer;
  other_issuer.issuer = "evil";
  const auto token = signer_.issue(42, kNow);
  EXPECT_FALSE(JwtSigner(kKey1, {}, other_audience).verify(token, kNow).ok());
  EXPECT_FALSE(JwtSigner(kKey1, {}, other_issuer).verify(token, kNow).ok());

  for (const char* claim : {"aud", "iss"}) {
    auto payload = good_payload();
    payload.erase(claim);
    expect_invalid(sign(good_header(), payload));
    payload[claim] = 7;
    expect_invalid(sign(good_header(), payload));
  }
}

TEST_F(JwtTest, AcceptsAnAudienceListNamingUs) {
  auto payload = good_payload();
  payload["aud"] = {"other", "convonet-api"};
  EXPECT_TRUE(signer_.verify(sign(good_header(), payload), kNow).ok());
  payload["aud"] = {"other", 3};
  expect_invalid(sign(good_header(), payload));
  payload["aud"] = json::array();
  expect_invalid(sign(good_header(), payload));
}

TEST_F(JwtTest, RejectsATamperedPayload) {
  const auto token = signer_.issue(42, kNow);
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  auto payload = decode_segment(token, 1);
  payload["sub"] = "1";
  const auto forged =
      token.substr(0, first + 1) + base64url_encode(payload.dump()) + token.substr(second);
  expect_invalid(forged);
}

TEST_F(JwtTest, RejectsATamperedSignature) {
  const auto token = signer_.issue(42, kNow);
  auto flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  expect_invalid(flipped);
  expect_invalid(token.substr(0, token.size() - 1));
  expect_invalid(token + "A");
  expect_invalid(token.substr(0, token.rfind('.') + 1));  // no signature at all
}

TEST_F(JwtTest, RejectsASignatureMadeWithAnotherSecret) {
  expect_invalid(sign(good_header(), good_payload(), kKey2.secret));
}

TEST_F(JwtTest, RejectsEveryAlgorithmButHs256) {
  const auto input_of = [](const json& header) {
    return base64url_encode(header.dump()) + "." + base64url_encode(good_payload().dump());
  };
  for (const char* alg : {"none", "None", "NONE", "hs256", "HS384", "HS512", "RS256", "ES256"}) {
    auto header = good_header();
    header["alg"] = alg;
    expect_invalid(input_of(header) + ".");
    expect_invalid(sign(header, good_payload()));  // even when correctly MACed
  }
  auto header = good_header();
  header.erase("alg");
  expect_invalid(sign(header, good_payload()));
  header["alg"] = json::array({"HS256"});
  expect_invalid(sign(header, good_payload()));
}

TEST_F(JwtTest, RejectsUnknownOrMissingKeyIds) {
  auto header = good_header();
  header["kid"] = "k9";
  expect_invalid(sign(header, good_payload()));
  header["kid"] = 1;
  expect_invalid(sign(header, good_payload()));
  header["kid"] = "";
  expect_invalid(sign(header, good_payload()));
  header.erase("kid");
  expect_invalid(sign(header, good_payload()));
}

TEST_F(JwtTest, ChecksTheTypeAndCriticalHeaders) {
  auto header = good_header();
  header.erase("typ");
  EXPECT_TRUE(signer_.verify(sign(header, good_payload()), kNow).ok());
  header["typ"] = "at+jwt";
  expect_invalid(sign(header, good_payload()));
  header = good_header();
  header["crit"] = {"exp"};
  expect_invalid(sign(header, good_payload()));
}

TEST_F(JwtTest, RotatesKeys) {
  const JwtSigner old_signer(kKey1, {}, JwtSettings{});
  const JwtSigner rotated(kKey2, {kKey1}, JwtSettings{});
  const JwtSigner retired(kKey2, {}, JwtSettings{});

  const auto old_token = old_signer.issue(42, kNow);
  const auto new_token = rotated.issue(43, kNow);
  EXPECT_EQ(decode_segment(new_token, 0)["kid"], "k2");  // the active key signs

  ASSERT_TRUE(rotated.verify(old_token, kNow).ok());
  EXPECT_EQ(rotated.verify(old_token, kNow)->user_id, 42);
  EXPECT_EQ(rotated.verify(new_token, kNow)->user_id, 43);
  EXPECT_TRUE(retired.verify(new_token, kNow).ok());
  EXPECT_FALSE(retired.verify(old_token, kNow).ok());
  EXPECT_FALSE(old_signer.verify(new_token, kNow).ok());
}

TEST_F(JwtTest, RejectsAKeyIdPointingAtAnotherKeysSignature) {
  // Signed with k2's secret but claiming kid k1.
  const JwtSigner both(kKey1, {kKey2}, JwtSettings{});
  EXPECT_FALSE(both.verify(sign(good_header(), good_payload(), kKey2.secret), kNow).ok());
}

TEST_F(JwtTest, RequiresANumericSubject) {
  for (const json& sub :
       {json("abc"), json(""), json("-1"), json("+1"), json("1e3"), json(" 42"), json("42 "),
        json("0x2a"), json("99999999999999999999"), json(42), json(nullptr)}) {
    auto payload = good_payload();
    payload["sub"] = sub;
    expect_invalid(sign(good_header(), payload));
  }
  auto payload = good_payload();
  payload["sub"] = "9223372036854775807";
  ASSERT_TRUE(signer_.verify(sign(good_header(), payload), kNow).ok());
  EXPECT_EQ(signer_.verify(sign(good_header(), payload), kNow)->user_id, INT64_MAX);
}

TEST_F(JwtTest, RequiresATokenId) {
  auto payload = good_payload();
  payload["jti"] = "";
  expect_invalid(sign(good_header(), payload));
  payload["jti"] = 5;
  expect_invalid(sign(good_header(), payload));
  payload.erase("jti");
  expect_invalid(sign(good_header(), payload));
}

TEST_F(JwtTest, RequiresWellFormedDates) {
  for (const char* claim : {"iat", "nbf", "exp"}) {
    for (const json& value : {json(nullptr), json("1800000000"), json(1800000000.5), json(-1),
                              json(1e30), json(std::numeric_limits<std::uint64_t>::max()),
                              json(std::numeric_limits<std::int64_t>::min()), json(253402300800)}) {
      auto payload = good_payload();
      payload[claim] = value;
      expect_invalid(sign(good_header(), payload));
    }
    auto payload = good_payload();
    payload.erase(claim);
    expect_invalid(sign(good_header(), payload));
  }
}

TEST_F(JwtTest, RequiresScopesToBeStrings) {
  auto payload = good_payload();
  payload["scopes"] = "todos:read";
  expect_invalid(sign(good_header(), payload));
  payload["scopes"] = {"todos:read", 1};
  expect_invalid(sign(good_header(), payload));
}

TEST_F(JwtTest, RejectsGarbage) {
  const auto token = signer_.issue(42, kNow);
  const auto dot = token.find('.');
  for (const std::string& garbage : {
           std::string(),
           std::string("."),
           std::string(".."),
           std::string("..."),
           std::string("abc"),
           std::string("a.b"),
           std::string("a.b.c"),
           std::string("a.b.c.d"),
           token + ".",
           token + "." + token,
           "." + token,
           token + " ",
           "Bearer " + token,
           token.substr(0, dot),
           std::string("!!!.???.***"),
           base64url_encode("not json") + "." + base64url_encode("{}") + ".sig",
           base64url_encode("[1,2]") + "." + base64url_encode("{}") + ".sig",
           base64url_encode("\"HS256\"") + "." + base64url_encode("{}") + ".sig",
           base64url_encode(std::string(3000, '[')) + ".e30.sig",
           std::string("eyJhbGciOiJIUzI1NiJ9=.e30.sig"),
           std::string(1 << 20, 'a'),
           std::string(1 << 20, '.'),
           std::string("\0\0\0.\0.\0", 7),
           std::string("\xff\xfe.\xff.\xff"),
       }) {
    expect_invalid(garbage);
  }
}

TEST_F(JwtTest, RejectsGarbageBehindAValidSignature) {
  for (const std::string& payload :
       {std::string("not json"), std::string("[]"), std::string("null"), std::string("{\"sub\":"),
        std::string("{\"a\":\"\xff\"}"), std::string(5000, '{')}) {
    const auto input = base64url_encode(good_header().dump()) + "." + base64url_encode(payload);
    expect_invalid(input + "." + base64url_encode(detail::hmac_sha256(kKey1.secret, input)));
  }
}

TEST_F(JwtTest, NeverAcceptsAMutatedToken) {
  // A cheap deterministic stand-in for fuzzing: any change to a signed token must be refused,
  // and verification must never throw or crash.
  const auto token = signer_.issue(42, kNow, {"todos:read"});
  std::mt19937 random(12345);
  for (int round = 0; round < 2000; ++round) {
    auto mutated = token;
    const auto position = random() % mutated.size();
    switch (random() % 4) {
      case 0:
        mutated[position] = static_cast<char>(random() % 256);
        break;
      case 1:
        mutated.erase(position, 1 + random() % 8);
        break;
      case 2:
        mutated.insert(position, 1, static_cast<char>(random() % 256));
        break;
      default:
        mutated.resize(position);
        break;
    }
    if (mutated == token) continue;
    expect_invalid(mutated);
  }
}

// verify() remembers tokens it accepted; the dates must still be checked on every call.
TEST_F(JwtTest, RechecksTheDatesOfARememberedToken) {
  const auto token = signer_.issue(42, kNow);
  ASSERT_TRUE(signer_.verify(token, kNow).ok());
  EXPECT_EQ(signer_.verify(token, kNow + seconds{930}).error().code, "token_expired");
  expect_invalid(token, kNow - seconds{31});  // issued in the future
  const auto again = signer_.verify(token, kNow + seconds{929});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->user_id, 42);
  EXPECT_EQ(again->expires_at, kNow + seconds{900});

  auto payload = good_payload();
  payload["nbf"] = unix_seconds(kNow) + 60;
  const auto later = sign(good_header(), payload);
  ASSERT_TRUE(signer_.verify(later, kNow + seconds{30}).ok());
  expect_invalid(later, kNow + seconds{29});  // not valid yet, though accepted a moment later
}

TEST_F(JwtTest, ATokenAcceptedByOneSignerIsNotAcceptedByAnother) {
  const auto token = signer_.issue(42, kNow);
  ASSERT_TRUE(signer_.verify(token, kNow).ok());
  const JwtSigner other(kKey2, {}, JwtSettings{});
  EXPECT_FALSE(other.verify(token, kNow).ok());
  JwtSettings other_audience;
  other_audience.audience = "someone-else";
  EXPECT_FALSE(JwtSigner(kKey1, {}, other_audience).verify(token, kNow).ok());
}

TEST_F(JwtTest, KeepsVerifyingPastTheRememberedTokenLimit) {
  const auto first = signer_.issue(1, kNow);
  ASSERT_TRUE(signer_.verify(first, kNow).ok());
  for (int i = 0; i < 1500; ++i) {
    const auto token = signer_.issue(i, kNow);
    const auto claims = signer_.verify(token, kNow);
    ASSERT_TRUE(claims.ok()) << i;
    EXPECT_EQ(claims->user_id, i);
  }
  EXPECT_TRUE(signer_.verify(first, kNow).ok());
  EXPECT_EQ(signer_.verify(first, kNow + seconds{930}).error().code, "token_expired");
  // A tampered copy of a remembered token is still checked in full.
  auto tampered = first;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  expect_invalid(tampered);
}

TEST(JwtSignerConfig, RejectsUnsafeSettings) {
  EXPECT_THROW(JwtSigner({"k1", "too short"}, {}, {}), std::invalid_argument);
  EXPECT_THROW(JwtSigner({"", kKey1.secret}, {}, {}), std::invalid_argument);
  EXPECT_THROW(JwtSigner(kKey1, {{"k2", "short"}}, {}), std::invalid_argument);
  EXPECT_THROW(JwtSigner(kKey1, {{"k1", kKey2.secret}}, {}), std::invalid_argument);
  JwtSettings zero_ttl;
  zero_ttl.ttl = seconds{0};
  EXPECT_THROW(JwtSigner(kKey1, {}, zero_ttl), std::invalid_argument);
  JwtSettings negative_leeway;
  negative_leeway.leeway = seconds{-1};
  EXPECT_THROW(JwtSigner(kKey1, {}, negative_leeway), std::invalid_argument);
  EXPECT_NO_THROW(JwtSigner(kKey1, {kKey2}, {}));
}

TEST(JwtSignerConfig, UsesTheConfiguredTtlAndLeeway) {
  JwtSettings settings;
  settings.ttl = seconds{60};
  settings.leeway = seconds{0};
  const JwtSigner signer(kKey1, {}, settings);
  EXPECT_EQ(signer.ttl(), seconds{60});
  const auto token = signer.issue(5, kNow);
  EXPECT_TRUE(signer.verify(token, kNow + seconds{59}).ok());
  EXPECT_EQ(signer.verify(token, kNow + seconds{60}).error().code, "token_expired");
  EXPECT_FALSE(signer.verify(token, kNow - seconds{1}).ok());
}

}  // namespace
}  // namespace convonet::auth
