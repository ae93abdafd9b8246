#pragma once

namespace convonet::auth::detail {

// Initialises libsodium exactly once per process. Throws std::runtime_error if it cannot (no
// usable entropy source): nothing in auth is safe to run without it.
void ensure_sodium();

}  // namespace convonet::auth::detail
