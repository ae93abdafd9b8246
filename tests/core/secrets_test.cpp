#include "core/secrets.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

namespace convonet {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("convonet-secrets-" + random_hex(8));
    settings_.data_dir = dir_.string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  Settings settings_;
};

TEST_F(SecretsTest, GeneratedOnceWithPrivateModeAndKeptAcrossRestarts) {
  auto first = load_or_create_secrets(settings_);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_GE(first->jwt_secret.size(), 32u);
  EXPECT_GE(first->pin_pepper.size(), 32u);
  EXPECT_NE(first->jwt_secret, first->pin_pepper);

  struct stat info {};
  ASSERT_EQ(::stat((dir_ / "secrets.toml").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);

  auto second = load_or_create_secrets(settings_);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->jwt_secret, first->jwt_secret);
  EXPECT_EQ(second->pin_pepper, first->pin_pepper);
  EXPECT_EQ(second->jwt_key_id, first->jwt_key_id);
}

TEST_F(SecretsTest, ConfiguredSecretsWinAndNeedNoFile) {
  settings_.jwt_secret = std::string(40, 'j');
  settings_.pin_pepper = std::string(40, 'p');
  auto secrets = load_or_create_secrets(settings_);
  ASSERT_TRUE(secrets);
  EXPECT_EQ(secrets->jwt_secret, settings_.jwt_secret);
  EXPECT_EQ(secrets->pin_pepper, settings_.pin_pepper);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "secrets.toml"));
}

TEST(RandomHex, HasTheRequestedLengthAndDiffers) {
  const auto a = random_hex(16);
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, random_hex(16));
}

}  // namespace
}  // namespace convonet
