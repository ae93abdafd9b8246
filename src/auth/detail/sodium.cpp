#include "auth/detail/sodium.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace convonet::auth::detail {

void ensure_sodium() {
  static std::once_flag once;
  static bool ready = false;
  std::call_once(once, [] { ready = sodium_init() >= 0; });
  if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace convonet::auth::detail
