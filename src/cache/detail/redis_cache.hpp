#pragma once
// The shared cache for several nodes: Redis through a small pool of synchronous hiredis
// connections. Every Redis or network failure comes back as Error::unavailable.
#include <memory>

#include "cache/cache.hpp"
#include "cache/detail/redis_connection.hpp"

namespace convonet::cache::detail {

// Connects once up front so a wrong address or password shows at startup.
Result<std::unique_ptr<Cache>> open_redis_cache(RedisOptions options);

}  // namespace convonet::cache::detail
