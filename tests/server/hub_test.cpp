// Fan-out order of docs/protocol.md "Sequences", with fake connections.
#include "hub.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

using namespace rtk;
using namespace rtk::server;
using rtk::server::testing::FakeConnection;

namespace {

struct HubFixture : ::testing::Test {
  Registry reg;
  Hub hub{reg};
  std::map<std::string, std::shared_ptr<FakeConnection>> conns;

  void SetUp() override {
    PresetRecord pr{default_participant_preset(), 0, 0};
    pr.preset.id = "pp";
    reg.presets["pp"] = pr;
    GroupState s = make_group("parent", "Parent");
    for (const char* id : {"a", "b", "c", "d", "off"})
      s.parent.participants.push_back(Participant{id, id, "group_call_participant", id, std::string(id) != "off"});
    s.meetings.push_back(Meeting{"r1", "Room 1", {}});
    reg.groups["parent"].state = s;
    for (const char* id : {"a", "b", "c", "d"}) {
      conns[id] = std::make_shared<FakeConnection>();
      EXPECT_EQ(hub.attach(id, conns[id]), nullptr);
    }
  }

  Applied run(const Command& c) {
    auto r = apply(reg.groups["parent"].state, c, Actor::system(), 0);
    EXPECT_TRUE(r.ok()) << r.error().message;
    reg.groups["parent"].state = r->state;
    return *r;
  }
};

}  // namespace

TEST_F(HubFixture, MoveFanOutOrder) {
  run(cmd::MoveParticipants{"parent", "r1", {"c"}, std::nullopt});  // c already in r1
  for (auto& [id, c] : conns) c->clear();
  auto a = run(cmd::MoveParticipants{"parent", "r1", {"a", "off"}, std::nullopt});
  hub.fanout(reg.groups["parent"], a.events);
  // moved: moving, room.joined (destination), state
  EXPECT_EQ(conns["a"]->types(),
            (std::vector<std::string>{"connected_meetings.moving", "room.joined", "connected_meetings.state"}));
  EXPECT_EQ(conns["a"]->sent[0]["data"], (Json{{"meeting_id", "r1"}, {"version", a.state.version}}));
  EXPECT_EQ(conns["a"]->sent[1]["data"]["meeting_id"], "r1");
  EXPECT_EQ(conns["a"]->sent[1]["data"]["participants"].size(), 1u);  // c (off is not connected)
  // stayers in the source: left (only for the connected mover), state
  EXPECT_EQ(conns["b"]->types(), (std::vector<std::string>{"room.participant_left", "connected_meetings.state"}));
  EXPECT_EQ(conns["b"]->sent[0]["data"]["participant_id"], "a");
  // already in the destination: joined, state
  EXPECT_EQ(conns["c"]->types(), (std::vector<std::string>{"room.participant_joined", "connected_meetings.state"}));
  EXPECT_EQ(conns["c"]->sent[0]["data"]["participant"]["id"], "a");
  EXPECT_EQ(conns["c"]->sent[1]["data"]["version"], a.state.version);
}

TEST_F(HubFixture, DeleteSendsNoLeftForDeletedRooms) {
  run(cmd::MoveParticipants{"parent", "r1", {"a", "b"}, std::nullopt});
  for (auto& [id, c] : conns) c->clear();
  auto a = run(cmd::DeleteMeetings{{"r1"}});
  hub.fanout(reg.groups["parent"], a.events);
  EXPECT_EQ(conns["a"]->types(),
            (std::vector<std::string>{"connected_meetings.moving", "room.joined", "connected_meetings.state"}));
  EXPECT_EQ(conns["a"]->sent[1]["data"]["is_parent"], true);
  // c and d are in the parent (the destination): each sees two joins, then the state
  EXPECT_EQ(conns["c"]->types(), (std::vector<std::string>{"room.participant_joined", "room.participant_joined",
                                                           "connected_meetings.state"}));
}

TEST_F(HubFixture, JoinLeaveMediaAndRemove) {
  auto j = run(cmd::Join{"a"});
  hub.fanout(reg.groups["parent"], j.events, FanoutOptions{true});
  EXPECT_EQ(conns["a"]->types(), (std::vector<std::string>{"room.joined", "connected_meetings.state"}));
  EXPECT_EQ(conns["a"]->sent[0]["data"]["reconnected"], true);
  EXPECT_EQ(conns["b"]->types(), (std::vector<std::string>{"room.participant_joined", "connected_meetings.state"}));
  for (auto& [id, c] : conns) c->clear();
  auto m = run(cmd::SetMedia{"a", true, std::nullopt});
  hub.fanout(reg.groups["parent"], m.events);
  EXPECT_EQ(conns["a"]->types(), (std::vector<std::string>{"connected_meetings.state"}));
  EXPECT_EQ(conns["b"]->types(), (std::vector<std::string>{"room.media_changed", "connected_meetings.state"}));
  for (auto& [id, c] : conns) c->clear();
  auto r = run(cmd::RemoveParticipant{"a"});
  hub.fanout(reg.groups["parent"], r.events);
  EXPECT_EQ(conns["a"]->types(), (std::vector<std::string>{"session.ended"}));
  EXPECT_EQ(conns["a"]->sent[0]["data"]["reason"], "participant_removed");
  EXPECT_EQ(conns["a"]->close_code, 1000);
  EXPECT_EQ(conns["b"]->types(), (std::vector<std::string>{"room.participant_left", "connected_meetings.state"}));
}

TEST_F(HubFixture, AttachReplacesAndDetachOnlyTheCurrent) {
  auto newer = std::make_shared<FakeConnection>();
  auto old = hub.attach("a", newer);
  EXPECT_EQ(old, conns["a"]);
  EXPECT_FALSE(hub.detach("a", conns["a"].get()));
  EXPECT_EQ(hub.find("a"), newer.get());
  EXPECT_TRUE(hub.detach("a", newer.get()));
  EXPECT_EQ(hub.find("a"), nullptr);
}
