// Writes the seed corpus tests/fuzz/corpus/<target>/ from real messages encoded with the
// codecs (run once, commit the output): `fuzz_seeds <repo>/tests/fuzz/corpus`.
// Every message type of the v2 table must have a sample here: a type without one fails the
// run, so a new message cannot go unseeded. REST seeds: one request per route of the route
// table with a body that the handler accepts.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "rtk/chat.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/group_view.hpp"
#include "rtk/preset.hpp"
#include "rtk/protocol.hpp"
#ifdef RTK_SEEDS_SERVER
#include "jwt.hpp"
#include "rest.hpp"
#include "util.hpp"
#endif

using namespace rtk;
using namespace rtk::proto;

namespace {

std::filesystem::path out_root;
int written = 0;

void write(const std::string& target, const std::string& name, const std::string& bytes) {
  const auto dir = out_root / target;
  std::filesystem::create_directories(dir);
  std::ofstream(dir / name, std::ios::binary) << bytes;
  ++written;
}

std::string file_name(std::string_view type) {
  std::string s(type);
  for (char& c : s)
    if (c == '.') c = '_';
  return s;
}

Participant person(const char* id) { return Participant{id, std::string("c-") + id, "group_call_host", "Ann \"A\""}; }

GroupState sample_state() {
  GroupState s = make_group("m", "Main");
  s.version = 9;
  s.parent.participants = {person("p1"), person("p2")};
  s.meetings = {Meeting{"r1", "Room 1", {person("p3")}}, Meeting{"r2", "Room 2", {}}};
  return s;
}
GroupView sample_view(GroupScope scope) {
  PresenceMap pm{{"p1", Presence{true, true, false, 1}}};
  return make_view(sample_state(), pm, scope);
}
Poll sample_poll() { return Poll{"po", "m", "Q", {{"a", {"p1"}}, {"b", {}}}, false, false, "Ann", "p1", 3}; }
ChatMessage sample_chat() { return ChatMessage{"c1", "m", "p2", "Ben", "hi \"there\" \u00e9", 5}; }

RoomJoined sample_joined() {
  RoomJoined rj;
  rj.meeting_id = "m";
  rj.meeting_title = "Main";
  rj.self = RoomMember{person("p1"), true, true};
  rj.preset = preset_to_json(default_host_preset());
  rj.participants = {RoomMember{person("p2"), false, true}, RoomMember{person("p3"), true, false}};
  rj.chat = {sample_chat()};
  rj.chat_has_more = true;
  rj.polls = Json::array({poll_view_json(sample_poll(), "p1")});
  rj.limits = wire_limits(Limits{});
  return rj;
}

// The data of one real message of each type in the table (as sent: relays with "to").
std::map<std::string_view, Json> samples() {
  GroupDeltaView d{3, 5, GroupScope::full, {{"r3", "New"}}, {"r2"}, {{"r1", true, person("p1"), true}}, {"p9"}, {}};
  return {
      {type::cm_get, to_json(CmGet{})},
      {type::cm_create, to_json(CmCreate{{"A", "B"}})},
      {type::cm_update, to_json(CmUpdate{{{"r1", "New"}}})},
      {type::cm_delete, to_json(CmDelete{{"r1", "r2"}})},
      {type::cm_move, to_json(CmMove{"m", "r1", {"p1"}, std::string("group_call_participant"), {}})},
      {type::cm_start,
       to_json(CmStart{{"A", "B"}, {{"p1", 1, std::nullopt}, {"p2", std::nullopt, std::string("r9")}}, true, 99})},
      {type::cm_close, to_json(CmClose{})},
      {type::self_media, to_json(SelfMedia{true, false})},
      {type::chat_send, to_json(ChatSend{"hello"})},
      {type::chat_history, to_json(HistoryPage{std::string("c9"), 20})},
      {type::polls_create, to_json(PollsCreate{"Q?", {"a", "b"}, true, false})},
      {type::polls_vote, to_json(PollsVote{"po", 1})},
      {type::polls_list, to_json(HistoryPage{std::nullopt, 10})},
      {type::session_ping, to_json(Empty{})},
      {type::session_leave, to_json(Empty{})},
      {type::rtc_offer, to_json(RtcDescription{"p2", "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}, "to")},
      {type::rtc_answer, to_json(RtcDescription{"p2", "v=0\r\n"}, "to")},
      {type::rtc_candidate, to_json(RtcCandidate{"p2", "candidate:1 1 udp 1 127.0.0.1 5000 typ host", "0", 0}, "to")},
      {type::room_joined, to_json(sample_joined())},
      {type::room_update,
       to_json(RoomUpdate{"m",
                          {{RoomEvent::Kind::joined, RoomMember{person("p2"), true, false}},
                           {RoomEvent::Kind::updated, RoomMember{person("p2"), true, false}},
                           {RoomEvent::Kind::media, RoomMember{Participant{"p2", "", "", ""}, false, true}},
                           {RoomEvent::Kind::left, RoomMember{Participant{"p2", "", "", ""}, false, false}}}})},
      {type::chat_message, to_json(ChatMessageBody{sample_chat()})},
      {type::polls_updated, to_json(PollBody{poll_view_json(sample_poll(), "p1")})},
      {type::cm_state, to_json(CmState{sample_view(GroupScope::full), Chunk{}})},
      {type::cm_delta, to_json(CmDelta{d, Chunk{}})},
      {type::cm_presence, to_json(CmPresence{{{"p1", true}, {"p2", false}}})},
      {type::cm_moving, to_json(CmMoving{"r1", 7, "moved_by_host"})},
      {type::session_permissions, to_json(SessionPermissions{preset_to_json(default_participant_preset())})},
      {type::session_ended, to_json(SessionEnded{EndReason::replaced})},
      {type::error, Json::object()},
  };
}

// The reply a server sends to each request type.
std::map<std::string_view, Json> reply_samples() {
  return {
      {type::cm_get, to_json(VersionReply{4})},
      {type::cm_move, to_json(VersionReply{5})},
      {type::cm_close, to_json(VersionReply{6})},
      {type::cm_create, to_json(MeetingsReply{{{"r1", "A"}, {"r2", "B"}}, 5})},
      {type::cm_update, to_json(MeetingsReply{{{"r1", "New"}}, 6})},
      {type::cm_start, to_json(MeetingsReply{{{"r1", "A"}}, 7})},
      {type::cm_delete, to_json(DeleteReply{{"r1"}, 8})},
      {type::self_media, to_json(SelfMediaReply{true, false})},
      {type::chat_send, to_json(ChatMessageBody{sample_chat()})},
      {type::chat_history, to_json(ChatHistoryReply{{sample_chat()}, true})},
      {type::polls_create, to_json(PollBody{poll_view_json(sample_poll(), "p1")})},
      {type::polls_vote, to_json(PollBody{poll_view_json(sample_poll(), "p1")})},
      {type::polls_list, to_json(PollsListReply{Json::array({poll_view_json(sample_poll(), "p1")}), false})},
      {type::session_ping, to_json(PingReply{123})},
      {type::session_leave, to_json(Empty{})},
  };
}

Json to_from(Json data) {  // a relay as the receiver gets it
  if (data.contains("to")) {
    data["from"] = data["to"];
    data.erase("to");
  }
  return data;
}

int seed_frames() {
  const auto sample = samples();
  const auto replies = reply_samples();
  int missing = 0;
  std::string all_client;
  for (const auto& m : all_messages()) {
    auto it = sample.find(m.type);
    if (it == sample.end()) {
      std::fprintf(stderr, "no seed sample for message type %.*s: add one to make_seeds.cpp\n",
                   static_cast<int>(m.type.size()), m.type.data());
      ++missing;
      continue;
    }
    const std::string name = file_name(m.type);
    if (m.type == type::error) {
      write("frame", name, encode(make_error_reply("q1", type::chat_send, Error{ErrorCode::permission_denied, "no"})));
      write("client_frames", name,
            encode(make_error_reply("q1", type::chat_send, Error{ErrorCode::permission_denied, "no"})));
      continue;
    }
    if (m.direction != Direction::server_to_client)
      write("frame", name, encode(Envelope{m.has_reply ? "q1" : "", std::string(m.type), it->second, std::nullopt}));
    if (m.direction != Direction::client_to_server) {
      const std::string f = encode(Envelope{"", std::string(m.type), to_from(it->second), std::nullopt});
      write("client_frames", name, f);
      all_client += f + "\n";
    }
    if (m.has_reply) {
      auto r = replies.find(m.type);
      if (r == replies.end()) {
        std::fprintf(stderr, "no reply sample for %.*s\n", static_cast<int>(m.type.size()), m.type.data());
        ++missing;
        continue;
      }
      const std::string f = encode(Envelope{"q1", std::string(m.type), r->second, std::nullopt});
      write("client_frames", "reply_" + name, f);
      write("client_frames", "error_reply_" + name,
            encode(make_error_reply("q1", m.type, Error{ErrorCode::rate_limited, "slow down"})));
      all_client += f + "\n";
    }
  }
  write("client_frames", "session_all", all_client);
  // Chunked messages, cut with a small budget so the seeds stay small.
  std::string chunked;
  RoomJoined big = sample_joined();
  for (int i = 0; i < 12; ++i)
    big.participants.push_back(RoomMember{person(("x" + std::to_string(i)).c_str()), true, false});
  for (const auto& part : split(big, 600)) chunked += encode(event(part)) + "\n";
  GroupState s = sample_state();
  for (int i = 0; i < 12; ++i) s.parent.participants.push_back(person(("y" + std::to_string(i)).c_str()));
  for (const auto& part : split(make_view(s, {}, GroupScope::full), 600)) chunked += encode(event(part)) + "\n";
  write("client_frames", "chunked", chunked);
  // A few bad frames as the frame target's edges.
  write("frame", "bad_version", R"({"v":2,"type":"chat.send","data":{"text":"x"}})");
  write("frame", "unknown_type", R"({"v":1,"id":"z","type":"x.y"})");
  return missing;
}

void seed_presets() {
  for (const auto& p : default_presets()) write("preset", "default_" + p.name, preset_to_json(p).dump());
  write("preset", "patch", R"({"permissions":{"connected_meetings":{"can_alter_connected_meetings":false}}})");
}

#ifdef RTK_SEEDS_SERVER
void seed_jwt() {
  const std::string secret = "fuzz-signing-secret-0123456789abcdef";  // as in fuzz_jwt.cpp
  server::TokenClaims c{"m-1", "p-1", "openrtk", 1'600'000'000, 1'800'000'000};
  write("jwt", "valid", std::string(1, '\0') + server::sign_token(c, secret));
  c.exp = 1'600'000'001;
  write("jwt", "expired", std::string(1, '\0') + server::sign_token(c, secret));
  write("jwt", "alg_none", std::string("\x00", 1) + server::base64url_encode(R"({"alg":"none"})") + ".e30.");
  write("jwt", "signed_claims",
        "\x01"
        R"({"alg":"HS256","typ":"JWT"})"
        "\n"
        R"({"meetingId":"m","participantId":"p","orgId":"o","iat":1,"exp":1800000000})");
  write("jwt", "signed_no_exp",
        "\x01"
        R"({"alg":"HS256"})"
        "\n"
        R"({"meetingId":"m","participantId":"p"})");
}

void seed_rest() {
  const std::map<std::string, std::string> bodies{
      {"POST /v2/meetings", R"({"title":"Weekly","preferred_region":"eu","record_on_start":false})"},
      {"PATCH /v2/meetings/{meeting_id}", R"({"title":"Renamed","status":"ACTIVE"})"},
      {"POST /v2/meetings/{meeting_id}/participants",
       R"({"custom_participant_id":"u2","preset_name":"group_call_participant","name":"Ben","picture":"https://example.org/b.png"})"},
      {"PATCH /v2/meetings/{meeting_id}/participants/{participant_id}",
       R"({"name":"Ann","preset_name":"group_call_host"})"},
      {"POST /v2/meetings/{meeting_id}/connected-meetings", R"({"meetings":[{"title":"B1"},{"title":"B2"}]})"},
      {"PATCH /v2/meetings/{meeting_id}/connected-meetings", R"({"meetings":[{"id":"{room_id}","title":"Renamed"}]})"},
      {"DELETE /v2/meetings/{meeting_id}/connected-meetings", R"({"meeting_ids":["{room_id}"]})"},
      {"POST /v2/meetings/{meeting_id}/connected-meetings/move",
       R"({"source_meeting_id":"{meeting_id}","destination_meeting_id":"{room_id}","participant_ids":["{participant_id}"]})"},
      {"POST /v2/meetings/{meeting_id}/connected-meetings/start",
       R"({"meetings":[{"title":"S1"}],"assignments":[{"participant_id":"{participant_id}","meeting_index":0}]})"},
      {"POST /v2/presets", preset_to_json(default_participant_preset()).dump()},
      {"PATCH /v2/presets/{preset_id}", R"({"permissions":{"chat":{"public":{"can_send":false}}}})"},
      {"PUT /v2/presets/{preset_id}", preset_to_json(default_host_preset()).dump()},
  };
  int i = 0;
  for (const auto& r : server::route_table()) {
    const std::string key = std::string(r.method) + " " + std::string(r.pattern);
    const std::string auth = r.auth == server::AuthKind::api_key ? "" : " token";
    auto b = bodies.find(key);
    std::string target(r.pattern);
    if (r.method == "GET" && target.find("participants") != std::string::npos &&
        target.find("{participant_id}") == std::string::npos)
      target += "?page_no=1&per_page=5";
    write("rest", "route_" + std::to_string(i++),
          key.substr(0, r.method.size()) + " " + target + auth + "\n" + (b == bodies.end() ? "" : b->second));
  }
  // A sequence: make rooms, move, close.
  write(
      "rest", "sequence",
      "POST /v2/meetings/{meeting_id}/connected-meetings\n"
      R"({"meetings":[{"title":"B1"}]})"
      "\n---\nPOST /v2/meetings/{meeting_id}/connected-meetings/move\n"
      R"({"source_meeting_id":"{meeting_id}","destination_meeting_id":"{room_id}","participant_ids":["{participant_id}"]})"
      "\n---\nGET /v2/meetings/{meeting_id}/connected-meetings\n"
      "\n---\nPOST /v2/meetings/{meeting_id}/connected-meetings/close\n");
  write("rest", "options", "OPTIONS /v2/meetings none\n");
  write("rest", "bad_auth", "GET /v2/meetings Basic abc\n");
}
#endif

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: fuzz_seeds <corpus dir>\n");
    return 2;
  }
  out_root = argv[1];
  const int missing = seed_frames();
  seed_presets();
#ifdef RTK_SEEDS_SERVER
  seed_jwt();
  seed_rest();
#endif
  std::printf("wrote %d seeds under %s\n", written, out_root.c_str());
  return missing == 0 ? 0 : 1;
}
