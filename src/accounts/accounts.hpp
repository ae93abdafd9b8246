#pragma once
// Accounts: registration, password login with throttling, rotating refresh tokens with reuse
// detection, access-token authentication, voice PINs with lockout and calendar feed tokens.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/jwt.hpp"
#include "auth/password.hpp"
#include "auth/pin.hpp"
#include "auth/rate_limiter.hpp"
#include "cache/cache.hpp"
#include "core/principal.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

namespace convonet::accounts {

struct Registration {
  std::string email;
  std::string password;
  std::string name;
  std::string timezone = "UTC";
  std::vector<std::string> phone_numbers;
};

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::chrono::seconds expires_in{0};
};

struct SignedIn {
  store::User user;
  TokenPair tokens;
};

struct AccountSettings {
  auth::PasswordCost password_cost = auth::interactive_cost();
  std::chrono::seconds refresh_token_ttl{30 * 24 * 3600};
  auth::RateLimit login_per_account{10, std::chrono::seconds{900}};
  auth::RateLimit login_per_ip{50, std::chrono::seconds{900}};
  auth::PinLockoutPolicy pin_lockout;
};

class AccountService {
 public:
  AccountService(store::Database& db, cache::Cache& cache, const Clock& clock,
                 const auth::JwtSigner& signer, std::string pin_pepper, AccountSettings settings);

  // Validates and stores a new user (email unique, password policy, known time zone).
  Result<store::User> create_user(const Registration& registration);
  Result<SignedIn> register_user(const Registration& registration);
  Result<SignedIn> login(std::string_view email, std::string_view password,
                         std::string_view client_address);
  // Spends the refresh token and returns a new pair. Presenting a spent token revokes its
  // whole family (every later use of any of its tokens is refused).
  Result<SignedIn> refresh(std::string_view refresh_token);
  // Ends the login the refresh token belongs to; it must belong to the principal.
  Status logout(const Principal& principal, std::string_view refresh_token);

  Result<Principal> authenticate(std::string_view access_token) const;
  Result<store::User> user(store::Id user_id);
  Result<store::User> user_by_email(std::string_view email);

  Status set_pin(store::Id user_id, std::string_view pin);
  // Checks a keypad PIN for the user owning phone number; counts failures and locks out.
  Result<store::User> verify_pin(std::string_view phone_number, std::string_view pin);

  // A new calendar feed token (the previous one stops working); shown once.
  Result<std::string> rotate_feed_token(const Principal& principal);
  Result<store::User> user_for_feed_token(std::string_view token);

 private:
  struct Issued {
    TokenPair tokens;
    store::Id refresh_token_id = 0;
  };
  // Signs an access token and stores a new refresh token of the family.
  Issued issue_tokens(store::Session& session, store::Id user_id, const std::string& family_id);

  store::Database& db_;
  cache::Cache& cache_;
  const Clock& clock_;
  const auth::JwtSigner& signer_;
  std::string pin_pepper_;
  AccountSettings settings_;
  auth::RateLimiter account_limiter_;
  auth::RateLimiter address_limiter_;
  std::string dummy_password_hash_;  // verified against when the email is unknown
};

}  // namespace convonet::accounts
