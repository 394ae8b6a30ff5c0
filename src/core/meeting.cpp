#include "rtk/meeting.hpp"

#include <set>

#include "field_reader.hpp"

namespace rtk {

const Meeting* GroupState::find_meeting(std::string_view id) const {
  if (parent.id == id) return &parent;
  for (const auto& m : meetings)
    if (m.id == id) return &m;
  return nullptr;
}

Meeting* GroupState::find_meeting(std::string_view id) {
  return const_cast<Meeting*>(static_cast<const GroupState*>(this)->find_meeting(id));
}

const Meeting* GroupState::meeting_of(std::string_view participant_id) const {
  auto has = [&](const Meeting& m) {
    for (const auto& p : m.participants)
      if (p.id == participant_id) return true;
    return false;
  };
  if (has(parent)) return &parent;
  for (const auto& m : meetings)
    if (has(m)) return &m;
  return nullptr;
}

const Participant* GroupState::find_participant(std::string_view participant_id) const {
  const Meeting* m = meeting_of(participant_id);
  if (!m) return nullptr;
  for (const auto& p : m->participants)
    if (p.id == participant_id) return &p;
  return nullptr;
}

std::size_t GroupState::participant_count() const {
  std::size_t n = parent.participants.size();
  for (const auto& m : meetings) n += m.participants.size();
  return n;
}

Json to_json(const Participant& p) {
  return Json{{"id", p.id},
              {"custom_participant_id", p.custom_participant_id},
              {"preset_name", p.preset_name},
              {"display_name", p.name}};
}

Json to_json(const Meeting& m) {
  Json ps = Json::array();
  for (const auto& p : m.participants) ps.push_back(to_json(p));
  return Json{{"id", m.id}, {"title", m.title}, {"participants", std::move(ps)}};
}

Json to_json(const GroupState& s) {
  Json ms = Json::array();
  for (const auto& m : s.meetings) ms.push_back(to_json(m));
  Json j{{"version", s.version}, {"parent_meeting", to_json(s.parent)}, {"meetings", std::move(ms)}};
  if (s.timer) j["timer"] = to_json(*s.timer);
  if (!s.help.empty()) j["help"] = to_json(s.help);
  if (!s.rounds.empty()) j["rounds"] = to_json(s.rounds);
  if (s.self_selection != SelfSelection{}) j["self_selection"] = to_json(s.self_selection);
  if (!s.placement.is_default()) j["placement"] = to_json(s.placement);
  return j;
}

Result<Participant> participant_from_json(const Json& j) {
  FieldReader r(j, "participant");
  Participant p;
  r.req("id", p.id);
  r.opt("custom_participant_id", p.custom_participant_id);
  r.opt("preset_name", p.preset_name);
  r.opt("display_name", p.name);
  if (!r.ok()) return r.error();
  return p;
}

Result<Meeting> meeting_from_json(const Json& j) {
  FieldReader r(j, "meeting");
  Meeting m;
  r.req("id", m.id);
  r.opt("title", m.title);
  const Json* ps = r.opt_array("participants");
  if (!r.ok()) return r.error();
  if (ps) {
    for (std::size_t i = 0; i < ps->size(); ++i) {
      auto p = participant_from_json((*ps)[i]);
      if (!p)
        return make_error(ErrorCode::invalid_argument,
                          "meeting.participants[" + std::to_string(i) + "]." + p.error().message);
      m.participants.push_back(std::move(p).value());
    }
  }
  return m;
}

Result<GroupState> group_state_from_json(const Json& j) {
  FieldReader r(j, "state");
  GroupState s;
  r.opt("version", s.version);
  const Json* parent = r.req_object("parent_meeting");
  const Json* ms = r.opt_array("meetings");
  const Json* timer = r.opt_object("timer");
  const Json* help = r.opt_array("help");
  const Json* rounds = r.opt_array("rounds");
  const Json* self_selection = r.opt_object("self_selection");
  const Json* placement = r.opt_object("placement");
  if (!r.ok()) return r.error();
  if (rounds) {
    auto v = breakout_rounds_from_json(*rounds);
    if (!v) return v.error();
    s.rounds = std::move(v).value();
  }
  if (self_selection) {
    auto v = self_selection_from_json(*self_selection);
    if (!v) return v.error();
    s.self_selection = *v;
  }
  if (placement) {
    auto p = placement_from_json(*placement);
    if (!p) return p.error();
    s.placement = std::move(p).value();
  }
  if (timer) {
    auto t = breakout_timer_from_json(*timer);
    if (!t) return t.error();
    s.timer = *t;
  }
  if (help) {
    auto h = help_requests_from_json(*help);
    if (!h) return h.error();
    s.help = std::move(h).value();
  }
  auto pm = meeting_from_json(*parent);
  if (!pm) return pm.error();
  s.parent = std::move(pm).value();
  if (ms) {
    for (const auto& mj : *ms) {
      auto m = meeting_from_json(mj);
      if (!m) return m.error();
      s.meetings.push_back(std::move(m).value());
    }
  }
  return s;
}

std::optional<std::string> check_invariants(const GroupState& s) {
  std::set<std::string> meeting_ids{s.parent.id};
  std::set<std::string> participant_ids;
  if (s.parent.id.empty()) return "parent meeting has no id";
  auto check_meeting = [&](const Meeting& m) -> std::optional<std::string> {
    for (const auto& p : m.participants) {
      if (p.id.empty()) return "participant without id in meeting " + m.id;
      if (!participant_ids.insert(p.id).second) return "participant " + p.id + " is in more than one place";
    }
    return std::nullopt;
  };
  if (auto e = check_meeting(s.parent)) return e;
  for (const auto& m : s.meetings) {
    if (m.id.empty()) return "connected meeting without id";
    if (!meeting_ids.insert(m.id).second) return "duplicate meeting id " + m.id;
    if (auto e = check_meeting(m)) return e;
  }
  if (s.timer && s.meetings.empty()) return "a breakout timer without connected meetings";
  std::set<std::string> askers;
  for (const auto& h : s.help) {
    const Meeting* m = s.meeting_of(h.participant_id);
    if (!m || m->id != h.meeting_id || s.is_parent(m->id))
      return "help request of " + h.participant_id + " not from its room";
    if (!askers.insert(h.participant_id).second) return "two help requests of " + h.participant_id;
  }
  if (s.placement.late_joiners == LateJoinPolicy::unknown) return "an unknown late-joiner policy";
  if (s.placement.plan_id.empty() != s.placement.seats.empty() && !s.placement.seats.empty())
    return "plan seats without a plan id";
  if (!s.placement.plan_id.empty() && s.meetings.empty()) return "a running plan without connected meetings";
  for (const auto& seat : s.placement.seats)
    if (!s.find_meeting(seat.meeting_id) || s.is_parent(seat.meeting_id))
      return "a plan seat in an unknown room " + seat.meeting_id;
  return std::nullopt;
}

}  // namespace rtk
