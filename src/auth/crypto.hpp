#pragma once
// Small cryptographic building blocks shared by tokens, PINs and signatures.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace convonet::auth {

// `bytes` of CSPRNG output (libsodium randombytes_buf), base64url without padding.
std::string random_token(std::size_t bytes = 32);

// Lower-case hex digests (OpenSSL EVP).
std::string sha256_hex(std::string_view data);
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths, which are not treated as secret.
bool constant_time_equal(std::string_view a, std::string_view b);

// RFC 4648 section 5 alphabet, no padding. Decoding is strict: it rejects padding, characters
// outside the alphabet, impossible lengths and non-zero trailing bits, so every byte string has
// exactly one accepted encoding.
std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace convonet::auth
