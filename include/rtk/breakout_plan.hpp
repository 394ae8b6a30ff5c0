// Pre-assignment plans and late joiners (issue 12).
//
// A plan is a list of rooms (titles) and who goes where, by the app's `custom_participant_id`.
// The server stores plans per meeting (REST, JSON or CSV) and starts one with
// cmd::StartPlan: its rooms are created, the planned participants already in the group move
// there, and the plan's seats are kept in the group state (`Placement`) while the rooms are open,
// so that a participant joining later can be placed by the group's late-joiner policy:
//   parent    stay in the main room (default; RealtimeKit and Jitsi)
//   planned   the room the running plan names for its custom_participant_id, else the parent
//   smallest  the breakout room with the fewest participants (ties: room order)
// Everything here is pure (no clock, no I/O); the reducer (rtk/connected_meetings.hpp) calls it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

struct Limits;
struct GroupState;
struct Participant;

enum class LateJoinPolicy { unknown = 0, parent, planned, smallest };
std::string_view to_string(LateJoinPolicy p) noexcept;
LateJoinPolicy late_join_policy_from_string(std::string_view s) noexcept;  // unknown when not one

// One planned seat of a running plan: the room (a connected meeting id) for a custom id.
struct PlanSeat {
  std::string custom_participant_id;
  std::string meeting_id;
  friend bool operator==(const PlanSeat&, const PlanSeat&) = default;
};

// The group's placement settings (durable, part of GroupState): the late-joiner policy, and
// while a started plan's rooms are open, the plan's id and seats.
struct Placement {
  LateJoinPolicy late_joiners = LateJoinPolicy::parent;
  std::string plan_id;          // empty: no plan running
  std::vector<PlanSeat> seats;  // in plan order
  friend bool operator==(const Placement&, const Placement&) = default;
  bool is_default() const { return late_joiners == LateJoinPolicy::parent && plan_id.empty() && seats.empty(); }
};
Json to_json(const Placement& p);  // {late_joiners, plan_id?, seats?:[{custom_participant_id, meeting_id}]}
Result<Placement> placement_from_json(const Json& j);

struct PlanRoom {
  std::string title;
  std::vector<std::string> custom_participant_ids;
  friend bool operator==(const PlanRoom&, const PlanRoom&) = default;
};

struct BreakoutPlan {
  std::string id;  // made by the server
  std::string name;
  std::vector<PlanRoom> rooms;
  std::int64_t created_ms = 0;
  friend bool operator==(const BreakoutPlan&, const BreakoutPlan&) = default;
};

inline constexpr std::size_t kMaxPlansPerMeeting = 50;
inline constexpr std::size_t kMaxPlanCsvBytes = std::size_t{512} * 1024;
inline constexpr std::string_view kDefaultPlanName = "Plan";

// The stored and REST shape: {id, name, rooms:[{title, custom_participant_ids}], created_ms}.
Json to_json(const BreakoutPlan& p);
// A stored plan (trusted shape, still checked).
Result<BreakoutPlan> breakout_plan_from_json(const Json& j);
// A plan from a client: {name?, rooms:[{title, custom_participant_ids?}]}; id and created_ms are
// left for the server. Checked against the limits (rooms <= max_meetings, entries <=
// max_participants, texts <= max_text_bytes); a custom id appears at most once in a plan.
Result<BreakoutPlan> parse_plan_json(const Json& body, const Limits& limits);
// A plan from CSV: records `room,custom_participant_id` (RFC 4180 quoting: "a, b", "say ""hi"""),
// an optional header row (`room,custom_participant_id`, or Zoom's `Pre-assign Room Name,Email
// Address`), blank lines skipped, rooms in order of first appearance; a row with an empty
// custom_participant_id declares an empty room. Errors name the line: "line 4: ...".
Result<BreakoutPlan> parse_plan_csv(std::string_view csv, std::string name, const Limits& limits);
// Checks a plan against the limits (the parsers call it; so does the reducer).
Status validate_plan(const BreakoutPlan& p, const Limits& limits);

// The seats of `plan` started into rooms `meeting_ids` (one per plan room, in order).
std::vector<PlanSeat> plan_seats(const BreakoutPlan& plan, const std::vector<std::string>& meeting_ids);
// Where a participant joining the group goes under the group's policy (the parent's id when no
// connected meeting is open, or the policy says so).
std::string place_late_joiner(const GroupState& s, const Participant& p);

}  // namespace rtk
