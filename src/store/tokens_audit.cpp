#include <algorithm>
#include <utility>

#include "store/detail/sql.hpp"
#include "store/repositories.hpp"

namespace convonet::store {

using namespace detail;

namespace refresh_tokens {

namespace {
RefreshToken read_token(Row& row) {
  RefreshToken token;
  token.id = row.integer(0);
  token.user_id = row.integer(1);
  token.token_hash = row.take_text(2);
  token.family_id = row.take_text(3);
  token.expires_at = to_timestamp(row.integer(4));
  token.revoked_at = opt_timestamp(row, 5);
  token.replaced_by = row.opt_integer(6);
  token.created_at = to_timestamp(row.integer(7));
  return token;
}
}  // namespace

RefreshToken insert(Session& s, RefreshToken token) {
  token.created_at = or_now(token.created_at);
  auto row = s.query_one(
      "INSERT INTO refresh_tokens (user_id, token_hash, family_id, expires_at, revoked_at, "
      "replaced_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {token.user_id, token.token_hash, token.family_id, seconds(token.expires_at),
       opt_seconds(token.revoked_at), opt_id(token.replaced_by), seconds(token.created_at)});
  token.id = row->integer(0);
  return token;
}

std::optional<RefreshToken> by_hash(Session& s, const std::string& token_hash) {
  auto row = s.query_one(
      "SELECT id, user_id, token_hash, family_id, expires_at, revoked_at, replaced_by, "
      "created_at FROM refresh_tokens WHERE token_hash = ?",
      {token_hash});
  if (!row) return std::nullopt;
  return read_token(*row);
}

bool mark_replaced(Session& s, Id id, std::optional<Id> replaced_by, Timestamp now) {
  // Built one by one: GCC 12 -O2 warns (falsely) about the initializer-list form here.
  std::vector<Value> params;
  params.reserve(3);
  params.emplace_back(seconds(now));
  params.push_back(opt_id(replaced_by));
  params.emplace_back(id);
  return s.execute(
             "UPDATE refresh_tokens SET revoked_at = ?, replaced_by = ? "
             "WHERE id = ? AND revoked_at IS NULL",
             params) == 1;
}

void revoke_family(Session& s, const std::string& family_id, Timestamp now) {
  s.execute("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
            {seconds(now), family_id});
}

}  // namespace refresh_tokens

namespace audit {

void record(Session& s, const AuditEntry& entry) {
  s.execute(
      "INSERT INTO audit_log (actor_id, action, entity, entity_id, detail, at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {opt_id(entry.actor_id), entry.action, entry.entity, opt_id(entry.entity_id),
       entry.detail.empty() ? std::string("{}") : entry.detail, seconds(or_now(entry.at))});
}

std::vector<AuditEntry> recent(Session& s, int limit) {
  auto rows = s.query(
      "SELECT id, actor_id, action, entity, entity_id, detail, at FROM audit_log "
      "ORDER BY at DESC, id DESC LIMIT ?",
      {std::int64_t{std::max(limit, 0)}});
  std::vector<AuditEntry> entries;
  entries.reserve(rows.size());
  for (Row& row : rows) {
    AuditEntry& entry = entries.emplace_back();
    entry.id = row.integer(0);
    entry.actor_id = row.opt_integer(1);
    entry.action = row.take_text(2);
    entry.entity = row.take_text(3);
    entry.entity_id = row.opt_integer(4);
    entry.detail = row.take_text(5);
    entry.at = to_timestamp(row.integer(6));
  }
  return entries;
}

}  // namespace audit

}  // namespace convonet::store
