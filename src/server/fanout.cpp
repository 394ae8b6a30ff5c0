#include "fanout.hpp"

#include <algorithm>

namespace rtk::server {

namespace {
constexpr std::size_t kPageBudgetBytes = 256 * 1024;  // chat and polls in room.joined

std::size_t bytes_of(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace).size(); }

template <class T>
std::vector<SharedText> encode_parts(const std::vector<T>& parts) {
  std::vector<SharedText> out;
  out.reserve(parts.size());
  for (const auto& p : parts) out.push_back(Hub::text(proto::event(p)));
  return out;
}
}  // namespace

std::string_view to_string(MoveReason r) noexcept {
  switch (r) {
    case MoveReason::switched: return "switched";
    case MoveReason::moved_by_host: return "moved_by_host";
    case MoveReason::room_deleted: return "room_deleted";
    case MoveReason::breakout_started: return "breakout_started";
    case MoveReason::breakout_closed: return "breakout_closed";
  }
  return "switched";
}

Fanout::Pending& Fanout::pending(const std::string& gid) { return pending_[gid]; }

void Fanout::schedule() {
  if (scheduled_) return;
  scheduled_ = true;
  scheduler_.defer([this] {
    scheduled_ = false;
    flush();
  });
}

proto::RoomMember Fanout::member(const GroupData& g, const Participant& p) const {
  const Presence& pr = presence_of(g.presence, p.id);
  return proto::RoomMember{p, pr.audio_enabled, pr.video_enabled};
}

void Fanout::applied(const std::string& gid, const GroupDelta& delta, const std::vector<Event>& events,
                     MoveReason reason) {
  const ScheduleOnExit later{*this};
  const GroupData* g = registry_.group(gid);
  if (!g) return;
  Pending& p = pending(gid);
  if (!p.has_delta) {
    p.delta = delta;
    p.has_delta = true;
  } else {
    merge(p.delta, delta);
  }
  auto connected = [&](const std::string& pid) { return presence_of(g->presence, pid).connected; };
  auto room_event = [&](const std::string& mid, proto::RoomEvent::Kind kind, const std::string& pid) {
    proto::RoomEvent e;
    e.kind = kind;
    if (const Participant* part = g->state.find_participant(pid))
      e.member = member(*g, *part);
    else
      e.member.participant.id = pid;
    p.room_events.emplace_back(mid, std::move(e));
  };
  for (const auto& e : events) {
    if (auto* mv = std::get_if<ev::ParticipantMoved>(&e)) {
      if (!connected(mv->participant_id)) continue;
      room_event(mv->from_meeting_id, proto::RoomEvent::Kind::left, mv->participant_id);
      room_event(mv->to_meeting_id, proto::RoomEvent::Kind::joined, mv->participant_id);
      Arrival& a = p.arrivals[mv->participant_id];
      a.moved = true;
      a.reason = reason;
    } else if (auto* up = std::get_if<ev::ParticipantUpdated>(&e)) {
      p.check_permissions.insert(up->participant.id);
      if (connected(up->participant.id))
        room_event(up->meeting_id, proto::RoomEvent::Kind::updated, up->participant.id);
    } else if (auto* rm = std::get_if<ev::ParticipantRemoved>(&e)) {
      if (connected(rm->participant_id)) room_event(rm->meeting_id, proto::RoomEvent::Kind::left, rm->participant_id);
      p.arrivals.erase(rm->participant_id);
      p.direct.emplace_back(rm->participant_id,
                            Direct{Direct::Kind::end, nullptr, proto::EndReason::participant_removed});
    }
  }
}

void Fanout::presence(const std::string& gid, const PresenceChange& c, bool reconnected) {
  const ScheduleOnExit later{*this};
  const GroupData* g = registry_.group(gid);
  if (!g) return;
  Pending& p = pending(gid);
  proto::RoomEvent e;
  if (const Participant* part = g->state.find_participant(c.participant_id))
    e.member = member(*g, *part);
  else
    e.member.participant.id = c.participant_id;
  switch (c.kind) {
    case PresenceChange::Kind::joined: {
      e.kind = proto::RoomEvent::Kind::joined;
      Arrival& a = p.arrivals[c.participant_id];
      a.joined = true;
      a.reconnected = reconnected;
      break;
    }
    case PresenceChange::Kind::left:
      e.kind = proto::RoomEvent::Kind::left;
      p.arrivals.erase(c.participant_id);
      break;
    case PresenceChange::Kind::media: e.kind = proto::RoomEvent::Kind::media; break;
  }
  if (c.kind != PresenceChange::Kind::media || c.before.connected != c.after.connected) {
    if (std::find(p.presence_changed.begin(), p.presence_changed.end(), c.participant_id) == p.presence_changed.end())
      p.presence_changed.push_back(c.participant_id);
  }
  // Consecutive media changes of one participant: only the last one counts.
  if (e.kind == proto::RoomEvent::Kind::media && !p.room_events.empty()) {
    auto& last = p.room_events.back();
    if (last.first == c.meeting_id && last.second.kind == proto::RoomEvent::Kind::media &&
        last.second.member.participant.id == c.participant_id) {
      last.second = std::move(e);
      return;
    }
  }
  p.room_events.emplace_back(c.meeting_id, std::move(e));
}

void Fanout::to_meeting(const std::string& gid, const std::string& mid, SharedText text) {
  const ScheduleOnExit later{*this};
  pending(gid).meeting_frames.push_back(MeetingFrame{mid, std::move(text), nullptr});
}

void Fanout::to_meeting(const std::string& gid, const std::string& mid,
                        std::function<SharedText(const std::string&)> render) {
  const ScheduleOnExit later{*this};
  pending(gid).meeting_frames.push_back(MeetingFrame{mid, nullptr, std::move(render)});
}

void Fanout::to_group(const std::string& gid, SharedText text) {
  const ScheduleOnExit later{*this};
  pending(gid).group_frames.push_back(MeetingFrame{"", std::move(text), nullptr});
}

void Fanout::to_group(const std::string& gid, std::function<SharedText(const std::string&)> render) {
  const ScheduleOnExit later{*this};
  pending(gid).group_frames.push_back(MeetingFrame{"", nullptr, std::move(render)});
}

void Fanout::direct(const std::string& gid, const std::string& pid, SharedText text) {
  const ScheduleOnExit later{*this};
  pending(gid).direct.emplace_back(pid, Direct{Direct::Kind::text, std::move(text), proto::EndReason::unknown});
}

void Fanout::state_to(const std::string& gid, const std::string& pid) {
  const ScheduleOnExit later{*this};
  pending(gid).direct.emplace_back(pid, Direct{Direct::Kind::state, nullptr, proto::EndReason::unknown});
}

void Fanout::end_session(const std::string& gid, const std::string& pid, proto::EndReason reason) {
  const ScheduleOnExit later{*this};
  pending(gid).direct.emplace_back(pid, Direct{Direct::Kind::end, nullptr, reason});
}

void Fanout::presets_changed() {
  const ScheduleOnExit later{*this};
  all_presets_changed_ = true;
  for (auto& [gid, g] : registry_.groups) (void)pending(gid);
}

void Fanout::forget(const std::string& pid) {
  scope_sent_.erase(pid);
  preset_sent_.erase(pid);
}

void Fanout::flush() {
  ++flushes_;
  auto all = std::move(pending_);
  pending_.clear();
  for (auto& [gid, p] : all) flush_group(gid, p);
  all_presets_changed_ = false;
  if (after_flush_)
    for (const auto& [gid, p] : all) after_flush_(gid);
}

void Fanout::send_parts(const std::string& pid, const std::vector<SharedText>& parts) {
  Connection* c = hub_.find(pid);
  if (!c) return;
  for (const auto& t : parts) c->send(t);
}

std::vector<SharedText> Fanout::state_parts(const GroupData& g, GroupScope scope) const {
  return encode_parts(proto::split(make_view(g.state, g.presence, scope)));
}

void Fanout::send_permissions_if_changed(const GroupData& g, const std::string& pid) {
  const Participant* p = g.state.find_participant(pid);
  if (!p) return;
  Json preset = registry_.preset_json(p->preset_name);
  std::string dumped = preset.dump();
  auto it = preset_sent_.find(pid);
  if (it != preset_sent_.end() && it->second == dumped) return;
  const bool had = it != preset_sent_.end();
  preset_sent_[pid] = std::move(dumped);
  if (had) hub_.send(pid, proto::event(proto::SessionPermissions{std::move(preset)}));
}

proto::RoomJoined Fanout::room_snapshot(const GroupData& g, const std::string& pid, bool reconnected) const {
  proto::RoomJoined rj;
  const Meeting* m = g.state.meeting_of(pid);
  const Participant* self = g.state.find_participant(pid);
  if (!m || !self) return rj;
  rj.meeting_id = m->id;
  rj.meeting_title = m->title;
  rj.is_parent = g.state.is_parent(m->id);
  rj.self = member(g, *self);
  rj.preset = registry_.preset_json(self->preset_name);
  rj.recording =
      recording_state_ ? recording_state_(m->id) : proto::RecordingUpdate{m->id, proto::RecordingState::idle, {}};
  // rj.participants stays empty: flush_group supplies the members pre-rendered (encode_room_joined).
  if (auto it = g.chat.find(m->id); it != g.chat.end()) {
    const auto& all = it->second;
    auto page = proto::newest_page(
        all.size(), [&](std::size_t i) { return std::string_view(all[i].id); },
        [&](std::size_t i) { return bytes_of(rtk::to_json(all[i])); }, std::nullopt, proto::kChatPageSize,
        kPageBudgetBytes);
    if (page) {
      rj.chat.assign(all.begin() + static_cast<std::ptrdiff_t>(page->first),
                     all.begin() + static_cast<std::ptrdiff_t>(page->last));
      rj.chat_has_more = page->has_more;
    }
  }
  if (auto it = g.polls.find(m->id); it != g.polls.end()) {
    const auto& all = it->second;
    std::vector<Json> views;
    views.reserve(all.size());
    for (const auto& poll : all) views.push_back(poll_view_json(poll, pid));
    auto page = proto::newest_page(
        all.size(), [&](std::size_t i) { return std::string_view(all[i].id); },
        [&](std::size_t i) { return bytes_of(views[i]); }, std::nullopt, proto::kPollsPageSize, kPageBudgetBytes);
    if (page) {
      for (std::size_t i = page->first; i < page->last; ++i) rj.polls.push_back(views[i]);
      rj.polls_has_more = page->has_more;
    }
  }
  rj.limits = limits_;
  if (media_) rj.media = media_(pid);
  rj.reconnected = reconnected;
  rj.listeners = proto::listeners_for(g.state, g.listening, pid,
                                      registry_.permissions_of(*self).connected_meetings.can_alter_connected_meetings);
  return rj;
}

void Fanout::flush_group(const std::string& gid, Pending& p) {
  const GroupData* g = registry_.group(gid);
  if (!g) return;
  const GroupState& s = g->state;

  // Rendered once, shared by every recipient.
  std::map<GroupScope, std::vector<SharedText>> delta_parts;
  auto delta_for = [&](GroupScope scope) -> const std::vector<SharedText>& {
    auto it = delta_parts.find(scope);
    if (it == delta_parts.end())
      it = delta_parts.emplace(scope, encode_parts(proto::split(view_of(p.delta, s, g->presence, scope)))).first;
    return it->second;
  };
  std::map<GroupScope, std::vector<SharedText>> state_cache;
  auto state_for = [&](GroupScope scope) -> const std::vector<SharedText>& {
    auto it = state_cache.find(scope);
    if (it == state_cache.end()) it = state_cache.emplace(scope, state_parts(*g, scope)).first;
    return it->second;
  };
  SharedText presence_frame;
  if (!p.presence_changed.empty()) {
    proto::CmPresence cp;
    for (const auto& id : p.presence_changed)
      if (s.find_participant(id)) cp.participants.push_back(PresenceItem{id, presence_of(g->presence, id).connected});
    if (!cp.participants.empty()) presence_frame = Hub::text(proto::event(cp));
  }
  std::map<std::string, SharedText> room_updates;
  {
    std::map<std::string, proto::RoomUpdate> by_meeting;
    for (auto& [mid, e] : p.room_events) {
      auto& ru = by_meeting[mid];
      ru.meeting_id = mid;
      ru.events.push_back(std::move(e));
    }
    for (auto& [mid, ru] : by_meeting)
      if (s.find_meeting(mid)) room_updates[mid] = Hub::text(proto::event(ru));
  }

  // The connected members of a meeting, each rendered once per flush, for the room.joined frames
  // of every arrival into it (a close-all sends 1,000 arrivals the same parent roster).
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> rendered_members;
  auto members_of = [&](const Meeting& m) -> const std::vector<std::pair<std::string, std::string>>& {
    auto it = rendered_members.find(m.id);
    if (it != rendered_members.end()) return it->second;
    std::vector<std::pair<std::string, std::string>> v;
    for (const auto& q : m.participants)
      if (presence_of(g->presence, q.id).connected) v.emplace_back(q.id, proto::dump_member(member(*g, q)));
    return rendered_members.emplace(m.id, std::move(v)).first->second;
  };

  auto visit = [&](const Meeting& m) {
    for (const auto& part : m.participants) {
      const std::string& pid = part.id;
      if (!presence_of(g->presence, pid).connected) continue;
      Connection* conn = hub_.find(pid);
      if (!conn) continue;
      const GroupScope scope = scope_for(registry_.permissions_of(part));
      auto arrival = p.arrivals.find(pid);
      const bool fresh = arrival != p.arrivals.end() && arrival->second.joined;
      auto sent = scope_sent_.find(pid);
      const bool needs_state = fresh || sent == scope_sent_.end() || sent->second != scope;
      if (needs_state) {
        send_parts(pid, state_for(scope));
        scope_sent_[pid] = scope;
      } else if (p.has_delta) {
        send_parts(pid, delta_for(scope));
      }
      if (!fresh && presence_frame && scope == GroupScope::full) conn->send(presence_frame);
      if (fresh) preset_sent_.erase(pid);
      if (all_presets_changed_ || p.check_permissions.count(pid)) send_permissions_if_changed(*g, pid);
      if (arrival == p.arrivals.end()) {
        if (auto it = room_updates.find(m.id); it != room_updates.end()) conn->send(it->second);
        for (const auto& f : p.meeting_frames)
          if (f.meeting_id == m.id) conn->send(f.text ? f.text : f.render(pid));
        for (const auto& f : p.group_frames)
          if (SharedText t = f.text ? f.text : f.render(pid)) conn->send(t);
        continue;
      }
      if (arrival->second.moved && !fresh)
        conn->send(
            Hub::text(proto::event(proto::CmMoving{m.id, s.version, std::string(to_string(arrival->second.reason))})));
      const auto& room = members_of(m);
      std::vector<const std::string*> others;
      others.reserve(room.size());
      for (const auto& [id, text] : room)
        if (id != pid) others.push_back(&text);
      for (auto& t : proto::encode_room_joined(room_snapshot(*g, pid, arrival->second.reconnected), others))
        conn->send(std::make_shared<const std::string>(std::move(t)));
      if (fresh) preset_sent_[pid] = registry_.preset_json(part.preset_name).dump();
      for (const auto& f : p.group_frames)
        if (SharedText t = f.text ? f.text : f.render(pid)) conn->send(t);
    }
  };
  visit(s.parent);
  for (const auto& m : s.meetings) visit(m);

  for (auto& [pid, d] : p.direct) {
    switch (d.kind) {
      case Direct::Kind::text: hub_.send(pid, d.text); break;
      case Direct::Kind::state: {
        if (!s.find_participant(pid)) break;
        const GroupScope scope = scope_for(registry_.permissions_of(s, pid));
        send_parts(pid, state_for(scope));
        scope_sent_[pid] = scope;
        break;
      }
      case Direct::Kind::end: hub_.end_session(pid, d.reason); break;
    }
  }
}

}  // namespace rtk::server
