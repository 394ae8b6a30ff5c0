// The wire protocol (v2) between rtk-server and every client: JSON text frames on one
// WebSocket. Envelope: {"v":1, "id":"<request id, optional>", "type":"<domain>.<verb>",
// "data":{...}}. A reply carries the request's id and type and either `data` or
// `error:{code,message}`. Every message type is declared once here (all_messages()), with one
// struct per payload and reply and its codec (from_json validating, to_json; the recording ones
// in rtk/recording.hpp). Server and client only call these codecs; docs/protocol.md lists every
// type and tests/unit/protocol_test.cpp pins the names and round-trips every codec.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/chat.hpp"
#include "rtk/connected_meetings.hpp"
#include "rtk/errors.hpp"
#include "rtk/group_view.hpp"
#include "rtk/json.hpp"
#include "rtk/listen.hpp"
#include "rtk/meeting.hpp"
#include "rtk/recording.hpp"

namespace rtk::proto {

inline constexpr int kVersion = 1;                      // envelope version (the protocol is v2 within it)
inline constexpr std::size_t kMaxFrameBytes = 1 << 20;  // 1 MiB; larger frames close with 1009
inline constexpr std::size_t kMaxRequestIdBytes = 128;
inline constexpr std::size_t kMaxSdpBytes = std::size_t{256} * 1024;  // sfu.* SDP
// Server frames are cut into chunks well below the client's 1 MiB limit (LiveKit: 128 KiB).
inline constexpr std::size_t kChunkBudgetBytes = std::size_t{192} * 1024;
inline constexpr std::size_t kChatPageSize = 50;  // messages in room.joined and per chat.history page
inline constexpr std::size_t kPollsPageSize = 50;

enum class Direction { client_to_server, server_to_client, both };

struct MessageSpec {
  std::string_view type;
  Direction direction;
  bool has_reply;  // a request answered with a reply carrying its id
  std::string_view summary;
  // Decodes `data` with the message's codec (requests and events; relay in its sent form).
  Status (*check)(const Json& data);
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
inline constexpr std::string_view cm_timer = "connected_meetings.timer";
inline constexpr std::string_view cm_broadcast = "connected_meetings.broadcast";
inline constexpr std::string_view cm_help = "connected_meetings.help";
inline constexpr std::string_view cm_help_cancel = "connected_meetings.help_cancel";
inline constexpr std::string_view cm_self_selection = "connected_meetings.self_selection";
inline constexpr std::string_view cm_shuffle = "connected_meetings.shuffle";
inline constexpr std::string_view cm_plans = "connected_meetings.plans";            // saved plans + policy
inline constexpr std::string_view cm_start_plan = "connected_meetings.start_plan";  // start a saved plan
inline constexpr std::string_view cm_policy = "connected_meetings.policy";          // the late-joiner policy
inline constexpr std::string_view cm_listen = "connected_meetings.listen";  // a host listens in (rtk/listen.hpp)
inline constexpr std::string_view cm_stop_listening = "connected_meetings.stop_listening";
inline constexpr std::string_view self_media = "self.media";
inline constexpr std::string_view chat_send = "chat.send";
inline constexpr std::string_view chat_history = "chat.history";
inline constexpr std::string_view polls_create = "polls.create";
inline constexpr std::string_view polls_vote = "polls.vote";
inline constexpr std::string_view polls_list = "polls.list";
inline constexpr std::string_view session_ping = "session.ping";
inline constexpr std::string_view session_leave = "session.leave";
inline constexpr std::string_view recording_start = "recording.start";  // of the sender's current meeting
inline constexpr std::string_view recording_stop = "recording.stop";
inline constexpr std::string_view recording_pause = "recording.pause";
inline constexpr std::string_view recording_resume = "recording.resume";
// relayed both ways: the client sends {to,...}, the peer receives {from,...}
inline constexpr std::string_view rtc_offer = "rtc.offer";
inline constexpr std::string_view rtc_answer = "rtc.answer";
inline constexpr std::string_view rtc_candidate = "rtc.candidate";
// SFU media (--media sfu): the client negotiates with rtk-server, never with Janus
inline constexpr std::string_view sfu_publish = "sfu.publish";  // request {sdp offer} -> reply {sdp answer}
inline constexpr std::string_view sfu_answer = "sfu.answer";    // request {sdp answer} to the last sfu.offer
inline constexpr std::string_view sfu_trickle = "sfu.trickle";  // request: a local ICE candidate
inline constexpr std::string_view sfu_offer = "sfu.offer";      // event: the subscriber offer and its streams
inline constexpr std::string_view sfu_reset = "sfu.reset";      // event: Janus was lost or is back
inline constexpr std::string_view sfu_slots = "sfu.slots";      // event: who holds the video slots, who speaks
inline constexpr std::string_view participants_pin = "participants.pin";  // request: pin / unpin (SFU video slots)
// events (server -> client)
inline constexpr std::string_view room_joined = "room.joined";
inline constexpr std::string_view room_update = "room.update";
inline constexpr std::string_view chat_message = "chat.message";
inline constexpr std::string_view polls_updated = "polls.updated";
inline constexpr std::string_view cm_state = "connected_meetings.state";
inline constexpr std::string_view cm_delta = "connected_meetings.delta";
inline constexpr std::string_view cm_presence = "connected_meetings.presence";
inline constexpr std::string_view cm_moving = "connected_meetings.moving";
inline constexpr std::string_view cm_timer_update = "connected_meetings.timer_update";
inline constexpr std::string_view cm_broadcast_message = "connected_meetings.broadcast_message";
inline constexpr std::string_view cm_help_queue = "connected_meetings.help_queue";
inline constexpr std::string_view cm_listeners = "connected_meetings.listeners";  // who listens in
inline constexpr std::string_view session_permissions = "session.permissions";
inline constexpr std::string_view session_ended = "session.ended";
inline constexpr std::string_view recording_updated = "recording.updated";  // RecordingUpdate, room-scoped
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

Envelope make_error_reply(std::string id, std::string_view type, Error error);

// ---- shared parts ----

// A message cut into parts: {index, count}; absent means one part.
struct Chunk {
  std::size_t index = 0;
  std::size_t count = 1;
  friend bool operator==(const Chunk&, const Chunk&) = default;
};

// A participant of the room the receiver is in: durable fields plus media presence.
struct RoomMember {
  Participant participant;
  bool audio_enabled = false;
  bool video_enabled = false;
  friend bool operator==(const RoomMember&, const RoomMember&) = default;
};

// The limits the server enforces, sent with room.joined so clients never guess them.
struct WireLimits {
  std::size_t max_meetings = 0;
  std::size_t max_participants = 0;
  std::size_t max_text_bytes = 0;  // names and room titles
  std::size_t max_chat_text_bytes = kMaxChatTextBytes;
  std::size_t max_poll_text_bytes = kMaxPollTextBytes;
  std::size_t max_poll_options = kMaxPollOptions;
  std::size_t max_room_participants = 0;  // 0: no per-room cap
  friend bool operator==(const WireLimits&, const WireLimits&) = default;
};
WireLimits wire_limits(const Limits& l, std::size_t max_room_participants = 0);

enum class EndReason { unknown = 0, participant_removed, meeting_inactive, replaced, server_shutdown };
std::string_view to_string(EndReason r) noexcept;
EndReason end_reason_from_string(std::string_view s) noexcept;

// ---- requests ----

struct CmGet {
  friend bool operator==(const CmGet&, const CmGet&) = default;
};
struct CmCreate {  // {meetings:[{title}]}
  std::vector<std::string> titles;
  friend bool operator==(const CmCreate&, const CmCreate&) = default;
};
struct CmUpdate {  // {meetings:[{id,title}]}
  std::vector<MeetingSpec> meetings;
  friend bool operator==(const CmUpdate&, const CmUpdate&) = default;
};
struct CmDelete {  // {meeting_ids:[...]}; an empty list is refused (use connected_meetings.close)
  std::vector<std::string> meeting_ids;
  friend bool operator==(const CmDelete&, const CmDelete&) = default;
};
struct CmMove {  // {source_meeting_id, destination_meeting_id, participant_ids:[...], preset_name?}
                 // or participants:[{id, preset_name}] for moveParticipantsWithCustomPreset
  std::string source_meeting_id;
  std::string destination_meeting_id;
  std::vector<std::string> participant_ids;
  std::optional<std::string> preset_name;
  std::vector<PresetAssignment> participants;
  friend bool operator==(const CmMove&, const CmMove&) = default;
};
struct StartAssignment {
  std::string participant_id;
  std::optional<std::size_t> meeting_index;  // index into `meetings` of the same request
  std::optional<std::string> meeting_id;     // or an existing meeting
  friend bool operator==(const StartAssignment&, const StartAssignment&) = default;
};
struct CmStart {  // {meetings:[{title}], assignments:[...], shuffle?:bool, seed?:uint, avoid_repeats?:bool}
  std::vector<std::string> titles;
  std::vector<StartAssignment> assignments;
  bool shuffle = false;  // shuffle the parent's remaining participants over the new rooms
  std::uint64_t seed = 0;
  bool avoid_repeats = false;               // the shuffle separates pairs of the group's earlier rounds where it can
  std::optional<std::int64_t> duration_ms;  // a breakout timer (closes itself at the deadline)
  std::optional<std::int64_t> grace_ms;     // its warning before the deadline (default 60 s)
  friend bool operator==(const CmStart&, const CmStart&) = default;
};
struct CmClose {
  friend bool operator==(const CmClose&, const CmClose&) = default;
};
struct CmTimer {  // {duration_ms, grace_ms?} sets the timer; {extend_ms} extends it
  std::optional<std::int64_t> duration_ms;
  std::optional<std::int64_t> extend_ms;
  std::optional<std::int64_t> grace_ms;
  friend bool operator==(const CmTimer&, const CmTimer&) = default;
};
struct CmBroadcast {  // {text, meeting_ids?}: empty or absent ids = every connected meeting
  std::string text;
  std::vector<std::string> meeting_ids;
  friend bool operator==(const CmBroadcast&, const CmBroadcast&) = default;
};
struct CmHelp {  // help and help_cancel: {participant_id?}; absent = the caller (required for the API key)
  std::optional<std::string> participant_id;
  friend bool operator==(const CmHelp&, const CmHelp&) = default;
};
struct CmSelfSelection {  // {enabled, capacity?}: capacity 0 or absent = no limit
  bool enabled = false;
  std::uint32_t capacity = 0;
  friend bool operator==(const CmSelfSelection&, const CmSelfSelection&) = default;
};
// A shuffle plan only (no state change; a host's draft): {participant_ids, meeting_ids (any
// ids, e.g. draft rooms), seed?, avoid_repeats?} -> CmShuffleReply.
struct CmShuffle {
  std::vector<std::string> participant_ids;
  std::vector<std::string> meeting_ids;
  std::uint64_t seed = 0;
  bool avoid_repeats = false;
  friend bool operator==(const CmShuffle&, const CmShuffle&) = default;
};
struct CmShuffleReply {  // {assignments:[{participant_id, meeting_id}], repeated_pairs}
  std::vector<Assignment> assignments;
  std::size_t repeated_pairs = 0;  // pairs of the plan that were together in the group's earlier rounds
  friend bool operator==(const CmShuffleReply&, const CmShuffleReply&) = default;
};
// Pre-assignment plans and late joiners (rtk/breakout_plan.hpp; codecs in protocol_plans.cpp).
struct CmStartPlan {  // {plan_id, duration_ms?, grace_ms?}
  std::string plan_id;
  std::optional<std::int64_t> duration_ms;
  std::optional<std::int64_t> grace_ms;
  friend bool operator==(const CmStartPlan&, const CmStartPlan&) = default;
};
struct CmPolicy {  // {late_joiners: parent | planned | smallest}
  LateJoinPolicy late_joiners = LateJoinPolicy::unknown;
  friend bool operator==(const CmPolicy&, const CmPolicy&) = default;
};
struct PlansReply {  // plans: {plans:[{id,name,rooms,created_ms}], late_joiners, plan_id (running; "" none)}
  std::vector<BreakoutPlan> plans;
  LateJoinPolicy late_joiners = LateJoinPolicy::parent;
  std::string plan_id;
  friend bool operator==(const PlansReply&, const PlansReply&) = default;
};
struct SelfMedia {
  std::optional<bool> audio_enabled;
  std::optional<bool> video_enabled;
  friend bool operator==(const SelfMedia&, const SelfMedia&) = default;
};
struct ChatSend {
  std::string text;
  friend bool operator==(const ChatSend&, const ChatSend&) = default;
};
struct HistoryPage {                     // chat.history and polls.list: {before_id?, limit?}
  std::optional<std::string> before_id;  // older than this item; absent: the newest page
  std::size_t limit = kChatPageSize;     // 1..100
  friend bool operator==(const HistoryPage&, const HistoryPage&) = default;
};
struct PollsCreate {
  std::string question;
  std::vector<std::string> options;
  bool anonymous = false;
  bool hide_votes = false;
  friend bool operator==(const PollsCreate&, const PollsCreate&) = default;
};
struct PollsVote {
  std::string poll_id;
  std::size_t option_index = 0;
  friend bool operator==(const PollsVote&, const PollsVote&) = default;
};
struct Empty {
  friend bool operator==(const Empty&, const Empty&) = default;
};
// Relay. Outgoing: `peer` is the target ("to"); incoming: the sender ("from").
struct RtcDescription {
  std::string peer;
  std::string sdp;
  friend bool operator==(const RtcDescription&, const RtcDescription&) = default;
};
struct RtcCandidate {
  std::string peer;
  std::string candidate;
  std::string sdp_mid;
  std::int64_t sdp_m_line_index = 0;
  friend bool operator==(const RtcCandidate&, const RtcCandidate&) = default;
};

// SFU media. sfu.publish request and reply, sfu.answer request: {sdp}.
struct SfuSdp {
  std::string sdp;
  friend bool operator==(const SfuSdp&, const SfuSdp&) = default;
};
// sfu.trickle: {target: "publisher"|"subscriber", candidate, sdp_mid, sdp_m_line_index} or
// {target, completed: true} (end of candidates).
struct SfuTrickle {
  std::string target;
  std::string candidate;
  std::string sdp_mid;
  std::int64_t sdp_m_line_index = 0;
  bool completed = false;
  friend bool operator==(const SfuTrickle&, const SfuTrickle&) = default;
};

// ---- replies ----

struct VersionReply {  // get, move, close: {version}
  std::uint64_t version = 0;
  friend bool operator==(const VersionReply&, const VersionReply&) = default;
};
struct MeetingsReply {  // create, update, start: {meetings:[{id,title}], version}
  std::vector<MeetingSpec> meetings;
  std::uint64_t version = 0;
  friend bool operator==(const MeetingsReply&, const MeetingsReply&) = default;
};
struct DeleteReply {  // delete: {meeting_ids, version}
  std::vector<std::string> meeting_ids;
  std::uint64_t version = 0;
  friend bool operator==(const DeleteReply&, const DeleteReply&) = default;
};
struct BroadcastReply {  // broadcast: {meeting_ids (where it went, group order), time_ms}
  std::vector<std::string> meeting_ids;
  std::int64_t time_ms = 0;
  friend bool operator==(const BroadcastReply&, const BroadcastReply&) = default;
};
struct SelfMediaReply {
  bool audio_enabled = false;
  bool video_enabled = false;
  friend bool operator==(const SelfMediaReply&, const SelfMediaReply&) = default;
};
struct ChatMessageBody {  // chat.send reply and chat.message event: {message}
  ChatMessage message;
  friend bool operator==(const ChatMessageBody&, const ChatMessageBody&) = default;
};
struct ChatHistoryReply {
  std::vector<ChatMessage> messages;  // oldest first
  bool has_more = false;
  friend bool operator==(const ChatHistoryReply&, const ChatHistoryReply&) = default;
};
struct PollBody {  // polls.create/vote reply and polls.updated event: {poll} as seen by the receiver
  Json poll = Json::object();
  friend bool operator==(const PollBody&, const PollBody&) = default;
};
struct PollsListReply {
  Json polls = Json::array();  // oldest first, as seen by the receiver
  bool has_more = false;
  friend bool operator==(const PollsListReply&, const PollsListReply&) = default;
};
struct PingReply {
  std::int64_t time_ms = 0;
  friend bool operator==(const PingReply&, const PingReply&) = default;
};
// ---- events ----

// How the receiver's media flows, sent with room.joined: mesh (rtc.* relay) or sfu (sfu.*),
// and the ICE servers its RTCPeerConnections use (--ice-servers).
struct IceServer {
  std::vector<std::string> urls;
  std::string username;    // empty: none
  std::string credential;  // empty: none
  friend bool operator==(const IceServer&, const IceServer&) = default;
};
struct MediaInfo {
  std::string mode = "mesh";  // mesh | sfu
  std::vector<IceServer> ice_servers;
  std::string ice_transport_policy = "all";  // all | relay (--ice-transport-policy)
  friend bool operator==(const MediaInfo&, const MediaInfo&) = default;
};

// One m-line of the subscriber offer: which participant's which track it carries.
struct SfuStream {
  std::string mid;
  std::string participant_id;
  std::string kind;  // audio | video
  bool active = true;
  friend bool operator==(const SfuStream&, const SfuStream&) = default;
};
// sfu.reset: the SFU's session ended (Janus restarted or its socket dropped), so both
// PeerConnections are dead. available=false: close them and wait; available=true: Janus is back,
// open a new publisher PeerConnection and publish again (the subscriber follows).
struct SfuReset {
  bool available = false;
  std::string reason;
  friend bool operator==(const SfuReset&, const SfuReset&) = default;
};
struct SfuOffer {  // sfu.offer: answer it with sfu.answer on the subscriber PeerConnection
  std::string sdp;
  std::vector<SfuStream> streams;  // every m-line of the offer, inactive ones included
  friend bool operator==(const SfuOffer&, const SfuOffer&) = default;
};
// sfu.slots (large rooms, rtk/video_slots.hpp): whose video the receiver's K video slots hold
// (slot priority order: pinned, recent speakers, join order), the most recent speaker it may
// hear ("" none yet) and the subscriber m-lines as they are now (a Janus `switch` re-points a
// video m-line to another participant without a new sfu.offer). Codec: protocol_slots.cpp.
struct SfuSlots {
  std::vector<std::string> video;
  std::string active_speaker;
  std::vector<SfuStream> streams;
  std::vector<std::string> pinned;  // the meeting's pinned participants the receiver sees, pin order
  friend bool operator==(const SfuSlots&, const SfuSlots&) = default;
};
// participants.pin {participant_id, pinned}: pin (true) or unpin a participant for everyone
// (rtk::check_may_pin); replied with the group's pins {pinned: [participant_id]}.
struct ParticipantsPin {
  std::string participant_id;
  bool pinned = true;
  friend bool operator==(const ParticipantsPin&, const ParticipantsPin&) = default;
};
struct PinReply {
  std::vector<std::string> pinned;
  friend bool operator==(const PinReply&, const PinReply&) = default;
};

struct RoomJoined {
  std::string meeting_id;
  std::string meeting_title;
  bool is_parent = true;
  RoomMember self;
  Json preset = Json::object();          // the participant's preset (snake_case)
  std::vector<RoomMember> participants;  // connected participants in the room, self excluded
  std::vector<ChatMessage> chat;         // the newest page, oldest first
  bool chat_has_more = false;            // older messages: chat.history
  Json polls = Json::array();            // the newest page, as seen by this participant
  bool polls_has_more = false;           // older polls: polls.list
  WireLimits limits;
  MediaInfo media;
  bool reconnected = false;
  RecordingUpdate recording;            // the meeting's recording state (IDLE when absent)
  std::vector<ListenerItem> listeners;  // who listens in, as the receiver may see it (rtk/listen.hpp)
  Chunk chunk;                          // parts after the first carry only more `participants`
  friend bool operator==(const RoomJoined&, const RoomJoined&) = default;
};

struct RoomEvent {
  enum class Kind { unknown = 0, joined, left, updated, media };
  Kind kind = Kind::unknown;
  RoomMember member;  // joined, updated: the participant; left, media: only its id (+ media flags)
  friend bool operator==(const RoomEvent&, const RoomEvent&) = default;
};
struct RoomUpdate {  // a batch of what happened in one meeting, in order
  std::string meeting_id;
  std::vector<RoomEvent> events;
  friend bool operator==(const RoomUpdate&, const RoomUpdate&) = default;
};

struct CmState {  // the group view; parts after the first carry only more participants
  GroupView view;
  Chunk chunk;
  friend bool operator==(const CmState&, const CmState&) = default;
};
struct CmDelta {
  GroupDeltaView delta;
  Chunk chunk;  // parts after the first carry only more participants_upserted
  friend bool operator==(const CmDelta&, const CmDelta&) = default;
};
struct CmPresence {
  std::vector<PresenceItem> participants;
  friend bool operator==(const CmPresence&, const CmPresence&) = default;
};
struct CmMoving {  // {meeting_id, version, reason?}
  std::string meeting_id;
  std::uint64_t version = 0;
  std::string reason;  // moved_by_host | switched | room_deleted | breakout_closed | breakout_started
  friend bool operator==(const CmMoving&, const CmMoving&) = default;
};
// The breakout timer as the server has it, with the server's clock at sending: clients count
// down from deadline_ms - now_ms, never from their own clock. Sent to everyone connected in
// the group when it changes, and to a participant when it connects while a timer runs.
struct CmTimerUpdate {  // {timer:{deadline_ms,grace_ms,warned}|null, reason, now_ms}
  std::optional<BreakoutTimer> timer;
  TimerReason reason = TimerReason::unknown;  // set | extended | warning | expired | cleared | current
  std::int64_t now_ms = 0;
  friend bool operator==(const CmTimerUpdate&, const CmTimerUpdate&) = default;
};
// The host's broadcast as it lands in one meeting: the chat message stored in that meeting's
// history (also sent as chat.message), for the banner.
struct CmBroadcastMessage {  // {message}
  ChatMessage message;
  friend bool operator==(const CmBroadcastMessage&, const CmBroadcastMessage&) = default;
};
// The help queue as the receiver may see it: every request for a host (can_alter_connected_
// meetings), only its own for anyone else. Sent when it changes and on connect (when not empty).
struct HelpQueueItem {
  std::string participant_id;
  std::string display_name;
  std::string meeting_id;
  std::string meeting_title;
  std::int64_t time_ms = 0;
  friend bool operator==(const HelpQueueItem&, const HelpQueueItem&) = default;
};
struct CmHelpQueue {  // {requests:[{participant_id, display_name, meeting_id, meeting_title, time_ms}]}
  std::vector<HelpQueueItem> requests;
  friend bool operator==(const CmHelpQueue&, const CmHelpQueue&) = default;
};
struct SessionPermissions {  // the receiver's preset changed (REST)
  Json preset = Json::object();
  friend bool operator==(const SessionPermissions&, const SessionPermissions&) = default;
};
struct SessionEnded {
  EndReason reason = EndReason::unknown;
  friend bool operator==(const SessionEnded&, const SessionEnded&) = default;
};

// ---- codecs ----

// T names a type: it cannot be parenthesised.
#define RTK_PROTO_CODEC(T)                                                          \
  Status from_json(const Json& j, T& out); /* NOLINT(bugprone-macro-parentheses) */ \
  Json to_json(const T& m);
RTK_PROTO_CODEC(CmGet)
RTK_PROTO_CODEC(CmCreate)
RTK_PROTO_CODEC(CmUpdate)
RTK_PROTO_CODEC(CmDelete)
RTK_PROTO_CODEC(CmMove)
RTK_PROTO_CODEC(CmStart)
RTK_PROTO_CODEC(CmClose)
RTK_PROTO_CODEC(CmTimer)
RTK_PROTO_CODEC(CmTimerUpdate)
RTK_PROTO_CODEC(CmBroadcast)
RTK_PROTO_CODEC(BroadcastReply)
RTK_PROTO_CODEC(CmBroadcastMessage)
RTK_PROTO_CODEC(CmHelp)
RTK_PROTO_CODEC(CmHelpQueue)
RTK_PROTO_CODEC(CmSelfSelection)
RTK_PROTO_CODEC(CmShuffle)
RTK_PROTO_CODEC(CmShuffleReply)
RTK_PROTO_CODEC(CmStartPlan)
RTK_PROTO_CODEC(CmPolicy)
RTK_PROTO_CODEC(PlansReply)
RTK_PROTO_CODEC(SelfMedia)
RTK_PROTO_CODEC(ChatSend)
RTK_PROTO_CODEC(HistoryPage)
RTK_PROTO_CODEC(PollsCreate)
RTK_PROTO_CODEC(PollsVote)
RTK_PROTO_CODEC(Empty)
RTK_PROTO_CODEC(VersionReply)
RTK_PROTO_CODEC(MeetingsReply)
RTK_PROTO_CODEC(DeleteReply)
RTK_PROTO_CODEC(SelfMediaReply)
RTK_PROTO_CODEC(ChatMessageBody)
RTK_PROTO_CODEC(ChatHistoryReply)
RTK_PROTO_CODEC(PollBody)
RTK_PROTO_CODEC(PollsListReply)
RTK_PROTO_CODEC(PingReply)
RTK_PROTO_CODEC(RoomMember)
RTK_PROTO_CODEC(WireLimits)
RTK_PROTO_CODEC(RoomJoined)
RTK_PROTO_CODEC(RoomUpdate)
RTK_PROTO_CODEC(CmState)
RTK_PROTO_CODEC(CmDelta)
RTK_PROTO_CODEC(CmPresence)
RTK_PROTO_CODEC(CmMoving)
RTK_PROTO_CODEC(SessionPermissions)
RTK_PROTO_CODEC(SessionEnded)
RTK_PROTO_CODEC(SfuSdp)
RTK_PROTO_CODEC(SfuTrickle)
RTK_PROTO_CODEC(MediaInfo)
RTK_PROTO_CODEC(SfuOffer)
RTK_PROTO_CODEC(SfuReset)
RTK_PROTO_CODEC(SfuSlots)
RTK_PROTO_CODEC(ParticipantsPin)
RTK_PROTO_CODEC(PinReply)
#undef RTK_PROTO_CODEC

// The relay codecs take the peer key: "to" when sent, "from" when received.
Status from_json(const Json& j, RtcDescription& out, std::string_view peer_key);
Status from_json(const Json& j, RtcCandidate& out, std::string_view peer_key);
Json to_json(const RtcDescription& m, std::string_view peer_key);
Json to_json(const RtcCandidate& m, std::string_view peer_key);

template <class T>
Result<T> decode(const Json& data) {
  T out{};
  if (auto st = from_json(data, out); !st) return st.error();
  return out;
}

// ---- which struct is which message ----
// Message<T>::type names the message whose data (event) or request body T is; Reply<Req>
// names the reply struct of a request. event(x) and reply(request, x) build envelopes whose
// type cannot disagree with their payload.
template <class T>
struct Message;
#define RTK_PROTO_MESSAGE(T, name)                       \
  template <>                                            \
  struct Message<T> {                                    \
    static constexpr std::string_view type = type::name; \
  };
RTK_PROTO_MESSAGE(CmCreate, cm_create)
RTK_PROTO_MESSAGE(CmUpdate, cm_update)
RTK_PROTO_MESSAGE(CmDelete, cm_delete)
RTK_PROTO_MESSAGE(CmMove, cm_move)
RTK_PROTO_MESSAGE(CmStart, cm_start)
RTK_PROTO_MESSAGE(SelfMedia, self_media)
RTK_PROTO_MESSAGE(ChatSend, chat_send)
RTK_PROTO_MESSAGE(PollsCreate, polls_create)
RTK_PROTO_MESSAGE(PollsVote, polls_vote)
RTK_PROTO_MESSAGE(RoomJoined, room_joined)
RTK_PROTO_MESSAGE(RoomUpdate, room_update)
RTK_PROTO_MESSAGE(CmState, cm_state)
RTK_PROTO_MESSAGE(CmDelta, cm_delta)
RTK_PROTO_MESSAGE(CmPresence, cm_presence)
RTK_PROTO_MESSAGE(CmMoving, cm_moving)
RTK_PROTO_MESSAGE(CmTimer, cm_timer)
RTK_PROTO_MESSAGE(CmTimerUpdate, cm_timer_update)
RTK_PROTO_MESSAGE(CmBroadcast, cm_broadcast)
RTK_PROTO_MESSAGE(CmBroadcastMessage, cm_broadcast_message)
RTK_PROTO_MESSAGE(CmHelpQueue, cm_help_queue)
RTK_PROTO_MESSAGE(CmListen, cm_listen)
RTK_PROTO_MESSAGE(CmListeners, cm_listeners)
RTK_PROTO_MESSAGE(CmStartPlan, cm_start_plan)
RTK_PROTO_MESSAGE(CmPolicy, cm_policy)
RTK_PROTO_MESSAGE(SessionPermissions, session_permissions)
RTK_PROTO_MESSAGE(SessionEnded, session_ended)
RTK_PROTO_MESSAGE(SfuTrickle, sfu_trickle)
RTK_PROTO_MESSAGE(SfuOffer, sfu_offer)
RTK_PROTO_MESSAGE(SfuReset, sfu_reset)
RTK_PROTO_MESSAGE(SfuSlots, sfu_slots)
RTK_PROTO_MESSAGE(ParticipantsPin, participants_pin)
RTK_PROTO_MESSAGE(RecordingUpdate, recording_updated)
#undef RTK_PROTO_MESSAGE

template <class T>
Envelope event(const T& payload) {
  return Envelope{"", std::string(Message<T>::type), to_json(payload), std::nullopt};
}
// chat.message and polls.updated share their payload struct with a reply.
Envelope chat_message_event(const ChatMessage& m);
// The help queue of `s` as `viewer` may see it (all for a host, else only its own request).
CmHelpQueue help_queue_for(const GroupState& s, std::string_view viewer, bool viewer_is_host);
Envelope polls_updated_event(Json poll_view);

// A reply with the request's id and type.
template <class T>
Envelope reply(const Envelope& request, const T& payload) {
  return Envelope{request.id, request.type, to_json(payload), std::nullopt};
}

// ---- cutting big payloads into frames below kChunkBudgetBytes ----
// Each returns the parts in order; a payload that fits is one part with chunk {0, 1}. The
// receiver accumulates parts until index == count - 1 (ChunkAssembler in the client).
std::vector<RoomJoined> split(RoomJoined m, std::size_t budget = kChunkBudgetBytes);
std::vector<CmState> split(const GroupView& v, std::size_t budget = kChunkBudgetBytes);
std::vector<CmDelta> split(const GroupDeltaView& d, std::size_t budget = kChunkBudgetBytes);
// room.joined encoded byte for byte as `encode(event(part))` for each part of `split(m)`, with the
// participants given as their JSON text (`members[i]` = `to_json(m.participants[i])` dumped as
// encode dumps; m.participants is ignored), spliced in verbatim, so a server renders each member
// once per flush, not once per recipient (a unit test pins it). Only a part whose user text
// contains kRoomJoinedMembersPlaceholder is encoded the ordinary way.
std::vector<std::string> encode_room_joined(RoomJoined m, const std::vector<const std::string*>& members,
                                            std::size_t budget = kChunkBudgetBytes);
inline constexpr const char* kRoomJoinedMembersPlaceholder = "@@openrtk.room_joined.members@@";
std::string dump_member(const RoomMember& m);
// Joins the parts back (the inverse of split); invalid_argument when they do not fit together.
Result<RoomJoined> join_parts(std::vector<RoomJoined> parts);
Result<CmState> join_parts(std::vector<CmState> parts);
Result<CmDelta> join_parts(std::vector<CmDelta> parts);

// The newest page of a list (oldest first, `count` items) that fits `budget` bytes and at most
// `limit` items, ending just before the item `before_id` (or at the newest). [first, last) and
// whether older items remain; an unknown before_id is not_found.
struct Page {
  std::size_t first = 0;
  std::size_t last = 0;
  bool has_more = false;
};
Result<Page> newest_page(std::size_t count, const std::function<std::string_view(std::size_t)>& id_at,
                         const std::function<std::size_t(std::size_t)>& bytes_at,
                         const std::optional<std::string>& before_id, std::size_t limit, std::size_t budget);

}  // namespace rtk::proto
