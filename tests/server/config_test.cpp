#include "config.hpp"

#include <gtest/gtest.h>

#include <map>

using namespace rtk::server;

namespace {
Getenv env(std::map<std::string, std::string> m) {
  return [m = std::move(m)](const char* k) -> const char* {
    auto it = m.find(k);
    return it == m.end() ? nullptr : it->second.c_str();
  };
}
}  // namespace

TEST(Config, Defaults) {
  auto c = parse_config({}, env({}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "127.0.0.1");
  EXPECT_EQ(c->port, 8080);
  EXPECT_EQ(c->data_dir, "./var");
  EXPECT_EQ(c->token_ttl_s, 86400);
  EXPECT_EQ(c->max_meetings, 100);
  EXPECT_FALSE(c->help);
}

TEST(Config, FlagsAndEnvironmentFlagWins) {
  auto c = parse_config({"--port", "0", "--data-dir=/tmp/x", "--static-dir", "web", "--token-ttl", "60"},
                        env({{"RTK_PORT", "9000"}, {"RTK_API_KEY", "k"}, {"RTK_HOST", "0.0.0.0"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->port, 0);
  EXPECT_EQ(c->data_dir, "/tmp/x");
  EXPECT_EQ(c->static_dir, "web");
  EXPECT_EQ(c->api_key, "k");
  EXPECT_EQ(c->host, "0.0.0.0");
  EXPECT_EQ(c->token_ttl_s, 60);
}

TEST(Config, MaxMeetingsFromFlagOrEnvironment) {
  auto f = parse_config({"--max-meetings", "8"}, env({{"RTK_MAX_MEETINGS", "20"}}));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->max_meetings, 8);
  auto e = parse_config({}, env({{"RTK_MAX_MEETINGS", "20"}}));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->max_meetings, 20);
  EXPECT_FALSE(parse_config({"--max-meetings", "0"}, env({})).ok());
  EXPECT_FALSE(parse_config({"--max-meetings", "1001"}, env({})).ok());
  auto bad = parse_config({}, env({{"RTK_MAX_MEETINGS", "many"}}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("RTK_MAX_MEETINGS"), std::string::npos);
}

TEST(Config, BadInputIsAnErrorNamingTheFlag) {
  auto unknown = parse_config({"--nope", "1"}, env({}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("--nope"), std::string::npos);
  EXPECT_FALSE(parse_config({"--port", "70000"}, env({})).ok());
  EXPECT_FALSE(parse_config({"--port", "12ab"}, env({})).ok());
  EXPECT_FALSE(parse_config({"--port"}, env({})).ok());
  EXPECT_FALSE(parse_config({"--rate-limit", "-1"}, env({})).ok());
  auto badenv = parse_config({}, env({{"RTK_TOKEN_TTL", "soon"}}));
  ASSERT_FALSE(badenv.ok());
  EXPECT_NE(badenv.error().message.find("RTK_TOKEN_TTL"), std::string::npos);
}

TEST(Config, HelpListsEveryFlagAndVariable) {
  auto c = parse_config({"--help"}, env({}));
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->help);
  const std::string u = usage();
  for (const char* s : {"--host", "RTK_HOST", "--port", "RTK_PORT", "--data-dir", "RTK_DATA_DIR", "--static-dir",
                        "RTK_STATIC_DIR", "--api-key", "RTK_API_KEY", "--token-ttl", "RTK_TOKEN_TTL", "--rate-limit",
                        "RTK_RATE_LIMIT", "--relay-rate-limit", "--max-meetings", "RTK_MAX_MEETINGS"})
    EXPECT_NE(u.find(s), std::string::npos) << s;
}

TEST(Config, MediaFlagsAndVariables) {
  auto d = parse_config({}, env({}));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->media, "mesh");
  EXPECT_EQ(d->mesh_max_room, 6);
  EXPECT_EQ(d->video_slots, 9);
  EXPECT_EQ(d->janus_url, "ws://127.0.0.1:8188");
  EXPECT_TRUE(d->ice_servers.empty());

  auto c =
      parse_config({"--media", "sfu", "--janus-url", "ws://127.0.0.2:8188", "--mesh-max-room", "0", "--video-slots",
                    "4", "--ice-servers", "stun:stun.example.org:3478,turn:turn.example.org:3478?transport=udp"},
                   env({{"RTK_JANUS_API_SECRET", "s3"}, {"RTK_JANUS_ADMIN_KEY", "ak"}, {"RTK_MEDIA", "mesh"}}));
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->media, "sfu");  // the flag wins over RTK_MEDIA
  EXPECT_EQ(c->janus_url, "ws://127.0.0.2:8188");
  EXPECT_EQ(c->janus_api_secret, "s3");
  EXPECT_EQ(c->janus_admin_key, "ak");
  EXPECT_EQ(c->mesh_max_room, 0);
  EXPECT_EQ(c->video_slots, 4);
  ASSERT_EQ(c->ice_servers.size(), 2U);
  EXPECT_EQ(c->ice_servers[1], "turn:turn.example.org:3478?transport=udp");

  auto e = parse_config({}, env({{"RTK_MEDIA", "sfu"},
                                 {"RTK_MESH_MAX_ROOM", "12"},
                                 {"RTK_ICE_SERVERS", "stun:a:1"},
                                 {"RTK_VIDEO_SLOTS", "16"}}));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->media, "sfu");
  EXPECT_EQ(e->mesh_max_room, 12);
  EXPECT_EQ(e->video_slots, 16);
  EXPECT_EQ(e->ice_servers, std::vector<std::string>{"stun:a:1"});

  for (const std::vector<std::string>& bad : {std::vector<std::string>{"--media", "p2p"},
                                              {"--mesh-max-room", "-1"},
                                              {"--video-slots", "0"},
                                              {"--video-slots", "65"},
                                              {"--video-slots", "four"},
                                              {"--janus-url", "http://x"},
                                              {"--ice-servers", "http://stun.example.org"},
                                              {"--ice-servers", "stun:a,"}}) {
    auto r = parse_config(bad, env({}));
    ASSERT_FALSE(r.ok()) << bad[0] << " " << bad[1];
    EXPECT_EQ(r.error().code, rtk::ErrorCode::invalid_argument);
    EXPECT_NE(r.error().message.find(bad[0]), std::string::npos) << r.error().message;
  }
}

TEST(Config, WsIdleTimeoutFlagAndVariable) {
  auto d = parse_config({}, env({}));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ws_idle_timeout_s, 60);
  auto e = parse_config({}, env({{"RTK_WS_IDLE_TIMEOUT", "5"}}));
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->ws_idle_timeout_s, 5);
  auto f = parse_config({"--ws-idle-timeout", "2"}, env({{"RTK_WS_IDLE_TIMEOUT", "5"}}));
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f->ws_idle_timeout_s, 2);
  for (const char* bad : {"0", "-3", "86401", "1.5", "soon", ""})
    EXPECT_FALSE(parse_config({"--ws-idle-timeout", bad}, env({})).ok()) << bad;
  auto badenv = parse_config({}, env({{"RTK_WS_IDLE_TIMEOUT", "never"}}));
  ASSERT_FALSE(badenv.ok());
  EXPECT_NE(badenv.error().message.find("RTK_WS_IDLE_TIMEOUT"), std::string::npos);
  const std::string u = usage();
  EXPECT_NE(u.find("--ws-idle-timeout"), std::string::npos);
  EXPECT_NE(u.find("RTK_WS_IDLE_TIMEOUT"), std::string::npos);
}
