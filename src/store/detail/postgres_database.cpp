#include "store/detail/postgres_database.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <pqxx/pqxx>
#include <unordered_map>
#include <utility>

#include "store/detail/pool.hpp"
#include "store/detail/string_hash.hpp"

namespace convonet::store::detail {

namespace {

// Type OIDs from pg_type.h (stable across server versions).
constexpr pqxx::oid kBoolOid = 16;
constexpr pqxx::oid kInt8Oid = 20;
constexpr pqxx::oid kInt2Oid = 21;
constexpr pqxx::oid kInt4Oid = 23;
constexpr pqxx::oid kFloat4Oid = 700;
constexpr pqxx::oid kFloat8Oid = 701;

DbError::Kind kind_of(const std::string& sqlstate) {
  if (sqlstate == "23505") return DbError::Kind::unique_violation;
  if (sqlstate == "23503") return DbError::Kind::foreign_key_violation;
  // Serialization failure, deadlock, lock_timeout: retrying later can succeed.
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
    return DbError::Kind::busy;
  }
  if (sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P", 0) == 0) {
    return DbError::Kind::connection;
  }
  return DbError::Kind::other;
}

// libpq messages look like "ERROR:  primary\nDETAIL:  Key (email)=(a@b.c) already exists."
// Only the primary line is kept, and not even that for data (22) and integrity (23) errors,
// whose primary text can quote the offending value.
std::string describe(const pqxx::sql_error& e) {
  const std::string& state = e.sqlstate();
  std::string message = "postgres: SQLSTATE " + state;
  if (state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0) return message;
  std::string_view text = e.what();
  text = text.substr(0, text.find('\n'));
  if (text.rfind("ERROR:", 0) == 0) text.remove_prefix(6);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  message += ": ";
  message += text;
  return message;
}

class Connection {
 public:
  Connection(const std::string& url, const DatabaseOptions& options) : conn_(url) {
    pqxx::nontransaction tx(conn_);
    // Quiet "relation already exists, skipping" notices; cap lock waits like busy_timeout.
    tx.exec("SET client_min_messages = warning; SET lock_timeout = " +
            std::to_string(options.busy_timeout_ms));
  }

  pqxx::connection& raw() { return conn_; }

  // The name of the statement prepared for this SQL text, registering it on first use.
  const std::string& statement(std::string_view sql) {
    if (auto it = prepared_.find(sql); it != prepared_.end()) return it->second;
    std::string name = "s";  // appended, not "s" + ...: GCC 12 warns falsely (-Wrestrict)
    name += std::to_string(prepared_.size());
    conn_.prepare(name, number_placeholders(sql));
    return prepared_.emplace(std::string(sql), std::move(name)).first->second;
  }

  bool broken = false;

 private:
  pqxx::connection conn_;
  std::unordered_map<std::string, std::string, StringHash, std::equal_to<>> prepared_;
};

// Runs fn, turning libpqxx exceptions into DbError and flagging a lost connection.
template <class F>
auto guarded(Connection& conn, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const pqxx::broken_connection&) {
    conn.broken = true;
    throw DbError(DbError::Kind::connection, "postgres: connection lost");
  } catch (const pqxx::in_doubt_error&) {
    conn.broken = true;
    throw DbError(DbError::Kind::connection, "postgres: connection lost during commit");
  } catch (const pqxx::sql_error& e) {
    DbError::Kind kind = kind_of(e.sqlstate());
    if (kind == DbError::Kind::connection) conn.broken = true;
    throw DbError(kind, describe(e));
  } catch (const pqxx::usage_error& e) {
    throw DbError(DbError::Kind::other, std::string("postgres: ") + e.what());
  }
}

std::int64_t parse_integer(const char* text, std::size_t size) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text, text + size, value);
  if (ec != std::errc{} || end != text + size) {
    throw DbError(DbError::Kind::other, "postgres: malformed integer column");
  }
  return value;
}

double parse_real(const char* text, std::size_t size) {
  double value = 0;
  auto [end, ec] = std::from_chars(text, text + size, value);
  if (ec != std::errc{} || end != text + size) {
    throw DbError(DbError::Kind::other, "postgres: malformed float column");
  }
  return value;
}

enum class ColumnKind { integer, real, boolean, text };

ColumnKind column_kind(pqxx::oid type) {
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
      return ColumnKind::integer;
    case kFloat4Oid:
    case kFloat8Oid:
      return ColumnKind::real;
    case kBoolOid:
      return ColumnKind::boolean;
    default:
      return ColumnKind::text;
  }
}

std::vector<Row> to_rows(const pqxx::result& result) {
  const auto columns = result.columns();
  std::vector<ColumnKind> kinds;
  kinds.reserve(columns);
  for (pqxx::row::size_type c = 0; c < columns; ++c) {
    kinds.push_back(column_kind(result.column_type(c)));
  }
  std::vector<Row> rows;
  rows.reserve(result.size());
  for (const auto& row : result) {
    std::vector<Value> values;
    values.reserve(columns);
    for (pqxx::row::size_type c = 0; c < columns; ++c) {
      const pqxx::field field = row[c];
      if (field.is_null()) {
        values.emplace_back(Null{});
        continue;
      }
      const char* text = field.c_str();
      const std::size_t size = field.size();
      switch (kinds[c]) {
        case ColumnKind::integer:
          values.emplace_back(parse_integer(text, size));
          break;
        case ColumnKind::real:
          values.emplace_back(parse_real(text, size));
          break;
        case ColumnKind::boolean:
          values.emplace_back(std::int64_t{text[0] == 't' ? 1 : 0});
          break;
        case ColumnKind::text:
          values.emplace_back(std::string(text, size));
          break;
      }
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

std::string format_real(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

class PgSession final : public Session {
 public:
  PgSession(Connection& conn, pqxx::transaction_base& tx) : conn_(conn), tx_(tx) {}

  Dialect dialect() const override { return Dialect::postgres; }

  std::vector<Row> query(std::string_view sql, const std::vector<Value>& params) override {
    return to_rows(run(sql, params));
  }

  std::int64_t execute(std::string_view sql, const std::vector<Value>& params) override {
    return run(sql, params).affected_rows();
  }

 private:
  pqxx::result run(std::string_view sql, const std::vector<Value>& params) {
    return guarded(conn_, [&] {
      // Statements without parameters are one-offs (DDL, SELECT 1): not worth preparing.
      if (params.empty()) return tx_.exec(std::string(sql));
      const std::string& name = conn_.statement(sql);
      // Everything travels as text; the server infers each parameter's type from context.
      // Null pointers bind SQL NULL. `numbers` is sized up front so pointers into it hold.
      std::vector<std::string> numbers;
      numbers.reserve(params.size());
      std::vector<const char*> texts;
      texts.reserve(params.size());
      for (const Value& value : params) {
        if (const auto* s = std::get_if<std::string>(&value)) {
          texts.push_back(s->c_str());
        } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
          texts.push_back(numbers.emplace_back(std::to_string(*i)).c_str());
        } else if (const auto* d = std::get_if<double>(&value)) {
          texts.push_back(numbers.emplace_back(format_real(*d)).c_str());
        } else {
          texts.push_back(nullptr);
        }
      }
      return tx_.exec_prepared(name, pqxx::prepare::make_dynamic_params(texts));
    });
  }

  Connection& conn_;
  pqxx::transaction_base& tx_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, DatabaseOptions options)
      : pool_(static_cast<std::size_t>(options.pool_size),
              [url = std::move(url), options] { return connect(url, options); }) {
    pool_.fill();
  }

  Dialect dialect() const override { return Dialect::postgres; }

 protected:
  void run_transaction(TxMode, const std::function<bool(Session&)>& body) override {
    auto conn = pool_.acquire();
    try {
      guarded(*conn, [&] {
        pqxx::work tx(conn->raw());
        PgSession session(*conn, tx);
        if (body(session)) {
          tx.commit();
        } else {
          tx.abort();
        }
      });
    } catch (...) {
      if (conn->broken || !conn->raw().is_open()) conn.discard();
      throw;
    }
  }

 private:
  static std::unique_ptr<Connection> connect(const std::string& url,
                                             const DatabaseOptions& options) {
    try {
      return std::make_unique<Connection>(url, options);
    } catch (const pqxx::broken_connection& e) {
      // libpq's message names host and port, never the password.
      std::string_view text = e.what();
      throw DbError(DbError::Kind::connection,
                    "postgres: cannot connect: " + std::string(text.substr(0, text.find('\n'))));
    } catch (const pqxx::sql_error& e) {
      throw DbError(DbError::Kind::connection, "postgres: cannot set up session: " + describe(e));
    }
  }

  Pool<Connection> pool_;
};

}  // namespace

std::string number_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  bool in_literal = false;
  for (char c : sql) {
    if (c == '\'') in_literal = !in_literal;
    if (c == '?' && !in_literal) {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

Result<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                const DatabaseOptions& options) {
  char* parse_error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
  if (!parsed) {
    PQfreemem(parse_error);
    return Error::bad_request("invalid PostgreSQL URL");
  }
  PQconninfoFree(parsed);
  try {
    return std::unique_ptr<Database>(std::make_unique<PgDatabase>(url, options));
  } catch (const DbError& e) {
    return Error::unavailable(e.what());
  }
}

}  // namespace convonet::store::detail
