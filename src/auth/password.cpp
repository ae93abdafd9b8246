#include "auth/password.hpp"

#include <sodium.h>

#include <array>
#include <cstring>

#include "auth/detail/sodium.hpp"
#include "core/text.hpp"

namespace convonet::auth {

namespace {

constexpr std::size_t kMinPasswordBytes = 8;
constexpr std::size_t kMaxPasswordBytes = 256;

}  // namespace

PasswordCost interactive_cost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost minimal_cost() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

Result<std::string> hash_password(std::string_view password, PasswordCost cost) {
  detail::ensure_sodium();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), cost.ops_limit,
                            cost.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("password hashing failed (out of memory or invalid cost)");
  }
  return std::string(out.data());
}

bool verify_password(std::string_view password, const std::string& hash) {
  detail::ensure_sodium();
  // libsodium reads a NUL-terminated string of at most STRBYTES; hand it exactly that, so a
  // stored value of any shape cannot make it read past our buffer.
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES ||
      hash.find('\0') != std::string::npos) {
    return false;
  }
  std::array<char, crypto_pwhash_STRBYTES> buffer{};
  std::memcpy(buffer.data(), hash.data(), hash.size());
  return crypto_pwhash_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

Status check_password_policy(std::string_view password) {
  if (password.size() < kMinPasswordBytes) {
    return Error::unprocessable("password must be at least 8 characters long");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Error::unprocessable("password must be at most 256 bytes long");
  }
  if (!is_valid_utf8(password)) {
    return Error::unprocessable("password must be valid UTF-8 text");
  }
  return {};
}

}  // namespace convonet::auth
