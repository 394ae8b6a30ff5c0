#include "rtk/presence.hpp"

namespace rtk {

const Presence& presence_of(const PresenceMap& m, std::string_view pid) {
  static const Presence none;
  auto it = m.find(std::string(pid));
  return it == m.end() ? none : it->second;
}

namespace {

struct Apply {
  const GroupState& s;
  const PresenceMap& presence;
  const Actor& a;
  std::size_t max_room;

  Result<PresenceChange> start(const std::string& pid, PresenceChange::Kind kind, std::string_view what) {
    if (auto st = check_self(a, pid, what); !st) return st.error();
    const Meeting* m = s.meeting_of(pid);
    if (!m) return make_error(ErrorCode::not_found, "no participant " + pid + " in this group");
    PresenceChange c;
    c.kind = kind;
    c.participant_id = pid;
    c.meeting_id = m->id;
    c.before = presence_of(presence, pid);
    c.after = c.before;
    return c;
  }

  Result<PresenceChange> operator()(const pcmd::Join& j) {
    auto c = start(j.participant_id, PresenceChange::Kind::joined, "joining");
    if (!c) return c;
    if (max_room > 0 && !c->before.connected && connected_in(s, presence, c->meeting_id) >= max_room)
      return make_error(ErrorCode::limit_exceeded, room_cap_message(max_room));
    c->after = Presence{true, false, false, c->before.session + 1};
    return c;
  }

  Result<PresenceChange> operator()(const pcmd::Leave& l) {
    auto c = start(l.participant_id, PresenceChange::Kind::left, "leaving");
    if (!c) return c;
    if (!c->before.connected)
      return make_error(ErrorCode::conflict, "participant " + l.participant_id + " is not connected");
    c->after.connected = false;
    c->after.audio_enabled = false;
    c->after.video_enabled = false;
    return c;
  }

  Result<PresenceChange> operator()(const pcmd::SetMedia& m) {
    if (!m.audio_enabled && !m.video_enabled)
      return make_error(ErrorCode::invalid_argument, "audio_enabled or video_enabled is required");
    auto c = start(m.participant_id, PresenceChange::Kind::media, "changing media state");
    if (!c) return c;
    const ProduceRights may = produce_rights(a.permissions.media);
    if (m.audio_enabled && *m.audio_enabled && !may.audio)
      return make_error(ErrorCode::permission_denied, "this preset may not produce audio");
    if (m.video_enabled && *m.video_enabled && !may.video)
      return make_error(ErrorCode::permission_denied, "this preset may not produce video");
    if (!c->before.connected)
      return make_error(ErrorCode::conflict, "participant " + m.participant_id + " is not connected");
    if (m.audio_enabled) c->after.audio_enabled = *m.audio_enabled;
    if (m.video_enabled) c->after.video_enabled = *m.video_enabled;
    return c;
  }
};

}  // namespace

ProduceRights produce_rights(const MediaPermissions& m) {
  return ProduceRights{m.audio != ProduceAccess::not_allowed, m.video != ProduceAccess::not_allowed};
}

Result<PresenceChange> apply_presence(const GroupState& state, const PresenceMap& presence,
                                      const PresenceCommand& command, const Actor& actor, std::size_t max_room) {
  Apply a{state, presence, actor, max_room};
  return std::visit([&](const auto& c) { return a(c); }, command);
}

std::size_t connected_in(const GroupState& state, const PresenceMap& presence, std::string_view meeting_id) {
  std::size_t n = 0;
  for (const auto& [pid, p] : presence) {
    if (!p.connected) continue;
    const Meeting* m = state.meeting_of(pid);
    if (m && m->id == meeting_id) ++n;
  }
  return n;
}

std::string room_cap_message(std::size_t max_room) {
  return "a meeting holds at most " + std::to_string(max_room) +
         " connected participants in mesh media mode; run rtk-server with --media sfu for larger meetings";
}

Status check_room_cap(const GroupState& before, const GroupState& after, const PresenceMap& presence,
                      std::size_t max_room) {
  if (max_room == 0) return ok_status();
  std::unordered_map<std::string, std::size_t> was;
  std::unordered_map<std::string, std::size_t> now;
  for (const auto& [pid, p] : presence) {
    if (!p.connected) continue;
    if (const Meeting* m = before.meeting_of(pid)) ++was[m->id];
    if (const Meeting* m = after.meeting_of(pid)) ++now[m->id];
  }
  for (const auto& [mid, n] : now)
    if (n > max_room && n > was[mid]) return make_error(ErrorCode::limit_exceeded, room_cap_message(max_room));
  return ok_status();
}

}  // namespace rtk
