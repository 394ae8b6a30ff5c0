// Self-selection in the reducer: only a host sets it; while on, a participant moves itself (only
// itself) into a breakout room; a full room is refused with limit_exceeded; every refusal leaves
// the state untouched; the views and the state JSON carry the setting.
#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"
#include "rtk/group_view.hpp"
#include "rtk/permissions.hpp"

using namespace rtk;

namespace {

Permissions perms(bool alter, bool switch_rooms = false, bool to_parent = false) {
  Permissions p;
  p.connected_meetings = {alter, switch_rooms, to_parent};
  return p;
}
const Actor kSystem = Actor::system();
const Actor kHost = Actor::participant("host", perms(true));
const Actor kAda = Actor::participant("ada", perms(false));
const Actor kBo = Actor::participant("bo", perms(false));

GroupState rooms() {
  GroupState s = make_group("main", "Main");
  for (const char* id : {"host", "ada", "bo", "cy"}) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "", "x", id}, ""}, kSystem, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  }
  auto r = apply(s, cmd::StartBreakout{{{"r1", "Blue"}, {"r2", "Red"}}, {}}, kHost, 0);
  EXPECT_TRUE(r.ok());
  return r->state;
}

GroupState with_selection(GroupState s, bool on, std::uint32_t capacity) {
  auto r = apply(s, cmd::SetSelfSelection{SelfSelection{on, capacity}}, kHost, 0);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r->state;
}

cmd::MoveParticipants self_move(const char* who, const char* from, const char* to) {
  return cmd::MoveParticipants{from, to, {who}, std::nullopt};
}

Error refused(const GroupState& s, const Command& c, const Actor& a, ErrorCode code) {
  auto r = apply(s, c, a, 10);
  EXPECT_FALSE(r.ok()) << command_name(c);
  if (r.ok()) return Error{};
  EXPECT_EQ(r.error().code, code) << r.error().message;
  return r.error();
}

}  // namespace

TEST(SelfSelection, OnlyAHostSetsIt) {
  auto s = rooms();
  refused(s, cmd::SetSelfSelection{SelfSelection{true, 2}}, kAda, ErrorCode::permission_denied);
  refused(s, cmd::SetSelfSelection{SelfSelection{true, kMaxRoomCapacity + 1}}, kHost, ErrorCode::invalid_argument);
  auto r = apply(s, cmd::SetSelfSelection{SelfSelection{true, 2}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.self_selection, (SelfSelection{true, 2}));
  EXPECT_EQ(r->state.version, s.version + 1);
  ASSERT_EQ(r->events.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<ev::SelfSelectionChanged>(r->events[0]));
  // Turning it off clears the capacity.
  auto off = apply(r->state, cmd::SetSelfSelection{SelfSelection{false, 5}}, kHost, 0);
  EXPECT_EQ(off->state.self_selection, SelfSelection{});
}

TEST(SelfSelection, OffAParticipantWithoutSwitchPermissionMayNotMove) {
  auto s = rooms();
  auto e = refused(s, self_move("ada", "main", "r1"), kAda, ErrorCode::permission_denied);
  EXPECT_NE(e.message.find("self-selection"), std::string::npos) << e.message;
  EXPECT_TRUE(switchable_meetings(kAda, s).empty());
}

TEST(SelfSelection, OnAParticipantMovesItselfOnly) {
  auto s = with_selection(rooms(), true, 0);
  EXPECT_EQ(switchable_meetings(kAda, s), (std::vector<std::string>{"r1", "r2"}));
  auto r = apply(s, self_move("ada", "main", "r1"), kAda, 10);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->state.meeting_of("ada")->id, "r1");
  // From one room to another, too; but never someone else, and not back to the parent without
  // can_switch_to_parent_meeting.
  EXPECT_TRUE(apply(r->state, self_move("ada", "r1", "r2"), kAda, 10).ok());
  refused(s, self_move("bo", "main", "r1"), kAda, ErrorCode::permission_denied);
  refused(r->state, self_move("ada", "r1", "main"), kAda, ErrorCode::permission_denied);
}

TEST(SelfSelection, AFullRoomIsRefusedWithAClearMessageAndNoChange) {
  auto s = with_selection(rooms(), true, 1);
  s = apply(s, self_move("ada", "main", "r1"), kAda, 10)->state;
  const GroupState before = s;
  auto e = refused(s, self_move("bo", "main", "r1"), kBo, ErrorCode::limit_exceeded);
  EXPECT_EQ(e.message, "Room 'Blue' is full (1 of 1)");
  EXPECT_EQ(s, before);
  // Another room still has space; a host may still move people in beyond the capacity.
  EXPECT_TRUE(apply(s, self_move("bo", "main", "r2"), kBo, 10).ok());
  EXPECT_TRUE(apply(s, self_move("bo", "main", "r1"), kHost, 10).ok());
  // A participant with the switch permission is held to the capacity too while it is on.
  const Actor cy = Actor::participant("cy", perms(false, true, true));
  refused(s, self_move("cy", "main", "r1"), cy, ErrorCode::limit_exceeded);
  // Off again: the capacity no longer applies to switchers, and plain participants are refused.
  auto off = with_selection(s, false, 0);
  EXPECT_TRUE(apply(off, self_move("cy", "main", "r1"), cy, 10).ok());
  refused(off, self_move("bo", "main", "r2"), kBo, ErrorCode::permission_denied);
}

TEST(SelfSelection, StateJsonAndViewsCarryTheSetting) {
  auto s0 = rooms();
  auto r = apply(s0, cmd::SetSelfSelection{SelfSelection{true, 3}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  auto back = group_state_from_json(to_json(r->state));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->self_selection, (SelfSelection{true, 3}));
  // Every scope sees it in the state and the delta, and applies the delta.
  for (GroupScope scope : {GroupScope::summary, GroupScope::roster, GroupScope::full}) {
    GroupView before = make_view(s0, {}, scope);
    auto d = view_of(delta_of(r->events, s0.version), r->state, {}, scope);
    ASSERT_TRUE(d.self_selection.has_value());
    auto dj = group_delta_from_json(to_json(d));
    ASSERT_TRUE(dj.ok());
    EXPECT_EQ(apply_delta(before, *dj), DeltaResult::applied);
    EXPECT_EQ(before.self_selection, (SelfSelection{true, 3}));
    auto vj = group_view_from_json(to_json(make_view(r->state, {}, scope)));
    ASSERT_TRUE(vj.ok());
    EXPECT_EQ(vj->self_selection, (SelfSelection{true, 3}));
  }
}
