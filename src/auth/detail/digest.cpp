#include "auth/detail/digest.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <limits>
#include <stdexcept>

namespace convonet::auth::detail {

namespace {

constexpr std::size_t kSha256Bytes = 32;

// string_view::data() may be null for an empty view; OpenSSL wants a real pointer.
const unsigned char* bytes_of(std::string_view s) {
  static const unsigned char empty = 0;
  return s.empty() ? &empty : reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string sha256(std::string_view data) {
  std::string out(kSha256Bytes, '\0');
  unsigned int length = 0;
  if (EVP_Digest(bytes_of(data), data.size(), reinterpret_cast<unsigned char*>(out.data()), &length,
                 EVP_sha256(), nullptr) != 1 ||
      length != kSha256Bytes) {
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  // OpenSSL takes the key length as int. RFC 2104 replaces any key longer than the block size
  // by its hash, so hashing an absurdly long key first gives the same MAC.
  if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return hmac_sha256(sha256(key), data);
  }
  std::string out(kSha256Bytes, '\0');
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), bytes_of(key), static_cast<int>(key.size()), bytes_of(data), data.size(),
           reinterpret_cast<unsigned char*>(out.data()), &length) == nullptr ||
      length != kSha256Bytes) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return out;
}

std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

}  // namespace convonet::auth::detail
