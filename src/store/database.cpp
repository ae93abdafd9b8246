#include "store/database.hpp"

#include <string>
#include <utility>

#include "store/detail/postgres_database.hpp"
#include "store/detail/sqlite_database.hpp"

namespace convonet::store {

namespace {

[[noreturn]] void wrong_type(std::size_t i, const char* wanted) {
  throw DbError(DbError::Kind::other,
                "column " + std::to_string(i) + " is not " + std::string(wanted));
}

// Row seen through the RowReader interface: the default Session::each.
class RowAsReader final : public RowReader {
 public:
  explicit RowAsReader(const Row& row) : row_(row) {}
  std::size_t size() const override { return row_.size(); }
  bool is_null(std::size_t i) const override { return in_range(i).is_null(i); }
  std::int64_t integer(std::size_t i) const override { return in_range(i).integer(i); }
  std::string_view text(std::size_t i) const override { return in_range(i).text(i); }

 private:
  const Row& in_range(std::size_t i) const {
    if (i >= row_.size()) throw DbError(DbError::Kind::other, "column index out of range");
    return row_;
  }
  const Row& row_;
};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<Null>(values_.at(i));
}

std::int64_t Row::integer(std::size_t i) const {
  const auto* v = std::get_if<std::int64_t>(&values_.at(i));
  if (!v) wrong_type(i, "an integer");
  return *v;
}

double Row::real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  // SQLite stores whole-valued REALs in integer form when it can; accept both.
  if (const auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  wrong_type(i, "a number");
}

const std::string& Row::text(std::size_t i) const {
  const auto* v = std::get_if<std::string>(&values_.at(i));
  if (!v) wrong_type(i, "text");
  return *v;
}

std::optional<std::int64_t> Row::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return text(i);
}

std::string Row::take_text(std::size_t i) {
  auto* v = std::get_if<std::string>(&values_.at(i));
  if (!v) wrong_type(i, "text");
  return std::move(*v);
}

std::optional<std::string> Row::take_opt_text(std::size_t i) {
  if (is_null(i)) return std::nullopt;
  return take_text(i);
}

std::optional<std::int64_t> RowReader::opt_integer(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return integer(i);
}

void Session::each(std::string_view sql, const std::vector<Value>& params,
                   const std::function<void(const RowReader&)>& on_row) {
  for (const Row& row : query(sql, params)) on_row(RowAsReader(row));
}

std::optional<Row> Session::query_one(std::string_view sql, const std::vector<Value>& params) {
  std::vector<Row> rows = query(sql, params);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

// Messages are fixed text on purpose: driver messages can echo SQL and, in PostgreSQL's
// DETAIL lines, the offending values (an email, a token hash).
Error to_error(const DbError& e) {
  switch (e.kind()) {
    case DbError::Kind::unique_violation:
      return Error::conflict("a record with the same unique value already exists");
    case DbError::Kind::foreign_key_violation:
      return Error::conflict("the record refers to, or is referred to by, another record");
    case DbError::Kind::busy:
      return Error::unavailable("the database is busy; try again");
    case DbError::Kind::connection:
      return Error::unavailable("the database is unavailable");
    case DbError::Kind::other:
      break;
  }
  return Error::internal("database error");
}

bool Database::ping() {
  try {
    run_transaction(TxMode::read, [](Session& s) {
      s.query("SELECT 1");
      return true;
    });
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

Result<std::unique_ptr<Database>> open_database(const std::string& url,
                                                const DatabaseOptions& options) {
  if (options.pool_size < 1) return Error::bad_request("database pool_size must be at least 1");
  constexpr std::string_view sqlite_scheme = "sqlite://";
  if (starts_with(url, sqlite_scheme)) {
    std::string_view rest = std::string_view(url).substr(sqlite_scheme.size());
    if (rest == ":memory:") return detail::open_sqlite_memory(options);
    if (starts_with(rest, "/") && rest.size() > 1) {
      return detail::open_sqlite_file(std::string(rest), options);
    }
    return Error::bad_request(
        "invalid SQLite database URL: expected sqlite:///absolute/path.db or sqlite://:memory:");
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    return detail::open_postgres(url, options);
  }
  // The URL is not echoed: it may carry a password.
  return Error::bad_request(
      "unsupported database URL: expected sqlite:///path.db, sqlite://:memory: or "
      "postgresql://user:pass@host:port/db");
}

}  // namespace convonet::store
