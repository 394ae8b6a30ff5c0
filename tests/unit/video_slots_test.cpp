// The K video slots of a subscriber (rtk/video_slots.hpp): pinned, then recent speakers, then
// join order; at most K, never itself, only candidates.
#include "rtk/video_slots.hpp"

#include <gtest/gtest.h>

#include "rtk/connected_meetings.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;

namespace {

using V = std::vector<std::string>;

VideoSlotInput room(std::size_t k) {
  VideoSlotInput in;
  in.candidates = {"a", "b", "c", "d", "e", "f"};
  in.self = "me";
  in.k = k;
  return in;
}

TEST(VideoSlots, NobodySpokeFillsInJoinOrderUpToK) {
  EXPECT_EQ(choose_video_slots(room(4)), (V{"a", "b", "c", "d"}));
  EXPECT_EQ(choose_video_slots(room(9)), (V{"a", "b", "c", "d", "e", "f"}));  // fewer than K: everyone
  EXPECT_EQ(choose_video_slots(room(1)), (V{"a"}));
}

TEST(VideoSlots, TheMostRecentSpeakersComeFirstAndTheFillStaysStable) {
  auto in = room(3);
  in.speakers = {"f", "e"};
  EXPECT_EQ(choose_video_slots(in), (V{"f", "e", "a"}));
  in.speakers = {"b", "f", "e"};  // b spoke last: a (the fill) drops out
  EXPECT_EQ(choose_video_slots(in), (V{"b", "f", "e"}));
  in.k = 2;  // and with fewer slots the oldest speaker goes first
  EXPECT_EQ(choose_video_slots(in), (V{"b", "f"}));
}

TEST(VideoSlots, PinnedBeforeSpeakersAndNeverTwice) {
  auto in = room(3);
  in.pinned = {"d"};
  in.speakers = {"d", "f", "e", "a"};
  EXPECT_EQ(choose_video_slots(in), (V{"d", "f", "e"}));
  in.k = 1;
  EXPECT_EQ(choose_video_slots(in), (V{"d"}));  // a pin keeps its slot whoever talks
}

TEST(VideoSlots, NeverSelfNeverANonCandidate) {
  auto in = room(3);
  in.candidates = {"me", "a", "b", "c"};
  in.pinned = {"me", "ghost"};
  in.speakers = {"me", "stranger", "c"};
  EXPECT_EQ(choose_video_slots(in), (V{"c", "a", "b"}));
  in.candidates.clear();
  EXPECT_TRUE(choose_video_slots(in).empty());
}

TEST(VideoSlots, NoteSpeakerMovesToTheFrontAndKeepsABoundedHistory) {
  V s;
  note_speaker(s, "a");
  note_speaker(s, "b");
  note_speaker(s, "a");
  EXPECT_EQ(s, (V{"a", "b"}));
  note_speaker(s, "c", 2);
  EXPECT_EQ(s, (V{"c", "a"}));
  note_speaker(s, "");
  EXPECT_EQ(s, (V{"c", "a"}));
}

TEST(VideoSlots, PinNeedsThePermissionTheSfuAndAParticipantOfTheGroup) {
  GroupState s = make_group("main", "Main");
  s.parent.participants.push_back(Participant{"ada", "", "p", "Ada"});
  Permissions host;
  host.pin_participant = true;
  const Actor hana = Actor::participant("hana", host);
  const Actor bo = Actor::participant("bo", Permissions{});
  EXPECT_TRUE(check_may_pin(s, hana, "ada", true).ok());
  EXPECT_TRUE(check_may_pin(s, Actor::system(), "ada", true).ok());
  EXPECT_EQ(check_may_pin(s, bo, "ada", true).error().code, ErrorCode::permission_denied);
  EXPECT_EQ(check_may_pin(s, bo, "ada", false).error().code, ErrorCode::permission_denied);  // permission first
  EXPECT_EQ(check_may_pin(s, hana, "ada", false).error().code, ErrorCode::unavailable);
  EXPECT_EQ(check_may_pin(s, hana, "ghost", true).error().code, ErrorCode::not_found);
}

TEST(VideoSlots, SetPinnedKeepsPinOrderAndSaysWhetherItChanged) {
  V p;
  EXPECT_TRUE(set_pinned(p, "a", true));
  EXPECT_TRUE(set_pinned(p, "b", true));
  EXPECT_FALSE(set_pinned(p, "a", true));
  EXPECT_EQ(p, (V{"a", "b"}));
  EXPECT_TRUE(set_pinned(p, "a", false));
  EXPECT_FALSE(set_pinned(p, "a", false));
  EXPECT_EQ(p, (V{"b"}));
}

TEST(VideoSlots, SfuSlotsRoundTripsAndBadPayloadsAreInvalidArgument) {
  const proto::SfuSlots m{{"b", "a"}, "b", {proto::SfuStream{"3", "b", "video", true}}};
  EXPECT_EQ(proto::decode<proto::SfuSlots>(proto::to_json(m)).value(), m);
  EXPECT_EQ(proto::decode<proto::SfuSlots>(proto::to_json(proto::SfuSlots{})).value(), proto::SfuSlots{});
  for (const Json& bad : {Json{{"streams", Json::array()}}, Json{{"video", "a"}, {"streams", Json::array()}},
                          Json{{"video", Json::array()}}, Json{{"video", Json::array()}, {"streams", {{{"mid", 1}}}}}})
    EXPECT_EQ(proto::decode<proto::SfuSlots>(bad).error().code, ErrorCode::invalid_argument) << bad.dump();
}

}  // namespace
