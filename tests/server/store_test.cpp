#include "store.hpp"

#include <gtest/gtest.h>

#include "fakes.hpp"

using namespace rtk;
using namespace rtk::server;

TEST(Store, RoundTripsEverythingAndMarksParticipantsDisconnected) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  GroupState g = make_group("m1", "Parent");
  {
    auto st = Store::open(db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    Store& s = **st;
    PresetRecord pr{default_host_preset(), 1, 2};
    pr.preset.id = "preset-1";
    MeetingRecord m{"m1", "Parent", true, 10, 20, Json{{"persist_chat", true}}};
    ParticipantRecord p{"p1", "m1", "https://pic", 30, 40};
    Participant part{"p1", "u1", "group_call_host", "Alex", true, true, false};
    g.parent.participants.push_back(part);
    g.meetings.push_back(Meeting{"r1", "Room", {}});
    g.version = 7;
    ChatMessage c{"c1", "r1", "p1", "Alex", "hi", 50};
    Poll poll;
    poll.id = "poll1";
    poll.meeting_id = "r1";
    poll.question = "q";
    poll.options = {PollOption{"a", {"p1"}}, PollOption{"b", {}}};
    ASSERT_TRUE(s.transaction([&]() -> Status {
                   if (auto r = s.put_preset(pr); !r) return r;
                   if (auto r = s.put_meeting(m); !r) return r;
                   if (auto r = s.put_participant(p); !r) return r;
                   if (auto r = s.put_group(g); !r) return r;
                   if (auto r = s.put_chat("m1", c); !r) return r;
                   return s.put_poll("m1", poll);
                 }).ok());
  }
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  Registry r;
  ASSERT_TRUE((*st)->load(r).ok());
  ASSERT_EQ(r.presets.count("preset-1"), 1u);
  EXPECT_EQ(r.presets["preset-1"].preset.name, "group_call_host");
  EXPECT_EQ(r.meetings["m1"].options["persist_chat"], true);
  EXPECT_EQ(r.meeting_order, std::vector<std::string>{"m1"});
  EXPECT_EQ(r.participants["p1"].picture, "https://pic");
  const GroupState& loaded = r.groups["m1"].state;
  EXPECT_EQ(loaded.version, 7u);
  ASSERT_EQ(loaded.parent.participants.size(), 1u);
  EXPECT_FALSE(loaded.parent.participants[0].connected);
  EXPECT_FALSE(loaded.parent.participants[0].audio_enabled);
  EXPECT_EQ(loaded.meetings.at(0).title, "Room");
  EXPECT_EQ(r.groups["m1"].chat["r1"].at(0).text, "hi");
  EXPECT_EQ(r.groups["m1"].polls["r1"].at(0).options[0].votes, std::vector<std::string>{"p1"});
}

TEST(Store, FailedTransactionWritesNothing) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  MeetingRecord m{"m1", "x", true, 1, 1, Json::object()};
  auto r = (*st)->transaction([&]() -> Status {
    if (auto s = (*st)->put_meeting(m); !s) return s;
    return make_error(ErrorCode::internal, "boom");
  });
  EXPECT_FALSE(r.ok());
  Registry reg;
  ASSERT_TRUE((*st)->load(reg).ok());
  EXPECT_TRUE(reg.meetings.empty());
}

TEST(Store, RefusesAStoredGroupThatBreaksInvariants) {
  rtk::server::testing::TempDir dir;
  const std::string db = (dir.path / "t.sqlite3").string();
  auto st = Store::open(db);
  ASSERT_TRUE(st.ok());
  GroupState g = make_group("m1", "P");
  g.parent.participants.push_back(Participant{"p1", "u", "x", "n"});
  g.meetings.push_back(Meeting{"r1", "R", {Participant{"p1", "u", "x", "n"}}});  // p1 twice
  ASSERT_TRUE((*st)->transaction([&] { return (*st)->put_group(g); }).ok());
  Registry reg;
  auto loaded = (*st)->load(reg);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, ErrorCode::internal);
}
