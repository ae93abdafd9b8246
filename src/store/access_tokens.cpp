#include "store/access_tokens.hpp"

#include <nlohmann/json.hpp>

#include "store/detail/sql.hpp"

namespace convonet::store {

using namespace detail;

namespace access_tokens {

namespace {

constexpr const char* kColumns =
    "id, user_id, name, token_hash, scopes, created_at, expires_at, revoked_at";

std::vector<std::string> parse_scopes(const std::string& text) {
  std::vector<std::string> scopes;
  auto value = nlohmann::json::parse(text, nullptr, false);
  if (!value.is_array())
    throw DbError(DbError::Kind::other, "personal access token scopes are not an array");
  for (const auto& scope : value) {
    if (scope.is_string()) scopes.push_back(scope.get<std::string>());
  }
  return scopes;
}

AccessToken read_token(Row& row) {
  AccessToken token;
  token.id = row.integer(0);
  token.user_id = row.integer(1);
  token.name = row.take_text(2);
  token.token_hash = row.take_text(3);
  token.scopes = parse_scopes(row.text(4));
  token.created_at = to_timestamp(row.integer(5));
  token.expires_at = opt_timestamp(row, 6);
  token.revoked_at = opt_timestamp(row, 7);
  return token;
}

}  // namespace

AccessToken insert(Session& s, AccessToken token) {
  token.created_at = or_now(token.created_at);
  std::vector<Value> params;
  params.reserve(6);
  params.emplace_back(token.user_id);
  params.emplace_back(token.name);
  params.emplace_back(token.token_hash);
  params.emplace_back(nlohmann::json(token.scopes).dump());
  params.emplace_back(seconds(token.created_at));
  params.push_back(opt_seconds(token.expires_at));
  auto row = s.query_one(
      "INSERT INTO personal_access_tokens (user_id, name, token_hash, scopes, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  token.id = row->integer(0);
  return token;
}

std::optional<AccessToken> by_hash(Session& s, const std::string& token_hash) {
  auto row = s.query_one(
      std::string("SELECT ") + kColumns + " FROM personal_access_tokens WHERE token_hash = ?",
      {token_hash});
  if (!row) return std::nullopt;
  return read_token(*row);
}

std::vector<AccessToken> live_for_user(Session& s, Id user_id) {
  auto rows = s.query(std::string("SELECT ") + kColumns +
                          " FROM personal_access_tokens WHERE user_id = ? AND revoked_at IS NULL "
                          "ORDER BY id",
                      {user_id});
  std::vector<AccessToken> tokens;
  tokens.reserve(rows.size());
  for (Row& row : rows) tokens.push_back(read_token(row));
  return tokens;
}

std::int64_t count_live_for_user(Session& s, Id user_id) {
  auto row = s.query_one(
      "SELECT COUNT(*) FROM personal_access_tokens WHERE user_id = ? AND revoked_at IS NULL",
      {user_id});
  return row ? row->integer(0) : 0;
}

bool revoke(Session& s, Id user_id, Id id, Timestamp now) {
  return s.execute(
             "UPDATE personal_access_tokens SET revoked_at = ? "
             "WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
             {seconds(now), id, user_id}) == 1;
}

}  // namespace access_tokens

}  // namespace convonet::store
