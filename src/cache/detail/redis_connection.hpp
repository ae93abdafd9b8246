#pragma once
// Thin RAII layer over synchronous hiredis connections.
#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace convonet::cache::detail {

struct RedisOptions {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string username;                  // Redis 6 ACL user; empty for the default user
  std::string password;                  // never logged or echoed in errors
  std::string client_name = "convonet";  // shown by CLIENT LIST
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds command_timeout{2000};
  std::size_t pool_size = 4;
};

// "redis://[[user]:password@]host[:port][/db]"; host may be a bracketed IPv6 address.
Result<RedisOptions> parse_redis_url(std::string_view url);

struct ContextDeleter {
  void operator()(redisContext* context) const { redisFree(context); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// A connected, authenticated connection with timeouts set; selects options.db when select_db
// (pub/sub ignores databases).
Result<ContextPtr> connect(const RedisOptions& options, bool select_db);

// Sends one binary-safe command and waits for its reply. Null means the connection broke or
// timed out and must be dropped; see connection_error.
ReplyPtr command(redisContext& context, const std::vector<std::string_view>& args);
std::string connection_error(const redisContext& context);

std::string_view reply_text(const redisReply& reply);

}  // namespace convonet::cache::detail
