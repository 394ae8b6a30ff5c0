// The breakout timer through the server's one command path: WebSocket and REST requests, the
// reducer's tick driven by App::tick() with the fixture's clock, the timer_update frames every
// room receives, and a restart (a new App on the same data dir) that keeps the deadline and
// closes an already-passed one at startup.
#include "server_fixture.hpp"

namespace rtk::server::testing {
namespace {

struct TimerFixture : ServerFixture {
  std::string mid;
  Added host, ada, bo;
  void SetUp() override {
    ServerFixture::SetUp();
    mid = meeting("Main");
    host = add(mid, "host", "group_call_host");
    ada = add(mid, "ada");
    bo = add(mid, "bo");
  }
  Json start_timed(Peer& h, std::int64_t duration_ms, std::optional<std::int64_t> grace = std::nullopt) {
    Json data{{"meetings", Json::array({Json{{"title", "A"}}, Json{{"title", "B"}}})},
              {"assignments", Json::array({Json{{"participant_id", ada.id}, {"meeting_index", 0}},
                                           Json{{"participant_id", bo.id}, {"meeting_index", 1}}})},
              {"duration_ms", duration_ms}};
    if (grace) data["grace_ms"] = *grace;
    return request(h, "connected_meetings.start", data);
  }
  void reopen_app() {
    flush();  // nothing of the old App may run after it is gone
    app.reset();
    Config c;
    c.data_dir = dir.path.string();
    c.api_key = "key";
    c.rate.commands_per_s = 1000;
    c.rate.commands_burst = 1000;
    auto a = App::create(
        c, [this] { return now; }, &scheduler);
    ASSERT_TRUE(a.ok()) << a.error().message;
    app = std::move(a).value();
  }
};

TEST_F(TimerFixture, StartWithDurationReachesEveryRoomWithTheServersNow) {
  auto h = open(host);
  auto a = open(ada);
  auto b = open(bo);
  auto r = start_timed(h, 600'000);
  ASSERT_TRUE(r.contains("data")) << r.dump();
  for (Peer* p : {&h, &a, &b}) {
    const Json* t = p->last("connected_meetings.timer_update");
    ASSERT_TRUE(t) << p->id;
    EXPECT_EQ((*t)["data"]["timer"]["deadline_ms"], now + 600'000);
    EXPECT_EQ((*t)["data"]["timer"]["grace_ms"], 60'000);
    EXPECT_EQ((*t)["data"]["reason"], "set");
    EXPECT_EQ((*t)["data"]["now_ms"], now);
  }
  // REST shows it with the group.
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["timer"]["deadline_ms"], now + 600'000);
}

TEST_F(TimerFixture, WarningThenCloseDrivenByTheClock) {
  auto h = open(host);
  auto a = open(ada);
  start_timed(h, 120'000, 30'000);
  a.conn->clear();
  now += 89'000;
  EXPECT_EQ(app->tick(), 0u);  // not due: no tick applied, no frame
  flush();
  EXPECT_EQ(a.count("connected_meetings.timer_update"), 0u);
  now += 1'000;
  EXPECT_EQ(app->tick(), 1u);
  flush();
  const Json* w = a.last("connected_meetings.timer_update");
  ASSERT_TRUE(w);
  EXPECT_EQ((*w)["data"]["reason"], "warning");
  EXPECT_EQ((*w)["data"]["timer"]["warned"], true);
  EXPECT_EQ(app->tick(), 0u);  // the warning goes out once
  a.conn->clear();
  now += 30'000;
  EXPECT_EQ(app->tick(), 1u);
  flush();
  const Json* x = a.last("connected_meetings.timer_update");
  ASSERT_TRUE(x);
  EXPECT_EQ((*x)["data"]["reason"], "expired");
  EXPECT_TRUE((*x)["data"]["timer"].is_null());
  EXPECT_EQ(a.count("connected_meetings.moving"), 1u);
  EXPECT_EQ(a.last("connected_meetings.moving")->at("data")["reason"], "breakout_closed");
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_TRUE(g["data"]["meetings"].empty());
  EXPECT_EQ(g["data"]["parent_meeting"]["participants"].size(), 3u);
}

TEST_F(TimerFixture, ExtendAndSetOverWsAndRestWithStableErrors) {
  auto h = open(host);
  auto a = open(ada);
  // No breakout yet: conflict, over both paths.
  auto none = request(h, "connected_meetings.timer", {{"duration_ms", 60'000}});
  EXPECT_EQ(none["error"]["code"], "conflict");
  auto rest_none = http("POST", "/v2/meetings/" + mid + "/connected-meetings/timer", {{"extend_ms", 60'000}}, 409);
  EXPECT_EQ(rest_none["error"]["code"], "conflict");
  start_timed(h, 600'000);
  const std::int64_t deadline = now + 600'000;
  // A participant without can_alter_connected_meetings: permission_denied, nothing changes.
  auto denied = request(a, "connected_meetings.timer", {{"extend_ms", 60'000}});
  EXPECT_EQ(denied["error"]["code"], "permission_denied");
  auto bad = request(h, "connected_meetings.timer", {{"extend_ms", 60'000}, {"duration_ms", 1}});
  EXPECT_EQ(bad["error"]["code"], "invalid_argument");
  auto tiny = request(h, "connected_meetings.timer", {{"duration_ms", 10}});
  EXPECT_EQ(tiny["error"]["code"], "invalid_argument");
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["timer"]["deadline_ms"], deadline);
  // The host extends over the WebSocket, the API key over REST.
  a.conn->clear();
  auto ext = request(h, "connected_meetings.timer", {{"extend_ms", 60'000}});
  ASSERT_TRUE(ext.contains("data")) << ext.dump();
  flush();
  EXPECT_EQ(a.last("connected_meetings.timer_update")->at("data")["reason"], "extended");
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/timer", {{"extend_ms", 60'000}}, 200);
  g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["timer"]["deadline_ms"], deadline + 120'000);
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/timer", {{"duration_ms", 5'000}, {"grace_ms", 1'000}}, 200);
  g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["timer"]["deadline_ms"], now + 5'000);
  // End early: close clears the timer for everyone.
  a.conn->clear();
  request(h, "connected_meetings.close", Json::object());
  flush();
  EXPECT_EQ(a.last("connected_meetings.timer_update")->at("data")["reason"], "cleared");
}

TEST_F(TimerFixture, AReconnectingParticipantLearnsTheRunningTimer) {
  auto h = open(host);
  start_timed(h, 600'000);
  now += 10'000;
  auto a = open(ada);
  const Json* t = a.last("connected_meetings.timer_update");
  ASSERT_TRUE(t);
  EXPECT_EQ((*t)["data"]["reason"], "current");
  EXPECT_EQ((*t)["data"]["timer"]["deadline_ms"], now - 10'000 + 600'000);
  EXPECT_EQ((*t)["data"]["now_ms"], now);
  // It comes after the participant's room.joined.
  const auto types = a.types();
  auto joined = std::find(types.begin(), types.end(), "room.joined");
  auto timer = std::find(types.begin(), types.end(), "connected_meetings.timer_update");
  EXPECT_LT(joined - types.begin(), timer - types.begin());
}

TEST_F(TimerFixture, TheDeadlineSurvivesARestart) {
  {
    auto h = open(host);
    start_timed(h, 600'000);
  }
  const std::int64_t deadline = now + 600'000;
  reopen_app();
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["timer"]["deadline_ms"], deadline);
  EXPECT_EQ(g["data"]["meetings"].size(), 2u);
  // Down through the deadline: the rooms close when the server starts.
  now = deadline + 5'000;
  reopen_app();
  g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_TRUE(g["data"]["meetings"].empty());
  EXPECT_TRUE(g["data"]["timer"].is_null());
  reopen_app();  // and it stays closed
  g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_TRUE(g["data"]["timer"].is_null());
}

}  // namespace
}  // namespace rtk::server::testing
