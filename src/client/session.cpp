// ClientSession: wires the parts together. Link (socket life and backoff), RequestTable (ids
// and replies), Mirror (room and group, from decoded messages), Mesh (peer negotiation); the
// API table is api.cpp. Every frame is decoded with the protocol codecs (rtk/protocol.hpp).
#include "rtk/client/session.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "rtk/assignment.hpp"
#include "rtk/permissions.hpp"
#include "rtk/protocol.hpp"

namespace rtk::client {

namespace {
constexpr EventInfo kEventTable[] = {
#define RTK_X(e, target, pub) EventInfo{EventName::e, #e, target, pub},
    RTK_CLIENT_EVENTS(RTK_X)
#undef RTK_X
};
constexpr std::string_view kEventInternal[] = {
#define RTK_X(e, target, pub) #e,
    RTK_CLIENT_EVENTS(RTK_X)
#undef RTK_X
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

std::span<const EventInfo> event_table() { return kEventTable; }
std::span<const std::string_view> event_names() { return kEventInternal; }
std::string_view to_string(EventName e) noexcept { return kEventInternal[static_cast<std::size_t>(e)]; }

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

ClientSession::ClientSession(Config config)
    : config_(config),
      link_(config.backoff, config.random),
      audio_enabled_(config.audio),
      video_enabled_(config.video) {}

// ------------------------------------------------------------------------------------------
// helpers

void ClientSession::emit(EventName name, Json payload) {
  outputs_.emplace_back(out::Event{std::string(to_string(name)), std::move(payload)});
}

std::vector<Output> ClientSession::take_outputs() {
  std::vector<Output> o;
  o.swap(outputs_);
  return o;
}

void ClientSession::resolve(RequestId id, Json data) {
  emit(EventName::requestResolved, Json{{"requestId", id}, {"data", std::move(data)}});
}
void ClientSession::reject(RequestId id, ErrorCode code, std::string message) {
  emit(EventName::requestRejected, Json{{"requestId", id}, {"code", to_string(code)}, {"message", std::move(message)}});
}
RequestId ClientSession::reject_now(ErrorCode code, std::string message) {
  RequestId id = requests_.next_id();
  reject(id, code, std::move(message));
  return id;
}

void ClientSession::bad_message(std::string_view type, const Error& e) {
  emit(EventName::error, Json{{"code", to_string(e.code)}, {"message", std::string(type) + ": " + e.message}});
}

bool ClientSession::online() const { return link_.is_open() && room_state_ == RoomState::joined; }

RequestId ClientSession::send_request(std::string_view type, Json data, Json context) {
  if (room_state_ == RoomState::init || room_state_ == RoomState::joining)
    return reject_now(ErrorCode::unavailable, "call join() first");
  if (room_state_ != RoomState::joined && room_state_ != RoomState::switching)
    return reject_now(ErrorCode::unavailable, "the meeting was left");
  if (!link_.is_open()) return reject_now(ErrorCode::unavailable, "not connected (reconnecting)");
  RequestId id = requests_.next_id();
  std::string wire = requests_.add(id, std::string(type), std::move(context));
  outputs_.emplace_back(
      out::SendFrame{proto::encode(proto::Envelope{wire, std::string(type), std::move(data), std::nullopt})});
  return id;
}

void ClientSession::send_event_frame(std::string_view type, Json data) {
  outputs_.emplace_back(
      out::SendFrame{proto::encode(proto::Envelope{"", std::string(type), std::move(data), std::nullopt})});
}

void ClientSession::do_link(const LinkAction& a) {
  if (a.close_socket) outputs_.emplace_back(out::CloseSocket{});
  if (a.open_socket) outputs_.emplace_back(out::OpenSocket{});
  if (a.start_timer_ms) outputs_.emplace_back(out::StartTimer{*a.start_timer_ms});
}

void ClientSession::set_socket_state(std::string state) {
  if (state == socket_state_) return;  // a change that changes nothing emits nothing
  socket_state_ = std::move(state);
  emit(EventName::socketConnectionUpdate, Json{{"state", socket_state_}, {"reconnected", was_ever_joined_}});
}

void ClientSession::fail_pending(ErrorCode code, const std::string& message) {
  for (auto& e : requests_.take_all()) reject(e.id, code, message);
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

// ------------------------------------------------------------------------------------------
// JSON views (camelCase, RealtimeKit shapes)

Json ClientSession::participant_json(const proto::RoomMember& m) const {
  const Participant& p = m.participant;
  return Json{{"id", p.id},
              {"userId", p.id},
              {"name", p.name},
              {"customParticipantId", p.custom_participant_id},
              {"presetName", p.preset_name},
              {"audioEnabled", m.audio_enabled},
              {"videoEnabled", m.video_enabled}};
}

Json ClientSession::self_json() const {
  const Participant& p = mirror_.self().participant;
  const auto& perms = mirror_.permissions();
  return Json{{"id", p.id},
              {"userId", p.id},
              {"name", p.name},
              {"customParticipantId", p.custom_participant_id},
              {"presetName", p.preset_name},
              {"permissions", perms ? permissions_to_camel_json(*perms) : Json::object()},
              {"audioEnabled", audio_enabled_},
              {"videoEnabled", video_enabled_},
              {"roomJoined", room_state_ == RoomState::joined},
              {"roomState", to_string(room_state_)}};
}

Json ClientSession::chat_json(const ChatMessage& m) const {
  return Json{{"type", "text"},    {"id", m.id},          {"userId", m.participant_id}, {"displayName", m.display_name},
              {"message", m.text}, {"timeMs", m.time_ms}, {"meetingId", m.meeting_id}};
}

Json ClientSession::poll_json(const Json& p) const {
  auto s = [&](const Json& j, const char* k) {
    auto it = j.is_object() ? j.find(k) : j.end();
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto b = [&](const Json& j, const char* k) {
    auto it = j.is_object() ? j.find(k) : j.end();
    return it != j.end() && it->is_boolean() && it->get<bool>();
  };
  Json options = Json::array();
  std::set<std::string> voted;
  if (p.is_object() && p.contains("options") && p["options"].is_array())
    for (const auto& o : p["options"]) {
      Json votes = Json::array();
      if (o.is_object() && o.contains("votes") && o["votes"].is_array())
        for (const auto& v : o["votes"])
          if (v.is_string()) {
            const std::string vid = v.get<std::string>();
            voted.insert(vid);
            votes.push_back(Json{{"id", vid}, {"name", mirror_.name_of(vid)}});
          }
      std::int64_t count = 0;
      if (o.is_object() && o.contains("count") && o["count"].is_number_integer())
        count = o["count"].get<std::int64_t>();
      options.push_back(Json{{"text", s(o, "text")}, {"votes", std::move(votes)}, {"count", count}});
    }
  return Json{{"id", s(p, "id")},
              {"question", s(p, "question")},
              {"options", std::move(options)},
              {"anonymous", b(p, "anonymous")},
              {"hideVotes", b(p, "hide_votes")},
              {"createdBy", s(p, "created_by")},
              {"createdByUserId", s(p, "created_by_participant_id")},
              {"voted", Json(std::vector<std::string>(voted.begin(), voted.end()))}};
}

namespace {
Json cm_meeting_json(const MeetingView& m, const SelfSelection* sel = nullptr) {
  Json ps = Json::array();
  for (const auto& mv : m.participants) {
    const Participant& p = mv.participant;
    Json one{{"id", p.id},
             {"customParticipantId", p.custom_participant_id},
             {"presetId", p.preset_name},
             {"presetName", p.preset_name},
             {"displayName", p.name}};
    if (mv.connected) one["connected"] = *mv.connected;
    ps.push_back(std::move(one));
  }
  Json j{{"id", m.id}, {"title", m.title}, {"participantCount", m.participant_count}, {"participants", std::move(ps)}};
  // Self-selection: the room's capacity and whether a self-move into it is refused as full.
  if (sel && sel->enabled) {
    if (sel->capacity) j["capacity"] = sel->capacity;
    j["full"] = room_full(*sel, m.participant_count);
  }
  return j;
}
}  // namespace

Json ClientSession::cm_state_json() const {
  const GroupView& g = mirror_.group();
  Json meetings = Json::array();
  for (const auto& m : g.meetings) meetings.push_back(cm_meeting_json(m, &g.self_selection));
  return Json{{"parentMeeting", mirror_.has_group() ? cm_meeting_json(g.parent) : Json(nullptr)},
              {"meetings", std::move(meetings)},
              {"version", g.version},
              {"scope", to_string(g.scope)},
              {"selfSelection", Json{{"enabled", g.self_selection.enabled}, {"capacity", g.self_selection.capacity}}},
              {"lateJoiners", to_string(g.placement.late_joiners)},
              {"planId", g.placement.plan_id},
              {"switchTargets", mirror_.switch_targets()}};
}

Json ClientSession::rules_json() const {
  const auto& l = mirror_.limits();
  const auto& perms = mirror_.permissions();
  return Json{{"limits", Json{{"maxMeetings", l.max_meetings},
                              {"maxParticipants", l.max_participants},
                              {"maxTextBytes", l.max_text_bytes},
                              {"maxChatTextBytes", l.max_chat_text_bytes},
                              {"maxPollTextBytes", l.max_poll_text_bytes},
                              {"maxPollOptions", l.max_poll_options},
                              {"maxRoomParticipants", l.max_room_participants}}},
              {"permissions", perms ? permissions_to_camel_json(*perms) : Json::object()},
              {"can", can_json(perms ? &*perms : nullptr)},
              {"switchTargets", mirror_.switch_targets()}};
}

// What this participant may do, decided by the core's own checks (the same functions the
// server runs on each command), so the UI offers exactly the controls that will succeed.
Json ClientSession::can_json(const Permissions* p) {
  if (!p) return Json::object();
  return Json{{"sendChat", check_chat_send(*p).ok()},
              {"createPoll", check_poll_create(*p).ok()},
              {"votePoll", check_poll_vote(*p).ok()},
              {"viewPolls", p->polls.can_view},
              {"alterConnectedMeetings", p->connected_meetings.can_alter_connected_meetings},
              {"screenshare", p->media.screenshare == ProduceAccess::allowed},
              {"record", check_record(*p).ok()}};
}

Json ClientSession::plan_shuffle(std::string_view args_json) {
  auto parsed = parse_json(args_json);
  if (!parsed || !parsed->is_object()) return Json{{"error", "expected {participantIds, meetingIds, seed}"}};
  const Json& a = *parsed;
  std::vector<std::string> ids, rooms;
  auto strings = [](const Json& j, std::vector<std::string>& outv) {
    if (!j.is_array()) return false;
    for (const auto& x : j) {
      if (!x.is_string()) return false;
      outv.push_back(x.get<std::string>());
    }
    return true;
  };
  if (!strings(a.value("participantIds", Json()), ids) || !strings(a.value("meetingIds", Json()), rooms) ||
      rooms.empty() || !a.contains("seed") || !a["seed"].is_number_unsigned())
    return Json{{"error", "expected {participantIds:[string], meetingIds:[string] (non-empty), seed:uint}"}};
  Json outj = Json::array();
  for (const auto& as : rtk::plan_shuffle(std::move(ids), rooms, a["seed"].get<std::uint64_t>()))
    outj.push_back(Json{{"participantId", as.participant_id}, {"meetingId", as.meeting_id}});
  return outj;
}

Json ClientSession::snapshot() const {
  Json participants = Json::array();
  for (const auto& p : mirror_.roster()) participants.push_back(participant_json(p));
  Json chat = Json::array();
  for (const auto& m : mirror_.chat()) chat.push_back(chat_json(m));
  Json polls = Json::array();
  for (const auto& p : mirror_.polls()) polls.push_back(poll_json(p));
  return Json{{"meetingId", mirror_.meeting_id()},
              {"meetingTitle", mirror_.meeting_title()},
              {"isParent", mirror_.is_parent()},
              {"roomState", to_string(room_state_)},
              {"socketState", Json{{"state", socket_state_}, {"reconnected", was_ever_joined_}}},
              {"self", self_json()},
              {"participants", std::move(participants)},
              {"chat", std::move(chat)},
              {"chatHasMore", mirror_.chat_has_more()},
              {"polls", std::move(polls)},
              {"rules", rules_json()},
              {"connectedMeetings", cm_state_json()},
              {"breakoutTimer", timer_json()},
              {"helpRequests", help_json()},
              {"listen", listen_json()},
              {"recording", recording_json()}};
}

// ------------------------------------------------------------------------------------------
// transport

void ClientSession::on_socket_open() {
  const bool wanted = link_.state() == LinkState::connecting;
  do_link(link_.opened());
  if (wanted) set_socket_state("connected");
}

void ClientSession::on_socket_close() {
  if (!link_.active()) {
    set_socket_state("disconnected");
    return;
  }
  fail_pending(ErrorCode::unavailable, "connection lost");
  mirror_.reset_parts();
  // Our peers see us leave and close their side; ours closes too and is rebuilt on rejoin.
  close_all_peers();
  const LinkAction a = link_.closed();
  if (a.gave_up) {
    reconnecting_ = false;
    set_socket_state("failed");
    settle_joins(false, ErrorCode::unavailable, "could not reach the server");
    if (room_state_ == RoomState::joined || room_state_ == RoomState::switching)
      end_room(RoomState::failed, "failed");
    else
      room_state_ = RoomState::failed;
    return;
  }
  reconnecting_ = was_ever_joined_;
  set_socket_state("reconnecting");
  do_link(a);
}

void ClientSession::on_timer() { do_link(link_.timer()); }

void ClientSession::on_socket_message(std::string_view text) {
  std::string request_id;
  auto env = proto::decode_envelope(text, &request_id);
  if (!env) {
    emit(EventName::error,
         Json{{"code", to_string(env.error().code)}, {"message", "bad frame: " + env.error().message}});
    // A reply to one of ours that we cannot read still settles it.
    if (!request_id.empty())
      if (auto e = requests_.take(request_id)) reject(e->id, ErrorCode::internal, "unreadable reply");
    return;
  }
  if (!env->id.empty())
    if (auto entry = requests_.take(env->id)) return handle_reply(std::move(*entry), *env);
  if (env->error) {  // an error without a request of ours (e.g. a relay to a peer that left)
    if (env->type.rfind("rtc.", 0) != 0)
      emit(EventName::error, Json{{"code", to_string(env->error->code)}, {"message", env->error->message}});
    return;
  }
  handle_event(*env);
}

// ------------------------------------------------------------------------------------------
// events

void ClientSession::handle_event(const proto::Envelope& e) {
  namespace t = proto::type;
  auto with = [&]<class T>(T*, auto&& fn) {
    auto m = proto::decode<T>(e.data);
    if (!m) return bad_message(e.type, m.error());
    fn(std::move(m).value());
  };
  if (e.type == t::room_joined) {
    return with((proto::RoomJoined*)nullptr, [&](proto::RoomJoined rj) {
      auto done = mirror_.joined_parts().add(std::move(rj));
      if (!done) return;
      if (!*done) return bad_message(e.type, done->error());
      on_room_joined(std::move(**done));
    });
  }
  if (e.type == t::room_update)
    return with((proto::RoomUpdate*)nullptr, [&](proto::RoomUpdate u) { on_room_update(u); });
  if (e.type == t::cm_state)
    return with((proto::CmState*)nullptr, [&](proto::CmState s) { on_group(mirror_.on_state(std::move(s))); });
  if (e.type == t::cm_delta)
    return with((proto::CmDelta*)nullptr, [&](proto::CmDelta d) { on_group(mirror_.on_delta(std::move(d))); });
  if (e.type == t::cm_presence)
    return with((proto::CmPresence*)nullptr, [&](proto::CmPresence p) { on_group(mirror_.on_presence(p)); });
  if (e.type == t::cm_moving) return with((proto::CmMoving*)nullptr, [&](proto::CmMoving m) { on_moving(m); });
  if (e.type == t::chat_message)
    return with((proto::ChatMessageBody*)nullptr, [&](proto::ChatMessageBody b) { on_chat_message(b.message); });
  if (e.type == t::polls_updated) return with((proto::PollBody*)nullptr, [&](proto::PollBody b) { on_poll(b.poll); });
  if (e.type == t::session_permissions)
    return with((proto::SessionPermissions*)nullptr, [&](proto::SessionPermissions p) { on_permissions(p); });
  if (e.type == t::session_ended)
    return with((proto::SessionEnded*)nullptr, [&](proto::SessionEnded s) { on_session_ended(s); });
  if (e.type == t::cm_timer_update)
    return with((proto::CmTimerUpdate*)nullptr, [&](proto::CmTimerUpdate u) { on_timer_update(u); });
  if (e.type == t::cm_broadcast_message)
    return with((proto::CmBroadcastMessage*)nullptr, [&](proto::CmBroadcastMessage b) { on_broadcast(b); });
  if (e.type == t::recording_updated)
    return with((proto::RecordingUpdate*)nullptr, [&](proto::RecordingUpdate u) { on_recording(u); });
  if (e.type == t::cm_help_queue)
    return with((proto::CmHelpQueue*)nullptr, [&](proto::CmHelpQueue q) { on_help_queue(q); });
  if (e.type == t::cm_listeners)
    return with((proto::CmListeners*)nullptr, [&](proto::CmListeners l) { on_listeners(l); });
  if (e.type == t::rtc_offer || e.type == t::rtc_answer || e.type == t::rtc_candidate) return on_relay(e);
  if (e.type == t::sfu_offer || e.type == t::sfu_slots) return on_sfu_event(e);
  if (e.type == t::sfu_reset) return with((proto::SfuReset*)nullptr, [&](proto::SfuReset r) { on_sfu_reset(r); });
  // other types (requests the server never sends us) are ignored
}

void ClientSession::on_group(GroupResult r) {
  switch (r) {
    case GroupResult::changed:
      // Before room.joined (or between moving and room.joined) the view rides along with the
      // roomJoined/meetingChanged that follows, and stateUpdate is emitted after it.
      if (room_state_ == RoomState::joined) emit(EventName::stateUpdate, cm_state_json());
      clear_timer_if_rooms_gone();
      if (room_state_ == RoomState::joined) emit_placement_if_changed();
      break;
    case GroupResult::gap:
      // A missed delta: ask for the whole state again (it arrives as connected_meetings.state).
      if (link_.is_open() && (room_state_ == RoomState::joined || room_state_ == RoomState::switching)) {
        RequestId id = requests_.next_id();
        std::string wire = requests_.add(id, std::string(proto::type::cm_get), Json{{"internal", true}});
        outputs_.emplace_back(out::SendFrame{
            proto::encode(proto::Envelope{wire, std::string(proto::type::cm_get), Json::object(), std::nullopt})});
      }
      break;
    case GroupResult::invalid:
      emit(EventName::error, Json{{"code", "invalid_argument"}, {"message", "connected_meetings: parts do not fit"}});
      break;
    case GroupResult::unchanged:
    case GroupResult::partial: break;
  }
}

void ClientSession::on_room_joined(proto::RoomJoined rj) {
  if (!link_.active()) return;  // after leave()
  const bool first = !was_ever_joined_;
  const bool after_moving = room_state_ == RoomState::switching;
  const bool other_meeting = !first && rj.meeting_id != mirror_.meeting_id();
  // Reconnect into another meeting (moved while offline): the same switch as `moving`.
  if (!first && !after_moving && other_meeting) {
    room_state_ = RoomState::switching;
    emit(EventName::changingMeeting, Json{{"meetingId", rj.meeting_id}});
    emit(EventName::roomLeft, Json{{"state", "connected-meeting"}});
  }
  const bool is_switch = !first && (after_moving || other_meeting);
  const bool server_reconnected = rj.reconnected;
  media_mode_ = rj.media.mode;
  ice_transport_policy_ = rj.media.ice_transport_policy;
  ice_servers_ = Json::array();
  for (const auto& srv : rj.media.ice_servers) {
    Json o{{"urls", srv.urls}};
    if (!srv.username.empty()) o["username"] = srv.username;
    if (!srv.credential.empty()) o["credential"] = srv.credential;
    ice_servers_.push_back(std::move(o));
  }
  server_audio_ = rj.self.audio_enabled;
  server_video_ = rj.self.video_enabled;
  recording_ = rj.recording;  // in the snapshot; web/ emits recordingUpdate when the state differs
  on_listeners(proto::CmListeners{rj.listeners});
  std::vector<proto::RoomMember> old_roster = mirror_.enter(std::move(rj));
  mesh_.set_self(mirror_.self().participant.id);
  room_state_ = RoomState::joined;
  link_.joined();
  const bool was_reconnecting = reconnecting_;
  reconnecting_ = false;
  set_socket_state("connected");

  if (media_mode_ == "sfu")
    sfu_.start(outputs_);  // once per stay in the group: a move keeps both PeerConnections
  else
    sync_mesh();
  push_self_media_if_needed();

  if (first) {
    was_ever_joined_ = true;
    emit(EventName::roomJoined, Json{{"reconnected", false}, {"meeting", snapshot()}});
    settle_joins(true, ErrorCode::unknown, "");
    if (mirror_.has_group()) emit(EventName::stateUpdate, cm_state_json());
    return;
  }
  settle_joins(true, ErrorCode::unknown, "");
  if (is_switch) {
    emit(EventName::meetingChanged, Json{{"meeting", snapshot()}});
    emit(EventName::stateUpdate, cm_state_json());
    return;
  }
  // Reconnected into the same meeting: tell the meeting object what changed meanwhile.
  const auto& now = mirror_.roster();
  auto has = [](const std::vector<proto::RoomMember>& v, const std::string& id) {
    return std::any_of(v.begin(), v.end(), [&](const proto::RoomMember& m) { return m.participant.id == id; });
  };
  for (const auto& o : old_roster)
    if (!has(now, o.participant.id)) emit(EventName::participantLeft, Json{{"participant", participant_json(o)}});
  for (const auto& p : now)
    if (!has(old_roster, p.participant.id))
      emit(EventName::participantJoined, Json{{"participant", participant_json(p)}});
  emit(EventName::roomJoined, Json{{"reconnected", was_reconnecting || server_reconnected}, {"meeting", snapshot()}});
}

void ClientSession::on_moving(const proto::CmMoving& m) {
  if (room_state_ != RoomState::joined) return;
  room_state_ = RoomState::switching;
  emit(EventName::changingMeeting, Json{{"meetingId", m.meeting_id}});
  emit(EventName::roomLeft, Json{{"state", "connected-meeting"}});
  // The mesh is diffed on the following room.joined; nothing closes before it.
}

void ClientSession::on_room_update(const proto::RoomUpdate& u) {
  if (room_state_ != RoomState::joined) return;
  const auto changes = mirror_.apply(u);
  bool mesh_changed = false;
  for (const auto& c : changes) {
    const std::string& id = c.member.participant.id;
    switch (c.kind) {
      case RoomChange::Kind::joined:
        emit(EventName::participantJoined, Json{{"participant", participant_json(c.member)}});
        break;
      case RoomChange::Kind::rejoined:
        // A new session of a participant we had: its old peer connection is dead.
        if (mesh_.has(id)) {
          mesh_.reset(id, outputs_);
          mesh_changed = true;
        }
        emit(EventName::participantUpdated, Json{{"participant", participant_json(c.member)}});
        break;
      case RoomChange::Kind::left:
        emit(EventName::participantLeft, Json{{"participant", participant_json(c.member)}});
        break;
      case RoomChange::Kind::updated:
        emit(EventName::participantUpdated, Json{{"participant", participant_json(c.member)}});
        break;
      case RoomChange::Kind::audio:
        emit(EventName::participantAudioUpdate, Json{{"id", id}, {"audioEnabled", c.member.audio_enabled}});
        break;
      case RoomChange::Kind::video:
        emit(EventName::participantVideoUpdate, Json{{"id", id}, {"videoEnabled", c.member.video_enabled}});
        break;
    }
  }
  if (mesh_changed) emit(EventName::meshUpdate, Json{{"peers", mesh_.peers()}});
  sync_mesh();
}

void ClientSession::on_chat_message(const ChatMessage& m) {
  if (mirror_.add_chat(m)) emit(EventName::chatUpdate, Json{{"action", "add"}, {"message", chat_json(m)}});
}

void ClientSession::on_poll(const Json& poll) {
  if (poll.is_object() && poll.contains("meeting_id") && poll["meeting_id"].is_string() &&
      poll["meeting_id"].get<std::string>() != mirror_.meeting_id())
    return;
  const bool is_new = mirror_.upsert_poll(poll);
  Json all = Json::array();
  for (const auto& p : mirror_.polls()) all.push_back(poll_json(p));
  emit(EventName::pollsUpdate, Json{{"polls", std::move(all)}, {"poll", poll_json(poll)}, {"newPoll", is_new}});
}

void ClientSession::on_permissions(const proto::SessionPermissions& p) {
  if (!mirror_.set_preset(p.preset)) return;  // nothing changed: no event
  emit(EventName::selfPermissionsUpdate, rules_json());
  if (mirror_.has_group()) emit(EventName::stateUpdate, cm_state_json());
}

void ClientSession::on_session_ended(const proto::SessionEnded& ended) {
  const std::string reason(proto::to_string(ended.reason));
  emit(EventName::sessionEnded, Json{{"reason", reason}});
  if (ended.reason == proto::EndReason::server_shutdown) return;  // a restart: the close that follows reconnects
  do_link(link_.end());
  settle_joins(false, ErrorCode::unavailable, "session ended: " + reason);
  RoomState s = ended.reason == proto::EndReason::participant_removed ? RoomState::kicked
                : ended.reason == proto::EndReason::meeting_inactive  ? RoomState::ended
                                                                      : RoomState::left;
  std::string left = ended.reason == proto::EndReason::replaced ? "disconnected" : left_state_for(s);
  if (room_state_ == RoomState::joined || room_state_ == RoomState::switching)
    end_room(s, left);
  else
    room_state_ = s;
}

void ClientSession::end_room(RoomState state, std::string_view left_state) {
  close_all_peers();
  room_state_ = state;
  fail_pending(ErrorCode::unavailable, "the meeting was left");
  emit(EventName::roomLeft, Json{{"state", std::string(left_state)}});
}

// ------------------------------------------------------------------------------------------
// mesh

void ClientSession::close_all_peers() {
  sfu_.close(outputs_);
  if (mesh_.close_all(outputs_)) emit(EventName::meshUpdate, Json{{"peers", Json::array()}});
}

void ClientSession::sync_mesh() {
  if (media_mode_ == "sfu" || room_state_ != RoomState::joined || !link_.is_open()) return;
  if (mesh_.sync(mirror_.roster_ids(), outputs_)) emit(EventName::meshUpdate, Json{{"peers", mesh_.peers()}});
}

void ClientSession::on_relay(const proto::Envelope& e) {
  if (e.type == proto::type::rtc_candidate) {
    proto::RtcCandidate c;
    if (auto st = proto::from_json(e.data, c, "from"); !st) return;
    mesh_.on_candidate(c.peer, c.candidate, c.sdp_mid, c.sdp_m_line_index, outputs_);
    return;
  }
  proto::RtcDescription d;
  if (auto st = proto::from_json(e.data, d, "from"); !st) return;
  if (d.peer == mirror_.self().participant.id) return;
  if (e.type == proto::type::rtc_offer) {
    const bool in_room = room_state_ == RoomState::joined && mirror_.in_room(d.peer);
    if (mesh_.on_offer(d.peer, d.sdp, in_room, outputs_)) emit(EventName::meshUpdate, Json{{"peers", mesh_.peers()}});
  } else {
    mesh_.on_answer(d.peer, d.sdp, outputs_);
  }
}

void ClientSession::on_local_media(bool has_audio, bool has_video) {
  has_audio_track_ = has_audio;
  has_video_track_ = has_video;
  if (!has_audio) audio_enabled_ = false;
  if (!has_video) video_enabled_ = false;
  if (has_audio) outputs_.emplace_back(out::SetTrackEnabled{"audio", audio_enabled_});
  if (has_video) outputs_.emplace_back(out::SetTrackEnabled{"video", video_enabled_});
  emit(EventName::localMediaReady, Json{{"audio", has_audio}, {"video", has_video}});
}

void ClientSession::on_negotiation_needed(std::string_view peer) {
  if (Sfu::owns(peer)) return sfu_.on_negotiation_needed(peer, outputs_);
  mesh_.on_negotiation_needed(std::string(peer), outputs_);
}

void ClientSession::on_local_description(std::string_view peer, std::string_view type, std::string_view sdp) {
  const std::string p(peer);
  if (Sfu::owns(p)) {
    auto frame = sfu_.on_local_description(p, type, sdp);
    if (frame && link_.is_open()) send_internal_request(frame->first, std::move(frame->second));
    return;
  }
  if (!mesh_.has(p)) return;
  mesh_.on_local_description(p, type);
  if (!link_.is_open()) return;
  proto::RtcDescription d{p, std::string(sdp)};
  if (type == "offer")
    send_event_frame(proto::type::rtc_offer, proto::to_json(d, "to"));
  else if (type == "answer")
    send_event_frame(proto::type::rtc_answer, proto::to_json(d, "to"));
}

void ClientSession::on_ice_candidate(std::string_view peer, std::string_view candidate, std::string_view sdp_mid,
                                     std::int64_t idx) {
  if (Sfu::owns(peer)) {
    if (sfu_.active() && link_.is_open())
      send_event_frame(proto::type::sfu_trickle, sfu_.trickle(peer, candidate, sdp_mid, idx));
    return;
  }
  if (!mesh_.has(std::string(peer)) || !link_.is_open()) return;
  proto::RtcCandidate c{std::string(peer), std::string(candidate), std::string(sdp_mid), idx};
  send_event_frame(proto::type::rtc_candidate, proto::to_json(c, "to"));
}

void ClientSession::on_signaling_state(std::string_view peer, std::string_view state) {
  mesh_.on_signaling_state(std::string(peer), state);
}

void ClientSession::on_peer_state(std::string_view peer, std::string_view state) {
  if (!mesh_.has(std::string(peer)) && !(Sfu::owns(peer) && sfu_.active())) return;
  emit(EventName::peerState, Json{{"peerId", std::string(peer)}, {"state", std::string(state)}});
  if (Sfu::owns(peer))
    emit(EventName::mediaConnectionUpdate,
         Json{{"transport", peer == kPublisherPeer ? "send" : "recv"}, {"state", std::string(state)}});
}

// Janus lost its session (restart, socket drop): both PeerConnections are dead. Close them;
// when the server says Janus is back, publish again on a new publisher PeerConnection (the
// subscriber follows with the server's sfu.offer). The WebSocket and the room stay as they are.
void ClientSession::on_sfu_reset(const proto::SfuReset& r) {
  if (media_mode_ != "sfu" || (room_state_ != RoomState::joined && room_state_ != RoomState::switching)) return;
  sfu_.close(outputs_);
  if (r.available) sfu_.start(outputs_);
  for (const char* transport : {"send", "recv"})
    emit(EventName::mediaConnectionUpdate,
         Json{{"transport", transport}, {"state", r.available ? "connecting" : "reconnecting"}, {"reason", r.reason}});
}

void ClientSession::on_media_error(std::string_view peer, std::string_view what) {
  mesh_.on_media_error(std::string(peer));
  emit(EventName::error,
       Json{{"code", "internal"}, {"message", "media " + std::string(peer) + ": " + std::string(what)}});
}

// ------------------------------------------------------------------------------------------
// replies

void ClientSession::send_internal_request(std::string_view type, Json data) {
  const RequestId id = requests_.next_id();
  std::string wire = requests_.add(id, std::string(type), Json{{"internal", true}});
  outputs_.emplace_back(
      out::SendFrame{proto::encode(proto::Envelope{wire, std::string(type), std::move(data), std::nullopt})});
}

// sfu.publish and sfu.answer are the session's own requests; true when `entry` was one.
bool ClientSession::handle_sfu_reply(const RequestTable::Entry& entry, const proto::Envelope& e) {
  const bool publish = entry.type == proto::type::sfu_publish;
  if (!publish && entry.type != proto::type::sfu_answer) return false;
  if (e.error) {
    if (publish) sfu_.on_publish_failed();
    emit(EventName::error, Json{{"code", to_string(e.error->code)}, {"message", entry.type + ": " + e.error->message}});
    return true;
  }
  if (publish) {
    auto r = proto::decode<proto::SfuSdp>(e.data);
    if (!r) {
      sfu_.on_publish_failed();
      bad_message(entry.type, r.error());
      return true;
    }
    sfu_.on_publish_answer(r->sdp, outputs_);
  }
  return true;
}

void ClientSession::handle_reply(RequestTable::Entry entry, const proto::Envelope& e) {
  if (handle_sfu_reply(entry, e)) return;
  const RequestId id = entry.id;
  const bool internal = entry.context.is_object() && entry.context.value("internal", false);
  if (e.error) {
    if (!internal) reject(id, e.error->code, e.error->message);
    return;
  }
  namespace t = proto::type;
  const std::string& type = entry.type;
  auto decoded = [&]<class T>(T*) -> std::optional<T> {
    auto r = proto::decode<T>(e.data);
    if (!r) {
      reject(id, ErrorCode::internal, "bad reply to " + type + ": " + r.error().message);
      return std::nullopt;
    }
    return std::move(r).value();
  };
  if (type == t::cm_get) {
    if (internal) return;
    // The state itself arrived just before as connected_meetings.state.
    if (auto r = decoded((proto::VersionReply*)nullptr)) resolve(id, cm_state_json());
  } else if (type == t::cm_create || type == t::cm_update || type == t::cm_start) {
    if (auto r = decoded((proto::MeetingsReply*)nullptr)) {
      Json ms = Json::array();
      for (const auto& m : r->meetings) ms.push_back(Json{{"id", m.id}, {"title", m.title}});
      if (type == t::cm_start)
        resolve(id, Json{{"meetings", std::move(ms)}, {"version", r->version}});
      else
        resolve(id, std::move(ms));
    }
  } else if (type == t::cm_delete) {
    if (auto r = decoded((proto::DeleteReply*)nullptr)) {
      Json ms = Json::array();
      for (const auto& m : r->meeting_ids) ms.push_back(Json{{"id", m}});
      resolve(id, std::move(ms));
    }
  } else if (type == t::cm_move) {
    if (auto r = decoded((proto::VersionReply*)nullptr)) resolve(id, Json{{"success", true}});  // RealtimeKit's shape
  } else if (type == t::cm_close || type == t::cm_timer || type == t::cm_help || type == t::cm_help_cancel ||
             type == t::cm_self_selection) {
    if (auto r = decoded((proto::VersionReply*)nullptr)) resolve(id, Json{{"version", r->version}});
  } else if (type == t::cm_shuffle) {
    if (auto r = decoded((proto::CmShuffleReply*)nullptr)) {
      Json as = Json::array();
      for (const auto& x : r->assignments)
        as.push_back(Json{{"participantId", x.participant_id}, {"meetingId", x.meeting_id}});
      resolve(id, Json{{"assignments", std::move(as)}, {"repeatedPairs", r->repeated_pairs}});
    }
  } else if (type == t::cm_listen || type == t::cm_stop_listening) {
    if (auto r = decoded((proto::ListenReply*)nullptr)) {
      on_listen_reply(*r);
      resolve(id, listen_json());
    }
  } else if (type == t::cm_broadcast) {
    if (auto r = decoded((proto::BroadcastReply*)nullptr))
      resolve(id, Json{{"meetingIds", r->meeting_ids}, {"timeMs", r->time_ms}});
  } else if (type == t::self_media) {
    if (auto r = decoded((proto::SelfMediaReply*)nullptr)) {
      server_audio_ = r->audio_enabled;
      server_video_ = r->video_enabled;
      resolve(id, nullptr);
    }
  } else if (type == t::chat_send) {
    if (auto r = decoded((proto::ChatMessageBody*)nullptr)) {
      on_chat_message(r->message);
      resolve(id, chat_json(r->message));
    }
  } else if (type == t::chat_history) {
    if (auto r = decoded((proto::ChatHistoryReply*)nullptr)) {
      Json ms = Json::array();
      for (const auto& m : r->messages) ms.push_back(chat_json(m));
      resolve(id, Json{{"messages", std::move(ms)}, {"hasMore", r->has_more}});
    }
  } else if (type == t::polls_create || type == t::polls_vote) {
    if (auto r = decoded((proto::PollBody*)nullptr)) resolve(id, poll_json(r->poll));
  } else if (type == t::polls_list) {
    if (auto r = decoded((proto::PollsListReply*)nullptr)) {
      Json ps = Json::array();
      if (r->polls.is_array())
        for (const auto& p : r->polls) ps.push_back(poll_json(p));
      resolve(id, Json{{"polls", std::move(ps)}, {"hasMore", r->has_more}});
    }
  } else if (type == t::recording_start || type == t::recording_stop || type == t::recording_pause ||
             type == t::recording_resume) {
    if (auto r = decoded((proto::RecordingUpdate*)nullptr)) {
      on_recording(*r);
      resolve(id, recording_json());
    }
  } else if (type == t::session_ping) {
    if (auto r = decoded((proto::PingReply*)nullptr)) resolve(id, Json{{"timeMs", r->time_ms}});
  } else if (!plans_reply(type, id, e.data)) {
    resolve(id, nullptr);
  }
}

// ------------------------------------------------------------------------------------------
// API

RequestId ClientSession::join() {
  RequestId id = requests_.next_id();
  if (room_state_ == RoomState::joined || room_state_ == RoomState::switching) {
    resolve(id, nullptr);  // already joined: a no-op, like RealtimeKit
    return id;
  }
  if (room_state_ == RoomState::kicked || room_state_ == RoomState::ended) {
    reject(id, ErrorCode::unavailable, "the session has ended");
    return id;
  }
  if (room_state_ == RoomState::left && link_.state() == LinkState::ended) {
    // session.ended {replaced}: another tab holds this participant; joining here would
    // replace that one in turn. Refused, clearly, instead of waiting forever.
    reject(id, ErrorCode::unavailable, "the session was replaced by another connection");
    return id;
  }
  join_waiters_.push_back(id);
  if (link_.active()) return id;  // already joining: settles with the same room.joined
  // From init, left, or failed (a new attempt from scratch).
  room_state_ = RoomState::joining;
  was_ever_joined_ = false;
  reconnecting_ = false;
  set_socket_state("connecting");
  do_link(link_.start());
  return id;
}

RequestId ClientSession::leave() {
  RequestId id = requests_.next_id();
  const bool in_room = room_state_ == RoomState::joined || room_state_ == RoomState::switching;
  if (link_.is_open()) send_event_frame(proto::type::session_leave, Json::object());
  reconnecting_ = false;
  do_link(link_.stop());
  settle_joins(false, ErrorCode::unavailable, "left before joining");
  if (in_room)
    end_room(RoomState::left, "left");
  else if (room_state_ == RoomState::joining)
    room_state_ = RoomState::left;
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
      emit(EventName::selfAudioUpdate, Json{{"audioEnabled", enabled}});
    else
      emit(EventName::selfVideoUpdate, Json{{"videoEnabled", enabled}});
  }
  if (!online()) {  // before join or while reconnecting: pushed after the next room.joined
    RequestId id = requests_.next_id();
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

}  // namespace rtk::client
