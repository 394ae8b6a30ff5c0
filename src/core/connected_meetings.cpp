#include "rtk/connected_meetings.hpp"

#include <algorithm>
#include <set>

namespace rtk {
namespace {

Error invalid(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
Error not_found(std::string m) { return make_error(ErrorCode::not_found, std::move(m)); }
Error conflict(std::string m) { return make_error(ErrorCode::conflict, std::move(m)); }

// The working copy a command mutates. Errors are returned before the copy is published,
// so a refused command never changes the caller's state.
struct Tx {
  GroupState s;
  std::vector<Event> events;
  const Limits& limits;
  std::int64_t now = 0;
  const Actor* actor = nullptr;

  Participant* participant(std::string_view id, Meeting** where = nullptr) {
    auto in = [&](Meeting& m) -> Participant* {
      for (auto& p : m.participants)
        if (p.id == id) {
          if (where) *where = &m;
          return &p;
        }
      return nullptr;
    };
    if (auto* p = in(s.parent)) return p;
    for (auto& m : s.meetings)
      if (auto* p = in(m)) return p;
    return nullptr;
  }

  // Moves one participant; records the event. Caller has validated ids.
  void move(const std::string& pid, const std::string& to_id, const std::optional<std::string>& preset) {
    Meeting* from = nullptr;
    Participant* p = participant(pid, &from);
    Participant moved = *p;
    if (preset) moved.preset_name = *preset;
    const std::string from_id = from->id;
    if (from_id == to_id) {
      *p = moved;
      return;
    }
    const bool record_changed = !(moved == *p);
    from->participants.erase(from->participants.begin() + (p - from->participants.data()));
    Meeting* to = s.find_meeting(to_id);
    to->participants.push_back(moved);
    events.push_back(ev::ParticipantMoved{pid, from_id, to_id, record_changed});
    // A host that moves itself into a room answers that room's help requests.
    if (actor && !actor->is_system() && actor->participant_id == pid &&
        actor->permissions.connected_meetings.can_alter_connected_meetings) {
      const auto before = s.help.size();
      std::erase_if(s.help, [&](const HelpRequest& h) { return h.meeting_id == to_id; });
      if (s.help.size() != before) help_changed = true;
    }
  }

  Status validate_titles(const std::vector<MeetingSpec>& specs, bool new_ids) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      const auto& m = specs[i];
      const std::string field = "meetings[" + std::to_string(i) + "]";
      if (m.id.empty()) return invalid(field + ".id must not be empty");
      if (!seen.insert(m.id).second) return invalid(field + ".id " + m.id + " appears twice");
      if (auto st = validate_text(field + ".title", m.title, limits.max_text_bytes); !st) return st;
      if (new_ids && s.find_meeting(m.id)) return conflict("meeting id " + m.id + " already exists");
      if (!new_ids && !s.find_meeting(m.id)) return not_found("no meeting " + m.id + " in this group");
    }
    return ok_status();
  }

  Status create(const std::vector<MeetingSpec>& specs) {
    if (auto st = validate_titles(specs, true); !st) return st;
    if (s.meetings.size() + specs.size() > limits.max_meetings)
      return make_error(ErrorCode::limit_exceeded, "a group has at most " + std::to_string(limits.max_meetings) +
                                                       " connected meetings; it has " +
                                                       std::to_string(s.meetings.size()));
    for (const auto& m : specs) s.meetings.push_back(Meeting{m.id, m.title, {}});
    if (!specs.empty()) events.push_back(ev::MeetingsCreated{specs});
    return ok_status();
  }

  Status validate_moves(const std::string& source, const std::string& dest, const std::vector<std::string>& ids) {
    if (ids.empty()) return invalid("participant_ids must not be empty");
    if (!s.find_meeting(source)) return not_found("no meeting " + source + " in this group");
    if (!s.find_meeting(dest)) return not_found("no meeting " + dest + " in this group");
    if (source == dest) return invalid("source and destination are the same meeting");
    std::set<std::string> seen;
    for (const auto& id : ids) {
      if (!seen.insert(id).second) return invalid("participant " + id + " appears twice");
      const Meeting* where = s.meeting_of(id);
      if (!where) return not_found("no participant " + id + " in this group");
      if (where->id != source) return conflict("participant " + id + " is not in meeting " + source);
    }
    return ok_status();
  }

  Status delete_meetings(const std::vector<std::string>& ids) {
    if (ids.empty()) return invalid("meeting_ids must not be empty");
    std::set<std::string> seen;
    for (const auto& id : ids) {
      if (!seen.insert(id).second) return invalid("meeting " + id + " appears twice");
      if (s.is_parent(id)) return invalid("the parent meeting cannot be deleted");
      if (!s.find_meeting(id)) return not_found("no meeting " + id + " in this group");
    }
    // Occupants go back to the parent first, in room order.
    for (const auto& id : ids) {
      std::vector<std::string> occupants;
      for (const auto& p : s.find_meeting(id)->participants) occupants.push_back(p.id);
      for (const auto& pid : occupants) move(pid, s.parent.id, std::nullopt);
    }
    s.meetings.erase(
        std::remove_if(s.meetings.begin(), s.meetings.end(), [&](const Meeting& m) { return seen.count(m.id) > 0; }),
        s.meetings.end());
    events.push_back(ev::MeetingsDeleted{ids});
    return ok_status();
  }

  Status operator()(const cmd::AddParticipant& c, const Actor& a) {
    if (auto st = check_system(a, "adding a participant"); !st) return st;
    const Participant& p = c.participant;
    if (p.id.empty()) return invalid("participant.id must not be empty");
    if (auto st = validate_text("name", p.name, limits.max_text_bytes); !st) return st;
    if (auto st = validate_text("preset_name", p.preset_name, limits.max_text_bytes); !st) return st;
    if (p.custom_participant_id.size() > limits.max_text_bytes) return invalid("custom_participant_id is too long");
    if (s.meeting_of(p.id)) return conflict("participant " + p.id + " already exists");
    if (s.participant_count() >= limits.max_participants)
      return make_error(ErrorCode::limit_exceeded,
                        "a group has at most " + std::to_string(limits.max_participants) + " participants");
    // No room given: a participant joining while breakout runs is placed by the group's policy.
    const std::string mid = c.meeting_id.empty() ? place_late_joiner(s, p) : c.meeting_id;
    Meeting* m = s.find_meeting(mid);
    if (!m) return not_found("no meeting " + mid + " in this group");
    m->participants.push_back(p);
    events.push_back(ev::ParticipantAdded{mid, p});
    return ok_status();
  }

  Status operator()(const cmd::RemoveParticipant& c, const Actor& a) {
    if (auto st = check_system(a, "removing a participant"); !st) return st;
    Meeting* m = nullptr;
    Participant* p = participant(c.participant_id, &m);
    if (!p) return not_found("no participant " + c.participant_id + " in this group");
    m->participants.erase(m->participants.begin() + (p - m->participants.data()));
    events.push_back(ev::ParticipantRemoved{m->id, c.participant_id});
    return ok_status();
  }

  Status operator()(const cmd::UpdateParticipant& c, const Actor& a) {
    if (auto st = check_system(a, "updating a participant"); !st) return st;
    Meeting* m = nullptr;
    Participant* p = participant(c.participant_id, &m);
    if (!p) return not_found("no participant " + c.participant_id + " in this group");
    if (!c.name && !c.preset_name && !c.custom_participant_id) return invalid("nothing to update");
    if (c.name)
      if (auto st = validate_text("name", *c.name, limits.max_text_bytes); !st) return st;
    if (c.preset_name)
      if (auto st = validate_text("preset_name", *c.preset_name, limits.max_text_bytes); !st) return st;
    if (c.custom_participant_id && c.custom_participant_id->size() > limits.max_text_bytes)
      return invalid("custom_participant_id is too long");
    if (c.name) p->name = *c.name;
    if (c.preset_name) p->preset_name = *c.preset_name;
    if (c.custom_participant_id) p->custom_participant_id = *c.custom_participant_id;
    events.push_back(ev::ParticipantUpdated{m->id, *p});
    return ok_status();
  }

  Status operator()(const cmd::CreateMeetings& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "createMeetings"); !st) return st;
    if (c.meetings.empty()) return invalid("meetings must not be empty");
    return create(c.meetings);
  }

  Status operator()(const cmd::UpdateMeetings& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "updateMeetings"); !st) return st;
    if (c.meetings.empty()) return invalid("meetings must not be empty");
    if (auto st = validate_titles(c.meetings, false); !st) return st;
    for (const auto& m : c.meetings) s.find_meeting(m.id)->title = m.title;
    events.push_back(ev::MeetingsUpdated{c.meetings});
    return ok_status();
  }

  Status operator()(const cmd::DeleteMeetings& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "deleteMeetings"); !st) return st;
    return delete_meetings(c.meeting_ids);
  }

  // Permission first: an actor without the right to move gets permission_denied whether or
  // not the ids exist, so it cannot probe which meetings or participants exist.
  Status operator()(const cmd::MoveParticipants& c, const Actor& a) {
    if (auto st = check_move(a, s, c.destination_meeting_id, c.participant_ids, c.preset_name.has_value()); !st)
      return st;
    if (auto st = validate_moves(c.source_meeting_id, c.destination_meeting_id, c.participant_ids); !st) return st;
    if (c.preset_name)
      if (auto st = validate_text("preset_name", *c.preset_name, limits.max_text_bytes); !st) return st;
    if (auto st = check_self_selected_capacity(a, c.destination_meeting_id); !st) return st;
    for (const auto& id : c.participant_ids) move(id, c.destination_meeting_id, c.preset_name);
    return ok_status();
  }

  // A participant moving itself (not a host) into a breakout room is held to the self-selection
  // capacity.
  Status check_self_selected_capacity(const Actor& a, const std::string& dest) {
    if (a.permissions.connected_meetings.can_alter_connected_meetings || s.is_parent(dest)) return ok_status();
    const Meeting* m = s.find_meeting(dest);
    return check_room_capacity(s.self_selection, m->title, m->participants.size());
  }

  Status operator()(const cmd::SetSelfSelection& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "setting self-selection"); !st) return st;
    if (c.self_selection.capacity > kMaxRoomCapacity)
      return invalid("capacity must be at most " + std::to_string(kMaxRoomCapacity) + " (0: no limit)");
    s.self_selection = c.self_selection;
    if (!s.self_selection.enabled) s.self_selection.capacity = 0;
    events.push_back(ev::SelfSelectionChanged{});
    return ok_status();
  }

  Status operator()(const cmd::MoveParticipantsWithCustomPreset& c, const Actor& a) {
    std::vector<std::string> ids;
    for (const auto& p : c.participants) ids.push_back(p.id);
    if (auto st = check_move(a, s, c.destination_meeting_id, ids, true); !st) return st;
    if (auto st = validate_moves(c.source_meeting_id, c.destination_meeting_id, ids); !st) return st;
    for (const auto& p : c.participants)
      if (auto st = validate_text("preset_name", p.preset_name, limits.max_text_bytes); !st) return st;
    for (const auto& p : c.participants) move(p.id, c.destination_meeting_id, p.preset_name);
    return ok_status();
  }

  Status operator()(const cmd::StartBreakout& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "starting a breakout"); !st) return st;
    if (c.meetings.empty() && c.assignments.empty()) return invalid("nothing to start: no meetings and no assignments");
    if (auto st = create(c.meetings); !st) return st;
    std::set<std::string> seen;
    for (const auto& as : c.assignments) {
      if (!seen.insert(as.participant_id).second)
        return invalid("participant " + as.participant_id + " is assigned twice");
      if (!s.meeting_of(as.participant_id)) return not_found("no participant " + as.participant_id + " in this group");
      if (!s.find_meeting(as.meeting_id)) return not_found("no meeting " + as.meeting_id + " in this group");
    }
    if (c.timer)
      if (auto st = validate_timer_spec(*c.timer); !st) return st;
    for (const auto& as : c.assignments) move(as.participant_id, as.meeting_id, std::nullopt);
    if (c.timer) set_timer(make_timer(*c.timer, now), TimerReason::set);
    if (auto r = round_of(s); !r.rooms.empty()) {
      record_round(s.rounds, std::move(r));
      events.push_back(ev::RoundRecorded{});
    }
    return ok_status();
  }

  Status operator()(const cmd::CloseBreakout&, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "closing the breakout"); !st) return st;
    if (s.meetings.empty()) return conflict("no connected meetings are open");
    std::vector<std::string> ids;
    for (const auto& m : s.meetings) ids.push_back(m.id);
    return delete_meetings(ids);
  }

  Status operator()(const cmd::SetBreakoutTimer& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "setting the breakout timer"); !st) return st;
    if (auto st = validate_timer_spec(c.timer); !st) return st;
    if (s.meetings.empty()) return conflict("no connected meetings are open");
    set_timer(make_timer(c.timer, now), TimerReason::set);
    return ok_status();
  }

  Status operator()(const cmd::ExtendBreakoutTimer& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "extending the breakout timer"); !st) return st;
    if (!s.timer) return conflict("no breakout timer is running");
    auto t = extend_timer(*s.timer, c.extend_ms, now);
    if (!t) return t.error();
    set_timer(*t, TimerReason::extended);
    return ok_status();
  }

  Status operator()(const cmd::BreakoutTick&, const Actor& a) {
    if (auto st = check_system(a, "advancing the breakout timer"); !st) return st;
    if (!s.timer) return conflict("no breakout timer is running");
    if (now >= s.timer->deadline_ms) {
      std::vector<std::string> ids;
      for (const auto& m : s.meetings) ids.push_back(m.id);
      set_timer(std::nullopt, TimerReason::expired);
      if (!ids.empty()) return delete_meetings(ids);
      return ok_status();
    }
    if (!s.timer->warned && now >= s.timer->deadline_ms - s.timer->grace_ms) {
      BreakoutTimer t = *s.timer;
      t.warned = true;
      set_timer(t, TimerReason::warning);
      return ok_status();
    }
    return conflict("the breakout timer is not due");
  }

  Status operator()(const cmd::RequestHelp& c, const Actor& a) {
    if (auto st = check_self(a, c.participant_id, "asking for help"); !st) return st;
    const Meeting* m = s.meeting_of(c.participant_id);
    if (!m) return not_found("no participant " + c.participant_id + " in this group");
    if (s.is_parent(m->id)) return conflict("help is asked from a breakout room; you are in the main room");
    for (const auto& h : s.help)
      if (h.participant_id == c.participant_id) return conflict("your help request is already pending");
    s.help.push_back(HelpRequest{c.participant_id, m->id, now});
    help_changed = true;
    return ok_status();
  }

  Status operator()(const cmd::CancelHelp& c, const Actor& a) {
    if (a.is_system() || a.participant_id != c.participant_id)
      if (auto st = check_alter_connected_meetings(a, "dismissing another participant's help request"); !st) return st;
    const auto before = s.help.size();
    std::erase_if(s.help, [&](const HelpRequest& h) { return h.participant_id == c.participant_id; });
    if (s.help.size() == before) return not_found("no pending help request of " + c.participant_id);
    help_changed = true;
    return ok_status();
  }

  Status operator()(const cmd::StartPlan& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "starting a plan"); !st) return st;
    if (!s.meetings.empty()) return conflict("a breakout is running; close it before starting a plan");
    if (c.plan.id.empty()) return invalid("plan.id must not be empty");
    if (auto st = validate_plan(c.plan, limits); !st) return st;
    if (c.meeting_ids.size() != c.plan.rooms.size()) return invalid("one meeting id per plan room is needed");
    if (c.timer)
      if (auto st = validate_timer_spec(*c.timer); !st) return st;
    std::vector<MeetingSpec> specs;
    for (std::size_t i = 0; i < c.meeting_ids.size(); ++i)
      specs.push_back(MeetingSpec{c.meeting_ids[i], c.plan.rooms[i].title});
    if (auto st = create(specs); !st) return st;
    s.placement.plan_id = c.plan.id;
    s.placement.seats = plan_seats(c.plan, c.meeting_ids);
    // Everyone of the group whose custom id the plan names, in parent order; the rest stay.
    std::vector<std::pair<std::string, std::string>> moves;
    for (const auto& p : s.parent.participants) {
      if (p.custom_participant_id.empty()) continue;
      for (const auto& seat : s.placement.seats)
        if (seat.custom_participant_id == p.custom_participant_id) {
          moves.emplace_back(p.id, seat.meeting_id);
          break;
        }
    }
    for (const auto& [pid, mid] : moves) move(pid, mid, std::nullopt);
    if (c.timer) set_timer(make_timer(*c.timer, now), TimerReason::set);
    events.push_back(ev::PlacementChanged{});
    return ok_status();
  }

  Status operator()(const cmd::SetLateJoinPolicy& c, const Actor& a) {
    if (auto st = check_alter_connected_meetings(a, "setting the late-joiner policy"); !st) return st;
    if (c.policy == LateJoinPolicy::unknown) return invalid("late_joiners must be parent, planned or smallest");
    if (s.placement.late_joiners == c.policy)
      return conflict("the late-joiner policy is already " + std::string(to_string(c.policy)));
    s.placement.late_joiners = c.policy;
    events.push_back(ev::PlacementChanged{});
    return ok_status();
  }

  // Requests whose participant is no longer in the room it asked from (moved, removed, the room
  // closed) are dropped.
  void drop_stale_help() {
    const auto before = s.help.size();
    std::erase_if(s.help, [&](const HelpRequest& h) {
      const Meeting* m = s.meeting_of(h.participant_id);
      return !m || m->id != h.meeting_id;
    });
    if (s.help.size() != before) help_changed = true;
  }

  bool help_changed = false;

  void set_timer(std::optional<BreakoutTimer> t, TimerReason reason) {
    s.timer = t;
    events.push_back(ev::TimerChanged{t, reason});
  }
};

}  // namespace

std::string_view command_name(const Command& c) noexcept {
  static constexpr std::string_view names[] = {
      "add_participant", "remove_participant",  "update_participant", "create_meetings",
      "update_meetings", "delete_meetings",     "move_participants",  "move_participants_with_custom_preset",
      "start_breakout",  "close_breakout",      "set_breakout_timer", "extend_breakout_timer",
      "breakout_tick",   "request_help",        "cancel_help",        "set_self_selection",
      "start_plan",      "set_late_join_policy"};
  static_assert(std::size(names) == std::variant_size_v<Command>);
  return names[c.index()];
}

GroupState make_group(std::string parent_id, std::string parent_title) {
  GroupState s;
  s.parent.id = std::move(parent_id);
  s.parent.title = std::move(parent_title);
  return s;
}

std::optional<std::int64_t> next_tick_ms(const GroupState& state) {
  if (!state.timer) return std::nullopt;
  return next_due_ms(*state.timer);
}

Result<Applied> apply(const GroupState& state, const Command& command, const Actor& actor, std::int64_t now_ms,
                      const Limits& limits) {
  Tx tx{state, {}, limits, now_ms, &actor};
  Status st = std::visit([&](const auto& c) { return tx(c, actor); }, command);
  if (!st) return st.error();
  // The rooms are gone (closed, deleted one by one): so is their timer.
  if (tx.s.meetings.empty() && tx.s.timer) tx.set_timer(std::nullopt, TimerReason::cleared);
  // ... and so is the running plan (the policy stays).
  if (tx.s.meetings.empty() && (!tx.s.placement.plan_id.empty() || !tx.s.placement.seats.empty())) {
    tx.s.placement.plan_id.clear();
    tx.s.placement.seats.clear();
    tx.events.push_back(ev::PlacementChanged{});
  }
  tx.drop_stale_help();
  if (tx.help_changed) tx.events.push_back(ev::HelpChanged{});
  tx.s.version = state.version + 1;
  return Applied{std::move(tx.s), std::move(tx.events)};
}

}  // namespace rtk
