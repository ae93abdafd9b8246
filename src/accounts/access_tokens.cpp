#include "accounts/access_tokens.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "auth/crypto.hpp"
#include "core/text.hpp"
#include "store/repositories.hpp"

namespace convonet::accounts {

namespace {

using store::TxMode;

Status require_full_session(const Principal& principal) {
  if (!principal.scopes.empty()) {
    return Error::forbidden("personal access tokens are managed from a signed-in session only");
  }
  return {};
}

void audit(store::Session& s, store::Id actor, std::string action, store::Id token_id,
           Timestamp now, nlohmann::json detail) {
  store::audit::record(s, store::AuditEntry{0, actor, std::move(action), "access_token", token_id,
                                            detail.dump(), now});
}

}  // namespace

AccessTokenService::AccessTokenService(store::Database& db, const Clock& clock)
    : db_(db), clock_(clock) {}

bool AccessTokenService::looks_like(std::string_view token) {
  return token.starts_with(kPrefix);
}

const std::vector<std::string>& AccessTokenService::known_scopes() {
  static const std::vector<std::string> scopes = {"read", "write"};
  return scopes;
}

Result<CreatedAccessToken> AccessTokenService::create(const Principal& principal,
                                                      NewAccessToken request) {
  if (auto ok = require_full_session(principal); !ok) return ok.error();
  const std::string name = trim(request.name);
  if (!is_valid_utf8(name) || has_control_characters(name) || utf8_length(name) < 1 ||
      utf8_length(name) > 100) {
    return Error::unprocessable("name must be 1 to 100 printable characters");
  }
  if (request.scopes.empty()) {
    return Error::unprocessable("scopes must name at least one of: read, write");
  }
  std::set<std::string> unique;
  for (const auto& scope : request.scopes) {
    const auto& known = known_scopes();
    if (std::find(known.begin(), known.end(), scope) == known.end()) {
      std::string message = "unknown scope \"";
      message.append(scope.substr(0, 40)).append("\": scopes are read and write");
      return Error::unprocessable(std::move(message));
    }
    unique.insert(scope);
  }
  if (request.expires_in_days &&
      (*request.expires_in_days < 1 || *request.expires_in_days > 3650)) {
    return Error::unprocessable("expires_in_days must be 1 to 3650");
  }
  std::string token(kPrefix);
  token.append(auth::random_token(32));
  const Timestamp now = clock_.now();
  store::AccessToken record;
  record.user_id = principal.user_id;
  record.name = name;
  record.token_hash = auth::sha256_hex(token);
  record.scopes.assign(unique.begin(), unique.end());
  record.created_at = now;
  if (request.expires_in_days)
    record.expires_at = now + std::chrono::days{*request.expires_in_days};
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<CreatedAccessToken> {
    if (store::access_tokens::count_live_for_user(s, principal.user_id) >= kMaxLiveTokensPerUser) {
      return Error::conflict("at most 50 personal access tokens; revoke one first",
                             "too_many_tokens");
    }
    auto stored = store::access_tokens::insert(s, record);
    audit(s, principal.user_id, "access_token.create", stored.id, now,
          {{"name", stored.name}, {"scopes", stored.scopes}});
    return CreatedAccessToken{std::move(stored), token};
  });
}

Result<std::vector<store::AccessToken>> AccessTokenService::list(const Principal& principal) {
  if (auto ok = require_full_session(principal); !ok) return ok.error();
  return db_.transact(TxMode::read,
                      [&](store::Session& s) -> Result<std::vector<store::AccessToken>> {
                        return store::access_tokens::live_for_user(s, principal.user_id);
                      });
}

Status AccessTokenService::revoke(const Principal& principal, store::Id id) {
  if (auto ok = require_full_session(principal); !ok) return ok.error();
  const Timestamp now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    if (!store::access_tokens::revoke(s, principal.user_id, id, now)) {
      return Error::not_found("personal access token not found");
    }
    audit(s, principal.user_id, "access_token.revoke", id, now, nlohmann::json::object());
    return {};
  });
}

Result<Principal> AccessTokenService::authenticate(std::string_view token) const {
  // Base64url of 32 bytes is 43 characters; anything else was never issued.
  if (!looks_like(token) || token.size() != kPrefix.size() + 43) {
    return Error::unauthorized("invalid personal access token", "invalid_token");
  }
  const auto hash = auth::sha256_hex(token);
  const Timestamp now = clock_.now();
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<Principal> {
    auto record = store::access_tokens::by_hash(s, hash);
    if (!record || record->revoked_at) {
      return Error::unauthorized("invalid personal access token", "invalid_token");
    }
    if (record->expires_at && *record->expires_at <= now) {
      return Error::unauthorized("personal access token expired", "invalid_token");
    }
    // A token always has a scope, so its principal is never mistaken for a full session.
    return Principal{record->user_id, record->scopes};
  });
}

}  // namespace convonet::accounts
