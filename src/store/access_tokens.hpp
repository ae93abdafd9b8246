#pragma once
// Personal access tokens: rows keyed by the token's SHA-256; the token itself is never stored.
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::store {

struct AccessToken {
  Id id = 0;
  Id user_id = 0;
  std::string name;
  std::string token_hash;           // SHA-256 hex
  std::vector<std::string> scopes;  // stored as a JSON array of strings
  Timestamp created_at{};
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> revoked_at;
};

namespace access_tokens {
AccessToken insert(Session& s, AccessToken token);
std::optional<AccessToken> by_hash(Session& s, const std::string& token_hash);
// The user's unrevoked tokens, ordered by id (expired ones included: they show as expired).
std::vector<AccessToken> live_for_user(Session& s, Id user_id);
std::int64_t count_live_for_user(Session& s, Id user_id);
// Sets revoked_at on the user's unrevoked token; false when there is none with that id.
bool revoke(Session& s, Id user_id, Id id, Timestamp now);
}  // namespace access_tokens

}  // namespace convonet::store
