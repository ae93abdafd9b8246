#pragma once
#include <string>
#include <string_view>

namespace convonet::auth::detail {

// Raw (binary, 32-byte) digests; crypto.hpp offers the hex forms.
std::string sha256(std::string_view data);
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string to_hex(std::string_view bytes);

}  // namespace convonet::auth::detail
