// Codecs of the recording messages (rtk/recording.hpp); the types are declared in
// rtk/protocol.hpp and listed in all_messages() with the rest.
#include <array>

#include "field_reader.hpp"
#include "rtk/protocol.hpp"

namespace rtk::proto {
namespace {
constexpr std::array<std::string_view, 6> kStates{"unknown", "IDLE", "STARTING", "RECORDING", "PAUSED", "STOPPING"};
Error err(std::string m) { return make_error(ErrorCode::invalid_argument, std::move(m)); }
}  // namespace

std::string_view to_string(RecordingState s) noexcept {
  const auto i = static_cast<std::size_t>(s);
  return i < kStates.size() ? kStates[i] : kStates[0];
}

RecordingState recording_state_from_string(std::string_view s) noexcept {
  for (std::size_t i = 0; i < kStates.size(); ++i)
    if (kStates[i] == s) return static_cast<RecordingState>(i);
  return RecordingState::unknown;
}

Status from_json(const Json& j, RecordingUpdate& out) {
  FieldReader r(j, "data");
  std::string state;
  r.req("meeting_id", out.meeting_id);
  r.req("state", state);
  const Json* list = r.opt_array("recordings");
  if (!r.ok()) return r.error();
  out.state = recording_state_from_string(state);
  if (out.state == RecordingState::unknown)
    return err("data.state: expected IDLE, STARTING, RECORDING, PAUSED or STOPPING, not " + state);
  if (!list) return ok_status();
  for (std::size_t i = 0; i < list->size(); ++i) {
    FieldReader x((*list)[i], "data.recordings[" + std::to_string(i) + "]");
    RecordingItem item;
    x.req("id", item.id);
    x.req("status", item.status);
    x.opt("type", item.type);
    if (!x.ok()) return x.error();
    out.recordings.push_back(std::move(item));
  }
  return ok_status();
}

Json to_json(const RecordingUpdate& m) {
  Json list = Json::array();
  for (const auto& x : m.recordings) list.push_back(Json{{"id", x.id}, {"status", x.status}, {"type", x.type}});
  return Json{{"meeting_id", m.meeting_id}, {"state", to_string(m.state)}, {"recordings", std::move(list)}};
}

Status from_json(const Json& j, RecordingRequest& out) {
  FieldReader r(j, "data");
  r.opt("recording_id", out.recording_id);
  if (!r.ok()) return r.error();
  if (out.recording_id && out.recording_id->empty()) return err("data.recording_id: must not be empty");
  return ok_status();
}

Json to_json(const RecordingRequest& m) {
  Json j = Json::object();
  if (m.recording_id) j["recording_id"] = *m.recording_id;
  return j;
}

}  // namespace rtk::proto
