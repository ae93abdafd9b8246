#include "accounts/accounts.hpp"

#include <nlohmann/json.hpp>

#include <set>

#include "auth/crypto.hpp"
#include "core/text.hpp"
#include "store/repositories.hpp"

namespace convonet::accounts {

namespace {

using store::TxMode;

Error invalid_credentials() {
  return Error::unauthorized("email or password is wrong", "invalid_credentials");
}

Status validate_name(std::string_view name) {
  if (!is_valid_utf8(name) || has_control_characters(name)) {
    return Error::unprocessable("name must be printable UTF-8 text");
  }
  const auto length = utf8_length(name);
  if (length < 1 || length > 100) return Error::unprocessable("name must be 1 to 100 characters");
  return {};
}

Status validate_phone(std::string_view phone) {
  // E.164: '+' then 8 to 15 digits, the first not zero.
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') {
    return Error::unprocessable("phone numbers must be in E.164 form, e.g. +14155550100");
  }
  for (char c : phone.substr(1)) {
    if (c < '0' || c > '9') {
      return Error::unprocessable("phone numbers must be in E.164 form, e.g. +14155550100");
    }
  }
  return {};
}

void audit(store::Session& s, std::optional<store::Id> actor, std::string action, store::Id user_id,
           Timestamp now, nlohmann::json detail = nlohmann::json::object()) {
  store::audit::record(
      s, store::AuditEntry{0, actor, std::move(action), "user", user_id, detail.dump(), now});
}

}  // namespace

AccountService::AccountService(store::Database& db, cache::Cache& cache, const Clock& clock,
                               const auth::JwtSigner& signer, std::string pin_pepper,
                               AccountSettings settings)
    : db_(db),
      cache_(cache),
      clock_(clock),
      signer_(signer),
      pin_pepper_(std::move(pin_pepper)),
      settings_(settings),
      account_limiter_(cache, "login:account:"),
      address_limiter_(cache, "login:address:") {
  auto dummy = auth::hash_password(auth::random_token(16), settings_.password_cost);
  if (dummy) dummy_password_hash_ = *dummy;
}

Result<store::User> AccountService::create_user(const Registration& r) {
  auto email = normalize_email(r.email);
  if (!email) return email.error();
  if (auto s = auth::check_password_policy(r.password); !s) return s.error();
  const std::string name = trim(r.name);
  if (auto s = validate_name(name); !s) return s.error();
  if (!is_known_timezone(r.timezone)) {
    return Error::unprocessable("timezone must be an IANA zone name such as Europe/London");
  }
  for (const auto& phone : r.phone_numbers) {
    if (auto s = validate_phone(phone); !s) return s.error();
  }
  if (std::set<std::string>(r.phone_numbers.begin(), r.phone_numbers.end()).size() !=
      r.phone_numbers.size()) {
    return Error::unprocessable("phone numbers must not repeat");
  }
  // Hash outside the transaction: Argon2id is deliberately slow and must not hold a writer.
  auto hash = auth::hash_password(r.password, settings_.password_cost);
  if (!hash) return hash.error();

  const auto now = clock_.now();
  auto created = db_.transact(TxMode::write, [&](store::Session& s) -> Result<store::User> {
    if (store::users::by_email(s, *email)) {
      return Error::conflict("an account with this email already exists", "email_taken");
    }
    for (const auto& phone : r.phone_numbers) {
      if (store::users::by_phone(s, phone)) {
        return Error::conflict("phone number " + phone + " belongs to another account",
                               "phone_taken");
      }
    }
    store::User user;
    user.email = *email;
    user.name = name;
    user.password_hash = *hash;
    user.timezone = r.timezone;
    user.phone_numbers = r.phone_numbers;
    user.created_at = user.updated_at = now;
    user = store::users::insert(s, std::move(user));
    audit(s, user.id, "user.register", user.id, now);
    return user;
  });
  return created;
}

AccountService::Issued AccountService::issue_tokens(store::Session& s, store::Id user_id,
                                                    const std::string& family_id) {
  const auto now = clock_.now();
  TokenPair pair;
  pair.refresh_token = auth::random_token(32);
  pair.access_token = signer_.issue(user_id, now);
  pair.expires_in = signer_.ttl();
  store::RefreshToken token;
  token.user_id = user_id;
  token.token_hash = auth::sha256_hex(pair.refresh_token);
  token.family_id = family_id;
  token.expires_at = now + settings_.refresh_token_ttl;
  token.created_at = now;
  const auto stored = store::refresh_tokens::insert(s, std::move(token));
  return Issued{std::move(pair), stored.id};
}

Result<SignedIn> AccountService::register_user(const Registration& registration) {
  auto user = create_user(registration);
  if (!user) return user.error();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<SignedIn> {
    return SignedIn{*user, issue_tokens(s, user->id, auth::random_token(16)).tokens};
  });
}

Result<SignedIn> AccountService::login(std::string_view email_text, std::string_view password,
                                       std::string_view client_address) {
  if (auto s = address_limiter_.hit(client_address, settings_.login_per_ip); !s) return s.error();
  const std::string email = to_lower_ascii(trim(email_text));
  if (auto s = account_limiter_.check(email, settings_.login_per_account); !s) return s.error();

  auto found =
      db_.transact(TxMode::read, [&](store::Session& s) -> Result<std::optional<store::User>> {
        return store::users::by_email(s, email);
      });
  if (!found) return found.error();
  const auto& user = *found;
  // An unknown email costs the same Argon2id verification, so timing does not reveal accounts.
  const bool verified =
      auth::verify_password(password, user ? user->password_hash : dummy_password_hash_);
  if (!user || !verified) {
    (void)account_limiter_.hit(email, settings_.login_per_account);
    return invalid_credentials();
  }
  account_limiter_.reset(email);
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Result<SignedIn> {
    auto issued = issue_tokens(s, user->id, auth::random_token(16));
    audit(s, user->id, "user.login", user->id, now);
    return SignedIn{*user, std::move(issued.tokens)};
  });
}

Result<SignedIn> AccountService::refresh(std::string_view refresh_token) {
  const auto invalid = Error::unauthorized("refresh token is invalid or expired", "invalid_token");
  if (refresh_token.empty() || refresh_token.size() > 512) return invalid;
  const auto hash = auth::sha256_hex(refresh_token);
  const auto now = clock_.now();

  // The outcome is decided inside one write transaction; reuse must commit its revocation,
  // so it is reported as a value and turned into an error after the commit.
  enum class Outcome { rotated, reused, invalid };
  struct Decision {
    Outcome outcome = Outcome::invalid;
    std::optional<SignedIn> signed_in;
  };
  auto decision = db_.transact(TxMode::write, [&](store::Session& s) -> Result<Decision> {
    auto token = store::refresh_tokens::by_hash(s, hash);
    if (!token) return Decision{};
    if (token->revoked_at) {
      store::refresh_tokens::revoke_family(s, token->family_id, now);
      audit(s, token->user_id, "token.reuse_detected", token->user_id, now);
      return Decision{Outcome::reused, std::nullopt};
    }
    if (token->expires_at <= now) return Decision{};
    auto user = store::users::by_id(s, token->user_id);
    if (!user) return Decision{};
    auto issued = issue_tokens(s, user->id, token->family_id);
    if (!store::refresh_tokens::mark_replaced(s, token->id, issued.refresh_token_id, now)) {
      // Another request spent it first: that is reuse, and the new token must not survive.
      return Error::conflict("refresh token was used concurrently", "token_race");
    }
    return Decision{Outcome::rotated, SignedIn{*user, std::move(issued.tokens)}};
  });
  if (!decision) {
    if (decision.error().code == "token_race") return invalid;
    return decision.error();
  }
  switch (decision->outcome) {
    case Outcome::rotated:
      return std::move(*decision->signed_in);
    case Outcome::reused:
      return Error::unauthorized("refresh token was already used; the session is revoked",
                                 "token_reused");
    case Outcome::invalid:
      break;
  }
  return invalid;
}

Status AccountService::logout(const Principal& principal, std::string_view refresh_token) {
  const auto hash = auth::sha256_hex(refresh_token);
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto token = store::refresh_tokens::by_hash(s, hash);
    if (!token || token->user_id != principal.user_id) {
      return Error::unauthorized("refresh token is invalid", "invalid_token");
    }
    store::refresh_tokens::revoke_family(s, token->family_id, now);
    audit(s, principal.user_id, "user.logout", principal.user_id, now);
    return {};
  });
}

Result<Principal> AccountService::authenticate(std::string_view access_token) const {
  auto claims = signer_.verify(access_token, clock_.now());
  if (!claims) return claims.error();
  return Principal{claims->user_id, claims->scopes};
}

Result<store::User> AccountService::user(store::Id user_id) {
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<store::User> {
    auto user = store::users::by_id(s, user_id);
    if (!user) return Error::not_found("user not found");
    return *user;
  });
}

Result<store::User> AccountService::user_by_email(std::string_view email) {
  auto normalized = normalize_email(email);
  if (!normalized) return normalized.error();
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<store::User> {
    auto user = store::users::by_email(s, *normalized);
    if (!user) return Error::not_found("no user with email " + *normalized);
    return *user;
  });
}

Status AccountService::set_pin(store::Id user_id, std::string_view pin) {
  if (auto s = auth::check_pin_policy(pin); !s) return s;
  const auto now = clock_.now();
  return db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto user = store::users::by_id(s, user_id);
    if (!user) return Error::not_found("user not found");
    user->pin_hash = auth::hash_pin(pin_pepper_, user_id, pin);
    user->pin_failed_attempts = 0;
    user->pin_locked_until.reset();
    user->updated_at = now;
    store::users::update(s, *user);
    audit(s, user_id, "user.set_pin", user_id, now);
    return {};
  });
}

Result<store::User> AccountService::verify_pin(std::string_view phone_number,
                                               std::string_view pin) {
  const auto now = clock_.now();
  const auto wrong = Error::unauthorized("phone number or PIN is wrong", "invalid_pin");
  // Failures must be counted even though the answer is an error, so the transaction commits
  // and the verdict is returned as a value.
  struct Verdict {
    std::optional<store::User> user;
    std::optional<Error> error;
  };
  auto verdict = db_.transact(TxMode::write, [&](store::Session& s) -> Result<Verdict> {
    auto user = store::users::by_phone(s, std::string(phone_number));
    if (!user || !user->pin_hash) return Verdict{std::nullopt, wrong};
    if (user->pin_locked_until && *user->pin_locked_until > now) {
      const auto left =
          std::chrono::duration_cast<std::chrono::seconds>(*user->pin_locked_until - now);
      return Verdict{std::nullopt, Error::too_many_requests(
                                       "too many wrong PINs; try again later",
                                       static_cast<int>(std::max<long long>(1, left.count())))};
    }
    if (auth::verify_pin(pin_pepper_, user->id, pin, *user->pin_hash)) {
      user->pin_failed_attempts = 0;
      user->pin_locked_until.reset();
      store::users::update(s, *user);
      return Verdict{*user, std::nullopt};
    }
    user->pin_failed_attempts += 1;
    if (user->pin_failed_attempts >= settings_.pin_lockout.max_failures) {
      user->pin_locked_until = now + settings_.pin_lockout.lockout;
      user->pin_failed_attempts = 0;
      audit(s, std::nullopt, "user.pin_locked", user->id, now);
    }
    store::users::update(s, *user);
    return Verdict{std::nullopt, wrong};
  });
  if (!verdict) return verdict.error();
  if (verdict->error) return *verdict->error;
  return *verdict->user;
}

Result<std::string> AccountService::rotate_feed_token(const Principal& principal) {
  const auto token = auth::random_token(24);
  const auto now = clock_.now();
  auto status = db_.transact(TxMode::write, [&](store::Session& s) -> Status {
    auto user = store::users::by_id(s, principal.user_id);
    if (!user) return Error::not_found("user not found");
    user->feed_token_hash = auth::sha256_hex(token);
    user->updated_at = now;
    store::users::update(s, *user);
    audit(s, principal.user_id, "user.rotate_feed_token", principal.user_id, now);
    return {};
  });
  if (!status) return status.error();
  return token;
}

Result<store::User> AccountService::user_for_feed_token(std::string_view token) {
  const auto invalid = Error::unauthorized("calendar feed token is invalid", "invalid_token");
  if (token.empty() || token.size() > 256) return invalid;
  const auto hash = auth::sha256_hex(token);
  return db_.transact(TxMode::read, [&](store::Session& s) -> Result<store::User> {
    auto user = store::users::by_feed_token_hash(s, hash);
    if (!user) return invalid;
    return *user;
  });
}

}  // namespace convonet::accounts
