#include "groups.hpp"

#include "log.hpp"
#include "rtk/breakout_broadcast.hpp"

namespace rtk::server {

Status Groups::commit(const std::function<Status()>& writes) {
  return store_.transaction(writes);  // a failure is already `unavailable` (and logged)
}

Result<Applied> Groups::run(const std::string& group_id, const Command& command, const Actor& actor,
                            const TxHooks& hooks, MoveReason reason) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  auto applied = apply(g->state, command, actor, clock_(), limits_);
  if (!applied) return applied.error();
  if (auto st = check_room_cap(g->state, applied->state, g->presence, room_cap_); !st) return st.error();
  const GroupDelta delta = delta_of(applied->events, g->state.version);
  if (auto st = commit([&]() -> Status {
        if (auto s = store_.write_delta(applied->state, delta); !s) return s;
        if (observer_)
          if (auto s = observer_->in_transaction(group_id, applied->state, g->presence); !s) return s;
        if (hooks.write) return hooks.write();
        return ok_status();
      });
      !st) {
    if (observer_) observer_->committed(group_id, false);
    return st.error();
  }
  g->state = applied->state;
  if (observer_) observer_->committed(group_id, true);
  if (hooks.on_commit) hooks.on_commit();
  fanout_.applied(group_id, delta, applied->events, reason);  // reads who was connected
  for (const auto& e : applied->events)
    if (const auto* t = std::get_if<ev::TimerChanged>(&e)) {
      fanout_.to_group(group_id, timer_frame(t->timer, t->reason));
    } else if (std::holds_alternative<ev::HelpChanged>(e)) {
      fanout_.to_group(group_id,
                       [this, group_id](const std::string& viewer) { return help_frame(group_id, viewer, false); });
    }
  for (const auto& e : applied->events)
    if (auto* rm = std::get_if<ev::ParticipantRemoved>(&e)) g->presence.erase(rm->participant_id);
  prune_listens(group_id);
  return applied;
}

Result<PresenceChange> Groups::presence(const std::string& group_id, const PresenceCommand& command, const Actor& actor,
                                        bool reconnected) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  auto c = apply_presence(g->state, g->presence, command, actor, room_cap_);
  if (!c) return c.error();
  g->presence[c->participant_id] = c->after;
  if (observer_ && (c->before.connected != c->after.connected || c->before.session != c->after.session))
    observer_->presence_changed(group_id, g->state, g->presence);
  fanout_.presence(group_id, *c, reconnected);
  // A participant that connects while a timer runs learns it (after its room.joined).
  if (c->kind == PresenceChange::Kind::joined && g->state.timer)
    fanout_.direct(group_id, c->participant_id, timer_frame(g->state.timer, TimerReason::current));
  if (c->kind == PresenceChange::Kind::joined && !g->state.help.empty())
    if (auto f = help_frame(group_id, c->participant_id, true)) fanout_.direct(group_id, c->participant_id, f);
  prune_listens(group_id);
  return c;
}

SharedText Groups::help_frame(const std::string& group_id, const std::string& viewer, bool skip_empty) const {
  const GroupData* g = registry_.group(group_id);
  if (!g) return nullptr;
  const bool host = registry_.permissions_of(g->state, viewer).connected_meetings.can_alter_connected_meetings;
  auto q = proto::help_queue_for(g->state, viewer, host);
  if (skip_empty && q.requests.empty()) return nullptr;
  return Hub::text(proto::event(q));
}

SharedText Groups::timer_frame(const std::optional<BreakoutTimer>& t, TimerReason reason) const {
  return Hub::text(proto::event(proto::CmTimerUpdate{t, reason, clock_()}));
}

std::size_t Groups::tick_timers() {
  const std::int64_t now = clock_();
  std::vector<std::string> due;
  for (const auto& [id, g] : registry_.groups)
    if (auto at = rtk::next_tick_ms(g.state); at && *at <= now) due.push_back(id);
  std::size_t n = 0;
  for (const auto& id : due) {
    // A warning and the close may both be due (a server that was down): tick until refused.
    for (int i = 0; i < 2; ++i) {
      auto r = run(id, cmd::BreakoutTick{}, Actor::system(), {}, MoveReason::breakout_closed);
      if (!r) {
        if (r.error().code != ErrorCode::conflict)
          log_event("timer_tick_failed", Json{{"group_id", id}, {"message", r.error().message}});
        break;
      }
      ++n;
      log_event("breakout_timer",
                Json{{"group_id", id}, {"timer", r->state.timer ? to_json(*r->state.timer) : Json()}});
    }
  }
  return n;
}

std::optional<std::int64_t> Groups::next_tick_ms() const {
  std::optional<std::int64_t> out;
  for (const auto& [id, g] : registry_.groups)
    if (auto at = rtk::next_tick_ms(g.state); at && (!out || *at < *out)) out = at;
  return out;
}

Status Groups::create_group(const std::string& meeting_id, const std::string& title, const TxHooks& hooks) {
  GroupState s = make_group(meeting_id, title);
  if (auto st = commit([&]() -> Status {
        if (auto r = store_.put_group(s); !r) return r;
        if (hooks.write) return hooks.write();
        return ok_status();
      });
      !st)
    return st;
  registry_.groups[meeting_id].state = std::move(s);
  if (hooks.on_commit) hooks.on_commit();
  return ok_status();
}

Result<Groups::Where> Groups::locate(const std::string& group_id, const std::string& pid) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  const Participant* p = g->state.find_participant(pid);
  const Meeting* m = g->state.meeting_of(pid);
  if (!p || !m) return make_error(ErrorCode::not_found, "no participant " + pid);
  return Where{g, p, m};
}

Result<ChatMessage> Groups::send_chat(const std::string& group_id, const std::string& pid, const std::string& text) {
  auto w = locate(group_id, pid);
  if (!w) return w.error();
  if (auto s = check_chat_send(registry_.permissions_of(w->group->state, pid)); !s) return s.error();
  if (auto s = validate_chat_text(text); !s) return s.error();
  ChatMessage msg{random_uuid(), w->meeting->id, pid, w->participant->name, text, clock_()};
  if (auto s = commit([&] { return store_.put_chat(group_id, msg); }); !s) return s.error();
  w->group->chat[msg.meeting_id].push_back(msg);
  fanout_.to_meeting(group_id, msg.meeting_id, Hub::text(proto::chat_message_event(msg)));
  return msg;
}

Result<proto::BroadcastReply> Groups::broadcast(const std::string& group_id, const Actor& actor,
                                                const std::string& text, const std::vector<std::string>& meeting_ids) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  auto targets = plan_broadcast(g->state, actor, text, meeting_ids);
  if (!targets) return targets.error();
  const Participant* from = actor.is_system() ? nullptr : g->state.find_participant(actor.participant_id);
  const std::string name = from ? from->name : "Host";
  const std::int64_t now = clock_();
  std::vector<ChatMessage> msgs;
  msgs.reserve(targets->size());
  for (const auto& mid : *targets)
    msgs.push_back(ChatMessage{random_uuid(), mid, actor.participant_id, name, text, now});
  if (auto st = commit([&]() -> Status {
        for (const auto& m : msgs)
          if (auto s = store_.put_chat(group_id, m); !s) return s;
        return ok_status();
      });
      !st)
    return st.error();
  for (const auto& m : msgs) {
    g->chat[m.meeting_id].push_back(m);
    fanout_.to_meeting(group_id, m.meeting_id, Hub::text(proto::chat_message_event(m)));
    fanout_.to_meeting(group_id, m.meeting_id, Hub::text(proto::event(proto::CmBroadcastMessage{m})));
  }
  return proto::BroadcastReply{*targets, now};
}

Result<proto::ChatHistoryReply> Groups::chat_history(const std::string& group_id, const std::string& pid,
                                                     const proto::HistoryPage& req) {
  auto w = locate(group_id, pid);
  if (!w) return w.error();
  proto::ChatHistoryReply out;
  auto it = w->group->chat.find(w->meeting->id);
  if (it == w->group->chat.end()) {
    if (req.before_id) return make_error(ErrorCode::not_found, "no item " + *req.before_id + " in this meeting");
    return out;
  }
  const auto& all = it->second;
  auto page = proto::newest_page(
      all.size(), [&](std::size_t i) { return std::string_view(all[i].id); },
      [&](std::size_t i) { return to_json(all[i]).dump().size(); }, req.before_id, req.limit,
      proto::kChunkBudgetBytes * 4);
  if (!page) return page.error();
  out.messages.assign(all.begin() + static_cast<std::ptrdiff_t>(page->first),
                      all.begin() + static_cast<std::ptrdiff_t>(page->last));
  out.has_more = page->has_more;
  return out;
}

void Groups::broadcast_poll(const std::string& group_id, const Poll& p) {
  if (!p.anonymous) {
    fanout_.to_meeting(group_id, p.meeting_id, Hub::text(proto::polls_updated_event(poll_view_json(p, ""))));
    return;
  }
  fanout_.to_meeting(group_id, p.meeting_id, [p](const std::string& viewer) {
    return Hub::text(proto::polls_updated_event(poll_view_json(p, viewer)));
  });
}

Result<Poll> Groups::create_poll(const std::string& group_id, const std::string& pid, const proto::PollsCreate& req) {
  auto w = locate(group_id, pid);
  if (!w) return w.error();
  if (auto s = check_poll_create(registry_.permissions_of(w->group->state, pid)); !s) return s.error();
  if (auto s = validate_poll(req.question, req.options); !s) return s.error();
  Poll poll;
  poll.id = random_uuid();
  poll.meeting_id = w->meeting->id;
  poll.question = req.question;
  for (const auto& o : req.options) poll.options.push_back(PollOption{o, {}});
  poll.anonymous = req.anonymous;
  poll.hide_votes = req.hide_votes;
  poll.created_by = w->participant->name;
  poll.created_by_participant_id = pid;
  poll.time_ms = clock_();
  if (auto s = commit([&] { return store_.put_poll(group_id, poll); }); !s) return s.error();
  w->group->polls[poll.meeting_id].push_back(poll);
  broadcast_poll(group_id, poll);
  return poll;
}

Result<Poll> Groups::vote(const std::string& group_id, const std::string& pid, const proto::PollsVote& req) {
  auto w = locate(group_id, pid);
  if (!w) return w.error();
  if (auto s = check_poll_vote(registry_.permissions_of(w->group->state, pid)); !s) return s.error();
  auto& polls = w->group->polls[w->meeting->id];
  Poll* target = nullptr;
  for (auto& p : polls)
    if (p.id == req.poll_id) target = &p;
  if (!target) return make_error(ErrorCode::not_found, "no poll " + req.poll_id + " in this meeting");
  auto voted = rtk::vote(*target, pid, req.option_index);
  if (!voted) return voted.error();
  if (auto s = commit([&] { return store_.put_poll(group_id, *voted); }); !s) return s.error();
  *target = *voted;
  broadcast_poll(group_id, *target);
  return *target;
}

Result<proto::PollsListReply> Groups::list_polls(const std::string& group_id, const std::string& pid,
                                                 const proto::HistoryPage& req) {
  auto w = locate(group_id, pid);
  if (!w) return w.error();
  proto::PollsListReply out;
  auto it = w->group->polls.find(w->meeting->id);
  if (it == w->group->polls.end()) {
    if (req.before_id) return make_error(ErrorCode::not_found, "no item " + *req.before_id + " in this meeting");
    return out;
  }
  const auto& all = it->second;
  auto page = proto::newest_page(
      all.size(), [&](std::size_t i) { return std::string_view(all[i].id); },
      [&](std::size_t i) { return poll_view_json(all[i], pid).dump().size(); }, req.before_id, req.limit,
      proto::kChunkBudgetBytes * 4);
  if (!page) return page.error();
  for (std::size_t i = page->first; i < page->last; ++i) out.polls.push_back(poll_view_json(all[i], pid));
  out.has_more = page->has_more;
  return out;
}

}  // namespace rtk::server
