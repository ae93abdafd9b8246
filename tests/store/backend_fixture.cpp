#include "backend_fixture.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include "store/repositories.hpp"

namespace convonet::store::testing {

namespace {

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device random;
  return std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(random() % 1000000);
}

bool servers_required() {
  const char* value = std::getenv("CONVONET_REQUIRE_TEST_SERVERS");
  return value && std::string(value) == "1";
}

// Runs one statement on the server outside any test schema (create/drop the schema).
Status admin(const std::string& url, const std::string& sql) {
  auto db = open_database(url, {.pool_size = 1});
  if (!db) return std::move(db).error();
  return (*db)->transact(TxMode::write, [&](Session& s) -> Status {
    s.execute(sql);
    return {};
  });
}

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  switch (info.param) {
    case Backend::sqlite_file:
      return "SqliteFile";
    case Backend::sqlite_memory:
      return "SqliteMemory";
    case Backend::postgres:
      return "Postgres";
  }
  return "Unknown";
}

void PrintTo(Backend backend, std::ostream* out) {
  *out << backend_name(::testing::TestParamInfo<Backend>(backend, 0));
}

void BackendTest::check(bool ok, const std::string& message) {
  if (ok) return;
  ADD_FAILURE() << "transaction failed: " << message;
  throw std::runtime_error("transaction failed: " + message);
}

void BackendTest::SetUp() {
  switch (GetParam()) {
    case Backend::sqlite_file:
      temp_dir_ = std::filesystem::temp_directory_path() / ("convonet-store-" + unique_suffix());
      std::filesystem::create_directories(temp_dir_);
      url_ = "sqlite://" + (temp_dir_ / "test.db").string();
      break;
    case Backend::sqlite_memory:
      url_ = "sqlite://:memory:";
      break;
    case Backend::postgres: {
      const char* url = std::getenv("CONVONET_TEST_POSTGRES_URL");
      if (!url || !*url) {
        if (servers_required()) {
          FAIL() << "CONVONET_TEST_POSTGRES_URL is unset but CONVONET_REQUIRE_TEST_SERVERS=1";
        }
        GTEST_SKIP() << "CONVONET_TEST_POSTGRES_URL is unset";
      }
      pg_base_url_ = url;
      std::string schema = "convonet_test_" + unique_suffix();
      Status created = admin(pg_base_url_, "CREATE SCHEMA " + schema);
      ASSERT_TRUE(created.ok()) << created.error().message;
      pg_schema_ = schema;
      url_ = pg_base_url_ + (pg_base_url_.find('?') == std::string::npos ? "?" : "&") +
             "options=-csearch_path%3D" + pg_schema_;
      break;
    }
  }
  auto opened = open();
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  db = std::move(opened).value();
  auto migrated = migrate(*db);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
  first_migrate_count = *migrated;
}

void BackendTest::TearDown() {
  db.reset();
  if (!pg_schema_.empty()) {
    Status dropped = admin(pg_base_url_, "DROP SCHEMA " + pg_schema_ + " CASCADE");
    EXPECT_TRUE(dropped.ok()) << dropped.error().message;
  }
  if (!temp_dir_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(temp_dir_, ignored);
  }
}

Result<std::unique_ptr<Database>> BackendTest::open(const DatabaseOptions& options) {
  return open_database(url_, options);
}

Id BackendTest::add_minimal_user(const std::string& email) {
  return write([&](Session& s) {
    User user;
    user.email = email;
    user.name = email;
    user.password_hash = "x";
    user.timezone = "UTC";
    return users::insert(s, user).id;
  });
}

}  // namespace convonet::store::testing
