// Self-selection: the host lets participants choose their breakout room, optionally with a
// room capacity. Durable group setting (GroupState::self_selection), set by a participant with
// can_alter_connected_meetings (cmd::SetSelfSelection). While on, a participant may move
// itself (only itself) into a breakout room even without can_switch_connected_meetings
// (check_move); a self-move into a room at capacity is refused with limit_exceeded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "rtk/errors.hpp"
#include "rtk/json.hpp"

namespace rtk {

struct SelfSelection {
  bool enabled = false;
  std::uint32_t capacity = 0;  // participants per breakout room for self-moves; 0: no limit
  friend bool operator==(const SelfSelection&, const SelfSelection&) = default;
};

// The largest capacity a host may set.
inline constexpr std::uint32_t kMaxRoomCapacity = 1000;

// True when a self-move into a breakout room with `count` participants is refused as full.
bool room_full(const SelfSelection& s, std::size_t count) noexcept;
// limit_exceeded "Room 'T' is full (5 of 5)" when full, ok otherwise.
Status check_room_capacity(const SelfSelection& s, std::string_view room_title, std::size_t count);

Json to_json(const SelfSelection& s);  // {enabled, capacity?}
Result<SelfSelection> self_selection_from_json(const Json& j);

}  // namespace rtk
