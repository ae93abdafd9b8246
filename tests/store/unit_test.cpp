// Backend-independent pieces: rows, error mapping, URL handling, SQL helpers.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <random>

#include "store/database.hpp"
#include "store/detail/migrations.hpp"
#include "store/detail/postgres_database.hpp"
#include "store/repositories.hpp"

namespace convonet::store {
namespace {

TEST(Row, TypedAccessors) {
  Row row({Value{std::int64_t{42}}, Value{2.5}, Value{std::string("text")}, Value{Null{}}});
  EXPECT_EQ(row.size(), 4u);
  EXPECT_EQ(row.integer(0), 42);
  EXPECT_DOUBLE_EQ(row.real(1), 2.5);
  EXPECT_DOUBLE_EQ(row.real(0), 42.0);
  EXPECT_EQ(row.text(2), "text");
  EXPECT_TRUE(row.is_null(3));
  EXPECT_FALSE(row.is_null(0));
  EXPECT_EQ(row.opt_integer(3), std::nullopt);
  EXPECT_EQ(row.opt_integer(0), 42);
  EXPECT_EQ(row.opt_text(3), std::nullopt);
  EXPECT_EQ(row.opt_text(2), "text");
  EXPECT_EQ(row.take_text(2), "text");
  EXPECT_EQ(row.take_opt_text(3), std::nullopt);
}

TEST(Row, WrongTypeOrNullThrowsDbError) {
  Row row({Value{std::string("x")}, Value{Null{}}});
  EXPECT_THROW((void)row.integer(0), DbError);
  EXPECT_THROW((void)row.integer(1), DbError);
  EXPECT_THROW((void)row.text(1), DbError);
  EXPECT_THROW((void)row.real(0), DbError);
  EXPECT_THROW((void)row.opt_integer(0), DbError);
  EXPECT_THROW((void)row.integer(7), std::out_of_range);
}

TEST(ToError, MapsKindsWithoutEchoingDriverText) {
  const std::string secret = "Key (email)=(secret@example.com) already exists";
  auto unique = to_error(DbError(DbError::Kind::unique_violation, secret));
  EXPECT_EQ(unique.kind, ErrorKind::conflict);
  EXPECT_EQ(unique.code, "conflict");
  EXPECT_EQ(unique.message.find("secret"), std::string::npos);
  EXPECT_EQ(to_error(DbError(DbError::Kind::foreign_key_violation, secret)).kind,
            ErrorKind::conflict);
  EXPECT_EQ(to_error(DbError(DbError::Kind::busy, secret)).kind, ErrorKind::unavailable);
  EXPECT_EQ(to_error(DbError(DbError::Kind::connection, secret)).kind, ErrorKind::unavailable);
  auto other = to_error(DbError(DbError::Kind::other, "SELECT password FROM x"));
  EXPECT_EQ(other.kind, ErrorKind::internal);
  EXPECT_EQ(other.message.find("password"), std::string::npos);
}

TEST(OpenDatabase, RejectsUnsupportedUrlsWithoutEchoingThem) {
  for (const std::string url :
       {"mysql://root:hunter2@db/x", "", "sqlite://relative.db", "sqlite://", "sqlite:///"}) {
    auto db = open_database(url);
    ASSERT_FALSE(db.ok()) << url;
    EXPECT_EQ(db.error().kind, ErrorKind::bad_request) << url;
    EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos);
  }
  auto bad_pool = open_database("sqlite://:memory:", {.pool_size = 0});
  ASSERT_FALSE(bad_pool.ok());
  EXPECT_EQ(bad_pool.error().kind, ErrorKind::bad_request);
}

TEST(OpenDatabase, MalformedPostgresUrlIsABadRequest) {
  auto db = open_database("postgresql://u:hunter2@host:5432/db?nosuchoption=1");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::bad_request);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos);
}

TEST(OpenDatabase, UnreachablePostgresIsUnavailable) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto db = open_database("postgresql://u:hunter2@127.0.0.1:1/db?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::unavailable);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos);
}

TEST(OpenDatabase, UnopenableSqliteFileIsUnavailable) {
  auto db = open_database("sqlite:///nonexistent-dir-for-convonet-tests/sub/x.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::unavailable);
}

// The commit that crosses the threshold only signals; the copy happens on another thread.
TEST(SqliteFile, TheLogIsCheckpointedInTheBackground) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("convonet-wal-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  std::mutex mutex;
  std::condition_variable changed;
  int checkpoints = 0, copied = 0;
  {
    auto db = open_database("sqlite://" + (dir / "wal.db").string(),
                            {.wal_checkpoint_pages = 8, .on_wal_checkpoint = [&](int pages) {
                               std::lock_guard lock(mutex);
                               ++checkpoints;
                               copied += pages;
                               changed.notify_all();
                             }});
    ASSERT_TRUE(db.ok());
    const std::string filler(4000, 'x');  // about one page per row
    for (int i = 0; i < 40; ++i) {
      auto written = (*db)->transact(TxMode::write, [&](Session& s) -> Result<bool> {
        if (i == 0) s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        s.execute("INSERT INTO notes (body) VALUES (?)", {Value{filler}});
        return true;
      });
      ASSERT_TRUE(written.ok());
    }
    {
      std::unique_lock lock(mutex);
      ASSERT_TRUE(changed.wait_for(lock, std::chrono::seconds(30), [&] { return copied > 0; }))
          << "no checkpoint ran";
    }
    auto rows = (*db)->transact(TxMode::read, [](Session& s) -> Result<std::int64_t> {
      return s.query_one("SELECT COUNT(*) FROM notes WHERE length(body) = 4000")->integer(0);
    });
    ASSERT_TRUE(rows.ok());
    EXPECT_EQ(*rows, 40);
  }
  EXPECT_GE(checkpoints, 1);
  std::filesystem::remove_all(dir);
}

TEST(OpenDatabase, EachMemoryDatabaseIsSeparate) {
  auto a = open_database("sqlite://:memory:");
  auto b = open_database("sqlite://:memory:");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(migrate(**a).ok());
  auto tables = (*b)->transact(TxMode::read, [](Session& s) -> Result<std::int64_t> {
    return s.query_one("SELECT COUNT(*) FROM sqlite_master WHERE name = 'users'")->integer(0);
  });
  ASSERT_TRUE(tables.ok());
  EXPECT_EQ(*tables, 0);
}

TEST(Placeholders, NumberedInOrderOutsideLiterals) {
  EXPECT_EQ(detail::number_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(detail::number_placeholders("SELECT '?' , ?"), "SELECT '?' , $1");
  EXPECT_EQ(detail::number_placeholders("SELECT 1"), "SELECT 1");
}

TEST(Migrations, SplitStatementsDropsCommentsAndTerminators) {
  auto statements = detail::split_statements(
      "-- heading; with a semicolon\n"
      "CREATE TABLE a (\n  x INTEGER -- inline\n);\n\n"
      "  -- between\n"
      "CREATE INDEX a_x ON a (x);\n"
      "SELECT 1");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "CREATE TABLE a (\nx INTEGER -- inline\n)");
  EXPECT_EQ(statements[1], "CREATE INDEX a_x ON a (x)");
  EXPECT_EQ(statements[2], "SELECT 1");
}

TEST(Migrations, BothDialectsShipTheSameVersions) {
  auto sqlite = detail::embedded_migrations(Dialect::sqlite);
  auto postgres = detail::embedded_migrations(Dialect::postgres);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, static_cast<int>(i + 1)) << "versions must be 1..n";
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
    EXPECT_FALSE(sqlite[i].sql.empty());
  }
  EXPECT_EQ(latest_schema_version(), static_cast<int>(sqlite.size()));
}

TEST(EnumNames, RoundTrip) {
  for (Role role : {Role::viewer, Role::member, Role::admin, Role::owner}) {
    EXPECT_EQ(role_from_string(to_string(role)), role);
  }
  EXPECT_EQ(to_string(Role::admin), "admin");
  EXPECT_EQ(role_from_string("superuser"), std::nullopt);
  for (Priority p : {Priority::low, Priority::normal, Priority::high, Priority::urgent}) {
    EXPECT_EQ(priority_from_string(to_string(p)), p);
  }
  EXPECT_EQ(to_string(Priority::urgent), "urgent");
  EXPECT_EQ(priority_from_string("Urgent"), std::nullopt);
}

}  // namespace
}  // namespace convonet::store
