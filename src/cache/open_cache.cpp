#include "cache/cache.hpp"

#include "cache/detail/memory_cache.hpp"
#include "cache/detail/redis_cache.hpp"

namespace convonet::cache {

Result<std::unique_ptr<Cache>> open_cache(const std::string& url) {
  if (url == "memory://") {
    return std::unique_ptr<Cache>(std::make_unique<detail::MemoryCache>());
  }
  if (url.starts_with("redis://")) {
    auto options = detail::parse_redis_url(url);
    if (!options) return std::move(options).error();
    return detail::open_redis_cache(std::move(*options));
  }
  // The URL itself is not echoed: it may carry a password.
  return Error::bad_request("cache URL must be memory:// or redis://host:port[/db]");
}

}  // namespace convonet::cache
