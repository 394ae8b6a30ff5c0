#include "registry.hpp"

#include "util.hpp"

namespace rtk::server {

const PresetRecord* Registry::preset_by_name(std::string_view name) const {
  for (const auto& [id, p] : presets)
    if (p.preset.name == name) return &p;
  return nullptr;
}

const PresetRecord* Registry::preset_by_id_or_name(std::string_view key) const {
  if (auto it = presets.find(std::string(key)); it != presets.end()) return &it->second;
  return preset_by_name(key);
}

bool Registry::preset_in_use(std::string_view name) const {
  for (const auto& [gid, g] : groups) {
    auto in = [&](const Meeting& m) {
      for (const auto& p : m.participants)
        if (p.preset_name == name) return true;
      return false;
    };
    if (in(g.state.parent)) return true;
    for (const auto& m : g.state.meetings)
      if (in(m)) return true;
  }
  return false;
}

GroupData* Registry::group(std::string_view id) {
  auto it = groups.find(std::string(id));
  return it == groups.end() ? nullptr : &it->second;
}
const GroupData* Registry::group(std::string_view id) const {
  auto it = groups.find(std::string(id));
  return it == groups.end() ? nullptr : &it->second;
}

Permissions Registry::permissions_of(const GroupState& state, std::string_view pid) const {
  const Participant* p = state.find_participant(pid);
  if (!p) return Permissions{};
  return permissions_of(*p);
}

Permissions Registry::permissions_of(const Participant& p) const {
  const PresetRecord* pr = preset_by_name(p.preset_name);
  if (!pr) {
    Permissions none;
    none.connected_meetings = {};
    none.chat = {false, false, false, false, false, false, false};
    none.polls = {false, false, false};
    return none;
  }
  return pr->preset.permissions;
}

Json Registry::preset_json(std::string_view name) const {
  const PresetRecord* pr = preset_by_name(name);
  return pr ? preset_to_json(pr->preset) : Json::object();
}

Json meeting_json(const MeetingRecord& m) {
  Json j = m.options.is_object() ? m.options : Json::object();
  j["id"] = m.id;
  j["title"] = m.title.empty() ? Json(nullptr) : Json(m.title);
  j["status"] = m.active ? "ACTIVE" : "INACTIVE";
  j["created_at"] = iso_time(m.created_ms);
  j["updated_at"] = iso_time(m.updated_ms);
  return j;
}

Json participant_json(const ParticipantRecord& r, const Participant& p) {
  return Json{{"id", r.id},
              {"meeting_id", r.meeting_id},
              {"custom_participant_id", p.custom_participant_id},
              {"preset_name", p.preset_name},
              {"name", p.name},
              {"picture", r.picture},
              {"created_at", iso_time(r.created_ms)},
              {"updated_at", iso_time(r.updated_ms)}};
}

Json preset_full_json(const PresetRecord& p) {
  Json j = preset_to_json(p.preset);
  j["created_at"] = iso_time(p.created_ms);
  j["updated_at"] = iso_time(p.updated_ms);
  return j;
}

Json preset_summary_json(const PresetRecord& p) {
  return Json{{"id", p.preset.id},
              {"name", p.preset.name},
              {"created_at", iso_time(p.created_ms)},
              {"updated_at", iso_time(p.updated_ms)}};
}

}  // namespace rtk::server
