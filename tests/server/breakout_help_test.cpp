// Ask for help through the server: the queue reaches hosts whole and the asker only its own,
// a host's one-click join resolves it, it is sent again on reconnect and survives a restart.
#include "server_fixture.hpp"

namespace rtk::server::testing {
namespace {

struct HelpFixture : ServerFixture {
  std::string mid;
  Added host, ada, bo;
  std::vector<std::string> rooms;
  void SetUp() override {
    ServerFixture::SetUp();
    mid = meeting("Main");
    host = add(mid, "host", "group_call_host");
    ada = add(mid, "ada");
    bo = add(mid, "bo");
    auto r = http("POST", "/v2/meetings/" + mid + "/connected-meetings/start",
                  {{"meetings", Json::array({Json{{"title", "A"}}, Json{{"title", "B"}}})},
                   {"assignments", Json::array({Json{{"participant_id", ada.id}, {"meeting_index", 0}},
                                                Json{{"participant_id", bo.id}, {"meeting_index", 1}}})}},
                  201);
    for (const auto& m : r["data"]["meetings"]) rooms.push_back(m["id"]);
  }
  void reopen_app() {
    flush();  // nothing of the old App may run after it is gone
    app.reset();
    Config c;
    c.data_dir = dir.path.string();
    c.api_key = "key";
    auto a = App::create(
        c, [this] { return now; }, &scheduler);
    ASSERT_TRUE(a.ok()) << a.error().message;
    app = std::move(a).value();
  }
};

TEST_F(HelpFixture, HostsSeeTheQueueTheAskerItsOwnOthersNothing) {
  auto h = open(host);
  auto a = open(ada);
  auto b = open(bo);
  auto r = request(a, "connected_meetings.help", Json::object());
  ASSERT_TRUE(r.contains("data")) << r.dump();
  flush();
  const Json* hq = h.last("connected_meetings.help_queue");
  ASSERT_TRUE(hq);
  ASSERT_EQ((*hq)["data"]["requests"].size(), 1u);
  EXPECT_EQ((*hq)["data"]["requests"][0]["participant_id"], ada.id);
  EXPECT_EQ((*hq)["data"]["requests"][0]["meeting_id"], rooms[0]);
  EXPECT_EQ((*hq)["data"]["requests"][0]["meeting_title"], "A");
  EXPECT_EQ((*hq)["data"]["requests"][0]["time_ms"], now);
  EXPECT_EQ(a.last("connected_meetings.help_queue")->at("data")["requests"].size(), 1u);
  EXPECT_TRUE(b.last("connected_meetings.help_queue")->at("data")["requests"].empty());
  // the REST view lists it
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_EQ(g["data"]["help"].size(), 1u);
  // twice: conflict
  EXPECT_EQ(request(a, "connected_meetings.help", Json::object())["error"]["code"], "conflict");
  // bo may not cancel ada's
  EXPECT_EQ(request(b, "connected_meetings.help_cancel", {{"participant_id", ada.id}})["error"]["code"],
            "permission_denied");
}

TEST_F(HelpFixture, AHostJoiningTheRoomResolvesIt) {
  auto h = open(host);
  auto a = open(ada);
  request(a, "connected_meetings.help", Json::object());
  h.conn->clear();
  auto mv = request(h, "connected_meetings.move",
                    {{"source_meeting_id", mid}, {"destination_meeting_id", rooms[0]}, {"participant_ids", {host.id}}});
  ASSERT_TRUE(mv.contains("data")) << mv.dump();
  const Json* hq = h.last("connected_meetings.help_queue");
  ASSERT_TRUE(hq);
  EXPECT_TRUE((*hq)["data"]["requests"].empty());
  EXPECT_TRUE(a.last("connected_meetings.help_queue")->at("data")["requests"].empty());
}

TEST_F(HelpFixture, SentOnReconnectAndKeptAcrossARestart) {
  {
    auto a = open(ada);
    request(a, "connected_meetings.help", Json::object());
  }
  reopen_app();
  auto g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  ASSERT_EQ(g["data"]["help"].size(), 1u);
  auto h = open(host);
  const Json* hq = h.last("connected_meetings.help_queue");
  ASSERT_TRUE(hq);
  EXPECT_EQ((*hq)["data"]["requests"][0]["participant_id"], ada.id);
  auto b = open(bo);
  EXPECT_FALSE(b.last("connected_meetings.help_queue"));  // nothing to see: nothing sent
  // the API key cancels it (it must name the participant)
  auto bad = http("POST", "/v2/meetings/" + mid + "/connected-meetings/help/cancel", Json::object(), 400);
  EXPECT_EQ(bad["error"]["code"], "invalid_argument");
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/help/cancel", {{"participant_id", ada.id}}, 200);
  reopen_app();
  g = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200);
  EXPECT_TRUE(g["data"]["help"].empty());
}

}  // namespace
}  // namespace rtk::server::testing
