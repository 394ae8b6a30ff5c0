#include "rtk/protocol.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace rtk;
using namespace rtk::proto;

// Brittle on purpose: renaming a message type is a visible decision.
TEST(Protocol, EveryTypeNameIsPinned) {
  const std::vector<std::string> pinned = {
      "connected_meetings.get", "connected_meetings.create", "connected_meetings.update",
      "connected_meetings.delete", "connected_meetings.move", "connected_meetings.start",
      "connected_meetings.close", "self.media", "chat.send", "polls.create", "polls.vote",
      "session.ping", "session.leave", "rtc.offer", "rtc.answer", "rtc.candidate", "room.joined",
      "room.participant_joined", "room.participant_left", "room.participant_updated", "room.media_changed",
      "chat.message", "polls.updated", "connected_meetings.state", "connected_meetings.moving",
      "session.ended", "error"};
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
  auto reply = make_reply(*e, Json{{"ok", true}});
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
  EXPECT_EQ(decode<CmStart>(Json::parse(R"({"meetings":[{"title":"a"}],"assignments":[{"participant_id":"p","meeting_index":3}]})"))
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

  RoomJoined rj;
  rj.meeting_id = "m";
  rj.meeting_title = "Main";
  rj.self = Participant{"p1", "c1", "group_call_host", "Ann", true};
  rj.participants = {Participant{"p2", "", "x", "Ben", true}};
  rj.chat = {ChatMessage{"c1", "m", "p2", "Ben", "hi", 5}};
  rj.state = make_group("m", "Main");
  rj.state.parent.participants = {rj.self, rj.participants[0]};
  auto rj2 = decode<RoomJoined>(to_json(rj));
  ASSERT_TRUE(rj2.ok()) << rj2.error().message;
  EXPECT_EQ(rj2->self, rj.self);
  EXPECT_EQ(rj2->participants, rj.participants);
  EXPECT_EQ(rj2->chat, rj.chat);
  EXPECT_EQ(rj2->state, rj.state);
}

TEST(Protocol, EncodeNeverThrowsOnInvalidUtf8) {
  Envelope e = make_event("chat.message", Json{{"text", std::string("\xFF\xFE")}});
  std::string s = encode(e);
  EXPECT_TRUE(decode_envelope(s).ok());
}
