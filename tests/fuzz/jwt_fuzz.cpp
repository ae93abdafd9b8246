// Property: verification never crashes or throws, and a forged token never verifies.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "auth/jwt.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const convonet::auth::JwtSigner signer(
      convonet::auth::JwtKey{"k1", std::string(32, 's')}, {}, convonet::auth::JwtSettings{});
  const std::string_view token(reinterpret_cast<const char*>(data), size);
  const convonet::Timestamp now{std::chrono::seconds{1'800'000'000}};
  if (signer.verify(token, now).ok()) std::abort();  // would need the HMAC key
  return 0;
}
