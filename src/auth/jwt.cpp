#include "auth/jwt.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <utility>

#include "auth/crypto.hpp"
#include "auth/detail/digest.hpp"

namespace convonet::auth {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMinSecretBytes = 32;
constexpr std::size_t kJtiBytes = 16;
// Our tokens are a few hundred bytes; refuse to base64-decode and parse anything much larger.
constexpr std::size_t kMaxTokenBytes = 8192;
// 9999-12-31T23:59:59Z. Bounding every NumericDate keeps all time arithmetic overflow-free.
constexpr std::int64_t kMaxNumericDate = 253402300799;
constexpr auto kMaxTtl = std::chrono::hours(24 * 365);
constexpr auto kMaxLeeway = std::chrono::hours(24);
// Verified tokens remembered per signer: a few hundred bytes each.
constexpr std::size_t kMaxCachedTokens = 1024;

Error invalid(std::string message) {
  return Error::unauthorized(std::move(message), "invalid_token");
}

std::string to_json_text(const json& value) {
  // Replace rather than throw on invalid UTF-8 (e.g. in a scope name): issue() cannot fail.
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<json> decode_object(std::string_view segment) {
  auto text = base64url_decode(segment);
  if (!text) return std::nullopt;
  auto value = json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded() || !value.is_object()) return std::nullopt;
  return value;
}

const std::string* string_member(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

std::optional<std::int64_t> numeric_date(const json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  std::int64_t seconds = 0;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(kMaxNumericDate)) return std::nullopt;
    seconds = static_cast<std::int64_t>(value);
  } else if (it->is_number_integer()) {
    seconds = it->get<std::int64_t>();
  } else {
    return std::nullopt;  // fractional dates are legal JWT but we never issue them
  }
  if (seconds < 0 || seconds > kMaxNumericDate) return std::nullopt;
  return seconds;
}

std::optional<std::int64_t> parse_user_id(const std::string& sub) {
  if (sub.empty() ||
      !std::all_of(sub.begin(), sub.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(sub.data(), sub.data() + sub.size(), id);
  if (ec != std::errc() || end != sub.data() + sub.size()) return std::nullopt;
  return id;
}

bool audience_matches(const json& payload, const std::string& audience) {
  const auto it = payload.find("aud");
  if (it == payload.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == audience;
  if (!it->is_array()) return false;
  return std::any_of(it->begin(), it->end(), [&](const json& entry) {
    return entry.is_string() && entry.get_ref<const std::string&>() == audience;
  });
}

std::optional<std::vector<std::string>> scopes_of(const json& payload) {
  const auto it = payload.find("scopes");
  if (it == payload.end()) return std::vector<std::string>{};
  if (!it->is_array()) return std::nullopt;
  std::vector<std::string> scopes;
  for (const auto& entry : *it) {
    if (!entry.is_string()) return std::nullopt;
    scopes.push_back(entry.get<std::string>());
  }
  return scopes;
}

std::string signature(const JwtKey& key, std::string_view signing_input) {
  return base64url_encode(detail::hmac_sha256(key.secret, signing_input));
}

}  // namespace

JwtSigner::JwtSigner(JwtKey active, std::vector<JwtKey> also_accepted, JwtSettings settings)
    : settings_(std::move(settings)) {
  keys_.push_back(std::move(active));
  for (auto& key : also_accepted) keys_.push_back(std::move(key));
  for (std::size_t i = 0; i < keys_.size(); ++i) {
    if (keys_[i].id.empty()) throw std::invalid_argument("JWT key id must not be empty");
    if (keys_[i].secret.size() < kMinSecretBytes) {
      throw std::invalid_argument("JWT secret must be at least 32 bytes");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (keys_[j].id == keys_[i].id) throw std::invalid_argument("duplicate JWT key id");
    }
  }
  if (settings_.ttl <= std::chrono::seconds::zero() || settings_.ttl > kMaxTtl) {
    throw std::invalid_argument("JWT ttl must be positive and at most a year");
  }
  if (settings_.leeway < std::chrono::seconds::zero() || settings_.leeway > kMaxLeeway) {
    throw std::invalid_argument("JWT leeway must be between zero and a day");
  }
}

std::string JwtSigner::issue(std::int64_t user_id, Timestamp now,
                             const std::vector<std::string>& scopes) const {
  assert(user_id >= 0);
  const JwtKey& key = keys_.front();
  const auto iat = now.time_since_epoch().count();
  json header = {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", key.id}};
  json claims = {
      {"iss", settings_.issuer},
      {"aud", settings_.audience},
      {"sub", std::to_string(user_id)},
      {"iat", iat},
      {"nbf", iat},
      {"exp", iat + settings_.ttl.count()},
      {"jti", random_token(kJtiBytes)},
  };
  if (!scopes.empty()) claims["scopes"] = scopes;
  auto input =
      base64url_encode(to_json_text(header)) + "." + base64url_encode(to_json_text(claims));
  auto mac = signature(key, input);
  return input + "." + mac;
}

Result<AccessClaims> JwtSigner::verify(std::string_view token, Timestamp now) const {
  // Tokens come straight from the network. Whatever slips past the checks below (a bug, an
  // allocation failure) must end as a 401, never as a crash or a 500.
  try {
    if (auto verified = remembered(token)) return check_times(*verified, now);
    return verify_unchecked(token, now);
  } catch (const std::exception&) {
    return invalid("malformed token");
  }
}

std::optional<JwtSigner::Verified> JwtSigner::remembered(std::string_view token) const {
  std::lock_guard lock(cache_mutex_);
  const auto it = cache_.find(token);
  if (it == cache_.end()) return std::nullopt;
  return it->second;
}

void JwtSigner::remember(std::string_view token, const Verified& verified) const {
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kMaxCachedTokens) cache_.clear();
  cache_.emplace(std::string(token), verified);
}

Result<AccessClaims> JwtSigner::check_times(const Verified& verified, Timestamp now) const {
  // Claims and leeway are bounded, so none of this arithmetic can overflow.
  const auto now_s = now.time_since_epoch().count();
  const auto leeway = settings_.leeway.count();
  const auto exp = verified.claims.expires_at.time_since_epoch().count();
  const auto iat = verified.claims.issued_at.time_since_epoch().count();
  if (exp + leeway <= now_s) return Error::unauthorized("token has expired", "token_expired");
  if (verified.not_before - leeway > now_s) return invalid("token is not valid yet");
  if (iat - leeway > now_s) return invalid("token was issued in the future");
  return verified.claims;
}

const JwtKey* JwtSigner::find_key(std::string_view id) const {
  const auto it =
      std::find_if(keys_.begin(), keys_.end(), [&](const JwtKey& key) { return key.id == id; });
  return it == keys_.end() ? nullptr : &*it;
}

Result<AccessClaims> JwtSigner::verify_unchecked(std::string_view token, Timestamp now) const {
  if (token.empty() || token.size() > kMaxTokenBytes) return invalid("malformed token");
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return invalid("malformed token");
  }
  const auto header_text = token.substr(0, first);
  const auto payload_text = token.substr(first + 1, second - first - 1);
  const auto signature_text = token.substr(second + 1);
  if (header_text.empty() || payload_text.empty() || signature_text.empty()) {
    return invalid("malformed token");
  }

  const auto header = decode_object(header_text);
  if (!header) return invalid("malformed token header");
  // Exactly HS256: "none" and every other algorithm are refused, so a token cannot choose how
  // it is checked.
  const auto* alg = string_member(*header, "alg");
  if (alg == nullptr || *alg != "HS256") return invalid("unsupported token algorithm");
  if (header->contains("typ")) {
    const auto* typ = string_member(*header, "typ");
    if (typ == nullptr || *typ != "JWT") return invalid("unsupported token type");
  }
  // We implement no extensions, so any critical one must be refused (RFC 7515 section 4.1.11).
  if (header->contains("crit")) return invalid("unsupported critical token header");
  const auto* kid = string_member(*header, "kid");
  const JwtKey* key = kid == nullptr ? nullptr : find_key(*kid);
  if (key == nullptr) return invalid("unknown token signing key");

  const auto expected = signature(*key, token.substr(0, second));
  if (!constant_time_equal(expected, signature_text)) return invalid("bad token signature");

  const auto payload = decode_object(payload_text);
  if (!payload) return invalid("malformed token payload");
  const auto* iss = string_member(*payload, "iss");
  if (iss == nullptr || *iss != settings_.issuer) return invalid("wrong token issuer");
  if (!audience_matches(*payload, settings_.audience)) return invalid("wrong token audience");
  const auto* sub = string_member(*payload, "sub");
  const auto user_id = sub == nullptr ? std::nullopt : parse_user_id(*sub);
  if (!user_id) return invalid("bad token subject");
  const auto* jti = string_member(*payload, "jti");
  if (jti == nullptr || jti->empty()) return invalid("missing token id");
  auto scopes = scopes_of(*payload);
  if (!scopes) return invalid("bad token scopes");
  const auto iat = numeric_date(*payload, "iat");
  const auto nbf = numeric_date(*payload, "nbf");
  const auto exp = numeric_date(*payload, "exp");
  if (!iat || !nbf || !exp) return invalid("bad token dates");

  Verified verified{AccessClaims{*user_id, *jti, Timestamp{std::chrono::seconds{*iat}},
                                 Timestamp{std::chrono::seconds{*exp}}, std::move(*scopes)},
                    *nbf};
  auto result = check_times(verified, now);
  if (result) remember(token, verified);
  return result;
}

}  // namespace convonet::auth
