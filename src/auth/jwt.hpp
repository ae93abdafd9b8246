#pragma once
// Our own access tokens: short-lived HS256 JWTs. Keys carry an id ("kid") so a new key can
// sign while tokens signed by the previous one stay valid until they expire.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace convonet::auth {

struct JwtKey {
  std::string id;      // "kid"; non-empty
  std::string secret;  // HMAC secret, at least 32 bytes
};

struct JwtSettings {
  std::string issuer = "convonet";
  std::string audience = "convonet-api";
  std::chrono::seconds ttl{900};
  std::chrono::seconds leeway{30};  // tolerated clock skew between nodes
};

struct AccessClaims {
  std::int64_t user_id;
  std::string jti;
  Timestamp issued_at;
  Timestamp expires_at;
  std::vector<std::string> scopes;  // empty: a full session
};

class JwtSigner {
 public:
  // Throws std::invalid_argument on a bad configuration (short secret, empty or duplicate
  // kid, non-positive ttl, negative leeway): that is a startup error, not a runtime one.
  JwtSigner(JwtKey active, std::vector<JwtKey> also_accepted, JwtSettings settings);

  // Header {alg:HS256, typ:JWT, kid}; claims iss, aud, sub (user id as a string), iat, nbf, exp,
  // a random jti, and "scopes" (an array of strings) when not empty.
  std::string issue(std::int64_t user_id, Timestamp now,
                    const std::vector<std::string>& scopes = {}) const;

  // Error::unauthorized with code "token_expired" for an authentic but expired token, and
  // "invalid_token" for anything else. Never throws, whatever the input. Tokens over 8 KiB
  // are refused unread, so keep scope lists short.
  Result<AccessClaims> verify(std::string_view token, Timestamp now) const;

  std::chrono::seconds ttl() const { return settings_.ttl; }

 private:
  const JwtKey* find_key(std::string_view id) const;
  Result<AccessClaims> verify_unchecked(std::string_view token, Timestamp now) const;

  std::vector<JwtKey> keys_;  // keys_[0] signs; all of them verify
  JwtSettings settings_;
};

}  // namespace convonet::auth
