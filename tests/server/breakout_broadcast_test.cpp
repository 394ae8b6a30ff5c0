// Broadcast through the server's command path: each target room gets its chat.message (stored
// in its history, back after a restart) and its banner event; refusals change nothing.
#include "server_fixture.hpp"

namespace rtk::server::testing {
namespace {

struct BroadcastFixture : ServerFixture {
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
};

TEST_F(BroadcastFixture, EveryRoomGetsTheBannerAndTheChatMessage) {
  auto h = open(host);
  auto a = open(ada);
  auto b = open(bo);
  a.conn->clear();
  b.conn->clear();
  auto r = request(h, "connected_meetings.broadcast", {{"text", "5 minutes left"}});
  ASSERT_TRUE(r.contains("data")) << r.dump();
  EXPECT_EQ(r["data"]["meeting_ids"], (Json{rooms[0], rooms[1]}));
  for (Peer* p : {&a, &b}) {
    const Json* banner = p->last("connected_meetings.broadcast_message");
    ASSERT_TRUE(banner) << p->id;
    EXPECT_EQ((*banner)["data"]["message"]["text"], "5 minutes left");
    EXPECT_EQ((*banner)["data"]["message"]["display_name"], "host");
    EXPECT_EQ(p->count("chat.message"), 1u);
  }
  // the host, in the parent, got neither (not a target)
  EXPECT_EQ(h.count("connected_meetings.broadcast_message"), 0u);
  // in the room's chat history
  auto hist = request(a, "chat.history", Json::object());
  ASSERT_EQ(hist["data"]["messages"].size(), 1u);
  EXPECT_EQ(hist["data"]["messages"][0]["text"], "5 minutes left");
}

TEST_F(BroadcastFixture, ChosenRoomsOnlyAndRestFromTheApiKey) {
  auto a = open(ada);
  auto b = open(bo);
  a.conn->clear();
  b.conn->clear();
  auto r = http("POST", "/v2/meetings/" + mid + "/connected-meetings/broadcast",
                {{"text", "only B"}, {"meeting_ids", Json{rooms[1]}}}, 200);
  EXPECT_EQ(r["data"]["meeting_ids"], (Json{rooms[1]}));
  flush();
  EXPECT_EQ(a.count("connected_meetings.broadcast_message"), 0u);
  ASSERT_TRUE(b.last("connected_meetings.broadcast_message"));
  EXPECT_EQ(b.last("connected_meetings.broadcast_message")->at("data")["message"]["display_name"], "Host");
}

TEST_F(BroadcastFixture, RefusalsChangeNothing) {
  auto h = open(host);
  auto a = open(ada);
  auto denied = request(a, "connected_meetings.broadcast", {{"text", "hi"}});
  EXPECT_EQ(denied["error"]["code"], "permission_denied");
  auto big = request(h, "connected_meetings.broadcast", {{"text", std::string(1001, 'x')}});
  EXPECT_EQ(big["error"]["code"], "invalid_argument");
  auto ghost = request(h, "connected_meetings.broadcast", {{"text", "hi"}, {"meeting_ids", Json{rooms[0], "ghost"}}});
  EXPECT_EQ(ghost["error"]["code"], "not_found");
  auto rest = http("POST", "/v2/meetings/" + mid + "/connected-meetings/broadcast", {{"text", ""}}, 400);
  EXPECT_EQ(rest["error"]["code"], "invalid_argument");
  auto hist = request(a, "chat.history", Json::object());
  EXPECT_TRUE(hist["data"]["messages"].empty());
}

}  // namespace
}  // namespace rtk::server::testing
