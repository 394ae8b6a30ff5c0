// RealtimeKit preset JSON (reference section B): snake_case on the wire. The typed fields
// below are the ones OpenRTK enforces; every other field (config, ui, plugins, ...) is kept
// untouched in `raw` so a preset round-trips byte for byte in meaning.
#pragma once

#include <string>
#include <vector>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

enum class ProduceAccess { unknown = 0, allowed, not_allowed, can_request };
std::string_view to_string(ProduceAccess a) noexcept;

struct ConnectedMeetingsPermissions {
  bool can_alter_connected_meetings = false;
  bool can_switch_connected_meetings = false;
  bool can_switch_to_parent_meeting = false;
  friend bool operator==(const ConnectedMeetingsPermissions&, const ConnectedMeetingsPermissions&) = default;
};

struct ChatPermissions {
  bool public_can_send = true;
  bool public_text = true;
  bool public_files = false;
  bool private_can_send = false;
  bool private_can_receive = false;
  bool private_text = false;
  bool private_files = false;
  friend bool operator==(const ChatPermissions&, const ChatPermissions&) = default;
};

struct PollsPermissions {
  bool can_create = false;
  bool can_vote = true;
  bool can_view = true;
  friend bool operator==(const PollsPermissions&, const PollsPermissions&) = default;
};

struct MediaPermissions {
  ProduceAccess audio = ProduceAccess::allowed;
  ProduceAccess video = ProduceAccess::allowed;
  ProduceAccess screenshare = ProduceAccess::not_allowed;
  friend bool operator==(const MediaPermissions&, const MediaPermissions&) = default;
};

struct Permissions {
  ConnectedMeetingsPermissions connected_meetings;
  ChatPermissions chat;
  PollsPermissions polls;
  MediaPermissions media;
  bool can_edit_display_name = true;
  bool show_participant_list = true;
  bool kick_participant = false;
  bool pin_participant = false;
  bool disable_participant_audio = false;
  bool disable_participant_video = false;
  bool can_record = false;
  bool hidden_participant = false;
  friend bool operator==(const Permissions&, const Permissions&) = default;
};

// Full access to everything; what the REST API key acts with.
Permissions full_access_permissions();

struct Preset {
  std::string id;    // server-made; empty for a preset not yet stored
  std::string name;  // unique per server, 1..256 bytes
  Permissions permissions;
  Json raw = Json::object();  // the whole preset as received, unknown fields included
};

inline constexpr std::size_t kMaxPresetNameBytes = 256;

// Decodes a preset. Wrong types give invalid_argument naming the field path, e.g.
// "permissions.connected_meetings.can_alter_connected_meetings: expected boolean".
Result<Preset> preset_from_json(const Json& j);
// Applies a partial preset (PATCH) on top of an existing one; same validation.
Result<Preset> preset_patch(const Preset& base, const Json& patch);
// Encodes: raw with every typed field written back, plus id and name.
Json preset_to_json(const Preset& p);
// camelCase view used by the JS SDK (`meeting.self.permissions`).
Json permissions_to_camel_json(const Permissions& p);
Json permissions_to_json(const Permissions& p);

inline constexpr std::string_view kHostPresetName = "group_call_host";
inline constexpr std::string_view kParticipantPresetName = "group_call_participant";

Preset default_host_preset();
Preset default_participant_preset();
std::vector<Preset> default_presets();

}  // namespace rtk
