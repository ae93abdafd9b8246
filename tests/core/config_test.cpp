#include "core/config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <utility>
#include <vector>

namespace convonet {
namespace {

EnvLookup env_of(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::string write_temp(const std::string& content) {
  auto path =
      std::filesystem::temp_directory_path() /
      ("convonet-config-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".toml");
  std::ofstream(path) << content;
  return path.string();
}

TEST(Settings, DefaultsServeSqliteInTheDataDir) {
  auto s = load_settings(std::nullopt, env_of({}));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->listen, "127.0.0.1:8080");
  EXPECT_EQ(s->cache_url, "memory://");
  EXPECT_EQ(s->effective_database_url(), "sqlite://./data/convonet.db");
}

TEST(Settings, EnvironmentOverridesFileOverridesDefaults) {
  const auto file = write_temp(
      "listen = \"0.0.0.0:9000\"\ncache_url = \"redis://127.0.0.1:6379\"\nworker_threads = 4\n");
  auto s = load_settings(file, env_of({{"CONVONET_LISTEN", "127.0.0.1:9100"},
                                       {"CONVONET_DATA_DIR", "/var/lib/convonet"}}));
  std::filesystem::remove(file);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->listen, "127.0.0.1:9100");
  EXPECT_EQ(s->cache_url, "redis://127.0.0.1:6379");
  EXPECT_EQ(s->worker_threads, 4);
  EXPECT_EQ(s->effective_database_url(), "sqlite:///var/lib/convonet/convonet.db");
  auto endpoint = s->listen_endpoint();
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->first, "127.0.0.1");
  EXPECT_EQ(endpoint->second, 9100);
}

TEST(Settings, UnknownKeysAndWrongTypesAreErrors) {
  const auto typo = write_temp("lisen = \"127.0.0.1:1\"\n");
  auto s = load_settings(typo, env_of({}));
  std::filesystem::remove(typo);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("lisen"), std::string::npos);

  const auto wrong = write_temp("worker_threads = \"many\"\n");
  auto w = load_settings(wrong, env_of({}));
  std::filesystem::remove(wrong);
  EXPECT_FALSE(w);
}

TEST(Settings, RejectsBadValues) {
  EXPECT_FALSE(load_settings(std::nullopt, env_of({{"CONVONET_LISTEN", "nonsense"}})));
  EXPECT_FALSE(load_settings(std::nullopt, env_of({{"CONVONET_LISTEN", "127.0.0.1:70000"}})));
  EXPECT_FALSE(load_settings(std::nullopt, env_of({{"CONVONET_WORKER_THREADS", "0"}})));
  EXPECT_FALSE(load_settings(std::nullopt, env_of({{"CONVONET_LOG_LEVEL", "loud"}})));
  EXPECT_FALSE(load_settings(std::nullopt, env_of({{"CONVONET_JWT_SECRET", "short"}})));
  EXPECT_FALSE(load_settings("/nonexistent/convonet.toml", env_of({})));
}

TEST(Settings, TrustedProxiesAreAddresses) {
  auto none = load_settings(std::nullopt, env_of({}));
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->trusted_proxies.empty());
  auto s = load_settings(std::nullopt,
                         env_of({{"CONVONET_TRUSTED_PROXIES", " 10.0.0.1, ::1 ,,192.168.1.2"}}));
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->trusted_proxies, (std::vector<std::string>{"10.0.0.1", "::1", "192.168.1.2"}));
  auto bad = load_settings(std::nullopt, env_of({{"CONVONET_TRUSTED_PROXIES", "10.0.0.1, proxy"}}));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "invalid_config");
}

TEST(Settings, LlmBackendIsOffByDefault) {
  auto s = load_settings(std::nullopt, env_of({}));
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->llm_url.empty());
  EXPECT_TRUE(s->llm_model.empty());
  EXPECT_TRUE(s->llm_api_key.empty());
  EXPECT_EQ(s->llm_timeout, std::chrono::seconds(10));
  EXPECT_EQ(s->llm_max_tool_rounds, 4);
}

TEST(Settings, LlmBackendFromFileAndEnvironment) {
  const auto file = write_temp(
      "llm_url = \"http://127.0.0.1:8000/v1\"\nllm_model = \"local-model\"\n"
      "llm_timeout = 20\nllm_max_tool_rounds = 3\n");
  auto s = load_settings(file, env_of({{"CONVONET_LLM_MODEL", "gpt-4o-mini"},
                                       {"CONVONET_LLM_API_KEY", "sk-test-key"},
                                       {"CONVONET_LLM_TIMEOUT", "15"}}));
  std::filesystem::remove(file);
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->llm_url, "http://127.0.0.1:8000/v1");
  EXPECT_EQ(s->llm_model, "gpt-4o-mini");
  EXPECT_EQ(s->llm_api_key, "sk-test-key");
  EXPECT_EQ(s->llm_timeout, std::chrono::seconds(15));
  EXPECT_EQ(s->llm_max_tool_rounds, 3);
}

TEST(Settings, LlmUrlIsHttpsOrOnThisMachine) {
  for (const char* url :
       {"https://api.openai.com/v1", "http://localhost:8000/v1", "http://127.0.0.1:8000/v1",
        "http://[::1]:8000/v1", "http://LOCALHOST/v1"}) {
    auto s = load_settings(std::nullopt, env_of({{"CONVONET_LLM_URL", url}}));
    EXPECT_TRUE(s) << url << ": " << (s ? "" : s.error().message);
  }
}

TEST(Settings, RejectsBadLlmValuesWithoutEchoingTheKey) {
  const std::string key = "sk-secret-0123456789";
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"CONVONET_LLM_URL", "ftp://model"},
           {"CONVONET_LLM_URL", "http://example.com/v1"},
           {"CONVONET_LLM_URL", "http://10.0.0.5:8000/v1"},
           {"CONVONET_LLM_URL", "http://127.evil.com/v1"},
           {"CONVONET_LLM_TIMEOUT", "0"},
           {"CONVONET_LLM_TIMEOUT", "ten"},
           {"CONVONET_LLM_MAX_TOOL_ROUNDS", "0"},
           {"CONVONET_LLM_MAX_TOOL_ROUNDS", "17"}}) {
    auto s = load_settings(std::nullopt, env_of({{"CONVONET_LLM_API_KEY", key}, {name, value}}));
    ASSERT_FALSE(s) << name << "=" << value;
    EXPECT_EQ(s.error().message.find(key), std::string::npos) << s.error().message;
  }
  const auto typo =
      write_temp(std::string("llm_api_key = \"").append(key).append("\"\nllm_modle = \"x\"\n"));
  auto s = load_settings(typo, env_of({}));
  std::filesystem::remove(typo);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("llm_modle"), std::string::npos);
  EXPECT_EQ(s.error().message.find(key), std::string::npos);
}

}  // namespace
}  // namespace convonet
