// The meeting-group model: a parent meeting and its connected (breakout) meetings. Every
// participant of the group is listed in exactly one meeting, connected or not.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rtk/breakout_help.hpp"
#include "rtk/breakout_plan.hpp"
#include "rtk/breakout_self_select.hpp"
#include "rtk/breakout_shuffle.hpp"
#include "rtk/breakout_timer.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

struct Participant {
  std::string id;                     // REST participant id (= userId in JS)
  std::string custom_participant_id;  // the app's own id
  std::string preset_name;
  std::string name;  // display_name on the wire
  friend bool operator==(const Participant&, const Participant&) = default;
};

struct Meeting {
  std::string id;
  std::string title;
  std::vector<Participant> participants;
  friend bool operator==(const Meeting&, const Meeting&) = default;
};

struct GroupState {
  std::uint64_t version = 0;
  Meeting parent;
  std::vector<Meeting> meetings;       // connected (breakout) meetings, in creation order
  std::optional<BreakoutTimer> timer;  // only while connected meetings exist
  std::vector<HelpRequest> help;       // pending help requests, oldest first
  std::vector<BreakoutRound> rounds;   // who was with whom at each breakout start, oldest first
  SelfSelection self_selection;        // may participants choose their room (and its capacity)
  Placement placement;                 // late-joiner policy and the running plan (rtk/breakout_plan.hpp)
  friend bool operator==(const GroupState&, const GroupState&) = default;

  const Meeting* find_meeting(std::string_view id) const;
  Meeting* find_meeting(std::string_view id);
  bool is_parent(std::string_view meeting_id) const { return parent.id == meeting_id; }
  // The meeting a participant is assigned to, or nullptr for an unknown participant.
  const Meeting* meeting_of(std::string_view participant_id) const;
  const Participant* find_participant(std::string_view participant_id) const;
  std::size_t participant_count() const;
};

// Durable shapes (the store's and the REST API's): participant {id, custom_participant_id,
// preset_name, display_name}; meeting {id, title, participants}; state {version,
// parent_meeting, meetings, timer?, help?, rounds?, self_selection?}. Presence (connected, audio, video) is not part of
// the group state: see rtk/presence.hpp, and rtk/group_view.hpp for what goes on the wire.
Json to_json(const Participant& p);
Json to_json(const Meeting& m);
Json to_json(const GroupState& s);
Result<Participant> participant_from_json(const Json& j);
Result<Meeting> meeting_from_json(const Json& j);
Result<GroupState> group_state_from_json(const Json& j);

// Checks the structural invariants; returns a description of the first violation, or
// nothing. Used by property tests and by the server after loading a stored state.
std::optional<std::string> check_invariants(const GroupState& s);

}  // namespace rtk
