// Host listen-in (rtk/listen.hpp): the listens of a group live in GroupData::listening, in memory
// only. listen/stop change them; prune_listens ends those that no longer hold after every command
// and presence change. Each change sends connected_meetings.listeners to every host and to the
// participants of the meetings whose listeners changed; the SFU picks the feeds up at its resync
// after the flush (janus::wanted_feeds reads the same map).
#include <algorithm>

#include "groups.hpp"
#include "log.hpp"

namespace rtk::server {

Result<proto::ListenReply> Groups::listen(const std::string& group_id, const Actor& actor,
                                          const std::string& meeting_id) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  if (auto st = check_may_listen(g->state, actor, meeting_id, sfu_); !st) return st.error();
  const Presence& pr = presence_of(g->presence, actor.participant_id);
  if (!pr.connected) return make_error(ErrorCode::conflict, "you are not connected to this meeting");
  const ListenMap before = g->listening;
  g->listening[actor.participant_id] = Listen{meeting_id, pr.session};
  log_event("listen", Json{{"participant_id", actor.participant_id}, {"meeting_id", meeting_id}});
  listeners_changed(group_id, before);
  return proto::ListenReply{meeting_id};
}

Result<proto::ListenReply> Groups::stop_listening(const std::string& group_id, const Actor& actor) {
  GroupData* g = registry_.group(group_id);
  if (!g) return make_error(ErrorCode::not_found, "no meeting " + group_id);
  const ListenMap before = g->listening;
  if (g->listening.erase(actor.participant_id) > 0) {
    log_event("listen_stopped", Json{{"participant_id", actor.participant_id}});
    listeners_changed(group_id, before);
  }
  return proto::ListenReply{};
}

void Groups::prune_listens(const std::string& group_id) {
  GroupData* g = registry_.group(group_id);
  if (!g || g->listening.empty()) return;
  const auto ended = ended_listens(g->state, g->presence, g->listening,
                                   [&](const std::string& pid) { return registry_.permissions_of(g->state, pid); });
  if (ended.empty()) return;
  const ListenMap before = g->listening;
  for (const auto& pid : ended) g->listening.erase(pid);
  log_event("listen_ended", Json{{"participant_ids", ended}});
  listeners_changed(group_id, before);
}

void Groups::listeners_changed(const std::string& group_id, const ListenMap& before) {
  const GroupData* g = registry_.group(group_id);
  if (!g) return;
  const std::vector<std::string> affected = listen_changed_meetings(before, g->listening);
  if (affected.empty()) return;
  fanout_.to_group(group_id, [this, group_id, affected](const std::string& viewer) -> SharedText {
    const GroupData* now = registry_.group(group_id);
    if (!now) return nullptr;
    const bool host = registry_.permissions_of(now->state, viewer).connected_meetings.can_alter_connected_meetings;
    if (!host) {
      const Meeting* m = now->state.meeting_of(viewer);
      if (!m || std::find(affected.begin(), affected.end(), m->id) == affected.end()) return nullptr;
    }
    return Hub::text(proto::event(proto::CmListeners{proto::listeners_for(now->state, now->listening, viewer, host)}));
  });
}

}  // namespace rtk::server
