#pragma once
// The SQLite backend: a pool of connections to one database file (WAL) or to one named
// in-memory database shared by the pool.
#include <memory>
#include <string>

#include "store/database.hpp"

namespace convonet::store::detail {

Result<std::unique_ptr<Database>> open_sqlite_file(const std::string& path,
                                                   const DatabaseOptions& options);
Result<std::unique_ptr<Database>> open_sqlite_memory(const DatabaseOptions& options);

}  // namespace convonet::store::detail
