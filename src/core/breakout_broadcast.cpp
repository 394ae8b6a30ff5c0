#include "rtk/breakout_broadcast.hpp"

#include <set>

#include "rtk/json.hpp"

namespace rtk {

Result<std::vector<std::string>> plan_broadcast(const GroupState& state, const Actor& actor, std::string_view text,
                                                const std::vector<std::string>& meeting_ids) {
  if (auto st = check_alter_connected_meetings(actor, "broadcasting to the rooms"); !st) return st.error();
  if (auto st = validate_text("text", text, kMaxBroadcastTextBytes); !st) return st.error();
  std::vector<std::string> out;
  if (meeting_ids.empty()) {
    if (state.meetings.empty()) return make_error(ErrorCode::conflict, "no connected meetings are open");
    for (const auto& m : state.meetings) out.push_back(m.id);
    return out;
  }
  std::set<std::string> seen;
  for (const auto& id : meeting_ids) {
    if (!seen.insert(id).second) return make_error(ErrorCode::invalid_argument, "meeting " + id + " appears twice");
    if (!state.find_meeting(id)) return make_error(ErrorCode::not_found, "no meeting " + id + " in this group");
  }
  // group order: the parent first, then the rooms in creation order
  if (seen.count(state.parent.id)) out.push_back(state.parent.id);
  for (const auto& m : state.meetings)
    if (seen.count(m.id)) out.push_back(m.id);
  return out;
}

}  // namespace rtk
