#include "rtk/protocol.hpp"

#include <array>
#include <map>

#include "field_reader.hpp"
#include "sfu_streams.hpp"

namespace rtk::proto {
namespace {

Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }

template <class T>
Status check_as(const Json& j) {
  T v{};
  return from_json(j, v);
}
Status check_desc(const Json& j) {
  RtcDescription d;
  return from_json(j, d, "to");
}
Status check_cand(const Json& j) {
  RtcCandidate c;
  return from_json(j, c, "to");
}
Status check_error(const Json& j) { return j.is_object() ? ok_status() : err("data: expected object"); }

using D = Direction;
constexpr std::array<MessageSpec, 56> kMessages{{
    {type::cm_get, D::client_to_server, true, "the group view: connected_meetings.state, then the reply {version}",
     check_as<CmGet>},
    {type::cm_create, D::client_to_server, true, "create connected meetings {meetings:[{title}]}", check_as<CmCreate>},
    {type::cm_update, D::client_to_server, true, "rename meetings {meetings:[{id,title}]}", check_as<CmUpdate>},
    {type::cm_delete, D::client_to_server, true, "delete connected meetings {meeting_ids}; occupants go to the parent",
     check_as<CmDelete>},
    {type::cm_move, D::client_to_server, true, "move participants between meetings of the group", check_as<CmMove>},
    {type::cm_start, D::client_to_server, true, "create rooms and assign participants in one atomic step",
     check_as<CmStart>},
    {type::cm_close, D::client_to_server, true, "close the breakout: everyone to the parent, rooms deleted",
     check_as<CmClose>},
    {type::cm_timer, D::client_to_server, true, "set {duration_ms, grace_ms?} or extend {extend_ms} the breakout timer",
     check_as<CmTimer>},
    {type::cm_broadcast, D::client_to_server, true,
     "a host's text to every room or chosen meetings {text, meeting_ids?}", check_as<CmBroadcast>},
    {type::cm_help, D::client_to_server, true, "ask for help from a breakout room {participant_id?}", check_as<CmHelp>},
    {type::cm_help_cancel, D::client_to_server, true,
     "withdraw (or, as a host, dismiss) a help request {participant_id?}", check_as<CmHelp>},
    {type::cm_self_selection, D::client_to_server, true,
     "let participants choose their breakout room {enabled, capacity?}", check_as<CmSelfSelection>},
    {type::cm_shuffle, D::client_to_server, true,
     "a seeded shuffle plan, optionally avoiding earlier pairs {participant_ids, meeting_ids, seed?, avoid_repeats?}",
     check_as<CmShuffle>},
    {type::cm_plans, D::client_to_server, true, "the meeting's saved pre-assignment plans and late-joiner policy {}",
     check_as<Empty>},
    {type::cm_start_plan, D::client_to_server, true, "start a saved plan {plan_id, duration_ms?, grace_ms?}",
     check_as<CmStartPlan>},
    {type::cm_policy, D::client_to_server, true, "set the late-joiner policy {late_joiners}", check_as<CmPolicy>},
    {type::cm_listen, D::client_to_server, true, "a host listens in to another meeting (SFU) {meeting_id}",
     check_as<CmListen>},
    {type::cm_stop_listening, D::client_to_server, true, "stop listening in; replied with {meeting_id: null}",
     check_as<Empty>},
    {type::self_media, D::client_to_server, true, "own audio/video enabled state", check_as<SelfMedia>},
    {type::chat_send, D::client_to_server, true, "send a text message to the current meeting", check_as<ChatSend>},
    {type::chat_history, D::client_to_server, true, "an older page of the current meeting's chat",
     check_as<HistoryPage>},
    {type::polls_create, D::client_to_server, true, "create a poll in the current meeting", check_as<PollsCreate>},
    {type::polls_vote, D::client_to_server, true, "vote in a poll of the current meeting", check_as<PollsVote>},
    {type::polls_list, D::client_to_server, true, "an older page of the current meeting's polls",
     check_as<HistoryPage>},
    {type::session_ping, D::client_to_server, true, "keep-alive; replied with {time_ms}", check_as<Empty>},
    {type::session_leave, D::client_to_server, true, "leave the meeting; the server then closes the socket",
     check_as<Empty>},
    {type::recording_start, D::client_to_server, true, "record the sender's current meeting (SFU mode, can_record)",
     check_as<Empty>},
    {type::recording_stop, D::client_to_server, true, "stop its recording {recording_id?}", check_as<RecordingRequest>},
    {type::recording_pause, D::client_to_server, true, "pause its recording {recording_id?}",
     check_as<RecordingRequest>},
    {type::recording_resume, D::client_to_server, true, "resume its recording {recording_id?}",
     check_as<RecordingRequest>},
    {type::rtc_offer, D::both, false, "SDP offer relayed to a peer in the same meeting", check_desc},
    {type::rtc_answer, D::both, false, "SDP answer relayed to a peer in the same meeting", check_desc},
    {type::rtc_candidate, D::both, false, "ICE candidate relayed to a peer in the same meeting", check_cand},
    {type::sfu_publish, D::client_to_server, true, "SFU: publish with an SDP offer; replied with Janus's answer {sdp}",
     check_as<SfuSdp>},
    {type::sfu_answer, D::client_to_server, true, "SFU: the subscriber's SDP answer to the last sfu.offer",
     check_as<SfuSdp>},
    {type::sfu_trickle, D::client_to_server, false, "SFU: a local ICE candidate of the publisher or subscriber",
     check_as<SfuTrickle>},
    {type::sfu_offer, D::server_to_client, false, "SFU: a subscriber offer {sdp, streams:[{mid,participant_id,kind}]}",
     check_as<SfuOffer>},
    {type::sfu_reset, D::server_to_client, false,
     "SFU: Janus was lost {available:false} or is back {available:true}: publish again", check_as<SfuReset>},
    {type::participants_pin, D::client_to_server, true, "pin or unpin a participant for everyone (SFU video slots)",
     check_as<ParticipantsPin>},
    {type::sfu_slots, D::server_to_client, false, "SFU: who holds your K video slots {video, active_speaker, streams}",
     check_as<SfuSlots>},
    {type::room_joined, D::server_to_client, false, "snapshot of the meeting the participant is now in (chunked)",
     check_as<RoomJoined>},
    {type::room_update, D::server_to_client, false,
     "a batch of joins, leaves, updates and media changes in this meeting", check_as<RoomUpdate>},
    {type::chat_message, D::server_to_client, false, "a new chat message in this meeting", check_as<ChatMessageBody>},
    {type::polls_updated, D::server_to_client, false, "a poll of this meeting was created or voted",
     check_as<PollBody>},
    {type::cm_state, D::server_to_client, false, "the group view in the receiver's scope (chunked)", check_as<CmState>},
    {type::cm_delta, D::server_to_client, false, "what changed in the group, from_version -> version (chunked)",
     check_as<CmDelta>},
    {type::cm_presence, D::server_to_client, false, "who connected or left (full scope only, no version)",
     check_as<CmPresence>},
    {type::cm_moving, D::server_to_client, false, "you are being moved {meeting_id, version, reason}",
     check_as<CmMoving>},
    {type::cm_timer_update, D::server_to_client, false,
     "the breakout timer {timer|null, reason, now_ms}: changed, warning, expired", check_as<CmTimerUpdate>},
    {type::cm_broadcast_message, D::server_to_client, false, "a host's broadcast in this meeting {message} (banner)",
     check_as<CmBroadcastMessage>},
    {type::cm_help_queue, D::server_to_client, false, "the help queue as the receiver may see it {requests}",
     check_as<CmHelpQueue>},
    {type::cm_listeners, D::server_to_client, false, "who listens in {listeners:[{participant_id, meeting_id}]}",
     check_as<CmListeners>},
    {type::session_permissions, D::server_to_client, false, "your preset changed {preset}",
     check_as<SessionPermissions>},
    {type::session_ended, D::server_to_client, false, "the server ends this session {reason}", check_as<SessionEnded>},
    {type::recording_updated, D::server_to_client, false,
     "this meeting's recording state changed {meeting_id, state, recordings}", check_as<RecordingUpdate>},
    {type::error, D::server_to_client, false, "reply to a frame that could not be decoded", check_error},
}};

Status read_specs(const Json& j, const char* key, bool with_id, std::vector<MeetingSpec>& out) {
  FieldReader r(j, "data");
  const Json* arr = r.req_array(key);
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    FieldReader m((*arr)[i], std::string("data.") + key + "[" + std::to_string(i) + "]");
    MeetingSpec s;
    if (with_id) m.req("id", s.id);
    m.req("title", s.title);
    if (!m.ok()) return m.error();
    out.push_back(std::move(s));
  }
  return ok_status();
}

Json specs_json(const std::vector<MeetingSpec>& v) {
  Json arr = Json::array();
  for (const auto& s : v) arr.push_back(Json{{"id", s.id}, {"title", s.title}});
  return arr;
}

Status object_only(const Json& j) { return j.is_object() ? ok_status() : err("data: expected object"); }

Status read_chunk(FieldReader& r, const Json& j, Chunk& c) {
  const Json* cj = r.opt_object("chunk");
  if (!r.ok()) return r.error();
  if (!cj) return ok_status();
  FieldReader cr(*cj, "data.chunk");
  cr.req("index", c.index);
  cr.req("count", c.count);
  if (!cr.ok()) return cr.error();
  (void)j;
  if (c.count == 0 || c.index >= c.count) return err("data.chunk: index must be below count");
  return ok_status();
}
void write_chunk(Json& j, const Chunk& c) {
  if (c.count > 1) j["chunk"] = Json{{"index", c.index}, {"count", c.count}};
}

template <class T, class F>
Status read_list(const Json* arr, const std::string& path, std::vector<T>& out, F decode_one) {
  if (!arr) return ok_status();
  for (std::size_t i = 0; i < arr->size(); ++i) {
    auto v = decode_one((*arr)[i]);
    if (!v) return err(path + "[" + std::to_string(i) + "]: " + v.error().message);
    out.push_back(std::move(v).value());
  }
  return ok_status();
}

Result<RoomMember> member_from(const Json& j) {
  RoomMember m;
  if (auto st = from_json(j, m); !st) return st.error();
  return m;
}

std::size_t bytes_of(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace).size(); }

}  // namespace

std::span<const MessageSpec> all_messages() { return kMessages; }

const MessageSpec* find_message(std::string_view t) {
  for (const auto& m : kMessages)
    if (m.type == t) return &m;
  return nullptr;
}

Result<Envelope> decode_envelope(std::string_view text, std::string* request_id_out) {
  if (text.size() > kMaxFrameBytes) return make_error(ErrorCode::payload_too_large, "frame exceeds 1 MiB");
  auto parsed = parse_json(text);
  if (!parsed) return parsed.error();
  const Json& j = *parsed;
  if (!j.is_object()) return make_error(ErrorCode::invalid_argument, "frame: expected a JSON object");
  if (request_id_out) {
    auto it = j.find("id");
    if (it != j.end() && it->is_string() && it->get_ref<const std::string&>().size() <= kMaxRequestIdBytes)
      *request_id_out = it->get<std::string>();
  }
  FieldReader r(j, "frame");
  Envelope e;
  int v = kVersion;
  r.opt("v", v);
  r.opt("id", e.id);
  r.req("type", e.type);
  const Json* data = r.opt_object("data");
  const Json* error = r.opt_object("error");
  if (!r.ok()) return r.error();
  if (v != kVersion) return err("frame.v: unsupported protocol version " + std::to_string(v));
  if (e.id.size() > kMaxRequestIdBytes) return err("frame.id: at most 128 bytes");
  if (!find_message(e.type)) return err("frame.type: unknown message type '" + e.type.substr(0, 64) + "'");
  if (data) e.data = *data;
  if (error) {
    FieldReader er(*error, "frame.error");
    std::string code, message;
    er.req("code", code);
    er.opt("message", message);
    if (!er.ok()) return er.error();
    e.error = Error{error_code_from_string(code), message};
  }
  return e;
}

std::string encode(const Envelope& e) {
  Json j{{"v", kVersion}, {"type", e.type}};
  if (!e.id.empty()) j["id"] = e.id;
  if (e.error)
    j["error"] = Json{{"code", to_string(e.error->code)}, {"message", e.error->message}};
  else
    j["data"] = e.data;
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Envelope make_error_reply(std::string id, std::string_view t, Error error) {
  return Envelope{std::move(id), std::string(t), Json::object(), std::move(error)};
}

Envelope chat_message_event(const ChatMessage& m) {
  return Envelope{"", std::string(type::chat_message), to_json(ChatMessageBody{m}), std::nullopt};
}
Envelope polls_updated_event(Json poll_view) {
  return Envelope{"", std::string(type::polls_updated), to_json(PollBody{std::move(poll_view)}), std::nullopt};
}

WireLimits wire_limits(const Limits& l, std::size_t max_room_participants) {
  WireLimits w;
  w.max_meetings = l.max_meetings;
  w.max_participants = l.max_participants;
  w.max_text_bytes = l.max_text_bytes;
  w.max_room_participants = max_room_participants;
  return w;
}

std::string_view to_string(EndReason r) noexcept {
  switch (r) {
    case EndReason::participant_removed: return "participant_removed";
    case EndReason::meeting_inactive: return "meeting_inactive";
    case EndReason::replaced: return "replaced";
    case EndReason::server_shutdown: return "server_shutdown";
    case EndReason::unknown: break;
  }
  return "unknown";
}
EndReason end_reason_from_string(std::string_view s) noexcept {
  for (auto r :
       {EndReason::participant_removed, EndReason::meeting_inactive, EndReason::replaced, EndReason::server_shutdown})
    if (to_string(r) == s) return r;
  return EndReason::unknown;
}

// ---- request codecs ----

Status from_json(const Json& j, CmGet&) { return object_only(j); }
Json to_json(const CmGet&) { return Json::object(); }
Status from_json(const Json& j, CmClose&) { return object_only(j); }
Json to_json(const CmClose&) { return Json::object(); }
Status from_json(const Json& j, Empty&) { return object_only(j); }
Json to_json(const Empty&) { return Json::object(); }

Status from_json(const Json& j, CmCreate& out) {
  std::vector<MeetingSpec> specs;
  if (auto st = read_specs(j, "meetings", false, specs); !st) return st;
  for (auto& s : specs) out.titles.push_back(std::move(s.title));
  return ok_status();
}
Json to_json(const CmCreate& m) {
  Json arr = Json::array();
  for (const auto& t : m.titles) arr.push_back(Json{{"title", t}});
  return Json{{"meetings", std::move(arr)}};
}

Status from_json(const Json& j, CmUpdate& out) { return read_specs(j, "meetings", true, out.meetings); }
Json to_json(const CmUpdate& m) { return Json{{"meetings", specs_json(m.meetings)}}; }

Status from_json(const Json& j, CmDelete& out) {
  FieldReader r(j, "data");
  r.req("meeting_ids", out.meeting_ids);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const CmDelete& m) { return Json{{"meeting_ids", m.meeting_ids}}; }

Status from_json(const Json& j, CmMove& out) {
  FieldReader r(j, "data");
  r.req("source_meeting_id", out.source_meeting_id);
  r.req("destination_meeting_id", out.destination_meeting_id);
  const bool has_ids = r.opt("participant_ids", out.participant_ids);
  r.opt("preset_name", out.preset_name);
  const Json* ps = r.opt_array("participants");
  if (!r.ok()) return r.error();
  if (ps) {
    for (std::size_t i = 0; i < ps->size(); ++i) {
      FieldReader p((*ps)[i], "data.participants[" + std::to_string(i) + "]");
      PresetAssignment pa;
      p.req("id", pa.id);
      p.req("preset_name", pa.preset_name);
      if (!p.ok()) return p.error();
      out.participants.push_back(std::move(pa));
    }
  }
  if (has_ids == (ps != nullptr)) return err("data: give exactly one of participant_ids or participants");
  return ok_status();
}
Json to_json(const CmMove& m) {
  Json j{{"source_meeting_id", m.source_meeting_id}, {"destination_meeting_id", m.destination_meeting_id}};
  if (!m.participants.empty()) {
    Json arr = Json::array();
    for (const auto& p : m.participants) arr.push_back(Json{{"id", p.id}, {"preset_name", p.preset_name}});
    j["participants"] = std::move(arr);
  } else {
    j["participant_ids"] = m.participant_ids;
  }
  if (m.preset_name) j["preset_name"] = *m.preset_name;
  return j;
}

Status from_json(const Json& j, CmStart& out) {
  FieldReader r(j, "data");
  const Json* ms = r.opt_array("meetings");
  const Json* as = r.opt_array("assignments");
  r.opt("shuffle", out.shuffle);
  r.opt("seed", out.seed);
  r.opt("avoid_repeats", out.avoid_repeats);
  r.opt("duration_ms", out.duration_ms);
  r.opt("grace_ms", out.grace_ms);
  if (!r.ok()) return r.error();
  if (out.grace_ms && !out.duration_ms) return err("data.grace_ms: only with duration_ms");
  if (ms) {
    std::vector<MeetingSpec> specs;
    if (auto st = read_specs(j, "meetings", false, specs); !st) return st;
    for (auto& s : specs) out.titles.push_back(std::move(s.title));
  }
  if (as) {
    for (std::size_t i = 0; i < as->size(); ++i) {
      FieldReader a((*as)[i], "data.assignments[" + std::to_string(i) + "]");
      StartAssignment sa;
      a.req("participant_id", sa.participant_id);
      a.opt("meeting_index", sa.meeting_index);
      a.opt("meeting_id", sa.meeting_id);
      if (!a.ok()) return a.error();
      if (sa.meeting_index.has_value() == sa.meeting_id.has_value())
        return err("data.assignments[" + std::to_string(i) + "]: give exactly one of meeting_index or meeting_id");
      if (sa.meeting_index && *sa.meeting_index >= out.titles.size())
        return err("data.assignments[" + std::to_string(i) + "].meeting_index: out of range");
      out.assignments.push_back(std::move(sa));
    }
  }
  return ok_status();
}
Json to_json(const CmStart& m) {
  Json ms = Json::array();
  for (const auto& t : m.titles) ms.push_back(Json{{"title", t}});
  Json as = Json::array();
  for (const auto& a : m.assignments) {
    Json aj{{"participant_id", a.participant_id}};
    if (a.meeting_index) aj["meeting_index"] = *a.meeting_index;
    if (a.meeting_id) aj["meeting_id"] = *a.meeting_id;
    as.push_back(std::move(aj));
  }
  Json j{{"meetings", std::move(ms)}, {"assignments", std::move(as)}, {"shuffle", m.shuffle}, {"seed", m.seed}};
  if (m.avoid_repeats) j["avoid_repeats"] = true;
  if (m.duration_ms) j["duration_ms"] = *m.duration_ms;
  if (m.grace_ms) j["grace_ms"] = *m.grace_ms;
  return j;
}

Status from_json(const Json& j, SelfMedia& out) {
  FieldReader r(j, "data");
  r.opt("audio_enabled", out.audio_enabled);
  r.opt("video_enabled", out.video_enabled);
  if (!r.ok()) return r.error();
  if (!out.audio_enabled && !out.video_enabled) return err("data: audio_enabled or video_enabled is required");
  return ok_status();
}
Json to_json(const SelfMedia& m) {
  Json j = Json::object();
  if (m.audio_enabled) j["audio_enabled"] = *m.audio_enabled;
  if (m.video_enabled) j["video_enabled"] = *m.video_enabled;
  return j;
}

Status from_json(const Json& j, ChatSend& out) {
  FieldReader r(j, "data");
  r.req("text", out.text);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const ChatSend& m) { return Json{{"text", m.text}}; }

Status from_json(const Json& j, HistoryPage& out) {
  FieldReader r(j, "data");
  r.opt("before_id", out.before_id);
  r.opt("limit", out.limit);
  if (!r.ok()) return r.error();
  if (out.limit < 1 || out.limit > 100) return err("data.limit: must be between 1 and 100");
  return ok_status();
}
Json to_json(const HistoryPage& m) {
  Json j{{"limit", m.limit}};
  if (m.before_id) j["before_id"] = *m.before_id;
  return j;
}

Status from_json(const Json& j, PollsCreate& out) {
  FieldReader r(j, "data");
  r.req("question", out.question);
  r.req("options", out.options);
  r.opt("anonymous", out.anonymous);
  r.opt("hide_votes", out.hide_votes);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const PollsCreate& m) {
  return Json{
      {"question", m.question}, {"options", m.options}, {"anonymous", m.anonymous}, {"hide_votes", m.hide_votes}};
}

Status from_json(const Json& j, PollsVote& out) {
  FieldReader r(j, "data");
  r.req("poll_id", out.poll_id);
  r.req("option_index", out.option_index);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const PollsVote& m) { return Json{{"poll_id", m.poll_id}, {"option_index", m.option_index}}; }

Status from_json(const Json& j, RtcDescription& out, std::string_view peer_key) {
  FieldReader r(j, "data");
  const std::string key(peer_key);
  r.req(key.c_str(), out.peer);
  r.req("sdp", out.sdp);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const RtcDescription& m, std::string_view peer_key) {
  return Json{{std::string(peer_key), m.peer}, {"sdp", m.sdp}};
}

Status from_json(const Json& j, RtcCandidate& out, std::string_view peer_key) {
  FieldReader r(j, "data");
  const std::string key(peer_key);
  r.req(key.c_str(), out.peer);
  r.req("candidate", out.candidate);
  r.opt("sdp_mid", out.sdp_mid);
  r.opt("sdp_m_line_index", out.sdp_m_line_index);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const RtcCandidate& m, std::string_view peer_key) {
  return Json{{std::string(peer_key), m.peer},
              {"candidate", m.candidate},
              {"sdp_mid", m.sdp_mid},
              {"sdp_m_line_index", m.sdp_m_line_index}};
}

// ---- reply codecs ----

Status from_json(const Json& j, VersionReply& out) {
  FieldReader r(j, "data");
  r.req("version", out.version);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const VersionReply& m) { return Json{{"version", m.version}}; }

Status from_json(const Json& j, MeetingsReply& out) {
  if (auto st = read_specs(j, "meetings", true, out.meetings); !st) return st;
  FieldReader r(j, "data");
  r.req("version", out.version);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const MeetingsReply& m) { return Json{{"meetings", specs_json(m.meetings)}, {"version", m.version}}; }

Status from_json(const Json& j, DeleteReply& out) {
  FieldReader r(j, "data");
  r.req("meeting_ids", out.meeting_ids);
  r.req("version", out.version);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const DeleteReply& m) { return Json{{"meeting_ids", m.meeting_ids}, {"version", m.version}}; }

Status from_json(const Json& j, SelfMediaReply& out) {
  FieldReader r(j, "data");
  r.req("audio_enabled", out.audio_enabled);
  r.req("video_enabled", out.video_enabled);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const SelfMediaReply& m) {
  return Json{{"audio_enabled", m.audio_enabled}, {"video_enabled", m.video_enabled}};
}

Status from_json(const Json& j, ChatMessageBody& out) {
  FieldReader r(j, "data");
  const Json* m = r.req_object("message");
  if (!r.ok()) return r.error();
  auto msg = chat_message_from_json(*m);
  if (!msg) return err("data." + msg.error().message);
  out.message = std::move(msg).value();
  return ok_status();
}
Json to_json(const ChatMessageBody& m) { return Json{{"message", rtk::to_json(m.message)}}; }

Status from_json(const Json& j, ChatHistoryReply& out) {
  FieldReader r(j, "data");
  const Json* ms = r.req_array("messages");
  r.opt("has_more", out.has_more);
  if (!r.ok()) return r.error();
  return read_list(ms, "data.messages", out.messages, [](const Json& x) { return chat_message_from_json(x); });
}
Json to_json(const ChatHistoryReply& m) {
  Json ms = Json::array();
  for (const auto& c : m.messages) ms.push_back(rtk::to_json(c));
  return Json{{"messages", std::move(ms)}, {"has_more", m.has_more}};
}

Status from_json(const Json& j, PollBody& out) {
  FieldReader r(j, "data");
  const Json* p = r.req_object("poll");
  if (!r.ok()) return r.error();
  auto poll = poll_from_json(*p);
  if (!poll) return err("data." + poll.error().message);
  out.poll = *p;
  return ok_status();
}
Json to_json(const PollBody& m) { return Json{{"poll", m.poll}}; }

Status from_json(const Json& j, PollsListReply& out) {
  FieldReader r(j, "data");
  const Json* ps = r.req_array("polls");
  r.opt("has_more", out.has_more);
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < ps->size(); ++i)
    if (auto p = poll_from_json((*ps)[i]); !p)
      return err("data.polls[" + std::to_string(i) + "]: " + p.error().message);
  out.polls = *ps;
  return ok_status();
}
Json to_json(const PollsListReply& m) { return Json{{"polls", m.polls}, {"has_more", m.has_more}}; }

Status from_json(const Json& j, PingReply& out) {
  FieldReader r(j, "data");
  r.req("time_ms", out.time_ms);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const PingReply& m) { return Json{{"time_ms", m.time_ms}}; }

// ---- SFU ----

Status from_json(const Json& j, SfuSdp& out) {
  FieldReader r(j, "data");
  r.req("sdp", out.sdp);
  if (!r.ok()) return r.error();
  if (out.sdp.empty() || out.sdp.size() > kMaxSdpBytes)
    return err("data.sdp: must be 1.." + std::to_string(kMaxSdpBytes) + " bytes");
  return ok_status();
}
Json to_json(const SfuSdp& m) { return Json{{"sdp", m.sdp}}; }

Status from_json(const Json& j, SfuTrickle& out) {
  FieldReader r(j, "data");
  r.req("target", out.target);
  r.opt("candidate", out.candidate);
  r.opt("sdp_mid", out.sdp_mid);
  r.opt("sdp_m_line_index", out.sdp_m_line_index);
  r.opt("completed", out.completed);
  if (!r.ok()) return r.error();
  if (out.target != "publisher" && out.target != "subscriber")
    return err("data.target: must be publisher or subscriber");
  if (!out.completed && out.candidate.empty()) return err("data.candidate: is required unless completed");
  if (out.candidate.size() > 4096) return err("data.candidate: too long");
  return ok_status();
}
Json to_json(const SfuTrickle& m) {
  if (m.completed) return Json{{"target", m.target}, {"completed", true}};
  return Json{{"target", m.target},
              {"candidate", m.candidate},
              {"sdp_mid", m.sdp_mid},
              {"sdp_m_line_index", m.sdp_m_line_index}};
}

Status from_json(const Json& j, MediaInfo& out) {
  FieldReader r(j, "media");
  r.req("mode", out.mode);
  r.opt("ice_transport_policy", out.ice_transport_policy);
  const Json* ice = r.opt_array("ice_servers");
  if (!r.ok()) return r.error();
  if (out.mode != "mesh" && out.mode != "sfu") return err("media.mode: must be mesh or sfu");
  if (out.ice_transport_policy != "all" && out.ice_transport_policy != "relay")
    return err("media.ice_transport_policy: must be all or relay");
  if (!ice) return ok_status();
  for (std::size_t i = 0; i < ice->size(); ++i) {
    FieldReader s((*ice)[i], "media.ice_servers[" + std::to_string(i) + "]");
    IceServer srv;
    s.req("urls", srv.urls);
    s.opt("username", srv.username);
    s.opt("credential", srv.credential);
    if (!s.ok()) return s.error();
    out.ice_servers.push_back(std::move(srv));
  }
  return ok_status();
}
Json to_json(const MediaInfo& m) {
  Json ice = Json::array();
  for (const auto& s : m.ice_servers) {
    Json o{{"urls", s.urls}};
    if (!s.username.empty()) o["username"] = s.username;
    if (!s.credential.empty()) o["credential"] = s.credential;
    ice.push_back(std::move(o));
  }
  return Json{{"mode", m.mode}, {"ice_servers", std::move(ice)}, {"ice_transport_policy", m.ice_transport_policy}};
}

Status sfu_streams_from_json(const Json& streams, std::vector<SfuStream>& out) {
  for (std::size_t i = 0; i < streams.size(); ++i) {
    FieldReader s(streams[i], "data.streams[" + std::to_string(i) + "]");
    SfuStream st;
    s.req("mid", st.mid);
    s.opt("participant_id", st.participant_id);
    s.req("kind", st.kind);
    s.opt("active", st.active);
    if (!s.ok()) return s.error();
    out.push_back(std::move(st));
  }
  return ok_status();
}
Json sfu_streams_json(const std::vector<SfuStream>& streams) {
  Json a = Json::array();
  for (const auto& s : streams)
    a.push_back(Json{{"mid", s.mid}, {"participant_id", s.participant_id}, {"kind", s.kind}, {"active", s.active}});
  return a;
}

Status from_json(const Json& j, SfuOffer& out) {
  FieldReader r(j, "data");
  r.req("sdp", out.sdp);
  const Json* streams = r.req_array("streams");
  if (!r.ok()) return r.error();
  return sfu_streams_from_json(*streams, out.streams);
}
Json to_json(const SfuOffer& m) { return Json{{"sdp", m.sdp}, {"streams", sfu_streams_json(m.streams)}}; }

Status from_json(const Json& j, SfuReset& out) {
  FieldReader r(j, "data");
  r.req("available", out.available);
  r.opt("reason", out.reason);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const SfuReset& m) { return Json{{"available", m.available}, {"reason", m.reason}}; }

// ---- event codecs ----

Status from_json(const Json& j, RoomMember& out) {
  auto p = participant_from_json(j);
  if (!p) return p.error();
  out.participant = std::move(p).value();
  FieldReader r(j, "participant");
  r.opt("audio_enabled", out.audio_enabled);
  r.opt("video_enabled", out.video_enabled);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const RoomMember& m) {
  Json j = rtk::to_json(m.participant);
  j["audio_enabled"] = m.audio_enabled;
  j["video_enabled"] = m.video_enabled;
  return j;
}

Status from_json(const Json& j, WireLimits& out) {
  FieldReader r(j, "limits");
  r.opt("max_meetings", out.max_meetings);
  r.opt("max_participants", out.max_participants);
  r.opt("max_text_bytes", out.max_text_bytes);
  r.opt("max_chat_text_bytes", out.max_chat_text_bytes);
  r.opt("max_poll_text_bytes", out.max_poll_text_bytes);
  r.opt("max_poll_options", out.max_poll_options);
  r.opt("max_room_participants", out.max_room_participants);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const WireLimits& m) {
  return Json{{"max_meetings", m.max_meetings},
              {"max_participants", m.max_participants},
              {"max_text_bytes", m.max_text_bytes},
              {"max_chat_text_bytes", m.max_chat_text_bytes},
              {"max_poll_text_bytes", m.max_poll_text_bytes},
              {"max_poll_options", m.max_poll_options},
              {"max_room_participants", m.max_room_participants}};
}

Status from_json(const Json& j, RoomJoined& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  r.opt("meeting_title", out.meeting_title);
  r.opt("is_parent", out.is_parent);
  const Json* self = r.opt_object("self");
  r.opt("preset", out.preset);
  const Json* ps = r.opt_array("participants");
  const Json* chat = r.opt_array("chat");
  r.opt("chat_has_more", out.chat_has_more);
  r.opt("polls", out.polls);
  r.opt("polls_has_more", out.polls_has_more);
  const Json* limits = r.opt_object("limits");
  const Json* media = r.opt_object("media");
  const Json* rec = r.opt_object("recording");
  const Json* listeners = r.opt_array("listeners");
  r.opt("reconnected", out.reconnected);
  if (!r.ok()) return r.error();
  if (auto st = read_listeners(listeners, "data.listeners", out.listeners); !st) return st;
  if (media)
    if (auto st = from_json(*media, out.media); !st) return err("data.media: " + st.error().message);
  if (rec)
    if (auto st = from_json(*rec, out.recording); !st) return err("data.recording: " + st.error().message);
  if (auto st = read_chunk(r, j, out.chunk); !st) return st;
  if (!self && out.chunk.index == 0) return err("data.self: is required");
  if (!out.polls.is_array()) return err("data.polls: expected array");
  if (!out.preset.is_object()) return err("data.preset: expected object");
  if (self)
    if (auto st = from_json(*self, out.self); !st) return err("data.self: " + st.error().message);
  if (limits)
    if (auto st = from_json(*limits, out.limits); !st) return err("data." + st.error().message);
  if (auto st = read_list(ps, "data.participants", out.participants, member_from); !st) return st;
  return read_list(chat, "data.chat", out.chat, [](const Json& x) { return chat_message_from_json(x); });
}
Json to_json(const RoomJoined& m) {
  Json ps = Json::array();
  for (const auto& p : m.participants) ps.push_back(to_json(p));
  Json j{{"meeting_id", m.meeting_id}, {"participants", std::move(ps)}};
  if (m.chunk.index == 0) {
    Json chat = Json::array();
    for (const auto& c : m.chat) chat.push_back(rtk::to_json(c));
    j["meeting_title"] = m.meeting_title;
    j["is_parent"] = m.is_parent;
    j["self"] = to_json(m.self);
    j["preset"] = m.preset;
    j["chat"] = std::move(chat);
    j["chat_has_more"] = m.chat_has_more;
    j["polls"] = m.polls;
    j["polls_has_more"] = m.polls_has_more;
    j["limits"] = to_json(m.limits);
    j["media"] = to_json(m.media);
    j["reconnected"] = m.reconnected;
    j["recording"] = to_json(m.recording);
    j["listeners"] = listeners_json(m.listeners);
  }
  write_chunk(j, m.chunk);
  return j;
}

namespace {
std::string_view kind_name(RoomEvent::Kind k) {
  switch (k) {
    case RoomEvent::Kind::joined: return "joined";
    case RoomEvent::Kind::left: return "left";
    case RoomEvent::Kind::updated: return "updated";
    case RoomEvent::Kind::media: return "media";
    case RoomEvent::Kind::unknown: break;
  }
  return "unknown";
}
}  // namespace

Status from_json(const Json& j, RoomUpdate& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  const Json* evs = r.req_array("events");
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < evs->size(); ++i) {
    const std::string path = "data.events[" + std::to_string(i) + "]";
    FieldReader e((*evs)[i], path);
    std::string kind;
    e.req("type", kind);
    if (!e.ok()) return e.error();
    RoomEvent ev;
    for (auto k : {RoomEvent::Kind::joined, RoomEvent::Kind::left, RoomEvent::Kind::updated, RoomEvent::Kind::media})
      if (kind_name(k) == kind) ev.kind = k;
    if (ev.kind == RoomEvent::Kind::unknown) return err(path + ".type: unknown event type");
    if (ev.kind == RoomEvent::Kind::joined || ev.kind == RoomEvent::Kind::updated) {
      const Json* p = e.req_object("participant");
      if (!e.ok()) return e.error();
      if (auto st = from_json(*p, ev.member); !st) return err(path + ".participant: " + st.error().message);
    } else {
      e.req("participant_id", ev.member.participant.id);
      if (ev.kind == RoomEvent::Kind::media) {
        e.req("audio_enabled", ev.member.audio_enabled);
        e.req("video_enabled", ev.member.video_enabled);
      }
      if (!e.ok()) return e.error();
    }
    out.events.push_back(std::move(ev));
  }
  return ok_status();
}
Json to_json(const RoomUpdate& m) {
  Json evs = Json::array();
  for (const auto& e : m.events) {
    Json x{{"type", kind_name(e.kind)}};
    if (e.kind == RoomEvent::Kind::joined || e.kind == RoomEvent::Kind::updated) {
      x["participant"] = to_json(e.member);
    } else {
      x["participant_id"] = e.member.participant.id;
      if (e.kind == RoomEvent::Kind::media) {
        x["audio_enabled"] = e.member.audio_enabled;
        x["video_enabled"] = e.member.video_enabled;
      }
    }
    evs.push_back(std::move(x));
  }
  return Json{{"meeting_id", m.meeting_id}, {"events", std::move(evs)}};
}

Status from_json(const Json& j, CmState& out) {
  FieldReader r(j, "data");
  if (auto st = read_chunk(r, j, out.chunk); !st) return st;
  auto v = group_view_from_json(j);
  if (!v) return v.error();
  out.view = std::move(v).value();
  return ok_status();
}
Json to_json(const CmState& m) {
  Json j = rtk::to_json(m.view);
  write_chunk(j, m.chunk);
  return j;
}

Status from_json(const Json& j, CmDelta& out) {
  FieldReader r(j, "data");
  if (auto st = read_chunk(r, j, out.chunk); !st) return st;
  auto d = group_delta_from_json(j);
  if (!d) return d.error();
  out.delta = std::move(d).value();
  return ok_status();
}
Json to_json(const CmDelta& m) {
  Json j = rtk::to_json(m.delta);
  write_chunk(j, m.chunk);
  return j;
}

Status from_json(const Json& j, CmPresence& out) {
  FieldReader r(j, "data");
  const Json* ps = r.req_array("participants");
  if (!r.ok()) return r.error();
  for (std::size_t i = 0; i < ps->size(); ++i) {
    FieldReader p((*ps)[i], "data.participants[" + std::to_string(i) + "]");
    PresenceItem it;
    p.req("id", it.id);
    p.req("connected", it.connected);
    if (!p.ok()) return p.error();
    out.participants.push_back(std::move(it));
  }
  return ok_status();
}
Json to_json(const CmPresence& m) {
  Json ps = Json::array();
  for (const auto& p : m.participants) ps.push_back(Json{{"id", p.id}, {"connected", p.connected}});
  return Json{{"participants", std::move(ps)}};
}

Status from_json(const Json& j, CmMoving& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  r.req("version", out.version);
  r.opt("reason", out.reason);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const CmMoving& m) {
  Json j{{"meeting_id", m.meeting_id}, {"version", m.version}};
  if (!m.reason.empty()) j["reason"] = m.reason;
  return j;
}

Status from_json(const Json& j, SessionPermissions& out) {
  FieldReader r(j, "data");
  r.req("preset", out.preset);
  if (!r.ok()) return r.error();
  if (!out.preset.is_object()) return err("data.preset: expected object");
  return ok_status();
}
Json to_json(const SessionPermissions& m) { return Json{{"preset", m.preset}}; }

Status from_json(const Json& j, SessionEnded& out) {
  FieldReader r(j, "data");
  std::string reason;
  r.req("reason", reason);
  if (!r.ok()) return r.error();
  out.reason = end_reason_from_string(reason);  // unknown reasons decode to `unknown`
  return ok_status();
}
Json to_json(const SessionEnded& m) { return Json{{"reason", to_string(m.reason)}}; }

// ---- chunking ----

namespace {

// Cuts items into consecutive groups whose encoded sizes stay within `budget` (at least one
// item per group), after a first group that also carries `first_overhead` bytes.
template <class T, class Size>
std::vector<std::pair<std::size_t, std::size_t>> cut_sized(const std::vector<T>& items, std::size_t first_overhead,
                                                           std::size_t budget, Size size) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0, used = first_overhead;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::size_t b = size(items[i]) + 1;
    if (used + b > budget && i > start) {
      out.emplace_back(start, i);
      start = i;
      used = 0;
    }
    used += b;
  }
  out.emplace_back(start, items.size());
  return out;
}

template <class T, class Enc>
std::vector<std::pair<std::size_t, std::size_t>> cut(const std::vector<T>& items, std::size_t first_overhead,
                                                     std::size_t budget, Enc enc) {
  return cut_sized(items, first_overhead, budget, [&](const T& x) { return bytes_of(enc(x)); });
}

template <class T>
Status check_parts(const std::vector<T>& parts) {
  if (parts.empty()) return err("no parts");
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i].chunk.index != i || parts[i].chunk.count != parts.size()) return err("parts out of order");
  return ok_status();
}

}  // namespace

std::vector<RoomJoined> split(RoomJoined m, std::size_t budget) {
  std::vector<RoomMember> all = std::move(m.participants);
  m.participants.clear();
  const std::size_t overhead = bytes_of(to_json(m));
  auto groups = cut(all, overhead, budget, [](const RoomMember& x) { return to_json(x); });
  std::vector<RoomJoined> parts;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    RoomJoined p;
    if (g == 0) p = m;
    p.meeting_id = m.meeting_id;
    p.participants.assign(all.begin() + static_cast<std::ptrdiff_t>(groups[g].first),
                          all.begin() + static_cast<std::ptrdiff_t>(groups[g].second));
    p.chunk = Chunk{g, groups.size()};
    parts.push_back(std::move(p));
  }
  return parts;
}

std::string dump_member(const RoomMember& m) { return to_json(m).dump(-1, ' ', false, Json::error_handler_t::replace); }

std::vector<std::string> encode_room_joined(RoomJoined m, const std::vector<const std::string*>& members,
                                            std::size_t budget) {
  // The same cut as split(): the header's size, then each member's size plus its comma.
  m.participants.clear();
  const std::size_t overhead = bytes_of(to_json(m));
  const auto groups = cut_sized(members, overhead, budget, [](const std::string* t) { return t->size(); });
  // Each part's envelope is encoded with a placeholder string where the member array goes; the
  // placeholder's quoted form cannot occur elsewhere unless some user text equals it, which the
  // count check below catches (then the part takes the ordinary path). The placeholder is plain
  // printable ASCII so that encode() writes it verbatim (a control character would be written
  // as a \u escape and never be found: every part would take the slow path).
  static const std::string kHole = kRoomJoinedMembersPlaceholder;
  static const std::string kQuotedHole = "\"" + kHole + "\"";
  std::vector<std::string> out;
  out.reserve(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g) {
    RoomJoined p;
    if (g == 0) p = m;
    p.meeting_id = m.meeting_id;
    p.chunk = Chunk{g, groups.size()};
    Envelope e = event(p);
    e.data["participants"] = kHole;
    std::string text = encode(e);
    const auto at = text.find(kQuotedHole);
    if (at == std::string::npos || text.find(kQuotedHole, at + 1) != std::string::npos) {
      std::vector<RoomMember> decoded;
      for (std::size_t i = groups[g].first; i < groups[g].second; ++i)
        if (auto j = parse_json(*members[i]))
          if (auto rm = member_from(*j)) decoded.push_back(*rm);
      p.participants = std::move(decoded);
      out.push_back(encode(event(p)));
      continue;
    }
    std::size_t len = 2;
    for (std::size_t i = groups[g].first; i < groups[g].second; ++i) len += members[i]->size() + 1;
    std::string spliced;
    spliced.reserve(text.size() + len);
    spliced.append(text, 0, at);
    spliced.push_back('[');
    for (std::size_t i = groups[g].first; i < groups[g].second; ++i) {
      if (i != groups[g].first) spliced.push_back(',');
      spliced.append(*members[i]);
    }
    spliced.push_back(']');
    spliced.append(text, at + kQuotedHole.size(), std::string::npos);
    out.push_back(std::move(spliced));
  }
  return out;
}

Result<RoomJoined> join_parts(std::vector<RoomJoined> parts) {
  if (auto st = check_parts(parts); !st) return st.error();
  RoomJoined out = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    if (parts[i].meeting_id != out.meeting_id) return err("room.joined parts of different meetings");
    for (auto& p : parts[i].participants) out.participants.push_back(std::move(p));
  }
  out.chunk = Chunk{};
  return out;
}

std::vector<CmState> split(const GroupView& v, std::size_t budget) {
  // Flatten (meeting index, member) in order; every part repeats the meetings' headers.
  struct Item {
    std::size_t meeting;  // 0: parent, i+1: meetings[i]
    const MemberView* m;
  };
  std::vector<Item> items;
  auto add = [&](std::size_t idx, const MeetingView& mv) {
    for (const auto& p : mv.participants) items.push_back({idx, &p});
  };
  add(0, v.parent);
  for (std::size_t i = 0; i < v.meetings.size(); ++i) add(i + 1, v.meetings[i]);
  GroupView skeleton = v;
  skeleton.parent.participants.clear();
  for (auto& m : skeleton.meetings) m.participants.clear();
  const std::size_t overhead = bytes_of(rtk::to_json(skeleton));
  auto groups = cut(items, overhead, budget > overhead ? budget : overhead + 1,
                    [](const Item& it) { return rtk::to_json(*it.m); });
  std::vector<CmState> parts;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    CmState s{skeleton, Chunk{g, groups.size()}};
    for (std::size_t i = groups[g].first; i < groups[g].second; ++i) {
      MeetingView& dest = items[i].meeting == 0 ? s.view.parent : s.view.meetings[items[i].meeting - 1];
      dest.participants.push_back(*items[i].m);
    }
    parts.push_back(std::move(s));
  }
  return parts;
}

Result<CmState> join_parts(std::vector<CmState> parts) {
  if (auto st = check_parts(parts); !st) return st.error();
  CmState out = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const GroupView& v = parts[i].view;
    if (v.version != out.view.version || v.scope != out.view.scope || v.meetings.size() != out.view.meetings.size())
      return err("connected_meetings.state parts do not match");
    for (auto& p : parts[i].view.parent.participants) out.view.parent.participants.push_back(std::move(p));
    for (std::size_t k = 0; k < v.meetings.size(); ++k) {
      if (parts[i].view.meetings[k].id != out.view.meetings[k].id)
        return err("connected_meetings.state parts do not match");
      for (auto& p : parts[i].view.meetings[k].participants) out.view.meetings[k].participants.push_back(std::move(p));
    }
  }
  out.chunk = Chunk{};
  return out;
}

std::vector<CmDelta> split(const GroupDeltaView& d, std::size_t budget) {
  GroupDeltaView head = d;
  head.participants_upserted.clear();
  const std::size_t overhead = bytes_of(rtk::to_json(head));
  auto groups = cut(d.participants_upserted, overhead, budget, [](const DeltaMember& u) { return rtk::to_json(u); });
  std::vector<CmDelta> parts;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    GroupDeltaView p;
    if (g == 0) {
      p = head;
    } else {
      p.from_version = d.from_version;
      p.version = d.version;
      p.scope = d.scope;
    }
    p.participants_upserted.assign(d.participants_upserted.begin() + static_cast<std::ptrdiff_t>(groups[g].first),
                                   d.participants_upserted.begin() + static_cast<std::ptrdiff_t>(groups[g].second));
    parts.push_back(CmDelta{std::move(p), Chunk{g, groups.size()}});
  }
  return parts;
}

Result<CmDelta> join_parts(std::vector<CmDelta> parts) {
  if (auto st = check_parts(parts); !st) return st.error();
  CmDelta out = std::move(parts[0]);
  for (std::size_t i = 1; i < parts.size(); ++i) {
    const auto& d = parts[i].delta;
    if (d.version != out.delta.version || d.from_version != out.delta.from_version || d.scope != out.delta.scope)
      return err("connected_meetings.delta parts do not match");
    for (auto& u : parts[i].delta.participants_upserted) out.delta.participants_upserted.push_back(std::move(u));
  }
  out.chunk = Chunk{};
  return out;
}

Result<Page> newest_page(std::size_t count, const std::function<std::string_view(std::size_t)>& id_at,
                         const std::function<std::size_t(std::size_t)>& bytes_at,
                         const std::optional<std::string>& before_id, std::size_t limit, std::size_t budget) {
  std::size_t end = count;
  if (before_id) {
    end = count;
    for (std::size_t i = 0; i < count; ++i)
      if (id_at(i) == *before_id) {
        end = i;
        break;
      }
    if (end == count) return make_error(ErrorCode::not_found, "no item " + *before_id + " in this meeting");
  }
  std::size_t first = end, used = 0;
  while (first > 0 && end - first < limit) {
    const std::size_t b = bytes_at(first - 1) + 1;
    if (used + b > budget && first < end) break;
    used += b;
    --first;
  }
  return Page{first, end, first > 0};
}

}  // namespace rtk::proto
