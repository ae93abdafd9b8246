#include "cache/detail/redis_connection.hpp"

#include <sys/time.h>

#include <charconv>
#include <limits>
#include <optional>

namespace convonet::cache::detail {
namespace {

constexpr std::string_view kScheme = "redis://";

std::optional<int> parse_int(std::string_view text, int min, int max) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  if (value < min || value > max) return std::nullopt;
  return value;
}

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    unsigned value = 0;
    if (i + 2 >= text.size()) return std::nullopt;
    auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
    if (ec != std::errc{} || ptr != text.data() + i + 3) return std::nullopt;
    out += static_cast<char>(value);
    i += 2;
  }
  return out;
}

Status parse_userinfo(std::string_view userinfo, RedisOptions& options) {
  const auto colon = userinfo.find(':');
  auto user = percent_decode(userinfo.substr(0, colon));
  auto password = percent_decode(colon == std::string_view::npos ? "" : userinfo.substr(colon + 1));
  if (!user || !password) return Error::bad_request("redis URL: malformed credentials");
  options.username = std::move(*user);
  options.password = std::move(*password);
  return {};
}

Status parse_host_port(std::string_view authority, RedisOptions& options) {
  std::string_view host = authority;
  std::string_view port;
  if (authority.starts_with('[')) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Error::bad_request("redis URL: unclosed '['");
    host = authority.substr(1, close - 1);
    const auto after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) {
      return Error::bad_request("redis URL: unexpected text after host");
    }
    if (!after.empty()) port = after.substr(1);
  } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.find(':') != std::string_view::npos) {
      return Error::bad_request("redis URL: IPv6 hosts must be in brackets");
    }
  }
  if (host.empty()) return Error::bad_request("redis URL: missing host");
  options.host = std::string(host);
  if (authority.ends_with(':') || !port.empty()) {
    const auto number = parse_int(port, 1, 65535);
    if (!number) return Error::bad_request("redis URL: port must be a number from 1 to 65535");
    options.port = *number;
  }
  return {};
}

timeval to_timeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

std::string endpoint(const RedisOptions& options) {
  return options.host + ":" + std::to_string(options.port);
}

// Runs a setup command that must not fail; `what` names it without its arguments.
Status expect_ok(redisContext& context, const std::vector<std::string_view>& args,
                 std::string_view what) {
  ReplyPtr reply = command(context, args);
  if (!reply)
    return Error::unavailable("redis " + std::string(what) + ": " + connection_error(context));
  if (reply->type == REDIS_REPLY_ERROR) {
    return Error::unavailable("redis " + std::string(what) +
                              " failed: " + std::string(reply_text(*reply)));
  }
  return {};
}

}  // namespace

Result<RedisOptions> parse_redis_url(std::string_view url) {
  if (!url.starts_with(kScheme)) return Error::bad_request("redis URL must start with redis://");
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) {
    return Error::bad_request("redis URL: query strings and fragments are not supported");
  }
  RedisOptions options;
  std::string_view path;
  if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
    path = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    if (auto status = parse_userinfo(rest.substr(0, at), options); !status) {
      return std::move(status).error();
    }
    rest = rest.substr(at + 1);
  }
  if (auto status = parse_host_port(rest, options); !status) return std::move(status).error();
  if (!path.empty()) {
    const auto db = parse_int(path, 0, std::numeric_limits<int>::max());
    if (!db) return Error::bad_request("redis URL: database must be a non-negative number");
    options.db = *db;
  }
  return options;
}

Result<ContextPtr> connect(const RedisOptions& options, bool select_db) {
  ContextPtr context(redisConnectWithTimeout(options.host.c_str(), options.port,
                                             to_timeval(options.connect_timeout)));
  if (!context) return Error::unavailable("redis: out of memory while connecting");
  if (context->err) {
    return Error::unavailable("redis: cannot connect to " + endpoint(options) + ": " +
                              connection_error(*context));
  }
  if (redisSetTimeout(context.get(), to_timeval(options.command_timeout)) != REDIS_OK ||
      redisEnableKeepAlive(context.get()) != REDIS_OK) {
    return Error::unavailable("redis: cannot configure connection to " + endpoint(options) + ": " +
                              connection_error(*context));
  }
  if (!options.password.empty()) {
    auto status = options.username.empty()
                      ? expect_ok(*context, {"AUTH", options.password}, "AUTH")
                      : expect_ok(*context, {"AUTH", options.username, options.password}, "AUTH");
    if (!status) return std::move(status).error();
  }
  if (!options.client_name.empty()) {
    auto status = expect_ok(*context, {"CLIENT", "SETNAME", options.client_name}, "CLIENT SETNAME");
    if (!status) return std::move(status).error();
  }
  if (select_db && options.db != 0) {
    const std::string db = std::to_string(options.db);
    if (auto status = expect_ok(*context, {"SELECT", db}, "SELECT"); !status) {
      return std::move(status).error();
    }
  }
  return context;
}

ReplyPtr command(redisContext& context, const std::vector<std::string_view>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (std::string_view arg : args) {
    argv.push_back(arg.data() ? arg.data() : "");  // hiredis memcpy()s even empty arguments
    lengths.push_back(arg.size());
  }
  return ReplyPtr(static_cast<redisReply*>(
      redisCommandArgv(&context, static_cast<int>(argv.size()), argv.data(), lengths.data())));
}

std::string connection_error(const redisContext& context) {
  if (context.err == 0) return "unknown error";
  return context.errstr[0] != '\0' ? std::string(context.errstr) : "I/O error";
}

std::string_view reply_text(const redisReply& reply) {
  if (!reply.str) return {};
  return {reply.str, reply.len};
}

}  // namespace convonet::cache::detail
