#include "auth/pin.hpp"

#include <gtest/gtest.h>

#include <string>

#include "auth/crypto.hpp"

namespace convonet::auth {
namespace {

constexpr std::string_view kPepper = "a server-side pepper of decent length";

TEST(PinPolicy, AcceptsFourToEightDigits) {
  for (const char* pin : {"2580", "1357", "8264", "13579", "271828", "3141592", "90210486"}) {
    EXPECT_TRUE(check_pin_policy(pin).ok()) << pin;
  }
}

TEST(PinPolicy, RejectsWrongLengthOrNonDigits) {
  for (const char* pin : {"", "258", "258013579", "25a0", "25 0", "-258", "٣٤٥٦", "2580\n"}) {
    const auto status = check_pin_policy(pin);
    ASSERT_FALSE(status.ok()) << pin;
    EXPECT_EQ(status.error().kind, ErrorKind::unprocessable);
    EXPECT_NE(status.error().message.find("4 to 8 digits"), std::string::npos);
  }
  EXPECT_FALSE(check_pin_policy(std::string("25\0"
                                            "80",
                                            5))
                   .ok());
}

TEST(PinPolicy, RejectsOneRepeatedDigit) {
  for (const char* pin : {"0000", "1111", "99999999"}) {
    const auto status = check_pin_policy(pin);
    ASSERT_FALSE(status.ok()) << pin;
    EXPECT_NE(status.error().message.find("repeat"), std::string::npos);
  }
}

TEST(PinPolicy, RejectsSimpleRuns) {
  for (const char* pin :
       {"1234", "4321", "0123", "3210", "12345678", "87654321", "7890", "0987", "9012", "2109"}) {
    const auto status = check_pin_policy(pin);
    ASSERT_FALSE(status.ok()) << pin;
    EXPECT_NE(status.error().message.find("sequence"), std::string::npos);
  }
}

TEST(PinPolicy, AcceptsNearRuns) {
  for (const char* pin : {"1235", "1243", "4320", "1122", "1212"}) {
    EXPECT_TRUE(check_pin_policy(pin).ok()) << pin;
  }
}

TEST(PinHash, IsTheDocumentedHmac) {
  EXPECT_EQ(hash_pin(kPepper, 42, "2580"), hmac_sha256_hex(kPepper, "pin:42:2580"));
  EXPECT_EQ(hash_pin(kPepper, 42, "2580").size(), 64u);
}

TEST(PinHash, DiffersAcrossUsersPeppersAndPins) {
  const auto base = hash_pin(kPepper, 1, "2580");
  EXPECT_NE(base, hash_pin(kPepper, 2, "2580"));
  EXPECT_NE(base, hash_pin("another pepper", 1, "2580"));
  EXPECT_NE(base, hash_pin(kPepper, 1, "2581"));
  // The separator keeps user 1 + PIN "12580" apart from user 11 + PIN "2580".
  EXPECT_NE(hash_pin(kPepper, 1, "12580"), hash_pin(kPepper, 11, "2580"));
}

TEST(PinVerify, AcceptsOnlyTheSameUserPepperAndPin) {
  const auto stored = hash_pin(kPepper, 7, "2580");
  EXPECT_TRUE(verify_pin(kPepper, 7, "2580", stored));
  EXPECT_FALSE(verify_pin(kPepper, 7, "2581", stored));
  EXPECT_FALSE(verify_pin(kPepper, 8, "2580", stored));
  EXPECT_FALSE(verify_pin("another pepper", 7, "2580", stored));
  EXPECT_FALSE(verify_pin(kPepper, 7, "2580", ""));
  EXPECT_FALSE(verify_pin(kPepper, 7, "2580", stored.substr(1)));
}

TEST(PinLockoutPolicy, DefaultsToFiveFailuresAndFifteenMinutes) {
  const PinLockoutPolicy policy;
  EXPECT_EQ(policy.max_failures, 5);
  EXPECT_EQ(policy.lockout, std::chrono::minutes(15));
}

}  // namespace
}  // namespace convonet::auth
