#include "rtk/client/session.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "rtk/connected_meetings.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client {
namespace {

// ---- non-throwing JSON accessors for outside input ----
const Json* field(const Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}
std::string str(const Json& j, const char* key) {
  const Json* f = field(j, key);
  return f && f->is_string() ? f->get<std::string>() : std::string();
}
bool boolean(const Json& j, const char* key, bool def = false) {
  const Json* f = field(j, key);
  return f && f->is_boolean() ? f->get<bool>() : def;
}
const Json& at_or_null(const Json& arr, std::size_t i) {
  static const Json null_json;
  return arr.is_array() && i < arr.size() ? arr[i] : null_json;
}

constexpr std::array<std::string_view, 22> kEvents{
    "localMediaReady",        // {audio, video}: local tracks acquired (false: none for that kind)
    "socketConnectionUpdate",  // {state: connecting|connected|reconnecting|disconnected|failed, reconnected}
    "roomJoined",              // {reconnected, meeting: snapshot} first join or reconnect into the same room
    "roomLeft",                // {state: LeaveRoomState} the current meeting object is done
    "participantJoined",       // {participant}
    "participantLeft",         // {participant}
    "participantUpdated",      // {participant} name/preset changed
    "participantAudioUpdate",  // {id, audioEnabled}
    "participantVideoUpdate",  // {id, videoEnabled}
    "selfAudioUpdate",         // {audioEnabled}
    "selfVideoUpdate",         // {videoEnabled}
    "stateUpdate",             // {parentMeeting, meetings}
    "changingMeeting",         // {meetingId} destination
    "meetingChanged",          // {meeting: snapshot} the new meeting, already joined
    "chatUpdate",              // {action:'add', message}
    "pollsUpdate",             // {polls, poll, newPoll}
    "requestResolved",         // {requestId, data}
    "requestRejected",         // {requestId, code, message}
    "peerState",               // {peerId, state} RTCPeerConnection.connectionState
    "sessionEnded",            // {reason}
    "error",                   // {code, message} a bad frame or media failure, reported, not fatal
    "meshUpdate",              // {peers:[id]} the set of open peer connections changed
};

std::string left_state_for(RoomState s) {
  switch (s) {
    case RoomState::kicked: return "kicked";
    case RoomState::ended: return "ended";
    case RoomState::failed: return "failed";
    default: return "left";
  }
}

}  // namespace

std::span<const std::string_view> event_names() { return kEvents; }

std::string_view to_string(RoomState s) noexcept {
  switch (s) {
    case RoomState::init: return "init";
    case RoomState::joining: return "init";
    case RoomState::joined: return "joined";
    case RoomState::switching: return "connected-meeting";
    case RoomState::left: return "left";
    case RoomState::ended: return "ended";
    case RoomState::kicked: return "kicked";
    case RoomState::failed: return "failed";
  }
  return "init";
}

std::uint32_t BackoffPolicy::delay_ms(std::uint32_t attempt) const {
  std::uint64_t d = base_ms;
  for (std::uint32_t i = 0; i < attempt && d < cap_ms; ++i) d <<= 1;
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(d, cap_ms));
}

ClientSession::ClientSession(Config config)
    : config_(config), audio_enabled_(config.audio), video_enabled_(config.video) {}

// ------------------------------------------------------------------------------------------
// helpers

void ClientSession::emit(std::string name, Json payload) {
  outputs_.emplace_back(out::Event{std::move(name), std::move(payload)});
}

std::vector<Output> ClientSession::take_outputs() {
  std::vector<Output> o;
  o.swap(outputs_);
  return o;
}

void ClientSession::resolve(RequestId id, Json data) {
  emit("requestResolved", Json{{"requestId", id}, {"data", std::move(data)}});
}
void ClientSession::reject(RequestId id, ErrorCode code, std::string message) {
  emit("requestRejected", Json{{"requestId", id}, {"code", to_string(code)}, {"message", std::move(message)}});
}
RequestId ClientSession::reject_now(ErrorCode code, std::string message) {
  RequestId id = next_id();
  reject(id, code, std::move(message));
  return id;
}

bool ClientSession::online() const { return socket_open_ && room_state_ == RoomState::joined; }

RequestId ClientSession::send_request(std::string_view type, Json data, Json context) {
  if (room_state_ == RoomState::init || room_state_ == RoomState::joining)
    return reject_now(ErrorCode::unavailable, "call join() first");
  if (room_state_ != RoomState::joined && room_state_ != RoomState::switching)
    return reject_now(ErrorCode::unavailable, "the meeting was left");
  if (!socket_open_) return reject_now(ErrorCode::unavailable, "not connected (reconnecting)");
  RequestId id = next_id();
  std::string wire_id = "r" + std::to_string(id);
  pending_[wire_id] = Pending{std::string(type), std::move(context)};
  wire_to_request_[wire_id] = id;
  outputs_.emplace_back(
      out::SendFrame{proto::encode(proto::Envelope{wire_id, std::string(type), std::move(data), std::nullopt})});
  return id;
}

void ClientSession::send_event_frame(std::string_view type, Json data) {
  outputs_.emplace_back(out::SendFrame{proto::encode(proto::make_event(type, std::move(data)))});
}

void ClientSession::set_socket_state(std::string state) {
  if (state == socket_state_) return;  // a change that changes nothing emits nothing
  socket_state_ = std::move(state);
  emit("socketConnectionUpdate", Json{{"state", socket_state_}, {"reconnected", was_ever_joined_}});
}

void ClientSession::fail_pending(ErrorCode code, const std::string& message) {
  for (auto& [wire, req] : wire_to_request_) reject(req, code, message);
  wire_to_request_.clear();
  pending_.clear();
}

void ClientSession::settle_joins(bool ok, ErrorCode code, const std::string& message) {
  auto waiters = std::move(join_waiters_);
  join_waiters_.clear();
  for (RequestId id : waiters) {
    if (ok)
      resolve(id, nullptr);
    else
      reject(id, code, message);
  }
}

std::string ClientSession::name_of(std::string_view participant_id) const {
  if (participant_id == self_.id) return self_.name;
  if (const Participant* p = group_.find_participant(participant_id)) return p->name;
  for (const auto& p : roster_)
    if (p.id == participant_id) return p.name;
  return "";
}

// ------------------------------------------------------------------------------------------
// JSON views (camelCase, RealtimeKit shapes)

Json ClientSession::participant_json(const Participant& p) const {
  return Json{{"id", p.id},
              {"userId", p.id},
              {"name", p.name},
              {"customParticipantId", p.custom_participant_id},
              {"presetName", p.preset_name},
              {"audioEnabled", p.audio_enabled},
              {"videoEnabled", p.video_enabled}};
}

Json ClientSession::self_json() const {
  return Json{{"id", self_.id},
              {"userId", self_.id},
              {"name", self_.name},
              {"customParticipantId", self_.custom_participant_id},
              {"presetName", self_.preset_name},
              {"permissions", has_permissions_ ? permissions_to_camel_json(permissions_) : Json::object()},
              {"audioEnabled", audio_enabled_},
              {"videoEnabled", video_enabled_},
              {"roomJoined", room_state_ == RoomState::joined},
              {"roomState", to_string(room_state_)}};
}

Json ClientSession::chat_json(const ChatMessage& m) const {
  return Json{{"type", "text"},          {"id", m.id},
              {"userId", m.participant_id}, {"displayName", m.display_name},
              {"message", m.text},        {"timeMs", m.time_ms},
              {"meetingId", m.meeting_id}};
}

Json ClientSession::poll_json(const Json& p) const {
  Json options = Json::array();
  std::set<std::string> voted;
  const Json* opts = field(p, "options");
  if (opts && opts->is_array())
    for (const auto& o : *opts) {
      Json votes = Json::array();
      const Json* vs = field(o, "votes");
      if (vs && vs->is_array())
        for (const auto& v : *vs)
          if (v.is_string()) {
            const std::string vid = v.get<std::string>();
            voted.insert(vid);
            votes.push_back(Json{{"id", vid}, {"name", name_of(vid)}});
          }
      const Json* count = field(o, "count");
      options.push_back(Json{{"text", str(o, "text")},
                             {"votes", std::move(votes)},
                             {"count", count && count->is_number_integer() ? count->get<std::int64_t>() : 0}});
    }
  return Json{{"id", str(p, "id")},
              {"question", str(p, "question")},
              {"options", std::move(options)},
              {"anonymous", boolean(p, "anonymous")},
              {"hideVotes", boolean(p, "hide_votes")},
              {"createdBy", str(p, "created_by")},
              {"createdByUserId", str(p, "created_by_participant_id")},
              {"voted", Json(std::vector<std::string>(voted.begin(), voted.end()))}};
}

namespace {
Json cm_meeting_json(const Meeting& m) {
  Json ps = Json::array();
  for (const auto& p : m.participants)
    ps.push_back(Json{{"id", p.id},
                      {"customParticipantId", p.custom_participant_id},
                      {"presetId", p.preset_name},
                      {"presetName", p.preset_name},
                      {"displayName", p.name},
                      {"connected", p.connected}});
  return Json{{"id", m.id}, {"title", m.title}, {"participants", std::move(ps)}};
}
}  // namespace

Json ClientSession::cm_state_json() const {
  Json meetings = Json::array();
  for (const auto& m : group_.meetings) meetings.push_back(cm_meeting_json(m));
  return Json{{"parentMeeting", has_group_ ? cm_meeting_json(group_.parent) : Json(nullptr)},
              {"meetings", std::move(meetings)}};
}

Json ClientSession::snapshot() const {
  Json participants = Json::array();
  for (const auto& p : roster_) participants.push_back(participant_json(p));
  Json chat = Json::array();
  for (const auto& m : chat_) chat.push_back(chat_json(m));
  Json polls = Json::array();
  for (const auto& p : polls_) polls.push_back(poll_json(p));
  return Json{{"meetingId", meeting_id_},
              {"meetingTitle", meeting_title_},
              {"isParent", is_parent_},
              {"roomState", to_string(room_state_)},
              {"socketState", Json{{"state", socket_state_}, {"reconnected", was_ever_joined_}}},
              {"self", self_json()},
              {"participants", std::move(participants)},
              {"chat", std::move(chat)},
              {"polls", std::move(polls)},
              {"connectedMeetings", cm_state_json()}};
}

std::vector<std::string> ClientSession::peers() const {
  std::vector<std::string> v;
  for (const auto& [id, p] : peers_) v.push_back(id);
  return v;
}

bool ClientSession::is_polite_towards(std::string_view peer) const {
  auto it = peers_.find(std::string(peer));
  return it != peers_.end() && it->second.polite;
}

// ------------------------------------------------------------------------------------------
// transport

void ClientSession::on_socket_open() {
  socket_opening_ = false;
  if (!want_connected_) {  // opened after leave(): close it again
    outputs_.emplace_back(out::CloseSocket{});
    return;
  }
  socket_open_ = true;
  set_socket_state("connected");
}

void ClientSession::on_socket_close() {
  const bool was_open = socket_open_;
  socket_open_ = false;
  socket_opening_ = false;
  if (!want_connected_) {
    set_socket_state("disconnected");
    return;
  }
  (void)was_open;
  fail_pending(ErrorCode::unavailable, "connection lost");
  // Our peers see us leave and close their side; ours closes too and is rebuilt on rejoin.
  close_all_peers();
  if (attempt_ >= config_.backoff.max_attempts) {
    want_connected_ = false;
    reconnecting_ = false;
    set_socket_state("failed");
    settle_joins(false, ErrorCode::unavailable, "could not reach the server");
    if (room_state_ == RoomState::joined || room_state_ == RoomState::switching) {
      end_room(RoomState::failed, "failed");
    } else {
      room_state_ = RoomState::init;
    }
    return;
  }
  reconnecting_ = true;
  set_socket_state("reconnecting");
  outputs_.emplace_back(out::StartTimer{config_.backoff.delay_ms(attempt_)});
  ++attempt_;
}

void ClientSession::on_timer() {
  if (!want_connected_ || socket_open_ || socket_opening_) return;
  socket_opening_ = true;
  outputs_.emplace_back(out::OpenSocket{});
}

void ClientSession::on_socket_message(std::string_view text) {
  std::string request_id;
  auto env = proto::decode_envelope(text, &request_id);
  if (!env) {
    emit("error", Json{{"code", to_string(env.error().code)}, {"message", "bad frame: " + env.error().message}});
    // A reply to one of ours that we cannot read still settles it.
    if (auto it = wire_to_request_.find(request_id); !request_id.empty() && it != wire_to_request_.end()) {
      reject(it->second, ErrorCode::internal, "unreadable reply");
      pending_.erase(request_id);
      wire_to_request_.erase(it);
    }
    return;
  }
  const proto::Envelope& e = *env;
  if (!e.id.empty() && wire_to_request_.count(e.id)) {
    handle_reply(e.id, e.type, e.data, e.error);
    return;
  }
  if (e.error) {  // an error without a request of ours (e.g. a relay to a peer that left)
    if (e.type.rfind("rtc.", 0) != 0)
      emit("error", Json{{"code", to_string(e.error->code)}, {"message", e.error->message}});
    return;
  }
  handle_event(e.type, e.data);
}

// ------------------------------------------------------------------------------------------
// replies

void ClientSession::handle_reply(const std::string& wire_id, const std::string& type, const Json& data,
                                 const std::optional<Error>& err) {
  const RequestId id = wire_to_request_[wire_id];
  Pending pending = pending_[wire_id];
  wire_to_request_.erase(wire_id);
  pending_.erase(wire_id);
  if (err) {
    reject(id, err->code, err->message);
    return;
  }
  (void)type;
  const std::string& t = pending.type;
  if (t == proto::type::cm_get) {
    auto st = group_state_from_json(data);
    if (!st) {
      reject(id, ErrorCode::internal, "bad group state: " + st.error().message);
      return;
    }
    if (!has_group_ || !(st.value() == group_)) {
      group_ = std::move(st).value();
      has_group_ = true;
      emit("stateUpdate", cm_state_json());
    }
    resolve(id, cm_state_json());
  } else if (t == proto::type::cm_create) {
    const Json* m = field(data, "meetings");
    resolve(id, m && m->is_array() ? *m : Json::array());
  } else if (t == proto::type::cm_delete) {
    Json out = Json::array();
    const Json* ids = field(data, "meeting_ids");
    if (ids && ids->is_array())
      for (const auto& i : *ids)
        if (i.is_string()) out.push_back(Json{{"id", i}});
    resolve(id, std::move(out));
  } else if (t == proto::type::cm_move) {
    resolve(id, Json{{"success", true}});
  } else if (t == proto::type::cm_start || t == proto::type::cm_close) {
    resolve(id, data);
  } else if (t == proto::type::self_media) {
    if (const Json* a = field(data, "audio_enabled"); a && a->is_boolean()) server_audio_ = a->get<bool>();
    if (const Json* v = field(data, "video_enabled"); v && v->is_boolean()) server_video_ = v->get<bool>();
    resolve(id, nullptr);
  } else if (t == proto::type::chat_send) {
    const Json* m = field(data, "message");
    auto msg = m ? chat_message_from_json(*m) : Result<ChatMessage>(make_error(ErrorCode::internal, "no message"));
    resolve(id, msg ? chat_json(msg.value()) : Json(nullptr));
  } else if (t == proto::type::polls_create || t == proto::type::polls_vote) {
    const Json* p = field(data, "poll");
    resolve(id, p ? poll_json(*p) : Json(nullptr));
  } else {
    resolve(id, nullptr);
  }
}

// ------------------------------------------------------------------------------------------
// events

void ClientSession::handle_event(const std::string& type, const Json& data) {
  namespace t = proto::type;
  if (type == t::room_joined) return on_room_joined(data);
  if (type == t::cm_moving) return on_moving(data);
  if (type == t::cm_state) return on_state(data);
  if (type == t::room_participant_joined) return on_participant_joined(data);
  if (type == t::room_participant_left) return on_participant_left(data);
  if (type == t::room_participant_updated) return on_participant_updated(data);
  if (type == t::room_media_changed) return on_media_changed(data);
  if (type == t::chat_message) return on_chat_message(data);
  if (type == t::polls_updated) return on_poll(data);
  if (type == t::session_ended) return on_session_ended(data);
  if (type == t::rtc_offer || type == t::rtc_answer || type == t::rtc_candidate) return on_relay(type, data);
  // other types (replies without a pending request, pings) are ignored
}

void ClientSession::on_room_joined(const Json& data) {
  auto decoded = proto::decode<proto::RoomJoined>(data);
  if (!decoded) {
    emit("error", Json{{"code", to_string(decoded.error().code)}, {"message", "room.joined: " + decoded.error().message}});
    return;
  }
  if (!want_connected_) return;  // after leave()
  proto::RoomJoined rj = std::move(decoded).value();
  const bool first = !was_ever_joined_;
  const bool after_moving = room_state_ == RoomState::switching;
  const bool other_meeting = !first && rj.meeting_id != meeting_id_;

  // Reconnect into another meeting (moved while offline): the same switch as `moving`.
  if (!first && !after_moving && other_meeting) {
    room_state_ = RoomState::switching;
    emit("changingMeeting", Json{{"meetingId", rj.meeting_id}});
    emit("roomLeft", Json{{"state", "connected-meeting"}});
  }
  const bool is_switch = !first && (after_moving || other_meeting);

  std::vector<Participant> old_roster = std::move(roster_);
  meeting_id_ = rj.meeting_id;
  meeting_title_ = rj.meeting_title;
  is_parent_ = rj.is_parent;
  self_ = rj.self;
  server_audio_ = rj.self.audio_enabled;
  server_video_ = rj.self.video_enabled;
  auto preset = preset_from_json(rj.preset);
  if (preset) {
    permissions_ = preset.value().permissions;
    has_permissions_ = true;
  }
  roster_.clear();
  for (auto& p : rj.participants)
    if (p.id != self_.id) roster_.push_back(std::move(p));
  chat_ = std::move(rj.chat);
  polls_.clear();
  for (const auto& p : rj.polls) polls_.push_back(p);
  const bool group_changed = !has_group_ || !(rj.state == group_);
  group_ = std::move(rj.state);
  has_group_ = true;
  room_state_ = RoomState::joined;
  moving_to_.clear();
  attempt_ = 0;
  const bool was_reconnecting = reconnecting_;
  reconnecting_ = false;
  set_socket_state("connected");

  sync_mesh();
  push_self_media_if_needed();

  if (first) {
    was_ever_joined_ = true;
    emit("roomJoined", Json{{"reconnected", false}, {"meeting", snapshot()}});
    settle_joins(true, ErrorCode::unknown, "");
    emit("stateUpdate", cm_state_json());
    return;
  }
  if (is_switch) {
    emit("meetingChanged", Json{{"meeting", snapshot()}});
    if (group_changed) emit("stateUpdate", cm_state_json());
    return;
  }
  // Reconnected into the same meeting: tell the meeting object what changed meanwhile.
  for (const auto& o : old_roster)
    if (std::none_of(roster_.begin(), roster_.end(), [&](const Participant& p) { return p.id == o.id; }))
      emit("participantLeft", Json{{"participant", participant_json(o)}});
  for (const auto& p : roster_)
    if (std::none_of(old_roster.begin(), old_roster.end(), [&](const Participant& o) { return p.id == o.id; }))
      emit("participantJoined", Json{{"participant", participant_json(p)}});
  emit("roomJoined", Json{{"reconnected", was_reconnecting || rj.reconnected}, {"meeting", snapshot()}});
  if (group_changed) emit("stateUpdate", cm_state_json());
}

void ClientSession::on_moving(const Json& data) {
  auto m = proto::decode<proto::CmMoving>(data);
  if (!m) {
    emit("error", Json{{"code", "invalid_argument"}, {"message", "connected_meetings.moving: " + m.error().message}});
    return;
  }
  if (room_state_ != RoomState::joined) return;
  room_state_ = RoomState::switching;
  moving_to_ = m.value().meeting_id;
  emit("changingMeeting", Json{{"meetingId", moving_to_}});
  emit("roomLeft", Json{{"state", "connected-meeting"}});
  // The mesh is diffed on the following room.joined; nothing closes before it.
}

void ClientSession::on_state(const Json& data) {
  auto st = group_state_from_json(data);
  if (!st) {
    emit("error", Json{{"code", "invalid_argument"}, {"message", "connected_meetings.state: " + st.error().message}});
    return;
  }
  if (has_group_ && st.value().version < group_.version) return;  // stale
  if (has_group_ && st.value() == group_) return;
  group_ = std::move(st).value();
  has_group_ = true;
  emit("stateUpdate", cm_state_json());
}

void ClientSession::on_participant_joined(const Json& data) {
  const Json* pj = field(data, "participant");
  auto p = pj ? participant_from_json(*pj) : Result<Participant>(make_error(ErrorCode::invalid_argument, "no participant"));
  if (!p) {
    emit("error", Json{{"code", "invalid_argument"}, {"message", "room.participant_joined: " + p.error().message}});
    return;
  }
  if (room_state_ != RoomState::joined || str(data, "meeting_id") != meeting_id_ || p.value().id == self_.id) return;
  auto it = std::find_if(roster_.begin(), roster_.end(), [&](const Participant& q) { return q.id == p.value().id; });
  if (it != roster_.end()) {
    *it = p.value();
  } else {
    roster_.push_back(p.value());
    emit("participantJoined", Json{{"participant", participant_json(p.value())}});
  }
  sync_mesh();
}

void ClientSession::on_participant_left(const Json& data) {
  const std::string pid = str(data, "participant_id");
  if (room_state_ != RoomState::joined || str(data, "meeting_id") != meeting_id_) return;
  auto it = std::find_if(roster_.begin(), roster_.end(), [&](const Participant& q) { return q.id == pid; });
  if (it == roster_.end()) return;
  Participant gone = *it;
  roster_.erase(it);
  sync_mesh();
  emit("participantLeft", Json{{"participant", participant_json(gone)}});
}

void ClientSession::on_participant_updated(const Json& data) {
  const Json* pj = field(data, "participant");
  if (!pj) return;
  auto p = participant_from_json(*pj);
  if (!p || str(data, "meeting_id") != meeting_id_) return;
  if (p.value().id == self_.id) {
    self_.name = p.value().name;
    self_.preset_name = p.value().preset_name;
    self_.custom_participant_id = p.value().custom_participant_id;
    return;
  }
  for (auto& q : roster_)
    if (q.id == p.value().id) {
      q.name = p.value().name;
      q.preset_name = p.value().preset_name;
      q.custom_participant_id = p.value().custom_participant_id;
      emit("participantUpdated", Json{{"participant", participant_json(q)}});
    }
}

void ClientSession::on_media_changed(const Json& data) {
  if (str(data, "meeting_id") != meeting_id_) return;
  const std::string pid = str(data, "participant_id");
  for (auto& q : roster_) {
    if (q.id != pid) continue;
    const bool a = boolean(data, "audio_enabled", q.audio_enabled);
    const bool v = boolean(data, "video_enabled", q.video_enabled);
    if (a != q.audio_enabled) {
      q.audio_enabled = a;
      emit("participantAudioUpdate", Json{{"id", pid}, {"audioEnabled", a}});
    }
    if (v != q.video_enabled) {
      q.video_enabled = v;
      emit("participantVideoUpdate", Json{{"id", pid}, {"videoEnabled", v}});
    }
  }
}

void ClientSession::on_chat_message(const Json& data) {
  const Json* mj = field(data, "message");
  if (!mj) return;
  auto m = chat_message_from_json(*mj);
  if (!m) {
    emit("error", Json{{"code", "invalid_argument"}, {"message", "chat.message: " + m.error().message}});
    return;
  }
  if (m.value().meeting_id != meeting_id_) return;
  for (const auto& c : chat_)
    if (c.id == m.value().id) return;
  chat_.push_back(m.value());
  emit("chatUpdate", Json{{"action", "add"}, {"message", chat_json(m.value())}});
}

void ClientSession::on_poll(const Json& data) {
  const Json* pj = field(data, "poll");
  if (!pj || !pj->is_object() || str(*pj, "id").empty()) return;
  if (const std::string mid = str(*pj, "meeting_id"); !mid.empty() && mid != meeting_id_) return;
  const std::string id = str(*pj, "id");
  bool is_new = true;
  for (auto& p : polls_)
    if (str(p, "id") == id) {
      p = *pj;
      is_new = false;
    }
  if (is_new) polls_.push_back(*pj);
  Json all = Json::array();
  for (const auto& p : polls_) all.push_back(poll_json(p));
  emit("pollsUpdate", Json{{"polls", std::move(all)}, {"poll", poll_json(*pj)}, {"newPoll", is_new}});
}

void ClientSession::on_session_ended(const Json& data) {
  auto ended = proto::decode<proto::SessionEnded>(data);
  if (!ended) {
    emit("error", Json{{"code", "invalid_argument"}, {"message", "session.ended: " + ended.error().message}});
    return;
  }
  const std::string reason = ended.value().reason;
  emit("sessionEnded", Json{{"reason", reason}});
  if (reason == "server_shutdown") return;  // a restart: the close that follows reconnects
  want_connected_ = false;
  settle_joins(false, ErrorCode::unavailable, "session ended: " + reason);
  RoomState s = reason == "participant_removed" ? RoomState::kicked
                : reason == "meeting_inactive"  ? RoomState::ended
                                                : RoomState::left;
  std::string left = reason == "replaced" ? "disconnected" : left_state_for(s);
  if (room_state_ == RoomState::joined || room_state_ == RoomState::switching) end_room(s, left);
  else room_state_ = s;
  outputs_.emplace_back(out::CloseSocket{});
}

void ClientSession::end_room(RoomState state, std::string_view left_state) {
  close_all_peers();
  room_state_ = state;
  fail_pending(ErrorCode::unavailable, "the meeting was left");
  emit("roomLeft", Json{{"state", std::string(left_state)}});
}

// ------------------------------------------------------------------------------------------
// mesh

void ClientSession::open_peer(const std::string& id) {
  Peer p;
  p.polite = self_.id > id;  // the smaller participant id is the impolite side
  // The impolite side attaches its tracks at once, which makes the browser ask for an offer.
  // The polite side attaches them when the first offer arrives, just before applying it, so the
  // usual first negotiation has no glare. (Glare is still resolved by perfect negotiation, but
  // Chromium then sometimes leaves the pair without usable ICE candidates.)
  p.tracks_attached = !p.polite;
  peers_[id] = p;
  outputs_.emplace_back(out::OpenPeer{id, p.polite});
  if (p.tracks_attached) outputs_.emplace_back(out::AttachLocalTracks{id});
}

void ClientSession::close_peer(const std::string& id) {
  if (peers_.erase(id)) outputs_.emplace_back(out::ClosePeer{id});
}

void ClientSession::close_all_peers() {
  if (peers_.empty()) return;
  for (const auto& [id, p] : peers_) outputs_.emplace_back(out::ClosePeer{id});
  peers_.clear();
  emit("meshUpdate", Json{{"peers", Json::array()}});
}

void ClientSession::sync_mesh() {
  if (room_state_ != RoomState::joined || !socket_open_) return;
  bool changed = false;
  std::vector<std::string> to_close;
  for (const auto& kv : peers_) {
    const std::string& id = kv.first;
    if (std::none_of(roster_.begin(), roster_.end(), [&](const Participant& q) { return q.id == id; }))
      to_close.push_back(id);
  }
  for (const auto& id : to_close) {
    close_peer(id);
    changed = true;
  }
  for (const auto& q : roster_)
    if (!peers_.count(q.id) && q.id != self_.id) {
      open_peer(q.id);
      changed = true;
    }
  if (changed) emit("meshUpdate", Json{{"peers", peers()}});
}

void ClientSession::on_relay(const std::string& type, const Json& data) {
  const std::string from = str(data, "from");
  if (from.empty() || from == self_.id) return;
  auto it = peers_.find(from);
  if (it == peers_.end()) {
    // An offer may arrive before the roster event that would have opened the pair.
    const bool in_room = std::any_of(roster_.begin(), roster_.end(), [&](const Participant& q) { return q.id == from; });
    if (type != proto::type::rtc_offer || !in_room || room_state_ != RoomState::joined) return;
    open_peer(from);
    emit("meshUpdate", Json{{"peers", peers()}});
    it = peers_.find(from);
  }
  Peer& peer = it->second;
  if (type == proto::type::rtc_candidate) {
    proto::RtcCandidate cand;
    if (auto st = proto::from_json(data, cand, "from"); !st) return;
    // Always tried, as in the standard perfect-negotiation pattern: a candidate of an offer we
    // ignored fails in the browser and the adapter drops that failure. Dropping candidates here
    // would also drop those of the answer that follows and leave ICE to peer-reflexive luck.
    outputs_.emplace_back(out::AddIceCandidate{from, cand.candidate, cand.sdp_mid, cand.sdp_m_line_index});
    return;
  }
  proto::RtcDescription desc;
  if (auto st = proto::from_json(data, desc, "from"); !st) return;
  if (type == proto::type::rtc_offer) {
    const bool collision = peer.making_offer || peer.signaling != "stable";
    peer.ignore_offer = !peer.polite && collision;
    if (peer.ignore_offer) return;
    if (!peer.tracks_attached) {
      peer.tracks_attached = true;
      outputs_.emplace_back(out::AttachLocalTracks{from});
    }
    outputs_.emplace_back(out::SetRemoteDescription{from, "offer", desc.sdp});
  } else {
    peer.ignore_offer = false;
    outputs_.emplace_back(out::SetRemoteDescription{from, "answer", desc.sdp});
  }
}

void ClientSession::on_local_media(bool has_audio, bool has_video) {
  has_audio_track_ = has_audio;
  has_video_track_ = has_video;
  if (!has_audio) audio_enabled_ = false;
  if (!has_video) video_enabled_ = false;
  if (has_audio) outputs_.emplace_back(out::SetTrackEnabled{"audio", audio_enabled_});
  if (has_video) outputs_.emplace_back(out::SetTrackEnabled{"video", video_enabled_});
  emit("localMediaReady", Json{{"audio", has_audio}, {"video", has_video}});
}

void ClientSession::on_negotiation_needed(std::string_view peer) {
  auto it = peers_.find(std::string(peer));
  if (it == peers_.end()) return;
  it->second.making_offer = true;
  outputs_.emplace_back(out::CreateOffer{std::string(peer)});
}

void ClientSession::on_local_description(std::string_view peer, std::string_view type, std::string_view sdp) {
  auto it = peers_.find(std::string(peer));
  if (it == peers_.end()) return;
  if (type == "offer") it->second.making_offer = false;
  if (!socket_open_) return;
  proto::RtcDescription d{std::string(peer), std::string(sdp)};
  if (type == "offer")
    send_event_frame(proto::type::rtc_offer, proto::to_json(d, "to"));
  else if (type == "answer")
    send_event_frame(proto::type::rtc_answer, proto::to_json(d, "to"));
}

void ClientSession::on_ice_candidate(std::string_view peer, std::string_view candidate, std::string_view sdp_mid,
                                     std::int64_t idx) {
  if (!peers_.count(std::string(peer)) || !socket_open_) return;
  proto::RtcCandidate c{std::string(peer), std::string(candidate), std::string(sdp_mid), idx};
  send_event_frame(proto::type::rtc_candidate, proto::to_json(c, "to"));
}

void ClientSession::on_signaling_state(std::string_view peer, std::string_view state) {
  auto it = peers_.find(std::string(peer));
  if (it != peers_.end()) it->second.signaling = std::string(state);
}

void ClientSession::on_peer_state(std::string_view peer, std::string_view state) {
  if (!peers_.count(std::string(peer))) return;
  emit("peerState", Json{{"peerId", std::string(peer)}, {"state", std::string(state)}});
}

void ClientSession::on_media_error(std::string_view peer, std::string_view what) {
  auto it = peers_.find(std::string(peer));
  if (it != peers_.end()) it->second.making_offer = false;
  emit("error", Json{{"code", "internal"}, {"message", "media " + std::string(peer) + ": " + std::string(what)}});
}

// ------------------------------------------------------------------------------------------
// API

RequestId ClientSession::join() {
  RequestId id = next_id();
  if (room_state_ == RoomState::joined || room_state_ == RoomState::switching) {
    resolve(id, nullptr);  // already joined: a no-op, like RealtimeKit
    return id;
  }
  if (room_state_ == RoomState::kicked || room_state_ == RoomState::ended) {
    reject(id, ErrorCode::unavailable, "the session has ended");
    return id;
  }
  join_waiters_.push_back(id);
  if (want_connected_) return id;  // already joining
  want_connected_ = true;
  room_state_ = RoomState::joining;
  attempt_ = 0;
  if (!socket_open_ && !socket_opening_) {
    socket_opening_ = true;
    set_socket_state("connecting");
    outputs_.emplace_back(out::OpenSocket{});
  }
  return id;
}

RequestId ClientSession::leave() {
  RequestId id = next_id();
  const bool in_room = room_state_ == RoomState::joined || room_state_ == RoomState::switching;
  if (want_connected_ && socket_open_) send_event_frame(proto::type::session_leave, Json::object());
  const bool was_connecting = want_connected_;
  want_connected_ = false;
  reconnecting_ = false;
  settle_joins(false, ErrorCode::unavailable, "left before joining");
  if (in_room) end_room(RoomState::left, "left");
  else if (room_state_ == RoomState::joining) room_state_ = RoomState::left;
  if (was_connecting) outputs_.emplace_back(out::CloseSocket{});
  resolve(id, nullptr);  // idempotent
  return id;
}

void ClientSession::push_self_media_if_needed() {
  if (!online()) return;
  if (audio_enabled_ == server_audio_ && video_enabled_ == server_video_) return;
  proto::SelfMedia m{audio_enabled_, video_enabled_};
  server_audio_ = audio_enabled_;
  server_video_ = video_enabled_;
  send_event_frame(proto::type::self_media, proto::to_json(m));
}

RequestId ClientSession::set_media(const char* kind, bool enabled) {
  const bool audio = std::string_view(kind) == "audio";
  if (enabled && !(audio ? has_audio_track_ : has_video_track_))
    return reject_now(ErrorCode::unavailable, std::string("no local ") + kind + " track");
  bool& cur = audio ? audio_enabled_ : video_enabled_;
  if (cur != enabled) {
    cur = enabled;
    outputs_.emplace_back(out::SetTrackEnabled{kind, enabled});
    if (audio)
      emit("selfAudioUpdate", Json{{"audioEnabled", enabled}});
    else
      emit("selfVideoUpdate", Json{{"videoEnabled", enabled}});
  }
  if (!online()) {  // before join or while reconnecting: pushed after the next room.joined
    RequestId id = next_id();
    resolve(id, nullptr);
    return id;
  }
  proto::SelfMedia m;
  if (audio)
    m.audio_enabled = enabled;
  else
    m.video_enabled = enabled;
  (audio ? server_audio_ : server_video_) = enabled;
  return send_request(proto::type::self_media, proto::to_json(m));
}

RequestId ClientSession::set_audio(bool enabled) { return set_media("audio", enabled); }
RequestId ClientSession::set_video(bool enabled) { return set_media("video", enabled); }

RequestId ClientSession::send_chat(std::string_view text) {
  if (auto st = validate_chat_text(text); !st) return reject_now(st.error().code, st.error().message);
  return send_request(proto::type::chat_send, proto::to_json(proto::ChatSend{std::string(text)}));
}

RequestId ClientSession::call(std::string_view method, std::string_view args_json) {
  auto parsed = parse_json(args_json);
  if (!parsed) return reject_now(ErrorCode::invalid_argument, "arguments: " + parsed.error().message);
  const Json& a = parsed.value();
  if (!a.is_array()) return reject_now(ErrorCode::invalid_argument, "arguments: expected an array");
  const Json& a0 = at_or_null(a, 0);
  const Json& a1 = at_or_null(a, 1);
  const Json& a2 = at_or_null(a, 2);
  auto bad = [&](std::string m) { return reject_now(ErrorCode::invalid_argument, std::string(method) + ": " + m); };
  // Validate the wire data with the core codec before sending it.
  auto checked = [&]<class T>(std::string_view type, Json data, T* tag) -> RequestId {
    (void)tag;
    T v{};
    if (auto st = proto::from_json(data, v); !st) return bad(st.error().message);
    return send_request(type, std::move(data));
  };

  if (method == "join") return join();
  if (method == "leave") return leave();
  if (method == "enableAudio") return set_audio(true);
  if (method == "disableAudio") return set_audio(false);
  if (method == "enableVideo") return set_video(true);
  if (method == "disableVideo") return set_video(false);
  if (method == "sendTextMessage") {
    if (!a0.is_string()) return bad("text must be a string");
    return send_chat(a0.get<std::string>());
  }
  if (method == "createPoll") {
    Json data{{"question", a0}, {"options", a1}, {"anonymous", a2.is_boolean() ? a2 : Json(false)},
              {"hide_votes", at_or_null(a, 3).is_boolean() ? at_or_null(a, 3) : Json(false)}};
    return checked(proto::type::polls_create, std::move(data), static_cast<proto::PollsCreate*>(nullptr));
  }
  if (method == "vote") {
    return checked(proto::type::polls_vote, Json{{"poll_id", a0}, {"option_index", a1}},
                   static_cast<proto::PollsVote*>(nullptr));
  }
  if (method == "getConnectedMeetings") return send_request(proto::type::cm_get, Json::object());
  if (method == "createMeetings") {
    Json ms = Json::array();
    if (!a0.is_array()) return bad("expected [{title}]");
    for (const auto& m : a0) ms.push_back(Json{{"title", field(m, "title") ? *field(m, "title") : Json(nullptr)}});
    return checked(proto::type::cm_create, Json{{"meetings", ms}}, static_cast<proto::CmCreate*>(nullptr));
  }
  if (method == "updateMeetings") {
    Json ms = Json::array();
    if (!a0.is_array()) return bad("expected [{id, title}]");
    for (const auto& m : a0)
      ms.push_back(Json{{"id", field(m, "id") ? *field(m, "id") : Json(nullptr)},
                        {"title", field(m, "title") ? *field(m, "title") : Json(nullptr)}});
    return checked(proto::type::cm_update, Json{{"meetings", ms}}, static_cast<proto::CmUpdate*>(nullptr));
  }
  if (method == "deleteMeetings")
    return checked(proto::type::cm_delete, Json{{"meeting_ids", a0}}, static_cast<proto::CmDelete*>(nullptr));
  if (method == "moveParticipants")
    return checked(proto::type::cm_move,
                   Json{{"source_meeting_id", a0}, {"destination_meeting_id", a1}, {"participant_ids", a2}},
                   static_cast<proto::CmMove*>(nullptr));
  if (method == "moveParticipantsWithCustomPreset") {
    Json ps = Json::array();
    if (!a2.is_array()) return bad("expected [{id, presetId}]");
    for (const auto& p : a2) {
      const Json* preset = field(p, "presetName") ? field(p, "presetName") : field(p, "presetId");
      ps.push_back(Json{{"id", field(p, "id") ? *field(p, "id") : Json(nullptr)},
                        {"preset_name", preset ? *preset : Json(nullptr)}});
    }
    return checked(proto::type::cm_move,
                   Json{{"source_meeting_id", a0}, {"destination_meeting_id", a1}, {"participants", ps}},
                   static_cast<proto::CmMove*>(nullptr));
  }
  if (method == "startBreakout") {
    // {meetings:[{title}], assignments:[{participantId, meetingIndex | meetingId}], shuffle?, seed?}
    if (!a0.is_object()) return bad("expected {meetings, assignments, shuffle?}");
    Json ms = Json::array();
    if (const Json* m = field(a0, "meetings"); m && m->is_array())
      for (const auto& x : *m) ms.push_back(Json{{"title", field(x, "title") ? *field(x, "title") : Json(nullptr)}});
    Json as = Json::array();
    if (const Json* m = field(a0, "assignments"); m && m->is_array())
      for (const auto& x : *m) {
        Json one{{"participant_id", field(x, "participantId") ? *field(x, "participantId") : Json(nullptr)}};
        if (const Json* i = field(x, "meetingIndex")) one["meeting_index"] = *i;
        if (const Json* i = field(x, "meetingId")) one["meeting_id"] = *i;
        as.push_back(std::move(one));
      }
    Json data{{"meetings", ms}, {"assignments", as}, {"shuffle", boolean(a0, "shuffle")}};
    if (const Json* s = field(a0, "seed"); s && s->is_number_unsigned()) data["seed"] = *s;
    return checked(proto::type::cm_start, std::move(data), static_cast<proto::CmStart*>(nullptr));
  }
  if (method == "closeBreakout") return send_request(proto::type::cm_close, Json::object());
  return bad("unknown method");
}

}  // namespace rtk::client
