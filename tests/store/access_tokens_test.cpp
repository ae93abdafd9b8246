// Personal access tokens: part of the storage contract, on every backend.
#include <gtest/gtest.h>

#include "backend_fixture.hpp"
#include "store/access_tokens.hpp"
#include "store/repositories.hpp"

namespace convonet::store::testing {
namespace {

class AccessTokenStore : public BackendTest {
 protected:
  AccessToken add_token(Id user, const std::string& name, const std::string& hash) {
    return write([&](Session& s) {
      AccessToken token;
      token.user_id = user;
      token.name = name;
      token.token_hash = hash;
      token.scopes = {"read", "write"};
      token.created_at = at(1000);
      token.expires_at = at(9000);
      return access_tokens::insert(s, token);
    });
  }
};

TEST_P(AccessTokenStore, RoundTripsByHash) {
  const Id user = add_minimal_user("a@example.com");
  const auto created = add_token(user, "laptop", "hash-1");
  EXPECT_GT(created.id, 0);
  auto found = read([&](Session& s) { return access_tokens::by_hash(s, "hash-1"); });
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->user_id, user);
  EXPECT_EQ(found->name, "laptop");
  EXPECT_EQ(found->scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_EQ(found->expires_at, at(9000));
  EXPECT_FALSE(found->revoked_at);
  EXPECT_FALSE(read([&](Session& s) { return access_tokens::by_hash(s, "hash-2"); }));
}

TEST_P(AccessTokenStore, RevokeTouchesOnlyTheOwnersLiveToken) {
  const Id alice = add_minimal_user("alice@example.com");
  const Id bob = add_minimal_user("bob@example.com");
  const auto token = add_token(alice, "ci", "hash-a");
  add_token(alice, "desk", "hash-b");
  add_token(bob, "bob", "hash-c");

  EXPECT_FALSE(
      write([&](Session& s) { return access_tokens::revoke(s, bob, token.id, at(2000)); }));
  EXPECT_TRUE(
      write([&](Session& s) { return access_tokens::revoke(s, alice, token.id, at(2000)); }));
  EXPECT_FALSE(
      write([&](Session& s) { return access_tokens::revoke(s, alice, token.id, at(3000)); }));

  auto live = read([&](Session& s) { return access_tokens::live_for_user(s, alice); });
  ASSERT_EQ(live.size(), 1u);
  EXPECT_EQ(live[0].name, "desk");
  EXPECT_EQ(read([&](Session& s) { return access_tokens::count_live_for_user(s, alice); }), 1);
  auto revoked = read([&](Session& s) { return access_tokens::by_hash(s, "hash-a"); });
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->revoked_at, at(2000));
}

TEST_P(AccessTokenStore, AHashIsUnique) {
  const Id user = add_minimal_user("a@example.com");
  add_token(user, "one", "same-hash");
  Status status = db->transact(TxMode::write, [&](Session& s) -> Status {
    AccessToken token;
    token.user_id = user;
    token.name = "two";
    token.token_hash = "same-hash";
    token.created_at = at(1000);
    access_tokens::insert(s, token);
    return {};
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::conflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessTokenStore,
                         ::testing::Values(Backend::sqlite_file, Backend::sqlite_memory,
                                           Backend::postgres),
                         backend_name);

}  // namespace
}  // namespace convonet::store::testing
