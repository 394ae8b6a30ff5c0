// Who may do what in a meeting group, with RealtimeKit's rules (reference A.3), enforced by
// the server through the reducer. The client may use the same checks to hide controls.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/preset.hpp"

namespace rtk {

struct GroupState;

struct Actor {
  std::string participant_id;  // empty for the system (REST API key)
  Permissions permissions;

  static Actor system() { return Actor{"", full_access_permissions()}; }
  static Actor participant(std::string id, Permissions p) { return Actor{std::move(id), p}; }
  bool is_system() const { return participant_id.empty(); }
};

// createMeetings / updateMeetings / deleteMeetings / start and close breakout.
Status check_alter_connected_meetings(const Actor& actor, std::string_view what);

// moveParticipants: with can_alter_connected_meetings anything; otherwise only the actor
// itself, to the parent with can_switch_to_parent_meeting, elsewhere with
// can_switch_connected_meetings (or, to a breakout room, while the group has self-selection on).
// A custom preset always needs can_alter_connected_meetings.
Status check_move(const Actor& actor, const GroupState& state, std::string_view destination_meeting_id,
                  const std::vector<std::string>& participant_ids, bool custom_preset);

// Actions a participant takes on itself only (join, leave, media); the system may act for anyone.
Status check_self(const Actor& actor, std::string_view participant_id, std::string_view what);

// Roster management (add, remove, update a participant) is the REST API's, i.e. the system's.
Status check_system(const Actor& actor, std::string_view what);

// Chat and polls in the participant's current meeting (its preset's chat and polls sections).
Status check_chat_send(const Permissions& p);
Status check_poll_create(const Permissions& p);
Status check_poll_vote(const Permissions& p);
// Start, stop, pause or resume the recording of the participant's current meeting (can_record).
Status check_record(const Permissions& p);

// The meetings a participant may switch itself to (for room switchers in the UI).
std::vector<std::string> switchable_meetings(const Actor& actor, const GroupState& state);

}  // namespace rtk
