#pragma once
// A fresh, migrated database per test for each backend. PostgreSQL tests each get their own
// schema (tests run in parallel processes), dropped afterwards.
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::store::testing {

enum class Backend { sqlite_file, sqlite_memory, postgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
void PrintTo(Backend backend, std::ostream* out);

inline Timestamp at(std::int64_t seconds) {
  return Timestamp{std::chrono::seconds{seconds}};
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Runs fn(Session&) in one transaction and returns what it returns; an error value fails
  // the test (and throws, to stop it).
  template <class F>
  auto write(F&& fn) {
    return run(TxMode::write, fn);
  }
  template <class F>
  auto read(F&& fn) {
    return run(TxMode::read, fn);
  }

  // A user with only the required fields, for tests about what hangs off users.
  Id add_minimal_user(const std::string& email);

  // Opens the database of this test; migrations are not applied.
  Result<std::unique_ptr<Database>> open(const DatabaseOptions& options = {});

  std::unique_ptr<Database> db;  // open and migrated
  int first_migrate_count = -1;

 private:
  template <class F>
  auto run(TxMode mode, F& fn) {
    using T = std::invoke_result_t<F&, Session&>;
    if constexpr (std::is_void_v<T>) {
      Status status = db->transact(mode, [&](Session& s) -> Status {
        fn(s);
        return {};
      });
      check(status.ok(), status.ok() ? "" : status.error().message);
    } else {
      Result<T> result = db->transact(mode, [&](Session& s) -> Result<T> { return fn(s); });
      check(result.ok(), result.ok() ? "" : result.error().message);
      return std::move(result).value();
    }
  }
  static void check(bool ok, const std::string& message);

  std::string url_;
  std::filesystem::path temp_dir_;
  std::string pg_base_url_;
  std::string pg_schema_;
};

}  // namespace convonet::store::testing
