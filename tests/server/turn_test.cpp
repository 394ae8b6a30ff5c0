// TURN credentials (issue 10): coturn's use-auth-secret scheme, per participant, with the join;
// the relay-only policy; and the config checks around them.
#include <gtest/gtest.h>

#include "server_fixture.hpp"
#include "turn.hpp"

namespace rtk::server::testing {
namespace {

TEST(Turn, PasswordIsBase64OfHmacSha1OfTheUsername) {
  // printf '%s' "1700003600:p-1" | openssl dgst -sha1 -hmac "s3cret" -binary | base64
  EXPECT_EQ(turn_password("s3cret", "1700003600:p-1"), "v7SZ2ViFxIvtg40LMymB8x6VOhQ=");
  EXPECT_NE(turn_password("other", "1700003600:p-1"), turn_password("s3cret", "1700003600:p-1"));
}

TEST(Turn, StunAndTurnUrlsAreSplitAndOnlyTurnGetsCredentials) {
  IceConfig ice{
      {"stun:s.example:3478", "turn:t.example:3478?transport=udp", "turns:t.example:5349"}, "s3cret", 3600, "relay"};
  const auto m = media_for("sfu", ice, "p-1", 1'700'000'000'123);
  EXPECT_EQ(m.mode, "sfu");
  EXPECT_EQ(m.ice_transport_policy, "relay");
  ASSERT_EQ(m.ice_servers.size(), 2U);
  EXPECT_EQ(m.ice_servers[0].urls, std::vector<std::string>{"stun:s.example:3478"});
  EXPECT_TRUE(m.ice_servers[0].username.empty());
  EXPECT_TRUE(m.ice_servers[0].credential.empty());
  EXPECT_EQ(m.ice_servers[1].urls.size(), 2U);
  EXPECT_EQ(m.ice_servers[1].username, "1700003600:p-1");  // now (s) + ttl : participant
  EXPECT_EQ(m.ice_servers[1].credential, "v7SZ2ViFxIvtg40LMymB8x6VOhQ=");

  ice.turn_secret.clear();  // no secret: the URLs as given
  const auto bare = media_for("mesh", ice, "p-1", 0);
  ASSERT_EQ(bare.ice_servers.size(), 2U);
  EXPECT_TRUE(bare.ice_servers[1].username.empty());
  EXPECT_TRUE(media_for("mesh", IceConfig{}, "p", 0).ice_servers.empty());
}

TEST(Turn, ConfigFlagsAndTheirChecks) {
  auto env = [](std::map<std::string, std::string> vars) {
    return [vars](const char* k) -> const char* {
      auto it = vars.find(k);
      return it == vars.end() ? nullptr : it->second.c_str();
    };
  };
  auto d = parse_config({}, env({}));
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->turn_secret.empty());
  EXPECT_EQ(d->turn_ttl_s, 86400);
  EXPECT_EQ(d->ice_transport_policy, "all");

  auto c = parse_config({"--ice-servers", "turn:127.0.0.2:3478", "--turn-secret", "s", "--turn-ttl", "600",
                         "--ice-transport-policy", "relay"},
                        env({}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->turn_secret, "s");
  EXPECT_EQ(c->turn_ttl_s, 600);
  EXPECT_EQ(c->ice_transport_policy, "relay");
  auto e = parse_config({}, env({{"RTK_ICE_SERVERS", "turns:t:5349"}, {"RTK_TURN_SECRET", "x"}}));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->turn_secret, "x");

  for (const auto& [bad, needle] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--turn-ttl", "5"}, "--turn-ttl"},
           {{"--turn-secret", ""}, "--turn-secret"},
           {{"--ice-transport-policy", "none"}, "--ice-transport-policy"},
           {{"--ice-servers", "stun:a:1", "--turn-secret", "s"}, "--turn-secret needs a turn:"},
           {{"--ice-transport-policy", "relay"}, "relay needs a turn:"}}) {
    auto r = parse_config(bad, env({}));
    ASSERT_FALSE(r.ok()) << bad[0];
    EXPECT_EQ(r.error().code, rtk::ErrorCode::invalid_argument);
    EXPECT_NE(r.error().message.find(needle), std::string::npos) << r.error().message;
  }
}

struct TurnServerTest : ServerFixture {
  void configure(Config& c) override {
    c.ice_servers = {"stun:127.0.0.2:3478", "turn:127.0.0.2:3478?transport=udp"};
    c.turn_secret = "shared";
    c.turn_ttl_s = 600;
    c.ice_transport_policy = "relay";
  }
};

TEST_F(TurnServerTest, EachParticipantGetsItsOwnCredentialsWithTheJoin) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  auto b = open(add(mid, "b"));
  const Json* ra = a.last("room.joined");
  const Json* rb = b.last("room.joined");
  ASSERT_NE(ra, nullptr);
  ASSERT_NE(rb, nullptr);
  const Json& media = (*ra)["data"]["media"];
  EXPECT_EQ(media["ice_transport_policy"], "relay");
  ASSERT_EQ(media["ice_servers"].size(), 2U);
  EXPECT_FALSE(media["ice_servers"][0].contains("username"));
  const Json& ta = media["ice_servers"][1];
  const Json& tb = (*rb)["data"]["media"]["ice_servers"][1];
  EXPECT_EQ(ta["urls"][0], "turn:127.0.0.2:3478?transport=udp");
  EXPECT_EQ(ta["username"], std::to_string(now / 1000 + 600) + ":" + a.id);
  EXPECT_EQ(ta["credential"], turn_password("shared", ta["username"].get<std::string>()));
  EXPECT_EQ(tb["username"], std::to_string(now / 1000 + 600) + ":" + b.id);
  EXPECT_NE(ta["credential"], tb["credential"]);

  // A later join (a reconnect) gets credentials that expire later.
  now += 60'000;
  auto a2 = open(add(mid, "c"));
  EXPECT_EQ((*a2.last("room.joined"))["data"]["media"]["ice_servers"][1]["username"],
            std::to_string(now / 1000 + 600) + ":" + a2.id);
}

}  // namespace
}  // namespace rtk::server::testing
