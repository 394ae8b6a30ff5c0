#include "rtk/listen.hpp"

#include <algorithm>
#include <set>

namespace rtk {

Status check_may_listen(const GroupState& state, const Actor& actor, std::string_view meeting_id, bool sfu_mode) {
  if (actor.is_system())
    return make_error(ErrorCode::permission_denied, "listening in is for participants: the API key receives no media");
  if (auto st = check_alter_connected_meetings(actor, "listening in to a meeting"); !st) return st;
  if (!sfu_mode)
    return make_error(ErrorCode::unavailable,
                      "listening in needs the SFU media mode: this server runs --media mesh, where media flows only "
                      "between the participants of one meeting (start rtk-server with --media sfu and Janus)");
  const Meeting* target = state.find_meeting(meeting_id);
  if (!target) return make_error(ErrorCode::not_found, "no meeting " + std::string(meeting_id) + " in this group");
  const Meeting* mine = state.meeting_of(actor.participant_id);
  if (!mine) return make_error(ErrorCode::not_found, "participant " + actor.participant_id + " is not in this group");
  if (mine->id == target->id)
    return make_error(ErrorCode::invalid_argument,
                      "data.meeting_id: you are in meeting " + target->id + " already; listen to another meeting");
  return ok_status();
}

bool listen_holds(const GroupState& state, const PresenceMap& presence, const Permissions& p,
                  const std::string& listener_id, const Listen& l) {
  const Presence& pr = presence_of(presence, listener_id);
  if (!pr.connected || pr.session != l.session) return false;
  if (!p.connected_meetings.can_alter_connected_meetings) return false;
  const Meeting* target = state.find_meeting(l.meeting_id);
  const Meeting* mine = state.meeting_of(listener_id);
  return target && mine && mine->id != target->id;
}

std::vector<std::string> ended_listens(const GroupState& state, const PresenceMap& presence, const ListenMap& listens,
                                       const std::function<Permissions(const std::string&)>& permissions_of) {
  std::vector<std::string> out;
  for (const auto& [pid, l] : listens)
    if (!state.find_participant(pid) || !listen_holds(state, presence, permissions_of(pid), pid, l)) out.push_back(pid);
  return out;  // map order: sorted
}

std::vector<std::string> listen_changed_meetings(const ListenMap& before, const ListenMap& after) {
  std::set<std::string> out;
  for (const auto& [pid, l] : before) {
    auto it = after.find(pid);
    if (it == after.end() || it->second.meeting_id != l.meeting_id) out.insert(l.meeting_id);
  }
  for (const auto& [pid, l] : after) {
    auto it = before.find(pid);
    if (it == before.end() || it->second.meeting_id != l.meeting_id) out.insert(l.meeting_id);
  }
  return {out.begin(), out.end()};
}

}  // namespace rtk
