#pragma once
// The SQL boundary: one small interface over SQLite (embedded default) and PostgreSQL.
// Repositories are written once in portable SQL with '?' placeholders; each backend
// translates placeholders and types. Everything runs inside a transaction.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/result.hpp"

namespace convonet::store {

enum class Dialect { sqlite, postgres };

using Null = std::monostate;
// A bound parameter or a column value. Booleans are stored as integers 0/1 and
// timestamps as integer UTC epoch seconds in both dialects.
using Value = std::variant<Null, std::int64_t, double, std::string>;

template <class T>
Value nullable(const std::optional<T>& v) {
  if (!v) return Null{};
  return Value{*v};
}

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  std::size_t size() const { return values_.size(); }
  bool is_null(std::size_t i) const;
  std::int64_t integer(std::size_t i) const;  // throws DbError if null or not an integer
  double real(std::size_t i) const;
  const std::string& text(std::size_t i) const;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  const Value& operator[](std::size_t i) const { return values_.at(i); }
  // Move a text column out instead of copying it (hot listing paths); the row keeps an
  // empty string behind. Same checks as text()/opt_text().
  std::string take_text(std::size_t i);
  std::optional<std::string> take_opt_text(std::size_t i);

 private:
  std::vector<Value> values_;
};

// Thrown inside the store layer only; Database::transact turns it into an Error value.
class DbError : public std::runtime_error {
 public:
  enum class Kind { unique_violation, foreign_key_violation, busy, connection, other };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// The row under the cursor of Session::each. Nothing is copied until a caller asks for it, so
// listings read their columns straight into records. Valid only during the callback; the
// accessors check types like Row's and throw DbError on a mismatch or a bad index.
class RowReader {
 public:
  virtual std::size_t size() const = 0;
  virtual bool is_null(std::size_t i) const = 0;
  virtual std::int64_t integer(std::size_t i) const = 0;
  // Points into the driver's buffer: copy it before the callback returns.
  virtual std::string_view text(std::size_t i) const = 0;
  std::optional<std::int64_t> opt_integer(std::size_t i) const;

 protected:
  ~RowReader() = default;
};

// One connection inside one open transaction. Not thread-safe; lives only inside transact().
class Session {
 public:
  virtual ~Session() = default;
  virtual Dialect dialect() const = 0;
  virtual std::vector<Row> query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Calls on_row for each result row, in order, without materialising Rows (hot listings).
  // The default goes through query(); backends may read their cursor directly.
  virtual void each(std::string_view sql, const std::vector<Value>& params,
                    const std::function<void(const RowReader&)>& on_row);
  // Returns the number of rows changed.
  virtual std::int64_t execute(std::string_view sql, const std::vector<Value>& params = {}) = 0;

  std::optional<Row> query_one(std::string_view sql, const std::vector<Value>& params = {});
};

enum class TxMode { read, write };

class Database {
 public:
  virtual ~Database() = default;
  virtual Dialect dialect() const = 0;
  // True when a trivial query succeeds (readiness probe).
  bool ping();

  // Runs fn(Session&) in one transaction. fn returns Result<T>; an error value or an exception
  // rolls the transaction back, a value commits it. DbError becomes an Error value
  // (unique/foreign-key violations -> conflict, connection -> unavailable, else internal).
  template <class F>
  auto transact(TxMode mode, F&& fn) -> std::invoke_result_t<F, Session&>;

 protected:
  // Runs body inside BEGIN..COMMIT on a pooled connection; body returns true to commit,
  // false to roll back. Exceptions from body roll back and propagate.
  virtual void run_transaction(TxMode mode, const std::function<bool(Session&)>& body) = 0;
};

Error to_error(const DbError& e);

template <class F>
auto Database::transact(TxMode mode, F&& fn) -> std::invoke_result_t<F, Session&> {
  using R = std::invoke_result_t<F, Session&>;
  std::optional<R> result;
  try {
    run_transaction(mode, [&](Session& session) {
      result.emplace(fn(session));
      return result->ok();
    });
  } catch (const DbError& e) {
    return R{to_error(e)};
  }
  return std::move(*result);
}

struct DatabaseOptions {
  int pool_size = 4;  // connections
  int busy_timeout_ms = 5000;
  // SQLite files: the write-ahead log is copied back into the database by a background
  // thread once a commit leaves it at least this many pages long (SQLite's own default is the
  // same size, but it does the copy inside that commit).
  int wal_checkpoint_pages = 1000;
  // Called on the checkpoint thread after each checkpoint, with the pages copied (logs, tests).
  std::function<void(int pages)> on_wal_checkpoint = nullptr;
};

// Opens "sqlite:///abs/path.db", "sqlite://:memory:" or "postgresql://user:pass@host:port/db".
Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const DatabaseOptions& options = {});

// Applies every migration not yet recorded in schema_migrations, each in its own
// transaction. Returns the number applied.
Result<int> migrate(Database& db);
// The highest migration version compiled into this binary.
int latest_schema_version();

}  // namespace convonet::store
