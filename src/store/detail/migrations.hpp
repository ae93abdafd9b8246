#pragma once
// The versioned schema scripts, compiled in from src/store/migrations/<dialect>/NNNN_name.sql
// by embed_migrations.cmake.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"

namespace convonet::store::detail {

struct EmbeddedMigration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Ordered by version.
std::span<const EmbeddedMigration> embedded_migrations(Dialect dialect);

// Splits a script into single statements. Statements end with ';' at the end of a line;
// lines starting with "--" are dropped.
std::vector<std::string> split_statements(std::string_view script);

}  // namespace convonet::store::detail
