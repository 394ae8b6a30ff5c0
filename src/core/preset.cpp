#include "rtk/preset.hpp"

#include <array>

namespace rtk {
namespace {

constexpr std::array<std::pair<ProduceAccess, std::string_view>, 4> kAccess{{
    {ProduceAccess::unknown, "UNKNOWN"},
    {ProduceAccess::allowed, "ALLOWED"},
    {ProduceAccess::not_allowed, "NOT_ALLOWED"},
    {ProduceAccess::can_request, "CAN_REQUEST"},
}};

// One table of every typed field: its JSON path under "permissions" and its member.
// Decoding, patching and encoding all walk this one list.
template <class P, class F>
void visit_permission_fields(P& p, F&& f) {
  f("connected_meetings/can_alter_connected_meetings", p.connected_meetings.can_alter_connected_meetings);
  f("connected_meetings/can_switch_connected_meetings", p.connected_meetings.can_switch_connected_meetings);
  f("connected_meetings/can_switch_to_parent_meeting", p.connected_meetings.can_switch_to_parent_meeting);
  f("chat/public/can_send", p.chat.public_can_send);
  f("chat/public/text", p.chat.public_text);
  f("chat/public/files", p.chat.public_files);
  f("chat/private/can_send", p.chat.private_can_send);
  f("chat/private/can_receive", p.chat.private_can_receive);
  f("chat/private/text", p.chat.private_text);
  f("chat/private/files", p.chat.private_files);
  f("polls/can_create", p.polls.can_create);
  f("polls/can_vote", p.polls.can_vote);
  f("polls/can_view", p.polls.can_view);
  f("media/audio/can_produce", p.media.audio);
  f("media/video/can_produce", p.media.video);
  f("media/screenshare/can_produce", p.media.screenshare);
  f("can_edit_display_name", p.can_edit_display_name);
  f("show_participant_list", p.show_participant_list);
  f("kick_participant", p.kick_participant);
  f("pin_participant", p.pin_participant);
  f("disable_participant_audio", p.disable_participant_audio);
  f("disable_participant_video", p.disable_participant_video);
  f("can_record", p.can_record);
  f("hidden_participant", p.hidden_participant);
}

std::string dotted(std::string_view slash_path) {
  std::string s = "permissions.";
  for (char c : slash_path) s.push_back(c == '/' ? '.' : c);
  return s;
}

std::string camel(std::string_view snake) {
  std::string out;
  bool up = false;
  for (char c : snake) {
    if (c == '_') {
      up = true;
    } else {
      out.push_back(up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
      up = false;
    }
  }
  return out;
}

// Reads typed fields present in `j` (a preset or a patch) into `perm`.
Status read_permissions(const Json& j, Permissions& perm) {
  if (!j.contains("permissions")) return ok_status();
  const Json& pj = j["permissions"];
  if (!pj.is_object()) return make_error(ErrorCode::invalid_argument, "permissions: expected object");
  Status st = ok_status();
  visit_permission_fields(perm, [&](std::string_view path, auto& member) {
    if (!st.ok()) return;
    // Every intermediate node must be an object; a wrong type there is named too.
    const Json* node = &pj;
    std::size_t start = 0;
    std::string walked;
    while (true) {
      const std::size_t slash = path.find('/', start);
      const std::string key(
          path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      walked += walked.empty() ? key : "/" + key;
      if (!node->is_object()) return;
      auto it = node->find(key);
      if (it == node->end()) return;
      node = &*it;
      if (slash == std::string_view::npos) break;
      if (!node->is_object()) {
        st = make_error(ErrorCode::invalid_argument, dotted(walked) + ": expected object");
        return;
      }
      start = slash + 1;
    }
    using M = std::decay_t<decltype(member)>;
    if constexpr (std::is_same_v<M, bool>) {
      if (!node->is_boolean()) {
        st = make_error(ErrorCode::invalid_argument, dotted(path) + ": expected boolean");
        return;
      }
      member = node->get<bool>();
    } else {
      if (!node->is_string()) {
        st = make_error(ErrorCode::invalid_argument, dotted(path) + ": expected string");
        return;
      }
      const auto s = node->get<std::string>();
      for (const auto& [v, name] : kAccess) {
        if (name == s && v != ProduceAccess::unknown) {
          member = v;
          return;
        }
      }
      st =
          make_error(ErrorCode::invalid_argument, dotted(path) + ": expected one of ALLOWED, NOT_ALLOWED, CAN_REQUEST");
    }
  });
  return st;
}

void write_permissions(Json& root, const Permissions& perm) {
  Permissions copy = perm;
  visit_permission_fields(copy, [&](std::string_view path, auto& member) {
    Json::json_pointer ptr("/" + std::string(path));
    using M = std::decay_t<decltype(member)>;
    if constexpr (std::is_same_v<M, bool>) {
      root[ptr] = member;
    } else {
      root[ptr] = std::string(to_string(member));
    }
  });
}

Result<Preset> validate_and_fill(Preset p, const Json& j) {
  if (!j.is_object()) return make_error(ErrorCode::invalid_argument, "preset: expected object");
  if (j.contains("name")) {
    if (!j["name"].is_string()) return make_error(ErrorCode::invalid_argument, "name: expected string");
    p.name = j["name"].get<std::string>();
  }
  if (auto st = validate_text("name", p.name, kMaxPresetNameBytes); !st) return st.error();
  for (const char* block : {"config", "ui"}) {
    if (j.contains(block) && !j[block].is_object() && !j[block].is_null())
      return make_error(ErrorCode::invalid_argument, std::string(block) + ": expected object");
  }
  if (auto st = read_permissions(j, p.permissions); !st) return st.error();
  return p;
}

}  // namespace

std::string_view to_string(ProduceAccess a) noexcept {
  for (const auto& [v, name] : kAccess)
    if (v == a) return name;
  return "UNKNOWN";
}

Permissions full_access_permissions() {
  Permissions p;
  p.connected_meetings = {true, true, true};
  p.chat = {true, true, true, true, true, true, true};
  p.polls = {true, true, true};
  p.media = {ProduceAccess::allowed, ProduceAccess::allowed, ProduceAccess::allowed};
  p.can_edit_display_name = true;
  p.show_participant_list = true;
  p.kick_participant = true;
  p.pin_participant = true;
  p.disable_participant_audio = true;
  p.disable_participant_video = true;
  p.can_record = true;
  p.hidden_participant = false;
  return p;
}

Result<Preset> preset_from_json(const Json& j) {
  Preset p;
  auto r = validate_and_fill(p, j);
  if (!r) return r;
  r->raw = j;
  r->raw.erase("id");
  return r;
}

Result<Preset> preset_patch(const Preset& base, const Json& patch) {
  auto r = validate_and_fill(base, patch);
  if (!r) return r;
  Json merged = preset_to_json(base);
  merged.merge_patch(patch);
  merged.erase("id");
  r->raw = std::move(merged);
  return r;
}

Json preset_to_json(const Preset& p) {
  Json j = p.raw.is_object() ? p.raw : Json::object();
  if (!p.id.empty()) j["id"] = p.id;
  j["name"] = p.name;
  if (!j.contains("permissions") || !j["permissions"].is_object()) j["permissions"] = Json::object();
  write_permissions(j["permissions"], p.permissions);
  return j;
}

Json permissions_to_json(const Permissions& p) {
  Json j = Json::object();
  write_permissions(j, p);
  return j;
}

Json permissions_to_camel_json(const Permissions& p) {
  Json out = Json::object();
  Permissions copy = p;
  visit_permission_fields(copy, [&](std::string_view path, auto& member) {
    std::string ptr;
    std::size_t start = 0;
    while (true) {
      const std::size_t slash = path.find('/', start);
      ptr += "/" + camel(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    using M = std::decay_t<decltype(member)>;
    if constexpr (std::is_same_v<M, bool>) {
      out[Json::json_pointer(ptr)] = member;
    } else {
      out[Json::json_pointer(ptr)] = std::string(to_string(member));
    }
  });
  return out;
}

namespace {
Preset make_default(std::string_view name, const Permissions& perm) {
  Preset p;
  p.name = std::string(name);
  p.permissions = perm;
  p.raw = Json{{"name", p.name},
               {"config",
                {{"view_type", "GROUP_CALL"},
                 {"max_screenshare_count", 1},
                 {"max_video_streams", {{"desktop", 9}, {"mobile", 4}}},
                 {"media",
                  {{"video", {{"quality", "vga"}, {"frame_rate", 30}, {"simulcast", false}}},
                   {"screenshare", {{"quality", "hd"}, {"frame_rate", 5}}},
                   {"audio", {{"enable_stereo", false}, {"enable_high_bitrate", false}}}}}}},
               {"ui", {{"design_tokens", {{"theme", "dark"}, {"border_radius", "rounded"}}}}}};
  p.raw = preset_to_json(p);
  return p;
}
}  // namespace

Preset default_host_preset() { return make_default(kHostPresetName, full_access_permissions()); }

Preset default_participant_preset() {
  Permissions perm;
  perm.connected_meetings = {false, true, true};
  perm.chat.public_can_send = true;
  perm.chat.public_text = true;
  perm.polls = {false, true, true};
  return make_default(kParticipantPresetName, perm);
}

std::vector<Preset> default_presets() { return {default_host_preset(), default_participant_preset()}; }

}  // namespace rtk
