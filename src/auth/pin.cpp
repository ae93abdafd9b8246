#include "auth/pin.hpp"

#include <algorithm>

#include "auth/crypto.hpp"

namespace convonet::auth {

namespace {

constexpr std::size_t kMinPinDigits = 4;
constexpr std::size_t kMaxPinDigits = 8;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True if every digit is the previous one plus `step`, wrapping 9 -> 0 as a keypad row does.
bool is_run(std::string_view pin, int step) {
  for (std::size_t i = 1; i < pin.size(); ++i) {
    const int previous = pin[i - 1] - '0';
    const int current = pin[i] - '0';
    if (current != (previous + step + 10) % 10) return false;
  }
  return true;
}

}  // namespace

Status check_pin_policy(std::string_view pin) {
  if (pin.size() < kMinPinDigits || pin.size() > kMaxPinDigits ||
      !std::all_of(pin.begin(), pin.end(), is_digit)) {
    return Error::unprocessable("PIN must be 4 to 8 digits");
  }
  if (is_run(pin, 0)) return Error::unprocessable("PIN must not repeat a single digit");
  if (is_run(pin, 1) || is_run(pin, -1)) {
    return Error::unprocessable("PIN must not be a simple sequence such as 1234 or 4321");
  }
  return {};
}

std::string hash_pin(std::string_view pepper, std::int64_t user_id, std::string_view pin) {
  std::string message = "pin:" + std::to_string(user_id) + ":";
  message.append(pin);
  return hmac_sha256_hex(pepper, message);
}

bool verify_pin(std::string_view pepper, std::int64_t user_id, std::string_view pin,
                const std::string& stored_hash) {
  return constant_time_equal(hash_pin(pepper, user_id, pin), stored_hash);
}

}  // namespace convonet::auth
