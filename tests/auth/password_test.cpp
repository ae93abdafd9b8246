#include "auth/password.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <string>

namespace convonet::auth {
namespace {

std::string must_hash(std::string_view password) {
  auto hash = hash_password(password, minimal_cost());
  EXPECT_TRUE(hash.ok());
  return hash.ok() ? *hash : std::string();
}

TEST(PasswordCost, NamesLibsodiumsPresets) {
  EXPECT_EQ(interactive_cost().ops_limit, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  EXPECT_EQ(interactive_cost().mem_limit, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  EXPECT_EQ(minimal_cost().ops_limit, crypto_pwhash_OPSLIMIT_MIN);
  EXPECT_EQ(minimal_cost().mem_limit, crypto_pwhash_MEMLIMIT_MIN);
}

TEST(PasswordHash, IsArgon2idWithTheRequestedCost) {
  const auto hash = must_hash("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
}

TEST(PasswordHash, VerifiesTheRightPasswordOnly) {
  const auto hash = must_hash("correct horse battery staple");
  EXPECT_TRUE(verify_password("correct horse battery staple", hash));
  EXPECT_FALSE(verify_password("correct horse battery stapl", hash));
  EXPECT_FALSE(verify_password("Correct horse battery staple", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(PasswordHash, SaltsEveryHash) {
  const auto a = must_hash("same password");
  const auto b = must_hash("same password");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password("same password", a));
  EXPECT_TRUE(verify_password("same password", b));
}

TEST(PasswordHash, HandlesBinaryAndNonAsciiPasswords) {
  const std::string with_nul("pass\0word", 9);
  const auto hash = must_hash(with_nul);
  EXPECT_TRUE(verify_password(with_nul, hash));
  EXPECT_FALSE(verify_password("pass", hash));  // not truncated at the NUL

  const auto unicode = must_hash("pässwörd ☃");
  EXPECT_TRUE(verify_password("pässwörd ☃", unicode));
}

TEST(PasswordHash, RejectsACostBelowLibsodiumsMinimum) {
  EXPECT_FALSE(hash_password("password", {0, crypto_pwhash_MEMLIMIT_MIN}).ok());
}

TEST(PasswordVerify, RejectsMalformedHashes) {
  const auto hash = must_hash("password123");
  EXPECT_FALSE(verify_password("password123", ""));
  EXPECT_FALSE(verify_password("password123", "password123"));
  EXPECT_FALSE(verify_password("password123", "$argon2id$"));
  EXPECT_FALSE(verify_password("password123", hash.substr(0, hash.size() - 1)));
  EXPECT_FALSE(verify_password("password123", hash + "A"));
  EXPECT_FALSE(verify_password("password123", std::string(1000, '$')));
  auto with_nul = hash;
  with_nul[5] = '\0';
  EXPECT_FALSE(verify_password("password123", with_nul));
  auto flipped = hash;  // a character inside the digest, not its trailing bits
  auto& c = flipped[flipped.size() - 10];
  c = c == 'A' ? 'B' : 'A';
  EXPECT_FALSE(verify_password("password123", flipped));
}

TEST(PasswordPolicy, AcceptsEightToTwoHundredFiftySixBytes) {
  EXPECT_TRUE(check_password_policy("12345678").ok());
  EXPECT_TRUE(check_password_policy(std::string(256, 'x')).ok());
  EXPECT_TRUE(check_password_policy("pässwörd").ok());
  EXPECT_TRUE(check_password_policy("日本語のパス").ok());  // 6 characters, 18 bytes
}

TEST(PasswordPolicy, RejectsTooShortOrTooLong) {
  for (const std::string& password :
       {std::string(), std::string("1234567"), std::string(257, 'x')}) {
    const auto status = check_password_policy(password);
    ASSERT_FALSE(status.ok()) << password.size();
    EXPECT_EQ(status.error().kind, ErrorKind::unprocessable);
    EXPECT_EQ(status.error().code, "validation_failed");
    EXPECT_FALSE(status.error().message.empty());
  }
  EXPECT_NE(check_password_policy("short").error().message.find("at least 8"), std::string::npos);
  EXPECT_NE(check_password_policy(std::string(300, 'x')).error().message.find("256"),
            std::string::npos);
}

TEST(PasswordPolicy, RejectsInvalidUtf8) {
  for (const std::string& password : {
           std::string("password\xff"),          // never valid
           std::string("password\xc3"),          // truncated sequence
           std::string("password\xc0\xaf"),      // overlong '/'
           std::string("password\xed\xa0\x80"),  // UTF-16 surrogate
       }) {
    const auto status = check_password_policy(password);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().kind, ErrorKind::unprocessable);
    EXPECT_NE(status.error().message.find("UTF-8"), std::string::npos);
  }
}

}  // namespace
}  // namespace convonet::auth
