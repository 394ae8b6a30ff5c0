// The SFU controller against a fake Janus link: who subscribes to what, one update per
// affected subscriber computed as a diff, m-lines reused; and the mesh room cap.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <map>

#include "fake_janus.hpp"
#include "janus/sdp.hpp"
#include "janus/subscriptions.hpp"
#include "server_fixture.hpp"

namespace rtk::server::testing {
namespace {

TEST_F(SfuTest, RoomJoinedCarriesTheMediaModeAndIceServers) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  const Json* rj = a.last("room.joined");
  ASSERT_NE(rj, nullptr);
  EXPECT_EQ((*rj)["data"]["media"]["mode"], "sfu");
  EXPECT_EQ((*rj)["data"]["media"]["ice_servers"][0]["urls"][0], "stun:stun.example.org:3478");
  EXPECT_EQ((*rj)["data"]["limits"]["max_room_participants"], 0);  // no cap in sfu mode
}

TEST_F(SfuTest, EveryoneSubscribesToTheOthersOfItsMeetingAndAMoveIsOneDiffPerSubscriber) {
  auto mid = meeting();
  std::vector<Added> added;
  std::vector<Peer> peers;
  for (const char* n : {"a", "b", "c", "d"}) added.push_back(add(mid, n));
  for (const auto& x : added) peers.push_back(open(x));
  std::vector<Peer*> all;
  for (auto& p : peers) all.push_back(&p);
  for (auto& p : peers) send(p, "sfu.publish", {{"sdp", "offer-" + p.id}}, "pub");
  settle(all);

  ASSERT_EQ(janus.requests("create").size(), 1U);  // one VideoRoom for the group
  EXPECT_EQ(janus.requests("create")[0].body["room"], mid);
  EXPECT_EQ(janus.requests("create")[0].body["admin_key"], "ak");
  EXPECT_EQ(janus.requests("joinandconfigure").size(), 4U);
  for (auto& p : peers) {
    bool replied = false;
    for (const auto& f : p.conn->sent)
      if (f.value("id", "") == "pub" && f.contains("data")) replied = f["data"]["sdp"] == "answer-for-" + p.id;
    EXPECT_TRUE(replied) << p.id;
  }
  auto ids = [&](std::initializer_list<int> idx) {
    std::set<std::string> s;
    for (int i : idx) s.insert(peers[static_cast<std::size_t>(i)].id);
    return s;
  };
  EXPECT_EQ(offered_feeds(peers[0]), ids({1, 2, 3}));
  EXPECT_EQ(offered_feeds(peers[3]), ids({0, 1, 2}));
  Json subs = app->sfu()->subscriptions(mid);
  EXPECT_EQ(subs[peers[1].id]["feeds"].size(), 3U);

  // Breakout: {a, b} and {c, d}. Exactly one update per subscriber, a pure unsubscribe.
  const std::size_t before = janus.requests("update").size();
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/start",
       {{"meetings", {{{"title", "R1"}}, {{"title", "R2"}}}},
        {"assignments",
         {{{"participant_id", peers[0].id}, {"meeting_index", 0}},
          {{"participant_id", peers[1].id}, {"meeting_index", 0}},
          {{"participant_id", peers[2].id}, {"meeting_index", 1}},
          {{"participant_id", peers[3].id}, {"meeting_index", 1}}}}},
       201);
  settle(all);
  auto updates = janus.requests("update");
  ASSERT_EQ(updates.size() - before, 4U);
  for (std::size_t i = before; i < updates.size(); ++i) {
    EXPECT_FALSE(updates[i].body.contains("subscribe")) << updates[i].body.dump();
    EXPECT_EQ(updates[i].body["unsubscribe"].size(), 2U);
  }
  EXPECT_EQ(offered_feeds(peers[0]), ids({1}));
  EXPECT_EQ(offered_feeds(peers[2]), ids({3}));
  EXPECT_EQ(app->sfu()->subscriptions(mid)[peers[0].id]["feeds"], Json::array({peers[1].id}));
  // The publishers were never touched: no new joinandconfigure or configure.
  EXPECT_EQ(janus.requests("joinandconfigure").size(), 4U);
  EXPECT_TRUE(janus.requests("configure").empty());

  // Move c into a's room: a and b subscribe c; c swaps d for a and b; d drops c.
  const std::size_t before_move = janus.requests("update").size();
  const Json state = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"];
  std::string r1, r2;
  for (const auto& m : state["meetings"]) (m["title"] == "R1" ? r1 : r2) = m["id"].get<std::string>();
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
       {{"source_meeting_id", r2}, {"destination_meeting_id", r1}, {"participant_ids", {peers[2].id}}}, 200);
  settle(all);
  updates = janus.requests("update");
  ASSERT_EQ(updates.size() - before_move, 4U);
  for (std::size_t i = before_move; i < updates.size(); ++i) {
    std::set<std::string> sub, unsub;
    for (const auto& f : updates[i].body.value("subscribe", Json::array())) sub.insert(f["feed"]);
    for (const auto& f : updates[i].body.value("unsubscribe", Json::array())) unsub.insert(f["feed"]);
    for (const auto& f : sub) EXPECT_EQ(unsub.count(f), 0U) << "unsubscribed and resubscribed " << f;
  }
  EXPECT_EQ(offered_feeds(peers[2]), ids({0, 1}));
  EXPECT_EQ(offered_feeds(peers[3]), std::set<std::string>{});

  // Close: everyone sees everyone again; inactive m-lines were reused (6 per subscriber).
  http("POST", "/v2/meetings/" + mid + "/connected-meetings/close", Json::object(), 200);
  settle(all);
  for (std::size_t i = 0; i < peers.size(); ++i) {
    std::set<std::string> others;
    for (std::size_t j = 0; j < peers.size(); ++j)
      if (j != i) others.insert(peers[j].id);
    EXPECT_EQ(offered_feeds(peers[i]), others) << i;
  }
  for (const auto& [h, ls] : janus.mlines) EXPECT_EQ(ls.size(), 6U) << "handle " << h;
  EXPECT_EQ(janus.requests("join").size(), 4U);  // one subscriber handle each, for the whole stay
}

TEST_F(SfuTest, LeavingDropsTheFeedAndTearsTheHandlesDown) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  auto b = open(add(mid, "b"));
  send(a, "sfu.publish", {{"sdp", "o"}}, "pub");
  send(b, "sfu.publish", {{"sdp", "o"}}, "pub");
  settle({&a, &b});
  EXPECT_EQ(offered_feeds(a), std::set<std::string>{b.id});
  app->ws().on_close(*b.peer);
  settle({&a});
  EXPECT_EQ(janus.detached.size(), 2U);  // b's publisher and subscriber
  EXPECT_EQ(offered_feeds(a), std::set<std::string>{});
  EXPECT_FALSE(app->sfu()->subscriptions(mid).contains(b.id));
}

TEST_F(SfuTest, BadRequestsAndJanusErrorsAreStableErrors) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  auto r = request(a, "sfu.publish", {{"sdp", ""}});
  EXPECT_EQ(r["error"]["code"], "invalid_argument");
  r = request(a, "sfu.answer", {{"sdp", "x"}});
  EXPECT_EQ(r["error"]["code"], "conflict");  // no offer pending
  r = request(a, "sfu.trickle", {{"target", "sideways"}, {"candidate", "c"}});
  EXPECT_EQ(r["error"]["code"], "invalid_argument");
  janus.fail_request = "joinandconfigure";
  send(a, "sfu.publish", {{"sdp", "o"}}, "pub");
  settle({&a});
  const Json* last = nullptr;
  for (const auto& f : a.conn->sent)
    if (f.value("id", "") == "pub") last = &f;
  ASSERT_NE(last, nullptr);
  EXPECT_EQ((*last)["error"]["code"], "unavailable");
  janus.up = false;
  r = request(a, "sfu.publish", {{"sdp", "o"}});
  EXPECT_EQ(r["error"]["code"], "unavailable");
}

TEST_F(SfuTest, JanusLostThenBackResetsEveryoneAndTheRoomIsRecreatedOnTheNextPublish) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  auto b = open(add(mid, "b"));
  auto c = open(add(mid, "c"));  // subscribes only: no camera, no microphone
  send(a, "sfu.publish", {{"sdp", "o"}}, "pub");
  send(b, "sfu.publish", {{"sdp", "o"}}, "pub");
  settle({&a, &b});
  ASSERT_EQ(offered_feeds(a), std::set<std::string>{b.id});
  auto resets = [](const Peer& p) {
    std::vector<bool> out;
    for (const auto& f : p.conn->sent)
      if (f.value("type", "") == "sfu.reset") out.push_back(f["data"]["available"].get<bool>());
    return out;
  };

  janus.up = false;
  janus.on_state(false);  // what the Janus client does when its socket or session dies
  flush();
  EXPECT_EQ(resets(a), std::vector<bool>{false});
  EXPECT_EQ(resets(b), std::vector<bool>{false});
  EXPECT_EQ(resets(c), std::vector<bool>{false});  // its subscriber died too
  EXPECT_TRUE(app->sfu()->subscriptions(mid).empty());
  auto d = open(add(mid, "d"));  // joins while Janus is gone: nothing to lose, refused
  EXPECT_TRUE(resets(d).empty());
  EXPECT_EQ(request(d, "sfu.publish", {{"sdp", "o"}})["error"]["code"], "unavailable");

  janus.up = true;
  janus.rooms.clear();  // a restarted Janus has no rooms and no publishers
  janus.published.clear();
  janus.on_state(true);
  flush();
  EXPECT_EQ(resets(a), (std::vector<bool>{false, true}));
  EXPECT_EQ(resets(b), (std::vector<bool>{false, true}));
  EXPECT_EQ(resets(c), (std::vector<bool>{false, true}));
  EXPECT_EQ(resets(d), std::vector<bool>{true});  // refused meanwhile: told too
  const std::size_t creates = janus.requests("create").size();
  for (Peer* p : {&a, &b, &d}) send(*p, "sfu.publish", {{"sdp", "o2"}}, "pub2");
  settle({&a, &b, &c, &d});
  EXPECT_EQ(janus.requests("create").size(), creates + 1);  // the room again, once
  EXPECT_EQ(offered_feeds(a), (std::set<std::string>{b.id, d.id}));
  EXPECT_EQ(offered_feeds(c), (std::set<std::string>{a.id, b.id, d.id}));  // subscribes again
  // A second "up" with nobody orphaned tells nobody.
  janus.on_state(true);
  flush();
  EXPECT_EQ(resets(a).size(), 2U);
}

// What Chromium offers for a publisher with a camera and a microphone (trimmed).
const char* const kOffer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sendonly\r\na=msid:s a\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=mid:1\r\na=sendonly\r\na=msid:s v\r\n"
    "a=rtpmap:96 VP8/90000\r\n";

TEST(RestrictOffer, AForbiddenKindsSectionsBecomeInactiveAndTheRestIsUntouched) {
  auto all = janus::restrict_offer(kOffer, true, true);
  EXPECT_EQ(all.sdp, kOffer);
  EXPECT_TRUE(all.disabled.empty());
  auto no_video = janus::restrict_offer(kOffer, true, false);
  EXPECT_EQ(no_video.disabled, std::vector<std::string>{"video:1"});
  const std::string& s = no_video.sdp;
  const auto video_at = s.find("m=video");
  ASSERT_NE(video_at, std::string::npos);
  EXPECT_NE(s.find("a=sendonly", 0), std::string::npos);  // audio still sends
  EXPECT_LT(s.find("a=sendonly"), video_at);
  EXPECT_EQ(s.find("a=sendonly", video_at), std::string::npos);  // video does not
  EXPECT_NE(s.find("a=inactive", video_at), std::string::npos);
  EXPECT_EQ(s.size(), std::string(kOffer).size());  // sendonly -> inactive, same length
  auto nothing = janus::restrict_offer(kOffer, false, false);
  EXPECT_EQ(nothing.disabled, (std::vector<std::string>{"audio:0", "video:1"}));
  // A section with no direction line (sendrecv by default) gets one; \n-only SDP keeps \n.
  auto bare = janus::restrict_offer("v=0\nm=video 9 RTP/AVP 96\na=mid:v\n", true, false);
  EXPECT_EQ(bare.sdp, "v=0\nm=video 9 RTP/AVP 96\na=mid:v\na=inactive\n");
  EXPECT_EQ(janus::restrict_offer("", false, false).sdp, "");
}

TEST_F(SfuTest, APresetWithoutVideoPublishesNoVideoEvenIfThePageOffersIt) {
  http("POST", "/v2/presets",
       {{"name", "audio_only"}, {"permissions", {{"media", {{"video", {{"can_produce", "NOT_ALLOWED"}}}}}}}}, 201);
  auto mid = meeting();
  auto a = open(add(mid, "a", "audio_only"));
  auto b = open(add(mid, "b"));
  send(a, "sfu.publish", {{"sdp", kOffer}}, "pub");
  send(b, "sfu.publish", {{"sdp", kOffer}}, "pub");
  settle({&a, &b});
  auto joins = janus.requests("joinandconfigure");
  ASSERT_EQ(joins.size(), 2U);
  for (const auto& j : joins) {
    const std::string sdp = j.jsep["sdp"];
    const bool is_a = j.body["id"] == a.id;
    const auto video_at = sdp.find("m=video");
    EXPECT_EQ(sdp.find("a=inactive", video_at) != std::string::npos, is_a) << sdp;
    EXPECT_EQ(sdp.find("a=sendonly", video_at) != std::string::npos, !is_a) << sdp;
  }
  // and SetMedia for video stays refused by the same rule
  EXPECT_EQ(request(a, "self.media", {{"video_enabled", true}})["error"]["code"], "permission_denied");
}

TEST(SubscriptionDiff, NeverUnsubscribesAndResubscribesTheSameFeed) {
  const janus::FeedSet cur{"a", "b", "c"}, want{"b", "c", "d", "e"};
  auto d = janus::diff(cur, want);
  EXPECT_EQ(d.subscribe, (std::vector<std::string>{"d", "e"}));
  EXPECT_EQ(d.unsubscribe, (std::vector<std::string>{"a"}));
  EXPECT_TRUE(janus::diff(want, want).empty());
  auto body = janus::update_body(d);
  EXPECT_EQ(body["request"], "update");
  EXPECT_EQ(body["subscribe"].size(), 2U);
  EXPECT_EQ(body["unsubscribe"][0]["feed"], "a");
}

// ---- the mesh room cap ----

struct MeshCapTest : ServerFixture {
  void configure(Config& c) override { c.mesh_max_room = 2; }
};

TEST_F(MeshCapTest, JoiningOrMovingBeyondTheCapIsLimitExceededNamingSfu) {
  auto refused = [&](const Added& who) {
    auto auth = app->authorize_ws("/v2/ws?authToken=" + who.token);
    Peer p;
    p.peer = std::make_unique<WsPeer>(auth.claims.participant_id, auth.claims.meeting_id, p.conn, app->config().rate);
    const bool opened = app->ws().on_open(*p.peer);
    flush();
    EXPECT_FALSE(opened);
    if (p.conn->sent.empty()) return Json();
    return p.conn->sent.back()["error"];
  };
  auto mid = meeting();
  auto h = open(add(mid, "h", "group_call_host"));
  auto x = open(add(mid, "x"));
  EXPECT_EQ((*h.last("room.joined"))["data"]["limits"]["max_room_participants"], 2);
  EXPECT_EQ((*h.last("room.joined"))["data"]["media"]["mode"], "mesh");
  auto err = refused(add(mid, "y"));  // the parent holds h and x: y is the third
  EXPECT_EQ(err["code"], "limit_exceeded");
  EXPECT_NE(err["message"].get<std::string>().find("--media sfu"), std::string::npos);

  auto created = request(h, "connected_meetings.create", {{"meetings", {{{"title", "R"}}}}});
  const std::string room = created["data"]["meetings"][0]["id"];
  auto mv = request(h, "connected_meetings.move",
                    {{"source_meeting_id", mid}, {"destination_meeting_id", room}, {"participant_ids", {x.id}}});
  EXPECT_FALSE(mv.contains("error")) << mv.dump();
  auto z = open(add(mid, "z"));  // the parent has room for z now
  const auto version = http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"]["version"];
  auto mv2 = request(h, "connected_meetings.move",
                     {{"source_meeting_id", mid}, {"destination_meeting_id", room}, {"participant_ids", {h.id, z.id}}});
  EXPECT_EQ(mv2["error"]["code"], "limit_exceeded");
  EXPECT_NE(mv2["error"]["message"].get<std::string>().find("--media sfu"), std::string::npos);
  // refused: nothing changed
  EXPECT_EQ(http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"]["version"], version);
}

TEST_F(MeshCapTest, SfuRequestsInMeshModeAreRefused) {
  auto mid = meeting();
  auto a = open(add(mid, "a"));
  auto r = request(a, "sfu.publish", {{"sdp", "o"}});
  EXPECT_EQ(r["error"]["code"], "invalid_argument");
  EXPECT_NE(r["error"]["message"].get<std::string>().find("--media"), std::string::npos);
}

}  // namespace
}  // namespace rtk::server::testing
