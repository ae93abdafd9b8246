#include "core/config.hpp"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <set>

namespace convonet {

namespace {

Error invalid(const std::string& what) {
  return Error::bad_request(what, "invalid_config");
}

Result<long long> parse_integer(const std::string& name, const std::string& text) {
  long long value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return invalid(name + " must be an integer");
  return value;
}

// Every setting once: its name and how to store a textual or TOML value into Settings.
struct Field {
  const char* name;
  std::function<Status(Settings&, const std::string&)> from_text;
};

Status set_positive(int& target, const std::string& name, const std::string& text) {
  auto v = parse_integer(name, text);
  if (!v) return v.error();
  if (*v < 1 || *v > 1024) return invalid(name + " must be between 1 and 1024");
  target = static_cast<int>(*v);
  return {};
}

Status set_seconds(std::chrono::seconds& target, const std::string& name, const std::string& text) {
  auto v = parse_integer(name, text);
  if (!v) return v.error();
  if (*v < 1) return invalid(name + " must be a positive number of seconds");
  target = std::chrono::seconds{*v};
  return {};
}

bool is_ip_address(const std::string& text) {
  unsigned char buffer[sizeof(struct in6_addr)];
  return inet_pton(AF_INET, text.c_str(), buffer) == 1 ||
         inet_pton(AF_INET6, text.c_str(), buffer) == 1;
}

// "10.0.0.1, 10.0.0.2" -> each address; empty entries are skipped, a non-address is an error.
Status set_addresses(std::vector<std::string>& target, const std::string& name,
                     const std::string& text) {
  std::vector<std::string> addresses;
  std::size_t at = 0;
  while (at <= text.size()) {
    const auto comma = std::min(text.find(',', at), text.size());
    std::string entry = text.substr(at, comma - at);
    const auto first = entry.find_first_not_of(" \t");
    entry = first == std::string::npos
                ? ""
                : entry.substr(first, entry.find_last_not_of(" \t") - first + 1);
    if (!entry.empty()) {
      if (!is_ip_address(entry)) return invalid(name + " must list IP addresses, comma-separated");
      addresses.push_back(std::move(entry));
    }
    at = comma + 1;
  }
  target = std::move(addresses);
  return {};
}

std::vector<Field> fields() {
  auto text = [](std::string Settings::*member) {
    return [member](Settings& s, const std::string& v) -> Status {
      s.*member = v;
      return {};
    };
  };
  auto positive = [](int Settings::*member, const char* name) {
    return [member, name](Settings& s, const std::string& v) {
      return set_positive(s.*member, name, v);
    };
  };
  auto seconds = [](std::chrono::seconds Settings::*member, const char* name) {
    return [member, name](Settings& s, const std::string& v) {
      return set_seconds(s.*member, name, v);
    };
  };
  return {
      {"listen", text(&Settings::listen)},
      {"data_dir", text(&Settings::data_dir)},
      {"public_url", text(&Settings::public_url)},
      {"database_url", text(&Settings::database_url)},
      {"cache_url", text(&Settings::cache_url)},
      {"log_level", text(&Settings::log_level)},
      {"jwt_secret", text(&Settings::jwt_secret)},
      {"pin_pepper", text(&Settings::pin_pepper)},
      {"io_threads", positive(&Settings::io_threads, "io_threads")},
      {"worker_threads", positive(&Settings::worker_threads, "worker_threads")},
      {"db_pool_size", positive(&Settings::db_pool_size, "db_pool_size")},
      {"login_attempts_per_account",
       positive(&Settings::login_attempts_per_account, "login_attempts_per_account")},
      {"login_attempts_per_ip",
       positive(&Settings::login_attempts_per_ip, "login_attempts_per_ip")},
      {"access_token_ttl", seconds(&Settings::access_token_ttl, "access_token_ttl")},
      {"refresh_token_ttl", seconds(&Settings::refresh_token_ttl, "refresh_token_ttl")},
      {"login_window", seconds(&Settings::login_window, "login_window")},
      {"trusted_proxies",
       [](Settings& s, const std::string& v) {
         return set_addresses(s.trusted_proxies, "trusted_proxies", v);
       }},
      {"llm_url", text(&Settings::llm_url)},
      {"llm_model", text(&Settings::llm_model)},
      {"llm_api_key", text(&Settings::llm_api_key)},
      {"llm_timeout", seconds(&Settings::llm_timeout, "llm_timeout")},
      {"llm_max_tool_rounds",
       [](Settings& s, const std::string& v) -> Status {
         auto n = parse_integer("llm_max_tool_rounds", v);
         if (!n) return n.error();
         if (*n < 1 || *n > 16) return invalid("llm_max_tool_rounds must be between 1 and 16");
         s.llm_max_tool_rounds = static_cast<int>(*n);
         return {};
       }},
      {"body_limit_bytes",
       [](Settings& s, const std::string& v) -> Status {
         auto n = parse_integer("body_limit_bytes", v);
         if (!n) return n.error();
         if (*n < 1024 || *n > (64LL << 20)) {
           return invalid("body_limit_bytes must be between 1024 and 67108864");
         }
         s.body_limit_bytes = static_cast<std::size_t>(*n);
         return {};
       }},
  };
}

std::string env_name(const std::string& key) {
  std::string name = "CONVONET_";
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Plain http would carry the LLM key in clear, so it is only for a model server on this machine
// (the outbound client enforces the same; this fails at start instead of on every turn).
bool is_loopback_http_url(const std::string& url) {
  const std::string_view rest = std::string_view(url).substr(std::string_view("http://").size());
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  std::string_view host = authority;
  if (authority.starts_with('[')) {
    host = authority.substr(0, authority.find(']') + 1);
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
  }
  std::string lower(host);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "localhost" || lower == "[::1]") return true;
  return lower.starts_with("127.") && lower.find_first_not_of("0123456789.") == std::string::npos;
}

Status validate(const Settings& s) {
  static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
  if (!levels.contains(s.log_level))
    return invalid("log_level must be one of trace|debug|info|warn|error|off");
  if (!s.jwt_secret.empty() && s.jwt_secret.size() < 32) {
    return invalid("jwt_secret must be at least 32 characters");
  }
  if (!s.pin_pepper.empty() && s.pin_pepper.size() < 32) {
    return invalid("pin_pepper must be at least 32 characters");
  }
  if (auto endpoint = s.listen_endpoint(); !endpoint) return endpoint.error();
  if (!s.llm_url.empty() && s.llm_url.rfind("http://", 0) != 0 &&
      s.llm_url.rfind("https://", 0) != 0) {
    return invalid("llm_url must be an http:// or https:// URL");
  }
  if (s.llm_url.rfind("http://", 0) == 0 && !is_loopback_http_url(s.llm_url)) {
    return invalid("llm_url must use https unless it is on this machine (localhost, 127.x, [::1])");
  }
  return {};
}

Status apply_toml(Settings& settings, const std::string& path) {
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return invalid("cannot read config file " + path + ": " + std::string(e.description()));
  }
  const auto known = fields();
  for (const auto& [key, node] : table) {
    const std::string name(key.str());
    auto field =
        std::find_if(known.begin(), known.end(), [&](const Field& f) { return name == f.name; });
    if (field == known.end()) return invalid("unknown setting '" + name + "' in " + path);
    std::string text;
    if (auto s = node.value<std::string>(); s && node.is_string()) {
      text = *s;
    } else if (auto i = node.value<long long>(); i && node.is_integer()) {
      text = std::to_string(*i);
    } else {
      return invalid("setting '" + name + "' in " + path + " must be a string or an integer");
    }
    if (auto status = field->from_text(settings, text); !status) return status;
  }
  return {};
}

}  // namespace

std::string Settings::effective_database_url() const {
  if (!database_url.empty()) return database_url;
  return "sqlite://" + data_dir + "/convonet.db";
}

std::string Settings::effective_public_url() const {
  if (!public_url.empty()) return public_url;
  return "http://" + listen;
}

Result<std::pair<std::string, unsigned short>> Settings::listen_endpoint() const {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return invalid("listen must be host:port");
  std::string host = listen.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  auto port = parse_integer("listen port", listen.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) return invalid("listen port must be 0..65535");
  return std::pair{host, static_cast<unsigned short>(*port)};
}

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (const char* v = std::getenv(name.c_str())) return std::string(v);
    return std::nullopt;
  };
}

Result<Settings> load_settings(const std::optional<std::string>& config_file,
                               const EnvLookup& env) {
  Settings settings;
  if (config_file) {
    if (auto status = apply_toml(settings, *config_file); !status) return status.error();
  }
  for (const auto& field : fields()) {
    if (auto value = env(env_name(field.name))) {
      if (auto status = field.from_text(settings, *value); !status) return status.error();
    }
  }
  if (auto status = validate(settings); !status) return status.error();
  return settings;
}

}  // namespace convonet
