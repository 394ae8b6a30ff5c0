#include "groups.hpp"

#include "log.hpp"

namespace rtk::server {

namespace t = proto::type;

Result<Applied> Groups::run(const std::string& group_id, const Command& command, const Actor& actor,
                            const TxHooks& hooks, const FanoutOptions& fanout) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  auto applied = apply(g->state, command, actor, clock_(), limits_);
  if (!applied) return applied.error();
  Status st = store_.transaction([&]() -> Status {
    if (auto s = store_.put_group(applied->state); !s) return s;
    if (hooks.write) return hooks.write();
    return ok_status();
  });
  if (!st) {
    log_event("store_error", Json{{"message", st.error().message}});
    return st.error();
  }
  g->state = applied->state;
  if (hooks.on_commit) hooks.on_commit();
  hub_.fanout(*g, applied->events, fanout);
  return applied;
}

Status Groups::create_group(const std::string& meeting_id, const std::string& title, const TxHooks& hooks) {
  GroupState s = make_group(meeting_id, title);
  Status st = store_.transaction([&]() -> Status {
    if (auto r = store_.put_group(s); !r) return r;
    if (hooks.write) return hooks.write();
    return ok_status();
  });
  if (!st) return st;
  registry_.groups[meeting_id].state = std::move(s);
  if (hooks.on_commit) hooks.on_commit();
  return ok_status();
}

Result<ChatMessage> Groups::send_chat(const std::string& group_id, const std::string& pid, const std::string& text) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  const Participant* p = g->state.find_participant(pid);
  const Meeting* m = g->state.meeting_of(pid);
  if (!p || !m) return make_error(ErrorCode::not_found, "no participant " + pid);
  const Permissions perm = registry_.permissions_of(g->state, pid);
  if (!perm.chat.public_can_send || !perm.chat.public_text)
    return make_error(ErrorCode::permission_denied, "this preset may not send public text messages");
  if (auto s = validate_chat_text(text); !s) return s.error();
  ChatMessage msg{random_uuid(), m->id, pid, p->name, text, clock_()};
  if (auto s = store_.transaction([&] { return store_.put_chat(group_id, msg); }); !s) return s.error();
  g->chat[m->id].push_back(msg);
  hub_.to_meeting(g->state, m->id, Hub::text(proto::make_event(t::chat_message, Json{{"message", to_json(msg)}})));
  return msg;
}

void Groups::broadcast_poll(const GroupData& g, const Poll& p) {
  const Meeting* m = g.state.find_meeting(p.meeting_id);
  if (!m) return;
  const bool same_for_all = !p.anonymous;
  SharedText shared;
  if (same_for_all) shared = Hub::text(proto::make_event(t::polls_updated, Json{{"poll", poll_view_json(p, "")}}));
  for (const auto& q : m->participants) {
    if (!hub_.find(q.id)) continue;
    if (same_for_all)
      hub_.send(q.id, shared);
    else
      hub_.send(q.id, proto::make_event(t::polls_updated, Json{{"poll", poll_view_json(p, q.id)}}));
  }
}

Result<Poll> Groups::create_poll(const std::string& group_id, const std::string& pid, const proto::PollsCreate& req) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  const Participant* p = g->state.find_participant(pid);
  const Meeting* m = g->state.meeting_of(pid);
  if (!p || !m) return make_error(ErrorCode::not_found, "no participant " + pid);
  if (!registry_.permissions_of(g->state, pid).polls.can_create)
    return make_error(ErrorCode::permission_denied, "this preset may not create polls");
  if (auto s = validate_poll(req.question, req.options); !s) return s.error();
  Poll poll;
  poll.id = random_uuid();
  poll.meeting_id = m->id;
  poll.question = req.question;
  for (const auto& o : req.options) poll.options.push_back(PollOption{o, {}});
  poll.anonymous = req.anonymous;
  poll.hide_votes = req.hide_votes;
  poll.created_by = p->name;
  poll.created_by_participant_id = pid;
  poll.time_ms = clock_();
  if (auto s = store_.transaction([&] { return store_.put_poll(group_id, poll); }); !s) return s.error();
  g->polls[m->id].push_back(poll);
  broadcast_poll(*g, poll);
  return poll;
}

Result<Poll> Groups::vote(const std::string& group_id, const std::string& pid, const proto::PollsVote& req) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  const Meeting* m = g->state.meeting_of(pid);
  if (!m) return make_error(ErrorCode::not_found, "no participant " + pid);
  if (!registry_.permissions_of(g->state, pid).polls.can_vote)
    return make_error(ErrorCode::permission_denied, "this preset may not vote in polls");
  auto& polls = g->polls[m->id];
  Poll* target = nullptr;
  for (auto& p : polls)
    if (p.id == req.poll_id) target = &p;
  if (!target) return make_error(ErrorCode::not_found, "no poll " + req.poll_id + " in this meeting");
  auto voted = rtk::vote(*target, pid, req.option_index);
  if (!voted) return voted.error();
  if (auto s = store_.transaction([&] { return store_.put_poll(group_id, *voted); }); !s) return s.error();
  *target = *voted;
  broadcast_poll(*g, *target);
  return *target;
}

}  // namespace rtk::server
