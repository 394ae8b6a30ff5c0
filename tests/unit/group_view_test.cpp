#include "rtk/group_view.hpp"

#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"

using namespace rtk;

namespace {
const Actor kSystem = Actor::system();

GroupState base() {
  GroupState s = make_group("main", "Main");
  for (int i = 0; i < 4; ++i)
    s = apply(s, cmd::AddParticipant{Participant{"p" + std::to_string(i), "", "x", "P"}, ""}, kSystem, 0)->state;
  return apply(s, cmd::CreateMeetings{{{"r1", "R1"}, {"r2", "R2"}}}, kSystem, 0)->state;
}

GroupDelta step(GroupState& s, const Command& c) {
  auto r = apply(s, c, kSystem, 0);
  EXPECT_TRUE(r.ok()) << r.error().message;
  GroupDelta d = delta_of(r->events, s.version);
  s = r->state;
  return d;
}
}  // namespace

TEST(GroupView, ScopeFollowsThePreset) {
  Permissions p;
  p.connected_meetings = {true, false, false};
  EXPECT_EQ(scope_for(p), GroupScope::full);
  p.connected_meetings = {false, true, false};
  EXPECT_EQ(scope_for(p), GroupScope::roster);
  p.connected_meetings = {false, false, true};
  EXPECT_EQ(scope_for(p), GroupScope::roster);
  p.connected_meetings = {false, false, false};
  EXPECT_EQ(scope_for(p), GroupScope::summary);
}

TEST(GroupView, SummaryCarriesOnlyTitlesAndCounts) {
  GroupState s = base();
  GroupView v = make_view(s, {}, GroupScope::summary);
  EXPECT_EQ(v.parent.participant_count, 4u);
  EXPECT_TRUE(v.parent.participants.empty());
  const Json j = to_json(v);
  EXPECT_FALSE(j["parent_meeting"].contains("participants"));
  EXPECT_EQ(j["scope"], "summary");
  // A move changes the counts of the two rooms it touches, and nothing else.
  GroupDelta d = step(s, cmd::MoveParticipants{"main", "r1", {"p0", "p1"}, std::nullopt});
  GroupDeltaView dv = view_of(d, s, {}, GroupScope::summary);
  EXPECT_TRUE(dv.participants_upserted.empty());
  ASSERT_EQ(dv.counts.size(), 2u);
  ASSERT_EQ(apply_delta(v, dv), DeltaResult::applied);
  EXPECT_EQ(v.find_meeting("r1")->participant_count, 2u);
  EXPECT_EQ(v.parent.participant_count, 2u);
  EXPECT_EQ(v.find_meeting("r2")->participant_count, 0u);
}

TEST(GroupView, FullScopeCarriesPresence) {
  GroupState s = base();
  PresenceMap pm{{"p2", Presence{true, true, false, 1}}};
  GroupView v = make_view(s, pm, GroupScope::full);
  EXPECT_EQ(v.find_member("p2")->connected, true);
  EXPECT_EQ(v.find_member("p1")->connected, false);
  EXPECT_FALSE(make_view(s, pm, GroupScope::roster).find_member("p2")->connected.has_value());
  apply_presence(v, {{"p1", true}, {"p2", false}, {"ghost", true}});
  EXPECT_EQ(v.find_member("p1")->connected, true);
  EXPECT_EQ(v.find_member("p2")->connected, false);
  // A delta keeps the presence of a participant it does not mention... and of one it moves.
  GroupDelta d = step(s, cmd::MoveParticipants{"main", "r2", {"p1"}, std::nullopt});
  GroupDeltaView dv = view_of(d, s, {{"p1", Presence{true, false, false, 1}}}, GroupScope::full);
  ASSERT_EQ(apply_delta(v, dv), DeltaResult::applied);
  EXPECT_EQ(v.find_member("p1")->connected, true);
  EXPECT_EQ(v.meeting_of("p1")->id, "r2");
}

TEST(GroupView, GapsStaleAndScopeMismatch) {
  GroupState s = base();
  GroupView v = make_view(s, {}, GroupScope::roster);
  GroupDelta d1 = step(s, cmd::MoveParticipants{"main", "r1", {"p0"}, std::nullopt});
  GroupDelta d2 = step(s, cmd::UpdateMeetings{{{"r1", "Renamed"}}});
  // d2 alone skips a version the view never saw: a gap, and the view is untouched.
  GroupView before = v;
  EXPECT_EQ(apply_delta(v, view_of(d2, s, {}, GroupScope::roster)), DeltaResult::gap);
  EXPECT_EQ(v, before);
  EXPECT_EQ(apply_delta(v, view_of(d1, s, {}, GroupScope::summary)), DeltaResult::gap);
  EXPECT_EQ(apply_delta(v, view_of(d1, s, {}, GroupScope::roster)), DeltaResult::applied);
  EXPECT_EQ(apply_delta(v, view_of(d1, s, {}, GroupScope::roster)), DeltaResult::stale);
  EXPECT_EQ(apply_delta(v, view_of(d2, s, {}, GroupScope::roster)), DeltaResult::applied);
  EXPECT_EQ(v, make_view(s, {}, GroupScope::roster));
}

TEST(GroupView, MergedDeltaKeepsFinalValuesOnly) {
  GroupState s = base();
  const GroupState start = s;
  GroupDelta acc;
  merge(acc, step(s, cmd::CreateMeetings{{{"r3", "Temp"}}}));
  merge(acc, step(s, cmd::MoveParticipants{"main", "r3", {"p0"}, std::nullopt}));
  merge(acc, step(s, cmd::DeleteMeetings{{"r3"}}));  // p0 back to the parent, r3 gone
  merge(acc, step(s, cmd::RemoveParticipant{"p3"}));
  EXPECT_EQ(acc.from_version, start.version);
  EXPECT_EQ(acc.version, s.version);
  EXPECT_TRUE(acc.meetings_upserted.empty());
  EXPECT_EQ(acc.meetings_removed, std::vector<std::string>{"r3"});
  EXPECT_EQ(acc.participants_removed, std::vector<std::string>{"p3"});
  GroupView v = make_view(start, {}, GroupScope::roster);
  ASSERT_EQ(apply_delta(v, view_of(acc, s, {}, GroupScope::roster)), DeltaResult::applied);
  EXPECT_EQ(v, make_view(s, {}, GroupScope::roster));
}

TEST(GroupView, DecodersRefuseBadShapes) {
  EXPECT_EQ(group_view_from_json(Json{{"parent_meeting", {{"id", "m"}}}, {"scope", "weird"}}).error().message,
            "state.scope: unknown scope");
  EXPECT_EQ(group_delta_from_json(Json{{"from_version", 3}, {"version", 3}, {"scope", "full"}}).error().message,
            "delta.version: must be greater than from_version");
  EXPECT_EQ(group_delta_from_json(Json{{"from_version", 1},
                                       {"version", 2},
                                       {"scope", "full"},
                                       {"participants_upserted", Json::array({Json{{"meeting_id", "m"}}})}})
                .error()
                .message,
            "delta.participants_upserted[0].participant: is required");
}

// A pure move sends the id, not the record; a record change or an add in the same burst keeps it.
TEST(GroupView, PureMovesCarryIdsNotRecords) {
  GroupState s = base();
  GroupView v = make_view(s, {}, GroupScope::roster);
  GroupDelta d = step(s, cmd::MoveParticipants{"main", "r1", {"p0", "p1"}, std::nullopt});
  GroupDeltaView dv = view_of(d, s, {}, GroupScope::roster);
  ASSERT_EQ(dv.participants_upserted.size(), 2u);
  for (const auto& u : dv.participants_upserted) {
    EXPECT_TRUE(u.moved_only);
    EXPECT_TRUE(u.participant.name.empty());
  }
  const Json wire = to_json(dv);
  EXPECT_EQ(wire["participants_upserted"][0], (Json{{"meeting_id", "r1"}, {"id", "p0"}, {"reposition", true}}));
  auto back = group_delta_from_json(wire);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, dv);
  ASSERT_EQ(apply_delta(v, *back), DeltaResult::applied);
  EXPECT_EQ(v, make_view(s, {}, GroupScope::roster));  // names kept, order as the server's

  // Added then moved in one burst: the recipient does not know it, so the record goes along.
  GroupDelta acc;
  merge(acc, step(s, cmd::AddParticipant{Participant{"p9", "", "x", "Nine"}, ""}));
  merge(acc, step(s, cmd::MoveParticipants{"main", "r2", {"p9", "p2"}, std::nullopt}));
  GroupDeltaView mv = view_of(acc, s, {}, GroupScope::roster);
  ASSERT_EQ(mv.participants_upserted.size(), 2u);
  EXPECT_FALSE(mv.participants_upserted[0].moved_only);
  EXPECT_EQ(mv.participants_upserted[0].participant.name, "Nine");
  EXPECT_TRUE(mv.participants_upserted[1].moved_only);
  ASSERT_EQ(apply_delta(v, mv), DeltaResult::applied);
  EXPECT_EQ(v, make_view(s, {}, GroupScope::roster));
}

// A move of an id the view does not know cannot be applied: a gap, and nothing changed.
TEST(GroupView, PureMoveOfAnUnknownIdIsAGap) {
  GroupState s = base();
  GroupView v = make_view(s, {}, GroupScope::roster);
  GroupDeltaView d;
  d.from_version = v.version;
  d.version = v.version + 1;
  d.scope = GroupScope::roster;
  d.meetings_upserted.push_back(MeetingSpec{"r1", "Renamed"});
  DeltaMember known;
  known.meeting_id = "r2";
  known.reposition = true;
  known.participant.id = "p0";
  known.moved_only = true;
  DeltaMember ghost = known;
  ghost.participant.id = "ghost";
  d.participants_upserted = {known, ghost};
  const GroupView before = v;
  EXPECT_EQ(apply_delta(v, d), DeltaResult::gap);
  EXPECT_EQ(v, before);
  EXPECT_FALSE(
      group_delta_from_json(Json{{"from_version", 1},
                                 {"version", 2},
                                 {"scope", "roster"},
                                 {"participants_upserted", Json::array({Json{{"meeting_id", "m"}, {"id", ""}}})}})
          .ok());
}
