#pragma once
// Personal access tokens: long-lived bearer tokens a user creates for MCP clients and scripts.
// Each carries scopes ("read": read-only tools; "write": every tool) and acts as its user, so
// roles apply as for the user's own session. Only the token's SHA-256 is stored; the token is
// shown once. A token cannot mint, list or revoke tokens: that needs a password session.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/access_tokens.hpp"
#include "store/database.hpp"

namespace convonet::accounts {

struct NewAccessToken {
  std::string name;
  std::vector<std::string> scopes;
  std::optional<int> expires_in_days;  // none: until revoked
};

struct CreatedAccessToken {
  store::AccessToken record;
  std::string token;  // the secret, shown once
};

class AccessTokenService {
 public:
  // Every token starts with this, so a leaked one is recognisable (secret scanners) and a
  // bearer token can be routed to the right check without trying both.
  static constexpr std::string_view kPrefix = "cvn_pat_";
  static constexpr int kMaxLiveTokensPerUser = 50;

  AccessTokenService(store::Database& db, const Clock& clock);

  static bool looks_like(std::string_view token);
  static const std::vector<std::string>& known_scopes();

  Result<CreatedAccessToken> create(const Principal& principal, NewAccessToken request);
  Result<std::vector<store::AccessToken>> list(const Principal& principal);
  Status revoke(const Principal& principal, store::Id id);
  // The token's user with its scopes; unauthorized when unknown, revoked or expired.
  Result<Principal> authenticate(std::string_view token) const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace convonet::accounts
