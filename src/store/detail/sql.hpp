#pragma once
// Small helpers shared by the repositories: instants and ids to and from column values, and
// the visibility clause the todo and event listings share.
#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::store::detail {

inline std::int64_t seconds(Timestamp t) {
  return t.time_since_epoch().count();
}
inline Timestamp to_timestamp(std::int64_t s) {
  return Timestamp{std::chrono::seconds{s}};
}

inline Value opt_seconds(const std::optional<Timestamp>& t) {
  if (!t) return Null{};
  return seconds(*t);
}
inline Value opt_id(const std::optional<Id>& id) {
  if (!id) return Null{};
  return *id;
}
inline Value opt_string(const std::optional<std::string>& text) {
  if (!text) return Null{};
  return *text;
}

// For Row and RowReader alike.
template <class R>
std::optional<Timestamp> opt_timestamp(const R& row, std::size_t i) {
  if (row.is_null(i)) return std::nullopt;
  return to_timestamp(row.integer(i));
}

// Inserts whose caller left the instants unset get the current time.
inline Timestamp or_now(Timestamp t) {
  if (t != Timestamp{}) return t;
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}
inline void default_times(Timestamp& created_at, Timestamp& updated_at) {
  created_at = or_now(created_at);
  if (updated_at == Timestamp{}) updated_at = created_at;
}

// Appends "team_id IN (<teams of the viewer>)": membership is read by the same statement, so a
// listing needs no separate query for the viewer's teams.
inline void append_viewer_teams(std::string& sql, std::vector<Value>& params, Id viewer_id) {
  sql += "team_id IN (SELECT team_id FROM memberships WHERE user_id = ?)";
  params.emplace_back(viewer_id);
}

// Appends "((team_id IS NULL AND creator_id = ?) OR team_id IN (<teams of the viewer>))".
inline void append_visibility(std::string& sql, std::vector<Value>& params, Id viewer_id) {
  sql += "((team_id IS NULL AND creator_id = ?) OR ";
  params.emplace_back(viewer_id);
  append_viewer_teams(sql, params, viewer_id);
  sql += ')';
}

}  // namespace convonet::store::detail

namespace convonet::store::detail {

// Enum columns are CHECK-constrained; anything else means a corrupt row.
template <class Enum, class R>
Enum enum_column(const R& row, std::size_t i) {
  const std::int64_t value = row.integer(i);
  if (value < 0 || value > 3) throw DbError(DbError::Kind::other, "enum column out of range");
  return static_cast<Enum>(value);
}

}  // namespace convonet::store::detail
