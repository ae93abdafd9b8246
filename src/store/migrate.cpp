#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "store/database.hpp"
#include "store/detail/migrations.hpp"

namespace convonet::store {

namespace detail {

namespace {
std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}
}  // namespace

std::vector<std::string> split_statements(std::string_view script) {
  std::vector<std::string> statements;
  std::string current;
  while (!script.empty()) {
    const auto end = script.find('\n');
    std::string_view line = trim(script.substr(0, end));
    script = end == std::string_view::npos ? std::string_view{} : script.substr(end + 1);
    if (line.empty() || line.starts_with("--")) continue;
    if (!current.empty()) current += '\n';
    if (line.ends_with(';')) {
      current += line.substr(0, line.size() - 1);
      statements.push_back(std::move(current));
      current.clear();
    } else {
      current += line;
    }
  }
  if (!trim(current).empty()) statements.push_back(std::move(current));
  return statements;
}

}  // namespace detail

namespace {

constexpr std::string_view kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";

std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::set<std::int64_t>> applied_versions(Database& db) {
  return db.transact(TxMode::write, [](Session& s) -> Result<std::set<std::int64_t>> {
    s.execute(kCreateVersionTable);
    std::set<std::int64_t> versions;
    for (const Row& row : s.query("SELECT version FROM schema_migrations")) {
      versions.insert(row.integer(0));
    }
    return versions;
  });
}

// Applies one migration unless another process got there first. Returns whether it ran.
Result<bool> apply(Database& db, const detail::EmbeddedMigration& migration) {
  return db.transact(TxMode::write, [&](Session& s) -> Result<bool> {
    // SQLite's BEGIN IMMEDIATE already serializes writers; PostgreSQL needs a lock so two
    // servers starting together do not both run the same script.
    if (s.dialect() == Dialect::postgres) {
      s.execute("LOCK TABLE schema_migrations IN SHARE ROW EXCLUSIVE MODE");
    }
    if (s.query_one("SELECT 1 FROM schema_migrations WHERE version = ?",
                    {std::int64_t{migration.version}})) {
      return false;
    }
    for (const std::string& statement : detail::split_statements(migration.sql)) {
      s.execute(statement);
    }
    s.execute("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
              {std::int64_t{migration.version}, now_seconds()});
    return true;
  });
}

}  // namespace

Result<int> migrate(Database& db) {
  auto applied = applied_versions(db);
  if (!applied) return std::move(applied).error();
  // A newer binary has migrated this database: running on a schema we do not know could
  // lose or corrupt data, so refuse rather than serve.
  if (!applied->empty() && *applied->rbegin() > latest_schema_version()) {
    return Error::conflict("the database schema is at version " +
                               std::to_string(*applied->rbegin()) + ", newer than this binary (" +
                               std::to_string(latest_schema_version()) + "); upgrade convonet",
                           "schema_too_new");
  }
  int count = 0;
  for (const auto& migration : detail::embedded_migrations(db.dialect())) {
    if (applied->contains(migration.version)) continue;
    auto ran = apply(db, migration);
    if (!ran) return std::move(ran).error();
    if (*ran) ++count;
  }
  return count;
}

int latest_schema_version() {
  const auto migrations = detail::embedded_migrations(Dialect::sqlite);
  return migrations.empty() ? 0 : migrations.back().version;
}

}  // namespace convonet::store
