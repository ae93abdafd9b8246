#include "store/detail/sqlite_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/detail/pool.hpp"
#include "store/detail/string_hash.hpp"

namespace convonet::store::detail {

namespace {

// Dynamic SQL (filters, IN lists) yields a bounded but open set of texts; past this many
// cached statements the cache starts over rather than growing without end.
constexpr std::size_t kMaxCachedStatements = 256;

DbError::Kind kind_of(int code) {
  switch (code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return DbError::Kind::unique_violation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return DbError::Kind::foreign_key_violation;
    default:
      break;
  }
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return DbError::Kind::busy;
    default:
      return DbError::Kind::other;
  }
}

// SQLite messages name tables and columns, never bound values.
[[noreturn]] void fail(sqlite3* db, int code) {
  throw DbError(kind_of(code), std::string("sqlite: ") + sqlite3_errmsg(db));
}

bool only_space(std::string_view text) {
  for (char c : text) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class Connection {
 public:
  Connection(const std::string& filename, int flags, const DatabaseOptions& options, bool wal) {
    int rc = sqlite3_open_v2(filename.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      DbError error(DbError::Kind::connection, std::string("sqlite: cannot open database: ") +
                                                   (db_ ? sqlite3_errmsg(db_) : "out of memory"));
      sqlite3_close_v2(db_);
      throw error;
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, options.busy_timeout_ms);
    try {
      if (wal) exec("PRAGMA journal_mode=WAL");
      exec("PRAGMA foreign_keys=ON");
      exec("PRAGMA synchronous=NORMAL");
    } catch (...) {
      sqlite3_close_v2(db_);  // no destructor runs for a throwing constructor
      throw;
    }
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    clear_cache();
    sqlite3_close_v2(db_);
  }

  sqlite3* handle() const { return db_; }

  sqlite3_stmt* statement(std::string_view sql) {
    if (auto it = cache_.find(sql); it != cache_.end()) return it->second;
    if (cache_.size() >= kMaxCachedStatements) clear_cache();
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) fail(db_, rc);
    if (!stmt) throw DbError(DbError::Kind::other, "sqlite: empty SQL statement");
    // Keep both dialects honest: PostgreSQL cannot prepare several statements at once.
    if (tail && !only_space(sql.substr(static_cast<std::size_t>(tail - sql.data())))) {
      sqlite3_finalize(stmt);
      throw DbError(DbError::Kind::other, "sqlite: more than one statement in one call");
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

 private:
  // Connection setup only: no parameters, no results kept.
  void exec(const char* sql) {
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc);
  }

  void clear_cache() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> cache_;
};

// The current row of a statement, read in place (Session::each). Each column is fetched once
// per row as a sqlite3_value and then only inspected: every sqlite3_column_* call re-enters
// the statement (error state, bounds), and a listing made two or three of them per column
// (type check, value, size), which showed as a fifth of its CPU. The values are unprotected
// (sqlite3_column_value), which is safe here: a connection is used by one thread at a time and
// opened without SQLite's mutex.
class StatementReader final : public RowReader {
 public:
  explicit StatementReader(sqlite3_stmt* stmt)
      : stmt_(stmt),
        count_(static_cast<std::size_t>(sqlite3_column_count(stmt))),
        values_(count_, nullptr) {}

  // Called after each successful step: the previous row's values are gone.
  void next_row() { std::fill(values_.begin(), values_.end(), nullptr); }

  std::size_t size() const override { return count_; }
  bool is_null(std::size_t i) const override { return sqlite3_value_type(value(i)) == SQLITE_NULL; }

  std::int64_t integer(std::size_t i) const override {
    sqlite3_value* v = value(i);
    if (sqlite3_value_type(v) != SQLITE_INTEGER) wrong_type(i, "an integer");
    return sqlite3_value_int64(v);
  }

  // Same mapping as Run::column: TEXT and BLOB are both text.
  std::string_view text(std::size_t i) const override {
    sqlite3_value* v = value(i);
    const int t = sqlite3_value_type(v);
    if (t != SQLITE_TEXT && t != SQLITE_BLOB) wrong_type(i, "text");
    const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(v));
    const int size = sqlite3_value_bytes(v);
    if (!data) return {};
    return {data, static_cast<std::size_t>(size)};
  }

 private:
  sqlite3_value* value(std::size_t i) const {
    if (i >= count_) throw DbError(DbError::Kind::other, "column index out of range");
    if (!values_[i]) values_[i] = sqlite3_column_value(stmt_, static_cast<int>(i));
    return values_[i];
  }

  [[noreturn]] static void wrong_type(std::size_t i, const char* wanted) {
    throw DbError(DbError::Kind::other,
                  "column " + std::to_string(i) + " is not " + std::string(wanted));
  }

  sqlite3_stmt* stmt_;
  std::size_t count_;
  mutable std::vector<sqlite3_value*> values_;
};

// One execution of a cached statement: binds on construction, resets on destruction so the
// statement is ready for the next caller even when reading rows throws.
class Run {
 public:
  Run(Connection& conn, std::string_view sql, const std::vector<Value>& params)
      : db_(conn.handle()), stmt_(conn.statement(sql)) {
    if (sqlite3_bind_parameter_count(stmt_) != static_cast<int>(params.size())) {
      throw DbError(DbError::Kind::other, "sqlite: wrong number of parameters");
    }
    for (std::size_t i = 0; i < params.size(); ++i) bind(static_cast<int>(i + 1), params[i]);
  }
  Run(const Run&) = delete;
  Run& operator=(const Run&) = delete;
  ~Run() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  // True while there is a row to read.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, sqlite3_extended_errcode(db_));
  }

  StatementReader reader() const { return StatementReader(stmt_); }

  Row row() const {
    const int count = sqlite3_column_count(stmt_);
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) values.push_back(column(i));
    return Row(std::move(values));
  }

 private:
  void bind(int index, const Value& value) {
    int rc = std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, Null>) {
            return sqlite3_bind_null(stmt_, index);
          } else if constexpr (std::is_same_v<T, std::int64_t>) {
            return sqlite3_bind_int64(stmt_, index, v);
          } else if constexpr (std::is_same_v<T, double>) {
            return sqlite3_bind_double(stmt_, index, v);
          } else {
            // STATIC: params outlive this Run, which unbinds before returning.
            return sqlite3_bind_text64(stmt_, index, v.data(), v.size(), SQLITE_STATIC,
                                       SQLITE_UTF8);
          }
        },
        value);
    if (rc != SQLITE_OK) fail(db_, rc);
  }

  Value column(int i) const {
    switch (sqlite3_column_type(stmt_, i)) {
      case SQLITE_INTEGER:
        return Value{static_cast<std::int64_t>(sqlite3_column_int64(stmt_, i))};
      case SQLITE_FLOAT:
        return Value{sqlite3_column_double(stmt_, i)};
      case SQLITE_NULL:
        return Value{Null{}};
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, i));
        const int size = sqlite3_column_bytes(stmt_, i);
        return Value{std::string(text ? text : "", static_cast<std::size_t>(size))};
      }
    }
  }

  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

class SqliteSession final : public Session {
 public:
  explicit SqliteSession(Connection& conn) : conn_(conn) {}

  Dialect dialect() const override { return Dialect::sqlite; }

  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
    Run run(conn_, sql, params);
    std::vector<Row> rows;
    while (run.step()) rows.push_back(run.row());
    return rows;
  }

  void each(std::string_view sql, const std::vector<Value>& params,
            const std::function<void(const RowReader&)>& on_row) override {
    Run run(conn_, sql, params);
    StatementReader reader = run.reader();
    while (run.step()) {
      reader.next_row();
      on_row(reader);
    }
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    Run run(conn_, sql, params);
    while (run.step()) {
    }
    return sqlite3_changes64(conn_.handle());
  }

 private:
  Connection& conn_;
};

void run_simple(Connection& conn, std::string_view sql) {
  Run run(conn, sql, {});
  while (run.step()) {
  }
}

void rollback(Connection& conn) noexcept {
  // Some errors (e.g. a full disk) already ended the transaction.
  if (sqlite3_get_autocommit(conn.handle())) return;
  try {
    run_simple(conn, "ROLLBACK");
  } catch (...) {
    // Nothing better to do: the connection closes its transaction when it is reused or closed.
  }
}

// Copies the write-ahead log back into the database on its own thread and connection. SQLite's
// automatic checkpoint runs inside the COMMIT that crosses the threshold, which puts a
// multi-millisecond copy on one unlucky request; with this, that commit only signals.
class WalCheckpointer {
 public:
  WalCheckpointer(std::unique_ptr<Connection> connection, const DatabaseOptions& options)
      : connection_(std::move(connection)),
        threshold_(std::max(1, options.wal_checkpoint_pages)),
        on_checkpoint_(options.on_wal_checkpoint),
        thread_([this] { run(); }) {}
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  ~WalCheckpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
  }

  // Replaces SQLite's automatic checkpoint on a pool connection.
  void watch(sqlite3* db) { sqlite3_wal_hook(db, &WalCheckpointer::on_commit, this); }

 private:
  // Runs on the committing thread, after the commit.
  static int on_commit(void* self, sqlite3*, const char*, int pages) {
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    if (pages >= checkpointer->threshold_ && !checkpointer->due_.exchange(true)) {
      std::lock_guard lock(checkpointer->mutex_);
      checkpointer->wake_.notify_one();
    }
    return SQLITE_OK;
  }

  void run() {
    std::unique_lock lock(mutex_);
    while (true) {
      wake_.wait(lock, [&] { return stopping_ || due_.load(); });
      if (stopping_) return;
      lock.unlock();
      due_ = false;
      // PASSIVE: copies what no reader still needs and never waits on readers or writers.
      int log_pages = 0, copied = 0;
      const int rc = sqlite3_wal_checkpoint_v2(connection_->handle(), nullptr,
                                               SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied);
      if (rc == SQLITE_OK && on_checkpoint_) on_checkpoint_(copied);
      lock.lock();
    }
  }

  std::unique_ptr<Connection> connection_;
  const int threshold_;
  const std::function<void(int)> on_checkpoint_;
  std::atomic<bool> due_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string filename, int flags, DatabaseOptions options, bool wal)
      : checkpointer_(
            wal ? std::make_unique<WalCheckpointer>(
                      std::make_unique<Connection>(filename, flags, options, wal), options)
                : nullptr),
        pool_(static_cast<std::size_t>(options.pool_size),
              [filename = std::move(filename), flags, options, wal,
               checkpointer = checkpointer_.get()] {
                auto connection = std::make_unique<Connection>(filename, flags, options, wal);
                if (checkpointer) checkpointer->watch(connection->handle());
                return connection;
              }) {
    // Opening them all now also keeps a named in-memory database alive for our lifetime.
    pool_.fill();
  }

  Dialect dialect() const override { return Dialect::sqlite; }

 protected:
  void run_transaction(TxMode mode, const std::function<bool(Session&)>& body) override {
    auto conn = pool_.acquire();
    // IMMEDIATE takes the write lock up front, so two writers queue on busy_timeout instead of
    // deadlocking when both try to upgrade a read lock.
    run_simple(*conn, mode == TxMode::write ? "BEGIN IMMEDIATE" : "BEGIN");
    SqliteSession session(*conn);
    bool commit = false;
    try {
      commit = body(session);
      if (commit) run_simple(*conn, "COMMIT");
    } catch (...) {
      rollback(*conn);
      throw;
    }
    if (!commit) rollback(*conn);
  }

 private:
  std::unique_ptr<WalCheckpointer> checkpointer_;  // outlives the pool connections it watches
  Pool<Connection> pool_;
};

// SQLite's memory statistics take a process-wide mutex on every allocation, which the worker
// threads of a busy server then contend on. Nothing reads the statistics. Only possible before
// SQLite initialises itself; later calls are refused harmlessly.
void configure_sqlite_once() {
  static const bool configured = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return true;
  }();
  (void)configured;
}

Result<std::unique_ptr<Database>> open(std::string filename, int flags,
                                       const DatabaseOptions& options, bool wal) {
  configure_sqlite_once();
  try {
    return std::unique_ptr<Database>(
        std::make_unique<SqliteDatabase>(std::move(filename), flags, options, wal));
  } catch (const DbError& e) {
    return Error::unavailable(e.what());
  }
}

}  // namespace

Result<std::unique_ptr<Database>> open_sqlite_file(const std::string& path,
                                                   const DatabaseOptions& options) {
  return open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, options, /*wal=*/true);
}

// A "memdb" database rather than a shared-cache one: shared-cache connections lock per table
// and fail with SQLITE_LOCKED at once instead of waiting out busy_timeout, so concurrent
// transactions from the pool would fail spuriously. memdb uses ordinary file locking.
Result<std::unique_ptr<Database>> open_sqlite_memory(const DatabaseOptions& options) {
  static std::atomic<unsigned> counter{0};
  std::string name = "file:/convonet-memory-" + std::to_string(++counter) + "?vfs=memdb";
  return open(std::move(name), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
              options, /*wal=*/false);
}

}  // namespace convonet::store::detail
