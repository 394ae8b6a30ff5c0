#include "rtk/group_view.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "field_reader.hpp"

namespace rtk {

std::string_view to_string(GroupScope s) noexcept {
  switch (s) {
    case GroupScope::summary: return "summary";
    case GroupScope::roster: return "roster";
    case GroupScope::full: return "full";
    case GroupScope::unknown: break;
  }
  return "unknown";
}

GroupScope group_scope_from_string(std::string_view s) noexcept {
  if (s == "summary") return GroupScope::summary;
  if (s == "roster") return GroupScope::roster;
  if (s == "full") return GroupScope::full;
  return GroupScope::unknown;
}

GroupScope scope_for(const Permissions& p) noexcept {
  const auto& cm = p.connected_meetings;
  if (cm.can_alter_connected_meetings) return GroupScope::full;
  if (cm.can_switch_connected_meetings || cm.can_switch_to_parent_meeting) return GroupScope::roster;
  return GroupScope::summary;
}

// ---------------------------------------------------------------------------------------------
// durable deltas

namespace {

void upsert_meeting(GroupDelta& d, const std::string& id) {
  if (std::find(d.meetings_upserted.begin(), d.meetings_upserted.end(), id) == d.meetings_upserted.end())
    d.meetings_upserted.push_back(id);
}

void upsert_member(GroupDelta& d, const std::string& id, bool reposition, bool record) {
  auto& v = d.participants_upserted;
  auto it = std::find_if(v.begin(), v.end(), [&](const GroupDelta::Member& m) { return m.participant_id == id; });
  if (it == v.end()) {
    v.push_back({id, reposition, record});
  } else if (reposition) {
    // Appended again: it now comes after everyone appended before, so it moves to the end.
    const bool had_record = it->record;
    v.erase(it);
    v.push_back({id, true, had_record || record});
  } else {
    it->record = it->record || record;
  }
}

void remove_member(GroupDelta& d, const std::string& id) {
  auto& v = d.participants_upserted;
  v.erase(std::remove_if(v.begin(), v.end(), [&](const GroupDelta::Member& m) { return m.participant_id == id; }),
          v.end());
  if (std::find(d.participants_removed.begin(), d.participants_removed.end(), id) == d.participants_removed.end())
    d.participants_removed.push_back(id);
}

void remove_meeting(GroupDelta& d, const std::string& id) {
  auto& v = d.meetings_upserted;
  v.erase(std::remove(v.begin(), v.end(), id), v.end());
  if (std::find(d.meetings_removed.begin(), d.meetings_removed.end(), id) == d.meetings_removed.end())
    d.meetings_removed.push_back(id);
  d.meetings_touched.erase(id);
}

}  // namespace

GroupDelta delta_of(const std::vector<Event>& events, std::uint64_t from_version) {
  GroupDelta d;
  d.from_version = from_version;
  d.version = from_version + 1;
  for (const auto& e : events) {
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, ev::ParticipantAdded>) {
            upsert_member(d, x.participant.id, true, true);
            d.meetings_touched.insert(x.meeting_id);
          } else if constexpr (std::is_same_v<T, ev::ParticipantRemoved>) {
            remove_member(d, x.participant_id);
            d.meetings_touched.insert(x.meeting_id);
          } else if constexpr (std::is_same_v<T, ev::ParticipantUpdated>) {
            upsert_member(d, x.participant.id, false, true);
          } else if constexpr (std::is_same_v<T, ev::ParticipantMoved>) {
            upsert_member(d, x.participant_id, true, x.record_changed);
            d.meetings_touched.insert(x.from_meeting_id);
            d.meetings_touched.insert(x.to_meeting_id);
          } else if constexpr (std::is_same_v<T, ev::MeetingsCreated> || std::is_same_v<T, ev::MeetingsUpdated>) {
            for (const auto& m : x.meetings) upsert_meeting(d, m.id);
          } else if constexpr (std::is_same_v<T, ev::MeetingsDeleted>) {
            for (const auto& id : x.meeting_ids) remove_meeting(d, id);
          } else if constexpr (std::is_same_v<T, ev::TimerChanged>) {
            d.timer_changed = true;
          } else if constexpr (std::is_same_v<T, ev::HelpChanged>) {
            d.help_changed = true;
          } else if constexpr (std::is_same_v<T, ev::RoundRecorded>) {
            d.rounds_changed = true;
          } else if constexpr (std::is_same_v<T, ev::SelfSelectionChanged>) {
            d.self_selection_changed = true;
          } else if constexpr (std::is_same_v<T, ev::PlacementChanged>) {
            d.placement_changed = true;
          }
        },
        e);
  }
  return d;
}

void merge(GroupDelta& acc, const GroupDelta& next) {
  if (acc.version == 0 && acc.from_version == 0 && acc.empty() && acc.meetings_touched.empty()) {
    acc = next;
    return;
  }
  acc.version = next.version;
  acc.timer_changed = acc.timer_changed || next.timer_changed;
  acc.help_changed = acc.help_changed || next.help_changed;
  acc.rounds_changed = acc.rounds_changed || next.rounds_changed;
  acc.self_selection_changed = acc.self_selection_changed || next.self_selection_changed;
  acc.placement_changed = acc.placement_changed || next.placement_changed;
  for (const auto& id : next.meetings_upserted) upsert_meeting(acc, id);
  for (const auto& m : next.participants_upserted) upsert_member(acc, m.participant_id, m.reposition, m.record);
  for (const auto& id : next.participants_removed) remove_member(acc, id);
  for (const auto& id : next.meetings_touched) acc.meetings_touched.insert(id);
  for (const auto& id : next.meetings_removed) remove_meeting(acc, id);
}

// ---------------------------------------------------------------------------------------------
// views

const MeetingView* GroupView::find_meeting(std::string_view id) const {
  if (parent.id == id) return &parent;
  for (const auto& m : meetings)
    if (m.id == id) return &m;
  return nullptr;
}
MeetingView* GroupView::find_meeting(std::string_view id) {
  return const_cast<MeetingView*>(static_cast<const GroupView*>(this)->find_meeting(id));
}
const MeetingView* GroupView::meeting_of(std::string_view pid) const {
  auto has = [&](const MeetingView& m) {
    return std::any_of(m.participants.begin(), m.participants.end(),
                       [&](const MemberView& p) { return p.participant.id == pid; });
  };
  if (has(parent)) return &parent;
  for (const auto& m : meetings)
    if (has(m)) return &m;
  return nullptr;
}
const MemberView* GroupView::find_member(std::string_view pid) const {
  const MeetingView* m = meeting_of(pid);
  if (!m) return nullptr;
  for (const auto& p : m->participants)
    if (p.participant.id == pid) return &p;
  return nullptr;
}

namespace {

MeetingView meeting_view(const Meeting& m, const PresenceMap& presence, GroupScope scope) {
  MeetingView v{m.id, m.title, m.participants.size(), {}};
  if (scope == GroupScope::summary) return v;
  v.participants.reserve(m.participants.size());
  for (const auto& p : m.participants) {
    MemberView mv{p, std::nullopt};
    if (scope == GroupScope::full) mv.connected = presence_of(presence, p.id).connected;
    v.participants.push_back(std::move(mv));
  }
  return v;
}

}  // namespace

GroupView make_view(const GroupState& s, const PresenceMap& presence, GroupScope scope) {
  GroupView v;
  v.version = s.version;
  v.scope = scope;
  v.parent = meeting_view(s.parent, presence, scope);
  v.self_selection = s.self_selection;
  if (scope == GroupScope::full) v.placement = PlacementView{s.placement.late_joiners, s.placement.plan_id};
  v.meetings.reserve(s.meetings.size());
  for (const auto& m : s.meetings) v.meetings.push_back(meeting_view(m, presence, scope));
  return v;
}

GroupDeltaView view_of(const GroupDelta& d, const GroupState& now, const PresenceMap& presence, GroupScope scope) {
  GroupDeltaView v;
  v.from_version = d.from_version;
  v.version = d.version;
  v.scope = scope;
  v.meetings_removed = d.meetings_removed;
  if (d.self_selection_changed) v.self_selection = now.self_selection;
  if (d.placement_changed && scope == GroupScope::full)
    v.placement = PlacementView{now.placement.late_joiners, now.placement.plan_id};
  for (const auto& id : d.meetings_upserted)
    if (const Meeting* m = now.find_meeting(id)) v.meetings_upserted.push_back(MeetingSpec{m->id, m->title});
  if (scope == GroupScope::summary) {
    for (const auto& id : d.meetings_touched)
      if (const Meeting* m = now.find_meeting(id)) v.counts.push_back(MeetingCount{id, m->participants.size()});
    return v;
  }
  v.participants_removed = d.participants_removed;
  if (d.participants_upserted.empty()) return v;
  // One pass over the state instead of a search per participant.
  std::unordered_map<std::string_view, std::pair<const Meeting*, const Participant*>> where;
  auto index = [&](const Meeting& m) {
    for (const auto& p : m.participants) where.emplace(p.id, std::make_pair(&m, &p));
  };
  index(now.parent);
  for (const auto& m : now.meetings) index(m);
  for (const auto& u : d.participants_upserted) {
    auto it = where.find(u.participant_id);
    if (it == where.end()) continue;
    DeltaMember dm;
    dm.meeting_id = it->second.first->id;
    dm.reposition = u.reposition;
    if (u.record) {
      dm.participant = *it->second.second;
      if (scope == GroupScope::full) dm.connected = presence_of(presence, u.participant_id).connected;
    } else {
      dm.participant.id = u.participant_id;
      dm.moved_only = true;
    }
    v.participants_upserted.push_back(std::move(dm));
  }
  return v;
}

namespace {

void take_member(GroupView& v, const std::string& pid, MemberView* out, MeetingView** from) {
  auto take = [&](MeetingView& m) {
    auto it = std::find_if(m.participants.begin(), m.participants.end(),
                           [&](const MemberView& p) { return p.participant.id == pid; });
    if (it == m.participants.end()) return false;
    if (out) *out = *it;
    if (from) *from = &m;
    m.participants.erase(it);
    return true;
  };
  if (take(v.parent)) return;
  for (auto& m : v.meetings)
    if (take(m)) return;
}

// Every moved_only entry names a participant the view holds (or an earlier entry of the same
// delta adds): otherwise the view cannot apply the move and asks for the state (a gap), before
// anything changed.
bool moved_are_known(const GroupView& view, const GroupDeltaView& d) {
  if (std::none_of(d.participants_upserted.begin(), d.participants_upserted.end(),
                   [](const DeltaMember& u) { return u.moved_only; }))
    return true;
  std::unordered_set<std::string_view> known;
  auto add = [&](const MeetingView& m) {
    for (const auto& p : m.participants) known.insert(p.participant.id);
  };
  add(view.parent);
  for (const auto& m : view.meetings) add(m);
  for (const auto& u : d.participants_upserted) {
    if (!u.moved_only)
      known.insert(u.participant.id);
    else if (!known.count(u.participant.id))
      return false;
  }
  return true;
}

}  // namespace

DeltaResult apply_delta(GroupView& view, const GroupDeltaView& d) {
  if (d.scope != view.scope) return DeltaResult::gap;
  if (view.version >= d.version) return DeltaResult::stale;
  if (view.version < d.from_version) return DeltaResult::gap;
  if (view.scope != GroupScope::summary && !moved_are_known(view, d)) return DeltaResult::gap;
  if (d.self_selection) view.self_selection = *d.self_selection;
  if (d.placement) view.placement = *d.placement;
  for (const auto& m : d.meetings_upserted) {
    if (MeetingView* ex = view.find_meeting(m.id))
      ex->title = m.title;
    else
      view.meetings.push_back(MeetingView{m.id, m.title, 0, {}});
  }
  if (view.scope != GroupScope::summary) {
    for (const auto& u : d.participants_upserted) {
      MeetingView* dest = view.find_meeting(u.meeting_id);
      if (!dest) continue;  // not in this group: a malformed delta; ignore the entry
      MeetingView* from = nullptr;
      MemberView cur;
      const MeetingView* was = view.meeting_of(u.participant.id);
      if (u.moved_only) {
        if (was == dest && !u.reposition) continue;
        take_member(view, u.participant.id, &cur, &from);  // known: checked before any change
        dest->participants.push_back(std::move(cur));
        continue;
      }
      MemberView next{u.participant, u.connected};
      if (!next.connected && was) next.connected = view.find_member(u.participant.id)->connected;
      if (was == dest && !u.reposition) {
        for (auto& p : dest->participants)
          if (p.participant.id == u.participant.id) p = next;
        continue;
      }
      take_member(view, u.participant.id, &cur, &from);
      dest->participants.push_back(std::move(next));
    }
    for (const auto& id : d.participants_removed) take_member(view, id, nullptr, nullptr);
  }
  for (const auto& id : d.meetings_removed) {
    view.meetings.erase(
        std::remove_if(view.meetings.begin(), view.meetings.end(), [&](const MeetingView& m) { return m.id == id; }),
        view.meetings.end());
  }
  if (view.scope == GroupScope::summary) {
    for (const auto& c : d.counts)
      if (MeetingView* m = view.find_meeting(c.id)) m->participant_count = c.participant_count;
  } else {
    view.parent.participant_count = view.parent.participants.size();
    for (auto& m : view.meetings) m.participant_count = m.participants.size();
  }
  view.version = d.version;
  return DeltaResult::applied;
}

void apply_presence(GroupView& view, const std::vector<PresenceItem>& items) {
  if (view.scope != GroupScope::full) return;
  auto set = [&](MeetingView& m, const PresenceItem& it) {
    for (auto& p : m.participants)
      if (p.participant.id == it.id) {
        p.connected = it.connected;
        return true;
      }
    return false;
  };
  for (const auto& it : items) {
    if (set(view.parent, it)) continue;
    for (auto& m : view.meetings)
      if (set(m, it)) break;
  }
}

// ---------------------------------------------------------------------------------------------
// codecs

Json to_json(const MemberView& m) {
  Json j = to_json(m.participant);
  if (m.connected) j["connected"] = *m.connected;
  return j;
}

Json to_json(const MeetingView& m, GroupScope scope) {
  Json j{{"id", m.id}, {"title", m.title}, {"participant_count", m.participant_count}};
  if (scope != GroupScope::summary) {
    Json ps = Json::array();
    for (const auto& p : m.participants) ps.push_back(to_json(p));
    j["participants"] = std::move(ps);
  }
  return j;
}

Json to_json(const GroupView& v) {
  Json ms = Json::array();
  for (const auto& m : v.meetings) ms.push_back(to_json(m, v.scope));
  Json j{{"version", v.version},
         {"scope", to_string(v.scope)},
         {"parent_meeting", to_json(v.parent, v.scope)},
         {"meetings", std::move(ms)}};
  if (v.self_selection.enabled) j["self_selection"] = to_json(v.self_selection);
  if (v.placement != PlacementView{}) j["placement"] = to_json(v.placement);
  return j;
}

Json to_json(const PlacementView& p) {
  return Json{{"late_joiners", to_string(p.late_joiners)}, {"plan_id", p.plan_id}};
}

Result<PlacementView> placement_view_from_json(const Json& j) {
  FieldReader r(j, "placement");
  PlacementView p;
  std::string policy;
  r.req("late_joiners", policy);
  r.opt("plan_id", p.plan_id);
  if (!r.ok()) return r.error();
  p.late_joiners = late_join_policy_from_string(policy);
  if (p.late_joiners == LateJoinPolicy::unknown)
    return make_error(ErrorCode::invalid_argument, "placement.late_joiners: unknown policy " + policy);
  return p;
}

namespace {

Result<MemberView> member_from_json(const Json& j) {
  auto p = participant_from_json(j);
  if (!p) return p.error();
  MemberView m{std::move(p).value(), std::nullopt};
  FieldReader r(j, "participant");
  r.opt("connected", m.connected);
  if (!r.ok()) return r.error();
  return m;
}

Result<MeetingView> meeting_view_from_json(const Json& j, const std::string& path) {
  FieldReader r(j, path);
  MeetingView m;
  r.req("id", m.id);
  r.opt("title", m.title);
  r.opt("participant_count", m.participant_count);
  const Json* ps = r.opt_array("participants");
  if (!r.ok()) return r.error();
  if (ps) {
    for (std::size_t i = 0; i < ps->size(); ++i) {
      auto p = member_from_json((*ps)[i]);
      if (!p)
        return make_error(ErrorCode::invalid_argument,
                          path + ".participants[" + std::to_string(i) + "]: " + p.error().message);
      m.participants.push_back(std::move(p).value());
    }
    if (!r.has("participant_count")) m.participant_count = m.participants.size();
  }
  return m;
}

}  // namespace

Result<GroupView> group_view_from_json(const Json& j) {
  FieldReader r(j, "state");
  GroupView v;
  std::string scope = "full";
  r.opt("version", v.version);
  r.opt("scope", scope);
  const Json* parent = r.req_object("parent_meeting");
  const Json* ms = r.opt_array("meetings");
  const Json* sel = r.opt_object("self_selection");
  const Json* placement = r.opt_object("placement");
  if (!r.ok()) return r.error();
  if (sel) {
    auto x = self_selection_from_json(*sel);
    if (!x) return x.error();
    v.self_selection = *x;
  }
  if (placement) {
    auto x = placement_view_from_json(*placement);
    if (!x) return x.error();
    v.placement = *x;
  }
  v.scope = group_scope_from_string(scope);
  if (v.scope == GroupScope::unknown) return make_error(ErrorCode::invalid_argument, "state.scope: unknown scope");
  auto pm = meeting_view_from_json(*parent, "state.parent_meeting");
  if (!pm) return pm.error();
  v.parent = std::move(pm).value();
  if (ms)
    for (std::size_t i = 0; i < ms->size(); ++i) {
      auto m = meeting_view_from_json((*ms)[i], "state.meetings[" + std::to_string(i) + "]");
      if (!m) return m.error();
      v.meetings.push_back(std::move(m).value());
    }
  return v;
}

Json to_json(const GroupDeltaView& d) {
  Json ups = Json::array();
  for (const auto& m : d.meetings_upserted) ups.push_back(Json{{"id", m.id}, {"title", m.title}});
  Json j{{"from_version", d.from_version},
         {"version", d.version},
         {"scope", to_string(d.scope)},
         {"meetings_upserted", std::move(ups)},
         {"meetings_removed", d.meetings_removed}};
  if (d.self_selection) j["self_selection"] = to_json(*d.self_selection);
  if (d.placement) j["placement"] = to_json(*d.placement);
  if (d.scope == GroupScope::summary) {
    Json counts = Json::array();
    for (const auto& c : d.counts) counts.push_back(Json{{"id", c.id}, {"participant_count", c.participant_count}});
    j["counts"] = std::move(counts);
  } else {
    Json ps = Json::array();
    for (const auto& u : d.participants_upserted) ps.push_back(to_json(u));
    j["participants_upserted"] = std::move(ps);
    j["participants_removed"] = d.participants_removed;
  }
  return j;
}

Json to_json(const DeltaMember& u) {
  Json e{{"meeting_id", u.meeting_id}};
  if (u.moved_only) {
    e["id"] = u.participant.id;
  } else {
    Json p = to_json(u.participant);
    if (u.connected) p["connected"] = *u.connected;
    e["participant"] = std::move(p);
  }
  if (u.reposition) e["reposition"] = true;
  return e;
}

Result<GroupDeltaView> group_delta_from_json(const Json& j) {
  FieldReader r(j, "delta");
  GroupDeltaView d;
  std::string scope;
  r.req("from_version", d.from_version);
  r.req("version", d.version);
  r.req("scope", scope);
  const Json* ups = r.opt_array("meetings_upserted");
  r.opt("meetings_removed", d.meetings_removed);
  const Json* ps = r.opt_array("participants_upserted");
  r.opt("participants_removed", d.participants_removed);
  const Json* counts = r.opt_array("counts");
  const Json* sel = r.opt_object("self_selection");
  const Json* placement = r.opt_object("placement");
  if (!r.ok()) return r.error();
  if (sel) {
    auto x = self_selection_from_json(*sel);
    if (!x) return x.error();
    d.self_selection = *x;
  }
  if (placement) {
    auto x = placement_view_from_json(*placement);
    if (!x) return x.error();
    d.placement = *x;
  }
  d.scope = group_scope_from_string(scope);
  if (d.scope == GroupScope::unknown) return make_error(ErrorCode::invalid_argument, "delta.scope: unknown scope");
  if (d.version <= d.from_version)
    return make_error(ErrorCode::invalid_argument, "delta.version: must be greater than from_version");
  if (ups)
    for (std::size_t i = 0; i < ups->size(); ++i) {
      FieldReader m((*ups)[i], "delta.meetings_upserted[" + std::to_string(i) + "]");
      MeetingSpec s;
      m.req("id", s.id);
      m.opt("title", s.title);
      if (!m.ok()) return m.error();
      d.meetings_upserted.push_back(std::move(s));
    }
  if (ps)
    for (std::size_t i = 0; i < ps->size(); ++i) {
      const std::string path = "delta.participants_upserted[" + std::to_string(i) + "]";
      FieldReader m((*ps)[i], path);
      DeltaMember dm;
      m.req("meeting_id", dm.meeting_id);
      m.opt("reposition", dm.reposition);
      if (!(*ps)[i].contains("participant") && (*ps)[i].contains("id")) {  // a move of a known participant
        m.req("id", dm.participant.id);
        if (!m.ok()) return m.error();
        if (dm.participant.id.empty()) return make_error(ErrorCode::invalid_argument, path + ".id: must not be empty");
        dm.moved_only = true;
        d.participants_upserted.push_back(std::move(dm));
        continue;
      }
      const Json* pj = m.req_object("participant");
      if (!m.ok()) return m.error();
      auto mv = member_from_json(*pj);
      if (!mv) return make_error(ErrorCode::invalid_argument, path + ".participant: " + mv.error().message);
      dm.participant = std::move(mv->participant);
      dm.connected = mv->connected;
      d.participants_upserted.push_back(std::move(dm));
    }
  if (counts)
    for (std::size_t i = 0; i < counts->size(); ++i) {
      FieldReader m((*counts)[i], "delta.counts[" + std::to_string(i) + "]");
      MeetingCount c;
      m.req("id", c.id);
      m.req("participant_count", c.participant_count);
      if (!m.ok()) return m.error();
      d.counts.push_back(std::move(c));
    }
  return d;
}

}  // namespace rtk
