// The connected-meetings reducer, sans-IO (no clock, no randomness, no I/O):
//   apply(state, command, actor, now) -> {new state, events} | Error
// A command applies whole or not at all; an applied command raises `version` by exactly one;
// a refused command leaves the input untouched and answers with a stable error code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "rtk/breakout_plan.hpp"
#include "rtk/breakout_timer.hpp"
#include "rtk/errors.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"

namespace rtk {

struct Limits {
  std::size_t max_meetings = 100;       // connected meetings per group
  std::size_t max_participants = 1000;  // participants per group
  std::size_t max_text_bytes = 256;     // names and titles
};

// Ids of new meetings are made by the server (the core has no randomness) and passed in.
struct MeetingSpec {
  std::string id;
  std::string title;
  friend bool operator==(const MeetingSpec&, const MeetingSpec&) = default;
};

struct Assignment {
  std::string participant_id;
  std::string meeting_id;
  friend bool operator==(const Assignment&, const Assignment&) = default;
};

struct PresetAssignment {
  std::string id;  // participant id
  std::string preset_name;
  friend bool operator==(const PresetAssignment&, const PresetAssignment&) = default;
};

namespace cmd {
struct AddParticipant {
  Participant participant;
  std::string meeting_id;  // empty: the parent (a pre-assignment otherwise)
};
struct RemoveParticipant {
  std::string participant_id;
};
struct UpdateParticipant {
  std::string participant_id;
  std::optional<std::string> name;
  std::optional<std::string> preset_name;
  std::optional<std::string> custom_participant_id;
};
struct CreateMeetings {
  std::vector<MeetingSpec> meetings;
};
struct UpdateMeetings {
  std::vector<MeetingSpec> meetings;
};
struct DeleteMeetings {
  std::vector<std::string> meeting_ids;
};
struct MoveParticipants {
  std::string source_meeting_id;
  std::string destination_meeting_id;
  std::vector<std::string> participant_ids;
  std::optional<std::string> preset_name;  // one custom preset for all moved
};
struct MoveParticipantsWithCustomPreset {
  std::string source_meeting_id;
  std::string destination_meeting_id;
  std::vector<PresetAssignment> participants;
};
// Creates `meetings` and applies `assignments` (into new or existing meetings) atomically.
// With `timer`, the breakout closes itself at now + timer.duration_ms (BreakoutTick).
struct StartBreakout {
  std::vector<MeetingSpec> meetings;
  std::vector<Assignment> assignments;
  std::optional<TimerSpec> timer;
};
// Everyone back to the parent, every connected meeting deleted, atomically (also "end early").
struct CloseBreakout {};
// Sets (or replaces) the timer of a running breakout: deadline = now + duration_ms.
struct SetBreakoutTimer {
  TimerSpec timer;
};
// Moves the running timer's deadline later by extend_ms.
struct ExtendBreakoutTimer {
  std::int64_t extend_ms = 0;
};
// Time passes (the server's timer, system only): at deadline - grace the warning, at the
// deadline the close. conflict when nothing is due, so a tick that changes nothing raises no
// version.
struct BreakoutTick {};
// A participant in a breakout room asks for help (itself, or the system for it).
struct RequestHelp {
  std::string participant_id;
};
// The participant withdraws its request, or a host dismisses it.
struct CancelHelp {
  std::string participant_id;
};
// Turns self-selection on or off, with an optional room capacity (rtk/breakout_self_select.hpp).
struct SetSelfSelection {
  SelfSelection self_selection;
};
// Starts a stored pre-assignment plan (rtk/breakout_plan.hpp): creates one room per plan room
// (ids `meeting_ids`, made by the server), moves the planned participants of the group there
// and keeps the plan's seats for late joiners until the rooms close. Only when no connected
// meeting is open (a plan is a whole round).
struct StartPlan {
  BreakoutPlan plan;
  std::vector<std::string> meeting_ids;  // one per plan room, in order
  std::optional<TimerSpec> timer;
};
// Sets the group's late-joiner policy (durable).
struct SetLateJoinPolicy {
  LateJoinPolicy policy = LateJoinPolicy::parent;
};
}  // namespace cmd

// Durable commands only: presence (join, leave, media) is rtk/presence.hpp and never raises
// the version.
using Command = std::variant<cmd::AddParticipant, cmd::RemoveParticipant, cmd::UpdateParticipant, cmd::CreateMeetings,
                             cmd::UpdateMeetings, cmd::DeleteMeetings, cmd::MoveParticipants,
                             cmd::MoveParticipantsWithCustomPreset, cmd::StartBreakout, cmd::CloseBreakout,
                             cmd::SetBreakoutTimer, cmd::ExtendBreakoutTimer, cmd::BreakoutTick, cmd::RequestHelp,
                             cmd::CancelHelp, cmd::SetSelfSelection, cmd::StartPlan, cmd::SetLateJoinPolicy>;

std::string_view command_name(const Command& c) noexcept;

namespace ev {
struct ParticipantAdded {
  std::string meeting_id;
  Participant participant;
};
struct ParticipantRemoved {
  std::string meeting_id;
  std::string participant_id;
};
struct ParticipantUpdated {
  std::string meeting_id;
  Participant participant;
};
// A participant's assignment changed. The server turns this into connected_meetings.moving
// for the participant and room-scoped joined/left for the two rooms.
struct ParticipantMoved {
  std::string participant_id;
  std::string from_meeting_id;
  std::string to_meeting_id;
  bool record_changed = false;  // the move also changed its record (a custom preset)
};
struct MeetingsCreated {
  std::vector<MeetingSpec> meetings;
};
struct MeetingsUpdated {
  std::vector<MeetingSpec> meetings;
};
struct MeetingsDeleted {
  std::vector<std::string> meeting_ids;
};
// The breakout timer was set, extended, warned, expired (rooms closed) or cleared (the rooms
// were closed another way); `timer` is the new value (nullopt: no timer).
struct TimerChanged {
  std::optional<BreakoutTimer> timer;
  TimerReason reason = TimerReason::unknown;
};
// The help queue changed (asked, cancelled, resolved by a host entering, dropped); the new
// queue is the state's `help`.
struct HelpChanged {};
// StartBreakout recorded a round in the state's `rounds` (the history avoid-repeats reads).
struct RoundRecorded {};
// The state's `self_selection` changed.
struct SelfSelectionChanged {};
// The placement (late-joiner policy, running plan) changed; the new value is the state's.
struct PlacementChanged {};
}  // namespace ev

using Event = std::variant<ev::ParticipantAdded, ev::ParticipantRemoved, ev::ParticipantUpdated, ev::ParticipantMoved,
                           ev::MeetingsCreated, ev::MeetingsUpdated, ev::MeetingsDeleted, ev::TimerChanged,
                           ev::HelpChanged, ev::RoundRecorded, ev::SelfSelectionChanged, ev::PlacementChanged>;

struct Applied {
  GroupState state;
  std::vector<Event> events;
};

// A new, empty group for a parent meeting.
GroupState make_group(std::string parent_id, std::string parent_title);

// When the group's timer next needs a BreakoutTick (nullopt: no timer).
std::optional<std::int64_t> next_tick_ms(const GroupState& state);

Result<Applied> apply(const GroupState& state, const Command& command, const Actor& actor, std::int64_t now_ms,
                      const Limits& limits = {});

}  // namespace rtk
