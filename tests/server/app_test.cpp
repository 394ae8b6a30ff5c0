// The App without sockets: REST through handle_http, WebSocket peers with fake connections.
#include "app.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"
#include "log.hpp"

using namespace rtk;
using namespace rtk::server;
using rtk::server::testing::FakeConnection;
using rtk::server::testing::TempDir;

namespace {

struct AppFixture : ::testing::Test {
  TempDir dir;
  std::int64_t now = 1'700'000'000'000;
  std::unique_ptr<App> app;

  void SetUp() override {
    set_log_enabled(false);
    Config c;
    c.data_dir = dir.path.string();
    c.api_key = "key";
    c.rate.commands_per_s = 5;
    c.rate.commands_burst = 5;
    auto a = App::create(c, [this] { return now; });
    ASSERT_TRUE(a.ok()) << a.error().message;
    app = std::move(a).value();
  }

  Json http(const std::string& method, const std::string& target, const Json& body = nullptr, int want = 0) {
    HttpRequest r{method, target, "Bearer key", body.is_null() ? "" : body.dump()};
    HttpResponse res = app->handle_http(r);
    if (want) {
      EXPECT_EQ(res.status, want) << method << " " << target << " " << res.body;
    }
    return Json::parse(res.body);
  }

  struct Peer {
    std::shared_ptr<FakeConnection> conn = std::make_shared<FakeConnection>();
    std::unique_ptr<WsPeer> peer;
  };

  Peer open(const std::string& token) {
    auto auth = app->authorize_ws("/v2/ws?authToken=" + token);
    EXPECT_TRUE(auth.ok) << auth.reason;
    Peer p;
    p.peer = std::make_unique<WsPeer>(auth.claims.participant_id, auth.claims.meeting_id, p.conn, app->config().rate);
    EXPECT_TRUE(app->ws().on_open(*p.peer));
    return p;
  }

  Json request(Peer& p, const std::string& type, const Json& data) {
    p.conn->clear();
    app->ws().on_frame(*p.peer, Json{{"v", 1}, {"id", "q"}, {"type", type}, {"data", data}}.dump());
    EXPECT_FALSE(p.conn->sent.empty());
    return p.conn->sent.empty() ? Json() : p.conn->sent.back();
  }
};

}  // namespace

TEST_F(AppFixture, DefaultPresetsAndTokenChecks) {
  auto presets = http("GET", "/v2/presets", nullptr, 200);
  EXPECT_EQ(presets["data"].size(), 2u);
  auto m = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"];
  auto p = http("POST", "/v2/meetings/" + m["id"].get<std::string>() + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  const std::string token = p["token"];
  EXPECT_TRUE(app->authorize_ws("/v2/ws?authToken=" + token).ok);
  EXPECT_EQ(app->authorize_ws("/v2/ws").reason, "token_malformed");
  now += 2LL * 86400 * 1000;  // past the default 24 h lifetime
  EXPECT_EQ(app->authorize_ws("/v2/ws?authToken=" + token).reason, "token_expired");
}

TEST_F(AppFixture, RefusedCommandChangesNothingAndAnswersWithTheCode) {
  const std::string mid = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"]["id"];
  auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  Peer peer = open(p["token"]);
  const Json before = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  Json r = request(peer, "connected_meetings.create", {{"meetings", {{{"title", "x"}}}}});
  EXPECT_EQ(r["id"], "q");
  EXPECT_EQ(r["error"]["code"], "permission_denied");
  EXPECT_EQ(http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200), before);
}

TEST_F(AppFixture, RateLimitRefillsWithTheClock) {
  const std::string mid = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"]["id"];
  auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  Peer peer = open(p["token"]);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(request(peer, "session.ping", Json::object()).contains("data"));
  EXPECT_EQ(request(peer, "session.ping", Json::object())["error"]["code"], "rate_limited");
  // relay frames use their own bucket
  EXPECT_EQ(request(peer, "rtc.offer", {{"to", "nobody"}, {"sdp", "x"}})["error"]["code"], "not_found");
  now += 1000;
  EXPECT_TRUE(request(peer, "session.ping", Json::object()).contains("data"));
}

TEST_F(AppFixture, MalformedFramesGetErrorReplies) {
  const std::string mid = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"]["id"];
  auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  Peer peer = open(p["token"]);
  for (const char* f : {"", "nope", "{}", "[]", R"({"v":1,"id":"z","type":"x.y"})", R"({"v":1,"type":"error"})",
                        R"({"v":1,"type":"connected_meetings.move","data":{"source_meeting_id":1}})"}) {
    peer.conn->clear();
    app->ws().on_frame(*peer.peer, f);
    ASSERT_EQ(peer.conn->sent.size(), 1u) << f;
    EXPECT_EQ(peer.conn->sent[0]["error"]["code"], "invalid_argument") << f;
  }
  EXPECT_EQ(peer.conn->close_code, 0);
}

TEST_F(AppFixture, ReopenReplacesAndCloseOfTheOldSocketDoesNotDisconnect) {
  const std::string mid = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"]["id"];
  auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  Peer first = open(p["token"]);
  Peer second = open(p["token"]);
  EXPECT_EQ(first.conn->types().back(), "session.ended");
  EXPECT_EQ(first.conn->close_code, 1000);
  app->ws().on_close(*first.peer);  // the old socket finishes closing
  auto st = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"];
  EXPECT_EQ(st["parent_meeting"]["participants"][0]["connected"], true);
  app->ws().on_close(*second.peer);
  st = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"];
  EXPECT_EQ(st["parent_meeting"]["participants"][0]["connected"], false);
}

TEST_F(AppFixture, BadRestInputNeverThrows) {
  for (const char* body : {"", "{", "null", "[]", "\"s\"", "{\"title\":{}}", "{\"meetings\":[{}]}"}) {
    for (const char* target : {"/v2/meetings", "/v2/presets", "/v2/meetings/x/connected-meetings", "/v2/%zz"}) {
      HttpRequest r{"POST", target, "Bearer key", body};
      HttpResponse res = app->handle_http(r);
      EXPECT_GE(res.status, 200);
      EXPECT_FALSE(Json::parse(res.body, nullptr, false).is_discarded());
    }
  }
}

TEST_F(AppFixture, InactiveEndsSessionsAndTheirCloseCountsAsLeave) {
  const std::string mid = http("POST", "/v2/meetings", {{"title", "T"}}, 201)["data"]["id"];
  auto p = http("POST", "/v2/meetings/" + mid + "/participants",
                {{"custom_participant_id", "u"}, {"preset_name", "group_call_participant"}}, 201)["data"];
  Peer peer = open(p["token"]);
  EXPECT_EQ(http("GET", "/v2/meetings/" + mid + "/active-session", nullptr, 200)["data"]["live_participants"], 1);
  http("PATCH", "/v2/meetings/" + mid, {{"status", "INACTIVE"}}, 200);
  EXPECT_EQ(peer.conn->types().back(), "session.ended");
  EXPECT_EQ(peer.conn->close_code, 1000);
  app->ws().on_close(*peer.peer);
  EXPECT_EQ(http("GET", "/v2/meetings/" + mid + "/active-session", nullptr, 200)["data"]["live_participants"], 0);
  EXPECT_EQ(app->hub().size(), 0u);
}
