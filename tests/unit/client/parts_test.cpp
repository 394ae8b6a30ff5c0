// The parts of the client session on their own: Link, RequestTable, Mirror, Mesh, the API
// table and the declared event list.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "rtk/assignment.hpp"
#include "rtk/client/api.hpp"
#include "rtk/client/link.hpp"
#include "rtk/client/mesh.hpp"
#include "rtk/client/mirror.hpp"
#include "rtk/client/outputs.hpp"
#include "rtk/client/requests.hpp"
#include "rtk/client/session.hpp"
#include "rtk/client/sfu.hpp"

using namespace rtk;
using namespace rtk::client;

// ---- Link ----

TEST(Link, StartOpenCloseBackoffThenFailed) {
  Link l(BackoffPolicy{100, 300, 3}, [] { return 0u; });  // random 0: the ceilings
  EXPECT_EQ(l.state(), LinkState::idle);
  EXPECT_TRUE(l.start().open_socket);
  EXPECT_FALSE(l.start().open_socket);  // already connecting
  l.opened();
  EXPECT_TRUE(l.is_open());
  std::vector<std::uint32_t> delays;
  for (int i = 0; i < 3; ++i) {
    auto a = l.closed();
    ASSERT_TRUE(a.start_timer_ms);
    delays.push_back(*a.start_timer_ms);
    EXPECT_EQ(l.state(), LinkState::waiting);
    EXPECT_TRUE(l.timer().open_socket);
  }
  EXPECT_EQ(delays, (std::vector<std::uint32_t>{100, 200, 300}));
  auto last = l.closed();
  EXPECT_TRUE(last.gave_up);
  EXPECT_EQ(l.state(), LinkState::failed);
  EXPECT_FALSE(l.timer().open_socket);  // a late timer does nothing
  // start() after failed begins again from attempt 0
  EXPECT_TRUE(l.start().open_socket);
  EXPECT_EQ(l.attempt(), 0u);
}

TEST(Link, JoinedResetsTheBackoffAndStopOrEndNeverReconnect) {
  Link l(BackoffPolicy{100, 1000, 5}, [] { return 0u; });
  l.start();
  l.opened();
  l.closed();
  l.timer();
  l.opened();
  l.joined();
  EXPECT_EQ(*l.closed().start_timer_ms, 100u);
  l.timer();
  l.opened();
  EXPECT_TRUE(l.stop().close_socket);
  EXPECT_FALSE(l.closed().start_timer_ms);
  EXPECT_EQ(l.state(), LinkState::idle);
  l.start();
  EXPECT_TRUE(l.opened().close_socket == false);
  EXPECT_TRUE(l.end().close_socket);
  EXPECT_EQ(l.state(), LinkState::ended);
  EXPECT_TRUE(l.opened().close_socket);  // a socket that opens after end() is closed again
  EXPECT_FALSE(l.closed().start_timer_ms);
}

TEST(Link, BackoffJitterStaysInItsWindowAndComesFromTheInjectedSource) {
  const BackoffPolicy p{250, 5000, 8, 50};
  const std::vector<std::uint32_t> ceilings{250, 500, 1000, 2000, 4000, 5000, 5000, 5000};
  for (std::uint32_t n = 0; n < 8; ++n) {
    EXPECT_EQ(p.ceiling_ms(n), ceilings[n]);
    EXPECT_EQ(p.delay_ms(n, 0), ceilings[n]);                              // the ceiling
    EXPECT_EQ(p.delay_ms(n, 0x80000000u), ceilings[n] - ceilings[n] / 4);  // the middle of the window
    EXPECT_EQ(p.delay_ms(n, 0xFFFFFFFFu), ceilings[n] / 2 + 1);            // (almost) the floor
    for (std::uint32_t r : {1u, 12345u, 0x7FFFFFFFu, 0xC0000000u, 0xFFFFFFFEu}) {
      EXPECT_GE(p.delay_ms(n, r), ceilings[n] / 2) << n << " " << r;
      EXPECT_LE(p.delay_ms(n, r), ceilings[n]) << n << " " << r;
    }
  }
  const BackoffPolicy none{250, 5000, 8, 0};
  EXPECT_EQ(none.delay_ms(3, 0xFFFFFFFFu), 2000u);  // jitter 0: deterministic
  const BackoffPolicy over{100, 100, 1, 250};       // clamped to 100 %: never below 0
  EXPECT_LE(over.delay_ms(0, 0xFFFFFFFFu), 1u);

  // The link draws one number per failed attempt, in order.
  std::vector<std::uint32_t> numbers{0, 0xFFFFFFFFu, 0x80000000u};
  std::size_t next = 0;
  Link l(BackoffPolicy{100, 1000, 5, 50}, [&] { return numbers[next++ % numbers.size()]; });
  l.start();
  std::vector<std::uint32_t> delays;
  for (int i = 0; i < 3; ++i) {
    delays.push_back(*l.closed().start_timer_ms);
    l.timer();
  }
  EXPECT_EQ(delays, (std::vector<std::uint32_t>{100, 101, 300}));
  EXPECT_EQ(next, 3u);
}

TEST(Link, DefaultRandomSourceSpreadsTheDelays) {
  // 500 clients that lost the server at once must not redial in lockstep: with the default
  // source the first delays of many links cover the window, not one value.
  std::set<std::uint32_t> first;
  for (int i = 0; i < 64; ++i) {
    Link l;  // default policy and source
    l.start();
    const std::uint32_t d = *l.closed().start_timer_ms;
    EXPECT_GE(d, 125u);
    EXPECT_LE(d, 250u);
    first.insert(d);
  }
  EXPECT_GT(first.size(), 16u);
}

// ---- RequestTable ----

TEST(RequestTable, EachReplySettlesOnceAndLossTakesAll) {
  RequestTable t;
  RequestId a = t.next_id(), b = t.next_id();
  EXPECT_NE(a, 0u);
  std::string wa = t.add(a, "chat.send");
  std::string wb = t.add(b, "polls.vote");
  EXPECT_NE(wa, wb);
  auto e = t.take(wa);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->id, a);
  EXPECT_EQ(e->type, "chat.send");
  EXPECT_FALSE(t.take(wa));  // a duplicate reply is ignored
  auto rest = t.take_all();
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, b);
  EXPECT_EQ(t.size(), 0u);
}

// ---- Mirror ----

namespace {
Participant part(const std::string& id) { return Participant{id, "c" + id, "group_call_participant", "N" + id}; }
GroupState group_of(int n_rooms, int per_room, std::uint64_t version) {
  GroupState g = make_group("m0", "Main");
  g.version = version;
  for (int r = 0; r < n_rooms; ++r) {
    Meeting m{"r" + std::to_string(r), "Room " + std::to_string(r), {}};
    for (int i = 0; i < per_room; ++i)
      m.participants.push_back(part("p" + std::to_string(r) + "_" + std::to_string(i)));
    g.meetings.push_back(std::move(m));
  }
  g.parent.participants.push_back(part("self"));
  return g;
}
proto::RoomJoined joined_in(const std::string& mid, std::vector<std::string> others) {
  proto::RoomJoined rj;
  rj.meeting_id = mid;
  rj.self = proto::RoomMember{part("self"), true, true};
  rj.preset = preset_to_json(default_participant_preset());
  for (auto& o : others) rj.participants.push_back(proto::RoomMember{part(o), true, true});
  rj.limits = proto::wire_limits(Limits{});
  return rj;
}
}  // namespace

TEST(Mirror, ChunkedStateIsAssembledBeforeItApplies) {
  Mirror m;
  GroupView v = make_view(group_of(20, 40, 5), {}, GroupScope::roster);
  auto parts = proto::split(v, 8 * 1024);
  ASSERT_GT(parts.size(), 2u);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) EXPECT_EQ(m.on_state(parts[i]), GroupResult::partial);
  EXPECT_FALSE(m.has_group());
  EXPECT_EQ(m.on_state(parts.back()), GroupResult::changed);
  EXPECT_EQ(m.group(), v);
  EXPECT_EQ(m.on_state(parts.size() == 1 ? parts[0] : parts[0]), GroupResult::partial);  // a new message starts
}

TEST(Mirror, DeltasApplyStaleAndGap) {
  Mirror m;
  GroupState g1 = group_of(1, 1, 1);
  ASSERT_EQ(m.on_state(proto::CmState{make_view(g1, {}, GroupScope::roster), {}}), GroupResult::changed);
  // 1 -> 2: a room is added
  auto applied = apply(g1, cmd::CreateMeetings{{MeetingSpec{"rx", "X"}}}, Actor::system(), 0);
  ASSERT_TRUE(applied);
  GroupDelta d = delta_of(applied->events, 1);
  GroupDeltaView dv = view_of(d, applied->state, {}, GroupScope::roster);
  EXPECT_EQ(m.on_delta(proto::CmDelta{dv, {}}), GroupResult::changed);
  EXPECT_NE(m.group().find_meeting("rx"), nullptr);
  EXPECT_EQ(m.on_delta(proto::CmDelta{dv, {}}), GroupResult::unchanged);  // stale
  // 3 -> 4 while at 2: a gap, the view is unchanged
  GroupDeltaView far = dv;
  far.from_version = 3;
  far.version = 4;
  const GroupView before = m.group();
  EXPECT_EQ(m.on_delta(proto::CmDelta{far, {}}), GroupResult::gap);
  EXPECT_EQ(m.group(), before);
  // a delta before any state is a gap too
  Mirror fresh;
  EXPECT_EQ(fresh.on_delta(proto::CmDelta{dv, {}}), GroupResult::gap);
}

TEST(Mirror, RoomUpdateJoinedTwiceIsANewSession) {
  Mirror m;
  m.enter(joined_in("m0", {"a"}));
  proto::RoomUpdate u{"m0",
                      {proto::RoomEvent{proto::RoomEvent::Kind::joined, {part("b"), true, false}},
                       proto::RoomEvent{proto::RoomEvent::Kind::joined, {part("a"), false, false}},
                       proto::RoomEvent{proto::RoomEvent::Kind::media, {part("b"), true, true}},
                       proto::RoomEvent{proto::RoomEvent::Kind::left, {part("zz"), false, false}}}};
  auto ch = m.apply(u);
  ASSERT_EQ(ch.size(), 3u);
  EXPECT_EQ(ch[0].kind, RoomChange::Kind::joined);
  EXPECT_EQ(ch[1].kind, RoomChange::Kind::rejoined);
  EXPECT_EQ(ch[1].member.participant.id, "a");
  EXPECT_EQ(ch[2].kind, RoomChange::Kind::video);
  EXPECT_EQ(m.roster_ids(), (std::vector<std::string>{"a", "b"}));
  // another meeting's update changes nothing
  EXPECT_TRUE(m.apply(proto::RoomUpdate{"m9", u.events}).empty());
}

TEST(Mirror, PermissionsAndSwitchTargetsComeFromTheCore) {
  Mirror m;
  Preset parent_only = default_participant_preset();
  parent_only.permissions.connected_meetings = {false, false, true};
  parent_only.raw = Json::object();
  proto::RoomJoined rj = joined_in("r0", {});
  rj.preset = preset_to_json(parent_only);
  m.enter(rj);
  GroupState g = group_of(2, 0, 3);
  // self sits in r0 for this test
  g.parent.participants.clear();
  g.meetings[0].participants.push_back(part("self"));
  m.on_state(proto::CmState{make_view(g, {}, GroupScope::roster), {}});
  ASSERT_TRUE(m.permissions());
  // may switch to the parent only
  EXPECT_EQ(m.switch_targets(), (std::vector<std::string>{"m0"}));
  EXPECT_FALSE(m.set_preset(preset_to_json(parent_only)));  // same: no change
  EXPECT_TRUE(m.set_preset(preset_to_json(default_participant_preset())));
  EXPECT_EQ(m.switch_targets(), (std::vector<std::string>{"m0", "r1"}));
  EXPECT_FALSE(m.set_preset(Json{{"garbage", 1}}));
}

// ---- Mesh ----

TEST(Mesh, SyncOpensAndClosesAndResetReopens) {
  Mesh mesh;
  mesh.set_self("m");
  std::vector<Output> out;
  EXPECT_TRUE(mesh.sync({"a", "z"}, out));
  EXPECT_TRUE(mesh.is_polite_towards("a"));
  EXPECT_FALSE(mesh.is_polite_towards("z"));
  EXPECT_FALSE(mesh.sync({"a", "z"}, out));
  out.clear();
  mesh.reset("a", out);
  ASSERT_GE(out.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<out::ClosePeer>(out[0]));
  EXPECT_TRUE(std::holds_alternative<out::OpenPeer>(out[1]));
  out.clear();
  EXPECT_TRUE(mesh.sync({"z"}, out));
  EXPECT_EQ(mesh.peers(), std::vector<std::string>{"z"});
  EXPECT_FALSE(mesh.on_offer("q", "sdp", false, out));  // not in the room: ignored
  EXPECT_FALSE(mesh.has("q"));
  EXPECT_TRUE(mesh.close_all(out));
  EXPECT_FALSE(mesh.close_all(out));
}

// ---- API table and events ----

TEST(ApiTable, EveryMethodIsFoundAndUnknownIsNot) {
  std::vector<std::string> names;
  for (const auto& m : api_methods()) names.emplace_back(m.name);
  for (const char* n : {"join",
                        "leave",
                        "sendTextMessage",
                        "getChatHistory",
                        "createPoll",
                        "vote",
                        "listPolls",
                        "getConnectedMeetings",
                        "createMeetings",
                        "updateMeetings",
                        "deleteMeetings",
                        "moveParticipants",
                        "moveParticipantsWithCustomPreset",
                        "startBreakout",
                        "assignParticipants",
                        "closeBreakout",
                        "setBreakoutTimer",
                        "extendBreakoutTimer",
                        "broadcastMessage",
                        "askForHelp",
                        "cancelHelp",
                        "startRecording",
                        "stopRecording",
                        "pauseRecording",
                        "resumeRecording",
                        "setSelfSelection",
                        "requestShufflePlan",
                        "listenIn",
                        "stopListening",
                        "pinParticipant"})
    EXPECT_NE(find_api_method(n), nullptr) << n;
  EXPECT_EQ(find_api_method("nope"), nullptr);
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());  // no duplicates
}

TEST(Events, PublicNamesArePinned) {
  std::vector<std::string> got;
  for (const auto& e : event_table())
    got.push_back(std::string(e.internal) + ">" + std::string(e.target) + "." + std::string(e.public_name));
  EXPECT_EQ(got, (std::vector<std::string>{"localMediaReady>self.localMediaReady",
                                           "socketConnectionUpdate>meta.socketConnectionUpdate",
                                           "roomJoined>self.roomJoined",
                                           "roomLeft>self.roomLeft",
                                           "participantJoined>participants.participantJoined",
                                           "participantLeft>participants.participantLeft",
                                           "participantUpdated>participants.participantUpdated",
                                           "participantAudioUpdate>participants.audioUpdate",
                                           "participantVideoUpdate>participants.videoUpdate",
                                           "selfAudioUpdate>self.audioUpdate",
                                           "selfVideoUpdate>self.videoUpdate",
                                           "selfPermissionsUpdate>self.permissionsUpdate",
                                           "stateUpdate>connectedMeetings.stateUpdate",
                                           "changingMeeting>connectedMeetings.changingMeeting",
                                           "meetingChanged>connectedMeetings.meetingChanged",
                                           "breakoutTimerUpdate>connectedMeetings.timerUpdate",
                                           "breakoutTimerWarning>connectedMeetings.timerWarning",
                                           "breakoutBroadcast>connectedMeetings.broadcastMessage",
                                           "helpQueueUpdate>connectedMeetings.helpQueueUpdate",
                                           "listenUpdate>connectedMeetings.listenUpdate",
                                           "breakoutPlanUpdate>connectedMeetings.planUpdate",
                                           "chatUpdate>chat.chatUpdate",
                                           "pollsUpdate>polls.pollsUpdate",
                                           "recordingUpdate>recording.recordingUpdate",
                                           "requestResolved>client.requestResolved",
                                           "requestRejected>client.requestRejected",
                                           "peerState>client.peerState",
                                           "sessionEnded>client.sessionEnded",
                                           "error>client.error",
                                           "meshUpdate>client.meshUpdate",
                                           "videoSlotsUpdate>participants.videoSlotsUpdate",
                                           "mediaConnectionUpdate>meta.mediaConnectionUpdate"}));
  for (std::size_t i = 0; i < event_table().size(); ++i)
    EXPECT_EQ(to_string(event_table()[i].name), event_table()[i].internal);
}

TEST(PlanShuffle, IsTheCoresSeededPlan) {
  Json a = ClientSession::plan_shuffle(R"({"participantIds":["a","b","c","d"],"meetingIds":["r1","r2"],"seed":7})");
  Json b = ClientSession::plan_shuffle(R"({"participantIds":["a","b","c","d"],"meetingIds":["r1","r2"],"seed":7})");
  ASSERT_TRUE(a.is_array());
  EXPECT_EQ(a, b);
  auto plan = rtk::plan_shuffle({"a", "b", "c", "d"}, {"r1", "r2"}, 7);
  ASSERT_EQ(a.size(), plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(a[i]["participantId"], plan[i].participant_id);
    EXPECT_EQ(a[i]["meetingId"], plan[i].meeting_id);
  }
  EXPECT_TRUE(ClientSession::plan_shuffle(R"({"participantIds":["a"],"meetingIds":[],"seed":1})").contains("error"));
  EXPECT_TRUE(ClientSession::plan_shuffle("nope").contains("error"));
}

// ---- Sfu ----

TEST(Sfu, OnePublisherForTheStayAndASubscriberMappedByMid) {
  Sfu sfu;
  std::vector<Output> out;
  sfu.start(out);
  sfu.start(out);  // once
  ASSERT_EQ(out.size(), 2U);
  ASSERT_TRUE(std::holds_alternative<out::OpenPeer>(out[0]));
  EXPECT_EQ(std::get<out::OpenPeer>(out[0]).peer, kPublisherPeer);
  EXPECT_TRUE(std::holds_alternative<out::AttachLocalTracks>(out[1]));
  out.clear();
  sfu.on_negotiation_needed(kPublisherPeer, out);
  sfu.on_negotiation_needed(kPublisherPeer, out);  // while publishing: held back
  ASSERT_EQ(out.size(), 1U);
  EXPECT_TRUE(std::holds_alternative<out::CreateOffer>(out[0]));
  auto f = sfu.on_local_description(kPublisherPeer, "offer", "o-sdp");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->first, proto::type::sfu_publish);
  EXPECT_EQ(f->second["sdp"], "o-sdp");
  out.clear();
  sfu.on_publish_answer("a-sdp", out);
  ASSERT_EQ(out.size(), 2U);  // the answer, then the held-back offer
  EXPECT_EQ(std::get<out::SetRemoteDescription>(out[0]).type, "answer");
  EXPECT_TRUE(std::holds_alternative<out::CreateOffer>(out[1]));

  out.clear();
  proto::SfuOffer offer{"s-offer",
                        {{"0", "alice", "audio", true}, {"1", "alice", "video", true}, {"2", "", "video", false}}};
  sfu.on_offer(offer, out);
  ASSERT_EQ(out.size(), 2U);
  EXPECT_EQ(std::get<out::OpenPeer>(out[0]).peer, kSubscriberPeer);
  EXPECT_EQ(std::get<out::SetRemoteDescription>(out[1]).type, "offer");
  EXPECT_EQ(sfu.participant_for_mid("1"), "alice");
  EXPECT_EQ(sfu.participant_for_mid("2"), "");
  EXPECT_EQ(sfu.feeds(), std::vector<std::string>{"alice"});
  out.clear();
  offer.streams = {{"0", "bob", "audio", true}, {"1", "bob", "video", true}};
  sfu.on_offer(offer, out);  // a re-offer on the same subscriber PeerConnection
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(sfu.participant_for_mid("1"), "bob");
  auto a = sfu.on_local_description(kSubscriberPeer, "answer", "s-answer");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->first, proto::type::sfu_answer);
  EXPECT_EQ(sfu.trickle(kSubscriberPeer, "candidate:1", "0", 0)["target"], "subscriber");
  out.clear();
  EXPECT_TRUE(sfu.close(out));
  EXPECT_EQ(out.size(), 2U);
  EXPECT_FALSE(sfu.active());
}
