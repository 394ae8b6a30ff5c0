// The v2 fan-out against the real App (REST, WebSocket handler, SQLite) with fake connections and
// a ManualScheduler: bursts coalesce into one frame per recipient, presence is not versioned,
// room events stay in their meeting, scopes decide who sees what, permissions follow changes.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

using namespace rtk;
using namespace rtk::server;
using rtk::server::testing::ServerFixture;

namespace {

struct FanoutTest : ServerFixture {
  std::string mid;
  std::uint64_t version() {
    return http("GET", "/v2/meetings/" + mid + "/connected-meetings", nullptr, 200)["data"]["version"];
  }
  std::vector<std::string> create_rooms(int n) {
    Json ms = Json::array();
    for (int i = 0; i < n; ++i) ms.push_back({{"title", "Room " + std::to_string(i + 1)}});
    auto r = http("POST", "/v2/meetings/" + mid + "/connected-meetings", {{"meetings", ms}}, 201)["data"];
    std::vector<std::string> ids;
    for (const auto& m : r["meetings"]) ids.push_back(m["id"]);
    return ids;
  }
  void move(const std::string& from, const std::string& to, const std::vector<std::string>& ids) {
    http("POST", "/v2/meetings/" + mid + "/connected-meetings/move",
         {{"source_meeting_id", from}, {"destination_meeting_id", to}, {"participant_ids", ids}}, 200);
  }
  void clear(std::vector<Peer*> peers) {
    for (auto* p : peers) p->conn->clear();
  }
};

}  // namespace

TEST_F(FanoutTest, BurstOfMovesGivesEachRecipientOneDelta) {
  mid = meeting();
  auto host = open(add(mid, "host", "group_call_host"));
  std::vector<Peer> peers;
  for (int i = 0; i < 30; ++i) peers.push_back(open(add(mid, "p" + std::to_string(i))));
  auto rooms = create_rooms(5);
  flush();
  const std::uint64_t v0 = version();
  host.conn->clear();
  for (auto& p : peers) p.conn->clear();
  const auto flushes = app->fanout().flushes();
  for (int i = 0; i < 10; ++i)
    move(mid, rooms[static_cast<std::size_t>(i % 5)], {peers[static_cast<std::size_t>(i)].id});
  EXPECT_EQ(host.conn->sent.size(), 0u) << "nothing goes out before the burst ends";
  flush();
  EXPECT_EQ(app->fanout().flushes(), flushes + 1);
  EXPECT_EQ(version(), v0 + 10);
  for (auto* p : [&] {
         std::vector<Peer*> all{&host};
         for (auto& q : peers) all.push_back(&q);
         return all;
       }()) {
    ASSERT_EQ(p->count("connected_meetings.delta"), 1u) << p->id;
    const Json& d = p->last("connected_meetings.delta")->at("data");
    EXPECT_EQ(d["from_version"], v0);
    EXPECT_EQ(d["version"], v0 + 10);
    EXPECT_EQ(d["participants_upserted"].size(), 10u);
  }
  // movers: delta, moving, room.joined of the destination; stayers in the parent: one room.update
  EXPECT_EQ(peers[0].types(),
            (std::vector<std::string>{"connected_meetings.delta", "connected_meetings.moving", "room.joined"}));
  EXPECT_EQ(peers[0].last("connected_meetings.moving")->at("data")["reason"], "moved_by_host");
  EXPECT_EQ(peers[0].last("room.joined")->at("data")["meeting_id"], rooms[0]);
  EXPECT_EQ(peers[20].types(), (std::vector<std::string>{"connected_meetings.delta", "room.update"}));
  EXPECT_EQ(peers[20].last("room.update")->at("data")["events"].size(), 10u);  // ten left, one frame
  // a participant who was already in room 1 before the burst would get one room.update for it
  move(mid, rooms[0], {peers[29].id});
  flush();
  clear({&peers[0], &peers[29]});
  move(mid, rooms[0], {peers[25].id});
  move(mid, rooms[0], {peers[26].id});
  flush();
  EXPECT_EQ(peers[29].types(), (std::vector<std::string>{"connected_meetings.delta", "room.update"}));
  EXPECT_EQ(peers[29].last("room.update")->at("data")["meeting_id"], rooms[0]);
}

TEST_F(FanoutTest, PresenceIsNotVersionedAndGoesToTheFullScopeOnly) {
  mid = meeting();
  auto host = open(add(mid, "host", "group_call_host"));
  auto a = open(add(mid, "a"));
  auto rooms = create_rooms(1);
  auto b = open(add(mid, "b"));
  move(mid, rooms[0], {b.id});
  flush();
  const std::uint64_t v0 = version();
  clear({&host, &a, &b});
  auto c_added = add(mid, "c");  // adding a participant is durable: a delta
  flush();
  clear({&host, &a, &b});
  auto c = open(c_added);
  EXPECT_EQ(version(), v0 + 1) << "connecting does not raise the version";
  EXPECT_EQ(host.types(), (std::vector<std::string>{"connected_meetings.presence", "room.update"}));
  EXPECT_EQ(host.last("connected_meetings.presence")->at("data")["participants"],
            (Json::array({{{"id", c.id}, {"connected", true}}})));
  EXPECT_EQ(a.types(), (std::vector<std::string>{"room.update"})) << "roster scope: no presence";
  EXPECT_TRUE(b.types().empty()) << "c joined the parent; b is in a room";
  clear({&host, &a, &b, &c});
  EXPECT_TRUE(request(c, "self.media", {{"audio_enabled", true}}).contains("data"));
  EXPECT_EQ(version(), v0 + 1) << "media does not raise the version";
  EXPECT_EQ(host.types(), (std::vector<std::string>{"room.update"})) << "media is not group presence";
  EXPECT_EQ(host.last("room.update")->at("data")["events"][0]["type"], "media");
  EXPECT_TRUE(b.types().empty());
  // A burst of media toggles by one participant: only the last one goes out.
  clear({&host, &a});
  for (bool on : {false, true, false}) send(c, "self.media", {{"audio_enabled", on}});
  flush();
  ASSERT_EQ(a.count("room.update"), 1u);
  const Json& ev = a.last("room.update")->at("data")["events"];
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0]["audio_enabled"], false);
}

TEST_F(FanoutTest, ScopesDecideWhoSeesWhat) {
  mid = meeting();
  Json viewer_preset = {{"name", "viewer"},
                        {"permissions",
                         {{"connected_meetings",
                           {{"can_alter_connected_meetings", false},
                            {"can_switch_connected_meetings", false},
                            {"can_switch_to_parent_meeting", false}}}}}};
  http("POST", "/v2/presets", viewer_preset, 201);
  auto rooms = create_rooms(2);
  auto host = open(add(mid, "host", "group_call_host"));
  auto roster = open(add(mid, "r"));
  auto summary = open(add(mid, "s", "viewer"));
  const Json& hs = host.last("connected_meetings.state")->at("data");
  const Json& rs = roster.last("connected_meetings.state")->at("data");
  const Json& ss = summary.last("connected_meetings.state")->at("data");
  EXPECT_EQ(hs["scope"], "full");
  EXPECT_EQ(rs["scope"], "roster");
  EXPECT_EQ(ss["scope"], "summary");
  EXPECT_EQ(hs["parent_meeting"]["participants"][0]["connected"], true);
  EXPECT_FALSE(rs["parent_meeting"]["participants"][0].contains("connected"));
  EXPECT_FALSE(ss["parent_meeting"].contains("participants") && !ss["parent_meeting"]["participants"].empty());
  EXPECT_EQ(ss["parent_meeting"]["participant_count"], 3);
  clear({&host, &roster, &summary});
  move(mid, rooms[0], {roster.id});
  flush();
  const Json& sd = summary.last("connected_meetings.delta")->at("data");
  EXPECT_TRUE(!sd.contains("participants_upserted") || sd["participants_upserted"].empty());
  EXPECT_EQ(sd["counts"].size(), 2u);  // the parent and room 1
  const Json& rd = roster.last("connected_meetings.delta")->at("data");
  // a pure move: the id and the destination, not the record
  EXPECT_EQ(rd["participants_upserted"][0], (Json{{"meeting_id", rooms[0]}, {"id", roster.id}, {"reposition", true}}));
}

TEST_F(FanoutTest, GetRepliesWithTheVersionAfterTheStateFrames) {
  mid = meeting();
  auto a = open(add(mid, "a"));
  Json r = request(a, "connected_meetings.get", Json::object());
  EXPECT_EQ(a.types(), (std::vector<std::string>{"connected_meetings.state", "connected_meetings.get"}));
  EXPECT_EQ(r["data"], (Json{{"version", version()}}));
}

TEST_F(FanoutTest, ChatAndPollsStayInTheirMeeting) {
  mid = meeting();
  auto rooms = create_rooms(1);
  auto a = open(add(mid, "a"));
  auto b = open(add(mid, "b"));
  auto c = open(add(mid, "c"));
  move(mid, rooms[0], {c.id});
  flush();
  clear({&a, &b, &c});
  Json r = request(a, "chat.send", {{"text", "hello"}});
  EXPECT_EQ(r["data"]["message"]["text"], "hello");
  EXPECT_EQ(a.types(), (std::vector<std::string>{"chat.message", "chat.send"}));
  EXPECT_EQ(b.types(), (std::vector<std::string>{"chat.message"}));
  EXPECT_TRUE(c.types().empty());
}

TEST_F(FanoutTest, AFullRoomStillJoinsInBoundedFrames) {
  mid = meeting();
  auto rooms = create_rooms(1);
  std::vector<Peer> peers;
  for (int i = 0; i < 200; ++i) {
    auto ad = add(mid, std::string(200, static_cast<char>('a' + i % 26)) + std::to_string(i));
    peers.push_back(open(ad, false));
  }
  flush();
  // The chat is full of the longest messages the core accepts.
  for (std::size_t i = 0; i < kMaxChatHistory + 10; ++i) {
    auto r = app->service().handle(Caller{mid, peers[i % peers.size()].id}, "chat.send",
                                   {{"text", std::string(kMaxChatTextBytes, 'x')}});
    ASSERT_TRUE(r.ok()) << r.error().message;
  }
  flush();
  auto late = open(add(mid, "late"));
  std::size_t biggest = 0;
  std::vector<proto::RoomJoined> parts;
  for (const auto& f : late.conn->sent) {
    biggest = std::max(biggest, f.dump().size());
    if (f["type"] == "room.joined") {
      auto part = proto::decode<proto::RoomJoined>(f["data"]);
      ASSERT_TRUE(part.ok()) << part.error().message;
      parts.push_back(std::move(part).value());
    }
  }
  EXPECT_LE(biggest, proto::kMaxFrameBytes);
  EXPECT_GT(parts.size(), 1u) << "200 long names and a full chat page do not fit one part";
  auto whole = proto::join_parts(parts);
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(whole->participants.size(), 200u);
  const Json joined_chat = proto::to_json(*whole);
  EXPECT_EQ(joined_chat["chat"].size(), proto::kChatPageSize);
  EXPECT_EQ(joined_chat["chat_has_more"], true);
  // older history by pages, each bounded, until the start
  std::optional<std::string> before = joined_chat["chat"][0]["id"].get<std::string>();
  std::size_t total = joined_chat["chat"].size();
  for (int guard = 0; before && guard < 30; ++guard) {
    Json r = request(late, "chat.history", {{"before_id", *before}});
    ASSERT_TRUE(r.contains("data")) << r.dump().substr(0, 300);
    EXPECT_LE(r.dump().size(), proto::kMaxFrameBytes);
    total += r["data"]["messages"].size();
    before.reset();
    if (r["data"]["has_more"] == true) before = r["data"]["messages"][0]["id"].get<std::string>();
  }
  EXPECT_EQ(total, kMaxChatHistory + 10) << "every message is reachable by paging";
}

TEST_F(FanoutTest, PermissionsFollowPresetChangesAndNothingFiresWithoutAChange) {
  mid = meeting();
  auto a = open(add(mid, "a"));
  auto host = open(add(mid, "host", "group_call_host"));
  EXPECT_EQ(a.count("session.permissions"), 0u);
  // the participant's preset changes to the host's: a full view and new permissions
  clear({&a, &host});
  http("PATCH", "/v2/meetings/" + mid + "/participants/" + a.id, {{"preset_name", "group_call_host"}}, 200);
  flush();
  ASSERT_EQ(a.count("session.permissions"), 1u);
  EXPECT_EQ(a.last("session.permissions")->at("data")["preset"]["name"], "group_call_host");
  EXPECT_EQ(a.last("connected_meetings.state")->at("data")["scope"], "full");
  // a change of a preset's permissions reaches every participant with that preset
  const std::string pid = "group_call_host";  // a preset is addressed by id or name
  clear({&a, &host});
  http("PATCH", "/v2/presets/" + pid,
       {{"permissions", {{"polls", {{"can_create", false}, {"can_vote", true}, {"can_view", true}}}}}}, 200);
  flush();
  EXPECT_EQ(a.count("session.permissions"), 1u);
  EXPECT_EQ(host.count("session.permissions"), 1u);
  // a preset edit that changes nothing fires nothing
  clear({&a, &host});
  http("PATCH", "/v2/presets/" + pid,
       {{"permissions", {{"polls", {{"can_create", false}, {"can_vote", true}, {"can_view", true}}}}}}, 200);
  flush();
  EXPECT_EQ(a.count("session.permissions"), 0u);
  EXPECT_EQ(host.count("session.permissions"), 0u);
}

TEST_F(FanoutTest, RemovedParticipantsSessionEnds) {
  mid = meeting();
  auto a = open(add(mid, "a"));
  auto b = open(add(mid, "b"));
  clear({&a, &b});
  http("DELETE", "/v2/meetings/" + mid + "/participants/" + a.id, nullptr, 200);
  flush();
  EXPECT_EQ(a.types().back(), "session.ended");
  EXPECT_EQ(a.last("session.ended")->at("data")["reason"], "participant_removed");
  EXPECT_EQ(a.conn->close_code, 1000);
  EXPECT_EQ(b.count("room.update"), 1u);
  EXPECT_EQ(b.last("room.update")->at("data")["events"][0]["type"], "left");
}
