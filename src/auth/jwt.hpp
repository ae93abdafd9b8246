#pragma once
// Our own access tokens: short-lived HS256 JWTs. Keys carry an id ("kid") so a new key can
// sign while tokens signed by the previous one stay valid until they expire.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
  // are refused unread, so keep scope lists short. Thread-safe.
  Result<AccessClaims> verify(std::string_view token, Timestamp now) const;

  std::chrono::seconds ttl() const { return settings_.ttl; }

 private:
  // A token that passed every check but the time ones, with the dates those need.
  struct Verified {
    AccessClaims claims;
    std::int64_t not_before;
  };

  const JwtKey* find_key(std::string_view id) const;
  Result<AccessClaims> verify_unchecked(std::string_view token, Timestamp now) const;
  Result<AccessClaims> check_times(const Verified& verified, Timestamp now) const;
  std::optional<Verified> remembered(std::string_view token) const;
  void remember(std::string_view token, const Verified& verified) const;

  std::vector<JwtKey> keys_;  // keys_[0] signs; all of them verify
  JwtSettings settings_;

  // Clients repeat one token on every request for its whole life. Everything but the time
  // checks depends only on the token and on this signer's fixed keys and settings, so a
  // token that verified once need not be decoded and MACed again: the time checks are redone
  // on every call. Bounded; emptied when full.
  struct TokenHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view token) const noexcept {
      return std::hash<std::string_view>{}(token);
    }
  };
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, Verified, TokenHash, std::equal_to<>> cache_;
};

}  // namespace convonet::auth
