// Presence: who is connected right now and with which media on. Not durable group state: it
// is not stored, does not raise the group version and is reset when the server starts. The
// rules (a participant acts for itself; media only as its preset allows) live here, pure,
// beside the durable reducer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "rtk/errors.hpp"
#include "rtk/meeting.hpp"
#include "rtk/permissions.hpp"

namespace rtk {

struct Presence {
  bool connected = false;
  bool audio_enabled = false;
  bool video_enabled = false;
  std::uint32_t session = 0;  // rises with every join: a new connection of the same participant
  friend bool operator==(const Presence&, const Presence&) = default;
};

// By participant id; a participant without an entry has never connected since the start.
using PresenceMap = std::unordered_map<std::string, Presence>;

const Presence& presence_of(const PresenceMap& m, std::string_view participant_id);

namespace pcmd {
struct Join {
  std::string participant_id;
};
struct Leave {
  std::string participant_id;
};
struct SetMedia {
  std::string participant_id;
  std::optional<bool> audio_enabled;
  std::optional<bool> video_enabled;
};
}  // namespace pcmd

using PresenceCommand = std::variant<pcmd::Join, pcmd::Leave, pcmd::SetMedia>;

// One applied presence command: the participant, its meeting, before and after.
struct PresenceChange {
  enum class Kind { joined, left, media };
  Kind kind = Kind::joined;
  std::string participant_id;
  std::string meeting_id;
  Presence before;
  Presence after;
};

// Checks and computes a presence change (the caller stores `after`). Join of a connected
// participant is a reconnect (a new session, media reset until the client reports it); leave
// of a participant that is not connected is `conflict`; media needs a connected participant
// and the preset's permission to produce it.
// `max_room` is the mesh room cap (0: none): joining a meeting that already has that many
// connected participants is limit_exceeded (a reconnect of a connected participant is not).
Result<PresenceChange> apply_presence(const GroupState& state, const PresenceMap& presence,
                                      const PresenceCommand& command, const Actor& actor, std::size_t max_room = 0);

// What a preset may produce at all: every kind but NOT_ALLOWED (CAN_REQUEST counts, the host
// may allow it). SetMedia, the SFU's publish (server) and getUserMedia (client) all ask this.
struct ProduceRights {
  bool audio = true;
  bool video = true;
};
ProduceRights produce_rights(const MediaPermissions& m);

// Connected participants assigned to `meeting_id` in `state`.
std::size_t connected_in(const GroupState& state, const PresenceMap& presence, std::string_view meeting_id);

// The mesh room cap for durable commands (moves, start, close, delete): after `after`, no
// meeting whose connected count grew from `before` may hold more than `max_room` connected
// participants (0: no cap). limit_exceeded names the meeting and the SFU mode.
Status check_room_cap(const GroupState& before, const GroupState& after, const PresenceMap& presence,
                      std::size_t max_room);
std::string room_cap_message(std::size_t max_room);

}  // namespace rtk
