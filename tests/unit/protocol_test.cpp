#include "rtk/protocol.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace rtk;
using namespace rtk::proto;

// Brittle on purpose: renaming a message type is a visible decision.
TEST(Protocol, EveryTypeNameIsPinned) {
  const std::vector<std::string> pinned = {"connected_meetings.get",
                                           "connected_meetings.create",
                                           "connected_meetings.update",
                                           "connected_meetings.delete",
                                           "connected_meetings.move",
                                           "connected_meetings.start",
                                           "connected_meetings.close",
                                           "connected_meetings.timer",
                                           "connected_meetings.broadcast",
                                           "connected_meetings.help",
                                           "connected_meetings.help_cancel",
                                           "connected_meetings.self_selection",
                                           "connected_meetings.shuffle",
                                           "connected_meetings.plans",
                                           "connected_meetings.start_plan",
                                           "connected_meetings.policy",
                                           "connected_meetings.listen",
                                           "connected_meetings.stop_listening",
                                           "self.media",
                                           "chat.send",
                                           "chat.history",
                                           "polls.create",
                                           "polls.vote",
                                           "polls.list",
                                           "session.ping",
                                           "session.leave",
                                           "recording.start",
                                           "recording.stop",
                                           "recording.pause",
                                           "recording.resume",
                                           "rtc.offer",
                                           "rtc.answer",
                                           "rtc.candidate",
                                           "sfu.publish",
                                           "sfu.answer",
                                           "sfu.trickle",
                                           "sfu.offer",
                                           "sfu.reset",
                                           "participants.pin",
                                           "sfu.slots",
                                           "room.joined",
                                           "room.update",
                                           "chat.message",
                                           "polls.updated",
                                           "connected_meetings.state",
                                           "connected_meetings.delta",
                                           "connected_meetings.presence",
                                           "connected_meetings.moving",
                                           "connected_meetings.timer_update",
                                           "connected_meetings.broadcast_message",
                                           "connected_meetings.help_queue",
                                           "connected_meetings.listeners",
                                           "session.permissions",
                                           "session.ended",
                                           "recording.updated",
                                           "error"};
  std::vector<std::string> actual;
  for (const auto& m : all_messages()) actual.emplace_back(m.type);
  EXPECT_EQ(actual, pinned);
  std::set<std::string> unique(actual.begin(), actual.end());
  EXPECT_EQ(unique.size(), actual.size());
}

TEST(Protocol, EnvelopeRoundTrip) {
  auto e = decode_envelope(R"({"v":1,"id":"r1","type":"chat.send","data":{"text":"hi"}})");
  ASSERT_TRUE(e.ok()) << e.error().message;
  EXPECT_EQ(e->id, "r1");
  EXPECT_EQ(e->type, "chat.send");
  auto body = decode<ChatSend>(e->data);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->text, "hi");
  auto reply = proto::reply(*e, ChatMessageBody{ChatMessage{"m1", "room", "p", "P", "hi", 1}});
  auto back = decode_envelope(encode(reply));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->id, "r1");
  EXPECT_EQ(back->type, "chat.send");
  auto err = make_error_reply("r2", "chat.send", Error{ErrorCode::permission_denied, "no"});
  auto eback = decode_envelope(encode(err));
  ASSERT_TRUE(eback.ok());
  ASSERT_TRUE(eback->error.has_value());
  EXPECT_EQ(eback->error->code, ErrorCode::permission_denied);
}

TEST(Protocol, BadFramesAreErrorValues) {
  struct Case {
    const char* frame;
    ErrorCode code;
    const char* message;
  } cases[] = {
      {"{not json", ErrorCode::invalid_argument, "malformed JSON"},
      {"[1,2]", ErrorCode::invalid_argument, "frame: expected a JSON object"},
      {R"({"data":{}})", ErrorCode::invalid_argument, "frame.type: is required"},
      {R"({"type":7})", ErrorCode::invalid_argument, "frame.type: expected string"},
      {R"({"type":"no.such"})", ErrorCode::invalid_argument, "frame.type: unknown message type 'no.such'"},
      {R"({"type":"chat.send","data":[]})", ErrorCode::invalid_argument, "frame.data: expected object"},
      {R"({"v":2,"type":"chat.send"})", ErrorCode::invalid_argument, "frame.v: unsupported protocol version 2"},
      {R"({"v":"1","type":"chat.send"})", ErrorCode::invalid_argument, "frame.v: expected integer"},
      {R"({"id":5,"type":"chat.send"})", ErrorCode::invalid_argument, "frame.id: expected string"},
  };
  for (const auto& c : cases) {
    auto e = decode_envelope(c.frame);
    ASSERT_FALSE(e.ok()) << c.frame;
    EXPECT_EQ(e.error().code, c.code) << c.frame;
    EXPECT_EQ(e.error().message, c.message) << c.frame;
  }
  std::string big(kMaxFrameBytes + 1, ' ');
  EXPECT_EQ(decode_envelope(big).error().code, ErrorCode::payload_too_large);
}

TEST(Protocol, RequestIdIsRecoveredForErrorReplies) {
  std::string id;
  auto e = decode_envelope(R"({"id":"abc","type":"nope"})", &id);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(id, "abc");
}

TEST(Protocol, PayloadWrongTypes) {
  EXPECT_EQ(decode<CmCreate>(Json::parse(R"({"meetings":[{"title":5}]})")).error().message,
            "data.meetings[0].title: expected string");
  EXPECT_EQ(decode<CmCreate>(Json::parse(R"({"meetings":{}})")).error().message, "data.meetings: expected array");
  EXPECT_EQ(decode<CmDelete>(Json::parse(R"({"meeting_ids":["a",2]})")).error().message,
            "data.meeting_ids[1]: expected string");
  EXPECT_EQ(decode<CmMove>(Json::parse(R"({"source_meeting_id":"a","destination_meeting_id":"b"})")).error().message,
            "data: give exactly one of participant_ids or participants");
  EXPECT_EQ(decode<PollsVote>(Json::parse(R"({"poll_id":"p","option_index":-1})")).error().message,
            "data.option_index: expected non-negative integer");
  EXPECT_EQ(decode<SelfMedia>(Json::parse(R"({})")).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<CmStart>(
                Json::parse(R"({"meetings":[{"title":"a"}],"assignments":[{"participant_id":"p","meeting_index":3}]})"))
                .error()
                .message,
            "data.assignments[0].meeting_index: out of range");
}

TEST(Protocol, PayloadRoundTrips) {
  CmMove mv{"a", "b", {"p1", "p2"}, std::string("custom"), {}};
  auto mv2 = decode<CmMove>(to_json(mv));
  ASSERT_TRUE(mv2.ok());
  EXPECT_EQ(mv2->participant_ids, mv.participant_ids);
  EXPECT_EQ(mv2->preset_name, mv.preset_name);
  CmMove mvp{"a", "b", {}, std::nullopt, {{"p1", "x"}}};
  auto mvp2 = decode<CmMove>(to_json(mvp));
  ASSERT_TRUE(mvp2.ok());
  ASSERT_EQ(mvp2->participants.size(), 1u);
  EXPECT_EQ(mvp2->participants[0].preset_name, "x");

  CmStart st{{"A", "B"}, {{"p1", 1, std::nullopt}, {"p2", std::nullopt, std::string("r9")}}, true, 99};
  auto st2 = decode<CmStart>(to_json(st));
  ASSERT_TRUE(st2.ok()) << st2.error().message;
  EXPECT_EQ(st2->titles, st.titles);
  EXPECT_EQ(st2->assignments[0].meeting_index, 1u);
  EXPECT_EQ(st2->assignments[1].meeting_id, "r9");
  EXPECT_TRUE(st2->shuffle);
  EXPECT_EQ(st2->seed, 99u);

  RtcCandidate c{"peer", "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0};
  RtcCandidate c2;
  ASSERT_TRUE(from_json(to_json(c, "to"), c2, "to").ok());
  EXPECT_EQ(c2.candidate, c.candidate);
  EXPECT_FALSE(from_json(to_json(c, "to"), c2, "from").ok());
}

namespace {
template <class T>
void round_trips(const T& v) {
  auto back = decode<T>(to_json(v));
  ASSERT_TRUE(back.ok()) << back.error().message << " " << to_json(v).dump();
  EXPECT_EQ(back.value(), v) << to_json(v).dump();
}

Participant person(const char* id) { return Participant{id, std::string("c-") + id, "group_call_host", "Ann \"A\""}; }

GroupView sample_view(GroupScope scope) {
  GroupState s = make_group("m", "Main");
  s.version = 9;
  s.parent.participants = {person("p1"), person("p2")};
  s.meetings = {Meeting{"r1", "Room 1", {person("p3")}}, Meeting{"r2", "Room 2", {}}};
  PresenceMap pm{{"p1", Presence{true, true, false, 1}}};
  return make_view(s, pm, scope);
}
}  // namespace

// Every request, reply and event codec round-trips a non-trivial value.
TEST(Protocol, EveryCodecRoundTrips) {
  round_trips(CmCreate{{"A", "B"}});
  round_trips(CmStartPlan{"plan1", 60000, 5000});
  round_trips(CmPolicy{LateJoinPolicy::smallest});
  round_trips(PlansReply{{BreakoutPlan{"p1", "Round 1", {{"Red", {"a@x"}}}, 7}}, LateJoinPolicy::planned, "p1"});
  round_trips(CmUpdate{{{"r1", "New"}}});
  round_trips(CmDelete{{"r1", "r2"}});
  round_trips(CmMove{"a", "b", {"p1"}, std::string("custom"), {}});
  round_trips(CmMove{"a", "b", {}, std::nullopt, {{"p1", "x"}}});
  round_trips(CmStart{{"A", "B"}, {{"p1", 1, std::nullopt}, {"p2", std::nullopt, std::string("r9")}}, true, 99});
  round_trips(SelfMedia{true, std::nullopt});
  round_trips(ChatSend{"hi"});
  round_trips(HistoryPage{std::string("c9"), 20});
  round_trips(PollsCreate{"Q?", {"a", "b"}, true, false});
  round_trips(PollsVote{"p", 1});
  round_trips(VersionReply{4});
  round_trips(MeetingsReply{{{"r1", "A"}}, 5});
  round_trips(DeleteReply{{"r1"}, 6});
  round_trips(SelfMediaReply{true, false});
  round_trips(ChatMessageBody{ChatMessage{"c1", "m", "p2", "Ben", "hi", 5}});
  round_trips(ChatHistoryReply{{ChatMessage{"c1", "m", "p2", "Ben", "hi", 5}}, true});
  Poll poll{"po", "m", "Q", {{"a", {"p1"}}, {"b", {}}}, false, false, "Ann", "p1", 3};
  round_trips(PollBody{poll_view_json(poll, "p1")});
  round_trips(PollsListReply{Json::array({poll_view_json(poll, "p1")}), false});
  round_trips(PingReply{123});
  round_trips(RoomMember{person("p1"), true, false});
  round_trips(WireLimits{100, 1000, 256, 4000, 1000, 20, 6});
  RoomJoined rj;
  rj.meeting_id = "m";
  rj.meeting_title = "Main";
  rj.self = RoomMember{person("p1"), true, true};
  rj.preset = Json{{"name", "host"}};
  rj.participants = {RoomMember{person("p2"), false, true}};
  rj.chat = {ChatMessage{"c1", "m", "p2", "Ben", "hi", 5}};
  rj.chat_has_more = true;
  rj.polls = Json::array({poll_view_json(poll, "p1")});
  rj.limits = wire_limits(Limits{});
  rj.media = MediaInfo{"sfu", {IceServer{{"stun:s:3478", "turn:t:3478"}, "u", "c"}}};
  rj.reconnected = true;
  rj.recording = RecordingUpdate{"m", RecordingState::paused, {{"rec1", "PAUSED", "COMPOSITE"}}};
  round_trips(rj);
  round_trips(MediaInfo{"mesh", {}});
  round_trips(MediaInfo{"sfu", {IceServer{{"turn:t:3478"}, "1:p", "c"}}, "relay"});
  round_trips(SfuSdp{"v=0"});
  round_trips(SfuTrickle{"publisher", "candidate:1 1 udp 1 127.0.0.2 9 typ host", "0", 0, false});
  round_trips(SfuTrickle{"subscriber", "", "", 0, true});
  round_trips(SfuOffer{"v=0", {{"0", "p1", "audio", true}, {"3", "", "video", false}}});
  round_trips(SfuReset{true, "back"});
  EXPECT_EQ(decode<SfuReset>(Json{{"reason", "x"}}).error().code, ErrorCode::invalid_argument);
  RoomUpdate ru{"m",
                {{RoomEvent::Kind::joined, RoomMember{person("p2"), true, false}},
                 {RoomEvent::Kind::updated, RoomMember{person("p2"), true, false}},
                 {RoomEvent::Kind::media, RoomMember{Participant{"p2", "", "", ""}, false, true}},
                 {RoomEvent::Kind::left, RoomMember{Participant{"p2", "", "", ""}, false, false}}}};
  round_trips(ru);
  for (auto scope : {GroupScope::summary, GroupScope::roster, GroupScope::full})
    round_trips(CmState{sample_view(scope), Chunk{}});
  GroupDeltaView d{3, 5, GroupScope::full, {{"r3", "New"}}, {"r2"}, {{"r1", true, person("p1"), true}}, {"p9"}, {}};
  round_trips(CmDelta{d, Chunk{0, 2}});
  GroupDeltaView ds{3, 5, GroupScope::summary, {{"r3", "New"}}, {"r2"}, {}, {}, {{"r1", 4}}};
  round_trips(CmDelta{ds, Chunk{}});
  round_trips(CmPresence{{{"p1", true}, {"p2", false}}});
  round_trips(CmMoving{"r1", 7, "moved_by_host"});
  round_trips(SessionPermissions{Json{{"name", "x"}}});
  round_trips(SessionEnded{EndReason::replaced});
  EXPECT_EQ(decode<SessionEnded>(Json{{"reason", "no-such"}})->reason, EndReason::unknown);
}

TEST(Protocol, RecordingCodecsRoundTripAndRefuseBadInput) {
  round_trips(RecordingUpdate{"r1", RecordingState::recording, {{"rec1", "RECORDING", "COMPOSITE"}}});
  round_trips(RecordingUpdate{"r1", RecordingState::idle, {}});
  round_trips(RecordingRequest{std::string("rec1")});
  round_trips(RecordingRequest{});
  for (auto s : {RecordingState::idle, RecordingState::starting, RecordingState::recording, RecordingState::paused,
                 RecordingState::stopping})
    EXPECT_EQ(recording_state_from_string(to_string(s)), s);
  EXPECT_EQ(to_string(RecordingState::starting), "STARTING");
  EXPECT_EQ(decode<RecordingUpdate>(Json{{"meeting_id", "m"}, {"state", "LOUD"}}).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(decode<RecordingUpdate>(Json{{"state", "IDLE"}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<RecordingRequest>(Json{{"recording_id", 5}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<RecordingRequest>(Json{{"recording_id", ""}}).error().code, ErrorCode::invalid_argument);
  EXPECT_TRUE(
      find_message(type::recording_updated)->check(to_json(RecordingUpdate{"m", RecordingState::idle, {}})).ok());
  EXPECT_TRUE(find_message(type::recording_start)->check(Json::object()).ok());
  // An older room.joined without `recording` still decodes: the meeting is IDLE.
  RoomJoined rj;
  rj.meeting_id = "m";
  Json j = to_json(rj);
  j.erase("recording");
  auto back = decode<RoomJoined>(j);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->recording.state, RecordingState::idle);
}

TEST(Protocol, EveryMessageHasACheckThatAcceptsItsOwnEncoding) {
  // The table's check is the codec: an event encoded by its struct passes its own check.
  const std::vector<std::pair<std::string_view, Json>> samples = {
      {type::room_update, to_json(RoomUpdate{"m", {}})},
      {type::cm_state, to_json(CmState{sample_view(GroupScope::roster), Chunk{}})},
      {type::cm_moving, to_json(CmMoving{"r", 1, ""})},
      {type::session_ended, to_json(SessionEnded{EndReason::server_shutdown})},
      {type::chat_history, to_json(HistoryPage{})},
      {type::sfu_publish, to_json(SfuSdp{"v=0"})},
      {type::sfu_answer, to_json(SfuSdp{"v=0"})},
      {type::sfu_trickle, to_json(SfuTrickle{"subscriber", "", "", 0, true})},
      {type::sfu_offer, to_json(SfuOffer{"v=0", {}})},
      {type::sfu_reset, to_json(SfuReset{false, "lost"})},
      {type::sfu_slots, to_json(SfuSlots{{"a"}, "a", {}, {"a"}})},
      {type::participants_pin, to_json(ParticipantsPin{"a", false})},
  };
  for (const auto& [t, data] : samples) {
    const MessageSpec* spec = find_message(t);
    ASSERT_NE(spec, nullptr) << t;
    EXPECT_TRUE(spec->check(data).ok()) << t;
  }
  EXPECT_EQ(find_message(type::cm_delta)->check(Json::object()).error().code, ErrorCode::invalid_argument);
}

TEST(Protocol, SfuPayloadsAreChecked) {
  EXPECT_EQ(decode<SfuSdp>(Json{{"sdp", ""}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<SfuSdp>(Json{{"sdp", std::string(kMaxSdpBytes + 1, 'x')}}).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(decode<SfuTrickle>(Json{{"target", "both"}, {"candidate", "c"}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<SfuTrickle>(Json{{"target", "publisher"}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<MediaInfo>(Json{{"mode", "p2p"}}).error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(decode<MediaInfo>(Json{{"mode", "sfu"}, {"ice_transport_policy", "none"}}).error().code,
            ErrorCode::invalid_argument);
  EXPECT_EQ(decode<SfuOffer>(Json{{"sdp", "x"}, {"streams", {{{"mid", 1}}}}}).error().code,
            ErrorCode::invalid_argument);
}

TEST(Protocol, BigPayloadsAreCutBelowTheBudgetAndJoinBack) {
  // 1,000 participants with the longest names the limits allow, worst-case escaping.
  GroupState s = make_group("m", "Main");
  for (int i = 0; i < 1000; ++i)
    s.parent.participants.push_back(
        Participant{"p" + std::to_string(i), std::string(256, '"'), std::string(256, '\\'), std::string(256, '"')});
  for (auto scope : {GroupScope::roster, GroupScope::full}) {
    GroupView v = make_view(s, {}, scope);
    EXPECT_GT(to_json(CmState{v, Chunk{}}).dump().size(), kMaxFrameBytes);  // would not fit in one frame
    auto parts = split(v);
    ASSERT_GT(parts.size(), 1u);
    std::vector<CmState> decoded;
    for (const auto& part : parts) {
      const std::string frame = encode(event(part));
      EXPECT_LT(frame.size(), kChunkBudgetBytes + 64 * 1024);
      auto e = decode_envelope(frame);
      ASSERT_TRUE(e.ok()) << e.error().message;
      auto back = decode<CmState>(e->data);
      ASSERT_TRUE(back.ok()) << back.error().message;
      decoded.push_back(std::move(back).value());
    }
    auto joined = join_parts(decoded);
    ASSERT_TRUE(joined.ok()) << joined.error().message;
    EXPECT_EQ(joined->view, v);
  }
  RoomJoined rj;
  rj.meeting_id = "m";
  for (const auto& p : s.parent.participants) rj.participants.push_back(RoomMember{p, true, true});
  auto rparts = split(rj);
  ASSERT_GT(rparts.size(), 1u);
  for (const auto& part : rparts) EXPECT_LT(encode(event(part)).size(), kChunkBudgetBytes + 64 * 1024);
  auto rback = join_parts(rparts);
  ASSERT_TRUE(rback.ok());
  EXPECT_EQ(rback->participants, rj.participants);
  // Out of order or mismatched parts are refused, not merged.
  std::swap(rparts[0], rparts[1]);
  EXPECT_EQ(join_parts(rparts).error().code, ErrorCode::invalid_argument);
}

TEST(Protocol, NewestPageFitsTheBudget) {
  std::vector<ChatMessage> all;
  for (int i = 0; i < 120; ++i)
    all.push_back(ChatMessage{"c" + std::to_string(i), "m", "p", "P", std::string(100, 'x'), i});
  auto id_at = [&](std::size_t i) { return std::string_view(all[i].id); };
  auto bytes_at = [&](std::size_t i) { return rtk::to_json(all[i]).dump().size(); };
  auto p = newest_page(all.size(), id_at, bytes_at, std::nullopt, 50, 1 << 20);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->first, 70u);
  EXPECT_EQ(p->last, 120u);
  EXPECT_TRUE(p->has_more);
  auto older = newest_page(all.size(), id_at, bytes_at, std::string("c70"), 50, 1 << 20);
  EXPECT_EQ(older->first, 20u);
  EXPECT_EQ(older->last, 70u);
  auto small = newest_page(all.size(), id_at, bytes_at, std::nullopt, 50, 1000);
  EXPECT_LT(small->last - small->first, 10u);
  EXPECT_GE(small->last - small->first, 1u);
  EXPECT_EQ(newest_page(all.size(), id_at, bytes_at, std::string("nope"), 50, 1000).error().code, ErrorCode::not_found);
  auto first = newest_page(all.size(), id_at, bytes_at, std::string("c0"), 50, 1000);
  EXPECT_EQ(first->first, 0u);
  EXPECT_EQ(first->last, 0u);
  EXPECT_FALSE(first->has_more);
}

TEST(Protocol, EncodeNeverThrowsOnInvalidUtf8) {
  Envelope e = chat_message_event(ChatMessage{"c", "m", "p", "P", std::string("\xFF\xFE"), 1});
  std::string s = encode(e);
  EXPECT_TRUE(decode_envelope(s).ok());
}

namespace {
std::vector<std::string> ordinary_frames(const RoomJoined& m, std::size_t budget) {
  std::vector<std::string> out;
  for (const auto& part : split(m, budget)) out.push_back(encode(event(part)));
  return out;
}
std::vector<std::string> prerendered_frames(const RoomJoined& m, std::size_t budget) {
  std::vector<std::string> texts;
  for (const auto& p : m.participants) texts.push_back(dump_member(p));
  std::vector<const std::string*> refs;
  for (const auto& t : texts) refs.push_back(&t);
  return encode_room_joined(m, refs, budget);
}
RoomJoined big_room_joined(int members) {
  RoomJoined rj;
  rj.meeting_id = "room-1";
  rj.meeting_title = "Room \"1\" \xc3\xa9";
  rj.self = RoomMember{Participant{"me", "c-me", "host", "Me"}, true, false};
  rj.preset = Json{{"name", "host"}, {"participants", Json::array()}};
  rj.chat.push_back(ChatMessage{"c1", "room-1", "p", "P", "\"participants\":[] in a chat text", 5});
  rj.polls = Json::array();
  for (int i = 0; i < members; ++i)
    rj.participants.push_back(RoomMember{Participant{"p" + std::to_string(i), "c" + std::to_string(i), "participant",
                                                     "Name \xe2\x9c\x93 " + std::to_string(i)},
                                         i % 2 == 0, i % 3 == 0});
  return rj;
}
}  // namespace

// The server's pre-rendered room.joined is the ordinary encoding byte for byte, chunked the same.
TEST(Protocol, PrerenderedRoomJoinedEqualsTheOrdinaryEncoding) {
  for (int members : {0, 1, 7, 400}) {
    for (std::size_t budget : {std::size_t{2048}, kChunkBudgetBytes}) {
      const RoomJoined rj = big_room_joined(members);
      const auto a = ordinary_frames(rj, budget);
      const auto b = prerendered_frames(rj, budget);
      EXPECT_EQ(a, b) << members << " members, budget " << budget;
      if (members == 400 && budget == 2048) {
        EXPECT_GT(a.size(), 10u);
      }
    }
  }
  // A user text equal to the placeholder takes the ordinary path and still encodes correctly.
  RoomJoined rj = big_room_joined(3);
  rj.chat[0].text = kRoomJoinedMembersPlaceholder;
  EXPECT_EQ(ordinary_frames(rj, kChunkBudgetBytes), prerendered_frames(rj, kChunkBudgetBytes));
}

// The members are spliced in, not parsed and re-encoded per recipient (that was O(N) JSON parses
// per arrival, O(N^2) for a close-all): a member text the decoder would not produce survives
// verbatim, so only the splice path can have written it.
TEST(Protocol, PrerenderedRoomJoinedSplicesMemberTextsWithoutParsing) {
  RoomJoined rj = big_room_joined(2);
  const std::string odd = R"({"spliced":"verbatim"})";  // not a RoomMember: a parse would drop it
  std::vector<std::string> texts{dump_member(rj.participants[0]), odd, dump_member(rj.participants[1])};
  std::vector<const std::string*> refs;
  for (const auto& t : texts) refs.push_back(&t);
  const auto frames = encode_room_joined(rj, refs);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_NE(frames[0].find("\"participants\":[" + texts[0] + "," + odd + "," + texts[2] + "]"), std::string::npos)
      << frames[0];
  EXPECT_EQ(frames[0].find(kRoomJoinedMembersPlaceholder), std::string::npos);
}
