// Many threads sharing one Database: the pool hands each transaction its own connection and
// blocks when all are leased; nothing is lost or duplicated.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "backend_fixture.hpp"
#include "store/repositories.hpp"

namespace convonet::store::testing {
namespace {

class StoreConcurrency : public BackendTest {};

TEST_P(StoreConcurrency, ParallelTransactionsFromMoreThreadsThanConnections) {
  constexpr int kThreads = 8;  // the default pool has 4 connections
  constexpr int kPerThread = 15;
  Id user = write([](Session& s) {
    User u;
    u.email = "busy@example.com";
    u.name = "Busy";
    u.password_hash = "h";
    u.timezone = "UTC";
    return users::insert(s, u).id;
  });

  std::vector<std::vector<Id>> inserted(kThreads);
  std::vector<int> failures(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto result = db->transact(TxMode::write, [&](Session& s) -> Result<Id> {
          Todo todo;
          todo.creator_id = user;
          todo.title = "t" + std::to_string(t) + "-" + std::to_string(i);
          Id id = todos::insert(s, todo).id;
          s.execute("UPDATE users SET pin_failed_attempts = pin_failed_attempts + 1 WHERE id = ?",
                    {user});
          return id;
        });
        if (result.ok()) {
          inserted[t].push_back(*result);
        } else {
          ++failures[t];
        }
        auto listed = db->transact(TxMode::read, [&](Session& s) -> Result<std::size_t> {
          todos::Filter filter;
          filter.viewer_id = user;
          filter.limit = 1000;
          return todos::list(s, filter).size();
        });
        if (!listed.ok()) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();

  std::set<Id> unique;
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
    unique.insert(inserted[t].begin(), inserted[t].end());
  }
  EXPECT_EQ(unique.size(), static_cast<std::size_t>(kThreads * kPerThread));
  auto counts = read([&](Session& s) {
    auto todo_count = s.query_one("SELECT COUNT(*) FROM todos")->integer(0);
    auto counter = users::by_id(s, user)->pin_failed_attempts;
    return std::make_pair(todo_count, counter);
  });
  EXPECT_EQ(counts.first, kThreads * kPerThread);
  EXPECT_EQ(counts.second, kThreads * kPerThread);
}

TEST_P(StoreConcurrency, ASingleConnectionPoolServesThreadsInTurn) {
  if (GetParam() == Backend::sqlite_memory) {
    GTEST_SKIP() << "a second open of sqlite://:memory: is a different database";
  }
  auto small = open({.pool_size = 1});
  ASSERT_TRUE(small.ok()) << small.error().message;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        auto result = (*small)->transact(TxMode::write, [&](Session& s) -> Status {
          s.execute("INSERT INTO audit_log (action, entity, detail, at) VALUES (?, ?, ?, ?)",
                    {"test." + std::to_string(t), "thread", "{}", i});
          return {};
        });
        if (result.ok()) ++ok;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), 40);
  EXPECT_EQ(read([](Session& s) { return audit::recent(s, 100); }).size(), 40u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreConcurrency,
                         ::testing::Values(Backend::sqlite_file, Backend::sqlite_memory,
                                           Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace convonet::store::testing
