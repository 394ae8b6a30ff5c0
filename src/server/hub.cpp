#include "hub.hpp"

#include <set>

namespace rtk::server {

namespace t = proto::type;

std::shared_ptr<Connection> Hub::attach(const std::string& pid, std::shared_ptr<Connection> conn) {
  auto& slot = conns_[pid];
  std::shared_ptr<Connection> old = std::move(slot);
  slot = std::move(conn);
  return old;
}

bool Hub::detach(const std::string& pid, const Connection* conn) {
  auto it = conns_.find(pid);
  if (it == conns_.end() || it->second.get() != conn) return false;
  conns_.erase(it);
  return true;
}

Connection* Hub::find(const std::string& pid) const {
  auto it = conns_.find(pid);
  return it == conns_.end() ? nullptr : it->second.get();
}

void Hub::send(const std::string& pid, const SharedText& text) {
  if (auto* c = find(pid)) c->send(text);
}

void Hub::send(const std::string& pid, const proto::Envelope& e) {
  if (auto* c = find(pid)) c->send(text(e));
}

void Hub::end_session(const std::string& pid, std::string_view reason) {
  // The connection stays registered until its socket has closed: the close then applies
  // `leave` like any other disconnect (WsHandler::on_close).
  auto it = conns_.find(pid);
  if (it == conns_.end()) return;
  auto conn = it->second;
  conn->send(text(proto::make_event(t::session_ended, proto::to_json(proto::SessionEnded{std::string(reason)}))));
  conn->close(1000);
}

void Hub::end_all(std::string_view reason) {
  auto msg = text(proto::make_event(t::session_ended, proto::to_json(proto::SessionEnded{std::string(reason)})));
  auto all = conns_;  // closing never calls back synchronously, but do not iterate what may change
  for (auto& [pid, c] : all) {
    c->send(msg);
    c->close(1001);
  }
}

void Hub::to_meeting(const GroupState& s, const std::string& meeting_id, const SharedText& msg,
                     const std::string& except) {
  const Meeting* m = s.find_meeting(meeting_id);
  if (!m) return;
  for (const auto& p : m->participants)
    if (p.id != except) send(p.id, msg);
}

void Hub::to_group_state(const GroupState& s) {
  auto msg = text(proto::make_event(t::cm_state, to_json(s)));
  auto all = [&](const Meeting& m) {
    for (const auto& p : m.participants) send(p.id, msg);
  };
  all(s.parent);
  for (const auto& m : s.meetings) all(m);
}

void Hub::send_room_joined(const GroupState& s, const GroupData& g, const std::string& pid, bool reconnected) {
  Connection* c = find(pid);
  if (!c) return;
  const Meeting* m = s.meeting_of(pid);
  const Participant* self = s.find_participant(pid);
  if (!m || !self) return;
  proto::RoomJoined rj;
  rj.meeting_id = m->id;
  rj.meeting_title = m->title;
  rj.is_parent = s.is_parent(m->id);
  rj.self = *self;
  rj.preset = registry_.preset_json(self->preset_name);
  for (const auto& p : m->participants)
    if (p.id != pid && p.connected) rj.participants.push_back(p);
  rj.polls = registry_.polls_json(g, m->id, pid);
  rj.state = s;
  rj.reconnected = reconnected;
  Json data = proto::to_json(rj);
  // The codec writes chat through rtk::to_json; use the stored history (last 500).
  data["chat"] = registry_.chat_json(g, m->id);
  c->send(text(proto::make_event(t::room_joined, std::move(data))));
}

void Hub::fanout(const GroupData& g, const std::vector<Event>& events, const FanoutOptions& opt) {
  const GroupState& s = g.state;
  // Moves: final destination per participant (a command moves each participant at most once,
  // but be robust), in event order.
  std::vector<const ev::ParticipantMoved*> moves;
  std::set<std::string> moved;
  for (const auto& e : events)
    if (auto* m = std::get_if<ev::ParticipantMoved>(&e)) {
      if (moved.insert(m->participant_id).second) moves.push_back(m);
    }

  // 1. each moved, connected participant: moving, then room.joined for its destination.
  for (const auto* m : moves) {
    if (!find(m->participant_id)) continue;
    const Meeting* now = s.meeting_of(m->participant_id);
    if (!now) continue;
    send(m->participant_id, proto::make_event(t::cm_moving, proto::to_json(proto::CmMoving{now->id, s.version})));
    send_room_joined(s, g, m->participant_id, false);
  }
  // 2. connected participants who stay in a source meeting: participant_left.
  for (const auto* m : moves) {
    if (!m->connected) continue;
    const Meeting* src = s.find_meeting(m->from_meeting_id);
    if (!src) continue;  // deleted by this command
    auto msg = text(proto::make_event(
        t::room_participant_left, Json{{"meeting_id", src->id}, {"participant_id", m->participant_id}}));
    for (const auto& p : src->participants)
      if (!moved.count(p.id)) send(p.id, msg);
  }
  // 3. connected participants already in a destination meeting: participant_joined.
  for (const auto* m : moves) {
    if (!m->connected) continue;
    const Meeting* dst = s.meeting_of(m->participant_id);
    const Participant* who = s.find_participant(m->participant_id);
    if (!dst || !who) continue;
    auto msg = text(proto::make_event(t::room_participant_joined, Json{{"meeting_id", dst->id}, {"participant", to_json(*who)}}));
    for (const auto& p : dst->participants)
      if (!moved.count(p.id)) send(p.id, msg);
  }
  // Room-scoped events of the other commands.
  for (const auto& e : events) {
    if (auto* j = std::get_if<ev::ParticipantJoined>(&e)) {
      send_room_joined(s, g, j->participant.id, opt.reconnected);
      to_meeting(s, j->meeting_id,
                 text(proto::make_event(t::room_participant_joined,
                                        Json{{"meeting_id", j->meeting_id}, {"participant", to_json(j->participant)}})),
                 j->participant.id);
    } else if (auto* l = std::get_if<ev::ParticipantLeft>(&e)) {
      to_meeting(s, l->meeting_id,
                 text(proto::make_event(t::room_participant_left,
                                        Json{{"meeting_id", l->meeting_id}, {"participant_id", l->participant_id}})),
                 l->participant_id);
    } else if (auto* md = std::get_if<ev::MediaChanged>(&e)) {
      to_meeting(s, md->meeting_id,
                 text(proto::make_event(t::room_media_changed, Json{{"meeting_id", md->meeting_id},
                                                                    {"participant_id", md->participant_id},
                                                                    {"audio_enabled", md->audio_enabled},
                                                                    {"video_enabled", md->video_enabled}})),
                 md->participant_id);
    } else if (auto* u = std::get_if<ev::ParticipantUpdated>(&e)) {
      to_meeting(s, u->meeting_id,
                 text(proto::make_event(t::room_participant_updated,
                                        Json{{"meeting_id", u->meeting_id}, {"participant", to_json(u->participant)}})));
    } else if (auto* r = std::get_if<ev::ParticipantRemoved>(&e)) {
      end_session(r->participant_id, "participant_removed");
      if (r->was_connected)
        to_meeting(s, r->meeting_id,
                   text(proto::make_event(t::room_participant_left,
                                          Json{{"meeting_id", r->meeting_id}, {"participant_id", r->participant_id}})));
    }
  }
  // 4. the group state to every connected participant of the group.
  to_group_state(s);
}

}  // namespace rtk::server
