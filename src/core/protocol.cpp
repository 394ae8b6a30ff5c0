#include "rtk/protocol.hpp"

#include <array>

#include "field_reader.hpp"

namespace rtk::proto {
namespace {

using D = Direction;
constexpr std::array<MessageSpec, 27> kMessages{{
    {type::cm_get, D::client_to_server, true, "the group state"},
    {type::cm_create, D::client_to_server, true, "create connected meetings {meetings:[{title}]}"},
    {type::cm_update, D::client_to_server, true, "rename connected meetings {meetings:[{id,title}]}"},
    {type::cm_delete, D::client_to_server, true, "delete connected meetings {meeting_ids}; occupants go to the parent"},
    {type::cm_move, D::client_to_server, true, "move participants between meetings of the group"},
    {type::cm_start, D::client_to_server, true, "create rooms and assign participants in one atomic step"},
    {type::cm_close, D::client_to_server, true, "close the breakout: everyone to the parent, rooms deleted"},
    {type::self_media, D::client_to_server, true, "own audio/video enabled state"},
    {type::chat_send, D::client_to_server, true, "send a text message to the current meeting"},
    {type::polls_create, D::client_to_server, true, "create a poll in the current meeting"},
    {type::polls_vote, D::client_to_server, true, "vote in a poll of the current meeting"},
    {type::session_ping, D::client_to_server, true, "keep-alive; replied with {time_ms}"},
    {type::session_leave, D::client_to_server, true, "leave the meeting; the server then closes the socket"},
    {type::rtc_offer, D::both, false, "SDP offer relayed to a peer in the same meeting"},
    {type::rtc_answer, D::both, false, "SDP answer relayed to a peer in the same meeting"},
    {type::rtc_candidate, D::both, false, "ICE candidate relayed to a peer in the same meeting"},
    {type::room_joined, D::server_to_client, false, "snapshot of the meeting the participant is now in"},
    {type::room_participant_joined, D::server_to_client, false, "a participant connected to this meeting"},
    {type::room_participant_left, D::server_to_client, false, "a participant left this meeting"},
    {type::room_participant_updated, D::server_to_client, false, "a participant's name or preset changed"},
    {type::room_media_changed, D::server_to_client, false, "a participant's audio/video state changed"},
    {type::chat_message, D::server_to_client, false, "a new chat message in this meeting"},
    {type::polls_updated, D::server_to_client, false, "a poll of this meeting was created or voted"},
    {type::cm_state, D::server_to_client, false, "the group state after a change (with version)"},
    {type::cm_moving, D::server_to_client, false, "you are being moved {meeting_id, version}"},
    {type::session_ended, D::server_to_client, false, "the server ends this session {reason}"},
    {type::error, D::server_to_client, false, "reply to a frame that could not be decoded"},
}};

Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }

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

Json specs_json(const std::vector<MeetingSpec>& v, bool with_id) {
  Json arr = Json::array();
  for (const auto& s : v) arr.push_back(with_id ? Json{{"id", s.id}, {"title", s.title}} : Json{{"title", s.title}});
  return arr;
}

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

Envelope make_event(std::string_view t, Json data) { return Envelope{"", std::string(t), std::move(data), std::nullopt}; }
Envelope make_reply(const Envelope& request, Json data) {
  return Envelope{request.id, request.type, std::move(data), std::nullopt};
}
Envelope make_error_reply(std::string id, std::string_view t, Error error) {
  return Envelope{std::move(id), std::string(t), Json::object(), std::move(error)};
}

// ---- payload codecs ----

Status from_json(const Json& j, CmGet&) { return j.is_object() ? ok_status() : err("data: expected object"); }
Status from_json(const Json& j, CmClose&) { return j.is_object() ? ok_status() : err("data: expected object"); }

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
Json to_json(const CmUpdate& m) { return Json{{"meetings", specs_json(m.meetings, true)}}; }

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
  if (!r.ok()) return r.error();
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
  return Json{{"meetings", std::move(ms)}, {"assignments", std::move(as)}, {"shuffle", m.shuffle}, {"seed", m.seed}};
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

Status from_json(const Json& j, PollsCreate& out) {
  FieldReader r(j, "data");
  r.req("question", out.question);
  r.req("options", out.options);
  r.opt("anonymous", out.anonymous);
  r.opt("hide_votes", out.hide_votes);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const PollsCreate& m) {
  return Json{{"question", m.question}, {"options", m.options}, {"anonymous", m.anonymous}, {"hide_votes", m.hide_votes}};
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

Status from_json(const Json& j, CmMoving& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  r.req("version", out.version);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const CmMoving& m) { return Json{{"meeting_id", m.meeting_id}, {"version", m.version}}; }

Status from_json(const Json& j, RoomJoined& out) {
  FieldReader r(j, "data");
  r.req("meeting_id", out.meeting_id);
  r.opt("meeting_title", out.meeting_title);
  r.opt("is_parent", out.is_parent);
  const Json* self = r.req_object("self");
  r.opt("preset", out.preset);
  const Json* ps = r.opt_array("participants");
  const Json* chat = r.opt_array("chat");
  r.opt("polls", out.polls);
  const Json* state = r.req_object("state");
  r.opt("reconnected", out.reconnected);
  if (!r.ok()) return r.error();
  if (!out.polls.is_array()) return err("data.polls: expected array");
  if (!out.preset.is_object()) return err("data.preset: expected object");
  auto sp = participant_from_json(*self);
  if (!sp) return sp.error();
  out.self = std::move(sp).value();
  if (ps)
    for (const auto& pj : *ps) {
      auto p = participant_from_json(pj);
      if (!p) return p.error();
      out.participants.push_back(std::move(p).value());
    }
  if (chat)
    for (const auto& cj : *chat) {
      auto c = chat_message_from_json(cj);
      if (!c) return c.error();
      out.chat.push_back(std::move(c).value());
    }
  auto st = group_state_from_json(*state);
  if (!st) return st.error();
  out.state = std::move(st).value();
  return ok_status();
}
Json to_json(const RoomJoined& m) {
  Json ps = Json::array();
  for (const auto& p : m.participants) ps.push_back(to_json(p));
  Json chat = Json::array();
  for (const auto& c : m.chat) chat.push_back(to_json(c));
  return Json{{"meeting_id", m.meeting_id}, {"meeting_title", m.meeting_title},
              {"is_parent", m.is_parent},   {"self", to_json(m.self)},
              {"preset", m.preset},         {"participants", std::move(ps)},
              {"chat", std::move(chat)},    {"polls", m.polls},
              {"state", to_json(m.state)},  {"reconnected", m.reconnected}};
}

Status from_json(const Json& j, SessionEnded& out) {
  FieldReader r(j, "data");
  r.req("reason", out.reason);
  return r.ok() ? ok_status() : Status(r.error());
}
Json to_json(const SessionEnded& m) { return Json{{"reason", m.reason}}; }

}  // namespace rtk::proto
