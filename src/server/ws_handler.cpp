#include "ws_handler.hpp"

#include "log.hpp"
#include "rtk/assignment.hpp"

namespace rtk::server {

namespace t = proto::type;

bool WsHandler::on_open(WsPeer& p) {
  auto old = hub_.attach(p.participant_id, p.conn);
  if (old) {
    old->send(Hub::text(proto::make_event(t::session_ended, proto::to_json(proto::SessionEnded{"replaced"}))));
    old->close(1000);
  }
  const bool reconnected = old != nullptr || joined_before_.count(p.participant_id) > 0;
  GroupData* g = registry_.group(p.group_id);
  if (!g) {
    hub_.detach(p.participant_id, p.conn.get());
    return false;
  }
  auto r = groups_.run(p.group_id, cmd::Join{p.participant_id}, groups_.actor_for(g->state, p.participant_id), {},
                       FanoutOptions{reconnected});
  if (!r) {
    hub_.detach(p.participant_id, p.conn.get());
    p.conn->send(Hub::text(proto::make_error_reply("", t::error, r.error())));
    return false;
  }
  p.joined = true;
  joined_before_.insert(p.participant_id);
  return true;
}

void WsHandler::on_close(WsPeer& p) {
  if (!hub_.detach(p.participant_id, p.conn.get()) || !p.joined) return;
  GroupData* g = registry_.group(p.group_id);
  if (!g || !g->state.find_participant(p.participant_id)) return;  // removed meanwhile
  auto r = groups_.run(p.group_id, cmd::Leave{p.participant_id}, Actor::system());
  if (!r && r.error().code != ErrorCode::conflict)
    log_event("leave_failed", Json{{"participant_id", p.participant_id}, {"message", r.error().message}});
}

void WsHandler::reply(WsPeer& p, const proto::Envelope& req, Json data) {
  p.conn->send(Hub::text(proto::make_reply(req, std::move(data))));
}

void WsHandler::reply_error(WsPeer& p, const std::string& id, std::string_view type, const Error& e) {
  p.conn->send(Hub::text(proto::make_error_reply(id, type, e)));
}

void WsHandler::on_frame(WsPeer& p, std::string_view text) {
  std::string id;
  auto env = proto::decode_envelope(text, &id);
  if (!env) return reply_error(p, id, t::error, env.error());
  const proto::MessageSpec* spec = proto::find_message(env->type);
  if (!spec || spec->direction == proto::Direction::server_to_client)
    return reply_error(p, env->id, t::error,
                       make_error(ErrorCode::invalid_argument, "frame.type: " + env->type + " is not a request"));
  const bool is_relay = env->type == t::rtc_offer || env->type == t::rtc_answer || env->type == t::rtc_candidate;
  const auto now = groups_.now_ms();
  if (!(is_relay ? p.relay : p.commands).take(now))
    return reply_error(p, env->id, env->type,
                       make_error(ErrorCode::rate_limited, "too many requests on this connection; slow down"));
  if (is_relay) return relay(p, *env);
  auto r = dispatch(p, *env);
  if (!r) return reply_error(p, env->id, env->type, r.error());
  reply(p, *env, std::move(*r));
  if (env->type == t::session_leave) p.conn->close(1000);
}

void WsHandler::relay(WsPeer& p, const proto::Envelope& req) {
  const GroupData* g = registry_.group(p.group_id);
  const std::string& type = req.type;
  std::string to;
  Json out;
  if (type == t::rtc_candidate) {
    proto::RtcCandidate c;
    if (auto st = proto::from_json(req.data, c, "to"); !st) return reply_error(p, req.id, type, st.error());
    to = c.peer;
    c.peer = p.participant_id;
    out = proto::to_json(c, "from");
  } else {
    proto::RtcDescription d;
    if (auto st = proto::from_json(req.data, d, "to"); !st) return reply_error(p, req.id, type, st.error());
    to = d.peer;
    d.peer = p.participant_id;
    out = proto::to_json(d, "from");
  }
  const Meeting* mine = g ? g->state.meeting_of(p.participant_id) : nullptr;
  const Meeting* theirs = g ? g->state.meeting_of(to) : nullptr;
  if (!mine || !theirs || mine != theirs || to == p.participant_id || !hub_.find(to))
    return reply_error(p, req.id, type,
                       make_error(ErrorCode::not_found, "no connected participant " + to + " in your meeting"));
  hub_.send(to, proto::make_event(type, std::move(out)));
}

Result<Json> WsHandler::dispatch(WsPeer& p, const proto::Envelope& req) {
  GroupData* g = registry_.group(p.group_id);
  if (!g || !g->state.find_participant(p.participant_id))
    return make_error(ErrorCode::not_found, "participant " + p.participant_id + " no longer exists");
  const Actor actor = groups_.actor_for(g->state, p.participant_id);
  const std::string& type = req.type;
  auto meetings_json = [](const std::vector<MeetingSpec>& v) {
    Json arr = Json::array();
    for (const auto& m : v) arr.push_back(Json{{"id", m.id}, {"title", m.title}});
    return arr;
  };

  if (type == t::session_ping) return Json{{"time_ms", groups_.now_ms()}};
  if (type == t::session_leave) return Json::object();
  if (type == t::cm_get) return to_json(g->state);

  if (type == t::cm_create) {
    auto r = proto::decode<proto::CmCreate>(req.data);
    if (!r) return r.error();
    cmd::CreateMeetings c;
    for (auto& title : r->titles) c.meetings.push_back(MeetingSpec{random_uuid(), title});
    auto a = groups_.run(p.group_id, c, actor);
    if (!a) return a.error();
    return Json{{"meetings", meetings_json(c.meetings)}};
  }
  if (type == t::cm_update) {
    auto r = proto::decode<proto::CmUpdate>(req.data);
    if (!r) return r.error();
    auto a = groups_.run(p.group_id, cmd::UpdateMeetings{r->meetings}, actor);
    if (!a) return a.error();
    return Json{{"meetings", meetings_json(r->meetings)}};
  }
  if (type == t::cm_delete) {
    auto r = proto::decode<proto::CmDelete>(req.data);
    if (!r) return r.error();
    auto a = groups_.run(p.group_id, cmd::DeleteMeetings{r->meeting_ids}, actor);
    if (!a) return a.error();
    return Json{{"meeting_ids", r->meeting_ids}};
  }
  if (type == t::cm_move) {
    auto r = proto::decode<proto::CmMove>(req.data);
    if (!r) return r.error();
    Command c;
    if (!r->participants.empty()) {
      for (const auto& x : r->participants)
        if (!registry_.preset_by_name(x.preset_name))
          return make_error(ErrorCode::not_found, "no preset named " + x.preset_name);
      c = cmd::MoveParticipantsWithCustomPreset{r->source_meeting_id, r->destination_meeting_id, r->participants};
    } else {
      if (r->preset_name && !registry_.preset_by_name(*r->preset_name))
        return make_error(ErrorCode::not_found, "no preset named " + *r->preset_name);
      c = cmd::MoveParticipants{r->source_meeting_id, r->destination_meeting_id, r->participant_ids, r->preset_name};
    }
    auto a = groups_.run(p.group_id, c, actor);
    if (!a) return a.error();
    return Json{{"version", a->state.version}};
  }
  if (type == t::cm_start) {
    auto r = proto::decode<proto::CmStart>(req.data);
    if (!r) return r.error();
    cmd::StartBreakout c;
    for (auto& title : r->titles) c.meetings.push_back(MeetingSpec{random_uuid(), title});
    for (const auto& as : r->assignments) {
      if (as.meeting_index) {
        if (*as.meeting_index >= c.meetings.size())
          return make_error(ErrorCode::invalid_argument, "assignments: meeting_index out of range");
        c.assignments.push_back(Assignment{as.participant_id, c.meetings[*as.meeting_index].id});
      } else {
        c.assignments.push_back(Assignment{as.participant_id, as.meeting_id.value_or("")});
      }
    }
    if (r->shuffle) {
      if (c.meetings.empty()) return make_error(ErrorCode::invalid_argument, "shuffle needs at least one new meeting");
      std::vector<std::string> room_ids;
      for (const auto& m : c.meetings) room_ids.push_back(m.id);
      auto plan = plan_shuffle(unassigned_participants(g->state, c.assignments), room_ids, r->seed);
      c.assignments.insert(c.assignments.end(), plan.begin(), plan.end());
    }
    auto a = groups_.run(p.group_id, c, actor);
    if (!a) return a.error();
    return Json{{"meetings", meetings_json(c.meetings)}, {"version", a->state.version}};
  }
  if (type == t::cm_close) {
    auto a = groups_.run(p.group_id, cmd::CloseBreakout{}, actor);
    if (!a) return a.error();
    return Json{{"version", a->state.version}};
  }
  if (type == t::self_media) {
    auto r = proto::decode<proto::SelfMedia>(req.data);
    if (!r) return r.error();
    auto a = groups_.run(p.group_id, cmd::SetMedia{p.participant_id, r->audio_enabled, r->video_enabled}, actor);
    if (!a) return a.error();
    const Participant* self = a->state.find_participant(p.participant_id);
    return Json{{"audio_enabled", self->audio_enabled}, {"video_enabled", self->video_enabled}};
  }
  if (type == t::chat_send) {
    auto r = proto::decode<proto::ChatSend>(req.data);
    if (!r) return r.error();
    auto m = groups_.send_chat(p.group_id, p.participant_id, r->text);
    if (!m) return m.error();
    return Json{{"message", to_json(*m)}};
  }
  if (type == t::polls_create) {
    auto r = proto::decode<proto::PollsCreate>(req.data);
    if (!r) return r.error();
    auto poll = groups_.create_poll(p.group_id, p.participant_id, *r);
    if (!poll) return poll.error();
    return Json{{"poll", poll_view_json(*poll, p.participant_id)}};
  }
  if (type == t::polls_vote) {
    auto r = proto::decode<proto::PollsVote>(req.data);
    if (!r) return r.error();
    auto poll = groups_.vote(p.group_id, p.participant_id, *r);
    if (!poll) return poll.error();
    return Json{{"poll", poll_view_json(*poll, p.participant_id)}};
  }
  return make_error(ErrorCode::invalid_argument, "unhandled request type " + type);
}

}  // namespace rtk::server
