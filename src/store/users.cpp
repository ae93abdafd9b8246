#include <utility>

#include "store/detail/sql.hpp"
#include "store/repositories.hpp"

namespace convonet::store::users {

namespace {

using namespace detail;

#define USER_COLUMNS                                                          \
  "id, email, name, password_hash, timezone, pin_hash, pin_failed_attempts, " \
  "pin_locked_until, feed_token_hash, created_at, updated_at"

User read_user(Row& row) {
  User user;
  user.id = row.integer(0);
  user.email = row.take_text(1);
  user.name = row.take_text(2);
  user.password_hash = row.take_text(3);
  user.timezone = row.take_text(4);
  user.pin_hash = row.take_opt_text(5);
  user.pin_failed_attempts = static_cast<int>(row.integer(6));
  user.pin_locked_until = opt_timestamp(row, 7);
  user.feed_token_hash = row.take_opt_text(8);
  user.created_at = to_timestamp(row.integer(9));
  user.updated_at = to_timestamp(row.integer(10));
  return user;
}

std::optional<User> find(Session& s, std::string_view sql, Value key) {
  auto row = s.query_one(sql, {std::move(key)});
  if (!row) return std::nullopt;
  User user = read_user(*row);
  for (Row& phone :
       s.query("SELECT phone FROM user_phones WHERE user_id = ? ORDER BY id", {user.id})) {
    user.phone_numbers.push_back(phone.take_text(0));
  }
  return user;
}

void insert_phones(Session& s, const User& user) {
  for (const std::string& phone : user.phone_numbers) {
    s.execute("INSERT INTO user_phones (user_id, phone) VALUES (?, ?)", {user.id, phone});
  }
}

}  // namespace

User insert(Session& s, User user) {
  default_times(user.created_at, user.updated_at);
  auto row = s.query_one(
      "INSERT INTO users (email, name, password_hash, timezone, pin_hash, pin_failed_attempts, "
      "pin_locked_until, feed_token_hash, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {user.email, user.name, user.password_hash, user.timezone, opt_string(user.pin_hash),
       std::int64_t{user.pin_failed_attempts}, opt_seconds(user.pin_locked_until),
       opt_string(user.feed_token_hash), seconds(user.created_at), seconds(user.updated_at)});
  user.id = row->integer(0);
  insert_phones(s, user);
  return user;
}

std::optional<User> by_id(Session& s, Id id) {
  return find(s, "SELECT " USER_COLUMNS " FROM users WHERE id = ?", id);
}

std::optional<User> by_email(Session& s, const std::string& email_lowercase) {
  return find(s, "SELECT " USER_COLUMNS " FROM users WHERE email = ?", email_lowercase);
}

std::optional<User> by_phone(Session& s, const std::string& e164) {
  return find(s,
              "SELECT " USER_COLUMNS
              " FROM users WHERE id = (SELECT user_id FROM user_phones WHERE phone = ?)",
              e164);
}

std::optional<User> by_feed_token_hash(Session& s, const std::string& hash) {
  return find(s, "SELECT " USER_COLUMNS " FROM users WHERE feed_token_hash = ?", hash);
}

void update(Session& s, const User& user) {
  s.execute(
      "UPDATE users SET name = ?, timezone = ?, password_hash = ?, pin_hash = ?, "
      "pin_failed_attempts = ?, pin_locked_until = ?, feed_token_hash = ?, updated_at = ? "
      "WHERE id = ?",
      {user.name, user.timezone, user.password_hash, opt_string(user.pin_hash),
       std::int64_t{user.pin_failed_attempts}, opt_seconds(user.pin_locked_until),
       opt_string(user.feed_token_hash), seconds(user.updated_at), user.id});
  s.execute("DELETE FROM user_phones WHERE user_id = ?", {user.id});
  insert_phones(s, user);
}

}  // namespace convonet::store::users
