#include "rtk/meeting.hpp"

#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"

using namespace rtk;

TEST(Meeting, StateJsonRoundTripUsesWireNames) {
  GroupState s = make_group("m1", "Main");
  s.version = 7;
  s.parent.participants.push_back(Participant{"p1", "u-1", "group_call_host", "Ann"});
  s.meetings.push_back(Meeting{"r1", "Room 1", {Participant{"p2", "u-2", "group_call_participant", "Ben"}}});
  Json j = to_json(s);
  EXPECT_EQ(j["version"], 7);
  EXPECT_EQ(j["parent_meeting"]["id"], "m1");
  EXPECT_EQ(j["parent_meeting"]["participants"][0]["display_name"], "Ann");
  EXPECT_EQ(j["parent_meeting"]["participants"][0]["custom_participant_id"], "u-1");
  EXPECT_FALSE(j["parent_meeting"]["participants"][0].contains("connected"));  // presence is not durable
  EXPECT_EQ(j["meetings"][0]["title"], "Room 1");
  auto back = group_state_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, s);
}

TEST(Meeting, DecodeErrorsAreValues) {
  auto r = group_state_from_json(Json::parse(R"({"version":"x","parent_meeting":{"id":"m"}})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "state.version: expected integer");
  r = group_state_from_json(Json::parse(R"({"meetings":[]})"));
  EXPECT_EQ(r.error().message, "state.parent_meeting: is required");
  r = group_state_from_json(Json::parse(R"({"parent_meeting":{"id":"m","participants":[{"id":3}]}})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "meeting.participants[0].participant.id: expected string");
}

TEST(Meeting, Lookups) {
  GroupState s = make_group("m1", "Main");
  s.parent.participants.push_back(Participant{"p1"});
  s.meetings.push_back(Meeting{"r1", "Room 1", {Participant{"p2"}}});
  EXPECT_EQ(s.meeting_of("p2")->id, "r1");
  EXPECT_EQ(s.meeting_of("p1")->id, "m1");
  EXPECT_EQ(s.meeting_of("zz"), nullptr);
  EXPECT_EQ(s.participant_count(), 2u);
  EXPECT_TRUE(s.is_parent("m1"));
  EXPECT_FALSE(s.is_parent("r1"));
}

TEST(Meeting, InvariantCheckerFindsDuplicates) {
  GroupState s = make_group("m1", "Main");
  s.parent.participants.push_back(Participant{"p1"});
  EXPECT_FALSE(check_invariants(s).has_value());
  s.meetings.push_back(Meeting{"r1", "Room", {Participant{"p1"}}});
  ASSERT_TRUE(check_invariants(s).has_value());
  EXPECT_NE(check_invariants(s)->find("p1"), std::string::npos);
  s.meetings[0].participants.clear();
  s.meetings.push_back(Meeting{"r1", "Dup", {}});
  EXPECT_TRUE(check_invariants(s).has_value());
}
