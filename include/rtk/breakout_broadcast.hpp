// Broadcast: the host sends one text to all breakout rooms or to chosen meetings of the group.
// Pure rules (permission, text limit, target ids); the server stores one chat message per target
// room (it lands in that room's chat history) and sends each room its banner event.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"

namespace rtk {

inline constexpr std::size_t kMaxBroadcastTextBytes = 1000;

// The meetings a broadcast goes to, in group order: `meeting_ids` as given (any meeting of the
// group, the parent included), or every connected meeting when empty. Errors, checked in this
// order so that an actor without the permission learns nothing about ids:
//   permission_denied  without can_alter_connected_meetings
//   invalid_argument   empty, oversize (kMaxBroadcastTextBytes) or non-UTF-8 text; an id twice
//   conflict           no connected meetings are open (and none named)
//   not_found          an id that is not a meeting of this group
Result<std::vector<std::string>> plan_broadcast(const GroupState& state, const Actor& actor, std::string_view text,
                                                const std::vector<std::string>& meeting_ids);

}  // namespace rtk
