#include "service.hpp"

#include <array>

#include "log.hpp"
#include "recorder.hpp"
#include "rtk/assignment.hpp"
#include "rtk/breakout_shuffle.hpp"
#include "rtk/permissions.hpp"

namespace rtk::server {

namespace t = proto::type;

std::span<const CommandService::Route> CommandService::routes() {
  static const std::array<Route, 31> kRoutes{{
      {t::cm_get, &CommandService::cm_get, false},
      {t::cm_create, &CommandService::cm_create, false},
      {t::cm_update, &CommandService::cm_update, false},
      {t::cm_delete, &CommandService::cm_delete, false},
      {t::cm_move, &CommandService::cm_move, false},
      {t::cm_start, &CommandService::cm_start, false},
      {t::cm_close, &CommandService::cm_close, false},
      {t::cm_timer, &CommandService::cm_timer, false},
      {t::cm_broadcast, &CommandService::cm_broadcast, false},
      {t::cm_help, &CommandService::cm_help, false},
      {t::cm_help_cancel, &CommandService::cm_help_cancel, false},
      {t::cm_self_selection, &CommandService::cm_self_selection, false},
      {t::cm_shuffle, &CommandService::cm_shuffle, false},
      {t::cm_plans, &CommandService::cm_plans, false},
      {t::cm_start_plan, &CommandService::cm_start_plan, false},
      {t::cm_policy, &CommandService::cm_policy, false},
      {t::cm_listen, &CommandService::cm_listen, true},
      {t::cm_stop_listening, &CommandService::cm_stop_listening, true},
      {t::participants_pin, &CommandService::participants_pin, true},
      {t::self_media, &CommandService::self_media, true},
      {t::chat_send, &CommandService::chat_send, true},
      {t::chat_history, &CommandService::chat_history, true},
      {t::polls_create, &CommandService::polls_create, true},
      {t::polls_vote, &CommandService::polls_vote, true},
      {t::polls_list, &CommandService::polls_list, true},
      {t::session_ping, &CommandService::session_ping, true},
      {t::session_leave, &CommandService::session_leave, true},
      {t::recording_start, &CommandService::recording_start, true},
      {t::recording_stop, &CommandService::recording_stop, true},
      {t::recording_pause, &CommandService::recording_pause, true},
      {t::recording_resume, &CommandService::recording_resume, true},
  }};
  return kRoutes;
}

std::vector<std::string_view> CommandService::handled_types() {
  std::vector<std::string_view> out;
  for (const auto& r : routes()) out.push_back(r.type);
  return out;
}

Result<Json> CommandService::handle(const Caller& c, std::string_view type, const Json& data) {
  for (const auto& r : routes()) {
    if (r.type != type) continue;
    if (r.participant_only && c.is_system())
      return make_error(ErrorCode::invalid_argument, std::string(type) + " is only available to participants");
    return (this->*r.fn)(c, data);
  }
  return make_error(ErrorCode::invalid_argument, "frame.type: " + std::string(type) + " is not a request");
}

Result<Actor> CommandService::actor(const Caller& c) const {
  const GroupData* g = registry_.group(c.group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + c.group_id);
  if (c.is_system()) return Actor::system();
  if (!g->state.find_participant(c.participant_id))
    return make_error(ErrorCode::not_found, "participant " + c.participant_id + " no longer exists");
  return groups_.actor_for(g->state, c.participant_id);
}

std::vector<MeetingSpec> CommandService::new_meetings(const std::vector<std::string>& titles) const {
  std::vector<MeetingSpec> out;
  out.reserve(titles.size());
  for (const auto& title : titles) out.push_back(MeetingSpec{random_uuid(), title});
  return out;
}

Result<PresenceChange> CommandService::join(const Caller& c, bool reconnected) {
  auto a = actor(c);
  if (!a) return a.error();
  return groups_.presence(c.group_id, pcmd::Join{c.participant_id}, *a, reconnected);
}

void CommandService::leave(const Caller& c) {
  const GroupData* g = registry_.group(c.group_id);
  if (!g || !g->state.find_participant(c.participant_id)) return;  // removed meanwhile
  auto r = groups_.presence(c.group_id, pcmd::Leave{c.participant_id}, Actor::system());
  if (!r && r.error().code != ErrorCode::conflict)
    log_event("leave_failed", Json{{"participant_id", c.participant_id}, {"message", r.error().message}});
}

Result<GroupView> CommandService::view(const std::string& group_id) const {
  const GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  return make_view(g->state, g->presence, GroupScope::full);
}

// ---- connected meetings ----

Result<Json> CommandService::cm_get(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::CmGet>(data); !r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  if (!c.is_system()) fanout_.state_to(c.group_id, c.participant_id);
  return proto::to_json(proto::VersionReply{registry_.group(c.group_id)->state.version});
}

Result<Json> CommandService::cm_create(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmCreate>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  cmd::CreateMeetings cmd{new_meetings(r->titles)};
  auto applied = groups_.run(c.group_id, cmd, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::MeetingsReply{cmd.meetings, applied->state.version});
}

Result<Json> CommandService::cm_update(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmUpdate>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto applied = groups_.run(c.group_id, cmd::UpdateMeetings{r->meetings}, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::MeetingsReply{r->meetings, applied->state.version});
}

Result<Json> CommandService::cm_delete(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmDelete>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto applied = groups_.run(c.group_id, cmd::DeleteMeetings{r->meeting_ids}, *a, {}, MoveReason::room_deleted);
  if (!applied) return applied.error();
  return proto::to_json(proto::DeleteReply{r->meeting_ids, applied->state.version});
}

Result<Json> CommandService::cm_move(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmMove>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  Command cmd;
  bool self_only = !c.is_system();
  if (!r->participants.empty()) {
    for (const auto& x : r->participants) {
      if (!registry_.preset_by_name(x.preset_name))
        return make_error(ErrorCode::not_found, "no preset named " + x.preset_name);
      self_only = self_only && x.id == c.participant_id;
    }
    cmd = cmd::MoveParticipantsWithCustomPreset{r->source_meeting_id, r->destination_meeting_id, r->participants};
  } else {
    if (r->preset_name && !registry_.preset_by_name(*r->preset_name))
      return make_error(ErrorCode::not_found, "no preset named " + *r->preset_name);
    for (const auto& id : r->participant_ids) self_only = self_only && id == c.participant_id;
    cmd = cmd::MoveParticipants{r->source_meeting_id, r->destination_meeting_id, r->participant_ids, r->preset_name};
  }
  auto applied = groups_.run(c.group_id, cmd, *a, {}, self_only ? MoveReason::switched : MoveReason::moved_by_host);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

Result<Json> CommandService::cm_start(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmStart>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  cmd::StartBreakout cmd;
  cmd.meetings = new_meetings(r->titles);
  for (const auto& as : r->assignments) {
    if (as.meeting_index)
      cmd.assignments.push_back(Assignment{as.participant_id, cmd.meetings[*as.meeting_index].id});
    else
      cmd.assignments.push_back(Assignment{as.participant_id, as.meeting_id.value_or("")});
  }
  if (r->duration_ms) cmd.timer = TimerSpec{*r->duration_ms, r->grace_ms.value_or(default_grace_ms(*r->duration_ms))};
  if (r->shuffle) {
    if (cmd.meetings.empty()) return make_error(ErrorCode::invalid_argument, "shuffle needs at least one new meeting");
    std::vector<std::string> room_ids;
    for (const auto& m : cmd.meetings) room_ids.push_back(m.id);
    const GroupState& s = registry_.group(c.group_id)->state;
    auto ids = unassigned_participants(s, cmd.assignments);
    auto plan = r->avoid_repeats ? plan_shuffle_avoiding(std::move(ids), room_ids, r->seed, s.rounds)
                                 : plan_shuffle(std::move(ids), room_ids, r->seed);
    cmd.assignments.insert(cmd.assignments.end(), plan.begin(), plan.end());
  }
  auto applied = groups_.run(c.group_id, cmd, *a, {}, MoveReason::breakout_started);
  if (!applied) return applied.error();
  return proto::to_json(proto::MeetingsReply{cmd.meetings, applied->state.version});
}

Result<Json> CommandService::cm_close(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::CmClose>(data); !r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto applied = groups_.run(c.group_id, cmd::CloseBreakout{}, *a, {}, MoveReason::breakout_closed);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

Result<Json> CommandService::cm_timer(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmTimer>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  Command cmd = r->duration_ms ? Command{cmd::SetBreakoutTimer{TimerSpec{
                                     *r->duration_ms, r->grace_ms.value_or(default_grace_ms(*r->duration_ms))}}}
                               : Command{cmd::ExtendBreakoutTimer{*r->extend_ms}};
  auto applied = groups_.run(c.group_id, cmd, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

Result<Json> CommandService::cm_broadcast(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmBroadcast>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto sent = groups_.broadcast(c.group_id, *a, r->text, r->meeting_ids);
  if (!sent) return sent.error();
  return proto::to_json(*sent);
}

namespace {
// The participant a help request names: the caller itself unless given (the API key must name one).
Result<std::string> help_target(const Caller& c, const proto::CmHelp& r) {
  if (r.participant_id) return *r.participant_id;
  if (c.is_system())
    return make_error(ErrorCode::invalid_argument, "data.participant_id: is required with the API key");
  return c.participant_id;
}
}  // namespace

Result<Json> CommandService::cm_help(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmHelp>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto pid = help_target(c, *r);
  if (!pid) return pid.error();
  auto applied = groups_.run(c.group_id, cmd::RequestHelp{*pid}, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

Result<Json> CommandService::cm_help_cancel(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::CmHelp>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto pid = help_target(c, *r);
  if (!pid) return pid.error();
  auto applied = groups_.run(c.group_id, cmd::CancelHelp{*pid}, *a);
  if (!applied) return applied.error();
  return proto::to_json(proto::VersionReply{applied->state.version});
}

// ---- participant requests ----

Result<Json> CommandService::self_media(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::SelfMedia>(data);
  if (!r) return r.error();
  auto a = actor(c);
  if (!a) return a.error();
  auto ch = groups_.presence(c.group_id, pcmd::SetMedia{c.participant_id, r->audio_enabled, r->video_enabled}, *a);
  if (!ch) return ch.error();
  return proto::to_json(proto::SelfMediaReply{ch->after.audio_enabled, ch->after.video_enabled});
}

Result<Json> CommandService::chat_send(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::ChatSend>(data);
  if (!r) return r.error();
  auto m = groups_.send_chat(c.group_id, c.participant_id, r->text);
  if (!m) return m.error();
  return proto::to_json(proto::ChatMessageBody{*m});
}

Result<Json> CommandService::chat_history(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::HistoryPage>(data);
  if (!r) return r.error();
  auto page = groups_.chat_history(c.group_id, c.participant_id, *r);
  if (!page) return page.error();
  return proto::to_json(*page);
}

Result<Json> CommandService::polls_create(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::PollsCreate>(data);
  if (!r) return r.error();
  auto poll = groups_.create_poll(c.group_id, c.participant_id, *r);
  if (!poll) return poll.error();
  return proto::to_json(proto::PollBody{poll_view_json(*poll, c.participant_id)});
}

Result<Json> CommandService::polls_vote(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::PollsVote>(data);
  if (!r) return r.error();
  auto poll = groups_.vote(c.group_id, c.participant_id, *r);
  if (!poll) return poll.error();
  return proto::to_json(proto::PollBody{poll_view_json(*poll, c.participant_id)});
}

Result<Json> CommandService::polls_list(const Caller& c, const Json& data) {
  auto r = proto::decode<proto::HistoryPage>(data);
  if (!r) return r.error();
  auto page = groups_.list_polls(c.group_id, c.participant_id, *r);
  if (!page) return page.error();
  return proto::to_json(*page);
}

Result<Json> CommandService::session_ping(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::Empty>(data); !r) return r.error();
  (void)c;
  return proto::to_json(proto::PingReply{groups_.now_ms()});
}

Result<Json> CommandService::session_leave(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::Empty>(data); !r) return r.error();
  (void)c;
  return proto::to_json(proto::Empty{});
}

// ---- recording (of the caller's current meeting; the Recorder does the work) ----

Result<std::string> CommandService::recording_meeting(const Caller& c) {
  const GroupData* g = registry_.group(c.group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + c.group_id);
  const Meeting* m = g->state.meeting_of(c.participant_id);
  if (!m) return make_error(ErrorCode::not_found, "participant " + c.participant_id + " no longer exists");
  if (auto s = check_record(registry_.permissions_of(g->state, c.participant_id)); !s) return s.error();
  if (!recorder_ || !recorder_->options().sfu)
    return make_error(ErrorCode::unavailable,
                      "recording needs the SFU media mode: this server runs --media mesh, where no server sees the "
                      "media (start rtk-server with --media sfu and Janus)");
  return m->id;
}

Result<Json> CommandService::recording_start(const Caller& c, const Json& data) {
  if (auto r = proto::decode<proto::Empty>(data); !r) return r.error();
  auto mid = recording_meeting(c);
  if (!mid) return mid.error();
  const Participant* who = registry_.group(c.group_id)->state.find_participant(c.participant_id);
  Json caller{{"type", "PARTICIPANT"}, {"participant_id", c.participant_id}, {"name", who ? who->name : ""}};
  if (auto r = recorder_->start(*mid, "API_CALL", std::move(caller)); !r) return r.error();
  return proto::to_json(recorder_->state_of(*mid));
}

Result<Json> CommandService::recording_act(const Caller& c, const Json& data, RecordingAction action) {
  auto r = proto::decode<proto::RecordingRequest>(data);
  if (!r) return r.error();
  auto mid = recording_meeting(c);
  if (!mid) return mid.error();
  std::string id;
  if (r->recording_id) {
    const Recording* rec = recorder_->find(*r->recording_id);
    // Only the recordings of the caller's own meeting (another room's are not found here).
    if (!rec || rec->meeting_id != *mid)
      return make_error(ErrorCode::not_found, "no recording " + *r->recording_id + " of meeting " + *mid);
    id = rec->id;
  } else if (const Recording* a = recorder_->active_for(*mid)) {
    id = a->id;
  } else {
    return make_error(ErrorCode::conflict, "meeting " + *mid + " is not being recorded");
  }
  if (auto done = recorder_->act(id, action); !done) return done.error();
  return proto::to_json(recorder_->state_of(*mid));
}

Result<Json> CommandService::recording_stop(const Caller& c, const Json& data) {
  return recording_act(c, data, RecordingAction::stop);
}
Result<Json> CommandService::recording_pause(const Caller& c, const Json& data) {
  return recording_act(c, data, RecordingAction::pause);
}
Result<Json> CommandService::recording_resume(const Caller& c, const Json& data) {
  return recording_act(c, data, RecordingAction::resume);
}

}  // namespace rtk::server
