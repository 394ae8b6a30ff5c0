// The client's side of sfu.slots (rtk/client/sfu.hpp): a `switch` re-points subscriber m-lines
// without an offer, so the tracks are handed to their new participants (out::RemapTrack).
#include <gtest/gtest.h>

#include "rtk/client/sfu.hpp"

using namespace rtk;
using namespace rtk::client;

namespace {

std::vector<out::RemapTrack> remaps(const std::vector<Output>& out) {
  std::vector<out::RemapTrack> r;
  for (const auto& o : out)
    if (auto* x = std::get_if<out::RemapTrack>(&o)) r.push_back(*x);
  return r;
}

TEST(SfuSlots, ASwitchedVideoLineMovesItsTrackToTheNewParticipant) {
  Sfu sfu;
  std::vector<Output> out;
  sfu.start(out);
  const std::vector<proto::SfuStream> before{{"0", "a", "audio", true},
                                             {"1", "a", "video", true},
                                             {"2", "b", "audio", true},
                                             {"3", "b", "video", true},
                                             {"4", "c", "audio", true}};
  sfu.on_offer(proto::SfuOffer{"v=0", before}, out);
  out.clear();
  // c spoke: m-line 3 now carries c's video; b's audio stays.
  auto after = before;
  after[3].participant_id = "c";
  Json ev = sfu.on_slots(proto::SfuSlots{{"c", "a"}, "c", after}, out);
  auto r = remaps(out);
  ASSERT_EQ(r.size(), 1U);
  EXPECT_EQ(r[0].peer, kSubscriberPeer);
  EXPECT_EQ(r[0].mid, "3");
  EXPECT_EQ(r[0].kind, "video");
  EXPECT_EQ(r[0].from, "b");
  EXPECT_EQ(r[0].to, "c");
  EXPECT_EQ(sfu.participant_for_mid("3"), "c");
  EXPECT_EQ(ev, (Json{{"video", {"c", "a"}}, {"activeSpeaker", "c"}, {"pinned", Json::array()}}));
  // The same slots again: nothing to move.
  out.clear();
  sfu.on_slots(proto::SfuSlots{{"c", "a"}, "c", after}, out);
  EXPECT_TRUE(remaps(out).empty());
}

TEST(SfuSlots, BeforeAnyOfferNothingMovesButTheEventStillComes) {
  Sfu sfu;
  std::vector<Output> out;
  Json ev = sfu.on_slots(proto::SfuSlots{{}, "x", {{"0", "x", "video", true}}}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(ev["activeSpeaker"], "x");
  EXPECT_EQ(sfu.participant_for_mid("0"), "");
}

}  // namespace
