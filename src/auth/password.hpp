#pragma once
// Password hashing: Argon2id in libsodium's self-describing string format ("$argon2id$v=19$..."),
// so the cost travels with each hash and can be raised without breaking old ones.
#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace convonet::auth {

struct PasswordCost {
  unsigned long long ops_limit;
  std::size_t mem_limit;
};

// crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: the production default.
PasswordCost interactive_cost();
// crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN: for tests only, it offers no real protection.
PasswordCost minimal_cost();

// Fails (internal) only when libsodium cannot get the memory the cost asks for.
Result<std::string> hash_password(std::string_view password, PasswordCost cost);
// False for a wrong password and for anything that is not a valid hash string.
bool verify_password(std::string_view password, const std::string& hash);

// 8..256 bytes of valid UTF-8; otherwise Error::unprocessable with a message fit for the user.
Status check_password_policy(std::string_view password);

}  // namespace convonet::auth
