// ClientSession tests with a fake server (frames built here) and a fake media host (the outputs
// are inspected, media callbacks are fed back by hand).
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "harness.hpp"
#include "rtk/client/session.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"

using namespace rtk;
using namespace rtk::client;
using namespace rtk::client::testing;

// ------------------------------------------------------------------------------------------

TEST(ClientSession, JoinOpensSocketAndResolvesOnRoomJoined) {
  Harness h;
  h.s.on_local_media(true, true);
  RequestId id = h.s.join();
  EXPECT_EQ(h.recent<out::OpenSocket>().size(), 1u);
  EXPECT_TRUE(h.events("requestResolved").empty());
  h.s.on_socket_open();
  h.deliver_room_joined();
  auto resolved = h.events("requestResolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].payload["requestId"], id);
  auto joined = h.events("roomJoined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].payload["meeting"]["meetingId"], "m0");
  EXPECT_EQ(joined[0].payload["meeting"]["self"]["userId"], "b");
  EXPECT_EQ(joined[0].payload["meeting"]["self"]["permissions"]["connectedMeetings"]["canSwitchToParentMeeting"], true);
  EXPECT_EQ(joined[0].payload["meeting"]["participants"].size(), 3u);
  EXPECT_EQ(h.opened(), (std::vector<std::string>{"a", "c", "d"}));
  // b is impolite towards c and d (tracks now, so b offers) and polite towards a.
  std::vector<std::string> attached;
  for (auto& a : h.recent<out::AttachLocalTracks>()) attached.push_back(a.peer);
  std::sort(attached.begin(), attached.end());
  EXPECT_EQ(attached, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(h.s.room_state(), RoomState::joined);
  EXPECT_EQ(h.events("stateUpdate").size(), 1u);
}

TEST(ClientSession, JoinTwiceIsANoOpAndCallsBeforeJoinReject) {
  Harness h;
  RequestId early = h.s.call("createMeetings", R"([[{"title":"x"}]])");
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 1u);
  EXPECT_EQ(rej[0].payload["requestId"], early);
  EXPECT_EQ(rej[0].payload["code"], "unavailable");
  h.join_parent();
  h.reset_mark();
  RequestId again = h.s.join();
  auto res = h.events("requestResolved");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].payload["requestId"], again);
  EXPECT_TRUE(h.recent<out::OpenSocket>().empty());
}

TEST(ClientMesh, SmallerIdIsImpolite) {
  Harness h;
  h.join_parent();
  for (auto& o : h.recent<out::OpenPeer>()) EXPECT_EQ(o.polite, o.peer < std::string("b")) << o.peer;
  EXPECT_TRUE(h.s.is_polite_towards("a"));
  EXPECT_FALSE(h.s.is_polite_towards("c"));
}

TEST(ClientMesh, PoliteSideAttachesTracksWithTheFirstOffer) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::rtc_offer, Json{{"from", "a"}, {"sdp", "OFFER-A"}});
  h.deliver(proto::type::rtc_offer, Json{{"from", "a"}, {"sdp", "OFFER-A2"}});
  h.pump();
  std::vector<std::string> order;
  for (std::size_t i = h.mark; i < h.log.size(); ++i) {
    if (auto* a = std::get_if<out::AttachLocalTracks>(&h.log[i])) order.push_back("attach:" + a->peer);
    if (auto* r = std::get_if<out::SetRemoteDescription>(&h.log[i])) order.push_back("srd:" + r->sdp);
  }
  EXPECT_EQ(order, (std::vector<std::string>{"attach:a", "srd:OFFER-A", "srd:OFFER-A2"}));
}

TEST(ClientMesh, PerfectNegotiationCollision) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  // Impolite towards c: our offer is in flight, c's colliding offer is ignored.
  h.s.on_negotiation_needed("c");
  ASSERT_EQ(h.recent<out::CreateOffer>().size(), 1u);
  h.deliver(proto::type::rtc_offer, Json{{"from", "c"}, {"sdp", "OFFER-C"}});
  EXPECT_TRUE(h.recent<out::SetRemoteDescription>().empty());
  // Candidates are always handed to the browser (which refuses those of the ignored offer);
  // dropping them would also lose the candidates that come with c's answer.
  h.deliver(proto::type::rtc_candidate,
            Json{{"from", "c"}, {"candidate", "cand"}, {"sdp_mid", "0"}, {"sdp_m_line_index", 0}});
  EXPECT_EQ(h.recent<out::AddIceCandidate>().size(), 1u);
  h.reset_mark();
  // Polite towards a: a colliding offer is accepted (the browser rolls ours back).
  h.s.on_negotiation_needed("a");
  h.deliver(proto::type::rtc_offer, Json{{"from", "a"}, {"sdp", "OFFER-A"}});
  auto srd = h.recent<out::SetRemoteDescription>();
  ASSERT_EQ(srd.size(), 1u);
  EXPECT_EQ(srd[0].peer, "a");
  EXPECT_EQ(srd[0].type, "offer");
  EXPECT_EQ(srd[0].sdp, "OFFER-A");
  h.deliver(proto::type::rtc_candidate,
            Json{{"from", "a"}, {"candidate", "cand"}, {"sdp_mid", "0"}, {"sdp_m_line_index", 1}});
  auto cands = h.recent<out::AddIceCandidate>();
  ASSERT_EQ(cands.size(), 1u);
  EXPECT_EQ(cands[0].sdp_m_line_index, 1);
  // Without a collision the impolite side accepts an offer too.
  h.s.on_local_description("c", "offer", "MY-OFFER");
  h.s.on_signaling_state("c", "have-local-offer");
  h.deliver(proto::type::rtc_answer, Json{{"from", "c"}, {"sdp", "ANS"}});
  h.s.on_signaling_state("c", "stable");
  h.reset_mark();
  h.deliver(proto::type::rtc_offer, Json{{"from", "c"}, {"sdp", "OFFER-C2"}});
  ASSERT_EQ(h.recent<out::SetRemoteDescription>().size(), 1u);
}

TEST(ClientMesh, LocalDescriptionsAndCandidatesAreRelayed) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.on_local_description("a", "answer", "SDP-A");
  h.s.on_ice_candidate("d", "candidate:1", "0", 0);
  h.s.on_local_description("zzz", "offer", "NOT-A-PEER");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, "rtc.answer");
  EXPECT_EQ(sent[0].data["to"], "a");
  EXPECT_EQ(sent[0].data["sdp"], "SDP-A");
  EXPECT_EQ(sent[1].type, "rtc.candidate");
  EXPECT_EQ(sent[1].data["to"], "d");
}

TEST(ClientMesh, ParticipantJoinedOpensAndLeftCloses) {
  Harness h;
  h.group.rooms[0].second = {"b", "c"};
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::room_update, room_update("m0", proto::RoomEvent::Kind::joined, member("a")));
  EXPECT_EQ(h.opened(), std::vector<std::string>{"a"});
  EXPECT_EQ(h.events("participantJoined").size(), 1u);
  h.deliver(proto::type::room_update, room_update("other", proto::RoomEvent::Kind::joined, member("x")));
  EXPECT_EQ(h.opened(), std::vector<std::string>{"a"});
  h.deliver(proto::type::room_update, room_update("m0", proto::RoomEvent::Kind::left, member("c")));
  EXPECT_EQ(h.closed(), std::vector<std::string>{"c"});
  auto left = h.events("participantLeft");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].payload["participant"]["id"], "c");
  EXPECT_EQ(h.s.peers(), std::vector<std::string>{"a"});
}

// ---- room switch ----

TEST(ClientSwitch, KeptClosedAndNewPairs) {
  Harness h;
  h.group.rooms = {{"m0", {"a", "b", "c"}}, {"m1", {"d"}}};
  h.join_parent();
  h.reset_mark();
  // The host moves a and b to m1, where d already is; c stays in the parent.
  h.group.place("a", "m1");
  h.move_self("m1");
  EXPECT_EQ(h.event_order(), (std::vector<std::string>{"changingMeeting", "roomLeft"}));
  EXPECT_EQ(h.events("changingMeeting")[0].payload["meetingId"], "m1");
  EXPECT_EQ(h.events("roomLeft")[0].payload["state"], "connected-meeting");
  EXPECT_TRUE(h.closed().empty());  // nothing closes before room.joined
  h.deliver_room_joined();
  EXPECT_EQ(h.closed(), std::vector<std::string>{"c"});
  EXPECT_EQ(h.opened(), std::vector<std::string>{"d"});
  EXPECT_EQ(h.s.peers(), (std::vector<std::string>{"a", "d"}));
  auto changed = h.events("meetingChanged");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].payload["meeting"]["meetingId"], "m1");
  EXPECT_EQ(changed[0].payload["meeting"]["self"]["roomJoined"], true);
  EXPECT_EQ(changed[0].payload["meeting"]["participants"].size(), 2u);
  EXPECT_TRUE(h.events("roomJoined").empty());
  EXPECT_TRUE(h.recent<out::SetTrackEnabled>().empty());  // local tracks untouched
  EXPECT_TRUE(h.recent<out::OpenSocket>().empty());       // the socket stays open
  EXPECT_TRUE(h.recent<out::CloseSocket>().empty());
}

TEST(ClientSwitch, MediaStateSurvivesTheSwitch) {
  Harness h;
  h.join_parent();
  h.s.set_video(false);
  h.pump();
  h.reset_mark();
  h.move_self("m1");
  h.group.rooms.push_back({"m1", {"b"}});
  h.deliver_room_joined(false, /*audio=*/true, /*video=*/false);
  EXPECT_FALSE(h.s.video_enabled());
  EXPECT_TRUE(h.s.audio_enabled());
  EXPECT_TRUE(h.recent<out::SetTrackEnabled>().empty());
  EXPECT_TRUE(h.events("selfVideoUpdate").empty());
  EXPECT_TRUE(h.sent().empty());  // the server already has the same media state
  auto changed = h.events("meetingChanged");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].payload["meeting"]["self"]["videoEnabled"], false);
  EXPECT_EQ(changed[0].payload["meeting"]["self"]["audioEnabled"], true);
}

TEST(ClientSwitch, ServerMediaStateDifferentIsCorrected) {
  Harness h;
  h.join_parent();
  h.s.set_audio(false);
  h.reset_mark();
  h.group.rooms.push_back({"m1", {}});
  h.move_self("m1");
  h.deliver_room_joined(false, /*audio=*/true, /*video=*/true);  // a stale server view
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "self.media");
  EXPECT_EQ(sent[0].data["audio_enabled"], false);
  EXPECT_FALSE(h.s.audio_enabled());
}

TEST(ClientSwitch, SecondAndThirdSwitchEachEmitOnce) {
  Harness h;
  h.group.rooms = {{"m0", {"a", "b"}}, {"m1", {}}, {"m2", {"c"}}};
  h.join_parent();
  for (const std::string dest : {"m1", "m2", "m0"}) {
    h.reset_mark();
    h.move_self(dest);
    h.deliver_room_joined();
    EXPECT_EQ(h.events("changingMeeting").size(), 1u) << dest;
    auto changed = h.events("meetingChanged");
    ASSERT_EQ(changed.size(), 1u) << dest;
    EXPECT_EQ(changed[0].payload["meeting"]["meetingId"], dest);
    EXPECT_EQ(h.s.meeting_id(), dest);
  }
  EXPECT_EQ(h.s.peers(), std::vector<std::string>{"a"});
}

TEST(ClientSwitch, CloseBreakoutBackToParent) {
  Harness h;
  h.group.rooms = {{"m0", {"c", "d"}}, {"m1", {"a", "b"}}};
  h.join_parent();
  EXPECT_EQ(h.s.meeting_id(), "m1");
  EXPECT_EQ(h.s.peers(), std::vector<std::string>{"a"});
  h.reset_mark();
  // close: everyone to the parent, rooms deleted
  h.group.rooms = {{"m0", {"a", "b", "c", "d"}}};
  ++h.group.version;
  h.deliver(proto::type::cm_moving, Json{{"meeting_id", "m0"}, {"version", h.group.version}});
  h.deliver_room_joined();
  h.deliver(proto::type::cm_state, h.group.state());
  EXPECT_TRUE(h.closed().empty());
  EXPECT_EQ(h.opened(), (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(h.s.peers(), (std::vector<std::string>{"a", "c", "d"}));
  auto changed = h.events("meetingChanged");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(changed[0].payload["meeting"]["isParent"], true);
  EXPECT_EQ(changed[0].payload["meeting"]["connectedMeetings"]["meetings"].size(), 0u);
}

TEST(ClientSwitch, MovedWhileOfflineLandsInAssignedRoom) {
  Harness h;
  h.group.rooms = {{"m0", {"a", "b", "c"}}, {"m1", {"d"}}};
  h.join_parent();
  h.reset_mark();
  h.s.on_socket_close();
  EXPECT_EQ(h.closed(), (std::vector<std::string>{"a", "c"}));
  auto timers = h.recent<out::StartTimer>();
  ASSERT_EQ(timers.size(), 1u);
  EXPECT_EQ(timers[0].delay_ms, 250u);
  EXPECT_EQ(h.events("socketConnectionUpdate").back().payload["state"], "reconnecting");
  h.group.place("b", "m1");  // moved by the host while we were away
  h.s.on_timer();
  EXPECT_EQ(h.recent<out::OpenSocket>().size(), 1u);
  h.s.on_socket_open();
  EXPECT_EQ(h.events("socketConnectionUpdate").back().payload["state"], "connected");
  EXPECT_EQ(h.events("socketConnectionUpdate").back().payload["reconnected"], true);
  h.reset_mark();
  h.deliver_room_joined(/*reconnected=*/true);
  EXPECT_EQ(h.events("changingMeeting").size(), 1u);
  EXPECT_EQ(h.events("roomLeft")[0].payload["state"], "connected-meeting");
  ASSERT_EQ(h.events("meetingChanged").size(), 1u);
  EXPECT_EQ(h.s.meeting_id(), "m1");
  EXPECT_EQ(h.opened(), std::vector<std::string>{"d"});
}

TEST(ClientReconnect, SameRoomRebuildsMeshAndReportsDiff) {
  Harness h;
  h.join_parent();
  h.s.on_socket_close();
  h.s.on_timer();
  h.s.on_socket_open();
  h.reset_mark();
  h.group.place("c", "m9");  // c left the meeting meanwhile
  h.deliver_room_joined(true);
  auto joined = h.events("roomJoined");
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].payload["reconnected"], true);
  EXPECT_TRUE(h.events("meetingChanged").empty());
  auto left = h.events("participantLeft");
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].payload["participant"]["id"], "c");
  EXPECT_EQ(h.opened(), (std::vector<std::string>{"a", "d"}));
}

TEST(ClientReconnect, BackoffScheduleThenFailed) {
  Harness h;
  h.join_parent();
  std::vector<std::uint32_t> delays;
  for (int i = 0; i < 8; ++i) {
    h.reset_mark();
    h.s.on_socket_close();
    auto t = h.recent<out::StartTimer>();
    ASSERT_EQ(t.size(), 1u) << i;
    delays.push_back(t[0].delay_ms);
    h.s.on_timer();
    EXPECT_EQ(h.recent<out::OpenSocket>().size(), 1u);
  }
  EXPECT_EQ(delays, (std::vector<std::uint32_t>{250, 500, 1000, 2000, 4000, 5000, 5000, 5000}));
  h.reset_mark();
  h.s.on_socket_close();
  EXPECT_TRUE(h.recent<out::StartTimer>().empty());
  EXPECT_EQ(h.events("socketConnectionUpdate").back().payload["state"], "failed");
  EXPECT_EQ(h.events("roomLeft").back().payload["state"], "failed");
}

TEST(ClientReconnect, JoinRejectsWhenServerUnreachable) {
  Config c;
  c.backoff.max_attempts = 2;
  Harness h(c);
  RequestId id = h.s.join();
  for (int i = 0; i < 3; ++i) {
    h.s.on_socket_close();
    h.s.on_timer();
  }
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 1u);
  EXPECT_EQ(rej[0].payload["requestId"], id);
  EXPECT_EQ(rej[0].payload["code"], "unavailable");
}

TEST(ClientReconnect, PendingRequestsRejectOnSocketLoss) {
  Harness h;
  h.join_parent();
  RequestId id = h.s.call("getConnectedMeetings", "[]");
  h.reset_mark();
  h.s.on_socket_close();
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 1u);
  EXPECT_EQ(rej[0].payload["requestId"], id);
  EXPECT_EQ(rej[0].payload["code"], "unavailable");
}

// ---- requests ----

TEST(ClientRequests, RefusedCallRejectsWithServerCode) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  RequestId id = h.s.call("createMeetings", R"([[{"title":"Room 1"}]])");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "connected_meetings.create");
  EXPECT_EQ(sent[0].data["meetings"][0]["title"], "Room 1");
  h.s.on_socket_message(R"({"v":1,"id":")" + sent[0].id +
                        R"(","type":"connected_meetings.create","error":{"code":"permission_denied","message":"no"}})");
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 1u);
  EXPECT_EQ(rej[0].payload["requestId"], id);
  EXPECT_EQ(rej[0].payload["code"], "permission_denied");
  EXPECT_TRUE(h.events("requestResolved").empty());
}

TEST(ClientRequests, ResultsHaveRealtimeKitShapes) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  RequestId create = h.s.call("createMeetings", R"([[{"title":"R1"}]])");
  RequestId move = h.s.call("moveParticipants", R"(["m0","m1",["a"]])");
  RequestId del = h.s.call("deleteMeetings", R"([["m1"]])");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[1].data["participant_ids"][0], "a");
  h.deliver(sent[0].type, proto::to_json(proto::MeetingsReply{{MeetingSpec{"m1", "R1"}}, 6}), sent[0].id);
  h.deliver(sent[1].type, proto::to_json(proto::VersionReply{7}), sent[1].id);
  h.deliver(sent[2].type, proto::to_json(proto::DeleteReply{{"m1"}, 8}), sent[2].id);
  auto res = h.events("requestResolved");
  ASSERT_EQ(res.size(), 3u);
  EXPECT_EQ(res[0].payload["requestId"], create);
  EXPECT_EQ(res[0].payload["data"][0]["id"], "m1");
  EXPECT_EQ(res[1].payload["requestId"], move);
  EXPECT_EQ(res[1].payload["data"]["success"], true);
  EXPECT_EQ(res[2].payload["requestId"], del);
  EXPECT_EQ(res[2].payload["data"][0]["id"], "m1");
}

TEST(ClientRequests, BadArgumentsRejectWithoutSending) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  for (const char* args : {"not json", "{}", "[]", "[[{\"title\":5}]]"}) h.s.call("createMeetings", args);
  h.s.call("moveParticipants", R"([1,2,3])");
  h.s.call("noSuchMethod", "[]");
  h.s.call("startBreakout",
           R"([{"meetings":[{"title":"A"}],"assignments":[{"participantId":"a","meetingIndex":"x"}]}])");
  EXPECT_TRUE(h.sent().empty());
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 7u);
  for (auto& r : rej) EXPECT_EQ(r.payload["code"], "invalid_argument") << r.payload.dump();
}

TEST(ClientRequests, StartAndCloseBreakoutWireShapes) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.call(
      "startBreakout",
      R"([{"meetings":[{"title":"A"},{"title":"B"}],"assignments":[{"participantId":"a","meetingIndex":1}],"shuffle":true}])");
  h.s.call("closeBreakout", "[]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, "connected_meetings.start");
  EXPECT_EQ(sent[0].data["assignments"][0]["participant_id"], "a");
  EXPECT_EQ(sent[0].data["assignments"][0]["meeting_index"], 1);
  EXPECT_EQ(sent[0].data["shuffle"], true);
  EXPECT_EQ(sent[1].type, "connected_meetings.close");
}

TEST(ClientRequests, MediaToggleSendsAndEmitsOnlyOnChange) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.set_audio(true);  // already on: no event, no track change
  EXPECT_TRUE(h.events("selfAudioUpdate").empty());
  h.s.set_video(false);
  auto tracks = h.recent<out::SetTrackEnabled>();
  ASSERT_EQ(tracks.size(), 1u);
  EXPECT_EQ(tracks[0].kind, "video");
  EXPECT_FALSE(tracks[0].enabled);
  EXPECT_EQ(h.events("selfVideoUpdate").size(), 1u);
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[1].type, "self.media");
  EXPECT_EQ(sent[1].data["video_enabled"], false);
}

// ---- robustness ----

TEST(ClientRobust, BadFramesNeverAbort) {
  Harness h;
  h.join_parent();
  const std::vector<std::string> bad = {
      "",
      "{",
      "[]",
      "null",
      "42",
      std::string(2u << 20, 'x'),
      R"({"v":2,"type":"room.joined","data":{}})",
      R"({"v":1,"type":"nope","data":{}})",
      R"({"v":1,"type":"room.joined","data":{}})",
      R"({"v":1,"type":"room.joined","data":{"meeting_id":5,"self":{},"state":[]}})",
      R"({"v":1,"type":"connected_meetings.moving","data":{"meeting_id":[]}})",
      R"({"v":1,"type":"connected_meetings.state","data":{"version":"x"}})",
      R"({"v":1,"type":"room.participant_joined","data":{"meeting_id":"m0","participant":7}})",
      R"({"v":1,"type":"room.participant_left","data":{"meeting_id":null}})",
      R"({"v":1,"type":"room.media_changed","data":{"meeting_id":"m0","participant_id":"a","audio_enabled":"yes"}})",
      R"({"v":1,"type":"rtc.offer","data":{"from":"a","sdp":17}})",
      R"({"v":1,"type":"rtc.candidate","data":{"from":"a","candidate":null,"sdp_m_line_index":"x"}})",
      R"({"v":1,"type":"chat.message","data":{"message":{"id":1}}})",
      R"({"v":1,"type":"polls.updated","data":{"poll":{"id":"p","options":[{"votes":[1,null],"count":"x"}]}}})",
      R"({"v":1,"type":"session.ended","data":{}})",
      R"({"v":1,"id":"r999","type":"connected_meetings.get","data":{"version":-1}})",
      "\xff\xfe\x00garbage",
  };
  for (const auto& f : bad) h.s.on_socket_message(f);
  h.pump();
  EXPECT_EQ(h.s.room_state(), RoomState::joined);
  EXPECT_EQ(h.s.meeting_id(), "m0");
  EXPECT_FALSE(h.events("error").empty());
  // Still fully working afterwards.
  h.reset_mark();
  h.deliver(proto::type::room_update, room_update("m0", proto::RoomEvent::Kind::left, member("a")));
  EXPECT_EQ(h.closed(), std::vector<std::string>{"a"});
}

TEST(ClientRobust, UnreadableReplySettlesTheRequest) {
  Harness h;
  h.join_parent();
  RequestId id = h.s.call("getConnectedMeetings", "[]");
  h.reset_mark();
  std::string wire = "r" + std::to_string(id);
  h.s.on_socket_message(R"({"v":1,"id":")" + wire + R"(","type":"connected_meetings.get","data":{"version":"bad"}})");
  auto rej = h.events("requestRejected");
  ASSERT_EQ(rej.size(), 1u);
  EXPECT_EQ(rej[0].payload["requestId"], id);
}

// ---- lifecycle, chat, polls, state ----

TEST(ClientSession, LeaveIsIdempotent) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.leave();
  h.s.leave();
  EXPECT_EQ(h.events("roomLeft").size(), 1u);
  EXPECT_EQ(h.events("roomLeft")[0].payload["state"], "left");
  EXPECT_EQ(h.events("requestResolved").size(), 2u);
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "session.leave");
  EXPECT_EQ(h.recent<out::CloseSocket>().size(), 1u);
  EXPECT_EQ(h.closed(), (std::vector<std::string>{"a", "c", "d"}));
  h.s.on_socket_close();
  EXPECT_TRUE(h.recent<out::StartTimer>().empty());
}

TEST(ClientSession, KickedEndsWithoutReconnect) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::session_ended, Json{{"reason", "participant_removed"}});
  h.s.on_socket_close();
  EXPECT_EQ(h.events("roomLeft")[0].payload["state"], "kicked");
  EXPECT_TRUE(h.recent<out::StartTimer>().empty());
  EXPECT_EQ(h.s.room_state(), RoomState::kicked);
}

TEST(ClientSession, StateUpdateOnlyWhenChanged) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::cm_state, h.group.state());
  EXPECT_TRUE(h.events("stateUpdate").empty());
  h.group.rooms.push_back({"m1", {}});
  ++h.group.version;
  h.deliver(proto::type::cm_state, h.group.state());
  auto up = h.events("stateUpdate");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].payload["meetings"][0]["id"], "m1");
  EXPECT_EQ(up[0].payload["parentMeeting"]["participants"][0]["displayName"], "Na");
  // an older version is ignored
  GroupView old = h.group.view();
  old.version = 1;
  old.meetings.clear();
  h.deliver(proto::type::cm_state, proto::to_json(proto::CmState{old, {}}));
  EXPECT_EQ(h.events("stateUpdate").size(), 1u);
}

TEST(ClientSession, ChatAndPollsScopedToTheRoom) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::chat_message, Json{{"message", Json{{"id", "x1"},
                                                             {"meeting_id", "m0"},
                                                             {"participant_id", "a"},
                                                             {"display_name", "Na"},
                                                             {"text", "hi"},
                                                             {"time_ms", 5}}}});
  h.deliver(proto::type::chat_message, Json{{"message", Json{{"id", "x2"},
                                                             {"meeting_id", "m1"},
                                                             {"participant_id", "a"},
                                                             {"display_name", "Na"},
                                                             {"text", "other room"},
                                                             {"time_ms", 6}}}});
  auto chat = h.events("chatUpdate");
  ASSERT_EQ(chat.size(), 1u);
  EXPECT_EQ(chat[0].payload["message"]["message"], "hi");
  EXPECT_EQ(chat[0].payload["message"]["userId"], "a");
  Json poll{{"id", "p1"},
            {"meeting_id", "m0"},
            {"question", "Q"},
            {"options", Json::array({Json{{"text", "yes"}, {"votes", Json::array({"a"})}, {"count", 1}}})},
            {"anonymous", false},
            {"hide_votes", false},
            {"created_by", "Na"},
            {"created_by_participant_id", "a"},
            {"time_ms", 1}};
  h.deliver(proto::type::polls_updated, Json{{"poll", poll}});
  h.deliver(proto::type::polls_updated, Json{{"poll", poll}});
  auto polls = h.events("pollsUpdate");
  ASSERT_EQ(polls.size(), 2u);
  EXPECT_EQ(polls[0].payload["newPoll"], true);
  EXPECT_EQ(polls[1].payload["newPoll"], false);
  EXPECT_EQ(polls[1].payload["polls"].size(), 1u);
  EXPECT_EQ(polls[0].payload["poll"]["options"][0]["votes"][0]["name"], "Na");
}

TEST(ClientSession, RemoteMediaUpdatesOnlyOnChange) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::room_update, room_update("m0", proto::RoomEvent::Kind::media, member("a", true, false)));
  EXPECT_TRUE(h.events("participantAudioUpdate").empty());
  auto v = h.events("participantVideoUpdate");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].payload["id"], "a");
  EXPECT_EQ(v[0].payload["videoEnabled"], false);
}

TEST(ClientSession, EventNamesArePinned) {
  std::vector<std::string> names(event_names().begin(), event_names().end());
  EXPECT_EQ(names, (std::vector<std::string>{"localMediaReady",
                                             "socketConnectionUpdate",
                                             "roomJoined",
                                             "roomLeft",
                                             "participantJoined",
                                             "participantLeft",
                                             "participantUpdated",
                                             "participantAudioUpdate",
                                             "participantVideoUpdate",
                                             "selfAudioUpdate",
                                             "selfVideoUpdate",
                                             "selfPermissionsUpdate",
                                             "stateUpdate",
                                             "changingMeeting",
                                             "meetingChanged",
                                             "breakoutTimerUpdate",
                                             "breakoutTimerWarning",
                                             "breakoutBroadcast",
                                             "helpQueueUpdate",
                                             "listenUpdate",
                                             "breakoutPlanUpdate",
                                             "chatUpdate",
                                             "pollsUpdate",
                                             "recordingUpdate",
                                             "requestResolved",
                                             "requestRejected",
                                             "peerState",
                                             "sessionEnded",
                                             "error",
                                             "meshUpdate",
                                             "videoSlotsUpdate",
                                             "mediaConnectionUpdate"}));
  // every emitted event in a busy run is one of them
  Harness h;
  h.join_parent();
  h.move_self("m0");
  h.deliver_room_joined();
  h.s.on_socket_close();
  for (auto& e : h.recent<out::Event>()) EXPECT_TRUE(has(names, e.name)) << e.name;
}

TEST(ClientMesh, JoinedForAPresentParticipantIsANewSessionAndResetsItsPair) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  // a reconnected before the server saw its old socket close: joined again, no left first
  h.deliver(proto::type::room_update, room_update("m0", proto::RoomEvent::Kind::joined, member("a")));
  EXPECT_EQ(h.closed(), std::vector<std::string>{"a"});
  EXPECT_EQ(h.opened(), std::vector<std::string>{"a"});
  EXPECT_TRUE(h.events("participantJoined").empty());  // still one participant object
  EXPECT_EQ(h.s.peers(), (std::vector<std::string>{"a", "c", "d"}));
}

TEST(ClientSession, PermissionsFollowSessionPermissionsOnlyOnChange) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::session_permissions,
            proto::to_json(proto::SessionPermissions{preset_to_json(default_participant_preset())}));
  EXPECT_TRUE(h.events("selfPermissionsUpdate").empty());
  h.deliver(proto::type::session_permissions,
            proto::to_json(proto::SessionPermissions{preset_to_json(default_host_preset())}));
  auto up = h.events("selfPermissionsUpdate");
  ASSERT_EQ(up.size(), 1u);
  EXPECT_EQ(up[0].payload["permissions"]["connectedMeetings"]["canAlterConnectedMeetings"], true);
  EXPECT_EQ(up[0].payload["limits"]["maxTextBytes"], Limits{}.max_text_bytes);
  EXPECT_EQ(h.s.snapshot()["self"]["permissions"]["connectedMeetings"]["canAlterConnectedMeetings"], true);
}

TEST(ClientSession, ChunkedRoomJoinedSettlesTheJoinOnItsLastPart) {
  Harness h;
  h.s.on_local_media(true, true);
  RequestId id = h.s.join();
  h.s.on_socket_open();
  for (int i = 0; i < 300; ++i) h.group.rooms[0].second.push_back("x" + std::to_string(i));
  h.deliver(proto::type::cm_state, h.group.state());
  proto::RoomJoined rj;
  ASSERT_TRUE(proto::from_json(h.room_joined(), rj));
  auto parts = proto::split(rj, 4 * 1024);
  ASSERT_GT(parts.size(), 1u);
  h.reset_mark();
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) h.deliver(proto::type::room_joined, proto::to_json(parts[i]));
  EXPECT_TRUE(h.events("requestResolved").empty());
  h.deliver(proto::type::room_joined, proto::to_json(parts.back()));
  auto res = h.events("requestResolved");
  ASSERT_EQ(res.size(), 1u);
  EXPECT_EQ(res[0].payload["requestId"], id);
  EXPECT_EQ(h.s.snapshot()["participants"].size(), 303u);
}

// ------------------------------------------------------------------------------------------
// SFU media path

TEST(ClientSfu, NoMeshPairsOnePublisherAndTheSamePeerConnectionsThroughASwitch) {
  Harness h;
  h.media.mode = "sfu";
  h.media.ice_servers = {proto::IceServer{{"stun:stun.example.org:3478"}, "", ""}};
  h.media.ice_transport_policy = "relay";
  h.group.rooms = {{"m0", {"a", "b", "c"}}, {"m1", {"d"}}};
  EXPECT_EQ(h.s.ice_transport_policy(), "all");
  h.join_parent();
  EXPECT_EQ(h.opened(), std::vector<std::string>{std::string(kPublisherPeer)});  // no mesh pairs
  EXPECT_EQ(h.s.ice_servers()[0]["urls"][0], "stun:stun.example.org:3478");
  EXPECT_EQ(h.s.ice_transport_policy(), "relay");  // --ice-transport-policy reaches the PeerConnections
  EXPECT_EQ(h.s.media_mode(), "sfu");
  h.reset_mark();
  h.s.on_negotiation_needed(kPublisherPeer);
  ASSERT_EQ(h.recent<out::CreateOffer>().size(), 1U);
  h.s.on_local_description(kPublisherPeer, "offer", "pub-offer");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].type, proto::type::sfu_publish);
  h.deliver(proto::type::sfu_publish, Json{{"sdp", "pub-answer"}}, sent[0].id);
  auto srd = h.recent<out::SetRemoteDescription>();
  ASSERT_EQ(srd.size(), 1U);
  EXPECT_EQ(srd[0].peer, kPublisherPeer);
  EXPECT_EQ(srd[0].sdp, "pub-answer");

  h.deliver(proto::type::sfu_offer,
            Json{{"sdp", "sub-offer"},
                 {"streams", {{{"mid", "0"}, {"participant_id", "a"}, {"kind", "video"}, {"active", true}}}}});
  EXPECT_EQ(h.opened(), std::vector<std::string>{std::string(kSubscriberPeer)});
  EXPECT_EQ(h.s.sfu_participant_for_mid("0"), "a");
  h.reset_mark();
  h.s.on_local_description(kSubscriberPeer, "answer", "sub-answer");
  h.s.on_ice_candidate(kSubscriberPeer, "candidate:1 1 udp 1 127.0.0.2 5000 typ host", "0", 0);
  sent = h.sent();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].type, proto::type::sfu_answer);
  EXPECT_EQ(sent[1].type, proto::type::sfu_trickle);
  EXPECT_EQ(sent[1].data["target"], "subscriber");

  // A move keeps both PeerConnections: nothing opens or closes in the client.
  h.reset_mark();
  h.move_self("m1");
  h.deliver_room_joined();
  EXPECT_TRUE(h.opened().empty());
  EXPECT_TRUE(h.closed().empty());
  EXPECT_EQ(h.events("meetingChanged").size(), 1U);
}

TEST(ClientSfu, JanusLostClosesBothPeerConnectionsAndBackPublishesOnANewOne) {
  Harness h;
  h.media.mode = "sfu";
  h.group.rooms = {{"m0", {"a", "b"}}};
  h.join_parent();
  h.deliver(proto::type::sfu_offer,
            Json{{"sdp", "sub-offer"},
                 {"streams", {{{"mid", "0"}, {"participant_id", "a"}, {"kind", "video"}, {"active", true}}}}});
  h.reset_mark();
  h.deliver(proto::type::sfu_reset, Json{{"available", false}, {"reason", "lost"}});
  EXPECT_EQ(h.closed(), (std::vector<std::string>{std::string(kPublisherPeer), std::string(kSubscriberPeer)}));
  EXPECT_TRUE(h.opened().empty());  // nothing to publish to yet
  auto ev = h.events("mediaConnectionUpdate");
  ASSERT_EQ(ev.size(), 2U);
  EXPECT_EQ(ev[0].payload["transport"], "send");
  EXPECT_EQ(ev[0].payload["state"], "reconnecting");
  EXPECT_EQ(h.s.sfu_participant_for_mid("0"), "");  // the old subscriber's streams are gone

  h.reset_mark();
  h.deliver(proto::type::sfu_reset, Json{{"available", true}, {"reason", "back"}});
  EXPECT_EQ(h.opened(), std::vector<std::string>{std::string(kPublisherPeer)});
  EXPECT_EQ(h.recent<out::AttachLocalTracks>().size(), 1U);
  h.s.on_negotiation_needed(kPublisherPeer);
  h.s.on_local_description(kPublisherPeer, "offer", "pub-offer-2");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].type, proto::type::sfu_publish);
  EXPECT_EQ(h.events("mediaConnectionUpdate").back().payload["state"], "connecting");
  // The socket was never touched.
  EXPECT_TRUE(h.recent<out::CloseSocket>().empty());
  EXPECT_TRUE(h.events("socketConnectionUpdate").empty());
}

TEST(ClientSfu, ResetIsIgnoredInMeshMode) {
  Harness h;
  h.group.rooms = {{"m0", {"a", "b"}}};
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::sfu_reset, Json{{"available", true}});
  EXPECT_TRUE(h.opened().empty());
  EXPECT_TRUE(h.closed().empty());
  EXPECT_TRUE(h.events("mediaConnectionUpdate").empty());
}

TEST(ClientReconnect, TheSessionsBackoffIsJitteredByItsRandomSource) {
  Config c;
  c.random = [] { return 0xFFFFFFFFu; };  // always the floor of the window
  Harness h(c);
  h.join_parent();
  std::vector<std::uint32_t> delays;
  for (int i = 0; i < 4; ++i) {
    h.reset_mark();
    h.s.on_socket_close();
    auto t = h.recent<out::StartTimer>();
    ASSERT_EQ(t.size(), 1u) << i;
    delays.push_back(t[0].delay_ms);
    h.s.on_timer();
  }
  EXPECT_EQ(delays, (std::vector<std::uint32_t>{126, 251, 501, 1001}));  // ceiling / 2 + 1
}

// ---- the breakout timer ----

TEST(ClientTimer, TimerUpdatesCarryTheServersDeadlineAndNowAndWarnOnce) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  auto upd = [&](std::optional<BreakoutTimer> t, TimerReason r, std::int64_t now) {
    h.deliver(proto::type::cm_timer_update, proto::to_json(proto::CmTimerUpdate{t, r, now}));
  };
  upd(BreakoutTimer{100'000, 60'000, false}, TimerReason::set, 40'000);
  auto ev = h.events("breakoutTimerUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].payload["timer"]["deadlineMs"], 100'000);
  EXPECT_EQ(ev[0].payload["timer"]["graceMs"], 60'000);
  EXPECT_EQ(ev[0].payload["serverNowMs"], 40'000);
  EXPECT_EQ(ev[0].payload["reason"], "set");
  EXPECT_TRUE(h.events("breakoutTimerWarning").empty());
  EXPECT_EQ(h.s.snapshot()["breakoutTimer"]["timer"]["deadlineMs"], 100'000);
  // `current` repeating the same timer (a reconnect) changes nothing: no event
  h.reset_mark();
  upd(BreakoutTimer{100'000, 60'000, false}, TimerReason::current, 50'000);
  EXPECT_TRUE(h.events("breakoutTimerUpdate").empty());
  upd(BreakoutTimer{100'000, 60'000, true}, TimerReason::warning, 40'001);
  ASSERT_EQ(h.events("breakoutTimerWarning").size(), 1u);
  EXPECT_EQ(h.events("breakoutTimerWarning")[0].payload["deadlineMs"], 100'000);
  EXPECT_EQ(h.events("breakoutTimerUpdate").size(), 1u);
  h.reset_mark();
  upd(std::nullopt, TimerReason::expired, 100'000);
  ev = h.events("breakoutTimerUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].payload["timer"].is_null());
  EXPECT_EQ(ev[0].payload["reason"], "expired");
}

TEST(ClientTimer, ABadTimerFrameIsAnErrorEventNotACrash) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.deliver(proto::type::cm_timer_update,
            Json{{"timer", Json{{"deadline_ms", "soon"}}}, {"reason", "set"}, {"now_ms", 1}});
  EXPECT_TRUE(h.events("breakoutTimerUpdate").empty());
  EXPECT_EQ(h.events("error").size(), 1u);
}

TEST(ClientRequests, TimerWireShapes) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  h.s.call("startBreakout", R"([{"meetings":[{"title":"A"}],"durationMs":600000,"graceMs":30000}])");
  h.s.call("setBreakoutTimer", R"([{"durationMs":120000}])");
  h.s.call("extendBreakoutTimer", "[60000]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].data["duration_ms"], 600000);
  EXPECT_EQ(sent[0].data["grace_ms"], 30000);
  EXPECT_EQ(sent[1].type, "connected_meetings.timer");
  EXPECT_EQ(sent[1].data, (Json{{"duration_ms", 120000}}));
  EXPECT_EQ(sent[2].data, (Json{{"extend_ms", 60000}}));
  // bad arguments reject without sending (the codec's check, not a JS rule)
  h.reset_mark();
  h.s.call("extendBreakoutTimer", R"(["soon"])");
  h.s.call("setBreakoutTimer", "[5]");
  EXPECT_TRUE(h.sent().empty());
  EXPECT_EQ(h.events("requestRejected").size(), 2u);
}

TEST(ClientBroadcast, BannerEventForThisRoomOnlyAndWireShape) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  ChatMessage m{"x1", "m0", "host", "Hana", "5 minutes left", 1234};
  h.deliver(proto::type::cm_broadcast_message, proto::to_json(proto::CmBroadcastMessage{m}));
  auto ev = h.events("breakoutBroadcast");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].payload["message"]["message"], "5 minutes left");
  EXPECT_EQ(ev[0].payload["message"]["displayName"], "Hana");
  // one for another meeting (this participant just moved away) is not shown here
  h.reset_mark();
  m.meeting_id = "elsewhere";
  h.deliver(proto::type::cm_broadcast_message, proto::to_json(proto::CmBroadcastMessage{m}));
  EXPECT_TRUE(h.events("breakoutBroadcast").empty());
  h.reset_mark();
  h.s.call("broadcastMessage", R"(["hello rooms"])");
  h.s.call("broadcastMessage", R"(["to two", ["r1", "r2"]])");
  h.s.call("broadcastMessage", "[42]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, "connected_meetings.broadcast");
  EXPECT_EQ(sent[0].data, (Json{{"text", "hello rooms"}, {"meeting_ids", Json::array()}}));
  EXPECT_EQ(sent[1].data["meeting_ids"], (Json{"r1", "r2"}));
  EXPECT_EQ(h.events("requestRejected").size(), 1u);
}

TEST(ClientHelp, QueueUpdatesOnlyOnChangeAndWireShapes) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  proto::CmHelpQueue q{{proto::HelpQueueItem{"a", "Ada", "r1", "Room A", 77}}};
  h.deliver(proto::type::cm_help_queue, proto::to_json(q));
  auto ev = h.events("helpQueueUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].payload["requests"][0]["participantId"], "a");
  EXPECT_EQ(ev[0].payload["requests"][0]["meetingTitle"], "Room A");
  EXPECT_EQ(h.s.snapshot()["helpRequests"].size(), 1u);
  h.reset_mark();
  h.deliver(proto::type::cm_help_queue, proto::to_json(q));  // the same queue again (a reconnect)
  EXPECT_TRUE(h.events("helpQueueUpdate").empty());
  h.s.call("askForHelp", "[]");
  h.s.call("cancelHelp", R"(["a"])");
  h.s.call("cancelHelp", "[]");
  h.s.call("cancelHelp", "[5]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(sent[0].type, "connected_meetings.help");
  EXPECT_EQ(sent[0].data, Json::object());
  EXPECT_EQ(sent[1].type, "connected_meetings.help_cancel");
  EXPECT_EQ(sent[1].data, (Json{{"participant_id", "a"}}));
  EXPECT_EQ(sent[2].data, Json::object());
  EXPECT_EQ(h.events("requestRejected").size(), 1u);
}

TEST(ClientSession, RecordingStateFollowsTheCurrentMeetingOnly) {
  Harness h;
  h.join_parent();
  auto snap = h.events("roomJoined");
  ASSERT_EQ(snap.size(), 1u);
  EXPECT_EQ(snap[0].payload["meeting"]["recording"]["recordingState"], "IDLE");
  h.reset_mark();
  auto update = [](const std::string& mid, const char* state) {
    return Json{{"meeting_id", mid},
                {"state", state},
                {"recordings", Json::array({Json{{"id", "rec1"}, {"status", "RECORDING"}}})}};
  };
  h.deliver(proto::type::recording_updated, update("m1", "RECORDING"));
  EXPECT_TRUE(h.events("recordingUpdate").empty()) << "another room's recording";
  h.deliver(proto::type::recording_updated, update("m0", "RECORDING"));
  h.deliver(proto::type::recording_updated, update("m0", "RECORDING"));
  auto ev = h.events("recordingUpdate");
  ASSERT_EQ(ev.size(), 1u) << "a repeat emits nothing";
  EXPECT_EQ(ev[0].payload["recordingState"], "RECORDING");
  EXPECT_EQ(ev[0].payload["recordings"][0], (Json{{"id", "rec1"}, {"state", "RECORDING"}, {"type", "COMPOSITE"}}));
  // start: the request on the wire, resolved with the reply's state.
  h.reset_mark();
  RequestId id = h.s.call("stopRecording", "[\"rec1\"]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "recording.stop");
  EXPECT_EQ(sent[0].data, (Json{{"recording_id", "rec1"}}));
  h.deliver(proto::type::recording_stop, Json{{"meeting_id", "m0"}, {"state", "IDLE"}}, sent[0].id);
  auto done = h.events("requestResolved");
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].payload["requestId"], id);
  EXPECT_EQ(done[0].payload["data"]["recordingState"], "IDLE");
  EXPECT_EQ(h.s.snapshot()["recording"]["recordingState"], "IDLE");
  h.s.call("pauseRecording", "[5]");
  auto bad = h.events("requestRejected");
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].payload["code"], "invalid_argument");
}

TEST(ClientSelfSelection, SwitchTargetsCapacityAndFullComeFromTheCore) {
  Harness h;
  Preset fixed = default_participant_preset();
  fixed.permissions.connected_meetings = {false, false, false};
  h.preset_json = preset_to_json(fixed);
  h.group.rooms = {{"m0", {"a", "b", "c"}}, {"r1", {"d"}}, {"r2", {}}};
  h.join_parent();
  Json cm = h.s.snapshot()["connectedMeetings"];
  EXPECT_EQ(cm["switchTargets"], Json::array());  // no switch permission, self-selection off
  EXPECT_FALSE(cm["meetings"][0].contains("full"));
  EXPECT_EQ(cm["selfSelection"], (Json{{"enabled", false}, {"capacity", 0}}));
  // The host turns it on with capacity 1: the view says so, the core decides the rest.
  ++h.group.version;
  GroupView v = h.group.view();
  v.self_selection = SelfSelection{true, 1};
  h.deliver(proto::type::cm_state, proto::to_json(proto::CmState{v, {}}));
  cm = h.s.snapshot()["connectedMeetings"];
  EXPECT_EQ(cm["switchTargets"], (Json{"r1", "r2"}));
  EXPECT_EQ(cm["meetings"][0]["capacity"], 1);
  EXPECT_EQ(cm["meetings"][0]["full"], true);
  EXPECT_EQ(cm["meetings"][1]["full"], false);
  EXPECT_EQ(cm["selfSelection"], (Json{{"enabled", true}, {"capacity", 1}}));
  // The wire shapes of the two new calls.
  h.reset_mark();
  h.s.call("setSelfSelection", R"([{"enabled":true,"capacity":3}])");
  h.s.call("requestShufflePlan", R"([{"participantIds":["a"],"meetingIds":["x"],"seed":4}])");
  h.s.call("setSelfSelection", "[7]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].type, "connected_meetings.self_selection");
  EXPECT_EQ(sent[0].data, (Json{{"enabled", true}, {"capacity", 3}}));
  EXPECT_EQ(sent[1].type, "connected_meetings.shuffle");
  EXPECT_EQ(sent[1].data,
            (Json{{"participant_ids", {"a"}}, {"meeting_ids", {"x"}}, {"seed", 4}, {"avoid_repeats", true}}));
  EXPECT_EQ(h.events("requestRejected").size(), 1u);
}

TEST(ClientListen, ListenersFromEventsRoomJoinedAndRepliesStopFiresTooAndNothingTwice) {
  Harness h;
  h.join_parent();
  h.reset_mark();
  // someone else listens to m0 (this participant's room): the indicator
  proto::CmListeners l{{proto::ListenerItem{"a", "Hana Host", "m0"}}};
  h.deliver(proto::type::cm_listeners, proto::to_json(l));
  auto ev = h.events("listenUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].payload["listening"].is_null());
  EXPECT_EQ(ev[0].payload["listeners"][0]["displayName"], "Hana Host");
  EXPECT_EQ(ev[0].payload["listeners"][0]["meetingId"], "m0");
  h.reset_mark();
  h.deliver(proto::type::cm_listeners, proto::to_json(l));  // the same again: nothing
  EXPECT_TRUE(h.events("listenUpdate").empty());

  // this participant listens in: the request, the event naming it, then the reply
  h.s.call("listenIn", R"(["m1"])");
  h.s.call("listenIn", "[7]");
  auto sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "connected_meetings.listen");
  EXPECT_EQ(sent[0].data, (Json{{"meeting_id", "m1"}}));
  EXPECT_EQ(h.events("requestRejected").size(), 1u);
  h.reset_mark();
  h.deliver(proto::type::cm_listeners, proto::to_json(proto::CmListeners{{proto::ListenerItem{"b", "B", "m1"}}}));
  h.deliver(proto::type::cm_listen, Json{{"meeting_id", "m1"}}, sent[0].id);
  ev = h.events("listenUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].payload["listening"], "m1");
  EXPECT_EQ(h.s.snapshot()["listen"]["listening"], "m1");  // a new meeting object starts from it
  auto resolved = h.events("requestResolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(resolved[0].payload["data"]["listening"], "m1");

  // stop, with only the reply arriving: it must fire listenUpdate and resolve
  h.reset_mark();
  h.s.call("stopListening", "[]");
  sent = h.sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].type, "connected_meetings.stop_listening");
  h.deliver(proto::type::cm_stop_listening, Json{{"meeting_id", nullptr}}, sent[0].id);
  ev = h.events("listenUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(ev[0].payload["listening"].is_null());
  EXPECT_TRUE(ev[0].payload["listeners"].empty());
  resolved = h.events("requestResolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_TRUE(resolved[0].payload["data"]["listening"].is_null());

  // room.joined carries the listeners of the new room
  h.reset_mark();
  Json rj = h.room_joined();
  rj["listeners"] = Json::array({Json{{"participant_id", "a"}, {"display_name", "Hana Host"}, {"meeting_id", "m0"}}});
  h.deliver(proto::type::room_joined, rj);
  ev = h.events("listenUpdate");
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].payload["listeners"].size(), 1u);
}
