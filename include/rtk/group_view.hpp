// What a participant sees of its meeting group, and how it follows changes.
//
// The server keeps the durable GroupState (rtk/meeting.hpp) and the presence map
// (rtk/presence.hpp). Each participant receives a *view* of the group in one of three scopes,
// chosen from its preset (docs/decisions.md, "Who sees what of the group"):
//   full    can_alter_connected_meetings: every room with its participants and who is connected
//           (the host's breakout manager); presence changes arrive coalesced.
//   roster  a switch permission: every room with its participants, no presence.
//   summary neither: room ids, titles and participant counts only.
// After the initial view (connected_meetings.state) the participant receives versioned deltas
// (connected_meetings.delta, from_version -> version) with only what changed. A delta holds the
// final value of everything it names, so it applies to any view whose version lies in
// [from_version, version): deltas of one burst merge into one.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "rtk/connected_meetings.hpp"
#include "rtk/errors.hpp"
#include "rtk/json.hpp"
#include "rtk/meeting.hpp"
#include "rtk/presence.hpp"

namespace rtk {

enum class GroupScope { unknown = 0, summary, roster, full };
std::string_view to_string(GroupScope s) noexcept;
GroupScope group_scope_from_string(std::string_view s) noexcept;
GroupScope scope_for(const Permissions& p) noexcept;

// ---- the durable delta (server side): what one or more applied commands changed, by id ----

struct GroupDelta {
  std::uint64_t from_version = 0;
  std::uint64_t version = 0;
  std::vector<std::string> meetings_upserted;  // created or renamed, in first-change order
  std::vector<std::string> meetings_removed;
  struct Member {
    std::string participant_id;
    bool reposition = false;  // appended at the end of its meeting (added or moved)
    bool record = true;       // its record is new or changed (false: only its meeting changed)
  };
  std::vector<Member> participants_upserted;  // moved, added or updated
  std::vector<std::string> participants_removed;
  std::set<std::string> meetings_touched;  // whose participant list changed (for counts)
  bool timer_changed = false;              // the breakout timer was set, changed or cleared
  bool help_changed = false;               // the help queue changed
  bool rounds_changed = false;             // a breakout round was recorded (store only)
  bool self_selection_changed = false;     // the self-selection setting changed
  bool placement_changed = false;          // the late-joiner policy or the running plan changed

  bool empty() const {
    return meetings_upserted.empty() && meetings_removed.empty() && participants_upserted.empty() &&
           participants_removed.empty();
  }
};

// The delta of one applied command (its events), from `from_version` to `from_version + 1`.
GroupDelta delta_of(const std::vector<Event>& events, std::uint64_t from_version);
// Appends `next` (whose from_version is acc.version) to `acc`, keeping final values only.
void merge(GroupDelta& acc, const GroupDelta& next);

// ---- views (the wire shapes) ----

struct MemberView {
  Participant participant;
  std::optional<bool> connected;  // full scope only
  friend bool operator==(const MemberView&, const MemberView&) = default;
};

struct MeetingView {
  std::string id;
  std::string title;
  std::size_t participant_count = 0;
  std::vector<MemberView> participants;  // empty in summary scope
  friend bool operator==(const MeetingView&, const MeetingView&) = default;
};

// What hosts see of the placement (full scope only): the late-joiner policy and the running plan
// (the plan's seats stay on the server). Wire: {late_joiners, plan_id} (plan_id "" when none).
struct PlacementView {
  LateJoinPolicy late_joiners = LateJoinPolicy::parent;
  std::string plan_id;
  friend bool operator==(const PlacementView&, const PlacementView&) = default;
};

struct GroupView {
  std::uint64_t version = 0;
  GroupScope scope = GroupScope::full;
  MeetingView parent;
  std::vector<MeetingView> meetings;
  SelfSelection self_selection;  // every scope: whether (and how full) rooms may be chosen
  PlacementView placement;       // full scope only (default elsewhere)
  friend bool operator==(const GroupView&, const GroupView&) = default;

  const MeetingView* find_meeting(std::string_view id) const;
  MeetingView* find_meeting(std::string_view id);
  // The meeting a participant is in (roster and full scopes), or nullptr.
  const MeetingView* meeting_of(std::string_view participant_id) const;
  const MemberView* find_member(std::string_view participant_id) const;
};

GroupView make_view(const GroupState& state, const PresenceMap& presence, GroupScope scope);

struct DeltaMember {
  std::string meeting_id;
  bool reposition = false;
  Participant participant;        // only participant.id when moved_only
  std::optional<bool> connected;  // full scope only
  // A move of a participant the recipient already knows: the wire entry is {meeting_id, id,
  // reposition} without the record (a move of one participant costs its id, not its record;
  // a close-all moves everyone). A recipient that does not know the id treats it as a gap.
  bool moved_only = false;
  friend bool operator==(const DeltaMember&, const DeltaMember&) = default;
};
// One participants_upserted entry as sent (the delta codec and the chunk sizing share it).
Json to_json(const DeltaMember& u);
struct MeetingCount {
  std::string id;
  std::size_t participant_count = 0;
  friend bool operator==(const MeetingCount&, const MeetingCount&) = default;
};

// connected_meetings.delta for one scope.
struct GroupDeltaView {
  std::uint64_t from_version = 0;
  std::uint64_t version = 0;
  GroupScope scope = GroupScope::full;
  std::vector<MeetingSpec> meetings_upserted;
  std::vector<std::string> meetings_removed;
  std::vector<DeltaMember> participants_upserted;  // roster and full scopes
  std::vector<std::string> participants_removed;   // roster and full scopes
  std::vector<MeetingCount> counts;                // summary scope: meetings whose count changed
  std::optional<SelfSelection> self_selection;     // every scope: the new setting, when it changed
  std::optional<PlacementView> placement;          // full scope: the new placement, when it changed
  friend bool operator==(const GroupDeltaView&, const GroupDeltaView&) = default;
};

// Renders a durable delta for one scope with the values of `now` (the state at d.version).
GroupDeltaView view_of(const GroupDelta& d, const GroupState& now, const PresenceMap& presence, GroupScope scope);

enum class DeltaResult { applied, stale, gap };
// Applies a delta to a view: `stale` (nothing to do) when view.version >= d.version, `gap`
// (the caller asks for the state again; the view is unchanged) when view.version <
// d.from_version or the scopes differ, `applied` otherwise.
DeltaResult apply_delta(GroupView& view, const GroupDeltaView& d);

// Presence of the full scope: participant -> connected, applied without a version.
struct PresenceItem {
  std::string id;
  bool connected = false;
  friend bool operator==(const PresenceItem&, const PresenceItem&) = default;
};
void apply_presence(GroupView& view, const std::vector<PresenceItem>& items);

Json to_json(const MemberView& m);
Json to_json(const MeetingView& m, GroupScope scope);
Json to_json(const GroupView& v);
Json to_json(const PlacementView& p);
Result<PlacementView> placement_view_from_json(const Json& j);
Result<GroupView> group_view_from_json(const Json& j);
Json to_json(const GroupDeltaView& d);
Result<GroupDeltaView> group_delta_from_json(const Json& j);

}  // namespace rtk
