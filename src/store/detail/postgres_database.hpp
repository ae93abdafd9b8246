#pragma once
// The PostgreSQL backend (libpqxx): a pool of connections, '?' placeholders rewritten to $n,
// statements prepared once per connection.
#include <memory>
#include <string>

#include "store/database.hpp"

namespace convonet::store::detail {

Result<std::unique_ptr<Database>> open_postgres(const std::string& url,
                                                const DatabaseOptions& options);

// "select ? , ?" -> "select $1 , $2". Our SQL never holds a literal '?'.
std::string number_placeholders(std::string_view sql);

}  // namespace convonet::store::detail
