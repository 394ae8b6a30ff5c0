#include "rtk/permissions.hpp"

#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"

using namespace rtk;

namespace {
GroupState two_rooms() {
  GroupState s = make_group("parent", "Main");
  s.parent.participants.push_back(Participant{"alice", "", "group_call_participant", "Alice"});
  s.meetings.push_back(Meeting{"r1", "Room 1", {Participant{"bob", "", "group_call_participant", "Bob"}}});
  s.meetings.push_back(Meeting{"r2", "Room 2", {}});
  return s;
}
Permissions perms(bool alter, bool sw, bool parent) {
  Permissions p;
  p.connected_meetings = {alter, sw, parent};
  return p;
}
}  // namespace

TEST(Permissions, AlterNeedsFullAccess) {
  EXPECT_TRUE(check_alter_connected_meetings(Actor::participant("h", perms(true, false, false)), "x").ok());
  auto st = check_alter_connected_meetings(Actor::participant("p", perms(false, true, true)), "createMeetings");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::permission_denied);
  EXPECT_TRUE(check_alter_connected_meetings(Actor::system(), "x").ok());
}

TEST(Permissions, MoveRulesFromRealtimeKit) {
  auto s = two_rooms();
  const auto host = Actor::participant("h", perms(true, false, false));
  const auto both = Actor::participant("bob", perms(false, true, true));
  const auto parent_only = Actor::participant("bob", perms(false, false, true));
  const auto rooms_only = Actor::participant("bob", perms(false, true, false));
  const auto none = Actor::participant("bob", perms(false, false, false));

  EXPECT_TRUE(check_move(host, s, "r2", {"alice", "bob"}, false).ok());
  EXPECT_TRUE(check_move(host, s, "r2", {"alice"}, true).ok());
  EXPECT_TRUE(check_move(both, s, "parent", {"bob"}, false).ok());
  EXPECT_TRUE(check_move(both, s, "r2", {"bob"}, false).ok());
  EXPECT_EQ(check_move(both, s, "r2", {"alice"}, false).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(check_move(both, s, "r2", {"bob", "alice"}, false).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(check_move(both, s, "r2", {"bob"}, true).error().code, ErrorCode::permission_denied);
  EXPECT_TRUE(check_move(parent_only, s, "parent", {"bob"}, false).ok());
  EXPECT_EQ(check_move(parent_only, s, "r2", {"bob"}, false).error().code, ErrorCode::permission_denied);
  EXPECT_TRUE(check_move(rooms_only, s, "r2", {"bob"}, false).ok());
  EXPECT_EQ(check_move(rooms_only, s, "parent", {"bob"}, false).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(check_move(none, s, "parent", {"bob"}, false).error().code, ErrorCode::permission_denied);
}

TEST(Permissions, SelfAndSystemActions) {
  EXPECT_TRUE(check_self(Actor::participant("a", {}), "a", "join").ok());
  EXPECT_EQ(check_self(Actor::participant("a", {}), "b", "join").error().code, ErrorCode::permission_denied);
  EXPECT_TRUE(check_self(Actor::system(), "b", "join").ok());
  EXPECT_TRUE(check_system(Actor::system(), "x").ok());
  EXPECT_EQ(check_system(Actor::participant("h", full_access_permissions()), "x").error().code,
            ErrorCode::permission_denied);
}

TEST(Permissions, SwitchableMeetings) {
  auto s = two_rooms();
  EXPECT_EQ(switchable_meetings(Actor::participant("bob", perms(false, true, true)), s),
            (std::vector<std::string>{"parent", "r2"}));
  EXPECT_EQ(switchable_meetings(Actor::participant("bob", perms(false, false, true)), s),
            (std::vector<std::string>{"parent"}));
  EXPECT_EQ(switchable_meetings(Actor::participant("alice", perms(false, true, false)), s),
            (std::vector<std::string>{"r1", "r2"}));
  EXPECT_TRUE(switchable_meetings(Actor::participant("alice", perms(false, false, false)), s).empty());
}

TEST(Permissions, RecordNeedsCanRecord) {
  Permissions p;
  auto st = check_record(p);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::permission_denied);
  p.can_record = true;
  EXPECT_TRUE(check_record(p).ok());
  EXPECT_TRUE(check_record(full_access_permissions()).ok());
}
