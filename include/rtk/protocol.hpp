// The wire protocol between rtk-server and every client: JSON text frames on one WebSocket.
// Envelope: {"v":1, "id":"<request id, optional>", "type":"<domain>.<verb>", "data":{...}}.
// A reply carries the request's id and type and either `data` or `error:{code,message}`.
// Every message type is declared once here (all_messages()), with a codec for its data;
// docs/protocol.md lists them and tests/unit/protocol_test.cpp pins every name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/chat.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"

namespace rtk::proto {

inline constexpr int kVersion = 1;
inline constexpr std::size_t kMaxFrameBytes = 1 << 20;  // 1 MiB; larger frames close with 1009
inline constexpr std::size_t kMaxRequestIdBytes = 128;

enum class Direction { client_to_server, server_to_client, both };

struct MessageSpec {
  std::string_view type;
  Direction direction;
  bool has_reply;  // a request answered with a reply carrying its id
  std::string_view summary;
};

// Every message type, in one table.
std::span<const MessageSpec> all_messages();
const MessageSpec* find_message(std::string_view type);

namespace type {
// requests (client -> server), each answered by a reply with the same id and type
inline constexpr std::string_view cm_get = "connected_meetings.get";
inline constexpr std::string_view cm_create = "connected_meetings.create";
inline constexpr std::string_view cm_update = "connected_meetings.update";
inline constexpr std::string_view cm_delete = "connected_meetings.delete";
inline constexpr std::string_view cm_move = "connected_meetings.move";
inline constexpr std::string_view cm_start = "connected_meetings.start";
inline constexpr std::string_view cm_close = "connected_meetings.close";
inline constexpr std::string_view self_media = "self.media";
inline constexpr std::string_view chat_send = "chat.send";
inline constexpr std::string_view polls_create = "polls.create";
inline constexpr std::string_view polls_vote = "polls.vote";
inline constexpr std::string_view session_ping = "session.ping";
inline constexpr std::string_view session_leave = "session.leave";
// relayed both ways: the client sends {to,...}, the peer receives {from,...}
inline constexpr std::string_view rtc_offer = "rtc.offer";
inline constexpr std::string_view rtc_answer = "rtc.answer";
inline constexpr std::string_view rtc_candidate = "rtc.candidate";
// events (server -> client)
inline constexpr std::string_view room_joined = "room.joined";
inline constexpr std::string_view room_participant_joined = "room.participant_joined";
inline constexpr std::string_view room_participant_left = "room.participant_left";
inline constexpr std::string_view room_participant_updated = "room.participant_updated";
inline constexpr std::string_view room_media_changed = "room.media_changed";
inline constexpr std::string_view chat_message = "chat.message";
inline constexpr std::string_view polls_updated = "polls.updated";
inline constexpr std::string_view cm_state = "connected_meetings.state";
inline constexpr std::string_view cm_moving = "connected_meetings.moving";
inline constexpr std::string_view session_ended = "session.ended";
inline constexpr std::string_view error = "error";  // reply to a frame that could not be decoded
}  // namespace type

struct Envelope {
  std::string id;  // empty when absent
  std::string type;
  Json data = Json::object();
  std::optional<Error> error;
};

// Decodes a frame: malformed JSON, a missing or unknown type, wrong field types, a wrong
// protocol version all give an invalid_argument Error value (never an exception or abort).
// When the frame is JSON with a string "id", `request_id_out` receives it so the error reply
// can still carry it.
Result<Envelope> decode_envelope(std::string_view text, std::string* request_id_out = nullptr);
std::string encode(const Envelope& e);

Envelope make_event(std::string_view type, Json data);
Envelope make_reply(const Envelope& request, Json data);
Envelope make_error_reply(std::string id, std::string_view type, Error error);

// ---- payloads, one struct per message, each with from_json (validating) and to_json ----

struct CmGet {};
struct CmCreate {  // {meetings:[{title}]}
  std::vector<std::string> titles;
};
struct CmUpdate {  // {meetings:[{id,title}]}
  std::vector<MeetingSpec> meetings;
};
struct CmDelete {  // {meeting_ids:[...]}; empty list is refused (use connected_meetings.close)
  std::vector<std::string> meeting_ids;
};
struct CmMove {  // {source_meeting_id, destination_meeting_id, participant_ids:[...], preset_name?}
                 // or participants:[{id, preset_name}] for moveParticipantsWithCustomPreset
  std::string source_meeting_id;
  std::string destination_meeting_id;
  std::vector<std::string> participant_ids;
  std::optional<std::string> preset_name;
  std::vector<PresetAssignment> participants;
};
struct StartAssignment {
  std::string participant_id;
  std::optional<std::size_t> meeting_index;  // index into `meetings` of the same request
  std::optional<std::string> meeting_id;     // or an existing meeting
};
struct CmStart {  // {meetings:[{title}], assignments:[...], shuffle?:bool, seed?:uint}
  std::vector<std::string> titles;
  std::vector<StartAssignment> assignments;
  bool shuffle = false;  // shuffle the parent's remaining participants over the new rooms
  std::uint64_t seed = 0;
};
struct CmClose {};
struct SelfMedia {
  std::optional<bool> audio_enabled;
  std::optional<bool> video_enabled;
};
struct ChatSend {
  std::string text;
};
struct PollsCreate {
  std::string question;
  std::vector<std::string> options;
  bool anonymous = false;
  bool hide_votes = false;
};
struct PollsVote {
  std::string poll_id;
  std::size_t option_index = 0;
};
// Relay. Outgoing: `peer` is the target ("to"); incoming: the sender ("from").
struct RtcDescription {
  std::string peer;
  std::string sdp;
};
struct RtcCandidate {
  std::string peer;
  std::string candidate;
  std::string sdp_mid;
  std::int64_t sdp_m_line_index = 0;
};
struct CmMoving {  // {meeting_id, version}
  std::string meeting_id;
  std::uint64_t version = 0;
};
struct RoomJoined {
  std::string meeting_id;
  std::string meeting_title;
  bool is_parent = true;
  Participant self;
  Json preset = Json::object();  // the participant's preset (snake_case)
  std::vector<Participant> participants;  // connected participants in the room, self excluded
  std::vector<ChatMessage> chat;
  Json polls = Json::array();  // poll_view_json for this participant
  GroupState state;
  bool reconnected = false;
};
struct SessionEnded {
  std::string reason;  // participant_removed | meeting_inactive | replaced | server_shutdown
};

Status from_json(const Json& j, CmGet& out);
Status from_json(const Json& j, CmCreate& out);
Status from_json(const Json& j, CmUpdate& out);
Status from_json(const Json& j, CmDelete& out);
Status from_json(const Json& j, CmMove& out);
Status from_json(const Json& j, CmStart& out);
Status from_json(const Json& j, CmClose& out);
Status from_json(const Json& j, SelfMedia& out);
Status from_json(const Json& j, ChatSend& out);
Status from_json(const Json& j, PollsCreate& out);
Status from_json(const Json& j, PollsVote& out);
Status from_json(const Json& j, RtcDescription& out, std::string_view peer_key);
Status from_json(const Json& j, RtcCandidate& out, std::string_view peer_key);
Status from_json(const Json& j, CmMoving& out);
Status from_json(const Json& j, RoomJoined& out);
Status from_json(const Json& j, SessionEnded& out);

Json to_json(const CmCreate& m);
Json to_json(const CmUpdate& m);
Json to_json(const CmDelete& m);
Json to_json(const CmMove& m);
Json to_json(const CmStart& m);
Json to_json(const SelfMedia& m);
Json to_json(const ChatSend& m);
Json to_json(const PollsCreate& m);
Json to_json(const PollsVote& m);
Json to_json(const RtcDescription& m, std::string_view peer_key);
Json to_json(const RtcCandidate& m, std::string_view peer_key);
Json to_json(const CmMoving& m);
Json to_json(const RoomJoined& m);
Json to_json(const SessionEnded& m);

template <class T>
Result<T> decode(const Json& data) {
  T out{};
  if (auto st = from_json(data, out); !st) return st.error();
  return out;
}

}  // namespace rtk::proto
