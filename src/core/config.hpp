#pragma once
// Settings are read once, by the wiring layer: built-in defaults, then an optional TOML file,
// then CONVONET_* environment variables (highest precedence). Components take plain structs.
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace convonet {

struct Settings {
  std::string listen = "127.0.0.1:8080";  // host:port
  // How clients reach this server (for links it hands out, e.g. the calendar feed URL).
  // Empty: http://<listen>.
  std::string public_url;
  std::string data_dir = "./data";
  std::string database_url;  // empty: sqlite:///<data_dir>/convonet.db
  std::string cache_url = "memory://";
  std::string log_level = "info";  // trace|debug|info|warn|error|off
  int io_threads = 1;
  int worker_threads = 2;
  int db_pool_size = 4;
  std::size_t body_limit_bytes = 1 << 20;
  // Empty: generated on first run and kept in <data_dir>/secrets.toml (mode 0600).
  std::string jwt_secret;
  std::string pin_pepper;
  std::chrono::seconds access_token_ttl{900};
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};
  // Login throttling: attempts per window, per account and per client address.
  int login_attempts_per_account = 10;
  int login_attempts_per_ip = 50;
  std::chrono::seconds login_window{900};
  // Reverse proxies in front of the server (IP addresses; in TOML and the environment one
  // comma-separated string): requests from them are attributed to the client their
  // X-Forwarded-For names, so per-address limits apply per client, not per proxy.
  std::vector<std::string> trusted_proxies;
  // The optional LLM backend (OpenAI-compatible chat completions), used when url and model are
  // set. The key is a secret: never logged.
  std::string llm_url;  // e.g. https://api.openai.com/v1 ; plain http only to loopback
  std::string llm_model;
  std::string llm_api_key;
  std::chrono::seconds llm_timeout{10};  // a whole assistant turn, tool rounds included
  int llm_max_tool_rounds = 4;

  std::string effective_database_url() const;
  std::string effective_public_url() const;
  // Splits listen into host and port; error if malformed.
  Result<std::pair<std::string, unsigned short>> listen_endpoint() const;
};

using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvLookup process_environment();

// config_file: a TOML file with the same keys as Settings (snake_case, durations in seconds).
// Unknown keys and wrong types are errors, so typos do not silently fall back to defaults.
Result<Settings> load_settings(const std::optional<std::string>& config_file,
                               const EnvLookup& env = process_environment());

}  // namespace convonet
