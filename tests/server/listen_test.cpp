// Host listen-in on the server (issue 12): the command path over the WebSocket, the refusals,
// connected_meetings.listeners to whom it concerns and room.joined's `listeners`, the end of a
// listen on leave and on close, and the SFU: the listener's subscriber receives the listened
// room's feeds (receive-only: nobody there subscribes to it) and stop unsubscribes them.
#include <gtest/gtest.h>

#include "fake_janus.hpp"
#include "server_fixture.hpp"

namespace rtk::server::testing {
namespace {

struct ListenSfu : SfuTest {
  std::string mid, r1, r2;
  Added host_a, ada_a, bo_a, cy_a;
  void start_rooms() {
    mid = meeting();
    host_a = add(mid, "Hana Host", "group_call_host");
    ada_a = add(mid, "ada");
    bo_a = add(mid, "bo");
    cy_a = add(mid, "cy");
  }
  void breakout() {
    Json r = http("POST", "/v2/meetings/" + mid + "/connected-meetings/start",
                  {{"meetings", {{{"title", "Blue"}}, {{"title", "Red"}}}},
                   {"assignments",
                    {{{"participant_id", ada_a.id}, {"meeting_index", 0}},
                     {{"participant_id", bo_a.id}, {"meeting_index", 0}},
                     {{"participant_id", cy_a.id}, {"meeting_index", 1}}}}},
                  201)["data"];
    r1 = r["meetings"][0]["id"];
    r2 = r["meetings"][1]["id"];
  }
};

std::vector<std::string> listener_ids(const Json& frame) {
  std::vector<std::string> out;
  for (const auto& l : frame["data"]["listeners"]) out.push_back(l["participant_id"]);
  return out;
}

TEST_F(ListenSfu, HostReceivesTheListenedRoomsFeedsAndStopUnsubscribesThem) {
  start_rooms();
  auto host = open(host_a);
  auto ada = open(ada_a);
  auto bo = open(bo_a);
  auto cy = open(cy_a);
  std::vector<Peer*> all{&host, &ada, &bo, &cy};
  for (auto* p : all) send(*p, "sfu.publish", {{"sdp", "offer-" + p->id}}, "pub");
  settle(all);
  breakout();
  settle(all);
  EXPECT_EQ(offered_feeds(host), std::set<std::string>{});  // alone in the parent
  EXPECT_EQ(offered_feeds(ada), std::set<std::string>{bo.id});

  ada.conn->clear();
  cy.conn->clear();
  Json r = request(host, "connected_meetings.listen", {{"meeting_id", r1}});
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_EQ(r["data"]["meeting_id"], r1);
  // Blue's participants and the host are told; Red's are not.
  const Json* told = ada.last("connected_meetings.listeners");
  ASSERT_NE(told, nullptr);
  EXPECT_EQ(listener_ids(*told), std::vector<std::string>{host.id});
  EXPECT_EQ((*told)["data"]["listeners"][0]["display_name"], "Hana Host");
  EXPECT_EQ((*told)["data"]["listeners"][0]["meeting_id"], r1);
  EXPECT_EQ(cy.last("connected_meetings.listeners"), nullptr);
  ASSERT_NE(host.last("connected_meetings.listeners"), nullptr);
  EXPECT_EQ(listener_ids(*host.last("connected_meetings.listeners")), std::vector<std::string>{host.id});

  settle(all);
  EXPECT_EQ(offered_feeds(host), (std::set<std::string>{ada.id, bo.id}));
  Json subs = app->sfu()->subscriptions(mid);
  EXPECT_EQ(subs[host.id]["feeds"].size(), 2U);
  // Receive-only: nobody in Blue subscribes to the host; its own meeting is unchanged.
  EXPECT_EQ(subs[ada.id]["feeds"], Json::array({bo.id}));
  EXPECT_EQ(subs[bo.id]["feeds"], Json::array({ada.id}));
  EXPECT_TRUE(subs[cy.id]["feeds"].empty());
  const Json state = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"];
  EXPECT_EQ(state["parent_meeting"]["participants"].size(), 1U);  // the host is still in the parent
  ASSERT_EQ(state["listeners"].size(), 1U);                       // REST shows the listens
  EXPECT_EQ(state["listeners"][0]["participant_id"], host.id);
  EXPECT_EQ(state["listeners"][0]["meeting_id"], r1);

  // Someone who moves into Blue learns the listeners in its room.joined.
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
       {{"source_meeting_id", r2}, {"destination_meeting_id", r1}, {"participant_ids", {cy.id}}}, 200);
  settle(all);
  const Json* rj = cy.last("room.joined");
  ASSERT_NE(rj, nullptr);
  EXPECT_EQ((*rj)["data"]["meeting_id"], r1);
  ASSERT_EQ((*rj)["data"]["listeners"].size(), 1U);
  EXPECT_EQ((*rj)["data"]["listeners"][0]["participant_id"], host.id);
  EXPECT_EQ(offered_feeds(host), (std::set<std::string>{ada.id, bo.id, cy.id}));

  // Stop: the reply, the listeners (empty) to Blue, and one update that unsubscribes the feeds.
  ada.conn->clear();
  const std::size_t updates_before = janus.requests("update").size();
  r = request(host, "connected_meetings.stop_listening", Json::object());
  ASSERT_FALSE(r.contains("error")) << r.dump();
  EXPECT_TRUE(r["data"]["meeting_id"].is_null());
  ASSERT_NE(ada.last("connected_meetings.listeners"), nullptr);
  EXPECT_TRUE(ada.last("connected_meetings.listeners")->at("data").at("listeners").empty());
  settle(all);
  EXPECT_EQ(offered_feeds(host), std::set<std::string>{});
  const auto updates = janus.requests("update");
  ASSERT_GT(updates.size(), updates_before);
  EXPECT_EQ(updates.back().body["unsubscribe"].size(), 3U);
  // Stopping again changes nothing and says so the same way.
  ada.conn->clear();
  r = request(host, "connected_meetings.stop_listening", Json::object());
  EXPECT_TRUE(r["data"]["meeting_id"].is_null());
  EXPECT_EQ(ada.last("connected_meetings.listeners"), nullptr);
}

TEST_F(ListenSfu, RefusalsHaveStableCodesAndChangeNothing) {
  start_rooms();
  auto host = open(host_a);
  auto ada = open(ada_a);
  breakout();
  flush();
  EXPECT_EQ(request(ada, "connected_meetings.listen", {{"meeting_id", r2}})["error"]["code"], "permission_denied");
  EXPECT_EQ(request(host, "connected_meetings.listen", {{"meeting_id", "nope"}})["error"]["code"], "not_found");
  EXPECT_EQ(request(host, "connected_meetings.listen", {{"meeting_id", mid}})["error"]["code"], "invalid_argument");
  EXPECT_EQ(request(host, "connected_meetings.listen", Json::object())["error"]["code"], "invalid_argument");
  EXPECT_EQ(request(host, "connected_meetings.listen", {{"meeting_id", 5}})["error"]["code"], "invalid_argument");
  EXPECT_TRUE(app->registry().group(mid)->listening.empty());
  EXPECT_EQ(ada.last("connected_meetings.listeners"), nullptr);
}

TEST_F(ListenSfu, ListenEndsWhenTheHostLeavesAndWhenTheBreakoutCloses) {
  start_rooms();
  auto host = open(host_a);
  auto ada = open(ada_a);
  breakout();
  flush();
  ASSERT_FALSE(request(host, "connected_meetings.listen", {{"meeting_id", r1}}).contains("error"));
  ada.conn->clear();
  app->ws().on_close(*host.peer);
  flush();
  EXPECT_TRUE(app->registry().group(mid)->listening.empty());
  ASSERT_NE(ada.last("connected_meetings.listeners"), nullptr);
  EXPECT_TRUE(ada.last("connected_meetings.listeners")->at("data").at("listeners").empty());

  auto again = open(host_a);
  ASSERT_FALSE(request(again, "connected_meetings.listen", {{"meeting_id", r1}}).contains("error"));
  again.conn->clear();
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/close", Json::object(), 200);
  flush();
  EXPECT_TRUE(app->registry().group(mid)->listening.empty());
  ASSERT_NE(again.last("connected_meetings.listeners"), nullptr);
  EXPECT_TRUE(again.last("connected_meetings.listeners")->at("data").at("listeners").empty());
}

TEST_F(ListenSfu, ListenEndsWhenTheHostsPresetLosesTheAlterPermissionOverRest) {
  start_rooms();
  auto host = open(host_a);
  auto ada = open(ada_a);
  breakout();
  flush();
  ASSERT_FALSE(request(host, "connected_meetings.listen", {{"meeting_id", r1}}).contains("error"));
  ada.conn->clear();
  // an edit of the preset is no group command: the listen must still end at once
  http("PATCH", "/v2/presets/group_call_host",
       {{"permissions", {{"connected_meetings", {{"can_alter_connected_meetings", false}}}}}}, 200);
  flush();
  EXPECT_TRUE(app->registry().group(mid)->listening.empty());
  ASSERT_NE(ada.last("connected_meetings.listeners"), nullptr);
  EXPECT_TRUE(ada.last("connected_meetings.listeners")->at("data").at("listeners").empty());
}

TEST_F(ServerFixture, ListenInMeshModeIsRefusedNamingSfu) {
  auto mid = meeting();
  auto host = open(add(mid, "host", "group_call_host"));
  Json r =
      http("POST", "/v2/meetings/" + mid + "/connected-meetings", {{"meetings", {{{"title", "Blue"}}}}}, 201)["data"];
  const std::string r1 = r["meetings"][0]["id"];
  Json reply = request(host, "connected_meetings.listen", {{"meeting_id", r1}});
  EXPECT_EQ(reply["error"]["code"], "unavailable");
  EXPECT_NE(reply["error"]["message"].get<std::string>().find("--media sfu"), std::string::npos);
}

}  // namespace
}  // namespace rtk::server::testing
