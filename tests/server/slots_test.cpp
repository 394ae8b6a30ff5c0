// Large rooms against the fake Janus: every audio, at most K videos per subscriber (pinned, then
// recent speakers, then join order), per-stream {feed, mid} subscriptions, Janus's talking
// events moving the slots with a `switch` of existing m-lines (no renegotiation), sfu.slots.
#include <gtest/gtest.h>

#include "fake_janus.hpp"
#include "janus/subscriptions.hpp"

namespace rtk::server::testing {
namespace {

// A browser-like publisher offer: audio mid 0, video mid 1.
const char* kOffer =
    "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendonly\r\n";

struct SlotsTest : SfuTest {
  void configure(Config& c) override {
    SfuTest::configure(c);
    c.video_slots = 2;
  }
  std::string mid;
  std::vector<Peer> peers;
  std::vector<Peer*> all;
  void room(int n) {
    mid = meeting();
    std::vector<Added> added;
    for (int i = 0; i < n; ++i) added.push_back(add(mid, std::string(1, static_cast<char>('a' + i))));
    for (const auto& x : added) peers.push_back(open(x));
    for (auto& p : peers) all.push_back(&p);
    for (auto& p : peers) send(p, "sfu.publish", {{"sdp", kOffer}}, "pub");
    settle(all);
  }
  const std::string& id(int i) const { return peers[static_cast<std::size_t>(i)].id; }
  // Whose video / audio the fake Janus really sends to peer i.
  std::set<std::string> carried(int i, const std::string& kind) {
    std::set<std::string> out;
    for (const auto& m : janus.mlines[sub_handle_.at(id(i))])
      if (m.active && m.type == kind) out.insert(m.feed);
    return out;
  }
  // Each subscriber handle of the fake, by owner: after the first settle every handle carries
  // the audio of everyone but its owner.
  std::map<std::string, janus::Handle> sub_handle_;
  void map_handles() {
    for (const auto& [h, ls] : janus.mlines) {
      std::set<std::string> audio;
      for (const auto& m : ls)
        if (m.active && m.type == "audio") audio.insert(m.feed);
      for (const auto& p : peers)
        if (audio.size() + 1 == peers.size() && !audio.count(p.id)) sub_handle_[p.id] = h;
    }
  }
  std::vector<std::string> slots_of(int i) {
    const Json* f = peers[static_cast<std::size_t>(i)].last("sfu.slots");
    if (!f) return {};
    return (*f)["data"]["video"].get<std::vector<std::string>>();
  }
  std::string speaker_of(int i) {
    const Json* f = peers[static_cast<std::size_t>(i)].last("sfu.slots");
    return f ? (*f)["data"]["active_speaker"].get<std::string>() : "";
  }
};

TEST_F(SlotsTest, EveryAudioButKVideosPerStreamSubscriptions) {
  room(5);
  map_handles();
  ASSERT_EQ(sub_handle_.size(), 5U);
  // Janus got {feed, mid} subscriptions: 4 audio + 2 video per subscriber.
  for (const auto& s : janus.requests("join"))
    if (s.body["ptype"] == "subscriber") {
      for (const auto& st : s.body["streams"]) EXPECT_TRUE(st.contains("mid")) << s.body.dump();
    }
  EXPECT_EQ(carried(0, "audio"), (std::set<std::string>{id(1), id(2), id(3), id(4)}));
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(1), id(2)}));  // join order
  EXPECT_EQ(carried(1, "video"), (std::set<std::string>{id(0), id(2)}));  // never itself
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(1), id(2)}));
  EXPECT_EQ(speaker_of(0), "");
  Json subs = app->sfu()->subscriptions(mid);
  EXPECT_EQ(subs[id(0)]["feeds"].size(), 4U);
  EXPECT_EQ(subs[id(0)]["video"].size(), 2U);
}

TEST_F(SlotsTest, TheSlotsFollowTheSpeakerWithASwitchAndNoNewOffer) {
  room(5);
  map_handles();
  const std::size_t updates = janus.requests("update").size();
  std::vector<std::size_t> offers;
  for (auto& p : peers) offers.push_back(p.count("sfu.offer"));

  // e talks: everyone but e swaps its last fill slot for e's video (one switch each, even
  // though Janus told all five publisher handles).
  janus.talk(mid, id(4));
  settle(all);
  EXPECT_EQ(janus.requests("switch").size(), 4U);
  EXPECT_EQ(janus.requests("update").size(), updates);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(peers[static_cast<std::size_t>(i)].count("sfu.offer"), offers[i]) << i;
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(4), id(1)}));
  EXPECT_EQ(carried(0, "audio").size(), 4U);  // audio untouched
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(4), id(1)}));
  EXPECT_EQ(speaker_of(0), id(4));
  EXPECT_EQ(speaker_of(4), id(4));                                   // the speaker hears it is itself
  EXPECT_EQ(slots_of(4), (std::vector<std::string>{id(0), id(1)}));  // its own slots unchanged
  // The m-line now carrying e's video is the one that carried c's: re-pointed, not added.
  const Json* sl = peers[0].last("sfu.slots");
  std::size_t video_lines = 0;
  for (const auto& st : (*sl)["data"]["streams"]) video_lines += st["kind"] == "video";
  EXPECT_EQ(video_lines, 2U);

  // e stops and talks again: nothing changes. Then d talks: b drops out of a's slots.
  const std::size_t switches = janus.requests("switch").size();
  janus.talk(mid, id(4), false);
  janus.talk(mid, id(4));
  settle(all);
  EXPECT_EQ(janus.requests("switch").size(), switches);
  janus.talk(mid, id(3));
  settle(all);
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(3), id(4)}));
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(3), id(4)}));
  EXPECT_EQ(janus.requests("update").size(), updates);
}

TEST_F(SlotsTest, ARefusedSwitchFallsBackToOneUpdate) {
  room(4);
  map_handles();
  const std::size_t updates = janus.requests("update").size();
  janus.fail_request = "switch";
  janus.talk(mid, id(3));
  settle(all);
  janus.fail_request.clear();
  EXPECT_EQ(janus.requests("switch").size(), 3U);  // a, b, c tried
  EXPECT_EQ(janus.requests("update").size(), updates + 3);
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(3), id(1)}));
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(3), id(1)}));
}

TEST_F(SlotsTest, ALeaverFreesItsSlotForTheNextInJoinOrder) {
  room(4);
  map_handles();
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(1), id(2)}));
  app->ws().on_close(*peers[1].peer);
  std::vector<Peer*> rest{&peers[0], &peers[2], &peers[3]};
  settle(rest);
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(2), id(3)}));
  EXPECT_EQ(carried(0, "audio"), (std::set<std::string>{id(2), id(3)}));
}

TEST_F(SlotsTest, APinTakesASlotBeforeTheSpeakersForEveryoneWhoSeesIt) {
  room(5);
  map_handles();
  janus.talk(mid, id(3));
  settle(all);
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(3), id(1)}));
  // a participant preset may not pin: refused, nothing changes
  auto denied = request(peers[0], "participants.pin", {{"participant_id", id(4)}});
  EXPECT_EQ(denied["error"]["code"], "permission_denied") << denied.dump();
  auto bad = request(peers[0], "participants.pin", {{"participant_id", ""}});
  EXPECT_EQ(bad["error"]["code"], "invalid_argument") << bad.dump();
  // a host (pin_participant) joins and pins e for everyone
  auto host = open(add(mid, "host", "group_call_host"));
  auto missing = request(host, "participants.pin", {{"participant_id", "nobody"}});
  EXPECT_EQ(missing["error"]["code"], "not_found") << missing.dump();
  auto ok = request(host, "participants.pin", {{"participant_id", id(4)}});
  EXPECT_EQ(ok["data"]["pinned"], Json::array({id(4)})) << ok.dump();
  all.push_back(&host);
  settle(all);
  EXPECT_EQ(carried(0, "video"), (std::set<std::string>{id(4), id(3)}));
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(4), id(3)}));
  const Json* sl = peers[0].last("sfu.slots");
  EXPECT_EQ((*sl)["data"]["pinned"], Json::array({id(4)}));
  // a new speaker does not push the pin out
  janus.talk(mid, id(2));
  settle(all);
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(4), id(2)}));
  // unpin: the speakers take both slots again
  auto un = request(host, "participants.pin", {{"participant_id", id(4)}, {"pinned", false}});
  EXPECT_EQ(un["data"]["pinned"], Json::array());
  settle(all);
  EXPECT_EQ(slots_of(0), (std::vector<std::string>{id(2), id(3)}));
}

TEST(StreamDiff, NeverUnsubscribesAndSubscribesStreamsOfOneFeedTogether) {
  using janus::StreamKey;
  const janus::StreamSet current{{"a", "0"}, {"a", "1"}, {"b", "0"}};
  const janus::StreamSet wanted{{"a", "0"}, {"b", "0"}, {"b", "1"}, {"c", "0"}};
  auto d = janus::diff(current, wanted);
  EXPECT_EQ(d.unsubscribe, (std::vector<StreamKey>{{"a", "1"}}));
  EXPECT_EQ(d.subscribe, (std::vector<StreamKey>{{"b", "1"}, {"c", "0"}}));
  EXPECT_FALSE(d.deferred);
  // a's video out, a's audio in: the audio waits for the next update
  auto e = janus::diff(janus::StreamSet{{"a", "1"}}, janus::StreamSet{{"a", "0"}});
  EXPECT_EQ(e.unsubscribe.size(), 1U);
  EXPECT_TRUE(e.subscribe.empty());
  EXPECT_TRUE(e.deferred);
  EXPECT_EQ(janus::update_body(d)["subscribe"][0], (Json{{"feed", "b"}, {"mid", "1"}}));
}

TEST(SendingSections, OnlySendingAudioAndVideoSections) {
  const std::string sdp =
      "v=0\r\nm=audio 9 X 111\r\na=mid:0\r\na=sendonly\r\nm=video 0 X 96\r\na=mid:1\r\n"
      "m=video 9 X 96\r\na=mid:2\r\na=inactive\r\nm=application 9 X webrtc-datachannel\r\na=mid:3\r\n"
      "m=video 9 X 96\r\na=mid:4\r\n";
  EXPECT_EQ(janus::sending_sections(sdp), (std::vector<janus::Section>{{"audio", "0"}, {"video", "4"}}));
  EXPECT_TRUE(janus::sending_sections("offer-x").empty());
}

}  // namespace
}  // namespace rtk::server::testing
