#pragma once
// Voice PINs: 4..8 digits typed on a phone keypad. Stored as
// HMAC-SHA256(pepper, "pin:" + user_id + ":" + pin) in hex: the per-user input makes equal PINs
// hash differently across users, and the server-side pepper keeps a leaked table from being
// brute-forced offline (the PIN space is tiny). Online guessing is bounded by the lockout.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace convonet::auth {

// Digits only, 4..8 long; rejects one repeated digit (0000) and steady runs up or down the
// keypad (1234, 4321, 7890, 3210). Error::unprocessable otherwise.
Status check_pin_policy(std::string_view pin);

std::string hash_pin(std::string_view pepper, std::int64_t user_id, std::string_view pin);
bool verify_pin(std::string_view pepper, std::int64_t user_id, std::string_view pin,
                const std::string& stored_hash);

// After max_failures wrong PINs in a row the user is locked out of voice login for `lockout`.
struct PinLockoutPolicy {
  int max_failures = 5;
  std::chrono::seconds lockout{900};
};

}  // namespace convonet::auth
