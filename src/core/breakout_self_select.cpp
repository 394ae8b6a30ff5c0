#include "rtk/breakout_self_select.hpp"

#include "field_reader.hpp"

namespace rtk {

bool room_full(const SelfSelection& s, std::size_t count) noexcept {
  return s.enabled && s.capacity > 0 && count >= s.capacity;
}

Status check_room_capacity(const SelfSelection& s, std::string_view room_title, std::size_t count) {
  if (!room_full(s, count)) return ok_status();
  return make_error(ErrorCode::limit_exceeded, "Room '" + std::string(room_title) + "' is full (" +
                                                   std::to_string(count) + " of " + std::to_string(s.capacity) + ")");
}

Json to_json(const SelfSelection& s) {
  Json j{{"enabled", s.enabled}};
  if (s.capacity) j["capacity"] = s.capacity;
  return j;
}

Result<SelfSelection> self_selection_from_json(const Json& j) {
  FieldReader r(j, "self_selection");
  SelfSelection s;
  r.req("enabled", s.enabled);
  r.opt("capacity", s.capacity);
  if (!r.ok()) return r.error();
  return s;
}

}  // namespace rtk
