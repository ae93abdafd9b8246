#pragma once
// Server secrets (JWT signing key, voice PIN pepper). When not configured they are generated
// on first run and persisted in <data_dir>/secrets.toml with mode 0600, so restarts keep
// tokens and PIN hashes valid.
#include <string>

#include "core/config.hpp"
#include "core/result.hpp"

namespace convonet {

struct ServerSecrets {
  std::string jwt_key_id;
  std::string jwt_secret;
  std::string pin_pepper;
};

// Configured values win; missing ones come from (or are added to) the secrets file.
Result<ServerSecrets> load_or_create_secrets(const Settings& settings);

// 'bytes' of randomness from the OS CSPRNG, hex encoded.
std::string random_hex(std::size_t bytes);

}  // namespace convonet
