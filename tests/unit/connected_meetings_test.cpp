#include "rtk/connected_meetings.hpp"
#include "rtk/presence.hpp"

#include <gtest/gtest.h>

using namespace rtk;

namespace {

Permissions perms(bool alter, bool sw, bool parent) {
  Permissions p;
  p.connected_meetings = {alter, sw, parent};
  return p;
}
const Actor kSystem = Actor::system();
const Actor kHost = Actor::participant("host", perms(true, true, true));

// A group with a host and n participants p0..p{n-1} in the parent.
GroupState group(int n) {
  GroupState s = make_group("main", "Main");
  auto add = [&](const std::string& id, const char* preset) {
    auto r = apply(s, cmd::AddParticipant{Participant{id, "c-" + id, preset, "Name " + id}, ""}, kSystem, 0);
    EXPECT_TRUE(r.ok());
    s = r->state;
  };
  add("host", "group_call_host");
  for (int i = 0; i < n; ++i) add("p" + std::to_string(i), "group_call_participant");
  return s;
}

GroupState ok(const Result<Applied>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? r->state : GroupState{};
}

template <class E>
std::vector<E> events_of(const Applied& a) {
  std::vector<E> out;
  for (const auto& e : a.events)
    if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
  return out;
}

}  // namespace

TEST(Reducer, CreateMeetingsWithServerIdsAndDuplicateTitles) {
  auto s = group(2);
  auto r = apply(s, cmd::CreateMeetings{{{"r1", "Room"}, {"r2", "Room"}}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.version, s.version + 1);
  ASSERT_EQ(r->state.meetings.size(), 2u);
  EXPECT_EQ(r->state.meetings[0].id, "r1");
  EXPECT_EQ(r->state.meetings[1].title, "Room");
  ASSERT_EQ(events_of<ev::MeetingsCreated>(*r).size(), 1u);
}

TEST(Reducer, CreateValidatesTitles) {
  auto s = group(0);
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"r1", ""}}}, kHost, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"r1", std::string(257, 'x')}}}, kHost, 0).error().code,
            ErrorCode::invalid_argument);
  EXPECT_TRUE(apply(s, cmd::CreateMeetings{{{"r1", std::string(256, 'x')}}}, kHost, 0).ok());
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"r1", "bad \xC3"}}}, kHost, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{}}, kHost, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"main", "x"}}}, kHost, 0).error().code, ErrorCode::conflict);
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"a", "x"}, {"a", "y"}}}, kHost, 0).error().code,
            ErrorCode::invalid_argument);
}

TEST(Reducer, CreateRespectsMeetingLimit) {
  auto s = group(0);
  Limits lim;
  lim.max_meetings = 3;
  s = ok(apply(s, cmd::CreateMeetings{{{"a", "A"}, {"b", "B"}}}, kHost, 0, lim));
  EXPECT_EQ(apply(s, cmd::CreateMeetings{{{"c", "C"}, {"d", "D"}}}, kHost, 0, lim).error().code,
            ErrorCode::limit_exceeded);
  EXPECT_TRUE(apply(s, cmd::CreateMeetings{{{"c", "C"}}}, kHost, 0, lim).ok());
  // The default is 100.
  auto big = group(0);
  std::vector<MeetingSpec> specs;
  for (int i = 0; i < 100; ++i) specs.push_back({"r" + std::to_string(i), "R"});
  big = ok(apply(big, cmd::CreateMeetings{specs}, kHost, 0));
  EXPECT_EQ(apply(big, cmd::CreateMeetings{{{"x", "X"}}}, kHost, 0).error().code, ErrorCode::limit_exceeded);
}

TEST(Reducer, ParticipantLimit) {
  auto s = make_group("main", "Main");
  Limits lim;
  lim.max_participants = 2;
  s = ok(apply(s, cmd::AddParticipant{Participant{"a", "", "x", "A"}, ""}, kSystem, 0, lim));
  s = ok(apply(s, cmd::AddParticipant{Participant{"b", "", "x", "B"}, ""}, kSystem, 0, lim));
  EXPECT_EQ(apply(s, cmd::AddParticipant{Participant{"c", "", "x", "C"}, ""}, kSystem, 0, lim).error().code,
            ErrorCode::limit_exceeded);
}

TEST(Reducer, AddParticipantValidation) {
  auto s = group(1);
  EXPECT_EQ(apply(s, cmd::AddParticipant{Participant{"p0", "", "x", "Dup"}, ""}, kSystem, 0).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(
      apply(s, cmd::AddParticipant{Participant{"z", "", "x", std::string(257, 'n')}, ""}, kSystem, 0).error().code,
      ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::AddParticipant{Participant{"z", "", "x", "Z"}, "nowhere"}, kSystem, 0).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::AddParticipant{Participant{"z", "", "x", "Z"}, ""}, kHost, 0).error().code,
            ErrorCode::permission_denied);
}

TEST(Reducer, PreAssignmentBeforeConnecting) {
  auto s = group(1);
  s = ok(apply(s, cmd::CreateMeetings{{{"r1", "R1"}}}, kHost, 0));
  s = ok(apply(s, cmd::AddParticipant{Participant{"late", "", "group_call_participant", "Late"}, "r1"}, kSystem, 0));
  EXPECT_EQ(s.meeting_of("late")->id, "r1");
  auto r = apply(s, cmd::MoveParticipants{"main", "r1", {"p0"}, std::nullopt}, kSystem, 0);
  ASSERT_TRUE(r.ok());
  auto moved = events_of<ev::ParticipantMoved>(*r);
  ASSERT_EQ(moved.size(), 1u);
  // Joining lands where assigned.
  auto j = apply_presence(r->state, {}, pcmd::Join{"p0"}, Actor::participant("p0", {}));
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->meeting_id, "r1");
}

TEST(Reducer, UpdateMeetingsRenames) {
  auto s = ok(apply(group(0), cmd::CreateMeetings{{{"r1", "Old"}}}, kHost, 0));
  auto r = apply(s, cmd::UpdateMeetings{{{"r1", "New"}}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.find_meeting("r1")->title, "New");
  EXPECT_EQ(apply(s, cmd::UpdateMeetings{{{"zz", "New"}}}, kHost, 0).error().code, ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::UpdateMeetings{{{"r1", ""}}}, kHost, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(
      apply(s, cmd::UpdateMeetings{{{"r1", "X"}}}, Actor::participant("p", perms(false, true, true)), 0).error().code,
      ErrorCode::permission_denied);
}

TEST(Reducer, DeleteMeetingsReturnsOccupantsToParentFirst) {
  auto s = ok(apply(group(3), cmd::CreateMeetings{{{"r1", "A"}, {"r2", "B"}}}, kHost, 0));
  s = ok(apply(s, cmd::MoveParticipants{"main", "r1", {"p0", "p1"}, std::nullopt}, kHost, 0));
  s = ok(apply(s, cmd::MoveParticipants{"main", "r2", {"p2"}, std::nullopt}, kHost, 0));
  auto r = apply(s, cmd::DeleteMeetings{{"r1"}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.meetings.size(), 1u);
  EXPECT_EQ(r->state.meeting_of("p0")->id, "main");
  EXPECT_EQ(r->state.meeting_of("p1")->id, "main");
  EXPECT_EQ(r->state.meeting_of("p2")->id, "r2");
  EXPECT_EQ(events_of<ev::ParticipantMoved>(*r).size(), 2u);
  ASSERT_EQ(r->events.size(), 3u);
  EXPECT_TRUE(std::holds_alternative<ev::MeetingsDeleted>(r->events.back()));
  EXPECT_EQ(apply(s, cmd::DeleteMeetings{{"main"}}, kHost, 0).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::DeleteMeetings{{"zz"}}, kHost, 0).error().code, ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::DeleteMeetings{{}}, kHost, 0).error().code, ErrorCode::invalid_argument);
}

TEST(Reducer, MoveParticipantsChecks) {
  auto s = ok(apply(group(2), cmd::CreateMeetings{{{"r1", "A"}}}, kHost, 0));
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "r1", {}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "zz", {"p0"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"zz", "r1", {"p0"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "r1", {"ghost"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::not_found);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"r1", "main", {"p0"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::conflict);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "main", {"p0"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "r1", {"p0", "p0"}, std::nullopt}, kHost, 0).error().code,
            ErrorCode::invalid_argument);
  // Participants may move themselves with the right permission, never others.
  const auto p0 = Actor::participant("p0", perms(false, true, true));
  auto r = apply(s, cmd::MoveParticipants{"main", "r1", {"p0"}, std::nullopt}, p0, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "r1", {"p1"}, std::nullopt}, p0, 0).error().code,
            ErrorCode::permission_denied);
  auto back = apply(r->state, cmd::MoveParticipants{"r1", "main", {"p0"}, std::nullopt}, p0, 0);
  ASSERT_TRUE(back.ok());
  const auto p0_no_parent = Actor::participant("p0", perms(false, true, false));
  EXPECT_EQ(apply(r->state, cmd::MoveParticipants{"r1", "main", {"p0"}, std::nullopt}, p0_no_parent, 0).error().code,
            ErrorCode::permission_denied);
}

TEST(Reducer, MoveWithCustomPreset) {
  auto s = ok(apply(group(2), cmd::CreateMeetings{{{"r1", "A"}}}, kHost, 0));
  auto r = apply(s, cmd::MoveParticipantsWithCustomPreset{"main", "r1", {{"p0", "room_host"}, {"p1", "x"}}}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.find_participant("p0")->preset_name, "room_host");
  EXPECT_EQ(r->state.find_participant("p1")->preset_name, "x");
  const auto p0 = Actor::participant("p0", perms(false, true, true));
  EXPECT_EQ(
      apply(s, cmd::MoveParticipantsWithCustomPreset{"main", "r1", {{"p0", "group_call_host"}}}, p0, 0).error().code,
      ErrorCode::permission_denied);
}

TEST(Reducer, StartBreakoutIsAtomic) {
  auto s = group(4);
  cmd::StartBreakout start{{{"r1", "A"}, {"r2", "B"}}, {{"p0", "r1"}, {"p1", "r1"}, {"p2", "r2"}, {"p3", "r2"}}};
  auto r = apply(s, start, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.version, s.version + 1);
  EXPECT_EQ(r->state.find_meeting("r1")->participants.size(), 2u);
  EXPECT_EQ(r->state.find_meeting("r2")->participants.size(), 2u);
  EXPECT_EQ(events_of<ev::ParticipantMoved>(*r).size(), 4u);
  // One bad assignment refuses the whole command: no rooms are created.
  start.assignments.push_back({"ghost", "r1"});
  auto bad = apply(s, start, kHost, 0);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::not_found);
  EXPECT_EQ(
      apply(s, cmd::StartBreakout{{{"r1", "A"}}, {{"p0", "r1"}}}, Actor::participant("p0", perms(false, true, true)), 0)
          .error()
          .code,
      ErrorCode::permission_denied);
}

TEST(Reducer, CloseBreakoutReturnsEveryone) {
  auto s =
      ok(apply(group(4), cmd::StartBreakout{{{"r1", "A"}, {"r2", "B"}}, {{"p0", "r1"}, {"p1", "r2"}, {"host", "r2"}}},
               kHost, 0));
  auto r = apply(s, cmd::CloseBreakout{}, kHost, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->state.meetings.empty());
  EXPECT_EQ(r->state.parent.participants.size(), 5u);
  EXPECT_EQ(events_of<ev::ParticipantMoved>(*r).size(), 3u);
  EXPECT_EQ(apply(r->state, cmd::CloseBreakout{}, kHost, 0).error().code, ErrorCode::conflict);
}

TEST(Presence, JoinLeaveAndMediaDoNotTouchTheGroup) {
  auto s = group(1);
  const auto p0 = Actor::participant("p0", default_participant_preset().permissions);
  PresenceMap pm;
  auto j = apply_presence(s, pm, pcmd::Join{"p0"}, p0);
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->kind, PresenceChange::Kind::joined);
  EXPECT_TRUE(j->after.connected);
  EXPECT_EQ(j->after.session, 1u);
  EXPECT_EQ(apply_presence(s, pm, pcmd::Join{"host"}, p0).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(apply_presence(s, pm, pcmd::SetMedia{"p0", true, std::nullopt}, p0).error().code, ErrorCode::conflict);
  pm["p0"] = j->after;
  auto m = apply_presence(s, pm, pcmd::SetMedia{"p0", true, std::nullopt}, p0);
  ASSERT_TRUE(m.ok());
  EXPECT_TRUE(m->after.audio_enabled);
  EXPECT_FALSE(m->after.video_enabled);
  EXPECT_EQ(apply_presence(s, pm, pcmd::SetMedia{"p0", std::nullopt, std::nullopt}, p0).error().code,
            ErrorCode::invalid_argument);
  pm["p0"] = m->after;
  auto l = apply_presence(s, pm, pcmd::Leave{"p0"}, p0);
  ASSERT_TRUE(l.ok());
  EXPECT_FALSE(l->after.connected);
  EXPECT_FALSE(l->after.audio_enabled);
  pm["p0"] = l->after;
  EXPECT_EQ(apply_presence(s, pm, pcmd::Leave{"p0"}, p0).error().code, ErrorCode::conflict);
  // A reconnect (join while connected) is a new session in the same meeting.
  pm["p0"] = j->after;
  auto rj = apply_presence(s, pm, pcmd::Join{"p0"}, p0);
  ASSERT_TRUE(rj.ok());
  EXPECT_EQ(rj->meeting_id, "main");
  EXPECT_EQ(rj->after.session, 2u);
  EXPECT_EQ(apply_presence(s, pm, pcmd::Join{"nobody"}, Actor::system()).error().code, ErrorCode::not_found);
}

TEST(Presence, MediaRespectsPreset) {
  auto s = group(1);
  Permissions no_video = default_participant_preset().permissions;
  no_video.media.video = ProduceAccess::not_allowed;
  const auto p0 = Actor::participant("p0", no_video);
  PresenceMap pm{{"p0", Presence{true, false, false, 1}}};
  EXPECT_EQ(apply_presence(s, pm, pcmd::SetMedia{"p0", std::nullopt, true}, p0).error().code,
            ErrorCode::permission_denied);
  EXPECT_TRUE(apply_presence(s, pm, pcmd::SetMedia{"p0", std::nullopt, false}, p0).ok());
}

TEST(Reducer, PermissionIsCheckedBeforeExistence) {
  // A participant without switch rights cannot learn whether an id exists.
  auto s = group(2);
  Permissions none;
  none.connected_meetings = {false, false, false};
  const auto p0 = Actor::participant("p0", none);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"main", "no-such-room", {"p0"}, std::nullopt}, p0, 0).error().code,
            ErrorCode::permission_denied);
  EXPECT_EQ(apply(s, cmd::MoveParticipants{"nowhere", "main", {"ghost"}, std::nullopt}, p0, 0).error().code,
            ErrorCode::permission_denied);
  EXPECT_EQ(apply(s, cmd::MoveParticipantsWithCustomPreset{"x", "y", {{"ghost", "p"}}}, p0, 0).error().code,
            ErrorCode::permission_denied);
}

TEST(Reducer, RemoveAndUpdateParticipant) {
  auto s = group(2);
  auto u = apply(s, cmd::UpdateParticipant{"p0", "Renamed", std::nullopt, std::nullopt}, kSystem, 0);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->state.find_participant("p0")->name, "Renamed");
  auto r = apply(u->state, cmd::RemoveParticipant{"p0"}, kSystem, 0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state.find_participant("p0"), nullptr);
  EXPECT_EQ(apply(r->state, cmd::RemoveParticipant{"p0"}, kSystem, 0).error().code, ErrorCode::not_found);
}

TEST(Reducer, CommandNames) {
  EXPECT_EQ(command_name(cmd::StartBreakout{}), "start_breakout");
  EXPECT_EQ(command_name(cmd::CloseBreakout{}), "close_breakout");
  EXPECT_EQ(command_name(cmd::MoveParticipants{}), "move_participants");
}
